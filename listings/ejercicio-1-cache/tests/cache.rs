//! Las dos versiones de la caché pasan los mismos tests: la macro `cada_version!`
//! los escribe una vez para `TtlCache` y otra para `ShardedTtlCache`.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use ejercicio_1_cache::{
    CacheError, CacheStats, ManualClock, ShardedTtlCache, TtlCache,
};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// Espera hasta que `done` sea cierto o pase `limit`; dice si se cumplió.
fn wait_until(limit: Duration, done: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while !done() {
        if Instant::now() >= deadline {
            return false;
        }
        thread::yield_now();
    }
    true
}

/// Ejecuta `f` en otro hilo y falla si no termina en `limit` (un cerrojo que se
/// quedó tomado la bloquearía para siempre).
fn finishes_within<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || tx.send(f()));
    rx.recv_timeout(limit)
        .expect("no terminó a tiempo: ¿un cerrojo tomado?")
}

macro_rules! cada_version {
    ($version:ident, $cache:ty, $new:expr) => {
        mod $version {
            use super::*;

            type Cache = $cache;

            fn cache(ttl: Duration, clock: &ManualClock) -> Cache {
                let new: fn(Duration, ManualClock) -> Result<Cache, CacheError> =
                    $new;
                new(ttl, clock.clone()).unwrap()
            }

            #[test]
            fn cuenta_aciertos_y_fallos_exactos() {
                let cache = cache(secs(60), &ManualClock::new());
                assert_eq!(cache.stats().hit_ratio(), 0.0);
                assert_eq!(cache.get("ana"), None);
                assert_eq!(cache.get("luis"), None);
                cache.insert("ana".to_owned(), 1);
                for _ in 0..3 {
                    assert_eq!(cache.get("ana"), Some(1));
                }
                assert_eq!(cache.remove("ana"), Some(1));
                assert_eq!(cache.get("ana"), None);
                let stats = cache.stats();
                assert_eq!(
                    stats,
                    CacheStats {
                        hits: 3,
                        misses: 3,
                        expired: 0
                    }
                );
                assert_eq!(stats.hit_ratio(), 0.5);
                // peek_with no es una consulta: no cuenta.
                assert_eq!(cache.peek_with("ana", |v| v.copied()), None);
                assert_eq!(cache.stats(), stats);
            }

            #[test]
            fn caduca_con_el_reloj_manual_sin_dormir() {
                let clock = ManualClock::new();
                let cache = cache(secs(10), &clock);
                cache.insert("ana".to_owned(), 1);
                clock.advance(secs(9));
                assert_eq!(cache.get("ana"), Some(1));
                assert_eq!(cache.len(), 1);
                clock.advance(secs(2));
                assert_eq!(cache.get("ana"), None);
                assert_eq!(
                    cache.stats(),
                    CacheStats {
                        hits: 1,
                        misses: 1,
                        expired: 1
                    }
                );
                assert_eq!(cache.len(), 0);
                assert!(cache.is_empty());
                assert_eq!(cache.purge_expired(), 1);
                assert_eq!(cache.purge_expired(), 0);
                // Sin la entrada, el fallo ya no es «caducada».
                assert_eq!(cache.get("ana"), None);
                assert_eq!(cache.stats().expired, 1);
            }

            #[test]
            fn cada_entrada_puede_tener_su_ttl() {
                let clock = ManualClock::new();
                let cache = cache(secs(10), &clock);
                cache
                    .insert_with_ttl("corta".to_owned(), 1, secs(1))
                    .unwrap();
                cache.insert("normal".to_owned(), 2);
                clock.advance(secs(1));
                assert_eq!(cache.get("corta"), None);
                assert_eq!(cache.get("normal"), Some(2));
            }

            #[test]
            fn un_ttl_de_cero_es_un_error_y_no_guarda_nada() {
                let clock = ManualClock::new();
                let new: fn(Duration, ManualClock) -> Result<Cache, CacheError> =
                    $new;
                let error = new(Duration::ZERO, clock.clone()).err().unwrap();
                assert!(matches!(error, CacheError::ZeroTtl));
                let cache = cache(secs(10), &clock);
                let error = cache.insert_with_ttl("x".to_owned(), 1, Duration::ZERO);
                assert!(matches!(error, Err(CacheError::ZeroTtl)));
                assert_eq!(
                    error.unwrap_err().to_string(),
                    "el TTL debe ser mayor que cero"
                );
                assert!(cache.is_empty());
            }

            #[test]
            fn insert_devuelve_el_anterior_solo_si_seguia_vivo() {
                let clock = ManualClock::new();
                let cache = cache(secs(10), &clock);
                assert_eq!(cache.insert("k".to_owned(), 1), None);
                assert_eq!(cache.insert("k".to_owned(), 2), Some(1));
                clock.advance(secs(10));
                assert_eq!(cache.insert("k".to_owned(), 3), None);
                assert_eq!(cache.remove("k"), Some(3));
            }

            #[test]
            fn get_or_insert_with_calcula_una_vez_aunque_compitan_8_hilos() {
                let cache = cache(secs(60), &ManualClock::new());
                let (calls, arrived) = (AtomicUsize::new(0), AtomicUsize::new(0));
                let start = Barrier::new(8);
                let values: Vec<u64> = thread::scope(|s| {
                    let handles: Vec<_> = (0..8)
                        .map(|_| {
                            s.spawn(|| {
                                start.wait();
                                arrived.fetch_add(1, Ordering::SeqCst);
                                cache.get_or_insert_with("k".to_owned(), || {
                                    calls.fetch_add(1, Ordering::SeqCst);
                                    // Los otros 7 ya van hacia el cerrojo: dales
                                    // tiempo a esperar en él mientras calculamos.
                                    wait_until(secs(2), || {
                                        arrived.load(Ordering::SeqCst) == 8
                                    });
                                    thread::sleep(Duration::from_millis(100));
                                    7
                                })
                            })
                        })
                        .collect();
                    handles.into_iter().map(|h| h.join().unwrap()).collect()
                });
                assert_eq!(calls.load(Ordering::SeqCst), 1);
                assert!(values.iter().all(|&v| v == 7));
                assert_eq!(
                    cache.stats(),
                    CacheStats {
                        hits: 7,
                        misses: 1,
                        expired: 0
                    }
                );
            }

            #[test]
            fn get_or_insert_with_recalcula_la_caducada() {
                let clock = ManualClock::new();
                let cache = cache(secs(10), &clock);
                assert_eq!(cache.get_or_insert_with("k".to_owned(), || 1), 1);
                assert_eq!(cache.get_or_insert_with("k".to_owned(), || 2), 1);
                clock.advance(secs(10));
                assert_eq!(cache.get_or_insert_with("k".to_owned(), || 3), 3);
                assert_eq!(
                    cache.stats(),
                    CacheStats {
                        hits: 1,
                        misses: 2,
                        expired: 1
                    }
                );
                assert_eq!(cache.len(), 1);
            }

            #[test]
            fn un_panico_al_calcular_no_deja_cerrojo_ni_entrada_a_medias() {
                let cache = Arc::new(cache(secs(60), &ManualClock::new()));
                let result = panic::catch_unwind(AssertUnwindSafe(|| {
                    cache.get_or_insert_with("k".to_owned(), || {
                        panic!("el cálculo falla")
                    })
                }));
                assert!(result.is_err());
                assert_eq!(cache.peek_with("k", |v| v.copied()), None);
                // Un cerrojo que se hubiera quedado tomado bloquearía estas escrituras.
                let c = Arc::clone(&cache);
                let value = finishes_within(secs(2), move || {
                    c.insert("otra".to_owned(), 1);
                    c.get_or_insert_with("k".to_owned(), || 2)
                });
                assert_eq!(value, 2);
            }

            #[test]
            fn los_lectores_estan_dentro_a_la_vez() {
                let cache = cache(secs(60), &ManualClock::new());
                cache.insert("k".to_owned(), 1);
                const READERS: usize = 4;
                let inside = AtomicUsize::new(0);
                let all_met = thread::scope(|s| {
                    let handles: Vec<_> = (0..READERS)
                        .map(|_| {
                            s.spawn(|| {
                                cache.peek_with("k", |_| {
                                    inside.fetch_add(1, Ordering::SeqCst);
                                    // Con un cerrojo exclusivo, el primero esperaría
                                    // solo aquí hasta el plazo.
                                    wait_until(secs(5), || {
                                        inside.load(Ordering::SeqCst) == READERS
                                    })
                                })
                            })
                        })
                        .collect();
                    handles.into_iter().all(|h| h.join().unwrap())
                });
                assert!(
                    all_met,
                    "los {READERS} lectores no coincidieron bajo el cerrojo"
                );
            }

            #[test]
            fn un_escritor_espera_a_que_salgan_los_lectores() {
                let cache = cache(secs(60), &ManualClock::new());
                cache.insert("k".to_owned(), 1);
                let inside = AtomicUsize::new(0);
                let (entered, wait_entered) = mpsc::channel();
                let seen = thread::scope(|s| {
                    s.spawn(|| {
                        cache.peek_with("k", |_| {
                            inside.store(1, Ordering::SeqCst);
                            entered.send(()).unwrap();
                            thread::sleep(Duration::from_millis(200));
                            inside.store(0, Ordering::SeqCst);
                        })
                    });
                    wait_entered.recv_timeout(secs(2)).unwrap();
                    // El lector está dentro: retain debe esperar a que salga.
                    let mut seen = Vec::new();
                    cache.retain(|_, _| {
                        seen.push(inside.load(Ordering::SeqCst));
                        true
                    });
                    seen
                });
                assert_eq!(seen, [0], "retain corrió con un lector dentro");
            }

            #[test]
            fn los_contadores_no_pierden_cuentas_entre_lectores() {
                let cache = cache(secs(60), &ManualClock::new());
                cache.insert("k".to_owned(), 1);
                let start = Barrier::new(4);
                thread::scope(|s| {
                    for _ in 0..4 {
                        s.spawn(|| {
                            start.wait();
                            (0..100_000)
                                .for_each(|_| assert!(cache.get("k").is_some()));
                        });
                    }
                });
                assert_eq!(cache.stats().hits, 400_000);
            }

            #[test]
            fn estres_8_hilos_cuadran_aciertos_y_fallos() {
                let clock = ManualClock::new();
                let cache = cache(secs(5), &clock);
                let (hits, misses) = (AtomicUsize::new(0), AtomicUsize::new(0));
                thread::scope(|s| {
                    for seed in 0..8 {
                        let (cache, clock, hits, misses) =
                            (&cache, &clock, &hits, &misses);
                        s.spawn(move || {
                            let mut rng = StdRng::seed_from_u64(seed);
                            for _ in 0..10_000 {
                                let key = rng.random_range(0..100u32).to_string();
                                let found = match rng.random_range(0..100) {
                                    0..70 => cache.get(&key).is_some(),
                                    70..80 => {
                                        let mut made = false;
                                        cache.get_or_insert_with(key, || {
                                            made = true;
                                            0
                                        });
                                        !made
                                    }
                                    80..95 => {
                                        cache.insert(key, 1);
                                        continue;
                                    }
                                    95..99 => {
                                        cache.remove(&key);
                                        continue;
                                    }
                                    _ => {
                                        clock.advance(secs(1));
                                        continue;
                                    }
                                };
                                let counter = if found { hits } else { misses };
                                counter.fetch_add(1, Ordering::Relaxed);
                            }
                        });
                    }
                });
                let stats = cache.stats();
                let (hits, misses) =
                    (hits.into_inner() as u64, misses.into_inner() as u64);
                assert_eq!((stats.hits, stats.misses), (hits, misses));
                assert!(
                    stats.expired > 0 && stats.expired <= stats.misses,
                    "{stats:?}"
                );
            }
        }
    };
}

