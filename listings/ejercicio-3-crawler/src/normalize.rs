//! Una URL, una sola forma: el crate `url` resuelve los enlaces relativos contra la
//! página, pasa a minúsculas el esquema y el host, quita el puerto por defecto y los
//! segmentos `.` y `..`; aquí se quita además el fragmento (`#…`), que el navegador
//! no envía al servidor, y se descarta todo lo que no es `http` ni `https`
//! (`mailto:`, `javascript:`, `ftp:`…). Dos enlaces a la misma página dan la misma
//! [`Url`], y el conjunto de vistas del coordinador la reconoce.

use url::Url;

use crate::error::CrawlError;

// ANCHOR: normalize
/// El enlace `href` de la página `base`, resuelto y normalizado; `None` si no es
/// una página web que se pueda pedir.
pub fn normalize(base: &Url, href: &str) -> Option<Url> {
    let mut url = base.join(href.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return None;
    }
    url.set_fragment(None);
    Some(url)
}

/// Si `url` está en el mismo sitio que `seed`: el mismo origen, es decir, el mismo
/// esquema, el mismo host y el mismo puerto.
pub fn same_site(url: &Url, seed: &Url) -> bool {
    url.origin() == seed.origin()
}
// ANCHOR_END: normalize

/// La semilla de un rastreo: una URL absoluta de `http` o `https`, sin fragmento.
pub fn parse_seed(input: &str) -> Result<Url, CrawlError> {
    let mut url = Url::parse(input.trim()).map_err(|e| CrawlError::InvalidSeed {
        input: input.to_owned(),
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(CrawlError::UnsupportedScheme {
            input: input.to_owned(),
            scheme: url.scheme().to_owned(),
        });
    }
    if url.host().is_none() {
        return Err(CrawlError::InvalidSeed {
            input: input.to_owned(),
            reason: "no tiene host".to_owned(),
        });
    }
    url.set_fragment(None);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("http://127.0.0.1:8080/dir/pagina").unwrap()
    }

    #[test]
    fn las_formas_de_un_mismo_enlace_dan_la_misma_url() {
        let forms = [
            "/dir/otra",
            "otra",
            "./otra",
            "../dir/otra",
            "/dir/otra#seccion",
            "http://127.0.0.1:8080/dir/otra",
            "HTTP://127.0.0.1:8080/dir/./otra#x",
            "  otra  ",
        ];
        for form in forms {
            assert_eq!(
                normalize(&base(), form).unwrap().as_str(),
                "http://127.0.0.1:8080/dir/otra",
                "{form}"
            );
        }
    }

    #[test]
    fn el_puerto_por_defecto_y_el_host_en_mayusculas_no_cuentan() {
        let base = Url::parse("http://Example.COM:80/a").unwrap();
        assert_eq!(base.as_str(), "http://example.com/a");
        let link = normalize(&base, "HTTP://EXAMPLE.com:80/b").unwrap();
        assert_eq!(link.as_str(), "http://example.com/b");
        assert!(same_site(&link, &base));
    }

    #[test]
    fn lo_que_no_es_http_se_descarta() {
        for href in [
            "mailto:ana@example.com",
            "javascript:void(0)",
            "ftp://127.0.0.1/archivo",
            "tel:+34600000000",
            "data:text/html,hola",
            "http://",
        ] {
            assert_eq!(normalize(&base(), href), None, "{href}");
        }
    }

    #[test]
    fn otro_host_u_otro_puerto_es_otro_sitio() {
        let seed = base();
        for other in [
            "http://localhost:8080/",
            "http://127.0.0.1:8081/",
            "https://127.0.0.1:8080/",
        ] {
            assert!(!same_site(&Url::parse(other).unwrap(), &seed), "{other}");
        }
    }

    #[test]
    fn una_semilla_no_valida_es_un_error_claro() {
        let err = parse_seed("no es una url").unwrap_err();
        assert_eq!(
            err.to_string(),
            "la URL semilla «no es una url» no es válida: relative URL without a base"
        );
        let err = parse_seed("ftp://127.0.0.1/").unwrap_err();
        assert_eq!(
            err.to_string(),
            "la URL semilla «ftp://127.0.0.1/» es de ftp: solo se rastrea http y https"
        );
        assert!(
            parse_seed("http://127.0.0.1:1/#x")
                .unwrap()
                .fragment()
                .is_none()
        );
    }
}
