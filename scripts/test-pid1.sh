#!/usr/bin/env bash
# hf-token-check as PID 1 (the entrypoint case): SIGTERM during a stalled check
# ends the run within 1 s with 143 and one `error:` line, and the wrapped
# command never runs. The kernel drops signals PID 1 has no handler for, so
# without the handler this run would wait for `--timeout`. The same during
# the plain-http rule's name lookup, the first thing a run does on the network.
#
# Needs root and `unshare --pid --fork --mount-proc` (util-linux); prints the
# reason and exits 0 where that is not available. BIN overrides the binary.
set -euo pipefail
cd "$(dirname "$0")/.."

skip() { echo "test-pid1: skipped: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root for a PID namespace (unshare --pid)"
command -v unshare >/dev/null || skip "\`unshare\` (util-linux) is not installed"
command -v python3 >/dev/null || skip "\`python3\` is needed for the stalled fake Hub"
err=$(unshare --pid --fork --mount-proc true 2>&1) ||
    skip "\`unshare --pid --fork --mount-proc\` is not allowed here: $err"

BIN=${BIN:-target/debug/hf-token-check}
[ -x "$BIN" ] || cargo build --quiet
BIN=$(realpath "$BIN")

tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

fail() { echo "test-pid1: FAIL: $*" >&2; exit 1; }

# Waits (at most 10 s) until the file $1 exists.
wait_for() {
    for _ in $(seq 1000); do [ -s "$1" ] && return 0; sleep 0.01; done
    fail "timed out waiting for $1"
}

# The outer PID of the only child of process $1 (the namespace's PID 1).
child_of() {
    local c=""
    for _ in $(seq 1000); do
        read -r c _ <"/proc/$1/task/$1/children" 2>/dev/null || true
        [ -n "$c" ] && { echo "$c"; return 0; }
        sleep 0.01
    done
    fail "process $1 has no child"
}

# A Hub on 127.0.0.1 that accepts connections and never answers; it writes its
# port, then `connected` at the first accepted connection.
python3 - "$tmp" <<'EOF' &
import os, socket, sys
d = sys.argv[1]
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
with open(os.path.join(d, "port.tmp"), "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(os.path.join(d, "port.tmp"), os.path.join(d, "port"))
held = []
while True:
    held.append(s.accept())
    with open(os.path.join(d, "connected"), "w") as f:
        f.write("1")
EOF
pids+=($!)
disown $!
wait_for "$tmp/port"
port=$(cat "$tmp/port")

# Control: a PID 1 with no handler really ignores SIGTERM here, so the check
# below cannot pass by accident.
unshare --pid --fork --mount-proc sleep 30 2>/dev/null &
control=$!
pids+=("$control")
c=$(child_of "$control")
sleep_exe=$(realpath "$(command -v sleep)")
for _ in $(seq 1000); do
    [ "$(readlink "/proc/$c/exe")" = "$sleep_exe" ] && break
    sleep 0.01
done
[ "$(readlink "/proc/$c/exe")" = "$sleep_exe" ] || fail "control: \`sleep\` did not start as PID 1"
grep -q '^NSpid:.*[[:space:]]1$' "/proc/$c/status" || fail "control: \`sleep\` is not PID 1"
kill -TERM "$c"
sleep 0.3
[ -d "/proc/$c" ] || fail "control: a PID 1 without a handler ended on SIGTERM; this test would prove nothing"
kill -KILL "$c"
wait "$control" 2>/dev/null || true

# The check as PID 1, stalled on the Hub, with a COMMAND after it.
env -i PATH="$PATH" HOME="$tmp" HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH \
    unshare --pid --fork --mount-proc \
    "$BIN" --endpoint "http://127.0.0.1:$port" --timeout 20 -- touch "$tmp/marker" \
    >"$tmp/stdout" 2>"$tmp/stderr" &
runner=$!
pids+=("$runner")
pid1=$(child_of "$runner")
wait_for "$tmp/connected"
grep -q '^NSpid:.*[[:space:]]1$' "/proc/$pid1/status" || fail "hf-token-check is not PID 1 in its namespace"

start=$(date +%s%N)
kill -TERM "$pid1"
status=0
wait "$runner" || status=$?
ms=$((($(date +%s%N) - start) / 1000000))

want='error: interrupted by SIGTERM before the check finished; `touch` was not started'
[ "$status" = 143 ] || fail "exit status $status, want 143 (stderr: $(cat "$tmp/stderr"))"
[ "$ms" -lt 1000 ] || fail "the run took ${ms} ms after SIGTERM, want under 1000 ms"
# The token's lines come first (printed before any request), then the one line.
[ "$(tail -n 1 "$tmp/stderr")" = "$want" ] || fail "stderr does not end with the one line: $(cat "$tmp/stderr")"
[ "$(grep -cv '^✓ token-' "$tmp/stderr")" = 1 ] || fail "stderr has more than the token's lines and the one line: $(cat "$tmp/stderr")"
[ ! -s "$tmp/stdout" ] || fail "stdout is not empty: $(cat "$tmp/stdout")"
[ ! -e "$tmp/marker" ] || fail "the wrapped command ran after the interrupted check"
echo "test-pid1: ok: as PID 1, SIGTERM ended the stalled check in ${ms} ms with 143; COMMAND did not run"

# SIGTERM during the plain-http rule's name lookup (issue 16): the handlers are
# installed before any lookup or file read. A DNS server written for the test
# (scripts/fake_dns.py, silent) on 127.0.0.157; the run's /etc is the test's (a
# bind mount inside the PID namespace's own mount namespace).
etc="$tmp/etc"
mkdir -p "$etc"
printf 'nameserver 127.0.0.157\noptions timeout:5 attempts:2\n' >"$etc/resolv.conf"
: >"$etc/hosts"
python3 scripts/fake_dns.py 127.0.0.157 --silent >"$tmp/dns.log" 2>&1 &
pids+=($!)
disown $!
for _ in $(seq 100); do grep -q READY "$tmp/dns.log" && break; sleep 0.05; done
grep -q READY "$tmp/dns.log" || fail "the test DNS server did not start: $(cat "$tmp/dns.log")"
rm -f "$tmp/stdout" "$tmp/stderr"
env -i PATH="$PATH" HOME="$tmp" HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH \
    unshare --pid --fork --mount-proc sh -c 'mount --bind "$1" /etc && shift && exec "$@"' sh "$etc" \
    "$BIN" --endpoint "http://slow.test:$port" --timeout 20 -- touch "$tmp/marker" \
    >"$tmp/stdout" 2>"$tmp/stderr" &
runner=$!
pids+=("$runner")
pid1=$(child_of "$runner")
for _ in $(seq 1000); do grep -q '^query slow.test' "$tmp/dns.log" && break; sleep 0.01; done
grep -q '^query slow.test' "$tmp/dns.log" || fail "the plain-http rule's lookup never reached the DNS server"
[ "$(readlink "/proc/$pid1/exe")" = "$BIN" ] || fail "PID 1 is not hf-token-check"
grep -q '^NSpid:.*[[:space:]]1$' "/proc/$pid1/status" || fail "hf-token-check is not PID 1 in its namespace"

start=$(date +%s%N)
kill -TERM "$pid1"
status=0
wait "$runner" || status=$?
ms=$((($(date +%s%N) - start) / 1000000))
[ "$status" = 143 ] || fail "during the lookup: exit status $status, want 143 (stderr: $(cat "$tmp/stderr"))"
[ "$ms" -lt 1000 ] || fail "during the lookup: the run took ${ms} ms after SIGTERM, want under 1000 ms"
[ "$(cat "$tmp/stderr")" = "$want" ] || fail "during the lookup: stderr is not the one line: $(cat "$tmp/stderr")"
[ ! -e "$tmp/marker" ] || fail "the wrapped command ran after the interrupted lookup"
echo "test-pid1: ok: as PID 1, SIGTERM during the plain-http rule's DNS lookup ended the run in ${ms} ms with 143"
