//! Cada petición es un span de `tracing` con su URL, y acaba con un evento que dice
//! qué salió.

mod sitio;

use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use axum::Router;
use ejercicio_3_crawler::crawl;
use sitio::{Site, config, html};
use tracing_subscriber::EnvFilter;

/// Un destino de las trazas que las guarda en memoria.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// El runtime de un solo hilo de `#[tokio::test]`: el suscriptor de `set_default` es
// de este hilo, y todas las tareas corren en él.
#[tokio::test]
async fn cada_peticion_tiene_su_span() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new("ejercicio_3_crawler=debug"))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);

    let site = Site::start(|_| {
        Router::new()
            .route("/", html(&["/a", "/b", "/no-existe"]))
            .route("/a", html(&[]))
            .route("/b", html(&[]))
    })
    .await;
    let report = crawl(&site.url("/"), &config()).await.unwrap();

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let responses: Vec<&str> =
        text.lines().filter(|l| l.contains("respuesta")).collect();
    assert_eq!(responses.len(), report.requested(), "{text}");
    for (path, outcome) in [("/a", "ok"), ("/b", "ok"), ("/no-existe", "estado")] {
        let span = format!("peticion{{url={} depth=1}}", site.url(path));
        let line = responses
            .iter()
            .find(|l| l.contains(&span))
            .unwrap_or_else(|| panic!("falta el span de {path} en:\n{text}"));
        assert!(
            line.contains("rastreo{"),
            "dentro del span del rastreo: {line}"
        );
        assert!(line.contains(&format!("resultado=\"{outcome}\"")), "{line}");
    }
}
