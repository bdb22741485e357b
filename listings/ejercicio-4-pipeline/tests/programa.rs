//! El programa con archivos de verdad: lo que escribe, su progreso y sus errores.

mod comun;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use ejercicio_4_pipeline::sample;

use comun::files_in;

const BIN: &str = env!("CARGO_BIN_EXE_ejercicio-4-pipeline");

/// Cada cuánto escribe el progreso, en milisegundos (un segundo si no está).
const PROGRESS_ENV: &str = "EJERCICIO_4_PROGRESO_MS";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

#[test]
fn la_demostracion_sin_argumentos_tarda_menos_de_2_s() {
    // Solo la ejecución del binario ya compilado, no la compilación: lo que tarda
    // `cargo run --bin ejercicio-4-pipeline` una vez compilado.
    let start = Instant::now();
    let run = run(&[]);
    let took = start.elapsed();
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(text(&run.stdout).ends_with("¿existe salida.csv? no\n"));
    assert!(took < Duration::from_secs(2), "tardó {took:?}");
}

#[test]
fn procesa_un_archivo_y_escribe_la_salida() {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) =
        (dir.path().join("datos.csv"), dir.path().join("salida.csv"));
    let csv = sample::to_csv(&sample::readings(2_000, 8)) + "s1,1,roto\n";
    std::fs::write(&input, csv).unwrap();
    let run = run(&[input.to_str().unwrap(), output.to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(stdout.starts_with("2001 registros: "), "{stdout}");
    assert!(stdout.contains("  línea 2002: el valor «roto» no es un número finito"));
    assert!(stdout.contains("\ns1  "), "{stdout}");
    let written = std::fs::read_to_string(&output).unwrap();
    assert!(written.starts_with("sensor_id,timestamp_ms,value\n"));
}

#[test]
fn un_error_fatal_sale_con_un_mensaje_y_un_codigo_distinto_de_cero() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let missing = dir.path().join("no-existe.csv");
    let run = run(&[missing.to_str().unwrap(), output.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert!(stderr.starts_with("error: no se puede abrir "), "{stderr}");
    assert!(
        stderr.contains("no-existe.csv: No such file or directory"),
        "{stderr}"
    );
    assert!(!output.exists());

    // Demasiadas líneas malas: dice cuáles.
    let input = dir.path().join("basura.csv");
    let lines: String = (1..=200).map(|i| format!("s{i},x,y\n")).collect();
    std::fs::write(&input, lines).unwrap();
    let run = self::run(&[input.to_str().unwrap(), output.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert!(stderr.contains("  línea 1: la marca de tiempo «x» no es un entero\n"));
    assert!(stderr.ends_with(
        "error: más de 100 registros malos; el que supera el límite es la línea 101: la marca de tiempo «x» no es un entero\n"
    ), "{stderr}");
    assert!(!output.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "solo basura.csv"
    );
}

#[test]
fn una_comilla_sin_cerrar_es_un_error_con_su_linea_y_no_deja_salida() {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) =
        (dir.path().join("datos.csv"), dir.path().join("salida.csv"));
    // 2 MiB de líneas normales detrás de la comilla: un solo registro, mayor que el
    // tope por defecto de 1 MiB.
    let mut csv =
        String::from("sensor_id,timestamp_ms,value\ns1,1,21.5\ns2,2,\"21.5\n");
    while csv.len() < 2 << 20 {
        csv.push_str("s1,1700000000000,21.5\n");
    }
    std::fs::write(&input, csv).unwrap();
    let run = run(&[input.to_str().unwrap(), output.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        text(&run.stderr),
        "error: la línea 3 empieza un registro de más de 1048576 bytes (¿una comilla sin cerrar?)\n"
    );
    assert_eq!(files_in(dir.path()), ["datos.csv"]);
}

#[test]
fn con_otros_argumentos_explica_su_uso() {
    let run = run(&["solo-uno.csv"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr)
            .starts_with("uso: ejercicio-4-pipeline [DATOS.csv SALIDA.csv]")
    );
}

/// Las líneas que `child` escribe en su salida de errores, a medida que llegan.
fn stderr_lines(child: &mut Child) -> Receiver<String> {
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            if tx.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    rx
}

/// Espera, 10 s como mucho, una línea que cumpla `wanted`; devuelve las leídas hasta
/// ella, incluida.
fn wait_for_line(
    lines: &Receiver<String>,
    wanted: impl Fn(&str) -> bool,
) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                let found = wanted(&line);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(e) => panic!("{e:?}; lo que escribió: {seen:?}"),
        }
    }
}

/// Los registros de una línea de progreso, `leídos N registros (R registros/s)`.
fn records_in(line: &str) -> Option<u64> {
    let rest = line.strip_prefix("leídos ")?;
    let (count, rate) = rest.split_once(" registros (")?;
    rate.strip_suffix(" registros/s)")?.parse::<u64>().ok()?;
    count.parse().ok()
}

#[test]
fn con_una_entrada_larga_informa_del_progreso() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let mut child = Command::new(BIN)
        .args(["-", output.to_str().unwrap()])
        .env(PROGRESS_ENV, "20")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = stderr_lines(&mut child);
    let csv = sample::to_csv(&sample::readings(5_000, 6));
    let mut stdin = child.stdin.take().unwrap();
    // La mitad, y el resto cuando el progreso dice que ya leyó registros: la entrada
    // sigue abierta hasta entonces, así que la ejecución dura lo que haga falta.
    let (first, rest) = csv.split_at(csv.len() / 2);
    stdin.write_all(first.as_bytes()).unwrap();
    let seen = wait_for_line(&lines, |l| records_in(l).is_some_and(|n| n > 0));
    stdin.write_all(rest.as_bytes()).unwrap();
    drop(stdin);
    let status = exit_within(&mut child, Duration::from_secs(5));
    let run = child.wait_with_output().unwrap();
    assert!(status.success(), "{seen:?}");
    // Todo lo que escribe en la salida de errores son líneas de progreso.
    let all: Vec<String> = seen.into_iter().chain(lines.iter()).collect();
    assert!(all.iter().all(|l| records_in(l).is_some()), "{all:?}");
    assert!(text(&run.stdout).starts_with("5000 registros: "));
    assert!(output.exists());
}

