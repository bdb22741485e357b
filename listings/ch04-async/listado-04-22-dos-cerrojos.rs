//! Listado 4-22: el `Mutex` de std se suelta antes de cada `.await`; el de Tokio sirve cuando el cerrojo tiene que durar a través de ellos.
//!
//! Ejecuta: `cargo run --bin listado-04-22-dos-cerrojos`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;

pub const WORK: Duration = Duration::from_millis(100);
pub const WRITE: Duration = Duration::from_millis(10);

/// Cada petición toma un número de un contador compartido y después se atiende.
pub async fn serve(requests: u32) -> (Vec<u32>, Duration) {
    let counter = Arc::new(Mutex::new(0));
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for _ in 0..requests {
        let counter = Arc::clone(&counter);
        tasks.spawn(async move {
            let number = {
                let mut count = counter.lock().unwrap();
                *count += 1;
                *count
            }; // el guard se suelta aquí, antes del `.await`
            tokio::time::sleep(WORK).await; // atender la petición
            number
        });
    }
    let mut numbers = tasks.join_all().await;
    numbers.sort_unstable();
    (numbers, start.elapsed())
}

/// Una conexión compartida: cada escritura tarda y se espera, como en un socket.
#[derive(Default)]
pub struct Connection {
    written: Vec<String>,
}

impl Connection {
    async fn write_line(&mut self, line: String) {
        tokio::time::sleep(WRITE).await;
        self.written.push(line);
    }
}

/// Varias tareas envían por la misma conexión un mensaje de dos líneas.
pub async fn send_messages(senders: u32) -> (Vec<String>, Duration) {
    let conn = Arc::new(tokio::sync::Mutex::new(Connection::default()));
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for id in 0..senders {
        let conn = Arc::clone(&conn);
        tasks.spawn(async move {
            let mut conn = conn.lock().await; // espera su turno sin bloquear el hilo
            conn.write_line(format!("Tarea {id}: cabecera")).await;
            conn.write_line(format!("Tarea {id}: cuerpo")).await;
        }); // el guard se suelta aquí, con el mensaje entero escrito
    }
    tasks.join_all().await;
    let written = std::mem::take(&mut conn.lock().await.written);
    (written, start.elapsed())
}

#[tokio::main]
async fn main() {
    let (numbers, elapsed) = serve(10).await;
    println!("Números repartidos: {numbers:?}");
    println!("Diez peticiones atendidas en {} ms", elapsed.as_millis());
    let (written, _) = send_messages(3).await;
    for line in written {
        println!("{line}");
    }
}
// ANCHOR_END: listado
