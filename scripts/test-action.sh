#!/usr/bin/env bash
# Runs the GitHub Action's script (action/run.sh) outside GitHub, with
# the runner's variables set, against a fake release on a local HTTP server
# (archives and SHA256SUMS built from dist/hf-token-check) and the fake Hub.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/checks.sh
. scripts/lib/checks.sh

nl=$'\n'

# run.sh runs under bash 3.2 on macOS runners: no construct bash 3.2 lacks.
if out=$(python3 scripts/ci/bash32-check.py --self-test action/run.sh 2>&1); then
  ok "run.sh has no bash >= 4 construct (the checker catches each one in its self-test)"
else
  fail "bash 3.2: $out"
fi

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
target=x86_64-unknown-linux-musl # what the script asks for on Linux X64
asset=hf-token-check-$target.tar.gz

# The release, laid out as GitHub serves it (scripts/ci/local-release.sh: the
# archives of scripts/build-release.sh, or a stand-in from the host build).
# shellcheck source=scripts/ci/local-release.sh
. scripts/ci/local-release.sh
local_release "$work/rel" "$version"
# v9.9.9: the sums do not match the archive
mkdir -p "$work/rel/download/v9.9.9"
cp "$work/rel/download/v$version/$asset" "$work/rel/download/v9.9.9/"
echo "0000000000000000000000000000000000000000000000000000000000000000  $asset" \
  >"$work/rel/download/v9.9.9/SHA256SUMS"
# v8.8.8: a spy in place of the binary, recording its argv and whether the
# token reached it through the environment.
mkdir -p "$work/spy" "$work/rel/download/v8.8.8"
cat >"$work/spy/hf-token-check" <<'SPY'
#!/bin/sh
[ "$1" = --version ] && { echo "hf-token-check 8.8.8"; exit 0; }
for a in "$@"; do printf 'arg:%s\n' "$a"; done >"$SPY_LOG"
[ "${HF_TOKEN:-}" = "$SPY_WANT" ] && echo "env:HF_TOKEN matches" >>"$SPY_LOG"
[ -z "${INPUT_TOKEN+set}" ] && echo "env:no INPUT_TOKEN" >>"$SPY_LOG"
exit 0
SPY
chmod +x "$work/spy/hf-token-check"
tar -czf "$work/rel/download/v8.8.8/$asset" -C "$work/spy" hf-token-check
(cd "$work/rel/download/v8.8.8" && sha256sum "$asset" >SHA256SUMS)

python3 -u -m http.server --bind 127.0.0.1 --directory "$work/rel" 0 >"$work/http.log" 2>&1 &
pids+=($!)
# shellcheck source=scripts/lib/fake-hub.sh
. scripts/lib/fake-hub.sh
fake_hub_start "$work/hub.log"
for _ in $(seq 100); do grep -qs "port" "$work/http.log" && break; sleep 0.05; done
port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)

# Event files: a pull request from a fork, and one from a branch of the repo.
cat >"$work/fork.json" <<'JSON'
{"pull_request": {"head": {"repo": {"full_name": "someone/hf-token-check"}},
                  "base": {"repo": {"full_name": "owner/hf-token-check"}}}}
JSON
cat >"$work/same.json" <<'JSON'
{"pull_request": {"head": {"repo": {"full_name": "owner/hf-token-check"}},
                  "base": {"repo": {"full_name": "owner/hf-token-check"}}}}
JSON

