//! Un sitio pequeño para rastrear sin salir de la máquina: lo sirve axum en
//! `127.0.0.1` y un puerto libre, y tiene un caso de cada cosa que le puede pasar a
//! un crawler (enlaces repetidos y en ciclo, una página lenta, otra enorme, errores,
//! redirecciones, un bucle de redirecciones, `robots.txt` y un enlace a otro sitio).

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::Path;
use axum::http::header::{CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::config::CrawlConfig;

/// Una página con estos enlaces.
fn page(title: &str, links: &[&str]) -> Html<String> {
    let links: String = links
        .iter()
        .map(|href| format!("    <li><a href=\"{href}\">{href}</a></li>\n"))
        .collect();
    Html(format!(
        "<!doctype html>\n<html><head><title>{title}</title></head><body>\n\
         <h1>{title}</h1>\n<ul>\n{links}</ul>\n</body></html>\n"
    ))
}

/// La portada: la misma página `/a` escrita de cuatro formas, un enlace a sí misma,
/// y uno a cada caso difícil.
async fn home(headers: HeaderMap) -> Html<String> {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let absolute = format!("http://{host}/a");
    page(
        "Portada",
        &[
            "/a",
            "a",
            "/a#arriba",
            &absolute,
            "/",
            "/b",
            "/lenta",
            "/no-existe",
            "/error",
            "/logo.png",
            "/enorme",
            "/redirige",
            "/bucle/1",
            "/privado/notas",
            "https://example.invalid/",
            "mailto:ana@example.invalid",
        ],
    )
}

async fn deep(Path(n): Path<u32>) -> Html<String> {
    page(&format!("Nivel {n}"), &[&format!("/profundo/{}", n + 1)])
}

/// El router del sitio de demostración.
pub fn demo_router() -> Router {
    Router::new()
        .route("/", get(home))
        .route(
            "/robots.txt",
            get(|| async { "User-agent: *\nDisallow: /privado/\n" }),
        )
        .route(
            "/a",
            get(|| async { page("A", &["/", "/b", "a", "#arriba"]) }),
        )
        .route("/b", get(|| async { page("B", &["/a", "/profundo/1"]) }))
        .route("/profundo/{n}", get(deep))
        .route(
            "/lenta",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(30)).await;
                page("Lenta", &[])
            }),
        )
        .route(
            "/error",
            get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "fallo interno") }),
        )
        .route(
            "/logo.png",
            get(|| async {
                ([(CONTENT_TYPE, "image/png")], &b"\x89PNG\r\n\x1a\n"[..])
            }),
        )
        .route(
            "/enorme",
            get(|| async { Html("<p>relleno</p>".repeat(20_000)) }),
        )
        .route("/redirige", get(|| async { Redirect::temporary("/b") }))
        .route(
            "/bucle/1",
            get(|| async { Redirect::temporary("/bucle/2") }),
        )
        .route(
            "/bucle/2",
            get(|| async { Redirect::temporary("/bucle/1") }),
        )
        .route("/privado/notas", get(|| async { page("Privado", &[]) }))
        .fallback(|| async { (StatusCode::NOT_FOUND, "no existe").into_response() })
}

/// Los límites con que se rastrea el sitio de demostración: un timeout corto para
/// que la página lenta no alargue la demostración, y un tope de cuerpo que la
/// página enorme supera.
pub fn demo_config() -> CrawlConfig {
    CrawlConfig {
        max_concurrency: 4,
        request_timeout: Duration::from_millis(300),
        max_depth: 3,
        max_pages: 100,
        max_body_bytes: 64 * 1024,
        ..CrawlConfig::default()
    }
}

/// El sitio de demostración en marcha; se para al soltarlo.
pub struct DemoSite {
    addr: SocketAddr,
    server: JoinHandle<()>,
}

impl DemoSite {
    /// La URL de su portada.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for DemoSite {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Sirve el sitio de demostración en `127.0.0.1` y un puerto libre.
pub async fn serve_demo() -> io::Result<DemoSite> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        // Solo acaba con un error de E/S del socket; el informe lo diría como
        // errores de red de cada página.
        let _ = axum::serve(listener, demo_router()).await;
    });
    Ok(DemoSite { addr, server })
}
