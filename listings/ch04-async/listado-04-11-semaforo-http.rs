//! Listado 4-11: un semáforo deja tres peticiones HTTP en vuelo, y el servidor lo comprueba.
//!
//! Ejecuta: `cargo run --bin listado-04-11-semaforo-http`
//! En tu proyecto: `cargo add tokio --features full`, `cargo add futures`, `cargo add axum` y `cargo add reqwest --no-default-features`.

extern crate axum; // para mdbook test
extern crate futures; // para mdbook test
extern crate reqwest; // para mdbook test
extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use futures::stream::{self, StreamExt};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;

// ANCHOR: servidor
pub const PAGES: u32 = 10;
pub const BROKEN: u32 = 7; // la página que responde 503
pub const SERVICE_TIME: Duration = Duration::from_millis(50);

/// Peticiones que el servidor atiende ahora mismo, y el máximo visto. Son
/// contadores sueltos, que no publican otros datos: `Relaxed` basta.
#[derive(Default)]
pub struct InFlight {
    now: AtomicUsize,
    pub max: AtomicUsize,
}

/// Cuenta una petición mientras vive. El `Drop` la descuenta también si el
/// servidor suelta el handler a medias porque el cliente se desconectó.
struct Counted<'a>(&'a InFlight);

impl<'a> Counted<'a> {
    fn new(stats: &'a InFlight) -> Self {
        let now = stats.now.fetch_add(1, Relaxed) + 1;
        stats.max.fetch_max(now, Relaxed);
        Counted(stats)
    }
}

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Relaxed);
    }
}

async fn page(
    State(stats): State<Arc<InFlight>>,
    Path(id): Path<u32>,
) -> Result<String, StatusCode> {
    let _counted = Counted::new(&stats);
    tokio::time::sleep(SERVICE_TIME).await;
    if id == BROKEN {
        return Err(StatusCode::SERVICE_UNAVAILABLE);
    }
    Ok(format!("página {id}"))
}

/// Arranca el servidor en un puerto libre de 127.0.0.1 y devuelve su dirección.
pub async fn serve(stats: Arc<InFlight>) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = Router::new()
        .route("/pagina/{id}", get(page))
        .with_state(stats);
    // Nadie espera esta tarea: si el servidor falla, que al menos se vea.
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("El servidor falló: {e}");
        }
    });
    Ok(addr)
}
// ANCHOR_END: servidor

// ANCHOR: cliente
pub type Fetched = (u32, Result<String, reqwest::Error>);

async fn fetch(
    client: &reqwest::Client,
    url: &str,
) -> Result<String, reqwest::Error> {
    // Un 503 es una respuesta HTTP válida: `error_for_status` lo convierte en `Err`.
    client
        .get(url)
        .send()
        .await?
        .error_for_status()?
        .text()
        .await
}

/// Una tarea por página; el semáforo deja pasar `limit` a la vez.
pub async fn with_semaphore(
    client: &reqwest::Client,
    base: &str,
    limit: usize,
) -> Vec<Fetched> {
    let semaphore = Arc::new(Semaphore::new(limit));
    let mut set = JoinSet::new();
    for id in 0..PAGES {
        let (client, semaphore) = (client.clone(), semaphore.clone());
        let url = format!("{base}/pagina/{id}");
        set.spawn(async move {
            // El permiso es de la tarea: se devuelve cuando se suelta, al terminar.
            let _permit = semaphore.acquire_owned().await.expect("nadie lo cierra");
            (id, fetch(&client, &url).await)
        });
    }
    set.join_all().await
}
// ANCHOR_END: cliente

// ANCHOR: flujo
/// Lo mismo sin semáforo ni tareas: el flujo sondea como mucho `limit` futures.
pub async fn with_buffer(
    client: &reqwest::Client,
    base: &str,
    limit: usize,
) -> Vec<Fetched> {
    stream::iter(0..PAGES)
        .map(|id| async move {
            (id, fetch(client, &format!("{base}/pagina/{id}")).await)
        })
        .buffer_unordered(limit)
        .collect()
        .await
}

fn report(title: &str, mut fetched: Vec<Fetched>, stats: &InFlight, start: Instant) {
    println!("=== {title} ===");
    fetched.sort_by_key(|(id, _)| *id);
    let ok = fetched.iter().filter(|(_, result)| result.is_ok()).count();
    for (id, result) in fetched {
        if let Err(e) = result {
            println!("Página {id}: {}", e.without_url()); // el puerto cambia cada vez
        }
    }
    println!("Consultas exitosas: {ok}/{PAGES}");
    println!(
        "Máximo a la vez en el servidor: {}",
        stats.max.swap(0, Relaxed)
    );
    println!("Tiempo total: {} ms", start.elapsed().as_millis());
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stats = Arc::new(InFlight::default());
    let base = format!("http://{}", serve(stats.clone()).await?);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(2)) // ninguna petición espera para siempre
        .no_proxy() // todo va a 127.0.0.1, aunque el entorno defina un proxy
        .build()?;
    let start = Instant::now();
    let fetched = with_semaphore(&client, &base, 3).await;
    report("Con Semaphore", fetched, &stats, start);
    let start = Instant::now();
    let fetched = with_buffer(&client, &base, 3).await;
    report("Con buffer_unordered", fetched, &stats, start);
    Ok(())
}
// ANCHOR_END: flujo
// ANCHOR_END: listado
