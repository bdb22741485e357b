#!/usr/bin/env bash
# Todos los tests: el libro (skeptic, sus reglas, los listados que no compilan), cada
# capítulo y cada ejercicio, con sus benchmarks ejecutados una vez en modo test.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test
cargo test --workspace --benches
