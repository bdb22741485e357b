//! Capítulo 2: cada listado se ejecuta y se comprueba lo que enseña.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossbeam::channel::RecvTimeoutError;
use libro::outputs::THREAD_ID;
use libro::run::{Run, fails_with, number_after, recorded, shown, shown_failing_as};

#[path = "../listings/ch02-hilos/listado-02-04-parking-lot.rs"]
#[allow(dead_code)]
mod listado_02_04;

#[path = "../listings/ch02-hilos/listado-02-05-atomico.rs"]
#[allow(dead_code)]
mod listado_02_05;

#[path = "../listings/ch02-hilos/listado-02-07-cola-condvar.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_02_07;

#[path = "../listings/ch02-hilos/listado-02-08-productor-consumidor.rs"]
#[allow(dead_code)]
mod listado_02_08;

#[path = "../listings/ch02-hilos/listado-02-09-waitgroup.rs"]
#[allow(dead_code)]
mod listado_02_09;

#[path = "../listings/ch02-hilos/listado-02-10-pool-map.rs"]
#[allow(dead_code)]
mod listado_02_10;

#[path = "../listings/ch02-hilos/listado-02-11-pool-as-completed.rs"]
#[allow(dead_code)]
mod listado_02_11;

#[path = "../listings/ch02-hilos/listado-02-12-pool-desde-cero.rs"]
#[allow(dead_code)]
mod listado_02_12;

#[path = "../listings/ch02-hilos/listado-02-13-worker-pool.rs"]
#[allow(dead_code)]
mod listado_02_13;

#[path = "../listings/ch02-hilos/listado-02-14-pool-con-errores.rs"]
#[allow(dead_code)]
mod listado_02_14;

#[path = "../listings/ch02-hilos/listado-02-15-publicar-con-release.rs"]
#[allow(dead_code)]
mod listado_02_15;

#[path = "../listings/ch02-hilos/listado-02-16-reservar-ids.rs"]
#[allow(dead_code)]
mod listado_02_16;

/// Lo que escribe el propio listado: su salida sin los informes de pánico de Rust (la
/// línea en blanco, «thread '…' panicked at …», el mensaje y la nota sobre la traza).
fn without_panic_reports(run: &Run) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut message_follows = false;
    for line in run.lines() {
        if message_follows {
            message_follows = false;
        } else if line.starts_with("thread '") && line.contains(" panicked at ") {
            message_follows = true;
        } else if !line.is_empty()
            && !line.starts_with("note: run with `RUST_BACKTRACE")
        {
            lines.push(line);
        }
    }
    lines
}

/// Las líneas de `lines` que empiezan por `prefix`, en su orden.
fn lines_starting<'a>(lines: &[&'a str], prefix: &str) -> Vec<&'a str> {
    lines
        .iter()
        .copied()
        .filter(|l| l.starts_with(prefix))
        .collect()
}

/// El número que sigue a `before` en cada línea que empieza por `prefix`, ordenados.
fn sorted_numbers(lines: &[&str], prefix: &str, before: &str) -> Vec<u64> {
    let mut found: Vec<u64> = lines_starting(lines, prefix)
        .iter()
        .map(|l| number_after(l, before))
        .collect();
    found.sort();
    found
}

/// Los contadores de los listados 2-1, 2-4 y 2-5 acaban exactamente en 10 × 100.
fn counts_exactly_1000(run: Run) -> Run {
    assert_eq!(
        run.line("Valor esperado:"),
        "Valor esperado: 1000, valor actual: 1000"
    );
    run
}

#[test]
fn mutex_no_pierde_incrementos() {
    counts_exactly_1000(shown(
        env!("CARGO_BIN_EXE_listado-02-01-contador-mutex"),
        &[],
    ));
}

#[test]
fn std_envenena_el_mutex_y_parking_lot_no() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-02-03-envenenamiento"),
        &[THREAD_ID],
    );
    // El pánico no termina el programa: todo lo que imprime llega, en orden.
    assert_eq!(
        without_panic_reports(&run),
        [
            "Hilo transferencia-std: terminó con pánico",
            "std: lock() devuelve Err; el saldo quedó en 70",
            "std: tras clear_poison(), lock() da 70",
            "Hilo transferencia-parking-lot: terminó con pánico",
            "parking_lot: lock() no avisa y da 70",
        ]
    );
    // El nombre que da `thread::Builder` aparece en el mensaje del pánico.
    for name in ["transferencia-std", "transferencia-parking-lot"] {
        let expected = format!("thread '{name}' (");
        let reports = run.lines_starting(&expected);
        assert_eq!(reports.len(), 1, "{}", run.output);
    }
}

