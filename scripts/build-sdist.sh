#!/usr/bin/env bash
# Builds the Python source distribution (maturin sdist, config in
# python/) into dist/ (or --out DIR) and prints its path. Installing it
# builds the executable from the crate's sources with cargo (maturin `bin`).
# maturin comes from PyPI into the same throwaway venv as scripts/build-wheel.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/dist
if [ "${1:-}" = --out ]; then out=$(realpath -m "$2"); fi

venv=target/wheel-venv
if [ ! -x "$venv/bin/maturin" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.9,<2"
fi

mkdir -p "$out"
cd python
# maturin checks for a Cargo.toml next to pyproject.toml before it reads
# manifest-path, and says so on stderr: that line is not an error.
"$root/$venv/bin/maturin" sdist --out "$out" 2>&1 |
  { grep -v "manifest path .Cargo.toml. does not exist" || true; } >&2
ls -1t "$out"/hf_token_check-*.tar.gz | head -1
