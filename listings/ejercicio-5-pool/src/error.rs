//! Por qué `get` no entrega una conexión.

use std::error::Error;
use std::fmt;

// ANCHOR: error
/// El error de pedir una conexión; `E` es el error del gestor.
#[derive(Debug)]
pub enum PoolError<E> {
    /// Pasó el `connection_timeout` sin que quedara una conexión libre.
    Timeout,
    /// No se pudo abrir una conexión: lleva la causa.
    Connect(E),
    /// El pool está cerrado.
    Closed,
}
// ANCHOR_END: error

impl<E: fmt::Display> fmt::Display for PoolError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolError::Timeout => {
                write!(f, "se agotó la espera de una conexión libre")
            }
            PoolError::Connect(e) => write!(f, "no se pudo abrir una conexión: {e}"),
            PoolError::Closed => write!(f, "el pool está cerrado"),
        }
    }
}

impl<E: Error + 'static> Error for PoolError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            PoolError::Connect(e) => Some(e),
            _ => None,
        }
    }
}

/// Por qué `Pool::new` no crea el pool.
#[derive(Debug)]
pub enum BuildError {
    /// Una configuración que no tiene sentido (`max_size` 0, `min_idle` > `max_size`).
    Config(&'static str),
    /// No se pudo lanzar el hilo del barrendero.
    Reaper(std::io::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Config(why) => write!(f, "configuración no válida: {why}"),
            BuildError::Reaper(e) => {
                write!(f, "no se pudo lanzar el barrendero: {e}")
            }
        }
    }
}

impl Error for BuildError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            BuildError::Reaper(e) => Some(e),
            BuildError::Config(_) => None,
        }
    }
}
