//! Lo que necesitan saber los scripts de `.ci/`, dicho por el crate que define las
//! reglas del libro.
//!
//! - `libro copias RAÍZ`: una línea por listado que compila, con su ruta y las órdenes
//!   `cargo add` de su encabezado, separadas por tabuladores.
//! - `libro ejercicios RAÍZ`: la carpeta de cada ejercicio, una por línea.

use std::path::Path;
use std::process::ExitCode;

fn run(command: &str, root: &Path) -> Result<(), String> {
    let tree = libro::listings::tree(root)?;
    match command {
        "copias" => {
            for listing in tree.listings.iter().filter(|l| !l.compile_fail) {
                let header = libro::listings::header(&listing.source(root)?);
                let commands = header.cargo_add.ok_or_else(|| {
                    format!("{}: falta «En tu proyecto:»", listing.path)
                })?;
                let mut fields = vec![listing.path.clone()];
                fields.extend(commands);
                println!("{}", fields.join("\t"));
            }
        }
        "ejercicios" => {
            for exercise in &tree.exercises {
                println!("{}", exercise.dir);
            }
        }
        other => {
            return Err(format!(
                "orden desconocida: «{other}»; usa copias o ejercicios"
            ));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [command, root] = args.as_slice() else {
        eprintln!("uso: libro (copias | ejercicios) RAÍZ");
        return ExitCode::from(2);
    };
    match run(command, Path::new(root)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
