//! El pipeline de principio a fin: resultados, líneas malas, errores fatales,
//! cancelación, contrapresión y pánicos.

mod comun;

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam::channel::{self, Receiver};
use ejercicio_4_pipeline::{
    BadRecord, CancellationToken, Pipeline, PipelineConfig, PipelineError,
    PipelineReport, Progress, Reading, Stage, sample,
};

use comun::files_in;

fn pipeline(config: PipelineConfig) -> Pipeline {
    Pipeline::new(config).unwrap()
}

/// Tres filtros, más que núcleos en la máquina de las mediciones: los tests prueban el
/// reparto igual en cualquier máquina, tenga los núcleos que tenga.
fn config(batch_size: usize, channel_capacity: usize) -> PipelineConfig {
    PipelineConfig {
        batch_size,
        channel_capacity,
        filter_workers: 3,
        ..PipelineConfig::default()
    }
}

/// `config` con `filter_workers` filtros, en lugar de uno por núcleo.
fn with_filters(config: PipelineConfig, filter_workers: usize) -> PipelineConfig {
    PipelineConfig {
        filter_workers,
        ..config
    }
}

/// El CSV de `readings` con líneas malas en las posiciones dadas (líneas desde 1,
/// la cabecera es la 1).
fn with_bad_lines(readings: &[Reading], bad: &[(usize, &str)]) -> String {
    let mut lines: Vec<String> = sample::to_csv(readings)
        .lines()
        .map(str::to_owned)
        .collect();
    for (line, text) in bad {
        lines[line - 1] = (*text).to_owned();
    }
    lines.join("\n")
}

#[test]
fn los_agregados_coinciden_con_un_calculo_independiente() {
    let readings = sample::readings(10_000, 42);
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let csv = sample::to_csv(&readings);
    let report = pipeline(PipelineConfig::default())
        .run(csv.as_bytes(), &output, &CancellationToken::new())
        .unwrap();

    // El cálculo independiente: sobre las lecturas generadas, sin CSV de por medio.
    let kept: Vec<&Reading> = readings
        .iter()
        .filter(|r| -55.0 <= r.value && r.value <= 125.0)
        .collect();
    let mut expected: BTreeMap<&str, (u64, f64, f64, f64)> = BTreeMap::new();
    for r in &kept {
        let e = expected.entry(&r.sensor).or_insert((
            0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
        ));
        *e = (e.0 + 1, e.1.min(r.value), e.2.max(r.value), e.3 + r.value);
    }
    assert_eq!(report.sensors.len(), 8);
    for (sensor, stats) in &report.sensors {
        let (count, min, max, sum) = expected[sensor.as_str()];
        assert_eq!((stats.count, stats.min, stats.max), (count, min, max));
        // El mismo orden de sumas que el archivo: iguales al bit, no «casi».
        assert_eq!(stats.sum, sum, "{sensor}");
        assert_eq!(stats.mean(), sum / count as f64);
    }
    assert_eq!(report.records, 10_000);
    assert!(report.bad.is_empty());
    assert_eq!(report.written, kept.len() as u64);
    assert_eq!(report.filtered, (readings.len() - kept.len()) as u64);
    assert!(report.filtered > 0, "los datos deben probar el filtro");

    // La salida: la cabecera y las lecturas válidas, en el orden del archivo.
    let text = std::fs::read_to_string(&output).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("sensor_id,timestamp_ms,value"));
    let written: Vec<Reading> = lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            Reading {
                sensor: fields[0].into(),
                timestamp_ms: fields[1].parse().unwrap(),
                value: fields[2].parse().unwrap(),
            }
        })
        .collect();
    assert_eq!(written, kept.into_iter().cloned().collect::<Vec<_>>());
    assert_eq!(files_in(dir.path()), ["salida.csv"]);
}

