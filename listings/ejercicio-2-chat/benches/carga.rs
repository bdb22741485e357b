//! La carga del libro: 20 clientes a ritmo constante (latencia de entrega) y 100 a
//! toda velocidad (mensajes entregados por segundo), en una sala cada escenario.
//!
//! Ejecuta: `cargo bench -p ejercicio-2-chat --bench carga` (la misma medición que
//! `cargo run --release --bin ejercicio-2-chat -- --carga`). En modo test (`cargo
//! test --benches`), una versión corta que comprueba que no se pierde nada.

use std::io;

use ejercicio_2_chat::load::{run_and_print_with, scenarios};

#[tokio::main]
async fn main() -> io::Result<()> {
    // `cargo bench` pasa `--bench`; `cargo test --benches`, no.
    let full = std::env::args().any(|a| a == "--bench");
    for report in run_and_print_with(&scenarios(!full)).await? {
        if report.delivered + report.lagged != report.expected {
            let lost = report.expected - report.delivered - report.lagged;
            return Err(io::Error::other(format!("{lost} entregas sin contar")));
        }
    }
    Ok(())
}
