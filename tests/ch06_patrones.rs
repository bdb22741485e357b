//! Capítulo 6: cada patrón se ejecuta y se comprueba lo que enseña. Los tiempos de
//! async se miden con el reloj de Tokio pausado: son exactos y no dependen de la carga.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use libro::outputs::THREAD_ID;
use libro::run::{shown, shown_as};
use tokio::time::Instant;

#[path = "../listings/ch06-patrones/listado-06-01-pipeline.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_06_01;

#[path = "../listings/ch06-patrones/listado-06-02-pipeline-hilos.rs"]
#[allow(dead_code)]
mod listado_06_02;

#[path = "../listings/ch06-patrones/listado-06-03-fan-out-fan-in.rs"]
#[allow(dead_code)]
mod listado_06_03;

#[path = "../listings/ch06-patrones/listado-06-04-actor.rs"]
#[allow(dead_code)]
mod listado_06_04;

/// Un límite que solo vence si algo se queda esperando para siempre; con el reloj
/// detenido, vence en cuanto no queda nada más que hacer.
const BOUND: Duration = Duration::from_secs(60);

/// `(2x + 10)²`, la cuenta que hace el pipeline, hecha de una vez.
fn sequential(inputs: &[i64]) -> Vec<i64> {
    inputs.iter().map(|x| (2 * x + 10).pow(2)).collect()
}

/// Entradas que anotan cuántas se han leído y en qué instante.
fn recorded_inputs(
    n: usize,
    bad: Option<usize>,
) -> (
    impl Iterator<Item = String> + Send,
    Arc<Mutex<Vec<Instant>>>,
) {
    let reads = Arc::new(Mutex::new(Vec::new()));
    let log = reads.clone();
    let inputs = (0..n).map(move |i| {
        log.lock().unwrap().push(Instant::now());
        if bad == Some(i) {
            format!("#{i}")
        } else {
            i.to_string()
        }
    });
    (inputs, reads)
}

#[test]
fn pipeline_muestra_resultados_y_error() {
    let run = shown(env!("CARGO_BIN_EXE_listado-06-01-pipeline"), &[]);
    let expected = format!("Entrada correcta: Ok({:?})", sequential(&[3, 7, 1, 42]));
    assert_eq!(run.line("Entrada correcta"), expected);
    assert_eq!(
        run.line("Entrada con un error"),
        r#"Entrada con un error: Err(NotANumber("tres"))"#
    );
}

#[tokio::test(start_paused = true)]
async fn el_pipeline_da_lo_mismo_que_la_cuenta_secuencial() {
    use listado_06_01::{CAPACITY, WORK, run};
    let (inputs, reads) = recorded_inputs(20, None);
    let start = Instant::now();
    let outputs = tokio::time::timeout(BOUND, run(inputs)).await.unwrap();
    let expected: Vec<i64> = sequential(&(0..20).collect::<Vec<_>>());
    assert_eq!(outputs, Ok(expected));
    // Cuatro etapas de 10 ms en cadena: el primero sale a los 40 ms y después uno
    // cada 10 ms, como en una cadena de montaje.
    assert_eq!(start.elapsed(), (4 + 19) * WORK);
    // Contrapresión: con las colas llenas, el productor espera. Lee la entrada 20
    // cuando ya han salido del pipeline las primeras: con canales sin límite, la
    // leería en el instante 0.
    let reads = reads.lock().unwrap();
    assert_eq!(reads.len(), 20);
    let last_read = reads[19] - start;
    let in_flight = 4 * (CAPACITY + 1) + CAPACITY; // en las etapas y en sus colas
    assert!(last_read >= (19 - in_flight as u32) * WORK, "{last_read:?}");
}

#[tokio::test(start_paused = true)]
async fn un_error_para_el_pipeline_en_los_dos_sentidos() {
    use listado_06_01::{PipelineError, WORK, run};
    let (inputs, reads) = recorded_inputs(1000, Some(3));
    let start = Instant::now();
    let result = tokio::time::timeout(BOUND, run(inputs)).await.unwrap();
    // El error llega a quien llamó: la primera etapa rechaza la entrada 3 a los
    // 40 ms, y las entradas 0 a 2, que ya la habían pasado, acaban su camino (la 2,
    // a los 60 ms) y se descartan...
    assert_eq!(result, Err(PipelineError::NotANumber("#3".to_string())));
    assert_eq!(start.elapsed(), 6 * WORK);
    // ...hacia atrás, el productor deja de leer: la 3 en la etapa, dos en su cola y
    // la que no pudo enviar;
    assert_eq!(reads.lock().unwrap().len(), 7);
    // ...y hacia delante, las etapas siguientes acaban al cerrarse su entrada: no
    // queda ninguna tarea viva.
    let metrics = tokio::runtime::Handle::current().metrics();
    assert_eq!(metrics.num_alive_tasks(), 0);
}

