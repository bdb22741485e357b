//! Las etapas. Cada una es un bucle en su hilo: recibe de su canal de entrada, hace
//! su trabajo con un lote y lo envía por el de salida. Ninguna sabe de las demás: el
//! fin de los datos es que su canal de entrada se cierre, y un error fatal cancela el
//! token, que despierta a todas. El filtro corre en varios hilos a la vez, que toman
//! los lotes de una cola común: el análisis los numera, y la agregación los pone en
//! orden con su número, así que el orden no depende de cuál acabe antes.

use std::io::{Read, Write};
use std::ops::RangeInclusive;

use crossbeam::channel::{Receiver, Sender};
use csv::ByteRecord;

use crate::batch::RecordBatch;
use crate::error::{PipelineError, Stage};
use crate::order::InOrder;
use crate::output;
use crate::progress::Progress;
use crate::record::{self, BadRecord, Reading, RecordReader};
use crate::report::Tally;
use crate::stop::{Stop, Stopped};

/// Una transformación de cada lectura, antes del filtro.
pub type Transform = dyn Fn(&mut Reading) + Send + Sync;

/// Lo que viaja del análisis a la escritura: las lecturas de un lote de registros y
/// las líneas malas que había entre ellos.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    readings: Vec<Reading>,
    bad: Vec<BadRecord>,
    filtered: u64,
}

/// Un lote con su número de orden, de los filtros y hacia ellos.
pub(crate) type Numbered = (u64, Batch);

/// Por qué una etapa acaba sin terminar su trabajo.
#[derive(Debug)]
pub(crate) enum StageError {
    /// Otra etapa canceló la ejecución, o quien la llamó.
    Stopped,
    /// Esta etapa encontró un error fatal (y ya canceló la ejecución).
    Fatal(PipelineError),
}

impl From<Stopped> for StageError {
    fn from(_: Stopped) -> StageError {
        StageError::Stopped
    }
}

/// Cancela la ejecución y convierte `error` en el de la etapa.
fn fatal(stop: &Stop, error: PipelineError) -> StageError {
    stop.cancel();
    StageError::Fatal(error)
}

fn io_error(
    stop: &Stop,
    stage: Stage,
    source: impl Into<std::io::Error>,
) -> StageError {
    fatal(stop, PipelineError::io(stage, source))
}

/// ¿Pasa el filtro? Lo comparten el pipeline y el bucle secuencial.
pub(crate) fn keep(range: &RangeInclusive<f64>, reading: &Reading) -> bool {
    range.contains(&reading.value)
}

// ANCHOR: lectura
/// Lectura: el crate `csv` separa registros (la única etapa que tiene que ir en orden
/// por el archivo: una comilla abierta cambia dónde acaba el registro), en lotes de
/// un solo búfer. Reutiliza los lotes que el análisis le devuelve por `spare`, con
/// su memoria ya reservada: leer no pide memoria por registro, como el bucle
/// secuencial.
pub(crate) fn read<R: Read>(
    input: R,
    (batch_size, max_record_bytes): (usize, usize),
    (tx, spare): (Sender<RecordBatch>, Receiver<RecordBatch>),
    stop: &Stop,
    progress: &Progress,
) -> Result<(), StageError> {
    let mut reader = RecordReader::new(input, max_record_bytes);
    let mut record = ByteRecord::new();
    loop {
        let mut batch = spare.try_recv().unwrap_or_default();
        batch.clear();
        while batch.len() < batch_size {
            // Una fuente lenta tarda en llenar un lote: se mira la señal en cada
            // registro, no en cada lote.
            if stop.is_stopped() {
                return Err(StageError::Stopped);
            }
            match reader.read(&mut record) {
                // Se cuenta cada registro, no cada lote: con una fuente lenta, un
                // lote tarda en llenarse, y el progreso no debe esperarlo.
                Ok(true) => {
                    batch.push(&record);
                    progress.add_read(1);
                }
                Ok(false) => break,
                // Cancelado mientras esperaba, una entrada desatada devuelve un
                // error: no es un fallo de la lectura, sino la cancelación.
                Err(_) if stop.is_cancelled() => return Err(StageError::Stopped),
                Err(e) => return Err(fatal(stop, e)),
            }
        }
        let filled = batch.len();
        if filled > 0 {
            stop.send(&tx, batch)?;
        }
        if filled < batch_size {
            return Ok(());
        }
    }
}
// ANCHOR_END: lectura

