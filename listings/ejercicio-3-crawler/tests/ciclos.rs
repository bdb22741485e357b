//! Detección de ciclos y normalización: cada página alcanzable se pide una sola vez,
//! la enlacen como la enlacen; lo de otro sitio se anota y no se pide nunca.

mod sitio;

use std::collections::BTreeMap;

use axum::Router;
use axum::response::Redirect;
use axum::routing::get;
use ejercicio_3_crawler::{CrawlConfig, CrawlReport, Outcome, Url, crawl};
use sitio::{CRAWL_DEADLINE, Site, config, html};
use tokio::time::timeout;

async fn crawl_within(seed: &str, config: &CrawlConfig) -> CrawlReport {
    timeout(CRAWL_DEADLINE, crawl(seed, config))
        .await
        .expect("el rastreo acaba dentro de su plazo")
        .expect("la semilla es válida")
}

/// Un servidor trampa: cualquier petición que le llegue cuenta.
async fn trap() -> Site {
    Site::start(|_| Router::new().fallback(|| async { "no debías venir" })).await
}

fn outcome(report: &CrawlReport, url: &str) -> Outcome {
    let url = Url::parse(url).unwrap();
    report
        .pages
        .get(&url)
        .unwrap_or_else(|| panic!("{url} no está en el informe"))
        .outcome
        .clone()
}

#[tokio::test]
async fn cada_pagina_alcanzable_se_pide_una_sola_vez() {
    for limit in [1, 4, 16] {
        let trap = trap().await;
        let trap_url = trap.url("/");
        let site = Site::start(|origin| {
            let absolute = format!("{origin}/a");
            let shouting = format!("{}/./a", origin.to_uppercase());
            let other_host =
                format!("{}/a", origin.replace("127.0.0.1", "localhost"));
            Router::new()
                .route(
                    "/",
                    html(&[
                        "/a",
                        "a",
                        "/a#seccion",
                        &absolute,
                        &shouting,
                        "/",
                        "#arriba",
                        "/loop1",
                        "/b?x=1",
                        "mailto:ana@example.invalid",
                        "javascript:void(0)",
                        "ftp://127.0.0.1/archivo",
                        &trap_url,
                        &other_host,
                    ]),
                )
                .route("/a", html(&["/", "a", "./a", "/loop1", "/b?x=1#y"]))
                .route("/b", html(&["../a", "/b?x=1"]))
                .route("/loop1", html(&["/loop2"]))
                .route("/loop2", html(&["/loop1", "/loop2"]))
        })
        .await;
        let config = CrawlConfig {
            max_concurrency: limit,
            ..config()
        };
        let report = crawl_within(&site.url("/"), &config).await;

        let expected: BTreeMap<String, usize> =
            ["/robots.txt", "/", "/a", "/b?x=1", "/loop1", "/loop2"]
                .into_iter()
                .map(|path| (path.to_owned(), 1))
                .collect();
        assert_eq!(site.stats.hits(), expected, "límite {limit}");
        assert_eq!(trap.stats.hits(), BTreeMap::new(), "límite {limit}");
        for path in ["/", "/a", "/b?x=1", "/loop1", "/loop2"] {
            assert!(
                matches!(
                    outcome(&report, &site.url(path)),
                    Outcome::Ok { status: 200, .. }
                ),
                "{path}"
            );
        }
        assert_eq!(report.pages.len(), 7, "5 páginas y 2 de otro sitio");
        assert_eq!(report.requested(), 5);
    }
}

#[tokio::test]
async fn lo_de_otro_sitio_se_anota_y_no_se_pide() {
    let trap = trap().await;
    let (trap_page, trap_other) = (trap.url("/"), trap.url("/otra"));
    let to_trap = trap_other.clone();
    let site = Site::start(move |origin| {
        // El mismo servidor con otro nombre también es otro sitio.
        let by_name = format!("{}/", origin.replace("127.0.0.1", "localhost"));
        Router::new()
            .route("/", html(&[&trap_page, &by_name, "/fuera"]))
            .route(
                "/fuera",
                get(move || async move { Redirect::temporary(&to_trap) }),
            )
    })
    .await;
    let report = crawl_within(&site.url("/"), &config()).await;

    assert_eq!(trap.stats.hits(), BTreeMap::new());
    assert_eq!(outcome(&report, &trap.url("/")), Outcome::External);
    assert_eq!(outcome(&report, &trap_other), Outcome::External);
    let by_name = site.url("/").replace("127.0.0.1", "localhost");
    assert_eq!(outcome(&report, &by_name), Outcome::External);
    assert_eq!(
        outcome(&report, &site.url("/fuera")),
        Outcome::Redirect {
            to: Url::parse(&trap_other).unwrap()
        }
    );
    assert_eq!(site.stats.page_hits(), 2, "solo / y /fuera");
}
