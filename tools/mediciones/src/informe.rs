//! Del archivo de resultados a lo que muestra el apéndice: una tabla de Markdown por
//! medición (con la máquina al pie) y tres gráficas SVG, dibujadas con plotters sin
//! ningún programa externo. Dibujar es determinista: los mismos resultados dan los
//! mismos archivos, byte a byte, y un test lo comprueba con los del repositorio.

use std::fmt::Write as _;

use plotters::prelude::*;

use crate::escalado::{Escalado, KS};
use crate::medir::Stats;
use crate::resultados::Resultados;

/// `1.234` → `1,23`: los números del libro llevan coma decimal.
pub fn num(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

fn range(s: &Stats, decimals: usize) -> String {
    format!(
        "{} ({}–{})",
        num(s.mediana, decimals),
        num(s.min, decimals),
        num(s.max, decimals)
    )
}

fn pie(r: &Resultados) -> String {
    format!("\n*Medido en: {}.*\n", r.maquina.linea())
}

/// Las tablas del apéndice: (nombre del archivo, contenido).
pub fn tablas(r: &Resultados) -> Vec<(String, String)> {
    let mut out = Vec::new();

    let escalado = |rows: &[Escalado]| {
        let mut t = String::from(
            "| modelo | k | mínimo (ms) | mediana (ms) | máximo (ms) | aceleración |\n|---|---:|---:|---:|---:|---:|\n",
        );
        for e in rows {
            writeln!(
                t,
                "| {} | {} | {} | {} | {} | {}× |",
                e.modelo,
                e.k,
                num(e.ms.min, 1),
                num(e.ms.mediana, 1),
                num(e.ms.max, 1),
                num(e.aceleracion, 2)
            )
            .unwrap();
        }
        t + &pie(r)
    };
    out.push(("escalado.md".to_owned(), escalado(&r.escalado)));
    out.push((
        "escalado-cpython.md".to_owned(),
        match &r.cpython {
            Ok(rows) => escalado(rows),
            Err(why) => format!("No se midió CPython: {why}.\n{}", pie(r)),
        },
    ));

    let task = r
        .arranque
        .iter()
        .find(|a| a.unidad.starts_with("una tarea"))
        .map_or(f64::NAN, |a| a.us.mediana);
    let mut t = String::from(
        "| unidad | mínimo (µs) | mediana (µs) | máximo (µs) | frente a una tarea |\n|---|---:|---:|---:|---:|\n",
    );
    for a in &r.arranque {
        writeln!(
            t,
            "| {} | {} | {} | {} | {}× |",
            a.unidad,
            num(a.us.min, 2),
            num(a.us.mediana, 2),
            num(a.us.max, 2),
            num(a.us.mediana / task, 0)
        )
        .unwrap();
    }
    out.push(("arranque.md".to_owned(), t + &pie(r)));

    let mut t = String::from(
        "| modelo | N | crear (ms) | esperar 100 ms (ms) | memoria por unidad (KiB) | resultado |\n|---|---:|---:|---:|---:|---|\n",
    );
    let opt =
        |s: &Option<Stats>| s.as_ref().map_or("—".to_owned(), |s| range(s, 1));
    for e in &r.esperas {
        writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} |",
            e.modelo,
            e.n,
            opt(&e.crear_ms),
            opt(&e.esperar_ms),
            e.kib_por_unidad.map_or("—".to_owned(), |k| num(k, 1)),
            e.error.as_deref().unwrap_or("todas a la vez")
        )
        .unwrap();
    }
    out.push(("esperas.md".to_owned(), t + &pie(r)));

    let mut t = String::from(
        "| canal | 1 productor | 2 productores | 4 productores |\n|---|---:|---:|---:|\n",
    );
    let mut names: Vec<&str> = r.canales.iter().map(|c| c.canal.as_str()).collect();
    names.dedup();
    for name in names {
        let cells: Vec<String> = r
            .canales
            .iter()
            .filter(|c| c.canal == name)
            .map(|c| range(&c.mmsg_s, 1))
            .collect();
        writeln!(t, "| `{name}` | {} |", cells.join(" | ")).unwrap();
    }
    out.push((
        "canales.md".to_owned(),
        t + "\nMillones de mensajes por segundo: mediana (mínimo–máximo).\n"
            + &pie(r),
    ));

    let mut t = String::from(
        "| cerrojo | carga | 1 hilo | 2 hilos | 4 hilos |\n|---|---|---:|---:|---:|\n",
    );
    let mut keys: Vec<(&str, &str)> = r
        .cerrojos
        .iter()
        .map(|c| (c.cerrojo.as_str(), c.carga.as_str()))
        .collect();
    keys.dedup();
    for (lock, load) in keys {
        let cells: Vec<String> = r
            .cerrojos
            .iter()
            .filter(|c| c.cerrojo == lock && c.carga == load)
            .map(|c| range(&c.ns_op, 1))
            .collect();
        writeln!(t, "| `{lock}` | {load} | {} |", cells.join(" | ")).unwrap();
    }
    out.push((
        "cerrojos.md".to_owned(),
        t + "\nNanosegundos por operación: mediana (mínimo–máximo).\n" + &pie(r),
    ));

    let avisos = r.avisos();
    out.push((
        "avisos.md".to_owned(),
        if avisos.is_empty() {
            "Ninguna medida de esta ejecución salió del rango que explica este apéndice.\n"
                .to_owned()
        } else {
            avisos.iter().map(|a| format!("- ⚠ {a}\n")).collect()
        },
    ));
    out
}

