#!/usr/bin/env bash
# Builds a fully static release binary for the host's architecture (x86_64 or
# aarch64) into dist/hf-token-check and checks it: musl when the host's
# <arch>-unknown-linux-musl target is installed, else glibc with
# `-C target-feature=+crt-static` and an explicit --target (so the flag does not
# reach build scripts). Fails when the binary is not static or over its size
# budget: 2.4 MB for musl, 3.4 MB for glibc. (scripts/build-release.sh builds
# the release archives for every target.)
set -euo pipefail
cd "$(dirname "$0")/.."

host=$(rustc -vV | sed -n 's/^host: //p')
arch=${host%%-*}
case $host in
*-unknown-linux-gnu | *-unknown-linux-musl) ;;
*) echo "error: scripts/build-static.sh builds Linux binaries on a Linux host; this rustc's host is $host" >&2; exit 1 ;;
esac
if rustup target list --installed 2>/dev/null | grep -qx "$arch-unknown-linux-musl"; then
  target=$arch-unknown-linux-musl
  budget=2400000
  cargo build --release --locked --target "$target"
else
  target=$arch-unknown-linux-gnu
  budget=3400000
  RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
    cargo build --release --locked --target "$target"
fi

mkdir -p dist
cp "target/$target/release/hf-token-check" dist/hf-token-check
bin=dist/hf-token-check
size=$(stat -c %s "$bin")

# Static means: no program interpreter and no shared libraries. Ask `file`, and
# `ldd` as well; a build image may lack one of them, not both.
static=unknown
if command -v file >/dev/null; then
  if file "$bin" | grep -Eq 'statically linked|static-pie linked'; then static=yes; else static=no; fi
fi
if command -v ldd >/dev/null && [ "$static" != no ]; then
  if ldd "$bin" 2>&1 | grep -Eq 'not a dynamic executable|statically linked'; then static=yes; else static=no; fi
fi

echo "binary: $bin"
echo "target: $target"
echo "size:   $size bytes (budget $budget)"
command -v file >/dev/null && echo "file:   $(file -b "$bin")"
if [ "$static" = unknown ]; then
  echo "error: neither \`file\` nor \`ldd\` is installed, so the binary could not be checked static" >&2
  exit 1
fi
if [ "$static" = no ]; then
  echo "error: $bin is not statically linked" >&2
  ldd "$bin" >&2 || true
  exit 1
fi
if [ "$size" -gt "$budget" ]; then
  echo "error: $bin is $size bytes, over the $budget-byte budget for $target" >&2
  exit 1
fi
