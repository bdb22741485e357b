//! Listado 4-20: el apagado completo: Ctrl-C cancela el token, las tareas tienen un plazo para terminar y las que no lo cumplen se abortan.
//!
//! Sin Ctrl-C, el programa se para solo al cabo de un segundo.
//!
//! Ejecuta: `cargo run --bin listado-04-20-apagado-completo`
//! En tu proyecto: `cargo add tokio --features full` y `cargo add tokio-util`.

extern crate tokio; // para mdbook test
extern crate tokio_util; // para mdbook test

// ANCHOR: listado
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

/// Cómo acabó cada tarea del apagado.
#[derive(Debug, PartialEq)]
pub struct Stopped {
    pub clean: usize,    // terminaron solas dentro del plazo
    pub panicked: usize, // terminaron dentro del plazo, con un pánico
    pub aborted: usize,  // no terminaron a tiempo: se abortaron
}

/// Espera `signal`, cancela `token`, da `grace` a las tareas de `tasks` para
/// terminar y aborta las que queden. Al volver, no queda ninguna en marcha.
pub async fn shutdown<T: 'static>(
    signal: impl Future<Output = ()>,
    token: CancellationToken,
    mut tasks: JoinSet<T>,
    grace: Duration,
) -> Stopped {
    signal.await;
    token.cancel();
    let (mut clean, mut panicked) = (0, 0);
    let drained = timeout(grace, async {
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(_) => clean += 1,
                Err(_) => panicked += 1, // nadie más las aborta: es un pánico
            }
        }
    })
    .await;
    let aborted = tasks.len();
    if drained.is_err() {
        tasks.shutdown().await; // aborta las que no escucharon y espera a que se suelten
    }
    Stopped {
        clean,
        panicked,
        aborted,
    }
}

pub const JOB: Duration = Duration::from_millis(100);
pub const GRACE: Duration = Duration::from_millis(200);
const UNATTENDED: Duration = Duration::from_secs(1);

/// Hace trabajos de 100 ms y, entre uno y otro, mira el token.
pub async fn worker(token: CancellationToken) {
    while !token.is_cancelled() {
        tokio::time::sleep(JOB).await; // un trabajo empezado se termina
    }
}

/// Una tarea que no mira el token: solo la para `abort`.
pub async fn deaf() {
    loop {
        tokio::time::sleep(JOB).await;
    }
}

/// Ctrl-C o, si no llega en un segundo, una parada para que el ejemplo acabe solo.
async fn ctrl_c_or_unattended() {
    tokio::select! {
        biased; // se sondea primero `ctrl_c`, que instala su manejador, y luego se avisa
        result = tokio::signal::ctrl_c() => match result {
            Ok(()) => println!("Ctrl-C: a parar"),
            Err(e) => eprintln!("No se puede escuchar Ctrl-C ({e}): a parar"),
        },
        () = async {
            println!("En marcha; Ctrl-C para parar");
            tokio::time::sleep(UNATTENDED).await;
        } => println!("Sin Ctrl-C en {UNATTENDED:?}: a parar"),
    }
}

#[tokio::main]
async fn main() {
    let token = CancellationToken::new();
    let mut tasks = JoinSet::new();
    for _ in 0..3 {
        tasks.spawn(worker(token.clone()));
    }
    tasks.spawn(deaf());
    let stopped = shutdown(ctrl_c_or_unattended(), token, tasks, GRACE).await;
    println!("{stopped:?}");
}
// ANCHOR_END: listado