#[test]
fn el_pipeline_y_el_bucle_secuencial_dan_lo_mismo() {
    let readings = sample::readings(5_000, 3);
    let csv =
        with_bad_lines(&readings, &[(10, "x"), (2_000, "s1,1,nan"), (4_999, "")]);
    let reference = pipeline(PipelineConfig::default());
    let mut expected_bytes = Vec::new();
    let expected = reference
        .run_sequential_into(csv.as_bytes(), &mut expected_bytes)
        .unwrap();
    assert_eq!(expected.bad.len(), 2, "la línea vacía se salta sin más");
    for (batch, capacity) in [(1, 1), (7, 2), (1024, 4), (10_000, 1)] {
        let mut bytes = Vec::new();
        let report = pipeline(config(batch, capacity))
            .run_into(csv.as_bytes(), &mut bytes, &CancellationToken::new())
            .unwrap();
        assert_eq!(report, expected, "lotes de {batch}, capacidad {capacity}");
        assert_eq!(
            bytes, expected_bytes,
            "lotes de {batch}, capacidad {capacity}"
        );
    }
}

#[test]
fn con_1_2_o_3_filtros_la_salida_y_los_agregados_son_los_mismos() {
    let readings = sample::readings(3_000, 8);
    let csv = with_bad_lines(&readings, &[(50, "x"), (1_500, "s1,1,nan")]);
    let mut expected_bytes = Vec::new();
    let expected = pipeline(PipelineConfig::default())
        .run_sequential_into(csv.as_bytes(), &mut expected_bytes)
        .unwrap();
    assert_eq!(expected.bad.len(), 2);
    let first = readings[0].timestamp_ms;
    for workers in [1, 2, 3] {
        let progress = Progress::new();
        let watch = progress.clone();
        let overtaken = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&overtaken);
        // El primer lote se retiene en su filtro hasta 200 ms, mientras los otros
        // filtros terminan los suyos. Si la agregación tomara el lote que esté listo,
        // la escritura recibiría otro antes que este, y la espera acabaría antes.
        let pipeline = pipeline(with_filters(config(16, 2), workers))
            .with_progress(progress.clone())
            .with_transform(move |r| {
                if r.timestamp_ms == first {
                    let deadline = Instant::now() + Duration::from_millis(200);
                    while watch.records_written() == 0 && Instant::now() < deadline {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    seen.store(watch.records_written() > 0, Ordering::Relaxed);
                }
            });
        let mut bytes = Vec::new();
        let report = pipeline
            .run_into(csv.as_bytes(), &mut bytes, &CancellationToken::new())
            .unwrap();
        assert!(
            !overtaken.load(Ordering::Relaxed),
            "con {workers} filtros se escribió otro lote antes que el primero"
        );
        // El informe lleva las sumas de cada sensor: iguales al bit, porque se suman
        // en el mismo orden.
        assert_eq!(report, expected, "con {workers} filtros");
        assert_eq!(bytes, expected_bytes, "con {workers} filtros");
    }
}

#[test]
fn las_lineas_malas_se_informan_con_su_numero_y_se_saltan() {
    let csv = "\
sensor_id,timestamp_ms,value
s1,1000,20.5
s1,mil,20.5
s2,1000
,1000,3
s2,1000,caliente
s2,1000,inf
\"s3\", 1000 ,\"-1.25\"
s4,1000,200
s4,-5,1
";
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let report = pipeline(PipelineConfig::default())
        .run(csv.as_bytes(), &output, &CancellationToken::new())
        .unwrap();
    let bad = |line, reason: &str| BadRecord {
        line,
        reason: reason.to_owned(),
    };
    assert_eq!(
        report.bad,
        [
            bad(3, "la marca de tiempo «mil» no es un entero"),
            bad(4, "se esperaban 3 campos y hay 2"),
            bad(5, "falta el identificador del sensor"),
            bad(6, "el valor «caliente» no es un número finito"),
            bad(7, "el valor «inf» no es un número finito"),
            bad(10, "la marca de tiempo «-5» no es un entero"),
        ]
    );
    assert_eq!((report.records, report.written, report.filtered), (9, 2, 1));
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "sensor_id,timestamp_ms,value\ns1,1000,20.5\ns3,1000,-1.25\n"
    );
}

#[test]
fn un_campo_enorme_se_recorta_en_el_mensaje() {
    let csv = format!("s1,1,{}\n", "9".repeat(10_000) + "x");
    let report = pipeline(PipelineConfig::default())
        .run_into(csv.as_bytes(), io::sink(), &CancellationToken::new())
        .unwrap();
    assert_eq!(
        report.bad[0].reason,
        format!("el valor «{}…» no es un número finito", "9".repeat(32))
    );
}

