//! Listado 2-5: el contador como un `AtomicU64`, sin cerrojo.
//!
//! Ejecuta: `cargo run --bin listado-02-05-atomico`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

fn main() {
    let counter = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..10 {
            s.spawn(|| {
                for _ in 0..100 {
                    // Leer, sumar y escribir en una sola operación indivisible.
                    // Relaxed basta: nadie lee el total hasta que el scope une los hilos.
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let actual = counter.into_inner();
    println!("Valor esperado: 1000, valor actual: {actual}");
}
// ANCHOR_END: listado
