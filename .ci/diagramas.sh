#!/usr/bin/env bash
# Cada diagrama del libro es un .dot de Graphviz en src/diagramas/ y el .svg que
# muestran las páginas. Este paso vuelve a dibujar cada .svg desde su .dot y falla si
# el resultado no es idéntico al del repositorio (se comparan contenidos: git no
# guarda las fechas de los archivos). Cada .svg lo muestra una página, con su texto
# alternativo y su pie («Figura N-M: …»).
#
# Para dibujar de nuevo un diagrama tras cambiar su .dot:
#   dot -Tsvg src/diagramas/X.dot -o src/diagramas/X.svg
set -euo pipefail
cd "$(dirname "$0")/.."

como_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}
# La tipografía fija las medidas de cada caja: DejaVu Sans, la que nombran los .dot.
if ! command -v dot >/dev/null || [ -z "$(fc-list 'DejaVu Sans')" ]; then
    echo "== instalando graphviz y fonts-dejavu-core"
    como_root apt-get update -qq
    como_root apt-get install -y -qq graphviz fonts-dejavu-core
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fallos=()
for fuente in src/diagramas/*.dot; do
    svg=${fuente%.dot}.svg
    nombre=$(basename "$svg")
    if [ ! -f "$svg" ]; then
        fallos+=("$fuente: falta su $svg")
        continue
    fi
    dot -Tsvg "$fuente" -o "$work/$nombre"
    if ! cmp -s "$svg" "$work/$nombre"; then
        fallos+=("$svg no es el dibujo de $fuente (dot -Tsvg $fuente -o $svg)")
    fi
    # La página que lo muestra: ![texto alternativo](diagramas/X.svg) y, en la línea
    # siguiente, su pie.
    usos=$(grep -l "](diagramas/$nombre)" src/*.md || true)
    if [ "$(wc -w <<<"$usos")" != 1 ]; then
        fallos+=("$svg: lo debe mostrar una página, y lo muestran: ${usos:-ninguna}")
        continue
    fi
    if ! grep -qE "^!\[[^]]{20,}\]\(diagramas/$nombre\)$" "$usos"; then
        fallos+=("$usos: $nombre necesita un texto alternativo que lo describa")
    fi
    if ! grep -A1 "](diagramas/$nombre)" "$usos" | tail -1 \
        | grep -qE '^<span class="caption">Figura [0-9]+-[0-9]+: '; then
        fallos+=("$usos: tras $nombre va su pie, <span class=\"caption\">Figura N-M: …</span>")
    fi
done
for svg in src/diagramas/*.svg; do
    [ -f "${svg%.svg}.dot" ] || fallos+=("$svg: falta su fuente ${svg%.svg}.dot")
done

if [ ${#fallos[@]} -gt 0 ]; then
    printf '%s\n' "${fallos[@]}"
    exit 1
fi
echo "$(ls src/diagramas/*.dot | wc -l) diagramas idénticos a su fuente, cada uno en su página"