// En 64 bits: en 32, un `CompactString` guarda 12 bytes en su sitio.
#[cfg(target_pointer_width = "64")]
#[test]
fn un_identificador_de_hasta_24_bytes_va_en_la_lectura_sin_pedir_memoria() {
    let parse = |sensor: &str| {
        let record = csv::ByteRecord::from(vec![sensor, "1", "2.5"]);
        ejercicio_4_pipeline::record::parse(&record)
            .unwrap()
            .unwrap()
    };
    let short = parse(&"s".repeat(24));
    assert!(!short.sensor.is_heap_allocated());
    // Uno más largo también vale: entonces sí pide memoria.
    let long = parse(&"s".repeat(25));
    assert!(long.sensor.is_heap_allocated());
    assert_eq!(long.sensor, "s".repeat(25));
}

#[test]
fn pasado_el_limite_de_lineas_malas_es_un_error_y_no_hay_salida() {
    let readings = sample::readings(3_000, 5);
    let csv = with_bad_lines(&readings, &[(100, "a"), (1_500, "b"), (2_900, "c")]);
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let strict = |limit| PipelineConfig {
        max_bad_records: Some(limit),
        ..config(64, 4)
    };
    // Justo en el límite: vale.
    let report = pipeline(strict(3))
        .run(csv.as_bytes(), &output, &CancellationToken::new())
        .unwrap();
    assert_eq!(report.bad.len(), 3);
    std::fs::remove_file(&output).unwrap();
    // Una más de las permitidas: error, con las líneas, y sin salida.
    let error = pipeline(strict(2))
        .run(csv.as_bytes(), &output, &CancellationToken::new())
        .unwrap_err();
    let PipelineError::TooManyBadRecords { limit: 2, bad } = &error else {
        panic!("{error:?}");
    };
    let lines: Vec<u64> = bad.iter().map(|b| b.line).collect();
    assert_eq!(lines, [100, 1_500, 2_900]);
    assert_eq!(
        error.to_string(),
        "más de 2 registros malos; el que supera el límite es la línea 2900: se esperaban 3 campos y hay 1"
    );
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

/// Una fuente lenta: una línea por llamada a `read`, con una pausa antes de cada
/// una. Mientras vive, su `Arc` cuenta dos.
struct SlowInput {
    data: io::Cursor<Vec<u8>>,
    pause: Duration,
    _alive: Arc<()>,
}

impl Read for SlowInput {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        std::thread::sleep(self.pause);
        let rest = &self.data.get_ref()[self.data.position() as usize..];
        let line = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        let n = line.min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.data.set_position(self.data.position() + n as u64);
        Ok(n)
    }
}

fn slow_input(lines: usize, pause: Duration, alive: &Arc<()>) -> SlowInput {
    SlowInput {
        data: io::Cursor::new(
            sample::to_csv(&sample::readings(lines, 1)).into_bytes(),
        ),
        pause,
        _alive: Arc::clone(alive),
    }
}

/// Cancela `cancel` cuando `progress` pasa de `records` y devuelve cuándo.
fn cancel_after(
    progress: Progress,
    records: u64,
    cancel: CancellationToken,
) -> Receiver<Instant> {
    let (tx, rx) = channel::bounded(1);
    std::thread::spawn(move || {
        while progress.records_read() < records {
            std::thread::sleep(Duration::from_millis(1));
        }
        cancel.cancel();
        let _ = tx.send(Instant::now());
    });
    rx
}

/// Que `result` sea `Cancelled` y que `run` volviera menos de 200 ms después de que
/// se cancelara (el instante que llega por `cancelled_at`).
fn assert_cancelled_within_200_ms(
    result: &Result<PipelineReport, PipelineError>,
    returned_at: Instant,
    cancelled_at: &Receiver<Instant>,
) {
    let cancelled_at = cancelled_at.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        matches!(result, Err(PipelineError::Cancelled)),
        "{result:?}"
    );
    let latency = returned_at - cancelled_at;
    assert!(latency < Duration::from_millis(200), "tardó {latency:?}");
}

