//! Capítulo 7: cada listado se ejecuta y se comprueba lo que enseña. Ningún test
//! espera sin límite: los entrelazados se fuerzan con barreras y cada espera tiene un
//! plazo, así que un cambio que cuelgue un listado hace fallar el test, no colgarlo.

use std::sync::atomic::AtomicU64;
use std::sync::{Barrier, Condvar, Mutex, TryLockError, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use libro::outputs::THREAD_ID;
use libro::run::shown;

#[path = "../listings/ch07-buenas-practicas/listado-07-03-actualizacion-perdida.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_07_03;

#[path = "../listings/ch07-buenas-practicas/listado-07-05-transferir-por-id.rs"]
#[allow(dead_code)]
mod listado_07_05;

#[path = "../listings/ch07-buenas-practicas/listado-07-06-un-solo-cerrojo.rs"]
#[allow(dead_code)]
mod listado_07_06;

#[path = "../listings/ch07-buenas-practicas/listado-07-07-retroceder.rs"]
#[allow(dead_code)]
mod listado_07_07;

#[path = "../listings/ch07-buenas-practicas/listado-07-10-guard-raii.rs"]
#[allow(dead_code)]
mod listado_07_10;

#[path = "../listings/ch07-buenas-practicas/listado-07-11-cerrar-async.rs"]
#[allow(dead_code)]
mod listado_07_11;

#[path = "../listings/ch07-buenas-practicas/listado-07-12-loom-contador.rs"]
#[allow(dead_code)]
mod listado_07_12;

#[path = "../listings/ch07-buenas-practicas/listado-07-13-loom-cola.rs"]
#[allow(dead_code)]
mod listado_07_13;

/// Ejecuta `f` en otro hilo y espera su resultado como mucho `limit`: si `f` se
/// bloquea (un deadlock), el test falla con `what` en lugar de colgarse.
fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{what}: no terminó en {limit:?}"))
}

/// Un punto de encuentro con paciencia: cada llamada espera, como mucho `patience`,
/// a que hayan llegado `parties` llamadas en total. Devuelve si llegaron.
struct Rendezvous {
    arrived: Mutex<usize>,
    changed: Condvar,
    parties: usize,
    patience: Duration,
}

impl Rendezvous {
    fn new(parties: usize, patience: Duration) -> Self {
        Rendezvous {
            arrived: Mutex::new(0),
            changed: Condvar::new(),
            parties,
            patience,
        }
    }

    fn meet(&self) -> bool {
        let mut arrived = self.arrived.lock().unwrap();
        *arrived += 1;
        self.changed.notify_all();
        let (arrived, _) = self
            .changed
            .wait_timeout_while(arrived, self.patience, |n| *n < self.parties)
            .unwrap();
        *arrived >= self.parties
    }
}

#[test]
fn actualizacion_perdida_se_pierde_siempre_y_sus_arreglos_no() {
    shown(
        env!("CARGO_BIN_EXE_listado-07-03-actualizacion-perdida"),
        &[],
    );
    // Con la barrera entre el load y el store, los dos hilos leen 0: se pierde una
    // suma en todas las repeticiones, no de vez en cuando.
    for _ in 0..50 {
        let counter = AtomicU64::new(0);
        let barrier = Barrier::new(2);
        let increment = || {
            listado_07_03::increment_racy(&counter, || {
                barrier.wait();
            })
        };
        thread::scope(|s| {
            s.spawn(increment);
            s.spawn(increment);
        });
        assert_eq!(counter.into_inner(), 1);
    }
}

/// El cuerpo de la función `name` del listado 7-3, sin espacios.
fn body_in_listing_07_03(name: &str) -> String {
    let source = include_str!(
        "../listings/ch07-buenas-practicas/listado-07-03-actualizacion-perdida.rs"
    );
    let after = source
        .split(&format!("pub fn {name}("))
        .nth(1)
        .unwrap_or_else(|| panic!("el listado 7-3 no define {name}"));
    let body = &after[after.find('{').unwrap()..after.find("\n}").unwrap()];
    body.split_whitespace().collect()
}

