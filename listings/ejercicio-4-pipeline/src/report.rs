//! El informe de una ejecución, y la cuenta que lo va formando.

use std::mem;

use crate::aggregate::{self, Aggregates};
use crate::error::PipelineError;
use crate::record::{BadRecord, Reading};

/// Lo que hizo una ejecución completa. Cada registro de datos está en una de tres
/// cuentas: `records == bad.len() + filtered + written`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PipelineReport {
    /// Registros de datos leídos (la cabecera no cuenta).
    pub records: u64,
    /// Las líneas malas saltadas, en orden.
    pub bad: Vec<BadRecord>,
    /// Lecturas válidas fuera del rango.
    pub filtered: u64,
    /// Lecturas escritas en la salida.
    pub written: u64,
    pub sensors: Aggregates,
}

/// Lleva las cuentas del informe; la usan la etapa de agregación del pipeline y el
/// bucle secuencial, así que los dos aplican el mismo límite de la misma forma.
#[derive(Debug)]
pub(crate) struct Tally {
    limit: Option<usize>,
    bad: Vec<BadRecord>,
    filtered: u64,
    sensors: Aggregates,
}

impl Tally {
    pub(crate) fn new(limit: Option<usize>) -> Tally {
        Tally {
            limit,
            bad: Vec::new(),
            filtered: 0,
            sensors: Aggregates::new(),
        }
    }

    // ANCHOR: limite
    /// Anota una línea mala; pasado el límite, es un error fatal.
    pub(crate) fn bad(&mut self, record: BadRecord) -> Result<(), PipelineError> {
        self.bad.push(record);
        match self.limit {
            Some(limit) if self.bad.len() > limit => {
                Err(PipelineError::TooManyBadRecords {
                    limit,
                    bad: mem::take(&mut self.bad),
                })
            }
            _ => Ok(()),
        }
    }
    // ANCHOR_END: limite

    pub(crate) fn filtered(&mut self, count: u64) {
        self.filtered += count;
    }

    pub(crate) fn reading(&mut self, reading: &Reading) {
        aggregate::add(&mut self.sensors, reading);
    }

    pub(crate) fn finish(self, written: u64) -> PipelineReport {
        PipelineReport {
            records: self.bad.len() as u64 + self.filtered + written,
            bad: self.bad,
            filtered: self.filtered,
            written,
            sensors: self.sensors,
        }
    }
}
