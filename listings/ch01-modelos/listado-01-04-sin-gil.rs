//! Listado 1-4: escalado fuerte de un trabajo de CPU fijo con hilos, con rayon y con un «GIL simulado».
//!
//! El mismo trabajo total (sumar `0..n`) se reparte entre k hilos; el «GIL
//! simulado» es un `Mutex` global que cada hilo debe tener para calcular.
//!
//! Ejecuta: `cargo run --release --bin listado-01-04-sin-gil -- 400000000`
//! (sin argumento usa un trabajo pequeño, pensado para los tests).
//! En tu proyecto: `cargo add rayon`.

// ANCHOR: todo
use std::error::Error;
use std::hint::black_box;
use std::ops::Range;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use rayon::prelude::*;

const REPS: usize = 5; // cada medida es la mediana de REPS ejecuciones
const TICK: u64 = 10_000; // iteraciones entre cesiones del GIL simulado
static GIL: Mutex<()> = Mutex::new(());

/// El trozo `i` de `0..n` repartido entre `k` hilos.
fn chunk(n: u64, k: u64, i: u64) -> Range<u64> {
    n * i / k..n * (i + 1) / k
}

fn sum(range: Range<u64>) -> u64 {
    range.map(black_box).sum()
}

fn threads(n: u64, k: u64) -> u64 {
    thread::scope(|s| {
        let handles: Vec<_> = (0..k)
            .map(|i| s.spawn(move || sum(chunk(n, k, i))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

fn simulated_gil(n: u64, k: u64) -> u64 {
    let work = |range: Range<u64>| {
        let mut total = 0;
        for start in range.clone().step_by(TICK as usize) {
            let _gil = GIL.lock().unwrap(); // solo un hilo calcula a la vez
            total += sum(start..(start + TICK).min(range.end));
        }
        total
    };
    thread::scope(|s| {
        let handles: Vec<_> = (0..k)
            .map(|i| s.spawn(move || work(chunk(n, k, i))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

fn with_rayon(n: u64, k: u64) -> u64 {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(k as usize)
        .build();
    let pool = pool.expect("no se pudo crear el pool de rayon");
    pool.install(|| (0..n).into_par_iter().map(black_box).sum())
}
// ANCHOR_END: todo

// ANCHOR: main
/// Una forma de sumar `0..n` con `k` hilos.
type Arm = fn(u64, u64) -> u64;

/// Mediana de `REPS` ejecuciones; comprueba además cada resultado.
fn median(arm: Arm, n: u64, k: u64) -> Duration {
    let mut times: Vec<Duration> = (0..REPS)
        .map(|_| {
            let start = Instant::now();
            assert_eq!(arm(n, k), n * (n - 1) / 2, "suma incorrecta con k = {k}");
            start.elapsed()
        })
        .collect();
    times.sort();
    times[REPS / 2]
}

fn main() -> Result<(), Box<dyn Error>> {
    let n: u64 = match std::env::args().nth(1) {
        None => 1_000_000,
        Some(arg) => arg
            .parse()
            .map_err(|e| format!("«{arg}» no es un número: {e}"))?,
    };
    let cores = thread::available_parallelism()?.get() as u64;
    println!("Núcleos disponibles: {cores}; trabajo total: suma de 0..{n}");
    let arms: [(&str, Arm); 3] = [
        ("hilos", threads),
        ("rayon", with_rayon),
        ("GIL simulado", simulated_gil),
    ];
    for (name, arm) in arms {
        let mut t1 = Duration::ZERO;
        for k in (0..).map(|e| 1 << e).take_while(|&k| k <= 2 * cores) {
            let tk = median(arm, n, k);
            if k == 1 {
                t1 = tk;
            }
            let speedup = t1.as_secs_f64() / tk.as_secs_f64(); // mismo trabajo total
            println!(
                "{name:<12} k = {k:<2} mediana {tk:>10.2?}  speedup {speedup:.2}x"
            );
        }
    }
    Ok(())
}
// ANCHOR_END: main