#[test]
fn parking_lot_cuenta_bien_y_try_lock_for_se_rinde() {
    let run = counts_exactly_1000(shown(
        env!("CARGO_BIN_EXE_listado-02-04-parking-lot"),
        &[],
    ));
    assert_eq!(
        lines_starting(&run.lines(), "try_lock_for:"),
        [
            "try_lock_for: ocupado; me rindo tras 50ms",
            "try_lock_for: conseguido, valor 1000",
        ]
    );
}

#[test]
fn try_lock_for_espera_su_plazo_antes_de_rendirse() {
    // El test retiene el cerrojo; otro hilo lo intenta. Rendirse antes de
    // `PATIENCE` sería un `try_lock()` que no espera nada.
    let counter = Arc::new(parking_lot::Mutex::new(0u64));
    let held = counter.lock();
    let (tx, rx) = crossbeam::channel::bounded(1);
    let other = Arc::clone(&counter);
    std::thread::spawn(move || {
        let start = std::time::Instant::now();
        listado_02_04::try_for_a_while(&other);
        let _ = tx.send(start.elapsed());
    });
    // Un límite generoso: si el intento no se rindiera nunca, el test fallaría aquí.
    let waited = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("try_for_a_while no se rindió");
    drop(held);
    assert!(
        waited >= listado_02_04::PATIENCE,
        "se rindió tras {waited:?}, antes de {:?}",
        listado_02_04::PATIENCE
    );
}

#[test]
fn atomico_no_pierde_incrementos() {
    counts_exactly_1000(shown(env!("CARGO_BIN_EXE_listado-02-05-atomico"), &[]));
}

#[test]
fn atomico_no_pierde_incrementos_aunque_dos_hilos_lean_a_la_vez() {
    // El trabajo de cada vuelta es una barrera: los dos hilos llegan juntos a cada
    // suma. Con `load`, el trabajo y `store` (la forma del `Counter` del listado
    // 2-1, sin cerrojo), los dos leerían el mismo valor y se perdería una suma en
    // cada vuelta, siempre; `fetch_add` no deja hueco entre leer y escribir.
    let together = std::sync::Barrier::new(2);
    let total = listado_02_05::count(2, 100, || {
        together.wait();
    });
    assert_eq!(total, 200);
    // Y diez hilos que salen juntos, sin barrera entre suma y suma: un `load` y un
    // `store` seguidos, sin nada en medio, pierden aquí cientos de miles de sumas.
    thread_local!(static STARTED: Cell<bool> = const { Cell::new(false) });
    let start = std::sync::Barrier::new(10);
    let total = listado_02_05::count(10, 100_000, || {
        if !STARTED.replace(true) {
            start.wait();
        }
    });
    assert_eq!(total, 1_000_000);
}

#[test]
fn rwlock_deja_leer_a_la_vez_y_escribir_en_exclusiva() {
    // Si dos lectores no pudieran estar dentro a la vez, la barrera no se abriría
    // y el listado no terminaría: `shown` falla tras su límite de tiempo.
    // Las cinco primeras líneas salen en cualquier orden: la máscara las iguala, y
    // el test comprueba después cuáles son.
    let any_order = (
        r"^(Lector \d ve la configuración v1|Escritor: hay lectores dentro, try_write\(\) no entra)$",
        "(lector o escritor, en cualquier orden)",
    );
    let run = shown(env!("CARGO_BIN_EXE_listado-02-06-rwlock"), &[any_order]);
    let lines = run.lines();
    // Los lectores y el intento del escritor ocurren a la vez: su orden varía.
    let mut inside: Vec<String> = lines[..5].iter().map(|l| l.to_string()).collect();
    inside.sort();
    let mut expected: Vec<String> = (0..4)
        .map(|id| format!("Lector {id} ve la configuración v1"))
        .collect();
    expected.push("Escritor: hay lectores dentro, try_write() no entra".into());
    expected.sort();
    assert_eq!(inside, expected);
    // La escritura llega solo cuando los cuatro lectores han salido.
    assert_eq!(
        lines[5..],
        ["Escritor: configuración cambiada a v2", "Al final: v2"]
    );
}

#[test]
fn cola_con_condvar_entrega_todo_antes_de_cerrar() {
    // El reparto entre consumidores varía; el total, no.
    let share = (
        r"^Consumidor (\d): \d+ elementos$",
        "Consumidor $1: N elementos",
    );
    let run = shown(env!("CARGO_BIN_EXE_listado-02-07-cola-condvar"), &[share]);
    let shares = |run: &Run| -> Vec<u64> {
        (0..3)
            .map(|id| run.number_after(&format!("Consumidor {id}:"), ":"))
            .collect()
    };
    let book = recorded("listado-02-07-cola-condvar", None);
    for run in [&run, &book] {
        assert_eq!(shares(run).iter().sum::<u64>(), 40);
        assert_eq!(run.number_after("Total consumido:", ":"), 40);
    }
    // La página comenta la salida que muestra: un consumidor se lo lleva todo.
    assert!(shares(&book).contains(&40), "{:?}", shares(&book));
}

