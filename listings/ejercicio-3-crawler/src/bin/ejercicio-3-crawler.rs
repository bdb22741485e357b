//! Ejercicio 3: un crawler web concurrente con límite de tareas, ciclos y timeouts.
//!
//! Ejecuta: `cargo run --bin ejercicio-3-crawler`, o con una URL y sus límites:
//! `cargo run --bin ejercicio-3-crawler -- URL [--max-concurrency N] [--timeout-ms T]
//! [--max-pages P] [--max-depth D] [--all-hosts] [--json]`
//!
//! Sin URL, sirve su propio sitio de demostración en 127.0.0.1, lo rastrea y termina.
//! Escribe una línea por URL (o un objeto JSON con `--json`) en la salida estándar, y
//! el progreso en la de errores. `RUST_LOG=ejercicio_3_crawler=debug` muestra el span
//! de cada petición.

use std::error::Error;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use ejercicio_3_crawler::{
    Args, CrawlConfig, Progress, USAGE, crawl_with_progress, demo, parse_seed,
    show_progress,
};
use tokio::sync::watch;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    // Una semilla o unos límites que no valen se dicen antes de arrancar nada.
    let mut config = match args.seed {
        Some(_) => CrawlConfig::default(),
        None => demo::demo_config(),
    };
    args.apply(&mut config);
    let checked = config.validate().and_then(|()| {
        args.seed
            .as_deref()
            .map_or(Ok(()), |s| parse_seed(s).map(drop))
    });
    if let Err(e) = checked {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        // Colores solo en una terminal: en un archivo serían códigos de escape.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let result = tokio::runtime::Runtime::new()
        .map_err(Box::<dyn Error>::from)
        .and_then(|runtime| runtime.block_on(run(&args, &config)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args, config: &CrawlConfig) -> Result<(), Box<dyn Error>> {
    // El sitio de demostración vive hasta el final de `run`.
    let (seed, _site) = match &args.seed {
        Some(seed) => (seed.clone(), None),
        None => {
            let site = demo::serve_demo().await?;
            eprintln!("sitio de demostración en {}", site.url());
            (site.url(), Some(site))
        }
    };
    eprintln!(
        "límites: {} peticiones a la vez, timeout de {} ms, profundidad {}, {} páginas, \
         {} bytes por página",
        config.max_concurrency,
        config.request_timeout.as_millis(),
        config.max_depth,
        config.max_pages,
        config.max_body_bytes
    );
    let (progress, watcher) = watch::channel(Progress::default());
    let shown = tokio::spawn(show_progress(watcher, Duration::from_secs(1)));
    let report = crawl_with_progress(&seed, config, progress).await;
    // El rastreo soltó el `Sender`: la tarea del progreso escribe su última línea y
    // acaba enseguida; el plazo es por si no.
    let _ = tokio::time::timeout(Duration::from_secs(1), shown).await;
    let report = report?;
    if args.json {
        for line in report.json_lines() {
            println!("{line}");
        }
        eprintln!("{}", report.summary());
    } else {
        for line in report.text_lines() {
            println!("{line}");
        }
        println!("{}", report.summary());
    }
    Ok(())
}
