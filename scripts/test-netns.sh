#!/usr/bin/env bash
# Plain http is allowed only when every hop is loopback (issue 11, SECURITY.md).
# In a fresh network namespace (`unshare -n`, only `lo` up, so nothing can leave
# the machine whatever happens), a plain-http loopback endpoint with
# HTTP_PROXY / http_proxy / ALL_PROXY naming a non-loopback proxy must exit 64
# without connecting to anything. The "proxy" is real and reachable inside the
# namespace (10.9.9.9 added to `lo`), so a connection to it would be seen; a
# control run without the proxy must reach the endpoint, so the listeners are
# known to work.
#
# Then name resolution (issue 16), with a DNS server written for the test
# (scripts/fake_dns.py) on 127.0.0.53 and the namespace's own /etc (a mount
# namespace: /etc/resolv.conf and /etc/hosts are the test's):
# - DNS rebinding: a TTL-0 name that answers 127.0.0.1 first and 10.9.9.10
#   after: the token never reaches 10.9.9.10 (a listener there counts), for
#   the endpoint's name and for a proxy's, and the name is asked once per run;
# - a token in HTTPS_PROXY / ALL_PROXY / HTTP_PROXY: exit 64, no DNS query;
# - a DNS server that drips its TCP answer (`use-vc`), and one silent server:
#   `--timeout` still ends the run, with 75 and the DNS timeout said.
# Needs `unshare -n -m` (root) and `ip`; elsewhere it is skipped with the
# reason printed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--inside" ]; then
  if ! command -v unshare >/dev/null || ! command -v ip >/dev/null; then
    echo "netns test skipped: needs \`unshare\` and \`ip\`"
    exit 0
  fi
  if ! unshare -n true 2>/dev/null; then
    echo "netns test skipped: \`unshare -n\` is not allowed here (uid $(id -u))"
    exit 0
  fi
  bin=${HF_TOKEN_CHECK_BIN:-target/debug/hf-token-check}
  [ -n "${HF_TOKEN_CHECK_BIN:-}" ] || cargo build --quiet
  exec unshare -n -m "$0" --inside "$bin"
fi

bin=$(realpath "$2")
ip link set lo up
ip addr add 10.9.9.9/32 dev lo
ip addr add 10.9.9.10/32 dev lo

work=$(mktemp -d)
listener_pid=
pids=()
cleanup() {
  [ -n "$listener_pid" ] && kill "$listener_pid" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

# Two listeners: the endpoint on 127.0.0.1, the "proxy" on 10.9.9.9:8080. Each
# accepted connection is logged; the endpoint answers 401 so a run that does
# connect ends at once.
python3 - "$work" <<'EOF' &
import socket, sys, threading, os
work = sys.argv[1]
def serve(addr, name):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(addr); s.listen(16)
    if name == "endpoint":
        open(os.path.join(work, "port.tmp"), "w").write(str(s.getsockname()[1]))
        os.rename(os.path.join(work, "port.tmp"), os.path.join(work, "port"))
    while True:
        c, _ = s.accept()
        with open(os.path.join(work, name + ".log"), "a") as f:
            f.write("connection\n")
        c.settimeout(2)
        try:
            c.recv(65536)
            c.sendall(b"HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n"
                      b"content-length: 2\r\nconnection: close\r\n\r\n{}")
        except OSError:
            pass
        c.close()
threading.Thread(target=serve, args=(("10.9.9.9", 8080), "proxy"), daemon=True).start()
serve(("127.0.0.1", 0), "endpoint")
EOF
listener_pid=$!
for _ in $(seq 100); do [ -f "$work/port" ] && break; sleep 0.05; done
port=$(cat "$work/port")
token=hf_NetnsTestTokenAbCdEfGhIjKlMnOpQrSt
fail() { echo "netns test FAILED: $*"; exit 1; }
count() { [ -f "$work/$1.log" ] && wc -l <"$work/$1.log" || echo 0; }
no_leak() { ! grep -q "NetnsTestToken" "$1" || fail "the token leaked into $1"; }

# The proxy address is reachable from inside: refusing it is the tool's doing.
python3 -c 'import socket; socket.create_connection(("10.9.9.9", 8080), 2).close()' \
  || fail "the proxy listener is not reachable"
for _ in $(seq 40); do [ "$(count proxy)" -ge 1 ] && break; sleep 0.05; done
[ "$(count proxy)" -ge 1 ] || fail "the proxy listener does not log connections"
rm -f "$work/proxy.log"

for var in HTTP_PROXY http_proxy ALL_PROXY; do
  set +e
  env -i PATH="$PATH" HOME="$work" HF_TOKEN="$token" "$var=http://10.9.9.9:8080" \
    "$bin" --endpoint "http://127.0.0.1:$port" --timeout 3 --json \
    >"$work/out" 2>"$work/err"
  code=$?
  set -e
  [ "$code" = 64 ] || { cat "$work/err"; fail "$var: exit $code, expected 64"; }
  grep -q "\`$var\`" "$work/err" || { cat "$work/err"; fail "$var is not named"; }
  no_leak "$work/out"; no_leak "$work/err"
  [ "$(count proxy)" = 0 ] || fail "$var: the non-loopback proxy was connected to"
  [ "$(count endpoint)" = 0 ] || fail "$var: the endpoint was connected to"
  echo "ok: $var=http://10.9.9.9:8080 with a plain-http loopback endpoint exits 64, no connection"
done

# Control: without the proxy, the same run reaches the endpoint.
set +e
env -i PATH="$PATH" HOME="$work" HF_TOKEN="$token" \
  "$bin" --endpoint "http://127.0.0.1:$port" --timeout 3 >"$work/out" 2>"$work/err"
code=$?
set -e
[ "$(count endpoint)" -ge 1 ] || { cat "$work/err"; fail "control: the endpoint was not reached (exit $code)"; }
no_leak "$work/err"
echo "ok: control run without a proxy reached the loopback endpoint (exit $code)"

# --- Name resolution (issue 16): the namespace's own /etc, a test DNS server.
etc="$work/etc"
mkdir -p "$etc"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$etc/hosts"
printf 'nameserver 127.0.0.53\noptions timeout:1 attempts:2\n' >"$etc/resolv.conf"
mount --bind "$etc" /etc

start_dns() { # start_dns LOG ARGS...: a fake_dns.py on 127.0.0.53:53
  local dlog=$1; shift
  python3 scripts/fake_dns.py 127.0.0.53 "$@" >"$dlog" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do grep -q READY "$dlog" && return 0; sleep 0.05; done
  fail "the test DNS server did not start: $(cat "$dlog")"
}
stop_dns() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }
queries() { grep -c "^query $2 " "$1" || true; }

