//! Listado 2-11: `submit` y `as_completed` con `spawn` en un pool de rayon y un canal; los resultados salen según terminan.
//!
//! Ejecuta: `cargo run --bin listado-02-11-pool-as-completed`
//! En tu proyecto: `cargo add rayon` y `cargo add crossbeam`.

extern crate crossbeam; // para mdbook test
extern crate rayon; // para mdbook test

// ANCHOR: listado
use std::thread;
use std::time::Duration;

use crossbeam::channel::{self, Receiver};
use rayon::{ThreadPool, ThreadPoolBuildError, ThreadPoolBuilder};

const DELAYS_MS: [u64; 10] = [120, 30, 90, 10, 150, 60, 20, 110, 40, 80];

fn task(n: usize, delay: Duration) -> String {
    println!("Ejecutando tarea {n}");
    thread::sleep(delay);
    format!("Resultado de tarea {n}: {} ms", delay.as_millis())
}

/// Como `submit` por tarea y `as_completed`: cada resultado llega al canal al terminar.
pub fn submit_all(pool: &ThreadPool, delays: &[Duration]) -> Receiver<String> {
    let (tx, rx) = channel::unbounded();
    for (n, &delay) in delays.iter().enumerate() {
        let tx = tx.clone();
        pool.spawn(move || {
            let _ = tx.send(task(n, delay)); // si ya nadie escucha, el resultado sobra
        });
    }
    rx // el `tx` original se suelta aquí: el canal se cierra tras la última tarea
}

fn main() -> Result<(), ThreadPoolBuildError> {
    let pool = ThreadPoolBuilder::new()
        .num_threads(3)
        .thread_name(|i| format!("pool-{i}"))
        .build()?;
    for result in submit_all(&pool, &DELAYS_MS.map(Duration::from_millis)) {
        println!("{result}"); // en orden de llegada, mientras las demás siguen
    }
    Ok(())
}
// ANCHOR_END: listado
