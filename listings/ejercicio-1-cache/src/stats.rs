//! Las estadísticas: aciertos (hits), fallos (misses) y cuántos de esos fallos
//! encontraron la entrada caducada.
//!
//! Son contadores atómicos y no campos bajo el cerrojo: una consulta que solo lee el
//! mapa toma el cerrojo compartido, y con él no podría escribir un contador normal.

use std::ops::Add;
use std::sync::atomic::{AtomicU64, Ordering};

/// Lo que encontró una consulta.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup {
    Hit,
    Miss,
    /// Estaba, pero caducada: cuenta como fallo y, además, como caducada.
    Expired,
}

/// Los contadores de una caché.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
    expired: AtomicU64,
}

impl Counters {
    pub(crate) fn record(&self, lookup: Lookup) {
        // Relaxed basta: cada contador es independiente y nadie sincroniza datos a
        // través de él; `stats` no promete una foto atómica de los tres.
        let counter = match lookup {
            Lookup::Hit => &self.hits,
            Lookup::Miss | Lookup::Expired => &self.misses,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if lookup == Lookup::Expired {
            self.expired.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn snapshot(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            expired: self.expired.load(Ordering::Relaxed),
        }
    }
}

/// Una foto de las estadísticas. `hits + misses` es el número de consultas (`get` y
/// `get_or_insert_with`); `expired` cuenta los fallos que encontraron la entrada
/// caducada, así que nunca supera a `misses`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub expired: u64,
}

impl CacheStats {
    pub fn lookups(&self) -> u64 {
        self.hits + self.misses
    }

    /// La fracción de aciertos, entre 0 y 1; 0 si aún no hubo consultas.
    pub fn hit_ratio(&self) -> f64 {
        match self.lookups() {
            0 => 0.0,
            n => self.hits as f64 / n as f64,
        }
    }
}

/// Sumar las fotos de varios fragmentos da la de toda la caché.
impl Add for CacheStats {
    type Output = CacheStats;

    fn add(self, other: CacheStats) -> CacheStats {
        CacheStats {
            hits: self.hits + other.hits,
            misses: self.misses + other.misses,
            expired: self.expired + other.expired,
        }
    }
}
