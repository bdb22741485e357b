//! El servidor: acepta conexiones hasta un máximo, lanza una tarea por cada una,
//! escribe en el log cada pocos segundos cuántas hay, y se apaga cuando se cancela su
//! `CancellationToken`, avisando a cada cliente.

use std::io::{self, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{Instrument, field, info, info_span, warn};

use crate::connection;
use crate::hub::Hub;
use crate::protocol::{ErrorCode, MAX_LINE};

/// Los límites del servidor. `Default` da los de producción.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Bytes por línea, sin el fin de línea.
    pub max_line: usize,
    /// Líneas que guarda cada sala para quien lee con retraso.
    pub room_capacity: usize,
    /// Conexiones a la vez; la siguiente recibe `ERR FULL`. Nunca más de las que
    /// permite el límite de descriptores del proceso (`ulimit -n`) menos
    /// [`RESERVED_FDS`]: `run` lo rebaja si hace falta, y lo dice en el log.
    pub max_connections: usize,
    /// Plazo, desde que se conecta, para que un cliente elija nick; si no, recibe
    /// `ERR TIMEOUT` y se cierra. Una conexión que no dice nada no ocupa una plaza
    /// para siempre.
    pub nick_timeout: Duration,
    /// Plazo para que un cliente acepte lo que se le escribe.
    pub write_timeout: Duration,
    /// Cada cuánto se escribe el estado en el log.
    pub stats_every: Duration,
    /// Cuánto espera el apagado a que terminen las conexiones.
    pub shutdown_grace: Duration,
    /// El búfer de envío de cada socket (`SO_SNDBUF`), o `None` para el del sistema,
    /// que crece solo hasta varios MB por conexión. Acotarlo acota la memoria y lo
    /// que se acumula para un cliente que no lee.
    pub send_buffer: Option<usize>,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            max_line: MAX_LINE,
            room_capacity: 1024,
            max_connections: 10_000,
            nick_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(5),
            stats_every: Duration::from_secs(5),
            shutdown_grace: Duration::from_millis(500),
            send_buffer: Some(64 * 1024),
        }
    }
}

/// Descriptores que no son conexiones: la entrada y salidas estándar, el listener, los
/// del runtime, las conexiones rechazadas que se están cerrando (64 a la vez) y un
/// margen.
pub const RESERVED_FDS: u64 = 32 + CLOSING as u64;

impl ServerConfig {
    /// La configuración que usará `run`: `max_connections` rebajado a lo que permiten
    /// los descriptores del proceso, o un error si algún valor no sirve.
    pub fn checked(mut self) -> io::Result<ServerConfig> {
        let invalid = |what: &str| {
            let text = format!("configuración no válida: {what}");
            Err(io::Error::new(io::ErrorKind::InvalidInput, text))
        };
        if self.max_connections == 0 {
            return invalid("max_connections debe ser al menos 1");
        }
        if self.nick_timeout.is_zero() {
            return invalid("nick_timeout debe ser mayor que cero");
        }
        if self.stats_every.is_zero() {
            return invalid("stats_every debe ser mayor que cero");
        }
        if self.max_line == 0 {
            return invalid("max_line debe ser al menos 1");
        }
        if let Some(limit) = descriptor_limit() {
            let cap = connection_cap(limit);
            if cap == 0 {
                return invalid(&format!(
                    "el límite de descriptores ({limit}) no deja sitio a ninguna \
                     conexión; súbelo con ulimit -n"
                ));
            }
            if self.max_connections > cap {
                warn!(
                    pedidas = self.max_connections,
                    max = cap,
                    descriptores = limit,
                    "max_connections rebajado al límite de descriptores (ulimit -n)"
                );
                self.max_connections = cap;
            }
        }
        Ok(self)
    }
}

/// Cuántas conexiones caben con `limit` descriptores.
fn connection_cap(limit: u64) -> usize {
    let cap = limit.saturating_sub(RESERVED_FDS);
    usize::try_from(cap).unwrap_or(usize::MAX)
}

/// El límite blando de descriptores abiertos del proceso, o `None` si no lo hay.
#[cfg(unix)]
fn descriptor_limit() -> Option<u64> {
    rustix::process::getrlimit(rustix::process::Resource::Nofile).current
}

#[cfg(not(unix))]
fn descriptor_limit() -> Option<u64> {
    None
}

