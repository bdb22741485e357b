//! Una base de datos de juguete por TCP, para probar el pool contra conexiones de
//! red de verdad: un servidor clave-valor en `127.0.0.1` (puerto libre) que cuenta
//! las conexiones que tiene abiertas y las puede matar, su cliente y su gestor.
//!
//! El protocolo es de líneas: el servidor saluda con `HOLA`; `PING` → `PONG`,
//! `GET k` → `VALUE v` o `NIL`, `SET k v` → `OK`; cualquier otra cosa → `ERR …`.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::manager::ManageConnection;

#[derive(Default)]
struct Shared {
    data: Mutex<HashMap<String, String>>,
    /// Las conexiones abiertas, para poder matarlas.
    conns: Mutex<HashMap<u64, TcpStream>>,
    next_id: AtomicU64,
    open: AtomicUsize,
    max_open: AtomicUsize,
    accepted: AtomicUsize,
    refusing: AtomicBool,
    stopping: AtomicBool,
    handlers: Mutex<Vec<JoinHandle<()>>>,
}

// ANCHOR: server
/// El servidor: un hilo acepta y cada conexión tiene el suyo. Soltarlo lo para.
pub struct KvServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl KvServer {
    /// Escucha en `127.0.0.1`, en un puerto libre.
    pub fn start() -> io::Result<KvServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        let accept = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("kv-acepta".to_owned())
                .spawn(move || accept_loop(&listener, &shared))?
        };
        Ok(KvServer {
            addr,
            shared,
            accept: Some(accept),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Conexiones abiertas ahora mismo, según el servidor.
    pub fn open_connections(&self) -> usize {
        self.shared.open.load(Ordering::SeqCst)
    }

    /// El máximo de conexiones abiertas a la vez desde que arrancó.
    pub fn max_open_connections(&self) -> usize {
        self.shared.max_open.load(Ordering::SeqCst)
    }

    /// Conexiones aceptadas desde que arrancó (sin contar las rechazadas).
    pub fn accepted(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// Con `true`, cierra cada conexión nueva nada más aceptarla, sin saludar.
    pub fn set_refusing(&self, refusing: bool) {
        self.shared.refusing.store(refusing, Ordering::SeqCst);
    }

    /// Corta todas las conexiones abiertas (como un servidor que se reinicia) y
    /// espera, como mucho 2 s, a que sus hilos terminen. Devuelve cuántas cortó.
    pub fn kill_all_connections(&self) -> usize {
        let killed = {
            let conns = self.shared.conns.lock();
            for stream in conns.values() {
                let _ = stream.shutdown(Shutdown::Both);
            }
            conns.len()
        };
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.open_connections() > 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(1));
        }
        killed
    }
}
// ANCHOR_END: server

impl Drop for KvServer {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Despierta a `accept` con una conexión propia, y corta las demás.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        for stream in self.shared.conns.lock().values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
        // Una que aceptó justo antes de parar ya está en la lista: también se corta.
        for stream in self.shared.conns.lock().values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        let handlers = std::mem::take(&mut *self.shared.handlers.lock());
        for handler in handlers {
            let _ = handler.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        if shared.refusing.load(Ordering::SeqCst) {
            let _ = stream.shutdown(Shutdown::Both);
            continue;
        }
        let Ok(copy) = stream.try_clone() else {
            continue;
        };
        let id = shared.next_id.fetch_add(1, Ordering::SeqCst);
        shared.conns.lock().insert(id, copy);
        shared.accepted.fetch_add(1, Ordering::SeqCst);
        let now_open = shared.open.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_open.fetch_max(now_open, Ordering::SeqCst);
        let worker = {
            let shared = Arc::clone(shared);
            thread::Builder::new()
                .name("kv-conexion".to_owned())
                .spawn(move || {
                    let _ = serve(&shared, stream);
                    shared.conns.lock().remove(&id);
                    shared.open.fetch_sub(1, Ordering::SeqCst);
                })
        };
        match worker {
            Ok(handle) => shared.handlers.lock().push(handle),
            Err(_) => {
                if let Some(stream) = shared.conns.lock().remove(&id) {
                    let _ = stream.shutdown(Shutdown::Both);
                }
                shared.open.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }
}

fn serve(shared: &Shared, stream: TcpStream) -> io::Result<()> {
    let mut writer = stream.try_clone()?;
    writer.write_all(b"HOLA\n")?;
    for line in BufReader::new(stream).lines() {
        let line = line?;
        let reply = match line.split_once(' ') {
            None if line == "PING" => "PONG".to_owned(),
            Some(("GET", key)) => match shared.data.lock().get(key) {
                Some(value) => format!("VALUE {value}"),
                None => "NIL".to_owned(),
            },
            Some(("SET", rest)) => match rest.split_once(' ') {
                Some((key, value)) => {
                    shared.data.lock().insert(key.to_owned(), value.to_owned());
                    "OK".to_owned()
                }
                None => "ERR SET necesita clave y valor".to_owned(),
            },
            _ => format!("ERR orden desconocida: {line}"),
        };
        writer.write_all(format!("{reply}\n").as_bytes())?;
    }
    Ok(())
}

// ANCHOR: client
/// Una conexión de cliente. Tras cualquier error de E/S queda marcada como rota.
pub struct KvConn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    broken: bool,
}

impl fmt::Debug for KvConn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KvConn")
            .field("local", &self.writer.local_addr().ok())
            .field("broken", &self.broken)
            .finish()
    }
}

