#!/usr/bin/env bash
# `hf token-check`, the hf CLI extension, end to end on this machine:
# huggingface_hub's own extension code (from PyPI, in a throwaway venv under
# target/) runs `hf extensions install hf-token-check/hf-token-check` against a
# stand-in for GitHub served on 127.0.0.1: the repo's root (the `hf-token-check`
# launcher at the root of this checkout), its page and git refs, and a local
# release (scripts/ci/local-release.sh, as scripts/test-install.sh serves it).
# Then `hf token-check` against the fake Hub (examples/fake_hub.rs): a pass, a
# 77, `-- COMMAND`, `--json` on the first run (stdout is the report alone).
#
# huggingface_hub hard-codes https://github.com and raw.githubusercontent.com:
# scripts/hf_extension_driver.py rewrites those URLs in memory, in the one
# function that fetches them, before calling the CLI's own main(); the
# installed package's files are not edited. Its socket guard refuses any
# address but loopback, so nothing here reaches another host.
#
# The launcher on its own: its first run puts the release binary in its own
# place, so every later `hf token-check` runs the binary itself (same pid for
# the command after `--`, signals reach it); `hf extensions update` brings the
# launcher back and the next run downloads again; a tampered archive keeps
# nothing (76), an unreachable release is 75; its version is Cargo.toml's.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# shellcheck source=scripts/lib/hf-cli.sh
. scripts/lib/hf-cli.sh
hf_cli_venv
hf_version=$("$venv/bin/python" -c 'import huggingface_hub; print(huggingface_hub.__version__)')

# shellcheck source=scripts/lib/checks.sh
. scripts/lib/checks.sh

# --- the stand-in for GitHub ---------------------------------------------------
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
www=$work/www repo=hf-token-check/hf-token-check
# shellcheck source=scripts/ci/local-release.sh
. scripts/ci/local-release.sh
local_release "$www/gh/$repo/releases" "$version"
mkdir -p "$www/raw/$repo/HEAD" "$www/gh/$repo.git/info"
cp hf-token-check "$www/raw/$repo/HEAD/hf-token-check"
# The repo page (its About text) and the git refs advertisement (the commit).
printf '<meta name="description" content="Check a job&#39;s Hugging Face token before it runs - %s">\n' \
  "$repo" >"$www/gh/$repo/index.html"
sha=$(git rev-parse HEAD)
printf '001e# service=git-upload-pack\n0000%04x%s HEAD\0side-band\n' 50 "$sha" >"$www/gh/$repo.git/info/refs"
# A release whose archive is not the one its .sha256 names (one byte added).
asset=hf-token-check-x86_64-unknown-linux-musl.tar.gz
mkdir -p "$work/bad/download/v$version"
cp "$www/gh/$repo/releases/download/v$version/$asset.sha256" "$work/bad/download/v$version/"
{ cat "$www/gh/$repo/releases/download/v$version/$asset"; printf x; } >"$work/bad/download/v$version/$asset"
cp -r "$work/bad" "$www/bad"

python3 -u -m http.server --bind 127.0.0.1 --directory "$www" 0 >"$work/http.log" 2>&1 &
pids+=($!)
# shellcheck source=scripts/lib/fake-hub.sh
. scripts/lib/fake-hub.sh
fake_hub_start "$work/hub.log"
for _ in $(seq 100); do grep -qs port "$work/http.log" && break; sleep 0.05; done
gh=http://127.0.0.1:$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)
releases=$gh/gh/$repo/releases
downloads() { grep -c "GET /gh/$repo/releases/" "$work/http.log" || true; }

# hf ARGS... (TOKEN in $token): huggingface_hub's CLI through the driver, in a
# fresh environment; sets code, out, err.
home=$work/home
mkdir -p "$home"
hf() {
  code=0
  env -i PATH="$root/$venv/bin:/usr/bin:/bin" HOME="$home" HF_ENDPOINT="$hub" HF_TOKEN="$token" \
    HF_TOKEN_CHECK_RELEASES_URL="$releases" NO_COLOR=1 \
    "$root/$venv/bin/python" scripts/hf_extension_driver.py "$gh" "$@" >"$work/out" 2>"$work/err" || code=$?
  out=$(cat "$work/out") err=$(cat "$work/err")
  local found
  found=$(leaks "$out$err")
  [ -z "$found" ] || fail "hf $*: $found"
}
token=$write_token

