//! El progreso de un rastreo, mientras dura: cuántas URL tienen ya resultado, cuántas
//! peticiones están en vuelo y cuántas esperan en la cola. El coordinador lo publica
//! en un canal `watch` (solo importa el último valor) y [`show_progress`] lo pinta en
//! la salida de errores: una barra de indicatif si es una terminal, una línea cada
//! cierto tiempo si no (un archivo, una tubería, un test).

use std::fmt;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::watch;
use tokio::time::{Instant, interval_at};

/// Cómo va el rastreo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// URL con resultado, pedidas o no (las de otro sitio cuentan).
    pub done: usize,
    /// Peticiones en vuelo: el tamaño del `JoinSet`.
    pub in_flight: usize,
    /// URL que esperan turno en la cola.
    pub queued: usize,
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} hechas, {} en curso, {} en cola",
            self.done, self.in_flight, self.queued
        )
    }
}

/// Pinta el progreso en la salida de errores hasta que el rastreo suelta su
/// `Sender`, y entonces escribe la última línea. Sin terminal, una línea cada
/// `every`.
pub async fn show_progress(
    mut progress: watch::Receiver<Progress>,
    every: Duration,
) {
    if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        let style = ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .expect("plantilla válida");
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(100));
        while progress.changed().await.is_ok() {
            bar.set_message(progress.borrow_and_update().to_string());
        }
        bar.finish_and_clear();
    } else {
        // La primera línea, al cabo de un intervalo: un rastreo corto no escribe
        // ninguna antes de la última.
        let mut tick = interval_at(Instant::now() + every, every);
        loop {
            tokio::select! {
                changed = progress.changed() => if changed.is_err() { break },
                _ = tick.tick() => eprintln!("progreso: {}", *progress.borrow()),
            }
        }
    }
    eprintln!("progreso: {}", *progress.borrow());
}
