//! Capítulo 5: cada listado se ejecuta y se comprueba lo que enseña. Donde la lección
//! es que el hilo del runtime queda libre, el test lo comprueba con un orden forzado:
//! el trabajo que bloquea espera a que otra tarea haya corrido, con un plazo largo.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use libro::outputs::THREAD_ID;
use libro::run::{fails_with, measurement, number_after, shown, shown_failing_as};

#[path = "../listings/ch05-integracion/listado-05-01-executor.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_05_01;

#[path = "../listings/ch05-integracion/listado-05-02-latido.rs"]
#[allow(dead_code)]
mod listado_05_02;

#[path = "../listings/ch05-integracion/listado-05-03-runtime-en-hilo.rs"]
#[allow(dead_code)]
mod listado_05_03;

#[path = "../listings/ch05-integracion/listado-05-05-rayon-oneshot.rs"]
#[allow(dead_code)]
mod listado_05_05;

#[path = "../listings/ch05-integracion/listado-05-06-procesos.rs"]
#[allow(dead_code)]
mod listado_05_06;

/// Lo que espera, como mucho, un test a que ocurra algo que tarda milisegundos.
const PATIENCE: Duration = Duration::from_secs(5);

/// Los milisegundos medidos en tiempo real, que cambian en cada ejecución.
const MS: (&str, &str) = (r"\d+(\.\d+)? ms", "N ms");

/// Espera, bloqueando el hilo, a que `flag` se ponga a `true`; `false` si no pasa en
/// `PATIENCE`.
fn wait_for(flag: &AtomicBool) -> bool {
    let start = Instant::now();
    while !flag.load(SeqCst) {
        if start.elapsed() > PATIENCE {
            return false;
        }
        thread::sleep(Duration::from_millis(1));
    }
    true
}

/// Una tarea que marca `flag` en cuanto el runtime le deja ejecutarse.
fn other_task() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let mark = Arc::clone(&flag);
    tokio::spawn(async move { mark.store(true, SeqCst) });
    flag
}

#[test]
fn executor_devuelve_cada_resultado() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-05-01-executor"),
        &[MS, (r"(tarea IO-bound) \d", "$1 N")],
    );
    assert!(run.number_after("Resultado de spawn_blocking", "(") >= 200);
    let results = run.line("Resultados:");
    assert!(
        results.contains(
            r#"["resultado de IO 0", "resultado de IO 1", "resultado de IO 2"]"#
        ),
        "{results}"
    );
    // Cada tarea empieza y termina una vez.
    for id in 0..3 {
        for event in ["iniciando", "completada"] {
            let wanted = match event {
                "iniciando" => format!("Hilo: iniciando tarea IO-bound {id}"),
                _ => format!("Hilo: tarea IO-bound {id} completada"),
            };
            let count = run.lines().iter().filter(|l| **l == wanted).count();
            assert_eq!(count, if id == 0 { 2 } else { 1 }, "{wanted}");
        }
    }
}

#[tokio::test]
async fn las_tres_tareas_bloqueantes_estan_a_la_vez() {
    // Cada trabajo espera, bloqueando su hilo, a que lleguen los tres: solo lo
    // consiguen si están los tres en marcha al mismo tiempo.
    let arrived = Arc::new((std::sync::Mutex::new(0), std::sync::Condvar::new()));
    let job = move |id: u32| {
        let (count, all_in) = &*arrived;
        let mut count = count.lock().unwrap();
        *count += 1;
        all_in.notify_all();
        let (count, timeout) = all_in
            .wait_timeout_while(count, PATIENCE, |c| *c < 3)
            .unwrap();
        let company = if timeout.timed_out() { *count } else { 3 };
        format!("{id}: {company} a la vez")
    };
    let results = listado_05_01::in_parallel(3, job).await;
    assert_eq!(results, ["0: 3 a la vez", "1: 3 a la vez", "2: 3 a la vez"]);
}

#[test]
fn latido_se_para_si_la_llamada_bloquea_la_tarea() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-05-02-latido"),
        &[MS, (r"con spawn_blocking : +\d+", "con spawn_blocking : N")],
    );
    // Dentro de la tarea, el latido no llega a ejecutarse ni una vez: el hueco es la
    // llamada entera. Es un orden, no una velocidad: vale en cualquier máquina.
    let inside = run.line("dentro de la tarea");
    assert_eq!(number_after(inside, ":"), 0, "{inside}");
    let gap = number_after(inside, "mediana");
    assert!(gap >= listado_05_02::CALL.as_millis() as u64, "{inside}");
}

