//! Listado 5-3: código async desde un hilo normal: un hilo con su propio runtime, y `Handle::block_on` sobre el runtime de `main` con el resultado por un `oneshot`.
//!
//! Con el argumento `anidado`, `main` llama directamente, desde async, a la función
//! que crea un runtime, y el programa entra en pánico.
//!
//! Ejecuta: `cargo run --bin listado-05-03-runtime-en-hilo` (o `-- anidado`)
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::error::Error;
use std::thread;
use std::time::Duration;

use tokio::runtime::{Builder, Handle};
use tokio::sync::oneshot;

pub const WAIT: Duration = Duration::from_millis(100);

async fn async_task(who: &str) -> String {
    println!("Corrutina ({who}): iniciando tarea asíncrona");
    tokio::time::sleep(WAIT).await;
    println!("Corrutina ({who}): tarea asíncrona completada");
    format!("resultado asíncrono ({who})")
}

/// Código síncrono que necesita un resultado async: crea un runtime de un solo hilo
/// y bloquea el hilo que lo llama hasta tenerlo.
pub fn with_own_runtime() -> std::io::Result<String> {
    let runtime = Builder::new_current_thread().enable_all().build()?;
    Ok(runtime.block_on(async_task("runtime propio")))
}

/// Un hilo normal ejecuta un future en el runtime de `handle` y devuelve el
/// resultado por un `oneshot`; esperarlo con `.await` deja libre el hilo del runtime.
pub async fn from_plain_thread(handle: Handle) -> Result<String, Box<dyn Error>> {
    let (tx, rx) = oneshot::channel();
    thread::spawn(move || {
        let result = handle.block_on(async_task("Handle::block_on"));
        let _ = tx.send(result); // si ya nadie lo espera, no hay a quién dárselo
    });
    Ok(rx.await?) // `Err` si el hilo terminó sin enviar, por ejemplo con un pánico
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    match std::env::args().nth(1).as_deref() {
        None => {}
        Some("anidado") => {
            with_own_runtime()?; // desde un hilo que ya ejecuta un runtime: pánico
        }
        Some(other) => {
            return Err(format!("argumento desconocido: «{other}»").into());
        }
    }
    println!("Un hilo con su propio runtime");
    let thread = thread::spawn(with_own_runtime);
    let joined = tokio::task::spawn_blocking(move || thread.join()).await?;
    println!("Resultado del hilo: {}", joined.unwrap()?);

    println!("\nUn hilo normal sobre el runtime de main, con Handle::block_on");
    let result = from_plain_thread(Handle::current()).await?;
    println!("Resultado del hilo: {result}");
    Ok(())
}
// ANCHOR_END: listado
