//! Listado 2-16: un reparto de ids con `compare_exchange` que se niega a desbordar.
//!
//! Ejecuta: `cargo run --bin listado-02-16-reservar-ids`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

/// Reparte los ids `0..limit`, cada uno una sola vez.
pub struct IdAllocator {
    next: AtomicU32,
    limit: u32,
}

#[derive(Debug, PartialEq)]
pub struct Exhausted {
    pub limit: u32,
}

impl fmt::Display for Exhausted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no quedan ids: ya se repartieron los {}", self.limit)
    }
}

impl std::error::Error for Exhausted {}

impl IdAllocator {
    pub const fn new(limit: u32) -> Self {
        IdAllocator {
            next: AtomicU32::new(0),
            limit,
        }
    }

    pub fn allocate(&self) -> Result<u32, Exhausted> {
        self.allocate_after(|| {})
    }

    /// Como `allocate`, pero hace `work` entre leer el valor y reservarlo (en
    /// `main`, nada).
    pub fn allocate_after(&self, work: impl Fn()) -> Result<u32, Exhausted> {
        let mut current = self.next.load(Ordering::Relaxed);
        loop {
            if current >= self.limit {
                return Err(Exhausted { limit: self.limit });
            }
            work();
            // Escribe current + 1 solo si `next` sigue valiendo `current`.
            match self.next.compare_exchange_weak(
                current,
                current + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Ok(current),
                Err(seen) => current = seen, // otro hilo se adelantó: reintenta
            }
        }
    }
}

fn main() {
    let ids = IdAllocator::new(1000);
    // Cuatro hilos piden 250 ids cada uno, a la vez.
    let mut all: Vec<u32> = thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| (0..250).map(|_| ids.allocate()).collect::<Vec<_>>())
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect::<Result<_, _>>()
    })
    .expect("4 × 250 ids caben en el límite de 1000");
    all.sort();
    all.dedup();
    let (first, last) = (all[0], all[all.len() - 1]);
    println!("{} ids distintos, del {first} al {last}", all.len());
    if let Err(error) = ids.allocate() {
        println!("Uno más: {error}");
    }
}
// ANCHOR_END: listado
