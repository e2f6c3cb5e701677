#!/usr/bin/env bash
# Runs the static binary (scripts/build-static.sh) in an otherwise empty
# directory under chroot against the fake Hub on 127.0.0.1: no libraries, no CA
# files, no Python in the image. Needs root (chroot, and DNS servers written for
# the test on port 53 of 127.0.0.153-155); elsewhere it is skipped with the
# reason printed. CI runs as root. Name resolution: an nsswitch.conf naming a
# module the root really contains (built here with gcc, if present) that must
# never be loaded; hosts with `::1` first; NXDOMAIN; a silent DNS server;
# Kubernetes-style `search` + `ndots:5`. One deadline with 3,000 repos, a
# stalled Hub and a slow DNS server (on 127.0.0.156); peak RSS with a
# 100,000-line /etc/hosts.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ] || ! command -v chroot >/dev/null; then
  echo "chroot test skipped: needs root and chroot (uid $(id -u))"
  exit 0
fi
# HF_TOKEN_CHECK_STATIC_BIN: another static binary to test (scripts/test-release.sh
# passes the musl release binary); by default the one of scripts/build-static.sh.
bin=${HF_TOKEN_CHECK_STATIC_BIN:-dist/hf-token-check}
[ -n "${HF_TOKEN_CHECK_STATIC_BIN:-}" ] || [ -x "$bin" ] || scripts/build-static.sh >/dev/null
[ -x "$bin" ] || { echo "error: \`$bin\` is not an executable" >&2; exit 1; }

root=$(mktemp -d)
chroot=$(command -v chroot)
log=$(mktemp)
hub_pid=
cleanup() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null; rm -rf "$root" "$log"; }
trap cleanup EXIT

cp "$bin" "$root/hf-token-check"
ca=$(mktemp -d)
scripts/make-test-ca.sh "$ca"
fake_hub=$(scripts/fake-hub.sh --path)
"$fake_hub" >"$log" &
hub_pid=$!
log_tls=$(mktemp)
"$fake_hub" --tls-cert "$ca/server.pem" --tls-key "$ca/server.key" >"$log_tls" &
tls_pid=$!
trap 'cleanup; kill $tls_pid 2>/dev/null; rm -rf "$ca" "$log_tls"' EXIT
for _ in $(seq 100); do grep -q READY "$log" && grep -q READY "$log_tls" && break; sleep 0.05; done
url=$(sed -n 's/^READY //p' "$log")
tls_url=$(sed -n 's/^READY //p' "$log_tls")
read -r token _ < <("$fake_hub" --tokens)

