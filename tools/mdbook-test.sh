#!/usr/bin/env bash
# `mdbook test` con las dependencias del libro.
#
# mdbook test solo acepta -L: cada listado que usa crates externos lleva sus líneas
# `extern crate X; // para mdbook test` fuera del ancla, que el libro incluye como
# líneas ocultas, y rustdoc busca cada crate en la carpeta que se le da.
# target/debug/deps no sirve: tras `cargo check` o `cargo clippy` guarda varias
# copias de un mismo crate y rustdoc no sabe cuál usar (E0464). Aquí se prepara una
# carpeta limpia con los artefactos de un único `cargo build`. Ese build lleva
# `--target` con la plataforma de la máquina: así las dependencias de los listados van
# a target/<plataforma>/ y las de build.rs (serde_json o tempfile, también, pero con
# otras features) se quedan en target/debug/, y no hay dos copias de un crate.
set -euo pipefail
cd "$(dirname "$0")/.."

deps=target/mdbook-deps
rm -rf "$deps"
mkdir -p "$deps"
host=$(rustc -vV | sed -n 's/^host: //p')
cargo build -p concurrencia-avanzada --bins --target "$host" \
    --message-format=json-render-diagnostics \
    | jq -r --arg host "/$host/" 'select(.reason == "compiler-artifact") | .filenames[]
             | select(endswith(".rlib") or endswith(".so"))
             | select(contains($host) or endswith(".so"))' \
    | while read -r artifact; do
        ln -f "$artifact" "$deps/" 2>/dev/null || cp "$artifact" "$deps/"
    done
exec mdbook test -L "$deps" "$@"
