//! El servidor por TCP real en 127.0.0.1, con cada lectura acotada por un plazo
//! (`Client::line` falla si no llega nada en 5 s, `client::TIMEOUT`).

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ejercicio_2_chat::client::TIMEOUT;
use ejercicio_2_chat::{Client, RunningServer, ServerConfig};
use futures::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpSocket;
use tokio::task::JoinSet;

type Result = io::Result<()>;

const SILENCE: Duration = Duration::from_millis(150);

async fn server(config: ServerConfig) -> RunningServer {
    RunningServer::start("127.0.0.1:0", config).await.unwrap()
}

/// Un cliente con un búfer de recepción mínimo: si no lee, el servidor se queda
/// enseguida sin sitio donde escribirle.
async fn tiny_buffer_client(addr: SocketAddr, nick: &str) -> io::Result<Client> {
    let socket = TcpSocket::new_v4()?;
    socket.set_recv_buffer_size(4096)?;
    let mut client = Client::from_stream(socket.connect(addr).await?);
    client.send(&format!("/nick {nick}")).await?;
    client.expect("OK nick").await?;
    client.send("/join general").await?;
    client.expect("OK join").await?;
    client.expect(&format!("JOINED general {nick}")).await?;
    Ok(client)
}

/// ana y luis en `general`, eva en `rust`.
async fn two_rooms() -> io::Result<(RunningServer, [Client; 3])> {
    let server = server(ServerConfig::default()).await;
    let mut ana = Client::join(server.addr, "ana", "general").await?;
    let luis = Client::join(server.addr, "luis", "general").await?;
    let eva = Client::join(server.addr, "eva", "rust").await?;
    ana.expect("JOINED general luis").await?;
    Ok((server, [ana, luis, eva]))
}

#[tokio::test]
async fn un_mensaje_llega_a_toda_su_sala_y_a_ninguna_otra() -> Result {
    let (server, [mut ana, mut luis, mut eva]) = two_rooms().await?;
    ana.send("hola a todos").await?;
    // Quien envía recibe su propio mensaje: es su confirmación, en su orden.
    ana.expect("MSG general ana hola a todos").await?;
    luis.expect("MSG general ana hola a todos").await?;
    eva.expect_silence(SILENCE).await?;
    eva.send("¿hay alguien?").await?;
    eva.expect("MSG rust eva ¿hay alguien?").await?;
    ana.expect_silence(SILENCE).await?;
    luis.expect_silence(SILENCE).await?;
    server.stop().await
}

#[tokio::test]
async fn cambiar_de_sala_deja_la_anterior() -> Result {
    let (server, [mut ana, mut luis, mut eva]) = two_rooms().await?;
    luis.send("/join rust").await?;
    luis.expect("OK join").await?;
    luis.expect("JOINED rust luis").await?;
    ana.expect("LEFT general luis").await?;
    eva.expect("JOINED rust luis").await?;
    luis.send("ya estoy aquí").await?;
    luis.expect("MSG rust luis ya estoy aquí").await?;
    eva.expect("MSG rust luis ya estoy aquí").await?;
    ana.expect_silence(SILENCE).await?;
    luis.send("/who").await?;
    luis.expect("OK who eva luis").await?;
    luis.send("/leave").await?;
    luis.expect("OK leave").await?;
    eva.expect("LEFT rust luis").await?;
    luis.send("sin sala").await?;
    luis.expect_prefix("ERR NO_ROOM ").await?;
    ana.send("/rooms").await?;
    ana.expect("OK rooms general:1 rust:1").await?;
    server.stop().await
}

#[tokio::test]
async fn el_nick_es_unico_y_una_desconexion_brusca_lo_libera() -> Result {
    let server = server(ServerConfig::default()).await;
    let mut luis = Client::join(server.addr, "luis", "general").await?;
    let ana = Client::join(server.addr, "ana", "general").await?;
    luis.expect("JOINED general ana").await?;
    let mut other = Client::connect(server.addr).await?;
    other.send("/nick ana").await?;
    other.expect("ERR NICK_TAKEN ana ya está en uso").await?;
    // Sin /quit: el socket se cierra sin más.
    drop(ana);
    luis.expect("LEFT general ana").await?;
    // La sala y el nick se liberan en la misma sección crítica que envía LEFT.
    other.send("/nick ana").await?;
    other.expect("OK nick").await?;
    luis.send("/who").await?;
    luis.expect("OK who luis").await?;
    drop(luis);
    other.send("/rooms").await?;
    let deadline = Instant::now() + Duration::from_secs(2);
    // La desconexión de luis se atiende en otra tarea: se espera a que la sala,
    // ya vacía, desaparezca.
    loop {
        match other.line().await?.as_str() {
            "OK rooms" => break,
            _ if Instant::now() > deadline => panic!("la sala vacía sigue"),
            _ => other.send("/rooms").await?,
        }
    }
    server.stop().await
}

