//! Capítulo 1: cada listado se ejecuta y se comprueba lo que enseña.

use std::fs;

use libro::outputs::Recorded;
use libro::run::{
    fails_with, measurement, number_after, output_file, run, run_with, shown,
    shown_as,
};

#[path = "../listings/ch01-modelos/listado-01-03-async.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_01_03;

/// La suma de 0..1_000_000 que calculan los listados 1-1 a 1-3.
const SUM: u64 = 999_999 * 1_000_000 / 2;

/// Cada tarea `{prefix}{i}` se inicia y se completa exactamente una vez.
fn each_task_starts_and_completes(lines: &[&str], prefix: &str) {
    for i in 0..10 {
        for event in ["iniciada", "completada"] {
            let expected = format!("Tarea {prefix}{i} {event}");
            let count = lines.iter().filter(|l| **l == expected).count();
            assert_eq!(count, 1, "«{expected}» aparece {count} veces");
        }
    }
}

/// Los milisegundos medidos al final de una línea («… en 103 ms»): cambian en cada
/// ejecución. La duración de cada espera («esperas de 100 ms») no.
const MS: (&str, &str) = (r"en \d+ ms$", "en N ms");

/// Diez esperas de 100 ms solapadas tardan mucho menos que una tras otra (1000 ms).
fn waits_overlap(ms: u64) {
    assert!(
        (100..1000).contains(&ms),
        "las esperas no se solaparon: {ms} ms"
    );
}

#[test]
fn hilos_solapan_las_esperas_y_suman_bien() {
    // Los hilos arrancan y terminan en el orden que decide el planificador.
    let run = shown(
        env!("CARGO_BIN_EXE_listado-01-01-hilos"),
        &[
            (r"^Tarea hilo-\d+ iniciada$", "Tarea hilo-N iniciada"),
            (r"^Tarea hilo-\d+ completada$", "Tarea hilo-N completada"),
            MS,
        ],
    );
    each_task_starts_and_completes(&run.lines(), "hilo-");
    waits_overlap(run.number_after("E/S con hilos:", " en "));
    for i in 0..10 {
        let line = run.line(&format!("Tarea hilo-{i}: suma"));
        assert_eq!(number_after(line, "= "), SUM);
    }
    assert_eq!(run.number_after("CPU con hilos:", ":"), 10);
}

#[test]
fn procesos_solapan_las_esperas_y_suman_bien() {
    let run = shown(env!("CARGO_BIN_EXE_listado-01-02-procesos"), &[MS]);
    assert_eq!(run.number_after("E/S con procesos:", ":"), 10);
    waits_overlap(run.number_after("E/S con procesos:", " en "));
    for i in 0..10 {
        assert_eq!(run.number_after(&format!("Proceso {i}: suma"), "= "), SUM);
    }
}

#[test]
fn procesos_hijo_con_cada_papel() {
    let bin = env!("CARGO_BIN_EXE_listado-01-02-procesos");
    let cpu = run_with(bin, &["cpu", "100"]);
    assert!(cpu.success);
    assert_eq!(cpu.output.trim(), "4950");
    let io = run_with(bin, &["io", "10"]);
    assert_eq!((io.success, io.output.trim()), (true, "esperé 10 ms"));
}

#[test]
fn procesos_rechazan_argumentos_no_validos() {
    let shown = shown_as(
        env!("CARGO_BIN_EXE_listado-01-02-procesos"),
        "cpu-mucho",
        &[],
    );
    assert!(!shown.success, "{}", shown.output);
    fails_with(
        env!("CARGO_BIN_EXE_listado-01-02-procesos"),
        &["cpu", "mucho"],
        "«mucho» no es un número",
    );
    fails_with(
        env!("CARGO_BIN_EXE_listado-01-02-procesos"),
        &["volar"],
        "argumentos no válidos",
    );
}

