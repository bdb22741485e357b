//! Las reglas de los bloques de Rust de los capítulos.
//!
//! Todo bloque de Rust se compila y se ejecuta (skeptic y `mdbook test`), salvo dos
//! clases, marcadas con `ignore` y una segunda palabra que dice dónde se prueba su
//! código:
//!
//! - `rust,ignore,does_not_compile`: la inclusión (`{{#include}}`) de un listado que no
//!   debe compilar, uno con su `.stderr` al lado. trybuild comprueba que falla con ese
//!   error, y el bloque `console` que sigue lo muestra.
//! - `rust,ignore,fragmento`: la inclusión (`{{#include}}`, con o sin ancla) de un
//!   archivo `.rs` del paquete de un ejercicio, `listings/ejercicio-N-slug/…`. Un trozo
//!   de un módulo no compila solo; el paquete lo compila y sus tests lo prueban. El pie
//!   que sigue al bloque nombra el archivo.
//!
//! Nada más: ni `no_run`, ni `compile_fail`, ni otro `ignore`.

use crate::chapters::resolve;
use crate::include::{find_includes, without_includes};
use crate::listings::Tree;
use crate::markdown::CodeBlock;

/// Qué es un bloque de Rust de un capítulo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// skeptic y `mdbook test` lo compilan y lo ejecutan.
    Tested,
    /// Muestra el listado `path`, que no debe compilar.
    DoesNotCompile { path: String },
    /// Muestra un trozo de `path`, un archivo del paquete de un ejercicio.
    Fragment { path: String },
}

impl Kind {
    /// skeptic no debe generar un test para este bloque: se prueba en otro sitio.
    pub fn tested_elsewhere(&self) -> bool {
        !matches!(self, Kind::Tested)
    }
}