// ANCHOR: reparto
/// Análisis: cada registro se convierte en una lectura o en una línea mala. Numera
/// los lotes y los pone en la cola común de los filtros. Antes de cada uno toma un
/// permiso de la ventana, que la agregación devuelve al recogerlo en orden: entre las
/// dos nunca hay más lotes que permisos.
pub(crate) fn parse(
    (rx, spare): (Receiver<RecordBatch>, Sender<RecordBatch>),
    (filters, window): (Sender<Numbered>, Receiver<()>),
    stop: &Stop,
) -> Result<(), StageError> {
    for seq in 0.. {
        let Some(records) = stop.recv(&rx)? else {
            break;
        };
        let mut batch = Batch {
            readings: Vec::with_capacity(records.len()),
            ..Batch::default()
        };
        for fields in records.iter() {
            let (line, count) = (fields.line, fields.len());
            match record::parse_fields(line, count, |i| fields.get(i)) {
                Ok(Some(reading)) => batch.readings.push(reading),
                Ok(None) => {}
                Err(bad) => batch.bad.push(bad),
            }
        }
        // Sin esperar: si la lectura ya tiene bastantes, o ya terminó, se suelta.
        let _ = spare.try_send(records);
        // Sin permisos, la ventana está llena: la agregación espera un lote anterior a
        // los que tiene, o a la escritura.
        stop.recv(&window)?.ok_or(StageError::Stopped)?;
        stop.send(&filters, (seq, batch))?;
    }
    Ok(())
}
// ANCHOR_END: reparto

// ANCHOR: filtro
/// Filtro: aplica la transformación, si la hay, y quita las lecturas que quedan
/// fuera del rango. Hay varios, cada uno en su hilo, y todos comparten la cola de
/// entrada y la de salida: cada uno toma el lote siguiente en cuanto acaba el suyo,
/// lo trabaja de principio a fin y lo devuelve con su número.
pub(crate) fn filter(
    rx: Receiver<Numbered>,
    tx: Sender<Numbered>,
    stop: &Stop,
    range: &RangeInclusive<f64>,
    transform: Option<&Transform>,
) -> Result<(), StageError> {
    while let Some((seq, mut batch)) = stop.recv(&rx)? {
        if let Some(transform) = transform {
            batch.readings.iter_mut().for_each(transform);
        }
        let before = batch.readings.len();
        batch.readings.retain(|reading| keep(range, reading));
        batch.filtered = (before - batch.readings.len()) as u64;
        stop.send(&tx, (seq, batch))?;
    }
    Ok(())
}
// ANCHOR_END: filtro

// ANCHOR: agregacion
/// Agregación: las estadísticas por sensor y las cuentas del informe, que incluyen el
/// límite de líneas malas. Pone en orden los lotes que devuelven los filtros, así que
/// los ve en el orden del archivo, y devuelve un permiso a la ventana por cada lote
/// que le toca. La cola de vuelta se cierra cuando han terminado todos los filtros:
/// es el fin de los datos. Pasa las lecturas a la escritura.
pub(crate) fn aggregate(
    (filters, window): (Receiver<Numbered>, Sender<()>),
    tx: Sender<Batch>,
    stop: &Stop,
    limit: Option<usize>,
) -> Result<Tally, StageError> {
    let mut tally = Tally::new(limit);
    let mut order = InOrder::new();
    while let Some((seq, batch)) = stop.recv(&filters)? {
        order.insert(seq, batch);
        while let Some(mut batch) = order.pop() {
            // Nunca está llena: hay tantos huecos como permisos. Si falla, el
            // análisis ya terminó y no le hace falta.
            let _ = window.try_send(());
            for bad in batch.bad.drain(..) {
                tally.bad(bad).map_err(|e| fatal(stop, e))?;
            }
            tally.filtered(batch.filtered);
            batch
                .readings
                .iter()
                .for_each(|reading| tally.reading(reading));
            stop.send(&tx, batch)?;
        }
    }
    // Si un filtro paró antes de tiempo (se canceló o entró en pánico), aquí falta
    // algún lote; el resultado lo decide `run_with`, que espera a todos los filtros.
    Ok(tally)
}
// ANCHOR_END: agregacion

/// Escritura: cada lote se entrega a `sink` de una vez, con una sola escritura (el
/// búfer del escritor de CSV es mayor que un lote típico). Devuelve cuántas lecturas
/// escribió.
pub(crate) fn write<W: Write>(
    sink: W,
    rx: Receiver<Batch>,
    stop: &Stop,
    progress: &Progress,
) -> Result<u64, StageError> {
    let io = |e: csv::Error| io_error(stop, Stage::Write, e);
    let mut csv = output::csv_writer(OnlyWrites(sink)).map_err(io)?;
    let mut written = 0;
    while let Some(batch) = stop.recv(&rx)? {
        for reading in &batch.readings {
            output::write_reading(&mut csv, reading).map_err(io)?;
        }
        csv.flush().map_err(|e| io_error(stop, Stage::Write, e))?;
        written += batch.readings.len() as u64;
        progress.add_written(batch.readings.len());
    }
    let into_inner =
        |e: csv::IntoInnerError<_>| io_error(stop, Stage::Write, e.into_error());
    let OnlyWrites(mut sink) = csv.into_inner().map_err(into_inner)?;
    sink.flush().map_err(|e| io_error(stop, Stage::Write, e))?;
    Ok(written)
}

/// Pasa las escrituras a `W` y se queda los `flush`: vaciar el búfer del CSV en
/// cada lote no debe forzar una llamada al sistema por lote.
struct OnlyWrites<W>(W);

impl<W: Write> Write for OnlyWrites<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
