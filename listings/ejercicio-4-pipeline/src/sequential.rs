//! El mismo trabajo en un bucle, sin hilos: la referencia con la que se compara el
//! pipeline. Usa las mismas funciones registro a registro (análisis, filtro,
//! cuentas, formato de salida), así que da el mismo informe y los mismos bytes.

use std::io::{Read, Write};
use std::path::Path;

use csv::ByteRecord;

use crate::error::{PipelineError, Stage};
use crate::output;
use crate::pipeline::Pipeline;
use crate::record;
use crate::report::{PipelineReport, Tally};
use crate::stages;

impl Pipeline {
    /// Como [`Pipeline::run`], en el hilo que llama.
    pub fn run_sequential<R: Read>(
        &self,
        input: R,
        output: &Path,
    ) -> Result<PipelineReport, PipelineError> {
        let to_error = |e| PipelineError::io(Stage::Write, e);
        output::write_atomically(output, to_error, |sink| {
            self.run_sequential_into(input, sink)
        })
    }

    /// Como [`Pipeline::run_into`], en el hilo que llama.
    pub fn run_sequential_into<R: Read, W: Write>(
        &self,
        input: R,
        sink: W,
    ) -> Result<PipelineReport, PipelineError> {
        let io = |stage| move |e: csv::Error| PipelineError::io(stage, e);
        let config = &self.config;
        let mut reader = record::RecordReader::new(input, config.max_record_bytes);
        let mut writer = output::csv_writer(sink).map_err(io(Stage::Write))?;
        let mut tally = Tally::new(config.max_bad_records);
        let mut written = 0;
        let mut record = ByteRecord::new();
        while reader.read(&mut record)? {
            let mut reading = match record::parse(&record) {
                Ok(Some(reading)) => reading,
                Ok(None) => continue,
                Err(bad) => {
                    tally.bad(bad)?;
                    continue;
                }
            };
            if let Some(transform) = &self.transform {
                transform(&mut reading);
            }
            if !stages::keep(&config.valid_range, &reading) {
                tally.filtered(1);
                continue;
            }
            tally.reading(&reading);
            output::write_reading(&mut writer, &reading)
                .map_err(io(Stage::Write))?;
            written += 1;
        }
        writer
            .flush()
            .map_err(|e| PipelineError::io(Stage::Write, e))?;
        Ok(tally.finish(written))
    }
}
