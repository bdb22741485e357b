//! La máquina que mide: se anota junto a cada tabla.

use std::fs;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Maquina {
    pub procesador: String,
    pub nucleos: usize,
    pub rustc: String,
    pub sistema: String,
    /// AAAA-MM-DD, en UTC.
    pub fecha: String,
}

impl Maquina {
    pub fn esta() -> Maquina {
        Maquina {
            procesador: cpu_model().unwrap_or_else(|| "desconocido".into()),
            nucleos: std::thread::available_parallelism().map_or(1, |n| n.get()),
            rustc: output("rustc", &["--version"])
                .unwrap_or_else(|| "desconocido".into()),
            sistema: output("uname", &["-sr"])
                .unwrap_or_else(|| std::env::consts::OS.into()),
            fecha: today(),
        }
    }

    /// Una línea para el pie de una tabla.
    pub fn linea(&self) -> String {
        format!(
            "{}, {} núcleos, {}, {}, el {}",
            self.procesador, self.nucleos, self.rustc, self.sistema, self.fecha
        )
    }
}

fn cpu_model() -> Option<String> {
    let info = fs::read_to_string("/proc/cpuinfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("model name"))?;
    Some(line.split_once(':')?.1.trim().to_owned())
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// La fecha de hoy (UTC) a partir de los días desde 1970, con el algoritmo
/// `civil_from_days` de Howard Hinnant.
fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil(secs / 86_400)
}

fn civil(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn fechas_conocidas() {
        assert_eq!(super::civil(0), "1970-01-01");
        assert_eq!(super::civil(20_423), "2025-12-01");
        assert_eq!(super::civil(11_016), "2000-02-29");
    }
}