// ANCHOR: run
/// Sirve en `listener` hasta que se cancela `shutdown`; entonces avisa a cada cliente,
/// espera a sus tareas como mucho `shutdown_grace` y vuelve.
pub async fn run(
    listener: TcpListener,
    config: ServerConfig,
    shutdown: CancellationToken,
) -> io::Result<()> {
    let config = config.checked()?;
    let hub = Arc::new(Hub::new(config.room_capacity));
    let config = Arc::new(config);
    let permits = Arc::new(Semaphore::new(config.max_connections));
    let closing = Arc::new(Semaphore::new(CLOSING));
    let tracker = TaskTracker::new();
    let mut stats = tokio::time::interval(config.stats_every);
    stats.set_missed_tick_behavior(MissedTickBehavior::Skip);
    info!(addr = %listener.local_addr()?, "escuchando");
    loop {
        let (stream, peer) = tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = stats.tick() => {
                let (nicks, rooms, dropped) = hub.counts();
                let connections = config.max_connections - permits.available_permits();
                info!(conexiones = connections, nicks, salas = rooms,
                      descartadas = dropped, "estado");
                continue;
            }
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Sin descriptores libres (EMFILE), por ejemplo: se reintenta
                    // en un momento, sin girar en vacío.
                    warn!(error = %e, "accept falló");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            reject(stream, &tracker, &closing);
            warn!(%peer, "rechazado: servidor lleno");
            continue;
        };
        if let Err(e) = tune(&stream, &config) {
            warn!(%peer, error = %e, "no se pudo ajustar el socket");
        }
        let span = info_span!("conexion", %peer, nick = field::Empty);
        let task =
            connection::serve(stream, hub.clone(), config.clone(), shutdown.clone());
        tracker.spawn(
            async move {
                task.await;
                drop(permit); // la plaza se libera cuando la tarea termina
            }
            .instrument(span),
        );
    }
    tracker.close();
    let open = tracker.len();
    if tokio::time::timeout(config.shutdown_grace, tracker.wait())
        .await
        .is_err()
    {
        warn!(
            pendientes = tracker.len(),
            "apagado: quedan conexiones sin cerrar"
        );
    }
    info!(conexiones = open, "apagado");
    Ok(())
}
// ANCHOR_END: run

/// Sin el algoritmo de Nagle (cada línea sale en cuanto se escribe, sin esperar a
/// juntar más) y con el búfer de envío de la configuración.
fn tune(stream: &TcpStream, config: &ServerConfig) -> io::Result<()> {
    stream.set_nodelay(true)?;
    if let Some(size) = config.send_buffer {
        socket2::SockRef::from(stream).set_send_buffer_size(size)?;
    }
    Ok(())
}

/// Cuántas conexiones rechazadas pueden estar cerrándose en orden a la vez; con más,
/// las siguientes se cierran sin esperar.
const CLOSING: usize = 64;

/// Cuánto se espera, al rechazar, a que el cliente cierre su lado.
const CLOSING_TIMEOUT: Duration = Duration::from_millis(200);

/// `ERR FULL` y se cierra. La línea se escribe sin esperar: el socket recién aceptado
/// tiene el búfer de envío vacío, así que cabe entera. Después se envía el fin de
/// datos y, en una tarea corta, se lee lo que el cliente ya hubiera mandado hasta que
/// cierre él (o `CLOSING_TIMEOUT`): cerrar con datos sin leer enviaría un reset en
/// lugar del fin de datos, y hay clientes que descartan entonces el `ERR`.
fn reject(stream: TcpStream, tracker: &TaskTracker, closing: &Arc<Semaphore>) {
    let full = ErrorCode::Full.line("demasiadas conexiones, prueba más tarde");
    let Ok(mut stream) = stream.into_std() else {
        return;
    };
    let _ = stream.write_all(format!("{full}\n").as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
    let Ok(permit) = closing.clone().try_acquire_owned() else {
        return;
    };
    let Ok(stream) = TcpStream::from_std(stream) else {
        return;
    };
    tracker.spawn(async move {
        let mut stream = stream;
        let mut sink = [0u8; 1024];
        let drain = async { while let Ok(1..) = stream.read(&mut sink).await {} };
        let _ = tokio::time::timeout(CLOSING_TIMEOUT, drain).await;
        drop(permit);
    });
}

/// Un servidor en marcha en segundo plano: su dirección, cómo apagarlo y su tarea.
pub struct RunningServer {
    pub addr: SocketAddr,
    pub shutdown: CancellationToken,
    pub task: JoinHandle<io::Result<()>>,
}

impl RunningServer {
    /// Escucha en `addr` (`127.0.0.1:0` para un puerto libre) y sirve en otra tarea.
    pub async fn start(
        addr: &str,
        config: ServerConfig,
    ) -> io::Result<RunningServer> {
        // Un error de configuración, aquí y no al apagar.
        let config = config.checked()?;
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(run(listener, config, shutdown.clone()));
        Ok(RunningServer {
            addr,
            shutdown,
            task,
        })
    }

    /// Apaga el servidor y espera a que `run` vuelva.
    pub async fn stop(self) -> io::Result<()> {
        self.shutdown.cancel();
        self.task.await.map_err(io::Error::other)?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn las_conexiones_caben_en_los_descriptores_menos_los_reservados() {
        assert_eq!(connection_cap(1024), 1024 - RESERVED_FDS as usize);
        assert_eq!(connection_cap(RESERVED_FDS), 0);
        assert_eq!(connection_cap(10), 0);
        assert!(connection_cap(u64::MAX) > 1 << 30);
    }

    /// Linux reserva el doble de lo pedido con `SO_SNDBUF`, para sus estructuras, y lo
    /// que devuelve `getsockopt` es ese doble.
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn el_bufer_de_envio_queda_en_el_doble_de_send_buffer() -> io::Result<()> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let client = TcpStream::connect(listener.local_addr()?).await?;
        let (server, _) = listener.accept().await?;
        let config = ServerConfig::default();
        tune(&server, &config)?;
        let size = socket2::SockRef::from(&server).send_buffer_size()?;
        assert_eq!(Some(size), config.send_buffer.map(|asked| 2 * asked));
        drop(client);
        Ok(())
    }
}
