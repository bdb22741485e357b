//! Un cliente de línea de órdenes para probar el servidor: cada lectura tiene un
//! plazo, y cada respuesta inesperada es un error que dice qué llegó.
//!
//! Lo usan la demostración del binario, los tests y el generador de carga.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use futures::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio_util::codec::{FramedRead, LinesCodec};

/// Lo más que se espera una línea, salvo que se pida otro plazo: holgado, para una
/// máquina cargada; solo se agota si algo va mal.
pub const TIMEOUT: Duration = Duration::from_secs(5);

pub struct Client {
    input: FramedRead<OwnedReadHalf, LinesCodec>,
    output: OwnedWriteHalf,
    timeout: Duration,
}

impl Client {
    pub async fn connect(addr: SocketAddr) -> io::Result<Client> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Client::from_stream(stream))
    }

    pub fn from_stream(stream: TcpStream) -> Client {
        let (read, write) = stream.into_split();
        Client {
            // Lo que escribe el servidor cabe de sobra: un mensaje y su cabecera.
            input: FramedRead::new(read, LinesCodec::new_with_max_length(4096)),
            output: write,
            timeout: TIMEOUT,
        }
    }

    /// Conecta, elige `nick`, entra en `room` y espera su propio `JOINED`.
    pub async fn join(
        addr: SocketAddr,
        nick: &str,
        room: &str,
    ) -> io::Result<Client> {
        let mut client = Client::connect(addr).await?;
        client.send(&format!("/nick {nick}")).await?;
        client.expect("OK nick").await?;
        client.send(&format!("/join {room}")).await?;
        client.expect("OK join").await?;
        client.expect(&format!("JOINED {room} {nick}")).await?;
        Ok(client)
    }

    /// Envía una línea (se le añade el `\n`).
    pub async fn send(&mut self, line: &str) -> io::Result<()> {
        self.send_raw(format!("{line}\n").as_bytes()).await
    }

    /// Envía bytes tal cual: para probar lo que no es una línea válida.
    pub async fn send_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.output.write_all(bytes).await
    }

    /// La próxima línea, o un error si no llega en el plazo o se cerró la conexión.
    pub async fn line(&mut self) -> io::Result<String> {
        match tokio::time::timeout(self.timeout, self.input.next()).await {
            Err(_) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("ninguna línea en {:?}", self.timeout),
            )),
            Ok(None) => Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(Some(line)) => line.map_err(io::Error::other),
        }
    }

    /// La próxima línea debe ser `want`.
    pub async fn expect(&mut self, want: &str) -> io::Result<()> {
        let got = self.line().await?;
        match got == want {
            true => Ok(()),
            false => Err(io::Error::other(format!(
                "se esperaba «{want}», llegó «{got}»"
            ))),
        }
    }

    /// La próxima línea debe empezar por `prefix`; la devuelve.
    pub async fn expect_prefix(&mut self, prefix: &str) -> io::Result<String> {
        let got = self.line().await?;
        match got.starts_with(prefix) {
            true => Ok(got),
            false => Err(io::Error::other(format!(
                "se esperaba «{prefix}…», llegó «{got}»"
            ))),
        }
    }

    /// No llega nada durante `wait`.
    pub async fn expect_silence(&mut self, wait: Duration) -> io::Result<()> {
        match tokio::time::timeout(wait, self.input.next()).await {
            Err(_) => Ok(()),
            Ok(got) => {
                Err(io::Error::other(format!("se esperaba silencio: {got:?}")))
            }
        }
    }

    /// El servidor cierra la conexión (sin más líneas) dentro del plazo.
    pub async fn expect_closed(&mut self) -> io::Result<()> {
        match tokio::time::timeout(self.timeout, self.input.next()).await {
            Err(_) => Err(io::Error::new(io::ErrorKind::TimedOut, "sigue abierta")),
            Ok(None | Some(Err(_))) => Ok(()),
            Ok(Some(Ok(line))) => Err(io::Error::other(format!(
                "se esperaba el cierre, llegó «{line}»"
            ))),
        }
    }

    /// Las dos mitades, para leer y escribir desde tareas distintas.
    pub fn into_split(
        self,
    ) -> (FramedRead<OwnedReadHalf, LinesCodec>, OwnedWriteHalf) {
        (self.input, self.output)
    }

    /// Cambia el plazo de las lecturas.
    pub fn with_timeout(mut self, timeout: Duration) -> Client {
        self.timeout = timeout;
        self
    }
}
