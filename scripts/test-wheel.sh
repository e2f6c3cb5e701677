#!/usr/bin/env bash
# Builds the wheel, installs it into a fresh virtual environment, runs
# `hf-token-check --version` from there, and runs the uv-script preamble with
# that environment's python against the fake Hub (scripts/fake_hub.py).
set -euo pipefail
cd "$(dirname "$0")/.."

wheel=$(scripts/build-wheel.sh)
work=$(mktemp -d)
log=$work/hub.log
hub_pid=
cleanup() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"

python3 scripts/fake_hub.py >"$log" &
hub_pid=$!
for _ in $(seq 100); do grep -q READY "$log" && break; sleep 0.05; done
url=$(sed -n 's/^READY //p' "$log")
token=$(python3 -c 'import sys; sys.path.insert(0, "scripts"); import fake_hub; print(fake_hub.FAKE_WRITE)')

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

version=$("$work/venv/bin/hf-token-check" --version)
want="hf-token-check $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
[ "$version" = "$want" ] && ok "--version from the venv: $version" || fail "--version: '$version', wanted '$want'"

# The preamble with the venv's python and a PATH without the binary: it finds
# the executable next to sys.executable, as in a uv-managed environment.
sed 's/^HF_TOKEN_CHECK_ARGS = .*/HF_TOKEN_CHECK_ARGS = ["--read", "me\/model", "--write", "me\/out"]/' \
  scripts/preamble.py >"$work/job.py"
code=0
out=$(env -i HOME="$work" PATH=/usr/bin:/bin HF_TOKEN="$token" HF_ENDPOINT="$url" \
  "$work/venv/bin/python" "$work/job.py" 2>&1) || code=$?
if [ "$code" = 0 ] && grep -q "the job starts here" <<<"$out" && grep -q "✓ whoami" <<<"$out"; then
  ok "preamble passes with the wheel's executable"
else
  fail "preamble pass: exit $code: $out"
fi

sed 's/^HF_TOKEN_CHECK_ARGS = .*/HF_TOKEN_CHECK_ARGS = ["--read", "acme\/gated"]/' \
  scripts/preamble.py >"$work/job.py"
code=0
out=$(env -i HOME="$work" PATH=/usr/bin:/bin HF_TOKEN="$token" HF_ENDPOINT="$url" \
  "$work/venv/bin/python" "$work/job.py" 2>&1) || code=$?
if [ "$code" = 77 ] && ! grep -q "the job starts here" <<<"$out" && grep -q "gated" <<<"$out"; then
  ok "preamble stops the job with exit 77 on a gated repo"
else
  fail "preamble failure: exit $code: $out"
fi

if grep -q "${token:3:20}" <<<"$out"; then fail "the token leaked"; else ok "no token in the output"; fi

echo "wheel: $passed passed, $failed failed"
[ "$failed" = 0 ]
