//! Cómo expande mdBook `{{#include}}` y `{{#rustdoc_include}}`.
//!
//! Reproduce la expansión de mdBook 0.5 (`links.rs` y `take_lines.rs`), con una
//! diferencia deliberada: un archivo, un ancla o un rango que no existen son un error,
//! no una advertencia. `tests/libro.rs` compara el resultado con el de `mdbook build`.

use std::fs;
use std::path::{Path, PathBuf};

/// Profundidad máxima de inclusiones anidadas, la misma que usa mdBook.
const MAX_DEPTH: usize = 10;

/// Una directiva `{{#include ...}}` o `{{#rustdoc_include ...}}` de un capítulo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    pub rustdoc: bool,
    pub path: String,
    pub selector: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// Encuentra las directivas de inclusión de `text`. Las escapadas (`\{{#...}}`) no cuentan.
pub fn find_includes(text: &str) -> Vec<Include> {
    find_links(text)
        .into_iter()
        .filter_map(|link| match link {
            Link::Include(include) => Some(include),
            Link::Escaped { .. } | Link::Title { .. } => None,
        })
        .collect()
}

/// `text` sin sus directivas de inclusión: lo que el autor escribió a mano.
pub fn without_includes(text: &str) -> String {
    find_includes(text)
        .iter()
        .rev()
        .fold(text.to_owned(), |mut body, inc| {
            body.replace_range(inc.start..inc.end, "");
            body
        })
}

enum Link {
    Include(Include),
    Escaped { start: usize, end: usize },
    Title { start: usize, end: usize },
}

/// El equivalente de la expresión regular `LINK` de mdBook.
fn find_links(text: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut pos = 0;
    while let Some(found) = text[pos..].find("{{") {
        let open = pos + found;
        if open > 0
            && text.as_bytes()[open - 1] == b'\\'
            && text[open + 2..].starts_with('#')
        {
            // `\{{#...}}` llega, como en mdBook, hasta el último `}}` de la línea.
            let line_end = text[open..].find('\n').map_or(text.len(), |i| open + i);
            if let Some(close) = text[open..line_end].rfind("}}") {
                links.push(Link::Escaped {
                    start: open - 1,
                    end: open + close + 2,
                });
                pos = open + close + 2;
                continue;
            }
        }
        pos = open + 2;
        let rest = text[pos..].trim_start();
        let Some(rest) = rest.strip_prefix('#') else {
            continue;
        };
        let kind_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (kind, after) = rest.split_at(kind_len);
        if kind.is_empty() || !after.starts_with(char::is_whitespace) {
            continue;
        }
        let Some(close) = after.find('}') else {
            continue;
        };
        if !after[close..].starts_with("}}") {
            continue;
        }
        let target = after[..close].trim();
        let end = text.len() - after.len() + close + 2;
        let mut words = target.split_whitespace();
        let (Some(file), true) = (words.next(), !target.is_empty()) else {
            continue;
        };
        let (path, selector) = match file.split_once(':') {
            Some((path, sel)) => (path.to_owned(), Some(sel.to_owned())),
            None => (file.to_owned(), None),
        };
        let include = |rustdoc| Include {
            rustdoc,
            path,
            selector,
            start: open,
            end,
        };
        match kind {
            "include" => links.push(Link::Include(include(false))),
            "rustdoc_include" => links.push(Link::Include(include(true))),
            "title" => links.push(Link::Title { start: open, end }),
            _ => continue,
        }
        pos = end;
    }
    links
}

enum Selection {
    Lines(Option<usize>, Option<usize>),
    Anchor(String),
}

/// `parse_range_or_anchor` de mdBook: `5`, `5:10`, `:10`, `5:`, `nombre`.
fn parse_selector(selector: Option<&str>) -> Selection {
    let mut parts = selector.unwrap_or("").splitn(3, ':');
    let first = parts.next();
    let start = match first {
        Some(s) if s.parse::<usize>().is_ok() => {
            Some(s.parse::<usize>().unwrap().saturating_sub(1))
        }
        Some("") | None => None,
        Some(anchor) => return Selection::Anchor(anchor.to_owned()),
    };
    match (start, parts.next().map(str::parse::<usize>)) {
        (Some(start), Some(Ok(end))) => Selection::Lines(Some(start), Some(end)),
        (Some(start), Some(Err(_))) => Selection::Lines(Some(start), None),
        (Some(start), None) => Selection::Lines(Some(start), Some(start + 1)),
        (None, Some(Ok(end))) => Selection::Lines(None, Some(end)),
        (None, _) => Selection::Lines(None, None),
    }
}

fn anchor_name<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let after = &line[line.find(marker)? + marker.len()..];
    let name = after.trim_start();
    let len = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(name.len());
    (len > 0).then(|| &name[..len])
}

fn anchor_start(line: &str) -> Option<&str> {
    // `ANCHOR_END:` no contiene `ANCHOR:`, así que no hay confusión posible.
    anchor_name(line, "ANCHOR:")
}

fn anchor_end(line: &str) -> Option<&str> {
    anchor_name(line, "ANCHOR_END:")
}

