//! La comparativa del ejercicio 5: pedir una conexión, trabajar con ella cerca de
//! 1 µs y devolverla, con este pool, r2d2, deadpool y bb8 en la misma ejecución.
//! Hilos: 4 hilos sobre pools de 2 y de 4, frente a r2d2. Tareas: 64 tareas sobre
//! un pool de 8 en un runtime de 2 hilos, frente a deadpool y bb8, sin y con un
//! `.await` mientras se tiene la conexión.
//!
//! Ejecuta: `cargo bench -p ejercicio-5-pool --bench comparativa`
//! Para reescribir la tabla que muestra el libro (`benches/resultados.md`):
//! `cargo bench -p ejercicio-5-pool --bench comparativa -- --guardar`
//!
//! Las conexiones no hablan con nadie: lo que se mide es el pool. Cada ronda mide
//! todas las variantes, en un orden que rota de una ronda a otra; la tabla da la
//! mediana de las rondas. Con `cargo test --benches` (sin `--bench`) hace una sola
//! ronda corta, para comprobar que funciona.

use std::convert::Infallible;
use std::fs;
use std::future::Future;
use std::hint::black_box;
use std::io;
use std::path::Path;
use std::process::Command;
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use ejercicio_5_pool::{ManageConnection, Pool, PoolConfig};
use tokio::runtime::Runtime;
use tokio::task::{JoinSet, yield_now};

/// Una conexión que no habla con nadie.
struct Nop(u64);

struct Ours;

impl ManageConnection for Ours {
    type Connection = Nop;
    type Error = io::Error;
    fn connect(&self) -> io::Result<Nop> {
        Ok(Nop(0))
    }
    fn is_valid(&self, _: &mut Nop) -> io::Result<()> {
        Ok(())
    }
    fn has_broken(&self, _: &mut Nop) -> bool {
        false
    }
}

struct R2;

impl r2d2::ManageConnection for R2 {
    type Connection = Nop;
    type Error = io::Error;
    fn connect(&self) -> io::Result<Nop> {
        Ok(Nop(0))
    }
    fn is_valid(&self, _: &mut Nop) -> io::Result<()> {
        Ok(())
    }
    fn has_broken(&self, _: &mut Nop) -> bool {
        false
    }
}

struct Dead;

impl deadpool::managed::Manager for Dead {
    type Type = Nop;
    type Error = Infallible;
    async fn create(&self) -> Result<Nop, Infallible> {
        Ok(Nop(0))
    }
    async fn recycle(
        &self,
        _: &mut Nop,
        _: &deadpool::managed::Metrics,
    ) -> deadpool::managed::RecycleResult<Infallible> {
        Ok(())
    }
}

struct Bb;

impl bb8::ManageConnection for Bb {
    type Connection = Nop;
    type Error = Infallible;
    async fn connect(&self) -> Result<Nop, Infallible> {
        Ok(Nop(0))
    }
    async fn is_valid(&self, _: &mut Nop) -> Result<(), Infallible> {
        Ok(())
    }
    fn has_broken(&self, _: &mut Nop) -> bool {
        false
    }
}

/// Los dos pools en igualdad: sin comprobar al entregar y sin barrendero.
fn ours(max_size: usize) -> Pool<Ours> {
    let config = PoolConfig {
        max_size,
        test_on_checkout: false,
        idle_timeout: None,
        max_lifetime: None,
        ..PoolConfig::default()
    };
    Pool::new(Ours, config).unwrap()
}

fn r2(max_size: usize) -> r2d2::Pool<R2> {
    r2d2::Pool::builder()
        .max_size(max_size as u32)
        .test_on_check_out(false)
        .idle_timeout(None)
        .max_lifetime(None)
        .build(R2)
        .unwrap()
}

/// Unas `n` vueltas de un bucle que el compilador no puede quitar.
fn work(n: u64) {
    let mut x = 0u64;
    for i in 0..n {
        x = black_box(x.wrapping_add(i));
    }
    black_box(x);
}

/// Cuántas vueltas de `work` tardan 1 µs en esta máquina, medidas como se usan: en
/// llamadas cortas seguidas (una sola llamada larga no tarda lo mismo por vuelta).
fn calibrate() -> u64 {
    const LOOPS: u64 = 1_000;
    let best = (0..21)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..1_000 {
                work(LOOPS);
            }
            start.elapsed().as_nanos() as f64 / 1_000.0
        })
        .fold(f64::MAX, f64::min);
    (LOOPS as f64 * 1_000.0 / best).max(1.0) as u64
}