#[tokio::test]
async fn spawn_blocking_deja_correr_a_las_demas_tareas() {
    // El trabajo bloqueante espera a que otra tarea del mismo runtime (de un solo
    // hilo) se ejecute. Con `spawn_blocking` ocurre enseguida; si la llamada se
    // hiciera dentro de la tarea, la otra no podría ejecutarse hasta que acabara.
    let other_ran = other_task();
    let flag = Arc::clone(&other_ran);
    let saw_it = listado_05_02::off_runtime(move || wait_for(&flag)).await;
    assert!(
        saw_it,
        "la otra tarea no se ejecutó mientras la llamada bloqueaba"
    );
}

#[tokio::test]
#[should_panic(expected = "fallo en la llamada")]
async fn off_runtime_propaga_el_panico() {
    listado_05_02::off_runtime(|| panic!("fallo en la llamada")).await
}

#[tokio::test(start_paused = true)]
async fn con_un_await_el_latido_no_pierde_el_ritmo() {
    // Con el reloj detenido: un trabajo que espera con `.await` deja latir a la otra
    // tarea exactamente cada `BEAT`.
    let beats = listado_05_02::beside_heartbeat(async || {
        tokio::time::sleep(listado_05_02::CALL).await
    })
    .await;
    assert_eq!(beats.longest_gap, listado_05_02::BEAT);
    assert!((19..=20).contains(&beats.during), "{}", beats.during);
}

#[test]
fn latido_medido_en_release() {
    let measured = measurement("listado-05-02-latido", "medicion");
    assert_eq!(measured.args.len(), 1, "{}", measured.command);
    let rounds = &measured.args[0];
    let lines: Vec<&str> = measured.lines.iter().map(String::as_str).collect();
    assert!(
        lines[1].starts_with(&format!("Rondas: {rounds};")),
        "{}",
        lines[1]
    );
    let off = lines[2];
    let inside = lines[3];
    assert!(off.starts_with("con spawn_blocking"), "{off}");
    assert!(inside.starts_with("dentro de la tarea"), "{inside}");
    assert_eq!(number_after(inside, ":"), 0, "{inside}");
    assert!(number_after(off, ":") > 0, "{off}");
    for section in [
        "uname -sr",
        "rustc --version",
        "lscpu | grep 'Model name'",
        "nproc",
    ] {
        assert!(
            measured.machine_says(section).is_some(),
            "sin `$ {section}`"
        );
    }
}

#[test]
fn latido_rechaza_rondas_no_validas() {
    let bin = env!("CARGO_BIN_EXE_listado-05-02-latido");
    fails_with(bin, &["muchas"], "«muchas» no es un número de rondas");
    fails_with(bin, &["0"], "hace falta al menos una ronda");
}

#[test]
fn runtime_en_hilo_da_los_dos_resultados() {
    let run = shown(env!("CARGO_BIN_EXE_listado-05-03-runtime-en-hilo"), &[]);
    let results = run.lines_starting("Resultado del hilo:");
    assert_eq!(
        results,
        [
            "Resultado del hilo: resultado asíncrono (runtime propio)",
            "Resultado del hilo: resultado asíncrono (Handle::block_on)",
        ]
    );
}

#[test]
fn un_runtime_dentro_de_otro_entra_en_panico() {
    let run = shown_failing_as(
        env!("CARGO_BIN_EXE_listado-05-03-runtime-en-hilo"),
        "anidado",
        &[THREAD_ID],
    );
    assert!(
        run.output
            .contains("Cannot start a runtime from within a runtime")
    );
    // La función falla al llamarla desde async, antes de que haga nada.
    assert!(!run.output.contains("Corrutina"), "{}", run.output);
}

#[test]
fn runtime_en_hilo_rechaza_otro_argumento() {
    let bin = env!("CARGO_BIN_EXE_listado-05-03-runtime-en-hilo");
    fails_with(bin, &["otro"], "argumento desconocido: «otro»");
}

#[test]
fn un_runtime_propio_funciona_en_un_hilo_normal() {
    let result = thread::spawn(listado_05_03::with_own_runtime)
        .join()
        .unwrap();
    assert_eq!(result.unwrap(), "resultado asíncrono (runtime propio)");
}

