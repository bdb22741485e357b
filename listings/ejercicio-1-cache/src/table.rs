//! La tabla: un mapa detrás de un `RwLock`, con sus contadores.
//!
//! La caché de un cerrojo ([`crate::TtlCache`]) es una tabla; la repartida
//! ([`crate::ShardedTtlCache`]), un array de tablas. Las dos calculan el hash de la
//! clave fuera del cerrojo y se lo pasan a la tabla: la repartida usa el mismo hash
//! para elegir la tabla y para buscar dentro de ella, así que lo calcula una sola vez.
//! También leen el reloj antes de tomar el cerrojo, salvo `get_or_insert_with`, que lo
//! vuelve a leer bajo el cerrojo actualizable: quien esperó a que otro calculara tiene
//! que mirar la caducidad con la hora de después de esperar.
//!
//! Lo que sale de la tabla (un valor sustituido, una entrada quitada) se suelta
//! después de soltar el cerrojo: soltar un valor puede costar, y nadie tiene por qué
//! esperarlo.

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};
use std::time::Instant;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry as Slot;
use parking_lot::{RwLock, RwLockUpgradableReadGuard};

use crate::entry::{Entry, Ttl};
use crate::stats::{CacheStats, Counters, Lookup};

// ANCHOR: table
/// Las entradas, guardadas en su sitio (sin una reserva aparte por valor), y los
/// contadores de las consultas, junto al cerrojo: la consulta que toma el cerrojo ya
/// tiene su línea de caché.
pub(crate) struct Table<K, V> {
    map: RwLock<HashTable<(K, Entry<V>)>>,
    counters: Counters,
}
// ANCHOR_END: table

/// Lo que encontró una búsqueda.
enum Found<V> {
    Live(V),
    Absent,
    Expired,
}

impl<K: Hash + Eq, V> Table<K, V> {
    pub(crate) fn new() -> Self {
        Table {
            map: RwLock::new(HashTable::new()),
            counters: Counters::default(),
        }
    }

    // ANCHOR: get
    /// El valor de `key` (cuyo hash es `hash`) si está y no ha caducado en `now`; se
    /// devuelve un clon. Cuenta un acierto o un fallo.
    pub(crate) fn get<Q>(&self, hash: u64, key: &Q, now: Instant) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
        V: Clone,
    {
        let found = find(&self.map.read(), hash, key, now); // el guard se suelta aquí
        self.record(found)
    }
    // ANCHOR_END: get

    /// Guarda `entry` en `key`. Devuelve el valor anterior si seguía vivo en `now`;
    /// `hasher` es el que dio `hash`: la tabla lo necesita si tiene que crecer.
    pub(crate) fn insert(
        &self,
        hash: u64,
        key: K,
        entry: Entry<V>,
        now: Instant,
        hasher: &impl BuildHasher,
    ) -> Option<V> {
        let old = put(&mut self.map.write(), hash, key, entry, hasher);
        // El guard temporal ya se soltó: el anterior se suelta fuera del cerrojo.
        old.map(|(_, e)| e)
            .filter(|e| !e.is_expired(now))
            .map(Entry::into_value)
    }

