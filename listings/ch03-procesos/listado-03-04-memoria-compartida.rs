//! Listado 3-4: cuatro procesos hijos suman en una memoria compartida (un archivo proyectado con memmap2) vista como atómicos, y un cerrojo de archivo protege el array; el padre ve el total exacto.
//!
//! El padre crea el archivo en una carpeta temporal nueva, que se borra al terminar;
//! cada hijo es el mismo programa con el papel `hijo`.
//!
//! Ejecuta: `cargo run --bin listado-03-04-memoria-compartida`
//! En tu proyecto: `cargo add memmap2` y `cargo add tempfile`.

extern crate memmap2; // para mdbook test
extern crate tempfile; // para mdbook test

// ANCHOR: listado
use std::env;
use std::error::Error;
use std::fs::{File, OpenOptions};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicI32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use memmap2::MmapMut;

/// Lo que hay en el archivo, en este orden (`repr(C)`): el contador, cuántos hijos
/// están listos para empezar y el array de 5. Un archivo de ceros es un estado válido.
#[repr(C)]
struct Shared {
    counter: AtomicI32,
    ready: AtomicI32,
    array: [AtomicI32; 5],
}

/// Proyecta `file` en memoria; `view` la presenta como atómicos.
fn map(file: &File) -> Result<MmapMut, Box<dyn Error>> {
    // SAFETY: el archivo es nuestro, en una carpeta temporal recién creada; nadie lo
    // trunca mientras está proyectado (si lo hiciera, leer daría SIGBUS).
    let mmap = unsafe { MmapMut::map_mut(file)? };
    let fits = mmap.len() >= size_of::<Shared>();
    let aligned = mmap.as_ptr().align_offset(align_of::<Shared>()) == 0;
    if !fits || !aligned {
        return Err(format!("proyección no válida: {} bytes", mmap.len()).into());
    }
    Ok(mmap)
}

fn view(mmap: &MmapMut) -> &Shared {
    // SAFETY: `map` comprobó tamaño y alineación; `Shared` son siete `AtomicI32`
    // seguidos, con la representación de `i32`, y cualquier valor de sus bytes es
    // válido; todos los procesos acceden a ellos solo con operaciones atómicas; y la
    // referencia vive lo que el préstamo de `mmap`, que se desproyecta después.
    unsafe { &*mmap.as_ptr().cast::<Shared>() }
}

fn child(
    path: &Path,
    children: i32,
    rounds: u32,
    pause: Duration,
) -> Result<(), Box<dyn Error>> {
    let file = OpenOptions::new().read(true).write(true).open(path)?;
    let mmap = map(&file)?;
    let shared = view(&mmap);
    shared.ready.fetch_add(1, Ordering::Relaxed);
    while shared.ready.load(Ordering::Relaxed) < children {
        thread::yield_now(); // todos empiezan a la vez: así se solapan de verdad
    }
    for _ in 0..rounds {
        shared.counter.fetch_add(1, Ordering::Relaxed); // sin cerrojo: es indivisible
    }
    for _ in 0..rounds {
        file.lock()?; // exclusivo frente a cualquier otro proceso que lo pida
        for cell in &shared.array {
            let v = cell.load(Ordering::Acquire); // leer y escribir por separado…
            thread::sleep(pause);
            cell.store(v + 1, Ordering::Release); // …solo es correcto con el cerrojo
        }
        file.unlock()?;
    }
    Ok(())
}

/// Lanza `children` copias de `exe` sobre un archivo nuevo; devuelve lo que queda en él.
pub fn run(
    exe: &Path,
    children: i32,
    rounds: u32,
    pause: Duration,
) -> Result<(i32, [i32; 5]), Box<dyn Error>> {
    let dir = tempfile::tempdir()?; // se borra, con el archivo, al soltarse
    let path = dir.path().join("estado.bin");
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    file.set_len(size_of::<Shared>() as u64)?; // ceros
    let args = [
        children.to_string(),
        rounds.to_string(),
        pause.as_micros().to_string(),
    ];
    let mut running = Vec::new();
    for _ in 0..children {
        match Command::new(exe).arg("hijo").arg(&path).args(&args).spawn() {
            Ok(child) => running.push(child),
            Err(e) => {
                for mut child in running {
                    let _ = child.kill(); // esperaban al que no llegó a nacer
                    let _ = child.wait();
                }
                return Err(e.into());
            }
        }
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut failed = Vec::new();
    for mut child in running {
        while child.try_wait()?.is_none() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
        if child.try_wait()?.is_none() {
            child.kill()?; // último recurso: no terminó a tiempo
        }
        let status = child.wait()?;
        if !status.success() {
            failed.push(format!("hijo {}: {status}", child.id()));
        }
    }
    if !failed.is_empty() {
        return Err(format!("fallaron {}", failed.join(", ")).into());
    }
    let mmap = map(&file)?;
    let shared = view(&mmap);
    let array = shared
        .array
        .each_ref()
        .map(|cell| cell.load(Ordering::Acquire));
    Ok((shared.counter.load(Ordering::Relaxed), array))
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.as_slice() {
        [] => {
            let (value, array) = run(&env::current_exe()?, 4, 100, Duration::ZERO)?;
            println!("Valor final: {value}");
            println!("Array final: {array:?}");
            Ok(())
        }
        [role, path, children, rounds, micros] if role == "hijo" => {
            let pause = Duration::from_micros(micros.parse()?);
            child(Path::new(path), children.parse()?, rounds.parse()?, pause)
        }
        _ => Err(format!("argumentos no válidos: {args:?}").into()),
    }
}
// ANCHOR_END: listado
