//! El pool: pedir una conexión desde un hilo (`get`) o desde una tarea
//! (`get_async`), devolverla al soltar el guard (`PooledConn`), mirar cómo está
//! (`state`) y cerrarlo (`close`).
//!
//! Las decisiones las toma [`Core`], detrás del único cerrojo del pool; aquí se
//! hace lo que no puede ir bajo el cerrojo: abrir y comprobar conexiones, esperar,
//! despertar a quien espera y cerrar las que se tiran.

use std::fmt;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use crate::config::PoolConfig;
use crate::core::{Checkout, Core, Handoff, Slot};
use crate::error::{BuildError, PoolError};
use crate::manager::ManageConnection;
use crate::reaper::{self, Reaper};

/// Una conexión con sus fechas: cuándo se abrió y desde cuándo está libre.
pub(crate) struct Conn<C> {
    raw: C,
    created: Instant,
    idle_since: Instant,
}

impl<C> Conn<C> {
    fn new(raw: C) -> Self {
        let now = Instant::now();
        Conn {
            raw,
            created: now,
            idle_since: now,
        }
    }
}

// ANCHOR: waiter
/// La plaza de quien espera, compartida con quien le entrega: la espera un hilo
/// con `ready` o una tarea con su `Waker`.
pub(crate) struct Waiter<C> {
    slot: Mutex<(Slot<C>, Option<Waker>)>,
    ready: Condvar,
}

impl<C> Waiter<C> {
    fn new() -> Arc<Self> {
        Arc::new(Waiter {
            slot: Mutex::new((Slot::Waiting, None)),
            ready: Condvar::new(),
        })
    }

    /// Entrega y despierta a quien espera, sea un hilo o una tarea.
    fn deliver(&self, handoff: Handoff<C>) -> Result<(), Handoff<C>> {
        let waker = {
            let mut slot = self.slot.lock();
            slot.0.deliver(handoff)?;
            slot.1.take()
        };
        self.ready.notify_one();
        if let Some(waker) = waker {
            waker.wake();
        }
        Ok(())
    }
}
// ANCHOR_END: waiter

type Entry<M> = Conn<<M as ManageConnection>::Connection>;
type CoreOf<M> = Core<Entry<M>, Arc<Waiter<Entry<M>>>>;

pub(crate) struct Inner<M: ManageConnection> {
    manager: M,
    config: PoolConfig,
    core: Mutex<CoreOf<M>>,
    /// Soltarlo para al barrendero.
    reaper: Mutex<Option<Reaper>>,
}

// ANCHOR: state
/// Una foto del pool. `in_use` cuenta las prestadas y las que se están abriendo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolState {
    pub total: usize,
    pub idle: usize,
    pub in_use: usize,
    pub waiters: usize,
}
// ANCHOR_END: state

/// Un pool de conexiones; sus clones comparten las mismas conexiones.
pub struct Pool<M: ManageConnection>(Arc<Inner<M>>);

impl<M: ManageConnection> Clone for Pool<M> {
    fn clone(&self) -> Self {
        Pool(Arc::clone(&self.0))
    }
}

impl<M: ManageConnection> fmt::Debug for Pool<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("state", &self.state())
            .finish()
    }
}

impl<M: ManageConnection> Pool<M> {
    /// Crea el pool sin abrir nada: las conexiones se abren cuando hacen falta
    /// (o, con `min_idle`, las abre el barrendero en su primera pasada).
    pub fn new(manager: M, config: PoolConfig) -> Result<Self, BuildError> {
        config.validate()?;
        let pool = Pool(Arc::new(Inner {
            manager,
            core: Mutex::new(Core::new(config.max_size)),
            reaper: Mutex::new(None),
            config,
        }));
        if pool.0.config.needs_reaper() {
            let every = pool.0.config.reaper_interval;
            let reaper = reaper::spawn(Arc::downgrade(&pool.0), every, |inner| {
                Pool(inner).reap()
            })
            .map_err(BuildError::Reaper)?;
            *pool.0.reaper.lock() = Some(reaper);
        }
        Ok(pool)
    }