#[test]
fn cancelar_a_mitad_vuelve_en_menos_de_200_ms_sin_salida_y_sin_hilos_vivos() {
    let alive = Arc::new(());
    // 20 000 líneas a 0,5 ms cada una: 10 s si nadie la parase. Se cancela en cuanto la
    // lectura envía su primer lote: si no mirase la señal en cada registro, tardaría
    // medio segundo más, lo que le cuesta llenar el segundo.
    let input = slow_input(20_000, Duration::from_micros(500), &alive);
    let progress = Progress::new();
    let cancel = CancellationToken::new();
    let cancelled_at = cancel_after(progress.clone(), 1_024, cancel.clone());
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let started = Instant::now();
    let result = pipeline(config(1_024, 4))
        .with_progress(progress.clone())
        .run(input, &output, &cancel);
    let returned_at = Instant::now();
    assert_cancelled_within_200_ms(&result, returned_at, &cancelled_at);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(progress.records_read() < 20_000);
    // `run` volvió después de unir todos sus hilos: el de lectura ya soltó la entrada.
    assert_eq!(Arc::strong_count(&alive), 1);
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

#[test]
fn un_token_ya_cancelado_no_lee_nada() {
    let cancel = CancellationToken::new();
    cancel.cancel();
    let progress = Progress::new();
    let csv = sample::to_csv(&sample::readings(1_000, 1));
    let result = pipeline(PipelineConfig::default())
        .with_progress(progress.clone())
        .run_into(csv.as_bytes(), io::sink(), &cancel);
    assert!(
        matches!(result, Err(PipelineError::Cancelled)),
        "{result:?}"
    );
    assert_eq!(progress.records_read(), 0);
}

/// Una salida que falla (disco lleno) en la escritura número `fail_at`.
struct FailingSink {
    writes: usize,
    fail_at: usize,
}

impl Write for FailingSink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.writes += 1;
        match self.writes == self.fail_at {
            true => Err(io::Error::new(io::ErrorKind::StorageFull, "disco lleno")),
            false => Ok(bytes.len()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn si_falla_la_escritura_la_lectura_para_pronto() {
    let config = with_filters(config(64, 2), 2);
    let csv = sample::to_csv(&sample::readings(200_000, 9));
    let progress = Progress::new();
    let sink = FailingSink {
        writes: 0,
        fail_at: 3,
    };
    let error = pipeline(config.clone())
        .with_progress(progress.clone())
        .run_into(csv.as_bytes(), sink, &CancellationToken::new())
        .unwrap_err();
    let PipelineError::Io { stage, source } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        (*stage, source.kind()),
        (Stage::Write, io::ErrorKind::StorageFull)
    );
    assert_eq!(
        error.to_string(),
        "error de E/S en la etapa de escritura: disco lleno"
    );
    // Dos lotes escritos, y por delante, como mucho, lo que cabe en el pipeline.
    let read = progress.records_read();
    let bound = (2 * 64 + config.max_in_flight()) as u64;
    assert!(read <= bound, "leyó {read} registros; el tope era {bound}");
}

/// Una salida que se queda bloqueada en su primera escritura hasta que `release`
/// recibe (o cinco segundos, para que un fallo no cuelgue el test).
struct StuckSink {
    release: Receiver<()>,
    bytes: Vec<u8>,
}

impl Write for StuckSink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.bytes.is_empty() {
            let _ = self.release.recv_timeout(Duration::from_secs(5));
        }
        self.bytes.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn con_la_escritura_parada_la_lectura_se_detiene_en_el_tope_exacto() {
    // Lotes de 10, capacidad 2: con n filtros, dos canales de 2 lotes, la ventana de
    // n × 5 y cuatro etapas con uno en las manos.
    for (workers, bound) in [(1, 130), (2, 180), (3, 230)] {
        let config = with_filters(config(10, 2), workers);
        assert_eq!(config.max_in_flight(), bound);
        stops_at_the_bound(config);
    }
}

fn stops_at_the_bound(config: PipelineConfig) {
    let bound = config.max_in_flight() as u64;
    let workers = config.filter_workers;
    let csv = sample::to_csv(&sample::readings(10_000, 2));
    let progress = Progress::new();
    let (release_tx, release) = channel::bounded(1);
    let sink = StuckSink {
        release,
        bytes: Vec::new(),
    };
    std::thread::scope(|s| {
        let run = s.spawn(|| {
            pipeline(config.clone())
                .with_progress(progress.clone())
                .run_into(csv.as_bytes(), sink, &CancellationToken::new())
        });
        let deadline = Instant::now() + Duration::from_secs(4);
        while progress.records_read() < bound && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        // Lleno: cada canal con sus lotes y cada hilo con uno en las manos. Ni uno más.
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(progress.records_read(), bound, "filtros: {workers}");
        assert_eq!(progress.records_written(), 0);
        release_tx.send(()).unwrap();
        let report = run.join().unwrap().unwrap();
        assert_eq!(report.records, 10_000);
        assert_eq!(progress.records_read(), 10_001, "con la cabecera");
    });
}

#[test]
fn una_etapa_en_panico_es_un_error_y_cancela_las_demas_en_el_acto() {
    let alive = Arc::new(());
    // Lotes de 4096 líneas a 0,5 ms: la lectura tarda dos segundos en llenar cada uno.
    let input = slow_input(10_000, Duration::from_micros(500), &alive);
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let panicked_at = Arc::new(std::sync::Mutex::new(None));
    let at = Arc::clone(&panicked_at);
    let error = pipeline(config(4096, 4))
        .with_transform(move |r| {
            if r.timestamp_ms == 1_700_000_000_000 {
                *at.lock().unwrap() = Some(Instant::now());
                panic!("lectura imposible");
            }
        })
        .run(input, &output, &CancellationToken::new())
        .unwrap_err();
    let returned_at = Instant::now();
    let PipelineError::StagePanicked { stage, message } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        (*stage, message.as_str()),
        (Stage::Filter, "lectura imposible")
    );
    // La lectura no espera a llenar su segundo lote: el pánico la cancela. (El
    // margen cubre lo que tarda el hook de pánico en escribir su traza.)
    let latency = returned_at - panicked_at.lock().unwrap().unwrap();
    assert!(latency < Duration::from_secs(1), "tardó {latency:?}");
    assert_eq!(Arc::strong_count(&alive), 1);
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

#[test]
fn un_filtro_en_panico_entre_tres_es_un_error_y_no_deja_salida() {
    let csv = sample::to_csv(&sample::readings(5_000, 6));
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    // El filtro 1 entra en pánico con su primera lectura. Los otros dos esperan con
    // su primer lote en las manos (5 s como mucho) a que eso ocurra: el lote
    // siguiente de la cola lo toma el filtro 1, lo tome quien lo tome.
    let (panicked, waiting) = channel::bounded::<()>(0);
    let panicked = std::sync::Mutex::new(Some(panicked));
    let pipeline =
        pipeline(with_filters(config(64, 2), 3)).with_transform(move |_| {
            if std::thread::current().name() == Some("pipeline-filtro-1") {
                panicked.lock().unwrap().take(); // cierra el canal: despierta a los otros
                panic!("lectura imposible");
            }
            let _ = waiting.recv_timeout(Duration::from_secs(5));
        });
    // Sin el guard que cancela al entrar en pánico, la ejecución no volvería nunca:
    // se espera en otro hilo, con un plazo.
    let (done, result) = channel::bounded(1);
    let run_output = output.clone();
    std::thread::spawn(move || {
        let cancel = CancellationToken::new();
        let _ = done.send(pipeline.run(csv.as_bytes(), &run_output, &cancel));
    });
    let error = result
        .recv_timeout(Duration::from_secs(10))
        .expect("la ejecución no volvió en 10 s")
        .unwrap_err();
    let PipelineError::StagePanicked { stage, message } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        (*stage, message.as_str()),
        (Stage::Filter, "lectura imposible")
    );
    assert_eq!(
        error.to_string(),
        "la etapa de filtro entró en pánico: lectura imposible"
    );
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

/// Una entrada que se rompe después de `ok` bytes.
struct BrokenInput<'a> {
    data: &'a [u8],
    ok: usize,
}

impl Read for BrokenInput<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.ok == 0 {
            return Err(io::Error::other("el disco se ha ido"));
        }
        let n = self.data.len().min(buf.len()).min(self.ok);
        buf[..n].copy_from_slice(&self.data[..n]);
        (self.data, self.ok) = (&self.data[n..], self.ok - n);
        Ok(n)
    }
}

