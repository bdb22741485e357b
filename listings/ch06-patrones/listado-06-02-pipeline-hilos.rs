//! Listado 6-2: el mismo pipeline con hilos y canales acotados de crossbeam.
//!
//! Ejecuta: `cargo run --bin listado-06-02-pipeline-hilos`
//! En tu proyecto: `cargo add crossbeam`.

extern crate crossbeam; // para mdbook test

// ANCHOR: listado
use std::thread;
use std::time::Duration;

use crossbeam::channel::{self, Receiver, Sender};

pub const CAPACITY: usize = 2;

#[derive(Debug, PartialEq)]
pub enum PipelineError {
    NotANumber(String),
    Overflow(i64),
}

/// Una etapa en su hilo: el mismo contrato que la versión async.
pub fn stage<T, U>(
    rx: Receiver<T>,
    tx: Sender<U>,
    f: impl Fn(T) -> Result<U, PipelineError>,
) -> Result<(), PipelineError> {
    for item in rx {
        if tx.send(f(item)?).is_err() {
            break;
        }
    }
    Ok(())
}

/// `(2x + 10)²` de cada entrada; `work` es lo que tarda la primera etapa.
pub fn run(
    inputs: impl IntoIterator<Item = String, IntoIter: Send>,
    work: Duration,
) -> Result<Vec<i64>, PipelineError> {
    let inputs = inputs.into_iter();
    let (tx0, rx0) = channel::bounded(CAPACITY);
    let (tx1, rx1) = channel::bounded(CAPACITY);
    let (tx2, rx2) = channel::bounded(CAPACITY);
    let (tx3, rx3) = channel::bounded(CAPACITY);
    let (tx4, rx4) = channel::bounded(CAPACITY);
    let checked = |op: fn(i64) -> Option<i64>| {
        move |x| op(x).ok_or(PipelineError::Overflow(x))
    };
    thread::scope(|s| {
        s.spawn(move || {
            for input in inputs {
                if tx0.send(input).is_err() {
                    break;
                }
            }
        });
        let stages = [
            s.spawn(move || {
                stage(rx0, tx1, |s: String| {
                    thread::sleep(work);
                    s.trim().parse().map_err(|_| PipelineError::NotANumber(s))
                })
            }),
            s.spawn(move || stage(rx1, tx2, checked(|x| x.checked_mul(2)))),
            s.spawn(move || stage(rx2, tx3, checked(|x| x.checked_add(10)))),
            s.spawn(move || stage(rx3, tx4, checked(|x| x.checked_mul(x)))),
        ];
        let outputs: Vec<i64> = rx4.iter().collect();
        // Si una etapa entró en pánico, `unwrap` lo convierte en uno de este hilo.
        let mut result = Ok(outputs);
        for handle in stages {
            if let (Ok(_), Err(e)) = (&result, handle.join().unwrap()) {
                result = Err(e);
            }
        }
        result
    })
}

fn main() {
    let inputs = ["3", "7", "1", "42"].map(String::from);
    println!("Entrada correcta: {:?}", run(inputs, Duration::ZERO));
    let inputs = ["3", "7", "x", "42"].map(String::from);
    println!("Entrada con un error: {:?}", run(inputs, Duration::ZERO));
}
// ANCHOR_END: listado
