//! Entrega los capítulos a skeptic, que genera un test por cada bloque de Rust.
//!
//! 1. Expande los `{{#include}}` y `{{#rustdoc_include}}` de cada capítulo de `src/`
//!    como lo haría mdBook (`libro::include`) y deja las copias en `OUT_DIR/libro/`:
//!    los tests prueban exactamente lo que ve quien lee el libro.
//! 2. En esas copias, los bloques que se prueban en otro sitio (los listados que no
//!    compilan y los fragmentos de los ejercicios, ver `libro::blocks`) pasan a ser
//!    `text`, para que skeptic no genere un test para ellos.
//!
//! Nada más: las reglas del libro se comprueban en `tests/libro.rs`. Un error en un
//! capítulo no rompe la compilación (ni el `cargo run` de un lector): aquí solo deja
//! un aviso y ese capítulo fuera de skeptic (todos, si el error está en los nombres de
//! `listings/`), y un test de `tests/libro.rs` falla con el mensaje completo.

use std::env;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use libro::blocks::classify;
use libro::chapters::{Chapter, chapters};
use libro::listings::{Tree, tree};

fn main() {
    // Los capítulos, y solo los archivos que incluyen (más abajo): editar un archivo de
    // un ejercicio que ningún capítulo muestra no vuelve a compilar los listados.
    for watched in ["build.rs", "src"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let root = PathBuf::from(
        env::var("CARGO_MANIFEST_DIR").expect("cargo define CARGO_MANIFEST_DIR"),
    );
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo define OUT_DIR"))
        .join("libro");
    let mut copies = Vec::new();
    let mut inputs = Vec::new();
    if let Err(problem) = prepare(&root, &out, &mut copies, &mut inputs) {
        // Quizá falta un archivo que aún no existe: vigilar todos los listados.
        println!("cargo:rerun-if-changed=listings");
        println!("cargo:warning={problem} (lo detalla `cargo test --test libro`)");
    }
    inputs.sort();
    inputs.dedup();
    for input in inputs {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    skeptic::generate_doc_tests(&copies);
}

fn prepare(
    root: &Path,
    out: &Path,
    copies: &mut Vec<PathBuf>,
    inputs: &mut Vec<PathBuf>,
) -> Result<(), String> {
    let tree = tree(root)?;
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut problems = Vec::new();
    for chapter in chapters(root)? {
        match copy_chapter(&chapter, &tree, out, inputs) {
            Ok(copy) => copies.push(copy),
            Err(e) => problems.push(format!("src/{}: {e}", chapter.name)),
        }
    }
    match problems.as_slice() {
        [] => Ok(()),
        [one] => Err(one.clone()),
        [first, rest @ ..] => {
            Err(format!("{first}; y {} problemas más", rest.len()))
        }
    }
}

/// Escribe la copia expandida de un capítulo y devuelve su ruta.
fn copy_chapter(
    chapter: &Chapter,
    tree: &Tree,
    out: &Path,
    all_inputs: &mut Vec<PathBuf>,
) -> Result<PathBuf, String> {
    let mut text = chapter.text.clone();
    // De atrás hacia delante, para que las posiciones de los bloques anteriores sigan valiendo.
    for block in libro::markdown::code_blocks(&chapter.text).iter().rev() {
        let kind = classify(block, tree)
            .map_err(|e| format!("línea {}: {e}", block.line))?;
        if kind.is_some_and(|k| k.tested_elsewhere()) {
            let (start, end) = block.info_span;
            text.replace_range(start..end, "text");
        }
    }
    let mut inputs = vec![chapter.path.clone()];
    let base = chapter.path.parent().expect("un capítulo está en src/");
    let expanded = libro::include::expand(&text, base, &mut inputs);
    all_inputs.extend(inputs.iter().cloned());
    let expanded = expanded?;
    let copy = out.join(&chapter.name);
    write_if_changed(&copy, &expanded, &inputs)
        .map_err(|e| format!("{}: {e}", copy.display()))?;
    Ok(copy)
}

/// Escribe solo si el contenido cambia, y con la fecha de modificación de la entrada
/// más reciente: así cargo no cree que la copia ha cambiado después de ejecutar este
/// script, y un `cargo test` sin cambios no lo vuelve a ejecutar.
fn write_if_changed(
    path: &Path,
    contents: &str,
    inputs: &[PathBuf],
) -> std::io::Result<()> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    fs::write(path, contents)?;
    let newest = inputs
        .iter()
        .filter_map(|input| fs::metadata(input).and_then(|m| m.modified()).ok())
        .max()
        .unwrap_or(SystemTime::UNIX_EPOCH);
    File::options().write(true).open(path)?.set_modified(newest)
}
