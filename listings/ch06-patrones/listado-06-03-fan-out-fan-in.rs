//! Listado 6-3: veinte tareas repartidas entre cuatro trabajadores de tres formas: `buffer_unordered`, un `JoinSet` con un semáforo y un worker pool sobre un canal MPMC.
//!
//! Con un número como argumento, esa tarea entra en pánico: las versiones con tareas
//! lo devuelven como error en lugar de quedarse colgadas.
//!
//! Ejecuta: `cargo run --bin listado-06-03-fan-out-fan-in` (o `… -- 13`)
//! En tu proyecto: `cargo add tokio --features full`, `cargo add futures` y `cargo add async-channel`.

extern crate async_channel; // para mdbook test
extern crate futures; // para mdbook test
extern crate tokio; // para mdbook test

// ANCHOR: listado
// ANCHOR: flujo
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures::{StreamExt, stream};
use tokio::sync::Semaphore;
use tokio::task::{JoinError, JoinSet};

pub const WORKERS: usize = 4;
pub const TASKS: u32 = 20;
pub const UNIT: Duration = Duration::from_millis(10);

pub type Results = BTreeMap<u32, u32>; // tarea -> resultado, en orden de tarea

#[derive(Debug, PartialEq)]
pub struct Panicked(pub String); // el mensaje del pánico de un trabajador

/// El trabajo de una tarea: de 10 a 40 ms, y un pánico si es la tarea `fail_on`.
pub async fn process(task: u32, fail_on: Option<u32>) -> u32 {
    tokio::time::sleep(UNIT * (1 + task % 4)).await;
    if fail_on == Some(task) {
        panic!("la tarea {task} falló");
    }
    task * 2
}

/// Un flujo con como mucho `WORKERS` futures en marcha; sin tareas ni `'static`.
pub async fn with_buffer(tasks: u32, process: impl AsyncFn(u32) -> u32) -> Results {
    stream::iter(0..tasks)
        .map(async |task| (task, process(task).await))
        .buffer_unordered(WORKERS)
        .collect()
        .await
}
// ANCHOR_END: flujo

// ANCHOR: joinset
/// Una tarea por trabajo, con el permiso tomado antes de lanzarla.
pub async fn with_joinset<F, Fut>(
    tasks: u32,
    process: F,
) -> Result<Results, Panicked>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = u32> + Send + 'static,
{
    let semaphore = Arc::new(Semaphore::new(WORKERS));
    let mut set = JoinSet::new();
    for task in 0..tasks {
        // Nadie cierra el semáforo: `acquire_owned` no puede fallar.
        let permit = semaphore.clone().acquire_owned().await.unwrap();
        let work = process(task);
        set.spawn(async move {
            let result = work.await;
            drop(permit); // el siguiente trabajo puede empezar
            (task, result)
        });
    }
    let mut results = Results::new();
    while let Some(joined) = set.join_next().await {
        let (task, result) = joined.map_err(panicked)?;
        results.insert(task, result);
    }
    Ok(results)
}

/// El mensaje de un pánico; nadie aborta estas tareas, así que no hay otro caso.
fn panicked(e: JoinError) -> Panicked {
    let payload = e.into_panic();
    match payload.downcast::<String>() {
        Ok(message) => Panicked(*message),
        Err(_) => Panicked("un pánico sin mensaje".to_string()),
    }
}
// ANCHOR_END: joinset

// ANCHOR: pool
/// `WORKERS` trabajadores que vacían una cola MPMC ya llena y cerrada.
pub async fn with_pool<F, Fut>(tasks: u32, process: F) -> Result<Results, Panicked>
where
    F: Fn(u32) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = u32> + Send,
{
    let (tx, rx) = async_channel::unbounded();
    for task in 0..tasks {
        tx.try_send(task).unwrap(); // sin límite y con `rx` vivo: no puede fallar
    }
    drop(tx); // vaciar la cola es terminar
    let mut workers = JoinSet::new();
    for _ in 0..WORKERS {
        let (rx, process) = (rx.clone(), process.clone());
        workers.spawn(async move {
            let mut done = Vec::new();
            while let Ok(task) = rx.recv().await {
                done.push((task, process(task).await));
            }
            done
        });
    }
    let mut results = Results::new();
    while let Some(joined) = workers.join_next().await {
        results.extend(joined.map_err(panicked)?);
    }
    Ok(results)
}
// ANCHOR_END: pool

// ANCHOR: main
#[tokio::main]
async fn main() -> Result<(), String> {
    let fail_on = match std::env::args().nth(1) {
        Some(arg) => Some(
            arg.parse()
                .map_err(|_| format!("«{arg}» no es una tarea"))?,
        ),
        None => None,
    };
    let work = move |task| process(task, fail_on);
    if fail_on.is_none() {
        println!("buffer_unordered: {:?}", with_buffer(TASKS, work).await);
    }
    println!("JoinSet y semáforo: {:?}", with_joinset(TASKS, work).await);
    println!("Worker pool: {:?}", with_pool(TASKS, work).await);
    Ok(())
}
// ANCHOR_END: main
// ANCHOR_END: listado
