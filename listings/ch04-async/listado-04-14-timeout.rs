//! Listado 4-14: al vencer, `timeout` suelta el `join_all` con sus futures, y soltar un future es cancelarlo.
//!
//! Ejecuta: `cargo run --bin listado-04-14-timeout`
//! En tu proyecto: `cargo add tokio --features full` y `cargo add futures`.

extern crate futures; // para mdbook test
extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures::future::join_all;
use tokio::time::{error::Elapsed, timeout};

/// Lo que dura cada tarea (el original las sorteaba entre 1 y 5 s).
pub const DELAYS_MS: [u64; 5] = [100, 250, 400, 500, 600];
pub const LIMIT: Duration = Duration::from_millis(300);

pub type Log = Arc<Mutex<Vec<String>>>;

/// Anota cómo acabó su tarea en el momento en que se suelta.
struct Outcome {
    id: usize,
    done: bool,
    log: Log,
}

impl Drop for Outcome {
    fn drop(&mut self) {
        let how = if self.done { "completada" } else { "cancelada" };
        // Un `Drop` no debe entrar en pánico: si se ejecuta durante otro pánico, el
        // proceso aborta. Un registro envenenado se usa igual.
        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        log.push(format!("Tarea {} {how}", self.id));
    }
}

async fn long_running_task(id: usize, log: Log) -> String {
    let mut outcome = Outcome {
        id,
        done: false,
        log,
    };
    // Si sueltan este future mientras espera, no pasa de aquí: `done` sigue en
    // `false` y el `Drop` de `outcome` lo anota.
    tokio::time::sleep(Duration::from_millis(DELAYS_MS[id])).await;
    outcome.done = true;
    format!("resultado de la tarea {id}")
}

pub async fn all_with_timeout(log: &Log) -> Result<Vec<String>, Elapsed> {
    let tasks = (0..5).map(|id| long_running_task(id, log.clone()));
    timeout(LIMIT, join_all(tasks)).await
}

#[tokio::main]
async fn main() {
    let log = Log::default();
    match all_with_timeout(&log).await {
        Ok(results) => println!("Todas las tareas completadas: {results:?}"),
        Err(_) => {
            println!("Timeout a los {} ms: ningún resultado", LIMIT.as_millis())
        }
    }
    for line in log.lock().unwrap().iter() {
        println!("{line}");
    }
}
// ANCHOR_END: listado
