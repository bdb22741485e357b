//! El generador de carga: conecta N clientes a una sala, los hace hablar y mide los
//! mensajes entregados por segundo y la latencia de entrega (desde que el emisor
//! escribe la línea hasta que cada receptor la lee).
//!
//! Cada mensaje lleva el instante en que se envió, en microsegundos desde el
//! arranque de la medición; los clientes y el servidor comparten el reloj porque
//! corren en el mismo proceso.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::sync::{Barrier, Semaphore};
use tokio::task::JoinSet;
use tokio::time::MissedTickBehavior;

use crate::client::Client;
use crate::server::{RunningServer, ServerConfig};

/// Un escenario de carga.
#[derive(Debug, Clone)]
pub struct LoadConfig {
    pub clients: usize,
    pub messages_per_client: usize,
    /// `Some(d)`: cada cliente envía un mensaje cada `d`. `None`: tan deprisa como
    /// deje la ventana.
    pub pace: Option<Duration>,
    /// Mensajes en vuelo en la sala: enviados y aún no entregados a todos. Un bucle
    /// cerrado: mide lo que el servidor reparte a clientes que dan abasto, sin
    /// llenar la sala más de lo que guarda (`room_capacity`).
    pub window: usize,
    /// Cuánto espera un receptor la siguiente línea antes de dar por perdidas las que
    /// faltan.
    pub patience: Duration,
}

