//! Los límites de un rastreo. Todos tienen un valor por defecto razonable para un
//! sitio real, y [`CrawlConfig::validate`] rechaza los que no tienen sentido antes de
//! pedir nada.

use std::time::Duration;

use crate::error::CrawlError;

/// Los límites de un rastreo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrawlConfig {
    /// Peticiones en vuelo a la vez, como mucho (el tamaño máximo del `JoinSet`).
    pub max_concurrency: usize,
    /// Lo que puede tardar una petición entera, cabeceras y cuerpo.
    pub request_timeout: Duration,
    /// Profundidad máxima: la semilla es 0, sus enlaces 1… Una redirección no suma.
    pub max_depth: usize,
    /// Páginas que se piden, como mucho (cada salto de una redirección cuenta).
    pub max_pages: usize,
    /// Bytes del cuerpo de una página, como mucho; una más grande no se lee entera.
    pub max_body_bytes: usize,
    /// Redirecciones seguidas desde una URL, como mucho.
    pub max_redirects: usize,
    /// Solo el sitio de la semilla (su esquema, host y puerto): lo demás se anota
    /// como de otro sitio y no se pide. Con `false`, se siguen los enlaces a otros
    /// sitios, cada uno con su `robots.txt`.
    pub same_host_only: bool,
    /// La cabecera `User-Agent` de cada petición.
    pub user_agent: String,
}

impl Default for CrawlConfig {
    fn default() -> Self {
        CrawlConfig {
            max_concurrency: 8,
            request_timeout: Duration::from_secs(10),
            max_depth: 5,
            max_pages: 1_000,
            max_body_bytes: 2 * 1024 * 1024,
            max_redirects: 5,
            same_host_only: true,
            user_agent: concat!("ejercicio-3-crawler/", env!("CARGO_PKG_VERSION"))
                .to_owned(),
        }
    }
}

impl CrawlConfig {
    /// Rechaza los límites que no dejarían rastrear nada o que no acabarían nunca.
    pub fn validate(&self) -> Result<(), CrawlError> {
        let invalid = |why: &str| Err(CrawlError::InvalidConfig(why.to_owned()));
        if self.max_concurrency == 0 {
            return invalid("max-concurrency debe ser al menos 1");
        }
        if self.request_timeout.is_zero() {
            return invalid("el timeout debe ser mayor que cero");
        }
        if self.max_pages == 0 {
            return invalid("max-pages debe ser al menos 1");
        }
        if self.max_body_bytes == 0 {
            return invalid("el tamaño máximo del cuerpo debe ser mayor que cero");
        }
        Ok(())
    }
}
