//! Lo que comparten los tests: un gestor de conexiones en memoria que cuenta cuántas
//! abrió y cuántas siguen vivas, y una configuración sin barrendero.

#![allow(dead_code)] // cada archivo de tests usa una parte

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use ejercicio_5_pool::{ManageConnection, PoolConfig};

/// Una conexión falsa: al soltarla deja de contar como viva.
#[derive(Debug)]
pub struct FakeConn {
    pub id: usize,
    live: Arc<AtomicUsize>,
}

impl Drop for FakeConn {
    fn drop(&mut self) {
        self.live.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Cuántas conexiones abrió el gestor y cuántas siguen vivas (sus contadores se
/// comparten: el test se queda un clon y el pool otro).
#[derive(Clone, Default)]
pub struct Counters {
    pub opened: Arc<AtomicUsize>,
    pub live: Arc<AtomicUsize>,
    pub refuse: Arc<AtomicBool>,
    pub panic_on_connect: Arc<AtomicBool>,
}

impl Counters {
    pub fn opened(&self) -> usize {
        self.opened.load(Ordering::SeqCst)
    }
    pub fn live(&self) -> usize {
        self.live.load(Ordering::SeqCst)
    }
}

pub struct Fake(pub Counters);

impl ManageConnection for Fake {
    type Connection = FakeConn;
    type Error = io::Error;

    fn connect(&self) -> io::Result<FakeConn> {
        if self.0.panic_on_connect.load(Ordering::SeqCst) {
            panic!("un pánico a propósito al conectar");
        }
        if self.0.refuse.load(Ordering::SeqCst) {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionRefused,
                "rechazada",
            ));
        }
        let id = self.0.opened.fetch_add(1, Ordering::SeqCst);
        self.0.live.fetch_add(1, Ordering::SeqCst);
        Ok(FakeConn {
            id,
            live: Arc::clone(&self.0.live),
        })
    }

    fn is_valid(&self, _: &mut FakeConn) -> io::Result<()> {
        Ok(())
    }

    fn has_broken(&self, _: &mut FakeConn) -> bool {
        false
    }
}

/// Sin barrendero, sin comprobar al entregar y con un plazo largo.
pub fn config(max_size: usize) -> PoolConfig {
    PoolConfig {
        max_size,
        min_idle: 0,
        connection_timeout: Duration::from_secs(10),
        test_on_checkout: false,
        idle_timeout: None,
        max_lifetime: None,
        reaper_interval: Duration::from_secs(3600),
    }
}

/// Espera, con un plazo de 5 s, a que `done` sea cierto; devuelve si lo fue.
pub fn eventually(mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !done() {
        if Instant::now() > deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(1));
    }
    true
}
