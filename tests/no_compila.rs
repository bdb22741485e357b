//! Los listados que no deben compilar (los que tienen un `.stderr` al lado) fallan
//! con exactamente el error que muestra el libro.

use std::fs;
use std::path::Path;

#[test]
fn listados_que_no_compilan() {
    let cases = trybuild::TestCases::new();
    let mut count = 0;
    for chapter in fs::read_dir("listings").unwrap() {
        for file in fs::read_dir(chapter.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs")
                && path.with_extension("stderr").exists()
            {
                cases.compile_fail(Path::new(&path));
                count += 1;
            }
        }
    }
    assert!(count > 0, "no hay listados con .stderr");
}