    /// El gestor con el que se creó el pool.
    pub fn manager(&self) -> &M {
        &self.0.manager
    }

    /// La configuración con la que se creó el pool.
    pub fn config(&self) -> &PoolConfig {
        &self.0.config
    }

    pub fn state(&self) -> PoolState {
        let core = self.0.core.lock();
        PoolState {
            total: core.total,
            idle: core.idle.len(),
            in_use: core.total - core.idle.len(),
            waiters: core.waiters.len(),
        }
    }

    pub fn is_closed(&self) -> bool {
        self.0.core.lock().closed
    }

    // ANCHOR: close
    /// Cierra el pool: cierra las libres, despierta a todos los que esperan con
    /// `Closed` y para al barrendero. Las prestadas se cierran al devolverlas.
    pub fn close(&self) {
        let (idle, waiters) = self.0.core.lock().close();
        drop(idle);
        for waiter in waiters {
            // Si ya se fue, no hay a quién avisar: `Closed` no lleva nada dentro.
            let _ = waiter.deliver(Handoff::Closed);
        }
        self.0.reaper.lock().take();
    }
    // ANCHOR_END: close

    // ANCHOR: get
    /// Pide una conexión y espera, como mucho `connection_timeout`, a que haya una.
    /// Bloquea el hilo: desde una tarea de tokio usa [`Pool::get_async`]. El plazo
    /// cubre la espera; abrir o comprobar la conexión tarda lo que tarden `connect` e
    /// `is_valid` del gestor, que deben tener su propio límite.
    pub fn get(&self) -> Result<PooledConn<M>, PoolError<M::Error>> {
        self.get_timeout(self.0.config.connection_timeout)
    }

    /// Como [`Pool::get`], esperando como mucho `timeout`.
    pub fn get_timeout(
        &self,
        timeout: Duration,
    ) -> Result<PooledConn<M>, PoolError<M::Error>> {
        let lease = match self.checkout_now() {
            Step::Idle(conn) => self.lease(Some(conn)),
            Step::Open => self.lease(None),
            Step::Closed => return Err(PoolError::Closed),
            Step::Wait(ticket, waiter) => {
                match self.wait_blocking(&waiter, ticket, deadline_after(timeout)) {
                    Some(handoff) => self.lease_from(handoff)?,
                    None => return Err(PoolError::Timeout),
                }
            }
        };
        lease.finish()
    }
    // ANCHOR_END: get

    // ANCHOR: wait_blocking
    /// Espera en la plaza hasta `deadline`. Si vence, sale de la cola; y si ya le
    /// habían entregado algo, se lo pasa al siguiente.
    fn wait_blocking(
        &self,
        waiter: &Waiter<Entry<M>>,
        ticket: u64,
        deadline: Instant,
    ) -> Option<Handoff<Entry<M>>> {
        {
            let mut slot = waiter.slot.lock();
            loop {
                if let Some(handoff) = slot.0.take() {
                    return Some(handoff);
                }
                if waiter.ready.wait_until(&mut slot, deadline).timed_out() {
                    if let Some(handoff) = slot.0.take() {
                        return Some(handoff);
                    }
                    break;
                }
            }
        }
        self.abandon(waiter, ticket);
        None
    }
    // ANCHOR_END: wait_blocking

    // ANCHOR: get_async
    /// Pide una conexión desde una tarea de tokio, esperando como mucho
    /// `connection_timeout` (el plazo cubre la espera y abrir o comprobar la
    /// conexión). Si sueltas el future a medias (un `select!`, un `timeout` de fuera,
    /// una tarea abortada), no se pierde nada. Necesita un runtime de tokio con
    /// reloj (`enable_time`) en cuanto tiene que esperar o abrir.
    pub async fn get_async(&self) -> Result<PooledConn<M>, PoolError<M::Error>> {
        self.get_async_timeout(self.0.config.connection_timeout)
            .await
    }

