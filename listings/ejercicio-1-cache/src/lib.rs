//! Ejercicio 1: una caché concurrente con expiración, estadísticas y fragmentos.
//!
//! Muchos lectores a la vez y un escritor cada vez (`parking_lot::RwLock`); cada
//! entrada caduca cuando pasa su TTL (time to live, «tiempo de vida»), medido con un
//! reloj que se puede sustituir: el del sistema en producción y uno manual en los
//! tests, que avanza solo cuando se le pide, para probar la expiración sin esperar.
//!
//! # Módulos
//!
//! - [`clock`]: el reloj ([`Clock`]), el del sistema ([`SystemClock`]), uno manual
//!   ([`ManualClock`]) y uno grueso y barato de leer ([`CoarseClock`]).
//! - [`entry`]: un TTL válido ([`Ttl`]) y una entrada que sabe cuándo caduca ([`Entry`]).
//! - [`error`]: lo que la caché rechaza ([`CacheError`]).
//! - [`stats`]: aciertos, fallos y caducadas ([`CacheStats`]).
//! - [`cache`]: la versión 1, un mapa detrás de un solo cerrojo ([`TtlCache`]).
//! - [`sharded`]: la versión 2, repartida en fragmentos ([`ShardedTtlCache`]).
//! - [`sweeper`]: el hilo que barre las caducadas ([`spawn_sweeper`], [`Sweeper`]).
//! - `periodic`: el hilo que repite una tarea y se para al soltar su asa (lo usan el
//!   barrendero y el reloj grueso).
//!
//! # Ejemplo
//!
//! ```
//! use std::time::Duration;
//! use ejercicio_1_cache::ShardedTtlCache;
//!
//! let cache = ShardedTtlCache::new(Duration::from_secs(60))?;
//! cache.insert("ana", 36);
//! assert_eq!(cache.get("ana"), Some(36));
//! assert_eq!(cache.stats().hits, 1);
//! # Ok::<(), ejercicio_1_cache::CacheError>(())
//! ```

pub mod cache;
pub mod clock;
pub mod entry;
pub mod error;
mod periodic;
pub mod sharded;
pub mod stats;
pub mod sweeper;
mod table;

pub use cache::TtlCache;
pub use clock::{Clock, CoarseClock, ManualClock, SystemClock};
pub use entry::{Entry, Ttl};
pub use error::CacheError;
pub use sharded::ShardedTtlCache;
pub use stats::CacheStats;
pub use sweeper::{PurgeExpired, Sweeper, spawn_sweeper};