#[test]
fn un_error_de_lectura_es_fatal_y_no_deja_salida() {
    let csv = sample::to_csv(&sample::readings(50_000, 4));
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let input = BrokenInput {
        data: csv.as_bytes(),
        ok: csv.len() / 2,
    };
    let error = pipeline(PipelineConfig::default())
        .run(input, &output, &CancellationToken::new())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "error de E/S en la etapa de lectura: el disco se ha ido"
    );
    assert!(matches!(
        error,
        PipelineError::Io {
            stage: Stage::Read,
            ..
        }
    ));
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

#[test]
fn una_salida_imposible_falla_antes_de_leer() {
    let dir = tempfile::tempdir().unwrap();
    let progress = Progress::new();
    let pipeline =
        pipeline(PipelineConfig::default()).with_progress(progress.clone());
    let csv = sample::to_csv(&sample::readings(100, 4));
    let cancel = CancellationToken::new();
    let missing = dir.path().join("no-existe").join("salida.csv");
    let error = pipeline.run(csv.as_bytes(), &missing, &cancel).unwrap_err();
    assert!(
        matches!(&error, PipelineError::Io { stage: Stage::Write, source } if source.kind() == io::ErrorKind::NotFound),
        "{error:?}"
    );
    let error = pipeline
        .run(csv.as_bytes(), dir.path(), &cancel)
        .unwrap_err();
    assert!(
        matches!(&error, PipelineError::Io { stage: Stage::Write, source } if source.kind() == io::ErrorKind::IsADirectory),
        "{error:?}"
    );
    assert_eq!(progress.records_read(), 0);
}

