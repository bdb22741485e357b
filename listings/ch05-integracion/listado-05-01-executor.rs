//! Listado 5-1: una función que bloquea, llamada desde async con `spawn_blocking`: una vez, y tres a la vez en un `JoinSet`.
//!
//! Ejecuta: `cargo run --bin listado-05-01-executor`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;

pub const IO: Duration = Duration::from_millis(200);

/// Una operación de E/S que bloquea su hilo mientras dura (aquí, un `sleep`).
pub fn blocking_io(id: u32) -> String {
    println!("Hilo: iniciando tarea IO-bound {id}");
    std::thread::sleep(IO);
    println!("Hilo: tarea IO-bound {id} completada");
    format!("resultado de IO {id}")
}

/// Ejecuta `job(0)` … `job(n - 1)` a la vez, cada una en un hilo del pool de bloqueo
/// de Tokio, y devuelve sus resultados en el orden de los ids.
pub async fn in_parallel<F>(n: u32, job: F) -> Vec<String>
where
    F: Fn(u32) -> String + Clone + Send + 'static,
{
    let mut set = JoinSet::new();
    for id in 0..n {
        let job = job.clone();
        set.spawn_blocking(move || (id, job(id)));
    }
    let mut results = set.join_all().await; // en el orden en que terminan
    results.sort();
    results.into_iter().map(|(_, result)| result).collect()
}

#[tokio::main]
async fn main() {
    println!("Ejecutando una tarea bloqueante con spawn_blocking");
    let start = Instant::now();
    let result = tokio::task::spawn_blocking(|| blocking_io(0))
        .await
        .unwrap();
    let ms = start.elapsed().as_millis();
    println!("Resultado de spawn_blocking: {result} ({ms} ms)");

    println!("\nEjecutando tres tareas bloqueantes a la vez");
    let start = Instant::now();
    let results = in_parallel(3, blocking_io).await;
    let ms = start.elapsed().as_millis();
    println!("Resultados: {results:?} ({ms} ms)");
}
// ANCHOR_END: listado
