//! El barrendero: cierra las libres que llevan demasiado tiempo sin usarse o que
//! pasaron de su edad máxima, mantiene `min_idle` libres y no mantiene vivo el pool.

mod comun;

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use comun::{Counters, Fake, config, eventually};
use ejercicio_5_pool::{Pool, PoolConfig};

fn with(counters: &Counters, config: PoolConfig) -> Pool<Fake> {
    Pool::new(Fake(counters.clone()), config).unwrap()
}

#[test]
fn cierra_las_libres_que_pasan_de_idle_timeout() {
    let counters = Counters::default();
    let pool = with(
        &counters,
        PoolConfig {
            idle_timeout: Some(Duration::from_millis(50)),
            reaper_interval: Duration::from_millis(10),
            ..config(3)
        },
    );
    let held: Vec<_> = (0..3).map(|_| pool.get().unwrap()).collect();
    drop(held);
    assert_eq!(pool.state().idle, 3);
    assert!(eventually(|| pool.state().total == 0), "{:?}", pool.state());
    assert_eq!(counters.live(), 0);
}

#[test]
fn mantiene_min_idle_sin_cerrar_y_reabrir_las_que_guarda() {
    let counters = Counters::default();
    let pool = with(
        &counters,
        PoolConfig {
            min_idle: 2,
            idle_timeout: Some(Duration::from_millis(20)),
            reaper_interval: Duration::from_millis(10),
            ..config(4)
        },
    );
    assert!(eventually(|| pool.state().idle == 2), "{:?}", pool.state());
    // Dos más, devueltas: sobran por encima de min_idle y caducan; las dos que
    // guarda no se cierran para volver a abrirlas.
    let extra: Vec<_> = (0..4).map(|_| pool.get().unwrap()).collect();
    drop(extra);
    assert!(eventually(|| pool.state().total == 2), "{:?}", pool.state());
    thread::sleep(Duration::from_millis(100));
    assert_eq!(pool.state().idle, 2);
    assert_eq!(counters.opened(), 4);
}

#[test]
fn una_conexion_que_pasa_de_max_lifetime_se_cierra_al_volver() {
    let counters = Counters::default();
    let pool = with(
        &counters,
        PoolConfig {
            max_lifetime: Some(Duration::from_millis(30)),
            ..config(1)
        },
    );
    let conn = pool.get().unwrap();
    thread::sleep(Duration::from_millis(40));
    drop(conn);
    assert_eq!(pool.state().total, 0);
    assert_eq!(counters.live(), 0);
    assert_eq!(pool.get().unwrap().id, 1);
}

#[test]
fn una_libre_que_paso_de_max_lifetime_no_se_entrega() {
    let counters = Counters::default();
    let pool = with(
        &counters,
        PoolConfig {
            max_lifetime: Some(Duration::from_millis(30)),
            // El barrendero no pasa a tiempo: la comprueba `get` al sacarla.
            reaper_interval: Duration::from_secs(3600),
            ..config(1)
        },
    );
    drop(pool.get().unwrap());
    thread::sleep(Duration::from_millis(40));
    assert_eq!(pool.get().unwrap().id, 1, "abrió otra en su sitio");
    assert_eq!(counters.live(), 1);
}

#[test]
fn el_barrendero_no_mantiene_vivo_el_pool() {
    let counters = Counters::default();
    let pool = with(
        &counters,
        PoolConfig {
            min_idle: 1,
            reaper_interval: Duration::from_secs(3600),
            ..config(2)
        },
    );
    assert!(eventually(|| counters.live() == 1));
    drop(pool);
    // Solo guarda un `Weak`: al soltar el último clon, el pool y su conexión se
    // cierran, y el hilo acaba en cuanto se suelta su asa.
    assert!(eventually(|| counters.live() == 0));
    assert!(eventually(|| Arc::strong_count(&counters.live) == 1));
}
