//! Listado 7-2: el mismo contador como un `u64` que varios hilos modifican a la vez. Este listado no compila a propósito.

use std::thread;

fn main() {
    let mut count = 0u64;
    thread::scope(|s| {
        for _ in 0..10 {
            s.spawn(|| {
                for _ in 0..100 {
                    count += 1;
                }
            });
        }
    });
    println!("Esperado 1000, actual {count}");
}