# --- hf extensions install ---------------------------------------------------
ext=$home/.local/share/hf/extensions/hf-token-check
hf extensions install "$repo"
if [ "$code" = 0 ] && grep -q "extension installed" <<<"$out$err" && cmp -s hf-token-check "$ext/hf-token-check" \
  && grep -q "\"commit_sha\": \"$sha\"" "$ext/manifest.json" && grep -q '"type": "binary"' "$ext/manifest.json" \
  && [ "$(downloads)" = 0 ]; then
  ok "huggingface_hub $hf_version: hf extensions install $repo installs the launcher from the repo's root (no download yet)"
else
  fail "hf extensions install: exit $code: $out $err"
fi

# The first run downloads and verifies; stdout is the JSON report alone.
hf token-check --json --read me/model
mkdir -p "$work/archive"
tar -xzf "$www/gh/$repo/releases/download/v$version/$asset" -C "$work/archive" hf-token-check
if [ "$code" = 0 ] && python3 -c 'import json, sys; r = json.loads(sys.argv[1]); assert r["ok"] and r["exit_code"] == 0' "$out" \
  && grep -q "first run: downloading $asset ($version)" <<<"$err" && cmp -s "$ext/hf-token-check" "$work/archive/hf-token-check" \
  && [ "$(ls -A "$ext" | tr '\n' ' ')" = ".latest_commit hf-token-check manifest.json " ] && [ "$(downloads)" = 2 ]; then
  ok "first \`hf token-check --json\`: archive and .sha256 downloaded once, verified, the binary in the launcher's place; stdout is the JSON report alone"
else
  fail "first run: exit $code: $out $err (downloads $(downloads))"
fi

hf token-check --write me/out --read me/model
if [ "$code" = 0 ] && grep -q "^hf-token-check: ok" <<<"$err" && grep -q "✓ write me/out" <<<"$err" \
  && ! grep -q "first run" <<<"$err" && [ "$(downloads)" = 2 ]; then
  ok "hf token-check --write me/out --read me/model: a pass, exit status 0, nothing downloaded again"
else
  fail "pass: exit $code: $out $err"
fi

token=$read_token
hf token-check --write me/out
if [ "$code" = 77 ] && grep -q "✗ write me/out: write-denied" <<<"$err"; then
  ok "hf token-check --write me/out with a read token: exit status 77, write-denied"
else
  fail "77: exit $code: $out $err"
fi

token=$write_token
hf token-check --read me/model -- sh -c 'echo "the job, args: $*"; exit 3' job a "b c"
if [ "$code" = 3 ] && [ "$out" = "the job, args: a b c" ]; then
  ok "hf token-check --read me/model -- COMMAND: the command runs with its arguments, its exit status 3 comes back"
else
  fail "-- COMMAND: exit $code: $out $err"
fi
hf token-check --write acme/model --read me/nope -- sh -c 'echo never'
if [ "$code" = 77 ] && [ -z "$out" ]; then
  ok "hf token-check ... -- COMMAND on a failing check: 77, the command does not run"
else
  fail "-- COMMAND failing: exit $code: $out $err"
fi

hf token-check --version
if [ "$code" = 0 ] && [ "$out" = "hf-token-check $version" ]; then ok "hf token-check --version: $out"; else fail "--version: $code $out $err"; fi

# --- the launcher on its own ----------------------------------------------------
# Same pid all the way, on a first run: launcher -> binary -> command (exec
# twice), so a signal sent to the pid the caller knows reaches the command.
mkdir -p "$work/first" && cp hf-token-check "$work/first/"
# shellcheck disable=SC2016 # expanded by the command's shell
env -i PATH=/usr/bin:/bin HF_ENDPOINT="$hub" HF_TOKEN="$write_token" HOME="$home" HF_TOKEN_CHECK_RELEASES_URL="$releases" \
  "$work/first/hf-token-check" --quiet --read me/model -- /bin/sh -c 'echo $$ >"$0"; exec sleep 30' "$work/pid" 2>/dev/null &
