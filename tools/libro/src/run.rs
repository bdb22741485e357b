//! Ejecutar un listado desde un test: con un límite de tiempo, sin entrada, y con la
//! salida estándar y la de errores mezcladas como en una terminal (las dos van al
//! mismo archivo, así que el orden de las líneas es el que vería quien lo ejecuta).
//!
//! [`shown`] ejecuta además lo que dice el `.salida` del listado y lo compara con él
//! (ver [`crate::outputs`]).

use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use crate::outputs::{CargoRun, Masks, Recorded, compare, render};

/// Ningún listado tarda más de 2 s; el margen cubre una máquina cargada.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Lo que produjo un listado al ejecutarse.
#[derive(Debug, Clone)]
pub struct Run {
    /// Salida estándar y de errores, mezcladas en el orden en que se escribieron.
    pub output: String,
    pub success: bool,
}

impl Run {
    pub fn lines(&self) -> Vec<&str> {
        self.output.lines().collect()
    }

    /// Las líneas que empiezan por `prefix`, en orden.
    pub fn lines_starting(&self, prefix: &str) -> Vec<&str> {
        self.output
            .lines()
            .filter(|l| l.starts_with(prefix))
            .collect()
    }

    /// La única línea que empieza por `prefix`.
    pub fn line(&self, prefix: &str) -> &str {
        let found = self.lines_starting(prefix);
        assert_eq!(
            found.len(),
            1,
            "se esperaba una línea «{prefix}…» en:\n{}",
            self.output
        );
        found[0]
    }

    /// El número que sigue a `marker` en la única línea que empieza por `prefix`.
    pub fn number_after(&self, prefix: &str, marker: &str) -> u64 {
        number_after(self.line(prefix), marker)
    }
}

/// El número entero que sigue a `marker` en `line`.
pub fn number_after(line: &str, marker: &str) -> u64 {
    let start = line
        .find(marker)
        .unwrap_or_else(|| panic!("sin «{marker}» en «{line}»"))
        + marker.len();
    let digits: String = line[start..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("sin número tras «{marker}» en «{line}»"))
}

/// La raíz del repositorio.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn execute(mut command: Command, timeout: Duration) -> Run {
    let shown = format!("{command:?}");
    let log = tempfile::tempfile().expect("archivo temporal para la salida");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("duplicar el archivo de salida"))
        .stderr(log.try_clone().expect("duplicar el archivo de salida"))
        // Sin la traza de la máquina de quien ejecuta los tests: lo que ve un lector.
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .spawn()
        .unwrap_or_else(|e| panic!("no se pudo ejecutar {shown}: {e}"));
    let start = Instant::now();
    let status = match child.wait_timeout(timeout).expect("esperar al proceso") {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{shown} no terminó en {timeout:?} y se detuvo");
        }
    };
    assert!(
        start.elapsed() <= timeout,
        "{shown} tardó {:?}",
        start.elapsed()
    );
    // El hijo escribió con descriptores duplicados de `log`: comparten la posición.
    let mut log = log;
    let mut output = Vec::new();
    log.seek(SeekFrom::Start(0))
        .and_then(|_| log.read_to_end(&mut output))
        .expect("leer la salida del proceso");
    Run {
        output: String::from_utf8(output)
            .unwrap_or_else(|e| panic!("{shown}: salida no UTF-8: {e}")),
        success: status.success(),
    }
}

/// Ejecuta un listado con argumentos y un límite de tiempo, sin exigir que acabe bien.
pub fn run_with(bin: &str, args: &[&str]) -> Run {
    let mut command = Command::new(bin);
    command.args(args);
    execute(command, TIMEOUT)
}

/// Ejecuta un listado sin argumentos; falla si no termina a tiempo o no acaba bien.
pub fn run(bin: &str) -> Run {
    let run = run_with(bin, &[]);
    assert!(run.success, "{bin} falló:\n{}", run.output);
    run
}

/// Ejecuta un listado con argumentos no válidos: debe fallar con `message`, no con un
/// pánico ni en silencio.
pub fn fails_with(bin: &str, args: &[&str], message: &str) -> Run {
    let run = run_with(bin, args);
    assert!(!run.success, "{bin} {args:?} debía fallar");
    assert!(
        run.output.contains(message),
        "se esperaba «{message}» en:\n{}",
        run.output
    );
    assert!(
        !run.output.contains("panicked"),
        "{bin} {args:?} falló con un pánico:\n{}",
        run.output
    );
    run
}

