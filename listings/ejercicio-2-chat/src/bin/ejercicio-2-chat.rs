//! Ejercicio 2: un servidor de chat con salas.
//!
//! Ejecuta: `cargo run --bin ejercicio-2-chat -- --addr 127.0.0.1:7878` y habla con él
//! desde otras terminales con `nc 127.0.0.1 7878`; Ctrl-C (o SIGTERM) lo apaga avisando
//! a cada cliente. Sin argumentos, una demostración: un servidor en un puerto libre y
//! dos clientes con guion. Con `--carga`, el generador de carga que mide el servidor
//! (mejor con `--release`). `RUST_LOG` elige el nivel del log (`info` al servir).

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use ejercicio_2_chat::{RunningServer, ServerConfig, demo, load};
use tracing_subscriber::EnvFilter;

enum Mode {
    Demo,
    Serve(String),
    Load,
}

fn parse(args: &[String]) -> Result<Mode, String> {
    match args {
        [] => Ok(Mode::Demo),
        [flag, addr] if flag == "--addr" => Ok(Mode::Serve(addr.clone())),
        [flag] if flag == "--carga" => Ok(Mode::Load),
        _ => Err(format!("argumentos no válidos: {args:?}")),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match parse(&args) {
        Ok(mode) => mode,
        Err(e) => {
            eprintln!("{e}\nuso: ejercicio-2-chat [--addr IP:PUERTO | --carga]");
            return ExitCode::from(2);
        }
    };
    // La demostración y la carga escriben en pantalla; el log, solo si se pide.
    let default = if let Mode::Serve(_) = mode {
        "info"
    } else {
        "warn"
    };
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .init();
    let result = match mode {
        Mode::Demo => demo::run().await,
        Mode::Load => load::run_and_print().await,
        Mode::Serve(addr) => serve(&addr).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Sirve en `addr` hasta Ctrl-C o SIGTERM.
async fn serve(addr: &str) -> io::Result<()> {
    // Las señales se atienden antes de anunciar la dirección: quien la lea y envíe
    // SIGTERM enseguida apaga el servidor, no mata el proceso.
    let stop = stop_signal()?;
    let server = RunningServer::start(addr, ServerConfig::default()).await?;
    println!("Servidor de chat en {}; Ctrl-C para apagarlo", server.addr);
    stop.await;
    server.stop().await
}

/// Registra Ctrl-C (SIGINT) y SIGTERM ya; el future acaba con la primera que llegue.
#[cfg(unix)]
fn stop_signal() -> io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> io::Result<impl Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
