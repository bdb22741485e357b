//! Listado 2-17: cuándo se suelta el guard de un `Mutex`.
//!
//! Ejecuta: `cargo run --bin listado-02-17-cuando-se-suelta`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::sync::{Mutex, TryLockError};

/// Mira si alguien tiene el cerrojo, sin esperar: `try_lock` devuelve
/// `WouldBlock` enseguida si hay un guard vivo, también si es de este mismo hilo.
fn state<T>(m: &Mutex<T>) -> &'static str {
    match m.try_lock() {
        Ok(_) => "libre",
        Err(TryLockError::WouldBlock) => "tomado",
        Err(TryLockError::Poisoned(_)) => "envenenado",
    }
}

fn main() {
    let m = Mutex::new(vec![1, 2, 3]);

    let guard = m.lock().unwrap();
    println!("let guard = m.lock(): {}", state(&m));
    drop(guard);
    println!("tras drop(guard): {}", state(&m));

    let len = m.lock().unwrap().len();
    println!("let len = m.lock()….len(): {} (len = {len})", state(&m));

    {
        let _guard = m.lock().unwrap();
        println!(
            "let _guard = m.lock(): {} hasta el final del bloque",
            state(&m)
        );
    }

    match m.lock().unwrap().pop() {
        Some(x) => {
            println!("match m.lock()….pop(), en el brazo ({x}): {}", state(&m))
        }
        None => println!("match m.lock()….pop(), en el brazo None: {}", state(&m)),
    }

    if let Some(x) = m.lock().unwrap().pop() {
        println!("if let m.lock()….pop(), en el cuerpo ({x}): {}", state(&m));
    }

    let next = m.lock().unwrap().pop();
    if let Some(x) = next {
        println!("let next = …; if let, en el cuerpo ({x}): {}", state(&m));
    }

    // La cola ya está vacía: esta vez se entra en el `else`.
    if let Some(x) = m.lock().unwrap().pop() {
        println!("if let m.lock()….pop(), en el cuerpo ({x}): {}", state(&m));
    } else {
        println!("if let m.lock()….pop(), en el else: {}", state(&m));
    }
    println!("al final: {}", state(&m));
}
// ANCHOR_END: listado
