//! La cancelación que ven las etapas: un [`CancellationToken`] convertido en un canal
//! de crossbeam que se cierra al cancelar.
//!
//! Las etapas son hilos que esperan en canales; un token no se puede esperar con
//! `select!`, un canal sí. [`Stop::new`] sondea una vez el future `cancelled()` del
//! token con un waker propio, y ese waker, que `cancel()` despierta desde el hilo que
//! cancela, suelta el único `Sender` de la señal: el canal se cierra, y toda etapa
//! bloqueada en [`Stop::send`] o [`Stop::recv`] despierta en ese instante. Sin
//! sondeos periódicos ni plazos: la espera de una etapa acaba cuando llega un dato o
//! cuando se cancela, lo primero que ocurra.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Wake, Waker};

use crossbeam::channel::{self, Receiver, Sender};
use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};

/// Por qué una etapa deja de esperar sin un dato.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stopped;

/// La señal de parada de una ejecución, compartida por sus etapas.
pub(crate) struct Stop {
    token: CancellationToken,
    signal: Receiver<Infallible>,
    /// `true` desde que la señal se cierra: mirarlo es una lectura atómica, y la
    /// lectura lo mira en cada registro.
    closed: Arc<AtomicBool>,
}

/// Mantiene registrado el waker mientras dura la ejecución.
pub(crate) struct Watch {
    _cancelled: Pin<Box<WaitForCancellationFutureOwned>>,
}

// ANCHOR: puente
/// El waker: despertarlo es marcar la señal como cerrada y soltar su `Sender`.
struct CloseOnWake {
    sender: Mutex<Option<Sender<Infallible>>>,
    closed: Arc<AtomicBool>,
}

impl Wake for CloseOnWake {
    fn wake(self: Arc<Self>) {
        self.closed.store(true, Ordering::Release);
        self.sender
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
    }
}

impl Stop {
    pub(crate) fn new(token: CancellationToken) -> (Stop, Watch) {
        let (sender, signal) = channel::bounded(1);
        let closed = Arc::new(AtomicBool::new(false));
        let waker = Waker::from(Arc::new(CloseOnWake {
            sender: Mutex::new(Some(sender)),
            closed: Arc::clone(&closed),
        }));
        let mut cancelled = Box::pin(token.clone().cancelled_owned());
        // El `Sender` vive dentro del waker. Pendiente: el future se queda una copia
        // del waker, y `cancel()` la despertará. Listo (ya estaba cancelado): nadie
        // lo despertará, así que se despierta aquí, y la señal nace cerrada.
        if cancelled
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_ready()
        {
            waker.wake_by_ref();
        }
        let watch = Watch {
            _cancelled: cancelled,
        };
        (
            Stop {
                token,
                signal,
                closed,
            },
            watch,
        )
    }
    // ANCHOR_END: puente

    /// Cancela la ejecución: la llama la etapa que encuentra un error fatal.
    pub(crate) fn cancel(&self) {
        self.token.cancel();
    }

    /// El token, mirado directamente: ya vale `true` cuando despiertan los wakers,
    /// también el de otra señal del mismo token (la de una entrada desatada), antes
    /// de que esta se cierre.
    pub(crate) fn is_cancelled(&self) -> bool {
        self.token.is_cancelled()
    }

    pub(crate) fn is_stopped(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    // ANCHOR: esperas
    /// Envía `item`, esperando si el canal está lleno (la contrapresión), hasta que
    /// haya sitio o se cancele. `Err` también si la etapa siguiente ya no está.
    pub(crate) fn send<T>(&self, tx: &Sender<T>, item: T) -> Result<(), Stopped> {
        // `select!` elige al azar entre operaciones listas: mirar antes la señal
        // asegura que, cancelado, ninguna etapa hace más de un lote de trabajo.
        if self.is_stopped() {
            return Err(Stopped);
        }
        channel::select! {
            send(tx, item) -> sent => sent.map_err(|_| Stopped),
            recv(self.signal) -> _ => Err(Stopped),
        }
    }

    /// Recibe el siguiente dato; `Ok(None)` cuando la etapa anterior terminó y soltó
    /// su `Sender`: el fin de los datos, sin centinelas.
    pub(crate) fn recv<T>(&self, rx: &Receiver<T>) -> Result<Option<T>, Stopped> {
        if self.is_stopped() {
            return Err(Stopped);
        }
        channel::select! {
            recv(rx) -> item => Ok(item.ok()),
            recv(self.signal) -> _ => Err(Stopped),
        }
    }
    // ANCHOR_END: esperas
}
