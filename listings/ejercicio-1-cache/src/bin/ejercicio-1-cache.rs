//! Ejercicio 1: una entrada de la caché caduca cuando se cumple su TTL.
//!
//! Ejecuta: `cargo run --bin ejercicio-1-cache`
//!
//! Usa el reloj manual para que la demostración sea instantánea y siempre igual.

use std::error::Error;
use std::time::Duration;

use ejercicio_1_cache::{Clock, Entry, ManualClock, Ttl};

fn main() -> Result<(), Box<dyn Error>> {
    let clock = ManualClock::new();
    let ttl = Ttl::new(Duration::from_secs(30))?;
    let entry = Entry::new("ana", ttl, clock.now());
    let (value, secs) = (entry.value(), ttl.duration().as_secs());
    println!("Entrada {value:?} guardada con un TTL de {secs} s");
    for step in [10, 19, 1] {
        clock.advance(Duration::from_secs(step));
        let at = clock.elapsed().as_secs();
        match entry.remaining(clock.now()) {
            Some(left) => {
                println!("a los {at} s: viva, le quedan {} s", left.as_secs())
            }
            None => println!("a los {at} s: caducada"),
        }
    }
    match Ttl::new(Duration::ZERO) {
        Ok(_) => unreachable!("un TTL de cero no es válido"),
        Err(e) => println!("Con un TTL de 0 s: {e}"),
    }
    Ok(())
}
