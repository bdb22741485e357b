//! Listado 6-4: tres calculadoras como actores, con mensajes tipados, respuestas por `oneshot` y un supervisor que reinicia a la que entra en pánico.
//!
//! Con un número de calculadora como argumento, esa calculadora entra en pánico en su
//! segundo mensaje, y el supervisor la reinicia.
//!
//! Ejecuta: `cargo run --bin listado-06-04-actor` (o `… -- 1`)
//! En tu proyecto: `cargo add tokio --features full` y `cargo add futures`.

extern crate futures; // para mdbook test
extern crate tokio; // para mdbook test

// ANCHOR: listado
// ANCHOR: mensajes
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::future::join_all;
use tokio::sync::{Mutex, mpsc, oneshot};
use tokio::task::{self, JoinSet};

pub const WORK: Duration = Duration::from_millis(10); // lo que tarda una operación
pub const MAILBOX: usize = 32; // mensajes que caben en un buzón

#[derive(Debug, Clone, Copy)]
pub enum Op {
    Add,
    Multiply,
    Subtract,
    Divide,
}

#[derive(Debug, PartialEq)]
pub enum CalcError {
    DivisionByZero,
    Stopped, // el actor ya no está, o cayó mientras atendía este mensaje
}

/// Lo que se le puede pedir a una calculadora. Cada respuesta tiene su tipo.
enum Msg {
    Compute {
        op: Op,
        value: f64,
        reply: Option<oneshot::Sender<Result<f64, CalcError>>>,
    },
    GetState {
        reply: oneshot::Sender<f64>,
    },
}
// ANCHOR_END: mensajes

// ANCHOR: actor
/// El estado del actor: solo su tarea lo ve, así que no necesita cerrojo.
#[derive(Debug, Default, PartialEq)]
pub struct Calculator {
    pub state: f64,
    pub handled: usize,      // mensajes atendidos
    crash_at: Option<usize>, // un fallo simulado, para ver al supervisor
}

impl Calculator {
    fn apply(&mut self, op: Op, value: f64) -> Result<f64, CalcError> {
        self.state = match op {
            Op::Add => self.state + value,
            Op::Multiply => self.state * value,
            Op::Subtract => self.state - value,
            Op::Divide if value == 0.0 => return Err(CalcError::DivisionByZero),
            Op::Divide => self.state / value,
        };
        Ok(self.state)
    }

    /// Atiende los mensajes en orden de llegada hasta que el buzón se cierra y queda
    /// vacío: lo que ya estaba en cola se atiende antes de terminar.
    async fn run(mut self, mailbox: Arc<Mutex<mpsc::Receiver<Msg>>>) -> Self {
        let mut mailbox = mailbox.lock().await; // el buzón es de un trabajador a la vez
        while let Some(msg) = mailbox.recv().await {
            self.handled += 1;
            if self.crash_at == Some(self.handled) {
                panic!("fallo simulado en el mensaje {}", self.handled);
            }
            match msg {
                Msg::Compute { op, value, reply } => {
                    tokio::time::sleep(WORK).await;
                    let result = self.apply(op, value);
                    if let Some(reply) = reply {
                        let _ = reply.send(result); // si ya no espera nadie, da igual
                    }
                }
                Msg::GetState { reply } => {
                    let _ = reply.send(self.state);
                }
            }
        }
        self
    }
}
// ANCHOR_END: actor

// ANCHOR: handle
/// La única forma de hablar con una calculadora. Clonarlo es barato.
#[derive(Clone)]
pub struct CalcHandle {
    tx: mpsc::Sender<Msg>,
}

impl CalcHandle {
    /// Encola una operación sin esperar su resultado.
    pub async fn tell(&self, op: Op, value: f64) -> Result<(), CalcError> {
        let msg = Msg::Compute {
            op,
            value,
            reply: None,
        };
        self.tx.send(msg).await.map_err(|_| CalcError::Stopped)
    }

    /// Una operación y su resultado.
    pub async fn compute(&self, op: Op, value: f64) -> Result<f64, CalcError> {
        let (reply, result) = oneshot::channel();
        let msg = Msg::Compute {
            op,
            value,
            reply: Some(reply),
        };
        self.tx.send(msg).await.map_err(|_| CalcError::Stopped)?;
        result.await.map_err(|_| CalcError::Stopped)?
    }

    /// El estado, después de todo lo que ya estaba en cola.
    pub async fn state(&self) -> Result<f64, CalcError> {
        let (reply, state) = oneshot::channel();
        let msg = Msg::GetState { reply };
        self.tx.send(msg).await.map_err(|_| CalcError::Stopped)?;
        state.await.map_err(|_| CalcError::Stopped)
    }
}
// ANCHOR_END: handle

