//! Un registro del CSV: la lectura de un sensor, o el motivo por el que no lo es.
//!
//! Cada línea es `sensor_id,timestamp_ms,value`, por ejemplo `s1,1700000000000,21.5`.
//! El crate `csv` separa los campos (y sabe de comillas); este módulo los convierte y
//! valida. Una línea mala no es un error del pipeline: es un [`BadRecord`] con su
//! número de línea, que el pipeline anota y salta.

use std::fmt;
use std::io::{self, Read};

use compact_str::CompactString;
use csv::ByteRecord;

use crate::error::{PipelineError, Stage};

/// La cabecera que el archivo puede llevar en su primera línea.
pub const HEADER: [&str; 3] = ["sensor_id", "timestamp_ms", "value"];

/// Una lectura válida.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Un [`CompactString`] guarda hasta 24 bytes en su sitio, sin pedir memoria: un
    /// `String` pediría un bloque por lectura en el análisis, y la escritura, en
    /// otro hilo, lo soltaría.
    pub sensor: CompactString,
    pub timestamp_ms: u64,
    pub value: f64,
}

/// Una línea que no es una lectura, y por qué.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for BadRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "línea {}: {}", self.line, self.reason)
    }
}

/// El lector de CSV que usan el pipeline y el bucle secuencial: sin cabecera
/// obligatoria (la reconoce [`parse`]) y flexible, para que una línea con más o menos
/// campos sea un [`BadRecord`] y no un error que pare la lectura.
pub fn csv_reader<R: Read>(input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(READ_BUFFER)
        .from_reader(input)
}

/// El búfer del lector de CSV (el tamaño que el crate usa por defecto): lo más que
/// lee de la entrada por delante de lo que ya ha separado.
const READ_BUFFER: usize = 8 * 1024;

/// El lector de CSV del pipeline y del bucle secuencial, con un tope de bytes por
/// registro. El crate `csv` guarda el registro que está separando entero en memoria,
/// y un registro acaba donde el CSV dice: sin un salto de línea, o después de una
/// comilla sin cerrar, el resto del archivo es un solo registro. El tope lo para a
/// tiempo: la entrada deja de entregar bytes en cuanto el registro en curso pasa de
/// `limit` (más lo que cabe en el búfer del lector), y un registro completo que pasa
/// de `limit` también es un error.
pub(crate) struct RecordReader<R> {
    csv: csv::Reader<Counted<R>>,
    limit: u64,
}

/// La entrada, contando lo que entrega desde el principio del registro en curso.
struct Counted<R> {
    input: R,
    read: u64,
    record_start: u64,
    stop_after: u64,
    exceeded: bool,
}

impl<R: Read> RecordReader<R> {
    pub(crate) fn new(input: R, limit: usize) -> RecordReader<R> {
        let limit = limit as u64;
        let input = Counted {
            input,
            read: 0,
            record_start: 0,
            stop_after: limit + READ_BUFFER as u64,
            exceeded: false,
        };
        RecordReader {
            csv: csv_reader(input),
            limit,
        }
    }
}

// ANCHOR: tope_registro
impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // El lector solo pide más cuando ha separado todo lo que tenía: lo entregado
        // desde `record_start` es lo que mide ya el registro en curso.
        if self.read - self.record_start > self.stop_after {
            self.exceeded = true;
            return Err(io::Error::other("registro demasiado largo"));
        }
        let n = self.input.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

impl<R: Read> RecordReader<R> {
    /// Lee el registro siguiente en `record`; `Ok(false)` al final de la entrada.
    pub(crate) fn read(
        &mut self,
        record: &mut ByteRecord,
    ) -> Result<bool, PipelineError> {
        let (start, limit) = (self.csv.position().clone(), self.limit);
        self.csv.get_mut().record_start = start.byte();
        let too_large = || PipelineError::RecordTooLarge {
            line: start.line(),
            limit,
        };
        match self.csv.read_byte_record(record) {
            // La posición del lector, ya en el registro siguiente: el tamaño exacto.
            Ok(_) if self.csv.position().byte() - start.byte() > limit => {
                Err(too_large())
            }
            Ok(more) => Ok(more),
            Err(_) if self.csv.get_ref().exceeded => Err(too_large()),
            Err(e) => Err(PipelineError::io(Stage::Read, e)),
        }
    }
}
// ANCHOR_END: tope_registro

/// Convierte un registro en una lectura. `Ok(None)`: es la cabecera.
pub fn parse(record: &ByteRecord) -> Result<Option<Reading>, BadRecord> {
    let line = record.position().map_or(0, |p| p.line());
    parse_fields(line, record.len(), |i| &record[i])
}

// ANCHOR: parse
/// Convierte en una lectura el registro de la línea `line`, con `count` campos que da
/// `field`. `Ok(None)`: es la cabecera.
pub(crate) fn parse_fields<'a>(
    line: u64,
    count: usize,
    field: impl Fn(usize) -> &'a [u8],
) -> Result<Option<Reading>, BadRecord> {
    let bad = |reason: String| BadRecord { line, reason };
    if count != 3 {
        return Err(bad(format!("se esperaban 3 campos y hay {count}")));
    }
    let field = |i: usize| match std::str::from_utf8(field(i)) {
        Ok(text) => Ok(text.trim()),
        Err(_) => Err(bad(format!("el campo {} no es UTF-8", i + 1))),
    };
    let (sensor, timestamp, value) = (field(0)?, field(1)?, field(2)?);
    if line == 1 && [sensor, timestamp, value] == HEADER {
        return Ok(None);
    }
    if sensor.is_empty() {
        return Err(bad("falta el identificador del sensor".to_owned()));
    }
    let Ok(timestamp_ms) = timestamp.parse::<u64>() else {
        let shown = shorten(timestamp);
        return Err(bad(format!("la marca de tiempo «{shown}» no es un entero")));
    };
    let number = value.parse::<f64>().ok().filter(|v| v.is_finite());
    let Some(value) = number else {
        let shown = shorten(value);
        return Err(bad(format!("el valor «{shown}» no es un número finito")));
    };
    Ok(Some(Reading {
        sensor: sensor.into(),
        timestamp_ms,
        value,
    }))
}
// ANCHOR_END: parse

/// Un campo, recortado para un mensaje: una línea basura puede medir megas.
fn shorten(text: &str) -> String {
    const MAX: usize = 32;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
