//! Datos de prueba: lecturas generadas de forma determinista (la misma semilla da
//! las mismas lecturas) y su CSV, para la demostración, los tests y el benchmark.

use std::fmt::Write;

use crate::record::{HEADER, Reading};

/// `count` lecturas de ocho sensores (`s1`…`s8`), una por segundo, con valores de
/// dos decimales entre −60 y 130: algunas quedan fuera del rango por defecto.
pub fn readings(count: usize, seed: u64) -> Vec<Reading> {
    // xorshift64*: suficiente para datos de prueba, y sin dependencias.
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    (0..count as u64)
        .map(|i| Reading {
            sensor: compact_str::format_compact!("s{}", next() % 8 + 1),
            timestamp_ms: 1_700_000_000_000 + i * 1000,
            value: (next() % 19_000) as f64 / 100.0 - 60.0,
        })
        .collect()
}

/// El CSV de `readings`, con cabecera.
pub fn to_csv(readings: &[Reading]) -> String {
    let mut text = HEADER.join(",");
    text.push('\n');
    for r in readings {
        // `{}` de un f64 escribe el valor más corto que vuelve a leerse igual.
        let _ = writeln!(text, "{},{},{}", r.sensor, r.timestamp_ms, r.value);
    }
    text
}
