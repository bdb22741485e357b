//! El pool desde tareas de tokio, con el reloj en pausa: el tiempo solo avanza
//! cuando todas las tareas esperan, así que los plazos se prueban al milisegundo y
//! sin dormir de verdad.

mod comun;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use comun::{Counters, Fake, config};
use ejercicio_5_pool::{Pool, PoolError};
use tokio::task::{JoinSet, yield_now};
use tokio::time::{Instant, sleep, timeout};

fn pool(max_size: usize) -> (Pool<Fake>, Counters) {
    let counters = Counters::default();
    let pool = Pool::new(Fake(counters.clone()), config(max_size)).unwrap();
    (pool, counters)
}

/// Cede el turno hasta que `done` sea cierto (como mucho 10 000 veces).
async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..10_000 {
        if done() {
            return;
        }
        yield_now().await;
    }
    panic!("la condición no se cumplió");
}

#[test]
fn el_future_de_get_async_es_send() {
    fn send<T: Send>(_: &T) {}
    let (pool, _) = pool(1);
    send(&pool.get_async());
}

#[test]
fn una_libre_se_entrega_sin_crear_un_plazo() {
    // Un runtime sin reloj: crear un plazo (`tokio::time::timeout`) en él es un
    // pánico, así que este test solo pasa si el camino rápido no crea ninguno.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let (pool, counters) = pool(1);
    drop(pool.get().unwrap()); // abre una y la deja libre
    runtime.block_on(async {
        let conn = pool.get_async().await.unwrap();
        drop(conn);
    });
    assert_eq!(counters.opened(), 1);
}

// ANCHOR: reloj_detenido
#[tokio::test(start_paused = true)]
async fn con_todas_prestadas_get_async_vence_a_su_hora() {
    let (pool, _) = pool(2);
    let _held = (
        pool.get_async().await.unwrap(),
        pool.get_async().await.unwrap(),
    );
    let start = Instant::now();
    let result = pool.get_async_timeout(Duration::from_millis(100)).await;
    assert!(matches!(result, Err(PoolError::Timeout)), "{result:?}");
    assert_eq!(start.elapsed(), Duration::from_millis(100));
    assert_eq!(pool.state().waiters, 0);
}
// ANCHOR_END: reloj_detenido

#[tokio::test(start_paused = true)]
async fn quien_espera_recibe_la_que_vuelve_antes_del_plazo() {
    let (pool, counters) = pool(1);
    let held = pool.get_async().await.unwrap();
    let start = Instant::now();
    let waiter = {
        let pool = pool.clone();
        tokio::spawn(async move {
            pool.get_async_timeout(Duration::from_secs(1))
                .await
                .map(|c| c.id)
        })
    };
    sleep(Duration::from_millis(50)).await;
    drop(held);
    assert_eq!(waiter.await.unwrap().unwrap(), 0);
    assert_eq!(start.elapsed(), Duration::from_millis(50));
    assert_eq!(counters.opened(), 1);
}

#[tokio::test(start_paused = true)]
async fn las_tareas_que_esperan_se_atienden_por_orden_de_llegada() {
    let (pool, _) = pool(1);
    let held = pool.get_async().await.unwrap();
    let order = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = JoinSet::new();
    for i in 0..10 {
        let (task_pool, order) = (pool.clone(), Arc::clone(&order));
        tasks.spawn(async move {
            let conn = task_pool.get_async().await.unwrap();
            order.lock().unwrap().push(i);
            sleep(Duration::from_millis(1)).await;
            drop(conn);
        });
        until(|| pool.state().waiters == i + 1).await;
    }
    drop(held);
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    assert_eq!(*order.lock().unwrap(), (0..10).collect::<Vec<_>>());
}

#[tokio::test(start_paused = true)]
async fn cerrar_despierta_a_las_tareas_que_esperan() {
    let (pool, _) = pool(1);
    let _held = pool.get_async().await.unwrap();
    let mut tasks = JoinSet::new();
    for _ in 0..3 {
        let pool = pool.clone();
        tasks.spawn(async move { pool.get_async().await.map(|_| ()) });
    }
    until(|| pool.state().waiters == 3).await;
    let start = Instant::now();
    pool.close();
    while let Some(done) = tasks.join_next().await {
        assert!(matches!(done.unwrap(), Err(PoolError::Closed)));
    }
    // Ni un milisegundo: no vencieron sus 10 s de plazo, las despertó `close`.
    assert_eq!(start.elapsed(), Duration::ZERO);
}

