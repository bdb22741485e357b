//! Capítulo 2: cada listado se ejecuta y se comprueba lo que enseña.

mod comun;

use comun::run;

#[path = "../listings/ch02-hilos/listado-02-07-cola-condvar.rs"]
#[allow(dead_code)] // su `main` no se usa aquí
mod listado_02_07;

/// Los contadores de los listados 2-1, 2-4 y 2-5 acaban exactamente en 10 × 100.
fn counts_exactly_1000(bin: &str) -> comun::Run {
    let run = run(bin);
    assert_eq!(
        run.line("Valor esperado:"),
        "Valor esperado: 1000, valor actual: 1000"
    );
    run
}

#[test]
fn mutex_no_pierde_incrementos() {
    counts_exactly_1000(env!("CARGO_BIN_EXE_listado-02-01-contador-mutex"));
}

#[test]
fn std_envenena_el_mutex_y_parking_lot_no() {
    let run = run(env!("CARGO_BIN_EXE_listado-02-03-envenenamiento"));
    assert_eq!(
        run.lines(),
        [
            "Hilo transferencia-std: terminó con pánico",
            "std: lock() devuelve Err; el saldo quedó en 70",
            "std: tras clear_poison(), lock() da 70",
            "Hilo transferencia-parking-lot: terminó con pánico",
            "parking_lot: lock() no avisa y da 70",
        ]
    );
    // El nombre que da `thread::Builder` aparece en el mensaje del pánico.
    for name in ["transferencia-std", "transferencia-parking-lot"] {
        let expected = format!("thread '{name}'");
        assert!(run.stderr.contains(&expected), "{}", run.stderr);
    }
}

#[test]
fn parking_lot_cuenta_bien_y_try_lock_for_se_rinde() {
    let run = counts_exactly_1000(env!("CARGO_BIN_EXE_listado-02-04-parking-lot"));
    let attempts: Vec<&str> = run
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("try_lock_for:"))
        .collect();
    assert_eq!(
        attempts,
        [
            "try_lock_for: ocupado; me rindo tras 50ms",
            "try_lock_for: conseguido, valor 1000",
        ]
    );
}

#[test]
fn atomico_no_pierde_incrementos() {
    counts_exactly_1000(env!("CARGO_BIN_EXE_listado-02-05-atomico"));
}

#[test]
fn rwlock_deja_leer_a_la_vez_y_escribir_en_exclusiva() {
    // Si dos lectores no pudieran estar dentro a la vez, la barrera no se abriría
    // y el listado no terminaría: `run` falla tras su límite de tiempo.
    let run = run(env!("CARGO_BIN_EXE_listado-02-06-rwlock"));
    let lines = run.lines();
    // Los lectores y el intento del escritor ocurren a la vez: su orden varía.
    let mut inside: Vec<String> = lines[..5].iter().map(|l| l.to_string()).collect();
    inside.sort();
    let mut expected: Vec<String> = (0..4)
        .map(|id| format!("Lector {id} ve la configuración v1"))
        .collect();
    expected.push("Escritor: hay lectores dentro, try_write() no entra".into());
    expected.sort();
    assert_eq!(inside, expected);
    // La escritura llega solo cuando los cuatro lectores han salido.
    assert_eq!(
        lines[5..],
        ["Escritor: configuración cambiada a v2", "Al final: v2"]
    );
}

#[test]
fn cola_con_condvar_entrega_todo_antes_de_cerrar() {
    let run = run(env!("CARGO_BIN_EXE_listado-02-07-cola-condvar"));
    let per_consumer: u64 = (0..3)
        .map(|id| run.number_after(&format!("Consumidor {id}:"), ":"))
        .sum();
    assert_eq!(per_consumer, 40);
    assert_eq!(run.number_after("Total consumido:", ":"), 40);
}

#[test]
fn cola_con_condvar_cerrada_devuelve_lo_pendiente_y_luego_none() {
    let queue = listado_02_07::WorkQueue::default();
    for item in 0..5 {
        queue.push(item);
    }
    queue.close();
    let drained: Vec<i32> = std::iter::from_fn(|| queue.pop()).collect();
    assert_eq!(drained, [0, 1, 2, 3, 4]);
    assert_eq!(queue.pop(), None, "una cola cerrada y vacía no bloquea");
}