#[tokio::test(start_paused = true)]
async fn un_desbordamiento_es_un_error_de_la_etapa() {
    use listado_06_01::{PipelineError, run};
    // El doble de `i64::MAX` no cabe en un `i64`: la etapa del ×2 lo rechaza.
    let big = i64::MAX.to_string();
    let result = tokio::time::timeout(BOUND, run(["1".to_string(), big])).await;
    assert_eq!(result.unwrap(), Err(PipelineError::Overflow(i64::MAX)));
}

#[test]
fn pipeline_con_hilos_muestra_resultados_y_error() {
    let run = shown(env!("CARGO_BIN_EXE_listado-06-02-pipeline-hilos"), &[]);
    let expected = format!("Entrada correcta: Ok({:?})", sequential(&[3, 7, 1, 42]));
    assert_eq!(run.line("Entrada correcta"), expected);
    assert_eq!(
        run.line("Entrada con un error"),
        r#"Entrada con un error: Err(NotANumber("x"))"#
    );
}

#[test]
fn pipeline_con_hilos_da_lo_mismo_que_la_cuenta_secuencial() {
    let (inputs, _) = recorded_inputs(200, None);
    let outputs = listado_06_02::run(inputs, Duration::ZERO);
    assert_eq!(outputs, Ok(sequential(&(0..200).collect::<Vec<_>>())));
}

#[test]
fn con_hilos_el_error_tambien_para_al_productor() {
    use listado_06_02::{CAPACITY, PipelineError, run};
    // La primera etapa tarda 200 ms en rechazar la entrada 0. Mientras, el productor
    // llena la cola y se bloquea; con un canal sin límite, leería las mil.
    let (inputs, reads) = recorded_inputs(1000, Some(0));
    let result = run(inputs, Duration::from_millis(200));
    assert_eq!(result, Err(PipelineError::NotANumber("#0".to_string())));
    let read = reads.lock().unwrap().len();
    assert!(read <= CAPACITY + 2, "el productor leyó {read}");
}

/// Un `process` que cuenta cuántas tareas hay en marcha y cuántas veces se ve cada una.
#[derive(Clone, Default)]
struct Probe {
    now: Arc<AtomicUsize>,
    max: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<u32>>>,
}

impl Probe {
    fn process(
        &self,
        fail_on: Option<u32>,
    ) -> impl Fn(u32) -> ProbeFuture + Clone + Send + use<> {
        let probe = self.clone();
        move |task| {
            let probe = probe.clone();
            Box::pin(async move {
                let now = probe.now.fetch_add(1, SeqCst) + 1;
                probe.max.fetch_max(now, SeqCst);
                probe.seen.lock().unwrap().push(task);
                let result = listado_06_03::process(task, fail_on).await;
                probe.now.fetch_sub(1, SeqCst);
                result
            })
        }
    }

    /// Cada tarea vista una sola vez, y nunca más de cuatro a la vez.
    fn check(&self) {
        let mut seen = self.seen.lock().unwrap().clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..listado_06_03::TASKS).collect::<Vec<_>>());
        assert_eq!(self.max.load(SeqCst), listado_06_03::WORKERS);
    }
}

type ProbeFuture = std::pin::Pin<Box<dyn Future<Output = u32> + Send>>;

/// `{i: 2i}` para las veinte tareas.
fn doubles() -> BTreeMap<u32, u32> {
    (0..listado_06_03::TASKS).map(|t| (t, 2 * t)).collect()
}

