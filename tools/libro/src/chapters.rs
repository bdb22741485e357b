//! Los capítulos del libro: los `.md` de `src/` salvo `SUMMARY.md` y `404.md`, y lo
//! que enlaza el índice.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::markdown;

/// Una página del libro, `src/chNN-SS-slug.md`.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// El nombre del archivo: `ch01-01-hilos-procesos-async.md`.
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

impl Chapter {
    /// `ch04-02-errores.md` → `(4, 2)`: el capítulo y la sección (0 para la portada).
    pub fn number(name: &str) -> Option<(u32, u32)> {
        let rest = name.strip_prefix("ch")?;
        let chapter = rest.get(..2)?.parse().ok()?;
        let section = rest
            .get(3..5)
            .filter(|_| rest.get(2..3) == Some("-"))?
            .parse()
            .ok()?;
        Some((chapter, section))
    }
}

/// Los capítulos de `root/src`, en orden alfabético, que es el de sus números.
pub fn chapters(root: &Path) -> Result<Vec<Chapter>, String> {
    let src = root.join("src");
    let entries =
        fs::read_dir(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let mut chapters = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        // SUMMARY.md es el índice y 404.md la página de una dirección que no existe:
        // ninguno es un capítulo.
        if path.extension().is_none_or(|e| e != "md")
            || name == "SUMMARY.md"
            || name == "404.md"
        {
            continue;
        }
        let text =
            fs::read_to_string(&path).map_err(|e| format!("src/{name}: {e}"))?;
        chapters.push(Chapter { name, path, text });
    }
    chapters.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(chapters)
}

/// Las entradas de `src/SUMMARY.md`: (texto del enlace, archivo).
pub fn summary(root: &Path) -> Result<Vec<(String, String)>, String> {
    Ok(summary_entries(root)?
        .into_iter()
        .map(|e| (e.label, e.file))
        .collect())
}

/// Dónde está una página en el índice de mdBook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Un enlace suelto antes de la lista: la introducción.
    Prefix,
    /// Un elemento de la lista: un capítulo o una sección, con número.
    Numbered,
    /// Un enlace suelto tras la lista, sin número: conclusiones, apéndices, índices.
    Suffix,
}

/// Una entrada de `src/SUMMARY.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEntry {
    pub label: String,
    pub file: String,
    pub part: Part,
}

/// Las entradas de `src/SUMMARY.md`, en orden, con la parte del índice en que están.
pub fn summary_entries(root: &Path) -> Result<Vec<SummaryEntry>, String> {
    let path = root.join("src/SUMMARY.md");
    let text =
        fs::read_to_string(&path).map_err(|e| format!("src/SUMMARY.md: {e}"))?;
    let mut seen_list = false;
    let mut entries = Vec::new();
    for (label, file, listed) in markdown::links_in_lists(&text) {
        seen_list |= listed;
        let part = match (listed, seen_list) {
            (true, _) => Part::Numbered,
            (false, false) => Part::Prefix,
            (false, true) => Part::Suffix,
        };
        entries.push(SummaryEntry { label, file, part });
    }
    Ok(entries)
}

/// El título de la portada del capítulo `chapter` en el índice, sin su número:
/// «Buenas prácticas» para el 7. `None` si el capítulo no está en el libro.
pub fn chapter_title(entries: &[SummaryEntry], chapter: u32) -> Option<String> {
    entries
        .iter()
        .find(|e| Chapter::number(&e.file) == Some((chapter, 0)))
        .map(|e| {
            let number = format!("{chapter}. ");
            e.label.strip_prefix(&number).unwrap_or(&e.label).to_owned()
        })
}

/// La ruta, relativa a la raíz y con `/`, de lo que incluye un capítulo de `src/`
/// con la ruta `included` (relativa a `src/`).
pub fn resolve(included: &str) -> String {
    let joined = Path::new("src").join(included);
    let mut parts: Vec<String> = Vec::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir => {}
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn el_numero_de_un_capitulo_sale_de_su_nombre() {
        assert_eq!(Chapter::number("ch04-02-errores.md"), Some((4, 2)));
        assert_eq!(Chapter::number("ch00-00-introduccion.md"), Some((0, 0)));
        assert_eq!(Chapter::number("SUMMARY.md"), None);
    }

    #[test]
    fn resolve_normaliza_desde_src() {
        assert_eq!(
            resolve("../listings/ch01-modelos/./listado-01-01-hilos.rs"),
            "listings/ch01-modelos/listado-01-01-hilos.rs"
        );
        assert_eq!(resolve("img/a.svg"), "src/img/a.svg");
    }
}