/// Lo que mdBook pone en lugar de la directiva, o un error si no resuelve.
fn select(source: &str, include: &Include) -> Result<String, String> {
    let selection = parse_selector(include.selector.as_deref());
    let lines: Vec<&str> = source.lines().collect();
    let text = match (&selection, include.rustdoc) {
        (Selection::Lines(start, end), false) => {
            let start = start.unwrap_or(0);
            let end = end.unwrap_or(lines.len()).min(lines.len());
            lines.get(start..end).unwrap_or_default().join("\n")
        }
        (Selection::Lines(start, end), true) => {
            let range = start.unwrap_or(0)..end.unwrap_or(usize::MAX);
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    if range.contains(&i) {
                        l.to_string()
                    } else {
                        format!("# {l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        (Selection::Anchor(anchor), rustdoc) => {
            let mut out = Vec::new();
            let mut inside = false;
            let mut found = false;
            for line in &lines {
                if inside {
                    if let Some(name) = anchor_end(line) {
                        if name == anchor {
                            inside = false;
                            if !rustdoc {
                                break;
                            }
                        }
                    } else if anchor_start(line).is_none() {
                        out.push(line.to_string());
                    }
                } else if let Some(name) = anchor_start(line) {
                    if name == anchor {
                        inside = true;
                        found = true;
                    }
                } else if rustdoc && anchor_end(line).is_none() {
                    out.push(format!("# {line}"));
                }
            }
            if !found {
                return Err(format!("el ancla `{anchor}` no existe"));
            }
            out.join("\n")
        }
    };
    let visible = |line: &str| !(include.rustdoc && line.starts_with("# "));
    if !source.is_empty() && !text.lines().any(visible) {
        return Err("la selección no contiene ninguna línea".to_owned());
    }
    Ok(text)
}

/// Expande las inclusiones de `text`, cuyas rutas son relativas a `base`, como lo
/// hace mdBook. `deps` recibe cada archivo leído.
pub fn expand(
    text: &str,
    base: &Path,
    deps: &mut Vec<PathBuf>,
) -> Result<String, String> {
    expand_at(text, base, deps, 0)
}

fn expand_at(
    text: &str,
    base: &Path,
    deps: &mut Vec<PathBuf>,
    depth: usize,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut previous = 0;
    for link in find_links(text) {
        match link {
            Link::Escaped { start, end } => {
                out.push_str(&text[previous..start]);
                out.push_str(&text[start + 1..end]);
                previous = end;
            }
            Link::Title { start, end } => {
                out.push_str(&text[previous..start]);
                previous = end;
            }
            Link::Include(include) => {
                out.push_str(&text[previous..include.start]);
                let target = base.join(&include.path);
                let directive = &text[include.start..include.end];
                let source = fs::read_to_string(&target).map_err(|e| {
                    format!(
                        "{directive}: no se puede leer {}: {e}",
                        target.display()
                    )
                })?;
                deps.push(target.clone());
                let selected = select(&source, &include)
                    .map_err(|e| format!("{directive}: {e}"))?;
                if depth + 1 >= MAX_DEPTH {
                    return Err(format!(
                        "{directive}: demasiadas inclusiones anidadas"
                    ));
                }
                let nested_base = target.parent().unwrap_or(base);
                out.push_str(&expand_at(&selected, nested_base, deps, depth + 1)?);
                previous = include.end;
            }
        }
    }
    out.push_str(&text[previous..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_file(name: &str, contents: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(name), contents).unwrap();
        dir
    }

    #[test]
    fn una_inclusion_que_no_resuelve_es_un_error_claro() {
        let dir =
            with_file("a.rs", "// ANCHOR: uno\nfn uno() {}\n// ANCHOR_END: uno\n");
        let expand = |text: &str| expand(text, dir.path(), &mut Vec::new());
        let error = expand("{{#include b.rs}}").unwrap_err();
        assert!(error.contains("no se puede leer"), "{error}");
        let error = expand("{{#rustdoc_include a.rs:dos}}").unwrap_err();
        assert!(error.contains("el ancla `dos` no existe"), "{error}");
        let error = expand("{{#include a.rs:20:30}}").unwrap_err();
        assert!(error.contains("no contiene ninguna línea"), "{error}");
    }

    #[test]
    fn anclas_rangos_y_escapes_como_mdbook() {
        let dir =
            with_file("a.rs", "// ANCHOR: uno\nfn uno() {}\n// ANCHOR_END: uno\n");
        let expand = |text: &str| expand(text, dir.path(), &mut Vec::new());
        assert_eq!(expand("{{#include a.rs:uno}}").unwrap(), "fn uno() {}");
        assert_eq!(
            expand("{{#rustdoc_include a.rs:2}}").unwrap(),
            "# // ANCHOR: uno\nfn uno() {}\n# // ANCHOR_END: uno"
        );
        assert_eq!(expand(r"\{{#include b.rs}}").unwrap(), "{{#include b.rs}}");
    }

    #[test]
    fn las_inclusiones_anidadas_se_resuelven_desde_su_archivo() {
        let dir = with_file("a.md", "antes {{#include sub/b.txt}} después");
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/b.txt"), "{{#include c.txt}}").unwrap();
        fs::write(dir.path().join("sub/c.txt"), "C").unwrap();
        let mut deps = Vec::new();
        let text = expand("{{#include a.md}}", dir.path(), &mut deps).unwrap();
        assert_eq!(text, "antes C después");
        assert_eq!(deps.len(), 3);
    }

    #[test]
    fn find_includes_ve_la_ruta_y_el_selector() {
        let found = find_includes("x {{#rustdoc_include ../l/a.rs:cuerpo}} y");
        assert_eq!(found.len(), 1);
        assert!(found[0].rustdoc);
        assert_eq!(found[0].path, "../l/a.rs");
        assert_eq!(found[0].selector.as_deref(), Some("cuerpo"));
    }
}