/// Millones de operaciones por segundo de `threads` hilos que hacen `ops` cada uno,
/// desde que empieza el primero hasta que acaba el último (cada hilo lee su reloj:
/// el hilo que los lanza puede no tener núcleo justo al salir de la barrera).
fn threads(threads: usize, ops: usize, one: &(dyn Fn() + Sync)) -> f64 {
    let barrier = Barrier::new(threads);
    let spans: Vec<(Instant, Instant)> = thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    let start = Instant::now();
                    for _ in 0..ops {
                        one();
                    }
                    (start, Instant::now())
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let start = spans.iter().map(|s| s.0).min().unwrap();
    let end = spans.iter().map(|s| s.1).max().unwrap();
    (threads * ops) as f64 / (end - start).as_secs_f64() / 1e6
}

/// Las esperas de `get` de 4 hilos que hacen `ops` préstamos cada uno con `get`:
/// la mediana, el percentil 99 y la más larga, en microsegundos.
fn waits<C>(ops: usize, get: &(dyn Fn() -> C + Sync), spin: u64) -> [f64; 3] {
    let barrier = Barrier::new(4);
    let mut all: Vec<f64> = thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    (0..ops)
                        .map(|_| {
                            let start = Instant::now();
                            let conn = get();
                            let waited = start.elapsed().as_secs_f64() * 1e6;
                            work(spin);
                            drop(conn);
                            waited
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    all.sort_by(f64::total_cmp);
    let at = |q: f64| all[((all.len() - 1) as f64 * q) as usize];
    [at(0.5), at(0.99), all[all.len() - 1]]
}

/// Microsegundos, o milisegundos a partir de uno.
fn us(micros: f64) -> String {
    if micros < 1000.0 {
        format!("{micros:.1} µs")
    } else {
        format!("{:.1} ms", micros / 1000.0)
    }
}

/// Lo que tarda `work(spin)`: la mediana de 21 tramos de 1 000 llamadas.
fn work_ns(spin: u64) -> f64 {
    median(
        (0..21)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..1_000 {
                    work(spin);
                }
                start.elapsed().as_nanos() as f64 / 1_000.0
            })
            .collect(),
    )
}

fn mops(ops: usize, start: Instant) -> f64 {
    ops as f64 / start.elapsed().as_secs_f64() / 1e6
}

/// Millones de operaciones por segundo de `tasks` tareas que hacen `ops` cada una.
fn tasks<F, Fut>(runtime: &Runtime, tasks: usize, ops: usize, one: F) -> f64
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    runtime.block_on(async {
        let start = Instant::now();
        let mut set = JoinSet::new();
        for _ in 0..tasks {
            let one = one.clone();
            set.spawn(async move {
                for _ in 0..ops {
                    one().await;
                }
            });
        }
        while let Some(done) = set.join_next().await {
            done.unwrap();
        }
        mops(tasks * ops, start)
    })
}

/// La última variante de cada grupo hace el mismo trabajo sin pool ninguno: el techo.
const SYNC: [&str; 3] = ["este pool", "r2d2", "sin pool"];
const ASYNC: [&str; 4] = ["este pool", "deadpool", "bb8", "sin pool"];

fn sync_round(variant: usize, size: usize, ops: usize, spin: u64) -> f64 {
    match variant {
        0 => {
            let pool = ours(size);
            threads(4, ops, &|| {
                let mut conn = pool.get().unwrap();
                conn.0 += 1;
                work(spin);
            })
        }
        1 => {
            let pool = r2(size);
            threads(4, ops, &|| {
                let mut conn = pool.get().unwrap();
                conn.0 += 1;
                work(spin);
            })
        }
        _ => threads(4, ops, &|| {
            black_box(Nop(0)).0 += 1;
            work(spin);
        }),
    }
}

