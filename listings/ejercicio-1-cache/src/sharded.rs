//! Versión 2: la caché repartida en fragmentos (lock striping).
//!
//! Cada fragmento es una [`TtlCache`] entera, con su cerrojo, su mapa y sus
//! contadores; el hash de la clave elige el fragmento. Dos escritores de claves de
//! fragmentos distintos ya no se esperan, y los lectores no se disputan la misma línea
//! de caché del procesador al tomar el cerrojo compartido.

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash, RandomState};
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crossbeam_utils::CachePadded;

use crate::cache::TtlCache;
use crate::clock::{Clock, SystemClock};
use crate::error::CacheError;
use crate::stats::CacheStats;

// ANCHOR: struct
/// Una caché concurrente con expiración, repartida en fragmentos independientes.
pub struct ShardedTtlCache<K, V, C = SystemClock> {
    /// `CachePadded`: cada fragmento en su propia línea de caché, para que el
    /// cerrojo de uno no comparta línea con el del vecino (false sharing).
    shards: Box<[CachePadded<TtlCache<K, V, C>>]>,
    /// Elige el fragmento; cada fragmento tiene además el suyo para su `HashMap`.
    hasher: RandomState,
}
// ANCHOR_END: struct

impl<K: Hash + Eq, V> ShardedTtlCache<K, V> {
    /// Una caché con el reloj del sistema y 4 fragmentos por núcleo (redondeado a una
    /// potencia de dos), como hace dashmap.
    pub fn new(ttl: Duration) -> Result<Self, CacheError> {
        ShardedTtlCache::with_clock(ttl, SystemClock)
    }
}

impl<K: Hash + Eq, V, C: Clock + Clone> ShardedTtlCache<K, V, C> {
    /// Con el reloj que le des y el número de fragmentos de [`ShardedTtlCache::new`].
    pub fn with_clock(ttl: Duration, clock: C) -> Result<Self, CacheError> {
        let cores = thread::available_parallelism().map_or(1, NonZeroUsize::get);
        ShardedTtlCache::with_shards(ttl, (cores * 4).next_power_of_two(), clock)
    }

    /// `shards` fragmentos que comparten `clock` (sus clones deben dar la misma hora,
    /// como los de [`crate::ManualClock`]). Cero fragmentos o un TTL de cero son un
    /// error.
    pub fn with_shards(
        ttl: Duration,
        shards: usize,
        clock: C,
    ) -> Result<Self, CacheError> {
        if shards == 0 {
            return Err(CacheError::ZeroShards);
        }
        let shards = (0..shards)
            .map(|_| TtlCache::with_clock(ttl, clock.clone()).map(CachePadded::new))
            .collect::<Result<_, _>>()?;
        Ok(ShardedTtlCache {
            shards,
            hasher: RandomState::new(),
        })
    }
}

impl<K: Hash + Eq, V, C: Clock> ShardedTtlCache<K, V, C> {
    // ANCHOR: shard
    /// El fragmento de `key`.
    fn shard<Q: Hash + ?Sized>(&self, key: &Q) -> &TtlCache<K, V, C> {
        let hash = self.hasher.hash_one(key);
        // Reducción por multiplicación: lleva el hash a 0..n sin la división de `%`
        // y usando sus bits altos, que son los que más mezcla el hasher.
        let n = self.shards.len() as u128;
        &self.shards[((u128::from(hash) * n) >> 64) as usize]
    }
    // ANCHOR_END: shard

    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    /// Las entradas vivas de cada fragmento: para ver si el reparto está equilibrado.
    pub fn shard_lens(&self) -> Vec<usize> {
        self.shards.iter().map(|s| s.len()).collect()
    }

    pub fn get<Q>(&self, key: &Q) -> Option<Arc<V>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.shard(key).get(key)
    }

    pub fn insert(&self, key: K, value: V) -> Option<Arc<V>> {
        self.shard(&key).insert(key, value)
    }

    pub fn insert_with_ttl(
        &self,
        key: K,
        value: V,
        ttl: Duration,
    ) -> Result<Option<Arc<V>>, CacheError> {
        self.shard(&key).insert_with_ttl(key, value, ttl)
    }

    pub fn remove<Q>(&self, key: &Q) -> Option<Arc<V>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.shard(key).remove(key)
    }

    /// Como [`TtlCache::get_or_insert_with`]: una sola llamada a `make` por clave, y
    /// quien espera a `make` solo bloquea a los escritores de su fragmento.
    pub fn get_or_insert_with(&self, key: K, make: impl FnOnce() -> V) -> Arc<V> {
        self.shard(&key).get_or_insert_with(key, make)
    }

    pub fn peek_with<Q, R>(&self, key: &Q, f: impl FnOnce(Option<&V>) -> R) -> R
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.shard(key).peek_with(key, f)
    }

    /// Como [`TtlCache::retain`], fragmento a fragmento: nunca bloquea toda la caché.
    pub fn retain(&self, mut keep: impl FnMut(&K, &V) -> bool) -> usize {
        self.shards.iter().map(|s| s.retain(&mut keep)).sum()
    }

    pub fn purge_expired(&self) -> usize {
        self.shards.iter().map(|s| s.purge_expired()).sum()
    }

    pub fn len(&self) -> usize {
        self.shard_lens().iter().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.shards.iter().all(|s| s.is_empty())
    }

    /// La suma de las estadísticas de los fragmentos.
    pub fn stats(&self) -> CacheStats {
        self.shards
            .iter()
            .map(|s| s.stats())
            .fold(CacheStats::default(), |a, b| a + b)
    }
}
