//! Listado 6-1: un pipeline de cuatro etapas hechas con una sola función genérica, con canales acotados y un error que lo para entero.
//!
//! Ejecuta: `cargo run --bin listado-06-01-pipeline`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
// ANCHOR: etapa
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::mpsc::{self, Receiver, Sender};
use tokio::task::JoinSet;

pub const CAPACITY: usize = 2; // elementos que caben entre dos etapas
pub const WORK: Duration = Duration::from_millis(10); // lo que tarda cada etapa

#[derive(Debug, PartialEq)]
pub enum PipelineError {
    NotANumber(String),
    Overflow(i64),
}

/// Una etapa: toma de `rx`, transforma con `f` y envía a `tx`, hasta que `rx` se
/// cierra o `f` falla.
pub async fn stage<T, U>(
    mut rx: Receiver<T>,
    tx: Sender<U>,
    f: impl AsyncFn(T) -> Result<U, PipelineError>,
) -> Result<(), PipelineError> {
    while let Some(item) = rx.recv().await {
        let out = f(item).await?; // al salir se sueltan `rx` y `tx`: se cierran los dos
        if tx.send(out).await.is_err() {
            break; // la etapa siguiente ya no está: su error llega por su tarea
        }
    }
    Ok(())
}
// ANCHOR_END: etapa

// ANCHOR: pipeline
/// `(2x + 10)²` de cada entrada, en el orden de entrada.
pub async fn run<I>(inputs: I) -> Result<Vec<i64>, PipelineError>
where
    I: IntoIterator<Item = String, IntoIter: Send + 'static>,
{
    let inputs = inputs.into_iter();
    let (tx0, rx0) = mpsc::channel(CAPACITY);
    let (tx1, rx1) = mpsc::channel(CAPACITY);
    let (tx2, rx2) = mpsc::channel(CAPACITY);
    let (tx3, rx3) = mpsc::channel(CAPACITY);
    let (tx4, mut rx4) = mpsc::channel(CAPACITY);
    let mut stages = JoinSet::new();
    stages.spawn(async move {
        for input in inputs {
            if tx0.send(input).await.is_err() {
                break; // la primera etapa se ha parado: no se lee más entrada
            }
        }
        Ok(())
    });
    stages.spawn(stage(rx0, tx1, async |s: String| {
        tokio::time::sleep(WORK).await;
        s.trim().parse().map_err(|_| PipelineError::NotANumber(s))
    }));
    // Una transformación de enteros que tarda `WORK` y falla si se desborda.
    let checked = |op: fn(i64) -> Option<i64>| {
        async move |x| {
            tokio::time::sleep(WORK).await;
            op(x).ok_or(PipelineError::Overflow(x))
        }
    };
    stages.spawn(stage(rx1, tx2, checked(|x| x.checked_mul(2))));
    stages.spawn(stage(rx2, tx3, checked(|x| x.checked_add(10))));
    stages.spawn(stage(rx3, tx4, checked(|x| x.checked_mul(x))));
    let mut outputs = Vec::new();
    while let Some(output) = rx4.recv().await {
        outputs.push(output);
    }
    // Todas las etapas acaban solas; si una falló, su error es el resultado.
    let mut result = Ok(outputs);
    while let Some(joined) = stages.join_next().await {
        let stage_result =
            joined.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        if let (Ok(_), Err(e)) = (&result, stage_result) {
            result = Err(e);
        }
    }
    result
}
// ANCHOR_END: pipeline

// ANCHOR: main
#[tokio::main]
async fn main() {
    let inputs = ["3", "7", "1", "42"].map(String::from);
    println!("Entrada correcta: {:?}", run(inputs).await);

    // Mil entradas, la cuarta mal escrita: ¿cuántas llega a leer el pipeline?
    let read = Arc::new(AtomicUsize::new(0));
    let counter = read.clone();
    let inputs = (0..1000).map(move |i| {
        counter.fetch_add(1, Ordering::Relaxed);
        if i == 3 {
            "tres".to_string()
        } else {
            i.to_string()
        }
    });
    println!("Entrada con un error: {:?}", run(inputs).await);
    println!("Entradas leídas: {} de 1000", read.load(Ordering::Relaxed));
}
// ANCHOR_END: main
// ANCHOR_END: listado