#[test]
fn async_espera_a_la_vez_pero_calcula_una_tras_otra() {
    let run = shown(env!("CARGO_BIN_EXE_listado-01-03-async"), &[MS]);
    let lines = run.lines();
    each_task_starts_and_completes(&lines, "async-");
    // E/S: join_all sondea los diez futures antes de que termine ninguna espera.
    let started: Vec<String> = (0..10)
        .map(|i| format!("Tarea async-{i} iniciada"))
        .collect();
    assert_eq!(lines[..10], started);
    waits_overlap(run.number_after("E/S con async:", " en "));
    // CPU dentro de futures: sin .await, cada tarea empieza cuando acaba la anterior.
    let cpu: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("Tarea cpu-"))
        .collect();
    let sequential: Vec<String> = (0..10)
        .flat_map(|i| {
            [
                format!("Tarea cpu-{i} iniciada"),
                format!("Tarea cpu-{i} completada"),
            ]
        })
        .collect();
    assert_eq!(cpu, sequential);
    for i in 0..10 {
        assert_eq!(
            run.number_after(&format!("Tarea bloqueante-{i}: suma"), "= "),
            SUM
        );
    }
}

#[tokio::test(start_paused = true)]
async fn async_diez_esperas_duran_una_en_tiempo_virtual() {
    assert_eq!(listado_01_03::io_bound().await, listado_01_03::WAIT);
}

/// La forma de la salida del listado 1-4: una fila por brazo y por k = 1, 2, 4… hasta
/// el doble de los núcleos que dice la primera línea, con speedup 1.00x en k = 1.
/// Devuelve esos núcleos.
fn scaling_table_has_its_shape(lines: &[&str]) -> u64 {
    let first = lines
        .iter()
        .find(|l| l.starts_with("Núcleos disponibles:"))
        .unwrap_or_else(|| panic!("sin «Núcleos disponibles:» en {lines:?}"));
    let cores = number_after(first, ":");
    assert!(cores >= 1);
    let ks: Vec<u64> = (0..)
        .map(|e| 1 << e)
        .take_while(|&k| k <= 2 * cores)
        .collect();
    for arm in ["hilos", "rayon", "GIL simulado"] {
        let rows: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.starts_with(&format!("{arm} ")))
            .collect();
        let measured: Vec<u64> =
            rows.iter().map(|l| number_after(l, "k = ")).collect();
        assert_eq!(measured, ks, "{arm}: {rows:?}");
        // Con k = 1 el speedup es 1 por definición: t(1)/t(1).
        assert!(rows[0].ends_with("speedup 1.00x"), "{}", rows[0]);
    }
    cores
}

#[test]
fn sin_gil_mide_los_tres_brazos_para_cada_k() {
    let run = run(env!("CARGO_BIN_EXE_listado-01-04-sin-gil"));
    scaling_table_has_its_shape(&run.lines());
}

/// La medición que muestra el libro no se repite aquí (tarda y depende de la máquina),
/// pero tiene la forma de una ejecución real, con el trabajo de su orden y los núcleos
/// que dice `nproc` en la misma máquina.
#[test]
fn la_medicion_sin_gil_del_libro_tiene_la_forma_de_una_ejecucion() {
    let (cargo_run, lines) = measurement("listado-01-04-sin-gil", "medicion");
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let cores = scaling_table_has_its_shape(&lines);
    let work = format!("suma de 0..{}", cargo_run.args.join(" "));
    assert!(lines[0].ends_with(&work), "{} no es «{work}»", lines[0]);
    let path = output_file("listado-01-04-sin-gil", Some("medicion"));
    let recorded = Recorded::parse(&fs::read_to_string(&path).unwrap()).unwrap();
    let nproc = recorded
        .sections
        .iter()
        .find(|s| s.command == "nproc")
        .unwrap_or_else(|| panic!("{}: sin `$ nproc`", path.display()));
    assert_eq!(nproc.lines, [cores.to_string()], "{}", path.display());
}

#[test]
fn sin_gil_acepta_otro_tamano_y_rechaza_uno_no_valido() {
    let bin = env!("CARGO_BIN_EXE_listado-01-04-sin-gil");
    let run = run_with(bin, &["1000"]);
    assert!(run.success, "{}", run.output);
    assert!(run.output.contains("suma de 0..1000"));
    fails_with(bin, &["mil"], "«mil» no es un número");
}

#[test]
fn arc_reparte_los_datos_entre_hilos() {
    let run = shown(env!("CARGO_BIN_EXE_listado-01-06-arc-entre-hilos"), &[]);
    assert_eq!(run.output.trim(), "Resultados: [0, 1, 4, 9]");
}