#[test]
fn una_configuracion_imposible_es_un_error_claro() {
    let bad = [
        (config(0, 4), "el tamaño de lote debe ser al menos 1"),
        (
            config(16, 0),
            "la capacidad de los canales debe estar entre 1 y 1024",
        ),
        (
            config(16, 1025),
            "la capacidad de los canales debe estar entre 1 y 1024",
        ),
        (
            with_filters(PipelineConfig::default(), 0),
            "el número de filtros debe estar entre 1 y 256",
        ),
        (
            with_filters(PipelineConfig::default(), 257),
            "el número de filtros debe estar entre 1 y 256",
        ),
        (
            PipelineConfig {
                max_record_bytes: 0,
                ..PipelineConfig::default()
            },
            "el tope de bytes por registro debe ser al menos 1",
        ),
        (
            PipelineConfig {
                valid_range: 10.0..=f64::NAN,
                ..PipelineConfig::default()
            },
            "el rango válido está vacío (o tiene un NaN)",
        ),
    ];
    for (config, problem) in bad {
        let error = Pipeline::new(config).err().unwrap();
        assert_eq!(
            error.to_string(),
            format!("configuración no válida: {problem}")
        );
    }
}

#[test]
fn una_entrada_vacia_da_una_salida_con_solo_la_cabecera() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let report = pipeline(PipelineConfig::default())
        .run(&b""[..], &output, &CancellationToken::new())
        .unwrap();
    assert_eq!(report, Default::default());
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "sensor_id,timestamp_ms,value\n"
    );
}

