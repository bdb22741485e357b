//! Listado 4-5: `tokio::spawn` no acepta una tarea que guarda un `Rc` a través de un `.await`. Este listado no compila a propósito.

use std::rc::Rc;
use std::time::Duration;

#[tokio::main]
async fn main() {
    let task = tokio::spawn(async {
        let names = Rc::new(vec!["hello", "world"]);
        tokio::time::sleep(Duration::from_millis(100)).await;
        names.len()
    });
    println!("{} nombres", task.await.unwrap());
}
