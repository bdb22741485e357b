//! Rondas con calentamiento y orden rotado, y su mínimo, mediana y máximo.

use serde::{Deserialize, Serialize};

/// Mínimo, mediana y máximo de unas muestras, en la unidad que diga quien las toma.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub min: f64,
    pub mediana: f64,
    pub max: f64,
}

impl Stats {
    /// Las estadísticas de `samples`, que no puede estar vacío.
    pub fn of(samples: &[f64]) -> Stats {
        assert!(!samples.is_empty(), "sin muestras no hay estadísticas");
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let mediana = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Stats {
            min: sorted[0],
            mediana,
            max: sorted[n - 1],
        }
    }
}

/// Ejecuta `measure` sobre cada variante, `warmup` rondas que se descartan y después
/// `rounds` que se guardan. En la ronda `r` el orden empieza por la variante `r`
/// (módulo su número): ninguna va siempre primera ni siempre última.
pub fn rounds<T>(
    variants: &[T],
    warmup: usize,
    rounds: usize,
    mut measure: impl FnMut(&T) -> f64,
) -> Vec<Stats> {
    let n = variants.len();
    let mut samples = vec![Vec::with_capacity(rounds); n];
    for round in 0..warmup + rounds {
        for i in 0..n {
            let v = (i + round) % n;
            let sample = measure(&variants[v]);
            if round >= warmup {
                samples[v].push(sample);
            }
        }
    }
    samples.iter().map(|s| Stats::of(s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mediana_de_impares_y_de_pares() {
        assert_eq!(
            Stats::of(&[3.0, 1.0, 2.0]),
            Stats {
                min: 1.0,
                mediana: 2.0,
                max: 3.0
            }
        );
        assert_eq!(Stats::of(&[4.0, 1.0, 2.0, 3.0]).mediana, 2.5);
    }

    #[test]
    fn las_rondas_rotan_el_orden_y_descartan_el_calentamiento() {
        let mut order = Vec::new();
        let stats = rounds(&['a', 'b', 'c'], 1, 2, |&v| {
            order.push(v);
            (v as u8 - b'a') as f64
        });
        assert_eq!(order, ['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
        assert_eq!(
            stats[2],
            Stats {
                min: 2.0,
                mediana: 2.0,
                max: 2.0
            }
        );
    }
}
