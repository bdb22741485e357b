//! Listado 7-1: el `UnsafeCounter` del original con un `Cell`, compartido entre hilos. Este listado no compila a propósito.

use std::cell::Cell;
use std::thread;

struct UnsafeCounter {
    count: Cell<u64>,
}

impl UnsafeCounter {
    fn increment(&self) {
        let current = self.count.get();
        self.count.set(current + 1);
    }
}

fn main() {
    let counter = UnsafeCounter { count: Cell::new(0) };
    thread::scope(|s| {
        for _ in 0..10 {
            s.spawn(|| {
                for _ in 0..100 {
                    counter.increment();
                }
            });
        }
    });
    println!("Esperado 1000, actual {}", counter.count.get());
}
