//! Listado 3-2: el padre lee tramas JSON de cuatro hijos; una trama truncada o mal formada es un error que nombra al hijo, y el hijo que no escribe ni termina se detiene tras un plazo.
//!
//! Cada hijo es el mismo programa con un papel: `bueno`, `truncado`, `basura` o
//! `mudo`.
//!
//! Ejecuta: `cargo run --bin listado-03-02-tramas-malas`
//! En tu proyecto: `cargo add serde --features derive` y `cargo add serde_json`.

extern crate serde; // para mdbook test
extern crate serde_json; // para mdbook test

use std::env;
use std::error::Error;
use std::io::{self, BufRead, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Item {
    id: u32,
    value: u32,
}

const ROLES: [&str; 4] = ["bueno", "truncado", "basura", "mudo"];
const DEADLINE: Duration = Duration::from_secs(1);

/// Lo que hace cada papel: escribe tramas buenas o malas, o se queda callado.
fn child(role: &str) -> Result<(), Box<dyn Error>> {
    if role == "mudo" {
        thread::sleep(Duration::from_secs(3600)); // ni escribe ni termina
    }
    let mut out = io::stdout().lock();
    for id in 0..3 {
        serde_json::to_writer(
            &mut out,
            &Item {
                id,
                value: 10 * (id + 1),
            },
        )?;
        out.write_all(b"\n")?;
        match (role, id) {
            ("truncado", 1) => {
                out.write_all(br#"{"id": 2, "val"#)?; // y muere a media trama
                return Ok(());
            }
            ("basura", 0) => {
                out.write_all(b"esto no es JSON\n")?; // y no escribe nada más
                return Ok(());
            }
            _ => {}
        }
    }
    Ok(())
}

// ANCHOR: listado
/// Lo que el lector de un hijo cuenta al padre.
enum Event {
    Item(Item),
    Bad { line: usize, error: String },
    End,
}

/// Lee las tramas de un hijo hasta el fin del flujo o la primera trama mala.
fn read_frames(who: usize, out: impl io::Read, tx: mpsc::Sender<(usize, Event)>) {
    for (n, line) in io::BufReader::new(out).lines().enumerate() {
        let event = match line.map_err(|e| e.to_string()).and_then(|line| {
            serde_json::from_str::<Item>(&line).map_err(|e| e.to_string())
        }) {
            Ok(item) => Event::Item(item),
            Err(error) => Event::Bad { line: n + 1, error },
        };
        let bad = matches!(event, Event::Bad { .. });
        if tx.send((who, event)).is_err() || bad {
            return; // tras una trama mala, el resto del flujo no tiene sentido
        }
    }
    let _ = tx.send((who, Event::End));
}

fn parent() -> Result<(), Box<dyn Error>> {
    let exe = env::current_exe()?;
    let (tx, rx) = mpsc::channel();
    let mut children = Vec::new();
    for (who, role) in ROLES.iter().enumerate() {
        let mut cmd = Command::new(&exe);
        let child = cmd.arg(role).stdout(Stdio::piped()).spawn()?;
        let mut child = Reaped(child);
        let out = child.0.stdout.take().ok_or("hijo sin stdout")?;
        let tx = tx.clone();
        thread::spawn(move || read_frames(who, out, tx));
        children.push(child);
    }
    drop(tx); // si todos los lectores terminan, `recv` lo dirá
    let mut report: Vec<Option<String>> = vec![None; ROLES.len()];
    let mut sums = vec![0; ROLES.len()];
    let deadline = Instant::now() + DEADLINE;
    while report.iter().any(Option::is_none) {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok((who, Event::Item(item))) => sums[who] += item.value,
            Ok((who, Event::End)) => {
                report[who] = Some(format!("suma {}", sums[who]))
            }
            Ok((who, Event::Bad { line, error })) => {
                report[who] =
                    Some(format!("trama mala en la línea {line}: {error}"));
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break, // no quedan lectores
        }
    }
    for (who, (role, child)) in ROLES.iter().zip(&mut children).enumerate() {
        let line = match report[who].take() {
            Some(line) => line,
            None => {
                child.0.kill()?; // último recurso: ni escribió el final ni terminó
                format!(
                    "nada en {} ms y sigue vivo: se detuvo",
                    DEADLINE.as_millis()
                )
            }
        };
        println!("hijo {who} ({role}): {line}");
    }
    Ok(()) // `Reaped` recoge a cada hijo; el que siga vivo, lo mata
}
// ANCHOR_END: listado

/// Un hijo que no se deja suelto: si nadie lo ha esperado, `drop` lo mata y lo recoge.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill(); // puede haber terminado entre tanto
        }
        let _ = self.0.wait();
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.as_slice() {
        [] => parent(),
        [role] if ROLES.contains(&role.as_str()) => child(role),
        _ => Err(format!("argumentos no válidos: {args:?}").into()),
    }
}
