//! La línea de órdenes del binario, leída a mano: seis opciones no justifican una
//! dependencia. Cada error dice qué argumento falló y por qué.

use std::error::Error;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use crate::config::CrawlConfig;

/// Cómo se usa el binario.
pub const USAGE: &str = "uso: ejercicio-3-crawler [URL] [--max-concurrency N] \
[--timeout-ms T] [--max-pages P] [--max-depth D] [--all-hosts] [--json]
sin URL, sirve su propio sitio de demostración en 127.0.0.1, lo rastrea y termina;
con --all-hosts, sigue también los enlaces a otros sitios";

/// Los argumentos, leídos. Las opciones que no se dan quedan en `None`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Args {
    pub seed: Option<String>,
    pub max_concurrency: Option<usize>,
    pub timeout_ms: Option<u64>,
    pub max_pages: Option<usize>,
    pub max_depth: Option<usize>,
    /// Seguir también los enlaces a otros sitios.
    pub all_hosts: bool,
    /// Un objeto JSON por página en lugar de la tabla.
    pub json: bool,
    pub help: bool,
}

/// Un argumento que no se entiende.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgsError {
    UnknownOption(String),
    MissingValue(String),
    NotANumber { option: String, value: String },
    ExtraArgument(String),
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgsError::UnknownOption(o) => write!(f, "opción desconocida: {o}"),
            ArgsError::MissingValue(o) => write!(f, "falta el valor de {o}"),
            ArgsError::NotANumber { option, value } => {
                write!(f, "{option} espera un número entero, no «{value}»")
            }
            ArgsError::ExtraArgument(a) => {
                write!(f, "sobra «{a}»: se rastrea una sola URL semilla")
            }
        }
    }
}

impl Error for ArgsError {}

fn number<T: FromStr>(option: &str, value: Option<String>) -> Result<T, ArgsError> {
    let value = value.ok_or_else(|| ArgsError::MissingValue(option.to_owned()))?;
    value.parse().map_err(|_| ArgsError::NotANumber {
        option: option.to_owned(),
        value,
    })
}

impl Args {
    /// Lee los argumentos (sin el nombre del programa). Acepta `--opcion valor` y
    /// `--opcion=valor`.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Args, ArgsError> {
        let mut parsed = Args::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (option, mut inline) = match arg.split_once('=') {
                Some((option, value)) if arg.starts_with("--") => {
                    (option.to_owned(), Some(value.to_owned()))
                }
                _ => (arg.clone(), None),
            };
            let mut value = || inline.take().or_else(|| args.next());
            match option.as_str() {
                "--max-concurrency" => {
                    parsed.max_concurrency = Some(number(&option, value())?)
                }
                "--timeout-ms" => {
                    parsed.timeout_ms = Some(number(&option, value())?)
                }
                "--max-pages" => parsed.max_pages = Some(number(&option, value())?),
                "--max-depth" => parsed.max_depth = Some(number(&option, value())?),
                "--json" => parsed.json = true,
                "--all-hosts" => parsed.all_hosts = true,
                "-h" | "--help" => parsed.help = true,
                o if o.starts_with('-') && o.len() > 1 => {
                    return Err(ArgsError::UnknownOption(o.to_owned()));
                }
                _ if parsed.seed.is_some() => {
                    return Err(ArgsError::ExtraArgument(arg));
                }
                _ => parsed.seed = Some(arg),
            }
        }
        Ok(parsed)
    }

    /// Pone en `config` las opciones que se dieron.
    pub fn apply(&self, config: &mut CrawlConfig) {
        if let Some(n) = self.max_concurrency {
            config.max_concurrency = n;
        }
        if let Some(ms) = self.timeout_ms {
            config.request_timeout = Duration::from_millis(ms);
        }
        if let Some(n) = self.max_pages {
            config.max_pages = n;
        }
        if let Some(n) = self.max_depth {
            config.max_depth = n;
        }
        if self.all_hosts {
            config.same_host_only = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, ArgsError> {
        Args::parse(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn lee_la_semilla_y_las_opciones_de_las_dos_formas() {
        let args = parse(&[
            "--max-concurrency",
            "4",
            "http://127.0.0.1:8080/",
            "--timeout-ms=250",
            "--max-pages",
            "10",
            "--max-depth=2",
            "--all-hosts",
            "--json",
        ])
        .unwrap();
        assert_eq!(
            args,
            Args {
                seed: Some("http://127.0.0.1:8080/".to_owned()),
                max_concurrency: Some(4),
                timeout_ms: Some(250),
                max_pages: Some(10),
                max_depth: Some(2),
                all_hosts: true,
                json: true,
                help: false,
            }
        );
        let mut config = CrawlConfig::default();
        args.apply(&mut config);
        assert_eq!(config.max_concurrency, 4);
        assert_eq!(config.request_timeout, Duration::from_millis(250));
        assert_eq!((config.max_pages, config.max_depth), (10, 2));
        assert!(!config.same_host_only);
    }

    #[test]
    fn sin_argumentos_no_hay_semilla() {
        assert_eq!(parse(&[]).unwrap(), Args::default());
    }

    #[test]
    fn cada_error_dice_que_argumento_fallo() {
        let cases: [(&[&str], &str); 5] = [
            (&["--max-pages"], "falta el valor de --max-pages"),
            (
                &["--max-concurrency", "muchas"],
                "--max-concurrency espera un número entero, no «muchas»",
            ),
            (
                &["--timeout-ms=-5"],
                "--timeout-ms espera un número entero, no «-5»",
            ),
            (&["--rapido"], "opción desconocida: --rapido"),
            (
                &["http://a/", "http://b/"],
                "sobra «http://b/»: se rastrea una sola URL semilla",
            ),
        ];
        for (args, message) in cases {
            assert_eq!(parse(args).unwrap_err().to_string(), message, "{args:?}");
        }
    }
}