fn async_round(
    runtime: &Runtime,
    variant: usize,
    hold: bool,
    ops: usize,
    spin: u64,
) -> f64 {
    const TASKS: usize = 64;
    match variant {
        0 => {
            let pool = ours(8);
            tasks(runtime, TASKS, ops, move || {
                let pool = pool.clone();
                async move {
                    let mut conn = pool.get_async().await.unwrap();
                    conn.0 += 1;
                    work(spin);
                    if hold {
                        yield_now().await;
                    }
                }
            })
        }
        1 => {
            // Con plazo de espera, como los otros dos (el de bb8 es de 30 s por
            // defecto): sin él, deadpool no arma ningún temporizador al esperar.
            let pool = deadpool::managed::Pool::<Dead>::builder(Dead)
                .max_size(8)
                .wait_timeout(Some(Duration::from_secs(30)))
                .runtime(deadpool::Runtime::Tokio1)
                .build()
                .unwrap();
            tasks(runtime, TASKS, ops, move || {
                let pool = pool.clone();
                async move {
                    let mut conn = pool.get().await.unwrap();
                    conn.0 += 1;
                    work(spin);
                    if hold {
                        yield_now().await;
                    }
                }
            })
        }
        3 => tasks(runtime, TASKS, ops, move || async move {
            black_box(Nop(0)).0 += 1;
            work(spin);
            if hold {
                yield_now().await;
            }
        }),
        _ => {
            let pool = runtime.block_on(
                // Como los otros: sin comprobar al entregar, sin edad máxima ni
                // límite de inactividad (que harían leer el reloj al devolver).
                bb8::Pool::builder()
                    .max_size(8)
                    .test_on_check_out(false)
                    .max_lifetime(None)
                    .idle_timeout(None)
                    .build(Bb),
            );
            let pool = pool.unwrap();
            tasks(runtime, TASKS, ops, move || {
                let pool = pool.clone();
                async move {
                    let mut conn = pool.get().await.unwrap();
                    conn.0 += 1;
                    work(spin);
                    if hold {
                        yield_now().await;
                    }
                }
            })
        }
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Los cocientes ronda a ronda de `ours` entre `theirs`: su mediana y el cuartil de
/// abajo y el de arriba. Cada ronda mide las dos variantes seguidas, así que una
/// racha de carga de la máquina les toca a las dos; los cuartiles dicen cuánto varía
/// el cociente de una ronda a otra.
fn spread(ours: &[f64], theirs: &[f64]) -> (f64, f64, f64) {
    let mut xs: Vec<f64> = ours.iter().zip(theirs).map(|(a, b)| a / b).collect();
    xs.sort_by(f64::total_cmp);
    // El cuartil de abajo redondea hacia abajo y el de arriba hacia arriba: la
    // mitad central, sin correrla hacia ningún lado.
    let last = (xs.len() - 1) as f64;
    (
        xs[xs.len() / 2],
        xs[(last * 0.25).floor() as usize],
        xs[(last * 0.75).ceil() as usize],
    )
}

/// El tiempo de CPU de toda la máquina y de este proceso, en ticks del núcleo, de
/// `/proc/stat` y `/proc/self/stat` (Linux).
#[derive(Clone, Copy)]
struct CpuTime {
    /// Todo el tiempo de todos los núcleos, ocupados o no.
    total: u64,
    /// Ocupado, por quien sea.
    busy: u64,
    /// El que el anfitrión de la máquina virtual no le dio (steal).
    stolen: u64,
    /// El de este proceso, con todos sus hilos.
    mine: u64,
}

fn cpu_time() -> Option<CpuTime> {
    let stat = fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .map(|f| f.parse().ok())
        .collect::<Option<_>>()?;
    // user nice system idle iowait irq softirq steal (guest ya va dentro de user)
    let [user, nice, system, idle, iowait, irq, softirq, steal] =
        *fields.get(..8)?
    else {
        return None;
    };
    let own = fs::read_to_string("/proc/self/stat").ok()?;
    // Tras el nombre, entre paréntesis: el estado es el campo 3; utime y stime, 14 y 15.
    let own: Vec<&str> = own.rsplit_once(')')?.1.split_whitespace().collect();
    let (utime, stime): (u64, u64) =
        (own.get(11)?.parse().ok()?, own.get(12)?.parse().ok()?);
    Some(CpuTime {
        total: user + nice + system + idle + iowait + irq + softirq + steal,
        busy: user + nice + system + irq + softirq,
        stolen: steal,
        mine: utime + stime,
    })
}

/// Qué parte de la CPU de la máquina usaron otros procesos entre `before` y ahora, y
/// cuánta se llevó el anfitrión.
fn others_since(before: Option<CpuTime>) -> String {
    let (Some(a), Some(b)) = (before, cpu_time()) else {
        return "- CPU de otros procesos mientras medía: desconocida (sin /proc)\n"
            .to_owned();
    };
    let total = (b.total - a.total).max(1) as f64;
    let others = (b.busy - a.busy).saturating_sub(b.mine - a.mine) as f64;
    format!(
        "- mientras medía, otros procesos usaron el {:.1} % de la CPU de la máquina, y el \
         anfitrión de la máquina virtual se llevó el {:.1} % (`/proc/stat`)\n",
        100.0 * others / total,
        100.0 * (b.stolen - a.stolen) as f64 / total
    )
}

/// Las órdenes que describen la máquina, con lo que escribe cada una, y lo que
/// hicieron otros procesos con la CPU desde `before`.
fn machine(before: Option<CpuTime>) -> String {
    let run = |cmd: &str, args: &[&str]| -> String {
        Command::new(cmd)
            .args(args)
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .unwrap_or_default()
    };
    let lscpu = run("lscpu", &[]);
    let model = lscpu
        .lines()
        .find_map(|l| l.strip_prefix("Model name:"))
        .unwrap_or("desconocido")
        .trim();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let memory = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "desconocida".to_owned());
    format!(
        "- `lscpu | grep 'Model name'`: {model}\n- `nproc`: {}\n\
         - `head -1 /proc/meminfo`: {memory}\n- `uname -sr`: {}\n- `rustc -V`: {}\n{}",
        run("nproc", &[]).trim(),
        run("uname", &["-sr"]).trim(),
        run(&rustc, &["-V"]).trim(),
        others_since(before)
    )
}

/// El cociente frente a su objetivo. Solo se da por cumplido si lo cumple la mitad
/// central de las rondas, y por incumplido si no llega ni esa mitad; si el intervalo
/// cruza el objetivo, esta ejecución no lo decide. `ceiling` es el mismo trabajo sin
/// pool: su cociente frente al otro pool es lo más que podría sacarle un pool que no
/// costara nada, y si ni eso llega al objetivo, se dice.
fn goal(name: &str, runs: &[Vec<f64>], theirs: usize, target: f64) -> String {
    // Este pool es siempre la primera variante, y el techo, la última.
    let (ours, ceiling) = (&runs[0], &runs[runs.len() - 1]);
    let theirs = &runs[theirs];
    let (ratio, low, high) = spread(ours, theirs);
    let (best, best_low, best_high) = spread(ceiling, theirs);
    let verdict = if low >= target {
        "se cumple"
    } else if best_high < target {
        "no se cumple, ni podría: un pool que no costara nada llegaría a"
    } else if high < target {
        "no se cumple"
    } else {
        "esta ejecución no lo decide"
    };
    let bound = if low < target && best_high < target {
        format!(
            " {best:.2}×, con la mitad de las rondas entre {best_low:.2} y {best_high:.2}"
        )
    } else {
        String::new()
    };
    format!(
        "{name} = {ratio:.2}× (la mitad de las rondas entre {low:.2} y {high:.2}; \
         objetivo ≥ {target:.1}×: {verdict}{bound})"
    )
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench");
    let save = full && args.iter().any(|a| a == "--guardar");
    let before = cpu_time();
    let (rounds, sync_ops, async_ops) = if full {
        (15, 20_000, 1_000)
    } else {
        (1, 500, 20)
    };
    let spin = calibrate();
    let work_at_start = work_ns(spin);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;

    let sizes = [2, 4];
    let holds = [false, true];
    // sync[tamaño][variante] y asyn[con await][variante]: una medición por ronda.
    let mut sync = vec![vec![Vec::new(); SYNC.len()]; sizes.len()];
    let mut asyn = vec![vec![Vec::new(); ASYNC.len()]; holds.len()];
    // Las esperas de cada `get` con 4 hilos y un pool de 2, en una pasada aparte por
    // ronda (leer el reloj en cada préstamo cambiaría las cifras de la tabla), con el
    // orden de los dos pools alternado: waited[pool][ronda] = [mediana, p99, máxima].
    let mut waited = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        let (pool, r2pool) = (ours(2), r2(2));
        for i in 0..2 {
            match (i + round) % 2 {
                0 => waited[0].push(waits(sync_ops, &|| pool.get().unwrap(), spin)),
                _ => {
                    waited[1].push(waits(sync_ops, &|| r2pool.get().unwrap(), spin))
                }
            }
        }
        for (s, &size) in sizes.iter().enumerate() {
            for i in 0..SYNC.len() {
                let v = (i + round) % SYNC.len();
                sync[s][v].push(sync_round(v, size, sync_ops, spin));
            }
        }
        for (h, &hold) in holds.iter().enumerate() {
            for i in 0..ASYNC.len() {
                let v = (i + round) % ASYNC.len();
                asyn[h][v].push(async_round(&runtime, v, hold, async_ops, spin));
            }
        }
    }

    let mut table = String::from(
        "| hilos | pool | este pool | r2d2 | sin pool | este ÷ r2d2 |\n\
         |---:|---:|---:|---:|---:|---:|\n",
    );
    let mut goals = String::new();
    for (s, &size) in sizes.iter().enumerate() {
        let [mine, theirs, bare] = [0, 1, 2].map(|v| median(sync[s][v].clone()));
        let (ratio, _, _) = spread(&sync[s][0], &sync[s][1]);
        table.push_str(&format!(
            "| 4 | {size} | {mine:.2} | {theirs:.2} | {bare:.2} | {ratio:.2}× |\n"
        ));
        goals.push_str(&format!(
            "- 4 hilos, pool de {size}: {}.\n",
            goal("este pool ÷ r2d2", &sync[s], 1, 1.0)
        ));
    }
    table.push_str(
        "\n| tareas | pool | `.await` con la conexión | este pool | deadpool | bb8 \
         | sin pool | este ÷ deadpool | este ÷ bb8 |\n\
         |---:|---:|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for (h, &hold) in holds.iter().enumerate() {
        let [mine, dead, bb, bare] =
            [0, 1, 2, 3].map(|v| median(asyn[h][v].clone()));
        let (vs_dead, vs_bb) = (
            spread(&asyn[h][0], &asyn[h][1]).0,
            spread(&asyn[h][0], &asyn[h][2]).0,
        );
        let with = if hold { "sí" } else { "no" };
        table.push_str(&format!(
            "| 64 | 8 | {with} | {mine:.2} | {dead:.2} | {bb:.2} | {bare:.2} | {vs_dead:.2}× \
             | {vs_bb:.2}× |\n"
        ));
        goals.push_str(&format!(
            "- 64 tareas, pool de 8, {} `.await` con la conexión: {}; {}.\n",
            if hold { "con" } else { "sin" },
            goal("este pool ÷ deadpool", &asyn[h], 1, 1.2),
            goal("este pool ÷ bb8", &asyn[h], 2, 1.5),
        ));
    }
    // La mediana de cada columna a lo largo de las rondas.
    let [mine, theirs] =
        waited.map(|w| [0, 1, 2].map(|c| median(w.iter().map(|r| r[c]).collect())));
    let fair = format!(
        "| esperas de `get`, 4 hilos, pool de 2 (mediana de {rounds} rondas) | mediana \
         | p99 | la más larga |\n\
         |---|---:|---:|---:|\n\
         | este pool (por orden de llegada) | {} | {} | {} |\n\
         | r2d2 (se la lleva quien llegue antes) | {} | {} | {} |\n",
        us(mine[0]),
        us(mine[1]),
        us(mine[2]),
        us(theirs[0]),
        us(theirs[1]),
        us(theirs[2]),
    );
    // Lo que tarda de verdad el trabajo de un préstamo, medido al final como la
    // mediana de tramos de 1 000 llamadas. La velocidad de una máquina virtual cambia
    // durante una ejecución: el techo de cada ronda es la columna «sin pool».
    let work_at_end = work_ns(spin);
    goals.push_str(&format!(
        "- El trabajo de cada préstamo tardó {work_at_start:.0} ns al empezar y \
         {work_at_end:.0} ns al final.\n"
    ));
    let text = format!(
        "{table}\n\
         Millones de préstamos por segundo (mediana de {rounds} rondas; {sync_ops} por \
         hilo y {async_ops} por tarea); los cocientes son la mediana de los de cada \
         ronda, en la que las variantes se miden seguidas. Cada préstamo pide una conexión, trabaja con ella \
         el tiempo de {spin} vueltas de un bucle, calibradas al empezar para que duren \
         1 µs, y la devuelve; «sin pool» hace el \
         mismo trabajo, y el mismo `.await`, sin pedir nada a nadie: es el techo. Las \
         tareas corren en un runtime de tokio de 2 hilos.\n\n{goals}\n{fair}\n\
         Medido con `cargo bench -p ejercicio-5-pool --bench comparativa -- --guardar` \
         en:\n\n{}",
        machine(before)
    );
    print!("{text}");
    if save {
        // Escritura atómica: un archivo temporal y un rename, nunca una tabla a medias.
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/resultados.md");
        let tmp = path.with_extension("md.tmp");
        fs::write(&tmp, &text)?;
        fs::rename(&tmp, &path)?;
        println!("\nEscrito {}", path.display());
    }
    Ok(())
}