#[test]
fn el_intervalo_del_progreso_tiene_que_ser_un_numero_de_milisegundos() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let run = Command::new(BIN)
        .args(["-", output.to_str().unwrap()])
        .env(PROGRESS_ENV, "0")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        text(&run.stderr),
        "error: EJERCICIO_4_PROGRESO_MS debe ser un número de milisegundos mayor que 0, no «0»\n"
    );
    assert!(!output.exists());
}

/// Espera hasta que `ready` se cumpla, mirando cada 10 ms, 10 s como mucho.
fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < Duration::from_secs(10), "nunca: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Espera a que `child` termine, `limit` como mucho; si no, lo mata y falla.
fn exit_within(child: &mut Child, limit: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("no terminó en {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn interrupt(child: &Child) {
    let pid = child.id().to_string();
    let kill = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(kill.success());
}

#[test]
fn ctrl_c_termina_con_130_aunque_la_entrada_no_se_cierre_nunca() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let mut child = Command::new(BIN)
        .args(["-", output.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Unos registros, y la tubería abierta sin escribir más: la lectura se queda
    // bloqueada en `read`.
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"sensor_id,timestamp_ms,value\ns1,1,21.5\n")
        .unwrap();
    // El temporal de la salida existe: el manejador de Ctrl-C ya está puesto (se
    // pone antes) y la entrada está abierta.
    wait_until("el temporal de la salida", || {
        !files_in(dir.path()).is_empty()
    });
    interrupt(&child);
    let status = exit_within(&mut child, Duration::from_secs(2));
    let run = child.wait_with_output().unwrap();
    assert_eq!(status.code(), Some(130), "{}", text(&run.stderr));
    assert_eq!(text(&run.stderr), "error: pipeline cancelado\n");
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
    drop(stdin);
}

#[test]
fn ctrl_c_termina_con_130_aunque_la_tuberia_con_nombre_no_se_abra_nunca() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("tuberia");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let output = dir.path().join("salida.csv");
    // Nadie abre la tubería para escribir: abrirla para leer no vuelve nunca.
    let mut child = Command::new(BIN)
        .args([fifo.to_str().unwrap(), output.to_str().unwrap()])
        .env(PROGRESS_ENV, "20")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = stderr_lines(&mut child);
    // Un progreso: el manejador de Ctrl-C ya está puesto (se pone antes).
    wait_for_line(&lines, |l| l.starts_with("leídos 0 registros"));
    interrupt(&child);
    let status = exit_within(&mut child, Duration::from_secs(2));
    assert_eq!(status.code(), Some(130));
    let last = lines.iter().last();
    assert_eq!(last.as_deref(), Some("error: pipeline cancelado"));
    assert_eq!(files_in(dir.path()), ["tuberia"]);
}
