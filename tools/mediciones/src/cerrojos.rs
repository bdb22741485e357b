//! Cerrojos con varios hilos a la vez: T hilos se reparten `OPERACIONES` sobre un
//! contador compartido. Dos cargas: solo incrementos (un `Mutex` de std, uno de
//! parking_lot y un `AtomicU64`), y nueve lecturas por cada escritura (un `RwLock` de
//! std, uno de parking_lot y, para comparar, un `Mutex`).

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::thread;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::medir::{self, Stats};

pub const OPERACIONES: u64 = 2_000_000;
pub const HILOS: [u64; 3] = [1, 2, 4];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cerrojo {
    pub cerrojo: String,
    pub carga: String,
    pub hilos: u64,
    /// Nanosegundos por operación, contando todas las de todos los hilos.
    pub ns_op: Stats,
}

#[derive(Clone, Copy)]
enum Variant {
    StdMutex,
    ParkingLotMutex,
    Atomic,
    StdRwLock,
    ParkingLotRwLock,
    StdMutexReads,
}

impl Variant {
    const ALL: [Variant; 6] = [
        Variant::StdMutex,
        Variant::ParkingLotMutex,
        Variant::Atomic,
        Variant::StdRwLock,
        Variant::ParkingLotRwLock,
        Variant::StdMutexReads,
    ];

    fn name(self) -> (&'static str, &'static str) {
        const INC: &str = "solo incrementos";
        const READS: &str = "90 % lecturas";
        match self {
            Variant::StdMutex => ("std::sync::Mutex", INC),
            Variant::ParkingLotMutex => ("parking_lot::Mutex", INC),
            Variant::Atomic => ("AtomicU64::fetch_add", INC),
            Variant::StdRwLock => ("std::sync::RwLock", READS),
            Variant::ParkingLotRwLock => ("parking_lot::RwLock", READS),
            Variant::StdMutexReads => ("std::sync::Mutex", READS),
        }
    }
}

/// Ejecuta `op(i)` `OPERACIONES` veces repartidas entre `t` hilos.
fn spread(t: u64, op: &(dyn Fn(u64) + Sync)) {
    thread::scope(|s| {
        for h in 0..t {
            s.spawn(move || {
                for i in OPERACIONES * h / t..OPERACIONES * (h + 1) / t {
                    op(i);
                }
            });
        }
    });
}

/// Devuelve el valor final del contador, para comprobar que no se perdió ninguna
/// escritura.
fn run(lock: Variant, t: u64) -> u64 {
    let write = |i: u64| i.is_multiple_of(10);
    match lock {
        Variant::StdMutex => {
            let m = Mutex::new(0u64);
            spread(t, &|_| *m.lock().unwrap() += 1);
            m.into_inner().unwrap()
        }
        Variant::ParkingLotMutex => {
            let m = parking_lot::Mutex::new(0u64);
            spread(t, &|_| *m.lock() += 1);
            m.into_inner()
        }
        Variant::Atomic => {
            let a = AtomicU64::new(0);
            spread(t, &|_| {
                a.fetch_add(1, Ordering::Relaxed);
            });
            a.into_inner()
        }
        Variant::StdRwLock => {
            let l = RwLock::new(0u64);
            spread(t, &|i| match write(i) {
                true => *l.write().unwrap() += 1,
                false => drop(black_box(*l.read().unwrap())),
            });
            l.into_inner().unwrap()
        }
        Variant::ParkingLotRwLock => {
            let l = parking_lot::RwLock::new(0u64);
            spread(t, &|i| match write(i) {
                true => *l.write() += 1,
                false => drop(black_box(*l.read())),
            });
            l.into_inner()
        }
        Variant::StdMutexReads => {
            let m = Mutex::new(0u64);
            spread(t, &|i| match write(i) {
                true => *m.lock().unwrap() += 1,
                false => drop(black_box(*m.lock().unwrap())),
            });
            m.into_inner().unwrap()
        }
    }
}

pub fn medir() -> Vec<Cerrojo> {
    let variants: Vec<(Variant, u64)> = Variant::ALL
        .into_iter()
        .flat_map(|l| HILOS.map(|t| (l, t)))
        .collect();
    let stats = medir::rounds(&variants, 1, 7, |&(lock, t)| {
        let start = Instant::now();
        let total = run(lock, t);
        let ns = start.elapsed().as_secs_f64() * 1e9 / OPERACIONES as f64;
        let expected = match lock.name().1 {
            "solo incrementos" => OPERACIONES,
            _ => OPERACIONES / 10,
        };
        assert_eq!(
            total,
            expected,
            "{}: se perdieron escrituras",
            lock.name().0
        );
        ns
    });
    variants
        .iter()
        .zip(stats)
        .map(|(&(lock, hilos), ns_op)| Cerrojo {
            cerrojo: lock.name().0.to_owned(),
            carga: lock.name().1.to_owned(),
            hilos,
            ns_op,
        })
        .collect()
}
