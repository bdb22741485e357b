//! Listado 7-8: `parking_lot` encuentra el ciclo de un deadlock, y `main` termina aunque los dos hilos sigan bloqueados.
//!
//! Ejecuta: `cargo run --bin listado-07-08-detectar-deadlock`
//! En tu proyecto: `cargo add parking_lot --features deadlock_detection`

extern crate parking_lot; // para mdbook test

// ANCHOR: listado
use parking_lot::{Mutex, deadlock};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

/// Un hilo que toma `first`, espera a que el otro tenga el suyo y pide `second`.
fn grab(first: Arc<Mutex<()>>, second: Arc<Mutex<()>>, barrier: Arc<Barrier>) {
    thread::spawn(move || {
        let _first = first.lock();
        barrier.wait();
        let _second = second.lock(); // nunca llega
    });
}

fn main() {
    let (lock_a, lock_b) = (Arc::new(Mutex::new(())), Arc::new(Mutex::new(())));
    let barrier = Arc::new(Barrier::new(2));
    grab(
        Arc::clone(&lock_a),
        Arc::clone(&lock_b),
        Arc::clone(&barrier),
    );
    grab(lock_b, lock_a, barrier);

    // El vigilante: en un servicio, un hilo que mira cada pocos segundos.
    let deadline = Instant::now() + Duration::from_secs(1);
    let cycles = loop {
        let cycles = deadlock::check_deadlock();
        if !cycles.is_empty() || Instant::now() > deadline {
            break cycles;
        }
        thread::sleep(Duration::from_millis(10));
    };
    println!("ciclos encontrados: {}", cycles.len());
    for (i, cycle) in cycles.iter().enumerate() {
        let threads: Vec<String> = cycle
            .iter()
            .map(|t| format!("{:?}", t.thread_id()))
            .collect();
        println!(
            "ciclo {}: {} hilos bloqueados ({})",
            i + 1,
            cycle.len(),
            threads.join(", ")
        );
    }
    println!("main termina: el proceso acaba con los dos hilos todavía bloqueados");
}
// ANCHOR_END: listado
