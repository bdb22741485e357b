//! Listado 5-5: un cálculo de CPU desde async, en el pool de rayon, con el resultado por un `oneshot`: una vez, y cuatro a la vez.
//!
//! Ejecuta: `cargo run --bin listado-05-05-rayon-oneshot`
//! En tu proyecto: `cargo add tokio --features full`, `cargo add rayon` y `cargo add futures`.

extern crate futures; // para mdbook test
extern crate rayon; // para mdbook test
extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::hint::black_box;
use std::panic::{self, AssertUnwindSafe};

use futures::future::join_all;
use tokio::sync::oneshot;

pub const N: u64 = 10_000_000;

/// La tarea de CPU del original; `black_box` impide que el compilador la convierta
/// en una fórmula y se salte el bucle.
pub fn cpu_bound_task(n: u64) -> u64 {
    (0..n).map(black_box).sum()
}

/// El cálculo, y en qué hilo se hizo.
fn task(n: u64) -> (String, u64) {
    let thread = match rayon::current_thread_index() {
        Some(i) => format!("hilo {i} de rayon"),
        None => "fuera de rayon".to_owned(),
    };
    (thread, cpu_bound_task(n))
}

// ANCHOR: patron
/// Ejecuta `f` en el pool de rayon y espera su resultado sin ocupar el hilo del
/// runtime. Si `f` entra en pánico, el pánico sigue aquí.
pub async fn on_rayon<T>(f: impl FnOnce() -> T + Send + 'static) -> T
where
    T: Send + 'static,
{
    let (tx, rx) = oneshot::channel();
    rayon::spawn(move || {
        // Sin `catch_unwind`, un pánico en `f` abortaría el proceso entero.
        let _ = tx.send(panic::catch_unwind(AssertUnwindSafe(f)));
    });
    match rx.await.expect("rayon ejecuta todo lo que recibe") {
        Ok(value) => value,
        Err(payload) => panic::resume_unwind(payload),
    }
}
// ANCHOR_END: patron

#[tokio::main]
async fn main() {
    println!("Una tarea CPU-bound en el pool de rayon");
    let (thread, sum) = on_rayon(|| task(N)).await;
    println!("Resultado: {sum} ({thread})");

    println!("\nCuatro tareas CPU-bound a la vez");
    let tasks = (0..4).map(|_| on_rayon(|| task(N)));
    for (id, (thread, sum)) in join_all(tasks).await.into_iter().enumerate() {
        println!("Tarea {id}: {sum} ({thread})");
    }
}
// ANCHOR_END: listado
