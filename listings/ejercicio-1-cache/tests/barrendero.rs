//! El barrendero quita las caducadas solo, y se para en cuanto sueltas su asa.

use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use ejercicio_1_cache::{
    CacheError, ManualClock, ShardedTtlCache, Sweeper, TtlCache, spawn_sweeper,
};

/// Espera, con un plazo de 5 s, a que el barrendero haya quitado `n` entradas.
fn wait_purged(sweeper: &Sweeper, n: u64) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(5);
    while sweeper.purged() < n && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
    }
    sweeper.purged()
}

#[test]
fn el_barrendero_quita_las_caducadas() {
    let clock = ManualClock::new();
    let cache = Arc::new(
        TtlCache::with_clock(Duration::from_secs(1), clock.clone()).unwrap(),
    );
    for key in ["a", "b", "c"] {
        cache.insert(key, 1);
    }
    cache
        .insert_with_ttl("larga", 2, Duration::from_secs(3600))
        .unwrap();
    let sweeper =
        spawn_sweeper(Arc::clone(&cache), Duration::from_millis(10)).unwrap();
    clock.advance(Duration::from_secs(2));
    assert_eq!(wait_purged(&sweeper, 3), 3);
    // Quitadas de verdad, no solo invisibles: ya no queda ninguna por purgar.
    assert_eq!(cache.purge_expired(), 0);
    assert_eq!(cache.len(), 1);
}

#[test]
fn barre_tambien_la_cache_repartida() {
    let clock = ManualClock::new();
    let cache =
        ShardedTtlCache::with_shards(Duration::from_secs(1), 4, clock.clone());
    let cache = Arc::new(cache.unwrap());
    for id in 0..50 {
        cache.insert(id, id);
    }
    let sweeper =
        spawn_sweeper(Arc::clone(&cache), Duration::from_millis(10)).unwrap();
    clock.advance(Duration::from_secs(1));
    assert_eq!(wait_purged(&sweeper, 50), 50);
    assert_eq!(cache.purge_expired(), 0);
}

#[test]
fn soltar_el_asa_lo_para_sin_esperar_al_intervalo() {
    let cache = Arc::new(TtlCache::<u32, u32>::new(Duration::from_secs(1)).unwrap());
    let sweeper =
        spawn_sweeper(Arc::clone(&cache), Duration::from_secs(3600)).unwrap();
    let (done, stopped) = mpsc::channel();
    let started = Instant::now();
    thread::spawn(move || {
        drop(sweeper);
        done.send(()).unwrap();
    });
    // Con un `thread::sleep(every)` en el hilo, el drop tardaría una hora.
    stopped
        .recv_timeout(Duration::from_secs(2))
        .expect("el barrendero no se paró");
    assert!(started.elapsed() < Duration::from_secs(2));
    // El hilo ha terminado: ya no guarda su `Arc`.
    assert_eq!(Arc::strong_count(&cache), 1);
}

#[test]
fn un_intervalo_de_cero_es_un_error_claro() {
    let cache = Arc::new(TtlCache::<u32, u32>::new(Duration::from_secs(1)).unwrap());
    let error = spawn_sweeper(cache, Duration::ZERO).err().unwrap();
    assert!(matches!(error, CacheError::ZeroInterval));
    assert_eq!(
        error.to_string(),
        "el intervalo del barrendero debe ser mayor que cero"
    );
}
