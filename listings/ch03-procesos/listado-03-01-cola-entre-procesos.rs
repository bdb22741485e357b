//! Listado 3-1: un proceso productor y uno consumidor unidos por un pipe; el consumidor termina solo cuando se cierra el último extremo de escritura.
//!
//! El programa se vuelve a ejecutar a sí mismo con un papel (`productor` o
//! `consumidor`) como argumento. Cada mensaje es un objeto JSON en una línea.
//!
//! Ejecuta: `cargo run --bin listado-03-01-cola-entre-procesos`
//! En tu proyecto: `cargo add serde --features derive` y `cargo add serde_json`.

extern crate serde; // para mdbook test
extern crate serde_json; // para mdbook test

// ANCHOR: listado
use std::env;
use std::error::Error;
use std::io::{self, BufRead, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// Lo que cruza el pipe: una línea de JSON por mensaje.
#[derive(Serialize, Deserialize)]
struct Item {
    id: u32,
    value: u32,
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.as_slice() {
        [] => parent(),
        [role] if role == "productor" => producer(),
        [role] if role == "consumidor" => consumer(),
        _ => Err(format!("argumentos no válidos: {args:?}").into()),
    }
}

fn producer() -> Result<(), Box<dyn Error>> {
    let mut out = io::stdout().lock();
    for id in 0..10 {
        let value = (id * 37 + 11) % 100 + 1; // «aleatorio», pero repetible
        serde_json::to_writer(&mut out, &Item { id, value })?;
        out.write_all(b"\n")?;
    }
    Ok(()) // al salir se cierra su stdout: es el último extremo de escritura
}

fn consumer() -> Result<(), Box<dyn Error>> {
    let (mut count, mut sum) = (0, 0);
    for (n, line) in io::stdin().lock().lines().enumerate() {
        let item: Item = serde_json::from_str(&line?)
            .map_err(|e| format!("trama mal formada en la línea {}: {e}", n + 1))?;
        println!(
            "Proceso consumidor recibió: {} (id {})",
            item.value, item.id
        );
        (count, sum) = (count + 1, sum + item.value);
    } // `lines()` termina al llegar el fin del flujo (EOF)
    println!("Consumidor terminando: {count} elementos, suma {sum}");
    Ok(())
}

fn parent() -> Result<(), Box<dyn Error>> {
    let exe = env::current_exe()?;
    let (reader, writer) = io::pipe()?;
    let producer = Command::new(&exe).arg("productor").stdout(writer).spawn()?;
    let mut producer = Reaped(producer); // el `Command` ya se soltó, y `writer` con él
    let mut consumer = Reaped(
        Command::new(&exe)
            .arg("consumidor")
            .stdin(reader)
            .stdout(Stdio::piped())
            .spawn()?,
    );
    let lines = consumer
        .0
        .stdout
        .take()
        .ok_or("el consumidor no tiene stdout")?;
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in io::BufReader::new(lines).lines() {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => println!("  {}", line?),
            Err(RecvTimeoutError::Disconnected) => break, // el consumidor cerró su stdout
            Err(RecvTimeoutError::Timeout) => {
                return Err("el consumidor no terminó en 5 s: se detiene".into());
            } // al volver, `Reaped` mata a los dos y los recoge
        }
    }
    let statuses = [
        producer.wait_until(deadline)?,
        consumer.wait_until(deadline)?,
    ];
    println!("Productor: {}; consumidor: {}", statuses[0], statuses[1]);
    Ok(())
}
// ANCHOR_END: listado

// ANCHOR: reaped
/// Un hijo que no se deja suelto: si nadie lo ha esperado, `drop` lo mata y lo recoge.
struct Reaped(Child);

impl Reaped {
    /// Espera a que termine hasta `deadline`; después, como último recurso, lo mata.
    fn wait_until(
        &mut self,
        deadline: Instant,
    ) -> Result<ExitStatus, Box<dyn Error>> {
        while Instant::now() < deadline {
            if let Some(status) = self.0.try_wait()? {
                return Ok(status);
            }
            thread::sleep(Duration::from_millis(5));
        }
        self.0.kill()?;
        self.0.wait()?;
        Err(
            format!("el proceso {} no terminó a tiempo: se detuvo", self.0.id())
                .into(),
        )
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill(); // puede haber terminado entre tanto
            let _ = self.0.wait();
        }
    }
}
// ANCHOR_END: reaped
