//! Listado 7-11: un recurso async cuya limpieza es un `async fn close(self)`, porque `Drop` no puede esperar.
//!
//! Ejecuta: `cargo run --bin listado-07-11-cerrar-async`
//! En tu proyecto: `cargo add tokio --features full` y `cargo add futures`

extern crate futures; // para mdbook test
extern crate tokio; // para mdbook test

// ANCHOR: listado
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::sleep;

pub struct AsyncResource {
    name: String,
    lock: tokio::sync::Mutex<()>,
    pub log: Mutex<Vec<String>>,
}

pub struct AsyncGuard<'a> {
    resource: &'a AsyncResource,
    _lock: tokio::sync::MutexGuard<'a, ()>,
    closed: bool,
}

impl AsyncResource {
    pub fn new(name: &str) -> Self {
        let (lock, log) = (tokio::sync::Mutex::new(()), Mutex::new(Vec::new()));
        AsyncResource {
            name: name.to_owned(),
            lock,
            log,
        }
    }

    pub async fn acquire(&self) -> AsyncGuard<'_> {
        let lock = self.lock.lock().await;
        self.record(format!("{} adquirido", self.name));
        AsyncGuard {
            resource: self,
            _lock: lock,
            closed: false,
        }
    }

    fn record(&self, event: String) {
        self.log.lock().unwrap().push(event);
    }
}

impl AsyncGuard<'_> {
    /// La limpieza que necesita esperar (avisar al servidor, vaciar un buffer).
    pub async fn close(mut self) {
        sleep(Duration::from_millis(10)).await;
        self.resource
            .record(format!("{} liberado", self.resource.name));
        self.closed = true;
    } // aquí se suelta el cerrojo
}

impl Drop for AsyncGuard<'_> {
    fn drop(&mut self) {
        if !self.closed {
            // Sin `.await` posible: solo queda dejar constancia.
            self.resource
                .record(format!("{} soltado sin close()", self.resource.name));
        }
    }
}

pub async fn worker(resource: &AsyncResource, worker_id: u32) -> Result<(), String> {
    let guard = resource.acquire().await;
    resource.record(format!("Worker asíncrono {worker_id} usando el recurso"));
    sleep(Duration::from_millis(100)).await; // simular trabajo
    let result = match worker_id % 3 {
        0 => Err(format!("Error en worker asíncrono {worker_id}")),
        _ => Ok(()),
    };
    guard.close().await; // antes del `?`: con un error, `?` saltaría el close
    result
}

pub async fn use_async_resource(
    resource: &AsyncResource,
) -> Vec<Result<(), String>> {
    futures::future::join_all((0..5).map(|id| worker(resource, id))).await
}

#[tokio::main]
async fn main() {
    let resource = AsyncResource::new("api");
    let start = tokio::time::Instant::now();
    let results = use_async_resource(&resource).await;
    for event in resource.log.lock().unwrap().iter() {
        println!("{event}");
    }
    for result in results.iter().filter_map(|r| r.as_ref().err()) {
        println!("Error capturado fuera del recurso: {result}");
    }
    println!("Tiempo total: {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: listado
