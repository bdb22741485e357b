//! Listado 1-3: diez futures en un runtime de Tokio con la misma carga de E/S y de CPU.
//!
//! Ejecuta: `cargo run --bin listado-01-03-async`
//! En tu proyecto: `cargo add tokio --features full` y `cargo add futures`.

extern crate futures; // para mdbook test
extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::hint::black_box;
use std::time::Duration;

use futures::future::join_all;
use tokio::time::Instant; // el reloj de Tokio: en los tests se puede detener

const TASKS: usize = 10;
pub const WAIT: Duration = Duration::from_millis(100);
const N: u64 = 1_000_000;

async fn io_bound_task(name: String) {
    println!("Tarea {name} iniciada");
    tokio::time::sleep(WAIT).await; // cede el hilo al runtime mientras espera
    println!("Tarea {name} completada");
}

fn cpu_bound_task(n: u64) -> u64 {
    (0..n).map(black_box).sum()
}

async fn cpu_bound_async(name: String, n: u64) -> u64 {
    println!("Tarea {name} iniciada");
    let sum = cpu_bound_task(n); // ningún .await: nadie más avanza mientras tanto
    println!("Tarea {name} completada");
    sum
}

/// Las diez esperas a la vez; devuelve el tiempo total.
pub async fn io_bound() -> Duration {
    let start = Instant::now();
    join_all((0..TASKS).map(|i| io_bound_task(format!("async-{i}")))).await;
    start.elapsed()
}

#[tokio::main]
async fn main() {
    let elapsed = io_bound().await;
    let ms = elapsed.as_millis();
    let wait = WAIT.as_millis();
    println!("E/S con async: {TASKS} esperas de {wait} ms en {ms} ms");

    let start = Instant::now();
    let futures = (0..TASKS).map(|i| cpu_bound_async(format!("cpu-{i}"), N));
    let sums = join_all(futures).await;
    let ms = start.elapsed().as_millis();
    println!("CPU dentro de futures: {} sumas en {ms} ms", sums.len());

    let start = Instant::now();
    let handles =
        (0..TASKS).map(|_| tokio::task::spawn_blocking(|| cpu_bound_task(N)));
    let sums = join_all(handles).await;
    let ms = start.elapsed().as_millis();
    for (i, sum) in sums.into_iter().enumerate() {
        println!("Tarea bloqueante-{i}: suma de 0..{N} = {}", sum.unwrap());
    }
    println!("CPU con spawn_blocking: {TASKS} sumas en {ms} ms");
}
// ANCHOR_END: listado
