//! Un hilo que repite una tarea cada cierto tiempo y se para al soltar su asa.
//!
//! Duerme en `recv_timeout` de un canal y no en `thread::sleep`: soltar el asa cierra
//! el canal, despierta al hilo al instante y espera a que termine. Lo usan el
//! barrendero ([`crate::spawn_sweeper`]) y el reloj grueso ([`crate::CoarseClock`]).

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::error::CacheError;

// ANCHOR: periodic
/// El asa del hilo: mientras vive, el hilo repite su tarea; al soltarla, se para.
pub(crate) struct Periodic {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Lanza un hilo que llama a `task` cada `every`. Un intervalo de cero es un error.
pub(crate) fn spawn_periodic(
    name: &str,
    every: Duration,
    mut task: impl FnMut() + Send + 'static,
) -> Result<Periodic, CacheError> {
    if every.is_zero() {
        return Err(CacheError::ZeroInterval);
    }
    let (stop, stopped) = mpsc::channel::<()>();
    let thread = thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            // Nadie envía nunca: el canal solo sirve para que, al cerrarse, el
            // `recv_timeout` vuelva antes de tiempo con `Disconnected`.
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                task();
            }
        })
        .map_err(CacheError::Spawn)?;
    Ok(Periodic {
        stop: Some(stop),
        thread: Some(thread),
    })
}

impl Drop for Periodic {
    fn drop(&mut self) {
        drop(self.stop.take()); // cierra el canal: el hilo despierta y sale
        if let Some(thread) = self.thread.take() {
            // Un pánico del hilo no se propaga desde un Drop (sería abortar).
            let _ = thread.join();
        }
    }
}
// ANCHOR_END: periodic
