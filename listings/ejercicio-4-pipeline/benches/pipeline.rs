//! El pipeline frente al bucle secuencial, en la misma ejecución: 1 000 000 de
//! registros, con etapas ligeras y con una transformación cara (cien senos por
//! lectura, unos 2 µs). Escribe la máquina y una tabla de medianas. El pipeline
//! tiene un filtro por núcleo disponible (el valor por defecto), salvo en la fila
//! que dice otra cosa. Junto al tiempo de reloj da el de CPU, sumado el de todos los
//! hilos: lo que el pipeline trabaja de más que el bucle.
//!
//! Ejecuta: `cargo bench -p ejercicio-4-pipeline --bench pipeline`
//!
//! `cargo test --benches` lo ejecuta una vez con 20 000 registros, para comprobar
//! que funciona sin medir nada.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use ejercicio_4_pipeline::{
    CancellationToken, Pipeline, PipelineConfig, PipelineReport, Reading, sample,
};

/// Cien senos encadenados por lectura (unos 2 µs en una máquina tranquila), que no
/// cambian su valor.
fn heavy(reading: &mut Reading) {
    let mut x = reading.value;
    for _ in 0..ITERATIONS {
        x = black_box(x.sin() + x);
    }
    reading.value += x * 0.0;
}

const ITERATIONS: u32 = 100;

/// Procesa el CSV y escribe la salida en la ruta; devuelve el informe, si lo hay.
type Run = Box<dyn Fn(&[u8], &Path) -> Option<PipelineReport>>;

struct Variant {
    name: String,
    run: Run,
}

fn pipeline(batch_size: usize, heavy_stage: bool) -> Pipeline {
    let config = PipelineConfig {
        batch_size,
        ..PipelineConfig::default()
    };
    with_filters(config, heavy_stage)
}

fn with_filters(config: PipelineConfig, heavy_stage: bool) -> Pipeline {
    let pipeline = Pipeline::new(config).unwrap();
    match heavy_stage {
        true => pipeline.with_transform(heavy),
        false => pipeline,
    }
}

fn sequential(heavy_stage: bool) -> Variant {
    let pipeline = pipeline(1, heavy_stage);
    Variant {
        name: "bucle secuencial".to_owned(),
        run: Box::new(move |csv, out| {
            Some(pipeline.run_sequential(csv, out).unwrap())
        }),
    }
}

/// Solo lo que hace la etapa de lectura: separar los registros del CSV. Ningún
/// pipeline con esta etapa puede ir más deprisa que esto.
fn reading_only() -> Variant {
    Variant {
        name: "solo la lectura (separar el CSV)".to_owned(),
        run: Box::new(|csv, _| {
            let mut reader = ejercicio_4_pipeline::record::csv_reader(csv);
            let mut record = csv::ByteRecord::new();
            let mut count = 0u64;
            while reader.read_byte_record(&mut record).unwrap() {
                count += 1;
            }
            black_box(count);
            None
        }),
    }
}

fn threaded(name: String, batch_size: usize, heavy_stage: bool) -> Variant {
    run_pipeline(name, pipeline(batch_size, heavy_stage))
}

/// Lotes del tamaño por defecto y un solo filtro: la transformación, en un hilo.
fn one_filter(name: String) -> Variant {
    let config = PipelineConfig {
        filter_workers: 1,
        ..PipelineConfig::default()
    };
    run_pipeline(name, with_filters(config, true))
}

fn run_pipeline(name: String, pipeline: Pipeline) -> Variant {
    let cancel = CancellationToken::new();
    Variant {
        name,
        run: Box::new(move |csv, out| {
            Some(pipeline.run(csv, out, &cancel).unwrap())
        }),
    }
}

/// La mediana de una variante: el tiempo de reloj y el de CPU, sumado el de todos sus
/// hilos (si el sistema lo da).
#[derive(Clone, Copy)]
struct Median {
    wall: Duration,
    cpu: Option<Duration>,
    /// La mediana, vuelta a vuelta, de lo que tardó el bucle dividido entre lo que
    /// tardó esta variante en la misma vuelta: una racha lenta de la máquina les toca
    /// a las dos.
    speedup: f64,
    /// El cuartil de abajo y el de arriba de esos cocientes.
    quartiles: (f64, f64),
}

/// El tiempo de CPU del proceso hasta ahora, de todos sus hilos, vivos y terminados:
/// `utime` + `stime` de `/proc/self/stat`, en tics de 1/100 s (Linux).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // El nombre del programa va entre paréntesis y puede tener espacios.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split(' ').collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    Some(Duration::from_millis((ticks(11)? + ticks(12)?) * 10))
}

fn median<T: Ord + Copy>(mut values: Vec<T>) -> T {
    values.sort();
    values[values.len() / 2]
}

