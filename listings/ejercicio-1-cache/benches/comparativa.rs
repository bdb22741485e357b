//! La comparativa del ejercicio 1: la caché de un cerrojo, la repartida, dashmap y moka
//! en la misma ejecución, con 1 y 2 hilos, 90 % lecturas y 10 000 claves, uniformes o
//! sesgadas (Zipf); y lo que cuesta leer el reloj frente a buscar en un `HashMap`.
//!
//! Ejecuta: `cargo bench -p ejercicio-1-cache --bench comparativa`
//! Para reescribir la tabla que muestra el libro (`benches/resultados.md`):
//! `cargo bench -p ejercicio-1-cache --bench comparativa -- --guardar`
//!
//! Cada ronda mide todas las variantes, en un orden que rota de una ronda a otra para
//! que ninguna salga siempre primera o última; la tabla da la mediana de las rondas.
//! Con `cargo test --benches` (sin `--bench`) hace una sola ronda corta, para
//! comprobar que funciona.

use std::collections::HashMap;
use std::fs;
use std::hash::{BuildHasher, RandomState};
use std::hint::black_box;
use std::io;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_utils::CachePadded;
use dashmap::DashMap;
use ejercicio_1_cache::{Clock, CoarseClock, ShardedTtlCache, TtlCache};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Zipf};

const KEYS: u64 = 10_000;
const TTL: Duration = Duration::from_secs(3600);

/// Lo que la comparativa hace con cada caché: leer y escribir una clave.
trait Bench: Sync {
    fn read(&self, key: u64) -> bool;
    fn write(&self, key: u64, value: u64);
}

impl Bench for TtlCache<u64, u64> {
    fn read(&self, key: u64) -> bool {
        self.get(&key).is_some()
    }
    fn write(&self, key: u64, value: u64) {
        self.insert(key, value);
    }
}

impl<C: Clock, S: BuildHasher + Sync> Bench for ShardedTtlCache<u64, u64, C, S> {
    fn read(&self, key: u64) -> bool {
        self.get(&key).is_some()
    }
    fn write(&self, key: u64, value: u64) {
        self.insert(key, value);
    }
}

impl<S: BuildHasher + Clone + Sync + Send> Bench for DashMap<u64, u64, S> {
    fn read(&self, key: u64) -> bool {
        self.get(&key).is_some()
    }
    fn write(&self, key: u64, value: u64) {
        self.insert(key, value);
    }
}

impl Bench for moka::sync::Cache<u64, u64> {
    fn read(&self, key: u64) -> bool {
        self.get(&key).is_some()
    }
    fn write(&self, key: u64, value: u64) {
        self.insert(key, value);
    }
}

/// Solo lo que comparten la caché repartida y dashmap: elegir fragmento y tomar su
/// cerrojo, sin hash que calcular ni tabla en la que buscar. Ninguna caché repartida
/// con un `RwLock` por fragmento puede ir más deprisa: es el techo.
struct LocksOnly(Box<[CachePadded<parking_lot::RwLock<u64>>]>);

impl LocksOnly {
    fn new(shards: usize) -> LocksOnly {
        LocksOnly((0..shards).map(|_| CachePadded::default()).collect())
    }

    fn shard(&self, key: u64) -> &parking_lot::RwLock<u64> {
        // Una multiplicación basta para repartir claves que ya son aleatorias.
        let hash = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        &self.0[((u128::from(hash) * self.0.len() as u128) >> 64) as usize]
    }
}

impl Bench for LocksOnly {
    fn read(&self, key: u64) -> bool {
        *self.shard(key).read() != u64::MAX
    }
    fn write(&self, key: u64, value: u64) {
        *self.shard(key).write() = value;
    }
}

const VARIANTS: [&str; 8] = [
    "TtlCache",
    "Sharded",
    "Sharded+Coarse",
    "dashmap",
    "moka",
    "Sharded+Coarse, foldhash",
    "dashmap, foldhash",
    "solo los cerrojos",
];

