//! El barrendero: un hilo que quita las entradas caducadas cada cierto tiempo.
//!
//! Sin él, una entrada caducada que nadie vuelve a pedir ocupa memoria para siempre.
//! Soltar su [`Sweeper`] lo para al instante (véase `periodic`).

use std::hash::{BuildHasher, Hash};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::cache::TtlCache;
use crate::clock::Clock;
use crate::error::CacheError;
use crate::periodic::{Periodic, spawn_periodic};
use crate::sharded::ShardedTtlCache;

/// Lo que el barrendero sabe hacer con una caché.
pub trait PurgeExpired: Send + Sync + 'static {
    fn purge_expired(&self) -> usize;
}

impl<K, V, C, S> PurgeExpired for TtlCache<K, V, C, S>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Send + Sync + 'static,
    C: Clock + 'static,
    S: BuildHasher + Send + Sync + 'static,
{
    fn purge_expired(&self) -> usize {
        TtlCache::purge_expired(self)
    }
}

impl<K, V, C, S> PurgeExpired for ShardedTtlCache<K, V, C, S>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Send + Sync + 'static,
    C: Clock + 'static,
    S: BuildHasher + Send + Sync + 'static,
{
    fn purge_expired(&self) -> usize {
        ShardedTtlCache::purge_expired(self)
    }
}

// ANCHOR: sweeper
/// El asa del barrendero: mientras vive, barre; al soltarla, se para.
pub struct Sweeper {
    _thread: Periodic,
    purged: Arc<AtomicU64>,
}

/// Lanza un hilo que llama a `purge_expired` cada `every`. Un intervalo de cero es un
/// error.
pub fn spawn_sweeper<T: PurgeExpired + ?Sized>(
    cache: Arc<T>,
    every: Duration,
) -> Result<Sweeper, CacheError> {
    let purged = Arc::new(AtomicU64::new(0));
    let count = Arc::clone(&purged);
    let thread = spawn_periodic("barrendero", every, move || {
        let n = cache.purge_expired() as u64;
        count.fetch_add(n, Ordering::Relaxed);
    })?;
    Ok(Sweeper {
        _thread: thread,
        purged,
    })
}
// ANCHOR_END: sweeper

impl Sweeper {
    /// Cuántas entradas ha quitado hasta ahora.
    pub fn purged(&self) -> u64 {
        self.purged.load(Ordering::Relaxed)
    }
}
