//! El pipeline: las etapas en sus hilos, unidas por canales acotados, y quien las
//! arranca, las espera a todas y decide el resultado. El filtro, con la
//! transformación, va en `n` hilos que toman los lotes de una cola común; el análisis
//! los numera, y la agregación los pone en orden y devuelve un permiso de la ventana
//! por cada uno.
//!
//! ```text
//!                              ┌─▶ filtro 0 ─┐
//! lectura ─▶ análisis ─▶ cola ─┼─▶ filtro 1 ─┼─▶ cola ─▶ agregación ─▶ escritura
//!   csv        campos          └─▶    …     ─┘           en orden,     temporal → rename
//!                ▲                                       por sensor
//!                └──────────── permisos: la ventana ─────────┘
//! ```

use std::any::Any;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::thread::{self, Scope, ScopedJoinHandle};

use crossbeam::channel;
use tokio_util::sync::CancellationToken;

use crate::config::PipelineConfig;
use crate::error::{PipelineError, Stage};
use crate::input::DetachedInput;
use crate::output;
use crate::progress::Progress;
use crate::record::Reading;
use crate::report::PipelineReport;
use crate::stages::{self, StageError, Transform};
use crate::stop::Stop;

/// Un pipeline configurado, listo para ejecutarse las veces que haga falta.
#[derive(Clone)]
pub struct Pipeline {
    pub(crate) config: PipelineConfig,
    pub(crate) transform: Option<Arc<Transform>>,
    progress: Progress,
}

impl Pipeline {
    /// Valida la configuración.
    pub fn new(config: PipelineConfig) -> Result<Pipeline, PipelineError> {
        config.validate()?;
        Ok(Pipeline {
            config,
            transform: None,
            progress: Progress::new(),
        })
    }

    /// Una transformación de cada lectura, que el filtro aplica antes de decidir.
    pub fn with_transform(
        mut self,
        transform: impl Fn(&mut Reading) + Send + Sync + 'static,
    ) -> Pipeline {
        self.transform = Some(Arc::new(transform));
        self
    }

    /// Los contadores que actualizarán sus ejecuciones (se acumulan entre ellas).
    pub fn with_progress(mut self, progress: Progress) -> Pipeline {
        self.progress = progress;
        self
    }

    pub fn config(&self) -> &PipelineConfig {
        &self.config
    }

    /// Procesa `input` y escribe las lecturas válidas en `output`, que aparece
    /// completo al terminar bien y no aparece si la ejecución falla o se cancela.
    pub fn run<R: Read + Send>(
        &self,
        input: R,
        output: &Path,
        cancel: &CancellationToken,
    ) -> Result<PipelineReport, PipelineError> {
        write_unless_cancelled(output, cancel, |sink| {
            self.run_into(input, sink, cancel)
        })
    }

    // ANCHOR: desatado
    /// Como [`Pipeline::run`], con una fuente que se abre y se lee en un hilo aparte
    /// que nadie espera: para la entrada estándar o una tubería, donde un `read` puede
    /// no volver nunca. Cancelar, o un error fatal en otra etapa, termina la ejecución
    /// aunque ese hilo siga bloqueado (se abandona). Si `open` falla, el error es
    /// [`PipelineError::Open`] y no se crea la salida.
    pub fn run_detached<R, F>(
        &self,
        open: F,
        output: &Path,
        cancel: &CancellationToken,
    ) -> Result<PipelineReport, PipelineError>
    where
        R: Read,
        F: FnOnce() -> io::Result<R> + Send + 'static,
    {
        // El token de la ejecución se crea aquí para que la entrada lo mire también:
        // un error fatal lo cancela y despierta a la lectura, esté donde esté.
        let run = cancel.child_token();
        let input = DetachedInput::open(open, &run)
            .map_err(PipelineError::Open)?
            .ok_or(PipelineError::Cancelled)?;
        write_unless_cancelled(output, cancel, |sink| {
            self.run_with(input, sink, run)
        })
    }
    // ANCHOR_END: desatado