#[tokio::test]
async fn cada_orden_incorrecta_recibe_su_codigo_y_la_conexion_sigue() -> Result {
    let server = server(ServerConfig::default()).await;
    let mut c = Client::connect(server.addr).await?;
    for (line, code) in [
        ("hola", "ERR NO_NICK "),
        ("/join general", "ERR NO_NICK "),
        ("/who", "ERR NO_NICK "),
        ("/leave", "ERR NO_NICK "),
        ("/nick", "ERR BAD_NAME "),
        ("/nick ana luis", "ERR BAD_NAME "),
        ("/nick ñandú", "ERR BAD_NAME "),
        (&format!("/nick {}", "x".repeat(33)), "ERR BAD_NAME "),
        ("/bailar", "ERR BAD_COMMAND "),
        ("/quit ya", "ERR BAD_COMMAND "),
        ("/nick ana", "OK nick"),
        ("/nick otra", "ERR NICK_SET "),
        ("hola", "ERR NO_ROOM "),
        ("/who", "ERR NO_ROOM "),
        ("/leave", "ERR NO_ROOM "),
        ("/join sala.mala", "ERR BAD_NAME "),
        ("/rooms", "OK rooms"),
    ] {
        c.send(line).await?;
        let got = c.expect_prefix(code).await?;
        assert!(code.ends_with(' ') || got == code, "{line}: {got}");
    }
    // Un `\r` antes del fin de línea (`nc -C`) no es parte de la orden.
    c.send_raw(b"/who\r\n").await?;
    c.expect_prefix("ERR NO_ROOM ").await?;
    // Una línea vacía no es nada y no se responde.
    c.send("").await?;
    c.expect_silence(SILENCE).await?;
    c.send("/quit").await?;
    c.expect("OK quit").await?;
    c.expect_closed().await?;
    server.stop().await
}

#[tokio::test]
async fn una_linea_de_1024_bytes_vale_y_una_de_1025_cierra_la_conexion() -> Result {
    let server = server(ServerConfig::default()).await;
    let mut ana = Client::join(server.addr, "ana", "general").await?;
    let longest = "x".repeat(1024);
    ana.send(&longest).await?;
    ana.expect(&format!("MSG general ana {longest}")).await?;
    // El `\r` de `nc -C` no cuenta: 1024 bytes y `\r\n` también valen.
    ana.send_raw(format!("{longest}\r\n").as_bytes()).await?;
    ana.expect(&format!("MSG general ana {longest}")).await?;
    let expected = "ERR TOO_LONG una línea tiene como mucho 1024 bytes";
    // Un byte más no vale, termine en `\n` o en `\r\n`.
    for end in ["\n", "\r\n"] {
        let mut eva = Client::join(server.addr, "eva", "general").await?;
        eva.send_raw(format!("{}{end}", "y".repeat(1025)).as_bytes())
            .await?;
        eva.expect(expected).await?;
        eva.expect_closed().await?;
        // Fuera de la sala antes de la siguiente vuelta, que vuelve a usar el nick.
        ana.expect("JOINED general eva").await?;
        ana.expect("LEFT general eva").await?;
    }
    // Detrás de la línea larga, 1 MB más que el servidor ya no atiende: aun así,
    // el ERR llega y después el fin de datos.
    let (mut input, mut output) = ana.into_split();
    let junk = tokio::spawn(async move {
        let mut bytes = format!("{}\n", "y".repeat(1025)).into_bytes();
        bytes.extend(std::iter::repeat_n(b'z', 1 << 20));
        let _ = output.write_all(&bytes).await; // puede fallar: el servidor cierra
        output
    });
    let first = tokio::time::timeout(TIMEOUT, input.next()).await;
    let first = first.map_err(|_| io::Error::other("sin respuesta"))?;
    let first = first.ok_or_else(|| io::Error::other("cerrada sin ERR"))?;
    assert_eq!(first.map_err(io::Error::other)?, expected);
    // Tras el ERR, el fin de datos de un cierre ordenado, no un reset.
    let rest = tokio::time::timeout(TIMEOUT, input.next()).await?;
    assert!(rest.is_none(), "tras el ERR, el fin de datos: {rest:?}");
    drop(junk.await);
    server.stop().await
}

