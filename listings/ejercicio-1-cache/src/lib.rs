//! Ejercicio 1: una caché concurrente con expiración.
//!
//! Sus primeras piezas: cada entrada caduca cuando pasa su TTL (time to live, «tiempo
//! de vida»), medido con un reloj que se puede sustituir: el del sistema en
//! producción y uno manual en los tests, que avanza solo cuando se le pide, para
//! probar la expiración sin esperar.
//!
//! # Módulos
//!
//! - [`clock`]: el reloj ([`Clock`]), el del sistema ([`SystemClock`]) y uno manual
//!   ([`ManualClock`]).
//! - [`entry`]: un TTL válido ([`Ttl`]) y una entrada que sabe cuándo caduca ([`Entry`]).

pub mod clock;
pub mod entry;

pub use clock::{Clock, ManualClock, SystemClock};
pub use entry::{Entry, Ttl, TtlError};