#[test]
fn fan_out_muestra_los_veinte_resultados_tres_veces() {
    let run = shown(env!("CARGO_BIN_EXE_listado-06-03-fan-out-fan-in"), &[]);
    let map = format!("{:?}", doubles());
    assert_eq!(
        run.line("buffer_unordered:"),
        format!("buffer_unordered: {map}")
    );
    assert_eq!(
        run.line("JoinSet y semáforo:"),
        format!("JoinSet y semáforo: Ok({map})")
    );
    assert_eq!(run.line("Worker pool:"), format!("Worker pool: Ok({map})"));
}

#[test]
fn fan_out_con_un_panico_da_un_error() {
    let run = shown_as(
        env!("CARGO_BIN_EXE_listado-06-03-fan-out-fan-in"),
        "panico",
        &[THREAD_ID],
    );
    let error = r#"Err(Panicked("la tarea 13 falló"))"#;
    assert_eq!(
        run.line("JoinSet y semáforo:"),
        format!("JoinSet y semáforo: {error}")
    );
    assert_eq!(run.line("Worker pool:"), format!("Worker pool: {error}"));
}

// Veinte tareas de 10, 20, 30 y 40 ms (500 ms de trabajo): cuatro trabajadores que
// toman la siguiente en cuanto acaban una terminan a los 140 ms.
const FAN_OUT_TIME: Duration = Duration::from_millis(140);

/// Ejecuta una forma de fan-out con una sonda, y comprueba su resultado, que ve cada
/// tarea una vez y cuatro a la vez, y cuánto tarda.
async fn four_at_a_time<R>(fan_out: impl AsyncFnOnce(&Probe) -> R, expected: R)
where
    R: std::fmt::Debug + PartialEq,
{
    let probe = Probe::default();
    let start = Instant::now();
    let results = tokio::time::timeout(BOUND, fan_out(&probe)).await;
    assert_eq!(results.expect("el fan-out se quedó colgado"), expected);
    probe.check();
    assert_eq!(start.elapsed(), FAN_OUT_TIME);
}

#[tokio::test(start_paused = true)]
async fn buffer_unordered_ve_cada_tarea_una_vez_y_cuatro_a_la_vez() {
    let fan_out = async |probe: &Probe| {
        let process = probe.process(None);
        listado_06_03::with_buffer(20, async |t| process(t).await).await
    };
    four_at_a_time(fan_out, doubles()).await;
}

#[tokio::test(start_paused = true)]
async fn joinset_con_semaforo_ve_cada_tarea_una_vez_y_cuatro_a_la_vez() {
    let fan_out = async |probe: &Probe| {
        listado_06_03::with_joinset(20, probe.process(None)).await
    };
    four_at_a_time(fan_out, Ok(doubles())).await;
}

#[tokio::test(start_paused = true)]
async fn worker_pool_ve_cada_tarea_una_vez_y_cuatro_a_la_vez() {
    let fan_out = async |probe: &Probe| {
        listado_06_03::with_pool(20, probe.process(None)).await
    };
    four_at_a_time(fan_out, Ok(doubles())).await;
}

#[tokio::test(start_paused = true)]
async fn un_trabajador_que_cae_es_un_error_y_no_un_cuelgue() {
    use listado_06_03::{Panicked, with_joinset, with_pool};
    let expected = Err(Panicked("la tarea 13 falló".to_string()));
    let probe = Probe::default();
    let joinset =
        tokio::time::timeout(BOUND, with_joinset(20, probe.process(Some(13))));
    assert_eq!(
        joinset.await.expect("el JoinSet se quedó colgado"),
        expected
    );
    let probe = Probe::default();
    let pool = tokio::time::timeout(BOUND, with_pool(20, probe.process(Some(13))));
    assert_eq!(pool.await.expect("el pool se quedó colgado"), expected);
}

#[test]
fn las_calculadoras_acaban_en_su_estado() {
    let run = shown(env!("CARGO_BIN_EXE_listado-06-04-actor"), &[]);
    assert_eq!(run.line("Estados:"), "Estados: [Ok(3.5), Ok(3.5), Ok(3.5)]");
    assert_eq!(run.line("Reinicios:"), "Reinicios: 0");
}

#[test]
fn el_supervisor_reinicia_la_calculadora_que_cae() {
    let run = shown_as(
        env!("CARGO_BIN_EXE_listado-06-04-actor"),
        "panico",
        &[THREAD_ID],
    );
    assert_eq!(
        run.line("Estados:"),
        "Estados: [Ok(3.5), Ok(-1.5), Ok(3.5)]"
    );
    assert_eq!(run.line("Reinicios:"), "Reinicios: 1");
}