#[test]
fn el_progreso_se_informa_mientras_corre() {
    let alive = Arc::new(());
    let input = slow_input(400, Duration::from_micros(500), &alive);
    let progress = Progress::new();
    let (done_tx, done_rx) = channel::bounded::<()>(0);
    let mut lines = Vec::new();
    std::thread::scope(|s| {
        let reporter = s.spawn(|| {
            progress.report_every(Duration::from_millis(20), &done_rx, &mut lines)
        });
        pipeline(config(8, 4))
            .with_progress(progress.clone())
            .run_into(input, io::sink(), &CancellationToken::new())
            .unwrap();
        drop(done_tx);
        reporter.join().unwrap().unwrap();
    });
    let text = String::from_utf8(lines).unwrap();
    let counts: Vec<u64> = text
        .lines()
        .map(|l| {
            let rest = l.strip_prefix("leídos ").unwrap();
            assert!(l.ends_with(" registros/s)"), "{l}");
            rest.split(' ').next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(counts.len() >= 3, "{text}");
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{text}");
    assert!(counts[0] < 401, "{text}");
}

/// Una fuente que entrega `data` y después se bloquea en `read` cinco segundos: una
/// tubería abierta de la que nadie escribe (con un final, para que un test que falla
/// no se quede colgado). Avisa por `blocked` al bloquearse.
struct StuckInput {
    data: io::Cursor<Vec<u8>>,
    blocked: channel::Sender<()>,
}

impl Read for StuckInput {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.data.read(buf)? {
            0 => {
                let _ = self.blocked.try_send(());
                let _ = channel::never::<()>().recv_timeout(Duration::from_secs(5));
                Ok(0)
            }
            n => Ok(n),
        }
    }
}

/// Cómo abrir una entrada con `records` registros que después se queda bloqueada,
/// y el canal que avisa cuando se bloquea.
fn stuck_input(
    records: usize,
) -> (impl FnOnce() -> io::Result<StuckInput>, Receiver<()>) {
    let csv = sample::to_csv(&sample::readings(records, 3));
    let data = io::Cursor::new(csv.into_bytes());
    let (blocked, is_blocked) = channel::bounded(1);
    (move || Ok(StuckInput { data, blocked }), is_blocked)
}

#[test]
fn con_run_detached_cancelar_no_espera_a_una_entrada_bloqueada() {
    let (open, blocked) = stuck_input(1_500);
    let cancel = CancellationToken::new();
    // Se cancela cuando la fuente ya está bloqueada en `read`.
    let (cancelled_tx, cancelled_at) = channel::bounded(1);
    let token = cancel.clone();
    std::thread::spawn(move || {
        blocked.recv_timeout(Duration::from_secs(5)).unwrap();
        token.cancel();
        cancelled_tx.send(Instant::now()).unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let result = pipeline(config(1_024, 4)).run_detached(open, &output, &cancel);
    let returned_at = Instant::now();
    assert_cancelled_within_200_ms(&result, returned_at, &cancelled_at);
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

#[test]
fn con_run_detached_un_error_fatal_no_espera_a_una_entrada_bloqueada() {
    let (open, blocked) = stuck_input(1_500);
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let panicked_at = Arc::new(std::sync::Mutex::new(None));
    let at = Arc::clone(&panicked_at);
    // El pánico llega cuando la fuente ya está bloqueada en `read`.
    let error = pipeline(config(1_024, 4))
        .with_transform(move |r| {
            if r.timestamp_ms == 1_700_000_000_000 {
                blocked.recv_timeout(Duration::from_secs(5)).unwrap();
                *at.lock().unwrap() = Some(Instant::now());
                panic!("lectura imposible");
            }
        })
        .run_detached(open, &output, &CancellationToken::new())
        .unwrap_err();
    let returned_at = Instant::now();
    assert!(
        matches!(
            error,
            PipelineError::StagePanicked {
                stage: Stage::Filter,
                ..
            }
        ),
        "{error:?}"
    );
    let latency = returned_at - panicked_at.lock().unwrap().unwrap();
    assert!(latency < Duration::from_secs(1), "tardó {latency:?}");
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

#[test]
fn con_run_detached_una_entrada_que_no_se_abre_es_un_error_y_no_hay_salida() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let missing = dir.path().join("no-existe.csv");
    let error = pipeline(PipelineConfig::default())
        .run_detached(
            move || std::fs::File::open(missing),
            &output,
            &CancellationToken::new(),
        )
        .unwrap_err();
    assert!(
        matches!(&error, PipelineError::Open(e) if e.kind() == io::ErrorKind::NotFound)
    );
    assert!(
        error
            .to_string()
            .starts_with("no se puede abrir la entrada: ")
    );
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
    // Y con datos que sí llegan, el mismo resultado que `run`.
    let csv = sample::to_csv(&sample::readings(3_000, 5));
    let bytes = csv.clone().into_bytes();
    let report = pipeline(PipelineConfig::default())
        .run_detached(
            move || Ok(io::Cursor::new(bytes)),
            &output,
            &CancellationToken::new(),
        )
        .unwrap();
    let expected = pipeline(PipelineConfig::default())
        .run_sequential(csv.as_bytes(), &dir.path().join("secuencial.csv"))
        .unwrap();
    assert_eq!(report, expected);
}

/// Una entrada hostil: dos líneas buenas, una comilla que no se cierra, y después
/// `body` bytes de líneas normales, que la comilla convierte en un solo registro.
/// Cuenta lo que entrega.
struct UnclosedQuote {
    head: io::Cursor<&'static [u8]>,
    body: u64,
    given: Arc<std::sync::atomic::AtomicU64>,
}

impl Read for UnclosedQuote {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = self.head.read(buf)?;
        if n == 0 {
            const LINE: &[u8] = b"s1,1700000000000,21.5\n";
            let given = self.given.load(std::sync::atomic::Ordering::Relaxed);
            let left =
                (self.body + self.head.get_ref().len() as u64).saturating_sub(given);
            n = buf.len().min(left as usize);
            for (i, b) in buf[..n].iter_mut().enumerate() {
                *b = LINE[(given as usize + i) % LINE.len()];
            }
        }
        self.given
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

fn unclosed_quote(body: u64) -> (UnclosedQuote, Arc<std::sync::atomic::AtomicU64>) {
    let given = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let head: &'static [u8] =
        b"sensor_id,timestamp_ms,value\ns1,1,21.5\ns2,2,\"21.5\n";
    let input = UnclosedQuote {
        head: io::Cursor::new(head),
        body,
        given: Arc::clone(&given),
    };
    (input, given)
}

#[test]
fn una_comilla_sin_cerrar_para_en_el_tope_de_bytes_sin_leer_el_resto() {
    let limit = 100_000;
    let strict = PipelineConfig {
        max_record_bytes: limit,
        ..PipelineConfig::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    // 64 MiB detrás de la comilla: sin el tope, serían un registro en memoria.
    let body = 64 << 20;
    let (input, given) = unclosed_quote(body);
    let error = pipeline(strict.clone())
        .run(input, &output, &CancellationToken::new())
        .unwrap_err();
    assert!(
        matches!(
            error,
            PipelineError::RecordTooLarge {
                line: 3,
                limit: 100_000
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "la línea 3 empieza un registro de más de 100000 bytes (¿una comilla sin cerrar?)"
    );
    // Lo leído: el tope y lo que cabe en los búferes, no los 64 MiB.
    let read = given.load(std::sync::atomic::Ordering::Relaxed);
    assert!(read < limit as u64 + 64 * 1024, "leyó {read} bytes");
    assert_eq!(files_in(dir.path()), Vec::<String>::new());

    // El bucle secuencial, igual.
    let (input, given) = unclosed_quote(body);
    let error = pipeline(strict).run_sequential(input, &output).unwrap_err();
    assert!(matches!(
        error,
        PipelineError::RecordTooLarge { line: 3, .. }
    ));
    assert!(
        given.load(std::sync::atomic::Ordering::Relaxed) < limit as u64 + 64 * 1024
    );
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

#[test]
fn el_tope_de_bytes_por_registro_es_exacto() {
    // Un registro de `len` bytes con su fin de línea, en la línea 2.
    let csv = |len: usize| {
        let value = "21.5";
        let fixed = "s,1700000000000,".len() + value.len() + 1;
        let sensor = format!("s{}", "x".repeat(len - fixed));
        format!("s1,1,1\n{sensor},1700000000000,{value}\ns1,2,2\n")
    };
    assert_eq!(csv(100).lines().nth(1).unwrap().len() + 1, 100);
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("salida.csv");
    let strict = pipeline(PipelineConfig {
        max_record_bytes: 100,
        ..PipelineConfig::default()
    });
    let cancel = CancellationToken::new();
    let report = strict.run(csv(100).as_bytes(), &output, &cancel).unwrap();
    assert_eq!(report.written, 3);
    let error = strict
        .run(csv(101).as_bytes(), &output, &cancel)
        .unwrap_err();
    assert!(
        matches!(
            error,
            PipelineError::RecordTooLarge {
                line: 2,
                limit: 100
            }
        ),
        "{error:?}"
    );
}
