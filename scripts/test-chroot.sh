#!/usr/bin/env bash
# Runs the static binary (scripts/build-static.sh) in an otherwise empty
# directory under chroot against the fake Hub on 127.0.0.1: no libraries, no CA
# files, no Python in the image. Needs root for chroot; elsewhere it is skipped
# with the reason printed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ] || ! command -v chroot >/dev/null; then
  echo "chroot test skipped: needs root and chroot (uid $(id -u))"
  exit 0
fi
[ -x dist/hf-token-check ] || scripts/build-static.sh >/dev/null

root=$(mktemp -d)
chroot=$(command -v chroot)
log=$(mktemp)
hub_pid=
cleanup() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null; rm -rf "$root" "$log"; }
trap cleanup EXIT

cp dist/hf-token-check "$root/hf-token-check"
ca=$(mktemp -d)
scripts/make-test-ca.sh "$ca"
python3 scripts/fake_hub.py >"$log" &
hub_pid=$!
log_tls=$(mktemp)
python3 scripts/fake_hub.py --tls-cert "$ca/server.pem" --tls-key "$ca/server.key" >"$log_tls" &
tls_pid=$!
trap 'cleanup; kill $tls_pid 2>/dev/null; rm -rf "$ca" "$log_tls"' EXIT
for _ in $(seq 100); do grep -q READY "$log" && grep -q READY "$log_tls" && break; sleep 0.05; done
url=$(sed -n 's/^READY //p' "$log")
tls_url=$(sed -n 's/^READY //p' "$log_tls")
token=$(python3 -c 'import sys; sys.path.insert(0, "scripts"); import fake_hub; print(fake_hub.FAKE_WRITE)')

passed=0 failed=0
expect() { # expect NAME CODE -- ARGS...
  local name=$1 want=$2; shift 3
  local got=0
  local extra=()
  [ -d "$root/ca" ] && extra=(SSL_CERT_FILE=/ca/ca.pem)
  out=$(env -i HF_TOKEN="$token" "${extra[@]}" "$chroot" "$root" /hf-token-check "$@" 2>&1) || got=$?
  if [ "$got" = "$want" ] && ! grep -q "${token:3:20}" <<<"$out"; then
    passed=$((passed + 1)); echo "ok   $name (exit $got)"
  else
    failed=$((failed + 1)); echo "FAIL $name: exit $got, wanted $want"; echo "$out"
  fi
}

[ "$(ls -A "$root")" = hf-token-check ] || { echo "the chroot is not empty"; exit 1; }
expect "passes in an empty root" 0 -- --endpoint "$url" --read me/model --write me/out
expect "fails with its own status" 77 -- --endpoint "$url" --read acme/gated
expect "built-in roots, no CA file: the test CA is not trusted" 75 -- --endpoint "$tls_url" --timeout 3
grep -q "not trusted" <<<"$out" || { failed=$((failed + 1)); echo "FAIL no certificate diagnostic: $out"; }
mkdir "$root/ca" && cp "$ca/ca.pem" "$root/ca/"
expect "the test CA through SSL_CERT_FILE" 0 -- --endpoint "$tls_url" --read me/model
rm -r "$root/ca"
echo "chroot: $passed passed, $failed failed"
[ "$failed" = 0 ]