    /// Como [`Pool::get_async`], esperando como mucho `timeout`.
    pub async fn get_async_timeout(
        &self,
        timeout: Duration,
    ) -> Result<PooledConn<M>, PoolError<M::Error>> {
        // Lo que haya que deshacer si este future se suelta queda ya en un guard: el
        // préstamo (`PooledConn`) o la plaza en la cola (`WaitAsync`).
        let pending = match self.checkout_now() {
            Step::Idle(conn) => {
                let lease = self.lease(Some(conn));
                // El camino rápido: una libre que no hay que comprobar se entrega ya,
                // sin crear un plazo que no haría falta.
                if !lease.needs_work() {
                    return Ok(lease);
                }
                Pending::Lease(lease)
            }
            Step::Open => Pending::Lease(self.lease(None)),
            Step::Closed => return Err(PoolError::Closed),
            Step::Wait(ticket, waiter) => Pending::Wait(WaitAsync {
                pool: self,
                waiter,
                ticket,
                done: false,
            }),
        };
        match tokio::time::timeout(timeout, self.complete(pending)).await {
            Ok(result) => result,
            Err(_) => Err(PoolError::Timeout),
        }
    }

    /// `checkout` con el cerrojo tomado solo lo que dura: si toca esperar, con la
    /// plaza de la cola ya creada.
    fn checkout_now(&self) -> Step<Entry<M>> {
        let mut mine = None;
        let step = self.0.core.lock().checkout(|| {
            let waiter = Waiter::new();
            mine = Some(Arc::clone(&waiter));
            waiter
        });
        match step {
            Checkout::Idle(conn) => Step::Idle(conn),
            Checkout::Open => Step::Open,
            Checkout::Closed => Step::Closed,
            Checkout::Wait(ticket) => {
                let waiter = mine.expect("checkout pidió una plaza en la cola");
                Step::Wait(ticket, waiter)
            }
        }
    }

    /// Espera en la cola, si toca, y termina el préstamo: abrir o comprobar una
    /// conexión bloquea, así que va a un hilo de `spawn_blocking`. Si este future se
    /// suelta mientras tanto, el guard está dentro del cierre, y al acabar se suelta
    /// allí y devuelve la plaza (o la conexión recién abierta).
    async fn complete(
        &self,
        pending: Pending<'_, M>,
    ) -> Result<PooledConn<M>, PoolError<M::Error>> {
        let lease = match pending {
            Pending::Lease(lease) => lease,
            Pending::Wait(wait) => self.lease_from(wait.await)?,
        };
        if !lease.needs_work() {
            return Ok(lease);
        }
        match tokio::task::spawn_blocking(move || lease.finish()).await {
            Ok(result) => result,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => Err(PoolError::Closed), // el runtime se está apagando
        }
    }
    // ANCHOR_END: get_async

    /// Un guard con la plaza ya reservada: con una conexión libre, o vacío (hay que
    /// abrirla). Soltarlo devuelve lo que lleve.
    fn lease(&self, conn: Option<Entry<M>>) -> PooledConn<M> {
        PooledConn {
            pool: self.clone(),
            conn,
            broken: false,
        }
    }

    fn lease_from(
        &self,
        handoff: Handoff<Entry<M>>,
    ) -> Result<PooledConn<M>, PoolError<M::Error>> {
        match handoff {
            Handoff::Conn(conn) => Ok(self.lease(Some(conn))),
            Handoff::Open => Ok(self.lease(None)),
            Handoff::Closed => Err(PoolError::Closed),
        }
    }

    // ANCHOR: abandon
    /// Quien esperaba se va. Si sigue en la cola, sale y no se le debe nada. Si no,
    /// alguien lo sacó y le está entregando: marca la plaza como abandonada, y lo
    /// que llegara antes pasa al siguiente.
    fn abandon(&self, waiter: &Waiter<Entry<M>>, ticket: u64) {
        if self.0.core.lock().leave(ticket) {
            return;
        }
        let late = waiter.slot.lock().0.abandon();
        if let Some(handoff) = late {
            self.hand_on(handoff);
        }
    }
    // ANCHOR_END: abandon

