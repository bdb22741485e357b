//! Listado 4-8: un `JoinSet` entrega cada tarea al terminar, con su resultado, su error o su pánico.
//!
//! Ejecuta: `cargo run --bin listado-04-08-joinset`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::time::Duration;

use tokio::task::JoinSet;

pub const UNIT: Duration = Duration::from_millis(10);

#[derive(Debug, PartialEq)]
pub struct TaskError(pub u32); // el id de la tarea que falló

/// Qué fue de una tarea.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    Done(String),
    Failed(TaskError),
    Panicked,
    Cancelled,
}

/// La tarea `id` tarda `10 - id` unidades; cuatro fallan y la 5 entra en pánico.
async fn risky_task(id: u32) -> Result<String, TaskError> {
    tokio::time::sleep(UNIT * (10 - id)).await;
    match id {
        5 => panic!("la tarea {id} encontró un estado imposible"),
        0 | 3 | 6 | 9 => Err(TaskError(id)),
        _ => Ok(format!("resultado de la tarea {id}")),
    }
}

/// Todas las tareas, en el orden en que terminan.
pub async fn outcomes() -> Vec<Outcome> {
    let mut set: JoinSet<_> = (0..10).map(risky_task).collect(); // las lanza todas
    let mut outcomes = Vec::new();
    while let Some(joined) = set.join_next().await {
        outcomes.push(match joined {
            Ok(Ok(value)) => Outcome::Done(value),
            Ok(Err(e)) => Outcome::Failed(e),
            Err(e) if e.is_panic() => Outcome::Panicked,
            Err(_) => Outcome::Cancelled, // el otro caso de `JoinError`: un `abort`
        });
    }
    outcomes
}

#[tokio::main]
async fn main() {
    for outcome in outcomes().await {
        println!("{outcome:?}");
    }
}
// ANCHOR_END: listado