#[test]
fn fetch_add_en_una_sola_operacion_no_pierde_sumas() {
    // Sin pausa que inyectar, ninguna ejecución fuerza el hueco: lo que lo cierra es
    // que `increment_atomic` sea un único `fetch_add`, sin `load` ni `store`. Que un
    // `load` + `store` pierde sumas lo encuentra loom en el listado 7-12.
    assert_eq!(
        body_in_listing_07_03("increment_atomic"),
        "{counter.fetch_add(1,Ordering::Relaxed);"
    );
    let counter = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..10_000 {
                    listado_07_03::increment_atomic(&counter);
                }
            });
        }
    });
    assert_eq!(counter.into_inner(), 40_000);
}

#[test]
fn el_mutex_sigue_tomado_durante_todo_el_trabajo() {
    // Durante el trabajo, nadie más puede tomar el cerrojo: si el guard se soltara
    // entre la lectura y la escritura, `try_lock` lo conseguiría aquí.
    let counter = Mutex::new(0);
    let work = || {
        assert!(
            matches!(counter.try_lock(), Err(TryLockError::WouldBlock)),
            "el cerrojo está libre en medio de leer-modificar-escribir"
        );
    };
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..100 {
                    listado_07_03::increment_locked(&counter, work);
                }
            });
        }
    });
    assert_eq!(counter.into_inner().unwrap(), 200);
}

#[test]
fn interbloqueo_en_hijo_el_padre_lo_mata_al_vencer_el_plazo() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-07-04-interbloqueo-en-hijo"),
        &[],
    );
    // Cada hilo del hijo tomó su primer cerrojo y ninguno el segundo.
    assert!(run.output.contains("hijo: Método A adquirió lock_a"));
    assert!(run.output.contains("hijo: Método B adquirió lock_b"));
    assert!(
        !run.output
            .contains("adquirió lock_b\nhijo: Método B adquirió lock_a")
    );
    assert!(run.line("padre: ").starts_with("padre: posible deadlock"));
}

fn account(id: u32, balance: i64) -> listado_07_05::Account {
    listado_07_05::Account {
        id,
        balance: Mutex::new(balance),
    }
}

#[test]
fn transferir_por_id_conserva_el_dinero_y_rechaza_lo_imposible() {
    shown(env!("CARGO_BIN_EXE_listado-07-05-transferir-por-id"), &[]);
    use listado_07_05::{TransferError, transfer};
    // A la misma cuenta: un error enseguida, no un hilo que se bloquea a sí mismo.
    let outcome = within(Duration::from_secs(5), "transfer(a, a)", || {
        let a = account(1, 10);
        transfer(&a, &a, 1)
    });
    assert_eq!(outcome, Err(TransferError::SameAccount));
    let (a, b) = (account(1, 10), account(2, 0));
    assert_eq!(
        transfer(&a, &b, 11),
        Err(TransferError::InsufficientFunds {
            balance: 10,
            amount: 11
        })
    );
    assert_eq!(
        transfer(&b, &a, 1),
        Err(TransferError::InsufficientFunds {
            balance: 0,
            amount: 1
        })
    );
    assert_eq!(transfer(&a, &b, 10), Ok(()));
    assert_eq!(*a.balance.lock().unwrap(), 0);
    assert_eq!(*b.balance.lock().unwrap(), 10);
}

#[test]
fn transferencias_opuestas_no_se_bloquean_aunque_coincidan() {
    // El entrelazado del deadlock, forzado: con el primer cerrojo tomado, cada hilo
    // espera a que el otro tenga también el suyo. Con el orden por id, el segundo
    // hilo no llega nunca a tenerlo (espera el mismo cerrojo que el primero), así
    // que el encuentro vence y los dos terminan. Tomando primero `from`, los dos se
    // encontrarían, cada uno con un cerrojo, y se bloquearían para siempre.
    let (meetings, balances) = within(
        Duration::from_secs(10),
        "dos transferencias opuestas",
        || {
            let (a, b) = (account(1, 100), account(2, 100));
            let rendezvous = Rendezvous::new(2, Duration::from_millis(500));
            let meetings = Mutex::new(Vec::new());
            let meet = || meetings.lock().unwrap().push(rendezvous.meet());
            thread::scope(|s| {
                let ab = s.spawn(|| listado_07_05::transfer_with(&a, &b, 30, meet));
                let ba = s.spawn(|| listado_07_05::transfer_with(&b, &a, 50, meet));
                ab.join().unwrap().unwrap();
                ba.join().unwrap().unwrap();
            });
            let balances = (*a.balance.lock().unwrap(), *b.balance.lock().unwrap());
            (meetings.into_inner().unwrap(), balances)
        },
    );
    // El primero esperó en vano: el otro no pudo tener un cerrojo a la vez.
    assert_eq!(meetings, [false, true]);
    assert_eq!(balances, (120, 80));
}