fn build(variant: &str) -> Box<dyn Bench> {
    match variant {
        "TtlCache" => Box::new(TtlCache::new(TTL).unwrap()),
        "Sharded" => Box::new(ShardedTtlCache::new(TTL).unwrap()),
        "Sharded+Coarse" => {
            let clock = CoarseClock::new(Duration::from_millis(1)).unwrap();
            Box::new(ShardedTtlCache::with_clock(TTL, clock).unwrap())
        }
        "dashmap" => Box::new(DashMap::new()),
        "Sharded+Coarse, foldhash" => {
            let clock = CoarseClock::new(Duration::from_millis(1)).unwrap();
            let shards =
                ShardedTtlCache::<u64, u64>::new(TTL).unwrap().shard_count();
            Box::new(
                ShardedTtlCache::with_shards_and_hasher(
                    TTL,
                    shards,
                    clock,
                    foldhash::quality::RandomState::default(),
                )
                .unwrap(),
            )
        }
        "solo los cerrojos" => Box::new(LocksOnly::new(
            ShardedTtlCache::<u64, u64>::new(TTL).unwrap().shard_count(),
        )),
        "dashmap, foldhash" => Box::new(DashMap::with_hasher(
            foldhash::quality::RandomState::default(),
        )),
        _ => Box::new(
            moka::sync::Cache::builder()
                .max_capacity(2 * KEYS)
                .time_to_live(TTL)
                .build(),
        ),
    }
}

/// Una operación: la clave y si es una escritura (el 10 %).
type Op = (u64, bool);

fn workload(skewed: bool, ops: usize, seed: u64) -> Vec<Op> {
    let mut rng = StdRng::seed_from_u64(seed);
    // Zipf con s = 1: la clave más pedida se lleva cerca del 10 % de las consultas.
    let zipf = Zipf::new(KEYS as f64, 1.0).unwrap();
    (0..ops)
        .map(|_| {
            let key = if skewed {
                zipf.sample(&mut rng) as u64 - 1
            } else {
                rng.random_range(0..KEYS)
            };
            (key, rng.random_range(0..10) == 0)
        })
        .collect()
}

/// Operaciones de cada tramo que se cronometra por separado.
const CHUNK: usize = 2_000;

/// Cada cuántas operaciones publica un hilo cuántas lleva.
const BEAT: usize = 100;

