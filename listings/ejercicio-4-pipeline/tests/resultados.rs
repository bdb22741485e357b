//! Las cifras que muestra el libro están en `benches/resultados.txt`, tal como las
//! escribe el benchmark: este test comprueba que el archivo tiene la forma que la
//! página explica (la máquina, los filtros, las variantes y sus proporciones).

const RESULTS: &str = include_str!("../benches/resultados.txt");

#[test]
fn las_cifras_del_libro_son_una_ejecucion_completa_del_benchmark() {
    let mut lines = RESULTS.lines();
    assert_eq!(
        lines.next(),
        Some("$ cargo bench -p ejercicio-4-pipeline --bench pipeline")
    );
    let machine = lines.next().unwrap();
    assert!(machine.starts_with("Procesador: "), "{machine}");
    assert!(machine.contains("; núcleos disponibles: "), "{machine}");
    assert!(machine.contains("; rustc "), "{machine}");
    assert_eq!(
        lines.next(),
        Some("1000000 registros, mediana de 5 ejecuciones de cada variante")
    );
    let filters = lines.next().unwrap();
    assert!(filters.starts_with("El pipeline, con "), "{filters}");
    assert!(
        filters.ends_with(" filtros, salvo donde se dice"),
        "{filters}"
    );
    let rows: Vec<&str> = RESULTS.lines().filter(|l| l.starts_with("| ")).collect();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r.split(" | ").next().unwrap().trim_start_matches("| "))
        .collect();
    assert_eq!(
        names,
        [
            "variante",
            "bucle secuencial",
            "solo la lectura (separar el CSV)",
            "pipeline, lotes de 1 registro",
            "pipeline, lotes de 4096 registros",
            "variante",
            "bucle secuencial",
            "pipeline, lotes de 4096 registros",
            "pipeline, lotes de 4096 registros, un solo filtro",
        ]
    );
    let headers = rows.iter().filter(|r| r.starts_with("| variante"));
    assert!(headers.into_iter().all(|r| {
        *r == "| variante | mediana | por registro | CPU, todos los hilos | frente al bucle |"
    }));
    // Cada tabla se mide frente a su propio bucle, en la misma ejecución.
    let baselines = rows.iter().filter(|r| r.starts_with("| bucle secuencial"));
    assert!(baselines.into_iter().all(|r| r.ends_with(" | 1.00× |")));
    // Las dos cifras derivadas dicen cómo se obtienen: no se miden aparte.
    assert!(RESULTS.contains(
        "\nDiferencia entre las medianas de lotes de 1 y de 4096, dividida entre los 4000000 envíos de los lotes de 1: "
    ));
    assert!(RESULTS.contains(
        "\nDiferencia entre las medianas del bucle con y sin la transformación, dividida entre las 1000000 lecturas: "
    ));
}
