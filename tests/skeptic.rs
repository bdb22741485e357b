//! Un test por cada bloque de Rust del libro, generado por `build.rs` con skeptic.

include!(concat!(env!("OUT_DIR"), "/skeptic-tests.rs"));
