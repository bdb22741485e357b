//! Capítulo 1: cada listado se ejecuta y se comprueba lo que enseña.

use libro::run::{
    fails_with, measurement, number_after, run, run_with, shown, shown_failing_as,
};

use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

#[path = "../listings/ch01-modelos/listado-01-02-procesos.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_01_02;

#[path = "../listings/ch01-modelos/listado-01-03-async.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_01_03;

#[path = "../listings/ch01-modelos/listado-01-04-sin-gil.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_01_04;

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

/// Diez esperas de `wait` solapadas tardan poco más de una; una tras otra, diez como
/// mínimo, porque ninguna espera dura menos de lo pedido. Un límite de tiempo real no
/// prueba nada si la máquina se para más que él: en una cargada, los diez hilos del
/// listado 1-1 tardaron 1549 ms en sus esperas de 100 ms, aunque las diez se
/// solaparon. Por eso este límite solo se usa donde no hay un orden que comprobar, y
/// con esperas largas, que dejan a la máquina nueve veces `wait` de margen.
fn waits_overlap(elapsed: Duration, wait: Duration) {
    assert!(
        elapsed >= wait && elapsed < 10 * wait,
        "diez esperas de {wait:?} en {elapsed:?}: no se solaparon"
    );
}

/// Cuántas tareas llegan a estar a la vez entre su «iniciada» y su «completada», según
/// el orden en que salen las líneas. Es un orden, no un tiempo: no depende de la carga.
fn most_at_once(lines: &[&str]) -> usize {
    let (mut now, mut most) = (0usize, 0);
    for line in lines {
        if line.ends_with(" iniciada") {
            now += 1;
            most = most.max(now);
        } else if line.ends_with(" completada") {
            now = now.saturating_sub(1);
        }
    }
    most
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
    let lines = run.lines();
    each_task_starts_and_completes(&lines, "hilo-");
    // Los diez hilos duermen a la vez: los diez dicen «iniciada» antes de que ninguno
    // diga «completada». Con un `join` tras cada `spawn`, esto daría 1.
    let io = &lines[..2 * 10];
    assert_eq!(most_at_once(io), 10, "{io:#?}");
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
    for i in 0..10 {
        assert_eq!(run.number_after(&format!("Proceso {i}: suma"), "= "), SUM);
    }
    // Los procesos no escriben cuándo empiezan: el solape se ve en el tiempo, con
    // esperas de 500 ms. Diez seguidas tardarían al menos 5 s.
    let exe = Path::new(env!("CARGO_BIN_EXE_listado-01-02-procesos"));
    let wait = Duration::from_millis(500);
    let start = Instant::now();
    let waits = listado_01_02::run_children(exe, "io", 500).unwrap();
    waits_overlap(start.elapsed(), wait);
    assert_eq!(waits, vec!["esperé 500 ms"; 10]);
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
fn el_padre_convierte_un_hijo_que_falla_en_un_error() {
    let exe = Path::new(env!("CARGO_BIN_EXE_listado-01-02-procesos"));
    let sums = listado_01_02::run_children(exe, "cpu", 100).unwrap();
    assert_eq!(sums, vec!["4950"; 10]);
    // Con un papel que no existe, cada hijo termina con un error, y el padre lo cuenta.
    let err = listado_01_02::run_children(exe, "volar", 1)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("un proceso hijo falló (exit status: 1): "),
        "{err}"
    );
    assert!(err.contains("argumentos no válidos"), "{err}");
    // Y no deja hijos sin recoger: Linux lista los de cada hilo, zombis incluidos.
    #[cfg(target_os = "linux")]
    {
        let children =
            std::fs::read_to_string("/proc/thread-self/children").unwrap();
        assert_eq!(children.trim(), "", "hijos sin recoger");
    }
}

#[test]
fn procesos_rechazan_argumentos_no_validos() {
    shown_failing_as(
        env!("CARGO_BIN_EXE_listado-01-02-procesos"),
        "cpu-mucho",
        &[],
    );
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

/// Una tabla de escalado (la del listado 1-4 o la de su gemelo en Python) tiene una fila
/// por variante y por k = 1, 2, 4… hasta el doble de los `cores` de la máquina, y en
/// k = 1 el speedup es 1 por definición: t(1)/t(1).
fn scaling_table_has_its_shape(lines: &[&str], arms: &[&str], cores: u64) {
    assert!(cores >= 1);
    let ks: Vec<u64> = (0..)
        .map(|e| 1 << e)
        .take_while(|&k| k <= 2 * cores)
        .collect();
    for arm in arms {
        let rows: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.starts_with(&format!("{arm} ")))
            .collect();
        let measured: Vec<u64> =
            rows.iter().map(|l| number_after(l, "k = ")).collect();
        assert_eq!(measured, ks, "{arm}: {rows:?}");
        assert!(rows[0].ends_with("speedup 1.00x"), "{}", rows[0]);
    }
}

