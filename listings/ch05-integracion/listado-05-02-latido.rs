//! Listado 5-2: un latido cada 10 ms sigue su ritmo mientras una llamada que bloquea corre en `spawn_blocking`; hecha dentro de la tarea, lo para.
//!
//! Cada ronda ejecuta la llamada de las dos formas, cada una junto a una tarea que
//! late cada 10 ms, y anota cuántos latidos hubo mientras duraba y el hueco más
//! largo entre dos. Al final da la mediana y el máximo de las rondas.
//!
//! Ejecuta: `cargo run --bin listado-05-02-latido` (una ronda), o para medir
//! `cargo run --release --bin listado-05-02-latido -- 20` (veinte rondas).
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::error::Error;
use std::panic;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

pub const BEAT: Duration = Duration::from_millis(10);
pub const CALL: Duration = Duration::from_millis(200);

/// La llamada que bloquea su hilo durante `CALL`.
fn blocking_call() {
    std::thread::sleep(CALL);
}

// ANCHOR: patron
/// Ejecuta `f` en el pool de bloqueo de Tokio y espera su resultado sin ocupar el
/// hilo del runtime. Si `f` entra en pánico, el pánico sigue aquí.
pub async fn off_runtime<T>(f: impl FnOnce() -> T + Send + 'static) -> T
where
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(value) => value,
        Err(e) if e.is_panic() => panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("{e}"), // cancelada: el runtime se apagó antes de empezar
    }
}
// ANCHOR_END: patron

/// Lo que vio una tarea que late cada `BEAT` mientras corría un trabajo.
pub struct Beats {
    pub during: usize,
    pub longest_gap: Duration,
}

/// Ejecuta `work` mientras otra tarea late cada `BEAT`.
pub async fn beside_heartbeat(work: impl AsyncFnOnce()) -> Beats {
    let beats = Arc::new(Mutex::new(Vec::new()));
    let start = Instant::now();
    let heartbeat = tokio::spawn({
        let beats = Arc::clone(&beats);
        async move {
            loop {
                tokio::time::sleep(BEAT).await;
                beats.lock().unwrap().push(Instant::now());
            }
        }
    });
    work().await;
    let end = Instant::now();
    heartbeat.abort();
    let mut marks = vec![start];
    marks.extend(beats.lock().unwrap().iter());
    marks.push(end);
    let longest_gap = marks.windows(2).map(|w| w[1] - w[0]).max().unwrap();
    Beats {
        during: marks.len() - 2,
        longest_gap,
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let rounds = rounds_from_args()?;
    println!("Una llamada que bloquea {CALL:?} junto a un latido cada {BEAT:?}");
    println!(
        "Rondas: {rounds}; latidos durante la llamada (mediana) y hueco más largo"
    );
    let (mut off, mut inside) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        off.push(beside_heartbeat(async || off_runtime(blocking_call).await).await);
        inside.push(beside_heartbeat(async || blocking_call()).await);
    }
    report("con spawn_blocking", &off);
    report("dentro de la tarea", &inside);
    Ok(())
}
// ANCHOR_END: listado

fn median<T: Ord + Copy>(values: &mut [T]) -> T {
    values.sort();
    values[values.len() / 2]
}

fn report(title: &str, rounds: &[Beats]) {
    let mut during: Vec<usize> = rounds.iter().map(|b| b.during).collect();
    let mut gaps: Vec<Duration> = rounds.iter().map(|b| b.longest_gap).collect();
    let (during, gap) = (median(&mut during), median(&mut gaps));
    let max = *gaps.last().unwrap(); // `median` las dejó ordenadas
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (gap, max) = (ms(gap), ms(max));
    println!(
        "{title:<19}: {during:>2} latidos; hueco más largo: \
         mediana {gap:6.1} ms, máximo {max:6.1} ms"
    );
}

/// El número de rondas: el primer argumento, o 1.
fn rounds_from_args() -> Result<usize, Box<dyn Error>> {
    let rounds: usize = match std::env::args().nth(1) {
        None => 1,
        Some(arg) => arg
            .parse()
            .map_err(|e| format!("«{arg}» no es un número de rondas: {e}"))?,
    };
    if rounds == 0 {
        return Err("hace falta al menos una ronda".into());
    }
    Ok(rounds)
}
