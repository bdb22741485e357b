//! Listado 4-1: dos esperas una tras otra, en dos tareas con `tokio::spawn` y con `join!`.
//!
//! Ejecuta: `cargo run --bin listado-04-01-tres-formas`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::time::Duration;

use tokio::time::Instant; // el reloj de Tokio: en los tests se puede detener

/// La unidad de espera: el original esperaba 1 s; aquí, 100 ms.
pub const UNIT: Duration = Duration::from_millis(100);

async fn say_after(units: u32, what: &str) -> String {
    tokio::time::sleep(UNIT * units).await;
    println!("{what}");
    what.to_owned()
}

/// Forma 1: cada `.await` termina antes de que empiece el siguiente.
pub async fn sequential() -> Duration {
    let start = Instant::now();
    say_after(1, "hello").await;
    say_after(2, "world").await;
    start.elapsed()
}

/// Forma 2: `tokio::spawn` entrega las dos tareas al runtime; luego se esperan.
pub async fn spawned() -> Duration {
    let start = Instant::now();
    let task1 = tokio::spawn(say_after(1, "hello"));
    let task2 = tokio::spawn(say_after(2, "world"));
    task1.await.unwrap(); // `Err` solo si la tarea entró en pánico o se abortó
    task2.await.unwrap();
    start.elapsed()
}

/// Forma 3: `join!` sondea los dos futures a la vez dentro de esta misma tarea.
pub async fn joined() -> (String, String, Duration) {
    let start = Instant::now();
    let world = String::from("world");
    // `join!` puede tomar prestado `world`: no exige `'static` como `spawn`.
    let (a, b) = tokio::join!(say_after(1, "hello"), say_after(2, &world));
    (a, b, start.elapsed())
}

#[tokio::main]
async fn main() {
    let ms = sequential().await.as_millis();
    println!("Forma 1, await directo: {ms} ms");
    let ms = spawned().await.as_millis();
    println!("Forma 2, tokio::spawn: {ms} ms");
    let (a, b, elapsed) = joined().await;
    println!(
        "Forma 3, join!: {} ms, resultados: {:?}",
        elapsed.as_millis(),
        [a, b]
    );
}
// ANCHOR_END: listado
