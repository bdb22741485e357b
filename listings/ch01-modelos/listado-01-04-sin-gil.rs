//! Listado 1-4: escalado fuerte de un trabajo de CPU fijo con hilos, con rayon y con un «GIL simulado».
//!
//! El mismo trabajo total (sumar `0..n`) se reparte entre k hilos; el «GIL
//! simulado» es un `Mutex` global que cada hilo debe tener para calcular.
//!
//! Ejecuta: `cargo run --release --bin listado-01-04-sin-gil -- 400000000`
//! (sin argumento usa un trabajo pequeño, pensado para los tests).
//! En tu proyecto: `cargo add rayon`.

extern crate rayon; // para mdbook test

// ANCHOR: listado
use std::error::Error;
use std::hint::black_box;
use std::ops::Range;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use rayon::prelude::*;

const REPS: usize = 5; // cada medida es la mediana de REPS ejecuciones
pub const TICK: u64 = 10_000; // iteraciones entre cesiones del GIL simulado
const MAX_N: u64 = 4_000_000_000; // n(n − 1) cabe todavía en un u64
static GIL: Mutex<()> = Mutex::new(());

#[inline(never)] // el mismo código máquina para las variantes de hilos y de GIL simulado
fn sum(range: Range<u64>) -> u64 {
    range.map(black_box).sum()
}

/// Como `sum`, pero calcula solo mientras tiene el GIL simulado.
fn sum_holding_gil(range: Range<u64>) -> u64 {
    holding_gil(range, sum)
}

/// Aplica `work` a `range` por tramos de `TICK`, cada uno con el GIL simulado tomado.
pub fn holding_gil(range: Range<u64>, work: impl Fn(Range<u64>) -> u64) -> u64 {
    let mut total = 0;
    for start in range.clone().step_by(TICK as usize) {
        let _gil = GIL.lock().unwrap(); // solo un hilo calcula a la vez
        total += work(start..(start + TICK).min(range.end));
    }
    total
}

/// Parte `0..n` en `k` trozos, aplica `work` a cada uno en su hilo y suma.
pub fn split(n: u64, k: u64, work: impl Fn(Range<u64>) -> u64 + Copy + Send) -> u64 {
    thread::scope(|s| {
        let handles: Vec<_> = (0..k)
            .map(|i| s.spawn(move || work(n * i / k..n * (i + 1) / k)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

fn threads(n: u64, k: u64) -> u64 {
    split(n, k, sum)
}

fn simulated_gil(n: u64, k: u64) -> u64 {
    split(n, k, sum_holding_gil)
}

fn with_rayon(n: u64, k: u64) -> u64 {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(k as usize)
        .build();
    let pool = pool.expect("no se pudo crear el pool de rayon");
    pool.install(|| (0..n).into_par_iter().map(black_box).sum())
}
// ANCHOR_END: listado

// ANCHOR: main
/// Una forma de sumar `0..n` con `k` hilos.
type Arm = fn(u64, u64) -> u64;

/// Una ejecución cronometrada, comprobando además el resultado.
fn measure(arm: Arm, n: u64, k: u64) -> Duration {
    let start = Instant::now();
    assert_eq!(arm(n, k), n * (n - 1) / 2, "suma incorrecta con k = {k}");
    start.elapsed()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() -> Result<(), Box<dyn Error>> {
    let n: u64 = match std::env::args().nth(1) {
        None => 1_000_000,
        Some(arg) => arg
            .parse()
            .map_err(|e| format!("«{arg}» no es un número: {e}"))?,
    };
    if !(1..=MAX_N).contains(&n) {
        return Err(
            format!("el trabajo debe estar entre 1 y {MAX_N}; es {n}").into()
        );
    }
    let cores = thread::available_parallelism()?.get() as u64;
    println!("Núcleos disponibles: {cores}; trabajo total: suma de 0..{n}");
    let arms: [(&str, Arm); 3] = [
        ("hilos", threads),
        ("rayon", with_rayon),
        ("GIL simulado", simulated_gil),
    ];
    let ks: Vec<u64> = (0..)
        .map(|e| 1 << e)
        .take_while(|&k| k <= 2 * cores)
        .collect();
    // Por rondas: si la máquina se frena un momento, se frenan todas las configuraciones.
    let mut times = vec![vec![Vec::new(); ks.len()]; arms.len()];
    for _ in 0..REPS {
        for (a, (_, arm)) in arms.iter().enumerate() {
            for (j, &k) in ks.iter().enumerate() {
                times[a][j].push(measure(*arm, n, k));
            }
        }
    }
    for ((name, _), times) in arms.iter().zip(&mut times) {
        let t1 = median(&mut times[0]);
        for (&k, times) in ks.iter().zip(times.iter_mut()) {
            let tk = median(times);
            let speedup = t1.as_secs_f64() / tk.as_secs_f64(); // mismo trabajo total
            println!(
                "{name:<12} k = {k:<2} mediana {tk:>10.2?}  speedup {speedup:.2}x"
            );
        }
    }
    Ok(())
}
// ANCHOR_END: main
