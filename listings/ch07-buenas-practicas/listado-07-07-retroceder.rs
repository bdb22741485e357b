//! Listado 7-7: tomar dos cerrojos con `try_lock_for` y retroceder si el segundo no llega a tiempo.
//!
//! Ejecuta: `cargo run --bin listado-07-07-retroceder`
//! En tu proyecto: `cargo add parking_lot`

extern crate parking_lot; // para mdbook test

// ANCHOR: listado
use parking_lot::{Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

/// Toma `first` y espera `second` como mucho `patience`; si no llega, suelta `first`,
/// espera `backoff` y vuelve a empezar. Devuelve los dos guards y los reintentos.
pub fn lock_both<'a, A, B>(
    first: &'a Mutex<A>,
    second: &'a Mutex<B>,
    patience: Duration,
    backoff: Duration,
) -> (MutexGuard<'a, A>, MutexGuard<'a, B>, u32) {
    let mut retries = 0;
    loop {
        let a = first.lock();
        if let Some(b) = second.try_lock_for(patience) {
            return (a, b, retries);
        }
        drop(a); // soltar lo que tengo deja avanzar al otro
        retries += 1;
        thread::sleep(backoff * retries);
    }
}

/// `rounds` veces los dos cerrojos, en el orden que se le da; suma los reintentos.
fn worker(
    first: &Mutex<u32>,
    second: &Mutex<u32>,
    rounds: u32,
    backoff: Duration,
) -> u32 {
    let patience = Duration::from_millis(1);
    let mut total = 0;
    for _ in 0..rounds {
        let (mut a, mut b, retries) = lock_both(first, second, patience, backoff);
        (*a, *b) = (*a + 1, *b + 1);
        total += retries;
    }
    total
}

fn main() {
    let (lock_a, lock_b) = (Mutex::new(0), Mutex::new(0));
    let retries = thread::scope(|s| {
        // Cada hilo con su propio retroceso: con el mismo, podrían volver a chocar a
        // la vez una y otra vez. En un programa real, uno aleatorio.
        let a_then_b =
            s.spawn(|| worker(&lock_a, &lock_b, 1000, Duration::from_micros(50)));
        let b_then_a =
            s.spawn(|| worker(&lock_b, &lock_a, 1000, Duration::from_micros(170)));
        a_then_b.join().unwrap() + b_then_a.join().unwrap()
    });
    println!("lock_a = {}, lock_b = {}", lock_a.lock(), lock_b.lock());
    println!("reintentos: {retries}");
}
// ANCHOR_END: listado
