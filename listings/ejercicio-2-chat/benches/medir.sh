#!/usr/bin/env bash
# Repite la medición de carga que muestra el libro y reescribe su archivo, con la
# máquina en la que se tomó. Desde la raíz del repositorio:
#
#     bash listings/ejercicio-2-chat/benches/medir.sh
set -euo pipefail
out=listings/ejercicio-2-chat/src/bin/ejercicio-2-chat.carga.salida
cargo build --release --quiet --bin ejercicio-2-chat
tmp=$(mktemp "$out.XXXXXX")
{
    echo "\$ lscpu | grep 'Model name'"
    lscpu | grep 'Model name'
    echo '$ nproc'
    nproc
    echo '$ rustc --version'
    rustc --version
    echo '$ cargo run --release --bin ejercicio-2-chat -- --carga'
    cargo run --release --quiet --bin ejercicio-2-chat -- --carga
} > "$tmp"
mv "$tmp" "$out"
cat "$out"
