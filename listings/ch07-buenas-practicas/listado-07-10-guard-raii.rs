//! Listado 7-10: el context manager del original como un guard con `Drop`, que se libera al devolver un error y también durante un pánico.
//!
//! Ejecuta: `cargo run --bin listado-07-10-guard-raii`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

pub struct Resource {
    name: String,
    lock: Mutex<()>,
    /// Lo que pasa, en orden: (worker, evento). `main` lo escribe al final.
    pub log: Mutex<Vec<(u32, String)>>,
}

/// Mientras existe, el recurso está en uso: no hace falta un `in_use`.
pub struct ResourceGuard<'a> {
    resource: &'a Resource,
    worker_id: u32,
    _lock: MutexGuard<'a, ()>,
}

impl Resource {
    pub fn new(name: &str) -> Self {
        let (lock, log) = (Mutex::new(()), Mutex::new(Vec::new()));
        Resource {
            name: name.to_owned(),
            lock,
            log,
        }
    }

    pub fn acquire(&self, worker_id: u32) -> ResourceGuard<'_> {
        // Un `Mutex<()>` no guarda datos que un pánico pueda dejar a medias: si está
        // envenenado, se puede seguir usando.
        let lock = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.record(worker_id, format!("{} adquirido", self.name));
        ResourceGuard {
            resource: self,
            worker_id,
            _lock: lock,
        }
    }

    pub fn record(&self, worker_id: u32, event: String) {
        self.log.lock().unwrap().push((worker_id, event));
    }
}

impl Drop for ResourceGuard<'_> {
    fn drop(&mut self) {
        let how = if thread::panicking() {
            " durante un pánico"
        } else {
            ""
        };
        let event = format!("{} liberado{how}", self.resource.name);
        self.resource.record(self.worker_id, event);
    }
}

pub fn worker(resource: &Resource, worker_id: u32) -> Result<(), String> {
    let _guard = resource.acquire(worker_id);
    resource.record(worker_id, "usando".to_owned());
    thread::sleep(Duration::from_millis(20)); // simular trabajo
    if worker_id == 4 {
        panic!("fallo inesperado en worker {worker_id}");
    }
    if worker_id.is_multiple_of(3) {
        return Err(format!("Error en worker {worker_id}")); // `_guard` se suelta aquí
    }
    Ok(())
}

fn main() {
    let resource = Resource::new("database");
    let outcomes: Vec<String> = thread::scope(|s| {
        let handles: Vec<_> = (0..5)
            .map(|id| {
                s.spawn({
                    let r = &resource;
                    move || worker(r, id)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(Ok(())) => "terminó bien".to_owned(),
                Ok(Err(e)) => format!("error capturado fuera del guard: {e}"),
                Err(_) => "entró en pánico".to_owned(),
            })
            .collect()
    });
    let log = resource.log.lock().unwrap();
    for (id, outcome) in outcomes.iter().enumerate() {
        let events: Vec<&str> = log
            .iter()
            .filter(|(w, _)| *w == id as u32)
            .map(|(_, e)| e.as_str())
            .collect();
        println!("Worker {id}: {} → {outcome}", events.join(" → "));
    }
    println!("¿Envenenado? {}", resource.lock.is_poisoned());
    resource.lock.clear_poison();
    println!("¿Tras clear_poison? {}", resource.lock.is_poisoned());
}
// ANCHOR_END: listado
