//! `cargo run --release -p mediciones`: mide todo (un par de minutos), escribe
//! `tools/mediciones/resultados.json` y, desde él, las tablas y las gráficas del
//! apéndice B en `src/mediciones/`.
//!
//! `cargo run --release -p mediciones -- --tablas` solo vuelve a escribir las tablas y
//! las gráficas desde el `resultados.json` que ya hay.

use std::error::Error;
use std::fs;
use std::path::Path;

use mediciones::resultados::Resultados;
use mediciones::{arranque, canales, cerrojos, escalado, esperas, informe, maquina};

const RESULTADOS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/resultados.json");
const PAGINAS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../src/mediciones");
const CPYTHON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/escalado.py");

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => medir_todo(),
        ["--tablas"] => escribir(&leer()?),
        ["--hijo", "nada"] => Ok(()),
        ["--hijo", "esperas", modelo, n] => {
            let hijo = esperas::como_hijo(modelo, n.parse()?);
            println!("{}", serde_json::to_string(&hijo)?);
            Ok(())
        }
        _ => Err(format!(
            "argumentos no válidos: {args:?}; sin argumentos mide todo, con --tablas solo dibuja"
        )
        .into()),
    }
}

fn medir_todo() -> Result<(), Box<dyn Error>> {
    if cfg!(debug_assertions) {
        eprintln!(
            "AVISO: sin --release las medidas no dicen nada del código optimizado"
        );
    }
    let exe = std::env::current_exe()?;
    let maquina = maquina::Maquina::esta();
    eprintln!("midiendo en: {}", maquina.linea());
    eprintln!("escalado (Rust)…");
    let escalado = escalado::rust();
    eprintln!("escalado (CPython)…");
    let cpython = escalado::cpython(Path::new(CPYTHON));
    if let Err(why) = &cpython {
        eprintln!("  {why}");
    }
    eprintln!("arranque de hilos, procesos y tareas…");
    let arranque = arranque::medir(&exe);
    eprintln!("esperas simultáneas…");
    let esperas = esperas::medir(&exe);
    eprintln!("canales…");
    let canales = canales::medir();
    eprintln!("cerrojos…");
    let cerrojos = cerrojos::medir();
    let resultados = Resultados {
        maquina,
        escalado,
        cpython,
        arranque,
        esperas,
        canales,
        cerrojos,
    };
    for aviso in resultados.avisos() {
        eprintln!("AVISO: {aviso}");
    }
    let json = serde_json::to_string_pretty(&resultados)? + "\n";
    write_atomically(Path::new(RESULTADOS), &json)?;
    eprintln!("escrito {RESULTADOS}");
    escribir(&resultados)
}

fn leer() -> Result<Resultados, Box<dyn Error>> {
    let text = fs::read_to_string(RESULTADOS)
        .map_err(|e| format!("{RESULTADOS}: {e}; mide primero, sin argumentos"))?;
    Ok(serde_json::from_str(&text).map_err(|e| format!("{RESULTADOS}: {e}"))?)
}

fn escribir(r: &Resultados) -> Result<(), Box<dyn Error>> {
    fs::create_dir_all(PAGINAS)?;
    for (name, text) in informe::tablas(r).into_iter().chain(informe::graficas(r)) {
        write_atomically(&Path::new(PAGINAS).join(&name), &text)?;
    }
    eprintln!("tablas y gráficas en src/mediciones/");
    Ok(())
}

/// Escribe en un archivo temporal junto al destino y lo renombra: quien lea el
/// destino ve el archivo viejo o el nuevo, nunca uno a medias.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, text)?;
    fs::rename(tmp, path)
}
