//! Listado 4-13: tres productores y dos consumidores con un canal acotado que se cierra al soltar el último emisor.
//!
//! Ejecuta: `cargo run --bin listado-04-13-productor-consumidor`
//! En tu proyecto: `cargo add tokio --features full` y `cargo add async-channel`.

extern crate async_channel; // para mdbook test
extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::collections::BTreeSet;
use std::time::Duration;

use async_channel::{Receiver, Sender};
use tokio::task::JoinSet;
use tokio::time::Instant;

pub const PRODUCE: Duration = Duration::from_millis(10);
pub const CONSUME: Duration = Duration::from_millis(50);

pub async fn producer(id: usize, tx: Sender<String>) {
    for i in 0..5 {
        tokio::time::sleep(PRODUCE).await;
        // Con la cola llena, `send` espera: así frena al productor (contrapresión).
        // Da `Err` si ya no queda ningún consumidor: entonces no hay a quién producir.
        let item = format!("productor {id} - elemento {i}");
        if tx.send(item).await.is_err() {
            break;
        }
    }
} // aquí se suelta `tx`; al soltarse el último emisor, el canal se cierra

async fn consumer(rx: Receiver<String>) -> Vec<String> {
    let mut consumed = Vec::new();
    // `recv` da `Err` cuando la cola está vacía y ya no queda ningún emisor.
    while let Ok(item) = rx.recv().await {
        tokio::time::sleep(CONSUME).await;
        consumed.push(item);
    }
    consumed
}

/// Cuándo terminaron los productores, cuándo los consumidores, y qué consumieron.
pub async fn run(capacity: usize) -> (Duration, Duration, Vec<String>) {
    let start = Instant::now();
    let (tx, rx) = async_channel::bounded(capacity);
    let consumers: JoinSet<_> = (0..2).map(|_| consumer(rx.clone())).collect();
    let producers: JoinSet<()> = (0..3).map(|id| producer(id, tx.clone())).collect();
    drop((tx, rx)); // solo emiten los productores y solo reciben los consumidores
    producers.join_all().await;
    let producers_done = start.elapsed();
    let consumed = consumers.join_all().await.concat();
    (producers_done, start.elapsed(), consumed)
}

#[tokio::main]
async fn main() {
    let (producers_done, all_done, consumed) = run(10).await;
    let ms = producers_done.as_millis();
    println!("Los productores terminaron a los {ms} ms; solos tardarían 50 ms");
    let (n, distinct) = (consumed.len(), BTreeSet::from_iter(&consumed).len());
    println!("Consumidos {n} de 15, {distinct} distintos");
    println!(
        "Los consumidores terminaron a los {} ms",
        all_done.as_millis()
    );
}
// ANCHOR_END: listado
