//! Listado 4-23: en un runtime de un solo hilo, un bucle de cálculo sin `.await` no deja sonar un temporizador; con `yield_now`, sí.
//!
//! Ejecuta: `cargo run --bin listado-04-23-ceder`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::time::Duration;

use tokio::time::Instant;

pub const STEPS: u32 = 20;
pub const STEP: Duration = Duration::from_millis(1);
pub const TIMER: Duration = Duration::from_millis(5);

/// Un paso de cálculo: ocupa la CPU al menos `STEP`, sin ningún `.await`.
fn step() {
    let start = std::time::Instant::now();
    while start.elapsed() < STEP {
        std::hint::spin_loop();
    }
}

/// Un temporizador de 5 ms y un cálculo de 20 pasos, cada uno en su tarea. Devuelve
/// cuándo pudo sonar el temporizador y por qué paso iba entonces el cálculo.
pub async fn timer_and_loop(yielding: bool) -> (Duration, u32) {
    // Un contador que no publica nada más: `Relaxed` basta, como en el listado 2-5.
    let done = Arc::new(AtomicU32::new(0));
    let start = Instant::now();
    let timer = tokio::spawn({
        let done = Arc::clone(&done);
        async move {
            tokio::time::sleep_until(start + TIMER).await;
            (start.elapsed(), done.load(Relaxed))
        }
    });
    let work = tokio::spawn(async move {
        for _ in 0..STEPS {
            step();
            done.fetch_add(1, Relaxed);
            if yielding {
                tokio::task::yield_now().await; // cede el hilo entre paso y paso
            }
        }
    });
    work.await.unwrap();
    timer.await.unwrap()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    for (title, yielding) in [("Sin ceder", false), ("Con yield_now", true)] {
        let (elapsed, done) = timer_and_loop(yielding).await;
        let ms = elapsed.as_millis();
        println!(
            "{title}: el temporizador de 5 ms sonó a los {ms} ms, tras {done} pasos"
        );
    }
}
// ANCHOR_END: listado
