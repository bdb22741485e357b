//! Listado 2-5: el contador como un `AtomicU64`, sin cerrojo.
//!
//! Ejecuta: `cargo run --bin listado-02-05-atomico`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// `threads` hilos suman uno `increments` veces cada uno; antes de cada suma, cada
/// hilo hace su `work` (en `main`, nada).
pub fn count(threads: u64, increments: u64, work: impl Fn() + Sync) -> u64 {
    let counter = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..increments {
                    work();
                    // Leer, sumar y escribir en una sola operación atómica.
                    // Relaxed basta: nadie lee el total hasta que el ámbito une los hilos.
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    counter.into_inner()
}

fn main() {
    let actual = count(10, 100, || {});
    println!("Valor esperado: 1000, valor actual: {actual}");
}
// ANCHOR_END: listado