/// Lo que un test espera, como mucho, a algo que tarda milisegundos antes de darlo por
/// colgado. Es un límite para un cuelgue, no una medida: con `RUST_BACKTRACE=1`, el
/// pánico de un trabajo del pool tarda un cuarto de segundo solo en resolver los
/// símbolos de su traza, y en una máquina cargada, más.
const HANG: Duration = Duration::from_secs(10);

/// Ejecuta `f` en otro hilo y espera su resultado como mucho [`HANG`]: una cola rota
/// tiene que hacer fallar el test, no colgarlo.
fn without_hanging<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = crossbeam::channel::bounded(1);
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(HANG) {
        Ok(value) => value,
        Err(RecvTimeoutError::Timeout) => {
            panic!("no respondió en {HANG:?}: se colgó")
        }
        Err(RecvTimeoutError::Disconnected) => panic!("entró en pánico"),
    }
}

#[test]
fn cola_con_condvar_cerrada_devuelve_lo_pendiente_y_luego_none() {
    let (drained, after) = without_hanging(|| {
        let queue = listado_02_07::WorkQueue::new();
        for item in 0..5 {
            queue.push(item);
        }
        queue.close();
        let drained: Vec<i32> = std::iter::from_fn(|| queue.pop()).collect();
        (drained, queue.pop())
    });
    assert_eq!(drained, [0, 1, 2, 3, 4]);
    assert_eq!(after, None, "una cola cerrada y vacía no bloquea");
}

#[test]
fn cola_con_condvar_despierta_a_los_consumidores_que_ya_esperan() {
    // Dos consumidores duermen en una cola vacía; cada uno envía lo que saca, y
    // `None` al final.
    let queue = Arc::new(listado_02_07::WorkQueue::new());
    let (tx, rx) = crossbeam::channel::unbounded();
    for _ in 0..2 {
        let (queue, tx) = (Arc::clone(&queue), tx.clone());
        std::thread::spawn(move || {
            loop {
                let item = queue.pop();
                let end = item.is_none();
                let _ = tx.send(item);
                if end {
                    break;
                }
            }
        });
    }
    let nothing_for = |ms| rx.recv_timeout(Duration::from_millis(ms)).is_err();
    // Una cola vacía y abierta no devuelve nada: en 100 ms, los dos ya duermen.
    assert!(nothing_for(100), "pop() no esperó en una cola vacía");
    // `push` despierta a uno de los que duermen.
    queue.push(7);
    assert_eq!(
        rx.recv_timeout(HANG),
        Ok(Some(7)),
        "push no despertó a nadie"
    );
    assert!(nothing_for(100), "un elemento, una entrega");
    // `close` despierta a los dos, y los dos ven el fin.
    queue.close();
    for _ in 0..2 {
        assert_eq!(rx.recv_timeout(HANG), Ok(None), "close no los despertó");
    }
}

/// Lo que producen los dos productores del listado 2-8, ordenado.
fn produced() -> Vec<u64> {
    (0..20).chain(100..120).collect()
}

#[test]
fn productores_y_consumidores_procesan_cada_elemento_una_vez() {
    // Productores y consumidores se intercalan en cualquier orden, y el reparto
    // varía: las máscaras igualan esas líneas y el test comprueba su contenido.
    let masks = [
        (
            r"^(Producido: \d+|consumidor-\d consumió: \d+)$",
            "(producido o consumido, en cualquier orden)",
        ),
        (
            r"^Elementos por consumidor: \[\d+, \d+, \d+\]$",
            "Elementos por consumidor: [N, N, N]",
        ),
    ];
    let run = shown(
        env!("CARGO_BIN_EXE_listado-02-08-productor-consumidor"),
        &masks,
    );
    let lines = run.lines();
    assert_eq!(sorted_numbers(&lines, "Producido:", ":"), produced());
    // Cada consumidor tiene su nombre; entre todos, lo producido, ni más ni menos.
    let mut consumed: Vec<u64> = (0..3)
        .flat_map(|id| {
            sorted_numbers(&lines, &format!("consumidor-{id} consumió:"), ":")
        })
        .collect();
    consumed.sort();
    assert_eq!(consumed, produced());
    assert_eq!(
        run.line("Elementos procesados:"),
        "Elementos procesados: 40 de 40"
    );
    // El reparto que muestra el libro, enmascarado al comparar, también suma 40.
    let book = recorded("listado-02-08-productor-consumidor", None);
    let split = book.line("Elementos por consumidor:");
    let total: u64 = split[split.find('[').unwrap() + 1..split.len() - 1]
        .split(", ")
        .map(|n| n.parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, 40, "{split}");
}

