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
fn ejercicio_3_el_crawler_recorre_su_sitio_de_demostracion() {
    let masks = [
        (r"127\.0\.0\.1:\d+", "127.0.0.1:PUERTO"),
        (r"en \d+ ms", "en N ms"),
    ];
    let run = shown_exercise("ejercicio-3-crawler", &masks);
    assert!(run.success);
    assert_eq!(
        run.lines_starting("progreso: 16"),
        ["progreso: 16 hechas, 0 en curso, 0 en cola"]
    );
    assert!(
        run.line("resumen:")
            .starts_with("resumen: 16 URL, 13 pedidas")
    );
}
