//! La medición del ejercicio 3: páginas por segundo contra un sitio local cuyas
//! páginas tardan lo mismo en responder, con varios límites de concurrencia, frente
//! al ideal, límite ÷ latencia; y el mismo sitio respondiendo al instante, que mide lo
//! que cuesta el propio crawler.
//!
//! Ejecuta: `cargo bench -p ejercicio-3-crawler --bench rendimiento`
//! Para reescribir la tabla que muestra el libro (`benches/resultados.md`):
//! `cargo bench -p ejercicio-3-crawler --bench rendimiento -- --guardar`
//!
//! El sitio es un árbol: la página `n` enlaza a las 20 siguientes (`20n + 1` a
//! `20n + 20`), así que el rastreo empieza con una sola página en vuelo, como uno de
//! verdad. Con `cargo test --benches` (sin `--bench`) hace una sola ronda corta, para
//! comprobar que funciona.

use std::fs;
use std::io;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::response::Html;
use axum::routing::get;
use ejercicio_3_crawler::{CrawlConfig, crawl};
use tokio::net::TcpListener;

const FANOUT: usize = 20;

/// Lo que necesita el handler: cuántas páginas hay y cuánto tarda cada una; y lo que
/// ve: cuántas peticiones tiene a la vez (y el máximo) y cuánto tardó de verdad en
/// responderlas.
struct Site {
    pages: usize,
    latency: Duration,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    served: AtomicU64,
    busy_nanos: AtomicU64,
}

async fn handler(
    UrlPath(n): UrlPath<usize>,
    State(site): State<Arc<Site>>,
) -> Html<String> {
    let started = Instant::now();
    let now = site.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    site.max_in_flight.fetch_max(now, Ordering::SeqCst);
    if !site.latency.is_zero() {
        tokio::time::sleep(site.latency).await;
    }
    let children =
        (FANOUT * n + 1..=FANOUT * n + FANOUT).filter(|&c| c < site.pages);
    let links: String = children
        .map(|c| format!("<a href=\"/p/{c}\">{c}</a>\n"))
        .collect();
    site.in_flight.fetch_sub(1, Ordering::SeqCst);
    site.served.fetch_add(1, Ordering::SeqCst);
    let busy = started.elapsed().as_nanos() as u64;
    site.busy_nanos.fetch_add(busy, Ordering::SeqCst);
    Html(format!(
        "<!doctype html><html><body>\n{links}</body></html>"
    ))
}

/// Un caso: cuántas páginas, cuánto tarda cada una y el límite de concurrencia.
#[derive(Clone, Copy)]
struct Case {
    pages: usize,
    latency_ms: u64,
    limit: usize,
}

impl Case {
    /// Límite ÷ latencia, en páginas por segundo; sin latencia, no hay ideal.
    fn ideal(&self) -> Option<f64> {
        (self.latency_ms > 0)
            .then_some(self.limit as f64 * 1000.0 / self.latency_ms as f64)
    }
}

/// Lo que se mide en cada ronda.
#[derive(Default)]
struct Rounds {
    /// Páginas por segundo.
    rates: Vec<f64>,
    /// Lo que tardó de media cada página en el servidor, en milisegundos.
    served_ms: Vec<f64>,
    /// Peticiones en curso en el servidor, de media a lo largo del rastreo.
    occupancy: Vec<f64>,
}

/// Rastrea el sitio de `case` `rounds` veces; devuelve lo medido en cada ronda y el
/// máximo en vuelo que vio el servidor.
async fn measure(case: Case, rounds: usize) -> (Rounds, usize) {
    let site = Arc::new(Site {
        pages: case.pages,
        latency: Duration::from_millis(case.latency_ms),
        in_flight: AtomicUsize::new(0),
        max_in_flight: AtomicUsize::new(0),
        served: AtomicU64::new(0),
        busy_nanos: AtomicU64::new(0),
    });
    let router = Router::new()
        .route("/p/{n}", get(handler))
        .with_state(Arc::clone(&site));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let seed = format!("http://{}/p/0", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let config = CrawlConfig {
        max_concurrency: case.limit,
        max_pages: case.pages,
        max_depth: 100,
        ..CrawlConfig::default()
    };
    let mut measured = Rounds::default();
    for _ in 0..rounds {
        site.served.store(0, Ordering::SeqCst);
        site.busy_nanos.store(0, Ordering::SeqCst);
        let report = crawl(&seed, &config).await.unwrap();
        assert_eq!(report.counts()["ok"], case.pages, "todas las páginas, bien");
        let elapsed = report.elapsed.as_secs_f64();
        let busy = site.busy_nanos.load(Ordering::SeqCst) as f64 / 1e9;
        let served = site.served.load(Ordering::SeqCst) as f64;
        measured.rates.push(report.requested() as f64 / elapsed);
        measured.served_ms.push(1000.0 * busy / served);
        measured.occupancy.push(busy / elapsed);
    }
    server.abort();
    (measured, site.max_in_flight.load(Ordering::SeqCst))
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// La carga media del último minuto (Linux), o «desconocida».
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "desconocida".to_owned())
}

