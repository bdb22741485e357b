//! Los errores de la caché: una configuración que no tiene sentido se rechaza al
//! construir, con un mensaje claro, en lugar de fallar después.

use std::error::Error;
use std::fmt;
use std::io;

/// Lo que la caché rechaza.
#[derive(Debug)]
pub enum CacheError {
    /// Un TTL de cero haría que la entrada caducara al guardarla.
    ZeroTtl,
    /// Una caché repartida necesita al menos un fragmento.
    ZeroShards,
    /// Un barrendero que barre cada 0 s no dormiría nunca.
    ZeroInterval,
    /// El sistema no pudo crear el hilo del barrendero.
    Spawn(io::Error),
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheError::ZeroTtl => write!(f, "el TTL debe ser mayor que cero"),
            CacheError::ZeroShards => {
                write!(f, "el número de fragmentos debe ser mayor que cero")
            }
            CacheError::ZeroInterval => {
                write!(f, "el intervalo del barrendero debe ser mayor que cero")
            }
            CacheError::Spawn(e) => {
                write!(f, "no se pudo crear el hilo del barrendero: {e}")
            }
        }
    }
}

impl Error for CacheError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            CacheError::Spawn(e) => Some(e),
            _ => None,
        }
    }
}
