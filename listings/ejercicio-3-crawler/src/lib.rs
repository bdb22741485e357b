//! Ejercicio 3: un crawler web concurrente con límite de tareas, ciclos y timeouts.
//!
//! Parte de una URL semilla y sigue los enlaces de cada página HTML sin salir de su
//! sitio (el mismo esquema, host y puerto) salvo que se le pida, respetando el
//! `robots.txt` de cada sitio. Un coordinador, dueño único del conjunto de URL
//! vistas, lanza las peticiones en un `JoinSet` que nunca pasa de
//! `max_concurrency`; cada petición tiene su timeout y un tope de tamaño, y cada URL
//! encontrada acaba en el informe con su resultado.
//!
//! # Módulos
//!
//! - [`config`]: los límites de un rastreo ([`CrawlConfig`]).
//! - [`error`]: lo que impide empezar ([`CrawlError`]).
//! - [`normalize`]: una URL, una sola forma ([`normalize()`], [`same_site`]).
//! - [`links`]: los enlaces de una página HTML, con `scraper` ([`extract_links`]).
//! - [`robots`]: las reglas de `robots.txt` para `User-agent: *` ([`Robots`]).
//! - `fetch`: una petición con timeout, tope de cuerpo y su span de `tracing`.
//! - [`crawler`]: el coordinador ([`crawl`], [`crawl_with_progress`]).
//! - [`report`]: el informe, en texto y en JSON ([`CrawlReport`], [`Outcome`]).
//! - [`progress`]: el progreso en la salida de errores ([`Progress`],
//!   [`show_progress`]).
//! - [`cli`]: los argumentos del binario ([`Args`]).
//! - [`demo`]: el sitio de demostración, servido en `127.0.0.1` ([`serve_demo`]).
//!
//! # Ejemplo
//!
//! ```
//! use ejercicio_3_crawler::{Outcome, Url, crawl, demo};
//!
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let site = demo::serve_demo().await?;
//! let report = crawl(&site.url(), &demo::demo_config()).await?;
//! let home = &report.pages[&Url::parse(&site.url())?];
//! assert!(matches!(home.outcome, Outcome::Ok { status: 200, .. }));
//! assert_eq!(report.counts()["timeout"], 1); // la página lenta
//! # Ok(())
//! # }
//! ```

pub mod cli;
pub mod config;
pub mod crawler;
pub mod demo;
pub mod error;
mod fetch;
pub mod links;
pub mod normalize;
pub mod progress;
pub mod report;
pub mod robots;

pub use cli::{Args, ArgsError, USAGE};
pub use config::CrawlConfig;
pub use crawler::{crawl, crawl_with_progress};
pub use demo::serve_demo;
pub use error::CrawlError;
pub use links::extract_links;
pub use normalize::{normalize, parse_seed, same_site};
pub use progress::{Progress, show_progress};
pub use report::{CrawlReport, Outcome, PageReport};
pub use robots::Robots;
pub use url::Url;
