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
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use crate::outputs::{CargoRun, Masks, Recorded, Section, compare, render};

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
    // Un árbol leído una vez por proceso: los tests llaman a esto por cada ejecución.
    static TREE: OnceLock<crate::listings::Tree> = OnceLock::new();
    let root = root();
    let tree = TREE.get_or_init(|| {
        crate::listings::tree(&root).expect("listings/ se puede leer")
    });
    let path = match tree.listings.iter().find(|l| l.stem == stem) {
        Some(listing) => listing.output_path(variant),
        None => match tree.exercises.iter().find(|e| e.name == stem) {
            Some(exercise) => exercise.output_path(variant),
            None => panic!("{stem} no es un listado ni un ejercicio"),
        },
    };
    root.join(path)
}

fn read(path: &Path) -> Recorded {
    let text = fs::read_to_string(path).unwrap_or_else(|e| {
        panic!("{}: {e} (créalo con SALIDAS=overwrite)", path.display())
    });
    Recorded::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Lee la ejecución de `path` y comprueba que su orden ejecuta `stem`.
fn read_single_run(path: &Path, stem: &str) -> (CargoRun, Vec<String>) {
    let recorded = read(path);
    let (cargo_run, lines) = recorded
        .single_run()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        cargo_run.bin,
        stem,
        "{}: la orden ejecuta otro binario",
        path.display()
    );
    (cargo_run, lines.to_vec())
}

/// `SALIDAS=overwrite`: los tests escriben las ejecuciones en lugar de compararlas.
fn overwrite() -> bool {
    std::env::var("SALIDAS").is_ok_and(|v| v == "overwrite")
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
    if overwrite() {
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
/// `.salida`, comprueba que acaba bien y que su salida es la del libro tras aplicar
/// `masks`, y la devuelve.
pub fn shown(bin: &str, masks: &[(&str, &str)]) -> Run {
    let run = shown_variant(bin, None, masks);
    assert!(run.success, "{bin} falló:\n{}", run.output);
    run
}

/// Como [`shown`], con el archivo `listado-NN-MM-slug.VARIANTE.salida`.
pub fn shown_as(bin: &str, variant: &str, masks: &[(&str, &str)]) -> Run {
    let run = shown_variant(bin, Some(variant), masks);
    assert!(run.success, "{bin} ({variant}) falló:\n{}", run.output);
    run
}

/// Como [`shown_as`], para una ejecución que el libro muestra fallando (un argumento
/// no válido, un pánico): comprueba que el proceso acaba con error.
pub fn shown_failing_as(bin: &str, variant: &str, masks: &[(&str, &str)]) -> Run {
    let run = shown_variant(bin, Some(variant), masks);
    assert!(
        !run.success,
        "{bin} ({variant}) debía fallar:\n{}",
        run.output
    );
    run
}

fn shown_variant(bin: &str, variant: Option<&str>, masks: &[(&str, &str)]) -> Run {
    let stem = Path::new(bin)
        .file_stem()
        .expect("ruta de un binario")
        .to_string_lossy();
    let path = output_file(&stem, variant);
    let (cargo_run, expected) = if !path.exists() && variant.is_none() && overwrite()
    {
        // Un listado nuevo: su ejecución sin argumentos crea el archivo.
        let run = CargoRun {
            release: false,
            bin: stem.to_string(),
            args: Vec::new(),
        };
        (run, Vec::new())
    } else {
        read_single_run(&path, &stem)
    };
    let args: Vec<&str> = cargo_run.args.iter().map(String::as_str).collect();
    let run = run_with(bin, &args);
    check(&path, &cargo_run, &expected, &run, masks);
    run
}

/// Como [`shown`], para el binario de un ejercicio, que es de otro paquete: lo ejecuta
/// con la misma orden que muestra el libro, `cargo run --bin ejercicio-N-slug`.
pub fn shown_exercise(name: &str, masks: &[(&str, &str)]) -> Run {
    let path = output_file(name, None);
    let (cargo_run, expected) = read_single_run(&path, name);
    let mut command =
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(root())
        .args(["run", "--quiet", "--bin", name, "--"])
        .args(&cargo_run.args);
    // Puede tener que compilarlo: más margen que para un listado ya compilado.
    let run = execute(command, TIMEOUT * 10);
    check(&path, &cargo_run, &expected, &run, masks);
    assert!(run.success, "{name} falló:\n{}", run.output);
    run
}

/// La ejecución que guarda el `.salida` de `stem` (un listado o un ejercicio), como un
/// [`Run`]: para comprobar en el archivo, que es lo que lee quien lee el libro, lo mismo
/// que en una ejecución real, también en lo que las máscaras no comparan.
pub fn recorded(stem: &str, variant: Option<&str>) -> Run {
    let path = output_file(stem, variant);
    let (_, lines) = read_single_run(&path, stem);
    Run {
        output: lines.join("\n"),
        success: true,
    }
}

/// Una medición guardada: lo que escribió su última orden, y las órdenes de antes, que
/// describen la máquina.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// La orden que mide, sin el `$ `.
    pub command: String,
    /// Sus argumentos: lo que sigue a `--` en un `cargo run`, o al script en Python.
    pub args: Vec<String>,
    pub lines: Vec<String>,
    pub machine: Vec<Section>,
}

impl Measurement {
    /// Lo que escribió la orden `command` de la descripción de la máquina.
    pub fn machine_says(&self, command: &str) -> Option<&[String]> {
        self.machine
            .iter()
            .find(|s| s.command == command)
            .map(|s| s.lines.as_slice())
    }
}

/// La medición `listado-NN-MM-slug.VARIANTE.salida`, que no se repite en los tests: su
/// última orden es `cargo run --release --bin` de ese listado, o su gemelo en Python
/// (`python3 listings/…/listado-NN-MM-slug.py`), y la preceden las que describen la
/// máquina.
pub fn measurement(stem: &str, variant: &str) -> Measurement {
    let path = output_file(stem, Some(variant));
    let recorded = read(&path);
    let (last, machine) = recorded
        .measurement()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let twin = path
        .strip_prefix(root())
        .ok()
        .and_then(|p| p.parent())
        .map(|dir| format!("python3 {}/{stem}.py", dir.display()));
    let args = match CargoRun::parse(&last.command) {
        Ok(run) if run.release && run.bin == stem => run.args,
        _ => match twin.as_deref().and_then(|t| last.command.strip_prefix(t)) {
            Some(rest) => rest.split_whitespace().map(str::to_owned).collect(),
            None => panic!(
                "{}: una medición termina con `cargo run --release --bin {stem} …` o con su gemelo `{}`",
                path.display(),
                twin.unwrap_or_default()
            ),
        },
    };
    Measurement {
        command: last.command.clone(),
        args,
        lines: last.lines.clone(),
        machine: machine.to_vec(),
    }
}
