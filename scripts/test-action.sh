#!/usr/bin/env bash
# Runs the GitHub Action's script (scripts/action/run.sh) outside GitHub, with
# the runner's variables set, against a fake release on a local HTTP server
# (archives and SHA256SUMS built from dist/hf-token-check) and the fake Hub.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x dist/hf-token-check ] || scripts/build-static.sh >/dev/null
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
target=x86_64-unknown-linux-musl # what the script asks for on Linux X64
asset=hf-token-check-$target.tar.gz

# The release, laid out as GitHub serves it: download/vX/ and latest/download/.
mkdir -p "$work/pack" "$work/rel/download/v$version" "$work/rel/latest/download" "$work/rel/download/v9.9.9"
cp dist/hf-token-check "$work/pack/"
tar -czf "$work/rel/download/v$version/$asset" -C "$work/pack" hf-token-check
(cd "$work/rel/download/v$version" && sha256sum "$asset" >SHA256SUMS)
cp "$work/rel/download/v$version/"* "$work/rel/latest/download/"
# v9.9.9: the sums do not match the archive
cp "$work/rel/download/v$version/$asset" "$work/rel/download/v9.9.9/"
echo "0000000000000000000000000000000000000000000000000000000000000000  $asset" \
  >"$work/rel/download/v9.9.9/SHA256SUMS"

python3 -u -m http.server --bind 127.0.0.1 --directory "$work/rel" 0 >"$work/http.log" 2>&1 &
pids+=($!)
python3 scripts/fake_hub.py >"$work/hub.log" &
pids+=($!)
for _ in $(seq 100); do
  grep -q "port" "$work/http.log" && grep -q READY "$work/hub.log" && break
  sleep 0.05
done
port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)
hub=$(sed -n 's/^READY //p' "$work/hub.log")
read -r write_token read_token < <(python3 -c 'import sys; sys.path.insert(0, "scripts"); import fake_hub; print(fake_hub.FAKE_WRITE, fake_hub.FAKE_READ)')

# Event files: a pull request from a fork, and one from a branch of the repo.
cat >"$work/fork.json" <<'JSON'
{"pull_request": {"head": {"repo": {"full_name": "someone/hf-token-check"}},
                  "base": {"repo": {"full_name": "owner/hf-token-check"}}}}
JSON
cat >"$work/same.json" <<'JSON'
{"pull_request": {"head": {"repo": {"full_name": "owner/hf-token-check"}},
                  "base": {"repo": {"full_name": "owner/hf-token-check"}}}}
JSON

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

# run_action NAME [VAR=VALUE...]: a fresh runner (temp dir, outputs, summary);
# sets code, out, err, outputs.
n=0
run_action() {
  n=$((n + 1))
  local t=$work/run$n
  mkdir -p "$t/tmp"
  : >"$t/output" && : >"$t/summary"
  code=0
  env -i PATH=/usr/bin:/bin HOME="$t" RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$t/tmp" \
    GITHUB_ACTIONS=true GITHUB_OUTPUT="$t/output" GITHUB_STEP_SUMMARY="$t/summary" \
    GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH="$work/fork.json" \
    HF_TOKEN_CHECK_RELEASES_URL="http://127.0.0.1:$port" INPUT_ENDPOINT="$hub" "$@" \
    scripts/action/run.sh >"$t/out" 2>"$t/err" || code=$?
  out=$(cat "$t/out") err=$(cat "$t/err") outputs=$(cat "$t/output") summary=$(cat "$t/summary")
  run_dir=$t
}
json() { python3 -c 'import json, sys; print(eval(sys.argv[2], {}, {"r": json.load(open(sys.argv[1]))}))' "$@"; }

run_action HF_TOKEN="$write_token" INPUT_READ="me/model" INPUT_WRITE=$'me/out\n'
report=$run_dir/tmp/hf-token-check-report.json
if [ "$code" = 0 ] && grep -qx "exit-code=0" <<<"$outputs" && grep -qx "report=$report" <<<"$outputs" \
  && [ "$(json "$report" 'r["ok"]')" = True ] && grep -q "sha256 verified" <<<"$out" && [ -n "$summary" ]; then
  ok "downloads, verifies, passes; outputs exit-code and report; step summary written"
else
  fail "pass: exit $code: $out $err / $outputs"
fi
checks=$(json "$report" '", ".join(c["check"] + " " + c.get("repo", "") for c in r["checks"])')
if grep -q "read me/model" <<<"$checks" && grep -q "write me/out" <<<"$checks"; then
  ok "the read and write inputs reach the check ($checks)"
else
  fail "checks in the report: $checks"