cada_version!(un_cerrojo, TtlCache<String, u64, ManualClock>, TtlCache::with_clock);
cada_version!(fragmentos, ShardedTtlCache<String, u64, ManualClock>, |ttl, clock| {
    ShardedTtlCache::with_shards(ttl, 8, clock)
});

#[test]
fn cero_fragmentos_es_un_error_claro() {
    let error = ShardedTtlCache::<String, u64, _>::with_shards(
        secs(1),
        0,
        ManualClock::new(),
    )
    .err()
    .unwrap();
    assert!(matches!(error, CacheError::ZeroShards));
    assert_eq!(
        error.to_string(),
        "el número de fragmentos debe ser mayor que cero"
    );
}

#[test]
fn las_claves_se_reparten_entre_todos_los_fragmentos() {
    let cache =
        ShardedTtlCache::with_shards(secs(60), 8, ManualClock::new()).unwrap();
    for id in 0..8_000u32 {
        cache.insert(id, id);
    }
    assert_eq!(cache.shard_count(), 8);
    assert_eq!(cache.len(), 8_000);
    let per_shard = cache.shard_lens();
    // 1 000 de media: ninguno vacío ni con el doble.
    assert!(
        per_shard.iter().all(|&n| (500..2_000).contains(&n)),
        "{per_shard:?}"
    );
}

