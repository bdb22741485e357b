//! Cuánto cuesta leer el reloj, la operación que la caché repite en cada consulta
//! para saber si una entrada ha caducado.
//!
//! Ejecuta: `cargo bench -p ejercicio-1-cache --bench reloj`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ejercicio_1_cache::{Clock, Entry, ManualClock, SystemClock, Ttl};

fn clocks(c: &mut Criterion) {
    let manual = ManualClock::new();
    let entry = Entry::new(
        1u64,
        Ttl::new(Duration::from_secs(60)).unwrap(),
        Instant::now(),
    );
    c.bench_function("Instant::now()", |b| b.iter(Instant::now));
    c.bench_function("SystemClock::now()", |b| {
        b.iter(|| black_box(&SystemClock).now())
    });
    c.bench_function("ManualClock::now()", |b| {
        b.iter(|| black_box(&manual).now())
    });
    c.bench_function("Entry::is_expired(Instant::now())", |b| {
        b.iter(|| black_box(&entry).is_expired(Instant::now()))
    });
}

criterion_group!(benches, clocks);
criterion_main!(benches);
