//! Listado 4-6: una `async fn` que puede fallar, esperada una a una y con `join_all`.
//!
//! Ejecuta: `cargo run --bin listado-04-06-errores-como-valores`
//! En tu proyecto: `cargo add tokio --features full` y `cargo add futures`.

extern crate futures; // para mdbook test
extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::fmt;
use std::time::Duration;

use futures::future::join_all;
use tokio::time::Instant;

pub const FAILING: [u32; 4] = [0, 3, 6, 9]; // fijas, no al azar, para comprobarlas
pub const UNIT: Duration = Duration::from_millis(10);

#[derive(Debug, PartialEq)]
pub struct TaskError(pub u32); // el id de la tarea que falló

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error en la tarea {}", self.0)
    }
}

impl std::error::Error for TaskError {}

pub type Results = Vec<Result<String, TaskError>>;

pub async fn risky_task(id: u32) -> Result<String, TaskError> {
    tokio::time::sleep(UNIT * (10 - id)).await; // las últimas terminan antes
    if FAILING.contains(&id) {
        return Err(TaskError(id));
    }
    Ok(format!("resultado de la tarea {id}"))
}

/// Una a una: cada `.await` espera a que acabe la anterior. Es secuencial.
pub async fn one_by_one() -> Results {
    let mut results = Vec::new();
    for id in 0..10 {
        results.push(risky_task(id).await);
    }
    results
}

/// Todas a la vez: `join_all` devuelve cada `Result` en el orden de entrada.
pub async fn all_at_once() -> Results {
    join_all((0..10).map(risky_task)).await
}

async fn report(title: &str, run: impl Future<Output = Results>) {
    let start = Instant::now();
    let results = run.await;
    println!("=== {title} ({} ms) ===", start.elapsed().as_millis());
    for (id, result) in results.into_iter().enumerate() {
        let line = result.unwrap_or_else(|e| format!("falló ({e})"));
        println!("Tarea {id}: {line}");
    }
}

#[tokio::main]
async fn main() {
    report("Una a una", one_by_one()).await;
    report("Con join_all", all_at_once()).await;
}
// ANCHOR_END: listado
