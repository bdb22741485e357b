//! El informe de un rastreo: qué le pasó a cada URL que encontró, en una línea de
//! texto o en un objeto JSON por página, y el resumen.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Serialize, Serializer};
use url::{Position, Url};

// ANCHOR: outcome
/// Lo que le pasó a una URL. Las cinco últimas no se pidieron nunca.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Una página HTML, con cuántos enlaces `http` o `https` tenía, repetidos
    /// incluidos.
    Ok { status: u16, links: usize },
    /// Un 3xx hacia `to`, que se siguió como un enlace más.
    Redirect {
        #[serde(serialize_with = "as_str")]
        to: Url,
    },
    /// Un estado que no es ni 2xx ni una redirección: 404, 500…
    HttpStatus { status: u16 },
    /// Un 2xx que no es HTML: no se lee su cuerpo.
    NotHtml { content_type: String },
    /// El cuerpo pasaba de `limit` bytes: se dejó de leer.
    TooLarge { limit: usize },
    /// No acabó en `after_ms` milisegundos.
    Timeout { after_ms: u64 },
    /// No hubo respuesta HTTP.
    Network { error: String },
    /// Redirige a `to`, que ya estaba en su cadena de redirecciones.
    RedirectLoop {
        #[serde(serialize_with = "as_str")]
        to: Url,
    },
    /// Redirige otra vez tras `limit` redirecciones seguidas.
    TooManyRedirects { limit: usize },
    /// De otro sitio: se anota y no se pide.
    External,
    /// `robots.txt` la prohíbe.
    Disallowed,
    /// Está más lejos de la semilla que la profundidad máxima.
    BeyondDepth { max_depth: usize },
    /// Se encontró cuando ya había `max_pages` páginas por pedir.
    BeyondPageLimit { max_pages: usize },
    /// No se pudo leer `robots.txt` (timeout, red): no se pide nada del sitio.
    RobotsUnavailable { reason: String },
}
// ANCHOR_END: outcome

fn as_str<S: Serializer>(url: &Url, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(url.as_str())
}

impl Outcome {
    /// Si hubo una petición a esta URL.
    pub fn was_requested(&self) -> bool {
        !matches!(
            self,
            Outcome::External
                | Outcome::Disallowed
                | Outcome::BeyondDepth { .. }
                | Outcome::BeyondPageLimit { .. }
                | Outcome::RobotsUnavailable { .. }
        )
    }

    /// El nombre del resultado, el mismo que el campo `outcome` del JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Ok { .. } => "ok",
            Outcome::Redirect { .. } => "redirect",
            Outcome::HttpStatus { .. } => "http_status",
            Outcome::NotHtml { .. } => "not_html",
            Outcome::TooLarge { .. } => "too_large",
            Outcome::Timeout { .. } => "timeout",
            Outcome::Network { .. } => "network",
            Outcome::RedirectLoop { .. } => "redirect_loop",
            Outcome::TooManyRedirects { .. } => "too_many_redirects",
            Outcome::External => "external",
            Outcome::Disallowed => "disallowed",
            Outcome::BeyondDepth { .. } => "beyond_depth",
            Outcome::BeyondPageLimit { .. } => "beyond_page_limit",
            Outcome::RobotsUnavailable { .. } => "robots_unavailable",
        }
    }

    /// El resultado en palabras; las URL del sitio `site`, solo con su ruta.
    pub fn describe(&self, site: &Url) -> String {
        let short = |url: &Url| {
            if url.origin() == site.origin() {
                url[Position::BeforePath..].to_owned()
            } else {
                url.to_string()
            }
        };
        match self {
            Outcome::Ok { status, links: 1 } => format!("ok {status}, 1 enlace"),
            Outcome::Ok { status, links } => format!("ok {status}, {links} enlaces"),
            Outcome::Redirect { to } => format!("redirige a {}", short(to)),
            Outcome::HttpStatus { status } => format!("HTTP {status}"),
            Outcome::NotHtml { content_type } => {
                format!("no es HTML: {content_type}")
            }
            Outcome::TooLarge { limit } => format!("más de {limit} bytes"),
            Outcome::Timeout { after_ms } => format!("timeout tras {after_ms} ms"),
            Outcome::Network { error } => format!("error de red: {error}"),
            Outcome::RedirectLoop { to } => {
                format!("ciclo de redirecciones a {}", short(to))
            }
            Outcome::TooManyRedirects { limit } => {
                format!("más de {limit} redirecciones seguidas")
            }
            Outcome::External => "de otro sitio: no se pide".to_owned(),
            Outcome::Disallowed => "prohibida por robots.txt".to_owned(),
            Outcome::BeyondDepth { max_depth } => {
                format!("más allá de la profundidad {max_depth}")
            }
            Outcome::BeyondPageLimit { max_pages } => {
                format!("más allá del límite de {max_pages} páginas")
            }
            Outcome::RobotsUnavailable { reason } => {
                format!("robots.txt no disponible ({reason}): no se pide nada")
            }
        }
    }
}

/// Una URL del informe: a qué profundidad se encontró y qué le pasó.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageReport {
    pub depth: usize,
    pub outcome: Outcome,
}

