//! Listado 2-7: una cola de trabajo hecha a mano con `Mutex` y `Condvar`.
//!
//! Ejecuta: `cargo run --bin listado-02-07-cola-condvar`
//! En tu proyecto: sin dependencias (solo `std`).

// ANCHOR: listado
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::thread;

pub struct WorkQueue<T> {
    state: Mutex<(VecDeque<T>, bool)>, // los elementos y si la cola está cerrada
    changed: Condvar,
}

impl<T> Default for WorkQueue<T> {
    fn default() -> Self {
        let state = Mutex::new((VecDeque::new(), false)); // vacía y abierta
        WorkQueue {
            state,
            changed: Condvar::new(),
        }
    }
}

impl<T> WorkQueue<T> {
    pub fn push(&self, item: T) {
        self.state.lock().unwrap().0.push_back(item);
        self.changed.notify_one(); // basta con despertar a un consumidor
    }

    pub fn close(&self) {
        self.state.lock().unwrap().1 = true;
        self.changed.notify_all(); // todos tienen que enterarse del cierre
    }

    /// El siguiente elemento; `None` solo cuando la cola está vacía y cerrada.
    pub fn pop(&self) -> Option<T> {
        let state = self.state.lock().unwrap();
        // Duerme sin el cerrojo y, al despertar, vuelve a comprobar la condición.
        let waiting =
            |(items, closed): &mut (VecDeque<T>, bool)| items.is_empty() && !*closed;
        let mut state = self.changed.wait_while(state, waiting).unwrap();
        state.0.pop_front()
    }
}

fn main() {
    let queue = WorkQueue::default();
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
