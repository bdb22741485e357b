//! La demostración del binario sin argumentos: un servidor en un puerto libre y dos
//! clientes con guion, que escriben en pantalla lo que envían (`>`) y lo que reciben
//! (`<`). Cada paso espera su respuesta antes del siguiente: la salida es siempre la
//! misma.

use std::io;

use crate::client::Client;
use crate::server::{RunningServer, ServerConfig};

/// Un cliente con nombre que anota cada línea.
struct Actor {
    name: &'static str,
    client: Client,
}

impl Actor {
    async fn say(&mut self, line: &str) -> io::Result<()> {
        println!("{:>4} > {line}", self.name);
        self.client.send(line).await
    }

    /// Lee `n` líneas y las anota.
    async fn hear(&mut self, n: usize) -> io::Result<()> {
        for _ in 0..n {
            let line = self.client.line().await?;
            println!("{:>4} < {line}", self.name);
        }
        Ok(())
    }
}

const ANA: usize = 0;
const LUIS: usize = 1;

/// Un paso: quién escribe qué, y cuántas líneas lee después cada uno.
type Step = (usize, &'static str, &'static [(usize, usize)]);

const SCRIPT: &[Step] = &[
    (ANA, "hola", &[(ANA, 1)]),
    (ANA, "/nick ana", &[(ANA, 1)]),
    (ANA, "/join general", &[(ANA, 2)]),
    (LUIS, "/nick ana", &[(LUIS, 1)]),
    (LUIS, "/nick luis", &[(LUIS, 1)]),
    (LUIS, "/join general", &[(LUIS, 2), (ANA, 1)]),
    (ANA, "hola, Luis", &[(ANA, 1), (LUIS, 1)]),
    (LUIS, "/who", &[(LUIS, 1)]),
    (LUIS, "/join rust", &[(LUIS, 2), (ANA, 1)]),
    (ANA, "/rooms", &[(ANA, 1)]),
];

pub async fn run() -> io::Result<()> {
    let server =
        RunningServer::start("127.0.0.1:0", ServerConfig::default()).await?;
    println!("Servidor de chat en 127.0.0.1 (puerto libre)");
    let mut actors = Vec::new();
    for name in ["ana", "luis"] {
        let client = Client::connect(server.addr).await?;
        actors.push(Actor { name, client });
    }
    for (who, line, hears) in SCRIPT {
        actors[*who].say(line).await?;
        for (listener, n) in *hears {
            actors[*listener].hear(*n).await?;
        }
    }
    println!("Apagado del servidor");
    server.shutdown.cancel();
    for actor in &mut actors {
        actor.hear(1).await?;
    }
    server.task.await.map_err(io::Error::other)??;
    println!("Servidor apagado");
    Ok(())
}
