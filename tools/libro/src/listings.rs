//! Los listados y sus nombres: qué archivos hay bajo `listings/`, cómo se llaman y
//! qué dice su encabezado.
//!
//! - `listings/chNN-slug/listado-NN-MM-slug.rs`: el «Listado N-M» del capítulo N. Si
//!   tiene al lado un `.stderr`, no debe compilar (trybuild lo comprueba con ese error).
//! - `listado-NN-MM-slug.salida` y `listado-NN-MM-slug.VARIANTE.salida`: ejecuciones
//!   que muestra el libro (ver [`crate::outputs`]).
//! - `listado-NN-MM-slug.py`: el gemelo en Python de un listado, si lo tiene.
//! - `listings/ejercicio-N-slug/`: el paquete de un ejercicio, con su biblioteca, su
//!   binario `src/bin/ejercicio-N-slug.rs`, sus tests y sus benchmarks.

use std::fs;
use std::path::Path;

/// Un listado de capítulo, `listings/chNN-slug/listado-NN-MM-slug.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Ruta relativa a la raíz del repositorio, con `/`.
    pub path: String,
    /// El nombre del archivo sin `.rs`: `listado-NN-MM-slug`, que es también su `[[bin]]`.
    pub stem: String,
    pub chapter: u32,
    pub number: u32,
    /// Tiene al lado un `.stderr`: no debe compilar.
    pub compile_fail: bool,
}

impl Listing {
    /// Cómo lo llama el libro: «Listado 2-3».
    pub fn caption_name(&self) -> String {
        format!("Listado {}-{}", self.chapter, self.number)
    }

    /// La carpeta del listado, relativa a la raíz: `listings/ch02-hilos`.
    pub fn dir(&self) -> &str {
        &self.path[..self.path.rfind('/').unwrap_or(0)]
    }

    /// El error que debe dar si no compila: `listado-NN-MM-slug.stderr` a su lado.
    pub fn stderr_path(&self) -> String {
        format!("{}/{}.stderr", self.dir(), self.stem)
    }

    /// Su `.salida`: `listado-NN-MM-slug.salida`, o `….VARIANTE.salida` para otra
    /// ejecución, a su lado.
    pub fn output_path(&self, variant: Option<&str>) -> String {
        format!("{}/{}", self.dir(), output_name(&self.stem, variant))
    }

    pub fn source(&self, root: &Path) -> Result<String, String> {
        fs::read_to_string(root.join(&self.path))
            .map_err(|e| format!("{}: {e}", self.path))
    }
}

/// El paquete de un ejercicio, `listings/ejercicio-N-slug/`: su carpeta, su paquete y
/// su binario se llaman igual.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub name: String,
    pub number: u32,
    /// Ruta relativa a la raíz: `listings/ejercicio-1-cache`.
    pub dir: String,
}

impl Exercise {
    /// Ruta del binario que lo demuestra: `listings/ejercicio-1-cache/src/bin/ejercicio-1-cache.rs`.
    pub fn bin_path(&self) -> String {
        format!("{}/src/bin/{}.rs", self.dir, self.name)
    }

    /// Si cargo compila `file` (relativa a la carpeta del ejercicio): es la raíz de un
    /// target (`src/lib.rs`, `src/bin/*.rs`, `tests/*.rs`, `benches/*.rs`…) o un módulo
    /// al que llega un `mod` desde una.
    pub fn compiles(&self, root: &Path, file: &str) -> bool {
        let dir = root.join(&self.dir);
        if !dir.join(file).is_file() || !file.ends_with(".rs") {
            return false;
        }
        let parts: Vec<&str> = file.trim_end_matches(".rs").split('/').collect();
        let target_root = matches!(
            parts.as_slice(),
            ["src", "lib" | "main"]
                | ["src", "bin", _]
                | ["tests" | "benches" | "examples", _]
        );
        if target_root {
            return true;
        }
        let Some(("src", module)) =
            parts.split_first().map(|(first, rest)| (*first, rest))
        else {
            return false;
        };
        let module = match module {
            [path @ .., "mod"] => path,
            path => path,
        };
        let Some((name, parent)) = module.split_last() else {
            return false;
        };
        let parents: Vec<String> = match parent {
            [] => vec!["src/lib.rs".to_owned(), "src/main.rs".to_owned()],
            path => vec![
                format!("src/{}.rs", path.join("/")),
                format!("src/{}/mod.rs", path.join("/")),
            ],
        };
        parents
            .iter()
            .any(|p| declares_module(&dir.join(p), name) && self.compiles(root, p))
    }

