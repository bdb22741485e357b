//! `robots.txt`: lo que prohíbe para todos los agentes no se pide nunca, y un
//! `robots.txt` que falla para todo el rastreo, como manda el RFC 9309.

mod sitio;

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
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

fn outcome(report: &CrawlReport, site: &Site, path: &str) -> Outcome {
    report.pages[&Url::parse(&site.url(path)).unwrap()]
        .outcome
        .clone()
}

const ROBOTS: &str = "User-agent: otro-crawler\n\
                      Disallow: /\n\
                      \n\
                      User-agent: *\n\
                      Disallow: /privado/\n\
                      Allow: /privado/publico\n\
                      Disallow: /*.pdf$\n";

#[tokio::test]
async fn lo_que_prohibe_robots_no_se_pide_nunca() {
    let site = Site::start(|_| {
        Router::new()
            .route("/robots.txt", get(|| async { ROBOTS }))
            .route(
                "/",
                html(&[
                    "/privado/notas",
                    "/privado/publico",
                    "/abierta",
                    "/informe.pdf",
                ]),
            )
            .route("/privado/notas", html(&[]))
            .route("/privado/publico", html(&[]))
            .route("/abierta", html(&["/privado/otra"]))
            .route("/informe.pdf", html(&[]))
    })
    .await;
    let report = crawl_within(&site.url("/"), &config()).await;

    for path in ["/privado/notas", "/privado/otra", "/informe.pdf"] {
        assert_eq!(outcome(&report, &site, path), Outcome::Disallowed, "{path}");
        assert_eq!(site.stats.hits_of(path), 0, "{path}");
    }
    for path in ["/", "/privado/publico", "/abierta"] {
        assert!(
            matches!(outcome(&report, &site, path), Outcome::Ok { .. }),
            "{path}"
        );
        assert_eq!(site.stats.hits_of(path), 1, "{path}");
    }
    assert_eq!(
        site.stats.hits_of("/robots.txt"),
        1,
        "se pide una vez por rastreo"
    );
}

#[tokio::test]
async fn un_robots_que_falla_con_5xx_lo_prohibe_todo() {
    let site = Site::start(|_| {
        Router::new()
            .route(
                "/robots.txt",
                get(|| async { StatusCode::SERVICE_UNAVAILABLE }),
            )
            .route("/", html(&["/a"]))
    })
    .await;
    let report = crawl_within(&site.url("/"), &config()).await;
    assert_eq!(outcome(&report, &site, "/"), Outcome::Disallowed);
    assert_eq!(site.stats.page_hits(), 0);
}

#[tokio::test]
async fn sin_robots_4xx_se_puede_pedir_todo() {
    let site = Site::start(|_| {
        Router::new()
            .route("/", html(&["/a"]))
            .route("/a", html(&[]))
    })
    .await;
    let report = crawl_within(&site.url("/"), &config()).await;
    assert_eq!(site.stats.hits_of("/robots.txt"), 1);
    assert_eq!(report.counts()["ok"], 2);
}

#[tokio::test]
async fn un_robots_que_no_responde_para_el_rastreo() {
    let site = Site::start(|_| {
        Router::new()
            .route("/robots.txt", get(std::future::pending::<String>))
            .route("/", html(&[]))
    })
    .await;
    let config = CrawlConfig {
        request_timeout: Duration::from_millis(200),
        ..config()
    };
    let report = crawl_within(&site.url("/"), &config).await;
    assert_eq!(
        outcome(&report, &site, "/"),
        Outcome::RobotsUnavailable {
            reason: "timeout".into()
        }
    );
    assert_eq!(site.stats.page_hits(), 0);
}

#[tokio::test]
async fn con_todos_los_sitios_cada_uno_tiene_su_robots() {
    let other = Site::start(|_| {
        Router::new()
            .route(
                "/robots.txt",
                get(|| async { "User-agent: *\nDisallow: /privado\n" }),
            )
            .route("/", html(&["/privado", "/publico"]))
            .route("/publico", html(&[]))
            .route("/privado", html(&[]))
    })
    .await;
    let (other_home, other_private) = (other.url("/"), other.url("/privado"));
    let site = Site::start(move |_| {
        Router::new()
            .route("/", html(&[&other_home, &other_private, "/privado"]))
            .route("/privado", html(&[]))
    })
    .await;
    let config = CrawlConfig {
        same_host_only: false,
        ..config()
    };
    let report = crawl_within(&site.url("/"), &config).await;

    // Cada sitio con sus reglas: `/privado` se puede pedir en uno y en el otro no.
    assert_eq!(site.stats.hits_of("/privado"), 1);
    assert_eq!(other.stats.hits_of("/privado"), 0);
    assert_eq!(outcome(&report, &other, "/privado"), Outcome::Disallowed);
    for path in ["/", "/publico"] {
        assert!(
            matches!(outcome(&report, &other, path), Outcome::Ok { .. }),
            "{path}"
        );
    }
    // Un `robots.txt` por sitio, aunque se encontraran varias URL suyas a la vez.
    assert_eq!(site.stats.hits_of("/robots.txt"), 1);
    assert_eq!(other.stats.hits_of("/robots.txt"), 1);
}
