//! Listado 1-8: un `MutexGuard` no puede pasar a otro hilo. Este listado no compila a propósito.

use std::sync::Mutex;
use std::thread;

fn main() {
    let counter = Mutex::new(0);
    let mut guard = counter.lock().unwrap();
    thread::scope(|s| {
        s.spawn(move || *guard += 1);
    });
    println!("Cuenta: {}", counter.lock().unwrap());
}