# run_action [VAR=VALUE...]: a fresh runner (temp dir, outputs, summary);
# sets code, out, err, outputs, summary, run_dir. With no_runner_temp=1 set
# for the call, RUNNER_TEMP is left out and TMPDIR is the run's tmp dir.
n=0
run_action() {
  n=$((n + 1))
  local t=$work/run$n
  mkdir -p "$t/tmp"
  : >"$t/output" && : >"$t/summary"
  local temp=(RUNNER_TEMP="$t/tmp")
  [ -z "${no_runner_temp:-}" ] || temp=(TMPDIR="$t/tmp")
  code=0
  env -i PATH=/usr/bin:/bin HOME="$t" RUNNER_OS=Linux RUNNER_ARCH=X64 "${temp[@]}" \
    GITHUB_ACTIONS=true GITHUB_OUTPUT="$t/output" GITHUB_STEP_SUMMARY="$t/summary" \
    GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH="$work/fork.json" SPY_LOG="$t/spy.log" \
    HF_TOKEN_CHECK_RELEASES_URL="http://127.0.0.1:$port" INPUT_ENDPOINT="$hub" "$@" \
    action/run.sh >"$t/out" 2>"$t/err" || code=$?
  out=$(cat "$t/out") err=$(cat "$t/err") outputs=$(cat "$t/output") summary=$(cat "$t/summary")
  run_dir=$t
}
json() { python3 -c 'import json, sys; print(eval(sys.argv[2], {}, {"r": json.load(open(sys.argv[1]))}))' "$@"; }
downloads() { grep -c '"GET ' "$work/http.log" || true; }
output_of() { sed -n "s/^$1=//p" <<<"$outputs"; }
# The report is in a fresh directory made by mktemp under the run's temp dir.
fresh_report() { [[ $(output_of report) =~ ^$run_dir/tmp/hf-token-check\.[A-Za-z0-9]{8}/report\.json$ ]]; }

run_action HF_TOKEN="$write_token" INPUT_READ="me/model" INPUT_WRITE=$'me/out\n'
report=$(output_of report)
if [ "$code" = 0 ] && grep -qx "exit-code=0" <<<"$outputs" && grep -qx "outcome=ok" <<<"$outputs" && fresh_report \
  && [ "$(json "$report" 'r["ok"]')" = True ] && grep -q "sha256 verified" <<<"$out" && [ -n "$summary" ]; then
  ok "downloads, verifies, passes; outputs exit-code, outcome=ok, report (in a fresh mktemp dir); step summary written"
else
  fail "pass: exit $code: $out $err / $outputs"
fi
checks=$(json "$report" '", ".join(c["check"] + " " + c.get("repo", "") for c in r["checks"])')
if grep -q "read me/model" <<<"$checks" && grep -q "write me/out" <<<"$checks"; then
  ok "the read and write inputs reach the check ($checks)"
else
  fail "checks in the report: $checks"
fi
first_report=$report

# The grant inputs: --jobs, --inference, --bill-to, --pr (decided from whoami:
# the fake Hub's user `me` is not PRO, and says nothing of acme's plan).
run_action HF_TOKEN="$write_token" INPUT_JOBS=$'me,\nacme' INPUT_INFERENCE=true INPUT_BILL_TO=acme INPUT_PR="me/model"
report=$(output_of report)
grants=$(json "$report" '", ".join(c["check"] + " " + c.get("namespace", c.get("repo", "")) + " " + c["status"] + " " + c.get("code", "") + " " + c.get("basis", "") for c in r["checks"] if c["check"] in ("jobs", "inference", "pr"))')
if [ "$code" = 77 ] && [ "$grants" = "jobs me fail jobs-denied inferred, jobs acme warn grant-unknown inferred, inference acme warn grant-unknown inferred, pr me/model pass  inferred" ]; then
  ok "the jobs, inference, bill-to and pr inputs reach the check ($grants)"
else
  fail "grant inputs: exit $code: $grants $err"
fi
run_action HF_TOKEN="$write_token" INPUT_INFERENCE=maybe
if [ "$code" = 1 ] && grep -q "the \`inference\` input takes \`true\` or \`false\`" <<<"$err"; then
  ok "an inference input other than true/false is refused, named"
else
  fail "inference=maybe: exit $code: $err"
fi

run_action HF_TOKEN="$write_token" INPUT_READ="me/model"
if [ "$code" = 0 ] && [ "$(output_of report)" != "$first_report" ] && [ "$(downloads)" -ge 4 ]; then
  ok "a second run downloads and verifies again, into another fresh directory"
else
  fail "second run: exit $code: $outputs"
fi

run_action HF_TOKEN="$write_token" INPUT_READ="me/model, acme/gated" INPUT_VERSION=latest
report=$(output_of report)
if [ "$code" = 77 ] && grep -qx "exit-code=77" <<<"$outputs" && grep -qx "outcome=failed" <<<"$outputs" \
  && [ "$(json "$report" 'r["exit_code"]')" = 77 ] && grep -q "::error" <<<"$err"; then
  ok "comma-separated repos, version latest: a gated repo fails 77, outcome=failed, in the report"
else
  fail "gated: exit $code: $out $err / $outputs"
fi

