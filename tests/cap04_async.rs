//! Capítulo 4: cada listado se ejecuta y se comprueba lo que enseña. Los tiempos de
//! async se miden con el reloj de Tokio pausado: son exactos y no dependen de la carga.

mod comun;

use comun::run;

#[path = "../listings/ch04-async/listado-04-01-tres-formas.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_04_01;

#[path = "../listings/ch04-async/listado-04-02-perezosos.rs"]
#[allow(dead_code)]
mod listado_04_02;

/// Las líneas de `lines` que son exactamente una de `words`, en orden.
fn only<'a>(lines: &[&'a str], words: &[&str]) -> Vec<&'a str> {
    lines
        .iter()
        .copied()
        .filter(|l| words.contains(l))
        .collect()
}

#[test]
fn tres_formas_imprimen_hello_antes_que_world() {
    let run = run(env!("CARGO_BIN_EXE_listado-04-01-tres-formas"));
    let words = only(&run.lines(), &["hello", "world"]);
    assert_eq!(words, ["hello", "world"].repeat(3));
    assert!(run.number_after("Forma 1", ": ") >= 300);
    assert!(run.number_after("Forma 2", ": ") >= 200);
    let joined = run.line("Forma 3");
    assert!(
        joined.ends_with(r#"resultados: ["hello", "world"]"#),
        "{joined}"
    );
}

#[tokio::test(start_paused = true)]
async fn await_directo_suma_las_esperas() {
    let unit = listado_04_01::UNIT;
    assert_eq!(listado_04_01::sequential().await, 3 * unit);
}

#[tokio::test(start_paused = true)]
async fn spawn_y_join_solapan_las_esperas() {
    let unit = listado_04_01::UNIT;
    assert_eq!(listado_04_01::spawned().await, 2 * unit);
    let (a, b, elapsed) = listado_04_01::joined().await;
    assert_eq!(
        (a.as_str(), b.as_str(), elapsed),
        ("hello", "world", 2 * unit)
    );
}

#[test]
fn perezosos_no_empiezan_sin_await_y_sin_handle_siguen() {
    let run = run(env!("CARGO_BIN_EXE_listado-04-02-perezosos"));
    assert_eq!(
        run.lines(),
        [
            "¿Había empezado antes del .await? false",
            "¿Y después? true; valor: 42",
            "La tarea sin JoinHandle terminó y envió 42",
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn un_future_empieza_con_el_primer_sondeo() {
    assert_eq!(listado_04_02::lazy().await, (false, true, 42));
}

#[tokio::test(start_paused = true)]
async fn soltar_el_join_handle_no_cancela_la_tarea() {
    let start = tokio::time::Instant::now();
    assert_eq!(listado_04_02::detached().await, Some(42));
    assert_eq!(start.elapsed(), listado_04_02::WAIT);
}
