#!/usr/bin/env bash
# El libro se construye con mdBook y sus bloques de Rust pasan `mdbook test`.
set -euo pipefail
cd "$(dirname "$0")/.."
mdbook build
tools/mdbook-test.sh
