#!/usr/bin/env bash
# clippy sin avisos en todo el workspace, también en tests y benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo clippy --workspace --all-targets -- -D warnings
