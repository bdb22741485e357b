//! La agregación: por cada sensor, cuántas lecturas, la mínima, la máxima y la media.

use std::collections::BTreeMap;

use crate::record::Reading;

/// Las estadísticas de un sensor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    pub count: u64,
    pub min: f64,
    pub max: f64,
    pub sum: f64,
}

impl Stats {
    fn new(value: f64) -> Stats {
        Stats {
            count: 1,
            min: value,
            max: value,
            sum: value,
        }
    }

    fn add(&mut self, value: f64) {
        self.count += 1;
        self.min = self.min.min(value);
        self.max = self.max.max(value);
        self.sum += value;
    }

    pub fn mean(&self) -> f64 {
        self.sum / self.count as f64
    }
}

/// Las estadísticas de cada sensor, ordenadas por su identificador.
pub type Aggregates = BTreeMap<String, Stats>;

/// Suma una lectura a las estadísticas de su sensor.
pub fn add(aggregates: &mut Aggregates, reading: &Reading) {
    match aggregates.get_mut(reading.sensor.as_str()) {
        Some(stats) => stats.add(reading.value),
        None => {
            aggregates.insert(
                reading.sensor.as_str().to_owned(),
                Stats::new(reading.value),
            );
        }
    }
}
