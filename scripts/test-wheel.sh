#!/usr/bin/env bash
# Builds the wheel, installs it with uv into a fresh venv, and runs the
# two-line uv-script example (scripts/wheel/example.py, PEP 723) through
# `uv run --find-links dist/` against the fake Hub (scripts/fake_hub.py):
# it passes, and with a read token for a write repo it stops with 77 before
# the script's own code runs. Also: `python -m hf_token_check`, the executable
# found through sysconfig without PATH, and ruff (E, F, I) on the example.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tools=$(scripts/ci/tools.sh)
scripts/build-wheel.sh >/dev/null
work=$(mktemp -d)
log=$work/hub.log
hub_pid=
cleanup() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# uv: its cache under target/ (warm across runs), never a Python download.
export UV_CACHE_DIR=$root/target/uv-cache UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1
uv=$tools/uv

python3 scripts/fake_hub.py >"$log" &
hub_pid=$!
for _ in $(seq 100); do grep -q READY "$log" && break; sleep 0.05; done
url=$(sed -n 's/^READY //p' "$log")
read -r write_token read_token < <(python3 -c 'import sys; sys.path.insert(0, "scripts"); import fake_hub; print(fake_hub.FAKE_WRITE, fake_hub.FAKE_READ)')

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

want="hf-token-check $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"

# A fresh venv, the wheel installed by uv from dist/ only.
"$uv" venv --quiet --python python3 "$work/venv"
"$uv" pip install --quiet --python "$work/venv/bin/python" --no-index --find-links dist \
  --reinstall-package hf-token-check hf-token-check
version=$("$work/venv/bin/hf-token-check" --version)
[ "$version" = "$want" ] && ok "--version from the venv: $version" || fail "--version: '$version', wanted '$want'"
version=$("$work/venv/bin/python" -m hf_token_check --version)
[ "$version" = "$want" ] && ok "python -m hf_token_check --version" || fail "python -m: '$version'"

# The executable is found through sysconfig, with a PATH that lacks it.
found=$(env -i PATH=/usr/bin:/bin "$work/venv/bin/python" -c 'import hf_token_check as h; print(h.find_binary())')
[ "$found" = "$work/venv/bin/hf-token-check" ] && ok "find_binary() via sysconfig, not PATH" \
  || fail "find_binary(): '$found'"

# The example, run as a uv script: uv builds its environment from dist/.
cp scripts/wheel/example.py "$work/job.py"
run_job() { # TOKEN -> sets code, out, err
  code=0
  env -i HOME="$work" PATH=/usr/bin:/bin UV_CACHE_DIR="$UV_CACHE_DIR" UV_PYTHON_DOWNLOADS=never \
    UV_NO_PROGRESS=1 HF_TOKEN="$1" HF_ENDPOINT="$url" \
    "$uv" run --quiet --no-project --no-index --find-links "$root/dist" \
    --refresh-package hf-token-check "$work/job.py" >"$work/out" 2>"$work/err" || code=$?
  out=$(cat "$work/out") err=$(cat "$work/err")
}
run_job "$write_token"
if [ "$code" = 0 ] && grep -q "the job starts here" <<<"$out" && grep -q "✓ whoami" <<<"$err"; then
  ok "uv run: require() passes and the script runs"
else
  fail "uv run pass: exit $code: $out $err"
fi
if grep -qF "${write_token:3:20}" <<<"$out$err"; then fail "the token leaked"; else ok "no token in the output"; fi

run_job "$read_token"
if [ "$code" = 77 ] && ! grep -q "the job starts here" <<<"$out" && grep -q "me/out" <<<"$err"; then
  ok "uv run: a read token for a write repo exits 77, the script's code never runs"
else
  fail "uv run failure: exit $code: $out $err"
fi
if grep -qF "${read_token:3:20}" <<<"$out$err"; then fail "the token leaked"; else ok "no token in the output"; fi

# No linter complains about the two lines (pycodestyle E402, pyflakes, isort).
if lint=$("$tools/ruff" check --no-cache --isolated --select E,F,I "$work/job.py" 2>&1); then
  ok "ruff E,F,I: the example is clean"
else
  fail "ruff: $lint"
fi

echo "wheel: $passed passed, $failed failed"
[ "$failed" = 0 ]
