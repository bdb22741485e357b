//! Lo que dicen los `Cargo.toml`: los `[[bin]]` de los listados y las versiones de
//! cada dependencia en cada paquete del workspace.

use std::fs;
use std::path::Path;

use crate::listings::Listing;

/// Un `[[bin]]` del paquete raíz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bin {
    pub name: String,
    pub path: String,
    /// `test = false`: cargo no construye un arnés de tests vacío para él.
    pub test: Option<bool>,
}

fn parse(path: &str, text: &str) -> Result<toml::Table, String> {
    text.parse().map_err(|e| format!("{path}: {e}"))
}

fn read(root: &Path, path: &str) -> Result<toml::Table, String> {
    let text =
        fs::read_to_string(root.join(path)).map_err(|e| format!("{path}: {e}"))?;
    parse(path, &text)
}

/// Los `[[bin]]` de un `Cargo.toml`.
pub fn bins(cargo_toml: &str) -> Result<Vec<Bin>, String> {
    let manifest = parse("Cargo.toml", cargo_toml)?;
    let Some(bins) = manifest.get("bin") else {
        return Ok(Vec::new());
    };
    let bins = bins
        .as_array()
        .ok_or("Cargo.toml: `bin` debe ser una lista de [[bin]]")?;
    bins.iter()
        .map(|bin| {
            let field = |key: &str| {
                bin.get(key)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
                    .ok_or_else(|| {
                        format!("Cargo.toml: un [[bin]] no tiene `{key}`")
                    })
            };
            Ok(Bin {
                name: field("name")?,
                path: field("path")?,
                test: bin.get("test").and_then(|v| v.as_bool()),
            })
        })
        .collect()
}

/// Cada listado que compila tiene su `[[bin]]` con su mismo nombre y `test = false`,
/// y cada `[[bin]]` es un listado. Devuelve todos los problemas, no solo el primero.
pub fn check_bins(listings: &[Listing], bins: &[Bin]) -> Vec<String> {
    let mut problems = Vec::new();
    for listing in listings {
        let bin = bins.iter().find(|b| b.path == listing.path);
        match (bin, listing.compile_fail) {
            (None, false) => problems.push(format!(
                "{} no tiene [[bin]] en Cargo.toml; añade:\n\n[[bin]]\nname = \"{}\"\npath = \"{}\"\ntest = false\n",
                listing.path, listing.stem, listing.path
            )),
            (Some(bin), false) if bin.name != listing.stem => problems.push(format!(
                "el [[bin]] de {} se llama `{}`; debe llamarse `{}`",
                listing.path, bin.name, listing.stem
            )),
            (Some(bin), false) if bin.test != Some(false) => problems.push(format!(
                "el [[bin]] `{}` debe llevar `test = false`: sus tests están en tests/",
                bin.name
            )),
            (Some(_), true) => problems.push(format!(
                "{} tiene un .stderr (no debe compilar) y a la vez un [[bin]]",
                listing.path
            )),
            _ => {}
        }
    }
    for bin in bins {
        if !listings.iter().any(|l| l.path == bin.path) {
            problems.push(format!(
                "el [[bin]] `{}` apunta a {}, que no es un listado",
                bin.name, bin.path
            ));
        }
    }
    problems
}

/// Los `Cargo.toml` del workspace, relativos a la raíz: el de la raíz y el de cada
/// miembro de `[workspace] members` (un `*` final abarca las carpetas que empiezan así).
pub fn manifests(root: &Path) -> Result<Vec<String>, String> {
    let manifest = read(root, "Cargo.toml")?;
    let members = manifest
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .ok_or("Cargo.toml: falta `[workspace] members`")?;
    let mut found = vec!["Cargo.toml".to_owned()];
    for member in members {
        let member = member
            .as_str()
            .ok_or("Cargo.toml: un miembro no es texto")?;
        match member.strip_suffix('*') {
            Some(prefix) => {
                let (dir, start) = prefix.rsplit_once('/').unwrap_or((".", prefix));
                let entries = fs::read_dir(root.join(dir))
                    .map_err(|e| format!("{dir}: {e}"))?;
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|name| name.starts_with(start))
                    .filter(|name| {
                        root.join(dir).join(name).join("Cargo.toml").exists()
                    })
                    .collect();
                names.sort();
                found.extend(
                    names.into_iter().map(|n| format!("{dir}/{n}/Cargo.toml")),
                );
            }
            None => found.push(format!("{member}/Cargo.toml")),
        }
    }
    Ok(found)
}

/// Una dependencia tal como la escribe un `Cargo.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// El `Cargo.toml` que la declara, relativo a la raíz.
    pub manifest: String,
    /// `dependencies`, `dev-dependencies` o `build-dependencies`.
    pub section: String,
    pub name: String,
    /// La versión pedida, o `None` si es una dependencia por ruta sin versión.
    pub version: Option<String>,
    /// La ruta, si es una dependencia de otro paquete del workspace.
    pub path: Option<String>,
    /// Las features que pide.
    pub features: Vec<String>,
    /// `default-features = false`.
    pub no_default_features: bool,
}