const ARMS: [&str; 3] = ["hilos", "rayon", "GIL simulado"];

#[test]
fn sin_gil_mide_las_tres_variantes_para_cada_k() {
    let run = run(env!("CARGO_BIN_EXE_listado-01-04-sin-gil"));
    let cores = run.number_after("Núcleos disponibles:", ":");
    scaling_table_has_its_shape(&run.lines(), &ARMS, cores);
}

/// Las mediciones que muestra el libro no se repiten aquí (tardan y dependen de la
/// máquina), pero tienen la forma de una ejecución real, con el trabajo de su orden y
/// los núcleos que dice `nproc` en la misma máquina.
#[test]
fn las_mediciones_sin_gil_del_libro_tienen_la_forma_de_una_ejecucion() {
    let rust = measurement("listado-01-04-sin-gil", "medicion");
    let python = measurement("listado-01-04-sin-gil", "cpython");
    for (measured, arms, header) in [
        (&rust, &ARMS[..], "Núcleos disponibles:"),
        (&python, &ARMS[..1], "CPython"),
    ] {
        let lines: Vec<&str> = measured.lines.iter().map(String::as_str).collect();
        let nproc = measured
            .machine_says("nproc")
            .unwrap_or_else(|| panic!("{}: sin `$ nproc`", measured.command));
        assert!(lines[0].starts_with(header), "{}", lines[0]);
        let cores = number_after(&lines[0].to_lowercase(), "núcleos disponibles:");
        assert_eq!(nproc, [cores.to_string()], "{}", measured.command);
        scaling_table_has_its_shape(&lines, arms, cores);
        assert!(measured.machine_says("lscpu | grep 'Model name'").is_some());
    }
    // El trabajo es el de la orden: el tamaño que se le pasó, o el de serie del script.
    let work = format!("suma de 0..{}", rust.args.join(" "));
    assert!(
        rust.lines[0].ends_with(&work),
        "{} no es «{work}»",
        rust.lines[0]
    );
    assert!(python.lines[0].ends_with("suma de 0..10000000"));
    assert!(python.machine_says("python3 --version").is_some());
    assert!(rust.machine_says("rustc --version").is_some());
}

#[test]
fn sin_gil_acepta_otro_tamano_y_rechaza_uno_no_valido() {
    let bin = env!("CARGO_BIN_EXE_listado-01-04-sin-gil");
    let run = run_with(bin, &["1000"]);
    assert!(run.success, "{}", run.output);
    assert!(run.output.contains("suma de 0..1000"));
    fails_with(bin, &["mil"], "«mil» no es un número");
    fails_with(bin, &["0"], "el trabajo debe estar entre 1 y");
    fails_with(bin, &["10000000000"], "el trabajo debe estar entre 1 y");
}

/// Cuántos hilos están a la vez dentro de `probe`, y el máximo que se ha visto.
static INSIDE: AtomicUsize = AtomicUsize::new(0);
static MOST_INSIDE: AtomicUsize = AtomicUsize::new(0);

/// Un tramo de trabajo que, una vez dentro, espera (como mucho 300 ms) a que entre otro
/// hilo. Con el GIL simulado tomado, ninguno puede entrar; sin él, el otro entra.
fn probe(range: Range<u64>) -> u64 {
    let mine = INSIDE.fetch_add(1, Ordering::SeqCst) + 1;
    MOST_INSIDE.fetch_max(mine, Ordering::SeqCst);
    let deadline = Instant::now() + Duration::from_millis(300);
    while INSIDE.load(Ordering::SeqCst) < 2 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(1));
    }
    MOST_INSIDE.fetch_max(INSIDE.load(Ordering::SeqCst), Ordering::SeqCst);
    INSIDE.fetch_sub(1, Ordering::SeqCst);
    range.sum()
}

#[test]
fn el_gil_simulado_deja_calcular_a_un_solo_hilo() {
    use listado_01_04::{TICK, holding_gil, split};
    let n = 2 * TICK; // un tramo para cada uno de los dos hilos
    let total = split(n, 2, |range| holding_gil(range, probe));
    assert_eq!(total, n * (n - 1) / 2);
    let most = MOST_INSIDE.load(Ordering::SeqCst);
    assert_eq!(
        most, 1,
        "{most} hilos calcularon a la vez con el GIL simulado"
    );
}

#[test]
fn arc_reparte_los_datos_entre_hilos() {
    let run = shown(env!("CARGO_BIN_EXE_listado-01-06-arc-entre-hilos"), &[]);
    assert_eq!(run.output.trim(), "Resultados: [0, 1, 4, 9]");
}

#[test]
fn send_y_sync_se_comprueban_al_compilar() {
    // Si el listado compila, cada línea que imprime es un hecho comprobado.
    let run = shown(env!("CARGO_BIN_EXE_listado-01-09-send-sync"), &[]);
    assert_eq!(run.lines().len(), 5);
}
