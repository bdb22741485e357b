//! Los enlaces de una página, con un parser de HTML de verdad (`scraper`, sobre el
//! de Servo): nunca con expresiones regulares, que no saben de comentarios, de
//! atributos entre comillas simples ni de `<base href>`.

use std::sync::LazyLock;

use scraper::{Html, Selector};
use url::Url;

use crate::normalize::normalize;

static BASE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("base[href]").expect("selector válido"));
static LINKS: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse("a[href], area[href]").expect("selector válido")
});

// ANCHOR: extract
/// Los enlaces de `html`, la página que se descargó de `page`, ya resueltos y
/// normalizados, en el orden del documento y con repetidos.
pub fn extract_links(html: &str, page: &Url) -> Vec<Url> {
    // `Html` no es `Send`: se crea y se suelta aquí, sin cruzar ningún `.await`.
    let document = Html::parse_document(html);
    // Un `<base href>` cambia la URL contra la que se resuelven los enlaces relativos.
    let base = document
        .select(&BASE)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|href| page.join(href.trim()).ok())
        .unwrap_or_else(|| page.clone());
    document
        .select(&LINKS)
        .filter_map(|a| a.value().attr("href"))
        .filter_map(|href| normalize(&base, href))
        .collect()
}
// ANCHOR_END: extract

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Url {
        Url::parse("http://127.0.0.1:8080/dir/").unwrap()
    }

    fn links(html: &str) -> Vec<String> {
        extract_links(html, &page())
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn encuentra_los_enlaces_y_los_resuelve() {
        let html = r#"<html><body>
            <a href="a">uno</a> <a href='/b'>dos</a>
            <map><area href="c#x"></map>
            <a name="sin-href">nada</a>
            <a href="mailto:ana@example.com">correo</a>
        </body></html>"#;
        assert_eq!(
            links(html),
            [
                "http://127.0.0.1:8080/dir/a",
                "http://127.0.0.1:8080/b",
                "http://127.0.0.1:8080/dir/c",
            ]
        );
    }

    #[test]
    fn ignora_lo_que_una_expresion_regular_tomaria_por_enlace() {
        let html = r#"<!-- <a href="/comentado">no</a> -->
            <script>var s = '<a href="/en-script">no</a>';</script>
            <p>href="/texto"</p>
            <a href="/si">sí</a>"#;
        assert_eq!(links(html), ["http://127.0.0.1:8080/si"]);
    }

    #[test]
    fn respeta_base_href() {
        let html = r#"<head><base href="/otra/"></head><a href="x">x</a>"#;
        assert_eq!(links(html), ["http://127.0.0.1:8080/otra/x"]);
    }

    #[test]
    fn html_roto_no_es_un_panico() {
        assert_eq!(
            links("<a href=\"/a\"><<<>>> <a href"),
            ["http://127.0.0.1:8080/a"]
        );
        assert!(links("").is_empty());
    }
}