#[test]
fn esperar_el_hilo_con_await_no_bloquea_el_runtime() {
    // En un runtime de un solo hilo, `Handle::block_on` no mueve los temporizadores:
    // el `sleep` del hilo solo avanza si el hilo del runtime está libre esperando el
    // `oneshot`. Si lo bloqueara (un `join()` del hilo dentro de async), nunca
    // terminaría: el test lo ejecuta aparte y le da un plazo.
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let result = runtime.block_on(async {
            let handle = tokio::runtime::Handle::current();
            listado_05_03::from_plain_thread(handle).await.unwrap()
        });
        let _ = tx.send(result);
    });
    let result = rx
        .recv_timeout(PATIENCE)
        .expect("el runtime quedó bloqueado");
    assert_eq!(result, "resultado asíncrono (Handle::block_on)");
}

#[test]
fn rayon_oneshot_calcula_en_los_hilos_de_rayon() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-05-05-rayon-oneshot"),
        &[(r"hilo \d+ de rayon", "hilo N de rayon")],
    );
    let sum = listado_05_05::N * (listado_05_05::N - 1) / 2;
    assert_eq!(run.lines_starting("Tarea ").len(), 4);
    for line in run
        .lines_starting("Tarea ")
        .iter()
        .chain(&[run.line("Resultado:")])
    {
        assert!(line.contains(&format!(": {sum} (hilo ")), "{line}");
    }
}

#[tokio::test]
async fn rayon_deja_correr_a_las_demas_tareas() {
    let other_ran = other_task();
    let flag = Arc::clone(&other_ran);
    let (on_rayon, saw_it) = listado_05_05::on_rayon(move || {
        (rayon::current_thread_index().is_some(), wait_for(&flag))
    })
    .await;
    assert!(on_rayon, "el cálculo no se hizo en un hilo de rayon");
    assert!(saw_it, "la otra tarea no se ejecutó mientras se calculaba");
}

#[tokio::test]
async fn un_panico_en_rayon_llega_a_quien_espera() {
    // Sin `catch_unwind`, rayon abortaría el proceso de tests entero.
    let task = tokio::spawn(listado_05_05::on_rayon(|| -> u64 {
        panic!("fallo en el cálculo")
    }));
    let error = task.await.unwrap_err();
    assert!(error.is_panic());
    let payload = error.into_panic();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"fallo en el cálculo"));
}

/// Si el proceso `pid` sigue vivo (existe y no es un zombi).
fn running(pid: u64) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => false,
        Ok(stat) => {
            // El estado va tras el nombre entre paréntesis: «pid (nombre) S …».
            let state = stat.rsplit(')').next().unwrap_or("").trim_start();
            !state.starts_with('Z') && !state.starts_with('X')
        }
    }
}

#[test]
fn procesos_calculan_y_ninguno_queda_vivo() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-05-06-procesos"),
        &[(r"proceso \d+", "proceso N")],
    );
    let sum = listado_05_06::N * (listado_05_06::N - 1) / 2;
    assert_eq!(run.line("Resultado:"), format!("Resultado: {sum}"));
    for id in 0..4 {
        assert_eq!(
            run.line(&format!("Tarea {id}:")),
            format!("Tarea {id}: Ok({sum})")
        );
    }
    let killed = run.line("Tarea 4:");
    assert!(
        killed.ends_with("no terminó en 300ms; muerto\")"),
        "{killed}"
    );
    let pid = number_after(killed, "proceso");
    let alive = running(pid);
    if alive {
        // Que no se quede calculando en la máquina de quien ejecuta los tests.
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status();
    }
    assert!(!alive, "el proceso {pid} siguió vivo después del listado");
}

#[tokio::test]
async fn un_hijo_devuelve_su_suma() {
    let exe = Path::new(env!("CARGO_BIN_EXE_listado-05-06-procesos"));
    let result = listado_05_06::run_in_process(exe, 1000, PATIENCE).await;
    assert_eq!(result, Ok(999 * 1000 / 2));
}

#[test]
fn procesos_rechazan_una_entrada_no_valida() {
    let bin = env!("CARGO_BIN_EXE_listado-05-06-procesos");
    fails_with(bin, &["tarea-cpu", "mucho"], "«mucho» no es un número");
    fails_with(
        bin,
        &["otro"],
        "uso: sin argumentos, o `tarea-cpu N`; no «otro»",
    );
}
