//! Listado 4-9: esperar dos veces los mismos futures, como el original con `gather`. Este listado no compila a propósito.

use futures::future::{join_all, try_join_all};

async fn risky_task(id: u32) -> Result<u32, String> {
    if id % 3 == 0 { Err(format!("error en la tarea {id}")) } else { Ok(id) }
}

#[tokio::main]
async fn main() {
    let tasks: Vec<_> = (0..10).map(risky_task).collect();
    let results = join_all(tasks).await;
    println!("{} resultados", results.len());
    match try_join_all(tasks).await {
        Ok(_) => println!("Todas las tareas completadas"),
        Err(e) => println!("Al menos una tarea falló: {e}"),
    }
}
