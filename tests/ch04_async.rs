//! Capítulo 4: cada listado se ejecuta y se comprueba lo que enseña. Los tiempos de
//! async se miden con el reloj de Tokio pausado: son exactos y no dependen de la carga.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::Duration;

use libro::outputs::THREAD_ID;
use libro::run::{number_after, recorded, shown};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

#[path = "../listings/ch04-async/listado-04-01-tres-formas.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_04_01;

#[path = "../listings/ch04-async/listado-04-02-perezosos.rs"]
#[allow(dead_code)]
mod listado_04_02;

#[path = "../listings/ch04-async/listado-04-06-errores-como-valores.rs"]
#[allow(dead_code)]
mod listado_04_06;

#[path = "../listings/ch04-async/listado-04-07-fallar-pronto.rs"]
#[allow(dead_code)]
mod listado_04_07;

#[path = "../listings/ch04-async/listado-04-08-joinset.rs"]
#[allow(dead_code)]
mod listado_04_08;

#[path = "../listings/ch04-async/listado-04-10-grupo-de-tareas.rs"]
#[allow(dead_code)]
mod listado_04_10;

#[path = "../listings/ch04-async/listado-04-11-semaforo-http.rs"]
#[allow(dead_code)]
mod listado_04_11;

#[path = "../listings/ch04-async/listado-04-12-permiso-antes-de-lanzar.rs"]
#[allow(dead_code)]
mod listado_04_12;

#[path = "../listings/ch04-async/listado-04-13-productor-consumidor.rs"]
#[allow(dead_code)]
mod listado_04_13;

#[path = "../listings/ch04-async/listado-04-14-timeout.rs"]
#[allow(dead_code)]
mod listado_04_14;

#[path = "../listings/ch04-async/listado-04-15-sobrevivir-al-timeout.rs"]
#[allow(dead_code)]
mod listado_04_15;

#[path = "../listings/ch04-async/listado-04-16-abort.rs"]
#[allow(dead_code)]
mod listado_04_16;

#[path = "../listings/ch04-async/listado-04-17-plazo.rs"]
#[allow(dead_code)]
mod listado_04_17;

#[path = "../listings/ch04-async/listado-04-18-apagado-cooperativo.rs"]
#[allow(dead_code)]
mod listado_04_18;

#[path = "../listings/ch04-async/listado-04-19-seguridad-cancelacion.rs"]
#[allow(dead_code)]
mod listado_04_19;

#[path = "../listings/ch04-async/listado-04-20-apagado-completo.rs"]
#[allow(dead_code)]
mod listado_04_20;

#[path = "../listings/ch04-async/listado-04-22-dos-cerrojos.rs"]
#[allow(dead_code)]
mod listado_04_22;

#[path = "../listings/ch04-async/listado-04-23-ceder.rs"]
#[allow(dead_code)]
mod listado_04_23;

/// Los milisegundos medidos en tiempo real, que cambian en cada ejecución.
const MS: (&str, &str) = (r"\d+ ms", "N ms");

/// Cuenta los futures vivos (creados y aún sin soltar) y el máximo que hubo a la vez.
#[derive(Clone, Default)]
struct Live(Arc<(AtomicUsize, AtomicUsize)>);

struct LiveGuard(Live);

impl Live {
    /// Un guard que cuenta un future vivo mientras no se suelte.
    fn guard(&self) -> LiveGuard {
        let now = self.0.0.fetch_add(1, SeqCst) + 1;
        self.0.1.fetch_max(now, SeqCst);
        LiveGuard(self.clone())
    }

    fn now(&self) -> usize {
        self.0.0.load(SeqCst)
    }

    fn max(&self) -> usize {
        self.0.1.load(SeqCst)
    }
}

impl Drop for LiveGuard {
    fn drop(&mut self) {
        self.0.0.0.fetch_sub(1, SeqCst);
    }
}

/// Las líneas de `lines` que son exactamente una de `words`, en orden.
fn only<'a>(lines: &[&'a str], words: &[&str]) -> Vec<&'a str> {
    lines
        .iter()
        .copied()
        .filter(|l| words.contains(l))
        .collect()
}

/// Ejecuta `future` en un runtime de un hilo con el reloj de Tokio detenido: lo que da
/// un listado en tiempo virtual, que no depende de la carga de la máquina. Para los
/// tests que ejecutan además el listado en tiempo real.
fn on_paused_clock<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("un runtime con el reloj detenido")
        .block_on(future)
}

/// Lo que imprime el test `name` de este binario cuando se ejecuta solo, en otro
/// proceso y sin que libtest se quede su salida: así un test lee lo que un listado
/// escribe con `println!` con el reloj detenido, que en su propio proceso no puede.
fn printed_by_test(name: &str) -> Vec<String> {
    let test = std::env::current_exe().expect("la ruta de este binario de tests");
    let output = std::process::Command::new(test)
        .args(["--exact", name, "--nocapture", "--test-threads=1", "-q"])
        .output()
        .expect("ejecutar este binario de tests");
    let stdout = String::from_utf8(output.stdout).expect("salida UTF-8");
    assert!(output.status.success(), "{name}:\n{stdout}");
    stdout.lines().map(str::to_owned).collect()
}

