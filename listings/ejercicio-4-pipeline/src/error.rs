//! Los errores que paran el pipeline entero, y las etapas que los producen.

use std::{error, fmt, io};

use crate::record::BadRecord;

/// Las cinco etapas del pipeline, en orden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Read,
    Parse,
    Filter,
    Aggregate,
    Write,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Read => "lectura",
            Stage::Parse => "análisis",
            Stage::Filter => "filtro",
            Stage::Aggregate => "agregación",
            Stage::Write => "escritura",
        })
    }
}

/// Un error fatal: el pipeline se cancela entero y no deja archivo de salida. Las
/// líneas malas no están aquí: se anotan en el informe y se saltan, hasta el límite.
#[derive(Debug)]
pub enum PipelineError {
    InvalidConfig(&'static str),
    /// La entrada no se pudo abrir ([`Pipeline::run_detached`](crate::Pipeline::run_detached)).
    Open(io::Error),
    Io {
        stage: Stage,
        source: io::Error,
    },
    /// Un registro de más de `limit` bytes, que empieza en la línea `line`: sin un
    /// salto de línea, o con una comilla sin cerrar, no acabaría nunca.
    RecordTooLarge {
        line: u64,
        limit: u64,
    },
    /// La línea mala número `limit + 1`; `bad` las lista todas.
    TooManyBadRecords {
        limit: usize,
        bad: Vec<BadRecord>,
    },
    /// Quien llamó canceló el pipeline antes de que terminara.
    Cancelled,
    StagePanicked {
        stage: Stage,
        message: String,
    },
}

impl PipelineError {
    /// Un error de E/S en `stage`; `csv::Error` también se convierte en uno.
    pub(crate) fn io(stage: Stage, source: impl Into<io::Error>) -> PipelineError {
        let source = source.into();
        PipelineError::Io { stage, source }
    }
}

impl fmt::Display for PipelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipelineError::InvalidConfig(problem) => {
                write!(f, "configuración no válida: {problem}")
            }
            PipelineError::Open(source) => {
                write!(f, "no se puede abrir la entrada: {source}")
            }
            PipelineError::Io { stage, source } => {
                write!(f, "error de E/S en la etapa de {stage}: {source}")
            }
            PipelineError::RecordTooLarge { line, limit } => write!(
                f,
                "la línea {line} empieza un registro de más de {limit} bytes (¿una comilla sin cerrar?)"
            ),
            PipelineError::TooManyBadRecords { limit, bad } => {
                let last = bad.last().map(ToString::to_string).unwrap_or_default();
                write!(
                    f,
                    "más de {limit} registros malos; el que supera el límite es la {last}"
                )
            }
            PipelineError::Cancelled => f.write_str("pipeline cancelado"),
            PipelineError::StagePanicked { stage, message } => {
                write!(f, "la etapa de {stage} entró en pánico: {message}")
            }
        }
    }
}

impl error::Error for PipelineError {
    fn source(&self) -> Option<&(dyn error::Error + 'static)> {
        match self {
            PipelineError::Io { source, .. } | PipelineError::Open(source) => {
                Some(source)
            }
            _ => None,
        }
    }
}
