//! `cargo run -p enlaces -- book`: comprueba el libro construido en `book/` y acaba
//! con error si un enlace interno, un ancla o una imagen no existe.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let book =
        PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "book".into()));
    match enlaces::check(&book) {
        Err(e) => {
            eprintln!("enlaces: no se puede leer {}: {e}", book.display());
            ExitCode::FAILURE
        }
        Ok(report) if !report.problems.is_empty() => {
            eprintln!("enlaces rotos en {}:", book.display());
            for problem in &report.problems {
                eprintln!("  {problem}");
            }
            ExitCode::FAILURE
        }
        Ok(report) => {
            println!(
                "{} páginas, {} enlaces internos, anclas e imágenes: todos existen ({} enlaces externos, sin seguir)",
                report.pages,
                report.internal,
                report.external.len()
            );
            ExitCode::SUCCESS
        }
    }
}