fi

run_action HF_TOKEN="$write_token" INPUT_WRITE="me/out, acme/gated" INPUT_VERSION=latest
report=$run_dir/tmp/hf-token-check-report.json
if [ "$code" = 77 ] && grep -qx "exit-code=77" <<<"$outputs" && [ "$(json "$report" 'r["exit_code"]')" = 77 ] \
  && grep -q "::error" <<<"$err"; then
  ok "comma-separated repos, version latest: a gated repo fails 77, in the outputs and the report"
else
  fail "gated: exit $code: $out $err / $outputs"
fi

run_action HF_TOKEN="$write_token" INPUT_READ="me/model" INPUT_VERSION=v9.9.9
if [ "$code" != 0 ] && grep -q "checksum mismatch for \`$asset\`" <<<"$err" \
  && grep -q "::error" <<<"$out" && [ ! -e "$run_dir/tmp/hf-token-check-9.9.9-$target/hf-token-check" ] \
  && [ -z "$outputs" ]; then
  ok "a wrong checksum fails clearly and nothing runs"
else
  fail "checksum: exit $code: $out $err / $outputs"
fi

run_action HF_TOKEN="$write_token" INPUT_VERSION=1.2.3
if [ "$code" != 0 ] && grep -q "could not download" <<<"$err"; then
  ok "a release that does not exist fails clearly"
else
  fail "missing release: exit $code: $out $err"
fi

run_action RUNNER_OS=Windows RUNNER_ARCH=ARM64 HF_TOKEN="$write_token"
if [ "$code" != 0 ] && grep -q "no release binary for RUNNER_OS \`Windows\` and RUNNER_ARCH \`ARM64\`" <<<"$err"; then
  ok "an unsupported runner fails clearly"
else
  fail "unsupported runner: exit $code: $err"
fi

# A fork's pull request without a token: passes with the notice.
run_action GITHUB_EVENT_NAME=pull_request HF_TOKEN= INPUT_WRITE="me/out"
if [ "$code" = 0 ] && grep -q "^::notice title=hf-token-check::.*withholds secrets from pull requests opened from forks" <<<"$out" \
  && grep -qx "exit-code=0" <<<"$outputs"; then
  ok "fork pull request without a token: passes with the notice"
else
  fail "fork: exit $code: $out $err / $outputs"
fi
if dist/hf-token-check --help | grep -q -- --allow-missing-token; then
  report=$run_dir/tmp/hf-token-check-report.json
  if grep -qx "report=$report" <<<"$outputs" && [ "$(json "$report" 'r["exit_code"]')" = 0 ] \
    && json "$report" '[c["status"] for c in r["checks"]]' | grep -q skip; then
    ok "fork: the binary ran with --allow-missing-token (a skip in the report)"
  else
    fail "fork with --allow-missing-token: $(cat "$report" 2>/dev/null) / $outputs"
  fi
else
  if grep -qx "report=" <<<"$outputs" && grep -q "skipped" <<<"$summary"; then
    ok "fork: this binary has no --allow-missing-token, so the run is skipped (empty report)"
  else
    fail "fork skip: $outputs / $summary"
  fi
fi

run_action GITHUB_EVENT_NAME=pull_request HF_TOKEN= INPUT_WRITE="me/out" INPUT_FORK_PASS=false
if [ "$code" = 78 ] && ! grep -q "::notice" <<<"$out"; then
  ok "fork-pass: false makes the fork case fail (78)"
else
  fail "fork-pass false: exit $code: $out"
fi

run_action GITHUB_EVENT_NAME=pull_request GITHUB_EVENT_PATH="$work/same.json" HF_TOKEN= INPUT_WRITE="me/out"
if [ "$code" = 78 ] && ! grep -q "::notice" <<<"$out"; then
  ok "a pull request from the same repo without a token fails (78): not a fork"
else
  fail "same-repo PR: exit $code: $out"
fi

run_action GITHUB_EVENT_NAME=pull_request HF_TOKEN="$read_token" INPUT_WRITE="me/out" INPUT_ARGS="--timeout 10 --quiet"
if [ "$code" = 77 ] && ! grep -q "::notice" <<<"$out"; then
  ok "a fork's pull request with a token is checked as usual (77); args pass through"
else
  fail "fork with token: exit $code: $out $err"
fi

leaks=$(grep -rlF -e "${write_token:3:20}" -e "${read_token:3:20}" "$work"/run* || true)
[ -z "$leaks" ] && ok "no token in any output, summary or report" || fail "token in: $leaks"

echo "action: $passed passed, $failed failed"
[ "$failed" = 0 ]