    // ANCHOR: hand_on
    /// Devuelve al pool una conexión (`Conn`) o una plaza vacía (`Open`): al primero
    /// de la cola, o a las libres. Si el elegido se acaba de ir, al siguiente.
    fn hand_on(&self, mut handoff: Handoff<Entry<M>>) {
        loop {
            let mut closing = None;
            let next = {
                let mut core = self.0.core.lock();
                match handoff {
                    Handoff::Conn(conn) => {
                        core.checkin(conn).unwrap_or_else(|conn| {
                            closing = Some(conn); // el pool está cerrado
                            None
                        })
                    }
                    Handoff::Open => core.release(),
                    Handoff::Closed => None,
                }
            };
            drop(closing); // cerrar una conexión puede tardar: fuera del cerrojo
            let Some((waiter, handoff_next)) = next else {
                return;
            };
            match waiter.deliver(handoff_next) {
                Ok(()) => return,
                Err(back) => handoff = back,
            }
        }
    }
    // ANCHOR_END: hand_on

    /// Si pasó de `max_lifetime` (sin leer el reloj si no hay límite).
    fn lifetime_over(&self, conn: &Entry<M>) -> bool {
        let max = self.0.config.max_lifetime;
        max.is_some_and(|max| conn.created.elapsed() >= max)
    }

    /// Si lleva libre más de `idle_timeout`.
    fn idle_over(&self, conn: &Entry<M>) -> bool {
        let max = self.0.config.idle_timeout;
        max.is_some_and(|max| conn.idle_since.elapsed() >= max)
    }

    // ANCHOR: reap
    /// Una pasada del barrendero: cierra las libres que caducaron (por inactividad,
    /// solo las que sobran por encima de `min_idle`) y abre las que falten para
    /// tener `min_idle` libres.
    fn reap(&self) {
        let min_idle = self.0.config.min_idle;
        let (expired, to_open) = {
            let mut core = self.0.core.lock();
            let mut kept = 0;
            let expired = core.reap(|conn| {
                let gone = self.lifetime_over(conn)
                    || (kept >= min_idle && self.idle_over(conn));
                kept += usize::from(!gone);
                gone
            });
            (expired, core.reserve_idle(min_idle))
        };
        drop(expired);
        let mut failed = false;
        for _ in 0..to_open {
            let opened = if failed {
                None
            } else {
                self.0.manager.connect().ok()
            };
            match opened {
                Some(raw) => self.hand_on(Handoff::Conn(Conn::new(raw))),
                None => {
                    // Si una falla, no insiste con las demás hasta la próxima pasada.
                    failed = true;
                    self.hand_on(Handoff::Open);
                }
            }
        }
    }
    // ANCHOR_END: reap
}

/// `Instant::now() + timeout`, sin desbordar con un timeout enorme.
fn deadline_after(timeout: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(timeout)
        .unwrap_or_else(|| now + Duration::from_secs(100 * 365 * 24 * 3600))
}

// ANCHOR: wait_async
/// El future de quien espera desde una tarea. Si se suelta antes de recibir nada,
/// su `Drop` sale de la cola o pasa al siguiente lo que le llegara.
struct WaitAsync<'a, M: ManageConnection> {
    pool: &'a Pool<M>,
    waiter: Arc<Waiter<Entry<M>>>,
    ticket: u64,
    done: bool,
}

impl<M: ManageConnection> Future for WaitAsync<'_, M> {
    type Output = Handoff<Entry<M>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let mut slot = this.waiter.slot.lock();
        if let Some(handoff) = slot.0.take() {
            this.done = true;
            return Poll::Ready(handoff);
        }
        if !slot.1.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
            slot.1 = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl<M: ManageConnection> Drop for WaitAsync<'_, M> {
    fn drop(&mut self) {
        if !self.done {
            self.pool.abandon(&self.waiter, self.ticket);
        }
    }
}
// ANCHOR_END: wait_async

