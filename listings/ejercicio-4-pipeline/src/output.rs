//! La salida: un CSV de lecturas que aparece entero o no aparece.
//!
//! [`AtomicFile`] escribe en un archivo temporal de la misma carpeta, y solo al
//! confirmar lo sincroniza con el disco y lo renombra al nombre final. Si la
//! ejecución falla o se cancela, el temporal se borra al soltarse: quien lea la
//! salida nunca ve un archivo a medias.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::record::{HEADER, Reading};

/// Un archivo que solo toma su nombre al confirmarse con [`AtomicFile::commit`].
#[derive(Debug)]
pub struct AtomicFile {
    temp: NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    // ANCHOR: atomico
    /// Crea el temporal junto a `target`. Falla ya, antes de procesar nada, si la
    /// carpeta no existe o no se puede escribir, o si `target` es una carpeta.
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        if target.is_dir() {
            let shown = target.display();
            let message = format!("{shown} es una carpeta");
            return Err(io::Error::new(io::ErrorKind::IsADirectory, message));
        }
        let dir = directory_of(target);
        let mut builder = tempfile::Builder::new();
        builder.prefix(".salida-").suffix(".tmp");
        // Los permisos de un archivo normal (0666 menos la umask), no los 0600 de
        // un temporal: al renombrarlo, es la salida.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let temp = builder.tempfile_in(dir)?;
        Ok(AtomicFile {
            temp,
            target: target.to_owned(),
        })
    }

    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// Sincroniza el contenido con el disco, renombra el temporal al nombre final y
    /// sincroniza la carpeta, para que el renombrado también sobreviva a un corte.
    pub fn commit(self) -> io::Result<()> {
        self.temp.as_file().sync_all()?;
        self.temp.persist(&self.target).map_err(|e| e.error)?;
        #[cfg(unix)]
        File::open(directory_of(&self.target))?.sync_all()?;
        Ok(())
    }
    // ANCHOR_END: atomico
}

fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Crea `output` con lo que `body` escriba, de forma atómica: si `body` devuelve
/// `Err`, no queda nada.
pub(crate) fn write_atomically<T, E>(
    output: &Path,
    to_error: impl Fn(io::Error) -> E,
    body: impl FnOnce(BufWriter<&mut File>) -> Result<T, E>,
) -> Result<T, E> {
    let mut file = AtomicFile::create(output).map_err(&to_error)?;
    let value = body(BufWriter::with_capacity(1 << 16, file.file()))?;
    file.commit().map_err(to_error)?;
    Ok(value)
}

/// El escritor de CSV de la salida, con la cabecera ya escrita en su búfer de 64 KiB.
pub(crate) fn csv_writer<W: Write>(sink: W) -> csv::Result<csv::Writer<W>> {
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .from_writer(sink);
    writer.write_record(HEADER)?;
    Ok(writer)
}

pub(crate) fn write_reading<W: Write>(
    writer: &mut csv::Writer<W>,
    reading: &Reading,
) -> csv::Result<()> {
    writer.serialize((&reading.sensor, reading.timestamp_ms, reading.value))
}