/// Las dependencias de un `Cargo.toml`.
pub fn dependencies(root: &Path, manifest: &str) -> Result<Vec<Dependency>, String> {
    let table = read(root, manifest)?;
    let mut found = Vec::new();
    for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
        let Some(deps) = table.get(section).and_then(|d| d.as_table()) else {
            continue;
        };
        for (name, spec) in deps {
            let field = |key: &str| {
                spec.get(key).and_then(|v| v.as_str()).map(str::to_owned)
            };
            let (version, path) = match spec.as_str() {
                Some(version) => (Some(version.to_owned()), None),
                None => (field("version"), field("path")),
            };
            if spec.get("workspace").is_some() {
                return Err(format!(
                    "{manifest}: `{name}` hereda del workspace; escribe su versión, para que el paquete se pueda copiar fuera"
                ));
            }
            let features = spec
                .get("features")
                .and_then(|f| f.as_array())
                .map(|f| {
                    f.iter()
                        .filter_map(|v| v.as_str())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let no_default_features =
                spec.get("default-features").and_then(|v| v.as_bool())
                    == Some(false);
            found.push(Dependency {
                manifest: manifest.to_owned(),
                section: section.to_owned(),
                name: name.clone(),
                version,
                path,
                features,
                no_default_features,
            });
        }
    }
    Ok(found)
}

/// Las dependencias externas (no de ruta) del paquete raíz: los crates que pueden usar
/// los listados.
pub fn listing_dependencies(root: &Path) -> Result<Vec<Dependency>, String> {
    Ok(dependencies(root, "Cargo.toml")?
        .into_iter()
        .filter(|d| d.section == "dependencies" && d.path.is_none())
        .collect())
}

/// Los nombres de [`listing_dependencies`], con `_` en lugar de `-`.
pub fn listing_crates(root: &Path) -> Result<Vec<String>, String> {
    let mut crates: Vec<String> = listing_dependencies(root)?
        .into_iter()
        .map(|d| d.name.replace('-', "_"))
        .collect();
    crates.sort();
    Ok(crates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(stem: &str, compile_fail: bool) -> Listing {
        Listing {
            path: format!("listings/ch09-x/{stem}.rs"),
            stem: stem.to_owned(),
            chapter: 9,
            number: 1,
            compile_fail,
        }
    }

    #[test]
    fn un_listado_sin_bin_es_un_error_que_dice_que_anadir() {
        let listing = listing("listado-09-01-nuevo", false);
        let problems = check_bins(std::slice::from_ref(&listing), &[]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("no tiene [[bin]]"), "{}", problems[0]);
        assert!(problems[0].contains("name = \"listado-09-01-nuevo\""));
        assert!(problems[0].contains("test = false"));
        let bin = |name: &str, test| Bin {
            name: name.to_owned(),
            path: listing.path.clone(),
            test,
        };
        let wrong_name =
            check_bins(std::slice::from_ref(&listing), &[bin("otro", Some(false))]);
        assert!(wrong_name[0].contains("debe llamarse"));
        let harness = check_bins(
            std::slice::from_ref(&listing),
            &[bin("listado-09-01-nuevo", None)],
        );
        assert!(harness[0].contains("test = false"));
        assert!(
            check_bins(
                std::slice::from_ref(&listing),
                &[bin("listado-09-01-nuevo", Some(false))]
            )
            .is_empty()
        );
        let failing = self::listing("listado-09-02-falla", true);
        assert!(check_bins(&[failing], &[]).is_empty());
    }

    #[test]
    fn lee_los_bin_y_las_dependencias() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("listings/ejercicio-1-a")).unwrap();
        fs::write(
            dir.path().join("Cargo.toml"),
            "[workspace]\nmembers = [\"listings/ejercicio-*\"]\n[dependencies]\ntokio = { version = \"1.4\", features = [\"full\"] }\ntokio-util = \"0.7\"\nlocal = { path = \"x\" }\n[[bin]]\nname = \"a\"\npath = \"a.rs\"\ntest = false\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("listings/ejercicio-1-a/Cargo.toml"),
            "[dependencies]\ntokio = { workspace = true }\n",
        )
        .unwrap();
        let manifests = manifests(dir.path()).unwrap();
        assert_eq!(
            manifests,
            ["Cargo.toml", "listings/ejercicio-1-a/Cargo.toml"]
        );
        assert_eq!(listing_crates(dir.path()).unwrap(), ["tokio", "tokio_util"]);
        let tokio = &listing_dependencies(dir.path()).unwrap()[0];
        assert_eq!(
            (tokio.features.clone(), tokio.no_default_features),
            (vec!["full".to_owned()], false)
        );
        let error = dependencies(dir.path(), &manifests[1]).unwrap_err();
        assert!(error.contains("hereda del workspace"), "{error}");
        let text = fs::read_to_string(dir.path().join("Cargo.toml")).unwrap();
        assert_eq!(bins(&text).unwrap()[0].test, Some(false));
    }
}
