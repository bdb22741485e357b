//! Muchas esperas a la vez: N tareas de tokio o N hilos del sistema, cada uno esperando
//! 100 ms, todos a la vez. Cada medida se hace en un proceso hijo nuevo, para que la
//! memoria máxima (`VmHWM` de `/proc/self/status`) sea solo la suya; con N = 0 se mide
//! lo que ocupa el proceso vacío, y la diferencia, repartida entre N, es lo que cuesta
//! cada espera. Con hilos, a partir de algún N el sistema se niega a crear más: la
//! medida anota en cuál y con qué error.

use std::path::Path;
use std::process::Command;
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::medir::Stats;

pub const ESPERA: Duration = Duration::from_millis(100);
pub const NS: [usize; 3] = [1_000, 10_000, 100_000];
const REPETICIONES: usize = 3;
/// La pila de cada hilo: 64 KiB, bastante para dormir, en lugar de los 2 MiB de std.
const PILA: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Esperas {
    pub modelo: String,
    pub n: usize,
    /// Crear las N unidades, en ms.
    pub crear_ms: Option<Stats>,
    /// Desde que se les da la salida hasta que han acabado todas, en ms.
    pub esperar_ms: Option<Stats>,
    /// Memoria máxima del proceso menos la del proceso con N = 0, por unidad, en KiB.
    pub kib_por_unidad: Option<f64>,
    /// Si no se pudo: en qué unidad y por qué.
    pub error: Option<String>,
}

/// Lo que escribe un proceso hijo: una línea JSON.
#[derive(Debug, Serialize, Deserialize)]
pub struct Hijo {
    pub crear_ms: f64,
    pub esperar_ms: f64,
    pub pico_kib: Option<u64>,
    pub error: Option<String>,
}

pub fn medir(exe: &Path) -> Vec<Esperas> {
    let mut out = Vec::new();
    for modelo in ["tareas", "hilos"] {
        let base = hijo(exe, modelo, 0).ok().and_then(|h| h.pico_kib);
        for &n in &NS {
            let mut runs = Vec::new();
            let mut error = None;
            for _ in 0..REPETICIONES {
                match hijo(exe, modelo, n) {
                    Ok(h) if h.error.is_none() => runs.push(h),
                    Ok(h) => error = h.error,
                    Err(e) => error = Some(e),
                }
                if error.is_some() {
                    break;
                }
            }
            let stats = |f: fn(&Hijo) -> f64| {
                (!runs.is_empty())
                    .then(|| Stats::of(&runs.iter().map(f).collect::<Vec<_>>()))
            };
            let peaks: Vec<f64> = runs
                .iter()
                .filter_map(|h| h.pico_kib)
                .map(|p| p as f64)
                .collect();
            let kib_por_unidad = match (base, peaks.is_empty()) {
                (Some(base), false) => {
                    Some((Stats::of(&peaks).mediana - base as f64) / n as f64)
                }
                _ => None,
            };
            out.push(Esperas {
                modelo: if modelo == "tareas" {
                    "tareas de tokio".into()
                } else {
                    "hilos del sistema (pila de 64 KiB)".into()
                },
                n,
                crear_ms: stats(|h| h.crear_ms),
                esperar_ms: stats(|h| h.esperar_ms),
                kib_por_unidad: if error.is_none() {
                    kib_por_unidad
                } else {
                    None
                },
                error,
            });
        }
    }
    out
}

fn hijo(exe: &Path, modelo: &str, n: usize) -> Result<Hijo, String> {
    let out = Command::new(exe)
        .args(["--hijo", "esperas", modelo, &n.to_string()])
        .env("RUST_BACKTRACE", "0")
        .output()
        .map_err(|e| format!("no se pudo lanzar el proceso hijo: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.trim()).map_err(|_| {
        // Sin medida: el hijo abortó. Su salida de errores dice cuántos hilos llegó a
        // crear (una línea cada mil) y por qué abortó (la primera línea con un error
        // del sistema).
        let stderr = String::from_utf8_lossy(&out.stderr);
        let created = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("creados: "))
            .next_back()
            .unwrap_or("0");
        let why = stderr
            .lines()
            .find(|l| l.contains("os error"))
            .or_else(|| stderr.lines().find(|l| !l.trim().is_empty()))
            .unwrap_or("sin mensaje")
            .trim();
        format!(
            "el proceso abortó ({}) tras crear más de {created}: «{why}»",
            out.status
        )
    })
}

/// El papel de hijo: N esperas simultáneas y su medida, en una línea JSON.
pub fn como_hijo(modelo: &str, n: usize) -> Hijo {
    match modelo {
        "tareas" => tasks(n),
        _ => threads(n),
    }
}

fn threads(n: usize) -> Hijo {
    // Ningún hilo empieza a esperar hasta que se han creado todos: el cerrojo de
    // escritura los retiene, y se suelta también si falla la creación de alguno.
    let gate = Arc::new(RwLock::new(()));
    let closed = gate.write().unwrap();
    let start = Instant::now();
    let mut handles = Vec::with_capacity(n);
    let mut error = None;
    for i in 0..n {
        let gate = Arc::clone(&gate);
        let spawned = thread::Builder::new().stack_size(PILA).spawn(move || {
            drop(gate.read().unwrap());
            thread::sleep(ESPERA);
        });
        if (i + 1) % 1000 == 0 {
            eprintln!("creados: {}", i + 1);
        }
        match spawned {
            Ok(h) => handles.push(h),
            Err(e) => {
                error =
                    Some(format!("el hilo número {} no se pudo crear: {e}", i + 1));
                break;
            }
        }
    }
    let crear_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    drop(closed);
    for h in handles {
        h.join().unwrap();
    }
    Hijo {
        crear_ms,
        esperar_ms: start.elapsed().as_secs_f64() * 1e3,
        pico_kib: peak_kib(),
        error,
    }
}

fn tasks(n: usize) -> Hijo {
    let runtime =
        tokio::runtime::Runtime::new().expect("no se pudo crear el runtime");
    let (crear_ms, esperar_ms) = runtime.block_on(async {
        let gate = Arc::new(tokio::sync::RwLock::new(()));
        let closed = gate.write().await;
        let start = Instant::now();
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let gate = Arc::clone(&gate);
                tokio::spawn(async move {
                    drop(gate.read().await);
                    tokio::time::sleep(ESPERA).await;
                })
            })
            .collect();
        let crear_ms = start.elapsed().as_secs_f64() * 1e3;
        let start = Instant::now();
        drop(closed);
        for h in handles {
            h.await.unwrap();
        }
        (crear_ms, start.elapsed().as_secs_f64() * 1e3)
    });
    Hijo {
        crear_ms,
        esperar_ms,
        pico_kib: peak_kib(),
        error: None,
    }
}

/// La memoria residente máxima del proceso, en KiB (Linux).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
