//! El pool desde hilos: plazos, orden de llegada, cierre, errores de configuración
//! y los tipos, con el gestor en memoria de `comun`.

mod comun;

use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use comun::{Counters, Fake, config, eventually};
use ejercicio_5_pool::{
    BuildError, Pool, PoolConfig, PoolError, PoolState, PooledConn,
};

fn pool(max_size: usize) -> (Pool<Fake>, Counters) {
    let counters = Counters::default();
    let pool = Pool::new(Fake(counters.clone()), config(max_size)).unwrap();
    (pool, counters)
}

#[test]
fn el_pool_se_comparte_entre_hilos_y_la_conexion_viaja() {
    fn shared<T: Clone + Send + Sync + 'static>() {}
    fn sent<T: Send + 'static>() {}
    shared::<Pool<Fake>>();
    sent::<PooledConn<Fake>>();
    // La de SQLite es `Send` pero no `Sync`: se presta entera, a uno solo.
    sent::<PooledConn<ejercicio_5_pool::SqliteManager>>();
}

#[test]
fn las_conexiones_se_abren_cuando_hacen_falta() {
    let (pool, counters) = pool(4);
    assert_eq!(counters.opened(), 0, "crear el pool no abre nada");
    let a = pool.get().unwrap();
    let b = pool.get().unwrap();
    assert_eq!(counters.opened(), 2);
    let state = PoolState {
        total: 2,
        idle: 0,
        in_use: 2,
        waiters: 0,
    };
    assert_eq!(pool.state(), state);
    drop((a, b));
    assert_eq!(pool.state().idle, 2);
    assert_eq!(pool.get().unwrap().id, 1, "sale primero la última devuelta");
}

#[test]
fn con_todas_prestadas_get_timeout_vence_a_su_hora() {
    let (pool, _) = pool(2);
    let _held = (pool.get().unwrap(), pool.get().unwrap());
    let start = Instant::now();
    let result = pool.get_timeout(Duration::from_millis(100));
    let elapsed = start.elapsed();
    assert!(matches!(result, Err(PoolError::Timeout)), "{result:?}");
    assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(
        pool.state().waiters,
        0,
        "quien se fue ya no está en la cola"
    );
}

#[test]
fn quien_espera_recibe_la_que_se_devuelve_antes_del_plazo() {
    let (pool, counters) = pool(1);
    let held = pool.get().unwrap();
    thread::scope(|s| {
        let waiter =
            s.spawn(|| pool.get_timeout(Duration::from_secs(5)).map(|c| c.id));
        assert!(eventually(|| pool.state().waiters == 1));
        drop(held);
        assert_eq!(waiter.join().unwrap().unwrap(), 0);
    });
    assert_eq!(counters.opened(), 1);
}

#[test]
fn los_hilos_que_esperan_se_atienden_por_orden_de_llegada() {
    let (pool, _) = pool(1);
    let held = pool.get().unwrap();
    let (order_tx, order_rx) = mpsc::channel();
    thread::scope(|s| {
        for i in 0..8 {
            let (pool, order_tx) = (&pool, order_tx.clone());
            s.spawn(move || {
                let conn = pool.get().unwrap();
                order_tx.send(i).unwrap();
                thread::sleep(Duration::from_millis(1));
                drop(conn);
            });
            // El siguiente no sale hasta que este está en la cola.
            assert!(eventually(|| pool.state().waiters == i + 1));
        }
        drop(held);
    });
    let order: Vec<usize> = order_rx.try_iter().collect();
    assert_eq!(order, (0..8).collect::<Vec<_>>());
}

#[test]
fn cerrar_despierta_a_todos_los_que_esperan_con_closed() {
    let (pool, counters) = pool(1);
    let held = pool.get().unwrap();
    let (done_tx, done_rx) = mpsc::channel();
    for _ in 0..3 {
        let (pool, done_tx) = (pool.clone(), done_tx.clone());
        // Con 10 s de plazo: si `close` no los despertara, no volverían a tiempo.
        thread::spawn(move || done_tx.send(pool.get().map(|_| ())).unwrap());
    }
    assert!(eventually(|| pool.state().waiters == 3));
    let start = Instant::now();
    pool.close();
    for _ in 0..3 {
        let result = done_rx.recv_timeout(Duration::from_secs(2)).unwrap();
        assert!(matches!(result, Err(PoolError::Closed)), "{result:?}");
    }
    assert!(start.elapsed() < Duration::from_secs(2));
    assert!(matches!(pool.get(), Err(PoolError::Closed)));
    // La prestada se cierra al volver, no vuelve a las libres.
    drop(held);
    assert_eq!(pool.state().total, 0);
    assert_eq!(counters.live(), 0);
}

#[test]
fn descartar_una_conexion_deja_su_sitio_a_otra() {
    let (pool, counters) = pool(1);
    pool.get().unwrap().discard();
    assert_eq!(counters.live(), 0);
    assert_eq!(pool.get().unwrap().id, 1);
}

#[test]
fn si_conectar_falla_da_connect_y_no_pierde_la_plaza() {
    let (pool, counters) = pool(1);
    counters.refuse.store(true, Ordering::SeqCst);
    for _ in 0..3 {
        assert!(matches!(pool.get(), Err(PoolError::Connect(_))));
    }
    assert_eq!(pool.state().total, 0);
    counters.refuse.store(false, Ordering::SeqCst);
    assert!(pool.get().is_ok());
}

#[test]
fn un_panico_al_conectar_devuelve_la_plaza() {
    let (pool, counters) = pool(1);
    counters.panic_on_connect.store(true, Ordering::SeqCst);
    let result = thread::scope(|s| s.spawn(|| pool.get().map(|_| ())).join());
    assert!(result.is_err(), "el pánico del gestor llega a quien pide");
    assert_eq!(pool.state().total, 0, "el guard vacío devolvió la plaza");
    counters.panic_on_connect.store(false, Ordering::SeqCst);
    assert!(pool.get_timeout(Duration::from_secs(1)).is_ok());
}

#[test]
fn una_configuracion_sin_sentido_es_un_error_claro() {
    let cases = [
        (
            PoolConfig {
                max_size: 0,
                ..config(1)
            },
            "max_size debe ser mayor que cero",
        ),
        (
            PoolConfig {
                min_idle: 3,
                ..config(2)
            },
            "min_idle no puede pasar de max_size",
        ),
        (
            PoolConfig {
                reaper_interval: Duration::ZERO,
                ..config(2)
            },
            "reaper_interval debe ser mayor que cero",
        ),
    ];
    for (bad, why) in cases {
        let error = Pool::new(Fake(Counters::default()), bad).unwrap_err();
        assert!(matches!(error, BuildError::Config(_)));
        assert_eq!(error.to_string(), format!("configuración no válida: {why}"));
    }
}

#[test]
fn un_timeout_enorme_no_desborda() {
    let (pool, _) = pool(1);
    assert!(pool.get_timeout(Duration::MAX).is_ok());
}
