//! Listado 4-7: `try_join_all` y `try_join!` se detienen en el primer error y cancelan el resto; las tareas lanzadas, no.
//!
//! Ejecuta: `cargo run --bin listado-04-07-fallar-pronto`
//! En tu proyecto: `cargo add tokio --features full`, `cargo add futures` y `cargo add tokio-util --features rt`.

extern crate futures; // para mdbook test
extern crate tokio; // para mdbook test
extern crate tokio_util; // para mdbook test

// ANCHOR: listado
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

use futures::future::try_join_all;
use tokio_util::task::TaskTracker;

pub const UNIT: Duration = Duration::from_millis(10);

#[derive(Debug, PartialEq)]
pub struct TaskError(pub u32); // el id de la tarea que falló

/// La tarea `id` tarda `id + 1` unidades y la 4 falla. `done` cuenta las que
/// llegan al final: una tarea cancelada se queda en su `.await` y no suma.
async fn risky_task(id: u32, done: Arc<AtomicUsize>) -> Result<u32, TaskError> {
    tokio::time::sleep(UNIT * (id + 1)).await;
    done.fetch_add(1, Relaxed); // un contador suelto: `Relaxed` basta
    if id == 4 { Err(TaskError(id)) } else { Ok(id) }
}

/// Futures: al primer `Err`, `try_join_all` suelta los demás, y soltar es cancelar.
pub async fn futures(done: &Arc<AtomicUsize>) -> Result<Vec<u32>, TaskError> {
    try_join_all((0..10).map(|id| risky_task(id, done.clone()))).await
}

/// `try_join!` hace lo mismo con unos pocos futures, cada uno de su tipo.
pub async fn pair(done: &Arc<AtomicUsize>) -> Result<(u32, u32), TaskError> {
    tokio::try_join!(risky_task(4, done.clone()), risky_task(9, done.clone()))
}

/// Tareas lanzadas: el error llega igual de pronto, pero soltar un `JoinHandle` no
/// cancela su tarea. Devuelve el error y cuántas habían terminado entonces.
pub async fn spawned(done: &Arc<AtomicUsize>) -> (TaskError, usize) {
    let tracker = TaskTracker::new(); // sigue las tareas aunque no haya handles
    let handles = (0..10).map(|id| tracker.spawn(risky_task(id, done.clone())));
    let first = try_join_all(handles.map(|h| async { h.await.unwrap() })).await;
    let at_error = done.load(Relaxed);
    tracker.close();
    tracker.wait().await; // solo para contar: sin esperarlas, seguirían igual
    (first.unwrap_err(), at_error)
}

#[tokio::main]
async fn main() {
    let done = Arc::new(AtomicUsize::new(0));
    let error = futures(&done).await.unwrap_err();
    let n = done.swap(0, Relaxed); // y a cero para la siguiente prueba
    println!("try_join_all con futures: {error:?}; terminaron {n} de 10");
    let error = pair(&done).await.unwrap_err();
    let n = done.swap(0, Relaxed);
    println!("try_join! con dos futures: {error:?}; terminó {n} de 2");
    let (error, n) = spawned(&done).await;
    println!("try_join_all con tareas: {error:?}; terminaron {n} de 10");
    println!(
        "Y las desenganchadas siguieron: al final, {}",
        done.load(Relaxed)
    );
}
// ANCHOR_END: listado