# Listeners on one port at 127.0.0.1 (checked) and 10.9.9.10 (where a rebound
# name points): each logs its connections and the requests carrying the token,
# and answers 503, so that the run retries and connects again and again.
python3 - "$work" <<'PY' &
import os, socket, sys, threading
work = sys.argv[1]
def serve(s, name):
    while True:
        c, _ = s.accept()
        threading.Thread(target=one, args=(c, name), daemon=True).start()
def one(c, name):
    c.settimeout(2)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = c.recv(65536)
            if not chunk:
                break
            data += chunk
        with open(os.path.join(work, name + ".log"), "a") as f:
            f.write("connection\n")
            if b"NetnsTestToken" in data:
                f.write("token\n")
        c.sendall(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
    except OSError:
        pass
    c.close()
ports = []
for kind in ("hub", "proxy"):
    a = socket.socket(); a.bind(("127.0.0.1", 0)); a.listen(64)
    port = a.getsockname()[1]
    b = socket.socket(); b.bind(("10.9.9.10", port)); b.listen(64)
    threading.Thread(target=serve, args=(a, kind + "-checked"), daemon=True).start()
    threading.Thread(target=serve, args=(b, kind + "-rebound"), daemon=True).start()
    ports.append(str(port))
open(os.path.join(work, "ports.tmp"), "w").write(" ".join(ports) + "\n")
os.rename(os.path.join(work, "ports.tmp"), os.path.join(work, "ports"))
threading.Event().wait()
PY
pids+=($!)
for _ in $(seq 100); do [ -f "$work/ports" ] && break; sleep 0.05; done
read -r hub_port proxy_port <"$work/ports"

# DNS rebinding, the endpoint's name: rebind.test answers 127.0.0.1 at the first
# query and 10.9.9.10 at every later one, TTL 0. (glibc's getaddrinfo, called
# per request as most clients do, would follow it: each connection re-resolves.)
start_dns "$work/dns1" rebind.test=127.0.0.1/10.9.9.10
set +e
env -i PATH="$PATH" HOME="$work" HF_TOKEN="$token" "$bin" --endpoint "http://rebind.test:$hub_port" \
  --read a/one --read b/two --read c/three --timeout 4 >"$work/out" 2>"$work/err"
code=$?
set -e
no_leak "$work/out"; no_leak "$work/err"
[ "$(count hub-rebound)" = 0 ] || fail "rebinding: a request went to 10.9.9.10, an address nobody checked"
[ "$(count hub-checked)" -ge 2 ] || { cat "$work/err"; fail "rebinding: the checked address was not reached again (exit $code)"; }
[ "$(queries "$work/dns1" rebind.test)" -le 2 ] || fail "rebinding: the name was resolved more than once: $(cat "$work/dns1")"
[ "$code" = 75 ] || { cat "$work/err"; fail "rebinding: exit $code, want 75 (the Hub answered 503)"; }
echo "ok: a rebinding endpoint name is resolved once; $(count hub-checked) connections, all to the checked 127.0.0.1, none to 10.9.9.10"
stop_dns

# DNS rebinding, a proxy's name: proxy.test is loopback when the plain-http
# rule asks, 10.9.9.10 after.
start_dns "$work/dns2" proxy.test=127.0.0.1/10.9.9.10
set +e
env -i PATH="$PATH" HOME="$work" HF_TOKEN="$token" HTTP_PROXY="http://proxy.test:$proxy_port" \
  "$bin" --endpoint "http://127.0.0.1:$hub_port" --read a/one --read b/two --timeout 4 \
  >"$work/out" 2>"$work/err"
code=$?
set -e
no_leak "$work/out"; no_leak "$work/err"
[ "$(count proxy-rebound)" = 0 ] || fail "proxy rebinding: a connection went to 10.9.9.10, an address nobody checked"
[ "$(count proxy-checked)" -ge 2 ] || { cat "$work/err"; fail "proxy rebinding: the checked proxy was not reached again (exit $code)"; }
[ "$(queries "$work/dns2" proxy.test)" -le 2 ] || fail "proxy rebinding: the proxy's name was resolved more than once"
[ "$code" = 75 ] || { cat "$work/err"; fail "proxy rebinding: exit $code, want 75"; }
echo "ok: a rebinding proxy name is resolved once; $(count proxy-checked) connections, all to the checked 127.0.0.1"
stop_dns

# A plain-http name that resolves to a non-loopback address: 64 "in clear",
# judged by the address, before any connection.
start_dns "$work/dns6" public.test=10.9.9.10
before=$(count hub-rebound)
set +e
env -i PATH="$PATH" HOME="$work" HF_TOKEN="$token" "$bin" --endpoint "http://public.test:$hub_port" \
  --timeout 3 >"$work/out" 2>"$work/err"
code=$?
set -e
[ "$code" = 64 ] || { cat "$work/err"; fail "a non-loopback name over plain http: exit $code, want 64"; }
grep -q "in clear.*resolves to 10.9.9.10" "$work/err" || { cat "$work/err"; fail "a non-loopback name: the reason is not said"; }
[ "$(count hub-rebound)" = "$before" ] || fail "a non-loopback name over plain http was connected to"
no_leak "$work/err"
echo "ok: a plain-http name resolving to 10.9.9.10 exits 64 (in clear), no connection"
stop_dns

# Servers glibc copes with, end to end: each run must resolve hub.test and
# reach the Hub (its 503 is what the run reports), within --timeout 3.
reaches_hub() { # reaches_hub WHAT: the last run reached the listener at 127.0.0.1
  local what=$1 before=$2
  [ "$code" = 75 ] && grep -q "with 503" "$work/err" && [ "$(count hub-checked)" -gt "$before" ] \
    || { cat "$work/err"; fail "$what: hub.test was not resolved (exit $code)"; }
  no_leak "$work/err"
}
resolve_run() { # resolve_run RESOLV_CONF FAKE_DNS_ARGS...
  printf "$1" >"$etc/resolv.conf"; shift
  start_dns "$work/dns7" "$@"
  before=$(count hub-checked)
  started=$(date +%s%N)
  set +e
  env -i PATH="$PATH" HOME="$work" HF_TOKEN="$token" "$bin" --endpoint "http://hub.test:$hub_port" \
    --timeout 3 >"$work/out" 2>"$work/err"
  code=$?
  set -e
  ms=$((($(date +%s%N) - started) / 1000000))
  stop_dns
}
# Every answer 1.5 s late, `timeout:1 attempts:3`: glibc resolves in 1.5 s (the
# second try's socket and id are the first's, so the late answer counts).
resolve_run 'nameserver 127.0.0.53\noptions timeout:1 attempts:3\n' --delay 1.5 hub.test=127.0.0.1
reaches_hub "an answer later than timeout:" "$before"
echo "ok: every DNS answer 1.5 s late with timeout:1 attempts:3: resolved, the Hub reached (${ms} ms)"
# NXDOMAIN for AAAA only (a broken upstream): glibc returns the A address.
resolve_run 'nameserver 127.0.0.53\n' --nxdomain-aaaa hub.test=127.0.0.1
reaches_hub "NXDOMAIN for AAAA only" "$before"
echo "ok: NXDOMAIN for AAAA only: the A address is used (${ms} ms)"
# The second of two queries sent at once is dropped (the conntrack race):
# with `options single-request` glibc asks A, then AAAA, and loses nothing.
resolve_run 'nameserver 127.0.0.53\noptions single-request timeout:5\n' --drop-second hub.test=127.0.0.1
reaches_hub "single-request" "$before"
grep -q "with 503" "$work/err" && [ "$ms" -lt 4000 ] || fail "single-request: ${ms} ms"
echo "ok: single-request against a server that drops the second of two queries: resolved (${ms} ms)"

# A token pasted into a proxy variable is never a DNS query (nor shown).
start_dns "$work/dns3" hub.test=127.0.0.1
for var in HTTPS_PROXY ALL_PROXY HTTP_PROXY; do
  endpoint="https://hub.test:$hub_port"
  [ "$var" = HTTP_PROXY ] && endpoint="http://127.0.0.1:$hub_port"
  for value in "$token" "http://$token:3128"; do
    set +e
    env -i PATH="$PATH" HOME="$work" HF_TOKEN="$token" "$var=$value" \
      "$bin" --endpoint "$endpoint" --timeout 3 --json >"$work/out" 2>"$work/err"
    code=$?
    set -e
    [ "$code" = 64 ] || { cat "$work/err"; fail "$var=<token>: exit $code, want 64"; }
    grep -q "\`$var\` looks like it holds a token" "$work/err" || { cat "$work/err"; fail "$var=<token>: the variable or the reason is not named"; }
    no_leak "$work/out"; no_leak "$work/err"
  done
done
sleep 0.2
[ "$(grep -c '^query' "$work/dns3")" = 0 ] || fail "a token in a proxy variable reached the DNS server: $(cat "$work/dns3")"
echo "ok: a token in HTTPS_PROXY/ALL_PROXY/HTTP_PROXY exits 64 naming the variable; the DNS server saw no query"
stop_dns

# A DNS server that drips its TCP answer a byte every 0.5 s (`options use-vc`):
# the whole exchange is bounded by the run's --timeout, not each read. (glibc's
# TCP path, send_vc, reads with plain blocking reads no `timeout:` bounds: a
# dripping server holds getaddrinfo as long as it drips.)
printf 'nameserver 127.0.0.53\noptions use-vc timeout:30 attempts:1\n' >"$etc/resolv.conf"
start_dns "$work/dns4" --drip 0.5 hub.test=127.0.0.1
started=$(date +%s%N)
set +e
env -i PATH="$PATH" HOME="$work" HF_TOKEN="$token" "$bin" --endpoint "https://hub.test:$hub_port" \
  --timeout 1 >"$work/out" 2>"$work/err"
code=$?
set -e
ms=$((($(date +%s%N) - started) / 1000000))
no_leak "$work/err"
[ "$code" = 75 ] || { cat "$work/err"; fail "dripping DNS: exit $code, want 75"; }
grep -q "no DNS server answered for \`hub.test\`" "$work/err" || { cat "$work/err"; fail "dripping DNS: the DNS timeout is not said"; }
[ "$ms" -lt 3000 ] || fail "dripping DNS: --timeout 1 ran ${ms} ms"
echo "ok: a DNS answer dripped over TCP ends with --timeout 1 in ${ms} ms, exit 75, the DNS timeout said"
stop_dns

# A plain-http endpoint whose name gets no answer: the plain-http rule's lookup
# is inside the run's deadline and its timeout is 75 (not 64 "invalid endpoint").
printf 'nameserver 127.0.0.53\noptions timeout:1 attempts:1\n' >"$etc/resolv.conf"
start_dns "$work/dns5" --silent
started=$(date +%s%N)
set +e
env -i PATH="$PATH" HOME="$work" HF_TOKEN="$token" "$bin" --endpoint "http://slow.test:$hub_port" \
  --timeout 3 >"$work/out" 2>"$work/err"
code=$?
set -e
ms=$((($(date +%s%N) - started) / 1000000))
[ "$code" = 75 ] || { cat "$work/err"; fail "silent DNS at the plain-http rule: exit $code, want 75"; }
grep -q "no DNS server answered for \`slow.test\`" "$work/err" || { cat "$work/err"; fail "silent DNS: not said"; }
[ "$ms" -lt 4500 ] || fail "silent DNS: --timeout 3 ran ${ms} ms"
echo "ok: no DNS answer for a plain-http endpoint's name is 75 in ${ms} ms, said as a DNS timeout"
stop_dns
