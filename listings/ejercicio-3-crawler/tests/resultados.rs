//! Cada resultado de error, con su propia entrada en el informe; nada entra en
//! pánico y el rastreo acaba dentro de sus límites.

mod sitio;

use std::convert::Infallible;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse, Redirect};
use axum::routing::get;
use ejercicio_3_crawler::{CrawlConfig, CrawlReport, Outcome, Url, crawl};
use sitio::{CRAWL_DEADLINE, Site, config, html};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::time::timeout;

async fn crawl_within(seed: &str, config: &CrawlConfig) -> CrawlReport {
    timeout(CRAWL_DEADLINE, crawl(seed, config))
        .await
        .expect("el rastreo acaba dentro de su plazo")
        .expect("la semilla es válida")
}

fn url(site: &Site, path: &str) -> Url {
    Url::parse(&site.url(path)).unwrap()
}

/// Un cuerpo HTML que no se acaba nunca, sin `Content-Length`.
fn endless() -> impl IntoResponse {
    let chunk = Bytes::from("<p>otra vez</p>\n".repeat(512));
    let stream =
        futures::stream::repeat_with(move || Ok::<_, Infallible>(chunk.clone()));
    ([(CONTENT_TYPE, "text/html")], Body::from_stream(stream))
}

async fn error_site() -> Site {
    Site::start(|_| {
        Router::new()
            .route(
                "/",
                html(&[
                    "/no-existe",
                    "/error",
                    "/logo.png",
                    "/sin-tipo",
                    "/grande",
                    "/infinita",
                    "/bucle/1",
                    "/propia",
                    "/cadena/1",
                    "/redirige",
                    "/a",
                    "/d/1",
                ]),
            )
            .route(
                "/error",
                get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
            )
            .route(
                "/logo.png",
                get(|| async { ([(CONTENT_TYPE, "image/png")], &b"\x89PNG"[..]) }),
            )
            .route("/sin-tipo", get(|| async { Body::from("¿qué soy?") }))
            .route("/grande", get(|| async { Html("x".repeat(100 * 1024)) }))
            .route("/infinita", get(|| async { endless() }))
            .route(
                "/bucle/1",
                get(|| async { Redirect::temporary("/bucle/2") }),
            )
            .route(
                "/bucle/2",
                get(|| async { Redirect::temporary("/bucle/1") }),
            )
            .route(
                "/propia",
                get(|| async { Redirect::temporary("/propia#otra-vez") }),
            )
            .route(
                "/cadena/{n}",
                get(|Path(n): Path<u32>| async move {
                    Redirect::temporary(&format!("/cadena/{}", n + 1))
                }),
            )
            .route("/redirige", get(|| async { Redirect::permanent("/a") }))
            .route("/a", html(&[]))
            .route(
                "/d/{n}",
                get(|Path(n): Path<u32>| async move {
                    Html(sitio::page(&[&format!("/d/{}", n + 1)]))
                }),
            )
    })
    .await
}

#[tokio::test]
async fn cada_error_tiene_su_resultado() {
    let site = error_site().await;
    let config = CrawlConfig {
        max_depth: 3,
        max_redirects: 3,
        max_body_bytes: 64 * 1024,
        ..config()
    };
    let started = Instant::now();
    let report = crawl_within(&site.url("/"), &config).await;
    let elapsed = started.elapsed();

    let expected = [
        ("/no-existe", 1, Outcome::HttpStatus { status: 404 }),
        ("/error", 1, Outcome::HttpStatus { status: 500 }),
        (
            "/logo.png",
            1,
            Outcome::NotHtml {
                content_type: "image/png".into(),
            },
        ),
        (
            "/sin-tipo",
            1,
            Outcome::NotHtml {
                content_type: "sin Content-Type".into(),
            },
        ),
        ("/grande", 1, Outcome::TooLarge { limit: 64 * 1024 }),
        ("/infinita", 1, Outcome::TooLarge { limit: 64 * 1024 }),
        (
            "/bucle/1",
            1,
            Outcome::Redirect {
                to: url(&site, "/bucle/2"),
            },
        ),
        (
            "/bucle/2",
            1,
            Outcome::RedirectLoop {
                to: url(&site, "/bucle/1"),
            },
        ),
        (
            "/propia",
            1,
            Outcome::RedirectLoop {
                to: url(&site, "/propia"),
            },
        ),
        (
            "/cadena/1",
            1,
            Outcome::Redirect {
                to: url(&site, "/cadena/2"),
            },
        ),
        (
            "/cadena/2",
            1,
            Outcome::Redirect {
                to: url(&site, "/cadena/3"),
            },
        ),
        (
            "/cadena/3",
            1,
            Outcome::Redirect {
                to: url(&site, "/cadena/4"),
            },
        ),
        ("/cadena/4", 1, Outcome::TooManyRedirects { limit: 3 }),
        (
            "/redirige",
            1,
            Outcome::Redirect {
                to: url(&site, "/a"),
            },
        ),
        (
            "/a",
            1,
            Outcome::Ok {
                status: 200,
                links: 0,
            },
        ),
        (
            "/d/3",
            3,
            Outcome::Ok {
                status: 200,
                links: 1,
            },
        ),
        ("/d/4", 4, Outcome::BeyondDepth { max_depth: 3 }),
    ];
    for (path, depth, outcome) in &expected {
        let page = report
            .pages
            .get(&url(&site, path))
            .unwrap_or_else(|| panic!("{path} no está en el informe"));
        assert_eq!((page.depth, &page.outcome), (*depth, outcome), "{path}");
    }
    // Cada una se pidió una vez, y ni la quinta de la cadena ni la que pasa de la
    // profundidad máxima se pidieron.
    for (path, _, outcome) in &expected {
        let times = usize::from(outcome.was_requested());
        assert_eq!(site.stats.hits_of(path), times, "{path}");
    }
    assert_eq!(site.stats.hits_of("/cadena/5"), 0);
    assert!(!report.pages.contains_key(&url(&site, "/cadena/5")));
    // La página infinita se cortó al pasar del tope, no por el timeout (5 s).
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
}

