//! Listado 2-9: `task_done` y `q.join()` traducidos al pie de la letra con un `WaitGroup` de crossbeam.
//!
//! Ejecuta: `cargo run --bin listado-02-09-waitgroup`
//! En tu proyecto: `cargo add crossbeam`.

extern crate crossbeam; // para mdbook test

// ANCHOR: listado
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use crossbeam::channel;
use crossbeam::sync::WaitGroup;

const ITEMS: u64 = 40;

/// Tres consumidores procesan `ITEMS` elementos con `process`.
pub fn process_all(process: impl Fn(u64) + Sync) {
    let (tx, rx) = channel::unbounded::<(u64, WaitGroup)>();
    let all_done = WaitGroup::new();
    let processed = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..3 {
            let (rx, processed, process) = (rx.clone(), &processed, &process);
            s.spawn(move || {
                for (item, task_done) in rx {
                    process(item);
                    processed.fetch_add(1, Ordering::Relaxed);
                    drop(task_done); // task_done(); un pánico también lo soltaría
                }
            });
        }
        drop(rx); // si mueren todos los consumidores, el canal suelta lo que queda
        for item in 0..ITEMS {
            // put(): cada tarea lleva su ficha; Err si ya no queda ningún consumidor
            if tx.send((item, all_done.clone())).is_err() {
                break;
            }
        }
        all_done.wait(); // q.join(): vuelve cuando no queda ninguna ficha
        let done = processed.load(Ordering::Relaxed); // wait() ya ordenó lo anterior
        println!("wait() volvió con {done} de {ITEMS} elementos procesados");
        drop(tx); // aun así hay que cerrar el canal, o los consumidores no terminan
    });
    println!("Consumidores terminados");
}

fn main() {
    process_all(|item| thread::sleep(Duration::from_millis(item % 3)));
}
// ANCHOR_END: listado
