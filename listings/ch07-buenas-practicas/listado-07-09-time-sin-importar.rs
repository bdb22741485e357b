//! Listado 7-9: el worker del original, que usa `time` sin importarlo. Este listado no compila a propósito.

use std::sync::Mutex;
use std::thread;

fn worker(lock: &Mutex<()>, worker_id: u32) -> Result<(), String> {
    let _guard = lock.lock().unwrap();
    println!("Worker {worker_id} usando el recurso");
    thread::sleep(time::Duration::from_millis(500));
    if worker_id % 3 == 0 {
        return Err(format!("Error en worker {worker_id}"));
    }
    Ok(())
}

fn main() {
    let lock = Mutex::new(());
    for worker_id in 0..5 {
        if let Err(e) = worker(&lock, worker_id) {
            println!("Error: {e}");
        }
    }
}
