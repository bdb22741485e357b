//! Ejercicio 4: un pipeline de datos con errores, contrapresión y cancelación.
//!
//! Lee lecturas de sensores en CSV (`sensor_id,timestamp_ms,value`), las analiza, las
//! filtra, calcula por sensor cuántas hay, la mínima, la máxima y la media, y escribe
//! las válidas en un CSV de salida. Cada etapa es un hilo (el filtro, uno por núcleo),
//! unido a la siguiente por canales acotados: si una etapa se atrasa, las anteriores
//! esperan (contrapresión).
//! Una línea mala se anota con su número y se salta, hasta un límite; un error fatal
//! (de E/S, el límite superado, una etapa en pánico) o quien llama, con un
//! [`CancellationToken`], cancelan todo el pipeline, que no deja salida a medias.
//!
//! ```
//! use ejercicio_4_pipeline::{CancellationToken, Pipeline, PipelineConfig};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let input = "sensor_id,timestamp_ms,value\ns1,1000,21.5\ns1,2000,x\n";
//! let dir = tempfile::tempdir()?;
//! let output = dir.path().join("salida.csv");
//! let pipeline = Pipeline::new(PipelineConfig::default())?;
//! let report = pipeline.run(input.as_bytes(), &output, &CancellationToken::new())?;
//! assert_eq!((report.written, report.bad.len()), (1, 1));
//! assert_eq!(report.bad[0].to_string(), "línea 3: el valor «x» no es un número finito");
//! # Ok(())
//! # }
//! ```
//!
//! # Módulos
//!
//! - [`record`]: una línea del CSV, convertida en una lectura ([`Reading`]) o en una
//!   línea mala con su número ([`BadRecord`]).
//! - [`config`]: la configuración ([`PipelineConfig`]): capacidad de los canales,
//!   tamaño de lote, límite de líneas malas, rango válido, tope de bytes por
//!   registro, número de filtros.
//! - [`pipeline`]: las cinco etapas en sus hilos (el filtro, en varios) y quien las
//!   coordina ([`Pipeline`]).
//! - [`sequential`]: el mismo trabajo en un bucle, la referencia para comparar.
//! - [`aggregate`]: las estadísticas de cada sensor ([`Stats`], [`Aggregates`]).
//! - [`report`]: el informe de una ejecución ([`PipelineReport`]).
//! - [`error`]: los errores fatales ([`PipelineError`]) y las etapas ([`Stage`]).
//! - [`output`]: la salida atómica ([`AtomicFile`]): un temporal que se sincroniza y
//!   se renombra.
//! - [`progress`]: los contadores que se pueden leer mientras corre ([`Progress`]).
//! - [`sample`]: datos de prueba deterministas.
//!
//! Por dentro, `stages` tiene el bucle de cada etapa, `batch` guarda en un solo búfer
//! los registros que la lectura entrega al análisis, `order` pone en orden los lotes
//! que devuelven los filtros, `stop` convierte el token de cancelación en la señal
//! que las etapas esperan junto a sus canales, e `input` lee una fuente en un hilo
//! que se puede abandonar ([`Pipeline::run_detached`]).

pub mod aggregate;
mod batch;
pub mod config;
pub mod error;
mod input;
mod order;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod record;
pub mod report;
pub mod sample;
pub mod sequential;
mod stages;
mod stop;

pub use aggregate::{Aggregates, Stats};
pub use compact_str::CompactString;
pub use config::PipelineConfig;
pub use error::{PipelineError, Stage};
pub use output::AtomicFile;
pub use pipeline::Pipeline;
pub use progress::Progress;
pub use record::{BadRecord, Reading};
pub use report::PipelineReport;
pub use stages::Transform;
pub use tokio_util::sync::CancellationToken;