/// El `.salida` de un binario: `listado-NN-MM-slug[.VARIANTE].salida` junto al listado,
/// o `src/bin/ejercicio-N-slug[.VARIANTE].salida` en el paquete de un ejercicio.
pub fn output_file(stem: &str, variant: Option<&str>) -> PathBuf {
    let root = root();
    let tree = crate::listings::tree(&root).expect("listings/ se puede leer");
    let dir = match tree.listings.iter().find(|l| l.stem == stem) {
        Some(listing) => listing.dir().to_owned(),
        None => match tree.exercises.iter().find(|e| e.name == stem) {
            Some(exercise) => format!("{}/src/bin", exercise.dir),
            None => panic!("{stem} no es un listado ni un ejercicio"),
        },
    };
    let name = match variant {
        Some(variant) => format!("{stem}.{variant}.salida"),
        None => format!("{stem}.salida"),
    };
    root.join(dir).join(name)
}

/// Lee `path`, una ejecución (`measured` = false) o una medición, y comprueba que su
/// orden ejecuta `stem`.
fn read_recorded(
    path: &Path,
    stem: &str,
    measured: bool,
) -> (CargoRun, Vec<String>) {
    let text = fs::read_to_string(path).unwrap_or_else(|e| {
        panic!("{}: {e} (créalo con SALIDAS=overwrite)", path.display())
    });
    let recorded =
        Recorded::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let found = match measured {
        false => recorded.single_run(),
        true => recorded.measurement(),
    };
    let (cargo_run, lines) =
        found.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        cargo_run.bin,
        stem,
        "{}: la orden ejecuta otro binario",
        path.display()
    );
    (cargo_run, lines.to_vec())
}

/// Compara `run` con lo que espera `path`, o lo escribe en `path` con
/// `SALIDAS=overwrite`.
fn check(
    path: &Path,
    cargo_run: &CargoRun,
    expected: &[String],
    run: &Run,
    masks: &[(&str, &str)],
) {
    if std::env::var("SALIDAS").is_ok_and(|v| v == "overwrite") {
        fs::write(path, render(cargo_run, &run.output))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    if let Err(diff) = compare(expected, &run.output, &Masks::new(masks)) {
        panic!(
            "{}: {diff}\nSi el cambio es el que querías, regenera el archivo con `SALIDAS=overwrite cargo test`.",
            path.display()
        );
    }
}

/// Ejecuta el listado `bin` (la ruta de `env!("CARGO_BIN_EXE_…")`) como dice su
/// `.salida`, comprueba que la salida es la del libro tras aplicar `masks` y la devuelve.
pub fn shown(bin: &str, masks: &[(&str, &str)]) -> Run {
    shown_variant(bin, None, masks)
}

/// Como [`shown`], con el archivo `listado-NN-MM-slug.VARIANTE.salida`.
pub fn shown_as(bin: &str, variant: &str, masks: &[(&str, &str)]) -> Run {
    shown_variant(bin, Some(variant), masks)
}

fn shown_variant(bin: &str, variant: Option<&str>, masks: &[(&str, &str)]) -> Run {
    let stem = Path::new(bin)
        .file_stem()
        .expect("ruta de un binario")
        .to_string_lossy();
    let path = output_file(&stem, variant);
    let (cargo_run, expected) = read_recorded(&path, &stem, false);
    let args: Vec<&str> = cargo_run.args.iter().map(String::as_str).collect();
    let run = run_with(bin, &args);
    check(&path, &cargo_run, &expected, &run, masks);
    run
}

/// Como [`shown`], para el binario de un ejercicio, que es de otro paquete: lo ejecuta
/// con la misma orden que muestra el libro, `cargo run --bin ejercicio-N-slug`.
pub fn shown_exercise(name: &str, masks: &[(&str, &str)]) -> Run {
    let path = output_file(name, None);
    let (cargo_run, expected) = read_recorded(&path, name, false);
    let mut command =
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(root())
        .args(["run", "--quiet", "--bin", name, "--"])
        .args(&cargo_run.args);
    // Puede tener que compilarlo: más margen que para un listado ya compilado.
    let run = execute(command, TIMEOUT * 10);
    check(&path, &cargo_run, &expected, &run, masks);
    run
}

/// Las líneas de la medición `listado-NN-MM-slug.VARIANTE.salida`, que no se repite en
/// los tests: la orden debe ser `cargo run --release --bin` de ese listado, con la
/// máquina descrita antes.
pub fn measurement(stem: &str, variant: &str) -> (CargoRun, Vec<String>) {
    read_recorded(&output_file(stem, Some(variant)), stem, true)
}
