//! Listado 2-4: el mismo contador con `parking_lot::Mutex`, y `try_lock_for` para no esperar para siempre.
//!
//! Ejecuta: `cargo run --bin listado-02-04-parking-lot`
//! En tu proyecto: `cargo add parking_lot`.

extern crate parking_lot; // para mdbook test

// ANCHOR: listado
use std::thread;
use std::time::Duration;

use parking_lot::Mutex;

pub const PATIENCE: Duration = Duration::from_millis(50);

/// Espera el cerrojo como mucho `PATIENCE`, en lugar de bloquearse sin límite.
pub fn try_for_a_while(counter: &Mutex<u64>) {
    match counter.try_lock_for(PATIENCE) {
        Some(value) => println!("try_lock_for: conseguido, valor {value}"),
        None => println!("try_lock_for: ocupado; me rindo tras {PATIENCE:?}"),
    }
}

fn main() {
    let counter = Mutex::new(0u64);
    thread::scope(|s| {
        for _ in 0..10 {
            s.spawn(|| {
                for _ in 0..100 {
                    *counter.lock() += 1; // sin unwrap: parking_lot no envenena
                }
            });
        }
    });
    println!("Valor esperado: 1000, valor actual: {}", counter.lock());

    let held = counter.lock(); // el hilo principal retiene el cerrojo...
    thread::scope(|s| {
        s.spawn(|| try_for_a_while(&counter));
    }); // ...hasta que el otro hilo ha terminado
    drop(held);
    try_for_a_while(&counter);
}
// ANCHOR_END: listado
