//! Listado 2-2: `thread::spawn` no puede tomar prestado un contador local. Este listado no compila a propósito.

use std::sync::Mutex;
use std::thread;

fn main() {
    let counter = Mutex::new(0u64);
    let mut handles = Vec::new();
    for _ in 0..10 {
        handles.push(thread::spawn(|| {
            *counter.lock().unwrap() += 1;
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("Valor: {}", counter.lock().unwrap());
}
