//! Escalado fuerte: el mismo cálculo (sumar `0..n`) repartido entre k = 1, 2, 4 y 8
//! hilos, con hilos de `std`, con rayon y con el «GIL simulado» del capítulo 1 (un
//! `Mutex` global que cada hilo toma para calcular cada tramo), y, si hay `python3`,
//! el mismo cálculo en CPython con `threading` y con `multiprocessing`.

use std::hint::black_box;
use std::ops::Range;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::thread;
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::medir::{self, Stats};

pub const KS: [u64; 4] = [1, 2, 4, 8];
/// El trabajo total: unos 50 ms con un hilo en un núcleo de servidor actual.
pub const N: u64 = 200_000_000;
const TICK: u64 = 10_000;
static GIL: Mutex<()> = Mutex::new(());

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Escalado {
    pub modelo: String,
    pub k: u64,
    /// Milisegundos por ejecución.
    pub ms: Stats,
    /// Mediana con k = 1 entre mediana con k, del mismo modelo y la misma ejecución.
    pub aceleracion: f64,
}

#[inline(never)]
fn sum(range: Range<u64>) -> u64 {
    range.map(black_box).sum()
}

fn sum_holding_gil(range: Range<u64>) -> u64 {
    let mut total = 0;
    for start in range.clone().step_by(TICK as usize) {
        let _gil = GIL.lock().unwrap();
        total += sum(start..(start + TICK).min(range.end));
    }
    total
}

fn split(n: u64, k: u64, work: fn(Range<u64>) -> u64) -> u64 {
    thread::scope(|s| {
        let handles: Vec<_> = (0..k)
            .map(|i| s.spawn(move || work(n * i / k..n * (i + 1) / k)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

#[derive(Clone, Copy)]
enum Model {
    Threads,
    Rayon,
    Gil,
}

impl Model {
    fn name(self) -> &'static str {
        match self {
            Model::Threads => "hilos",
            Model::Rayon => "rayon",
            Model::Gil => "GIL simulado",
        }
    }
}

fn run(model: Model, k: u64, pools: &[rayon::ThreadPool]) -> f64 {
    let start = Instant::now();
    let total = match model {
        Model::Threads => split(N, k, sum),
        Model::Gil => split(N, k, sum_holding_gil),
        Model::Rayon => {
            let pool = &pools[KS.iter().position(|&x| x == k).unwrap()];
            pool.install(|| (0..N).into_par_iter().map(black_box).sum())
        }
    };
    let ms = start.elapsed().as_secs_f64() * 1e3;
    assert_eq!(
        total,
        N * (N - 1) / 2,
        "suma incorrecta ({}, k = {k})",
        model.name()
    );
    ms
}

/// Las tres variantes de Rust, por rondas: 2 de calentamiento y 7 medidas.
pub fn rust() -> Vec<Escalado> {
    let pools: Vec<_> = KS
        .iter()
        .map(|&k| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(k as usize)
                .build()
                .expect("no se pudo crear el pool de rayon")
        })
        .collect();
    let variants: Vec<(Model, u64)> = [Model::Threads, Model::Rayon, Model::Gil]
        .into_iter()
        .flat_map(|m| KS.map(|k| (m, k)))
        .collect();
    let stats = medir::rounds(&variants, 2, 7, |&(m, k)| run(m, k, &pools));
    with_speedups(
        variants
            .iter()
            .zip(stats)
            .map(|(&(m, k), ms)| (m.name().to_owned(), k, ms))
            .collect(),
    )
}

/// Añade a cada fila la aceleración respecto a la fila k = 1 de su modelo.
pub fn with_speedups(rows: Vec<(String, u64, Stats)>) -> Vec<Escalado> {
    rows.iter()
        .map(|(modelo, k, ms)| {
            let one = rows
                .iter()
                .find(|(m, k, _)| m == modelo && *k == 1)
                .map_or(f64::NAN, |(_, _, s)| s.mediana);
            Escalado {
                modelo: modelo.clone(),
                k: *k,
                ms: *ms,
                aceleracion: one / ms.mediana,
            }
        })
        .collect()
}

/// El mismo cálculo en CPython (`escalado.py`, junto a este crate), o por qué no se
/// pudo medir.
pub fn cpython(script: &Path) -> Result<Vec<Escalado>, String> {
    let out = Command::new("python3")
        .arg(script)
        .output()
        .map_err(|e| format!("no se encontró python3 ({e}): se omite CPython"))?;
    if !out.status.success() {
        return Err(format!(
            "{} falló: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<(String, u64, Stats)> = text
        .lines()
        .map(|line| {
            let row: Fila = serde_json::from_str(line).map_err(|e| {
                format!("línea de {}: «{line}»: {e}", script.display())
            })?;
            Ok((row.modelo, row.k, row.ms))
        })
        .collect::<Result<_, String>>()?;
    Ok(with_speedups(rows))
}

#[derive(Deserialize)]
struct Fila {
    modelo: String,
    k: u64,
    ms: Stats,
}
