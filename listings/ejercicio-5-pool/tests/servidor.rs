//! El pool contra conexiones de red de verdad: el servidor de juguete de `kv` cuenta
//! las que tiene abiertas, así que los límites se miden desde el otro lado del
//! socket, no con los contadores del propio pool.

mod comun;

use std::io;
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use comun::eventually;
use ejercicio_5_pool::{KvManager, KvServer, Pool, PoolConfig, PoolError};

fn config(max_size: usize, test_on_checkout: bool) -> PoolConfig {
    PoolConfig {
        test_on_checkout,
        ..comun::config(max_size)
    }
}

#[test]
fn cincuenta_hilos_por_cien_nunca_abren_mas_de_max_size() {
    let server = KvServer::start().unwrap();
    let pool = Pool::new(KvManager::new(server.addr()), config(5, false)).unwrap();
    thread::scope(|s| {
        for t in 0..50 {
            let pool = &pool;
            s.spawn(move || {
                for i in 0..100 {
                    let mut conn = pool.get().unwrap();
                    if i % 10 == 0 {
                        conn.set(&format!("h{t}"), &i.to_string()).unwrap();
                    } else {
                        conn.ping().unwrap();
                    }
                }
            });
        }
    });
    assert!(
        server.max_open_connections() <= 5,
        "el servidor llegó a ver {} abiertas",
        server.max_open_connections()
    );
    // Nada se rompió, así que ninguna se cerró para abrir otra.
    assert!(server.accepted() <= 5, "aceptó {}", server.accepted());
    assert_eq!(pool.state().in_use, 0);
    assert_eq!(pool.state().waiters, 0);
    let mut conn = pool.get().unwrap();
    assert_eq!(conn.get("h7").unwrap().as_deref(), Some("90"));
}

#[test]
fn las_conexiones_se_reutilizan() {
    let server = KvServer::start().unwrap();
    let pool = Pool::new(KvManager::new(server.addr()), config(5, true)).unwrap();
    for _ in 0..100 {
        pool.get().unwrap().ping().unwrap();
    }
    assert_eq!(server.accepted(), 1, "una sola, prestada 100 veces");
    let three: Vec<_> = (0..3).map(|_| pool.get().unwrap()).collect();
    drop(three);
    for _ in 0..100 {
        pool.get().unwrap().ping().unwrap();
    }
    assert_eq!(server.accepted(), 3, "tres a la vez, y ninguna más después");
    assert_eq!(server.open_connections(), 3);
    assert_eq!(pool.state().idle, 3);
}

/// Abre `n` conexiones a la vez, comprueba que responden y las devuelve.
fn warm(pool: &Pool<KvManager>, n: usize) {
    let mut held: Vec<_> = (0..n).map(|_| pool.get().unwrap()).collect();
    for conn in &mut held {
        conn.ping().unwrap();
    }
}

#[test]
fn tras_matarlas_nunca_entrega_una_conexion_muerta() {
    let server = KvServer::start().unwrap();
    let pool = Pool::new(KvManager::new(server.addr()), config(3, true)).unwrap();
    warm(&pool, 3);
    assert_eq!(server.kill_all_connections(), 3);
    assert_eq!(server.open_connections(), 0);
    // Las tres libres están muertas: `is_valid` lo ve y abre otra en su sitio.
    let mut held: Vec<_> = (0..3).map(|_| pool.get().unwrap()).collect();
    for conn in &mut held {
        conn.ping().expect("entregó una conexión muerta");
    }
    assert_eq!(server.accepted(), 6);
    assert_eq!(server.open_connections(), 3);
    assert_eq!(pool.state().total, 3);
}

#[test]
fn sin_test_on_checkout_la_muerta_falla_al_usarla_y_se_tira_al_volver() {
    let server = KvServer::start().unwrap();
    let pool = Pool::new(KvManager::new(server.addr()), config(1, false)).unwrap();
    warm(&pool, 1);
    server.kill_all_connections();
    let mut conn = pool.get().unwrap();
    assert!(conn.ping().is_err(), "la conexión muerta respondió");
    drop(conn); // `has_broken` la ve rota: no vuelve a las libres
    assert_eq!(pool.state().total, 0);
    pool.get().unwrap().ping().unwrap();
    assert_eq!(server.accepted(), 2);
}

#[test]
fn si_no_puede_conectar_da_el_error_con_su_causa() {
    // Un puerto en el que ya no escucha nadie.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let pool = Pool::new(KvManager::new(port), config(2, true)).unwrap();
    match pool.get() {
        Err(PoolError::Connect(e)) => {
            assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused)
        }
        other => panic!("se esperaba Connect, llegó {other:?}"),
    }
    assert_eq!(pool.state().total, 0, "la plaza del intento fallido vuelve");

    let server = KvServer::start().unwrap();
    server.set_refusing(true);
    let pool = Pool::new(KvManager::new(server.addr()), config(2, true)).unwrap();
    let error = pool.get().unwrap_err();
    assert_eq!(
        error.to_string(),
        "no se pudo abrir una conexión: el servidor cerró la conexión"
    );
    assert!(std::error::Error::source(&error).is_some());
    server.set_refusing(false);
    pool.get().unwrap().ping().unwrap();
}

#[test]
fn un_panico_con_la_conexion_prestada_la_tira_y_el_pool_sigue() {
    let server = KvServer::start().unwrap();
    let pool = Pool::new(KvManager::new(server.addr()), config(1, true)).unwrap();
    let holder = {
        let pool = pool.clone();
        thread::spawn(move || {
            let mut conn = pool.get().unwrap();
            conn.set("a medias", "1").unwrap();
            panic!("un pánico a propósito con la conexión prestada");
        })
    };
    assert!(holder.join().is_err());
    // Se soltó durante el pánico: se cierra, y el servidor lo ve.
    assert_eq!(pool.state().total, 0);
    assert!(eventually(|| server.open_connections() == 0));
    // La única plaza volvió: no hay que esperar ni dar Timeout.
    let mut conn = pool.get_timeout(Duration::from_secs(2)).unwrap();
    conn.ping().unwrap();
    assert_eq!(server.accepted(), 2);
}