    /// El `.salida` de su binario, junto a él en `src/bin/`.
    pub fn output_path(&self, variant: Option<&str>) -> String {
        format!("{}/src/bin/{}", self.dir, output_name(&self.name, variant))
    }
}

/// `path` declara `mod name;` (con o sin `pub`).
fn declares_module(path: &Path, name: &str) -> bool {
    let Ok(source) = fs::read_to_string(path) else {
        return false;
    };
    without_comments(&source).lines().any(|line| {
        let line = line.trim();
        let line = line
            .strip_prefix("pub(crate) ")
            .or_else(|| line.strip_prefix("pub "))
            .unwrap_or(line);
        line == format!("mod {name};")
    })
}

fn output_name(owner: &str, variant: Option<&str>) -> String {
    match variant {
        Some(variant) => format!("{owner}.{variant}.salida"),
        None => format!("{owner}.salida"),
    }
}

/// Un archivo `.salida` del árbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// El listado o el ejercicio cuyo binario ejecuta.
    pub owner: String,
    pub variant: Option<String>,
    /// Ruta relativa a la raíz.
    pub path: String,
    /// Es la salida del binario de un ejercicio.
    pub exercise: bool,
}

impl Tree {
    /// Los `.salida` que hay junto a los listados y a los binarios de los ejercicios.
    pub fn outputs(&self, root: &Path) -> Result<Vec<Output>, String> {
        let mut found = Vec::new();
        let owners = self
            .listings
            .iter()
            .map(|l| (l.stem.as_str(), l.dir().to_owned(), false))
            .chain(
                self.exercises
                    .iter()
                    .map(|e| (e.name.as_str(), format!("{}/src/bin", e.dir), true)),
            );
        // Cada carpeta se lee una vez, aunque tenga muchos listados.
        let mut folders: std::collections::BTreeMap<String, Vec<String>> =
            std::collections::BTreeMap::new();
        for (owner, dir, exercise) in owners {
            let names = folders.entry(dir.clone()).or_insert_with(|| {
                let mut names: Vec<String> = fs::read_dir(root.join(&dir))
                    .into_iter()
                    .flatten()
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                names.sort();
                names
            });
            for name in names.iter() {
                let Some(rest) = name
                    .strip_prefix(owner)
                    .and_then(|r| r.strip_suffix("salida"))
                else {
                    continue;
                };
                let variant = match rest {
                    "." => None,
                    _ => match rest
                        .strip_prefix('.')
                        .and_then(|r| r.strip_suffix('.'))
                    {
                        Some(variant) if valid_slug(variant) => {
                            Some(variant.to_owned())
                        }
                        _ => continue,
                    },
                };
                found.push(Output {
                    owner: owner.to_owned(),
                    variant,
                    path: format!("{dir}/{name}"),
                    exercise,
                });
            }
        }
        Ok(found)
    }
}

/// Todo lo que hay bajo `listings/`.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub listings: Vec<Listing>,
    pub exercises: Vec<Exercise>,
}

/// Los nombres de archivo que puede haber en la carpeta de un capítulo, además de
/// los `.rs` de los listados.
const COMPANIONS: [&str; 3] = ["stderr", "salida", "py"];

