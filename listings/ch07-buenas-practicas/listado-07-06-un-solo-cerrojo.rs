//! Listado 7-6: dos datos que siempre cambian juntos, bajo un solo `Mutex`.
//!
//! Ejecuta: `cargo run --bin listado-07-06-un-solo-cerrojo`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::collections::HashMap;
use std::sync::Mutex;
use std::thread;

/// Lo que en el original eran dos recursos con su `lock_a` y su `lock_b`.
#[derive(Default)]
pub struct State {
    pub entries: HashMap<u32, String>,
    pub writes: u64,
}

/// Un cerrojo para los dos: no hay un orden que respetar porque no hay dos.
#[derive(Default)]
pub struct Store {
    state: Mutex<State>,
}

impl Store {
    pub fn method_a(&self, key: u32) {
        let mut state = self.state.lock().unwrap();
        state.entries.insert(key, format!("a{key}"));
        state.writes += 1;
    }

    pub fn method_b(&self, key: u32) {
        let mut state = self.state.lock().unwrap();
        state.writes += 1; // el orden en que se tocan los datos ya no importa
        state.entries.insert(key, format!("b{key}"));
    }

    pub fn snapshot(&self) -> (usize, u64) {
        let state = self.state.lock().unwrap();
        (state.entries.len(), state.writes)
    }
}

fn main() {
    let store = Store::default();
    thread::scope(|s| {
        s.spawn(|| (0..1000).for_each(|k| store.method_a(k)));
        s.spawn(|| (1000..2000).for_each(|k| store.method_b(k)));
    });
    let (entries, writes) = store.snapshot();
    println!("entradas: {entries}, escrituras: {writes}");
}
// ANCHOR_END: listado
