//! Listado 7-3: una actualización perdida en Rust seguro, forzada con un `Barrier`, y sus dos arreglos.
//!
//! Los dos hilos leen el contador y esperan en la barrera antes de escribir: los dos
//! escriben lo mismo y se pierde una suma, en todas las ejecuciones.
//!
//! Ejecuta: `cargo run --bin listado-07-03-actualizacion-perdida`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;

/// Mal: leer y escribir son dos operaciones, y entre ellas cabe otro hilo. Cada una
/// es atómica, así que no hay carrera de datos; la carrera es de lógica.
pub fn increment_racy(counter: &AtomicU64, work: impl Fn()) {
    let current = counter.load(Ordering::Relaxed);
    work(); // el «time.sleep(0.001)» del original
    counter.store(current + 1, Ordering::Relaxed);
}

/// Bien (1): leer, sumar y escribir en una sola operación. Ya no hay hueco.
pub fn increment_atomic(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// Bien (2): el guard vive desde la lectura hasta la escritura, trabajo incluido.
pub fn increment_locked(counter: &Mutex<u64>, work: impl Fn()) {
    let mut count = counter.lock().unwrap();
    let current = *count;
    work();
    *count = current + 1;
}

/// Dos hilos incrementan una vez cada uno, a la vez.
fn twice(increment: impl Fn() + Sync) {
    thread::scope(|s| {
        s.spawn(&increment);
        s.spawn(&increment);
    });
}

fn main() {
    let counter = AtomicU64::new(0);
    let barrier = Barrier::new(2);
    twice(|| {
        increment_racy(&counter, || {
            barrier.wait();
        })
    });
    println!(
        "load + store: esperado 2, actual {}",
        counter.load(Ordering::Relaxed)
    );

    let counter = AtomicU64::new(0);
    twice(|| increment_atomic(&counter));
    println!(
        "fetch_add:    esperado 2, actual {}",
        counter.load(Ordering::Relaxed)
    );

    let counter = Mutex::new(0);
    twice(|| increment_locked(&counter, || {}));
    println!(
        "Mutex:        esperado 2, actual {}",
        counter.lock().unwrap()
    );
}
// ANCHOR_END: listado
