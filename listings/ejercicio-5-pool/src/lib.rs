//! Ejercicio 5: un pool de conexiones con timeouts y health checks.
//!
//! Un número limitado de conexiones que se abren cuando hacen falta, se prestan de
//! una en una (a un hilo con [`Pool::get`] o a una tarea de tokio con
//! [`Pool::get_async`]) y vuelven al pool al soltar el guard. Quien llega con todas
//! prestadas espera su turno, en orden de llegada, hasta un plazo; al vencer recibe
//! [`PoolError::Timeout`]. Una conexión rota no vuelve a salir, y con
//! `test_on_checkout` se comprueba antes de entregarla.
//!
//! # Módulos
//!
//! - [`manager`]: lo que el pool necesita de una conexión ([`ManageConnection`]),
//!   con la misma forma que en r2d2 y bb8.
//! - [`config`]: tamaño, plazos y comprobaciones ([`PoolConfig`]).
//! - [`error`]: por qué no se entrega una conexión ([`PoolError`]) o no se crea el
//!   pool ([`BuildError`]).
//! - [`core`]: las decisiones del pool sin hilos ni relojes ([`Core`], [`Slot`]):
//!   pedir, devolver, esperar en la cola y cerrar. Es lo que modela el test de loom.
//! - [`pool`]: el pool ([`Pool`]), la conexión prestada ([`PooledConn`]) y su foto
//!   ([`PoolState`]).
//! - `reaper`: el hilo que cierra las conexiones caducadas y mantiene `min_idle`.
//! - [`sqlite`]: el gestor de serie, SQLite con rusqlite ([`SqliteManager`]).
//! - [`kv`]: una base de datos de juguete por TCP ([`KvServer`]) que cuenta y mata
//!   conexiones, con su cliente ([`KvConn`]) y su gestor ([`KvManager`]).
//!
//! # Ejemplo
//!
//! ```
//! use ejercicio_5_pool::{Pool, PoolConfig, SqliteManager};
//!
//! let dir = tempfile::tempdir()?;
//! let config = PoolConfig { max_size: 4, ..PoolConfig::default() };
//! let pool = Pool::new(SqliteManager::file(dir.path().join("ejemplo.db")), config)?;
//! let conn = pool.get()?;
//! let two: i64 = conn.query_row("SELECT 1 + 1", [], |row| row.get(0))?;
//! assert_eq!(two, 2);
//! drop(conn); // vuelve al pool
//! assert_eq!(pool.state().idle, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod config;
pub mod core;
pub mod error;
pub mod kv;
pub mod manager;
pub mod pool;
mod reaper;
pub mod sqlite;

pub use crate::core::{Checkout, Core, Handoff, Slot};
pub use config::PoolConfig;
pub use error::{BuildError, PoolError};
pub use kv::{KvConn, KvManager, KvServer};
pub use manager::ManageConnection;
pub use pool::{Pool, PoolState, PooledConn};
pub use sqlite::SqliteManager;
