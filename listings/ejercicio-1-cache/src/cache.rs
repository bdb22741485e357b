//! Versión 1: un mapa detrás de un solo `RwLock`.
//!
//! Muchos lectores a la vez, un escritor cada vez. Cada entrada caduca al cumplirse su
//! TTL; una entrada caducada no se devuelve y se borra después, de forma perezosa, al
//! sobrescribirla, con [`TtlCache::purge_expired`] o con el barrendero
//! ([`crate::spawn_sweeper`]).

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash, RandomState};
use std::time::Duration;

use crate::clock::{Clock, SystemClock};
use crate::entry::{Entry, Ttl};
use crate::error::CacheError;
use crate::stats::CacheStats;
use crate::table::Table;

// ANCHOR: struct
/// Una caché concurrente con expiración, detrás de un solo cerrojo. `get` devuelve
/// un clon del valor: para valores grandes, guarda un `Arc<T>`, cuyo clon no copia.
pub struct TtlCache<K, V, C = SystemClock, S = RandomState> {
    table: Table<K, V>,
    ttl: Ttl,
    clock: C,
    /// El de la biblioteca estándar por defecto (SipHash con semilla aleatoria: quien
    /// elige las claves no puede forzar colisiones).
    hasher: S,
}
// ANCHOR_END: struct

impl<K: Hash + Eq, V> TtlCache<K, V> {
    /// Una caché con el reloj del sistema. Un TTL de cero es un error.
    pub fn new(ttl: Duration) -> Result<Self, CacheError> {
        TtlCache::with_clock(ttl, SystemClock)
    }
}

impl<K: Hash + Eq, V, C: Clock> TtlCache<K, V, C> {
    /// Una caché con el reloj que le des (en los tests, un [`crate::ManualClock`]).
    pub fn with_clock(ttl: Duration, clock: C) -> Result<Self, CacheError> {
        TtlCache::with_clock_and_hasher(ttl, clock, RandomState::new())
    }
}

impl<K: Hash + Eq, V, C: Clock, S: BuildHasher> TtlCache<K, V, C, S> {
    /// Con el reloj y la función de hash que le des.
    pub fn with_clock_and_hasher(
        ttl: Duration,
        clock: C,
        hasher: S,
    ) -> Result<Self, CacheError> {
        Ok(TtlCache {
            table: Table::new(),
            ttl: Ttl::new(ttl)?,
            clock,
            hasher,
        })
    }

    // ANCHOR: get
    /// El valor de `key` si está y no ha caducado. Cuenta un acierto o un fallo.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
        V: Clone,
    {
        // El hash y la hora, antes del cerrojo: no alargan la sección crítica.
        let (hash, now) = (self.hasher.hash_one(key), self.clock.now());
        self.table.get(hash, key, now)
    }
    // ANCHOR_END: get

    /// Guarda `value` con el TTL de la caché. Devuelve el valor anterior si seguía vivo.
    pub fn insert(&self, key: K, value: V) -> Option<V> {
        self.insert_entry(key, value, self.ttl)
    }

    /// Guarda `value` con su propio TTL. Un TTL de cero es un error y no guarda nada.
    pub fn insert_with_ttl(
        &self,
        key: K,
        value: V,
        ttl: Duration,
    ) -> Result<Option<V>, CacheError> {
        Ok(self.insert_entry(key, value, Ttl::new(ttl)?))
    }

    fn insert_entry(&self, key: K, value: V, ttl: Ttl) -> Option<V> {
        let (hash, now) = (self.hasher.hash_one(&key), self.clock.now());
        let entry = Entry::new(value, ttl, now);
        self.table.insert(hash, key, entry, now, &self.hasher)
    }

    /// Quita `key`. Devuelve su valor si seguía vivo.
    pub fn remove<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.table
            .remove(self.hasher.hash_one(key), key, self.clock.now())
    }

    /// El valor de `key`; si falta o ha caducado, lo calcula `make` y lo guarda.
    /// Aunque muchos hilos pidan la misma clave a la vez, `make` se llama una vez.
    /// Mientras `make` calcula, esperan los escritores y los demás
    /// `get_or_insert_with` de claves que falten; por eso `make` no debe usar esta
    /// misma caché: esperaría para siempre a su propio cerrojo.
    pub fn get_or_insert_with(&self, key: K, make: impl FnOnce() -> V) -> V
    where
        V: Clone,
    {
        let hash = self.hasher.hash_one(&key);
        let now = || self.clock.now();
        self.table
            .get_or_insert_with(hash, key, make, self.ttl, now, &self.hasher)
    }

    /// Ejecuta `f` con el valor vivo de `key` bajo el cerrojo compartido, sin clonarlo
    /// ni contar en las estadísticas. Que `f` sea corta: mientras dura, ningún
    /// escritor entra.
    pub fn peek_with<Q, R>(&self, key: &Q, f: impl FnOnce(Option<&V>) -> R) -> R
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (hash, now) = (self.hasher.hash_one(key), self.clock.now());
        self.table.peek_with(hash, key, now, f)
    }

    /// Conserva solo las entradas vivas para las que `keep` devuelve `true`, bajo el
    /// cerrojo exclusivo. Devuelve cuántas quitó (las caducadas, también).
    pub fn retain(&self, keep: impl FnMut(&K, &V) -> bool) -> usize {
        self.table.retain(self.clock.now(), keep)
    }

    /// Quita las entradas caducadas y devuelve cuántas eran.
    pub fn purge_expired(&self) -> usize {
        self.retain(|_, _| true)
    }

    /// Cuántas entradas vivas hay (recorre el mapa: O(n)).
    pub fn len(&self) -> usize {
        self.table.len(self.clock.now())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn stats(&self) -> CacheStats {
        self.table.stats()
    }
}