    pub(crate) fn remove<Q>(&self, hash: u64, key: &Q, now: Instant) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let old = {
            let mut map = self.map.write();
            match map.find_entry(hash, |(k, _)| k.borrow() == key) {
                Ok(slot) => Some(slot.remove().0), // la clave y la entrada, enteras
                Err(_) => None,
            }
        };
        old.map(|(_, e)| e)
            .filter(|e| !e.is_expired(now))
            .map(Entry::into_value)
    }

    // ANCHOR: get_or_insert_with
    /// El valor de `key`; si falta o ha caducado, lo calcula `make` y lo guarda con
    /// `ttl`. Aunque muchos hilos pidan la misma clave a la vez, `make` se llama una
    /// vez. `make` no debe usar la misma tabla: corre con el cerrojo actualizable
    /// tomado, y escribir en ella (o pedir otra clave que falte) esperaría para
    /// siempre a ese mismo cerrojo.
    pub(crate) fn get_or_insert_with(
        &self,
        hash: u64,
        key: K,
        make: impl FnOnce() -> V,
        ttl: Ttl,
        now: impl Fn() -> Instant,
        hasher: &impl BuildHasher,
    ) -> V
    where
        V: Clone,
    {
        // El camino rápido: el cerrojo compartido, como `get`.
        if let Found::Live(value) = find(&self.map.read(), hash, &key, now()) {
            self.counters.record(Lookup::Hit);
            return value;
        }
        // El cerrojo «actualizable» convive con los lectores, pero solo lo tiene un
        // hilo a la vez: quien llega segundo espera aquí y encuentra el valor hecho.
        let map = self.map.upgradable_read();
        if let Some(value) = self.record(find(&map, hash, &key, now())) {
            return value;
        }
        // Si `make` entra en pánico, el guard se suelta al desenrollar la pila y el
        // mapa queda como estaba: aún no hemos insertado nada.
        let value = make();
        let entry = Entry::new(value.clone(), ttl, now());
        let mut map = RwLockUpgradableReadGuard::upgrade(map);
        let expired = put(&mut map, hash, key, entry, hasher);
        drop(map);
        drop(expired); // la caducada que hubiera, fuera del cerrojo
        value
    }
    // ANCHOR_END: get_or_insert_with

    /// Ejecuta `f` con el valor vivo de `key` bajo el cerrojo compartido, sin clonarlo
    /// ni contar en las estadísticas.
    pub(crate) fn peek_with<Q, R>(
        &self,
        hash: u64,
        key: &Q,
        now: Instant,
        f: impl FnOnce(Option<&V>) -> R,
    ) -> R
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let map = self.map.read();
        let live = map
            .find(hash, |(k, _)| k.borrow() == key)
            .filter(|(_, e)| !e.is_expired(now));
        f(live.map(|(_, e)| e.value()))
    }

    /// Conserva solo las entradas vivas en `now` para las que `keep` devuelve `true`,
    /// bajo el cerrojo exclusivo. Devuelve cuántas quitó (las caducadas, también).
    pub(crate) fn retain(
        &self,
        now: Instant,
        mut keep: impl FnMut(&K, &V) -> bool,
    ) -> usize {
        let gone: Vec<_> = self
            .map
            .write()
            .extract_if(|(k, e)| e.is_expired(now) || !keep(k, e.value()))
            .collect();
        gone.len() // las quitadas se sueltan aquí, con el cerrojo ya libre
    }

    /// Cuántas entradas vivas hay en `now` (recorre la tabla: O(n)).
    pub(crate) fn len(&self, now: Instant) -> usize {
        let map = self.map.read();
        map.iter().filter(|(_, e)| !e.is_expired(now)).count()
    }

    pub(crate) fn stats(&self) -> CacheStats {
        self.counters.snapshot()
    }

    fn record(&self, found: Found<V>) -> Option<V> {
        let (lookup, value) = match found {
            Found::Live(value) => (Lookup::Hit, Some(value)),
            Found::Absent => (Lookup::Miss, None),
            Found::Expired => (Lookup::Expired, None),
        };
        self.counters.record(lookup);
        value
    }
}

fn find<K, Q, V>(
    map: &HashTable<(K, Entry<V>)>,
    hash: u64,
    key: &Q,
    now: Instant,
) -> Found<V>
where
    K: Borrow<Q>,
    Q: Eq + ?Sized,
    V: Clone,
{
    match map.find(hash, |(k, _)| k.borrow() == key) {
        Some((_, e)) if e.is_expired(now) => Found::Expired,
        Some((_, e)) => Found::Live(e.value().clone()),
        None => Found::Absent,
    }
}

/// Pone `entry` en `key` y devuelve lo que hubiera, viva o caducada, con su clave,
/// para que quien llama lo suelte fuera del cerrojo.
fn put<K: Hash + Eq, V>(
    map: &mut HashTable<(K, Entry<V>)>,
    hash: u64,
    key: K,
    entry: Entry<V>,
    hasher: &impl BuildHasher,
) -> Option<(K, Entry<V>)> {
    match map.entry(hash, |(k, _)| *k == key, |(k, _)| hasher.hash_one(k)) {
        Slot::Occupied(mut slot) => {
            Some(std::mem::replace(slot.get_mut(), (key, entry)))
        }
        Slot::Vacant(slot) => {
            slot.insert((key, entry));
            None
        }
    }
}
