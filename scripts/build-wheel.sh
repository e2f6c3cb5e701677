#!/usr/bin/env bash
# Builds the Python wheel that installs the hf-token-check executable
# (maturin `bin` bindings, config in python/) into dist/, then puts in it the
# release archives' static musl binary for the host's architecture in place of
# the one maturin built (scripts/repack-wheel.py): the same binary as
# `hf-token-check-<arch>-unknown-linux-musl.tar.gz`, which never aborts under a
# tight `ulimit -v` as glibc's static malloc does. That archive comes from
# HF_TOKEN_CHECK_RELEASE_DIR when set (CI builds the archives once), else from
# `scripts/build-release.sh <arch>-unknown-linux-musl` (Debian's Rust; installs
# what it needs as root, cached under target/).
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
# For the host's architecture (x86_64 or aarch64). maturin links a static glibc
# binary (so that its manylinux2014 audit passes); it is replaced below.
host=$(rustc -vV | sed -n 's/^host: //p')
case $host in
*-unknown-linux-gnu) ;;
*) echo "error: scripts/build-wheel.sh builds the Linux wheel on a Linux (glibc) host; this rustc's host is $host" >&2; exit 1 ;;
esac
(cd python && RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
  "$root/$venv/bin/maturin" build --release --locked --target "$host" \
  --compatibility manylinux2014 --out "$root/dist" --quiet "$@" >&2)
wheel=$(ls -1t "$root"/dist/hf_token_check-*.whl | head -1)

musl=${host%%-*}-unknown-linux-musl
archive=hf-token-check-$musl.tar.gz
rel=${HF_TOKEN_CHECK_RELEASE_DIR:-}
if [ -z "$rel" ]; then
  rel=$root/target/wheel-musl
  scripts/build-release.sh --out "$rel" "$musl" >&2
fi
[ -f "$rel/$archive" ] || { echo "error: no $archive in $rel" >&2; exit 1; }
(cd "$rel" && sha256sum --quiet -c "$archive.sha256") >&2
unpacked=$root/target/wheel-musl/unpacked
rm -rf "$unpacked" && mkdir -p "$unpacked"
tar -xzf "$rel/$archive" -C "$unpacked" hf-token-check
python3 scripts/repack-wheel.py "$wheel" "$unpacked/hf-token-check"
