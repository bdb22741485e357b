//! Los binarios de los ejercicios: cada uno se ejecuta sin entrada, con la misma orden
//! que muestra el libro (`cargo run --bin ejercicio-N-slug`), y su salida es la de su
//! `.salida`. Los tests de cada ejercicio, los de su biblioteca, están en su paquete.

use libro::run::shown_exercise;

#[test]
fn ejercicio_1_la_cache_caduca_cuenta_y_calcula_una_vez() {
    let run = shown_exercise("ejercicio-1-cache", &[]);
    assert!(run.success);
    assert_eq!(
        run.lines_starting("a los 30 s"),
        ["a los 30 s: None (caducada)"]
    );
    assert_eq!(
        run.lines_starting("estadísticas"),
        ["estadísticas: CacheStats { hits: 2, misses: 2, expired: 1 }"]
    );
    assert_eq!(
        run.lines_starting("8 hilos"),
        ["8 hilos con get_or_insert_with(\"luis\"): 1 cálculo"]
    );
    assert_eq!(
        run.lines_starting("el barrendero"),
        ["el barrendero quitó 100 caducadas"]
    );
}

#[test]
fn ejercicio_2_dos_clientes_conversan_en_una_sala_y_el_apagado_les_avisa() {
    let run = shown_exercise("ejercicio-2-chat", &[]);
    assert!(run.success);
    assert_eq!(
        run.lines_starting("luis < MSG"),
        ["luis < MSG general ana hola, Luis"]
    );
    assert_eq!(run.lines_starting(" ana < ERR SHUTDOWN").len(), 1);
    assert_eq!(run.lines_starting("luis < ERR SHUTDOWN").len(), 1);
}

/// La carga que muestra la solución no se repite aquí (tarda y depende de la
/// máquina), pero tiene la forma de una ejecución real: los núcleos de `nproc`, los
/// dos escenarios y ninguna entrega perdida.
#[test]
fn ejercicio_2_la_medicion_de_carga_tiene_la_forma_de_una_ejecucion() {
    let measured = libro::run::measurement("ejercicio-2-chat", "carga");
    assert_eq!(measured.args, ["--carga"]);
    let nproc = measured.machine_says("nproc").expect("sin `$ nproc`");
    assert!(measured.machine_says("lscpu | grep 'Model name'").is_some());
    assert!(measured.machine_says("rustc --version").is_some());
    let lines = &measured.lines;
    assert!(
        lines[0].ends_with(&format!("núcleos: {}", nproc[0])),
        "{}",
        lines[0]
    );
    let rows: Vec<Vec<&str>> = lines[2..]
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 2, "{lines:?}");
    for (row, clients) in rows.iter().zip(["20", "100"]) {
        // … clientes enviados entregados perdidos entregas/s p50 ms p99 ms máx ms
        let at = row.len() - 11;
        assert_eq!(row[at], clients, "{row:?}");
        assert_eq!(row[at + 3], "0", "entregas perdidas: {row:?}");
        let sent: u64 = row[at + 1].parse().unwrap();
        let delivered: u64 = row[at + 2].parse().unwrap();
        assert_eq!(delivered, sent * clients.parse::<u64>().unwrap());
    }
}

#[test]
fn ejercicio_4_el_pipeline_salta_las_lineas_malas_y_no_deja_salida_si_falla() {
    let run = shown_exercise("ejercicio-4-pipeline", &[]);
    assert!(run.success);
    assert_eq!(
        run.lines_starting("10000 registros"),
        ["10000 registros: 9465 escritos, 532 fuera de [-55, 125], 3 malos"]
    );
    assert_eq!(run.lines_starting("¿existe"), ["¿existe salida.csv? no"; 2]);
    assert_eq!(run.lines_starting("error: pipeline cancelado").len(), 1);
}