    /// Como [`Pipeline::run`], pero escribe en `sink` a medida que avanza.
    pub fn run_into<R: Read + Send, W: Write + Send>(
        &self,
        input: R,
        sink: W,
        cancel: &CancellationToken,
    ) -> Result<PipelineReport, PipelineError> {
        // Un token hijo: un error fatal cancela esta ejecución, no el token de quien
        // llama; cancelar el de quien llama cancela también este.
        self.run_with(input, sink, cancel.child_token())
    }

    /// Ejecuta las etapas con `run`, el token de esta ejecución, que cancelan un
    /// error fatal de cualquier etapa y quien llama.
    fn run_with<R: Read + Send, W: Write + Send>(
        &self,
        input: R,
        sink: W,
        run: CancellationToken,
    ) -> Result<PipelineReport, PipelineError> {
        // ANCHOR: hilos
        let (stop, _watch) = Stop::new(run);
        let config = &self.config;
        let capacity = config.channel_capacity;
        let (records_tx, records_rx) = channel::bounded(capacity);
        let (spare_tx, spare_rx) = channel::bounded(capacity);
        // Una cola de ida a los filtros y otra de vuelta, comunes a todos, y la
        // ventana: tantos permisos como lotes caben entre el análisis y la
        // agregación. Las colas no tienen tope propio porque ya las acota la ventana:
        // solo espera quien no tiene permiso.
        let window = config.window();
        let (to_filters, filters_rx) = channel::unbounded();
        let (filters_tx, from_filters) = channel::unbounded();
        let (permits_tx, permits_rx) = channel::bounded(window);
        for _ in 0..window {
            permits_tx
                .try_send(())
                .expect("la ventana cabe en su canal");
        }
        let (tallied_tx, tallied_rx) = channel::bounded(capacity);
        let (stop, progress) = (&stop, &self.progress);
        let transform = self.transform.as_deref();
        // `thread::scope` no vuelve hasta que han terminado todos los hilos: ninguna
        // etapa sobrevive a la ejecución, tampoco si falla.
        let (read, parse, filters, tally, written) = thread::scope(|s| {
            let read = spawn(s, Stage::Read, None, stop, move || {
                let channels = (records_tx, spare_rx);
                let sizes = (config.batch_size, config.max_record_bytes);
                stages::read(input, sizes, channels, stop, progress)
            });
            let parse = spawn(s, Stage::Parse, None, stop, move || {
                stages::parse((records_rx, spare_tx), (to_filters, permits_rx), stop)
            });
            let filters: Vec<_> = (0..config.filter_workers)
                .map(|i| {
                    let (rx, tx) = (filters_rx.clone(), filters_tx.clone());
                    spawn(s, Stage::Filter, Some(i), stop, move || {
                        stages::filter(rx, tx, stop, &config.valid_range, transform)
                    })
                })
                .collect();
            // Cada filtro tiene su copia: la cola de vuelta se cierra cuando acaba el
            // último.
            drop((filters_rx, filters_tx));
            let aggregate = spawn(s, Stage::Aggregate, None, stop, move || {
                let limit = config.max_bad_records;
                let filters = (from_filters, permits_tx);
                stages::aggregate(filters, tallied_tx, stop, limit)
            });
            let write = spawn(s, Stage::Write, None, stop, move || {
                stages::write(sink, tallied_rx, stop, progress)
            });
            (
                join(Stage::Read, read),
                join(Stage::Parse, parse),
                filters
                    .into_iter()
                    .map(|filter| join(Stage::Filter, filter))
                    .collect::<Vec<_>>(),
                join(Stage::Aggregate, aggregate),
                join(Stage::Write, write),
            )
        });
        // ANCHOR_END: hilos
        // ANCHOR: resultado
        // Una etapa detenida no es un error: se detuvo por el de otra, o porque
        // cancelaron. Si dos fallan a la vez, cuenta la anterior en el pipeline (y
        // entre dos filtros, el de número menor).
        let mut first = None;
        let read = settle(read, &mut first);
        let parse = settle(parse, &mut first);
        let filtered = filters
            .into_iter()
            .map(|filter| settle(filter, &mut first))
            .fold(Some(()), Option::and);
        let tally = settle(tally, &mut first);
        let written = settle(written, &mut first);
        if let Some(error) = first {
            return Err(error);
        }
        match (read, parse, filtered, tally, written) {
            (Some(()), Some(()), Some(()), Some(tally), Some(written)) => {
                Ok(tally.finish(written))
            }
            // Alguna se detuvo y ninguna falló: fue quien llamó.
            _ => Err(PipelineError::Cancelled),
        }
        // ANCHOR_END: resultado
    }
}

