//! Listado 1-6: con `Arc` y `Mutex`, varios hilos comparten y modifican los mismos datos.
//!
//! Ejecuta: `cargo run --bin listado-01-06-arc-entre-hilos`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let results = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let results = Arc::clone(&results); // cada hilo recibe su propio Arc
            thread::spawn(move || results.lock().unwrap().push(i * i))
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let mut results = results.lock().unwrap();
    results.sort(); // el orden de llegada depende del planificador
    println!("Resultados: {results:?}");
}
// ANCHOR_END: listado
