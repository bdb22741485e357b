//! Los binarios de los ejercicios: cada uno se ejecuta sin entrada, con la misma orden
//! que muestra el libro (`cargo run --bin ejercicio-N-slug`), y su salida es la de su
//! `.salida`. Los tests de cada ejercicio, los de su biblioteca, están en su paquete.

use libro::run::shown_exercise;

#[test]
fn ejercicio_1_la_entrada_caduca_al_cumplirse_el_ttl() {
    let run = shown_exercise("ejercicio-1-cache", &[]);
    assert!(run.success);
    assert_eq!(run.lines_starting("a los 30 s"), ["a los 30 s: caducada"]);
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
