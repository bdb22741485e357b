//! Las ejecuciones que muestra el libro: archivos `.salida` junto a cada listado.
//!
//! Un `.salida` es lo que verías en la terminal: una línea `$ cargo run --bin NOMBRE`
//! (con `-- argumentos` si los hay) y debajo lo que el programa escribe, salida
//! estándar y de errores mezcladas como en una terminal. El capítulo lo incluye en un
//! bloque `console`, y el test que ejecuta el listado compara la ejecución real con él:
//!
//! - línea a línea, tras aplicar a las dos partes las mismas máscaras, expresiones
//!   regulares que sustituyen lo que cambia de una ejecución a otra (milisegundos,
//!   identificadores de hilo, el orden en que terminan las tareas);
//! - una línea que es solo `…` representa líneas omitidas en el libro: cualquier número
//!   de líneas, también ninguna;
//! - una máscara cuyo sustituto acaba en `…` iguala además el número de líneas: varias
//!   líneas seguidas que esa máscara deja iguales cuentan como una (por ejemplo, una
//!   línea «worker-N unido» por cada núcleo de la máquina).
//!
//! Con `SALIDAS=overwrite`, el test escribe la ejecución real en el archivo en lugar de
//! compararla, como `TRYBUILD=overwrite` con los `.stderr`.
//!
//! Una medición (`$ cargo run --release …`, con un tamaño de trabajo real) no se repite
//! en los tests: el archivo guarda la orden, la máquina (las órdenes que la describen,
//! antes) y las cifras, y un test comprueba su forma.

use regex_lite::Regex;

/// La línea que representa líneas omitidas.
pub const GAP: &str = "…";

/// Desde Rust 1.91 un pánico dice qué hilo era: `thread 'main' (3141) panicked at …`.
/// El número cambia en cada ejecución.
pub const THREAD_ID: (&str, &str) = (r"' \(\d+\) panicked", "' (N) panicked");

/// Una orden del archivo y lo que escribió.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// La orden, sin el `$ `.
    pub command: String,
    pub lines: Vec<String>,
}

/// Una orden `cargo run` como la escribe el libro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoRun {
    pub release: bool,
    pub bin: String,
    pub args: Vec<String>,
}

impl CargoRun {
    /// `cargo run --bin x -- a b` → `CargoRun { bin: "x", args: ["a", "b"], .. }`.
    pub fn parse(command: &str) -> Result<CargoRun, String> {
        let words: Vec<&str> = command.split_whitespace().collect();
        let (options, args) = match words.iter().position(|w| *w == "--") {
            Some(i) => (&words[..i], &words[i + 1..]),
            None => (&words[..], &[][..]),
        };
        if command.contains(['"', '\'', '\\']) {
            return Err(format!(
                "«{command}»: sin comillas ni escapes, una palabra por argumento"
            ));
        }
        let (release, rest) = match options {
            ["cargo", "run", "--release", rest @ ..] => (true, rest),
            ["cargo", "run", rest @ ..] => (false, rest),
            _ => (false, &[][..]),
        };
        match rest {
            ["--bin", bin] => Ok(CargoRun {
                release,
                bin: bin.to_string(),
                args: args.iter().map(|a| a.to_string()).collect(),
            }),
            _ => Err(format!(
                "«{command}»: se esperaba `cargo run [--release] --bin NOMBRE [-- ARGUMENTOS]`"
            )),
        }
    }

    pub fn render(&self) -> String {
        let mut command = String::from("cargo run ");
        if self.release {
            command.push_str("--release ");
        }
        command.push_str("--bin ");
        command.push_str(&self.bin);
        if !self.args.is_empty() {
            command.push_str(" -- ");
            command.push_str(&self.args.join(" "));
        }
        command
    }
}

/// Un archivo `.salida` leído: sus órdenes, cada una con lo que escribió.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub sections: Vec<Section>,
}

impl Recorded {
    pub fn parse(text: &str) -> Result<Recorded, String> {
        let mut sections: Vec<Section> = Vec::new();
        for line in text.lines() {
            if let Some(command) = line.strip_prefix("$ ") {
                sections.push(Section {
                    command: command.trim().to_owned(),
                    lines: Vec::new(),
                });
            } else if let Some(section) = sections.last_mut() {
                section.lines.push(line.trim_end().to_owned());
            } else {
                return Err(
                    "la primera línea debe ser una orden: `$ cargo run --bin …`"
                        .to_owned(),
                );
            }
        }
        for section in &mut sections {
            while section.lines.last().is_some_and(|l| l.is_empty()) {
                section.lines.pop();
            }
        }
        if sections.is_empty() {
            return Err(
                "el archivo está vacío: debe empezar por `$ cargo run --bin …`"
                    .to_owned(),
            );
        }
        Ok(Recorded { sections })
    }

