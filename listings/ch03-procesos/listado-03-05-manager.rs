//! Listado 3-5: el `Manager` es un servidor: un hilo dueño del diccionario atiende las peticiones `get` y `append` que cuatro procesos trabajadores le mandan por sus pipes.
//!
//! Cada trabajador es el mismo programa con el papel `trabajador` y su número.
//!
//! Ejecuta: `cargo run --bin listado-03-05-manager`
//! En tu proyecto: `cargo add serde --features derive` y `cargo add serde_json`.

extern crate serde; // para mdbook test
extern crate serde_json; // para mdbook test

use std::collections::{BTreeMap, HashMap};
use std::env;
use std::error::Error;
use std::io::{self, BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Sender};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

// ANCHOR: protocolo
/// Lo que un trabajador pide al dueño, una línea de JSON por petición.
#[derive(Debug, Serialize, Deserialize)]
enum Request {
    Append { key: u32, value: i32 },
    Get { key: u32 },
}

/// La respuesta del dueño a cada petición.
#[derive(Debug, Serialize, Deserialize)]
enum Reply {
    Done,
    Values(Vec<i32>),
}

/// El trabajador: cada llamada escribe una petición y espera su respuesta.
fn worker(id: u32) -> Result<(), Box<dyn Error>> {
    let mut replies = io::stdin().lock().lines();
    let mut out = io::stdout().lock();
    let mut call = |request: Request| -> Result<Reply, Box<dyn Error>> {
        serde_json::to_writer(&mut out, &request)?;
        out.write_all(b"\n")?; // `StdoutLock` vacía su búfer en cada salto de línea
        let line = replies.next().ok_or("el dueño cerró la conexión")??;
        Ok(serde_json::from_str(&line)?)
    };
    for value in 0..10 {
        call(Request::Append { key: id, value })?;
    }
    match call(Request::Get { key: id })? {
        Reply::Values(values) if values == (0..10).collect::<Vec<_>>() => Ok(()),
        other => Err(format!("el trabajador {id} recibió {other:?}").into()),
    }
}
// ANCHOR_END: protocolo

// ANCHOR: listado
type Call = (Request, Sender<Reply>);

/// El dueño: el único que toca el diccionario. Termina cuando no queda ningún cliente.
fn owner(requests: mpsc::Receiver<Call>) -> HashMap<u32, Vec<i32>> {
    let mut map: HashMap<u32, Vec<i32>> = HashMap::new();
    for (request, reply) in requests {
        let answer = match request {
            Request::Append { key, value } => {
                map.entry(key).or_default().push(value); // la lista del mapa, no una copia
                Reply::Done
            }
            Request::Get { key } => {
                Reply::Values(map.get(&key).cloned().unwrap_or_default())
            }
        };
        let _ = reply.send(answer); // quien preguntó puede haberse ido
    }
    map
}

/// Pasa las peticiones de un trabajador al dueño y le devuelve las respuestas.
fn relay(
    id: u32,
    from: ChildStdout,
    mut to: ChildStdin,
    owner: Sender<Call>,
) -> Result<(), String> {
    for (n, line) in BufReader::new(from).lines().enumerate() {
        let line = line.map_err(|e| format!("trabajador {id}: {e}"))?;
        let request = serde_json::from_str(&line).map_err(|e| {
            format!("trabajador {id}: trama mala en la línea {}: {e}", n + 1)
        })?;
        let (tx, rx) = mpsc::channel();
        owner
            .send((request, tx))
            .map_err(|_| "el dueño ya no atiende")?;
        let reply = rx.recv().map_err(|_| "el dueño no respondió")?;
        let frame = serde_json::to_string(&reply).map_err(|e| e.to_string())?;
        writeln!(to, "{frame}").map_err(|e| format!("trabajador {id}: {e}"))?;
    }
    Ok(()) // el trabajador cerró su stdout: ha terminado
}

fn parent() -> Result<(), Box<dyn Error>> {
    let exe = env::current_exe()?;
    let (tx, rx) = mpsc::channel();
    let owner = thread::spawn(move || owner(rx));
    let (mut workers, mut relays) = (Vec::new(), Vec::new());
    for id in 0..4 {
        let mut cmd = Command::new(&exe);
        cmd.args(["trabajador", &id.to_string()]);
        let mut child =
            Reaped(cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?);
        let (from, to) = (child.0.stdout.take(), child.0.stdin.take());
        let (from, to) = from.zip(to).ok_or("trabajador sin pipes")?;
        let tx = tx.clone();
        relays.push(thread::spawn(move || relay(id, from, to, tx)));
        workers.push(child);
    }
    drop(tx); // sin esto, el dueño esperaría para siempre una petición más
    let deadline = Instant::now() + Duration::from_secs(5);
    for (id, worker) in workers.iter_mut().enumerate() {
        let status = worker.wait_until(deadline)?;
        println!("trabajador {id}: {status}");
    }
    for relay in relays {
        relay.join().unwrap()?;
    }
    let map: BTreeMap<_, _> = owner.join().unwrap().into_iter().collect();
    println!("Diccionario final: {map:?}");
    Ok(())
}
// ANCHOR_END: listado

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

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.as_slice() {
        [] => parent(),
        [role, id] if role == "trabajador" => worker(id.parse()?),
        _ => Err(format!("argumentos no válidos: {args:?}").into()),
    }
}
