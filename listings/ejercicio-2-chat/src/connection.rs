//! La tarea de una conexión: lee órdenes del socket, escribe lo que llega de la sala y
//! atiende el apagado, las tres cosas a la vez con `tokio::select!`.
//!
//! La política con los clientes lentos es explícita: la sala guarda las últimas
//! `room_capacity` líneas; a quien se retrasa más se le saltan las más viejas y se le
//! dice `ERR LAGGED <n>`. Nadie espera por él, porque `broadcast::Sender::send` no
//! espera nunca. Y si un cliente no acepta una escritura en `write_timeout`, se le
//! desconecta.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::broadcast::{self, error::RecvError, error::TryRecvError};
use tokio_util::codec::{FramedRead, FramedWrite, LinesCodec, LinesCodecError};
use tokio_util::sync::CancellationToken;
use tracing::{Span, debug, field, info};

use crate::hub::{Event, Hub};
use crate::protocol::{Command, ErrorCode};
use crate::server::ServerConfig;
use crate::session::Session;

/// Cuántas líneas de la sala, como mucho, van en una sola escritura al socket.
const BATCH: usize = 64;

/// Cuánto se espera, al apagar, a que el cliente acepte el aviso.
const GOODBYE_TIMEOUT: Duration = Duration::from_millis(200);

type Output = FramedWrite<OwnedWriteHalf, LinesCodec>;

/// Por qué terminó una conexión (va al log).
#[derive(Debug)]
#[expect(dead_code, reason = "los errores solo se leen en el log, con Debug")]
enum End {
    Quit,
    ClientClosed,
    TooLong,
    BadUtf8,
    ReadFailed(io::Error),
    WriteFailed(io::Error),
    WriteTimeout,
    NickTimeout,
    Shutdown,
}

// ANCHOR: serve
/// Atiende a un cliente hasta que se va, falla o el servidor se apaga.
pub async fn serve(
    stream: TcpStream,
    hub: Arc<Hub>,
    config: Arc<ServerConfig>,
    shutdown: CancellationToken,
) {
    let (reader, writer) = stream.into_split();
    // El códec cuenta el `\r` de un fin de línea `\r\n` (y luego lo quita): admite uno
    // más, y `read` mide la línea ya sin él.
    let codec = LinesCodec::new_with_max_length(config.max_line + 1);
    let mut input = FramedRead::new(reader, codec);
    let mut output = FramedWrite::new(writer, LinesCodec::new());
    // Suelta el nick y la sala al salir de esta función, por el camino que sea.
    let mut session = Session::new(hub);
    info!("conectado");
    // Sin nick a tiempo, fuera: también quien envía líneas sin elegirlo, o media línea.
    let nick_deadline = tokio::time::sleep(config.nick_timeout);
    tokio::pin!(nick_deadline);
    let end = loop {
        let lines = tokio::select! {
            // El apagado primero: con la sala muy activa, no espera su turno.
            biased;
            _ = shutdown.cancelled() => break End::Shutdown,
            _ = &mut nick_deadline, if session.nick().is_none() => {
                let text = format!(
                    "elige un nick con /nick en {} s",
                    config.nick_timeout.as_secs_f64()
                );
                let timeout = lines(vec![ErrorCode::Timeout.line(text)]);
                let _ = write(&mut output, timeout, &config).await;
                break End::NickTimeout;
            }
            line = input.next() => match read(line, config.max_line) {
                Input::Command(command) => {
                    let had_nick = session.nick().is_some();
                    let reply = session.handle(command);
                    if let (false, Some(nick)) = (had_nick, session.nick()) {
                        Span::current().record("nick", field::display(nick));
                    }
                    if reply.quit {
                        let _ = write(&mut output, lines(reply.lines), &config).await;
                        break End::Quit;
                    }
                    lines(reply.lines)
                }
                // Una orden mal escrita se responde y la conexión sigue.
                Input::Invalid(error) => lines(vec![error]),
                Input::End(end, last) => {
                    let last = lines(last.into_iter().collect());
                    let _ = write(&mut output, last, &config).await;
                    break end;
                }
            },
            first = recv(session.receiver()) => from_room(first, &mut session),
        };
        // La escritura también cede ante el apagado: un cliente que no lee no lo
        // retrasa.
        tokio::select! {
            _ = shutdown.cancelled() => break End::Shutdown,
            written = write(&mut output, lines, &config) => {
                if let Err(end) = written {
                    break end;
                }
            }
        }
    };
    if let End::Shutdown = end {
        let bye = ErrorCode::Shutdown.line("el servidor se apaga");
        let _ = tokio::time::timeout(GOODBYE_TIMEOUT, output.send(bye)).await;
    }
    info!(motivo = ?end, "desconectado");
    // Fuera de la sala y sin nick desde ya, antes de la despedida del socket.
    drop(session);
    let _ = tokio::time::timeout(GOODBYE_TIMEOUT, close(input, output)).await;
}
// ANCHOR_END: serve

/// Cierra en orden: envía el fin de datos y lee lo que el cliente aún mande hasta que
/// cierre él. Cerrar con datos sin leer en el búfer haría que el sistema enviara un
/// RST en lugar del fin de datos, y algunos clientes descartan entonces lo que aún no
/// habían leído, como el `ERR` que explica el cierre.
async fn close(input: FramedRead<OwnedReadHalf, LinesCodec>, output: Output) {
    let mut write = output.into_inner();
    let _ = write.shutdown().await;
    let mut read = input.into_inner();
    let mut sink = [0u8; 4096];
    while let Ok(1..) = read.read(&mut sink).await {}
}

fn lines(lines: Vec<String>) -> Vec<Event> {
    lines.into_iter().map(Event::from).collect()
}