#[test]
fn una_pausa_larga_del_productor_no_termina_a_los_consumidores() {
    // En el original, una pausa mayor que el timeout de `get` terminaba a los
    // consumidores y dejaba elementos en la cola. Aquí no hay timeout que vencer.
    let consumed = listado_02_08::run(Duration::from_millis(300)).unwrap();
    let mut all: Vec<u64> = consumed.into_iter().flatten().map(u64::from).collect();
    all.sort();
    assert_eq!(all, produced());
}

#[test]
fn waitgroup_vuelve_cuando_todo_esta_procesado() {
    let run = shown(env!("CARGO_BIN_EXE_listado-02-09-waitgroup"), &[]);
    assert_eq!(
        run.lines(),
        [
            "wait() volvió con 40 de 40 elementos procesados",
            "Consumidores terminados",
        ]
    );
}

#[test]
fn waitgroup_vuelve_aunque_mueran_todos_los_consumidores() {
    // Los tres consumidores entran en pánico con su primer elemento. Sus fichas se
    // sueltan al desenrollarse, y las de los elementos que siguen en la cola, cuando
    // el canal se queda sin receptores: para eso suelta `main` su `rx`.
    let (tx, rx) = crossbeam::channel::bounded(1);
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| {
            listado_02_09::process_all(|item| panic!("el elemento {item} falló"))
        });
        let _ = tx.send(outcome.is_err());
    });
    let panicked = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("wait() no volvió: las fichas de la cola no se soltaron");
    assert!(
        panicked,
        "el scope debía propagar el pánico de los consumidores"
    );
}

/// Los números de tarea de las líneas «Resultado de tarea N: …», en orden de aparición.
fn task_order<'a>(results: impl IntoIterator<Item = &'a str>) -> Vec<u64> {
    results
        .into_iter()
        .filter(|l| l.starts_with("Resultado de tarea"))
        .map(|l| number_after(l, "tarea"))
        .collect()
}

/// Esperas inyectadas: la tarea 0 es la más lenta y la 1 la más rápida, con 150 ms
/// de margen entre una y otra para que el orden de llegada no dependa de la suerte.
fn slow_first() -> [Duration; 3] {
    [300, 0, 150].map(Duration::from_millis)
}

#[test]
fn map_devuelve_los_resultados_en_el_orden_de_las_tareas() {
    // El orden de «Ejecutando» varía; el de los resultados es la lección.
    let started = (r"^Ejecutando tarea \d+$", "Ejecutando tarea N");
    let run = shown(env!("CARGO_BIN_EXE_listado-02-10-pool-map"), &[started]);
    assert_eq!(task_order(run.lines()), (0..10).collect::<Vec<_>>());
    let results = listado_02_10::map_in_pool(&slow_first(), 3).unwrap();
    assert_eq!(task_order(results.iter().map(String::as_str)), [0, 1, 2]);
}

#[test]
fn as_completed_sigue_el_orden_en_que_terminan() {
    // Todo sale en el orden en que ocurre, y eso varía: la máscara iguala las líneas
    // y el orden de llegada se comprueba con esperas inyectadas, más abajo.
    let any_order = (
        r"^(Ejecutando tarea \d+|Resultado de tarea \d+: \d+ ms)$",
        "(inicio o resultado, según terminan)",
    );
    let run = shown(
        env!("CARGO_BIN_EXE_listado-02-11-pool-as-completed"),
        &[any_order],
    );
    let mut order = task_order(run.lines());
    order.sort();
    assert_eq!(order, (0..10).collect::<Vec<_>>(), "cada tarea, una vez");

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    let results = listado_02_11::submit_all(&pool, &slow_first());
    let arrived: Vec<String> = results.iter().collect();
    assert_eq!(task_order(arrived.iter().map(String::as_str)), [1, 2, 0]);
}

/// Una ejecución del listado 2-12: las líneas «unido», una por worker y en orden,
/// salen antes de que `main` siga, y cada trabajo se hace una vez. Devuelve cuántos
/// workers tenía el pool.
fn pool_joins_every_worker_and_does_every_job(run: &Run) -> u64 {
    let size = run.number_after("Pool con", "con");
    let lines = run.lines();
    let dropped = lines
        .iter()
        .position(|l| *l == "8 trabajos encolados; se suelta el pool")
        .expect("el listado suelta el pool");
    let joined: Vec<String> =
        (0..size).map(|id| format!("worker-{id} unido")).collect();
    assert_eq!(lines[dropped + 1..][..joined.len()], joined);
    let jobs = &lines[dropped + 1 + joined.len()..];
    assert_eq!(jobs.len(), 8, "{jobs:?}");
    for (n, line) in jobs.iter().enumerate() {
        let (job, worker) = line
            .strip_prefix("Trabajo ")
            .and_then(|rest| rest.split_once(" hecho por worker-"))
            .unwrap_or_else(|| panic!("línea inesperada: {line}"));
        assert_eq!(job, n.to_string());
        assert!(worker.parse::<u64>().unwrap() < size, "{line}");
    }
    size
}

