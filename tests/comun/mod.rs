//! Ayudas para los tests que ejecutan los binarios de los listados.

#![allow(dead_code)] // cada archivo de tests usa una parte distinta

use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Ningún listado tarda más de 2 s; el margen cubre una máquina cargada.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Lo que produjo un listado al ejecutarse.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub success: bool,
}

impl Run {
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// La única línea que empieza por `prefix`.
    pub fn line(&self, prefix: &str) -> &str {
        let found: Vec<&str> = self
            .stdout
            .lines()
            .filter(|l| l.starts_with(prefix))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "se esperaba una línea «{prefix}…» en:\n{}",
            self.stdout
        );
        found[0]
    }

    /// El número que sigue a `before` en la línea que empieza por `prefix`.
    pub fn number_after(&self, prefix: &str, before: &str) -> u64 {
        number_after(self.line(prefix), before)
    }
}

/// El número entero que sigue a `before` en `line`.
pub fn number_after(line: &str, before: &str) -> u64 {
    let rest = &line[line
        .find(before)
        .unwrap_or_else(|| panic!("sin «{before}» en «{line}»"))
        + before.len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("sin número tras «{before}» en «{line}»"))
}

/// Ejecuta un listado con argumentos y un límite de tiempo, sin exigir que acabe bien.
pub fn run_with(bin: &str, args: &[&str]) -> Run {
    let start = Instant::now();
    let output = Command::new(bin)
        .args(args)
        .timeout(TIMEOUT)
        .output()
        .unwrap_or_else(|e| panic!("no se pudo ejecutar {bin}: {e}"));
    assert!(
        start.elapsed() < TIMEOUT,
        "{bin} no terminó en {TIMEOUT:?} y se detuvo"
    );
    Run {
        stdout: String::from_utf8(output.stdout).expect("salida en UTF-8"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        success: output.status.success(),
    }
}

/// Ejecuta un listado sin argumentos; falla si no termina a tiempo o no acaba bien.
pub fn run(bin: &str) -> Run {
    let run = run_with(bin, &[]);
    assert!(
        run.success,
        "{bin} falló.\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    run
}

/// Ejecuta un listado con argumentos no válidos: debe fallar con `message` en su
/// salida de error, no con un pánico ni en silencio.
pub fn fails_with(bin: &str, args: &[&str], message: &str) -> Run {
    let run = run_with(bin, args);
    assert!(!run.success, "{bin} {args:?} debía fallar");
    assert!(
        run.stderr.contains(message),
        "se esperaba «{message}» en:\n{}",
        run.stderr
    );
    run
}
