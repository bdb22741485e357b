//! Listado 4-19: en un bucle con `select!`, una rama que no se puede cancelar sin pérdida pierde mensajes; con el estado fuera del future, no.
//!
//! Ejecuta: `cargo run --bin listado-04-19-seguridad-cancelacion`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, Interval, interval_at};

/// Diez números, uno cada 40 ms, y un tic cada 100 ms desde los 50 ms.
fn setup() -> (mpsc::Receiver<u32>, Interval) {
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(async move {
        for n in 0..10 {
            tokio::time::sleep(Duration::from_millis(40)).await;
            if tx.send(n).await.is_err() {
                break; // el receptor se fue: no hay a quién enviar
            }
        }
    });
    let first = Instant::now() + Duration::from_millis(50);
    (rx, interval_at(first, Duration::from_millis(100)))
}

async fn read_pair(rx: &mut mpsc::Receiver<u32>) -> Option<(u32, u32)> {
    let first = rx.recv().await?;
    let second = rx.recv().await?; // si sueltan el future aquí, `first` se pierde
    Some((first, second))
}

/// Cada vuelta crea un `read_pair` nuevo; si gana el tic, el anterior se suelta.
pub async fn lossy() -> Vec<(u32, u32)> {
    let (mut rx, mut tick) = setup();
    let mut pairs = Vec::new();
    loop {
        tokio::select! {
            pair = read_pair(&mut rx) => match pair {
                Some(pair) => pairs.push(pair),
                None => break,
            },
            _ = tick.tick() => {} // aquí iría, por ejemplo, un latido
        }
    }
    pairs
}

/// `recv` se puede cancelar sin pérdida, y la mitad del par vive fuera del `select!`.
pub async fn safe() -> Vec<(u32, u32)> {
    let (mut rx, mut tick) = setup();
    let mut pairs = Vec::new();
    let mut first = None; // la primera mitad de un par, entre vuelta y vuelta
    loop {
        tokio::select! {
            n = rx.recv() => match (n, first.take()) {
                (Some(second), Some(first)) => pairs.push((first, second)),
                (Some(n), None) => first = Some(n),
                (None, _) => break,
            },
            _ = tick.tick() => {}
        }
    }
    pairs
}

#[tokio::main]
async fn main() {
    println!("Con read_pair en el select!: {:?}", lossy().await);
    println!("Con recv y el estado fuera: {:?}", safe().await);
}
// ANCHOR_END: listado
