//! Los errores del crawler: lo que impide empezar. Lo que le pasa a cada página (un
//! 404, un timeout) no es un error del rastreo sino un resultado del informe
//! ([`crate::Outcome`]).

use std::error::Error;
use std::fmt;

/// Lo que impide empezar un rastreo.
#[derive(Debug)]
pub enum CrawlError {
    /// La semilla no es una URL absoluta.
    InvalidSeed { input: String, reason: String },
    /// La semilla es una URL, pero no de `http` ni `https`.
    UnsupportedScheme { input: String, scheme: String },
    /// Un límite de la configuración no tiene sentido (cero tareas, timeout de cero).
    InvalidConfig(String),
    /// No se pudo construir el cliente HTTP.
    Client(reqwest::Error),
}

impl fmt::Display for CrawlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CrawlError::InvalidSeed { input, reason } => {
                write!(f, "la URL semilla «{input}» no es válida: {reason}")
            }
            CrawlError::UnsupportedScheme { input, scheme } => write!(
                f,
                "la URL semilla «{input}» es de {scheme}: solo se rastrea http y https"
            ),
            CrawlError::InvalidConfig(why) => {
                write!(f, "configuración no válida: {why}")
            }
            CrawlError::Client(e) => {
                write!(f, "no se pudo crear el cliente HTTP: {e}")
            }
        }
    }
}

impl Error for CrawlError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            CrawlError::Client(e) => Some(e),
            _ => None,
        }
    }
}