// ANCHOR: pending
/// Lo que consigue `checkout_now`: como [`Checkout`], con la plaza de la cola.
enum Step<C> {
    Idle(C),
    Open,
    Closed,
    Wait(u64, Arc<Waiter<C>>),
}

/// Un préstamo a medio hacer desde una tarea: soltarlo deshace lo hecho.
enum Pending<'a, M: ManageConnection> {
    Lease(PooledConn<M>),
    Wait(WaitAsync<'a, M>),
}
// ANCHOR_END: pending

// ANCHOR: pooled
/// Una conexión prestada. Se usa como la conexión misma (`Deref`); al soltarla
/// vuelve al pool, o se cierra si está rota, si caducó o si se suelta durante un
/// pánico (no se sabe en qué estado la dejó quien la tenía).
pub struct PooledConn<M: ManageConnection> {
    pool: Pool<M>,
    /// `None` solo por dentro, mientras se abre: entregada, siempre lleva una.
    conn: Option<Entry<M>>,
    broken: bool,
}

impl<M: ManageConnection> Drop for PooledConn<M> {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return self.pool.hand_on(Handoff::Open);
        };
        let discard = self.broken
            || std::thread::panicking()
            || self.pool.0.manager.has_broken(&mut conn.raw)
            || self.pool.lifetime_over(&conn);
        if discard {
            drop(conn);
            self.pool.hand_on(Handoff::Open);
        } else {
            if self.pool.0.config.idle_timeout.is_some() {
                conn.idle_since = Instant::now();
            }
            self.pool.hand_on(Handoff::Conn(conn));
        }
    }
}
// ANCHOR_END: pooled

impl<M: ManageConnection> PooledConn<M> {
    /// Tira la conexión en lugar de devolverla: su sitio queda para otra.
    pub fn discard(mut self) {
        self.broken = true;
    }

    /// Cuándo se abrió la conexión.
    pub fn created(&self) -> Instant {
        self.entry().created
    }

    fn entry(&self) -> &Entry<M> {
        self.conn
            .as_ref()
            .expect("un PooledConn entregado siempre lleva su conexión")
    }

    /// Si terminar de entregarla puede bloquear (abrirla, o comprobarla).
    fn needs_work(&self) -> bool {
        match &self.conn {
            None => true,
            Some(conn) => {
                self.pool.0.config.test_on_checkout || self.pool.lifetime_over(conn)
            }
        }
    }

    // ANCHOR: finish
    /// Con la plaza reservada: comprueba la libre (si pasó de su edad máxima o no
    /// pasa `is_valid`, la cierra) o abre una nueva en su sitio. Si abrirla falla,
    /// el guard se suelta vacío y la plaza vuelve al pool.
    fn finish(mut self) -> Result<Self, PoolError<M::Error>> {
        if let Some(mut conn) = self.conn.take() {
            let fresh = !self.pool.lifetime_over(&conn);
            let pool = &self.pool.0;
            if fresh
                && (!pool.config.test_on_checkout
                    || pool.manager.is_valid(&mut conn.raw).is_ok())
            {
                self.conn = Some(conn);
                return Ok(self);
            }
            drop(conn);
        }
        match self.pool.0.manager.connect() {
            Ok(raw) => {
                self.conn = Some(Conn::new(raw));
                Ok(self)
            }
            Err(e) => Err(PoolError::Connect(e)),
        }
    }
    // ANCHOR_END: finish
}

impl<M: ManageConnection> Deref for PooledConn<M> {
    type Target = M::Connection;

    fn deref(&self) -> &M::Connection {
        &self.entry().raw
    }
}

impl<M: ManageConnection> DerefMut for PooledConn<M> {
    fn deref_mut(&mut self) -> &mut M::Connection {
        &mut self
            .conn
            .as_mut()
            .expect("un PooledConn entregado siempre lleva su conexión")
            .raw
    }
}

impl<M: ManageConnection> fmt::Debug for PooledConn<M>
where
    M::Connection: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PooledConn").field(&**self).finish()
    }
}
