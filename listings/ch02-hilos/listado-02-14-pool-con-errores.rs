//! Listado 2-14: un worker pool cuyas tareas devuelven `Result`: cada fallo vuelve con su entrada y el pool sigue.
//!
//! Un pánico dentro de una tarea también vuelve como un error de esa entrada, y
//! no se pierde ningún trabajo: hay tantos resultados como entradas.
//!
//! Ejecuta: `cargo run --bin listado-02-14-pool-con-errores`
//! En tu proyecto: `cargo add crossbeam`.

extern crate crossbeam; // para mdbook test

// ANCHOR: listado
use std::any::Any;
use std::fmt::Debug;
use std::panic::{self, AssertUnwindSafe};
use std::thread;

use crossbeam::channel;

#[derive(Debug, PartialEq)]
pub enum JobError<E> {
    Failed(E),        // la tarea devolvió `Err`
    Panicked(String), // la tarea entró en pánico: un error de programación
}

/// Reparte `inputs` entre `workers` hilos y devuelve, en el orden de las entradas,
/// cada entrada con lo que dio `job`: siempre un resultado por entrada.
pub fn worker_pool<T, R, E>(
    inputs: Vec<T>,
    workers: usize,
    job: impl Fn(&T) -> Result<R, E> + Sync,
) -> Vec<(T, Result<R, JobError<E>>)>
where
    T: Send,
    R: Send,
    E: Send,
{
    let (task_tx, task_rx) = channel::unbounded();
    for task in inputs.into_iter().enumerate() {
        task_tx.send(task).expect("el receptor sigue vivo");
    }
    drop(task_tx); // la cola está llena y cerrada
    let (result_tx, result_rx) = channel::unbounded();
    thread::scope(|s| {
        for _ in 0..workers.max(1) {
            let (task_rx, result_tx, job) =
                (task_rx.clone(), result_tx.clone(), &job);
            s.spawn(move || {
                for (index, input) in task_rx {
                    // Sin `?`: un error es un resultado más, y el worker sigue.
                    let outcome = run_job(job, &input);
                    result_tx
                        .send((index, input, outcome))
                        .expect("el receptor sigue vivo");
                }
            });
        }
    });
    drop(result_tx);
    let mut results: Vec<_> = result_rx.iter().collect();
    results.sort_by_key(|&(index, _, _)| index);
    results
        .into_iter()
        .map(|(_, input, outcome)| (input, outcome))
        .collect()
}

/// Una tarea, con su pánico convertido en un error de esa tarea.
fn run_job<T, R, E>(
    job: &impl Fn(&T) -> Result<R, E>,
    input: &T,
) -> Result<R, JobError<E>> {
    match panic::catch_unwind(AssertUnwindSafe(|| job(input))) {
        Ok(result) => result.map_err(JobError::Failed),
        Err(payload) => Err(JobError::Panicked(message(&*payload))),
    }
}

fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "pánico sin mensaje".to_string()
    }
}

fn report<T: Debug, R: Debug, E: Debug>(results: &[(T, Result<R, JobError<E>>)]) {
    for (input, outcome) in results {
        match outcome {
            Ok(value) => println!("{input:?} -> {value:?}"),
            Err(error) => println!("{input:?} falló: {error:?}"),
        }
    }
    let failed = results
        .iter()
        .filter(|(_, outcome)| outcome.is_err())
        .count();
    println!(
        "{} entradas: {} bien, {failed} con error",
        results.len(),
        results.len() - failed
    );
}

fn main() {
    let inputs = vec!["8", "x", "4", "0", "25", "-3"];
    // Dividir entre cero entra en pánico: es un error de programación, no de la entrada.
    let results =
        worker_pool(inputs, 3, |text| text.parse::<u32>().map(|n| 100 / n));
    report(&results);
}
// ANCHOR_END: listado
