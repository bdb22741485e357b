//! Los listados que no deben compilar (los que tienen un `.stderr` al lado) fallan
//! con exactamente el error que muestra el libro.

use std::path::Path;

#[test]
fn listados_que_no_compilan() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listings = libro::listings::listings(root).expect("listings/ se puede leer");
    let cases = trybuild::TestCases::new();
    let mut count = 0;
    for listing in listings.iter().filter(|l| l.compile_fail) {
        cases.compile_fail(&listing.path); // relativa: trybuild la muestra así en los .stderr
        count += 1;
    }
    assert!(count > 0, "no hay listados con .stderr");
}