#[test]
fn pool_desde_cero_une_cada_worker_y_hace_cada_trabajo() {
    // Qué worker hace cada trabajo varía; el orden de las líneas «unido», no. Hay un
    // worker, y una línea «unido», por núcleo: la salida del libro es de una máquina
    // de 2, y en otra cambia ese número (la función de arriba comprueba cada línea).
    let worker = (r" hecho por worker-\d+$", " hecho por worker-N");
    let size = (r"^Pool con \d+ workers$", "Pool con N workers");
    let joined = (r"^worker-\d+ unido$", "worker-N unido…");
    let run = shown(
        env!("CARGO_BIN_EXE_listado-02-12-pool-desde-cero"),
        &[worker, size, joined],
    );
    pool_joins_every_worker_and_does_every_job(&run);
    // La página dice que la salida que muestra es de una máquina de 2 núcleos.
    let book = recorded("listado-02-12-pool-desde-cero", None);
    assert_eq!(pool_joins_every_worker_and_does_every_job(&book), 2);
}

#[test]
fn pool_desde_cero_al_soltarse_termina_lo_encolado() {
    let done = Arc::new(Mutex::new(Vec::new()));
    let slow_ones_finished = Arc::new(AtomicUsize::new(0));
    let pool = listado_02_12::ThreadPool::new(3).unwrap();
    for job in 0..50 {
        let done = Arc::clone(&done);
        let slow_ones_finished = Arc::clone(&slow_ones_finished);
        pool.execute(move || {
            if job % 10 == 0 {
                std::thread::sleep(Duration::from_millis(20));
                slow_ones_finished.fetch_add(1, Ordering::SeqCst);
            }
            done.lock().unwrap().push(job);
        });
    }
    drop(pool);
    // Sin esperar nada más: si Drop no uniera a los workers, los trabajos lentos
    // seguirían durmiendo aquí y faltarían elementos.
    assert_eq!(slow_ones_finished.load(Ordering::SeqCst), 5);
    let mut done = done.lock().unwrap().clone();
    done.sort();
    assert_eq!(done, (0..50).collect::<Vec<_>>(), "cada trabajo, una vez");
}

#[test]
fn pool_desde_cero_sigue_con_un_worker_menos_tras_un_panico() {
    // El primer trabajo mata a su worker; el otro hace los demás, y soltar el pool
    // une a los dos sin colgarse ni entrar en pánico (el que cayó lo cuenta por la
    // salida de error).
    let done = without_hanging(|| {
        let (done_tx, done_rx) = crossbeam::channel::unbounded();
        let pool = listado_02_12::ThreadPool::new(2).unwrap();
        pool.execute(|| panic!("el trabajo 0 falló"));
        for job in 1..6 {
            let done_tx = done_tx.clone();
            pool.execute(move || done_tx.send(job).unwrap());
        }
        drop(pool);
        drop(done_tx);
        let mut done: Vec<u32> = done_rx.iter().collect();
        done.sort();
        done
    });
    assert_eq!(done, [1, 2, 3, 4, 5]);
}

/// Qué worker procesa cada tarea, y en qué orden salen esas líneas, varía.
const PROCESSES: (&str, &str) = (
    r"^worker-\d+ procesa la tarea \d+$",
    "worker-N procesa la tarea N",
);

#[test]
fn worker_pool_devuelve_el_doble_de_cada_tarea_ordenado() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-02-13-worker-pool"),
        &[PROCESSES],
    );
    let lines = run.lines();
    let expected: Vec<String> = (0..20)
        .map(|i| format!("Tarea {i} -> Resultado {}", 2 * i))
        .collect();
    assert_eq!(lines_starting(&lines, "Tarea "), expected);
    let processed = sorted_numbers(&lines, "worker-", "la tarea");
    assert_eq!(
        processed,
        (0..20).collect::<Vec<_>>(),
        "cada tarea, una vez"
    );

    let results = listado_02_13::worker_pool(20, None).unwrap();
    assert_eq!(results, (0..20).map(|i| (i, 2 * i)).collect());
}

