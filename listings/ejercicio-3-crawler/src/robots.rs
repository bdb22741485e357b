//! Las reglas de `robots.txt` para todos los agentes (`User-agent: *`), como las
//! define el RFC 9309: `Disallow` y `Allow` por prefijo de la ruta, con los comodines
//! `*` (cualquier cosa) y `$` (fin de la ruta); si varias reglas casan, gana la más
//! larga, y ante un empate, `Allow`. Las reglas de otros agentes se ignoran.
//!
//! Qué hacer si no hay `robots.txt` también lo dice el RFC: un 4xx (no existe) deja
//! pedirlo todo; un 5xx (el servidor falla) obliga a no pedir nada.

use reqwest::Client;
use url::Url;

use crate::fetch::{Fetched, Limits, describe, read_body};

/// Una regla: si deja o prohíbe las rutas que casan con su patrón.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    allow: bool,
    pattern: String,
}

/// Lo que `robots.txt` deja pedir.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Robots {
    rules: Vec<Rule>,
}

impl Robots {
    /// Sin reglas: se puede pedir todo (un `robots.txt` que no existe).
    pub fn allow_all() -> Robots {
        Robots { rules: Vec::new() }
    }

    /// Nada se puede pedir (un `robots.txt` que responde 5xx).
    pub fn disallow_all() -> Robots {
        Robots {
            rules: vec![Rule {
                allow: false,
                pattern: "/".to_owned(),
            }],
        }
    }

    // ANCHOR: parse
    /// Las reglas de los grupos de `User-agent: *` del texto de un `robots.txt`.
    pub fn parse(text: &str) -> Robots {
        let mut rules = Vec::new();
        // Un grupo son las líneas `User-agent` seguidas y las reglas que vienen
        // detrás; la primera regla cierra la lista de agentes del grupo.
        let (mut for_all, mut reading_agents) = (false, false);
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim().to_ascii_lowercase().as_str() {
                "user-agent" => {
                    if !reading_agents {
                        for_all = false; // empieza un grupo nuevo
                    }
                    reading_agents = true;
                    for_all |= value == "*";
                }
                rule @ ("allow" | "disallow") => {
                    reading_agents = false;
                    // `Disallow:` vacío no prohíbe nada.
                    if for_all && !value.is_empty() {
                        rules.push(Rule {
                            allow: rule == "allow",
                            pattern: value.to_owned(),
                        });
                    }
                }
                _ => reading_agents = false, // Sitemap, Crawl-delay…
            }
        }
        Robots { rules }
    }

    /// Si se puede pedir `url`: la regla más larga que casa con su ruta decide.
    pub fn allows(&self, url: &Url) -> bool {
        let path = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        self.rules
            .iter()
            .filter(|rule| matches(&rule.pattern, &path))
            // Más largo gana; a igual longitud, `Allow` (true) va después y gana.
            .max_by_key(|rule| (rule.pattern.len(), rule.allow))
            .is_none_or(|rule| rule.allow)
    }
    // ANCHOR_END: parse
}

/// Pide el `robots.txt` del sitio de `page`: `Fetched::Robots` con sus reglas, u otro
/// `Fetched` si no se pudo saber qué dice (timeout, error de red, demasiado grande).
#[tracing::instrument(name = "robots", skip_all, fields(url = %page.origin().ascii_serialization()))]
pub(crate) async fn fetch_robots(
    client: Client,
    page: Url,
    limits: Limits,
) -> Fetched {
    let url = page
        .join("/robots.txt")
        .expect("una ruta absoluta siempre se une");
    let request = async {
        let mut response = client
            .get(url)
            .send()
            .await
            .map_err(|e| Fetched::Network(describe(&e)))?;
        let status = response.status();
        if status.is_server_error() {
            return Ok(Robots::disallow_all());
        }
        if !status.is_success() {
            return Ok(Robots::allow_all()); // 4xx, y 3xx, que no se siguen
        }
        let body = read_body(&mut response, limits.max_body_bytes).await?;
        Ok::<_, Fetched>(Robots::parse(&String::from_utf8_lossy(&body)))
    };
    match tokio::time::timeout(limits.timeout, request).await {
        Ok(Ok(robots)) => Fetched::Robots(robots),
        Ok(Err(failure)) => failure,
        Err(_) => Fetched::Timeout,
    }
}

/// Si `path` casa con `pattern`: un prefijo, con `*` para cualquier cosa y un `$`
/// final para «y aquí acaba».
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(pattern) => (pattern, true),
        None => (pattern, false),
    };
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or_default();
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    for (i, piece) in pieces.iter().enumerate() {
        if anchored && i + 1 == pieces.len() {
            return rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    !anchored || rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(robots: &Robots, path: &str) -> bool {
        robots.allows(&Url::parse(&format!("http://127.0.0.1{path}")).unwrap())
    }

    #[test]
    fn solo_cuentan_los_grupos_de_todos_los_agentes() {
        let robots = Robots::parse(
            "# comentario\n\
             User-agent: otro\n\
             Disallow: /\n\
             \n\
             User-agent: uno\n\
             User-agent: *\n\
             Disallow: /privado   # hasta aquí\n\
             Crawl-delay: 10\n\
             \n\
             user-agent: tercero\n\
             disallow: /publico\n",
        );
        assert!(allows(&robots, "/"));
        assert!(allows(&robots, "/publico"));
        assert!(!allows(&robots, "/privado"));
        assert!(!allows(&robots, "/privado/x?y=1"));
        assert!(
            !allows(&robots, "/privadox"),
            "es un prefijo, no una carpeta"
        );
    }

    #[test]
    fn la_regla_mas_larga_gana_y_allow_desempata() {
        let robots = Robots::parse(
            "User-agent: *\nDisallow: /privado/\nAllow: /privado/publico\n\
             Allow: /igual\nDisallow: /igual\n",
        );
        assert!(!allows(&robots, "/privado/x"));
        assert!(allows(&robots, "/privado/publico/y"));
        assert!(allows(&robots, "/igual"));
    }

    #[test]
    fn comodines_y_fin_de_ruta() {
        let robots = Robots::parse(
            "User-agent: *\nDisallow: /*.png$\nDisallow: /tmp*/viejo\n",
        );
        assert!(!allows(&robots, "/img/logo.png"));
        assert!(allows(&robots, "/img/logo.png?v=2"));
        assert!(allows(&robots, "/logo.pngx"));
        assert!(!allows(&robots, "/tmp-2024/viejo/a"));
        assert!(allows(&robots, "/tmp/nuevo"));
    }

    #[test]
    fn disallow_vacio_y_texto_basura_no_prohiben_nada() {
        let robots =
            Robots::parse("User-agent: *\nDisallow:\n<html>no soy robots</html>");
        assert_eq!(robots, Robots::allow_all());
        assert!(allows(&robots, "/lo/que/sea"));
        assert!(!allows(&Robots::disallow_all(), "/"));
    }
}
