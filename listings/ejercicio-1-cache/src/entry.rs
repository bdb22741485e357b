//! Una entrada de la caché y su TTL.

use std::time::{Duration, Instant};

use crate::error::CacheError;

/// Un tiempo de vida válido: mayor que cero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ttl(Duration);

impl Ttl {
    pub fn new(duration: Duration) -> Result<Ttl, CacheError> {
        if duration.is_zero() {
            Err(CacheError::ZeroTtl)
        } else {
            Ok(Ttl(duration))
        }
    }

    pub fn duration(self) -> Duration {
        self.0
    }
}

// ANCHOR: entry
/// Un valor y el instante en que caduca.
#[derive(Debug, Clone)]
pub struct Entry<V> {
    value: V,
    /// `None` si el TTL es tan largo que el instante no se puede representar: la
    /// entrada no caduca nunca, en lugar de desbordar.
    expires_at: Option<Instant>,
}

impl<V> Entry<V> {
    pub fn new(value: V, ttl: Ttl, now: Instant) -> Entry<V> {
        Entry {
            value,
            expires_at: now.checked_add(ttl.duration()),
        }
    }

    /// Caduca justo al cumplirse el TTL, no un instante después.
    pub fn is_expired(&self, now: Instant) -> bool {
        self.expires_at.is_some_and(|at| now >= at)
    }

    /// Cuánto le queda, o `None` si ya ha caducado.
    pub fn remaining(&self, now: Instant) -> Option<Duration> {
        match self.expires_at {
            None => Some(Duration::MAX),
            Some(at) => at.checked_duration_since(now).filter(|d| !d.is_zero()),
        }
    }

    pub fn value(&self) -> &V {
        &self.value
    }

    pub fn into_value(self) -> V {
        self.value
    }
}
// ANCHOR_END: entry
