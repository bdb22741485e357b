//! Listado 2-15: publicar un valor con un `AtomicBool` en `Release` y `Acquire`.
//!
//! Ejecuta: `cargo run --bin listado-02-15-publicar-con-release`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// Un buzón de un solo uso: un hilo deja un valor y otro lo recoge. Empieza con
/// `value` a 0 y `ready` a `false`.
#[derive(Default)]
pub struct Mailbox {
    value: AtomicU64,
    ready: AtomicBool,
}

impl Mailbox {
    pub fn publish(&self, value: u64) {
        self.value.store(value, Ordering::Relaxed);
        // Release: quien lea este `true` con Acquire ve también lo escrito antes.
        self.ready.store(true, Ordering::Release);
    }

    /// Espera el valor como mucho `patience`; `None` si nadie lo publicó a tiempo.
    pub fn wait(&self, patience: Duration) -> Option<u64> {
        let deadline = Instant::now() + patience;
        while !self.ready.load(Ordering::Acquire) {
            if Instant::now() >= deadline {
                return None;
            }
            thread::yield_now();
        }
        Some(self.value.load(Ordering::Relaxed))
    }
}

fn main() {
    let mailbox = Mailbox::default();
    thread::scope(|s| {
        let consumer = s.spawn(|| mailbox.wait(Duration::from_secs(1)));
        s.spawn(|| mailbox.publish(42));
        match consumer.join().unwrap() {
            Some(value) => println!("El consumidor ve ready = true y lee {value}"),
            None => println!("Nadie publicó nada en un segundo"),
        }
    });
}
// ANCHOR_END: listado
