//! Listado 5-4: el callback del original, en hilos: captura un `Rc<RefCell<…>>` y no puede ir a otro hilo. Este listado no compila a propósito.

use std::cell::RefCell;
use std::rc::Rc;
use std::thread;

fn cpu_bound_task(n: u64) -> u64 {
    (0..n).sum()
}

fn main() {
    // Donde dejará el resultado el callback: el `future` del original.
    let future: Rc<RefCell<Option<u64>>> = Rc::new(RefCell::new(None));
    let done_callback = {
        let future = Rc::clone(&future);
        move |result| *future.borrow_mut() = Some(result)
    };
    let worker = thread::spawn(move || done_callback(cpu_bound_task(10_000_000)));
    worker.join().unwrap();
    println!("Resultado: {:?}", future.borrow());
}
