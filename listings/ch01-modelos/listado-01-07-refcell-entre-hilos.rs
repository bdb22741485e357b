//! Listado 1-7: un `Arc<RefCell<i32>>` no puede cruzar a otro hilo. Este listado no compila a propósito.

use std::cell::RefCell;
use std::sync::Arc;
use std::thread;

fn main() {
    let counter = Arc::new(RefCell::new(0));
    let for_thread = Arc::clone(&counter);
    let handle = thread::spawn(move || *for_thread.borrow_mut() += 1);
    handle.join().unwrap();
    println!("Cuenta: {}", counter.borrow());
}
