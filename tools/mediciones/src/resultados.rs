//! El archivo de resultados (`resultados.json`, junto a este crate) y los avisos: cada
//! medida que sale del rango que explica el apéndice.

use serde::{Deserialize, Serialize};

use crate::informe::num;

use crate::arranque::Arranque;
use crate::canales::Canal;
use crate::cerrojos::Cerrojo;
use crate::escalado::Escalado;
use crate::esperas::Esperas;
use crate::maquina::Maquina;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resultados {
    pub maquina: Maquina,
    pub escalado: Vec<Escalado>,
    /// El mismo cálculo en CPython, o por qué no se midió.
    pub cpython: Result<Vec<Escalado>, String>,
    pub arranque: Vec<Arranque>,
    pub esperas: Vec<Esperas>,
    pub canales: Vec<Canal>,
    pub cerrojos: Vec<Cerrojo>,
}

impl Resultados {
    /// Las medidas que salen de su rango, cada una con el rango y por qué se espera.
    pub fn avisos(&self) -> Vec<String> {
        let cores = self.maquina.nucleos as u64;
        let mut avisos = Vec::new();
        let cpython = self.cpython.as_deref().unwrap_or_default();
        for e in self.escalado.iter().chain(cpython) {
            let k = e.k as f64;
            let paralelo =
                matches!(e.modelo.as_str(), "hilos" | "rayon" | "CPython procesos");
            let con_gil =
                matches!(e.modelo.as_str(), "GIL simulado" | "CPython hilos");
            if paralelo && e.k > 1 && e.k <= cores && e.aceleracion < 0.75 * k {
                avisos.push(format!(
                    "{} con k = {}: aceleración {}, por debajo de 0,75 × k = {}; con k hilos en k núcleos libres debería acercarse a k (¿había otros programas ocupando la máquina?)",
                    e.modelo,
                    e.k,
                    num(e.aceleracion, 2),
                    num(0.75 * k, 2)
                ));
            }
            if con_gil && e.k > 1 && e.aceleracion > 1.15 {
                avisos.push(format!(
                    "{} con k = {}: aceleración {}, por encima de 1,15; con un cerrojo global solo calcula un hilo a la vez",
                    e.modelo,
                    e.k,
                    num(e.aceleracion, 2)
                ));
            }
        }
        let us = |prefix: &str| {
            self.arranque
                .iter()
                .find(|a| a.unidad.starts_with(prefix))
                .map(|a| a.us.mediana)
        };
        if let (Some(hilo), Some(proceso), Some(tarea)) =
            (us("un hilo"), us("un proceso"), us("una tarea"))
        {
            if proceso < 3.0 * hilo {
                avisos.push(format!(
                    "arrancar un proceso ({} µs) cuesta menos de 3 veces lo que un hilo ({} µs); un proceso nuevo carga un programa entero",
                    num(proceso, 1),
                    num(hilo, 1)
                ));
            }
            if hilo < 3.0 * tarea {
                avisos.push(format!(
                    "arrancar un hilo ({} µs) cuesta menos de 3 veces lo que una tarea de tokio ({} µs); una tarea es una reserva de memoria y una cola",
                    num(hilo, 1),
                    num(tarea, 1)
                ));
            }
        }
        for e in &self.esperas {
            if e.modelo.starts_with("tareas") && e.error.is_some() {
                avisos.push(format!(
                    "{} tareas de tokio no pudieron esperar a la vez: {}",
                    e.n,
                    e.error.as_deref().unwrap_or_default()
                ));
            }
        }
        avisos
    }
}
