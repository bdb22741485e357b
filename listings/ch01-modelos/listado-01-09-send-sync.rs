//! Listado 1-9: el compilador comprueba qué tipos son `Send` y `Sync`.
//!
//! Ejecuta: `cargo run --bin listado-01-09-send-sync`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::cell::Cell;
use std::sync::{Arc, Mutex, MutexGuard};

/// `assert_send::<T>()` solo compila si `T` es `Send`.
fn assert_send<T: Send>() {}

/// `assert_sync::<T>()` solo compila si `T` es `Sync`.
fn assert_sync<T: Sync>() {}

fn main() {
    assert_send::<Cell<i32>>(); // `assert_sync::<Cell<i32>>()` no compilaría
    println!("Cell<i32>: Send");

    type Shared = Mutex<Cell<i32>>;
    assert_send::<Shared>();
    assert_sync::<Shared>(); // `Mutex<T>` es `Sync` con que `T` sea `Send`
    println!("Mutex<Cell<i32>>: Send y Sync");

    // `&T` es `Send` porque `T` es `Sync`; con `&Cell<i32>` no compilaría.
    assert_send::<&Shared>();
    println!("&Mutex<Cell<i32>>: Send");

    assert_send::<Arc<Shared>>();
    assert_sync::<Arc<Shared>>();
    println!("Arc<Mutex<Cell<i32>>>: Send y Sync");

    assert_sync::<MutexGuard<'_, i32>>(); // `assert_send` no compilaría
    println!("MutexGuard<'_, i32>: Sync");
}
// ANCHOR_END: listado
