//! El caudal de un canal: P productores envían entre todos `MENSAJES` números a un
//! consumidor, que los suma (la suma comprueba que no se pierde ninguno).

use std::sync::mpsc;
use std::thread;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::medir::{self, Stats};

pub const MENSAJES: u64 = 1_000_000;
pub const PRODUCTORES: [u64; 3] = [1, 2, 4];
const CAPACIDAD: usize = 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Canal {
    pub canal: String,
    pub productores: u64,
    /// Millones de mensajes por segundo.
    pub mmsg_s: Stats,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    StdUnbounded,
    StdBounded,
    CrossbeamUnbounded,
    CrossbeamBounded,
    Tokio,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::StdUnbounded,
        Kind::StdBounded,
        Kind::CrossbeamUnbounded,
        Kind::CrossbeamBounded,
        Kind::Tokio,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::StdUnbounded => "std::sync::mpsc::channel",
            Kind::StdBounded => "std::sync::mpsc::sync_channel(1024)",
            Kind::CrossbeamUnbounded => "crossbeam::channel::unbounded",
            Kind::CrossbeamBounded => "crossbeam::channel::bounded(1024)",
            Kind::Tokio => "tokio::sync::mpsc::channel(1024)",
        }
    }
}

/// Los números de `p`-ésimo productor de `of`: un tramo de `0..MENSAJES`.
fn share(p: u64, of: u64) -> std::ops::Range<u64> {
    MENSAJES * p / of..MENSAJES * (p + 1) / of
}

fn threads<S: Clone + Send + 'static>(
    producers: u64,
    sender: S,
    send: fn(&S, u64),
    receive: impl FnOnce() -> u64,
) -> u64 {
    let handles: Vec<_> = (0..producers)
        .map(|p| {
            let tx = sender.clone();
            thread::spawn(move || {
                for i in share(p, producers) {
                    send(&tx, i);
                }
            })
        })
        .collect();
    drop(sender);
    let total = receive();
    for h in handles {
        h.join().unwrap();
    }
    total
}

fn run(kind: Kind, producers: u64, runtime: &tokio::runtime::Runtime) -> u64 {
    match kind {
        Kind::StdUnbounded => {
            let (tx, rx) = mpsc::channel();
            threads(
                producers,
                tx,
                |tx, i| tx.send(i).unwrap(),
                move || rx.iter().sum(),
            )
        }
        Kind::StdBounded => {
            let (tx, rx) = mpsc::sync_channel(CAPACIDAD);
            threads(
                producers,
                tx,
                |tx, i| tx.send(i).unwrap(),
                move || rx.iter().sum(),
            )
        }
        Kind::CrossbeamUnbounded => {
            let (tx, rx) = crossbeam::channel::unbounded();
            threads(
                producers,
                tx,
                |tx, i| tx.send(i).unwrap(),
                move || rx.iter().sum(),
            )
        }
        Kind::CrossbeamBounded => {
            let (tx, rx) = crossbeam::channel::bounded(CAPACIDAD);
            threads(
                producers,
                tx,
                |tx, i| tx.send(i).unwrap(),
                move || rx.iter().sum(),
            )
        }
        Kind::Tokio => runtime.block_on(async {
            let (tx, mut rx) = tokio::sync::mpsc::channel(CAPACIDAD);
            for p in 0..producers {
                let tx = tx.clone();
                tokio::spawn(async move {
                    for i in share(p, producers) {
                        tx.send(i).await.unwrap();
                    }
                });
            }
            drop(tx);
            let mut total = 0;
            while let Some(i) = rx.recv().await {
                total += i;
            }
            total
        }),
    }
}

pub fn medir() -> Vec<Canal> {
    let runtime =
        tokio::runtime::Runtime::new().expect("no se pudo crear el runtime");
    let variants: Vec<(Kind, u64)> = Kind::ALL
        .into_iter()
        .flat_map(|k| PRODUCTORES.map(|p| (k, p)))
        .collect();
    let stats = medir::rounds(&variants, 1, 5, |&(kind, producers)| {
        let start = Instant::now();
        let total = run(kind, producers, &runtime);
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(
            total,
            MENSAJES * (MENSAJES - 1) / 2,
            "{}: se perdieron mensajes",
            kind.name()
        );
        MENSAJES as f64 / secs / 1e6
    });
    variants
        .iter()
        .zip(stats)
        .map(|(&(kind, productores), mmsg_s)| Canal {
            canal: kind.name().to_owned(),
            productores,
            mmsg_s,
        })
        .collect()
}
