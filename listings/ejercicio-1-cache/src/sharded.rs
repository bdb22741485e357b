//! Versión 2: la caché repartida en fragmentos (lock striping).
//!
//! Cada fragmento es una tabla como la de [`crate::TtlCache`], con su cerrojo, su mapa
//! y sus contadores; el hash de la clave elige el fragmento. Dos escritores de claves de
//! fragmentos distintos ya no se esperan, y los lectores no se disputan la misma línea
//! de caché del procesador al tomar el cerrojo compartido.

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash, RandomState};
use std::num::NonZeroUsize;
use std::thread;
use std::time::Duration;

use crossbeam_utils::CachePadded;

use crate::clock::{Clock, SystemClock};
use crate::entry::{Entry, Ttl};
use crate::error::CacheError;
use crate::stats::CacheStats;
use crate::table::Table;

// ANCHOR: struct
/// Una caché concurrente con expiración, repartida en fragmentos independientes.
pub struct ShardedTtlCache<K, V, C = SystemClock, S = RandomState> {
    /// `CachePadded`: cada fragmento en su propia línea de caché, para que el
    /// cerrojo de uno no comparta línea con el del vecino (false sharing).
    shards: Box<[CachePadded<Table<K, V>>]>,
    ttl: Ttl,
    clock: C,
    /// Un solo hash por clave: elige el fragmento y la sitúa dentro de él.
    hasher: S,
}
// ANCHOR_END: struct

impl<K: Hash + Eq, V> ShardedTtlCache<K, V> {
    /// Una caché con el reloj del sistema y 4 fragmentos por núcleo (redondeado a una
    /// potencia de dos), como hace dashmap.
    pub fn new(ttl: Duration) -> Result<Self, CacheError> {
        ShardedTtlCache::with_clock(ttl, SystemClock)
    }
}

impl<K: Hash + Eq, V, C: Clock> ShardedTtlCache<K, V, C> {
    /// Con el reloj que le des y el número de fragmentos de [`ShardedTtlCache::new`].
    pub fn with_clock(ttl: Duration, clock: C) -> Result<Self, CacheError> {
        ShardedTtlCache::with_shards(ttl, default_shards(), clock)
    }

    /// `shards` fragmentos con el reloj `clock`. Cero fragmentos o un TTL de cero son
    /// un error.
    pub fn with_shards(
        ttl: Duration,
        shards: usize,
        clock: C,
    ) -> Result<Self, CacheError> {
        ShardedTtlCache::with_shards_and_hasher(
            ttl,
            shards,
            clock,
            RandomState::new(),
        )
    }
}

/// 4 fragmentos por núcleo, redondeado a una potencia de dos.
fn default_shards() -> usize {
    let cores = thread::available_parallelism().map_or(1, NonZeroUsize::get);
    (cores * 4).next_power_of_two()
}

impl<K: Hash + Eq, V, C: Clock, S: BuildHasher> ShardedTtlCache<K, V, C, S> {
    /// Con el número de fragmentos, el reloj y la función de hash que le des.
    pub fn with_shards_and_hasher(
        ttl: Duration,
        shards: usize,
        clock: C,
        hasher: S,
    ) -> Result<Self, CacheError> {
        let ttl = Ttl::new(ttl)?;
        if shards == 0 {
            return Err(CacheError::ZeroShards);
        }
        Ok(ShardedTtlCache {
            shards: (0..shards)
                .map(|_| CachePadded::new(Table::new()))
                .collect(),
            ttl,
            clock,
            hasher,
        })
    }

    // ANCHOR: shard
    /// El hash de `key` y su fragmento.
    fn shard<Q: Hash + ?Sized>(&self, key: &Q) -> (u64, &Table<K, V>) {
        let hash = self.hasher.hash_one(key);
        // La tabla usa los 7 bits altos del hash en sus bytes de control y los bajos
        // para elegir sitio: el fragmento sale de los de en medio, o cada fragmento
        // recibiría solo claves con los mismos bits de control. La reducción por
        // multiplicación los lleva a 0..n sin la división de `%`.
        let n = self.shards.len() as u128;
        (
            hash,
            &self.shards[((u128::from(hash << 7) * n) >> 64) as usize],
        )
    }
    // ANCHOR_END: shard

    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    /// Las entradas vivas de cada fragmento: para ver si el reparto está equilibrado.
    pub fn shard_lens(&self) -> Vec<usize> {
        let now = self.clock.now();
        self.shards.iter().map(|s| s.len(now)).collect()
    }

    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
        V: Clone,
    {
        let (hash, shard) = self.shard(key);
        shard.get(hash, key, self.clock.now())
    }

    pub fn insert(&self, key: K, value: V) -> Option<V> {
        self.insert_entry(key, value, self.ttl)
    }

    pub fn insert_with_ttl(
        &self,
        key: K,
        value: V,
        ttl: Duration,
    ) -> Result<Option<V>, CacheError> {
        Ok(self.insert_entry(key, value, Ttl::new(ttl)?))
    }

    fn insert_entry(&self, key: K, value: V, ttl: Ttl) -> Option<V> {
        let (hash, shard) = self.shard(&key);
        let now = self.clock.now();
        shard.insert(hash, key, Entry::new(value, ttl, now), now, &self.hasher)
    }

    pub fn remove<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (hash, shard) = self.shard(key);
        shard.remove(hash, key, self.clock.now())
    }

    /// Como [`crate::TtlCache::get_or_insert_with`]: una sola llamada a `make` por
    /// clave; mientras `make` calcula, esperan los escritores y los demás
    /// `get_or_insert_with` de claves que falten, pero solo los de su fragmento.
    /// `make` no debe usar esta misma caché: si la clave que toca cae en el mismo
    /// fragmento, esperaría para siempre a su propio cerrojo.
    pub fn get_or_insert_with(&self, key: K, make: impl FnOnce() -> V) -> V
    where
        V: Clone,
    {
        let (hash, shard) = self.shard(&key);
        let now = || self.clock.now();
        shard.get_or_insert_with(hash, key, make, self.ttl, now, &self.hasher)
    }

    pub fn peek_with<Q, R>(&self, key: &Q, f: impl FnOnce(Option<&V>) -> R) -> R
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (hash, shard) = self.shard(key);
        shard.peek_with(hash, key, self.clock.now(), f)
    }

    /// Como [`crate::TtlCache::retain`], fragmento a fragmento: nunca bloquea toda la
    /// caché.
    pub fn retain(&self, mut keep: impl FnMut(&K, &V) -> bool) -> usize {
        let now = self.clock.now();
        self.shards.iter().map(|s| s.retain(now, &mut keep)).sum()
    }

    pub fn purge_expired(&self) -> usize {
        self.retain(|_, _| true)
    }

    pub fn len(&self) -> usize {
        self.shard_lens().iter().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// La suma de las estadísticas de los fragmentos.
    pub fn stats(&self) -> CacheStats {
        self.shards
            .iter()
            .map(|s| s.stats())
            .fold(CacheStats::default(), |a, b| a + b)
    }
}