#[tokio::test]
async fn el_limite_de_paginas_se_cumple_exacto() {
    let site = Site::start(|_| {
        let leaves: Vec<String> = (0..30).map(|n| format!("/hoja/{n}")).collect();
        let leaves: Vec<&str> = leaves.iter().map(String::as_str).collect();
        Router::new()
            .route("/", html(&leaves))
            .route("/hoja/{n}", html(&["/"]))
    })
    .await;
    let config = CrawlConfig {
        max_pages: 10,
        ..config()
    };
    let report = crawl_within(&site.url("/"), &config).await;

    assert_eq!(site.stats.page_hits(), 10);
    assert_eq!(report.requested(), 10);
    assert_eq!(report.counts()["ok"], 10);
    assert_eq!(report.counts()["beyond_page_limit"], 21);
    assert_eq!(
        report.pages.len(),
        31,
        "cada URL encontrada está en el informe"
    );
}

/// Un servidor que contesta 404 a `/robots.txt` y corta cualquier otra conexión sin
/// responder.
async fn rude_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = vec![0; 4096];
            let n = socket.read(&mut request).await.unwrap_or(0);
            if request[..n].starts_with(b"GET /robots.txt ") {
                let reply = "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\
                             connection: close\r\n\r\n";
                let _ = socket.write_all(reply.as_bytes()).await;
            }
            // Al soltar el socket, la conexión se cierra.
        }
    });
    format!("http://{addr}/")
}

#[tokio::test]
async fn una_conexion_cortada_es_un_error_de_red() {
    let seed = rude_server().await;
    let report = crawl_within(&seed, &config()).await;
    let home = &report.pages[&Url::parse(&seed).unwrap()];
    assert_eq!(home.outcome.kind(), "network", "{:?}", home.outcome);
    assert_eq!(report.pages.len(), 1);
}

#[tokio::test]
async fn un_sitio_que_no_existe_acaba_enseguida_sin_pedir_nada_mas() {
    // Un puerto que estaba libre hace un instante: nadie escucha.
    let addr = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let seed = format!("http://{addr}/");
    let report = crawl_within(&seed, &config()).await;
    let home = &report.pages[&Url::parse(&seed).unwrap()];
    assert_eq!(
        home.outcome.kind(),
        "robots_unavailable",
        "{:?}",
        home.outcome
    );
    assert_eq!(report.pages.len(), 1);
    assert_eq!(report.requested(), 0);
}

#[tokio::test]
async fn una_semilla_no_valida_es_un_error_y_no_un_panico() {
    for (seed, message) in [
        (
            "",
            "la URL semilla «» no es válida: relative URL without a base",
        ),
        ("/solo/ruta", "la URL semilla «/solo/ruta» no es válida"),
        (
            "mailto:ana@example.invalid",
            "es de mailto: solo se rastrea http y https",
        ),
        (
            "http://[::1",
            "la URL semilla «http://[::1» no es válida: invalid IPv6 address",
        ),
    ] {
        let err = crawl(seed, &config()).await.unwrap_err();
        assert!(err.to_string().contains(message), "{seed}: {err}");
    }
    let zero = CrawlConfig {
        max_concurrency: 0,
        ..config()
    };
    let err = crawl("http://127.0.0.1:1/", &zero).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "configuración no válida: max-concurrency debe ser al menos 1"
    );
}
