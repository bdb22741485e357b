//! Capítulo 3: cada listado se ejecuta y se comprueba lo que enseña. Los listados con
//! procesos hijos se ejecutan además con una marca en el entorno, que los hijos
//! heredan: al terminar, ningún proceso con esa marca puede seguir vivo.

use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use libro::run::shown;

#[path = "../listings/ch03-procesos/listado-03-04-memoria-compartida.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_03_04;

#[path = "../listings/ch03-procesos/listado-03-07-pool-de-procesos.rs"]
#[allow(dead_code)]
mod listado_03_07;

/// Los procesos vivos cuyo entorno contiene `NAME=value`.
fn processes_with(name: &str, value: &str) -> Vec<u32> {
    let wanted = format!("{name}={value}");
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse().ok())
        else {
            continue;
        };
        // Un proceso ajeno o que acaba de terminar no se deja leer: no es de aquí.
        let Ok(environ) = fs::read(entry.path().join("environ")) else {
            continue;
        };
        if environ
            .split(|b| *b == 0)
            .any(|var| var == wanted.as_bytes())
        {
            found.push(pid);
        }
    }
    found
}

/// Ejecuta `bin` (con un plazo) marcado en su entorno y con una carpeta temporal
/// propia. Al terminar no queda vivo ningún proceso con la marca (ni el listado ni
/// sus hijos, que la heredan) ni nada en la carpeta temporal, y acabó bien.
fn leaves_nothing_behind(bin: &str) {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let mark = format!(
        "{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    );
    let tmp = tempfile::tempdir().unwrap();
    let mut log = tempfile::tempfile().unwrap(); // fuera de `tmp`, que debe quedar vacía
    let mut child = Command::new(bin)
        .env("LIBRO_CH03_MARCA", &mark)
        .env("TMPDIR", tmp.path())
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log.try_clone().unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{bin} no terminó en 20 s");
        }
        thread::sleep(Duration::from_millis(5));
    };
    let left = processes_with("LIBRO_CH03_MARCA", &mark);
    assert!(left.is_empty(), "{bin} dejó procesos vivos: {left:?}");
    let files: Vec<_> = fs::read_dir(tmp.path()).unwrap().flatten().collect();
    assert!(
        files.is_empty(),
        "{bin} dejó archivos temporales: {files:?}"
    );
    let mut output = String::new();
    log.seek(SeekFrom::Start(0)).unwrap();
    log.read_to_string(&mut output).unwrap();
    assert!(status.success(), "{bin} falló ({status}):\n{output}");
}

#[test]
fn cola_el_consumidor_termina_al_cerrarse_el_pipe() {
    // Si el padre guardara un extremo de escritura, el consumidor no vería el EOF: el
    // padre esperaría 1 s, lo mataría y terminaría con un error, no con esta salida.
    let run = shown(env!("CARGO_BIN_EXE_listado-03-01-cola-entre-procesos"), &[]);
    assert_eq!(
        run.lines_starting("  Proceso consumidor recibió:").len(),
        10
    );
    run.line("  Consumidor terminando: 10 elementos, suma 485");
    run.line("Productor: exit status: 0; consumidor: exit status: 0");
}

