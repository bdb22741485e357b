//! Listado 3-3: el `Value`, el `Array` y el `Manager().dict()` del original, dentro de un solo proceso: un `AtomicI32`, un `[AtomicI32; 5]` y un `Mutex<HashMap<_, Vec<_>>>`.
//!
//! Ejecuta: `cargo run --bin listado-03-03-estado-en-un-proceso`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicI32, Ordering};
use std::thread;

const WORKERS: usize = 4;

fn worker_value(value: &AtomicI32) {
    for _ in 0..100 {
        value.fetch_add(1, Ordering::Relaxed); // leer, sumar y escribir, indivisible
    }
}

fn worker_array(array: &[AtomicI32; 5]) {
    for _ in 0..100 {
        for cell in array {
            cell.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn worker_dict(map: &Mutex<HashMap<usize, Vec<i32>>>, id: usize) {
    for i in 0..10 {
        // `entry` da un `&mut Vec` dentro del mapa: se modifica la lista que está ahí.
        map.lock().unwrap().entry(id).or_default().push(i);
    }
}

fn main() {
    let value = AtomicI32::new(0);
    let array: [AtomicI32; 5] = Default::default();
    let map = Mutex::new(HashMap::new());
    thread::scope(|s| {
        for id in 0..WORKERS {
            s.spawn(|| worker_value(&value));
            s.spawn(|| worker_array(&array));
            let map = &map;
            s.spawn(move || worker_dict(map, id));
        }
    }); // aquí ya han terminado todos los hilos
    println!("Valor final: {}", value.into_inner());
    println!("Array final: {:?}", array.map(AtomicI32::into_inner));
    let map: BTreeMap<_, _> = map.into_inner().unwrap().into_iter().collect();
    println!("Diccionario final: {map:?}");
}
// ANCHOR_END: listado
