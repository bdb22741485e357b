//! Ejercicio 4: un pipeline de datos con errores, contrapresión y cancelación.
//!
//! Ejecuta: `cargo run --bin ejercicio-4-pipeline` (una demostración con datos
//! generados) o `cargo run --bin ejercicio-4-pipeline -- datos.csv salida.csv` (con
//! `-` como datos lee la entrada estándar). Con un archivo, escribe el progreso en la
//! salida de errores cada segundo (o cada `EJERCICIO_4_PROGRESO_MS` milisegundos),
//! Ctrl-C cancela sin dejar salida, y un error fatal termina con un mensaje y un
//! código distinto de cero.

use std::error::Error;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use ejercicio_4_pipeline::{
    CancellationToken, Pipeline, PipelineConfig, PipelineError, PipelineReport,
    Progress, sample,
};

/// La variable de entorno que cambia cada cuánto se escribe el progreso.
const PROGRESS_ENV: &str = "EJERCICIO_4_PROGRESO_MS";

const USAGE: &str = "uso: ejercicio-4-pipeline [DATOS.csv SALIDA.csv]   (DATOS `-`: la entrada estándar)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [] => demo(),
        [input, output] => process(input, Path::new(output)),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            // 130 = interrumpido por Ctrl-C, como hacen las shells.
            match e.downcast_ref() {
                Some(PipelineError::Cancelled) => ExitCode::from(130),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

// ANCHOR: procesar
/// Procesa un archivo (o la entrada estándar) de verdad.
fn process(input: &str, output: &Path) -> Result<(), Box<dyn Error>> {
    let every = progress_every()?;
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    ctrlc::set_handler(move || on_ctrl_c.cancel())?;
    // La fuente se abre y se lee en un hilo que nadie espera: con una tubería de la
    // que nadie escribe, abrirla o leerla puede no volver nunca, y Ctrl-C no debe
    // esperarla.
    let path = input.to_owned();
    let open = move || -> io::Result<Box<dyn Read>> {
        if path == "-" {
            return Ok(Box::new(io::stdin()));
        }
        let file = File::open(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{path}: {e}")))?;
        Ok(Box::new(file))
    };
    let progress = Progress::new();
    let pipeline =
        Pipeline::new(PipelineConfig::default())?.with_progress(progress.clone());
    let (done_tx, done_rx) = crossbeam::channel::bounded::<()>(0);
    let result = thread::scope(|s| {
        s.spawn(|| progress.report_every(every, &done_rx, &mut io::stderr()));
        let result = pipeline.run_detached(open, output, &cancel);
        drop(done_tx);
        result
    });
    match result {
        Ok(report) => {
            print_report(&report, pipeline.config());
            println!("Salida: {}", output.display());
            Ok(())
        }
        Err(PipelineError::TooManyBadRecords { limit, bad }) => {
            bad.iter().for_each(|b| eprintln!("  {b}"));
            Err(PipelineError::TooManyBadRecords { limit, bad }.into())
        }
        Err(e) => Err(e.into()),
    }
}
// ANCHOR_END: procesar

/// Cada cuánto se escribe el progreso: un segundo, o lo que diga `PROGRESS_ENV`.
fn progress_every() -> Result<Duration, String> {
    let ms = match std::env::var(PROGRESS_ENV) {
        Err(std::env::VarError::NotPresent) => return Ok(Duration::from_secs(1)),
        Err(std::env::VarError::NotUnicode(ms)) => ms.to_string_lossy().into_owned(),
        Ok(ms) => ms,
    };
    match ms.parse::<u64>() {
        Ok(ms) if ms > 0 => Ok(Duration::from_millis(ms)),
        _ => Err(format!(
            "{PROGRESS_ENV} debe ser un número de milisegundos mayor que 0, no «{ms}»"
        )),
    }
}

fn print_report(report: &PipelineReport, config: &PipelineConfig) {
    let range = &config.valid_range;
    println!(
        "{} registros: {} escritos, {} fuera de [{}, {}], {} malos",
        report.records,
        report.written,
        report.filtered,
        range.start(),
        range.end(),
        report.bad.len()
    );
    for bad in &report.bad {
        println!("  {bad}");
    }
    println!("sensor  lecturas   mínimo   máximo    media");
    for (sensor, stats) in &report.sensors {
        println!(
            "{sensor:<6}  {:>8}  {:>7.2}  {:>7.2}  {:>7.2}",
            stats.count,
            stats.min,
            stats.max,
            stats.mean()
        );
    }
}

/// La demostración sin entrada: datos generados con tres líneas malas, procesados
/// tres veces: bien, con un límite de líneas malas que se supera y cancelando a
/// mitad.
fn demo() -> Result<(), Box<dyn Error>> {
    let mut lines: Vec<String> = sample::to_csv(&sample::readings(10_000, 7))
        .lines()
        .map(str::to_owned)
        .collect();
    // Tres líneas malas (el número de línea cuenta desde 1, con la cabecera).
    lines[999] = "s3,1700000999000".to_owned();
    lines[4999] = "s5,1700004999000,veinte".to_owned();
    lines[7499] = "s1,ayer,21.5".to_owned();
    let csv = lines.join("\n");
    let dir = tempfile::tempdir()?;
    let output = dir.path().join("salida.csv");
    let cancel = CancellationToken::new();

    println!("1. 10 000 registros de 8 sensores, 3 de ellos malos:");
    let pipeline = Pipeline::new(PipelineConfig::default())?;
    let report = pipeline.run(csv.as_bytes(), &output, &cancel)?;
    print_report(&report, pipeline.config());
    let written = std::fs::read_to_string(&output)?.lines().count();
    println!(
        "salida.csv: {written} líneas (la cabecera y {})",
        written - 1
    );
    std::fs::remove_file(&output)?;

    println!("\n2. Lo mismo, con un límite de 2 líneas malas:");
    let strict = PipelineConfig {
        max_bad_records: Some(2),
        ..PipelineConfig::default()
    };
    let error = Pipeline::new(strict)?.run(csv.as_bytes(), &output, &cancel);
    println!("error: {}", error.err().ok_or("debía fallar")?);
    println!("¿existe salida.csv? {}", yes_no(output.exists()));

    println!("\n3. Cancelando cuando la lectura va por la mitad:");
    let halfway = csv.len() / 2;
    let input = CancelAt {
        input: csv.as_bytes(),
        read: 0,
        at: halfway,
        cancel: cancel.clone(),
    };
    let error = pipeline.run(input, &output, &cancel);
    println!("error: {}", error.err().ok_or("debía cancelarse")?);
    println!("¿existe salida.csv? {}", yes_no(output.exists()));
    Ok(())
}

fn yes_no(yes: bool) -> &'static str {
    if yes { "sí" } else { "no" }
}

/// Una entrada que cancela el token cuando se ha leído `at` bytes: quien llama
/// cancelando en un momento exacto, para que la demostración sea siempre igual.
struct CancelAt<'a> {
    input: &'a [u8],
    read: usize,
    at: usize,
    cancel: CancellationToken,
}

impl Read for CancelAt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.input.read(buf)?;
        self.read += n;
        if self.read >= self.at {
            self.cancel.cancel();
        }
        Ok(n)
    }
}
