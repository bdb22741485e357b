//! Listado 2-13: cuatro workers vacían una cola de tareas ya llena y los resultados se ordenan en un `BTreeMap`.
//!
//! Con un número como argumento, esa tarea entra en pánico: el programa termina
//! con el error en lugar de quedarse colgado.
//!
//! Ejecuta: `cargo run --bin listado-02-13-worker-pool` (o `… -- 13`)
//! En tu proyecto: `cargo add crossbeam`.

extern crate crossbeam; // para mdbook test

// ANCHOR: listado
use std::collections::BTreeMap;
use std::env;
use std::error::Error;
use std::io;
use std::thread;
use std::time::Duration;

use crossbeam::channel;

const WORKERS: usize = 4;
const TASKS: u32 = 20;

fn process(task: u32, fail_on: Option<u32>) -> u32 {
    thread::sleep(Duration::from_millis(u64::from(5 + task % 4 * 5))); // de 5 a 20 ms
    if fail_on == Some(task) {
        panic!("la tarea {task} falló");
    }
    task * 2
}

pub fn worker_pool(
    tasks: u32,
    fail_on: Option<u32>,
) -> io::Result<BTreeMap<u32, u32>> {
    let (task_tx, task_rx) = channel::unbounded();
    for task in 0..tasks {
        task_tx.send(task).unwrap();
    }
    drop(task_tx); // la cola está llena y cerrada: vaciarla es terminar
    let (result_tx, result_rx) = channel::unbounded();
    thread::scope(|s| {
        for id in 0..WORKERS {
            let (task_rx, result_tx) = (task_rx.clone(), result_tx.clone());
            let builder = thread::Builder::new().name(format!("worker-{id}"));
            builder.spawn_scoped(s, move || {
                for task in task_rx {
                    println!("worker-{id} procesa la tarea {task}");
                    result_tx.send((task, process(task, fail_on))).unwrap();
                }
            })?;
        }
        Ok::<_, io::Error>(())
    })?; // si un worker entró en pánico, `scope` entra en pánico aquí, en este hilo
    drop(result_tx);
    Ok(result_rx.iter().collect())
}

fn main() -> Result<(), Box<dyn Error>> {
    let fail_on = env::args().nth(1).map(|arg| {
        arg.parse()
            .map_err(|_| format!("«{arg}» no es un número de tarea"))
    });
    for (task, result) in worker_pool(TASKS, fail_on.transpose()?)? {
        println!("Tarea {task} -> Resultado {result}");
    }
    Ok(())
}
// ANCHOR_END: listado
