//! El gestor de SQLite, el de serie del ejercicio: conexiones de rusqlite a un
//! archivo en modo WAL (varios lectores y un escritor a la vez), comprobadas con
//! `SELECT 1`.
//!
//! Una `rusqlite::Connection` es `Send` pero no `Sync`: se puede pasar a otro hilo,
//! pero no usar desde dos a la vez. Por eso el pool la presta entera a uno solo.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::manager::ManageConnection;

// ANCHOR: sqlite
/// Abre conexiones a una base de datos SQLite en un archivo.
pub struct SqliteManager {
    path: PathBuf,
    busy_timeout: Duration,
}

impl SqliteManager {
    /// Un gestor para el archivo `path` (se crea si no existe).
    pub fn file(path: impl AsRef<Path>) -> Self {
        SqliteManager {
            path: path.as_ref().to_owned(),
            busy_timeout: Duration::from_secs(5),
        }
    }
}

impl ManageConnection for SqliteManager {
    type Connection = Connection;
    type Error = rusqlite::Error;

    fn connect(&self) -> Result<Connection, rusqlite::Error> {
        let conn = Connection::open(&self.path)?;
        // Un escritor a la vez: los demás esperan al cerrojo del archivo hasta este
        // plazo en lugar de fallar al momento con `SQLITE_BUSY`.
        conn.busy_timeout(self.busy_timeout)?;
        let mode: String =
            conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(rusqlite::Error::InvalidParameterName(format!(
                "journal_mode = {mode}: se esperaba WAL"
            )));
        }
        conn.execute_batch("PRAGMA synchronous = NORMAL")?;
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut Connection) -> Result<(), rusqlite::Error> {
        conn.query_row("SELECT 1", [], |row| row.get::<_, i64>(0))
            .map(|_| ())
    }

    /// Una conexión que vuelve a mitad de una transacción se tira: la siguiente
    /// consulta de otro caería dentro de ella.
    fn has_broken(&self, conn: &mut Connection) -> bool {
        !conn.is_autocommit()
    }
}
// ANCHOR_END: sqlite
