//! Cuántas conexiones, cuánto esperar y cuándo comprobarlas.

use std::time::Duration;

use crate::error::BuildError;

// ANCHOR: config
/// La configuración del pool; `PoolConfig::default()` da valores razonables.
#[derive(Debug, Clone)]
pub struct PoolConfig {
    /// Conexiones abiertas como mucho (prestadas, libres y abriéndose).
    pub max_size: usize,
    /// Conexiones libres que el barrendero mantiene abiertas (0: ninguna).
    pub min_idle: usize,
    /// Cuánto espera `get` una conexión antes de dar `Timeout`.
    pub connection_timeout: Duration,
    /// Si `get` comprueba con `is_valid` la conexión antes de entregarla.
    pub test_on_checkout: bool,
    /// Una conexión libre más tiempo que esto se cierra.
    pub idle_timeout: Option<Duration>,
    /// Una conexión con más edad que esto se cierra (cuando vuelve o está libre).
    pub max_lifetime: Option<Duration>,
    /// Cada cuánto pasa el barrendero.
    pub reaper_interval: Duration,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig {
            max_size: 10,
            min_idle: 0,
            connection_timeout: Duration::from_secs(30),
            test_on_checkout: true,
            idle_timeout: Some(Duration::from_secs(600)),
            max_lifetime: Some(Duration::from_secs(1800)),
            reaper_interval: Duration::from_secs(30),
        }
    }
}
// ANCHOR_END: config

impl PoolConfig {
    pub(crate) fn validate(&self) -> Result<(), BuildError> {
        if self.max_size == 0 {
            return Err(BuildError::Config("max_size debe ser mayor que cero"));
        }
        if self.min_idle > self.max_size {
            return Err(BuildError::Config("min_idle no puede pasar de max_size"));
        }
        if self.reaper_interval.is_zero() {
            return Err(BuildError::Config(
                "reaper_interval debe ser mayor que cero",
            ));
        }
        Ok(())
    }

    /// Si hace falta el barrendero: algo caduca o hay que mantener conexiones libres.
    pub(crate) fn needs_reaper(&self) -> bool {
        self.idle_timeout.is_some()
            || self.max_lifetime.is_some()
            || self.min_idle > 0
    }
}