#[tokio::test]
async fn bytes_que_no_son_utf8_reciben_un_error_y_cierran_la_conexion() -> Result {
    let server = server(ServerConfig::default()).await;
    let mut watcher = Client::join(server.addr, "eva", "general").await?;
    let mut ana = Client::join(server.addr, "ana", "general").await?;
    watcher.expect("JOINED general ana").await?;
    ana.send_raw(b"hola \xff\xfe\n").await?;
    ana.expect("ERR BAD_UTF8 el texto debe ser UTF-8").await?;
    ana.expect_closed().await?;
    watcher.expect("LEFT general ana").await?;
    server.stop().await
}

#[tokio::test]
async fn con_el_servidor_lleno_la_siguiente_conexion_recibe_err_full() -> Result {
    let config = ServerConfig {
        max_connections: 2,
        ..ServerConfig::default()
    };
    let server = server(config).await;
    let mut first = Client::connect(server.addr).await?;
    let mut second = Client::connect(server.addr).await?;
    for c in [&mut first, &mut second] {
        c.send("/rooms").await?;
        c.expect("OK rooms").await?;
    }
    let mut third = Client::connect(server.addr).await?;
    third
        .expect("ERR FULL demasiadas conexiones, prueba más tarde")
        .await?;
    third.expect_closed().await?;
    first.send("/quit").await?;
    first.expect("OK quit").await?;
    first.expect_closed().await?;
    // La plaza se libera al terminar la tarea de la conexión, en otra tarea: se
    // reintenta hasta un plazo.
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let mut again = Client::connect(server.addr).await?;
        again.send("/rooms").await?;
        match again.line().await {
            Ok(line) if line == "OK rooms" => break,
            _ if Instant::now() > deadline => panic!("la plaza no se liberó"),
            _ => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    server.stop().await
}

#[tokio::test]
async fn err_full_llega_aunque_el_cliente_ya_haya_escrito() -> Result {
    let config = ServerConfig {
        max_connections: 1,
        ..ServerConfig::default()
    };
    let server = server(config).await;
    let mut first = Client::connect(server.addr).await?;
    first.send("/rooms").await?;
    first.expect("OK rooms").await?;
    // Conecta y escribe con llamadas bloqueantes: el runtime de este test tiene un
    // solo hilo, así que el servidor no acepta hasta que la línea ya está en su
    // búfer de recepción. Cerrar sin leerla enviaría un reset, y el ERR se perdería.
    let mut eager = std::net::TcpStream::connect(server.addr)?;
    std::io::Write::write_all(&mut eager, b"/nick x\n")?;
    eager.set_nonblocking(true)?;
    let mut eager = Client::from_stream(tokio::net::TcpStream::from_std(eager)?);
    eager
        .expect("ERR FULL demasiadas conexiones, prueba más tarde")
        .await?;
    // Después, el fin de datos de un cierre ordenado, no un reset.
    let (mut input, _output) = eager.into_split();
    let rest = tokio::time::timeout(TIMEOUT, input.next()).await?;
    assert!(rest.is_none(), "tras el ERR, el fin de datos: {rest:?}");
    server.stop().await
}

#[tokio::test]
async fn quien_no_elige_nick_a_tiempo_recibe_err_timeout_y_se_cierra() -> Result {
    let config = ServerConfig {
        nick_timeout: Duration::from_millis(200),
        ..ServerConfig::default()
    };
    let server = server(config).await;
    let started = Instant::now();
    let mut mute = Client::connect(server.addr).await?;
    let mut slow = Client::connect(server.addr).await?;
    let mut ana = Client::connect(server.addr).await?;
    ana.send("/nick ana").await?;
    ana.expect("OK nick").await?;
    // Hablar sin elegir nick no alarga el plazo.
    mute.send("hola").await?;
    mute.expect_prefix("ERR NO_NICK ").await?;
    // Ni media orden que no termina nunca.
    slow.send_raw(b"/ni").await?;
    mute.expect("ERR TIMEOUT elige un nick con /nick en 0.2 s")
        .await?;
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(200), "a los {took:?}");
    mute.expect_closed().await?;
    slow.expect("ERR TIMEOUT elige un nick con /nick en 0.2 s")
        .await?;
    slow.expect_closed().await?;
    // Quien eligió nick a tiempo sigue, aunque después calle.
    ana.expect_silence(Duration::from_millis(300)).await?;
    ana.send("/rooms").await?;
    ana.expect("OK rooms").await?;
    server.stop().await
}

