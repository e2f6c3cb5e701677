#!/usr/bin/env bash
# The real huggingface_hub client and hf-token-check on the same fake Hub
# (examples/fake_hub.rs, through scripts/fake-hub.sh) must agree; see scripts/parity.py.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/hfh-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import huggingface_hub" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check huggingface_hub
fi
cargo build --quiet
fake_hub=$(scripts/fake-hub.sh --path)
log=$(mktemp)
"$fake_hub" >"$log" &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q READY "$log" && break; sleep 0.05; done
"$venv/bin/python" scripts/parity.py "$PWD/target/debug/hf-token-check" "$(sed -n 's/^READY //p' "$log")" "$fake_hub"
