//! Listado 4-17: un `JoinSet` con un plazo se queda con los resultados que llegaron a tiempo y aborta el resto.
//!
//! Ejecuta: `cargo run --bin listado-04-17-plazo`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, timeout_at};

pub const DELAYS_MS: [u64; 5] = [100, 250, 400, 500, 600];
pub const LIMIT: Duration = Duration::from_millis(300);

async fn long_running_task(id: usize) -> (usize, String) {
    tokio::time::sleep(Duration::from_millis(DELAYS_MS[id])).await;
    (id, format!("resultado de la tarea {id}"))
}

/// Los resultados que llegan antes del plazo, y cuántas tareas no llegaron.
pub async fn within_deadline() -> (Vec<(usize, String)>, usize) {
    let mut set: JoinSet<_> = (0..5).map(long_running_task).collect();
    let deadline = Instant::now() + LIMIT; // un plazo para todo, no uno por espera
    let mut arrived = Vec::new();
    // `join_next` se puede cancelar sin perder nada: si el plazo vence mientras
    // espera, las tareas siguen en el conjunto, terminadas o no.
    while let Ok(Some(joined)) = timeout_at(deadline, set.join_next()).await {
        arrived.push(joined.unwrap());
    }
    let late = set.len();
    set.shutdown().await; // aborta las que quedan y espera a que se suelten
    (arrived, late)
}

#[tokio::main]
async fn main() {
    let (arrived, late) = within_deadline().await;
    for (id, result) in &arrived {
        println!("Tarea {id} a tiempo: {result}");
    }
    println!("A los {} ms: {late} tareas abortadas", LIMIT.as_millis());
}
// ANCHOR_END: listado
