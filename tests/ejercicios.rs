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
fn ejercicio_5_el_pool_reparte_hace_esperar_y_cierra() {
    let run = shown_exercise("ejercicio-5-pool", &[]);
    assert!(run.success);
    assert_eq!(run.line("filas en la tabla"), "filas en la tabla: 200");
    assert_eq!(
        run.line("nunca más de 4"),
        "nunca más de 4 conexiones prestadas a la vez: sí"
    );
    assert!(
        run.line("con las 4 prestadas").ends_with(
            "se agotó la espera de una conexión libre (esperó 50 ms: sí)"
        )
    );
    assert_eq!(
        run.line("close()"),
        "close() despierta al que esperaba: el pool está cerrado"
    );
}