/// Una serie de una gráfica: su nombre y sus puntos (x, y).
type Series = (String, Vec<(f64, f64)>);

/// Una gráfica de líneas con x en posiciones 0, 1, 2… que se rotulan con `x_labels`.
fn lines(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    x_labels: &[String],
    series: &[Series],
) -> String {
    let y_max = series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|&(_, y)| y))
        .fold(0.0f64, f64::max)
        * 1.15;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 420)).into_drawing_area();
        root.fill(&WHITE).unwrap();
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(42)
            .y_label_area_size(56)
            .build_cartesian_2d(
                -0.2f64..(x_labels.len() as f64 - 0.8),
                0f64..y_max.max(1e-9),
            )
            .unwrap();
        let labels = x_labels.to_vec();
        chart
            .configure_mesh()
            .x_labels(x_labels.len())
            .x_label_formatter(&move |x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| num(*y, 1))
            .x_desc(x_desc)
            .y_desc(y_desc)
            .draw()
            .unwrap();
        for (i, (name, points)) in series.iter().enumerate() {
            let color = Palette99::pick(i).to_rgba();
            chart
                .draw_series(LineSeries::new(
                    points.iter().copied(),
                    color.stroke_width(2),
                ))
                .unwrap()
                .label(name)
                .legend(move |(x, y)| {
                    PathElement::new(
                        vec![(x, y), (x + 18, y)],
                        color.stroke_width(2),
                    )
                });
            chart
                .draw_series(
                    points.iter().map(|&p| Circle::new(p, 3, color.filled())),
                )
                .unwrap();
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::UpperLeft)
            .draw()
            .unwrap();
        root.present().unwrap();
    }
    svg
}

/// Las gráficas del apéndice: (nombre del archivo, SVG).
pub fn graficas(r: &Resultados) -> Vec<(String, String)> {
    let mut out = Vec::new();

    let ks: Vec<String> = KS.iter().map(u64::to_string).collect();
    let cpython = r.cpython.as_deref().unwrap_or_default();
    let mut models: Vec<&str> = r
        .escalado
        .iter()
        .chain(cpython)
        .map(|e| e.modelo.as_str())
        .collect();
    models.dedup();
    let mut series: Vec<Series> = models
        .iter()
        .map(|m| {
            let points = r
                .escalado
                .iter()
                .chain(cpython)
                .filter(|e| e.modelo == *m)
                .map(|e| {
                    (
                        KS.iter().position(|&k| k == e.k).unwrap() as f64,
                        e.aceleracion,
                    )
                })
                .collect();
            (m.to_string(), points)
        })
        .collect();
    let cores = r.maquina.nucleos as f64;
    series.push((
        format!("ideal con {} núcleos", r.maquina.nucleos),
        KS.iter()
            .enumerate()
            .map(|(i, &k)| (i as f64, (k as f64).min(cores)))
            .collect(),
    ));
    out.push((
        "escalado.svg".to_owned(),
        lines(
            "Aceleración del mismo cálculo con k hilos",
            "k (hilos o procesos)",
            "aceleración frente a k = 1",
            &ks,
            &series,
        ),
    ));

    let ps: Vec<String> = crate::canales::PRODUCTORES
        .iter()
        .map(u64::to_string)
        .collect();
    let mut names: Vec<&str> = r.canales.iter().map(|c| c.canal.as_str()).collect();
    names.dedup();
    let series: Vec<Series> = names
        .iter()
        .map(|n| {
            let points = r
                .canales
                .iter()
                .filter(|c| c.canal == *n)
                .enumerate()
                .map(|(i, c)| (i as f64, c.mmsg_s.mediana))
                .collect();
            (n.to_string(), points)
        })
        .collect();
    out.push((
        "canales.svg".to_owned(),
        lines(
            "Caudal de un canal hacia un consumidor",
            "productores",
            "millones de mensajes por segundo",
            &ps,
            &series,
        ),
    ));

    let hs: Vec<String> =
        crate::cerrojos::HILOS.iter().map(u64::to_string).collect();
    let mut keys: Vec<(&str, &str)> = r
        .cerrojos
        .iter()
        .map(|c| (c.cerrojo.as_str(), c.carga.as_str()))
        .collect();
    keys.dedup();
    let series: Vec<Series> = keys
        .iter()
        .map(|&(lock, load)| {
            let points = r
                .cerrojos
                .iter()
                .filter(|c| c.cerrojo == lock && c.carga == load)
                .enumerate()
                .map(|(i, c)| (i as f64, c.ns_op.mediana))
                .collect();
            (format!("{lock} ({load})"), points)
        })
        .collect();
    out.push((
        "cerrojos.svg".to_owned(),
        lines(
            "Coste de una operación con el cerrojo compartido",
            "hilos",
            "nanosegundos por operación",
            &hs,
            &series,
        ),
    ));
    out
}