#[test]
fn la_cache_se_comparte_entre_hilos() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<TtlCache<String, Vec<u8>>>();
    send_sync::<ShardedTtlCache<String, Vec<u8>>>();
    send_sync::<TtlCache<String, Vec<u8>, ManualClock>>();
}

#[test]
fn los_valores_por_defecto_usan_el_reloj_del_sistema() {
    let cache = ShardedTtlCache::new(Duration::from_millis(20)).unwrap();
    assert!(cache.shard_count().is_power_of_two());
    cache.insert(1, "uno");
    assert_eq!(cache.get(&1), Some("uno"));
    let plain = TtlCache::new(secs(60)).unwrap();
    plain.insert(1, "uno");
    assert_eq!(plain.len(), 1);
}

/// Un `BuildHasher` que cuenta cuántos hashes calcula.
#[derive(Clone, Default)]
struct CountingHasher(Arc<AtomicUsize>);

impl std::hash::BuildHasher for CountingHasher {
    type Hasher = std::hash::DefaultHasher;

    fn build_hasher(&self) -> Self::Hasher {
        self.0.fetch_add(1, Ordering::SeqCst);
        std::hash::DefaultHasher::new()
    }
}

#[test]
fn cada_consulta_calcula_un_solo_hash() {
    let hashes = CountingHasher::default();
    let cache = ShardedTtlCache::with_shards_and_hasher(
        secs(60),
        8,
        ManualClock::new(),
        hashes.clone(),
    )
    .unwrap();
    cache.insert(1u64, 1u64);
    let count = || hashes.0.swap(0, Ordering::SeqCst);
    count();
    assert_eq!(cache.get(&1), Some(1));
    assert_eq!(count(), 1, "get");
    assert_eq!(cache.get(&2), None);
    assert_eq!(count(), 1, "get de una que falta");
    assert_eq!(cache.insert(1, 2), Some(1));
    assert_eq!(count(), 1, "insert sobre una que está");
    assert_eq!(cache.remove(&1), Some(2));
    assert_eq!(count(), 1, "remove");
}

