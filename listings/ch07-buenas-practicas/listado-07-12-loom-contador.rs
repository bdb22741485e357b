//! Listado 7-12: loom recorre todos los entrelazados del contador del listado 7-3 y encuentra la actualización perdida sin ninguna barrera.
//!
//! En un proyecto, loom es una dependencia de desarrollo y el modelo va en un
//! `#[test]`; aquí lo ejecuta `main` para que veas lo que encuentra.
//!
//! Ejecuta: `cargo run --bin listado-07-12-loom-contador`
//! En tu proyecto: `cargo add loom`

extern crate loom; // para mdbook test

// ANCHOR: listado
use loom::sync::Arc;
use loom::sync::atomic::{AtomicU64, Ordering};
use std::panic;
use std::sync::atomic::AtomicUsize;

/// Cuántas ejecuciones ha probado loom en el modelo en curso.
static EXECUTIONS: AtomicUsize = AtomicUsize::new(0);

/// Dos hilos incrementan una vez; en todas las ejecuciones, el total debe ser 2.
pub fn model(increment: fn(&AtomicU64)) {
    EXECUTIONS.store(0, std::sync::atomic::Ordering::Relaxed);
    loom::model(move || {
        EXECUTIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let counter = Arc::new(AtomicU64::new(0));
        let other = loom::thread::spawn({
            let counter = Arc::clone(&counter);
            move || increment(&counter)
        });
        increment(&counter);
        other.join().unwrap();
        assert_eq!(counter.load(Ordering::Relaxed), 2, "se perdió una suma");
    });
}

pub fn racy(counter: &AtomicU64) {
    let current = counter.load(Ordering::Relaxed);
    counter.store(current + 1, Ordering::Relaxed);
}

pub fn atomic(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

fn main() {
    panic::set_hook(Box::new(|_| {})); // el fallo lo escribe `main`, no el hook
    for (name, increment) in [
        ("load + store", racy as fn(&AtomicU64)),
        ("fetch_add", atomic),
    ] {
        let outcome = panic::catch_unwind(|| model(increment));
        let executions = EXECUTIONS.load(std::sync::atomic::Ordering::Relaxed);
        match outcome {
            Ok(()) => {
                println!("{name}: {executions} ejecuciones, ninguna pierde una suma")
            }
            Err(e) => {
                let message = e.downcast_ref::<String>().map_or("?", |m| m.as_str());
                let first = message.lines().next().unwrap_or_default();
                println!("{name}: falla en la ejecución {executions}: {first}");
            }
        }
    }
}
// ANCHOR_END: listado
