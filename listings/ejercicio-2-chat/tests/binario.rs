//! El binario como lo usa quien lo despliega: sirve en una dirección, escribe su log
//! con `tracing` y se apaga con SIGTERM avisando a los clientes.

use std::io;
use std::net::SocketAddr;
use std::process::Stdio;
use std::time::{Duration, Instant};

use ejercicio_2_chat::Client;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};

const BIN: &str = env!("CARGO_BIN_EXE_ejercicio-2-chat");

/// Lanza el servidor en un puerto libre y lee de su primera línea la dirección.
/// Devuelve también su salida estándar, que debe seguir abierta mientras corre.
async fn start_server() -> io::Result<(Child, SocketAddr, BufReader<ChildStdout>)> {
    let mut command = Command::new(BIN);
    command.args(["--addr", "127.0.0.1:0"]);
    start(command).await
}

/// Lanza `command`, que sirve en un puerto libre, y lee la dirección de su primera línea.
async fn start(
    mut command: Command,
) -> io::Result<(Child, SocketAddr, BufReader<ChildStdout>)> {
    let mut child = command
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let stdout = child.stdout.take().expect("stdout con pipe");
    let mut first = String::new();
    let mut stdout = BufReader::new(stdout);
    let read = stdout.read_line(&mut first);
    tokio::time::timeout(Duration::from_secs(10), read).await??;
    // «Servidor de chat en 127.0.0.1:PUERTO; Ctrl-C para apagarlo»
    let addr = first
        .strip_prefix("Servidor de chat en ")
        .and_then(|rest| rest.split(';').next())
        .and_then(|addr| addr.parse().ok())
        .ok_or_else(|| io::Error::other(format!("primera línea: {first:?}")))?;
    Ok((child, addr, stdout))
}

#[cfg(unix)]
/// Todo lo que escribió el programa por stderr, una vez terminado.
async fn stderr_of(child: &mut Child) -> io::Result<String> {
    let mut log = String::new();
    let mut stderr = child
        .stderr
        .take()
        .expect("stderr no se pidió con Stdio::piped");
    stderr.read_to_string(&mut log).await?;
    Ok(log)
}

#[tokio::test]
async fn sirve_con_log_por_conexion_y_sigterm_lo_apaga_avisando() -> io::Result<()> {
    let (mut child, addr, _stdout) = start_server().await?;
    let mut ana = Client::join(addr, "ana", "general").await?;
    let mut luis = Client::join(addr, "luis", "general").await?;
    ana.expect("JOINED general luis").await?;
    luis.send("hola, ana").await?;
    ana.expect("MSG general luis hola, ana").await?;
    luis.expect("MSG general luis hola, ana").await?;
    let pid = child.id().expect("sigue vivo").to_string();
    let kill = Command::new("kill").args(["-TERM", &pid]).status().await?;
    assert!(kill.success());
    let signalled = Instant::now();
    for c in [&mut ana, &mut luis] {
        // Antes del aviso puede llegar el LEFT de otro que ya se despidió.
        let mut line = c.line().await?;
        while line.starts_with("LEFT general ") {
            line = c.line().await?;
        }
        assert_eq!(line, "ERR SHUTDOWN el servidor se apaga");
        c.expect_closed().await?;
    }
    let status =
        tokio::time::timeout(Duration::from_secs(2), child.wait()).await??;
    assert!(status.success(), "{status}");
    let took = signalled.elapsed();
    let log = stderr_of(&mut child).await?;
    // RUST_LOG elige el nivel: con `debug`, cada línea recibida (de serie, `info`, no).
    assert!(log.contains("recibido line=hola, ana"), "{log}");
    // Un span por conexión, con la dirección del cliente y, en cuanto lo elige, su nick.
    assert!(log.contains("conexion{peer=127.0.0.1:"), "{log}");
    assert!(log.contains("nick=ana}"), "{log}");
    // El estado, al arrancar (la periódica la comprueba `tests/servidor.rs`).
    let status_line = log
        .lines()
        .find(|l| l.contains("estado"))
        .unwrap_or_default();
    for field in ["conexiones=", "salas=", "descartadas="] {
        assert!(status_line.contains(field), "{status_line}");
    }
    assert!(log.contains("apagado"), "{log}");
    assert!(took < Duration::from_secs(2), "tardó {took:?} en salir");
    Ok(())
}

/// Con `ulimit -n 160`, las 10 000 conexiones de serie no caben: el servidor sirve
/// las que caben (160 menos los descriptores reservados) y a la siguiente le responde
/// `ERR FULL`, en lugar de aceptarla y fallar después por falta de descriptores.
#[cfg(unix)]
#[tokio::test]
async fn max_connections_no_pasa_del_limite_de_descriptores() -> io::Result<()> {
    const LIMIT: u64 = 160;
    let mut command = Command::new("sh");
    command.args([
        "-c",
        &format!("ulimit -n {LIMIT} && exec \"$0\" --addr 127.0.0.1:0"),
        BIN,
    ]);
    let (mut child, addr, _stdout) = start(command).await?;
    let cap = LIMIT - ejercicio_2_chat::server::RESERVED_FDS;
    let mut clients = Vec::new();
    for _ in 0..cap {
        let mut c = Client::connect(addr).await?;
        c.send("/rooms").await?;
        c.expect("OK rooms").await?;
        clients.push(c);
    }
    let mut one_more = Client::connect(addr).await?;
    one_more
        .expect("ERR FULL demasiadas conexiones, prueba más tarde")
        .await?;
    one_more.expect_closed().await?;
    child.start_kill()?;
    child.wait().await?;
    let log = stderr_of(&mut child).await?;
    let capped = "max_connections rebajado al límite de descriptores";
    assert!(log.contains(capped), "{log}");
    assert!(log.contains(&format!("max={cap}")), "{log}");
    Ok(())
}

#[tokio::test]
async fn sin_argumentos_muestra_la_demostracion_y_acaba() -> io::Result<()> {
    let run = Command::new(BIN).kill_on_drop(true).output();
    let output = tokio::time::timeout(Duration::from_secs(10), run).await??;
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for line in [
        " ana < ERR NO_NICK elige antes un nick con /nick <nombre>",
        "luis < ERR NICK_TAKEN ana ya está en uso",
        "luis < MSG general ana hola, Luis",
        " ana < ERR SHUTDOWN el servidor se apaga",
        "Servidor apagado",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "falta «{line}» en:\n{text}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn un_argumento_desconocido_es_un_error_de_uso() -> io::Result<()> {
    let output = Command::new(BIN).arg("--puerto").output().await?;
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("uso: ejercicio-2-chat"), "{text}");
    Ok(())
}