passed=0 failed=0
more_env=() # extra VAR=value for the runs of `expect`
expect() { # expect NAME CODE -- ARGS...
  local name=$1 want=$2; shift 3
  local got=0
  local extra=()
  [ -d "$root/ca" ] && extra=(SSL_CERT_FILE=/ca/ca.pem)
  extra+=("${more_env[@]}")
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

# --- Name resolution: nothing loaded from the image, every address, DNS failures.
port=${url##*:}
tls_port=${tls_url##*:}
# Names other than loopback need https: the test CA names hub.test and hub.
mkdir "$root/ca" && cp "$ca/ca.pem" "$root/ca/"
dns_pids=()
trap 'cleanup; kill $tls_pid "${dns_pids[@]}" 2>/dev/null; rm -rf "$ca" "$log_tls"' EXIT
start_dns() { # start_dns ADDR ARGS...
  local dlog
  dlog=$(mktemp)
  python3 scripts/fake_dns.py "$@" >"$dlog" 2>&1 &
  dns_pids+=($!)
  for _ in $(seq 100); do grep -q READY "$dlog" && return 0; sleep 0.05; done
  echo "FAIL the test DNS server on $1 did not start: $(cat "$dlog")"; exit 1
}
start_dns 127.0.0.153 hub.test=127.0.0.1 hub.b.svc=127.0.0.1
start_dns 127.0.0.154
start_dns 127.0.0.155 --silent
mkdir -p "$root/etc"
printf 'hosts: files mymod dns\n' >"$root/etc/nsswitch.conf"
if command -v gcc >/dev/null; then
  # A host-lookup NSS module whose constructor leaves a marker and kills the
  # process: a static glibc getaddrinfo would dlopen it for `hub.test`.
  cat >"$root/nss.c" <<'C'
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void loaded(void) {
  int fd = open("/nss-module-was-loaded", O_CREAT | O_WRONLY, 0644);
  if (fd >= 0) close(fd);
  _exit(99);
}
int _nss_mymod_gethostbyname2_r(void) { return 0; }
C
  for d in lib lib64 usr/lib lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
    mkdir -p "$root/$d"
    gcc -shared -fPIC -o "$root/$d/libnss_mymod.so.2" "$root/nss.c"
  done
  rm "$root/nss.c"
else
  echo "note: no gcc; the nsswitch.conf module is named but not present"
fi
printf 'nameserver 127.0.0.153\n' >"$root/etc/resolv.conf"
expect "DNS name with an NSS module in nsswitch.conf" 0 -- --endpoint "https://hub.test:$tls_port" --read me/model
if [ -e "$root/nss-module-was-loaded" ]; then
  failed=$((failed + 1)); echo "FAIL the image's libnss_mymod.so.2 was loaded"
fi
printf '::1 localhost\n127.0.0.1 localhost\n' >"$root/etc/hosts"
expect "hosts with ::1 first, the Hub only on 127.0.0.1" 0 -- --endpoint "http://localhost:$port" --read me/model
printf 'nameserver 127.0.0.154\n' >"$root/etc/resolv.conf"
start=$(date +%s)
expect "NXDOMAIN is a configuration error, not retried" 64 -- --endpoint "https://nope.test:$tls_port" --timeout 20
grep -q 'does not exist (the DNS server at 127.0.0.154 answered NXDOMAIN).*from `--endpoint`' <<<"$out" \
  || { failed=$((failed + 1)); echo "FAIL no NXDOMAIN diagnostic naming --endpoint: $out"; }
[ $(($(date +%s) - start)) -lt 5 ] || { failed=$((failed + 1)); echo "FAIL NXDOMAIN was retried"; }
more_env=(HTTPS_PROXY=http://nope-proxy.test:3128)
expect "NXDOMAIN for the proxy's name names HTTPS_PROXY" 64 -- --endpoint "https://127.0.0.1:$tls_port" --timeout 20
grep -q "nope-proxy.test\` does not exist.*the proxy's host, from \`HTTPS_PROXY\`" <<<"$out" \
  || { failed=$((failed + 1)); echo "FAIL no NXDOMAIN diagnostic naming HTTPS_PROXY: $out"; }
more_env=()
printf 'nameserver 127.0.0.155\noptions timeout:1 attempts:1\n' >"$root/etc/resolv.conf"
expect "a silent DNS server is a resolution failure (75)" 75 -- --endpoint "https://hub.test:$tls_port" --timeout 3
grep -q 'could not resolve' <<<"$out" && ! grep -q 'no answer from' <<<"$out" \
  || { failed=$((failed + 1)); echo "FAIL a DNS timeout was not told apart: $out"; }
printf 'search a.svc b.svc\nnameserver 127.0.0.153\noptions ndots:5\n' >"$root/etc/resolv.conf"
expect "Kubernetes search list with ndots:5" 0 -- --endpoint "https://hub:$tls_port" --read me/model

# --- One deadline (issue 16): `--timeout 2` with 3,000 repos, a Hub that
# accepts and never answers, and a DNS server that answers every query 0.5 s
# late: the process ends within 2.5 s (this is the release build).
start_dns 127.0.0.156 --delay 0.5 hub.test=127.0.0.1
python3 - "$root" <<'PY' &
import os, socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4096)
open(os.path.join(sys.argv[1], "stall-port.tmp"), "w").write(str(s.getsockname()[1]))
os.rename(os.path.join(sys.argv[1], "stall-port.tmp"), os.path.join(sys.argv[1], "stall-port"))
held = []
while True:
    held.append(s.accept())
PY
dns_pids+=($!)
for _ in $(seq 100); do [ -f "$root/stall-port" ] && break; sleep 0.05; done
stall_port=$(cat "$root/stall-port")
printf 'nameserver 127.0.0.156\n' >"$root/etc/resolv.conf"
: >"$root/etc/hosts"
repos=$(python3 -c 'print(" ".join(f"acme/repo-{i}" for i in range(3000)))')
started=$(date +%s%N)
got=0
out=$(env -i HF_TOKEN="$token" SSL_CERT_FILE=/ca/ca.pem HF_TOKEN_CHECK_READ="$repos" \
  "$chroot" "$root" /hf-token-check --endpoint "https://hub.test:$stall_port" --timeout 2 2>&1) || got=$?
ms=$((($(date +%s%N) - started) / 1000000))
if [ "$got" = 75 ] && [ "$ms" -lt 2500 ] && ! grep -q "${token:3:20}" <<<"$out"; then
  passed=$((passed + 1)); echo "ok   --timeout 2, 3,000 repos, stalled Hub, slow DNS: ended in ${ms} ms (exit 75)"
else
  failed=$((failed + 1)); echo "FAIL --timeout 2, 3,000 repos, stalled Hub, slow DNS: exit $got in ${ms} ms (want 75 within 2500 ms)"
  tail -5 <<<"$out"
fi

# --- /etc/hosts read once, in bounded memory (issue 16): the run's peak RSS
# with a 100,000-line hosts file stays within 4 MB of the figure with a short
# one (measured here: getrusage of the finished child, in KiB).
peak_rss() { # peak_rss: the run's peak RSS in KiB; the run must pass
  python3 - "$chroot" "$root" "$token" "$tls_port" <<'PY'
import resource, subprocess, sys
chroot, root, token, port = sys.argv[1:]
env = {"HF_TOKEN": token, "SSL_CERT_FILE": "/ca/ca.pem"}
r = subprocess.run([chroot, root, "/hf-token-check", "--endpoint", f"https://hub.test:{port}",
                    "--read", "me/model", "--read", "me/out"], env=env, capture_output=True)
if r.returncode != 0 or token[3:23].encode() in r.stdout + r.stderr:
    sys.exit(f"the run failed: {r.returncode} {r.stderr[-400:]!r}")
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}
printf '127.0.0.1 localhost\n127.0.0.1 hub.test\n' >"$root/etc/hosts"
small=$(peak_rss) || small=
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("127.0.0.1 localhost\n")
    for i in range(100000):
        f.write(f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255} host-{i}.example.internal host-{i}\n")
    f.write("127.0.0.1 hub.test\n")
' "$root/etc/hosts"
large=$(peak_rss) || large=
if [ -n "$small" ] && [ -n "$large" ] && [ $((large - small)) -le 4096 ]; then
  passed=$((passed + 1)); echo "ok   peak RSS: ${small} KiB with a 2-line /etc/hosts, ${large} KiB with 100,000 lines"
else
  failed=$((failed + 1)); echo "FAIL peak RSS: '${small}' KiB with a 2-line /etc/hosts, '${large}' KiB with 100,000 lines (want within 4096 KiB)"
fi
: >"$root/etc/hosts"

echo "chroot: $passed passed, $failed failed"
[ "$failed" = 0 ]
