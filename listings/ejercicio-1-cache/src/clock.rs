//! El reloj de la caché.
//!
//! La caché no llama a `Instant::now()` directamente sino a un [`Clock`]: así un test
//! puede adelantar el tiempo con un [`ManualClock`] y comprobar la expiración al
//! nanosegundo, sin dormir y sin depender de la carga de la máquina. Y como leer el
//! reloj del sistema cuesta lo que una búsqueda en el mapa, hay un tercero, el
//! [`CoarseClock`]: un reloj grueso que un hilo pone en hora cada poco y que leer
//! cuesta lo que leer un entero atómico.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::error::CacheError;
use crate::periodic::{Periodic, spawn_periodic};

/// Una fuente de instantes monótonos, compartible entre hilos.
pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
}

/// El reloj del sistema: `Instant::now()`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// Un reloj que solo avanza con [`ManualClock::advance`]. Sus clones comparten el
/// tiempo: el test se queda uno y la caché otro.
#[derive(Debug, Clone)]
pub struct ManualClock {
    origin: Instant,
    elapsed_nanos: Arc<AtomicU64>,
}

impl ManualClock {
    pub fn new() -> ManualClock {
        ManualClock {
            origin: Instant::now(),
            elapsed_nanos: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Adelanta el reloj `by` (hasta unos 584 años en total; más allá se queda ahí).
    pub fn advance(&self, by: Duration) {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        // fetch_update y no fetch_add: la suma se satura en lugar de dar la vuelta.
        let _ = self.elapsed_nanos.fetch_update(
            Ordering::Relaxed,
            Ordering::Relaxed,
            |old| Some(old.saturating_add(nanos)),
        );
    }

    /// Cuánto ha avanzado desde que se creó.
    pub fn elapsed(&self) -> Duration {
        Duration::from_nanos(self.elapsed_nanos.load(Ordering::Relaxed))
    }
}

impl Default for ManualClock {
    fn default() -> ManualClock {
        ManualClock::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.origin + self.elapsed()
    }
}

// ANCHOR: coarse
/// Un reloj grueso: un hilo lo pone en hora cada `resolution` y leerlo es leer un
/// atómico. Va por detrás del real como mucho `resolution` (más si el hilo no consigue
/// núcleo), así que una entrada puede vivir ese tanto de más. Sus clones comparten el
/// hilo, que se para cuando se suelta el último.
#[derive(Clone)]
pub struct CoarseClock {
    time: ManualClock,
    _ticker: Arc<Periodic>,
}

impl CoarseClock {
    /// Un intervalo de cero es un error.
    pub fn new(resolution: Duration) -> Result<CoarseClock, CacheError> {
        let time = ManualClock::new();
        let ticking = time.clone();
        let ticker = spawn_periodic("reloj-grueso", resolution, move || {
            // El único que lo adelanta: lo lleva a la hora real.
            ticking.advance(Instant::now().saturating_duration_since(ticking.now()));
        })?;
        Ok(CoarseClock {
            time,
            _ticker: Arc::new(ticker),
        })
    }
}

impl Clock for CoarseClock {
    fn now(&self) -> Instant {
        self.time.now()
    }
}
// ANCHOR_END: coarse
