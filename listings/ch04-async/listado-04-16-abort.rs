//! Listado 4-16: `abort` cancela una tarea en su `.await`, su `JoinHandle` lo dice con `is_cancelled` y `Drop` limpia lo que tenía.
//!
//! Ejecuta: `cargo run --bin listado-04-16-abort`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

pub const DELAYS_MS: [u64; 5] = [100, 250, 400, 500, 600];
pub const CANCEL_AT: Duration = Duration::from_millis(200);

/// Una conexión abierta mientras dura la tarea. Se cierra en `Drop`: al terminar,
/// al fallar, al entrar en pánico o al ser cancelada, que es soltarla en un `.await`.
struct Connection(Arc<AtomicUsize>);

impl Connection {
    /// Abrir y contar van juntos: no hay ningún `.await` entre los dos.
    fn open(open: &Arc<AtomicUsize>) -> Self {
        open.fetch_add(1, Relaxed); // un contador suelto: `Relaxed` basta
        Connection(Arc::clone(open))
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Relaxed);
    }
}

async fn long_running_task(id: usize, open: Arc<AtomicUsize>) -> String {
    let _connection = Connection::open(&open); // `Drop` la cierra siempre
    tokio::time::sleep(Duration::from_millis(DELAYS_MS[id])).await;
    format!("resultado de la tarea {id}")
}

#[derive(Debug, PartialEq)]
pub enum Status {
    Completed(String),
    Cancelled,
}

/// A los 200 ms aborta las tareas pares que no han terminado; luego espera a todas.
pub async fn cancel_even(open: &Arc<AtomicUsize>) -> Vec<Status> {
    let spawn = |id| tokio::spawn(long_running_task(id, open.clone()));
    let handles: Vec<_> = (0..5).map(spawn).collect();
    tokio::time::sleep(CANCEL_AT).await;
    for (id, handle) in handles.iter().enumerate() {
        if id % 2 == 0 && !handle.is_finished() {
            handle.abort(); // pide la cancelación; ocurre cuando el runtime la procese
        }
    }
    let mut statuses = Vec::new();
    for handle in handles {
        statuses.push(match handle.await {
            Ok(result) => Status::Completed(result),
            Err(e) if e.is_cancelled() => Status::Cancelled,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        });
    }
    statuses
}

#[tokio::main]
async fn main() {
    let open = Arc::new(AtomicUsize::new(0));
    for (id, status) in cancel_even(&open).await.into_iter().enumerate() {
        println!("Tarea {id}: {status:?}");
    }
    println!("Conexiones abiertas al final: {}", open.load(Relaxed));
}
// ANCHOR_END: listado
