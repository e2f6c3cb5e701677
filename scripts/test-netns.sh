#!/usr/bin/env bash
# Plain http is allowed only when every hop is loopback (issue 11, SECURITY.md).
# In a fresh network namespace (`unshare -n`, only `lo` up, so nothing can leave
# the machine whatever happens), a plain-http loopback endpoint with
# HTTP_PROXY / http_proxy / ALL_PROXY naming a non-loopback proxy must exit 64
# without connecting to anything. The "proxy" is real and reachable inside the
# namespace (10.9.9.9 added to `lo`), so a connection to it would be seen; a
# control run without the proxy must reach the endpoint, so the listeners are
# known to work. Needs `unshare -n` (root) and `ip`; elsewhere it is skipped with
# the reason printed.
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
  exec unshare -n "$0" --inside "$bin"
fi

bin=$2
ip link set lo up
ip addr add 10.9.9.9/32 dev lo

work=$(mktemp -d)
listener_pid=
cleanup() {
  [ -n "$listener_pid" ] && kill "$listener_pid" 2>/dev/null
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
