//! Lo que comparten los tests del pipeline y los del programa.

use std::path::Path;

/// Los archivos que quedan en `dir`, ordenados: ni la salida ni un temporal a medias,
/// si la ejecución falló.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
