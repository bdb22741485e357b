//! Listado 4-10: el `asyncio.TaskGroup` de Python 3.11 con un `JoinSet`: al primer error se cancelan las demás tareas y se devuelve ese error.
//!
//! Ejecuta: `cargo run --bin listado-04-10-grupo-de-tareas`
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;

/// Lanza todas las tareas y devuelve sus valores en el orden de entrada. En el
/// primer `Err`, aborta las que quedan, espera a que se hayan soltado y devuelve
/// ese error; un pánico de una tarea sigue hacia quien llama, también tras abortar.
pub async fn all_or_first_error<T, E, F>(
    tasks: impl IntoIterator<Item = F>,
) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let mut set = JoinSet::new();
    for (index, task) in tasks.into_iter().enumerate() {
        set.spawn(async move { task.await.map(|value| (index, value)) });
    }
    let mut values = Vec::with_capacity(set.len());
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok(value)) => values.push(value),
            Ok(Err(error)) => {
                set.shutdown().await; // aborta el resto y espera a que se suelte
                return Err(error);
            }
            Err(join_error) => {
                set.shutdown().await;
                // Nadie más tiene sus `AbortHandle`: no la han abortado, entró en pánico.
                std::panic::resume_unwind(join_error.into_panic());
            }
        }
    }
    values.sort_by_key(|&(index, _)| index);
    Ok(values.into_iter().map(|(_, value)| value).collect())
}

async fn download(id: u32, ms: u64, fails: bool) -> Result<String, String> {
    tokio::time::sleep(Duration::from_millis(ms)).await;
    if fails {
        return Err(format!("la descarga {id} falló"));
    }
    Ok(format!("descarga {id}"))
}

#[tokio::main]
async fn main() {
    let start = Instant::now();
    let all = all_or_first_error([download(1, 30, false), download(2, 10, false)]);
    println!("{:?} a los {} ms", all.await, start.elapsed().as_millis());

    let start = Instant::now();
    let plan = [(1, 300, false), (2, 100, true), (3, 500, false)];
    let tasks = plan.map(|(id, ms, fails)| download(id, ms, fails));
    let first_error = all_or_first_error(tasks).await;
    println!("{first_error:?} a los {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: listado
