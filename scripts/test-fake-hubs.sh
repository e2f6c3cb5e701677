#!/usr/bin/env bash
# The one fake Hub (examples/fake_hub.rs) and the Python one kept for GitHub
# runners without Rust (scripts/fake_hub.py) answer every request of the
# scripts' world the same way (scripts/compare-fake-hubs.py). Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

fake_hub=$(scripts/fake-hub.sh --path)
work=$(mktemp -d)
pids=()
cleanup() { for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
"$fake_hub" >"$work/rust.log" &
pids+=($!)
python3 -u scripts/fake_hub.py >"$work/python.log" &
pids+=($!)
for _ in $(seq 100); do
  grep -qs READY "$work/rust.log" && grep -qs READY "$work/python.log" && break
  sleep 0.05
done
read -r write read limited < <("$fake_hub" --tokens)
python3 scripts/compare-fake-hubs.py "$(sed -n 's/^READY //p' "$work/rust.log")" \
  "$(sed -n 's/^READY //p' "$work/python.log")" "$write" "$read" "$limited"
