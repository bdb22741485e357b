//! Listado 4-21: `tokio::spawn` no acepta una tarea que guarda el guard de un `std::sync::Mutex` a través de un `.await`. Este listado no compila a propósito.

use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::main]
async fn main() {
    let counter = Arc::new(Mutex::new(0));
    let task = tokio::spawn({
        let counter = Arc::clone(&counter);
        async move {
            let mut count = counter.lock().unwrap();
            *count += 1;
            tokio::time::sleep(Duration::from_millis(100)).await; // atender la petición
            *count
        }
    });
    println!("Petición número {}", task.await.unwrap());
}