#[test]
fn tres_formas_imprimen_hello_antes_que_world() {
    // En tiempo real, una máquina cargada puede retrasar una tarea lo bastante (100 ms)
    // para que en las formas 2 y 3 «world» salga antes que «hello»: aquí solo la forma
    // 1 tiene un orden que no depende de la carga.
    let word = (r"^(hello|world)$", "hello o world");
    let run = shown(env!("CARGO_BIN_EXE_listado-04-01-tres-formas"), &[word, MS]);
    let lines = run.lines();
    assert_eq!(
        lines[..2],
        ["hello", "world"],
        "forma 1: una espera tras otra"
    );
    for form in [&lines[3..5], &lines[6..8]] {
        let mut words = form.to_vec();
        words.sort();
        assert_eq!(words, ["hello", "world"], "{lines:?}");
    }
    assert!(run.number_after("Forma 1", ": ") >= 300);
    assert!(run.number_after("Forma 2", ": ") >= 200);
    let joined = run.line("Forma 3");
    assert!(
        joined.ends_with(r#"resultados: ["hello", "world"]"#),
        "{joined}"
    );
    // Con el reloj detenido, las esperas terminan en el orden de sus plazos, en las
    // tres formas: lo que muestra el libro.
    let printed = printed_by_test("tres_formas_con_el_reloj_detenido");
    let lines: Vec<&str> = printed.iter().map(String::as_str).collect();
    let words = only(&lines, &["hello", "world"]);
    assert_eq!(words, ["hello", "world"].repeat(3), "{printed:?}");
    let book = recorded("listado-04-01-tres-formas", None);
    assert_eq!(only(&book.lines(), &["hello", "world"]), words);
}

/// Las tres formas del listado 4-1, como las ejecuta su `main`, con el reloj detenido.
/// Lo que imprimen lo lee el test de arriba con [`printed_by_test`].
#[test]
fn tres_formas_con_el_reloj_detenido() {
    let unit = listado_04_01::UNIT;
    let elapsed = on_paused_clock(async {
        let first = listado_04_01::sequential().await;
        let second = listado_04_01::spawned().await;
        let (_, _, third) = listado_04_01::joined().await;
        [first, second, third]
    });
    assert_eq!(elapsed, [3 * unit, 2 * unit, 2 * unit]);
}

#[tokio::test(start_paused = true)]
async fn await_directo_suma_las_esperas() {
    let unit = listado_04_01::UNIT;
    assert_eq!(listado_04_01::sequential().await, 3 * unit);
}

#[tokio::test(start_paused = true)]
async fn spawn_y_join_solapan_las_esperas() {
    let unit = listado_04_01::UNIT;
    assert_eq!(listado_04_01::spawned().await, 2 * unit);
    let (a, b, elapsed) = listado_04_01::joined().await;
    assert_eq!(
        (a.as_str(), b.as_str(), elapsed),
        ("hello", "world", 2 * unit)
    );
}

#[test]
fn perezosos_no_empiezan_sin_await_y_sin_handle_siguen() {
    let run = shown(env!("CARGO_BIN_EXE_listado-04-02-perezosos"), &[]);
    assert_eq!(
        run.lines(),
        [
            "¿Había empezado antes del .await? false",
            "¿Y después? true; valor: 42",
            "La tarea sin JoinHandle terminó y envió 42",
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn un_future_empieza_con_el_primer_sondeo() {
    assert_eq!(listado_04_02::lazy().await, (false, true, 42));
}

#[tokio::test(start_paused = true)]
async fn soltar_el_join_handle_no_cancela_la_tarea() {
    let start = Instant::now();
    assert_eq!(listado_04_02::detached().await, Some(42));
    assert_eq!(start.elapsed(), listado_04_02::WAIT);
}

/// Lo que imprime el listado 4-6 para la tarea `id`.
fn line_4_06(id: u32) -> String {
    if listado_04_06::FAILING.contains(&id) {
        format!("Tarea {id}: falló (error en la tarea {id})")
    } else {
        format!("Tarea {id}: resultado de la tarea {id}")
    }
}

#[test]
fn errores_como_valores_da_cada_resultado_en_orden() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-04-06-errores-como-valores"),
        &[MS],
    );
    let lines = run.lines();
    let expected: Vec<String> = (0..10).map(line_4_06).collect();
    assert!(lines[0].starts_with("=== Una a una ("), "{}", lines[0]);
    assert_eq!(lines[1..11], expected);
    assert!(lines[11].starts_with("=== Con join_all ("), "{}", lines[11]);
    assert_eq!(lines[12..], expected);
}

/// Seis `Ok` y cuatro `Err`, cada uno en la posición de su tarea.
fn six_ok_four_err(results: &[Result<String, listado_04_06::TaskError>]) {
    assert_eq!(results.len(), 10);
    for (id, result) in (0..).zip(results) {
        if listado_04_06::FAILING.contains(&id) {
            assert_eq!(result, &Err(listado_04_06::TaskError(id)));
        } else {
            assert_eq!(result, &Ok(format!("resultado de la tarea {id}")));
        }
    }
}

#[tokio::test(start_paused = true)]
async fn una_a_una_es_secuencial() {
    let start = Instant::now();
    six_ok_four_err(&listado_04_06::one_by_one().await);
    // 10 + 9 + … + 1 unidades: cada espera empieza cuando acaba la anterior.
    assert_eq!(start.elapsed(), 55 * listado_04_06::UNIT);
}

#[tokio::test(start_paused = true)]
async fn join_all_espera_a_la_vez_y_guarda_cada_error() {
    let start = Instant::now();
    six_ok_four_err(&listado_04_06::all_at_once().await);
    // Lo que tarda la más lenta, la tarea 0.
    assert_eq!(start.elapsed(), 10 * listado_04_06::UNIT);
}

#[test]
fn fallar_pronto_cancela_futures_pero_no_tareas() {
    // En tiempo real, una máquina muy cargada puede dejar terminar alguna tarea más
    // antes de que se vea el error: esos dos recuentos no se comparan con el libro.
    let run = shown(
        env!("CARGO_BIN_EXE_listado-04-07-fallar-pronto"),
        &[
            (r"(con dos futures: TaskError\(4\); terminó) \d+", "${1} N"),
            (r"(con tareas: TaskError\(4\); terminaron) \d+", "${1} N"),
        ],
    );
    // `try_join_all` sondea sus futures en orden y vuelve en cuanto el 4 falla.
    let futures = run.line("try_join_all con futures:");
    assert_eq!(
        futures,
        "try_join_all con futures: TaskError(4); terminaron 5 de 10"
    );
    // «terminó 1 de 2» no se comprueba aquí: con mucha carga puede salir 2, que es
    // lo que daría un `try_join!` que no cancelara. Tampoco cuántas tareas lanzadas
    // habían terminado al llegar el error: cada una empieza a esperar cuando un hilo
    // del runtime la sondea por primera vez, y con 10 ms entre una y otra, un
    // retraso cambia el orden en que terminan. Los dos los fija, exactos, el reloj
    // detenido: los tests de abajo, y aquí, la salida del libro.
    let at_error =
        run.number_after("try_join_all con tareas: TaskError(4)", "terminaron");
    assert!((1..=10).contains(&at_error), "{at_error}");
    assert_eq!(run.number_after("Y las desenganchadas", "al final,"), 10);
    let (pair, spawned) = on_paused_clock(async {
        let (pair, spawned) = (Arc::new(AtomicUsize::new(0)), Arc::default());
        assert!(listado_04_07::pair(&pair).await.is_err());
        (pair.load(SeqCst), listado_04_07::spawned(&spawned).await)
    });
    let book = recorded("listado-04-07-fallar-pronto", None);
    assert_eq!(
        book.line("try_join! con dos futures:"),
        format!("try_join! con dos futures: TaskError(4); terminó {pair} de 2")
    );
    let (error, at_error) = spawned;
    assert_eq!(
        book.line("try_join_all con tareas:"),
        format!("try_join_all con tareas: {error:?}; terminaron {at_error} de 10")
    );
}

#[tokio::test(start_paused = true)]
async fn try_join_all_suelta_los_futures_pendientes() {
    let done = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let result = listado_04_07::futures(&done).await;
    assert_eq!(result, Err(listado_04_07::TaskError(4)));
    // El error llega cuando falla la tarea 4, a las 5 unidades, no al final.
    assert_eq!(start.elapsed(), 5 * listado_04_07::UNIT);
    assert_eq!(done.load(SeqCst), 5);
    // Las otras cinco no terminan nunca: sus futures ya no existen.
    tokio::time::sleep(100 * listado_04_07::UNIT).await;
    assert_eq!(done.load(SeqCst), 5);
}

#[tokio::test(start_paused = true)]
async fn try_join_suelta_el_otro_future() {
    let done = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    assert_eq!(
        listado_04_07::pair(&done).await,
        Err(listado_04_07::TaskError(4))
    );
    assert_eq!(start.elapsed(), 5 * listado_04_07::UNIT);
    tokio::time::sleep(100 * listado_04_07::UNIT).await;
    assert_eq!(done.load(SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn las_tareas_lanzadas_siguen_tras_el_error() {
    let done = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let (error, at_error) = listado_04_07::spawned(&done).await;
    assert_eq!((error, at_error), (listado_04_07::TaskError(4), 5));
    // `spawned` espera al final a las desenganchadas: la última termina a las 10.
    assert_eq!(start.elapsed(), 10 * listado_04_07::UNIT);
    assert_eq!(done.load(SeqCst), 10);
}

/// Lo que espera el listado 4-8, en orden de llegada: de la tarea 9 a la 0.
fn outcomes_4_08() -> Vec<listado_04_08::Outcome> {
    use listado_04_08::{Outcome, TaskError};
    (0..10)
        .rev()
        .map(|id| match id {
            5 => Outcome::Panicked,
            0 | 3 | 6 | 9 => Outcome::Failed(TaskError(id)),
            _ => Outcome::Done(format!("resultado de la tarea {id}")),
        })
        .collect()
}

#[test]
fn joinset_entrega_las_diez_tareas() {
    // En tiempo real el orden de llegada puede variar con la carga: el libro se
    // compara con cualquier orden, aquí se comprueba que llega cada una, y el orden
    // exacto lo fija el test con el reloj detenido.
    let any_order = (
        r#"^(Done\("resultado de la tarea \d"\)|Failed\(TaskError\(\d\)\)|Panicked)$"#,
        "<una tarea>",
    );
    let run = shown(
        env!("CARGO_BIN_EXE_listado-04-08-joinset"),
        &[THREAD_ID, any_order],
    );
    // La salida de errores trae, mezclado, el mensaje del pánico de la tarea 5.
    let outcome = |line: &&str| {
        ["Done(", "Failed(", "Panicked", "Cancelled"]
            .iter()
            .any(|variant| line.starts_with(variant))
    };
    let mut lines: Vec<&str> = run.lines().into_iter().filter(outcome).collect();
    let mut expected: Vec<String> =
        outcomes_4_08().iter().map(|o| format!("{o:?}")).collect();
    lines.sort_unstable();
    expected.sort_unstable();
    assert_eq!(lines, expected);
    assert!(
        run.line("thread 'tokio-rt-worker' (")
            .contains("panicked at listings/ch04-async/listado-04-08-joinset.rs")
    );
    assert!(
        run.lines()
            .contains(&"la tarea 5 encontró un estado imposible")
    );
}

#[tokio::test(start_paused = true)]
async fn joinset_ve_el_panico_como_join_error() {
    let start = Instant::now();
    assert_eq!(listado_04_08::outcomes().await, outcomes_4_08());
    assert_eq!(start.elapsed(), 10 * listado_04_08::UNIT);
}

#[test]
fn grupo_de_tareas_devuelve_el_primer_error() {
    let run = shown(env!("CARGO_BIN_EXE_listado-04-10-grupo-de-tareas"), &[MS]);
    assert!(
        run.line("Ok(")
            .starts_with(r#"Ok(["descarga 1", "descarga 2"])"#)
    );
    let failed = run.line("Err(");
    assert!(
        failed.starts_with(r#"Err("la descarga 2 falló")"#),
        "{failed}"
    );
    // Vuelve con el error, a los 100 ms, sin esperar a las de 300 y 500 ms. En tiempo
    // real solo se sabe que no es antes: una máquina cargada puede pararse más que
    // cualquier límite. El instante exacto, y que las demás se cancelan, lo fija el
    // test siguiente, con el reloj detenido.
    assert!(number_after(failed, "a los") >= 100, "{failed}");
}

/// Cómo acaba una tarea de prueba del grupo.
#[derive(Clone, Copy)]
enum End {
    Value,
    Error,
    Panic,
}

#[tokio::test(start_paused = true)]
async fn grupo_de_tareas_cancela_las_demas_en_el_primer_error() {
    use listado_04_10::all_or_first_error;
    let live = Live::default();
    let finished = Arc::new(AtomicUsize::new(0));
    let task = |ms: u64, end: End| {
        let (guard, finished) = (live.guard(), Arc::clone(&finished));
        async move {
            let _guard = guard;
            tokio::time::sleep(Duration::from_millis(ms)).await;
            finished.fetch_add(1, SeqCst);
            match end {
                End::Value => Ok(ms),
                End::Error => Err(ms),
                End::Panic => panic!("la tarea de {ms} ms entra en pánico"),
            }
        }
    };

    let start = Instant::now();
    let plan = [
        (50, End::Value),
        (1000, End::Value),
        (100, End::Error),
        (2000, End::Value),
    ];
    let result = all_or_first_error(plan.map(|(ms, end)| task(ms, end))).await;
    assert_eq!(result, Err(100));
    assert_eq!(
        start.elapsed(),
        Duration::from_millis(100),
        "no espera a la más lenta"
    );
    assert_eq!(
        finished.load(SeqCst),
        2,
        "las de 1000 y 2000 ms no terminan"
    );
    assert_eq!(live.now(), 0, "al volver, las canceladas ya se soltaron");

    // Sin errores, los valores en el orden de entrada, no en el de llegada.
    let plan = [(30, End::Value), (10, End::Value)];
    assert_eq!(
        all_or_first_error(plan.map(|(ms, end)| task(ms, end))).await,
        Ok(vec![30, 10])
    );

    // Un pánico sigue hacia quien espera, y también cancela a las demás.
    let plan = [(10, End::Panic), (1000, End::Value)];
    let group =
        tokio::spawn(all_or_first_error(plan.map(|(ms, end)| task(ms, end))));
    assert!(group.await.unwrap_err().is_panic());
    assert_eq!(live.now(), 0, "la de 1000 ms se canceló");
}

#[test]
fn semaforo_http_deja_tres_en_vuelo_y_cuenta_el_503_como_fallo() {
    let run = shown(env!("CARGO_BIN_EXE_listado-04-11-semaforo-http"), &[MS]);
    let lines = run.lines();
    for title in ["=== Con Semaphore ===", "=== Con buffer_unordered ==="] {
        let at = lines.iter().position(|l| *l == title).expect(title);
        assert_eq!(
            lines[at + 1..at + 4],
            [
                "Página 7: HTTP status server error (503 Service Unavailable)",
                "Consultas exitosas: 9/10",
                "Máximo a la vez en el servidor: 3",
            ]
        );
        // Diez peticiones de 50 ms, de tres en tres: al menos cuatro rondas.
        let ms = number_after(lines[at + 4], "Tiempo total:");
        assert!(ms >= 4 * 50, "{title}: {ms} ms");
    }
}

/// El máximo que ve el servidor es el límite que pone el cliente, sea cual sea.
/// Tiempo real: el reloj detenido no sirve con sockets de verdad.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn el_servidor_ve_exactamente_el_limite_del_cliente() {
    use listado_04_11::{InFlight, PAGES, serve, with_buffer, with_semaphore};
    let stats = Arc::new(InFlight::default());
    let base = format!("http://{}", serve(stats.clone()).await.unwrap());
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .no_proxy()
        .build()
        .unwrap();
    for limit in [2, 5] {
        let max_seen = |fetched: Vec<listado_04_11::Fetched>| {
            let mut ids: Vec<u32> = fetched.iter().map(|(id, _)| *id).collect();
            ids.sort_unstable();
            assert_eq!(ids, (0..PAGES).collect::<Vec<_>>());
            stats.max.swap(0, SeqCst)
        };
        let wait = Duration::from_secs(20);
        let fetched =
            tokio::time::timeout(wait, with_semaphore(&client, &base, limit));
        assert_eq!(max_seen(fetched.await.unwrap()), limit);
        let fetched = tokio::time::timeout(wait, with_buffer(&client, &base, limit));
        assert_eq!(max_seen(fetched.await.unwrap()), limit);
    }
}

#[test]
fn permiso_antes_de_lanzar_procesa_las_mil_entradas() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-04-12-permiso-antes-de-lanzar"),
        &[MS],
    );
    assert!(
        run.line("1000 resultados")
            .starts_with("1000 resultados, suma 333833500,")
    );
}

#[tokio::test(start_paused = true)]
async fn permiso_antes_de_lanzar_nunca_deja_mas_de_n_tareas_vivas() {
    let live = Live::default();
    let work = |n: u64| {
        let guard = live.guard(); // justo antes de lanzar: cuenta desde que existe
        async move {
            let _guard = guard;
            tokio::time::sleep(Duration::from_millis(10 + n % 3)).await;
            n
        }
    };
    let mut results = listado_04_12::bounded(0..200, 5, work).await.unwrap();
    results.sort();
    assert_eq!(
        results,
        (0..200).collect::<Vec<_>>(),
        "cada entrada, una vez"
    );
    // Con el permiso tomado dentro de la tarea, las 200 existirían a la vez.
    assert_eq!(live.max(), 5, "nunca más de 5 tareas vivas");
    assert_eq!(live.now(), 0);
}

#[test]
fn productor_consumidor_consume_los_quince() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-04-13-productor-consumidor"),
        &[(r"a los \d+ ms", "a los N ms")],
    );
    assert_eq!(run.line("Consumidos"), "Consumidos 15 de 15, 15 distintos");
    // Cinco elementos cada 10 ms: nunca antes de 50 ms, con cola llena o sin ella.
    assert!(run.number_after("Los productores terminaron", "a los") >= 50);
}

/// Los quince elementos que producen los tres productores, ordenados.
fn fifteen_items() -> Vec<String> {
    let mut items: Vec<String> = (0..3)
        .flat_map(|p| (0..5).map(move |i| format!("productor {p} - elemento {i}")))
        .collect();
    items.sort();
    items
}

/// `run` con un límite: si el canal no se cerrara (un `drop((tx, rx))` olvidado),
/// los consumidores esperarían para siempre. Con el reloj detenido, el límite vence
/// en cuanto no queda nada más que hacer, sin esperar de verdad.
async fn run_4_11(capacity: usize) -> (Duration, Duration, Vec<String>) {
    let bound = Duration::from_secs(60);
    tokio::time::timeout(bound, listado_04_13::run(capacity))
        .await
        .expect("el canal no se cerró: los consumidores siguen esperando")
}

#[tokio::test(start_paused = true)]
async fn cada_elemento_se_consume_exactamente_una_vez() {
    let (_, _, mut consumed) = run_4_11(10).await;
    consumed.sort();
    assert_eq!(consumed, fifteen_items());
}

#[tokio::test(start_paused = true)]
async fn sin_consumidores_el_productor_para_sin_panico() {
    let (tx, rx) = async_channel::bounded(1);
    drop(rx);
    let producer = listado_04_13::producer(0, tx);
    let start = Instant::now();
    // El límite solo evita un cuelgue si el productor no se enterara.
    let stopped = tokio::time::timeout(Duration::from_secs(1), producer).await;
    assert!(stopped.is_ok(), "el productor siguió esperando");
    // Para en el primer envío que falla, a los 10 ms, y no intenta los otros cuatro.
    assert_eq!(start.elapsed(), listado_04_13::PRODUCE);
}

#[tokio::test(start_paused = true)]
async fn la_cola_llena_frena_a_los_productores() {
    let unit = listado_04_13::PRODUCE; // 10 ms
    // Sin límite práctico, los productores van a su ritmo: cinco elementos, 50 ms.
    let (producers, all, _) = run_4_11(100).await;
    assert_eq!(producers, 5 * unit);
    // Los dos consumidores toman un elemento cada 50 ms desde los 10 ms: el que más
    // procesa procesa ocho, y acaba a los 10 + 8 × 50 = 410 ms.
    assert_eq!(all, 41 * unit);
    // Con capacidad 10, a los 50 ms hay 10 en la cola y 2 en manos de los
    // consumidores: los tres últimos envíos esperan a que los consumidores tomen
    // otros dos (a los 60 ms) y uno más (a los 110 ms).
    let (producers, all, _) = run_4_11(10).await;
    assert_eq!(producers, 11 * unit);
    assert_eq!(all, 41 * unit);
}

#[test]
fn timeout_cancela_los_futures_que_no_terminaron() {
    // En tiempo real, si la máquina cargada retrasa el runtime más allá de los 400
    // ms, cuando despierta ya han vencido el plazo y la espera de la tarea 2, y
    // `timeout` sondea antes el `join_all`: la tarea 2 termina. Qué tareas terminan
    // lo fija el reloj detenido; aquí se comprueba lo que no depende de la carga.
    let outcome = (
        r"^(Tarea \d) (completada|cancelada)$",
        "$1 completada o cancelada",
    );
    let run = shown(env!("CARGO_BIN_EXE_listado-04-14-timeout"), &[outcome]);
    let lines = run.lines();
    assert_eq!(lines[0], "Timeout a los 300 ms: ningún resultado");
    // Cada tarea se anota una vez, al soltarse y en orden: primero las que
    // terminaron, luego las que se soltaron sin terminar. La 4 (600 ms) no termina:
    // si lo hiciera, `join_all` habría acabado y no habría timeout.
    let done = lines[1..]
        .iter()
        .take_while(|l| l.ends_with(" completada"))
        .count();
    let expected: Vec<String> = (0..5)
        .map(|id| {
            let how = if id < done { "completada" } else { "cancelada" };
            format!("Tarea {id} {how}")
        })
        .collect();
    assert_eq!(lines[1..], expected);
    assert!(done < 5, "{lines:?}");
    // El libro muestra lo que da el reloj detenido: terminan la 0 y la 1.
    let log = listado_04_14::Log::default();
    assert!(on_paused_clock(listado_04_14::all_with_timeout(&log)).is_err());
    let book = recorded("listado-04-14-timeout", None);
    assert_eq!(book.lines()[1..], *log.lock().unwrap());
    assert_eq!(
        book.lines()[1..3],
        ["Tarea 0 completada", "Tarea 1 completada"]
    );
}

#[tokio::test(start_paused = true)]
async fn timeout_suelta_join_all_al_vencer() {
    let log = listado_04_14::Log::default();
    let start = Instant::now();
    assert!(listado_04_14::all_with_timeout(&log).await.is_err());
    assert_eq!(start.elapsed(), listado_04_14::LIMIT);
    // Las que duran menos de 300 ms terminan; las demás se sueltan en su `.await`
    // en el instante del timeout, aunque `join_all` ya no devuelva nada de nadie.
    assert_eq!(
        *log.lock().unwrap(),
        [
            "Tarea 0 completada",
            "Tarea 1 completada",
            "Tarea 2 cancelada",
            "Tarea 3 cancelada",
            "Tarea 4 cancelada",
        ]
    );
}

#[test]
fn la_tarea_lanzada_sobrevive_al_timeout() {
    let run = shown(
        env!("CARGO_BIN_EXE_listado-04-15-sobrevivir-al-timeout"),
        &[MS],
    );
    let lines = run.lines();
    assert!(
        lines[0].ends_with("el timeout venció; la tarea siguió"),
        "{}",
        lines[0]
    );
    assert!(number_after(lines[0], "A los") >= 100);
    let last = lines[1];
    assert!(
        last.ends_with("la tarea entregó: resultado de la tarea 999"),
        "{last}"
    );
    assert!(number_after(last, "A los") >= 300);
}

#[tokio::test(start_paused = true)]
async fn el_timeout_vence_y_el_resultado_llega_despues() {
    use listado_04_15::{PATIENCE, WORK, survive_timeout};
    let (gave_up, finished, result) = survive_timeout().await;
    assert_eq!((gave_up, finished), (PATIENCE, WORK));
    assert_eq!(result, "resultado de la tarea 999");
}

#[tokio::test(start_paused = true)]
async fn un_timeout_sobre_el_handle_no_para_la_tarea_y_abort_si() {
    use tokio::time::{sleep, timeout};
    let done = Arc::new(AtomicUsize::new(0));
    let spawn_work = || {
        let done = Arc::clone(&done);
        tokio::spawn(async move {
            sleep(Duration::from_millis(300)).await;
            done.fetch_add(1, SeqCst);
        })
    };
    // `timeout(d, handle)`, por valor: al vencer suelta el handle, y la tarea sigue.
    assert!(
        timeout(Duration::from_millis(100), spawn_work())
            .await
            .is_err()
    );
    sleep(Duration::from_millis(300)).await;
    assert_eq!(done.load(SeqCst), 1, "terminó sin nadie que la esperara");
    // Con `&mut handle`, el handle sigue siendo tuyo, y `abort` la para.
    let mut handle = spawn_work();
    assert!(
        timeout(Duration::from_millis(100), &mut handle)
            .await
            .is_err()
    );
    handle.abort();
    assert!(handle.await.unwrap_err().is_cancelled());
    sleep(Duration::from_millis(300)).await;
    assert_eq!(done.load(SeqCst), 1, "la abortada no terminó");
}

#[test]
fn abort_cancela_las_pares_y_cierra_sus_conexiones() {
    // En tiempo real, una máquina cargada puede retrasar la tarea 0 (100 ms) más allá
    // de los 200 ms en que se abortan las pares que no han terminado, o retrasar ese
    // momento más allá de los 400 ms de la tarea 2: cómo acaban las pares no se
    // compara aquí con el libro. Las impares no se abortan nunca.
    let even = (r"^(Tarea [024]): .*$", "$1: Completed o Cancelled");
    let run = shown(env!("CARGO_BIN_EXE_listado-04-16-abort"), &[even]);
    let completed =
        |id| format!("Tarea {id}: Completed(\"resultado de la tarea {id}\")");
    for id in [1, 3] {
        assert_eq!(run.line(&format!("Tarea {id}:")), completed(id));
    }
    for id in [0, 2, 4] {
        let line = run.line(&format!("Tarea {id}:"));
        assert!(
            line == completed(id) || line == format!("Tarea {id}: Cancelled"),
            "{line}"
        );
    }
    assert_eq!(run.number_after("Conexiones abiertas al final", ":"), 0);
    // El libro muestra lo que da el reloj detenido.
    let statuses = on_paused_clock(listado_04_16::cancel_even(&Arc::default()));
    let book = recorded("listado-04-16-abort", None);
    for (id, status) in statuses.iter().enumerate() {
        let line = format!("Tarea {id}: {status:?}");
        assert_eq!(book.line(&format!("Tarea {id}:")), line);
    }
    assert_eq!(book.line("Tarea 2:"), "Tarea 2: Cancelled");
}

#[tokio::test(start_paused = true)]
async fn abort_da_is_cancelled_y_drop_limpia() {
    use listado_04_16::Status::{Cancelled, Completed};
    let open = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let statuses = listado_04_16::cancel_even(&open).await;
    let done = |id| Completed(format!("resultado de la tarea {id}"));
    // La 0 ya había terminado a los 200 ms; la 2 y la 4, no.
    assert_eq!(statuses, [done(0), done(1), Cancelled, done(3), Cancelled]);
    // Se esperó a la tarea 3, la última que no se canceló (500 ms).
    assert_eq!(start.elapsed(), Duration::from_millis(500));
    // Las tareas abortadas soltaron su conexión en el `.await` donde estaban.
    assert_eq!(open.load(SeqCst), 0);
}

#[test]
fn el_plazo_guarda_los_resultados_a_tiempo() {
    // En tiempo real, una máquina cargada puede retrasar la tarea 1 (250 ms) más allá
    // del plazo, o el plazo más allá de la tarea 2 (400 ms): cuántas llegan a tiempo
    // no se compara aquí con el libro. Lo fija el reloj detenido, más abajo.
    let masks = [
        (r"^Tarea \d a tiempo: .*$", "Tarea N a tiempo: …"),
        (r": \d tareas abortadas$", ": N tareas abortadas"),
    ];
    let run = shown(env!("CARGO_BIN_EXE_listado-04-17-plazo"), &masks);
    // Cada resultado es el de su tarea, ninguna llega dos veces, y las que llegan más
    // las abortadas son las cinco.
    let arrived: Vec<u64> = run
        .lines_starting("Tarea ")
        .iter()
        .map(|line| {
            let id = number_after(line, "Tarea");
            assert!(
                line.ends_with(&format!(": resultado de la tarea {id}")),
                "{line}"
            );
            id
        })
        .collect();
    let mut distinct = arrived.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), arrived.len(), "{arrived:?}");
    let late = run.number_after("A los 300 ms:", ":");
    assert_eq!(arrived.len() as u64 + late, 5, "{}", run.output);
    // El libro muestra lo que da el reloj detenido.
    let (arrived, late) = on_paused_clock(listado_04_17::within_deadline());
    let mut paused: Vec<String> = arrived
        .iter()
        .map(|(id, result)| format!("Tarea {id} a tiempo: {result}"))
        .collect();
    paused.push(format!("A los 300 ms: {late} tareas abortadas"));
    let book = recorded("listado-04-17-plazo", None);
    assert_eq!(book.lines(), paused);
    assert_eq!(
        paused,
        [
            "Tarea 0 a tiempo: resultado de la tarea 0",
            "Tarea 1 a tiempo: resultado de la tarea 1",
            "A los 300 ms: 3 tareas abortadas",
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn el_plazo_vence_a_los_300_ms_con_dos_resultados() {
    let start = Instant::now();
    let (arrived, late) = listado_04_17::within_deadline().await;
    let ids: Vec<usize> = arrived.iter().map(|(id, _)| *id).collect();
    assert_eq!((ids, late), (vec![0, 1], 3));
    // `shutdown` aborta y espera sin que pase el tiempo: el plazo manda.
    assert_eq!(start.elapsed(), listado_04_17::LIMIT);
}

/// Los trabajos terminados que imprime el listado 4-18 en la línea `prefix`.
fn jobs_after(run: &libro::run::Run, prefix: &str) -> Vec<u32> {
    let line = run.line(prefix);
    let list = &line[line.find('[').unwrap() + 1..line.find(']').unwrap()];
    list.split(", ")
        .filter(|n| !n.is_empty()) // `[]`: ninguno
        .map(|n| n.parse().unwrap())
        .collect()
}

#[test]
fn apagado_cooperativo_para_entre_trabajos() {
    // En tiempo real, una máquina cargada puede mover la parada de los 250 ms más
    // allá del final de un trabajo, o retrasar al trabajador: cuántos trabajos
    // termina cada forma no se compara aquí con el libro. Lo fija el reloj detenido.
    let jobs = (r"terminados \[[\d, ]*\]", "terminados [N, …]");
    let run = shown(
        env!("CARGO_BIN_EXE_listado-04-18-apagado-cooperativo"),
        &[jobs, MS],
    );
    // Los trabajos van en orden y sin huecos.
    for prefix in ["Con el token:", "Con abort:"] {
        let jobs = jobs_after(&run, prefix);
        assert_eq!(jobs, (0..jobs.len() as u32).collect::<Vec<_>>(), "{prefix}");
    }
    // El libro muestra los trabajos que da el reloj detenido: el token deja acabar
    // el trabajo 2, que va por la mitad; `abort` lo corta.
    let book = recorded("listado-04-18-apagado-cooperativo", None);
    for (prefix, cooperative, expected) in [
        ("Con el token:", true, vec![0, 1, 2]),
        ("Con abort:", false, vec![0, 1]),
    ] {
        let (paused, _) = on_paused_clock(listado_04_18::stop(cooperative));
        assert_eq!(jobs_after(&book, prefix), paused, "{prefix}");
        assert_eq!(paused, expected, "{prefix}");
    }
}

#[tokio::test(start_paused = true)]
async fn el_token_deja_acabar_el_trabajo_y_abort_no() {
    use listado_04_18::{JOB, STOP_AT, stop};
    // A los 250 ms va por la mitad del trabajo 2: el token lo deja acabar (300 ms).
    // A los 300 ms, el token y el trabajo 3 están listos a la vez; sin `biased;`,
    // `select!` elige al azar y cada vuelta acierta la mitad de las veces. Treinta
    // vueltas bien seguidas solo salen por suerte una vez de cada 2³⁰.
    for _ in 0..30 {
        assert_eq!(stop(true).await, (vec![0, 1, 2], 3 * JOB));
    }
    // `abort` lo corta en su `.await`, en el mismo instante en que se pide.
    assert_eq!(stop(false).await, (vec![0, 1], STOP_AT));
}

#[test]
fn select_con_recv_no_pierde_mensajes() {
    // En tiempo real, qué números pierde `read_pair` puede variar; con el reloj
    // detenido, los fija el test siguiente.
    let run = shown(
        env!("CARGO_BIN_EXE_listado-04-19-seguridad-cancelacion"),
        &[(r"^(Con read_pair en el select!: )\[.*\]$", "${1}[…]")],
    );
    assert_eq!(
        run.line("Con recv y el estado fuera:"),
        "Con recv y el estado fuera: [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9)]"
    );
    // Lo que pierde `read_pair` son medios pares: quedan pares de consecutivos.
    let line = run.line("Con read_pair en el select!:");
    let numbers: Vec<u32> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(
        numbers.chunks(2).all(|p| p.len() == 2 && p[1] == p[0] + 1),
        "{line}"
    );
    // La página explica la salida que muestra, la misma que da el reloj detenido:
    // faltan el 0 y el 5.
    let book = recorded("listado-04-19-seguridad-cancelacion", None);
    assert_eq!(
        book.line("Con read_pair en el select!:"),
        "Con read_pair en el select!: [(1, 2), (3, 4), (6, 7), (8, 9)]"
    );
}

#[tokio::test(start_paused = true)]
async fn read_pair_pierde_el_primero_de_un_par_a_medias() {
    // Los tics de los 50 y los 250 ms llegan con medio par leído (el 0 y el 5);
    // los de los 150 y los 350 ms, entre dos pares, y no cuestan nada.
    assert_eq!(
        listado_04_19::lossy().await,
        [(1, 2), (3, 4), (6, 7), (8, 9)]
    );
    let all: Vec<(u32, u32)> = (0..5).map(|i| (2 * i, 2 * i + 1)).collect();
    assert_eq!(listado_04_19::safe().await, all);
}

/// La línea `Stopped { … }` de una ejecución en tiempo real del listado 4-20. Los que
/// escuchan acaban su trabajo 100 ms después de la señal, a mitad del plazo de 200:
/// una máquina cargada puede retrasarlos más y el plazo los aborta. No se sabe cuántos
/// acaban; sí que son los cuatro, que ninguno entra en pánico y que el que no escucha
/// se aborta siempre.
fn stopped_4_20(line: &str) {
    let count = |field: &str| number_after(line, &format!("{field}:"));
    let (clean, panicked, aborted) =
        (count("clean"), count("panicked"), count("aborted"));
    assert_eq!((clean + aborted, panicked), (4, 0), "{line}");
    assert!(aborted >= 1, "{line}");
}

/// Lo que da el `main` del listado 4-20 con el reloj detenido: tres que escuchan, uno
/// que no, y la señal al cabo de un segundo.
fn stopped_4_20_on_paused_clock() -> String {
    use listado_04_20::{GRACE, shutdown};
    on_paused_clock(async {
        let (live, token) = (Live::default(), CancellationToken::new());
        let tasks = tasks_4_20(&live, &token, 3);
        let signal = tokio::time::sleep(Duration::from_secs(1));
        format!("{:?}", shutdown(signal, token, tasks, GRACE).await)
    })
}

#[test]
fn apagado_completo_sin_ctrl_c_se_para_solo() {
    let stopped = (r"^Stopped \{ .* \}$", "Stopped { … }");
    let run = shown(
        env!("CARGO_BIN_EXE_listado-04-20-apagado-completo"),
        &[stopped],
    );
    stopped_4_20(run.line("Stopped"));
    // El libro muestra lo que da el reloj detenido.
    let book = recorded("listado-04-20-apagado-completo", None);
    assert_eq!(book.line("Stopped"), stopped_4_20_on_paused_clock());
    assert_eq!(
        book.line("Stopped"),
        "Stopped { clean: 3, panicked: 0, aborted: 1 }"
    );
}

#[test]
fn apagado_completo_con_ctrl_c_de_verdad() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child =
        Command::new(env!("CARGO_BIN_EXE_listado-04-20-apagado-completo"))
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
    // La señal tiene que llegar antes de que venza el segundo del listado. Lanzar
    // `kill` en ese momento puede costar más que eso en una máquina cargada: el shell
    // ya está en marcha, esperando una línea, y `kill` es una orden suya.
    let mut killer = Command::new("sh")
        .args(["-c", "read go && kill -INT \"$1\"", "sh"])
        .arg(child.id().to_string())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    // El listado escribe esta línea después de instalar el manejador de Ctrl-C.
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_eq!(first, "En marcha; Ctrl-C para parar\n");
    killer.stdin.take().unwrap().write_all(b"ya\n").unwrap();
    assert!(killer.wait().unwrap().success());
    let reader = std::thread::spawn(move || {
        stdout.lines().map(Result::unwrap).collect::<Vec<String>>()
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("el listado no terminó tras Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let rest = reader.join().unwrap();
    assert!(status.success(), "{status}");
    assert_eq!(rest.len(), 2, "{rest:?}");
    assert_eq!(rest[0], "Ctrl-C: a parar");
    stopped_4_20(&rest[1]);
}

/// Las tareas del listado 4-20, cada una con un guard que dice si sigue viva.
fn tasks_4_20(
    live: &Live,
    token: &CancellationToken,
    workers: usize,
) -> JoinSet<()> {
    let mut tasks = JoinSet::new();
    for _ in 0..workers {
        let (guard, token) = (live.guard(), token.clone());
        tasks.spawn(async move {
            let _guard = guard;
            listado_04_20::worker(token).await;
        });
    }
    let guard = live.guard();
    tasks.spawn(async move {
        let _guard = guard;
        listado_04_20::deaf().await;
    });
    tasks
}

#[tokio::test(start_paused = true)]
async fn apagado_completo_aborta_al_vencer_el_plazo_lo_que_no_escucha() {
    use listado_04_20::{GRACE, Stopped, shutdown};
    let (live, token) = (Live::default(), CancellationToken::new());
    let tasks = tasks_4_20(&live, &token, 2);
    let start = Instant::now();
    let signal = tokio::time::sleep(Duration::from_millis(250));
    // Sin el plazo, la tarea que no escucha colgaría el apagado para siempre.
    let stopped = tokio::time::timeout(
        Duration::from_secs(60),
        shutdown(signal, token, tasks, GRACE),
    )
    .await
    .expect("el apagado no respetó su plazo");
    // Las que escuchan acaban su trabajo a los 300 ms; la otra se aborta a los 450.
    assert_eq!(
        stopped,
        Stopped {
            clean: 2,
            panicked: 0,
            aborted: 1
        }
    );
    assert_eq!(start.elapsed(), Duration::from_millis(250) + GRACE);
    assert_eq!(live.now(), 0, "al volver no queda nada en marcha");
}

#[tokio::test(start_paused = true)]
async fn apagado_completo_no_espera_el_plazo_si_todas_terminan() {
    use listado_04_20::{GRACE, Stopped, shutdown};
    let token = CancellationToken::new();
    let mut tasks = JoinSet::new();
    for _ in 0..2 {
        tasks.spawn(listado_04_20::worker(token.clone()));
    }
    let stubborn = token.clone();
    tasks.spawn(async move {
        stubborn.cancelled().await;
        panic!("una tarea falla al parar");
    });
    let start = Instant::now();
    let signal = tokio::time::sleep(Duration::from_millis(250));
    let stopped = shutdown(signal, token, tasks, GRACE).await;
    assert_eq!(
        stopped,
        Stopped {
            clean: 2,
            panicked: 1,
            aborted: 0
        }
    );
    assert_eq!(
        start.elapsed(),
        Duration::from_millis(300),
        "no agota el plazo"
    );
}

#[test]
fn dos_cerrojos_reparten_diez_numeros_y_mensajes_enteros() {
    // En tiempo real, qué tarea toma primero la conexión puede variar.
    let run = shown(
        env!("CARGO_BIN_EXE_listado-04-22-dos-cerrojos"),
        &[MS, (r"^Tarea \d:", "Tarea N:")],
    );
    assert_eq!(
        run.line("Números repartidos:"),
        "Números repartidos: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"
    );
    assert!(run.number_after("Diez peticiones", "atendidas en") >= 100);
    // Cada cabecera va seguida del cuerpo de la misma tarea.
    let lines = run.lines_starting("Tarea ");
    assert_eq!(lines.len(), 6);
    for pair in lines.chunks(2) {
        let id = &pair[0][..7];
        assert_eq!(pair, [format!("{id}: cabecera"), format!("{id}: cuerpo")]);
    }
}

#[tokio::test(start_paused = true)]
async fn el_guard_de_std_se_suelta_antes_de_esperar() {
    // Si alguna petición guardara el cerrojo mientras se atiende, las demás la
    // esperarían: diez peticiones tardarían diez veces más.
    let (numbers, elapsed) = listado_04_22::serve(10).await;
    assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
    assert_eq!(elapsed, listado_04_22::WORK);
}

#[tokio::test(start_paused = true)]
async fn el_cerrojo_de_tokio_dura_todo_el_mensaje() {
    // Las tareas piden el cerrojo en el orden en que se lanzaron, y el de Tokio lo
    // entrega en ese orden. Si se soltara entre las dos líneas, la tarea 1 escribiría
    // su cabecera en cuanto la 0 escribiera la suya, antes de su cuerpo.
    let (written, elapsed) = listado_04_22::send_messages(3).await;
    let expected: Vec<String> = (0..3)
        .flat_map(|id| {
            [
                format!("Tarea {id}: cabecera"),
                format!("Tarea {id}: cuerpo"),
            ]
        })
        .collect();
    assert_eq!(written, expected);
    // Una conexión, seis escrituras de una en una.
    assert_eq!(elapsed, 6 * listado_04_22::WRITE);
}

#[test]
fn ceder_deja_sonar_el_temporizador() {
    // Los milisegundos y los pasos de la versión que cede dependen de la máquina;
    // los fija, como cotas, el test siguiente.
    let run = shown(
        env!("CARGO_BIN_EXE_listado-04-23-ceder"),
        &[
            (r"a los \d+ ms", "a los N ms"),
            (r"tras \d+ pasos", "tras N pasos"),
        ],
    );
    assert!(run.line("Sin ceder:").ends_with("tras 20 pasos"));
    assert!(run.number_after("Sin ceder:", "sonó a los") >= 20);
    assert!(run.number_after("Con yield_now:", "tras") < 20);
}

/// Tiempo real, pero sin depender de la suerte: cada paso ocupa la CPU *al menos*
/// 1 ms, así que a los 6 pasos el temporizador ya ha vencido, y el runtime de un solo
/// hilo no hace nada más mientras el bucle no cede.
#[tokio::test(flavor = "current_thread")]
async fn un_bucle_sin_await_no_deja_sonar_el_temporizador() {
    use listado_04_23::{STEP, STEPS, TIMER, timer_and_loop};
    // Sin ceder, el temporizador suena cuando el bucle ya ha acabado sus 20 pasos.
    let (elapsed, done) = timer_and_loop(false).await;
    assert_eq!(done, STEPS);
    assert!(elapsed >= STEPS * STEP, "{elapsed:?}");
    // Con `yield_now`, cada paso devuelve el hilo al runtime, que mira los
    // temporizadores antes de seguir con el bucle: suena a mitad del cálculo.
    let (elapsed, done) = timer_and_loop(true).await;
    assert!(done < STEPS, "sonó tras {done} pasos");
    assert!(elapsed >= TIMER, "{elapsed:?}");
}