run_action HF_TOKEN="$write_token" INPUT_READ="me/model" INPUT_VERSION=v9.9.9
if [ "$code" != 0 ] && grep -q "checksum mismatch for \`$asset\`" <<<"$err" \
  && grep -q "^::error title=hf-token-check action::checksum mismatch" <<<"$out" \
  && [ -z "$(find "$run_dir/tmp" -name 'hf-token-check*' -type f)" ] && [ -z "$outputs" ]; then
  ok "a wrong checksum fails clearly; nothing is extracted or run"
else
  fail "checksum: exit $code: $out $err / $outputs"
fi

run_action HF_TOKEN="$write_token" INPUT_VERSION=1.2.3
if [ "$code" != 0 ] && grep -q "could not download" <<<"$err"; then
  ok "a release that does not exist fails clearly"
else
  fail "missing release: exit $code: $out $err"
fi

# --- the version input: validated before any download (issue 17, item 7) ----
bad_version="error: the \`version\` input must be \`latest\` or a version number such as \`0.1.0\`, \`v0.1.0\` or \`0.2.0-rc.1\`; nothing was downloaded"
for v in "../../other/repo/releases/download/v1" "1.2.3/../../../x" "1.2" "01.2.3" "1.2.3+build" \
  "latest/../x" " 1.2.3" $'1.2.3\n::error::forged' $'0.1.0\r##[error]forged' "v1.2.3-rc.1/.."; do
  before=$(downloads)
  run_action HF_TOKEN="$write_token" INPUT_VERSION="$v"
  shown=$(printf '%q' "$v")
  if [ "$code" = 1 ] && [ "$err" = "$bad_version" ] && [ "$(downloads)" = "$before" ] \
    && [ "$out" = "::error title=hf-token-check action::${bad_version#error: }" ] \
    && [ -z "$(ls -A "$run_dir/tmp")" ] && [ -z "$outputs" ]; then
    ok "version $shown: refused with the fixed message, nothing downloaded or created"
  else
    fail "version $shown: exit $code: $out / $err / $(ls -A "$run_dir/tmp")"
  fi
done
before=$(downloads)
run_action HF_TOKEN="$write_token" INPUT_VERSION=9.9.9-rc.1
if grep -q "could not download \`http://127.0.0.1:$port/download/v9.9.9-rc.1/SHA256SUMS\`" <<<"$err" \
  && [ "$(downloads)" -gt "$before" ]; then
  ok "a pre-release version (9.9.9-rc.1) is accepted and asked for under download/v9.9.9-rc.1/"
else
  fail "pre-release: $err"
fi

# --- no predictable path: outside GitHub (no RUNNER_TEMP), TMPDIR -----------
# A binary planted where the old script looked is never run.
no_runner_temp=1 run_action HF_TOKEN="$write_token" INPUT_READ="me/model"
if [ "$code" = 0 ] && fresh_report && [ "$(stat -c %a "$(dirname "$(output_of report)")")" = 700 ]; then
  ok "RUNNER_TEMP unset: a fresh private (0700) mktemp directory under TMPDIR"
else
  fail "TMPDIR: exit $code: $outputs / $err"
fi
planted=$work/run$((n + 1))/tmp/hf-token-check-$version-$target
mkdir -p "$planted"
printf '#!/bin/sh\necho planted >"%s/ran"\n' "$planted" >"$planted/hf-token-check"
chmod +x "$planted/hf-token-check"
no_runner_temp=1 run_action HF_TOKEN="$write_token" INPUT_READ="me/model"
if [ "$code" = 0 ] && [ ! -e "$planted/ran" ] && grep -q "sha256 verified" <<<"$out"; then
  ok "a binary planted at the old predictable path is not run"
else
  fail "planted binary: exit $code: $out $err"
fi

# --- workflow commands from the runner's variables are neutralised -----------
run_action RUNNER_OS=$'Windows\n::error::forged' RUNNER_ARCH='ARM64##[error]forged:::x' HF_TOKEN="$write_token"
if [ "$code" = 1 ] && grep -q "no release binary for RUNNER_OS" <<<"$err" \
  && ! grep -Eq '^::error::forged|##\[error\]' <<<"$out$nl$err" && [ "$(wc -l <<<"$out")" = 1 ] \
  && [ "$(grep -o '::' <<<"$out" | wc -l)" = 2 ]; then
  ok "an unsupported runner fails clearly; line breaks, :: and ##[ in its names are neutralised"
