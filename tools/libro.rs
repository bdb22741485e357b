//! Lo que saben a la vez `build.rs` y los tests del libro: cómo expande mdBook
//! `{{#include}}` y `{{#rustdoc_include}}`, dónde están los bloques de código de un
//! capítulo y qué listados hay bajo `listings/`.
//!
//! La expansión reproduce la de mdBook 0.5 (`links.rs` y `take_lines.rs`), con una
//! diferencia deliberada: un archivo, un ancla o un rango que no existen son un error,
//! no una advertencia.

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

/// Un bloque de código delimitado por ```` ``` ```` en un capítulo.
#[derive(Debug, Clone)]
pub struct CodeBlock {
    /// La cadena de información tras la valla, por ejemplo `rust,ignore,does_not_compile`.
    pub info: String,
    /// Las líneas de dentro, sin las vallas.
    pub body: String,
    /// Número de línea (desde 1) de la valla de apertura.
    pub line: usize,
    /// Posiciones en bytes de la cadena de información de la valla de apertura.
    pub info_span: (usize, usize),
}

impl CodeBlock {
    pub fn tags(&self) -> Vec<&str> {
        self.info
            .split(|c: char| !(c == '_' || c == '-' || c.is_alphanumeric()))
            .filter(|t| !t.is_empty())
            .collect()
    }

    pub fn is_rust(&self) -> bool {
        self.tags().first() == Some(&"rust")
    }
}

/// Los bloques de código de un documento Markdown (vallas de tres o más acentos graves).
pub fn code_blocks(text: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, CodeBlock)> = None;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let ticks = trimmed.len() - trimmed.trim_start_matches('`').len();
        match &mut open {
            None if ticks >= 3 => {
                let info = trimmed[ticks..].trim();
                let info_start = offset
                    + ticks
                    + (trimmed[ticks..].len() - trimmed[ticks..].trim_start().len());
                let block = CodeBlock {
                    info: info.to_owned(),
                    body: String::new(),
                    line: index + 1,
                    info_span: (info_start, info_start + info.len()),
                };
                open = Some((ticks, block));
            }
            Some((fence, _))
                if ticks >= *fence && trimmed[ticks..].trim().is_empty() =>
            {
                blocks.push(open.take().unwrap().1);
            }
            Some((_, block)) => block.body.push_str(line),
            None => {}
        }
        offset += line.len();
    }
    blocks
}

/// Un archivo bajo `listings/`.
#[derive(Debug, Clone)]
pub struct Listing {
    /// Ruta relativa a la raíz del paquete, con `/`.
    pub path: String,
    /// El nombre del archivo sin `.rs`: `listado-NN-MM-slug`.
    pub stem: String,
    pub chapter: u32,
    pub number: u32,
    /// Tiene al lado un `.stderr`: no debe compilar, y trybuild lo comprueba.
    pub compile_fail: bool,
}

impl Listing {
    /// Cómo lo llama el libro: «Listado 2-3».
    pub fn caption_name(&self) -> String {
        format!("Listado {}-{}", self.chapter, self.number)
    }
}

/// Todos los listados de `root/listings`, ordenados por capítulo y número.
pub fn listings(root: &Path) -> Result<Vec<Listing>, String> {
    let mut found = Vec::new();
    let dir = root.join("listings");
    let chapters =
        fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for chapter in chapters {
        let chapter = chapter.map_err(|e| e.to_string())?.path();
        if !chapter.is_dir() {
            return Err(format!(
                "{}: se esperaba una carpeta chNN-slug",
                chapter.display()
            ));
        }
        let chapter_name =
            chapter.file_name().unwrap().to_string_lossy().into_owned();
        let files = fs::read_dir(&chapter).map_err(|e| e.to_string())?;
        for file in files {
            let file = file.map_err(|e| e.to_string())?.path();
            if file.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let path = format!("listings/{chapter_name}/{stem}.rs");
            let (chapter, number) = parse_stem(&stem).ok_or_else(|| {
                format!("{path}: el nombre debe ser listado-NN-MM-slug.rs")
            })?;
            if !chapter_name.starts_with(&format!("ch{chapter:02}-")) {
                return Err(format!(
                    "{path}: el listado no está en la carpeta de su capítulo"
                ));
            }
            let compile_fail = file.with_extension("stderr").exists();
            found.push(Listing {
                path,
                stem,
                chapter,
                number,
                compile_fail,
            });
        }
    }
    found.sort_by_key(|l| (l.chapter, l.number));
    Ok(found)
}

/// `listado-02-03-contador-mutex` → `(2, 3)`.
pub fn parse_stem(stem: &str) -> Option<(u32, u32)> {
    let mut parts = stem.strip_prefix("listado-")?.splitn(3, '-');
    let chapter = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let number = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let slug = parts.next()?;
    let valid = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    valid.then_some((chapter, number))
}

/// Los `[[bin]]` de un `Cargo.toml`: pares (nombre, ruta).
pub fn bins(cargo_toml: &str) -> Result<Vec<(String, String)>, String> {
    let manifest: toml::Table =
        cargo_toml.parse().map_err(|e| format!("Cargo.toml: {e}"))?;
    let Some(bins) = manifest.get("bin") else {
        return Ok(Vec::new());
    };
    let bins = bins
        .as_array()
        .ok_or("Cargo.toml: `bin` debe ser una lista de [[bin]]")?;
    bins.iter()
        .map(|bin| {
            let field = |key: &str| {
                bin.get(key)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
                    .ok_or_else(|| {
                        format!("Cargo.toml: un [[bin]] no tiene `{key}`")
                    })
            };
            Ok((field("name")?, field("path")?))
        })
        .collect()
}

/// Cada listado que compila tiene su `[[bin]]` con su mismo nombre, y cada `[[bin]]`
/// es un listado. Devuelve todos los problemas encontrados, no solo el primero.
pub fn check_bins(listings: &[Listing], bins: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    for listing in listings {
        let bin = bins.iter().find(|(_, path)| *path == listing.path);
        match (bin, listing.compile_fail) {
            (None, false) => problems.push(format!(
                "{} no tiene [[bin]] en Cargo.toml; añade:\n\n[[bin]]\nname = \"{}\"\npath = \"{}\"\n",
                listing.path, listing.stem, listing.path
            )),
            (Some((name, _)), false) if *name != listing.stem => problems.push(format!(
                "el [[bin]] de {} se llama `{name}`; debe llamarse `{}`",
                listing.path, listing.stem
            )),
            (Some(_), true) => problems.push(format!(
                "{} tiene un .stderr (no debe compilar) y a la vez un [[bin]]",
                listing.path
            )),
            _ => {}
        }
    }
    for (name, path) in bins {
        if !listings.iter().any(|l| l.path == *path) {
            problems.push(format!(
                "el [[bin]] `{name}` apunta a {path}, que no es un listado"
            ));
        }
    }
    problems
}
