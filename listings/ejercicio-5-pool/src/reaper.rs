//! El barrendero: un hilo que cada cierto tiempo cierra las conexiones libres que
//! caducaron y abre las que falten para `min_idle`. Se para en cuanto se suelta su
//! asa (al cerrar el pool o al soltar su último clon), sin esperar al intervalo.

use std::io;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Weak};
use std::thread;
use std::time::Duration;

// ANCHOR: reaper
/// El asa del barrendero: soltarla cierra el canal y el hilo termina.
pub(crate) struct Reaper {
    _stop: mpsc::Sender<()>,
}

/// Lanza el hilo: una pasada al empezar y otra cada `every`. Guarda un `Weak`, así
/// que no mantiene vivo el pool: si ya no existe, termina.
pub(crate) fn spawn<T: Send + Sync + 'static>(
    target: Weak<T>,
    every: Duration,
    pass: impl Fn(Arc<T>) + Send + 'static,
) -> io::Result<Reaper> {
    let (stop, stopped) = mpsc::channel::<()>();
    thread::Builder::new()
        .name("pool-barrendero".to_owned())
        .spawn(move || {
            loop {
                match target.upgrade() {
                    Some(target) => pass(target),
                    None => return,
                }
                // Nadie envía nunca: vuelve al vencer el intervalo, o en cuanto se
                // suelta el `Sender` (`Disconnected`).
                if stopped.recv_timeout(every) != Err(RecvTimeoutError::Timeout) {
                    return;
                }
            }
        })?;
    Ok(Reaper { _stop: stop })
}
// ANCHOR_END: reaper
