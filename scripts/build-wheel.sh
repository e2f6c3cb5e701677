#!/usr/bin/env bash
# Builds the Python wheel that installs the hf-token-check executable
# (maturin `bin` bindings, config in python/) into dist/.
# maturin comes from PyPI into a throwaway venv under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

venv=target/wheel-venv
if [ ! -x "$venv/bin/maturin" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.5,<2"
fi

mkdir -p dist
# For the host's architecture (x86_64 or aarch64): a static glibc binary, so
# the wheel runs on any Linux of that architecture, like the one from
# scripts/build-static.sh.
host=$(rustc -vV | sed -n 's/^host: //p')
case $host in
*-unknown-linux-gnu) ;;
*) echo "error: scripts/build-wheel.sh builds the Linux wheel on a Linux (glibc) host; this rustc's host is $host" >&2; exit 1 ;;
esac
cd python
RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
  "$root/$venv/bin/maturin" build --release --locked --target "$host" \
  --compatibility manylinux2014 --out "$root/dist" --quiet "$@" >&2
ls -1t "$root"/dist/hf_token_check-*.whl | head -1
