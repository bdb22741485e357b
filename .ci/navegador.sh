#!/usr/bin/env bash
# El libro como lo lee la gente: un sitio web. Chromium sin interfaz (el paquete de
# Debian) carga cada página del libro construido, servido en 127.0.0.1, y
# tools/navegador/prueba.mjs comprueba que no hay errores, que el código está
# coloreado, que el buscador encuentra y que a 375 px solo el código se desplaza de
# lado. Deja capturas en target/navegador/.
set -euo pipefail
cd "$(dirname "$0")/.."

como_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v chromium >/dev/null; then
    echo "== instalando chromium"
    como_root apt-get update -qq
    como_root apt-get install -y -qq chromium
fi
if [ ! -d tools/navegador/node_modules/playwright-core ]; then
    echo "== instalando playwright-core (sin descargar navegadores)"
    (cd tools/navegador && npm ci --no-audit --no-fund --silent)
fi

[ -d book ] || mdbook build
node tools/navegador/prueba.mjs book