#[test]
fn un_solo_cerrojo_mantiene_juntos_los_dos_datos() {
    shown(env!("CARGO_BIN_EXE_listado-07-06-un-solo-cerrojo"), &[]);
    let (entries, writes) =
        within(Duration::from_secs(10), "method_a y method_b", || {
            let store = listado_07_06::Store::default();
            thread::scope(|s| {
                s.spawn(|| (0..500).for_each(|k| store.method_a(k)));
                s.spawn(|| (0..500).for_each(|k| store.method_b(k)));
            });
            store.snapshot()
        });
    // Las mismas claves desde los dos métodos: 500 entradas, 1000 escrituras.
    assert_eq!((entries, writes), (500, 1000));
}

#[test]
fn retroceder_termina_con_los_dos_contadores_al_dia() {
    shown(
        env!("CARGO_BIN_EXE_listado-07-07-retroceder"),
        &[(r"reintentos: \d+", "reintentos: N")],
    );
}

#[test]
fn retroceder_suelta_el_primer_cerrojo_si_el_segundo_no_llega() {
    // El test tiene `b`; el otro hilo toma `a` y espera `b` en vano 20 ms. Si
    // retrocede, suelta `a` antes de su pausa de 1 s y el test lo toma enseguida
    // (si lo soltara después de la pausa, o nunca, el test no lo tendría en
    // 500 ms); entonces el test tiene los dos, los suelta, y el otro hilo los
    // consigue en su siguiente intento.
    let locks: &'static (parking_lot::Mutex<u32>, parking_lot::Mutex<u32>) =
        Box::leak(Box::new((
            parking_lot::Mutex::new(0),
            parking_lot::Mutex::new(0),
        )));
    let (lock_a, lock_b) = (&locks.0, &locks.1);
    let held_b = lock_b.lock();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let (_, _, retries) = listado_07_07::lock_both(
            lock_a,
            lock_b,
            Duration::from_millis(20),
            Duration::from_secs(1),
        );
        let _ = tx.send(retries);
    });
    let deadline = Instant::now() + Duration::from_secs(5);
    while !lock_a.is_locked() {
        assert!(Instant::now() < deadline, "el otro hilo no tomó `a`");
        thread::yield_now();
    }
    let held_a = lock_a
        .try_lock_for(Duration::from_millis(500))
        .expect("el otro hilo no soltó `a` al no conseguir `b`");
    drop((held_a, held_b));
    let retries = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("lock_both no terminó al quedar libres los dos");
    assert!(retries >= 1, "reintentos: {retries}");
}

#[test]
fn detectar_deadlock_encuentra_el_ciclo_y_main_termina() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-07-08-detectar-deadlock"),
        &[(r"ThreadId\(\d+\)", "ThreadId(N)")],
    );
    // El proceso terminó (shown tiene un plazo) y bien, con los hilos bloqueados.
    assert!(run.success);
    assert_eq!(run.line("ciclos encontrados: "), "ciclos encontrados: 1");
}

#[test]
fn guard_raii_se_libera_al_devolver_un_error() {
    let resource = listado_07_10::Resource::new("db");
    assert_eq!(
        listado_07_10::worker(&resource, 3),
        Err("Error en worker 3".to_owned())
    );
    // Otro worker puede usarlo ya: el guard se soltó en el `return Err`.
    let outcome = within(Duration::from_secs(5), "el worker siguiente", move || {
        listado_07_10::worker(&resource, 1).map(|()| resource)
    });
    let resource = outcome.unwrap();
    let log = resource.log.lock().unwrap();
    let events: Vec<(u32, &str)> =
        log.iter().map(|(w, e)| (*w, e.as_str())).collect();
    assert_eq!(
        events,
        [
            (3, "db adquirido"),
            (3, "usando"),
            (3, "db liberado"),
            (1, "db adquirido"),
            (1, "usando"),
            (1, "db liberado"),
        ]
    );
}