/// Lo medido en un escenario.
#[derive(Debug, Clone)]
pub struct LoadReport {
    pub config: LoadConfig,
    /// Mensajes enviados: todos, salvo que la medición se cortara por una pérdida.
    pub sent: u64,
    /// Entregas esperadas: cada mensaje, a cada cliente de la sala (también a quien
    /// lo envía).
    pub expected: u64,
    pub delivered: u64,
    /// Líneas que el servidor dijo haber saltado (`ERR LAGGED n`).
    pub lagged: u64,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl LoadReport {
    pub fn per_second(&self) -> f64 {
        self.delivered as f64 / self.elapsed.as_secs_f64()
    }
}

/// Lo que mide un receptor.
struct Received {
    delivered: u64,
    lagged: u64,
    latencies: Vec<u32>,
}

// ANCHOR: measure
/// Mide `config` contra el servidor de `addr`, en la sala `room`.
pub async fn measure(
    addr: SocketAddr,
    room: &str,
    config: LoadConfig,
) -> io::Result<LoadReport> {
    let n = config.clients;
    let expected = (n * config.messages_per_client) as u64;
    let mut clients = Vec::with_capacity(n);
    for id in 0..n {
        clients.push(Client::join(addr, &format!("c{id}"), room).await?);
    }
    let start_line = Arc::new(Barrier::new(n + 1));
    let mut tasks = JoinSet::new();
    let start = Arc::new(std::sync::OnceLock::<Instant>::new());
    let window = Arc::new(Semaphore::new(config.window));
    let sent = Arc::new(AtomicU64::new(0));
    // Cuántos clientes han recibido ya cada mensaje (id * mensajes + seq).
    let reached: Arc<Vec<AtomicUsize>> =
        Arc::new((0..expected).map(|_| AtomicUsize::new(0)).collect());
    for (id, client) in clients.into_iter().enumerate() {
        let (mut input, mut output) = client.into_split();
        let (config, start, start_line) =
            (config.clone(), start.clone(), start_line.clone());
        let (window, reached, sent) =
            (window.clone(), reached.clone(), sent.clone());
        tasks.spawn(async move {
            start_line.wait().await;
            let t0 = *start.get().expect("se fija antes de soltar la barrera");
            let writer = async {
                let mut tick = config.pace.map(|pace| {
                    // Escalonados: no todos envían en el mismo instante.
                    let offset = pace.mul_f64(id as f64 / config.clients as f64);
                    let mut tick =
                        tokio::time::interval_at((t0 + offset).into(), pace);
                    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
                    tick
                });
                for seq in 0..config.messages_per_client {
                    if let Some(tick) = &mut tick {
                        tick.tick().await;
                    }
                    // Cerrada: algún receptor dejó de esperar, y lo que quede sin
                    // enviar cuenta como perdido.
                    let Ok(permit) = window.acquire().await else {
                        break;
                    };
                    permit.forget();
                    let micros = t0.elapsed().as_micros();
                    output
                        .write_all(format!("{id} {seq} {micros}\n").as_bytes())
                        .await?;
                    sent.fetch_add(1, Ordering::Relaxed);
                }
                io::Result::Ok(())
            };
            let reader = async {
                let mut got = Received {
                    delivered: 0,
                    lagged: 0,
                    latencies: Vec::with_capacity(expected as usize),
                };
                while got.delivered + got.lagged < expected {
                    let next = tokio::time::timeout(config.patience, input.next());
                    let Ok(Some(Ok(line))) = next.await else {
                        break;
                    };
                    let now = t0.elapsed().as_micros();
                    match parse_message(&line) {
                        Some((sender, seq, sent)) => {
                            got.delivered += 1;
                            got.latencies.push(now.saturating_sub(sent) as u32);
                            let index = sender * config.messages_per_client + seq;
                            let count = reached.get(index).map(|count| {
                                count.fetch_add(1, Ordering::Relaxed) + 1
                            });
                            // El último en recibirlo deja sitio para otro.
                            if count == Some(config.clients) {
                                window.add_permits(1);
                            }
                        }
                        None => got.lagged += parse_lagged(&line),
                    }
                }
                // Un mensaje que no llegó a todos no devuelve su sitio en la ventana:
                // sin cerrarla, los emisores esperarían para siempre.
                window.close();
                got
            };
            let (written, got) = tokio::join!(writer, reader);
            written.map(|()| got)
        });
    }
    let _ = start.set(Instant::now());
    start_line.wait().await;
    let t0 = *start.get().expect("recién fijado");
    let mut all = Received {
        delivered: 0,
        lagged: 0,
        latencies: Vec::new(),
    };
    while let Some(done) = tasks.join_next().await {
        let got = done.map_err(io::Error::other)??;
        all.delivered += got.delivered;
        all.lagged += got.lagged;
        all.latencies.extend(got.latencies);
    }
    let elapsed = t0.elapsed();
    all.latencies.sort_unstable();
    let at = |q: f64| percentile(&all.latencies, q);
    Ok(LoadReport {
        sent: sent.load(Ordering::Relaxed),
        expected: expected * n as u64,
        delivered: all.delivered,
        lagged: all.lagged,
        elapsed,
        p50: at(0.50),
        p99: at(0.99),
        max: at(1.0),
        config,
    })
}
// ANCHOR_END: measure

/// `MSG <sala> <nick> <id> <seq> <micros>` → (id del emisor, seq, instante de envío).
fn parse_message(line: &str) -> Option<(usize, usize, u128)> {
    let mut words = line.strip_prefix("MSG ")?.split(' ').skip(2);
    let sender = words.next()?.parse().ok()?;
    let seq = words.next()?.parse().ok()?;
    let sent = words.next()?.parse().ok()?;
    Some((sender, seq, sent))
}

/// `ERR LAGGED <n> …` → n; cualquier otra línea (un `JOINED` tardío) → 0.
fn parse_lagged(line: &str) -> u64 {
    let n = line
        .strip_prefix("ERR LAGGED ")
        .and_then(|r| r.split(' ').next());
    n.and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// El percentil `q` (0–1) de unas latencias ordenadas, en microsegundos.
fn percentile(sorted: &[u32], q: f64) -> Duration {
    let Some(last) = sorted.len().checked_sub(1) else {
        return Duration::ZERO;
    };
    let index = ((last as f64) * q).round() as usize;
    Duration::from_micros(u64::from(sorted[index]))
}

/// Los dos escenarios del libro: 20 clientes a ritmo constante (latencia) y 100 a
/// toda velocidad (entregas por segundo). `quick`, con pocos mensajes, para
/// comprobar que el generador funciona sin medir nada.
pub fn scenarios(quick: bool) -> [LoadConfig; 2] {
    let scale = if quick { 20 } else { 1 };
    [
        LoadConfig {
            clients: 20,
            messages_per_client: 200 / scale,
            pace: Some(Duration::from_millis(10)),
            window: 256,
            patience: Duration::from_secs(5),
        },
        LoadConfig {
            clients: 100,
            messages_per_client: 200 / scale,
            pace: None,
            window: 256,
            patience: Duration::from_secs(5),
        },
    ]
}

/// Arranca un servidor con la configuración de serie, mide cada escenario en una
/// sala propia y escribe la tabla.
pub async fn run_and_print_with(
    configs: &[LoadConfig],
) -> io::Result<Vec<LoadReport>> {
    let server =
        RunningServer::start("127.0.0.1:0", ServerConfig::default()).await?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "Servidor y clientes en el mismo proceso, en 127.0.0.1; núcleos: {cores}"
    );
    println!(
        "{:<22} {:>8} {:>9} {:>10} {:>8} {:>11} {:>9} {:>9} {:>9}",
        "escenario",
        "clientes",
        "enviados",
        "entregados",
        "perdidos",
        "entregas/s",
        "p50",
        "p99",
        "máx"
    );
    let mut reports = Vec::new();
    for (i, config) in configs.iter().enumerate() {
        let report =
            measure(server.addr, &format!("sala{i}"), config.clone()).await?;
        let scenario = match config.pace {
            Some(pace) => format!("1 mensaje cada {} ms", pace.as_millis()),
            None => format!("ventana de {}", config.window),
        };
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
        println!(
            "{:<22} {:>8} {:>9} {:>10} {:>8} {:>11.0} {:>9} {:>9} {:>9}",
            scenario,
            config.clients,
            report.sent,
            report.delivered,
            report.expected - report.delivered,
            report.per_second(),
            ms(report.p50),
            ms(report.p99),
            ms(report.max),
        );
        reports.push(report);
    }
    server.stop().await?;
    Ok(reports)
}

/// La medición del libro: `cargo run --release --bin ejercicio-2-chat -- --carga`.
pub async fn run_and_print() -> io::Result<()> {
    run_and_print_with(&scenarios(false)).await.map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::SinkExt;
    use tokio::net::TcpListener;
    use tokio_util::codec::{Framed, LinesCodec};

    /// Un servidor de una sola conexión que responde como el de verdad, pero se come
    /// el primer mensaje.
    async fn lossy_server(listener: TcpListener) -> io::Result<()> {
        let (stream, _) = listener.accept().await?;
        let mut lines = Framed::new(stream, LinesCodec::new());
        let mut first = true;
        while let Some(Ok(line)) = lines.next().await {
            let replies = match line.as_str() {
                "/nick c0" => vec!["OK nick".to_owned()],
                "/join r" => vec!["OK join".to_owned(), "JOINED r c0".to_owned()],
                _ if first => {
                    first = false;
                    vec![]
                }
                text => vec![format!("MSG r c0 {text}")],
            };
            for reply in replies {
                lines.send(reply).await.map_err(io::Error::other)?;
            }
        }
        Ok(())
    }

    #[tokio::test]
    async fn un_mensaje_que_no_llega_se_cuenta_como_perdido_sin_colgar_la_medicion()
    -> io::Result<()> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let server = tokio::spawn(lossy_server(listener));
        // Ventana de 1: el mensaje perdido no devuelve su sitio, y el emisor espera.
        let config = LoadConfig {
            clients: 1,
            messages_per_client: 3,
            pace: None,
            window: 1,
            patience: Duration::from_millis(200),
        };
        let run = measure(addr, "r", config);
        let report = tokio::time::timeout(Duration::from_secs(2), run)
            .await
            .map_err(|_| io::Error::other("la medición se colgó"))??;
        assert_eq!(report.sent, 1);
        assert_eq!(report.expected, 3);
        assert_eq!(report.delivered, 0);
        assert_eq!(report.lagged, 0);
        server.abort();
        Ok(())
    }
}
