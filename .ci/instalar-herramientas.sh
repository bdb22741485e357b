#!/usr/bin/env bash
# Instala lo que el proyecto necesita y una máquina nueva puede no tener:
# mdBook 0.5 (desde crates.io) y jq (para tools/mdbook-test.sh).
set -euo pipefail

MDBOOK_VERSION=0.5.4

if ! command -v mdbook >/dev/null || [ "$(mdbook --version)" != "mdbook v$MDBOOK_VERSION" ]; then
    echo "== instalando mdBook $MDBOOK_VERSION"
    cargo install --locked --version "$MDBOOK_VERSION" mdbook
fi

if ! command -v jq >/dev/null; then
    echo "== instalando jq"
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq jq
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq jq
    fi
fi
