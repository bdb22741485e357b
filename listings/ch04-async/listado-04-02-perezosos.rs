//! Listado 4-2: un future no hace nada hasta que se espera, y soltar un `JoinHandle` no cancela su tarea.
//!
//! Ejecuta: `cargo run --bin listado-04-02-perezosos`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::cell::Cell;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::timeout;

pub const WAIT: Duration = Duration::from_millis(100);

/// `Cell`, y no un atómico: todo ocurre en la misma tarea, en un solo hilo.
async fn work(started: &Cell<bool>) -> u32 {
    started.set(true);
    tokio::time::sleep(WAIT).await;
    42
}

/// Crear el future no ejecuta nada de su cuerpo: empieza con el primer sondeo.
/// Devuelve si había empezado antes del `.await`, si empezó después y su valor.
pub async fn lazy() -> (bool, bool, u32) {
    let started = Cell::new(false);
    let future = work(&started);
    let before = started.get();
    let value = future.await;
    (before, started.get(), value)
}

/// Una tarea lanzada corre por su cuenta: soltar su `JoinHandle` la desengancha,
/// no la cancela. El resultado llega por un canal que nadie más espera.
pub async fn detached() -> Option<u32> {
    let (tx, rx) = oneshot::channel();
    let handle = tokio::spawn(async move {
        tokio::time::sleep(WAIT).await;
        let _ = tx.send(42); // si nadie escucha ya, da igual
    });
    drop(handle);
    timeout(10 * WAIT, rx).await.ok()?.ok()
}

#[tokio::main]
async fn main() {
    let (before, after, value) = lazy().await;
    println!("¿Había empezado antes del .await? {before}");
    println!("¿Y después? {after}; valor: {value}");
    match detached().await {
        Some(value) => println!("La tarea sin JoinHandle terminó y envió {value}"),
        None => println!("La tarea sin JoinHandle no terminó a tiempo"),
    }
}
// ANCHOR_END: listado
