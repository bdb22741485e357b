//! Listado 5-6: tareas de CPU en procesos hijos desde async con `tokio::process`: cada hijo es este mismo programa, y el que no termina a tiempo se mata.
//!
//! Ejecuta: `cargo run --bin listado-05-06-procesos`
//! (el padre lanza los hijos con `tarea-cpu N`; puedes ejecutar uno a mano:
//! `cargo run --bin listado-05-06-procesos -- tarea-cpu 1000`).
//! En tu proyecto: `cargo add tokio --features full`.

extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::error::Error;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::process::Command;
use tokio::task::JoinSet;

pub const N: u64 = 10_000_000;
pub const LIMIT: Duration = Duration::from_secs(10);
pub const TOO_MUCH: u64 = u64::MAX / 2; // años de cálculo: no acabará nunca
pub const SHORT: Duration = Duration::from_millis(300);

/// El papel de hijo: suma `0..n` y escribe el resultado en su salida estándar.
fn cpu_bound_task(n: &str) -> Result<(), String> {
    let n: u64 = n
        .parse()
        .map_err(|e| format!("«{n}» no es un número: {e}"))?;
    println!("{}", (0..n).map(black_box).sum::<u64>());
    Ok(())
}

/// Ejecuta `exe tarea-cpu n` y devuelve lo que calculó; si no termina en `limit`, lo
/// mata y espera a que muera.
pub async fn run_in_process(
    exe: &Path,
    n: u64,
    limit: Duration,
) -> Result<u64, String> {
    let mut child = Command::new(exe)
        .args(["tarea-cpu", &n.to_string()])
        .stdout(Stdio::piped())
        .kill_on_drop(true) // por si se cancela este future: el hijo no sobrevive
        .spawn()
        .map_err(|e| format!("no se pudo lanzar {}: {e}", exe.display()))?;
    let pid = child.id().unwrap_or_default();
    let mut stdout = child.stdout.take().expect("stdout es un pipe");
    let mut text = String::new();
    let finished = async {
        // Leer mientras el hijo escribe, para que el pipe no se llene y lo pare.
        stdout.read_to_string(&mut text).await?;
        child.wait().await
    };
    let status = match tokio::time::timeout(limit, finished).await {
        Ok(status) => status.map_err(|e| format!("proceso {pid}: {e}"))?,
        Err(_) => {
            child
                .kill()
                .await
                .map_err(|e| format!("proceso {pid}: {e}"))?; // y lo espera
            return Err(format!("proceso {pid}: no terminó en {limit:?}; muerto"));
        }
    };
    if !status.success() {
        return Err(format!("proceso {pid}: terminó con {status}"));
    }
    let sum = text
        .trim()
        .parse()
        .map_err(|e| format!("proceso {pid}: {e}"))?;
    Ok(sum)
}

async fn parent(exe: PathBuf) -> Result<(), Box<dyn Error>> {
    println!("Una tarea CPU-bound en un proceso");
    println!("Resultado: {}", run_in_process(&exe, N, LIMIT).await?);

    println!("\nCuatro tareas CPU-bound en procesos a la vez, y una que no acaba");
    let mut set = JoinSet::new();
    let jobs = [
        (N, LIMIT),
        (N, LIMIT),
        (N, LIMIT),
        (N, LIMIT),
        (TOO_MUCH, SHORT),
    ];
    for (id, (n, limit)) in jobs.into_iter().enumerate() {
        let exe = exe.clone();
        set.spawn(async move { (id, run_in_process(&exe, n, limit).await) });
    }
    let mut results = set.join_all().await;
    results.sort_by_key(|(id, _)| *id);
    for (id, result) in results {
        println!("Tarea {id}: {result:?}");
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(parent(std::env::current_exe()?))
        }
        [role, n] if role == "tarea-cpu" => Ok(cpu_bound_task(n)?),
        _ => Err(format!(
            "uso: sin argumentos, o `tarea-cpu N`; no «{}»",
            args.join(" ")
        )
        .into()),
    }
}
// ANCHOR_END: listado