/// Mide cada variante `reps` veces, intercaladas (A B C A B C…) para que la carga de
/// la máquina las afecte por igual, y devuelve la mediana de cada una.
fn medians(variants: &[Variant], csv: &[u8], reps: usize) -> Vec<Median> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("salida.csv");
    let mut times = vec![Vec::new(); variants.len()];
    let mut cpu = vec![Vec::new(); variants.len()];
    let mut reports = Vec::new();
    for _ in 0..reps {
        for (i, variant) in variants.iter().enumerate() {
            let cpu_before = cpu_time();
            let start = Instant::now();
            let report = (variant.run)(csv, &out);
            times[i].push(start.elapsed());
            cpu[i].push(cpu_time().zip(cpu_before).map(|(after, b)| after - b));
            reports.extend(report);
        }
    }
    assert!(
        reports.windows(2).all(|w| w[0] == w[1]),
        "informes distintos"
    );
    let baseline = times[0].clone();
    times
        .into_iter()
        .zip(cpu)
        .map(|(wall, cpu)| {
            let mut ratios: Vec<f64> = baseline
                .iter()
                .zip(&wall)
                .map(|(base, this)| base.as_secs_f64() / this.as_secs_f64())
                .collect();
            ratios.sort_by(f64::total_cmp);
            let last = (ratios.len() - 1) as f64;
            Median {
                wall: median(wall),
                cpu: cpu.into_iter().collect::<Option<Vec<_>>>().map(median),
                speedup: ratios[ratios.len() / 2],
                quartiles: (
                    ratios[(last * 0.25).floor() as usize],
                    ratios[(last * 0.75).ceil() as usize],
                ),
            }
        })
        .collect()
}

fn table(
    title: &str,
    variants: &[Variant],
    csv: &[u8],
    records: usize,
    reps: usize,
) -> Vec<Median> {
    let medians = medians(variants, csv, reps);
    println!("\n{title}");
    println!(
        "| variante | mediana | por registro | CPU, todos los hilos | frente al bucle |"
    );
    println!("|---|---:|---:|---:|---:|");
    let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
    for (variant, median) in variants.iter().zip(&medians) {
        let per_record = median.wall.as_nanos() as f64 / records as f64;
        let speedup = median.speedup;
        let cpu = median.cpu.map_or("—".to_owned(), ms);
        println!(
            "| {} | {} | {per_record:.0} ns | {cpu} | {speedup:.2}× |",
            variant.name,
            ms(median.wall)
        );
    }
    medians
}

/// La meta de una variante frente al bucle: se cumple si la cumple la mitad central
/// de las vueltas; no, si no llega ni su cuartil de arriba; si no, no se decide.
fn goal(name: &str, median: &Median, target: f64) -> String {
    let (low, high) = median.quartiles;
    let verdict = if low >= target {
        "se cumple"
    } else if high < target {
        "no se cumple"
    } else {
        "esta ejecución no lo decide"
    };
    format!(
        "{name} frente al bucle: {:.2}× (la mitad central de las vueltas entre {low:.2} y {high:.2}; objetivo ≥ {target}×: {verdict})",
        median.speedup
    )
}

/// Solo la transformación, sin leer ni escribir nada: en un hilo, y repartida en
/// dos mitades entre dos hilos. Su cociente es lo más que puede dar cualquier reparto
/// de ese trabajo entre dos núcleos en esta máquina (una máquina virtual no siempre
/// da dos núcleos enteros). Devuelve las medianas de un hilo y de dos.
fn transform_alone(records: usize, reps: usize) -> (Duration, Duration) {
    let readings = sample::readings(records, 11);
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..reps {
        let mut work = readings.clone();
        let start = Instant::now();
        work.iter_mut().for_each(heavy);
        times[0].push(start.elapsed());
        black_box(&work);
        let mut work = readings.clone();
        let start = Instant::now();
        let (left, right) = work.split_at_mut(records / 2);
        std::thread::scope(|s| {
            s.spawn(|| left.iter_mut().for_each(heavy));
            right.iter_mut().for_each(heavy);
        });
        times[1].push(start.elapsed());
        black_box(&work);
    }
    let [one, two] = times.map(median);
    (one, two)
}

fn machine() {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "desconocido".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = Command::new(std::env::var("RUSTC").unwrap_or("rustc".into()))
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "desconocida".to_owned());
    let kernel = Command::new("uname")
        .arg("-sr")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    println!(
        "Procesador: {model}; núcleos disponibles: {cores}; memoria: {memory}; {kernel}; {rustc}"
    );
}

