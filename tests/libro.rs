//! El libro cumple sus reglas, las que define `tools/libro`: cada listado aparece en un
//! capítulo, con su pie y su número en orden; cada inclusión resuelve; cada bloque de
//! Rust se prueba, aquí o en otro sitio; cada ejecución que se muestra viene de un
//! `.salida` que compara un test; cada encabezado nombra los crates que usa el listado.
//!
//! Un error en un capítulo no rompe la compilación: falla uno de estos tests.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use libro::blocks::{Kind, classify};
use libro::chapters::{Chapter, Part, chapters, resolve, summary, summary_entries};
use libro::listings::{Listing, Tree, header, tree};
use libro::markdown::{CodeBlock, code_blocks};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn listings_tree() -> Tree {
    tree(root()).unwrap_or_else(|e| panic!("{e}"))
}

fn all_chapters() -> Vec<Chapter> {
    chapters(root()).unwrap_or_else(|e| panic!("{e}"))
}

/// Cada aparición de un listado en un bloque de código: (capítulo, bloque, listado).
fn appearances(
    chapters: &[Chapter],
    listings: &[Listing],
) -> Vec<(String, CodeBlock, Listing)> {
    let mut found = Vec::new();
    for chapter in chapters {
        for block in code_blocks(&chapter.text) {
            for include in libro::include::find_includes(&block.body) {
                let path = resolve(&include.path);
                if let Some(listing) = listings.iter().find(|l| l.path == path) {
                    found.push((
                        chapter.name.clone(),
                        block.clone(),
                        listing.clone(),
                    ));
                }
            }
        }
    }
    found
}

/// La primera línea no vacía tras el bloque.
fn line_after<'a>(text: &'a str, block: &CodeBlock) -> &'a str {
    text.lines()
        .skip(block.end_line - 1)
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
}

/// Todos los archivos de tests del workspace, sin espacios, para buscar llamadas.
fn test_sources() -> String {
    let mut dirs = vec![root().join("tests")];
    for exercise in listings_tree().exercises {
        dirs.push(root().join(exercise.dir).join("tests"));
    }
    let mut text = String::new();
    for dir in dirs {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                text.push_str(&fs::read_to_string(path).unwrap());
            }
        }
    }
    text.split_whitespace().collect()
}

#[test]
fn los_nombres_de_listings_siguen_las_reglas() {
    let tree = listings_tree();
    assert!(!tree.listings.is_empty());
}