#[test]
fn cola_el_consumidor_rechaza_una_trama_mala_con_su_linea() {
    // El consumidor, solo, con una trama buena y otra cortada en su stdin.
    let mut child =
        Command::new(env!("CARGO_BIN_EXE_listado-03-01-cola-entre-procesos"))
            .arg("consumidor")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"id\": 0, \"value\": 5}\n{\"id\": 1, \"va")
        .unwrap();
    drop(stdin); // EOF: sin él, el consumidor esperaría más líneas
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("el consumidor no terminó con una trama mala");
        }
        thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success());
    assert_eq!(stdout, "Proceso consumidor recibió: 5 (id 0)\n");
    assert!(
        stderr.starts_with(
            "Error: \"trama mal formada en la línea 2: EOF while parsing"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn cola_no_deja_procesos() {
    leaves_nothing_behind(env!("CARGO_BIN_EXE_listado-03-01-cola-entre-procesos"));
}

#[test]
fn tramas_malas_se_informan_con_el_nombre_del_hijo() {
    let start = Instant::now();
    let run = shown(env!("CARGO_BIN_EXE_listado-03-02-tramas-malas"), &[]);
    let elapsed = start.elapsed();
    run.line("hijo 0 (bueno): suma 60");
    run.line("hijo 1 (truncado): trama mala en la línea 3: EOF while parsing");
    run.line("hijo 2 (basura): trama mala en la línea 2: expected value");
    run.line("hijo 3 (mudo): nada en 1000 ms y sigue vivo: se detuvo");
    // El mudo se detiene al vencer el plazo, no antes; y el padre no espera a que
    // termine por sí mismo (dormiría una hora). El margen es para una máquina cargada,
    // que puede pararse segundos: 20 s siguen estando lejos de una hora.
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
}

#[test]
fn tramas_malas_no_deja_procesos() {
    leaves_nothing_behind(env!("CARGO_BIN_EXE_listado-03-02-tramas-malas"));
}

/// El diccionario del original, bien hecho: cada uno de los cuatro trabajadores con
/// su lista completa, en orden.
fn full_dict() -> String {
    let list = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
    format!("Diccionario final: {{0: {list}, 1: {list}, 2: {list}, 3: {list}}}")
}

#[test]
fn estado_en_un_proceso_da_los_totales_exactos() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-03-03-estado-en-un-proceso"),
        &[],
    );
    run.line("Valor final: 400");
    run.line("Array final: [400, 400, 400, 400, 400]");
    // Cada lista recibe sus diez elementos: nadie añade a una copia (el fallo del
    // `Manager` del original).
    run.line(&full_dict());
}

#[test]
fn memoria_compartida_da_el_total_exacto() {
    let run = shown(env!("CARGO_BIN_EXE_listado-03-04-memoria-compartida"), &[]);
    run.line("Valor final: 400");
    run.line("Array final: [400, 400, 400, 400, 400]");
}

#[test]
fn el_cerrojo_de_archivo_excluye_a_los_otros_procesos() {
    // Con una pausa entre leer y escribir cada celda, sin el cerrojo los tres hijos
    // se pisarían casi en cada vuelta y se perderían sumas.
    let exe = Path::new(env!("CARGO_BIN_EXE_listado-03-04-memoria-compartida"));
    let pause = Duration::from_micros(300);
    let shared = listado_03_04::run(exe, 3, 20, pause).unwrap();
    assert_eq!(shared, (60, [60; 5]));
}

#[test]
fn el_contador_atomico_no_pierde_sumas_entre_procesos() {
    // Cuatro hijos que empiezan a la vez: el total es exacto. (Que un `load` + `store`
    // perdiera sumas aquí dependería de que dos hijos se solaparan; en una máquina
    // cargada cada uno acaba su bucle en su turno, así que este test no lo vigila: el
    // capítulo 2 fuerza ese entrelazado con hilos.)
    let exe = Path::new(env!("CARGO_BIN_EXE_listado-03-04-memoria-compartida"));
    let shared = listado_03_04::run(exe, 4, 20_000, Duration::ZERO).unwrap();
    assert_eq!(shared, (80_000, [80_000; 5]));
}

#[test]
fn memoria_compartida_no_deja_procesos_ni_archivos() {
    leaves_nothing_behind(env!("CARGO_BIN_EXE_listado-03-04-memoria-compartida"));
}

#[test]
fn el_manager_es_un_servidor_que_no_pierde_appends() {
    let run = shown(env!("CARGO_BIN_EXE_listado-03-05-manager"), &[]);
    // Cada trabajador comprueba con `get` que su lista está completa, y termina
    // con un error si no lo está.
    for id in 0..4 {
        run.line(&format!("trabajador {id}: exit status: 0"));
    }
    run.line(&full_dict());
}