/// Un generador pequeño y con semilla (splitmix64): los mismos números cada vez.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }
}

#[tokio::test(start_paused = true)]
async fn mil_tareas_con_esperas_canceladas_no_pierden_ninguna_plaza() {
    let (pool, counters) = pool(5);
    let mut rng = Rng(2026);
    let mut tasks = Vec::new();
    let served = Arc::new(Mutex::new(0usize));
    for _ in 0..1000 {
        let (pool, served) = (pool.clone(), Arc::clone(&served));
        let patience = Duration::from_millis(rng.below(40));
        let hold = Duration::from_millis(rng.below(3));
        let how = rng.below(3);
        tasks.push(tokio::spawn(async move {
            let conn = match how {
                // Un `timeout` de fuera suelta el future de `get_async` a medias.
                0 => timeout(patience, pool.get_async()).await.ok(),
                // Un `select!` también: gana el que acaba antes.
                1 => tokio::select! {
                    conn = pool.get_async() => Some(conn),
                    _ = sleep(patience) => None,
                },
                // Y el plazo del propio pool.
                _ => Some(pool.get_async_timeout(patience).await),
            };
            if let Some(Ok(conn)) = conn {
                *served.lock().unwrap() += 1;
                sleep(hold).await;
                drop(conn);
            }
        }));
        if rng.below(4) == 0 {
            yield_now().await;
        }
    }
    // Y unas cuantas tareas abortadas en cualquier punto: esperando, con la
    // conexión en la mano o ya terminadas.
    for (i, task) in tasks.iter().enumerate() {
        if i % 7 == 0 {
            sleep(Duration::from_micros(300)).await;
            task.abort();
        }
    }
    for task in tasks {
        let _ = task.await; // las abortadas acaban con `JoinError::Cancelled`
    }
    // Una tarea abortada mientras abría su conexión deja el `spawn_blocking`
    // terminando en su hilo: al acabar, su guard devuelve la plaza. Se le espera
    // en tiempo real (como mucho 5 s), sin ceder el turno.
    assert!(comun::eventually(|| pool.state().in_use == 0));
    let state = pool.state();
    assert_eq!((state.in_use, state.waiters), (0, 0), "{state:?}");
    assert!(state.total <= 5 && counters.live() == state.total);
    assert!(*served.lock().unwrap() > 0);
    // Las cinco plazas siguen ahí: cinco a la vez, sin esperar.
    let mut five = Vec::new();
    for _ in 0..5 {
        five.push(
            pool.get_async_timeout(Duration::from_millis(1))
                .await
                .unwrap(),
        );
    }
    // Nada se tiró: ni una conexión más que las cinco.
    assert_eq!(counters.opened(), 5);
}

#[tokio::test(start_paused = true)]
async fn soltar_el_future_justo_tras_la_entrega_pasa_la_conexion_al_siguiente() {
    let (pool, counters) = pool(1);
    let held = pool.get_async().await.unwrap();
    // Dos que esperan, en orden.
    let first = {
        let pool = pool.clone();
        tokio::spawn(async move { pool.get_async().await.map(|c| c.id) })
    };
    until(|| pool.state().waiters == 1).await;
    let second = {
        let pool = pool.clone();
        tokio::spawn(async move { pool.get_async().await.map(|c| c.id) })
    };
    until(|| pool.state().waiters == 2).await;
    // La entrega al primero ocurre dentro de este `drop`; el primero aún no ha
    // vuelto a ejecutarse cuando lo abortamos: su future se suelta con la
    // conexión ya en su plaza.
    drop(held);
    first.abort();
    assert!(first.await.unwrap_err().is_cancelled());
    assert_eq!(second.await.unwrap().unwrap(), 0, "la recibe el segundo");
    assert_eq!(counters.opened(), 1);
    assert_eq!(pool.state().in_use, 0);
}