/// Clasifica un bloque de un capítulo de `src/`. `None` si no es de Rust; un error que
/// dice qué regla incumple.
pub fn classify(block: &CodeBlock, tree: &Tree) -> Result<Option<Kind>, String> {
    if !block.fenced {
        return Err("usa un bloque con valla (```): uno sangrado lo ejecutaría rustdoc como Rust".to_owned());
    }
    if !block.is_rust() {
        return Ok(None);
    }
    if !block.starts_with_rust() {
        return Err(format!(
            "rustdoc trata `{}` como Rust: empieza la cadena de información por `rust`",
            block.info
        ));
    }
    let tags = block.tags();
    if let Some(tag) = tags
        .iter()
        .find(|t| ["no_run", "compile_fail", "should_panic"].contains(t))
    {
        return Err(format!(
            "`{tag}` no está permitido: todo bloque de Rust se compila y se ejecuta"
        ));
    }
    let marker = match tags.as_slice() {
        ["rust"] => return Ok(Some(Kind::Tested)),
        ["rust", "ignore", marker]
            if ["does_not_compile", "fragmento"].contains(marker) =>
        {
            *marker
        }
        _ if tags.contains(&"ignore") => {
            return Err("`ignore` va solo en `rust,ignore,does_not_compile` o `rust,ignore,fragmento`".to_owned());
        }
        _ => {
            return Err(format!(
                "cadena de información desconocida: `{}`",
                block.info
            ));
        }
    };
    let includes = find_includes(&block.body);
    let leftover = without_includes(&block.body);
    let included = match includes.as_slice() {
        [one] if leftover.trim().is_empty() && !one.rustdoc => one,
        _ => {
            return Err(format!(
                "un bloque `{marker}` contiene solo una inclusión `{{{{#include …}}}}`"
            ));
        }
    };
    let path = resolve(&included.path);
    if marker == "does_not_compile" {
        match tree.listings.iter().find(|l| l.path == path) {
            Some(listing) if listing.compile_fail && included.selector.is_none() => {
                Ok(Some(Kind::DoesNotCompile { path }))
            }
            Some(listing) if listing.compile_fail => Err(format!(
                "{path}: un bloque `does_not_compile` muestra el listado entero, el que compila trybuild"
            )),
            _ => Err(format!(
                "{path} no tiene un .stderr al lado: un bloque `does_not_compile` muestra un listado que trybuild comprueba"
            )),
        }
    } else {
        let in_exercise = tree
            .exercises
            .iter()
            .any(|e| path.starts_with(&format!("{}/", e.dir)));
        if in_exercise && path.ends_with(".rs") {
            Ok(Some(Kind::Fragment { path }))
        } else {
            Err(format!(
                "{path}: un bloque `fragmento` muestra un archivo .rs del paquete de un ejercicio (listings/ejercicio-N-slug/)"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listings::{Exercise, Listing};
    use crate::markdown::code_blocks;

    fn tree() -> Tree {
        Tree {
            listings: vec![Listing {
                path: "listings/ch01-m/listado-01-05-rc.rs".to_owned(),
                stem: "listado-01-05-rc".to_owned(),
                chapter: 1,
                number: 5,
                compile_fail: true,
            }],
            exercises: vec![Exercise {
                name: "ejercicio-1-cache".to_owned(),
                number: 1,
                dir: "listings/ejercicio-1-cache".to_owned(),
            }],
        }
    }

    fn classify_text(info: &str, body: &str) -> Result<Option<Kind>, String> {
        let text = format!("```{info}\n{body}\n```\n");
        classify(&code_blocks(&text)[0], &tree())
    }

    #[test]
    fn los_bloques_que_se_prueban_en_otro_sitio() {
        assert_eq!(
            classify_text("rust", "fn main() {}"),
            Ok(Some(Kind::Tested))
        );
        assert_eq!(classify_text("console", "$ ls"), Ok(None));
        assert_eq!(
            classify_text(
                "rust,ignore,does_not_compile",
                "{{#include ../listings/ch01-m/listado-01-05-rc.rs}}"
            ),
            Ok(Some(Kind::DoesNotCompile {
                path: "listings/ch01-m/listado-01-05-rc.rs".to_owned()
            }))
        );
        let fragment = classify_text(
            "rust,ignore,fragmento",
            "{{#include ../listings/ejercicio-1-cache/src/entry.rs:entry}}",
        );
        assert_eq!(
            fragment,
            Ok(Some(Kind::Fragment {
                path: "listings/ejercicio-1-cache/src/entry.rs".to_owned()
            }))
        );
    }

    #[test]
    fn cualquier_otro_bloque_sin_probar_es_un_error() {
        let error = |info, body| classify_text(info, body).unwrap_err();
        assert!(
            error("rust,no_run", "fn main() {}")
                .contains("`no_run` no está permitido")
        );
        assert!(
            error("rust,ignore", "fn main() {}").contains("`ignore` va solo en")
        );
        assert!(
            error("rust,ignore,fragmento", "fn a() {}")
                .contains("solo una inclusión")
        );
        assert!(
            error(
                "rust,ignore,fragmento",
                "{{#include ../listings/ch01-m/listado-01-05-rc.rs}}"
            )
            .contains("del paquete de un ejercicio")
        );
        assert!(
            error(
                "rust,ignore,does_not_compile",
                "{{#include ../listings/ch01-m/otro.rs}}"
            )
            .contains("no tiene un .stderr")
        );
        assert!(
            error(
                "rust,ignore,does_not_compile",
                "{{#rustdoc_include ../listings/ch01-m/listado-01-05-rc.rs}}"
            )
            .contains("solo una inclusión")
        );
        assert!(
            error("ignore", "fn main() {}")
                .contains("empieza la cadena de información por `rust`")
        );
        assert!(error("", "fn main() {}").contains("empieza la cadena"));
        let indented = code_blocks("Texto\n\n    fn main() {}\n");
        assert!(
            classify(&indented[0], &tree())
                .unwrap_err()
                .contains("con valla")
        );
    }
}
