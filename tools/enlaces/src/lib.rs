//! Los enlaces del libro ya construido (`mdbook build`): cada enlace interno lleva a un
//! archivo que existe, cada ancla (`#…`) a un `id` de esa página, y cada imagen, hoja
//! de estilo o script que carga una página está en el libro. Los enlaces externos no
//! se siguen: sin red, solo se cuentan.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;
use scraper::{Html, Selector};

/// Lo que se encontró: los problemas (página: qué falla) y los enlaces externos.
#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub internal: usize,
    pub external: BTreeSet<String>,
    pub problems: Vec<String>,
}

/// Los atributos que apuntan a otro archivo del sitio.
const REFERENCES: &[(&str, &str)] = &[
    ("a[href]", "href"),
    ("img[src]", "src"),
    ("link[href]", "href"),
    ("script[src]", "src"),
    ("source[src]", "src"),
    ("object[data]", "data"),
];

struct Page {
    /// La ruta relativa al libro, con `/`: `ch04-02-errores.html`.
    name: String,
    html: Html,
}

/// Comprueba el libro construido en `book`.
pub fn check(book: &Path) -> Result<Report, String> {
    let mut files = Vec::new();
    collect(book, book, &mut files)?;
    let mut pages = Vec::new();
    for name in files.iter().filter(|f| f.ends_with(".html")) {
        let text = fs::read_to_string(book.join(name))
            .map_err(|e| format!("{name}: {e}"))?;
        pages.push(Page {
            name: name.clone(),
            html: Html::parse_document(&text),
        });
    }
    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|page| (page.name.as_str(), anchors(&page.html)))
        .collect();
    let files: BTreeSet<&str> = files.iter().map(String::as_str).collect();

    let mut report = Report {
        pages: pages.len(),
        ..Report::default()
    };
    let base = Selector::parse("base[href]").unwrap();
    for page in &pages {
        // El 404 lleva `<base href="/">`: sus enlaces parten de la raíz del sitio.
        let from = match page.html.select(&base).next() {
            Some(b) => b
                .attr("href")
                .unwrap_or("")
                .trim_start_matches('/')
                .to_owned(),
            None => parent(&page.name),
        };
        for (selector, attribute) in REFERENCES {
            let selector = Selector::parse(selector).unwrap();
            for element in page.html.select(&selector) {
                let target = element.attr(attribute).unwrap_or_default();
                if is_external(target) {
                    if target.starts_with("http") {
                        report.external.insert(target.to_owned());
                    }
                    continue;
                }
                report.internal += 1;
                if let Err(e) = resolve(&from, &page.name, target, &files, &ids) {
                    report
                        .problems
                        .push(format!("{}: «{target}»: {e}", page.name));
                }
            }
        }
    }
    Ok(report)
}

/// Un enlace con esquema (`https:`, `mailto:`, `javascript:`) o a otro servidor.
fn is_external(target: &str) -> bool {
    if target.starts_with("//") {
        return true;
    }
    let end = target.find(['/', '?', '#']).unwrap_or(target.len());
    target[..end].contains(':')
}

/// Comprueba un enlace interno de la página `page`, relativo a la carpeta `from`.
fn resolve(
    from: &str,
    page: &str,
    target: &str,
    files: &BTreeSet<&str>,
    ids: &BTreeMap<&str, BTreeSet<String>>,
) -> Result<(), String> {
    let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
    let path = path.split('?').next().unwrap_or_default();
    let path = percent_decode_str(path)
        .decode_utf8()
        .map_err(|e| format!("la ruta no es UTF-8 válido: {e}"))?;
    let file = if path.is_empty() {
        page.to_owned()
    } else {
        let mut file = normalize(&format!("{from}{path}"))?;
        if file.is_empty() || file.ends_with('/') {
            file.push_str("index.html");
        }
        file
    };
    if !files.contains(file.as_str()) {
        return Err(format!("{file} no existe"));
    }
    if fragment.is_empty() {
        return Ok(());
    }
    let fragment = percent_decode_str(fragment)
        .decode_utf8()
        .map_err(|e| format!("el ancla no es UTF-8 válido: {e}"))?;
    match ids.get(file.as_str()) {
        Some(page_ids) if page_ids.contains(fragment.as_ref()) => Ok(()),
        Some(_) => Err(format!("{file} no tiene el ancla #{fragment}")),
        None => Err(format!("{file} no es una página HTML y no tiene anclas")),
    }
}

