//! Listado 2-7: una cola de trabajo hecha a mano con `Mutex` y `Condvar`.
//!
//! Ejecuta: `cargo run --bin listado-02-07-cola-condvar`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::thread;

struct State<T> {
    items: VecDeque<T>,
    closed: bool, // true cuando ya no llegarán más elementos
}

pub struct WorkQueue<T> {
    state: Mutex<State<T>>,
    changed: Condvar,
}

impl<T> WorkQueue<T> {
    pub fn new() -> Self {
        let state = State {
            items: VecDeque::new(),
            closed: false,
        }; // vacía y abierta
        WorkQueue {
            state: Mutex::new(state),
            changed: Condvar::new(),
        }
    }

    pub fn push(&self, item: T) {
        self.state.lock().unwrap().items.push_back(item);
        self.changed.notify_one(); // basta con despertar a un consumidor
    }

    pub fn close(&self) {
        self.state.lock().unwrap().closed = true;
        self.changed.notify_all(); // todos tienen que enterarse del cierre
    }

    /// El siguiente elemento; `None` solo cuando la cola está vacía y cerrada.
    pub fn pop(&self) -> Option<T> {
        let state = self.state.lock().unwrap();
        // Duerme sin el cerrojo y, al despertar, vuelve a comprobar la condición.
        let waiting = |state: &mut State<T>| state.items.is_empty() && !state.closed;
        let mut state = self.changed.wait_while(state, waiting).unwrap();
        state.items.pop_front()
    }
}

impl<T> Default for WorkQueue<T> {
    fn default() -> Self {
        Self::new()
    }
}

fn main() {
    let queue = WorkQueue::new();
    let counts: Vec<usize> = thread::scope(|s| {
        let consumers: Vec<_> = (0..3)
            .map(|_| s.spawn(|| std::iter::from_fn(|| queue.pop()).count()))
            .collect();
        for item in 0..40 {
            queue.push(item);
        }
        queue.close(); // sin esta línea, los consumidores esperarían para siempre
        consumers.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (id, count) in counts.iter().enumerate() {
        println!("Consumidor {id}: {count} elementos");
    }
    println!("Total consumido: {}", counts.iter().sum::<usize>());
}
// ANCHOR_END: listado
