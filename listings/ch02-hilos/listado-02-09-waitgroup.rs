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

fn main() {
    let (tx, rx) = channel::unbounded::<(u64, WaitGroup)>();
    let all_done = WaitGroup::new();
    let processed = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..3 {
            let (rx, processed) = (rx.clone(), &processed);
            s.spawn(move || {
                for (item, task_done) in rx {
                    thread::sleep(Duration::from_millis(item % 3));
                    processed.fetch_add(1, Ordering::Relaxed);
                    drop(task_done); // task_done(); un pánico también lo soltaría
                }
            });
        }
        for item in 0..ITEMS {
            tx.send((item, all_done.clone())).unwrap(); // put(): cada tarea lleva su ficha
        }
        all_done.wait(); // q.join(): vuelve cuando no queda ninguna ficha
        let done = processed.load(Ordering::Relaxed); // wait() ya ordenó lo anterior
        println!("wait() volvió con {done} de {ITEMS} elementos procesados");
        drop(tx); // aun así hay que cerrar el canal, o los consumidores no terminan
    });
    println!("Consumidores terminados");
}
// ANCHOR_END: listado
