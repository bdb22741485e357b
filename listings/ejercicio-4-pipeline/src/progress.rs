//! El progreso de una ejecución, visible desde otro hilo mientras corre.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crossbeam::channel::{Receiver, RecvTimeoutError};

/// Contadores que las etapas actualizan a medida que avanzan: la lectura, registro a
/// registro; la escritura, lote a lote. Sus clones comparten las cuentas: el pipeline
/// se queda uno y quien lo vigila otro.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    counters: Arc<Counters>,
}

#[derive(Debug, Default)]
struct Counters {
    read: AtomicU64,
    written: AtomicU64,
}

impl Progress {
    pub fn new() -> Progress {
        Progress::default()
    }

    /// Registros CSV que ha leído la etapa de lectura (la cabecera incluida).
    pub fn records_read(&self) -> u64 {
        self.counters.read.load(Ordering::Relaxed)
    }

    /// Lecturas que ha entregado ya la etapa de escritura.
    pub fn records_written(&self) -> u64 {
        self.counters.written.load(Ordering::Relaxed)
    }

    pub(crate) fn add_read(&self, count: usize) {
        self.counters
            .read
            .fetch_add(count as u64, Ordering::Relaxed);
    }

    pub(crate) fn add_written(&self, count: usize) {
        self.counters
            .written
            .fetch_add(count as u64, Ordering::Relaxed);
    }

    /// Escribe en `out`, cada `every`, cuántos registros van leídos y a qué ritmo,
    /// hasta que `done` reciba o se cierre. Una ejecución más corta que `every` no
    /// escribe nada.
    pub fn report_every(
        &self,
        every: Duration,
        done: &Receiver<()>,
        out: &mut impl Write,
    ) -> io::Result<()> {
        let start = Instant::now();
        while let Err(RecvTimeoutError::Timeout) = done.recv_timeout(every) {
            let read = self.records_read();
            let rate = read as f64 / start.elapsed().as_secs_f64();
            writeln!(out, "leídos {read} registros ({rate:.0} registros/s)")?;
        }
        Ok(())
    }
}
