//! Un lote de registros del CSV en un solo búfer: lo que la lectura entrega al
//! análisis.
//!
//! La lectura separa cada registro en su `ByteRecord`, siempre el mismo, y copia sus
//! campos al lote: los bytes de todos los campos, seguidos, y dónde acaba cada uno.
//! Un `Vec<ByteRecord>` haría lo mismo con tres bloques de memoria por registro (el
//! registro, sus bytes y sus límites), repartidos por el montón; el análisis, en otro
//! hilo y a menudo en otro núcleo, tendría que traer cada uno a su caché por
//! separado. Así recorre tres vectores de principio a fin.

use csv::ByteRecord;

// ANCHOR: lote
/// Los registros de un lote, campo a campo, en el orden del archivo.
#[derive(Debug, Default)]
pub(crate) struct RecordBatch {
    /// Los bytes de todos los campos, seguidos.
    bytes: Vec<u8>,
    /// Dónde acaba cada campo en `bytes`.
    ends: Vec<usize>,
    /// Por registro, su línea en el archivo y dónde acaba su último campo en `ends`.
    records: Vec<(u64, usize)>,
}

/// Los campos de un registro del lote.
pub(crate) struct Fields<'a> {
    pub(crate) line: u64,
    bytes: &'a [u8],
    /// El final de cada uno de sus campos en `bytes`.
    ends: &'a [usize],
    /// Dónde empieza su primer campo en `bytes`.
    start: usize,
}

impl RecordBatch {
    /// Vacía el lote sin soltar su memoria, para volver a llenarlo.
    pub(crate) fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        self.records.clear();
    }

    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// Copia al lote los campos de `record`, con su número de línea.
    pub(crate) fn push(&mut self, record: &ByteRecord) {
        for field in record {
            self.bytes.extend_from_slice(field);
            self.ends.push(self.bytes.len());
        }
        let line = record.position().map_or(0, |p| p.line());
        self.records.push((line, self.ends.len()));
    }

    /// Los registros, en el orden en que entraron.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Fields<'_>> {
        let mut first: usize = 0; // el primer campo del registro, en `ends`
        self.records.iter().map(move |&(line, last)| {
            let start = first.checked_sub(1).map_or(0, |i| self.ends[i]);
            let ends = &self.ends[first..last];
            first = last;
            Fields {
                line,
                bytes: &self.bytes,
                ends,
                start,
            }
        })
    }
}

impl<'a> Fields<'a> {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// El campo `i` (desde 0), que debe existir.
    pub(crate) fn get(&self, i: usize) -> &'a [u8] {
        let start = i.checked_sub(1).map_or(self.start, |j| self.ends[j]);
        &self.bytes[start..self.ends[i]]
    }
}
// ANCHOR_END: lote

#[cfg(test)]
mod tests {
    use super::RecordBatch;
    use csv::ByteRecord;

    #[test]
    fn cada_registro_sale_con_sus_campos_y_su_linea() {
        let mut reader =
            crate::record::csv_reader("a,bc,\n\"x\ny\",d\nefg\n".as_bytes());
        let (mut batch, mut record) = (RecordBatch::default(), ByteRecord::new());
        while reader.read_byte_record(&mut record).unwrap() {
            batch.push(&record);
        }
        let got: Vec<(u64, Vec<&[u8]>)> = batch
            .iter()
            .map(|f| (f.line, (0..f.len()).map(|i| f.get(i)).collect()))
            .collect();
        let want: Vec<(u64, Vec<&[u8]>)> = vec![
            (1, vec![b"a", b"bc", b""]),
            (2, vec![b"x\ny", b"d"]),
            (4, vec![b"efg"]),
        ];
        assert_eq!(got, want);
        batch.clear();
        assert_eq!((batch.len(), batch.iter().count()), (0, 0));
    }
}
