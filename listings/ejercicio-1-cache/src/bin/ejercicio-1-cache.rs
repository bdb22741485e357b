//! Ejercicio 1: una caché concurrente con expiración, estadísticas y fragmentos.
//!
//! Ejecuta: `cargo run --bin ejercicio-1-cache`
//!
//! Usa el reloj manual para que la demostración sea instantánea y siempre igual.

use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use ejercicio_1_cache::{ManualClock, ShardedTtlCache, TtlCache, spawn_sweeper};

fn main() -> Result<(), Box<dyn Error>> {
    let clock = ManualClock::new();
    let cache = TtlCache::with_clock(Duration::from_secs(30), clock.clone())?;

    println!("get(\"ana\") en la caché vacía: {:?}", cache.get("ana"));
    cache.insert("ana".to_owned(), 36);
    println!("tras insertarla: {:?}", cache.get("ana"));
    clock.advance(Duration::from_secs(29));
    println!("a los 29 s: {:?}", cache.get("ana"));
    clock.advance(Duration::from_secs(1));
    println!("a los 30 s: {:?} (caducada)", cache.get("ana"));
    println!("estadísticas: {:?}", cache.stats());

    // Ocho hilos piden a la vez una clave que falta: la calcula uno solo.
    let calls = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                cache.get_or_insert_with("luis".to_owned(), || {
                    calls.fetch_add(1, Ordering::Relaxed);
                    41
                })
            });
        }
    });
    let calls = calls.load(Ordering::Relaxed);
    println!("8 hilos con get_or_insert_with(\"luis\"): {calls} cálculo");

    match cache.insert_with_ttl("eva".to_owned(), 29, Duration::ZERO) {
        Ok(_) => println!("¿un TTL de 0 s aceptado?"),
        Err(e) => println!("insert_with_ttl con un TTL de 0 s: {e}"),
    }

    // La versión 2: los mismos métodos, repartidos en 16 fragmentos.
    let sharded = Arc::new(ShardedTtlCache::with_shards(
        Duration::from_secs(30),
        16,
        clock.clone(),
    )?);
    for id in 0..100u32 {
        sharded.insert(id, id * 2);
    }
    let shards = sharded.shard_count();
    println!(
        "caché en {shards} fragmentos: {} entradas vivas",
        sharded.len()
    );
    let sweeper = spawn_sweeper(Arc::clone(&sharded), Duration::from_millis(5))?;
    clock.advance(Duration::from_secs(30));
    let deadline = Instant::now() + Duration::from_millis(1500);
    while sweeper.purged() < 100 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(1));
    }
    println!("el barrendero quitó {} caducadas", sweeper.purged());
    drop(sweeper); // para el hilo y espera a que termine
    println!("quedan {} entradas", sharded.len());
    Ok(())
}
