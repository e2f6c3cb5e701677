#!/usr/bin/env bash
# Runs one release archive on the machine it is for (release.yml runs it on
# each native runner before anything is published; it runs here too):
#
#   scripts/ci/release-smoke.sh DIR TARGET [RUNNER...]
#
# DIR holds what scripts/build-release.sh wrote (archives, `.sha256` files,
# SHA256SUMS) plus install.sh and install.ps1. The archive for TARGET is
# checked against SHA256SUMS and its `.sha256`, extracted, and run:
# `--version` is Cargo.toml's version, a write token passes and a read token
# for a write repo fails 77, against scripts/fake_hub.py on 127.0.0.1. Then
# DIR is served on 127.0.0.1 as a release and the installer (install.sh; on
# Windows install.ps1 under pwsh and Windows PowerShell) installs the same
# binary into a fresh directory. RUNNER, when given, runs the binary (e.g.
# `arch -x86_64` for the x86_64 macOS binary under Rosetta).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(cd "$1" && pwd) target=$2
shift 2
runner=("$@")
py=python3; if [ "${RUNNER_OS:-}" = Windows ]; then py=python; fi # Windows: python3 may be the Store stub
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
case $target in *windows*) asset=hf-token-check-$target.zip exe=hf-token-check.exe ;; *) asset=hf-token-check-$target.tar.gz exe=hf-token-check ;; esac
work=$(mktemp -d)
pids=()
cleanup() { for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
failed=0 passed=0
ok() { passed=$((passed + 1)); echo "ok   $target: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $target: $1"; }
sha() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }

got=$(sha "$dir/$asset")
if grep -qx "$got  $asset" "$dir/SHA256SUMS" && [ "$(cat "$dir/$asset.sha256")" = "$got  $asset" ]; then
  ok "$asset matches SHA256SUMS and $asset.sha256"
else
  fail "$asset: sha256 $got not in SHA256SUMS or $asset.sha256"
fi
mkdir "$work/x"
case $asset in
  *.zip) "$py" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$dir/$asset" "$work/x" ;;
  *) tar -xzf "$dir/$asset" -C "$work/x" ;;
esac
[ "$(ls -A "$work/x")" = "$exe" ] && ok "the archive holds $exe alone, at its root" || fail "archive content: $(ls -A "$work/x")"
chmod +x "$work/x/$exe"
bin=(${runner[@]+"${runner[@]}"} "$work/x/$exe")

v=$(${bin[@]+"${bin[@]}"} --version)
[ "$v" = "hf-token-check $version" ] && ok "--version: $v" || fail "--version: '$v', want 'hf-token-check $version'"

"$py" -u scripts/fake_hub.py >"$work/hub.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -qs READY "$work/hub.log" && break; sleep 0.1; done
hub=$(sed -n 's/^READY //p' "$work/hub.log" | tr -d '\r') # Windows' Python writes CRLF
read -r write_token read_token < <("$py" -c 'import sys; sys.path.insert(0, "scripts"); import fake_hub as f; print(f.FAKE_WRITE, f.FAKE_READ)' | tr -d '\r')
code=0
HF_TOKEN=$write_token ${bin[@]+"${bin[@]}"} --endpoint "$hub" --read me/model --write me/out >"$work/out" 2>&1 || code=$?
[ "$code" = 0 ] && ok "a write token passes against the fake Hub" || fail "pass: exit $code: $(cat "$work/out")"
code=0
HF_TOKEN=$read_token ${bin[@]+"${bin[@]}"} --endpoint "$hub" --write me/out >"$work/out" 2>&1 || code=$?
if [ "$code" = 77 ] && grep -q "me/out" "$work/out"; then ok "a read token for a write repo fails 77"; else fail "77: exit $code: $(cat "$work/out")"; fi
if grep -qF "${write_token:3:12}" "$work/out"; then fail "the token is in the output"; fi

# The installer, from DIR served as release v$version.
mkdir -p "$work/rel/download"
ln -s "$dir" "$work/rel/download/v$version" 2>/dev/null || cp -R "$dir" "$work/rel/download/v$version"
"$py" -u -m http.server --bind 127.0.0.1 --directory "$work/rel" 0 >"$work/http.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -qs "port" "$work/http.log" && break; sleep 0.1; done
url=http://127.0.0.1:$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)
installers=()
case $target in
  *windows*)
    command -v pwsh >/dev/null && installers+=(pwsh)
    command -v powershell >/dev/null && installers+=(powershell)
    ;;
  *) installers+=(sh) ;;
esac
# Under RUNNER (Rosetta) the installer rightly picks the native archive instead.
[ ${#runner[@]} = 0 ] || { installers=(); echo "skipped: the installer, as this binary runs under ${runner[0]}"; }
for i in ${installers[@]+"${installers[@]}"}; do
  dest=$work/dest-$i
  code=0
  if [ "$i" = sh ]; then
    HF_TOKEN_CHECK_RELEASES_URL=$url HF_TOKEN_CHECK_INSTALL_DIR=$dest sh "$dir/install.sh" "$version" >"$work/out" 2>&1 || code=$?
  else
    HF_TOKEN_CHECK_RELEASES_URL=$url HF_TOKEN_CHECK_INSTALL_DIR=$(cygpath -w "$dest") \
      "$i" -NoProfile -ExecutionPolicy Bypass -File "$(cygpath -w "$dir/install.ps1")" -Version "$version" >"$work/out" 2>&1 || code=$?
  fi
  if [ "$code" = 0 ] && grep -q "sha256 verified" "$work/out" && cmp -s "$dest/$exe" "$work/x/$exe"; then
    ok "$i install: the same binary into HF_TOKEN_CHECK_INSTALL_DIR, sha256 verified"
  else
    fail "$i install: exit $code: $(cat "$work/out")"
  fi
done

echo "release smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