#[test]
fn worker_pool_termina_con_el_panico_de_un_worker_en_lugar_de_colgarse() {
    // `shown_as` falla si el listado no termina dentro de su límite de tiempo.
    // Qué worker cae varía, y con él el nombre del hilo del pánico. La nota sobre
    // RUST_BACKTRACE es una escritura aparte, y la línea de otro worker puede salir
    // antes que ella: la máscara la iguala con las líneas de los workers.
    let worker_or_note = (
        r"^(worker-\d+ procesa la tarea \d+|note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace)$",
        "(un worker procesa una tarea, o la nota del pánico)",
    );
    let masks = [
        worker_or_note,
        THREAD_ID,
        (r"^thread 'worker-\d+'", "thread 'worker-N'"),
    ];
    let run = shown_failing_as(
        env!("CARGO_BIN_EXE_listado-02-13-worker-pool"),
        "panico",
        &masks,
    );
    assert!(!run.success, "el pánico debe llegar al proceso");
    // El pánico del worker, con su nombre, y el que relanza el scope en `main`.
    for expected in [
        "thread 'worker-",
        "la tarea 13 falló",
        "thread 'main'",
        "a scoped thread panicked",
    ] {
        assert!(
            run.output.contains(expected),
            "falta «{expected}»:\n{}",
            run.output
        );
    }
    // Sin resultados a medias: el pánico interrumpe `main` antes de imprimirlos.
    assert!(!run.output.contains("Resultado"), "{}", run.output);
}

#[test]
fn worker_pool_el_scope_propaga_el_panico_al_que_llama() {
    let (tx, rx) = crossbeam::channel::bounded(1);
    std::thread::spawn(move || {
        let outcome =
            std::panic::catch_unwind(|| listado_02_13::worker_pool(20, Some(13)));
        let _ = tx.send(outcome.is_err());
    });
    // Un límite generoso: si el pánico colgara el pool, el test fallaría aquí.
    let panicked = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("sin respuesta");
    assert!(panicked, "worker_pool debía propagar el pánico");
}

#[test]
fn worker_pool_rechaza_un_argumento_que_no_es_un_numero() {
    fails_with(
        env!("CARGO_BIN_EXE_listado-02-13-worker-pool"),
        &["trece"],
        "«trece» no es un número de tarea",
    );
}

#[test]
fn pool_con_errores_da_un_resultado_por_entrada_y_sigue_tras_cada_fallo() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-02-14-pool-con-errores"),
        &[THREAD_ID],
    );
    assert!(run.success, "un pánico en una tarea no tumba el pool");
    assert_eq!(
        run.line("\"0\""),
        r#""0" falló: Panicked("attempt to divide by zero")"#
    );
    assert_eq!(run.line("6 entradas"), "6 entradas: 3 bien, 3 con error");
}

#[test]
fn pool_con_errores_no_pierde_ningun_trabajo() {
    use listado_02_14::{JobError, worker_pool};
    // Cien entradas, una de cada siete falla y la 50 entra en pánico. Con un solo
    // worker, un `?` que lo parara en el primer error perdería todo lo que sigue;
    // con cuatro, perdería al menos las entradas que fallan.
    let job = |&n: &u32| {
        assert_ne!(n, 50, "la entrada 50 entra en pánico");
        if n % 7 == 0 {
            Err(format!("{n} es múltiplo de 7"))
        } else {
            Ok(n * 2)
        }
    };
    for workers in [1, 4] {
        let results =
            without_hanging(move || worker_pool((0..100).collect(), workers, job));
        let inputs: Vec<u32> = results.iter().map(|(input, _)| *input).collect();
        assert_eq!(
            inputs,
            (0..100).collect::<Vec<_>>(),
            "cada entrada, una vez y en orden"
        );
        for (input, outcome) in &results {
            let expected = match input {
                50 => Err(JobError::Panicked("assertion `left != right` failed: la entrada 50 entra en pánico\n  left: 50\n right: 50".to_string())),
                n if n % 7 == 0 => Err(JobError::Failed(format!("{n} es múltiplo de 7"))),
                n => Ok(n * 2),
            };
            assert_eq!(*outcome, expected, "entrada {input} con {workers} workers");
        }
        let failed = results
            .iter()
            .filter(|(_, outcome)| outcome.is_err())
            .count();
        assert_eq!(
            (results.len() - failed, failed),
            (84, 16),
            "ok + err = enviadas"
        );
    }
}

#[test]
fn release_y_acquire_publican_el_valor() {
    shown(
        env!("CARGO_BIN_EXE_listado-02-15-publicar-con-release"),
        &[],
    );
    // Muchas rondas con productor y consumidor a la vez: el consumidor que ve
    // `ready = true` ve siempre el valor. En x86 esto pasaría también con
    // `Relaxed` en `ready` (el procesador no reordena esas escrituras); lo que
    // demuestra que `Relaxed` no basta es el modelo de loom de abajo.
    for round in 1..=2_000 {
        let mailbox = listado_02_15::Mailbox::default();
        let start = std::sync::Barrier::new(2);
        let seen = std::thread::scope(|s| {
            let consumer = s.spawn(|| {
                start.wait();
                mailbox.wait(HANG)
            });
            start.wait();
            mailbox.publish(round);
            consumer.join().unwrap()
        });
        assert_eq!(seen, Some(round));
    }
}