    /// La ejecución del listado: la última orden, un `cargo run`.
    pub fn run(&self) -> Result<(CargoRun, &[String]), String> {
        let last = self.sections.last().expect("parse garantiza una orden");
        let run = CargoRun::parse(&last.command)?;
        Ok((run, &last.lines))
    }

    /// Un archivo de una ejecución normal: una sola orden, sin `--release`.
    pub fn single_run(&self) -> Result<(CargoRun, &[String]), String> {
        let (run, lines) = self.run()?;
        if self.sections.len() != 1 || run.release {
            return Err("una ejecución que se repite en los tests es una sola orden `cargo run --bin …`, sin `--release`; las mediciones se guardan con la máquina".to_owned());
        }
        Ok((run, lines))
    }

    /// Una medición: órdenes que describen la máquina y, al final, la que mide. Devuelve
    /// la última y las anteriores.
    pub fn measurement(&self) -> Result<(&Section, &[Section]), String> {
        match self.sections.split_last() {
            Some((last, machine)) if !machine.is_empty() => Ok((last, machine)),
            _ => Err("una medición lleva antes las órdenes que describen la máquina (`$ nproc`…)".to_owned()),
        }
    }
}

/// Lo que escribe `SALIDAS=overwrite`: la orden y la salida real.
pub fn render(run: &CargoRun, output: &str) -> String {
    let mut text = format!("$ {}\n", run.render());
    for line in output.lines() {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// Las máscaras de un listado: pares (expresión regular, sustituto).
#[derive(Debug, Clone)]
pub struct Masks(Vec<(Regex, String)>);

impl Masks {
    pub fn new(masks: &[(&str, &str)]) -> Masks {
        Masks(
            masks
                .iter()
                .map(|(pattern, replacement)| {
                    let regex = Regex::new(pattern).unwrap_or_else(|e| {
                        panic!("máscara «{pattern}» no válida: {e}")
                    });
                    (regex, replacement.to_string())
                })
                .collect(),
        )
    }

    /// La línea enmascarada, y si la cambió una máscara que iguala repeticiones.
    fn apply_counting(&self, line: &str) -> (String, bool) {
        let mut line = line.trim_end().to_owned();
        let mut repeats = false;
        for (regex, replacement) in &self.0 {
            let replaced =
                regex.replace_all(&line, replacement.as_str()).into_owned();
            repeats |= replaced != line && replacement.ends_with(GAP);
            line = replaced;
        }
        (line, repeats)
    }

    /// Enmascara las líneas y junta en una las repeticiones seguidas que pide una máscara.
    fn apply_all<'a>(&self, lines: impl Iterator<Item = &'a str>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut previous_repeats = false;
        for line in lines {
            if line.trim() == GAP {
                out.push(GAP.to_owned());
                previous_repeats = false;
                continue;
            }
            let (line, repeats) = self.apply_counting(line);
            if !(repeats && previous_repeats && out.last() == Some(&line)) {
                out.push(line);
            }
            previous_repeats = repeats;
        }
        out
    }
}

/// Compara la salida real con la esperada. El error muestra las dos, ya enmascaradas.
pub fn compare(
    expected: &[String],
    actual: &str,
    masks: &Masks,
) -> Result<(), String> {
    let expected = masks.apply_all(expected.iter().map(String::as_str));
    let mut actual = masks.apply_all(actual.lines());
    while actual.last().is_some_and(|l| l.is_empty()) {
        actual.pop();
    }
    let mut failed = std::collections::HashSet::new();
    if matches(&expected, 0, &actual, 0, &mut failed) {
        return Ok(());
    }
    let agree = expected
        .iter()
        .zip(&actual)
        .take_while(|(e, a)| e == a)
        .count();
    Err(format!(
        "la salida no es la del libro (tras las máscaras); coinciden las {agree} primeras líneas.\n\
         --- esperada ---\n{}\n--- real ---\n{}\n",
        expected.join("\n"),
        actual.join("\n")
    ))
}

/// `expected[e..]` casa con `actual[a..]`; `failed` recuerda los pares que no casan.
fn matches(
    expected: &[String],
    e: usize,
    actual: &[String],
    a: usize,
    failed: &mut std::collections::HashSet<(usize, usize)>,
) -> bool {
    if failed.contains(&(e, a)) {
        return false;
    }
    let result = match expected.get(e) {
        None => a == actual.len(),
        Some(line) if line == GAP => (a..=actual.len())
            .any(|skip| matches(expected, e + 1, actual, skip, failed)),
        Some(line) => {
            actual.get(a) == Some(line)
                && matches(expected, e + 1, actual, a + 1, failed)
        }
    };
    if !result {
        failed.insert((e, a));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn lee_la_orden_y_sus_argumentos() {
        let recorded = Recorded::parse(
            "$ cargo run --bin listado-01-02-procesos -- cpu mucho\nError: x\n\n",
        )
        .unwrap();
        let (run, out) = recorded.single_run().unwrap();
        assert_eq!(run.bin, "listado-01-02-procesos");
        assert_eq!(run.args, ["cpu", "mucho"]);
        assert_eq!(out, ["Error: x"]);
        assert_eq!(
            run.render(),
            "cargo run --bin listado-01-02-procesos -- cpu mucho"
        );
        assert!(Recorded::parse("Error\n").is_err());
        assert!(CargoRun::parse("cargo run --bin x -- 'a b'").is_err());
        assert!(CargoRun::parse("cargo test").is_err());
    }

    #[test]
    fn una_medicion_lleva_la_maquina_delante() {
        let text = "$ nproc\n2\n$ cargo run --release --bin l -- 400\nk = 1\n";
        let recorded = Recorded::parse(text).unwrap();
        assert!(recorded.single_run().is_err());
        let (last, machine) = recorded.measurement().unwrap();
        assert_eq!(last.command, "cargo run --release --bin l -- 400");
        assert_eq!(last.lines, ["k = 1"]);
        assert_eq!(machine[0].lines, ["2"]);
        let without_machine =
            Recorded::parse("$ cargo run --release --bin l\nk = 1\n").unwrap();
        assert!(without_machine.measurement().is_err());
    }

    #[test]
    fn las_mascaras_valen_para_las_dos_partes() {
        let masks = Masks::new(&[(r"\d+ ms", "N ms"), (r"hilo-\d+", "hilo-N")]);
        let expected = lines("hilo-1 en 100 ms\nhilo-0 en 99 ms");
        assert!(
            compare(&expected, "hilo-0 en 103 ms\nhilo-1 en 101 ms\n", &masks)
                .is_ok()
        );
        let error = compare(&expected, "hilo-0 en 103 ms\n", &masks).unwrap_err();
        assert!(error.contains("coinciden las 1 primeras"), "{error}");
        assert!(
            compare(&lines("total 100 ms"), "total 101 ms", &Masks::new(&[]))
                .is_err()
        );
    }

    #[test]
    fn una_mascara_acabada_en_puntos_suspensivos_iguala_las_repeticiones() {
        let masks = Masks::new(&[(r"^worker-\d+ unido$", "worker-N unido…")]);
        let expected = lines("Pool\nworker-0 unido\nworker-1 unido\nfin");
        assert!(compare(&expected, "Pool\nworker-0 unido\nfin", &masks).is_ok());
        let eight: String = (0..8).map(|i| format!("worker-{i} unido\n")).collect();
        assert!(compare(&expected, &format!("Pool\n{eight}fin"), &masks).is_ok());
        assert!(compare(&expected, "Pool\nfin", &masks).is_err());
        let plain = Masks::new(&[(r"worker-\d+", "worker-N")]);
        assert!(compare(&expected, "Pool\nworker-0 unido\nfin", &plain).is_err());
    }

    #[test]
    fn una_linea_de_puntos_suspensivos_omite_cualquier_numero_de_lineas() {
        let masks = Masks::new(&[]);
        let expected = lines("a\n…\nz");
        assert!(compare(&expected, "a\nz", &masks).is_ok());
        assert!(compare(&expected, "a\nb\nc\nz", &masks).is_ok());
        assert!(compare(&expected, "a\nb\nc", &masks).is_err());
        assert!(compare(&lines("…\nb\n…\nb"), "b\nb\nb", &masks).is_ok());
    }

    #[test]
    fn render_escribe_la_orden_y_la_salida() {
        let run = CargoRun::parse("cargo run --bin x").unwrap();
        assert_eq!(
            render(&run, "uno  \ndos\n"),
            "$ cargo run --bin x\nuno\ndos\n"
        );
    }
}
