//! Los bloques de código y los enlaces de un documento Markdown, leídos con
//! pulldown-cmark, el mismo lector que usa mdBook: vallas de acentos graves o de
//! virgulillas, también dentro de listas y citas.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// Un bloque de código de un capítulo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// La cadena de información tras la valla, por ejemplo `rust,ignore,does_not_compile`;
    /// vacía en un bloque sangrado (sin valla).
    pub info: String,
    /// El texto de dentro, sin las vallas (ni la sangría de la lista que lo contiene).
    pub body: String,
    /// Número de línea (desde 1) donde empieza el bloque.
    pub line: usize,
    /// Número de línea (desde 1) de la primera línea tras el bloque.
    pub end_line: usize,
    /// Posiciones en bytes de la cadena de información en el documento.
    pub info_span: (usize, usize),
    /// `false` si es un bloque sangrado, sin valla.
    pub fenced: bool,
}

impl CodeBlock {
    /// Las palabras de la cadena de información: `rust,ignore` → `["rust", "ignore"]`.
    pub fn tags(&self) -> Vec<&str> {
        self.info
            .split(|c: char| !(c == '_' || c == '-' || c.is_alphanumeric()))
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// Si rustdoc (y por tanto `mdbook test`) lo trata como Rust: sin cadena de
    /// información, con `rust` en ella, o solo con atributos de rustdoc
    /// (```` ```ignore ````, ```` ```no_run ````…).
    pub fn is_rust(&self) -> bool {
        let tags = self.tags();
        tags.iter()
            .all(|t| RUSTDOC_ATTRIBUTES.contains(t) || t.starts_with("edition"))
            || tags.contains(&"rust")
    }

    /// La cadena de información empieza por `rust`, como la escribe el libro.
    pub fn starts_with_rust(&self) -> bool {
        self.tags().first() == Some(&"rust")
    }
}

/// Los atributos de un bloque que rustdoc entiende sin dejar de tratarlo como Rust.
const RUSTDOC_ATTRIBUTES: [&str; 8] = [
    "ignore",
    "no_run",
    "should_panic",
    "compile_fail",
    "test_harness",
    "allow_fail",
    "standalone_crate",
    "unstable",
];

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Los bloques de código de `text`, en orden.
pub fn code_blocks(text: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut open: Option<CodeBlock> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (info, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (info.trim().to_owned(), true),
                    CodeBlockKind::Indented => (String::new(), false),
                };
                let first_line = &text[range.clone()]
                    [..text[range.clone()].find('\n').unwrap_or(range.len())];
                let info_start = range.start
                    + first_line
                        .find(info.as_str())
                        .filter(|_| !info.is_empty())
                        .unwrap_or(first_line.len());
                let end = text[..range.end].trim_end_matches('\n').len();
                open = Some(CodeBlock {
                    info_span: (info_start, info_start + info.len()),
                    info,
                    body: String::new(),
                    line: line_of(text, range.start),
                    end_line: line_of(text, end) + 1,
                    fenced,
                });
            }
            Event::Text(body) => {
                if let Some(block) = &mut open {
                    block.body.push_str(&body);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(open.take()),
            _ => {}
        }
    }
    blocks
}

/// Los destinos de los enlaces de `text` con su texto: `[1. Modelos](ch01.md)` →
/// `("1. Modelos", "ch01.md")`.
pub fn links(text: &str) -> Vec<(String, String)> {
    links_in_lists(text)
        .into_iter()
        .map(|(label, dest, _)| (label, dest))
        .collect()
}

/// Como [`links`], y además si cada enlace está dentro de una lista (en `SUMMARY.md`,
/// un capítulo numerado) o fuera (un capítulo de prefijo o de sufijo).
pub fn links_in_lists(text: &str) -> Vec<(String, String, bool)> {
    let mut links = Vec::new();
    let mut open: Option<(String, String, bool)> = None;
    let mut depth = 0usize;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Link { dest_url, .. }) => {
                open = Some((String::new(), dest_url.into_string(), depth > 0));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((label, _, _)) = &mut open {
                    label.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => links.extend(open.take()),
            _ => {}
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distingue_los_enlaces_de_una_lista_de_los_sueltos() {
        let text = "[Intro](a.md)\n\n- [1. Uno](b.md)\n    - [1.1. Dos](c.md)\n\n[Fin](d.md)\n";
        let links = links_in_lists(text);
        let found: Vec<(&str, bool)> = links
            .iter()
            .map(|(_, dest, listed)| (dest.as_str(), *listed))
            .collect();
        assert_eq!(
            found,
            [
                ("a.md", false),
                ("b.md", true),
                ("c.md", true),
                ("d.md", false)
            ]
        );
    }

    #[test]
    fn ve_vallas_de_virgulillas_y_bloques_dentro_de_listas() {
        let text = "Texto\n\n~~~rust\nfn a() {}\n~~~\n\n- uno\n\n  ```rust,ignore\n  fn b() {}\n  ```\n";
        let blocks = code_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!((blocks[0].info.as_str(), blocks[0].line), ("rust", 3));
        assert_eq!(blocks[0].body, "fn a() {}\n");
        assert_eq!(blocks[0].end_line, 6);
        assert_eq!(blocks[1].tags(), ["rust", "ignore"]);
        assert_eq!(blocks[1].body, "fn b() {}\n");
        let (start, end) = blocks[1].info_span;
        assert_eq!(&text[start..end], "rust,ignore");
    }

    #[test]
    fn es_rust_lo_que_rustdoc_trata_como_rust() {
        let info =
            |info: &str| code_blocks(&format!("```{info}\nx\n```\n"))[0].is_rust();
        for rust in [
            "",
            "rust",
            "ignore",
            "no_run",
            "ignore,rust",
            "edition2021",
            "rust,ignore,fragmento",
        ] {
            assert!(info(rust), "«{rust}» es Rust para rustdoc");
        }
        for other in ["text", "console", "toml", "ignore,text"] {
            assert!(!info(other), "«{other}» no es Rust");
        }
    }

    #[test]
    fn un_bloque_sangrado_no_tiene_valla() {
        let blocks = code_blocks("Texto\n\n    fn a() {}\n");
        assert_eq!(blocks.len(), 1);
        assert!(!blocks[0].fenced);
        assert!(
            blocks[0].is_rust(),
            "rustdoc ejecuta un bloque sangrado como Rust"
        );
    }

    #[test]
    fn los_enlaces_con_su_texto() {
        let found =
            links("- [1. Modelos](ch01.md)\n    - [1.1. `Hilos`](ch01-01.md)\n");
        assert_eq!(
            found,
            [
                ("1. Modelos".to_owned(), "ch01.md".to_owned()),
                ("1.1. Hilos".to_owned(), "ch01-01.md".to_owned())
            ]
        );
    }
}
