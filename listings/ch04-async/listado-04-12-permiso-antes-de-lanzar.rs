//! Listado 4-12: el permiso del semáforo se toma antes de lanzar la tarea, así que nunca hay más de N tareas vivas, por largo que sea el flujo de entradas.
//!
//! Ejecuta: `cargo run --bin listado-04-12-permiso-antes-de-lanzar`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::{JoinError, JoinSet};
use tokio::time::Instant;

/// Aplica `work` a cada entrada con `limit` tareas como mucho vivas a la vez, y
/// devuelve los resultados en el orden en que terminan.
pub async fn bounded<I, T, Fut>(
    inputs: impl IntoIterator<Item = I>,
    limit: usize,
    work: impl Fn(I) -> Fut,
) -> Result<Vec<T>, JoinError>
where
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let semaphore = Arc::new(Semaphore::new(limit));
    let mut set = JoinSet::new();
    let mut results = Vec::new();
    for input in inputs {
        // Sin permiso libre, el bucle espera aquí: ni la tarea ni su future existen.
        let permit = Arc::clone(&semaphore)
            .acquire_owned()
            .await
            .expect("nadie cierra el semáforo");
        let task = work(input);
        set.spawn(async move {
            let result = task.await;
            drop(permit); // la tarea devuelve el permiso al terminar
            result
        });
        // Lo ya terminado sale del `JoinSet`: tampoco se acumulan resultados.
        while let Some(joined) = set.try_join_next() {
            results.push(joined?);
        }
    }
    while let Some(joined) = set.join_next().await {
        results.push(joined?);
    }
    Ok(results)
}

#[tokio::main]
async fn main() -> Result<(), JoinError> {
    let start = Instant::now();
    let squares = bounded(1..=1000_u64, 50, |n| async move {
        tokio::time::sleep(Duration::from_millis(10)).await;
        n * n
    })
    .await?;
    println!(
        "{} resultados, suma {}, en {} ms",
        squares.len(),
        squares.iter().sum::<u64>(),
        start.elapsed().as_millis()
    );
    Ok(())
}
// ANCHOR_END: listado
