//! Listado 2-8: dos productores y tres consumidores comparten un canal de crossbeam; los consumidores terminan cuando se cierra.
//!
//! Ejecuta: `cargo run --bin listado-02-08-productor-consumidor`
//! En tu proyecto: `cargo add crossbeam`.

extern crate crossbeam; // para mdbook test

// ANCHOR: listado
use std::io;
use std::thread;
use std::time::Duration;

use crossbeam::channel::{self, Receiver, Sender};

const PRODUCERS: u32 = 2;
const ITEMS: u32 = 20;
const CONSUMERS: u32 = 3;

fn producer(id: u32, tx: Sender<u32>, pause: Duration) {
    for i in 0..ITEMS {
        let item = id * 100 + i; // 0..20 y 100..120: cada elemento dice quién lo hizo
        println!("Producido: {item}");
        tx.send(item).unwrap(); // solo falla si ya no queda ningún Receiver
        if i == ITEMS / 2 {
            thread::sleep(pause); // a mitad, una pausa larga
        }
    }
} // aquí se suelta `tx`; cuando no queda ningún Sender, el canal se cierra

fn consumer(rx: Receiver<u32>) -> Vec<u32> {
    let name = thread::current().name().unwrap_or("sin nombre").to_owned();
    let mut consumed = Vec::new();
    for item in rx {
        // Espera lo que haga falta: el bucle acaba con el canal vacío y cerrado.
        println!("{name} consumió: {item}");
        consumed.push(item);
        thread::sleep(Duration::from_millis(u64::from(item % 3)));
    }
    consumed
}

pub fn run(pause: Duration) -> io::Result<Vec<Vec<u32>>> {
    let (tx, rx) = channel::unbounded();
    thread::scope(|s| {
        let mut consumers = Vec::new();
        for id in 0..CONSUMERS {
            let rx = rx.clone();
            let builder = thread::Builder::new().name(format!("consumidor-{id}"));
            consumers.push(builder.spawn_scoped(s, move || consumer(rx))?);
        }
        for id in 0..PRODUCERS {
            let tx = tx.clone();
            s.spawn(move || producer(id, tx, pause));
        }
        drop(tx); // el Sender de `run` también cuenta: sin esto, nada terminaría
        Ok(consumers.into_iter().map(|h| h.join().unwrap()).collect())
    })
}

fn main() -> io::Result<()> {
    let consumed = run(Duration::from_millis(150))?; // más que la espera del original
    let counts: Vec<usize> = consumed.iter().map(Vec::len).collect();
    let total: usize = counts.iter().sum();
    println!("Elementos por consumidor: {counts:?}");
    println!("Elementos procesados: {total} de {}", PRODUCERS * ITEMS);
    Ok(())
}
// ANCHOR_END: listado
