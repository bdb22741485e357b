//! Listado 1-5: un `Rc` no puede cruzar a otro hilo. Este listado no compila a propósito.

use std::rc::Rc;
use std::thread;

fn main() {
    let results = Rc::new(vec![1, 2, 3]);
    let handle = thread::spawn(move || {
        println!("El hilo ve {} resultados", results.len());
    });
    handle.join().unwrap();
}
