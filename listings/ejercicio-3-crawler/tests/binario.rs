//! El binario: sin argumentos rastrea su sitio de demostración; con una URL no
//! válida o una opción que no existe, falla con un mensaje claro y sin pánico.

use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ejercicio-3-crawler");

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Ejecuta el binario con un plazo de 20 s: si no acaba, lo mata y el test falla.
fn run(args: &[&str]) -> Run {
    run_with_log(args, None)
}

/// Como [`run`], con `RUST_LOG` a `log` si no es `None`.
fn run_with_log(args: &[&str], log: Option<&str>) -> Run {
    let mut command = Command::new(BIN);
    match log {
        Some(log) => command.env("RUST_LOG", log),
        None => command.env_remove("RUST_LOG"),
    };
    let mut child = command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("se puede lanzar el binario");
    let (mut out, mut err) =
        (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let stdout = thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).map(|_| s)
    });
    let stderr = thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).map(|_| s)
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{args:?} no terminó en 20 s");
        }
        thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: stdout.join().unwrap().unwrap(),
        stderr: stderr.join().unwrap().unwrap(),
    }
}

#[test]
fn sin_argumentos_rastrea_el_sitio_de_demostracion() {
    let started = Instant::now();
    let run = run(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        run.stderr
            .starts_with("sitio de demostración en http://127.0.0.1:")
    );
    assert!(
        run.stderr
            .contains("progreso: 16 hechas, 0 en curso, 0 en cola"),
        "{}",
        run.stderr
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        1 + 16 + 2,
        "cabecera, 16 URL y resumen:\n{}",
        run.stdout
    );
    for shown in [
        "timeout tras 300 ms",
        "HTTP 404",
        "HTTP 500",
        "no es HTML: image/png",
        "más de 65536 bytes",
        "ciclo de redirecciones a /bucle/1",
        "prohibida por robots.txt",
        "de otro sitio: no se pide",
        "más allá de la profundidad 3",
    ] {
        assert!(
            run.stdout.contains(shown),
            "falta «{shown}» en:\n{}",
            run.stdout
        );
    }
    assert!(lines[lines.len() - 2].starts_with("resumen: 16 URL, 13 pedidas, en "));
}

#[test]
fn con_json_escribe_un_objeto_por_pagina() {
    let run = run(&["--json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let pages: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(pages.len(), 16);
    for page in &pages {
        assert!(page["url"].is_string() && page["depth"].is_u64(), "{page}");
        assert!(page["outcome"].is_string(), "{page}");
    }
    let lenta = pages
        .iter()
        .find(|p| p["url"].as_str().unwrap().ends_with("/lenta"))
        .unwrap();
    assert_eq!(lenta["outcome"], "timeout");
    assert_eq!(lenta["after_ms"], 300);
    assert!(
        run.stderr.contains("resumen: 16 URL"),
        "el resumen va a stderr"
    );
}

#[test]
fn con_rust_log_escribe_el_span_de_cada_peticion() {
    let run = run_with_log(&[], Some("ejercicio_3_crawler=debug"));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let spans = run
        .stderr
        .lines()
        .filter(|l| l.contains("peticion{url=") && l.contains("respuesta"))
        .count();
    assert_eq!(spans, 13, "una por cada URL pedida:\n{}", run.stderr);
}

#[test]
fn una_url_no_valida_es_un_error_claro() {
    for (args, message) in [
        (
            &["no-es-una-url"][..],
            "error: la URL semilla «no-es-una-url» no es válida",
        ),
        (
            &["ftp://127.0.0.1/"][..],
            "es de ftp: solo se rastrea http y https",
        ),
        (&["--rapido"][..], "error: opción desconocida: --rapido"),
        (&["--max-depth"][..], "error: falta el valor de --max-depth"),
        (
            &["http://127.0.0.1:1/", "--max-concurrency", "0"][..],
            "error: configuración no válida: max-concurrency debe ser al menos 1",
        ),
    ] {
        let run = run(args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
}

#[test]
fn con_una_url_rastrea_ese_sitio() {
    // El sitio de demostración, servido por este test, y el binario rastreándolo.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let site = runtime.block_on(ejercicio_3_crawler::serve_demo()).unwrap();
    let url = site.url();
    let run = run(&[&url, "--max-pages", "3", "--timeout-ms", "300"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("más allá del límite de 3 páginas"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(", 3 pedidas"), "{}", run.stdout);
    drop(site);
}
