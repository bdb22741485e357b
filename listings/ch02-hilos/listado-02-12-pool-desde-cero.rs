//! Listado 2-12: un thread pool escrito desde cero, con un canal de trabajos, workers con nombre y un cierre ordenado al soltarlo.
//!
//! Ejecuta: `cargo run --bin listado-02-12-pool-desde-cero`
//! En tu proyecto: `cargo add crossbeam`.

extern crate crossbeam; // para mdbook test

// ANCHOR: pool
use std::io;
use std::thread::{self, JoinHandle};

use crossbeam::channel::{self, Sender};

type Job = Box<dyn FnOnce() + Send + 'static>;

pub struct ThreadPool {
    jobs: Option<Sender<Job>>, // en un Option para que Drop pueda soltarlo primero
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    pub fn new(size: usize) -> io::Result<ThreadPool> {
        let (tx, rx) = channel::unbounded::<Job>();
        let mut workers = Vec::with_capacity(size);
        for id in 0..size {
            let rx = rx.clone();
            let worker = thread::Builder::new().name(format!("worker-{id}")).spawn(
                move || {
                    for job in rx {
                        job(); // sin el cerrojo de nadie: cada worker tiene su Receiver
                    }
                },
            )?;
            workers.push(worker);
        }
        Ok(ThreadPool {
            jobs: Some(tx),
            workers,
        })
    }

    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        if let Some(jobs) = &self.jobs {
            jobs.send(Box::new(job))
                .expect("todos los workers han muerto");
        }
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        drop(self.jobs.take()); // cierra el canal: los workers vacían la cola y salen
        for worker in self.workers.drain(..) {
            let name = worker.thread().name().unwrap_or("worker").to_owned();
            match worker.join() {
                Ok(()) => println!("{name} unido"),
                Err(_) => eprintln!("{name} terminó con pánico"),
            }
        }
    }
}
// ANCHOR_END: pool

// ANCHOR: main
use std::time::Duration;

fn main() -> io::Result<()> {
    let size = thread::available_parallelism().map_or(2, |n| n.get());
    let pool = ThreadPool::new(size)?;
    println!("Pool con {size} workers");
    let (done_tx, done_rx) = channel::unbounded();
    for n in 0..8 {
        let done_tx = done_tx.clone(); // el trabajo es 'static: se lleva su propio Sender
        pool.execute(move || {
            thread::sleep(Duration::from_millis(20));
            let worker = thread::current().name().unwrap_or("?").to_owned();
            done_tx.send((n, worker)).unwrap();
        });
    }
    println!("8 trabajos encolados; se suelta el pool");
    drop(pool); // vuelve cuando se han hecho los 8 y cada worker está unido
    drop(done_tx);
    let mut done: Vec<(u32, String)> = done_rx.iter().collect();
    done.sort();
    for (n, worker) in done {
        println!("Trabajo {n} hecho por {worker}");
    }
    Ok(())
}
// ANCHOR_END: main