#[test]
fn cada_listado_que_compila_tiene_su_bin() {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let bins = libro::manifest::bins(&manifest).unwrap_or_else(|e| panic!("{e}"));
    let problems = libro::manifest::check_bins(&listings_tree().listings, &bins);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn cada_inclusion_resuelve() {
    let mut problems = Vec::new();
    for chapter in all_chapters() {
        let base = chapter.path.parent().unwrap();
        if let Err(e) = libro::include::expand(&chapter.text, base, &mut Vec::new())
        {
            problems.push(format!("src/{}: {e}", chapter.name));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Las reglas de `libro::blocks`: todo bloque de Rust lo prueban skeptic y
/// `mdbook test`, salvo los listados que no compilan (trybuild) y los fragmentos de
/// los ejercicios (su paquete), y el pie de un fragmento nombra su archivo.
#[test]
fn cada_bloque_de_rust_se_prueba_aqui_o_en_otro_sitio() {
    let tree = listings_tree();
    let mut problems = Vec::new();
    for chapter in all_chapters() {
        for block in code_blocks(&chapter.text) {
            let at = format!("src/{}:{}", chapter.name, block.line);
            match classify(&block, &tree) {
                Err(e) => problems.push(format!("{at}: {e}")),
                Ok(Some(Kind::Fragment { path })) => {
                    let exercise = tree
                        .exercises
                        .iter()
                        .find(|e| path.starts_with(&e.dir))
                        .unwrap();
                    let file = &path[exercise.dir.len() + 1..];
                    if !exercise.compiles(root(), file) {
                        problems.push(format!(
                            "{at}: {path} no lo compila ningún target de {} (ni un `mod` que llegue a él)",
                            exercise.name
                        ));
                    }
                    let caption = line_after(&chapter.text, &block);
                    let names = caption.starts_with("<span class=\"caption\">")
                        && caption.contains(&format!("`{file}`"))
                        && caption.contains(&exercise.name);
                    if !names {
                        problems.push(format!(
                            "{at}: tras un fragmento va su pie, que nombra el archivo (`{file}`) y el paquete ({}); encontrado: «{caption}»",
                            exercise.name
                        ));
                    }
                }
                Ok(_) => {}
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn cada_listado_aparece_en_un_solo_capitulo() {
    let listings = listings_tree().listings;
    let appearances = appearances(&all_chapters(), &listings);
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
    let linked: Vec<String> = summary(root())
        .unwrap()
        .into_iter()
        .map(|(_, file)| file)
        .collect();
    for chapter in all_chapters() {
        assert!(
            linked.contains(&chapter.name),
            "{} no está en SUMMARY.md",
            chapter.name
        );
    }
    for link in linked {
        assert!(
            root().join("src").join(&link).exists(),
            "SUMMARY.md enlaza {link}, que no existe"
        );
    }
}

/// El índice numera los capítulos con el número de sus archivos, que es el de sus
/// listados: el capítulo de `ch04-…` es el «4.» aunque falte el 3. La introducción
/// va antes de la lista; las páginas que no se llaman `chNN-SS-slug.md` (conclusiones,
/// referencias, apéndices, índices) van después, sin viñeta ni número: son los
/// capítulos de sufijo de mdBook.
#[test]
fn summary_numera_como_los_archivos() {
    for entry in summary_entries(root()).unwrap() {
        let (label, file) = (&entry.label, &entry.file);
        let Some((chapter, section)) = Chapter::number(file) else {
            assert_eq!(
                entry.part,
                Part::Suffix,
                "SUMMARY.md enlaza {file}, que no es chNN-SS-slug.md: una página así va tras los capítulos numerados, como enlace suelto (sin «- »)"
            );
            continue;
        };
        if (chapter, section) == (0, 0) {
            assert_eq!(entry.part, Part::Prefix, "{file} va antes de la lista");
            continue;
        }
        assert_eq!(
            entry.part,
            Part::Numbered,
            "SUMMARY.md: {file} va en la lista numerada"
        );
        let number = match section {
            0 => format!("{chapter}. "),
            _ => format!("{chapter}.{section}. "),
        };
        assert!(
            label.starts_with(&number),
            "SUMMARY.md: «{label}» debería empezar por «{number}»"
        );
    }
}

/// `src/indice-de-listados.md` es exactamente el que genera `libro::index` a partir
/// de `listings/`. `INDICE=overwrite cargo test --test libro indice` lo reescribe.
#[test]
fn el_indice_de_listados_esta_al_dia() {
    let generated = libro::index::generate(root()).unwrap_or_else(|e| panic!("{e}"));
    let path = root().join(libro::index::PAGE);
    if std::env::var("INDICE").as_deref() == Ok("overwrite") {
        let temporary = path.with_extension("md.tmp");
        fs::write(&temporary, &generated).unwrap();
        fs::rename(&temporary, &path).unwrap();
        return;
    }
    let current = fs::read_to_string(&path).unwrap_or_default();
    let first_difference = current
        .lines()
        .zip(generated.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(current.lines().count().min(generated.lines().count()));
    assert!(
        current == generated,
        "{} no está al día (desde la línea {}: se esperaba «{}»); regenéralo con `INDICE=overwrite cargo test --test libro indice` y revisa el cambio con git diff",
        libro::index::PAGE,
        first_difference + 1,
        generated.lines().nth(first_difference).unwrap_or("(fin)")
    );
}

/// Qué capítulo del libro traduce cada listado del original, L01…L21.
fn translating_chapter(listing: u32) -> u32 {
    match listing {
        1..=2 => 1,
        3..=5 => 2,
        6..=8 => 3,
        9..=13 => 4,
        14..=15 => 5,
        16..=18 => 6,
        19..=21 => 7,
        _ => panic!("el original tiene 21 listados, no L{listing:02}"),
    }
}

/// Los nombres entre acentos graves de `text` que son de listados o ejercicios.
fn named_programs(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|name| {
            name.starts_with("listado-") || name.starts_with("ejercicio-")
        })
        .map(str::to_owned)
        .collect()
}

/// El apéndice A tiene una fila por cada listado del original cuyo capítulo ya está
/// en el libro (su portada `chNN-00-….md` existe), y cada programa que nombra una
/// fila existe: un listado de `listings/` (un `[[bin]]`, o uno que no compila a
/// propósito) o un ejercicio. Su lista de fallos enlaza solo páginas que existen y
/// que tienen una «Nota sobre el original».
#[test]
fn el_apendice_a_traduce_cada_listado_del_original() {
    let page = "apendice-a-python-a-rust.md";
    let text = fs::read_to_string(root().join("src").join(page)).unwrap();
    let tree = listings_tree();
    let programs: Vec<String> = tree
        .listings
        .iter()
        .map(|l| l.stem.clone())
        .chain(tree.exercises.iter().map(|e| e.name.clone()))
        .collect();
    let chapters = all_chapters();
    let has_cover = |n: u32| {
        chapters
            .iter()
            .any(|c| Chapter::number(&c.name) == Some((n, 0)))
    };
    let mut problems = Vec::new();
    for listing in 1..=21 {
        let id = format!("L{listing:02}");
        let row = text.lines().find(|l| l.starts_with(&format!("| {id} |")));
        let chapter = translating_chapter(listing);
        match (row, has_cover(chapter)) {
            (None, true) => problems.push(format!(
                "falta la fila de {id}, que traduce el capítulo {chapter}"
            )),
            (None, false) => {}
            (Some(row), _) => {
                let named = named_programs(row);
                if named.is_empty() {
                    problems
                        .push(format!("la fila de {id} no nombra ningún listado"));
                }
                for name in named {
                    if !programs.contains(&name) {
                        problems.push(format!(
                            "la fila de {id} nombra `{name}`, que no existe"
                        ));
                    }
                }
            }
        }
    }
    let flaws = text
        .split("\n## ")
        .find(|s| s.starts_with("Los fallos del original"))
        .expect("falta la sección «Los fallos del original»");
    for (_, link) in libro::markdown::links(flaws) {
        let file = link.split('#').next().unwrap();
        match chapters.iter().find(|c| c.name == file) {
            None => problems.push(format!("los fallos enlazan {link}, que no existe")),
            Some(c) if !c.text.contains("**Nota sobre el original.**") => problems.push(
                format!("los fallos enlazan {link}, que no tiene una «Nota sobre el original»"),
            ),
            Some(_) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "\nsrc/{page}:\n{}",
        problems.join("\n")
    );
}

#[test]
fn cada_listado_lleva_su_pie_y_se_nombra_antes() {
    let chapters = all_chapters();
    let texts: BTreeMap<&str, &str> = chapters
        .iter()
        .map(|c| (c.name.as_str(), c.text.as_str()))
        .collect();
    for (chapter, block, listing) in
        appearances(&chapters, &listings_tree().listings)
    {
        let text = texts[chapter.as_str()];
        let source = listing.source(root()).unwrap();
        let title = header(&source).title;
        let caption = format!(
            "<span class=\"caption\">{}: {}</span>",
            listing.caption_name(),
            title
                .strip_prefix(&format!("{}: ", listing.caption_name()))
                .unwrap_or(
                    "«el encabezado //! no empieza por el nombre del listado»"
                )
        );
        // Un listado incluido en varios bloques (por anclas) lleva el pie tras uno de ellos.
        assert!(
            text.contains(&format!("{caption}\n")),
            "{chapter}: falta el pie del bloque de la línea {}:\n  {caption}\n  (tras el bloque: {})",
            block.line,
            line_after(text, &block)
        );
        let before: String =
            text.lines().take(block.line).collect::<Vec<_>>().join("\n");
        let name = format!("listado {}-{}", listing.chapter, listing.number);
        assert!(
            before.to_lowercase().contains(&name),
            "{chapter}: el texto no nombra el {name} antes de mostrarlo"
        );
    }
}

#[test]
fn los_listados_se_numeran_en_orden() {
    let mut by_chapter: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (_, _, listing) in appearances(&all_chapters(), &listings_tree().listings) {
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
    for listing in listings_tree().listings {
        let source = listing.source(root()).unwrap();
        let header = header(&source);
        assert!(
            header
                .title
                .starts_with(&format!("{}: ", listing.caption_name())),
            "{} debe empezar por «//! {}: »",
            listing.path,
            listing.caption_name()
        );
        if listing.compile_fail {
            continue;
        }
        let run = format!("--bin {}", listing.stem);
        assert!(
            header
                .run
                .as_ref()
                .is_some_and(|r| r.starts_with("`cargo run ") && r.contains(&run)),
            "{} no dice «Ejecuta: `cargo run … {run}`»",
            listing.path
        );
        assert!(
            header.cargo_add.is_some(),
            "{} no dice qué añadir «En tu proyecto:»",
            listing.path
        );
    }
}

/// Cada crate que usa un listado está escrito en su encabezado (`cargo add`) y en su
/// `extern crate` (fuera del ancla: es la línea oculta que necesita `mdbook test`), y
/// en ningún sitio más. Las features que pide el encabezado son de las que el libro
/// compila; que basten, lo comprueba `.ci/copias.sh` compilando la copia. Los listados
/// que no compilan no tienen «En tu proyecto:»: nadie los copia a un proyecto.
#[test]
fn el_encabezado_nombra_exactamente_los_crates_que_usa_el_listado() {
    let known = libro::manifest::listing_crates(root()).unwrap();
    let dependencies = libro::manifest::listing_dependencies(root()).unwrap();
    let mut problems = Vec::new();
    for listing in listings_tree().listings.iter().filter(|l| !l.compile_fail) {
        let source = listing.source(root()).unwrap();
        let used = libro::listings::used_crates(&source, &known);
        let added = header(&source).added_crates();
        let externs = libro::listings::extern_crates(&source);
        if added != used || externs != used {
            problems.push(format!(
                "{}: usa {used:?}; `En tu proyecto:` añade {added:?}; `extern crate` declara {externs:?}",
                listing.path
            ));
        }
        for krate in &added {
            let (features, no_default) = header(&source).features(krate);
            let Some(dep) = dependencies
                .iter()
                .find(|d| d.name.replace('-', "_") == *krate)
            else {
                continue;
            };
            let unknown: Vec<&String> = features
                .iter()
                .filter(|f| !dep.features.contains(f))
                .collect();
            if !unknown.is_empty() || (no_default && !dep.no_default_features) {
                problems.push(format!(
                    "{}: `cargo add {}` pide {features:?}{}; el libro compila {} con {:?}{}",
                    listing.path,
                    dep.name,
                    if no_default { " sin las de serie" } else { "" },
                    dep.name,
                    dep.features,
                    if dep.no_default_features { " sin las de serie" } else { "" },
                ));
            }
        }
        let first_anchor = source.find("// ANCHOR:").unwrap_or(source.len());
        if source[first_anchor..].contains("extern crate") {
            problems.push(format!(
                "{}: los `extern crate` van antes de la primera ancla",
                listing.path
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn cada_listado_que_compila_tiene_un_test_que_lo_ejecuta() {
    let tests = test_sources();
    for listing in listings_tree().listings.iter().filter(|l| !l.compile_fail) {
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
    let tree = listings_tree();
    for chapter in all_chapters() {
        let blocks = code_blocks(&chapter.text);
        for (i, block) in blocks.iter().enumerate() {
            let Ok(Some(Kind::DoesNotCompile { path })) = classify(block, &tree)
            else {
                continue;
            };
            let listing = tree.listings.iter().find(|l| l.path == path).unwrap();
            let stderr = Path::new(&listing.stderr_path()).to_path_buf();
            let shows = blocks.get(i + 1).is_some_and(|next| {
                next.info == "console"
                    && libro::include::find_includes(&next.body)
                        .iter()
                        .any(|inc| Path::new(&resolve(&inc.path)) == stderr)
            });
            assert!(
                shows,
                "src/{}:{}: tras {path} debe venir un bloque console que incluya {}",
                chapter.name,
                block.line,
                stderr.display()
            );
        }
    }
}

/// Las ejecuciones que muestra el libro: todo bloque `console` con un `$ cargo run` es
/// la inclusión de un `.salida`, cada `.salida` aparece una vez y un test lo compara.
#[test]
fn cada_salida_se_muestra_una_vez_y_la_comprueba_un_test() {
    let tree = listings_tree();
    let mut shown: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for chapter in all_chapters() {
        for block in code_blocks(&chapter.text)
            .iter()
            .filter(|b| b.info == "console")
        {
            let includes = libro::include::find_includes(&block.body);
            for include in &includes {
                if include.path.ends_with(".salida") {
                    *shown.entry(resolve(&include.path)).or_default() += 1;
                }
            }
            // Lo que escribe un programa viene de un archivo: un bloque que muestra
            // algo más que órdenes (`$ …`) es solo inclusiones (un .salida, un .stderr).
            let leftover = libro::include::without_includes(&block.body);
            let output_lines = leftover
                .lines()
                .any(|l| !l.trim().is_empty() && !l.starts_with("$ "));
            if output_lines {
                problems.push(format!(
                    "src/{}:{}: la salida está pegada a mano; inclúyela de un .salida",
                    chapter.name, block.line
                ));
            }
        }
    }
    let tests = test_sources();
    for output in tree.outputs(root()).unwrap() {
        let (stem, path) = (&output.owner, &output.path);
        let calls = match &output.variant {
            None => vec![
                format!("shown(env!(\"CARGO_BIN_EXE_{stem}\")"),
                format!("shown_exercise(\"{stem}\""),
            ],
            Some(variant) => vec![
                format!("shown_as(env!(\"CARGO_BIN_EXE_{stem}\"),\"{variant}\""),
                format!(
                    "shown_failing_as(env!(\"CARGO_BIN_EXE_{stem}\"),\"{variant}\""
                ),
                format!("measurement(\"{stem}\",\"{variant}\""),
            ],
        };
        if !calls.iter().any(|call| tests.contains(call.as_str())) {
            problems.push(format!(
                "{path}: ningún test lo compara (se esperaba {})",
                calls.join(" o ")
            ));
        }
        // La página de un ejercicio llega con su solución; hasta entonces su salida se
        // comprueba igual, pero no se muestra.
        match shown.get(path) {
            Some(1) => {}
            Some(n) => problems.push(format!("{path}: se muestra {n} veces")),
            None if output.exercise => {}
            None => problems.push(format!("{path}: ningún capítulo lo muestra")),
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// `build.rs` entrega a skeptic los capítulos expandidos con `libro::include`; esa
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
    for chapter in all_chapters() {
        let ours = libro::include::expand(
            &chapter.text,
            &root().join("src"),
            &mut Vec::new(),
        )
        .unwrap();
        let theirs = fs::read_to_string(out.path().join(&chapter.name)).unwrap();
        assert_eq!(
            ours, theirs,
            "{}: la expansión difiere de la de mdBook",
            chapter.name
        );
    }
}

/// Las versiones de cada dependencia son las mismas en todos los `Cargo.toml`: un
/// ejercicio escribe las suyas (para poder copiarlo fuera) y no deben separarse de
/// las del libro.
#[test]
fn las_versiones_coinciden_en_todos_los_manifiestos() {
    let mut versions: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for manifest in libro::manifest::manifests(root()).unwrap() {
        for dep in libro::manifest::dependencies(root(), &manifest)
            .unwrap_or_else(|e| panic!("{e}"))
        {
            if let Some(version) = dep.version {
                versions
                    .entry(dep.name)
                    .or_default()
                    .push((version, format!("{} [{}]", dep.manifest, dep.section)));
            }
        }
    }
    for (name, found) in versions {
        let first = &found[0].0;
        assert!(
            found.iter().all(|(v, _)| v == first),
            "`{name}` tiene versiones distintas: {found:?}"
        );
    }
}

/// Alguna clave de `value` se llama `workspace` (`edition.workspace = true`,
/// `tokio = { workspace = true }`, `[workspace]`…).
fn mentions_workspace(value: &toml::Value) -> bool {
    match value {
        toml::Value::Table(table) => table
            .iter()
            .any(|(key, value)| key == "workspace" || mentions_workspace(value)),
        toml::Value::Array(items) => items.iter().any(mentions_workspace),
        _ => false,
    }
}

/// Cada ejercicio tiene la forma de un proyecto real: biblioteca documentada, un
/// binario que se llama como el paquete, tests y benchmarks, y un `Cargo.toml` que no
/// depende del workspace.
#[test]
fn cada_ejercicio_es_un_paquete_completo() {
    for exercise in listings_tree().exercises {
        let dir = root().join(&exercise.dir);
        let manifest: toml::Table = fs::read_to_string(dir.join("Cargo.toml"))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            manifest["package"]["name"].as_str(),
            Some(exercise.name.as_str()),
            "{}: el paquete se llama como su carpeta",
            exercise.dir
        );
        assert!(
            !mentions_workspace(&toml::Value::Table(manifest.clone())),
            "{}/Cargo.toml no hereda nada del workspace: fuera del repositorio no lo hay",
            exercise.dir
        );
        let lib = fs::read_to_string(dir.join("src/lib.rs")).unwrap();
        assert!(
            lib.starts_with("//! ") && lib.contains("# Módulos"),
            "{}/src/lib.rs: su //! presenta los módulos",
            exercise.dir
        );
        assert!(
            root().join(exercise.bin_path()).exists(),
            "falta {}",
            exercise.bin_path()
        );
        for folder in ["tests", "benches"] {
            let count = fs::read_dir(dir.join(folder)).map_or(0, |d| d.count());
            assert!(count > 0, "{}/{folder}/ está vacío", exercise.dir);
        }
    }
}
