//! Las reglas del libro, escritas una sola vez: qué es un capítulo, qué es un listado,
//! cómo se expande una inclusión y qué bloques se prueban en otro sitio.
//!
//! `build.rs` lo usa para expandir los capítulos que compila skeptic; `tests/libro.rs`
//! para comprobar que el libro las cumple; `tests/no_compila.rs` para encontrar los
//! listados que no deben compilar; los tests de los capítulos para comparar cada
//! ejecución con su `.salida`; y `.ci/copias.sh`, a través del binario `libro`, para
//! saber qué copiar a un proyecto nuevo.
//!
//! # Módulos
//!
//! - [`include`]: la expansión de `{{#include}}` y `{{#rustdoc_include}}` de mdBook.
//! - [`markdown`]: los bloques de código y los enlaces de un documento (pulldown-cmark).
//! - [`chapters`]: los capítulos de `src/` y el índice.
//! - [`listings`]: los listados, los ejercicios y sus encabezados.
//! - [`blocks`]: qué bloques de Rust se prueban en otro sitio y por qué.
//! - [`outputs`]: los archivos `.salida` y cómo se comparan con una ejecución.
//! - [`manifest`]: los `[[bin]]` y las dependencias de los `Cargo.toml`.
//! - [`run`]: ejecutar un listado desde un test y compararlo con su `.salida`.
//! - [`index`]: el índice de listados, generado desde `listings/` y las páginas.

pub mod blocks;
pub mod chapters;
pub mod include;
pub mod index;
pub mod listings;
pub mod manifest;
pub mod markdown;
pub mod outputs;
pub mod run;