lpid=$!
for _ in $(seq 100); do [ -s "$work/pid" ] && break; sleep 0.05; done
kill -TERM "$lpid" 2>/dev/null || true
code=0
wait "$lpid" || code=$?
if [ "$(cat "$work/pid" 2>/dev/null)" = "$lpid" ] && [ "$code" = 143 ]; then
  ok "first run, exec all the way: the command's pid is the launcher's; SIGTERM to it ends the command (status 143)"
else
  fail "signals: pid $(cat "$work/pid" 2>/dev/null) vs $lpid, status $code"
fi

# `hf extensions update` (a new commit) writes the launcher back; the next run
# downloads and verifies again, then runs.
printf '001e# service=git-upload-pack\n0000%04x%s HEAD\0side-band\n' 50 0123456789abcdef0123456789abcdef01234567 \
  >"$www/gh/$repo.git/info/refs"
before=$(downloads)
hf extensions update token-check
updated=$code
hf token-check --version
if [ "$updated" = 0 ] && [ "$code" = 0 ] && [ "$out" = "hf-token-check $version" ] && grep -q "first run: downloading" <<<"$err" \
  && cmp -s "$ext/hf-token-check" "$work/archive/hf-token-check" && [ "$(downloads)" = $((before + 2)) ]; then
  ok "hf extensions update: the launcher comes back, the next run downloads and verifies again, then runs"
else
  fail "update: exit $updated/$code: $out $err (downloads $(downloads))"
fi

# First runs that fail keep nothing: a tampered archive (76), no release (75).
fresh=$work/fresh
first_run() { # RELEASES_URL -> code, err
  rm -rf "$fresh" && mkdir -p "$fresh" && cp hf-token-check "$fresh/"
  code=0
  env -i PATH=/usr/bin:/bin HOME="$home" HF_TOKEN_CHECK_RELEASES_URL="$1" \
    "$fresh/hf-token-check" --version >"$work/out" 2>"$work/err" || code=$?
  err=$(cat "$work/err")
}
first_run "$gh/bad"
if [ "$code" = 76 ] && grep -q "^hf token-check: checksum mismatch for \`$asset\`" <<<"$err" \
  && grep -q "^hint: nothing was kept" <<<"$err" && [ "$(ls -A "$fresh")" = hf-token-check ] \
  && cmp -s "$fresh/hf-token-check" hf-token-check; then
  ok "a tampered archive: exit status 76, a checksum mismatch message and hint, nothing kept"
else
  fail "tampered: exit $code: $err / $(ls -A "$fresh")"
fi
first_run "$gh/nowhere"
if [ "$code" = 75 ] && grep -q "^hf token-check: could not download \`$gh/nowhere/download/v$version/$asset.sha256\`" <<<"$err" \
  && [ "$(ls -A "$fresh")" = hf-token-check ] && cmp -s "$fresh/hf-token-check" hf-token-check; then
  ok "no release there: exit status 75 (try later), the URL named, nothing kept"
else
  fail "unreachable: exit $code: $err"
fi
first_run "http://example.com/releases"
if [ "$code" = 76 ] && grep -q "refused to download .*: not https" <<<"$err"; then
  ok "plain http to another host than loopback: refused before any connection (76)"
else
  fail "http: exit $code: $err"
fi

# The launcher's version is the crate's: it fetches the matching release.
lv=$(sed -n 's/^version=\([^ ]*\) .*/\1/p' hf-token-check)
if [ "$lv" = "$version" ]; then
  ok "the launcher fetches version $lv, Cargo.toml's"
else
  fail "the launcher's version=$lv, Cargo.toml's $version: bump both"
fi
# GitHub serves the file as committed: hf runs it directly only when executable.
mode=$(git ls-files -s hf-token-check | cut -d' ' -f1)
if [ "$mode" = 100755 ]; then ok "the launcher is committed executable (100755)"; else fail "the launcher's git mode is $mode, not 100755"; fi

finish extension