/// Millones de operaciones por segundo de tantos hilos como cargas, uno por carga, y
/// la fracción de tramos que se cronometraron con todos los hilos avanzando a la vez.
///
/// Cada hilo cronometra su carga a tramos de `CHUNK` operaciones y cuenta la mediana
/// de los tramos: en una máquina compartida, el tramo en que el planificador quitó el
/// núcleo al hilo es un valor atípico y la mediana lo ignora, mientras que con un solo
/// cronómetro castigaría más a la variante más lenta, que pasa más tiempo expuesta.
/// Con varios hilos solo cuentan los tramos durante los que cada uno de los otros
/// hilos hizo al menos la mitad de operaciones que este: los que miden cuánto se
/// estorban. Que un hilo esté en su bucle no basta: en una máquina virtual, el núcleo
/// virtual del otro puede estar parado por el anfitrión, y entonces este corre solo y
/// sin estorbos.
fn throughput(cache: &dyn Bench, loads: &[Vec<Op>]) -> (f64, f64) {
    for key in 0..KEYS {
        cache.write(key, key);
    }
    let threads = loads.len();
    let start = Barrier::new(threads);
    // Cuántas operaciones lleva cada hilo, cada uno en su línea de caché.
    let done: Vec<CachePadded<AtomicUsize>> = (0..threads)
        .map(|_| CachePadded::new(AtomicUsize::new(0)))
        .collect();
    let chunks: Vec<(f64, bool)> = thread::scope(|s| {
        let handles: Vec<_> = loads
            .iter()
            .enumerate()
            .map(|(me, load)| {
                let (start, done) = (&start, &done);
                s.spawn(move || {
                    start.wait();
                    let others = || -> Vec<usize> {
                        let all = done.iter().enumerate();
                        all.filter(|&(t, _)| t != me)
                            .map(|(_, d)| d.load(Ordering::Relaxed))
                            .collect()
                    };
                    let mut found = 0u64;
                    let mut times = Vec::new();
                    let mut total = 0;
                    for chunk in load.chunks(CHUNK) {
                        let (before, began) = (others(), Instant::now());
                        for beat in chunk.chunks(BEAT) {
                            for &(key, write) in beat {
                                if write {
                                    cache.write(key, key);
                                } else {
                                    found += u64::from(cache.read(key));
                                }
                            }
                            total += beat.len();
                            done[me].store(total, Ordering::Relaxed);
                        }
                        let per_op =
                            began.elapsed().as_secs_f64() / chunk.len() as f64;
                        let together =
                            others().iter().zip(&before).all(|(after, before)| {
                                after - before >= chunk.len() / 2
                            });
                        times.push((per_op, together));
                    }
                    // Al acabar, su cuenta deja de avanzar: los tramos que les queden a
                    // los otros ya no cuentan.
                    black_box(found);
                    times
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let together: Vec<f64> = chunks.iter().filter(|c| c.1).map(|c| c.0).collect();
    let fraction = together.len() as f64 / chunks.len() as f64;
    let counted = if together.is_empty() {
        chunks.iter().map(|c| c.0).collect()
    } else {
        together
    };
    // Cada hilo hace una operación cada `median` segundos.
    (threads as f64 / median(counted) / 1e6, fraction)
}

/// Nanosegundos por llamada de `f`, la mediana de `n / CHUNK` tramos.
fn ns_per_call(n: usize, mut f: impl FnMut(usize)) -> f64 {
    let times = (0..n / CHUNK)
        .map(|c| {
            let start = Instant::now();
            for i in c * CHUNK..(c + 1) * CHUNK {
                f(i);
            }
            start.elapsed().as_nanos() as f64 / CHUNK as f64
        })
        .collect();
    median(times)
}

/// Cuántas entradas guardan la caché del ejercicio y moka, limitada a `KEYS`, tras
/// insertar `n` claves distintas: la primera no tiene límite de tamaño.
fn bounded(n: usize) -> (usize, u64) {
    let ours = ShardedTtlCache::new(TTL).unwrap();
    let theirs = moka::sync::Cache::builder()
        .max_capacity(KEYS)
        .time_to_live(TTL)
        .build();
    for key in 0..n as u64 {
        ours.insert(key, key);
        theirs.insert(key, key);
    }
    theirs.run_pending_tasks(); // moka aplica sus desalojos en diferido
    (ours.len(), theirs.entry_count())
}

/// Lo que cuesta cada pieza de una consulta, por separado.
const MICRO: [&str; 8] = [
    "`Instant::now()`",
    "`CoarseClock::now()`",
    "hash de un `u64` con `RandomState` (SipHash)",
    "hash de un `u64` con foldhash",
    "`HashMap::get`, 10 000 claves `u64`",
    "tomar y soltar un `RwLock` para leer",
    "clonar y soltar un `Arc`",
    "`fetch_add` de un contador atómico",
];

fn micro_round(n: usize, keys: &[u64]) -> [f64; 8] {
    let (sip, fold) = (
        RandomState::new(),
        foldhash::quality::RandomState::default(),
    );
    let coarse = CoarseClock::new(Duration::from_millis(1)).unwrap();
    let map: HashMap<u64, u64> = (0..KEYS).map(|k| (k, k)).collect();
    let lock = parking_lot::RwLock::new(0u64);
    let arc = Arc::new(0u64);
    let counter = AtomicU64::new(0);
    [
        ns_per_call(n, |_| {
            black_box(Instant::now());
        }),
        ns_per_call(n, |_| {
            black_box(coarse.now());
        }),
        ns_per_call(n, |i| {
            black_box(sip.hash_one(keys[i % keys.len()]));
        }),
        ns_per_call(n, |i| {
            black_box(fold.hash_one(keys[i % keys.len()]));
        }),
        ns_per_call(n, |i| {
            black_box(map.get(&keys[i % keys.len()]));
        }),
        ns_per_call(n, |_| {
            black_box(*black_box(&lock).read());
        }),
        ns_per_call(n, |_| {
            black_box(Arc::clone(black_box(&arc)));
        }),
        ns_per_call(n, |_| {
            black_box(&counter).fetch_add(1, Ordering::Relaxed);
        }),
    ]
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
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

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench");
    let save = full && args.iter().any(|a| a == "--guardar");
    let before = cpu_time();
    let (rounds, ops) = if full { (11, 200_000) } else { (1, 2_000) };

    // (hilos, claves sesgadas); cada hilo con su carga, la misma en cada ronda.
    let configs = [(1, false), (1, true), (2, false), (2, true)];
    let loads: Vec<Vec<Vec<Op>>> = configs
        .iter()
        .map(|&(threads, skewed)| {
            (0..threads).map(|t| workload(skewed, ops, t)).collect()
        })
        .collect();
    // results[config][variante]: una medición por ronda
    let mut results = vec![vec![Vec::new(); VARIANTS.len()]; configs.len()];
    // overlap[variante]: la fracción de tramos con los dos hilos avanzando, por ronda
    let mut overlap = vec![Vec::new(); VARIANTS.len()];
    let mut micro = vec![Vec::new(); MICRO.len()];
    let keys: Vec<u64> = loads[0][0].iter().map(|&(k, _)| k).collect();
    for round in 0..rounds {
        for (c, load) in loads.iter().enumerate() {
            for i in 0..VARIANTS.len() {
                let v = (i + round) % VARIANTS.len();
                let cache = build(VARIANTS[v]);
                let (mops, together) = throughput(&*cache, load);
                results[c][v].push(mops);
                if load.len() > 1 {
                    overlap[v].push(together);
                }
            }
        }
        for (i, ns) in micro_round(ops * 5, &keys).into_iter().enumerate() {
            micro[i].push(ns);
        }
    }

    let m = |c: usize, v: usize| median(results[c][v].clone());
    // Los cocientes, ronda a ronda: cada ronda mide todas las variantes seguidas, así
    // que una racha lenta de la máquina les toca a todas las de esa ronda; la mediana
    // de los cocientes de cada ronda la nota menos que el cociente de dos medianas.
    let ratios = |c: usize, a: usize, b: usize| -> Vec<f64> {
        let (a, b) = (&results[c][a], &results[c][b]);
        let mut xs: Vec<f64> = a.iter().zip(b).map(|(a, b)| a / b).collect();
        xs.sort_by(f64::total_cmp);
        xs
    };
    let r = |c: usize, a: usize, b: usize| median(ratios(c, a, b));
    let mut table = format!(
        "| hilos | claves | {} | Sharded ÷ TtlCache | Sharded+Coarse ÷ dashmap \
         | ídem, foldhash | Sharded ÷ moka |\n|---:|---|{}---:|---:|---:|---:|\n",
        VARIANTS[..7].join(" | "),
        "---:|".repeat(7)
    );
    for (c, &(threads, skewed)) in configs.iter().enumerate() {
        let keys = if skewed { "sesgadas" } else { "uniformes" };
        let [single, sharded, coarse, dash, moka, cf, df] =
            [0, 1, 2, 3, 4, 5, 6].map(|v| m(c, v));
        table.push_str(&format!(
            "| {threads} | {keys} | {single:.1} | {sharded:.1} | {coarse:.1} | {dash:.1} \
             | {moka:.1} | {cf:.1} | {df:.1} | {:.2}× | {:.2}× | {:.2}× | {:.1}× |\n",
            r(c, 1, 0),
            r(c, 2, 3),
            r(c, 5, 6),
            r(c, 1, 4),
        ));
    }
    let ceiling = |c: usize| m(c, 7);
    let mut costs =
        String::from("| operación, 1 hilo | ns por llamada |\n|---|---:|\n");
    let micro: Vec<f64> = micro.into_iter().map(median).collect();
    for (name, ns) in MICRO.iter().zip(&micro) {
        costs.push_str(&format!("| {name} | {ns:.1} |\n"));
    }
    // Los objetivos con 2 hilos, comprobados sobre esta misma ejecución.
    let mut goals = String::new();
    for (c, keys) in [(2, "uniformes"), (3, "sesgadas")] {
        // Se cumple si lo cumple la mitad central de las rondas; no, si no llega ni
        // el cuartil de arriba; si el intervalo cruza el objetivo, no se decide.
        let goal = |name: &str, (a, b): (usize, usize), target: f64| {
            let xs = ratios(c, a, b);
            // El cuartil de abajo redondea hacia abajo y el de arriba hacia arriba: la
            // mitad central, sin correrla hacia ningún lado.
            let last = (xs.len() - 1) as f64;
            let (low, high) = (
                xs[(last * 0.25).floor() as usize],
                xs[(last * 0.75).ceil() as usize],
            );
            let verdict = if low >= target {
                "se cumple"
            } else if high < target {
                "no se cumple"
            } else {
                "esta ejecución no lo decide"
            };
            format!(
                "{name} = {:.2}× (la mitad de las rondas entre {low:.2} y {high:.2}; \
                 objetivo ≥ {target:.1}×: {verdict})",
                median(xs.clone())
            )
        };
        goals.push_str(&format!(
            "- 2 hilos, claves {keys}: {}; {}.\n",
            goal("`Sharded` ÷ `TtlCache`", (1, 0), 1.2),
            goal("`Sharded+Coarse` ÷ dashmap", (2, 3), 1.0),
        ));
        goals.push_str(&format!(
            "  Con foldhash en los dos: {}; y con foldhash solo en la caché, frente a \
             dashmap tal cual: {:.2}×.\n",
            goal("`Sharded+Coarse` ÷ dashmap", (5, 6), 1.0),
            r(c, 5, 3),
        ));
    }
    let (ours, theirs) = bounded(10 * KEYS as usize);
    goals.push_str(&format!(
        "- Tras insertar {} claves distintas, `ShardedTtlCache` guarda {ours} entradas; \
         moka, con `max_capacity({KEYS})`, guarda {theirs}.\n",
        10 * KEYS
    ));
    goals.push_str(&format!(
        "- El techo, solo los cerrojos (elegir fragmento y tomar su `RwLock`, sin hash ni \
         tabla): {:.1} millones de operaciones por segundo con 1 hilo y {:.1} con 2 \
         (claves uniformes). dashmap llega al {:.0} % de ese techo con 2 hilos, y \
         `Sharded+Coarse` al {:.0} %.\n",
        ceiling(0),
        ceiling(2),
        100.0 * m(2, 3) / ceiling(2),
        100.0 * m(2, 2) / ceiling(2),
    ));
    let mean = |xs: &[f64]| 100.0 * xs.iter().sum::<f64>() / xs.len() as f64;
    let (worst, fewest) = overlap
        .iter()
        .map(|o| mean(o))
        .zip(VARIANTS)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .expect("hay variantes");
    goals.push_str(&format!(
        "- Con 2 hilos, el {:.0} % de los tramos se cronometró con los dos avanzando a la \
         vez (el otro hilo hizo en ese tiempo al menos la mitad de operaciones), y nunca \
         menos del {worst:.0} % en ninguna variante ({fewest}); solo esos cuentan.\n",
        mean(&overlap.concat()),
    ));
    goals.push_str(&format!(
        "- Leer `Instant::now()` cuesta {:.1} veces un `HashMap::get`; leer el \
         `CoarseClock`, {:.2} veces.\n",
        micro[0] / micro[4],
        micro[1] / micro[4],
    ));
    let text = format!(
        "{table}\n\
         Millones de operaciones por segundo (mediana de {rounds} rondas de {ops} \
         operaciones por hilo, 90 % `get` y 10 % `insert`, 10 000 claves); los cocientes \
         son la mediana de los de cada ronda, en la que las variantes se miden seguidas. `Sharded` es \
         `ShardedTtlCache` con el reloj del sistema; `Sharded+Coarse`, con un \
         `CoarseClock` de 1 ms. Las columnas «foldhash» usan \
         `foldhash::quality::RandomState` en lugar del hash de la biblioteca estándar.\n\n{goals}\n{costs}\n\
         Medido con `cargo bench -p ejercicio-1-cache --bench comparativa -- --guardar` \
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