/// `a/../b/./c` → `b/c`; un `..` que sale del libro es un error.
fn normalize(path: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop().ok_or("sale de la carpeta del libro")?;
            }
            other => parts.push(other),
        }
    }
    // `a/` da ["a", ""]: la barra final se conserva.
    let trailing = path.ends_with('/') && !parts.is_empty();
    let mut joined = parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    if trailing && !joined.is_empty() {
        joined.push('/');
    }
    Ok(joined)
}

/// La carpeta de una página, con su `/` final (vacía en la raíz).
fn parent(name: &str) -> String {
    name.rfind('/')
        .map_or(String::new(), |i| name[..=i].to_owned())
}

/// Los destinos de un `#ancla` en una página: sus `id` y los `<a name>`.
fn anchors(html: &Html) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (selector, attribute) in [("[id]", "id"), ("a[name]", "name")] {
        let selector = Selector::parse(selector).unwrap();
        for element in html.select(&selector) {
            ids.extend(element.attr(attribute).map(str::to_owned));
        }
    }
    ids
}

/// Los archivos bajo `dir`, como rutas relativas a `book` con `/`.
fn collect(book: &Path, dir: &Path, files: &mut Vec<String>) -> Result<(), String> {
    let entries =
        fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path: PathBuf = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect(book, &path, files)?;
        } else {
            let relative = path.strip_prefix(book).unwrap();
            let parts: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(parts.join("/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(pages: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in pages {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, format!("<html><body>{body}</body></html>")).unwrap();
        }
        dir
    }

    #[test]
    fn un_libro_sano_no_tiene_problemas() {
        let dir = book(&[
            (
                "a.html",
                r##"<h1 id="uno">Uno</h1><a href="b.html#dos">b</a><a href="#uno">a</a>
                   <img src="img/x.svg"><a href="https://docs.rs/tokio">fuera</a>
                   <a href="sub/">sub</a>"##,
            ),
            ("b.html", r#"<h2 id="dos">Dos</h2><a href="a.html">a</a>"#),
            ("sub/index.html", r#"<a href="../a.html#uno">a</a>"#),
            ("img/x.svg", "<svg/>"),
        ]);
        let report = check(dir.path()).unwrap();
        assert_eq!(report.problems, Vec::<String>::new());
        assert_eq!((report.pages, report.internal), (3, 6));
        assert_eq!(
            report.external.iter().collect::<Vec<_>>(),
            ["https://docs.rs/tokio"]
        );
    }

    #[test]
    fn encuentra_paginas_anclas_e_imagenes_que_faltan() {
        let dir = book(&[
            (
                "a.html",
                r##"<a href="falta.html">x</a><a href="b.html#no">y</a>
                   <img src="img/no.svg"><a href="../fuera.html">z</a>"##,
            ),
            ("b.html", r#"<p id="si">b</p>"#),
        ]);
        let problems = check(dir.path()).unwrap().problems;
        assert_eq!(
            problems,
            [
                "a.html: «falta.html»: falta.html no existe",
                "a.html: «b.html#no»: b.html no tiene el ancla #no",
                "a.html: «../fuera.html»: sale de la carpeta del libro",
                "a.html: «img/no.svg»: img/no.svg no existe",
            ]
        );
    }

    #[test]
    fn las_anclas_con_tildes_se_decodifican() {
        let dir = book(&[(
            "a.html",
            r##"<h2 id="cancelación">c</h2><a href="#cancelaci%C3%B3n">c</a>"##,
        )]);
        assert!(check(dir.path()).unwrap().problems.is_empty());
    }

    #[test]
    fn base_href_hace_que_los_enlaces_partan_de_la_raiz() {
        let dir = book(&[
            ("sub/404.html", r#"<base href="/"><a href="a.html">a</a>"#),
            ("a.html", ""),
        ]);
        assert!(check(dir.path()).unwrap().problems.is_empty());
    }
}
