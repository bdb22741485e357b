//! El índice de listados, `src/indice-de-listados.md`, generado a partir de
//! `listings/` y de las páginas que incluyen cada listado: cuando llega un capítulo
//! nuevo, `INDICE=overwrite cargo test --test libro` lo reescribe, y sin esa variable
//! el test falla si la página no es la que se generaría.

use std::collections::BTreeMap;
use std::path::Path;

use crate::chapters::{chapter_title, chapters, resolve, summary_entries};
use crate::include::find_includes;
use crate::listings::{Listing, header, tree};
use crate::markdown::code_blocks;

/// La página, relativa a la raíz.
pub const PAGE: &str = "src/indice-de-listados.md";

/// Una celda de tabla: sin `|` que la partan.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// La orden de la línea `//! Ejecuta:` sin lo que la siga tras la orden.
fn command(run: &str) -> String {
    let inner = run.trim_start_matches('`');
    let end = inner.find('`').unwrap_or(inner.len());
    format!("`{}`", &inner[..end])
}

/// El texto entero de la página.
pub fn generate(root: &Path) -> Result<String, String> {
    let tree = tree(root)?;
    let entries = summary_entries(root)?;
    // La página donde aparece cada archivo incluido.
    let mut page_of: BTreeMap<String, String> = BTreeMap::new();
    for chapter in chapters(root)? {
        for block in code_blocks(&chapter.text) {
            for include in find_includes(&block.body) {
                page_of
                    .entry(resolve(&include.path))
                    .or_insert_with(|| chapter.name.clone());
            }
        }
    }
    let mut by_chapter: BTreeMap<u32, Vec<&Listing>> = BTreeMap::new();
    for listing in &tree.listings {
        by_chapter.entry(listing.chapter).or_default().push(listing);
    }
    let mut out = String::from(
        "# Índice de listados\n\n\
         Todos los listados del libro, por capítulo, con la página donde aparecen y la \
         orden que los ejecuta desde la raíz del repositorio. Los que no compilan a \
         propósito no tienen orden: su página muestra el error del compilador.\n\n\
         > **Pruébalo.** `cargo run --bin`, sin nombre, no ejecuta nada: responde con \
         la lista de todos los programas del repositorio, los de esta página y los de \
         los ejercicios.\n",
    );
    for (chapter, mut listings) in by_chapter {
        listings.sort_by_key(|l| l.number);
        let title = chapter_title(&entries, chapter).unwrap_or_default();
        out.push_str(&format!(
            "\n## Capítulo {chapter}. {title}\n\n| listado | qué enseña | cómo se ejecuta |\n|---|---|---|\n"
        ));
        for listing in listings {
            let header = header(&listing.source(root)?);
            let name = listing.caption_name();
            let what = header
                .title
                .strip_prefix(&format!("{name}: "))
                .unwrap_or(&header.title);
            let shown = match page_of.get(&listing.path) {
                Some(page) => format!("[{name}]({page})"),
                None => name,
            };
            let run = match (&header.run, listing.compile_fail) {
                (_, true) => "no compila, a propósito".to_owned(),
                (Some(run), false) => command(run),
                (None, false) => format!("`cargo run --bin {}`", listing.stem),
            };
            out.push_str(&format!("| {shown} | {} | {run} |\n", cell(what)));
        }
    }
    if !tree.exercises.is_empty() {
        out.push_str(
            "\n## Ejercicios\n\n| ejercicio | qué es | cómo se ejecuta |\n|---|---|---|\n",
        );
        let mut exercises = tree.exercises.clone();
        exercises.sort_by_key(|e| e.number);
        for exercise in exercises {
            let lib = format!("{}/src/lib.rs", exercise.dir);
            let source = std::fs::read_to_string(root.join(&lib))
                .map_err(|e| format!("{lib}: {e}"))?;
            let title = header(&source).title;
            let name = format!("Ejercicio {}", exercise.number);
            let what = title.strip_prefix(&format!("{name}: ")).unwrap_or(&title);
            let page = page_of
                .iter()
                .find(|(path, _)| path.starts_with(&format!("{}/", exercise.dir)))
                .map(|(_, page)| page);
            let shown = match page {
                Some(page) => format!("[{name}]({page})"),
                None => name,
            };
            out.push_str(&format!(
                "| {shown} | {} | `cargo run --bin {}` |\n",
                cell(what),
                exercise.name
            ));
        }
    }
    out.push_str("\nCon este índice termina el libro. Vuelve a la [Introducción](ch00-00-introduccion.md) para ver el mapa de los capítulos.\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn la_orden_es_lo_que_va_entre_acentos() {
        assert_eq!(
            command("`cargo run --release --bin x -- 4` (sin argumento, pequeño)"),
            "`cargo run --release --bin x -- 4`"
        );
        assert_eq!(cell("a | b"), "a \\| b");
    }
}
