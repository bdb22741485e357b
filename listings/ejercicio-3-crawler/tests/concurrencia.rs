//! El límite de concurrencia, visto desde el servidor, y el timeout de cada petición.

mod sitio;

use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Path;
use axum::response::Html;
use axum::routing::get;
use ejercicio_3_crawler::{
    CrawlConfig, Outcome, Progress, Url, crawl, crawl_with_progress,
};
use sitio::{CRAWL_DEADLINE, Site, config, html, page};
use tokio::sync::watch;
use tokio::time::timeout;

const LEAVES: usize = 20;

/// La portada enlaza `LEAVES` hojas, y cada hoja espera a que se abra `gate`.
async fn gated_site(gate: watch::Receiver<bool>) -> Site {
    Site::start(move |_| {
        let leaves: Vec<String> =
            (0..LEAVES).map(|n| format!("/hoja/{n}")).collect();
        let leaves: Vec<&str> = leaves.iter().map(String::as_str).collect();
        Router::new().route("/", html(&leaves)).route(
            "/hoja/{n}",
            get(move |Path(_n): Path<usize>| {
                let mut gate = gate.clone();
                async move {
                    // El plazo solo evita que un test roto se cuelgue.
                    let _ =
                        timeout(Duration::from_secs(5), gate.wait_for(|open| *open))
                            .await;
                    Html(page(&[]))
                }
            }),
        )
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn el_maximo_en_vuelo_es_el_limite_y_nunca_lo_pasa() {
    for limit in [1, 3, 8] {
        let (open, gate) = watch::channel(false);
        let site = gated_site(gate).await;
        let (progress, mut watched) = watch::channel(Progress::default());
        let config = CrawlConfig {
            max_concurrency: limit,
            ..config()
        };
        let seed = site.url("/");
        let crawl = tokio::spawn(async move {
            crawl_with_progress(&seed, &config, progress).await
        });

        // Hecha la portada, el coordinador lanza hojas hasta llenar el JoinSet y se
        // queda esperando: hasta que acabe una, no pedirá ninguna más.
        let launched = timeout(
            Duration::from_secs(5),
            watched.wait_for(|p| p.done == 1 && p.in_flight > 0),
        )
        .await
        .expect("el coordinador lanza las hojas")
        .map(|p| *p)
        .expect("el rastreo sigue en marcha");
        // Todas las que lanzó llegan al servidor, y ahí se quedan: la puerta está
        // cerrada. Lo que ve el servidor es lo que hay en vuelo.
        let seen = site
            .wait_in_flight(launched.in_flight, Duration::from_secs(5))
            .await;
        assert_eq!(
            seen, limit,
            "límite {limit}: peticiones a la vez en el servidor"
        );
        assert_eq!(
            launched.queued,
            LEAVES - limit,
            "límite {limit}: el resto espera"
        );

        open.send_replace(true);
        let report = timeout(CRAWL_DEADLINE, crawl)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(
            site.stats.max_in_flight(),
            limit,
            "límite {limit}: máximo del rastreo"
        );
        assert_eq!(report.counts()["ok"], LEAVES + 1, "límite {limit}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn una_pagina_lenta_da_timeout_y_el_resto_acaba() {
    let site = Site::start(|_| {
        let mut links = vec!["/lenta".to_owned()];
        links.extend((0..10).map(|n| format!("/rapida/{n}")));
        let links: Vec<&str> = links.iter().map(String::as_str).collect();
        Router::new()
            .route("/", html(&links))
            // No responde nunca.
            .route("/lenta", get(std::future::pending::<Html<String>>))
            .route("/rapida/{n}", html(&[]))
    })
    .await;
    let config = CrawlConfig {
        max_concurrency: 2,
        request_timeout: Duration::from_millis(300),
        ..config()
    };
    let started = Instant::now();
    let report = timeout(CRAWL_DEADLINE, crawl(&site.url("/"), &config))
        .await
        .expect("el timeout de la petición corta la página lenta")
        .unwrap();
    let elapsed = started.elapsed();

    let slow = &report.pages[&Url::parse(&site.url("/lenta")).unwrap()];
    assert_eq!(slow.outcome, Outcome::Timeout { after_ms: 300 });
    assert_eq!(report.counts()["ok"], 11, "la portada y las 10 rápidas");
    assert_eq!(
        site.stats.hits_of("/lenta"),
        1,
        "un timeout no se reintenta"
    );
    // Soltar la petición cierra la conexión, y el servidor suelta su handler.
    let left = site.wait_in_flight(0, Duration::from_secs(2)).await;
    assert_eq!(left, 0, "la petición lenta sigue abierta en el servidor");
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(3),
        "el rastreo dura lo que el timeout, no lo que la página lenta: {elapsed:?}"
    );
}