/// El informe de un rastreo.
#[derive(Debug, Clone)]
pub struct CrawlReport {
    /// La semilla, ya normalizada.
    pub seed: Url,
    /// Cada URL encontrada, una vez, en orden alfabético.
    pub pages: BTreeMap<Url, PageReport>,
    pub elapsed: Duration,
}

/// Una página en JSON: `{"url": …, "depth": …, "outcome": …, …}`.
#[derive(Serialize)]
struct JsonPage<'a> {
    url: &'a str,
    depth: usize,
    #[serde(flatten)]
    outcome: &'a Outcome,
}

/// El orden de los resultados en el resumen.
const KINDS: [(&str, &str); 14] = [
    ("ok", "ok"),
    ("redirect", "redirección"),
    ("http_status", "error HTTP"),
    ("not_html", "no HTML"),
    ("too_large", "demasiado grande"),
    ("timeout", "timeout"),
    ("network", "error de red"),
    ("redirect_loop", "ciclo de redirecciones"),
    ("too_many_redirects", "demasiadas redirecciones"),
    ("external", "de otro sitio"),
    ("disallowed", "prohibida por robots.txt"),
    ("beyond_depth", "más allá de la profundidad"),
    ("beyond_page_limit", "más allá del límite de páginas"),
    ("robots_unavailable", "sin robots.txt"),
];

impl CrawlReport {
    /// Cuántas URL se pidieron (sin contar `robots.txt`).
    pub fn requested(&self) -> usize {
        self.pages
            .values()
            .filter(|p| p.outcome.was_requested())
            .count()
    }

    /// Cuántas URL acabaron en cada resultado, por su nombre ([`Outcome::kind`]).
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for page in self.pages.values() {
            *counts.entry(page.outcome.kind()).or_default() += 1;
        }
        counts
    }

    /// Una línea por URL: profundidad, resultado y URL, en orden alfabético.
    pub fn text_lines(&self) -> Vec<String> {
        let mut lines =
            vec![format!("{:<5} {:<36} {}", "prof.", "resultado", "URL")];
        for (url, page) in &self.pages {
            let outcome = page.outcome.describe(&self.seed);
            lines.push(format!("{:<5} {outcome:<36} {url}", page.depth));
        }
        lines
    }

    /// Un objeto JSON por URL, en el mismo orden.
    pub fn json_lines(&self) -> Vec<String> {
        self.pages
            .iter()
            .map(|(url, page)| {
                let page = JsonPage {
                    url: url.as_str(),
                    depth: page.depth,
                    outcome: &page.outcome,
                };
                serde_json::to_string(&page)
                    .expect("el informe siempre es JSON válido")
            })
            .collect()
    }

    /// El resumen, en dos líneas: cuántas URL, cuántas pedidas y el tiempo; y
    /// cuántas de cada resultado.
    pub fn summary(&self) -> String {
        let counts = self.counts();
        let kinds: Vec<String> = KINDS
            .iter()
            .filter_map(|(kind, name)| {
                counts.get(kind).map(|n| format!("{name}: {n}"))
            })
            .collect();
        format!(
            "resumen: {} URL, {} pedidas, en {} ms\n  {}",
            self.pages.len(),
            self.requested(),
            self.elapsed.as_millis(),
            kinds.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> CrawlReport {
        let seed = Url::parse("http://127.0.0.1:8080/").unwrap();
        let page = |path: &str, depth, outcome| {
            (seed.join(path).unwrap(), PageReport { depth, outcome })
        };
        let pages = [
            page(
                "/",
                0,
                Outcome::Ok {
                    status: 200,
                    links: 1,
                },
            ),
            page(
                "/r",
                1,
                Outcome::Redirect {
                    to: seed.join("/b").unwrap(),
                },
            ),
            page("https://example.invalid/", 1, Outcome::External),
            page("/b", 1, Outcome::Timeout { after_ms: 300 }),
        ];
        CrawlReport {
            seed: seed.clone(),
            pages: pages.into_iter().collect(),
            elapsed: Duration::from_millis(42),
        }
    }

    #[test]
    fn una_linea_por_url_en_orden_y_la_ruta_si_es_del_sitio() {
        let lines = report().text_lines();
        let shown: Vec<String> = lines
            .iter()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(
            shown,
            [
                "prof. resultado URL",
                "0 ok 200, 1 enlace http://127.0.0.1:8080/",
                "1 timeout tras 300 ms http://127.0.0.1:8080/b",
                "1 redirige a /b http://127.0.0.1:8080/r",
                "1 de otro sitio: no se pide https://example.invalid/",
            ]
        );
        assert_eq!(
            report().summary(),
            "resumen: 4 URL, 3 pedidas, en 42 ms\n  ok: 1, redirección: 1, timeout: 1, \
             de otro sitio: 1"
        );
    }

    #[test]
    fn el_json_lleva_el_resultado_y_sus_datos() {
        let lines = report().json_lines();
        assert_eq!(
            lines[0],
            r#"{"url":"http://127.0.0.1:8080/","depth":0,"outcome":"ok","status":200,"links":1}"#
        );
        assert_eq!(
            lines[2],
            r#"{"url":"http://127.0.0.1:8080/r","depth":1,"outcome":"redirect","to":"http://127.0.0.1:8080/b"}"#
        );
        assert_eq!(
            lines[3],
            r#"{"url":"https://example.invalid/","depth":1,"outcome":"external"}"#
        );
    }
}
