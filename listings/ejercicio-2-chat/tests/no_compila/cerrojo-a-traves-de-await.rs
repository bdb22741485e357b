// El error que evita el diseño: tomar el cerrojo del estado compartido y, con el
// guard vivo, esperar en un `.await`. `tokio::spawn` exige un future `Send`, y el
// guard de `std::sync::Mutex` no lo es.
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

async fn announce(_line: &str) {}

#[tokio::main]
async fn main() {
    let rooms = Arc::new(Mutex::new(BTreeSet::<String>::new()));
    tokio::spawn(async move {
        let mut guard = rooms.lock().unwrap();
        guard.insert("general".to_owned());
        announce("JOINED general ana").await; // el guard sigue vivo aquí
    });
}
