//! La configuración del pipeline, validada antes de arrancar ningún hilo.

use std::num::NonZeroUsize;
use std::ops::RangeInclusive;
use std::thread;

use crate::error::PipelineError;

/// Cómo se comporta el pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineConfig {
    /// Cuántos lotes caben en el canal de la lectura al análisis y en el de la
    /// agregación a la escritura: la contrapresión. Con un canal lleno, la etapa
    /// anterior espera. Los filtros tienen la ventana, [`PipelineConfig::window`],
    /// que también sale de aquí. Entre 1 y [`MAX_CHANNEL_CAPACITY`].
    pub channel_capacity: usize,
    /// Cuántos registros viajan juntos por un canal. Con 1, cada registro paga un
    /// envío por canal.
    pub batch_size: usize,
    /// Cuántos registros malos se saltan antes de abandonar; `None`, sin límite.
    pub max_bad_records: Option<usize>,
    /// Las lecturas fuera de este rango se filtran (no son errores).
    pub valid_range: RangeInclusive<f64>,
    /// Cuántos bytes puede medir un registro, con su fin de línea. Uno más largo es
    /// un error fatal: sin este tope, una comilla sin cerrar haría del resto del
    /// archivo un solo registro, entero en memoria.
    pub max_record_bytes: usize,
    /// Cuántos hilos hacen el filtro (con la transformación) a la vez, cada uno con
    /// lotes enteros; por defecto, uno por núcleo disponible. Entre 1 y
    /// [`MAX_FILTER_WORKERS`].
    pub filter_workers: usize,
}

/// El tope de `filter_workers`: cada filtro es un hilo, y más hilos que núcleos no
/// reparten más trabajo.
pub const MAX_FILTER_WORKERS: usize = 256;
/// El tope de `channel_capacity`: un canal acotado reserva de entrada un hueco por
/// lote, y el de la ventana, uno por permiso: `2 × capacidad + 1` por filtro.
pub const MAX_CHANNEL_CAPACITY: usize = 1024;
const _: () = assert!(
    MAX_FILTER_WORKERS == 256 && MAX_CHANNEL_CAPACITY == 1024,
    "cambia también los mensajes de validate"
);

impl Default for PipelineConfig {
    fn default() -> PipelineConfig {
        PipelineConfig {
            channel_capacity: 4,
            batch_size: 4096,
            max_bad_records: Some(100),
            valid_range: -55.0..=125.0,
            max_record_bytes: 1 << 20,
            filter_workers: thread::available_parallelism()
                .map_or(1, NonZeroUsize::get),
        }
    }
}

impl PipelineConfig {
    // ANCHOR: tope
    /// Lo más que el lector puede ir por delante del escritor, en registros: los
    /// lotes de los canales de `channel_capacity` (lectura → análisis y agregación →
    /// escritura), los de la ventana y el que tiene en las manos cada una de las
    /// otras etapas (lectura, análisis, agregación y escritura).
    /// (Con valores absurdos, que `Pipeline::new` rechaza, satura en lugar de
    /// desbordar.)
    pub fn max_in_flight(&self) -> usize {
        let channels = self.channel_capacity.saturating_mul(2);
        let batches = channels.saturating_add(self.window()).saturating_add(4);
        batches.saturating_mul(self.batch_size)
    }

    /// Cuántos lotes puede haber entre el análisis y la agregación: en las colas de
    /// los filtros, en sus manos y esperando a uno anterior para salir en orden. Lo
    /// que daría a cada filtro un canal de ida y otro de vuelta de `channel_capacity`
    /// lotes, más el que trabaja: `n × (2 × capacidad + 1)`.
    pub fn window(&self) -> usize {
        let per_filter = self.channel_capacity.saturating_mul(2).saturating_add(1);
        self.filter_workers.saturating_mul(per_filter)
    }
    // ANCHOR_END: tope

    pub(crate) fn validate(&self) -> Result<(), PipelineError> {
        let (start, end) = (*self.valid_range.start(), *self.valid_range.end());
        let problem = if !(1..=MAX_CHANNEL_CAPACITY).contains(&self.channel_capacity)
        {
            "la capacidad de los canales debe estar entre 1 y 1024"
        } else if self.batch_size == 0 {
            "el tamaño de lote debe ser al menos 1"
        } else if self.max_record_bytes == 0 {
            "el tope de bytes por registro debe ser al menos 1"
        } else if !(1..=MAX_FILTER_WORKERS).contains(&self.filter_workers) {
            // El mensaje es un `&'static str`: el assert de abajo lo ata a la constante.
            "el número de filtros debe estar entre 1 y 256"
        } else if start.partial_cmp(&end).is_none_or(|o| o.is_gt()) {
            "el rango válido está vacío (o tiene un NaN)"
        } else {
            return Ok(());
        };
        Err(PipelineError::InvalidConfig(problem))
    }
}
