#!/usr/bin/env bash
# The test command the README shows: unit and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --all-targets "$@"
