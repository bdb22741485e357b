//! Un sitio de prueba servido por axum en 127.0.0.1 y un puerto libre, que cuenta
//! cada petición por ruta y cuántas tiene a la vez en curso (y el máximo).

#![allow(dead_code)] // cada archivo de tests usa una parte

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{Html, Response};
use axum::routing::{MethodRouter, get};
use ejercicio_3_crawler::CrawlConfig;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// Lo que ha visto el servidor.
#[derive(Default)]
pub struct Stats {
    hits: Mutex<BTreeMap<String, usize>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl Stats {
    /// Peticiones por ruta (con su query), `/robots.txt` incluida.
    pub fn hits(&self) -> BTreeMap<String, usize> {
        self.hits.lock().unwrap().clone()
    }

    pub fn hits_of(&self, path: &str) -> usize {
        self.hits().get(path).copied().unwrap_or(0)
    }

    /// Peticiones de páginas: todas menos `/robots.txt`.
    pub fn page_hits(&self) -> usize {
        self.hits()
            .iter()
            .filter(|(path, _)| *path != "/robots.txt")
            .map(|(_, n)| n)
            .sum()
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }
}

/// Resta una petición en curso al soltarse: también si el cliente corta y axum
/// suelta el handler a medias.
struct InFlight(Arc<Stats>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn count(
    State(stats): State<Arc<Stats>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    *stats.hits.lock().unwrap().entry(path).or_default() += 1;
    let now = stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let _guard = InFlight(Arc::clone(&stats));
    next.run(request).await
}

/// Un sitio en marcha; se para al soltarlo.
pub struct Site {
    pub addr: SocketAddr,
    pub stats: Arc<Stats>,
    server: JoinHandle<()>,
}

impl Site {
    /// Sirve el router que construye `build` a partir del origen del sitio
    /// (`http://127.0.0.1:PUERTO`), para que pueda tener enlaces absolutos.
    pub async fn start(build: impl FnOnce(&str) -> Router) -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let stats = Arc::new(Stats::default());
        let router = build(&format!("http://{addr}"))
            .layer(middleware::from_fn_with_state(Arc::clone(&stats), count));
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Site {
            addr,
            stats,
            server,
        }
    }

    /// `http://127.0.0.1:PUERTO`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// La URL de `path` en este sitio.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Espera, con un plazo, a que el servidor tenga `n` peticiones en curso, y
    /// devuelve las que tiene al final.
    pub async fn wait_in_flight(&self, n: usize, within: Duration) -> usize {
        let deadline = Instant::now() + within;
        while self.stats.in_flight() != n && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        self.stats.in_flight()
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// El HTML de una página con estos enlaces.
pub fn page(links: &[&str]) -> String {
    let links: String = links
        .iter()
        .map(|href| format!("<a href=\"{href}\">{href}</a>\n"))
        .collect();
    format!("<!doctype html><html><body>\n{links}</body></html>")
}

/// Una ruta que responde siempre la página con estos enlaces.
pub fn html<S: Clone + Send + Sync + 'static>(links: &[&str]) -> MethodRouter<S> {
    let body = page(links);
    get(move || {
        let body = body.clone();
        async move { Html(body) }
    })
}

/// Los límites de los tests: holgados, para que ninguno salte sin querer.
pub fn config() -> CrawlConfig {
    CrawlConfig {
        max_concurrency: 4,
        request_timeout: Duration::from_secs(5),
        max_depth: 10,
        max_pages: 1_000,
        max_body_bytes: 64 * 1024,
        max_redirects: 3,
        ..CrawlConfig::default()
    }
}

/// Un plazo para todo un rastreo: si vence, el test falla en lugar de colgarse.
pub const CRAWL_DEADLINE: Duration = Duration::from_secs(10);
