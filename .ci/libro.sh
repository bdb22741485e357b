#!/usr/bin/env bash
# El libro se construye con mdBook, cada enlace interno, ancla e imagen del HTML
# existe, y sus bloques de Rust pasan `mdbook test`.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf book
mdbook build
cargo run --quiet -p enlaces -- book
tools/mdbook-test.sh
