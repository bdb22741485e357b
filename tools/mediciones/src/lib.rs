//! Las mediciones del apéndice B: cada afirmación de rendimiento del libro, medida en
//! la máquina de quien lo lee con una sola orden,
//! `cargo run --release -p mediciones`, que escribe `resultados.json` y, a partir de
//! él, las tablas y las gráficas que muestra el apéndice (`src/mediciones/`).
//!
//! Cómo se mide, en todas: cada variante se ejecuta por rondas, con rondas de
//! calentamiento que se descartan, y el orden de las variantes rota de una ronda a la
//! siguiente, para que una racha lenta de la máquina no caiga siempre sobre la misma.
//! De cada variante se guardan el mínimo, la mediana y el máximo. Una comparación es
//! siempre un cociente entre medianas de una misma ejecución. `black_box` impide que el
//! optimizador se salte el trabajo. Una medida que sale del rango que el apéndice
//! explica se marca con un aviso en lugar de publicarse como si nada.
//!
//! # Módulos
//!
//! - [`medir`]: las rondas, la rotación y las estadísticas.
//! - [`maquina`]: qué máquina mide (procesador, núcleos, rustc, sistema, fecha).
//! - [`escalado`]: un cálculo fijo con k = 1, 2, 4 y 8 hilos, rayon y el GIL simulado.
//! - [`arranque`]: lo que cuesta empezar un hilo, un proceso y una tarea de tokio.
//! - [`esperas`]: muchas esperas a la vez, con tareas y con hilos (tiempo y memoria).
//! - [`canales`]: el caudal de `std::sync::mpsc`, crossbeam y `tokio::sync::mpsc`.
//! - [`cerrojos`]: `Mutex`, `RwLock` y atómicos con varios hilos a la vez.
//! - [`resultados`]: el archivo de resultados y los avisos.
//! - [`informe`]: las tablas (Markdown) y las gráficas (SVG) del apéndice.

pub mod arranque;
pub mod canales;
pub mod cerrojos;
pub mod escalado;
pub mod esperas;
pub mod informe;
pub mod maquina;
pub mod medir;
pub mod resultados;
