//! El compilador impide mantener el cerrojo del estado a través de un `.await` en
//! una tarea: `tests/no_compila/*.rs` falla con el error de su `.stderr`.

#[test]
fn el_guard_no_cruza_un_await_en_una_tarea() {
    trybuild::TestCases::new().compile_fail("tests/no_compila/*.rs");
}
