//! Listado 7-13: el núcleo de una cola con `Mutex` y `Condvar`, comprobado con loom en todos sus entrelazados; y un modelo que loom da por bueno aunque el modelo de memoria de C11 permita el fallo.
//!
//! Ejecuta: `cargo run --bin listado-07-13-loom-cola`
//! En tu proyecto: `cargo add loom`

extern crate loom; // para mdbook test

// ANCHOR: listado
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::{Arc, Condvar, Mutex};
use loom::thread;
use std::collections::VecDeque;

/// La cola del listado 2-7 en pequeño: los elementos y si ya no llegarán más.
#[derive(Default)]
pub struct Queue {
    state: Mutex<(VecDeque<u32>, bool)>,
    changed: Condvar,
}

impl Queue {
    pub fn push(&self, item: u32) {
        self.state.lock().unwrap().0.push_back(item);
        self.changed.notify_one();
    }

    pub fn close(&self) {
        self.state.lock().unwrap().1 = true;
        self.changed.notify_all();
    }

    /// El siguiente elemento, o `None` cuando la cola está vacía y cerrada.
    pub fn pop(&self) -> Option<u32> {
        let mut state = self.state.lock().unwrap();
        loop {
            if let Some(item) = state.0.pop_front() {
                return Some(item);
            }
            if state.1 {
                return None;
            }
            state = self.changed.wait(state).unwrap();
        }
    }
}

/// Un productor mete 1 y 2 y cierra; el consumidor recibe los dos, en orden, y
/// termina. loom falla si alguna ejecución pierde un elemento o se queda esperando.
pub fn queue_model() {
    loom::model(|| {
        let queue = Arc::new(Queue::default());
        let producer = thread::spawn({
            let queue = Arc::clone(&queue);
            move || {
                queue.push(1);
                queue.push(2);
                queue.close();
            }
        });
        let received: Vec<u32> = std::iter::from_fn(|| queue.pop()).collect();
        assert_eq!(received, [1, 2]);
        producer.join().unwrap();
    });
}

/// El «load buffering» de la documentación de loom: C11 permite r1 = r2 = 42 con
/// `Relaxed`, pero loom no reordena dentro de un hilo y nunca lo encuentra.
pub fn load_buffering_model() {
    loom::model(|| {
        let (x, y) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let first = thread::spawn({
            let (x, y) = (Arc::clone(&x), Arc::clone(&y));
            move || {
                let r1 = y.load(Ordering::Relaxed);
                x.store(r1, Ordering::Relaxed);
                r1
            }
        });
        let r2 = x.load(Ordering::Relaxed);
        y.store(42, Ordering::Relaxed);
        let r1 = first.join().unwrap();
        assert!(!(r1 == 42 && r2 == 42), "r1 = r2 = 42");
    });
}

fn main() {
    queue_model();
    println!("cola: ninguna ejecución pierde un elemento ni se queda esperando");
    load_buffering_model();
    println!(
        "load buffering: loom no encuentra r1 = r2 = 42, aunque C11 lo permite"
    );
}
// ANCHOR_END: listado