/// Lo que trae una lectura del socket.
enum Input {
    Command(Command),
    /// Una línea que no es una orden válida, y qué responder.
    Invalid(String),
    /// La conexión termina, y lo último que se le dice al cliente, si algo.
    End(End, Option<String>),
}

fn read(line: Option<Result<String, LinesCodecError>>, max_line: usize) -> Input {
    match line {
        None => Input::End(End::ClientClosed, None),
        Some(Ok(line)) if line.len() > max_line => too_long(max_line),
        Some(Ok(line)) => {
            debug!(%line, "recibido");
            match Command::parse(&line) {
                Ok(command) => Input::Command(command),
                Err(error) => Input::Invalid(error.line()),
            }
        }
        Some(Err(LinesCodecError::MaxLineLengthExceeded)) => too_long(max_line),
        Some(Err(LinesCodecError::Io(e)))
            if e.kind() == io::ErrorKind::InvalidData =>
        {
            let text = "el texto debe ser UTF-8";
            Input::End(End::BadUtf8, Some(ErrorCode::BadUtf8.line(text)))
        }
        Some(Err(LinesCodecError::Io(e))) => Input::End(End::ReadFailed(e), None),
    }
}

fn too_long(max_line: usize) -> Input {
    let text = format!("una línea tiene como mucho {max_line} bytes");
    Input::End(End::TooLong, Some(ErrorCode::TooLong.line(text)))
}

/// La próxima línea de la sala; si no hay sala, espera para siempre (la rama del
/// `select!` no se elige nunca).
async fn recv(
    receiver: Option<&mut broadcast::Receiver<Event>>,
) -> Result<Event, RecvError> {
    match receiver {
        Some(receiver) => receiver.recv().await,
        None => std::future::pending().await,
    }
}

// ANCHOR: lag
/// Lo que llegó de la sala y lo que ya espera detrás (hasta [`BATCH`] líneas): todo
/// va en una sola escritura. Un retraso se convierte en `ERR LAGGED <n>`.
fn from_room(first: Result<Event, RecvError>, session: &mut Session) -> Vec<Event> {
    let mut batch = Vec::new();
    let mut dropped = 0;
    let mut next = first.map_err(|e| match e {
        RecvError::Lagged(n) => TryRecvError::Lagged(n),
        RecvError::Closed => TryRecvError::Closed,
    });
    loop {
        match next {
            Ok(line) => batch.push(line),
            Err(TryRecvError::Lagged(n)) => {
                dropped += n;
                batch.push(lagged(n));
            }
            // Vacía, o cerrada (no ocurre: la propia sesión guarda un emisor).
            Err(TryRecvError::Empty | TryRecvError::Closed) => break,
        }
        // Se mira el tope antes de sacar otra: una línea sacada ya no vuelve.
        if batch.len() == BATCH {
            break;
        }
        next = match session.receiver() {
            Some(receiver) => receiver.try_recv(),
            None => break,
        };
    }
    if dropped > 0 {
        session.hub().record_dropped(dropped);
    }
    batch
}

fn lagged(n: u64) -> Event {
    let text = format!("{n} mensajes perdidos: lees más despacio de lo que llegan");
    ErrorCode::Lagged.line(text).into()
}
// ANCHOR_END: lag

/// Escribe `lines` en una sola descarga, con un plazo: quien no acepta los datos en
/// `write_timeout` queda desconectado.
async fn write(
    output: &mut Output,
    lines: Vec<Event>,
    config: &ServerConfig,
) -> Result<(), End> {
    if lines.is_empty() {
        return Ok(());
    }
    let all = async {
        for line in lines {
            output.feed(line).await?;
        }
        SinkExt::<Event>::flush(output).await
    };
    match tokio::time::timeout(config.write_timeout, all).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(LinesCodecError::Io(e))) => Err(End::WriteFailed(e)),
        Ok(Err(LinesCodecError::MaxLineLengthExceeded)) => Ok(()),
        Err(_) => Err(End::WriteTimeout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Name;

    /// Una sesión en la sala `r` con `n` mensajes esperando en su receptor, además de
    /// los dos `JOINED`; y las líneas que debe recibir, en orden.
    fn queued(n: usize) -> (Session, Session, Vec<String>) {
        let hub = Arc::new(Hub::new(1024));
        let name = |s| Name::parse(s).unwrap();
        let (mut reader, mut writer) =
            (Session::new(hub.clone()), Session::new(hub));
        for (session, nick) in [(&mut reader, "a"), (&mut writer, "b")] {
            session.handle(Command::Nick(name(nick)));
            session.handle(Command::Join(name("r")));
        }
        let mut expected = vec!["JOINED r a".to_owned(), "JOINED r b".to_owned()];
        for i in 0..n {
            writer.handle(Command::Message(i.to_string()));
            expected.push(format!("MSG r b {i}"));
        }
        (reader, writer, expected)
    }

    #[test]
    fn los_lotes_de_la_sala_no_pasan_de_64_lineas_ni_pierden_ninguna() {
        let (mut reader, _writer, expected) = queued(100);
        let mut batches = Vec::new();
        let mut got = Vec::new();
        // Sin esperas: lo que hay en la cola es todo lo que llegará.
        while let Ok(first) = reader.receiver().unwrap().try_recv() {
            let batch = from_room(Ok(first), &mut reader);
            batches.push(batch.len());
            got.extend(batch.iter().map(|line| line.to_string()));
        }
        assert_eq!(got, expected);
        assert_eq!(batches, [BATCH, expected.len() - BATCH]);
        // Y no queda nada detrás: la línea 65 no se sacó de más en el primer lote.
        let rest = reader.receiver().unwrap().try_recv();
        assert!(matches!(rest, Err(TryRecvError::Empty)), "{rest:?}");
    }
}
