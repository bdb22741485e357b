//! Listado 4-18: con un `CancellationToken`, el trabajador acaba el trabajo en curso antes de parar; con `abort`, lo deja a medias.
//!
//! Ejecuta: `cargo run --bin listado-04-18-apagado-cooperativo`
//! En tu proyecto: `cargo add tokio --features full` y `cargo add tokio-util`.

extern crate tokio; // para mdbook test
extern crate tokio_util; // para mdbook test

// ANCHOR: listado
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

pub const JOB: Duration = Duration::from_millis(100);
pub const STOP_AT: Duration = Duration::from_millis(250);

async fn worker(
    mut jobs: mpsc::Receiver<u32>,
    token: CancellationToken,
    done: Arc<Mutex<Vec<u32>>>,
) {
    loop {
        tokio::select! {
            biased; // mira primero si hay que parar, aunque haya trabajo esperando
            _ = token.cancelled() => break,
            job = jobs.recv() => {
                let Some(job) = job else { break };
                // El cuerpo de la rama elegida corre entero: el token no lo corta.
                tokio::time::sleep(JOB).await;
                done.lock().unwrap().push(job);
            }
        }
    }
}

/// Diez trabajos de 100 ms; a los 250 ms se pide parar, con el token o con `abort`.
/// Devuelve los trabajos terminados y cuándo se detuvo el trabajador.
pub async fn stop(cooperative: bool) -> (Vec<u32>, Duration) {
    let (tx, rx) = mpsc::channel(10);
    for job in 0..10 {
        tx.send(job).await.unwrap(); // caben todos: no espera
    }
    let token = CancellationToken::new();
    let done = Arc::new(Mutex::new(Vec::new()));
    let start = Instant::now();
    let handle = tokio::spawn(worker(rx, token.clone(), Arc::clone(&done)));
    tokio::time::sleep(STOP_AT).await;
    if cooperative {
        token.cancel();
    } else {
        handle.abort();
    }
    let stopped = handle.await; // con `abort`, un `JoinError` cancelado
    assert_eq!(stopped.is_err(), !cooperative);
    (done.lock().unwrap().clone(), start.elapsed())
}

#[tokio::main]
async fn main() {
    for (how, cooperative) in [("Con el token", true), ("Con abort", false)] {
        let (done, elapsed) = stop(cooperative).await;
        println!(
            "{how}: terminados {done:?}, parado a los {} ms",
            elapsed.as_millis()
        );
    }
}
// ANCHOR_END: listado
