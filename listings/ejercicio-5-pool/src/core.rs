//! El corazón del pool, sin hilos ni relojes: qué hacer al pedir, al devolver y al
//! cerrar. El pool lo guarda detrás de su único cerrojo; el modelo de loom de los
//! tests lo guarda detrás del suyo y recorre todos los intercalados.

use std::collections::VecDeque;

// ANCHOR: core
/// Lo que recibe quien espera: una conexión libre, el permiso de abrir una, o el
/// aviso de que el pool se cerró.
#[derive(Debug)]
pub enum Handoff<C> {
    Conn(C),
    Open,
    Closed,
}

/// Lo que `checkout` decide.
#[derive(Debug)]
pub enum Checkout<C> {
    /// Hay una libre: úsala.
    Idle(C),
    /// Hay sitio: la cuenta ya te incluye, ábrela tú (sin el cerrojo).
    Open,
    /// Todas prestadas: te apunté a la cola con este número.
    Wait(u64),
    Closed,
}

/// Conexiones libres, cuántas hay en total y quién espera, en orden de llegada.
#[derive(Debug)]
pub struct Core<C, W> {
    pub idle: VecDeque<C>,
    /// Prestadas + libres + abriéndose: nunca pasa de `max_size`.
    pub total: usize,
    pub max_size: usize,
    pub waiters: VecDeque<(u64, W)>,
    pub next_ticket: u64,
    pub closed: bool,
}

impl<C, W> Core<C, W> {
    pub fn new(max_size: usize) -> Self {
        Core {
            idle: VecDeque::new(),
            total: 0,
            max_size,
            waiters: VecDeque::new(),
            next_ticket: 0,
            closed: false,
        }
    }

    /// Pedir: una libre, o sitio para abrir otra, o a la cola (`make_waiter`
    /// construye la plaza de la cola solo si hace falta).
    pub fn checkout(&mut self, make_waiter: impl FnOnce() -> W) -> Checkout<C> {
        if self.closed {
            return Checkout::Closed;
        }
        if let Some(conn) = self.idle.pop_front() {
            return Checkout::Idle(conn);
        }
        if self.total < self.max_size {
            self.total += 1;
            return Checkout::Open;
        }
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.waiters.push_back((ticket, make_waiter()));
        Checkout::Wait(ticket)
    }

    /// Devolver una conexión sana: al primero de la cola si lo hay; si no, a las
    /// libres (delante: la más reciente es la primera en volver a salir).
    /// Devuelve a quién hay que entregársela, o la conexión si el pool se cerró.
    pub fn checkin(&mut self, conn: C) -> Result<Option<(W, Handoff<C>)>, C> {
        if self.closed {
            self.total -= 1;
            return Err(conn);
        }
        match self.waiters.pop_front() {
            Some((_, waiter)) => Ok(Some((waiter, Handoff::Conn(conn)))),
            None => {
                self.idle.push_front(conn);
                Ok(None)
            }
        }
    }

    /// Una conexión se tiró (rota, caducada, o no se pudo abrir): su sitio pasa al
    /// primero de la cola, que la abrirá; si no hay cola, queda libre.
    pub fn release(&mut self) -> Option<(W, Handoff<C>)> {
        match self.waiters.pop_front() {
            Some((_, waiter)) if !self.closed => Some((waiter, Handoff::Open)),
            _ => {
                self.total -= 1;
                None
            }
        }
    }

    /// Quien esperaba se va (timeout o future soltado): si seguía en la cola, sale
    /// y no se le debe nada; si no, ya le entregaron algo y tiene que recogerlo.
    pub fn leave(&mut self, ticket: u64) -> bool {
        match self.waiters.iter().position(|(t, _)| *t == ticket) {
            Some(i) => {
                self.waiters.remove(i);
                true
            }
            None => false,
        }
    }

    /// Cerrar: las libres se cierran, y cada uno de la cola recibe `Closed`.
    pub fn close(&mut self) -> (Vec<C>, Vec<W>) {
        self.closed = true;
        let idle: Vec<C> = self.idle.drain(..).collect();
        self.total -= idle.len();
        let waiters = self.waiters.drain(..).map(|(_, w)| w).collect();
        (idle, waiters)
    }
}
// ANCHOR_END: core

// ANCHOR: reaper
impl<C, W> Core<C, W> {
    /// Saca de las libres las que `expired` dice que han caducado; dejan sitio.
    pub fn reap(&mut self, mut expired: impl FnMut(&C) -> bool) -> Vec<C> {
        let mut gone = Vec::new();
        let mut kept = VecDeque::with_capacity(self.idle.len());
        for conn in self.idle.drain(..) {
            if expired(&conn) {
                gone.push(conn);
            } else {
                kept.push_back(conn);
            }
        }
        self.idle = kept;
        self.total -= gone.len();
        gone
    }

    /// Cuántas abrir para tener `min_idle` libres sin pasar de `max_size`; la
    /// cuenta ya las incluye (cada una vuelve con `checkin` o con `release`).
    pub fn reserve_idle(&mut self, min_idle: usize) -> usize {
        if self.closed {
            return 0;
        }
        let wanted = min_idle.saturating_sub(self.idle.len());
        let room = self.max_size - self.total;
        let n = wanted.min(room);
        self.total += n;
        n
    }
}
// ANCHOR_END: reaper

// ANCHOR: slot
/// La plaza de quien espera: sin nada aún, con lo que le entregaron, o abandonada
/// (se fue por timeout o porque soltaron su future).
#[derive(Debug)]
pub enum Slot<C> {
    Waiting,
    Delivered(Handoff<C>),
    Abandoned,
}

impl<C> Slot<C> {
    /// Entregar: si quien esperaba ya se fue, lo entregado vuelve a quien entrega,
    /// que se lo pasa al siguiente (nada se pierde entre los dos).
    pub fn deliver(&mut self, handoff: Handoff<C>) -> Result<(), Handoff<C>> {
        match self {
            Slot::Waiting => {
                *self = Slot::Delivered(handoff);
                Ok(())
            }
            _ => Err(handoff),
        }
    }

    /// Recoger lo entregado, si ya llegó.
    pub fn take(&mut self) -> Option<Handoff<C>> {
        match std::mem::replace(self, Slot::Waiting) {
            Slot::Delivered(handoff) => Some(handoff),
            other => {
                *self = other;
                None
            }
        }
    }

    /// Irse: a partir de aquí nadie puede entregar; si algo llegó antes, se
    /// devuelve para pasárselo a otro.
    pub fn abandon(&mut self) -> Option<Handoff<C>> {
        match std::mem::replace(self, Slot::Abandoned) {
            Slot::Delivered(handoff) => Some(handoff),
            _ => None,
        }
    }
}
// ANCHOR_END: slot
