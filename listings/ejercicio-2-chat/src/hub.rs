//! El estado compartido: los nicks en uso y las salas, cada una con su canal
//! `broadcast` y sus miembros.
//!
//! Todo está detrás de un solo `std::sync::Mutex`, y solo lo tocan métodos síncronos
//! (`fn`, no `async fn`): el guard no puede vivir a través de un `.await` porque en
//! estos métodos no hay ninguno. Si alguien lo intentara en una tarea, el compilador lo
//! rechazaría: el guard no es `Send` y `tokio::spawn` exige un future `Send` (lo
//! comprueba `tests/no_compila.rs`).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::broadcast;

use crate::protocol::Name;

/// Una línea ya formateada que reciben todos los de una sala. `Arc<str>`: se formatea
/// una vez y cada suscriptor se lleva un puntero, no una copia.
pub type Event = Arc<str>;

// ANCHOR: hub
/// Los nicks y las salas de un servidor.
pub struct Hub {
    inner: Mutex<Inner>,
    room_capacity: usize,
    dropped: AtomicU64,
}

struct Inner {
    nicks: HashSet<Name>,
    rooms: BTreeMap<Name, Room>,
}

struct Room {
    sender: broadcast::Sender<Event>,
    members: BTreeSet<Name>,
}

/// Estar en una sala: su nombre, el emisor para hablar y el receptor para escuchar.
pub struct Membership {
    pub room: Name,
    pub sender: broadcast::Sender<Event>,
    pub receiver: broadcast::Receiver<Event>,
}

// ANCHOR_END: hub

impl Hub {
    /// `room_capacity`: cuántas líneas guarda cada sala para quien lee con retraso.
    pub fn new(room_capacity: usize) -> Hub {
        Hub {
            inner: Mutex::new(Inner {
                nicks: HashSet::new(),
                rooms: BTreeMap::new(),
            }),
            room_capacity: room_capacity.max(1),
            dropped: AtomicU64::new(0),
        }
    }

    // ANCHOR: join
    /// El guard vive lo que dura la llamada que lo pide, nunca más: ningún método
    /// que lo usa es `async`.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Ninguna sección crítica puede entrar en pánico a medias: el estado es
        // coherente aunque otro hilo haya caído con el cerrojo tomado.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reserva `nick` si nadie lo usa.
    pub fn claim_nick(&self, nick: &Name) -> bool {
        self.lock().nicks.insert(nick.clone())
    }

    /// Entra en `room` (la crea si no existe) y avisa a la sala con `JOINED`. El
    /// receptor se crea antes del aviso: quien entra lo recibe también, y marca el
    /// punto desde el que recibe.
    pub fn join(&self, nick: &Name, room: &Name) -> Membership {
        let mut inner = self.lock();
        let entry = inner.rooms.entry(room.clone()).or_insert_with(|| Room {
            sender: broadcast::channel(self.room_capacity).0,
            members: BTreeSet::new(),
        });
        entry.members.insert(nick.clone());
        let receiver = entry.sender.subscribe();
        let _ = entry.sender.send(format!("JOINED {room} {nick}").into());
        Membership {
            room: room.clone(),
            sender: entry.sender.clone(),
            receiver,
        }
    }

    // ANCHOR_END: join

    /// Sale de `room`, avisa a los que quedan con `LEFT` y borra la sala si se vacía.
    pub fn leave(&self, nick: &Name, room: &Name) {
        Self::leave_locked(&mut self.lock(), nick, room);
    }

    fn leave_locked(inner: &mut Inner, nick: &Name, room: &Name) {
        let Some(entry) = inner.rooms.get_mut(room) else {
            return;
        };
        entry.members.remove(nick);
        if entry.members.is_empty() {
            inner.rooms.remove(room);
        } else {
            // Un error aquí es que nadie escucha ya: no hay a quién avisar.
            let _ = entry.sender.send(format!("LEFT {room} {nick}").into());
        }
    }

    /// Lo que deshace una desconexión, con un solo cerrojo: sale de la sala y libera
    /// el nick.
    pub fn release(&self, nick: &Name, room: Option<&Name>) {
        let mut inner = self.lock();
        if let Some(room) = room {
            Self::leave_locked(&mut inner, nick, room);
        }
        inner.nicks.remove(nick);
    }

    /// Las salas, en orden, con cuántos miembros tiene cada una.
    pub fn rooms(&self) -> Vec<(Name, usize)> {
        let inner = self.lock();
        let rooms = inner.rooms.iter();
        rooms
            .map(|(name, r)| (name.clone(), r.members.len()))
            .collect()
    }

    /// Los miembros de `room`, en orden.
    pub fn who(&self, room: &Name) -> Vec<Name> {
        let inner = self.lock();
        let members = inner.rooms.get(room).map(|r| r.members.iter());
        members.into_iter().flatten().cloned().collect()
    }

    /// Cuenta `n` líneas que un cliente lento se perdió.
    pub fn record_dropped(&self, n: u64) {
        self.dropped.fetch_add(n, Ordering::Relaxed);
    }

    /// (nicks en uso, salas, líneas perdidas por clientes lentos desde el arranque).
    pub fn counts(&self) -> (usize, usize, u64) {
        let inner = self.lock();
        let dropped = self.dropped.load(Ordering::Relaxed);
        (inner.nicks.len(), inner.rooms.len(), dropped)
    }
}

/// Un `Hub` compartido entre las tareas de las conexiones.
pub type SharedHub = Arc<Hub>;
