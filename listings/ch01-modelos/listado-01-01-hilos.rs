//! Listado 1-1: diez hilos ejecutan la misma carga de E/S y la misma carga de CPU.
//!
//! Ejecuta: `cargo run --bin listado-01-01-hilos`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

const TASKS: usize = 10;
const WAIT: Duration = Duration::from_millis(100);
const N: u64 = 1_000_000;

fn io_bound_task(name: &str) {
    println!("Tarea {name} iniciada");
    thread::sleep(WAIT); // simula E/S: el hilo espera sin usar la CPU
    println!("Tarea {name} completada");
}

fn cpu_bound_task(n: u64) -> u64 {
    (0..n).map(black_box).sum() // black_box: LLVM no puede cambiar el bucle por n(n-1)/2
}

fn main() {
    let start = Instant::now();
    thread::scope(|s| {
        for i in 0..TASKS {
            s.spawn(move || io_bound_task(&format!("hilo-{i}")));
        }
    }); // al salir del scope, todos sus hilos han terminado
    let ms = start.elapsed().as_millis();
    let wait = WAIT.as_millis();
    println!("E/S con hilos: {TASKS} esperas de {wait} ms en {ms} ms");

    let start = Instant::now();
    let sums: Vec<u64> = thread::scope(|s| {
        let handles: Vec<_> =
            (0..TASKS).map(|_| s.spawn(|| cpu_bound_task(N))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let ms = start.elapsed().as_millis();
    for (i, sum) in sums.iter().enumerate() {
        println!("Tarea hilo-{i}: suma de 0..{N} = {sum}");
    }
    println!("CPU con hilos: {TASKS} sumas en {ms} ms");
}
// ANCHOR_END: listado