impl KvConn {
    /// Conecta y espera el saludo; `timeout` vale para conectar y para cada respuesta.
    pub fn connect(addr: SocketAddr, timeout: Duration) -> io::Result<KvConn> {
        let stream = TcpStream::connect_timeout(&addr, timeout)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_write_timeout(Some(timeout))?;
        let mut conn = KvConn {
            reader: BufReader::new(stream.try_clone()?),
            writer: stream,
            broken: false,
        };
        match conn.read_line()?.as_str() {
            "HOLA" => Ok(conn),
            other => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("saludo inesperado: «{other}»"),
            )),
        }
    }

    pub fn ping(&mut self) -> io::Result<()> {
        match self.request("PING")?.as_str() {
            "PONG" => Ok(()),
            other => Err(unexpected(other)),
        }
    }

    pub fn get(&mut self, key: &str) -> io::Result<Option<String>> {
        let reply = self.request(&format!("GET {key}"))?;
        match reply.strip_prefix("VALUE ") {
            Some(value) => Ok(Some(value.to_owned())),
            None if reply == "NIL" => Ok(None),
            None => Err(unexpected(&reply)),
        }
    }

    pub fn set(&mut self, key: &str, value: &str) -> io::Result<()> {
        if key.is_empty() || key.contains([' ', '\n']) || value.contains('\n') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "la clave no puede estar vacía ni tener espacios; ninguna, saltos de línea",
            ));
        }
        match self.request(&format!("SET {key} {value}"))?.as_str() {
            "OK" => Ok(()),
            other => Err(unexpected(other)),
        }
    }

    /// Si un error anterior la dejó inservible.
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    fn request(&mut self, line: &str) -> io::Result<String> {
        let sent = self.writer.write_all(format!("{line}\n").as_bytes());
        let result = sent.and_then(|()| self.read_line());
        if result.is_err() {
            self.broken = true;
        }
        result
    }

    fn read_line(&mut self) -> io::Result<String> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            self.broken = true;
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "el servidor cerró la conexión",
            ));
        }
        Ok(line.trim_end().to_owned())
    }
}
// ANCHOR_END: client

fn unexpected(reply: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("respuesta inesperada: «{reply}»"),
    )
}

// ANCHOR: manager
/// El gestor: abre conexiones a `addr`, las comprueba con `PING` y da por rota la
/// que tuvo un error de E/S.
pub struct KvManager {
    addr: SocketAddr,
    timeout: Duration,
}

impl KvManager {
    pub fn new(addr: SocketAddr) -> Self {
        KvManager {
            addr,
            timeout: Duration::from_secs(5),
        }
    }
}

impl ManageConnection for KvManager {
    type Connection = KvConn;
    type Error = io::Error;

    fn connect(&self) -> io::Result<KvConn> {
        KvConn::connect(self.addr, self.timeout)
    }

    fn is_valid(&self, conn: &mut KvConn) -> io::Result<()> {
        conn.ping()
    }

    fn has_broken(&self, conn: &mut KvConn) -> bool {
        conn.is_broken()
    }
}
// ANCHOR_END: manager