/// Escribe `output` de forma atómica con lo que escriba `body`, y solo lo confirma si
/// nadie canceló: cancelar hasta el último momento también vale.
fn write_unless_cancelled(
    output: &Path,
    cancel: &CancellationToken,
    body: impl FnOnce(BufWriter<&mut File>) -> Result<PipelineReport, PipelineError>,
) -> Result<PipelineReport, PipelineError> {
    let to_error = |e| PipelineError::io(Stage::Write, e);
    output::write_atomically(output, to_error, |sink| {
        let report = body(sink)?;
        match cancel.is_cancelled() {
            true => Err(PipelineError::Cancelled),
            false => Ok(report),
        }
    })
}

type StageResult<T> = Result<T, StageError>;

// ANCHOR: spawn
/// Arranca una etapa (o uno de sus hilos, `worker`) en un hilo con nombre. Si la
/// etapa entra en pánico, cancela la ejecución mientras se deshace la pila, para que
/// las demás no la esperen.
fn spawn<'scope, T: Send + 'scope>(
    s: &'scope Scope<'scope, '_>,
    stage: Stage,
    worker: Option<usize>,
    stop: &'scope Stop,
    body: impl FnOnce() -> StageResult<T> + Send + 'scope,
) -> Result<ScopedJoinHandle<'scope, StageResult<T>>, PipelineError> {
    struct CancelOnPanic<'a>(&'a Stop);
    impl Drop for CancelOnPanic<'_> {
        fn drop(&mut self) {
            if thread::panicking() {
                self.0.cancel();
            }
        }
    }
    let name = match worker {
        Some(i) => format!("pipeline-{stage}-{i}"),
        None => format!("pipeline-{stage}"),
    };
    thread::Builder::new()
        .name(name)
        .spawn_scoped(s, move || {
            let _guard = CancelOnPanic(stop);
            body()
        })
        .map_err(|source| {
            // Sin este hilo, sus canales se sueltan y las demás acaban solas.
            stop.cancel();
            PipelineError::Io { stage, source }
        })
}

/// Espera una etapa; su pánico se vuelve un error.
fn join<T>(
    stage: Stage,
    handle: Result<ScopedJoinHandle<'_, StageResult<T>>, PipelineError>,
) -> StageResult<T> {
    match handle {
        Err(error) => Err(StageError::Fatal(error)),
        Ok(handle) => handle.join().unwrap_or_else(|payload| {
            let message = panic_message(payload.as_ref());
            Err(StageError::Fatal(PipelineError::StagePanicked {
                stage,
                message,
            }))
        }),
    }
}
// ANCHOR_END: spawn

fn settle<T>(
    result: StageResult<T>,
    first: &mut Option<PipelineError>,
) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(StageError::Stopped) => None,
        Err(StageError::Fatal(error)) => {
            first.get_or_insert(error);
            None
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    match (
        payload.downcast_ref::<&str>(),
        payload.downcast_ref::<String>(),
    ) {
        (Some(text), _) => (*text).to_owned(),
        (_, Some(text)) => text.clone(),
        _ => "(un pánico sin mensaje de texto)".to_owned(),
    }
}
