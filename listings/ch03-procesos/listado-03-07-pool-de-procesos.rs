//! Listado 3-7: un pool de dos procesos trabajadores alimentados por pipes; una tarea envenenada hace abortar a su trabajador, y el pool lo informa, lo sustituye y termina las demás.
//!
//! Cada trabajador es el mismo programa con el papel `trabajador`: lee tareas en
//! JSON por su stdin y escribe cada resultado en su stdout.
//!
//! Ejecuta: `cargo run --bin listado-03-07-pool-de-procesos`
//! En tu proyecto: `cargo add serde --features derive` y `cargo add serde_json`.

extern crate serde; // para mdbook test
extern crate serde_json; // para mdbook test

use std::collections::{BTreeMap, VecDeque};
use std::env;
use std::error::Error;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::{self, Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

// ANCHOR: trabajador
#[derive(Serialize, Deserialize)]
struct Job {
    id: usize,
    n: u64,
}

#[derive(Serialize, Deserialize)]
struct Done {
    id: usize,
    steps: u32,
}

/// Pasos de Collatz hasta llegar a 1. Para 0 no está definido: el trabajador aborta,
/// como lo haría un proceso que ejecuta código ajeno que se estrella.
fn collatz_steps(mut n: u64) -> u32 {
    if n == 0 {
        process::abort();
    }
    let mut steps = 0;
    while n != 1 {
        n = if n.is_multiple_of(2) {
            n / 2
        } else {
            3 * n + 1
        };
        steps += 1;
    }
    steps
}

fn worker() -> Result<(), Box<dyn Error>> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let job: Job = serde_json::from_str(&line?)?;
        let done = Done {
            id: job.id,
            steps: collatz_steps(job.n),
        };
        serde_json::to_writer(&mut out, &done)?;
        out.write_all(b"\n")?;
    }
    Ok(()) // EOF en stdin: el pool no tiene más tareas
}
// ANCHOR_END: trabajador

pub const JOBS: [u64; 10] = [27, 97, 871, 0, 6171, 77031, 1, 7, 9, 12];

// ANCHOR: listado
/// Un trabajador vivo: su proceso, su stdin y la tarea que tiene, si tiene una.
struct Worker {
    serial: usize,
    child: Reaped,
    stdin: ChildStdin,
    job: Option<usize>,
}

enum Event {
    Line(String),
    Exited,
}

fn start(
    exe: &Path,
    serial: usize,
    events: &Sender<(usize, Event)>,
) -> io::Result<Worker> {
    let mut cmd = Command::new(exe);
    let mut child = Reaped(
        cmd.arg("trabajador")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?,
    );
    let (stdin, stdout) = (
        child.0.stdin.take().unwrap(),
        child.0.stdout.take().unwrap(),
    );
    let events = events.clone();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = events.send((serial, Event::Line(line)));
        }
        let _ = events.send((serial, Event::Exited)); // stdout cerrado: terminó o murió
    });
    Ok(Worker {
        serial,
        child,
        stdin,
        job: None,
    })
}

/// Da a `w` la siguiente tarea de la cola; si no puede escribirla, la devuelve.
fn feed(w: &mut Worker, queue: &mut VecDeque<usize>) {
    if let Some(id) = queue.pop_front() {
        let frame = serde_json::to_string(&Job { id, n: JOBS[id] }).unwrap();
        match writeln!(w.stdin, "{frame}") {
            Ok(()) => w.job = Some(id),
            Err(_) => queue.push_front(id), // ya murió: `Exited` está en camino
        }
    }
}

// ANCHOR_END: listado

// ANCHOR: pool
/// Lo que pasó con cada tarea: sus pasos, o por qué falló.
pub type Outcome = BTreeMap<usize, Result<u32, String>>;

pub fn run_pool(exe: &Path, size: usize) -> Result<Outcome, Box<dyn Error>> {
    let (tx, rx) = mpsc::channel();
    let mut queue: VecDeque<usize> = (0..JOBS.len()).collect();
    let mut pool = Vec::new();
    for serial in 0..size {
        pool.push(start(exe, serial, &tx)?);
        feed(pool.last_mut().unwrap(), &mut queue);
    }
    let mut outcome = Outcome::new();
    let mut next_serial = size;
    let deadline = Instant::now() + Duration::from_secs(5);
    while outcome.len() < JOBS.len() {
        let (serial, event) = match rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            Ok(got) => got,
            Err(RecvTimeoutError::Timeout) => {
                return Err("el pool no terminó en 5 s".into());
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err("sin trabajadores".into());
            }
        };
        let slot = pool.iter().position(|w| w.serial == serial).unwrap();
        let w = &mut pool[slot];
        match event {
            Event::Line(line) => match serde_json::from_str::<Done>(&line) {
                Ok(done) if w.job == Some(done.id) => {
                    outcome.insert(done.id, Ok(done.steps));
                    w.job = None;
                    feed(w, &mut queue);
                }
                _ => {
                    return Err(format!(
                        "trabajador {serial}: trama inesperada «{line}»"
                    )
                    .into());
                }
            },
            Event::Exited => {
                let status = w.child.wait_until(deadline)?;
                let lost = w.job.map_or("ninguna".into(), |id| id.to_string());
                if let Some(id) = w.job {
                    outcome.insert(
                        id,
                        Err(format!("el trabajador {serial} terminó con {status}")),
                    );
                }
                println!(
                    "trabajador {serial} murió con la tarea {lost} ({status}); lo sustituye el {next_serial}"
                );
                pool[slot] = start(exe, next_serial, &tx)?;
                next_serial += 1;
                feed(&mut pool[slot], &mut queue);
            }
        }
    }
    for Worker {
        serial,
        mut child,
        stdin,
        ..
    } in pool
    {
        drop(stdin); // EOF: el trabajador sale de su bucle y termina solo
        let status = child.wait_until(deadline)?;
        println!("trabajador {serial}: {status}");
    }
    Ok(outcome)
}
// ANCHOR_END: pool

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
        [] => {
            let outcome = run_pool(&env::current_exe()?, 2)?;
            for (id, result) in &outcome {
                match result {
                    Ok(steps) => {
                        println!("Tarea {id} (n = {}): {steps} pasos", JOBS[*id])
                    }
                    Err(why) => {
                        println!("Tarea {id} (n = {}): falló: {why}", JOBS[*id])
                    }
                }
            }
            let failed = outcome.values().filter(|r| r.is_err()).count();
            println!(
                "Completadas {} de {}; fallidas {failed}",
                JOBS.len() - failed,
                JOBS.len()
            );
            Ok(())
        }
        [role] if role == "trabajador" => worker(),
        _ => Err(format!("argumentos no válidos: {args:?}").into()),
    }
}