#[test]
fn manager_no_deja_procesos() {
    leaves_nothing_behind(env!("CARGO_BIN_EXE_listado-03-05-manager"));
}

/// El tamaño del pool depende de la máquina, y las consultas, de lo que tarde.
const POOL: (&str, &str) = (r"con \d+ hilos", "con N hilos");
const POLLS: (&str, &str) = (r"\(\d+ consultas\)", "(N consultas)");

#[test]
fn pool_rayon_conserva_el_orden_de_la_entrada() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-03-06-pool-rayon"),
        &[POOL, POLLS],
    );
    let expected: Vec<String> = (0..10u64)
        .map(|n| {
            let size = (10 - n) * 20_000;
            format!(
                "Tarea {n} completada con resultado {}",
                size * (size - 1) / 2
            )
        })
        .collect();
    let lines = run.lines();
    for section in ["Usando map:", "Usando apply_async:", "Usando map_async:"] {
        let at = lines.iter().position(|l| *l == section).unwrap();
        let after = &lines[at + 1..];
        let after = if section == "Usando map_async:" {
            &after[1..]
        } else {
            after
        };
        assert_eq!(&after[..10], expected.as_slice(), "{section}");
    }
}

/// Qué trabajador recibe la tarea envenenada depende de cuál quede libre antes.
const WORKER: (&str, &str) = (r"trabajador \d+", "trabajador N");
const REPLACEMENT: (&str, &str) = (r"lo sustituye el \d+", "lo sustituye el N");
/// Según el sistema, un proceso que aborta puede dejar además un volcado de memoria.
const CORE: (&str, &str) = (r" \(core dumped\)", "");

/// Los pasos de Collatz de cada tarea (27, 97, 871, 6171 y 77031 son récords
/// conocidos); la tarea 3 (n = 0) es la envenenada.
const STEPS: [Option<u32>; 10] = [
    Some(111),
    Some(118),
    Some(178),
    None,
    Some(261),
    Some(350),
    Some(0),
    Some(16),
    Some(19),
    Some(9),
];

#[test]
fn pool_de_procesos_sobrevive_a_un_trabajador_que_aborta() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-03-07-pool-de-procesos"),
        &[WORKER, REPLACEMENT, CORE],
    );
    let died = run.lines_starting("trabajador ");
    assert!(
        died[0].contains("murió con la tarea 3 (signal: 6 (SIGABRT)"),
        "{died:?}"
    );
    // Los dos que quedan al final (uno de ellos, el sustituto) salen solos por EOF.
    assert_eq!(run.lines_starting("trabajador ").len(), 3);
    run.line("Completadas 9 de 10; fallidas 1");
}

#[test]
fn pool_de_procesos_cada_tarea_tiene_su_resultado() {
    // Con un solo trabajador, si el pool no lo sustituyera no terminaría ninguna
    // tarea más después del veneno.
    let exe = Path::new(env!("CARGO_BIN_EXE_listado-03-07-pool-de-procesos"));
    for size in [1, 2, 3] {
        let outcome = listado_03_07::run_pool(exe, size).unwrap();
        assert_eq!(outcome.len(), 10);
        for (id, expected) in STEPS.iter().enumerate() {
            match (&outcome[&id], expected) {
                (Ok(steps), Some(expected)) => {
                    assert_eq!(steps, expected, "tarea {id}")
                }
                (Err(why), None) => assert!(why.contains("SIGABRT"), "{why}"),
                (got, _) => {
                    panic!("tarea {id} (n = {}): {got:?}", listado_03_07::JOBS[id])
                }
            }
        }
    }
}

#[test]
fn pool_de_procesos_no_deja_procesos() {
    leaves_nothing_behind(env!("CARGO_BIN_EXE_listado-03-07-pool-de-procesos"));
}