/// Las cuatro operaciones del original, que llevan una calculadora de 0 a 3.5.
const OPERATIONS: [(listado_06_04::Op, f64); 4] = {
    use listado_06_04::Op::*;
    [(Add, 5.0), (Multiply, 2.0), (Subtract, 3.0), (Divide, 2.0)]
};

/// Lo que hace `main` con `n` calculadoras: las cuatro operaciones sin esperar, los
/// estados, una división entre cero en la 0 y una suma más en cada una antes de
/// soltarlas. Devuelve los estados intermedios, cuándo llegaron y el informe.
async fn calculators(
    crash: Option<usize>,
) -> (
    Vec<Result<f64, listado_06_04::CalcError>>,
    Duration,
    listado_06_04::Report,
) {
    use listado_06_04::{CalcError, CalcHandle, Op, Supervisor};
    let (supervisor, handles) = Supervisor::start(3, crash);
    let supervisor = tokio::spawn(supervisor.wait());
    let start = Instant::now();
    for handle in &handles {
        for (op, value) in OPERATIONS {
            handle.tell(op, value).await.unwrap();
        }
    }
    let states = futures::future::join_all(handles.iter().map(CalcHandle::state));
    let states = tokio::time::timeout(BOUND, states)
        .await
        .expect("una calculadora no responde");
    let at = start.elapsed();
    let divided = handles[0].compute(Op::Divide, 0.0).await;
    assert_eq!(divided, Err(CalcError::DivisionByZero));
    for handle in &handles {
        handle.tell(Op::Add, 1.0).await.unwrap();
    }
    drop(handles);
    let report = tokio::time::timeout(BOUND, supervisor)
        .await
        .expect("el supervisor no terminó")
        .unwrap();
    (states, at, report)
}

#[tokio::test(start_paused = true)]
async fn cada_calculadora_atiende_sus_mensajes_en_orden() {
    use listado_06_04::WORK;
    let (states, at, report) = calculators(None).await;
    assert_eq!(states, [Ok(3.5), Ok(3.5), Ok(3.5)]);
    // Sin esperas: el estado llega en cuanto se han hecho las cuatro operaciones,
    // porque cada buzón atiende en orden de llegada.
    assert_eq!(at, 4 * WORK);
    let finals: Vec<(f64, usize)> = report
        .calculators
        .iter()
        .map(|c| (c.state, c.handled))
        .collect();
    // La división entre cero no cambia el estado, pero es un mensaje atendido más.
    assert_eq!(finals, [(4.5, 7), (4.5, 6), (4.5, 6)]);
    assert_eq!(report.restarts, 0);
}

#[tokio::test(start_paused = true)]
async fn lo_que_esta_en_cola_se_atiende_antes_de_terminar() {
    use listado_06_04::{Supervisor, WORK};
    let (supervisor, handles) = Supervisor::start(1, None);
    let start = Instant::now();
    for (op, value) in OPERATIONS {
        handles[0].tell(op, value).await.unwrap();
    }
    // Se sueltan los handles con las cuatro operaciones todavía en el buzón.
    drop(handles);
    let report = tokio::time::timeout(BOUND, supervisor.wait())
        .await
        .unwrap();
    assert_eq!(report.calculators[0].state, 3.5);
    assert_eq!(report.calculators[0].handled, 4);
    assert_eq!(start.elapsed(), 4 * WORK);
}

#[tokio::test(start_paused = true)]
async fn el_supervisor_reinicia_la_que_cae_con_el_mismo_buzon() {
    let (states, _, report) = calculators(Some(1)).await;
    // La 1 cae en su segundo mensaje (el ×2, que se pierde) y vuelve a empezar desde
    // 0 con lo que quedaba en su buzón: 0 − 3 = −3, / 2 = −1.5.
    assert_eq!(states, [Ok(3.5), Ok(-1.5), Ok(3.5)]);
    assert_eq!(report.restarts, 1);
    let finals: Vec<(f64, usize)> = report
        .calculators
        .iter()
        .map(|c| (c.state, c.handled))
        .collect();
    // La calculadora nueva atiende la resta, la división, el estado y la suma final.
    assert_eq!(finals, [(4.5, 7), (-0.5, 4), (4.5, 6)]);
}
