//! El libro y sus listados dicen lo mismo: cada listado aparece en un capítulo, con su
//! pie y su número en orden; cada capítulo está en `SUMMARY.md`; cada listado que
//! compila tiene un test que lo ejecuta, y cada uno que no compila muestra su error.

#[path = "../tools/libro.rs"]
#[allow(dead_code)]
mod libro;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use libro::Listing;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn listings() -> Vec<Listing> {
    libro::listings(root()).expect("listings/ legible")
}

/// Los capítulos de `src/` (todos los `.md` menos `SUMMARY.md`) con su texto.
fn chapters() -> BTreeMap<String, String> {
    fs::read_dir(root().join("src"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|name| name != "SUMMARY.md")
        .map(|name| {
            let text = fs::read_to_string(root().join("src").join(&name)).unwrap();
            (name, text)
        })
        .collect()
}

/// El listado al que apunta una inclusión hecha desde `src/`, si es un listado.
fn included_listing<'a>(
    include: &libro::Include,
    listings: &'a [Listing],
) -> Option<&'a Listing> {
    let path = Path::new("src").join(&include.path);
    let normalized: PathBuf =
        path.components().fold(PathBuf::new(), |mut acc, c| {
            match c {
                std::path::Component::ParentDir => {
                    acc.pop();
                }
                other => acc.push(other),
            }
            acc
        });
    let normalized = normalized.with_extension("rs");
    listings.iter().find(|l| Path::new(&l.path) == normalized)
}

/// Cada aparición de un listado en un capítulo: (capítulo, bloque, listado).
fn appearances(listings: &[Listing]) -> Vec<(String, libro::CodeBlock, Listing)> {
    let mut found = Vec::new();
    for (name, text) in chapters() {
        for block in libro::code_blocks(&text) {
            for include in libro::find_includes(&block.body) {
                if include.path.ends_with(".rs")
                    && let Some(listing) = included_listing(&include, listings)
                {
                    found.push((name.clone(), block.clone(), listing.clone()));
                }
            }
        }
    }
    found
}

/// La primera línea del encabezado `//!` de un listado, sin el punto final.
fn header_title(listing: &Listing) -> String {
    let source = fs::read_to_string(root().join(&listing.path)).unwrap();
    let first = source.lines().next().unwrap_or_default();
    first
        .strip_prefix("//! ")
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_owned()
}

#[test]
fn cada_listado_aparece_en_un_solo_capitulo() {
    let listings = listings();
    let appearances = appearances(&listings);
    for listing in &listings {
        let mut chapters: Vec<&str> = appearances
            .iter()
            .filter(|(_, _, l)| l.path == listing.path)
            .map(|(chapter, _, _)| chapter.as_str())
            .collect();
        chapters.dedup();
        assert_eq!(
            chapters.len(),
            1,
            "{} aparece en {chapters:?}",
            listing.path
        );
        let expected_prefix = format!("ch{:02}-", listing.chapter);
        assert!(
            chapters[0].starts_with(&expected_prefix),
            "{} está en {}",
            listing.path,
            chapters[0]
        );
    }
}

#[test]
fn cada_capitulo_esta_en_summary() {
    let summary = fs::read_to_string(root().join("src/SUMMARY.md")).unwrap();
    let linked: Vec<&str> = summary
        .split("](")
        .skip(1)
        .map(|rest| &rest[..rest.find(')').unwrap()])
        .collect();
    for name in chapters().keys() {
        assert!(
            linked.contains(&name.as_str()),
            "{name} no está en SUMMARY.md"
        );
    }
    for link in linked {
        assert!(
            root().join("src").join(link).exists(),
            "SUMMARY.md enlaza {link}, que no existe"
        );
    }
}

#[test]
fn cada_listado_lleva_su_pie_y_se_nombra_antes() {
    let listings = listings();
    let chapters = chapters();
    for (chapter, block, listing) in appearances(&listings) {
        let text = &chapters[&chapter];
        let after: &str = text
            .lines()
            .skip(block.line + block.body.lines().count() + 1)
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        let caption = format!(
            "<span class=\"caption\">{}: {}</span>",
            listing.caption_name(),
            header_title(&listing)
                .strip_prefix(&format!("{}: ", listing.caption_name()))
                .unwrap_or(
                    "«el encabezado //! no empieza por el nombre del listado»"
                )
        );
        // Un listado incluido en varios bloques (por anclas) lleva el pie tras el primero.
        let first = text.find(&format!("{}\n", caption)).is_some();
        assert!(
            first,
            "{chapter}: falta el pie tras el bloque de la línea {}:\n  {caption}\n  (encontrado: {after})",
            block.line
        );
        let before = &text[..text
            .lines()
            .take(block.line)
            .map(|l| l.len() + 1)
            .sum::<usize>()];
        let name = format!("listado {}-{}", listing.chapter, listing.number);
        assert!(
            before.to_lowercase().contains(&name),
            "{chapter}: el texto no nombra el {name} antes de mostrarlo"
        );
    }
}

#[test]
fn los_listados_se_numeran_en_orden() {
    let listings = listings();
    let mut by_chapter: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (_, _, listing) in appearances(&listings) {
        let numbers = by_chapter.entry(listing.chapter).or_default();
        if !numbers.contains(&listing.number) {
            numbers.push(listing.number);
        }
    }
    for (chapter, numbers) in by_chapter {
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        assert_eq!(
            numbers, expected,
            "capítulo {chapter}: los listados aparecen en este orden"
        );
    }
}