#[tokio::test]
async fn una_configuracion_imposible_es_un_error_y_no_un_panico() {
    for (config, field) in [
        (
            ServerConfig {
                stats_every: Duration::ZERO,
                ..ServerConfig::default()
            },
            "stats_every",
        ),
        (
            ServerConfig {
                nick_timeout: Duration::ZERO,
                ..ServerConfig::default()
            },
            "nick_timeout",
        ),
        (
            ServerConfig {
                max_connections: 0,
                ..ServerConfig::default()
            },
            "max_connections",
        ),
        (
            ServerConfig {
                max_line: 0,
                ..ServerConfig::default()
            },
            "max_line",
        ),
    ] {
        let error = RunningServer::start("127.0.0.1:0", config)
            .await
            .err()
            .unwrap_or_else(|| panic!("{field}: arrancó"));
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput, "{field}");
        assert!(error.to_string().contains(field), "{field}: {error}");
    }
}

/// `client` envía `n` mensajes de unos 900 bytes, más de lo que cabe en los búferes
/// de los sockets y en la sala juntos. Se porta bien: no envía el siguiente hasta
/// leer el eco del anterior, así que va al ritmo al que el servidor reparte.
async fn flood(mut client: Client, n: usize) -> io::Result<Client> {
    let padding = "p".repeat(900);
    for i in 0..n {
        let text = format!("{i} {padding}");
        client.send(&text).await?;
        while !client.line().await?.ends_with(&text) {}
    }
    Ok(client)
}

// ANCHOR: lag
#[tokio::test]
async fn un_cliente_que_no_lee_no_frena_a_los_demas_y_sabe_cuanto_perdio() -> Result
{
    let config = ServerConfig {
        room_capacity: 16,
        write_timeout: Duration::from_secs(30),
        ..ServerConfig::default()
    };
    let server = server(config).await;
    let mut slow = tiny_buffer_client(server.addr, "lento").await?;
    let mut ana = Client::join(server.addr, "ana", "general").await?;
    let mut luis = Client::join(server.addr, "luis", "general").await?;
    ana.expect("JOINED general luis").await?;
    const N: usize = 3000;
    let sender = tokio::spawn(flood(ana, N));
    // luis lee todo, en orden, sin que el lento lo frene.
    for i in 0..N {
        let line = luis.expect_prefix("MSG general ana ").await?;
        assert!(line.starts_with(&format!("MSG general ana {i} ")), "{i}");
    }
    sender.await??;
    // Ahora el lento lee: lo que recibe y lo que se le dijo perdido suman N.
    let (mut received, mut lost, mut lagged_lines) = (0, 0, 0);
    while received + lost < N {
        let line = slow.line().await?;
        if let Some(rest) = line.strip_prefix("ERR LAGGED ") {
            lost += rest.split(' ').next().unwrap().parse::<usize>().unwrap();
            lagged_lines += 1;
        } else if line.starts_with("MSG general ana ") {
            received += 1;
        }
    }
    assert_eq!(received + lost, N);
    assert!(lagged_lines > 0 && lost > 0, "el lento no perdió nada");
    server.stop().await
}
// ANCHOR_END: lag

#[tokio::test]
async fn quien_no_acepta_una_escritura_en_el_plazo_queda_desconectado() -> Result {
    let config = ServerConfig {
        room_capacity: 16,
        write_timeout: Duration::from_millis(200),
        ..ServerConfig::default()
    };
    let server = server(config).await;
    let _slow = tiny_buffer_client(server.addr, "lento").await?;
    let mut ana = Client::join(server.addr, "ana", "general").await?;
    let mut luis = Client::join(server.addr, "luis", "general").await?;
    ana.expect("JOINED general luis").await?;
    let sender = tokio::spawn(flood(ana, 3000));
    // luis ve salir al lento mientras lee el resto.
    loop {
        let line = luis.line().await?;
        if line == "LEFT general lento" {
            break;
        }
        assert!(line.starts_with("MSG general ana "), "{line}");
    }
    let _ana = sender.await??;
    server.stop().await
}