#[test]
fn el_buzon_no_espera_para_siempre() {
    let mailbox = listado_02_15::Mailbox::default();
    assert_eq!(mailbox.wait(Duration::from_millis(20)), None);
}

/// El orden que usa el listado 2-15 en el acceso a `ready` que empieza por `call`.
fn ordering_in_listing(call: &str) -> loom::sync::atomic::Ordering {
    use loom::sync::atomic::Ordering;
    let source =
        include_str!("../listings/ch02-hilos/listado-02-15-publicar-con-release.rs");
    let after = source
        .split(call)
        .nth(1)
        .unwrap_or_else(|| panic!("el listado 2-15 no contiene «{call}»"));
    let name = after.split(')').next().unwrap();
    match name {
        "Relaxed" => Ordering::Relaxed,
        "Release" => Ordering::Release,
        "Acquire" => Ordering::Acquire,
        "AcqRel" => Ordering::AcqRel,
        "SeqCst" => Ordering::SeqCst,
        other => panic!("orden desconocido: {other}"),
    }
}

/// El protocolo del listado 2-15 bajo loom, que recorre todas las ejecuciones que
/// el modelo de memoria permite (no solo las que da este procesador). Entra en
/// pánico si en alguna el consumidor ve `ready = true` y no ve el valor.
fn mailbox_under_loom(
    store_ready: loom::sync::atomic::Ordering,
    load_ready: loom::sync::atomic::Ordering,
) {
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    loom::model(move || {
        let value = Arc::new(AtomicU64::new(0));
        let ready = Arc::new(AtomicBool::new(false));
        let producer = {
            let (value, ready) = (Arc::clone(&value), Arc::clone(&ready));
            loom::thread::spawn(move || {
                value.store(42, Ordering::Relaxed);
                ready.store(true, store_ready);
            })
        };
        if ready.load(load_ready) {
            assert_eq!(value.load(Ordering::Relaxed), 42, "ready sin el valor");
        }
        producer.join().unwrap();
    });
}

#[test]
fn loom_release_y_acquire_bastan_y_relaxed_no() {
    // Los órdenes que usa el listado, leídos de su código: en ninguna ejecución
    // posible falta el valor.
    mailbox_under_loom(
        ordering_in_listing("self.ready.store(true, Ordering::"),
        ordering_in_listing("self.ready.load(Ordering::"),
    );
    // Con `Relaxed` en `ready`, loom encuentra una en la que sí falta.
    use loom::sync::atomic::Ordering::{Acquire, Relaxed, Release};
    for (store, load) in [(Relaxed, Acquire), (Release, Relaxed), (Relaxed, Relaxed)]
    {
        let outcome = std::panic::catch_unwind(|| mailbox_under_loom(store, load));
        assert!(
            outcome.is_err(),
            "loom no encontró el fallo con {store:?}/{load:?}"
        );
    }
}

#[test]
fn reservar_ids_reparte_cada_id_una_vez_y_para_en_el_limite() {
    shown(env!("CARGO_BIN_EXE_listado-02-16-reservar-ids"), &[]);
    // Un límite pequeño: tres ids y después el error, sin dar la vuelta.
    let ids = listado_02_16::IdAllocator::new(3);
    assert_eq!(ids.allocate(), Ok(0));
    assert_eq!(ids.allocate(), Ok(1));
    assert_eq!(ids.allocate(), Ok(2));
    let exhausted = listado_02_16::Exhausted { limit: 3 };
    assert_eq!(ids.allocate(), Err(exhausted));
    assert_eq!(ids.allocate(), Err(listado_02_16::Exhausted { limit: 3 }));
    // El límite más alto posible: el último id es u32::MAX - 1 y `current + 1` no
    // desborda.
    let ids = listado_02_16::IdAllocator::new(u32::MAX);
    assert!(ids.allocate().is_ok());
}