else
  fail "unsupported runner: exit $code: $out / $err"
fi

# --- curl missing: a clear message --------------------------------------------
mkdir -p "$work/nocurl"
for t in bash env dirname sed head cat; do ln -sf "$(command -v "$t")" "$work/nocurl/$t"; done
run_action PATH="$work/nocurl" HF_TOKEN="$write_token"
if [ "$code" = 1 ] && grep -q "^error: the action needs curl to download the release binary" <<<"$err"; then
  ok "no curl: \"the action needs curl\", with how to install it"
else
  fail "no curl: exit $code: $out $err"
fi

# --- the token input: through the environment only ----------------------------
run_action HF_TOKEN= INPUT_TOKEN="$write_token" SPY_WANT="$write_token" INPUT_READ="me/model" INPUT_VERSION=8.8.8
if [ "$code" = 0 ] && grep -qx "env:HF_TOKEN matches" "$run_dir/spy.log" && grep -qx "env:no INPUT_TOKEN" "$run_dir/spy.log" \
  && grep -qx "arg:--read" "$run_dir/spy.log" && ! grep -qF "${write_token:3:12}" "$run_dir/spy.log"; then
  ok "the token input reaches the binary as HF_TOKEN in its environment, never in argv"
else
  fail "token input: exit $code: $(cat "$run_dir/spy.log" 2>/dev/null) $err"
fi
run_action HF_TOKEN= INPUT_TOKEN="$write_token" INPUT_READ="me/model"
if [ "$code" = 0 ] && grep -qx "outcome=ok" <<<"$outputs"; then
  ok "the token input, with HF_TOKEN empty: the real binary passes"
else
  fail "token input, real binary: exit $code: $err"
fi
run_action HF_TOKEN="$read_token" INPUT_TOKEN= INPUT_WRITE="me/out"
if [ "$code" = 77 ]; then
  ok "an empty token input leaves HF_TOKEN as it is (the default)"
else
  fail "empty token input: exit $code: $err"
fi

# --- a missing token in GitHub Actions: the GitHub hint -------------------------
run_action HF_TOKEN= INPUT_WRITE="me/out"
if [ "$code" = 78 ] && grep -q "Dependabot runs see only Dependabot secrets" <<<"$err" \
  && ! grep -q "hf auth login\|hf jobs run" <<<"$err"; then
  ok "an empty HF_TOKEN under GitHub Actions: 78 with the secrets hint, no hf jobs/auth hint"
else
  fail "missing token: exit $code: $err"
fi

# A fork's pull request without a token: skipped, with the notice.
run_action GITHUB_EVENT_NAME=pull_request HF_TOKEN= INPUT_WRITE="me/out"
report=$(output_of report)
if [ "$code" = 0 ] && grep -q "^::notice title=hf-token-check::.*withholds secrets from pull requests opened from forks" <<<"$out" \
  && grep -qx "exit-code=0" <<<"$outputs" && grep -qx "outcome=skipped" <<<"$outputs" \
  && [ "$(tail -n 1 <<<"$err")" = "hf-token-check: skipped (no token, allowed by \`--allow-missing-token\`)" ] \
  && grep -q '^\*\*skipped\*\*' <<<"$summary" && ! grep -q '\*\*ok\*\*' <<<"$summary" \
  && json "$report" '[c["status"] for c in r["checks"]]' | grep -q skip; then
  ok "fork pull request without a token: skipped (notice, last line, outcome, summary), not ok"
else
  fail "fork: exit $code: $out $err / $outputs / $summary"
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

# No 6-character piece of either token in any file a run left (output, summary,
# report, the spy's log), as the Rust tests' leak check.
leaks=$(python3 - "$write_token" "$read_token" "$work"/run* <<'PY'
import os, sys
pieces = {t[3:][i:i + 6] for t in sys.argv[1:3] for i in range(len(t) - 8)}
for top in sys.argv[3:]:
    for d, _, files in os.walk(top):
        for f in files:
            text = open(os.path.join(d, f), "rb").read().decode("utf-8", "replace")
            if f != "hf-token-check" and any(p in text for p in pieces):
                print(os.path.join(d, f))
PY
)
[ -z "$leaks" ] && ok "no 6-character piece of a token in any output, summary, report or log" || fail "token in: $leaks"

finish action
