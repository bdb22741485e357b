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

# Un listado, en un proyecto nuevo. Cada paso con `|| return 1`: dentro de un `if`,
# bash no aplica `set -e`.
copiar_listado() {
    local ruta=$1 nombre=$2 proyecto=$3
    shift 3
    cargo new --quiet --vcs none --edition 2024 --name "$nombre" "$proyecto" || return 1
    cd "$proyecto" || return 1
    local orden palabras
    for orden in "$@"; do
        read -r -a palabras <<<"$orden"
        "${palabras[@]}" --quiet || return 1
    done
    cp "$root/$ruta" src/main.rs || return 1
    # Sin el binario de una ejecución anterior: si no compila, no hay nada que ejecutar.
    rm -f "$CARGO_TARGET_DIR/debug/$nombre"
    cargo build --quiet || return 1
    if ! timeout 20 "$CARGO_TARGET_DIR/debug/$nombre" </dev/null >salida.txt 2>&1; then
        echo "$ruta falló al ejecutarse:"
        cat salida.txt
        return 1
    fi
}

while IFS=$'\t' read -r -a campos; do
    ruta=${campos[0]}
    nombre=$(basename "$ruta" .rs)
    inicio=$SECONDS
    if ! (copiar_listado "$ruta" "$nombre" "$work/$nombre" "${campos[@]:1}"); then
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
