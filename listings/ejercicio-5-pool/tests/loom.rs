//! Un modelo de loom del corazón del pool: `Core` y `Slot`, los de la biblioteca,
//! detrás de los cerrojos de loom, con el mismo protocolo que sigue `pool.rs`
//! alrededor de ellos (pedir, esperar o irse, usar, devolver, cerrar). loom ejecuta
//! cada modelo con todos los intercalados posibles de sus hilos (hasta dos
//! desalojos por ejecución) y falla si alguno rompe una aserción o se bloquea.

use ejercicio_5_pool::{Checkout, Core, Handoff, Slot};
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::{Arc, Condvar, Mutex};
use loom::thread;

const MAX: usize = 1;

struct Waiter {
    slot: Mutex<Slot<usize>>,
    ready: Condvar,
}

/// El pool del modelo: conexiones que son números, y dos contadores para las
/// aserciones.
struct Model {
    core: Mutex<Core<usize, Arc<Waiter>>>,
    in_use: AtomicUsize,
    opened: AtomicUsize,
}

impl Model {
    fn new() -> Arc<Model> {
        Arc::new(Model {
            core: Mutex::new(Core::new(MAX)),
            in_use: AtomicUsize::new(0),
            opened: AtomicUsize::new(0),
        })
    }

    /// `Waiter::deliver` de `pool.rs`.
    fn deliver(
        waiter: &Waiter,
        handoff: Handoff<usize>,
    ) -> Result<(), Handoff<usize>> {
        waiter.slot.lock().unwrap().deliver(handoff)?;
        waiter.ready.notify_one();
        Ok(())
    }

    /// `Pool::hand_on`.
    fn hand_on(&self, mut handoff: Handoff<usize>) {
        loop {
            let next = {
                let mut core = self.core.lock().unwrap();
                match handoff {
                    Handoff::Conn(conn) => core.checkin(conn).unwrap_or(None),
                    Handoff::Open => core.release(),
                    Handoff::Closed => None,
                }
            };
            let Some((waiter, next)) = next else { return };
            match Model::deliver(&waiter, next) {
                Ok(()) => return,
                Err(back) => handoff = back,
            }
        }
    }

    /// `Pool::abandon`.
    fn abandon(&self, waiter: &Waiter, ticket: u64) {
        if self.core.lock().unwrap().leave(ticket) {
            return;
        }
        let late = waiter.slot.lock().unwrap().abandon();
        if let Some(handoff) = late {
            self.hand_on(handoff);
        }
    }

    /// Pide una conexión, la usa y la devuelve. Con `give_up`, si tiene que esperar
    /// se va en seguida (un timeout que vence en cualquier punto del intercalado).
    fn user(&self, give_up: bool) {
        let mut mine = None;
        let step = self.core.lock().unwrap().checkout(|| {
            let waiter = Arc::new(Waiter {
                slot: Mutex::new(Slot::Waiting),
                ready: Condvar::new(),
            });
            mine = Some(Arc::clone(&waiter));
            waiter
        });
        let got = match step {
            Checkout::Idle(conn) => Handoff::Conn(conn),
            Checkout::Open => Handoff::Open,
            Checkout::Closed => return,
            Checkout::Wait(ticket) => {
                let waiter = mine.unwrap();
                if give_up {
                    return self.abandon(&waiter, ticket);
                }
                let mut slot = waiter.slot.lock().unwrap();
                loop {
                    if let Some(handoff) = slot.take() {
                        break handoff;
                    }
                    slot = waiter.ready.wait(slot).unwrap();
                }
            }
        };
        let conn = match got {
            Handoff::Conn(conn) => conn,
            Handoff::Open => self.opened.fetch_add(1, Ordering::SeqCst),
            Handoff::Closed => return,
        };
        let now = self.in_use.fetch_add(1, Ordering::SeqCst) + 1;
        assert!(now <= MAX, "{now} prestadas a la vez con max_size {MAX}");
        self.in_use.fetch_sub(1, Ordering::SeqCst);
        self.hand_on(Handoff::Conn(conn));
    }

    /// `Pool::close`.
    fn close(&self) {
        let (_idle, waiters) = self.core.lock().unwrap().close();
        for waiter in waiters {
            let _ = Model::deliver(&waiter, Handoff::Closed);
        }
    }
}

fn model(f: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(2);
    builder.check(f);
}

#[test]
fn loom_dos_que_esperan_y_uno_que_se_va_no_pierden_la_conexion() {
    model(|| {
        let pool = Model::new();
        let threads: Vec<_> = [false, false, true]
            .into_iter()
            .map(|give_up| {
                let pool = Arc::clone(&pool);
                thread::spawn(move || pool.user(give_up))
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        // Si una entrega se hubiera perdido, algún hilo seguiría esperando y loom
        // lo daría por bloqueado antes de llegar aquí.
        let core = pool.core.lock().unwrap();
        assert!(core.waiters.is_empty());
        assert_eq!(core.total, core.idle.len(), "ninguna prestada ni perdida");
        assert!(core.total <= MAX);
        assert_eq!(pool.opened.load(Ordering::SeqCst), core.total);
    });
}

#[test]
fn loom_cerrar_despierta_a_quien_espera_y_cierra_la_devuelta() {
    model(|| {
        let pool = Model::new();
        let users: Vec<_> = (0..2)
            .map(|_| {
                let pool = Arc::clone(&pool);
                thread::spawn(move || pool.user(false))
            })
            .collect();
        pool.close();
        for u in users {
            u.join().unwrap();
        }
        let core = pool.core.lock().unwrap();
        assert!(core.closed && core.waiters.is_empty());
        assert_eq!(
            core.total, 0,
            "tras cerrar no queda ninguna, tampoco la devuelta"
        );
    });
}
