//! Listado 1-2: diez procesos hijos ejecutan la misma carga de E/S y de CPU.
//!
//! El programa se vuelve a ejecutar a sí mismo con un papel (`io` o `cpu`)
//! como argumento: Rust no tiene `fork` con un closure, solo procesos nuevos.
//!
//! Ejecuta: `cargo run --bin listado-01-02-procesos`
//! En tu proyecto: sin dependencias (solo `std`).

use std::env;
use std::error::Error;
use std::hint::black_box;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const TASKS: usize = 10;
const WAIT_MS: u64 = 100;
const N: u64 = 1_000_000;

fn cpu_bound_task(n: u64) -> u64 {
    (0..n).map(black_box).sum()
}

fn number(arg: &str) -> Result<u64, String> {
    arg.parse()
        .map_err(|e| format!("«{arg}» no es un número: {e}"))
}

// ANCHOR: hijo
fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.as_slice() {
        [] => parent(),
        [role, ms] if role == "io" => {
            thread::sleep(Duration::from_millis(number(ms)?));
            println!("esperé {ms} ms");
            Ok(())
        }
        [role, n] if role == "cpu" => {
            println!("{}", cpu_bound_task(number(n)?));
            Ok(())
        }
        _ => Err(format!("argumentos no válidos: {args:?}").into()),
    }
}
// ANCHOR_END: hijo

// ANCHOR: padre
/// Lanza `TASKS` copias de `exe` con un papel y devuelve lo que imprime cada una.
pub fn run_children(
    exe: &Path,
    role: &str,
    arg: u64,
) -> Result<Vec<String>, Box<dyn Error>> {
    let mut children: Vec<Child> = Vec::new();
    for _ in 0..TASKS {
        let mut cmd = Command::new(exe);
        cmd.args([role, &arg.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match cmd.spawn() {
            Ok(child) => children.push(child), // todos en marcha antes de esperar
            Err(e) => {
                // Los que ya están en marcha no se dejan sueltos: se matan y se recogen.
                for mut child in children {
                    let _ = child.kill(); // puede que ya haya terminado
                    let _ = child.wait();
                }
                return Err(e.into());
            }
        }
    }
    // Se espera a todos, también si alguno falla, para no dejar ninguno sin recoger.
    let finished: Vec<_> =
        children.into_iter().map(Child::wait_with_output).collect();
    let mut outputs = Vec::new();
    for out in finished {
        let out = out?;
        if !out.status.success() {
            let why = String::from_utf8_lossy(&out.stderr);
            return Err(format!(
                "un proceso hijo falló ({}): {}",
                out.status,
                why.trim()
            )
            .into());
        }
        outputs.push(String::from_utf8(out.stdout)?.trim().to_owned());
    }
    Ok(outputs)
}

fn parent() -> Result<(), Box<dyn Error>> {
    let exe = env::current_exe()?;
    let start = Instant::now();
    let waits = run_children(&exe, "io", WAIT_MS)?;
    let ms = start.elapsed().as_millis();
    let count = waits.len();
    println!("E/S con procesos: {count} esperas de {WAIT_MS} ms en {ms} ms");

    let start = Instant::now();
    let sums = run_children(&exe, "cpu", N)?;
    let ms = start.elapsed().as_millis();
    for (i, sum) in sums.iter().enumerate() {
        println!("Proceso {i}: suma de 0..{N} = {sum}");
    }
    println!("CPU con procesos: {TASKS} sumas en {ms} ms");
    Ok(())
}
// ANCHOR_END: padre
