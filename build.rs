//! Prepara las pruebas del libro.
//!
//! 1. Comprueba que cada listado de `listings/` tiene su `[[bin]]` con su mismo nombre
//!    (los que no deben compilar, los que tienen un `.stderr` al lado, no lo tienen).
//! 2. Expande los `{{#include}}` y `{{#rustdoc_include}}` de cada capítulo de `src/`
//!    como lo haría mdBook y deja las copias en `OUT_DIR/libro/`.
//! 3. Entrega esas copias a skeptic, que genera un test por cada bloque de Rust: los
//!    tests prueban exactamente lo que ve quien lee el libro.

#[path = "tools/libro.rs"]
#[allow(dead_code)]
mod libro;

use std::env;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process;
use std::time::SystemTime;

fn main() {
    for watched in [
        "build.rs",
        "tools/libro.rs",
        "Cargo.toml",
        "src",
        "listings",
    ] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let root = PathBuf::from(
        env::var("CARGO_MANIFEST_DIR").expect("cargo define CARGO_MANIFEST_DIR"),
    );
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo define OUT_DIR"))
        .join("libro");
    match prepare(&root, &out) {
        Ok(copies) => skeptic::generate_doc_tests(&copies),
        Err(problems) => {
            eprintln!("El libro no está listo para compilar:\n");
            for problem in problems {
                eprintln!("error: {problem}\n");
            }
            process::exit(1);
        }
    }
}

fn prepare(root: &Path, out: &Path) -> Result<Vec<PathBuf>, Vec<String>> {
    let listings = libro::listings(root).map_err(|e| vec![e])?;
    let manifest = fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| vec![e.to_string()])?;
    let bins = libro::bins(&manifest).map_err(|e| vec![e])?;
    let mut problems = libro::check_bins(&listings, &bins);

    fs::create_dir_all(out).map_err(|e| vec![format!("{}: {e}", out.display())])?;
    let mut copies = Vec::new();
    for chapter in chapters(&root.join("src")).map_err(|e| vec![e])? {
        match copy_chapter(root, &chapter, &listings, out) {
            Ok(copy) => copies.push(copy),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() {
        Ok(copies)
    } else {
        Err(problems)
    }
}

/// Los `.md` de `src/`, en orden alfabético (el de los números de capítulo).
fn chapters(src: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        fs::read_dir(src).map_err(|e| format!("{}: {e}", src.display()))?;
    let mut chapters: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    chapters.sort();
    Ok(chapters)
}

/// Escribe la copia expandida de un capítulo y devuelve su ruta.
fn copy_chapter(
    root: &Path,
    chapter: &Path,
    listings: &[libro::Listing],
    out: &Path,
) -> Result<PathBuf, Vec<String>> {
    let name = chapter
        .strip_prefix(root)
        .unwrap_or(chapter)
        .display()
        .to_string();
    let text =
        fs::read_to_string(chapter).map_err(|e| vec![format!("{name}: {e}")])?;
    let mut problems = Vec::new();
    let mut text_for_skeptic = text.clone();
    // De atrás hacia delante, para que las posiciones de los bloques anteriores sigan valiendo.
    for block in libro::code_blocks(&text)
        .iter()
        .rev()
        .filter(|b| b.is_rust())
    {
        match check_block(block, listings) {
            Ok(true) => {
                // trybuild ya comprueba que no compila y con qué error; skeptic no debe intentarlo.
                let (start, end) = block.info_span;
                text_for_skeptic.replace_range(start..end, "text");
            }
            Ok(false) => {}
            Err(e) => problems.push(format!("{name}:{}: {e}", block.line)),
        }
    }
    let mut inputs = vec![chapter.to_path_buf()];
    let base = chapter.parent().unwrap_or(root);
    let expanded = libro::expand(&text_for_skeptic, base, &mut inputs)
        .map_err(|e| vec![format!("{name}: {e}")])?;
    if !problems.is_empty() {
        return Err(problems);
    }
    let copy = out.join(chapter.file_name().unwrap());
    write_if_changed(&copy, &expanded, &inputs)
        .map_err(|e| vec![format!("{}: {e}", copy.display())])?;
    Ok(copy)
}

/// Las reglas de los bloques de Rust: nada de `no_run` ni `compile_fail`, y `ignore`
/// solo junto a `does_not_compile` sobre un listado que tiene su `.stderr`.
/// Devuelve `true` si el bloque es uno de esos listados que no compilan.
fn check_block(
    block: &libro::CodeBlock,
    listings: &[libro::Listing],
) -> Result<bool, String> {
    let tags = block.tags();
    if let Some(tag) = tags.iter().find(|t| ["no_run", "compile_fail"].contains(t)) {
        return Err(format!(
            "`{tag}` no está permitido: todo bloque de Rust se compila y se ejecuta"
        ));
    }
    let ignore = tags.contains(&"ignore");
    if ignore != tags.contains(&"does_not_compile") {
        return Err(
            "`ignore` va siempre con `does_not_compile`, y al revés".to_owned()
        );
    }
    if !ignore {
        return Ok(false);
    }
    let includes = libro::find_includes(&block.body);
    let leftover =
        includes
            .iter()
            .rev()
            .fold(block.body.clone(), |mut body, inc| {
                body.replace_range(inc.start..inc.end, "");
                body
            });
    let included = match includes.as_slice() {
        [one] if leftover.trim().is_empty() => one,
        _ => return Err(
            "un bloque `does_not_compile` contiene solo la inclusión de un listado"
                .to_owned(),
        ),
    };
    let stem = Path::new(&included.path)
        .file_stem()
        .map(|s| s.to_string_lossy());
    match listings
        .iter()
        .find(|l| Some(l.stem.as_str()) == stem.as_deref())
    {
        Some(listing) if listing.compile_fail => Ok(true),
        _ => Err(format!(
            "{} no tiene un .stderr al lado: un bloque `does_not_compile` muestra un listado que trybuild comprueba",
            included.path
        )),
    }
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
