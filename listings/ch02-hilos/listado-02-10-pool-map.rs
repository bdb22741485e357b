//! Listado 2-10: `executor.map` con un pool de rayon de tres hilos; los resultados salen en el orden de las tareas.
//!
//! Ejecuta: `cargo run --bin listado-02-10-pool-map`
//! En tu proyecto: `cargo add rayon`.

extern crate rayon; // para mdbook test

// ANCHOR: listado
use std::thread;
use std::time::Duration;

use rayon::prelude::*;
use rayon::{ThreadPoolBuildError, ThreadPoolBuilder};

/// Lo que tarda cada tarea, en ms: una tabla fija en lugar de `random.uniform(0.5, 2)`.
const DELAYS_MS: [u64; 10] = [120, 30, 90, 10, 150, 60, 20, 110, 40, 80];

fn task(n: usize, delay: Duration) -> String {
    println!("Ejecutando tarea {n}");
    thread::sleep(delay); // simula una espera de E/S
    format!("Resultado de tarea {n}: {} ms", delay.as_millis())
}

/// Como `executor.map(task, tasks)`: un resultado por tarea, en el orden de las tareas.
pub fn map_in_pool(
    delays: &[Duration],
    threads: usize,
) -> Result<Vec<String>, ThreadPoolBuildError> {
    let pool = ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("pool-{i}"))
        .build()?;
    let tasks = delays.par_iter().enumerate();
    Ok(pool.install(|| tasks.map(|(n, &delay)| task(n, delay)).collect()))
}

fn main() -> Result<(), ThreadPoolBuildError> {
    let delays = DELAYS_MS.map(Duration::from_millis);
    for result in map_in_pool(&delays, 3)? {
        println!("{result}");
    }
    Ok(())
}
// ANCHOR_END: listado
