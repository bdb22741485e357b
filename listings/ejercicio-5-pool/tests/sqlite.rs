//! El gestor de serie: SQLite en un archivo temporal, con hilos y con tareas.

use std::error::Error;
use std::thread;
use std::time::Duration;

use ejercicio_5_pool::{Pool, PoolConfig, SqliteManager};
use tokio::task::JoinSet;

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

fn pool(dir: &tempfile::TempDir, max_size: usize) -> Result<Pool<SqliteManager>> {
    let config = PoolConfig {
        max_size,
        connection_timeout: Duration::from_secs(10),
        ..PoolConfig::default()
    };
    let pool = Pool::new(SqliteManager::file(dir.path().join("test.db")), config)?;
    pool.get()?.execute_batch(
        "CREATE TABLE filas (hilo INTEGER NOT NULL, n INTEGER NOT NULL)",
    )?;
    Ok(pool)
}

fn count(pool: &Pool<SqliteManager>, sql: &str) -> Result<i64> {
    Ok(pool.get()?.query_row(sql, [], |row| row.get(0))?)
}

#[test]
fn ocho_hilos_insertan_y_la_cuenta_es_exacta() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let pool = pool(&dir, 4)?;
    thread::scope(|s| {
        let workers: Vec<_> = (0..8)
            .map(|t| {
                let pool = &pool;
                s.spawn(move || -> Result<()> {
                    for n in 0..50 {
                        let conn = pool.get()?;
                        conn.execute("INSERT INTO filas VALUES (?1, ?2)", (t, n))?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| w.join().unwrap())
    })?;
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM filas")?, 400);
    assert_eq!(
        count(&pool, "SELECT COUNT(DISTINCT hilo * 1000 + n) FROM filas")?,
        400,
        "ninguna repetida"
    );
    assert!(pool.state().total <= 4);
    Ok(())
}

#[test]
fn las_tareas_usan_la_conexion_en_spawn_blocking() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let pool = pool(&dir, 3)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut tasks = JoinSet::new();
        for t in 0..20 {
            let pool = pool.clone();
            tasks.spawn(async move {
                for n in 0..5 {
                    let conn = pool.get_async().await?;
                    // La consulta bloquea: fuera de los hilos del runtime. El guard
                    // viaja con ella y se suelta allí.
                    tokio::task::spawn_blocking(move || {
                        conn.execute("INSERT INTO filas VALUES (?1, ?2)", (t, n))
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
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM filas")?, 100);
    Ok(())
}

#[test]
fn una_conexion_devuelta_a_mitad_de_transaccion_se_tira() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let pool = pool(&dir, 2)?;
    assert_eq!(pool.state().total, 1);
    {
        let conn = pool.get()?;
        conn.execute_batch("BEGIN; INSERT INTO filas VALUES (0, 0);")?;
    }
    assert_eq!(
        pool.state().total,
        0,
        "has_broken la vio dentro de una transacción"
    );
    // Al cerrarse, SQLite deshizo la transacción.
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM filas")?, 0);
    Ok(())
}

#[test]
fn si_el_archivo_no_se_puede_abrir_da_connect_con_la_causa() {
    let pool = Pool::new(
        SqliteManager::file("/no/existe/esta/carpeta/x.db"),
        PoolConfig::default(),
    )
    .unwrap();
    let error = pool.get().unwrap_err();
    assert!(matches!(error, ejercicio_5_pool::PoolError::Connect(_)));
    assert!(
        error
            .to_string()
            .starts_with("no se pudo abrir una conexión: ")
    );
}
