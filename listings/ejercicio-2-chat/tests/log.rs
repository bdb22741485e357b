//! El log del servidor, leído desde dentro: un subscriber de `tracing` que lo guarda en
//! memoria. Va en su propio binario de test porque el subscriber es global, para
//! todos los hilos: con uno por hilo (`set_default`) y otros tests en paralelo, un
//! evento puede quedar descartado de antemano y no llegar nunca.

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ejercicio_2_chat::{Client, RunningServer, ServerConfig};

/// Lo que se escriba en el log a partir de ahora, en todo el proceso.
fn capture_log() -> Arc<Mutex<Vec<u8>>> {
    let log = Arc::new(Mutex::new(Vec::new()));
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || Capture(writer.clone()))
        .finish();
    tracing::subscriber::set_global_default(subscriber)
        .expect("el único de este test");
    log
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn el_estado_se_escribe_en_el_log_al_arrancar_y_cada_5_s() -> io::Result<()> {
    let log = capture_log();
    let addr = "127.0.0.1:0";
    let server = RunningServer::start(addr, ServerConfig::default()).await?;
    let _ana = Client::join(server.addr, "ana", "general").await?;
    // Con el reloj en pausa, que avanza solo cuando todo espera, once segundos pasan
    // al instante. Solo mientras nadie espera al socket: el apagado, con el de verdad.
    tokio::time::pause();
    tokio::time::sleep(Duration::from_secs(11)).await;
    tokio::time::resume();
    server.stop().await?;
    let log = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    let status: Vec<&str> = log.lines().filter(|l| l.contains(" estado ")).collect();
    // A los 0, 5 y 10 s; el segundo y el tercero, con ana dentro.
    assert_eq!(status.len(), 3, "{log}");
    for line in &status[1..] {
        let fields = "conexiones=1 nicks=1 salas=1 descartadas=0";
        assert!(line.ends_with(fields), "{line}");
    }
    Ok(())
}