// ANCHOR: supervisor
/// Cómo acabó cada calculadora y cuántas veces hubo que reiniciar alguna.
#[derive(Debug, PartialEq)]
pub struct Report {
    pub calculators: Vec<Calculator>,
    pub restarts: usize,
}

/// Dueño de las tareas de sus calculadoras: las espera todas y reinicia la que
/// entra en pánico, con el estado desde cero y el mismo buzón.
pub struct Supervisor {
    mailboxes: Vec<Arc<Mutex<mpsc::Receiver<Msg>>>>,
    tasks: JoinSet<(usize, Calculator)>,
    index_of: HashMap<task::Id, usize>,
    restarts: usize,
}

impl Supervisor {
    /// `n` calculadoras; la `crash`, si la hay, cae en su segundo mensaje.
    pub fn start(n: usize, crash: Option<usize>) -> (Self, Vec<CalcHandle>) {
        let mut supervisor = Supervisor {
            mailboxes: Vec::new(),
            tasks: JoinSet::new(),
            index_of: HashMap::new(),
            restarts: 0,
        };
        let mut handles = Vec::new();
        for i in 0..n {
            let (tx, rx) = mpsc::channel(MAILBOX);
            supervisor.mailboxes.push(Arc::new(Mutex::new(rx)));
            supervisor.spawn(i, (crash == Some(i)).then_some(2));
            handles.push(CalcHandle { tx });
        }
        (supervisor, handles)
    }

    fn spawn(&mut self, i: usize, crash_at: Option<usize>) {
        let calculator = Calculator {
            crash_at,
            ..Calculator::default()
        };
        let mailbox = self.mailboxes[i].clone();
        let task = self
            .tasks
            .spawn(async move { (i, calculator.run(mailbox).await) });
        self.index_of.insert(task.id(), i);
    }

    /// Espera a que terminen todas (cuando se sueltan sus `CalcHandle`).
    pub async fn wait(mut self) -> Report {
        let mut finished = HashMap::new();
        while let Some(joined) = self.tasks.join_next().await {
            match joined {
                Ok((i, calculator)) => drop(finished.insert(i, calculator)),
                Err(e) if e.is_panic() => {
                    let i = self.index_of[&e.id()];
                    self.restarts += 1;
                    self.spawn(i, None);
                }
                Err(e) => panic!("nadie aborta estas tareas: {e}"),
            }
        }
        let calculators =
            (0..self.mailboxes.len()).map(|i| finished.remove(&i).unwrap());
        Report {
            calculators: calculators.collect(),
            restarts: self.restarts,
        }
    }
}
// ANCHOR_END: supervisor

// ANCHOR: main
#[tokio::main]
async fn main() -> Result<(), String> {
    let crash = match std::env::args().nth(1) {
        Some(arg) => Some(
            arg.parse()
                .map_err(|_| format!("«{arg}» no es una calculadora"))?,
        ),
        None => None,
    };
    let (supervisor, calculators) = Supervisor::start(3, crash);
    let supervisor = tokio::spawn(supervisor.wait());
    let operations = [
        (Op::Add, 5.0),
        (Op::Multiply, 2.0),
        (Op::Subtract, 3.0),
        (Op::Divide, 2.0),
    ];
    for calculator in &calculators {
        for (op, value) in operations {
            calculator
                .tell(op, value)
                .await
                .map_err(|e| format!("{e:?}"))?;
        }
    }
    // Sin esperas: cada `GetState` se atiende después de lo que ya estaba en cola.
    let states = join_all(calculators.iter().map(CalcHandle::state)).await;
    println!("Estados: {states:?}");
    let divided = calculators[0].compute(Op::Divide, 0.0).await;
    println!("calculator-0 entre cero: {divided:?}");
    for calculator in &calculators {
        calculator
            .tell(Op::Add, 1.0)
            .await
            .map_err(|e| format!("{e:?}"))?;
    }
    drop(calculators); // se cierran los buzones; lo que hay en cola se atiende
    let report = supervisor.await.map_err(|e| e.to_string())?;
    for (i, calculator) in report.calculators.iter().enumerate() {
        println!(
            "calculator-{i}: estado {}, {} mensajes",
            calculator.state, calculator.handled
        );
    }
    println!("Reinicios: {}", report.restarts);
    Ok(())
}
// ANCHOR_END: main
// ANCHOR_END: listado
