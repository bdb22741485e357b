//! Listado 4-15: una tarea lanzada sobrevive al timeout de quien la espera, y su resultado se recoge después.
//!
//! Ejecuta: `cargo run --bin listado-04-15-sobrevivir-al-timeout`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::time::Duration;

use tokio::time::{Instant, timeout};

pub const WORK: Duration = Duration::from_millis(300);
pub const PATIENCE: Duration = Duration::from_millis(100);

async fn long_running_task(id: u32) -> String {
    tokio::time::sleep(WORK).await;
    format!("resultado de la tarea {id}")
}

/// Devuelve cuándo se rindió quien esperaba, cuándo llegó el resultado y cuál fue.
pub async fn survive_timeout() -> (Duration, Duration, String) {
    let start = Instant::now();
    let mut handle = tokio::spawn(long_running_task(999));
    // Con `&mut handle`, lo que el timeout suelta al vencer es la referencia: el
    // handle sigue siendo nuestro y la tarea sigue en el runtime.
    let first_try = timeout(PATIENCE, &mut handle).await;
    assert!(
        first_try.is_err(),
        "la tarea no puede acabar antes de {WORK:?}"
    );
    let gave_up = start.elapsed();
    let result = handle.await.unwrap();
    (gave_up, start.elapsed(), result)
}

#[tokio::main]
async fn main() {
    let (gave_up, finished, result) = survive_timeout().await;
    println!(
        "A los {} ms, el timeout venció; la tarea siguió",
        gave_up.as_millis()
    );
    println!(
        "A los {} ms, la tarea entregó: {result}",
        finished.as_millis()
    );
}
// ANCHOR_END: listado