#[test]
fn cada_listado_dice_como_ejecutarlo() {
    for listing in listings() {
        let source = fs::read_to_string(root().join(&listing.path)).unwrap();
        let header = format!("//! {}: ", listing.caption_name());
        assert!(
            source.starts_with(&header),
            "{} debe empezar por «{header}»",
            listing.path
        );
        if !listing.compile_fail {
            let bin = format!("--bin {}", listing.stem);
            let says_how = source.lines().any(|l| {
                l.starts_with("//! Ejecuta: `cargo run ") && l.contains(&bin)
            });
            assert!(
                says_how,
                "{} no dice «Ejecuta: `cargo run … {bin}`»",
                listing.path
            );
            assert!(
                source.contains("//! En tu proyecto: "),
                "{} no dice qué añadir en tu proyecto",
                listing.path
            );
        }
    }
}

#[test]
fn cada_listado_que_compila_tiene_un_test_que_lo_ejecuta() {
    let tests: String = fs::read_dir(root().join("tests"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| fs::read_to_string(path).unwrap())
        .collect();
    for listing in listings().iter().filter(|l| !l.compile_fail) {
        let binary = format!("CARGO_BIN_EXE_{}", listing.stem);
        assert!(
            tests.contains(&binary),
            "ningún test ejecuta {}",
            listing.stem
        );
    }
}

#[test]
fn cada_listado_que_no_compila_muestra_su_error_real() {
    let listings = listings();
    let chapters = chapters();
    for (chapter, block, listing) in appearances(&listings) {
        if !listing.compile_fail {
            continue;
        }
        assert_eq!(
            block.info, "rust,ignore,does_not_compile",
            "{chapter}:{}",
            block.line
        );
        let text = &chapters[&chapter];
        let blocks = libro::code_blocks(text);
        let next = blocks
            .iter()
            .find(|b| b.line > block.line && b.info == "console");
        let stderr = Path::new(&listing.path).with_extension("stderr");
        let shows = next.is_some_and(|b| {
            libro::find_includes(&b.body).iter().any(|i| {
                i.path
                    .ends_with(&*stderr.file_name().unwrap().to_string_lossy())
            })
        });
        assert!(
            shows,
            "{chapter}: tras {} debe venir un bloque console que incluya {}",
            listing.stem,
            stderr.display()
        );
    }
}

/// `build.rs` entrega a skeptic los capítulos expandidos con `tools/libro.rs`; esa
/// expansión debe ser la de mdBook, para que los tests prueben lo que se lee.
#[test]
fn la_expansion_de_los_tests_es_la_de_mdbook() {
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("mdbook")
        .arg("build")
        .arg(root())
        .env("MDBOOK_OUTPUT", r#"{"markdown": {}}"#)
        .env("MDBOOK_BUILD__BUILD_DIR", out.path())
        .output()
        .expect("hace falta mdBook: cargo install --locked mdbook@0.5.4");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    for (name, text) in chapters() {
        let ours =
            libro::expand(&text, &root().join("src"), &mut Vec::new()).unwrap();
        let theirs = fs::read_to_string(out.path().join(&name)).unwrap();
        assert_eq!(ours, theirs, "{name}: la expansión difiere de la de mdBook");
    }
}

#[test]
fn una_inclusion_que_no_resuelve_es_un_error_claro() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.rs"),
        "// ANCHOR: uno\nfn uno() {}\n// ANCHOR_END: uno\n",
    )
    .unwrap();
    let expand = |text: &str| libro::expand(text, dir.path(), &mut Vec::new());
    let error = expand("{{#include b.rs}}").unwrap_err();
    assert!(error.contains("no se puede leer"), "{error}");
    let error = expand("{{#rustdoc_include a.rs:dos}}").unwrap_err();
    assert!(error.contains("el ancla `dos` no existe"), "{error}");
    let error = expand("{{#include a.rs:20:30}}").unwrap_err();
    assert!(error.contains("no contiene ninguna línea"), "{error}");
    assert_eq!(expand("{{#include a.rs:uno}}").unwrap(), "fn uno() {}");
    assert_eq!(
        expand("{{#rustdoc_include a.rs:2}}").unwrap(),
        "# // ANCHOR: uno\nfn uno() {}\n# // ANCHOR_END: uno"
    );
    assert_eq!(expand(r"\{{#include b.rs}}").unwrap(), "{{#include b.rs}}");
}

#[test]
fn un_listado_sin_bin_es_un_error_claro() {
    let listing = Listing {
        path: "listings/ch09-x/listado-09-01-nuevo.rs".to_owned(),
        stem: "listado-09-01-nuevo".to_owned(),
        chapter: 9,
        number: 1,
        compile_fail: false,
    };
    let problems = libro::check_bins(std::slice::from_ref(&listing), &[]);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("no tiene [[bin]]"), "{}", problems[0]);
    assert!(problems[0].contains("name = \"listado-09-01-nuevo\""));
    let wrong = [("otro".to_owned(), listing.path.clone())];
    assert!(libro::check_bins(&[listing], &wrong)[0].contains("debe llamarse"));
}

/// El índice numera los capítulos con el número de sus archivos, que es el de sus
/// listados: el capítulo de `ch04-…` es el «4.» aunque falte el 3.
#[test]
fn summary_numera_como_los_archivos() {
    let summary = fs::read_to_string(root().join("src/SUMMARY.md")).unwrap();
    for line in summary
        .lines()
        .filter(|l| l.trim_start().starts_with("- ["))
    {
        let label = &line[line.find('[').unwrap() + 1..line.find("](").unwrap()];
        let file = &line[line.find("](").unwrap() + 2..line.rfind(')').unwrap()];
        let chapter: u32 = file[2..4].parse().unwrap();
        let section: u32 = file[5..7].parse().unwrap();
        let number = if section == 0 {
            format!("{chapter}. ")
        } else {
            format!("{chapter}.{section}. ")
        };
        assert!(
            label.starts_with(&number),
            "SUMMARY.md: «{label}» debería empezar por «{number}»"
        );
    }
}
