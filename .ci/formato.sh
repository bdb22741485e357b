#!/usr/bin/env bash
# El código de todo el workspace tiene el formato de rustfmt (rustfmt.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all --check
