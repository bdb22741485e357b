//! Las tablas y las gráficas del apéndice B son las de `resultados.json`: nadie las ha
//! retocado a mano, y ninguna sobra ni falta. Para regenerarlas desde los resultados:
//! `cargo run --release -p mediciones -- --tablas`.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use mediciones::informe;
use mediciones::resultados::Resultados;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn las_tablas_y_graficas_del_apendice_salen_de_resultados_json() {
    let text = fs::read_to_string(root().join("resultados.json")).unwrap();
    let resultados: Resultados = serde_json::from_str(&text).unwrap();
    let pages = root().join("../../src/mediciones");
    let mut expected = BTreeSet::new();
    for (name, content) in informe::tablas(&resultados)
        .into_iter()
        .chain(informe::graficas(&resultados))
    {
        let committed = fs::read_to_string(pages.join(&name))
            .unwrap_or_else(|e| panic!("src/mediciones/{name}: {e}"));
        assert!(
            committed == content,
            "src/mediciones/{name} no es lo que dibuja resultados.json; \
             regenera con `cargo run --release -p mediciones -- --tablas`"
        );
        expected.insert(name);
    }
    let present: BTreeSet<String> = fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        present, expected,
        "src/mediciones/ tiene archivos que no se generan"
    );
}

#[test]
fn los_resultados_nombran_la_maquina() {
    let text = fs::read_to_string(root().join("resultados.json")).unwrap();
    let resultados: Resultados = serde_json::from_str(&text).unwrap();
    let m = &resultados.maquina;
    assert!(
        m.nucleos > 0 && !m.procesador.is_empty() && m.rustc.starts_with("rustc ")
    );
}
