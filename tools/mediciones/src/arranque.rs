//! Lo que cuesta empezar (y esperar a que acabe) una unidad de concurrencia que no hace
//! nada: un hilo, un proceso (el propio binario, ejecutado de nuevo con un papel que
//! sale enseguida) y una tarea de tokio.

use std::hint::black_box;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::medir::{self, Stats};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Arranque {
    pub unidad: String,
    /// Microsegundos por unidad: crear, ejecutar y esperar.
    pub us: Stats,
}

#[derive(Clone, Copy)]
enum Unit {
    Thread,
    Process,
    Task,
}

/// Cuántas unidades se crean en cada muestra: las baratas, muchas, para que el reloj
/// mida el trabajo y no su propia resolución.
fn batch(unit: Unit) -> u32 {
    match unit {
        Unit::Thread => 200,
        Unit::Process => 20,
        Unit::Task => 5_000,
    }
}

pub fn medir(exe: &Path) -> Vec<Arranque> {
    let runtime =
        tokio::runtime::Runtime::new().expect("no se pudo crear el runtime");
    let units = [Unit::Thread, Unit::Process, Unit::Task];
    let stats = medir::rounds(&units, 1, 7, |&unit| {
        let n = batch(unit);
        let start = Instant::now();
        match unit {
            Unit::Thread => {
                for i in 0..n {
                    thread::spawn(move || black_box(i)).join().unwrap();
                }
            }
            Unit::Process => {
                for _ in 0..n {
                    let status = Command::new(exe)
                        .args(["--hijo", "nada"])
                        .stdout(Stdio::null())
                        .status()
                        .expect("no se pudo lanzar el proceso hijo");
                    assert!(status.success(), "el proceso hijo falló: {status}");
                }
            }
            // Desde dentro de una tarea, como en un servidor: lanzar desde `block_on`
            // mediría además dos despertares entre hilos (el del trabajador que la
            // ejecuta y el de `main`, que espera su resultado), no lo que cuesta la tarea.
            Unit::Task => runtime.block_on(async {
                tokio::spawn(async move {
                    for i in 0..n {
                        tokio::spawn(async move { black_box(i) }).await.unwrap();
                    }
                })
                .await
                .unwrap();
            }),
        }
        start.elapsed().as_secs_f64() * 1e6 / f64::from(n)
    });
    [
        "un hilo (std::thread::spawn + join)",
        "un proceso (Command + wait)",
        "una tarea de tokio (spawn + await)",
    ]
    .into_iter()
    .zip(stats)
    .map(|(unidad, us)| Arranque {
        unidad: unidad.to_owned(),
        us,
    })
    .collect()
}
