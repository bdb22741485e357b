//! Pedir una página: una petición con timeout, un cuerpo con tope de tamaño y, si es
//! HTML, sus enlaces. Cada petición es un span de `tracing` («peticion», con la URL y
//! la profundidad) y acaba con un evento que dice qué salió y cuánto tardó.
//!
//! reqwest no sigue redirecciones (`Policy::none()`): una redirección vuelve al
//! coordinador como un enlace más, para que su destino pase por el conjunto de
//! vistas, por la regla del mismo sitio y por `robots.txt` como cualquier otro.

use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Client, Response};
use url::Url;

use crate::links::extract_links;
use crate::normalize::normalize;
use crate::robots::Robots;

/// Los límites de una petición.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub timeout: Duration,
    pub max_body_bytes: usize,
}

/// Lo que devolvió una petición.
#[derive(Debug)]
pub(crate) enum Fetched {
    /// Una página HTML (2xx) y sus enlaces.
    Page { status: u16, links: Vec<Url> },
    /// Un 3xx con un `Location` que es una URL `http` o `https`.
    Redirect { to: Url },
    /// Cualquier otro estado: 4xx, 5xx, un 3xx sin destino válido.
    Status(u16),
    /// Un 2xx que no es HTML, con su `Content-Type`.
    NotHtml(String),
    /// El cuerpo pasaba de `max_body_bytes`.
    TooLarge,
    /// No acabó dentro del timeout.
    Timeout,
    /// No hubo respuesta HTTP: conexión rechazada, cortada…
    Network(String),
    /// Las reglas del `robots.txt` de un sitio (solo de [`crate::robots`]).
    Robots(Robots),
}

// ANCHOR: fetch
/// Pide `url` y, si es HTML, extrae sus enlaces; todo dentro de `limits.timeout`.
#[tracing::instrument(name = "peticion", skip_all, fields(url = %url, depth = depth))]
pub(crate) async fn fetch_page(
    client: Client,
    url: Url,
    depth: usize,
    limits: Limits,
) -> Fetched {
    let started = Instant::now();
    let fetched = tokio::time::timeout(limits.timeout, fetch(&client, &url, limits))
        .await
        .unwrap_or(Fetched::Timeout); // el futuro se suelta: la conexión se cierra
    tracing::debug!(
        resultado = fetched.label(),
        ms = started.elapsed().as_millis() as u64,
        "respuesta"
    );
    fetched
}

async fn fetch(client: &Client, url: &Url, limits: Limits) -> Fetched {
    let mut response = match client.get(url.clone()).send().await {
        Ok(response) => response,
        Err(e) => return Fetched::Network(describe(&e)),
    };
    let status = response.status();
    if status.is_redirection() {
        let to = response
            .headers()
            .get(LOCATION)
            .and_then(|l| l.to_str().ok());
        return match to.and_then(|to| normalize(url, to)) {
            Some(to) => Fetched::Redirect { to },
            None => Fetched::Status(status.as_u16()),
        };
    }
    if !status.is_success() {
        return Fetched::Status(status.as_u16());
    }
    let content_type = content_type(&response);
    if !is_html(&content_type) {
        return Fetched::NotHtml(content_type); // sin leer el cuerpo
    }
    let body = match read_body(&mut response, limits.max_body_bytes).await {
        Ok(body) => body,
        Err(fetched) => return fetched,
    };
    let links = extract_links(&String::from_utf8_lossy(&body), url);
    Fetched::Page {
        status: status.as_u16(),
        links,
    }
}

/// El cuerpo entero, trozo a trozo, sin pasar nunca de `max` bytes en memoria.
pub(crate) async fn read_body(
    response: &mut Response,
    max: usize,
) -> Result<Vec<u8>, Fetched> {
    if response.content_length().is_some_and(|n| n > max as u64) {
        return Err(Fetched::TooLarge); // lo anuncia: ni se empieza a leer
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() > max => {
                return Err(Fetched::TooLarge);
            }
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => return Ok(body),
            Err(e) => return Err(Fetched::Network(describe(&e))),
        }
    }
}
// ANCHOR_END: fetch

/// El `Content-Type` sin parámetros y en minúsculas: `text/html; charset=utf-8` es
/// `text/html`. Sin cabecera, «sin Content-Type».
fn content_type(response: &Response) -> String {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "sin Content-Type".to_owned())
}

fn is_html(content_type: &str) -> bool {
    matches!(content_type, "text/html" | "application/xhtml+xml")
}

/// La causa más concreta de un error de reqwest («Connection refused (os error
/// 111)»), sin la URL, que ya está en el informe.
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

impl Fetched {
    /// Una palabra para los eventos de `tracing`.
    pub(crate) fn label(&self) -> &'static str {
        match self {
            Fetched::Page { .. } => "ok",
            Fetched::Redirect { .. } => "redireccion",
            Fetched::Status(_) => "estado",
            Fetched::NotHtml(_) => "no_html",
            Fetched::TooLarge => "demasiado_grande",
            Fetched::Timeout => "timeout",
            Fetched::Network(_) => "red",
            Fetched::Robots(_) => "robots",
        }
    }
}