fn read_dir_sorted(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let entries =
        fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths = entries
        .map(|e| e.map(|e| e.path()).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    paths.sort();
    Ok(paths)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Lee `root/listings`: los listados de cada capítulo, ordenados por capítulo y
/// número, y los paquetes de los ejercicios. Un nombre que no sigue las reglas es un
/// error que dice cuál debería ser.
pub fn tree(root: &Path) -> Result<Tree, String> {
    let mut tree = Tree::default();
    for dir in read_dir_sorted(&root.join("listings"))? {
        let name = file_name(&dir);
        if !dir.is_dir() {
            return Err(format!(
                "listings/{name}: bajo listings/ solo hay carpetas chNN-slug y ejercicio-N-slug"
            ));
        }
        if let Some(number) = parse_exercise(&name) {
            tree.exercises.push(Exercise {
                dir: format!("listings/{name}"),
                name,
                number,
            });
        } else if name.starts_with("ch") {
            read_chapter_dir(&dir, &name, &mut tree.listings)?;
        } else {
            return Err(format!(
                "listings/{name}: el nombre debe ser chNN-slug (un capítulo) o ejercicio-N-slug (un ejercicio)"
            ));
        }
    }
    tree.listings.sort_by_key(|l| (l.chapter, l.number));
    tree.exercises.sort_by_key(|e| e.number);
    for pair in tree.listings.windows(2) {
        if (pair[0].chapter, pair[0].number) == (pair[1].chapter, pair[1].number) {
            return Err(format!(
                "{} y {} tienen el mismo número",
                pair[0].path, pair[1].path
            ));
        }
    }
    for pair in tree.exercises.windows(2) {
        if pair[0].number == pair[1].number {
            return Err(format!(
                "{} y {} tienen el mismo número",
                pair[0].dir, pair[1].dir
            ));
        }
    }
    Ok(tree)
}

/// Los listados de los capítulos (atajo de [`tree`]).
pub fn listings(root: &Path) -> Result<Vec<Listing>, String> {
    tree(root).map(|t| t.listings)
}

fn read_chapter_dir(
    dir: &Path,
    dir_name: &str,
    found: &mut Vec<Listing>,
) -> Result<(), String> {
    let chapter_number: Option<u32> = dir_name
        .strip_prefix("ch")
        .and_then(|rest| rest.get(..2))
        .and_then(|n| n.parse().ok())
        .filter(|_| dir_name.get(4..5) == Some("-"));
    let Some(chapter_number) = chapter_number else {
        return Err(format!("listings/{dir_name}: el nombre debe ser chNN-slug"));
    };
    let files = read_dir_sorted(dir)?;
    let stems: Vec<String> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .map(|f| {
            f.file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for file in &files {
        let name = file_name(file);
        let path = format!("listings/{dir_name}/{name}");
        let extension = file.extension().map(|e| e.to_string_lossy().into_owned());
        match extension.as_deref() {
            Some("rs") => {
                let stem = file
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                let (chapter, number) = parse_stem(&stem).ok_or_else(|| {
                    format!("{path}: el nombre debe ser listado-NN-MM-slug.rs")
                })?;
                if chapter != chapter_number {
                    return Err(format!(
                        "{path}: el listado no está en la carpeta de su capítulo"
                    ));
                }
                found.push(Listing {
                    compile_fail: file.with_extension("stderr").exists(),
                    path,
                    stem,
                    chapter,
                    number,
                });
            }
            Some(ext) if COMPANIONS.contains(&ext) => {
                // `listado-01-02-procesos.cpu-mucho.salida` acompaña a `listado-01-02-procesos.rs`.
                let owner = name.split('.').next().unwrap_or_default();
                if !stems.iter().any(|s| s == owner) {
                    return Err(format!(
                        "{path}: no hay un listado {owner}.rs al que acompañe"
                    ));
                }
            }
            _ => {
                return Err(format!(
                    "{path}: en la carpeta de un capítulo solo hay listados (.rs) y sus {}",
                    COMPANIONS.map(|c| format!(".{c}")).join(", ")
                ));
            }
        }
    }
    Ok(())
}

/// `listado-02-03-contador-mutex` → `(2, 3)`.
pub fn parse_stem(stem: &str) -> Option<(u32, u32)> {
    let mut parts = stem.strip_prefix("listado-")?.splitn(3, '-');
    let chapter = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let number = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    valid_slug(parts.next()?).then_some((chapter, number))
}

/// `ejercicio-1-cache` → `1`.
pub fn parse_exercise(name: &str) -> Option<u32> {
    let (number, slug) = name.strip_prefix("ejercicio-")?.split_once('-')?;
    let number = number.parse().ok().filter(|_| number.len() == 1)?;
    valid_slug(slug).then_some(number)
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Lo que dice el encabezado `//!` de un listado.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// La primera línea sin `//! ` ni el punto final: «Listado 2-3: diez hilos…».
    pub title: String,
    /// La línea `//! Ejecuta: …`, si la hay.
    pub run: Option<String>,
    /// Las órdenes `cargo add …` de la línea `//! En tu proyecto: …`, o `None` si falta
    /// esa línea. Vacía si dice «sin dependencias».
    pub cargo_add: Option<Vec<String>>,
}

pub fn header(source: &str) -> Header {
    let lines: Vec<&str> = source
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.trim_start_matches("//!").trim())
        .collect();
    let title = lines
        .first()
        .map(|l| l.trim_end_matches('.').to_owned())
        .unwrap_or_default();
    let run = lines
        .iter()
        .find_map(|l| l.strip_prefix("Ejecuta: "))
        .map(str::to_owned);
    let cargo_add = lines
        .iter()
        .find_map(|l| l.strip_prefix("En tu proyecto: "))
        .map(|line| {
            line.split('`')
                .skip(1)
                .step_by(2)
                .filter(|code| code.starts_with("cargo add "))
                .map(str::to_owned)
                .collect()
        });
    Header {
        title,
        run,
        cargo_add,
    }
}

impl Header {
    /// Las features que pide `cargo add` para `krate` (con `_`), y si quita las de
    /// serie (`--no-default-features`).
    pub fn features(&self, krate: &str) -> (Vec<String>, bool) {
        let mut features = Vec::new();
        let mut no_default = false;
        for cmd in self.cargo_add.iter().flatten() {
            if !command_crates(cmd).iter().any(|n| n == krate) {
                continue;
            }
            let words: Vec<&str> = cmd.split_whitespace().collect();
            for (i, word) in words.iter().enumerate() {
                match *word {
                    "--features" | "-F" => features.extend(
                        words
                            .get(i + 1)
                            .into_iter()
                            .flat_map(|f| f.split([',', ' ']))
                            .map(str::to_owned),
                    ),
                    "--no-default-features" => no_default = true,
                    _ => {}
                }
            }
        }
        features.sort();
        features.dedup();
        (features, no_default)
    }

    /// Los crates que añaden las órdenes `cargo add`, con `_` en lugar de `-`.
    pub fn added_crates(&self) -> Vec<String> {
        let mut crates: Vec<String> = self
            .cargo_add
            .iter()
            .flatten()
            .flat_map(|cmd| command_crates(cmd))
            .collect();
        crates.sort();
        crates.dedup();
        crates
    }
}

/// Los crates que añade una orden `cargo add A B@1 --features …`, con `_` en lugar
/// de `-` y sin la versión.
fn command_crates(cmd: &str) -> Vec<String> {
    cmd.split_whitespace()
        .skip(2)
        .take_while(|w| !w.starts_with('-'))
        .map(|w| w.split('@').next().unwrap_or(w).replace('-', "_"))
        .collect()
}

/// El código sin comentarios de línea (`//`, `//!`, `///`), para buscar en él.
fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Los `extern crate X;` del listado, ordenados.
pub fn extern_crates(source: &str) -> Vec<String> {
    let mut crates: Vec<String> = without_comments(source)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("extern crate "))
        .map(|rest| rest.trim_end_matches(';').trim().to_owned())
        .collect();
    crates.sort();
    crates
}

/// Cuáles de los crates `known` (con `_`) usa el código: los que aparecen como
/// `crate::` fuera de los comentarios, o en un `extern crate`.
pub fn used_crates(source: &str, known: &[String]) -> Vec<String> {
    let code = without_comments(source);
    let starts_path = |name: &str| {
        let pattern = format!("{name}::");
        code.match_indices(&pattern).any(|(i, _)| {
            !code[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
        })
    };
    let externs = extern_crates(source);
    let mut used: Vec<String> = known
        .iter()
        .filter(|name| starts_path(name) || externs.contains(name))
        .cloned()
        .collect();
    used.sort();
    used.dedup();
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nombres_de_listados_y_de_ejercicios() {
        assert_eq!(parse_stem("listado-02-03-contador-mutex"), Some((2, 3)));
        assert_eq!(parse_stem("listado-2-3-contador"), None);
        assert_eq!(parse_stem("listado-02-03-Contador"), None);
        assert_eq!(parse_stem("listado-02-03-"), None);
        assert_eq!(parse_exercise("ejercicio-1-cache"), Some(1));
        assert_eq!(parse_exercise("ejercicio-1"), None);
        assert_eq!(parse_exercise("ejercicio-12-x"), None);
    }

    #[test]
    fn el_encabezado_dice_titulo_orden_y_dependencias() {
        let source = "//! Listado 4-10: un semáforo.\n//!\n//! Ejecuta: `cargo run --bin listado-04-10-x`\n//! En tu proyecto: `cargo add tokio --features full`, `cargo add tokio-util --features rt` y `cargo add reqwest --no-default-features`.\n\nfn main() {}\n";
        let header = header(source);
        assert_eq!(header.title, "Listado 4-10: un semáforo");
        assert_eq!(
            header.run.as_deref(),
            Some("`cargo run --bin listado-04-10-x`")
        );
        assert_eq!(header.cargo_add.as_ref().unwrap().len(), 3);
        assert_eq!(header.added_crates(), ["reqwest", "tokio", "tokio_util"]);
        assert_eq!(
            header.features("tokio_util"),
            (vec!["rt".to_owned()], false)
        );
        assert_eq!(header.features("reqwest"), (vec![], true));
        let versioned = super::header(
            "//! Listado 1-1: x.\n//! En tu proyecto: `cargo add tokio@1 --features full`.\n",
        );
        assert_eq!(versioned.added_crates(), ["tokio"]);
        assert_eq!(
            versioned.features("tokio"),
            (vec!["full".to_owned()], false)
        );
        let none = super::header(
            "//! Listado 1-1: x.\n//! En tu proyecto: sin dependencias (solo `std`).\n",
        );
        assert_eq!(none.cargo_add, Some(vec![]));
        assert_eq!(super::header("//! Listado 1-1: x.\n").cargo_add, None);
    }

    #[test]
    fn los_crates_que_usa_el_codigo_y_no_los_comentarios() {
        let known = ["tokio", "futures", "rayon", "axum"].map(String::from);
        let source = "//! usa rayon::join\nextern crate tokio; // para mdbook test\nuse futures::future;\n// axum::serve no se usa\nfn main() { let _ = my_tokio::x; }\n";
        assert_eq!(used_crates(source, &known), ["futures", "tokio"]);
        assert_eq!(extern_crates(source), ["tokio"]);
    }

    #[test]
    fn un_archivo_de_un_ejercicio_se_compila_si_un_target_llega_a_el() {
        let dir = tempfile::tempdir().unwrap();
        let package = dir.path().join("listings/ejercicio-1-a");
        fs::create_dir_all(package.join("src/net")).unwrap();
        fs::create_dir_all(package.join("tests")).unwrap();
        fs::write(
            package.join("src/lib.rs"),
            "pub mod clock;\nmod net;\n// mod olvidado;\n",
        )
        .unwrap();
        for file in [
            "src/clock.rs",
            "src/olvidado.rs",
            "src/net/tcp.rs",
            "tests/t.rs",
        ] {
            fs::write(package.join(file), "").unwrap();
        }
        fs::write(package.join("src/net.rs"), "pub(crate) mod tcp;\n").unwrap();
        let exercise = Exercise {
            name: "ejercicio-1-a".to_owned(),
            number: 1,
            dir: "listings/ejercicio-1-a".to_owned(),
        };
        for file in [
            "src/lib.rs",
            "src/clock.rs",
            "src/net.rs",
            "src/net/tcp.rs",
            "tests/t.rs",
        ] {
            assert!(exercise.compiles(dir.path(), file), "{file}");
        }
        for file in ["src/olvidado.rs", "src/nada.rs", "Cargo.toml"] {
            assert!(!exercise.compiles(dir.path(), file), "{file}");
        }
    }

    #[test]
    fn el_arbol_de_listados_rechaza_nombres_que_no_siguen_las_reglas() {
        let dir = tempfile::tempdir().unwrap();
        let ch = dir.path().join("listings/ch01-modelos");
        fs::create_dir_all(&ch).unwrap();
        fs::create_dir_all(dir.path().join("listings/ejercicio-1-cache")).unwrap();
        fs::write(ch.join("listado-01-02-b.rs"), "").unwrap();
        fs::write(ch.join("listado-01-01-a.rs"), "").unwrap();
        fs::write(ch.join("listado-01-01-a.stderr"), "").unwrap();
        fs::write(ch.join("listado-01-02-b.variante.salida"), "").unwrap();
        fs::write(ch.join("listado-01-02-b.salida"), "").unwrap();
        let tree = tree(dir.path()).unwrap();
        let outputs: Vec<_> = tree
            .outputs(dir.path())
            .unwrap()
            .into_iter()
            .map(|o| (o.path, o.variant))
            .collect();
        assert_eq!(
            outputs,
            [
                (
                    "listings/ch01-modelos/listado-01-02-b.salida".to_owned(),
                    None
                ),
                (
                    "listings/ch01-modelos/listado-01-02-b.variante.salida"
                        .to_owned(),
                    Some("variante".to_owned())
                )
            ]
        );
        assert_eq!(
            tree.listings[0].stderr_path(),
            "listings/ch01-modelos/listado-01-01-a.stderr"
        );
        let stems: Vec<_> = tree
            .listings
            .iter()
            .map(|l| (l.stem.as_str(), l.compile_fail))
            .collect();
        assert_eq!(
            stems,
            [("listado-01-01-a", true), ("listado-01-02-b", false)]
        );
        assert_eq!(
            tree.exercises[0].bin_path(),
            "listings/ejercicio-1-cache/src/bin/ejercicio-1-cache.rs"
        );

        fs::write(ch.join("listado-01-03-c.salida"), "").unwrap();
        let error = super::tree(dir.path()).unwrap_err();
        assert!(
            error.contains("no hay un listado listado-01-03-c.rs"),
            "{error}"
        );
        fs::remove_file(ch.join("listado-01-03-c.salida")).unwrap();
        fs::write(ch.join("listado-02-01-d.rs"), "").unwrap();
        let error = super::tree(dir.path()).unwrap_err();
        assert!(
            error.contains("no está en la carpeta de su capítulo"),
            "{error}"
        );
    }
}
