//! Listado 2-3: un hilo entra en pánico con el cerrojo tomado; `std` envenena el `Mutex` y `parking_lot` no.
//!
//! Ejecuta: `cargo run --bin listado-02-03-envenenamiento`
//! En tu proyecto: `cargo add parking_lot`.

extern crate parking_lot; // para mdbook test

// ANCHOR: listado
use std::io;
use std::sync::Mutex;
use std::thread;

/// Ejecuta `f` en un hilo con nombre y espera a que termine.
fn run_named(name: &str, f: impl FnOnce() + Send) -> io::Result<()> {
    thread::scope(|s| {
        let handle = thread::Builder::new()
            .name(name.to_owned())
            .spawn_scoped(s, f)?;
        match handle.join() {
            Ok(()) => println!("Hilo {name}: terminó bien"),
            Err(_) => println!("Hilo {name}: terminó con pánico"), // el pánico llega como Err
        }
        Ok(())
    })
}

fn main() -> io::Result<()> {
    let balance = Mutex::new(100);
    run_named("transferencia-std", || {
        let mut balance = balance.lock().unwrap();
        *balance -= 30; // media transferencia...
        panic!("fallo a mitad de la transferencia"); // ...y la otra mitad nunca llega
    })?;
    let poisoned = balance.lock().unwrap_err(); // el Err también trae el guard
    println!(
        "std: lock() devuelve Err; el saldo quedó en {}",
        poisoned.get_ref()
    );
    drop(poisoned);
    balance.clear_poison(); // quien decide que el dato vuelve a ser válido eres tú
    println!(
        "std: tras clear_poison(), lock() da {}",
        balance.lock().unwrap()
    );

    let balance = parking_lot::Mutex::new(100);
    run_named("transferencia-parking-lot", || {
        let mut balance = balance.lock();
        *balance -= 30;
        panic!("fallo a mitad de la transferencia");
    })?;
    println!("parking_lot: lock() no avisa y da {}", balance.lock());
    Ok(())
}
// ANCHOR_END: listado
