//! Versión 1: un mapa detrás de un solo `RwLock`.
//!
//! Muchos lectores a la vez, un escritor cada vez. Cada entrada caduca al cumplirse su
//! TTL; una entrada caducada no se devuelve y se borra después, de forma perezosa, al
//! sobrescribirla, con [`TtlCache::purge_expired`] o con el barrendero
//! ([`crate::spawn_sweeper`]).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::{RwLock, RwLockUpgradableReadGuard};

use crate::clock::{Clock, SystemClock};
use crate::entry::{Entry, Ttl};
use crate::error::CacheError;
use crate::stats::{CacheStats, Counters, Lookup};

// ANCHOR: struct
/// Una caché concurrente con expiración, detrás de un solo cerrojo.
pub struct TtlCache<K, V, C = SystemClock> {
    /// Los valores van en `Arc`: un `&V` no puede sobrevivir al guard del cerrojo,
    /// un `Arc<V>` sí, y clonarlo no copia el valor.
    map: RwLock<HashMap<K, Entry<Arc<V>>>>,
    ttl: Ttl,
    counters: Counters,
    clock: C,
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
        Ok(TtlCache {
            map: RwLock::new(HashMap::new()),
            ttl: Ttl::new(ttl)?,
            counters: Counters::default(),
            clock,
        })
    }

    // ANCHOR: get
    /// El valor de `key` si está y no ha caducado. Cuenta un acierto o un fallo.
    pub fn get<Q>(&self, key: &Q) -> Option<Arc<V>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let now = self.clock.now(); // antes del cerrojo: no alarga la sección crítica
        let found = find(&self.map.read(), key, now); // el guard se suelta aquí
        self.record(found)
    }
    // ANCHOR_END: get

    /// Guarda `value` con el TTL de la caché. Devuelve el valor anterior si seguía vivo.
    pub fn insert(&self, key: K, value: V) -> Option<Arc<V>> {
        self.insert_entry(key, value, self.ttl)
    }

    /// Guarda `value` con su propio TTL. Un TTL de cero es un error y no guarda nada.
    pub fn insert_with_ttl(
        &self,
        key: K,
        value: V,
        ttl: Duration,
    ) -> Result<Option<Arc<V>>, CacheError> {
        Ok(self.insert_entry(key, value, Ttl::new(ttl)?))
    }

    fn insert_entry(&self, key: K, value: V, ttl: Ttl) -> Option<Arc<V>> {
        let now = self.clock.now();
        let entry = Entry::new(Arc::new(value), ttl, now);
        let old = self.map.write().insert(key, entry);
        old.filter(|e| !e.is_expired(now)).map(Entry::into_value)
    }

    /// Quita `key`. Devuelve su valor si seguía vivo.
    pub fn remove<Q>(&self, key: &Q) -> Option<Arc<V>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let now = self.clock.now();
        let old = self.map.write().remove(key);
        old.filter(|e| !e.is_expired(now)).map(Entry::into_value)
    }

    // ANCHOR: get_or_insert_with
    /// El valor de `key`; si falta o ha caducado, lo calcula `make` y lo guarda.
    /// Aunque muchos hilos pidan la misma clave a la vez, `make` se llama una vez.
    pub fn get_or_insert_with(&self, key: K, make: impl FnOnce() -> V) -> Arc<V> {
        // El camino rápido: el cerrojo compartido, como `get`.
        if let Found::Live(value) = find(&self.map.read(), &key, self.clock.now()) {
            self.counters.record(Lookup::Hit);
            return value;
        }
        // El cerrojo «actualizable» convive con los lectores, pero solo lo tiene un
        // hilo a la vez: quien llega segundo espera aquí y encuentra el valor hecho.
        let map = self.map.upgradable_read();
        let found = find(&map, &key, self.clock.now());
        if let Some(value) = self.record(found) {
            return value;
        }
        // Si `make` entra en pánico, el guard se suelta al desenrollar la pila y el
        // mapa queda como estaba: aún no hemos insertado nada.
        let value = Arc::new(make());
        let entry = Entry::new(Arc::clone(&value), self.ttl, self.clock.now());
        RwLockUpgradableReadGuard::upgrade(map).insert(key, entry);
        value
    }
    // ANCHOR_END: get_or_insert_with

    /// Ejecuta `f` con el valor vivo de `key` bajo el cerrojo compartido, sin clonar
    /// el `Arc` ni contar en las estadísticas. Que `f` sea corta: mientras dura,
    /// ningún escritor entra.
    pub fn peek_with<Q, R>(&self, key: &Q, f: impl FnOnce(Option<&V>) -> R) -> R
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let now = self.clock.now();
        let map = self.map.read();
        let live = map.get(key).filter(|e| !e.is_expired(now));
        f(live.map(|e| &**e.value()))
    }

    /// Conserva solo las entradas vivas para las que `keep` devuelve `true`, bajo el
    /// cerrojo exclusivo. Devuelve cuántas quitó (las caducadas, también).
    pub fn retain(&self, mut keep: impl FnMut(&K, &V) -> bool) -> usize {
        let now = self.clock.now();
        let mut map = self.map.write();
        let before = map.len();
        map.retain(|k, e| !e.is_expired(now) && keep(k, e.value()));
        before - map.len()
    }

    /// Quita las entradas caducadas y devuelve cuántas eran.
    pub fn purge_expired(&self) -> usize {
        self.retain(|_, _| true)
    }

    /// Cuántas entradas vivas hay (recorre el mapa: O(n)).
    pub fn len(&self) -> usize {
        let now = self.clock.now();
        self.map
            .read()
            .values()
            .filter(|e| !e.is_expired(now))
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn stats(&self) -> CacheStats {
        self.counters.snapshot()
    }

    fn record(&self, found: Found<Arc<V>>) -> Option<Arc<V>> {
        let (lookup, value) = match found {
            Found::Live(value) => (Lookup::Hit, Some(value)),
            Found::Absent => (Lookup::Miss, None),
            Found::Expired => (Lookup::Expired, None),
        };
        self.counters.record(lookup);
        value
    }
}

enum Found<V> {
    Live(V),
    Absent,
    Expired,
}

fn find<K, Q, V>(
    map: &HashMap<K, Entry<Arc<V>>>,
    key: &Q,
    now: Instant,
) -> Found<Arc<V>>
where
    K: Borrow<Q> + Hash + Eq,
    Q: Hash + Eq + ?Sized,
{
    match map.get(key) {
        Some(e) if e.is_expired(now) => Found::Expired,
        Some(e) => Found::Live(Arc::clone(e.value())),
        None => Found::Absent,
    }
}