#[test]
fn reservar_ids_no_repite_aunque_dos_hilos_lean_a_la_vez() {
    // Entre leer `next` y reservarlo, una barrera hace que los dos hilos lean
    // siempre el mismo valor: en cada vuelta, uno gana el compare_exchange y el
    // otro reintenta. Con un `store` en lugar del compare_exchange, los dos se
    // llevarían cada id. Los dos piden hasta el error, así que llegan a la
    // barrera el mismo número de veces.
    // Si un cambio los desacompasara, la barrera esperaría para siempre: el límite
    // de `without_hanging` lo convierte en un fallo.
    const LIMIT: u32 = 500;
    let got: Vec<Vec<u32>> = without_hanging(|| {
        let ids = listado_02_16::IdAllocator::new(LIMIT);
        let together = std::sync::Barrier::new(2);
        std::thread::scope(|s| {
            let workers: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        std::iter::from_fn(|| {
                            ids.allocate_after(|| {
                                together.wait();
                            })
                            .ok()
                        })
                        .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        })
    });
    let mut all: Vec<u32> = got.concat();
    all.sort();
    assert_eq!(all, (0..LIMIT).collect::<Vec<_>>());
    // Y ocho hilos sin barrera, que compiten como quieran.
    let ids = listado_02_16::IdAllocator::new(20_000);
    let mut all: Vec<u32> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    std::iter::from_fn(|| ids.allocate().ok()).collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    all.sort();
    assert_eq!(all, (0..20_000).collect::<Vec<_>>());
}

/// Compila `source` con `rustc --edition {edition}` en `dir`; `Ok` con la ruta del
/// binario, o `Err` con los errores del compilador.
fn compile_with_edition(
    dir: &std::path::Path,
    source: &std::path::Path,
    edition: &str,
) -> Result<std::path::PathBuf, String> {
    let binary = dir.join(format!("edicion-{edition}"));
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let output = std::process::Command::new(rustc)
        .args(["--edition", edition, "-o"])
        .arg(&binary)
        .arg(source)
        .output()
        .expect("no se pudo ejecutar rustc");
    if output.status.success() {
        Ok(binary)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// Las líneas que imprime `binary`, que debe terminar antes de [`HANG`]: si se cuelga,
/// el test lo mata y falla.
fn run_lines_without_hanging(binary: std::path::PathBuf) -> Vec<String> {
    let mut child = std::process::Command::new(binary)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + HANG;
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("el programa no terminó en {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn el_guard_se_suelta_donde_dice_el_libro() {
    let run = shown(env!("CARGO_BIN_EXE_listado-02-17-cuando-se-suelta"), &[]);
    // Las dos formas de `if let` que enseña la página.
    assert!(
        run.lines()
            .contains(&"if let m.lock()….pop(), en el cuerpo (2): tomado")
    );
    assert!(
        run.lines()
            .contains(&"let next = …; if let, en el cuerpo (1): libre")
    );
}

#[test]
fn en_la_edicion_2021_el_else_de_if_let_aun_tiene_el_cerrojo() {
    // El mismo listado, compilado con rustc en las dos ediciones. `state` usa
    // `try_lock`, que no espera: en 2021, el `lock()` del `else` se quedaría
    // esperando a un guard de su propio hilo, y el listado lo cuenta en lugar de
    // colgarse.
    let dir = tempfile::tempdir().unwrap();
    let source = libro::run::root()
        .join("listings/ch02-hilos/listado-02-17-cuando-se-suelta.rs");
    let lines_2024 = run_lines_without_hanging(
        compile_with_edition(dir.path(), &source, "2024").unwrap(),
    );
    let lines_2021 = run_lines_without_hanging(
        compile_with_edition(dir.path(), &source, "2021").unwrap(),
    );
    let book: Vec<String> = recorded("listado-02-17-cuando-se-suelta", None)
        .lines()
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert_eq!(lines_2024, book);
    let differ: Vec<(&String, &String)> = lines_2024
        .iter()
        .zip(&lines_2021)
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(lines_2024.len(), lines_2021.len());
    assert_eq!(
        differ,
        [(
            &"if let m.lock()….pop(), en el else: libre".to_owned(),
            &"if let m.lock()….pop(), en el else: tomado".to_owned()
        )]
    );
}

#[test]
fn en_la_edicion_2021_el_guard_de_la_expresion_final_vive_demasiado() {
    // La expresión final de un bloque: en 2021 sus temporales se sueltan después
    // que las variables del bloque, y el guard sobreviviría al `Mutex`.
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("final.rs");
    std::fs::write(
        &source,
        "use std::sync::Mutex;\n\
         fn len() -> usize {\n    let m = Mutex::new(vec![1, 2, 3]);\n    m.lock().unwrap().len()\n}\n\
         fn main() {\n    println!(\"{}\", len());\n}\n",
    )
    .unwrap();
    let error = compile_with_edition(dir.path(), &source, "2021").unwrap_err();
    assert!(
        error.contains("error[E0597]: `m` does not live long enough"),
        "{error}"
    );
    let binary = compile_with_edition(dir.path(), &source, "2024").unwrap();
    assert_eq!(run_lines_without_hanging(binary), ["3"]);
}
