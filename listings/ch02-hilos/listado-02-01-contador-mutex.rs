//! Listado 2-1: diez hilos incrementan un contador protegido por un `Mutex`.
//!
//! Ejecuta: `cargo run --bin listado-02-01-contador-mutex`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::sync::Mutex;
use std::thread;
use std::time::Duration;

const THREADS: u64 = 10;
const INCREMENTS: u64 = 100;

struct Counter {
    value: Mutex<u64>, // el dato vive dentro del cerrojo: no hay otra forma de llegar a él
}

impl Counter {
    fn increment(&self) {
        let mut value = self.value.lock().unwrap();
        let current = *value;
        thread::sleep(Duration::from_micros(100)); // simula trabajo entre leer y escribir
        *value = current + 1;
    } // aquí se suelta el guard, y con él el cerrojo
}

fn main() {
    let counter = Counter {
        value: Mutex::new(0),
    };
    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..INCREMENTS {
                    counter.increment();
                }
            });
        }
    }); // el ámbito espera a los diez hilos: después, nadie más toca `counter`
    let expected = THREADS * INCREMENTS;
    let actual = counter.value.into_inner().unwrap();
    println!("Valor esperado: {expected}, valor actual: {actual}");
}
// ANCHOR_END: listado
