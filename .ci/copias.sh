#!/usr/bin/env bash
# Copiar un listado a un proyecto propio funciona, como le dice su encabezado al lector.
#
# Para cada listado que compila: un proyecto nuevo de la edición 2024 hecho con
# `cargo new`, exactamente las órdenes `cargo add` de su línea «En tu proyecto:», el
# listado como src/main.rs, `cargo build`, y una ejecución sin entrada que debe acabar
# bien. Para cada ejercicio: su carpeta copiada fuera del repositorio, donde se
# compila y pasa sus tests (con sus benchmarks, una vez, en modo test).
#
# Los proyectos se crean fuera del repositorio (dentro, cargo los tomaría por miembros
# del workspace) y comparten un directorio target, así que cada dependencia se compila
# una sola vez y cada listado cuesta unos segundos.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

lista=$(cargo run --quiet -p libro --bin libro -- copias "$root")
ejercicios=$(cargo run --quiet -p libro --bin libro -- ejercicios "$root")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$root/target/copias"
fallos=()

while IFS=$'\t' read -r -a campos; do
    ruta=${campos[0]}
    nombre=$(basename "$ruta" .rs)
    proyecto="$work/$nombre"
    inicio=$SECONDS
    if ! (
        set -e
        cargo new --quiet --vcs none --edition 2024 --name "$nombre" "$proyecto"
        cd "$proyecto"
        for orden in "${campos[@]:1}"; do
            read -r -a palabras <<<"$orden"
            "${palabras[@]}" --quiet
        done
        cp "$root/$ruta" src/main.rs
        cargo build --quiet
        timeout 20 "$CARGO_TARGET_DIR/debug/$nombre" </dev/null >salida.txt 2>&1 ||
            { echo "falló al ejecutarse:"; cat salida.txt; exit 1; }
    ); then
        fallos+=("$ruta")
    fi
    echo "copia de $ruta: $((SECONDS - inicio)) s"
done <<<"$lista"

for ejercicio in $ejercicios; do
    nombre=$(basename "$ejercicio")
    inicio=$SECONDS
    cp -r "$root/$ejercicio" "$work/$nombre"
    if ! (cd "$work/$nombre" && cargo test --quiet --all-targets); then
        fallos+=("$ejercicio")
    fi
    echo "copia de $ejercicio: $((SECONDS - inicio)) s"
done

if [ ${#fallos[@]} -gt 0 ]; then
    echo "No funcionan copiados a un proyecto propio:"
    printf '  %s\n' "${fallos[@]}"
    exit 1
fi
echo "$(wc -l <<<"$lista") listados y $(wc -w <<<"$ejercicios") ejercicios funcionan copiados a un proyecto propio"