/// El tiempo de todos los núcleos de la máquina, el ocupado y el que se llevó el
/// anfitrión de la máquina virtual, en tics de 1/100 s, de `/proc/stat` (Linux).
fn machine_ticks() -> Option<[u64; 3]> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let f: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    // user nice system idle iowait irq softirq steal
    let [user, nice, system, idle, iowait, irq, softirq, steal] = *f.get(..8)?
    else {
        return None;
    };
    let busy = user + nice + system + irq + softirq;
    Some([busy + idle + iowait + steal, busy, steal])
}

/// Qué parte de la CPU de la máquina usaron otros procesos desde `before`, y cuánta
/// se llevó el anfitrión.
fn others_since(before: Option<([u64; 3], Duration)>) -> String {
    let now = machine_ticks().zip(cpu_time());
    let (Some(([t0, b0, s0], mine0)), Some(([t1, b1, s1], mine1))) = (before, now)
    else {
        return "CPU de otros procesos mientras medía: desconocida (sin /proc)"
            .to_owned();
    };
    let total = (t1 - t0).max(1) as f64;
    let mine = (mine1 - mine0).as_millis() as u64 / 10;
    let others = (b1 - b0).saturating_sub(mine) as f64;
    format!(
        "Mientras medía, otros procesos usaron el {:.1} % de la CPU de la máquina, y el anfitrión de la máquina virtual se llevó el {:.1} % (/proc/stat)",
        100.0 * others / total,
        100.0 * (s1 - s0) as f64 / total
    )
}

fn main() {
    // `cargo bench` pasa `--bench`; `cargo test --benches`, no.
    let measuring = std::env::args().any(|a| a == "--bench");
    let (records, reps) = if measuring {
        (1_000_000, 5)
    } else {
        (20_000, 1)
    };
    let csv = sample::to_csv(&sample::readings(records, 11)).into_bytes();
    let before = machine_ticks().zip(cpu_time());
    if measuring {
        machine();
        println!(
            "{records} registros, mediana de {reps} ejecuciones de cada variante"
        );
        let workers = PipelineConfig::default().filter_workers;
        println!("El pipeline, con {workers} filtros, salvo donde se dice");
    }
    // El tamaño de lote por defecto, el que usa quien no lo cambia.
    let batch = PipelineConfig::default().batch_size;
    let batched = format!("pipeline, lotes de {batch} registros");
    let light = [
        sequential(false),
        reading_only(),
        threaded("pipeline, lotes de 1 registro".to_owned(), 1, false),
        threaded(batched.clone(), batch, false),
    ];
    let light_medians = table("Etapas ligeras", &light, &csv, records, reps);
    let goal_name = format!("Lotes de {batch}");
    println!("\n{}", goal(&goal_name, &light_medians[3], 0.8));
    let times: Vec<Duration> = light_medians.iter().map(|m| m.wall).collect();
    // Cuatro canales en el camino de cada registro (hasta el análisis, hasta la cola
    // de los filtros, de vuelta a la agregación y hasta la escritura): cada registro
    // suelto paga cuatro envíos (y sus recepciones), y su lote, un permiso.
    // No es un envío medido aparte: es la diferencia de tiempo total repartida entre
    // los envíos, y lleva dentro todo lo que cada etapa hace una vez por lote.
    let sends = records * 4;
    let per_send =
        (times[2].as_secs_f64() - times[3].as_secs_f64()) * 1e9 / sends as f64;
    println!(
        "\nDiferencia entre las medianas de lotes de 1 y de {batch}, dividida entre los {sends} envíos de los lotes de 1: {per_send:.0} ns por envío"
    );
    let heavy = [
        sequential(true),
        threaded(batched.clone(), batch, true),
        one_filter(format!("{batched}, un solo filtro")),
    ];
    let heavy_medians = table(
        "Con una transformación cara (100 senos por lectura)",
        &heavy,
        &csv,
        records,
        reps,
    );
    println!(
        "\n{}",
        goal(
            &format!("{goal_name}, dos filtros"),
            &heavy_medians[1],
            1.85
        )
    );
    let heavy_times: Vec<Duration> = heavy_medians.iter().map(|m| m.wall).collect();
    let per_reading = (heavy_times[0].as_secs_f64() - times[0].as_secs_f64()) * 1e6
        / records as f64;
    println!(
        "\nDiferencia entre las medianas del bucle con y sin la transformación, dividida entre las {records} lecturas: {per_reading:.1} µs por lectura"
    );
    let (one, two) = transform_alone(records, reps);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "\nSolo la transformación, sin pipeline ni E/S: {:.0} ms en un hilo y {:.0} ms repartida entre dos ({:.2}×): lo más que puede acelerarla cualquier reparto en dos núcleos de esta máquina",
        ms(one),
        ms(two),
        one.as_secs_f64() / two.as_secs_f64()
    );
    if measuring {
        println!("\n{}", others_since(before));
    }
}
