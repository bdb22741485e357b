//! Listado 3-6: el `Pool` del original con hilos de rayon: `map` conserva el orden, `apply_async` es `spawn` y un canal, y `map_async` es un hilo que se consulta con `is_finished`.
//!
//! Ejecuta: `cargo run --bin listado-03-06-pool-rayon`
//! En tu proyecto: `cargo add rayon`.

extern crate rayon; // para mdbook test

// ANCHOR: listado
use std::error::Error;
use std::hint::black_box;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use rayon::prelude::*;

fn cpu_bound_task(n: u64) -> String {
    let size = (10 - n) * 20_000; // las primeras tareas son las más largas
    let count: u64 = (0..size).map(black_box).sum(); // `black_box`: que el bucle se haga
    format!("Tarea {n} completada con resultado {count}")
}

fn main() -> Result<(), Box<dyn Error>> {
    let threads = thread::available_parallelism()?.get(); // cuenta afinidad y cgroups
    println!("Creando pool con {threads} hilos");
    let pool = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?,
    );

    println!("\nUsando map:");
    let results: Vec<String> =
        pool.install(|| (0..10).into_par_iter().map(cpu_bound_task).collect());
    results.iter().for_each(|r| println!("{r}")); // en el orden de la entrada

    println!("\nUsando apply_async:");
    let pending: Vec<mpsc::Receiver<String>> = (0..10)
        .map(|n| {
            let (tx, rx) = mpsc::channel();
            pool.spawn(move || {
                let _ = tx.send(cpu_bound_task(n)); // nadie espera: no importa
            });
            rx
        })
        .collect();
    for rx in pending {
        println!("{}", rx.recv_timeout(Duration::from_secs(5))?); // el `.get()`
    }

    println!("\nUsando map_async:");
    let background = Arc::clone(&pool);
    let handle = thread::spawn(move || {
        background.install(|| (0..10).into_par_iter().map(cpu_bound_task).collect())
    });
    let mut polls = 0;
    while !handle.is_finished() {
        polls += 1; // aquí iría el trabajo que se hace mientras tanto
        thread::sleep(Duration::from_millis(1));
    }
    println!("Esperando resultados... ({polls} consultas)");
    let results: Vec<String> = handle.join().unwrap();
    results.iter().for_each(|r| println!("{r}"));
    Ok(())
}
// ANCHOR_END: listado
