#!/usr/bin/env bash
# The one fake Hub for the scripts: the test suite's, as a program
# (examples/fake_hub.rs; its head says what it serves and its options).
#
#   hub=$(scripts/fake-hub.sh --path)    build it once, print its path
#   "$hub" [OPTIONS] >LOG &              start it: `READY <url>` in LOG
#   scripts/fake-hub.sh [OPTIONS]        build if needed, then run it in place
#   scripts/fake-hub.sh --tokens         its tokens: write, read, rate-limited
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --quiet --manifest-path "$root/Cargo.toml" --example fake_hub
bin=${CARGO_TARGET_DIR:-$root/target}/debug/examples/fake_hub
if [ "${1:-}" = --path ]; then
  echo "$bin"
  exit 0
fi
exec "$bin" "$@"