#[tokio::test]
async fn doscientos_clientes_a_la_vez_no_pierden_ningun_mensaje() -> Result {
    let server = server(ServerConfig::default()).await;
    const ROOMS: usize = 4;
    const PER_ROOM: usize = 50;
    const MESSAGES: usize = 5;
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(ROOMS * PER_ROOM));
    let mut tasks = JoinSet::new();
    for id in 0..ROOMS * PER_ROOM {
        let (addr, barrier) = (server.addr, barrier.clone());
        tasks.spawn(async move {
            let room = format!("sala{}", id % ROOMS);
            let mut c = Client::join(addr, &format!("c{id}"), &room).await?;
            barrier.wait().await; // todos dentro antes del primer mensaje
            for seq in 0..MESSAGES {
                c.send(&format!("{id} {seq}")).await?;
            }
            // Cada mensaje de la sala, una vez y en el orden de su emisor.
            let mut next: BTreeMap<usize, usize> = BTreeMap::new();
            let mut got = 0;
            while got < PER_ROOM * MESSAGES {
                let line = c.line().await?;
                let Some(text) = line.strip_prefix(&format!("MSG {room} ")) else {
                    assert!(line.starts_with("JOINED "), "{line}");
                    continue;
                };
                let mut words = text.split(' ').skip(1);
                let sender: usize = words.next().unwrap().parse().unwrap();
                let seq: usize = words.next().unwrap().parse().unwrap();
                assert_eq!(sender % ROOMS, id % ROOMS, "{line}: de otra sala");
                let expected = next.entry(sender).or_default();
                assert_eq!(seq, *expected, "{line}: fuera de orden o repetido");
                *expected += 1;
                got += 1;
            }
            io::Result::Ok(next.len())
        });
    }
    while let Some(done) = tasks.join_next().await {
        assert_eq!(done??, PER_ROOM, "no oyó a todos los de su sala");
    }
    server.stop().await
}

#[tokio::test]
async fn el_apagado_avisa_a_cada_cliente_y_vuelve_en_menos_de_un_segundo() -> Result
{
    // Un plazo de apagado largo: si `stop` vuelve en menos de 1 s es porque todas
    // las tareas terminaron, no porque se dejara de esperarlas.
    let config = ServerConfig {
        room_capacity: 16,
        write_timeout: Duration::from_secs(30),
        shutdown_grace: Duration::from_secs(5),
        ..ServerConfig::default()
    };
    let server = server(config).await;
    // Uno que no lee y tiene la escritura del servidor atascada: no debe retener
    // el apagado.
    let mut stuck = tiny_buffer_client(server.addr, "atascado").await?;
    let ana = Client::join(server.addr, "ana", "general").await?;
    let mut clients = vec![flood(ana, 2000).await?];
    for id in 0..20 {
        let mut c = Client::connect(server.addr).await?;
        c.send(&format!("/nick c{id}")).await?;
        c.expect("OK nick").await?;
        clients.push(c);
    }
    let started = Instant::now();
    server.stop().await?;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(1), "el apagado tardó {took:?}");
    // El atascado lee por fin: lo que quedaba en los búferes y, antes de 1 s desde
    // el apagado, el cierre (fin de datos o reset).
    let left = Duration::from_secs(1).saturating_sub(started.elapsed());
    let drained =
        tokio::time::timeout(left, async { while stuck.line().await.is_ok() {} });
    assert!(
        drained.await.is_ok(),
        "el atascado sigue conectado tras 1 s"
    );
    for mut c in clients {
        loop {
            match c.line().await?.as_str() {
                "ERR SHUTDOWN el servidor se apaga" => break,
                line => assert!(
                    ["MSG ", "JOINED ", "LEFT "]
                        .iter()
                        .any(|kind| line.starts_with(kind))
                ),
            }
        }
        c.expect_closed().await?;
    }
    Ok(())
}