#[test]
fn guard_raii_se_libera_durante_un_panico_y_el_recurso_sigue_sirviendo() {
    let resource = listado_07_10::Resource::new("db");
    let panicked = std::panic::catch_unwind(|| listado_07_10::worker(&resource, 4));
    assert!(panicked.is_err());
    assert_eq!(
        resource.log.lock().unwrap().last().unwrap(),
        &(4, "db liberado durante un pánico".to_owned())
    );
    // El cerrojo quedó envenenado, y `acquire` lo usa igualmente.
    let resource = within(
        Duration::from_secs(5),
        "acquire tras el pánico",
        move || {
            drop(resource.acquire(7));
            resource
        },
    );
    assert_eq!(
        resource.log.lock().unwrap().last().unwrap(),
        &(7, "db liberado".to_owned())
    );
}

#[test]
fn guard_raii_cada_worker_usa_el_recurso_solo_y_se_ve_en_la_salida() {
    let run = shown(env!("CARGO_BIN_EXE_listado-07-10-guard-raii"), &[THREAD_ID]);
    assert_eq!(run.line("¿Envenenado? "), "¿Envenenado? true");
    // Con cinco hilos a la vez, el registro tiene los tres eventos de cada worker
    // juntos: nadie adquiere el recurso hasta que el anterior lo ha liberado.
    let resource = listado_07_10::Resource::new("db");
    thread::scope(|s| {
        for id in 0..4 {
            let resource = &resource;
            s.spawn(move || listado_07_10::worker(resource, id));
        }
    });
    let log = resource.log.lock().unwrap();
    assert_eq!(log.len(), 12);
    for turn in log.chunks(3) {
        let worker = turn[0].0;
        let events: Vec<&str> = turn.iter().map(|(_, e)| e.as_str()).collect();
        assert!(turn.iter().all(|(w, _)| *w == worker), "{log:?}");
        assert_eq!(events, ["db adquirido", "usando", "db liberado"]);
    }
}

#[tokio::test(start_paused = true)]
async fn cerrar_async_cierra_cada_guard_tambien_si_falla() {
    let resource = listado_07_11::AsyncResource::new("api");
    let start = tokio::time::Instant::now();
    let results = listado_07_11::use_async_resource(&resource).await;
    // Uno detrás de otro (el cerrojo es justo): 5 × (100 ms de trabajo + 10 de close).
    assert_eq!(start.elapsed(), Duration::from_millis(550));
    let failed: Vec<usize> = (0..5).filter(|i| results[*i].is_err()).collect();
    assert_eq!(failed, [0, 3]);
    let log = resource.log.lock().unwrap();
    assert_eq!(log.iter().filter(|e| *e == "api liberado").count(), 5);
    assert!(!log.iter().any(|e| e.contains("sin close()")), "{log:?}");
}

#[tokio::test(start_paused = true)]
async fn cerrar_async_un_guard_sin_close_deja_constancia() {
    let resource = listado_07_11::AsyncResource::new("api");
    drop(resource.acquire().await);
    let log = resource.log.lock().unwrap();
    assert_eq!(*log, ["api adquirido", "api soltado sin close()"]);
}

#[test]
fn cerrar_async_muestra_el_orden_de_los_workers() {
    shown(
        env!("CARGO_BIN_EXE_listado-07-11-cerrar-async"),
        &[(r"Tiempo total: \d+ ms", "Tiempo total: N ms")],
    );
}

#[test]
fn loom_encuentra_la_actualizacion_perdida_y_acepta_fetch_add() {
    shown(env!("CARGO_BIN_EXE_listado-07-12-loom-contador"), &[]);
    listado_07_12::model(listado_07_12::atomic);
    let found =
        std::panic::catch_unwind(|| listado_07_12::model(listado_07_12::racy));
    assert!(found.is_err(), "loom no encontró la actualización perdida");
}

#[test]
fn loom_la_cola_pasa_y_el_load_buffering_no_se_ve() {
    shown(env!("CARGO_BIN_EXE_listado-07-13-loom-cola"), &[]);
    listado_07_13::queue_model();
    listado_07_13::load_buffering_model();
}
