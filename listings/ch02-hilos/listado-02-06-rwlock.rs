//! Listado 2-6: cuatro lectores comparten un `RwLock` a la vez; el escritor espera a que salgan.
//!
//! Ejecuta: `cargo run --bin listado-02-06-rwlock`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::sync::{Barrier, RwLock, TryLockError};
use std::thread;

const READERS: usize = 4;

fn main() {
    let config = RwLock::new(String::from("v1"));
    // Cada barrera retiene a quien llega hasta que llegan los cinco: cuatro lectores y el escritor.
    let inside = Barrier::new(READERS + 1);
    let checked = Barrier::new(READERS + 1);
    thread::scope(|s| {
        for id in 0..READERS {
            let (config, inside, checked) = (&config, &inside, &checked);
            s.spawn(move || {
                let version = config.read().unwrap();
                inside.wait(); // con un Mutex, el segundo lector no llegaría nunca aquí
                println!("Lector {id} ve la configuración {version}");
                checked.wait(); // no suelta el guard hasta que el escritor lo ha comprobado
            });
        }
        s.spawn(|| {
            inside.wait(); // los cuatro lectores tienen ahora su guard a la vez
            if let Err(TryLockError::WouldBlock) = config.try_write() {
                println!("Escritor: hay lectores dentro, try_write() no entra");
            }
            checked.wait();
            *config.write().unwrap() = String::from("v2"); // espera a que salgan todos
            println!("Escritor: configuración cambiada a v2");
        });
    });
    println!("Al final: {}", config.read().unwrap());
}
// ANCHOR_END: listado
