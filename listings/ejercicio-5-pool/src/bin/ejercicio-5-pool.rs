//! Ejercicio 5: un pool de conexiones con timeouts y health checks.
//!
//! Ejecuta: `cargo run --bin ejercicio-5-pool`
//!
//! Cuatro hilos y veinte tareas de tokio comparten un pool de cuatro conexiones a una
//! base de datos SQLite en una carpeta temporal; después, el plazo de espera, una
//! conexión que vuelve rota y el cierre del pool.

use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use ejercicio_5_pool::{Pool, PoolConfig, SqliteManager};
use tokio::task::JoinSet;

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

const INSERT: &str = "INSERT INTO pedidos (origen, n) VALUES (?1, ?2)";

fn count(pool: &Pool<SqliteManager>, filter: &str) -> Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM pedidos WHERE {filter}");
    Ok(pool.get()?.query_row(&sql, [], |row| row.get(0))?)
}

fn main() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let config = PoolConfig {
        max_size: 4,
        connection_timeout: Duration::from_secs(5),
        ..PoolConfig::default()
    };
    let pool =
        Pool::new(SqliteManager::file(dir.path().join("pedidos.db")), config)?;
    println!("pool nuevo: {:?}", pool.state());
    pool.get()?.execute_batch(
        "CREATE TABLE pedidos (id INTEGER PRIMARY KEY, origen TEXT NOT NULL, n INTEGER NOT NULL)",
    )?;

    // Cuatro hilos, 25 inserciones cada uno, con `get` (bloquea el hilo).
    let peak = Arc::new(AtomicUsize::new(0));
    thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|h| {
                let (pool, peak) = (&pool, &peak);
                s.spawn(move || -> Result<()> {
                    for n in 0..25 {
                        let conn = pool.get()?;
                        peak.fetch_max(pool.state().in_use, Ordering::Relaxed);
                        conn.execute(INSERT, (format!("hilo {h}"), n))?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| w.join().unwrap())
    })?;
    let rows = count(&pool, "origen LIKE 'hilo%'")?;
    println!("4 hilos × 25 inserciones con get(): {rows} filas");

    // Veinte tareas, 5 inserciones cada una, con `get_async` (cede el hilo mientras
    // espera); la consulta bloquea, así que va a `spawn_blocking` con su conexión.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    // ANCHOR: tareas
    runtime.block_on(async {
        let mut tasks = JoinSet::new();
        for t in 0..20 {
            let (pool, peak) = (pool.clone(), Arc::clone(&peak));
            tasks.spawn(async move {
                for n in 0..5 {
                    let conn = pool.get_async().await?;
                    peak.fetch_max(pool.state().in_use, Ordering::Relaxed);
                    tokio::task::spawn_blocking(move || {
                        conn.execute(INSERT, (format!("tarea {t}"), n))
                    })
                    .await??;
                }
                Ok::<_, Box<dyn Error + Send + Sync>>(())
            });
        }
        while let Some(done) = tasks.join_next().await {
            done??;
        }
        Ok::<_, Box<dyn Error + Send + Sync>>(())
    })?;
    // ANCHOR_END: tareas
    let rows = count(&pool, "origen LIKE 'tarea%'")?;
    println!("20 tareas × 5 inserciones con get_async(): {rows} filas");
    println!("filas en la tabla: {}", count(&pool, "1")?);
    let peak = peak.load(Ordering::Relaxed);
    let within = if peak <= 4 { "sí" } else { "no" };
    println!("nunca más de 4 conexiones prestadas a la vez: {within}");

    // Con las cuatro prestadas, el quinto espera su plazo y se va con un error.
    let held: Vec<_> = (0..4)
        .map(|_| pool.get())
        .collect::<std::result::Result<_, _>>()?;
    let start = Instant::now();
    match pool.get_timeout(Duration::from_millis(50)) {
        Ok(_) => println!("¿una quinta conexión?"),
        Err(e) => {
            let waited = start.elapsed() >= Duration::from_millis(50);
            let waited = if waited { "sí" } else { "no" };
            println!(
                "con las 4 prestadas, get_timeout(50 ms): {e} (esperó 50 ms: {waited})"
            );
        }
    }
    println!("estado: {:?}", pool.state());
    drop(held);

    // Una conexión que vuelve a mitad de transacción se tira (`has_broken`).
    let before = pool.state().total;
    {
        let conn = pool.get()?;
        conn.execute_batch(
            "BEGIN; INSERT INTO pedidos (origen, n) VALUES ('a medias', 0);",
        )?;
    }
    let after = pool.state().total;
    println!(
        "una conexión devuelta a mitad de transacción se tira: total {before} → {after}"
    );
    println!(
        "y su inserción se deshizo: {} filas 'a medias'",
        count(&pool, "origen = 'a medias'")?
    );

    // Cerrar despierta a quien espera, con `Closed`.
    let held: Vec<_> = (0..4)
        .map(|_| pool.get())
        .collect::<std::result::Result<_, _>>()?;
    thread::scope(|s| {
        let waiter = s.spawn(|| pool.get().map(|_| ()));
        let deadline = Instant::now() + Duration::from_secs(2);
        while pool.state().waiters == 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(1));
        }
        pool.close();
        match waiter.join().unwrap() {
            Ok(()) => println!("¿el que esperaba recibió una conexión?"),
            Err(e) => println!("close() despierta al que esperaba: {e}"),
        }
    });
    drop(held);
    println!("tras cerrar y devolver las prestadas: {:?}", pool.state());
    Ok(())
}