#[cfg(target_pointer_width = "64")]
#[test]
fn una_entrada_de_u64_ocupa_32_bytes_y_un_par_de_dashmap_16() {
    use ejercicio_1_cache::Entry;
    // La clave y la entrada (el valor y su instante de caducidad), frente a la clave
    // y el valor solos.
    assert_eq!(std::mem::size_of::<(u64, Entry<u64>)>(), 32);
    assert_eq!(std::mem::size_of::<(u64, u64)>(), 16);
}

/// Un valor que, al soltarse, lee la caché: si se soltara con el cerrojo exclusivo
/// tomado, esperaría para siempre (el cerrojo no es reentrante).
#[derive(Clone)]
struct ReadsOnDrop;

type DropCache = ShardedTtlCache<u32, ReadsOnDrop, ManualClock>;

static DROP_CACHE: std::sync::OnceLock<(DropCache, ManualClock)> =
    std::sync::OnceLock::new();

impl Drop for ReadsOnDrop {
    fn drop(&mut self) {
        if let Some((cache, _)) = DROP_CACHE.get() {
            cache.peek_with(&0, |_| ());
        }
    }
}

#[test]
fn lo_que_sale_de_la_cache_se_suelta_con_el_cerrojo_libre() {
    finishes_within(secs(5), || {
        let clock = ManualClock::new();
        let cache =
            ShardedTtlCache::with_shards(secs(10), 1, clock.clone()).unwrap();
        let (cache, clock) = &DROP_CACHE.get_or_init(|| (cache, clock));
        cache.insert(1, ReadsOnDrop);
        cache.insert(1, ReadsOnDrop); // sustituye: el anterior sale
        cache.remove(&1); // quita
        cache.insert(2, ReadsOnDrop);
        cache.insert(3, ReadsOnDrop);
        clock.advance(secs(10));
        assert_eq!(cache.purge_expired(), 2); // barre
        cache.get_or_insert_with(4, || ReadsOnDrop);
        clock.advance(secs(10));
        cache.get_or_insert_with(4, || ReadsOnDrop); // recalcula la caducada
    });
}