/// Las órdenes que describen la máquina, con lo que escribe cada una, y la carga
/// media al empezar y al terminar.
fn machine(load_before: &str) -> String {
    let run = |cmd: &str, args: &[&str]| -> String {
        Command::new(cmd)
            .args(args)
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .unwrap_or_default()
    };
    let lscpu = run("lscpu", &[]);
    let model = lscpu
        .lines()
        .find_map(|l| l.strip_prefix("Model name:"))
        .unwrap_or("desconocido")
        .trim();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    format!(
        "- `lscpu | grep 'Model name'`: {model}\n- `nproc`: {}\n- `rustc -V`: {}\n\
         - carga media (`/proc/loadavg`, 1 min) al empezar y al terminar: {load_before} \
         y {}\n",
        run("nproc", &[]).trim(),
        run(&rustc, &["-V"]).trim(),
        load_average()
    )
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench");
    let save = full && args.iter().any(|a| a == "--guardar");
    let load_before = load_average();
    let (rounds, scale) = if full { (5, 1) } else { (1, 20) };
    let cases = [
        Case {
            pages: 2_000,
            latency_ms: 20,
            limit: 16,
        },
        Case {
            pages: 500,
            latency_ms: 20,
            limit: 4,
        },
        Case {
            pages: 2_000,
            latency_ms: 20,
            limit: 64,
        },
        Case {
            pages: 2_000,
            latency_ms: 0,
            limit: 16,
        },
    ];
    let runtime = tokio::runtime::Runtime::new()?;
    let mut table = String::from(
        "| límite | páginas | latencia pedida | ideal (páginas/s) \
         | medido (páginas/s) | medido ÷ ideal | latencia servida | en curso de media \
         | máximo en vuelo |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut goal = String::new();
    for case in cases {
        let case = Case {
            pages: case.pages / scale,
            ..case
        };
        let (measured, max_in_flight) = runtime.block_on(measure(case, rounds));
        let rate = median(measured.rates);
        let served_ms = median(measured.served_ms);
        let occupancy = median(measured.occupancy);
        let (ideal, ratio) = match case.ideal() {
            Some(ideal) => (
                format!("{ideal:.0}"),
                format!("{:.0} %", 100.0 * rate / ideal),
            ),
            None => ("—".to_owned(), "—".to_owned()),
        };
        table.push_str(&format!(
            "| {} | {} | {} ms | {ideal} | {rate:.0} | {ratio} | {served_ms:.2} ms \
             | {occupancy:.1} | {max_in_flight} |\n",
            case.limit, case.pages, case.latency_ms
        ));
        if case.limit == 16 && case.latency_ms == 20 {
            let verdict = if rate >= 720.0 {
                "se cumple"
            } else {
                "no se cumple"
            };
            goal = format!(
                "- {} páginas de 20 ms con límite 16: {rate:.0} páginas/s (objetivo \
                 ≥ 720, el 90 % del ideal: {verdict}).\n",
                case.pages
            );
        }
    }
    let text = format!(
        "{table}\n\
         Mediana de {rounds} rastreos de cada sitio, cada uno desde una sola semilla; \
         las páginas por segundo cuentan desde la petición de `robots.txt` hasta la \
         última respuesta. La latencia servida es lo que tardó de media cada página \
         dentro del servidor: la pedida, más lo que tarda en despertar el temporizador. \
         En curso de media: las peticiones que el servidor tenía a la vez, de media a lo \
         largo del rastreo. El servidor y el crawler comparten el proceso y los \
         núcleos.\n\n\
         {goal}\n\
         Medido con `cargo bench -p ejercicio-3-crawler --bench rendimiento -- --guardar` \
         en:\n\n{}",
        machine(&load_before)
    );
    print!("{text}");
    if save {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/resultados.md");
        fs::write(path, &text)?;
    }
    Ok(())
}
