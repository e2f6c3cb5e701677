#!/usr/bin/env bash
# The Python package end to end, against the fake Hub (examples/fake_hub.rs):
# - the wheel (scripts/build-wheel.sh) installed by uv into a fresh venv:
#   the executable, `python -m hf_token_check`, find_binary() without PATH;
# - the uv-script example (python/example.py, PEP 723) through
#   `uv run --find-links dist/`: it passes, and with a read token for a write
#   repo it stops with 77 before the script's own code runs; ruff on it;
# - the API: check() and its Report, require() and CheckFailed (caught, and
#   uncaught: exit status 77), the report through sys.stderr (redirect_stderr),
#   `args` as one str refused, refused values never shown, the rank guard
#   (RANK=1 makes no request), the Windows fallback (subprocess), a terminal,
#   `mypy --strict` on a script that uses it, the import's module budget;
# - the hardcoded-token scan of the calling script (`--scan`, `--no-scan`);
# - the metadata (PEP 639 licenses, URLs, py.typed, __version__) and the sdist
#   (scripts/build-sdist.sh), installed by uv, which builds the executable from
#   source with cargo.
# Every run's output goes through the leak check: no 6-character piece of a
# token in play, anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tools=$(scripts/ci/tools.sh)
scripts/build-wheel.sh >/dev/null
work=$(mktemp -d)
log=$work/hub.log
requests=$work/requests.log
pids=()
stale_fingerprints=
cleanup() {
  for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done
  [ -n "$stale_fingerprints" ] && rm -rf "$root"/target/debug/.fingerprint/hf-token-check-*
  rm -rf "$work"
}
trap cleanup EXIT

# uv: its cache under target/ (warm across runs), never a Python download.
export UV_CACHE_DIR=$root/target/uv-cache UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1
uv=$tools/uv

touch "$requests"
# shellcheck source=scripts/lib/fake-hub.sh
. scripts/lib/fake-hub.sh
fake_hub_start "$log" --request-log "$requests"
url=$hub
# A token-shaped value that the API must refuse without ever showing it, and
# one hardcoded in a script (another token than HF_TOKEN).
refused=hf_$(python3 -c 'import random, string; r = random.SystemRandom(); print("".join(r.choice(string.ascii_letters) for _ in range(34)))')
hardcoded=hf_$(python3 -c 'import random, string; r = random.SystemRandom(); print("".join(r.choice(string.ascii_letters) for _ in range(34)))')

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

# The leak check: no 6-character piece of any token in play (the fake Hub's,
# the refused one, the hardcoded one) in $out and $err.
leak_check() { # leak_check NAME
  local found
  found=$(leaks "$out$err" "$refused" "$hardcoded")
  if [ -n "$found" ]; then fail "$1: $found"; fi
}

want="hf-token-check $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"

# A fresh venv, the wheel installed by uv from dist/ only; mypy for the typing test.
"$uv" venv --quiet --python python3 "$work/venv"
"$uv" pip install --quiet --python "$work/venv/bin/python" --no-index --find-links dist \
  --reinstall-package hf-token-check hf-token-check
"$uv" pip install --quiet --python "$work/venv/bin/python" "mypy>=1.11"
py=$work/venv/bin/python
version=$("$work/venv/bin/hf-token-check" --version)
[ "$version" = "$want" ] && ok "--version from the venv: $version" || fail "--version: '$version', wanted '$want'"
version=$("$py" -m hf_token_check --version)
[ "$version" = "$want" ] && ok "python -m hf_token_check --version" || fail "python -m: '$version'"
version=$("$py" -c 'import hf_token_check as h; print("hf-token-check " + h.__version__)')
[ "$version" = "$want" ] && ok "__version__ is the executable's" || fail "__version__: '$version', wanted '$want'"

# The executable is found where the installer put it, with a PATH that lacks it.
found=$(env -i PATH=/usr/bin:/bin "$py" -c 'import hf_token_check as h; print(h.find_binary())')
[ "$found" = "$work/venv/bin/hf-token-check" ] && ok "find_binary() without PATH" \
  || fail "find_binary(): '$found'"

# The executable is the release archives' static musl binary, byte for byte,
# and runs under a tight `ulimit -v` (glibc's static malloc aborted there with
# "memory allocation ... failed" in 2 runs of 10 at 8 MB).
musl=$(uname -m)-unknown-linux-musl
rel=${HF_TOKEN_CHECK_RELEASE_DIR:-$root/target/wheel-musl}
exe=$work/venv/bin/hf-token-check
mkdir -p "$work/archive"
tar -xzf "$rel/hf-token-check-$musl.tar.gz" -C "$work/archive" hf-token-check
hdr=$(readelf -lhd "$exe")
if cmp -s "$exe" "$work/archive/hf-token-check" && ! grep -q "program interpreter" <<<"$hdr" \
  && ! grep -q "(NEEDED)" <<<"$hdr" && ! grep -aq "GLIBC_" "$exe"; then
  ok "the wheel's executable is hf-token-check-$musl.tar.gz's binary: static musl (no interpreter, no library, no glibc)"
else
  fail "the wheel's executable is not the release's static musl binary: $(file "$exe")"
fi
bad=0
for _ in $(seq 10); do
  code=0
  (ulimit -v 8192 && exec env -i HOME="$work" PATH=/usr/bin:/bin HF_ENDPOINT="$url" HF_TOKEN="$write_token" \
    "$exe" --quiet --read me/model) >"$work/out" 2>&1 || code=$?
  [ "$code" = 0 ] || { bad=$((bad + 1)); last="exit $code: $(cat "$work/out")"; }
done
if [ "$bad" = 0 ]; then
  ok "ulimit -v 8192 (8 MB): 10 runs of 10 pass"
else
  fail "ulimit -v 8192: $bad runs of 10 failed, the last: $last"
fi

# --- the API, with `python -c` (no script file: nothing to scan) -------------
pyrun() { # pyrun CODE [VAR=VALUE...] -> sets code, out, err
  local src=$1
  shift
  code=0
  env -i HOME="$work" PATH=/usr/bin:/bin HF_ENDPOINT="$url" HF_TOKEN="$write_token" \
    REFUSED="$refused" "$@" "$py" -c "$src" >"$work/out" 2>"$work/err" || code=$?
  out=$(cat "$work/out") err=$(cat "$work/err")
}
hub_requests() { wc -l <"$requests" | tr -d ' '; }

pyrun '
import hf_token_check as h
try:
    h.require(read=["me/model"], write="me/out")
except h.CheckFailed as e:
    print(e.code, isinstance(e, SystemExit), e.report.ok, e.report.exit_code,
          [c["status"] for c in e.report.checks], e.report.checks[-1]["code"], e.report["exit_code"])
else:
    print("no exception")
' HF_TOKEN="$read_token"
if [ "$code" = 0 ] && [ "$out" = "77 True False 77 ['pass', 'pass', 'pass', 'pass', 'fail'] write-denied 77" ] \
  && grep -q "^✗ write me/out: write-denied" <<<"$err"; then
  ok "require(): CheckFailed caught by \`except hf_token_check.CheckFailed\`, with its report"
else
  fail "CheckFailed caught: exit $code: $out / $err"
fi
leak_check "CheckFailed caught"

pyrun '
import hf_token_check as h
h.require(write=["me/out"])
print("not reached")
' HF_TOKEN="$read_token"
if [ "$code" = 77 ] && [ -z "$out" ] && ! grep -q Traceback <<<"$err" \
  && grep -q "^hf-token-check: failed (exit status 77)" <<<"$err"; then
  ok "require(): an uncaught CheckFailed ends the script with exit status 77, the report on stderr, no traceback"
else
  fail "uncaught: exit $code: $out / $err"
fi
leak_check "uncaught"

pyrun '
import contextlib, io
import hf_token_check as h
buf = io.StringIO()
with contextlib.redirect_stderr(buf):
    try:
        h.require(read="me/model", write="me/out")
    except h.CheckFailed:
        pass
    h.require(read="me/model")
text = buf.getvalue()
print(text.count("✗ write me/out: write-denied"), text.count("hf-token-check: ok"), text.count("\n") > 8)
' HF_TOKEN="$read_token"
if [ "$code" = 0 ] && [ "$out" = "1 1 True" ] && [ -z "$err" ]; then
  ok "the human report goes through sys.stderr: redirect_stderr sees it, nothing reaches fd 2"
else
  fail "redirect_stderr: exit $code: $out / $err"
fi
leak_check "redirect_stderr"

pyrun '
import hf_token_check as h
r = h.check(read="me/model", write=["me/out"], quiet=True)
print(type(r).__name__, r.ok, r.exit_code, len(r.checks), r.checks[2]["check"], r["user"]["name"],
      r["token"]["source"], "endpoint" in r, r.get("nothing"), repr(r))
f = h.check(write="me/out", args=["--timeout", "10"], quiet=True)
print(f.ok, f.exit_code, [c["status"] for c in f.checks])
'
if [ "$code" = 0 ] && [ "$out" = "Report True 0 5 whoami me HF_TOKEN True None <hf_token_check.Report ok=True exit_code=0>
True 0 ['pass', 'pass', 'pass', 'pass']" ] && [ -z "$err" ]; then
  ok "check(): the parsed report (ok, exit_code, checks, report[field]); quiet prints nothing on a pass"
else
  fail "check(): exit $code: $out / $err"
fi
leak_check "check()"

pyrun '
import hf_token_check as h
r = h.check(read="me/nope-missing-repo")
print(r.ok, r.exit_code, r.checks[-1]["code"])
'
if [ "$code" = 0 ] && [ "$out" = "False 77 not-found" ] && grep -q "^✗ read me/nope-missing-repo: not-found" <<<"$err"; then
  ok "check(): a failure is returned, not raised, and its report written to stderr"
else
  fail "check() failure: exit $code: $out / $err"
fi
leak_check "check() failure"

# The grants: jobs, inference, bill_to, pr (the fake Hub's `me` is not PRO and
# whoami says nothing of acme's plan: warnings, and a failure for `me`'s Jobs).
before=$(hub_requests)
pyrun '
import hf_token_check as h
r = h.check(jobs=["acme"], inference=True, bill_to="acme", pr="me/model", quiet=True)
print(r.exit_code, [(c["check"], c.get("namespace", c.get("repo")), c["status"], c.get("basis")) for c in r.checks if c["check"] in ("jobs", "inference", "pr")])
try:
    h.require(jobs="me", quiet=True)
except h.CheckFailed as e:
    print(e.report.exit_code, e.report.checks[-1]["code"])
for kw in ({"inference": "yes"}, {"bill_to": 3}, {"jobs": 3}, {"pr": [None]}):
    try:
        h.check(**kw)
    except TypeError as e:
        print(e)
'
want_out="0 [('jobs', 'acme', 'warn', 'inferred'), ('inference', 'acme', 'warn', 'inferred'), ('pr', 'me/model', 'pass', 'inferred')]
77 jobs-denied
hf_token_check.check: \`inference\` takes a bool, got str
hf_token_check.check: \`bill_to\` takes an org name (str), got int
hf_token_check.check: \`jobs\` takes a namespace (str) or a sequence of them, got int
hf_token_check.check: \`pr\` takes a repo id (str) or a sequence of them; item 0 is NoneType, not str"
if [ "$code" = 0 ] && [ "$out" = "$want_out" ] && [ "$(($(hub_requests) - before))" = 2 ]; then
  ok "check(jobs=, inference=, bill_to=, pr=) and require(jobs=): inferred grants; wrong types refused before any request"
else
  fail "grants: exit $code: $out / $err / $(($(hub_requests) - before)) requests"
fi
leak_check "grants"

before=$(hub_requests)
pyrun '
import hf_token_check as h
for kw in ({"args": "--quiet"}, {"args": b"--quiet"}, {"read": 3}, {"write": ["me/out", None]}):
    try:
        h.check(**kw)
    except TypeError as e:
        print(e)
'
want_out='hf_token_check.check: `args` takes a sequence of str (e.g. ["--min-validity", "2h"]), not one str, which would be split into characters
hf_token_check.check: `args` takes a sequence of str, got bytes
hf_token_check.check: `read` takes a repo id (str) or a sequence of them, got int
hf_token_check.check: `write` takes a repo id (str) or a sequence of them; item 1 is NoneType, not str'
if [ "$code" = 0 ] && [ "$out" = "$want_out" ] && [ "$(hub_requests)" = "$before" ]; then
  ok "args as one str (and other wrong types) refused with TypeError naming the parameter, before any request"
else
  fail "type errors: exit $code: $out / $err"
fi

# A token-shaped value in the wrong type is refused without being shown: not in
# the exception's text or repr, not in a traceback.
pyrun '
import os
import hf_token_check as h
tok = os.environ["REFUSED"]
cases = [dict(read=[tok.encode()]), dict(read=tok.encode()), dict(write=bytearray(tok.encode())),
         dict(args=tok), dict(args=[tok.encode()]), dict(args=["--read", 1, tok]), dict(args=[tok, "--"])]
for kw in cases:
    try:
        h.require(**kw)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, str(e), repr(e), e.args)
h.require(read=[tok.encode()])
'
if [ "$code" = 1 ] && [ "$(grep -c "^TypeError hf_token_check.require: \`" <<<"$out")" = 6 ] \
  && grep -q "^ValueError hf_token_check.require: \`args\` cannot hold \`--\`" <<<"$out" \
  && grep -q "^TypeError: hf_token_check.require: \`read\` takes a repo id (str) or a sequence of them; item 0 is bytes, not str" <<<"$err"; then
  ok "refused values: each error names the parameter and the type"
else
  fail "refused values: exit $code: $out / $err"
fi
found=$(leaks "$out$err" "$refused" "$hardcoded")
if [ -z "$found" ]; then ok "refused values: no 6-character piece of the token-shaped value in any output"; else fail "refused values: $found"; fi

# The rank guard: in a distributed job only rank 0 asks the Hub.
before=$(hub_requests)
pyrun 'import hf_token_check as h; r = h.require(read="me/model"); print(r.ok, [c.get("code") for c in r.checks])' RANK=1 LOCAL_RANK=1
if [ "$code" = 0 ] && [ "$out" = "True [None, None, 'not-rank-zero', 'not-rank-zero']" ] && [ "$(hub_requests)" = "$before" ] \
  && grep -q "^- whoami.*not checked: \`RANK\` is not 0, and with \`--rank0-only\` only rank 0 asks the Hub" <<<"$err" \
  && ! grep -q "offline" <<<"$err"; then
  ok "RANK=1: token presence and format only, no request to the Hub, skipped as not-rank-zero naming RANK (not offline)"
else
  fail "RANK=1: exit $code: $out / $err / $(($(hub_requests) - before)) requests"
fi
leak_check "RANK=1"
before=$(hub_requests)
pyrun 'import hf_token_check as h; h.require(read="me/model", quiet=True)' LOCAL_RANK=2
n=$(($(hub_requests) - before))
if [ "$code" = 0 ] && [ "$n" = 0 ] && [ -z "$err" ]; then ok "LOCAL_RANK=2 (no RANK): no request; quiet prints nothing"; else fail "LOCAL_RANK=2: exit $code, $n requests: $err"; fi
before=$(hub_requests)
pyrun 'import hf_token_check as h; h.require(read="me/model", quiet=True, all_ranks=True)' RANK=1
n=$(($(hub_requests) - before))
if [ "$code" = 0 ] && [ "$n" = 2 ]; then ok "RANK=1 with all_ranks=True: whoami and the read check (2 requests)"; else fail "all_ranks: exit $code, $n requests: $err"; fi
before=$(hub_requests)
pyrun 'import hf_token_check as h; h.require(read="me/model", quiet=True)' RANK=0 LOCAL_RANK=0
n=$(($(hub_requests) - before))
if [ "$code" = 0 ] && [ "$n" = 2 ]; then ok "RANK=0: the Hub is checked (2 requests)"; else fail "RANK=0: exit $code, $n requests: $err"; fi

# What the import and a passing require() load: the import at most 10 modules
# beyond a bare start; no json (parsed only when read), no subprocess, shutil,
# threading or sysconfig.
pyrun '
import sys
before = set(sys.modules)
import hf_token_check as h
imported = sorted(set(sys.modules) - before)
h.require(read="me/model", quiet=True)
after = set(sys.modules) - before
print(len(imported), imported)
print(sorted(after & {"json", "subprocess", "shutil", "threading", "sysconfig", "re", "typing", "tempfile"}))
'
n=$(head -1 <<<"$out" | cut -d" " -f1)
if [ "$code" = 0 ] && [ "$n" -le 10 ] && [ "$(sed -n 2p <<<"$out")" = "[]" ]; then
  ok "import hf_token_check loads $n new modules (budget 10); a passing require() loads no json, subprocess, shutil, threading, re"
else
  fail "import budget: exit $code: $out / $err"
fi

# Where os.posix_spawn does not exist (Windows), the subprocess fallback.
pyrun '
import contextlib, io, os
del os.posix_spawn
import hf_token_check as h
buf = io.StringIO()
with contextlib.redirect_stderr(buf):
    r = h.check(write="me/out")
print(r.exit_code, r.checks[-1]["code"], buf.getvalue().count("✗ write me/out"))
' HF_TOKEN="$read_token"
if [ "$code" = 0 ] && [ "$out" = "77 write-denied 1" ] && [ -z "$err" ]; then
  ok "without os.posix_spawn (Windows): the subprocess fallback gives the same report"
else
  fail "fallback: exit $code: $out / $err"
fi
leak_check "fallback"

# A binary killed by a signal: the status is 128 + the signal, as a shell
# says it (SIGTERM: 143, the binary's own handler; SIGKILL: 137, no handler),
# through posix_spawn and through the subprocess fallback. The endpoint is a
# socket that never answers, so the binary is killed while it waits.
pyrun '
import os, signal, socket, threading
import hf_token_check as h
me = os.getpid()
def child():
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open("/proc/%s/stat" % pid) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me:
                return int(pid)
def kill(s, sig):
    conn, _ = s.accept()  # the binary is now waiting for the answer
    os.kill(child(), sig)
    conn.close()
    s.close()
codes = []
for fallback in (False, True):
    if fallback:
        del os.posix_spawn
    for sig in (signal.SIGTERM, signal.SIGKILL):
        s = socket.socket()  # a new one each time: no connection left from the last run
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        os.environ["HF_ENDPOINT"] = "http://127.0.0.1:%d" % s.getsockname()[1]
        t = threading.Thread(target=kill, args=(s, sig))
        t.start()
        try:
            h.require(read="me/model", args=["--timeout", "20"], quiet=True, scan=False)
        except h.CheckFailed as e:
            codes.append(e.code)
        t.join()
print(codes)
'
if [ "$code" = 0 ] && [ "$out" = "[143, 137, 143, 137]" ]; then
  ok "a binary killed by SIGTERM or SIGKILL: CheckFailed.code 143 and 137 (posix_spawn and the subprocess fallback)"
else
  fail "status after a signal: exit $code: $out / $err"
fi
leak_check "signal status"

# A print() before require() comes before the report in a job's log (stdout
# and stderr on one pipe, stdout block-buffered): the wrapper flushes first.
code=0
env -i HOME="$work" PATH=/usr/bin:/bin HF_ENDPOINT="$url" HF_TOKEN="$write_token" "$py" -c '
import hf_token_check as h
print("before the check")
h.require(read="me/model", scan=False)
print("after the check")
' 2>&1 | cat >"$work/out" || code=$?
out=$(cat "$work/out") err=
if [ "$code" = 0 ] && [ "$(head -1 <<<"$out")" = "before the check" ] && [ "$(tail -1 <<<"$out")" = "after the check" ] \
  && grep -q "✓ whoami" <<<"$out"; then
  ok "print() before require() appears before the report on a shared pipe"
else
  fail "output order: exit $code: $out"
fi
leak_check "output order"

# An empty sys.executable (`env -i python3`, no PATH) with the package vendored
# (pip --target): a planted ./hf-token-check in the current directory never runs.
mkdir -p "$work/vendored"
cp -r python/hf_token_check "$work/vendored/"
printf '#!/bin/sh\necho planted >"$0.ran"\n' >"$work/vendored/hf-token-check"
chmod +x "$work/vendored/hf-token-check"
code=0
(cd "$work/vendored" && env -i HF_TOKEN="$write_token" HF_ENDPOINT="$url" python3 -c '
import sys
sys.path.insert(0, ".")
import hf_token_check as h
print(repr(sys.executable), h.find_binary(), h.check(read="me/model").exit_code)
' >"$work/out" 2>"$work/err") || code=$?
out=$(cat "$work/out") err=$(cat "$work/err")
if [ "$code" = 0 ] && [ "$out" = "'' None 127" ] && [ ! -e "$work/vendored/hf-token-check.ran" ] \
  && grep -q "executable was not found" <<<"$err"; then
  ok "empty sys.executable: a planted ./hf-token-check is not run (127, a clear error)"
else
  fail "planted binary: exit $code: $out / $err / ran: $(ls "$work/vendored")"
fi
leak_check "planted binary"
code=0
(cd "$work/vendored" && env -i HF_TOKEN="$write_token" PATH=".:bin" /usr/bin/python3 -c '
import sys
sys.path.insert(0, ".")
import hf_token_check as h
print(h.find_binary())
' >"$work/out" 2>"$work/err") || code=$?
out=$(cat "$work/out") err=$(cat "$work/err")
if [ "$code" = 0 ] && [ "$out" = "None" ]; then
  ok "PATH=.:bin (relative entries): find_binary() takes none of them"
else
  fail "relative PATH: exit $code: $out / $err"
fi

# On a terminal, the executable writes to it itself (colour, width).
if command -v script >/dev/null; then
  code=0
  env -i HOME="$work" PATH=/usr/bin:/bin HF_ENDPOINT="$url" HF_TOKEN="$read_token" TERM=xterm \
    script -qefc "$py -c 'import hf_token_check as h; h.require(write=\"me/out\")'" /dev/null \
    >"$work/out" 2>&1 </dev/null || code=$?
  out=$(cat "$work/out") err=
  if [ "$code" = 77 ] && grep -q "write-denied" <<<"$out" && grep -q $'\e\[' <<<"$out" && ! grep -q Traceback <<<"$out"; then
    ok "on a terminal: the report in colour, exit status 77"
  else
    fail "terminal: exit $code: $out"
  fi
  leak_check "terminal"
else
  echo "skip on a terminal: \`script\` (util-linux) is not installed"
fi

# mypy --strict accepts a script that uses the API, and refuses a wrong type.
cat >"$work/typed.py" <<'PY'
import hf_token_check
from hf_token_check import CheckFailed, Report


def preflight() -> int:
    report: Report = hf_token_check.check(read=["me/model"], write="me/out", args=["--timeout", "5"], quiet=True)
    status: str = report.checks[0]["status"]
    ok: bool = report.ok
    print(status, ok, report["exit_code"], hf_token_check.__version__.split("."))
    try:
        hf_token_check.require(read=("datasets/me/data",), all_ranks=True, scan=False)
        hf_token_check.require(jobs=["me"], inference=True, bill_to="acme", pr=("me/model",))
    except CheckFailed as e:
        code: int = e.code
        return code + e.report.exit_code
    path: str | None = hf_token_check.find_binary()
    return 0 if path else 1
PY
if out=$(cd "$work" && "$work/venv/bin/mypy" --strict --no-incremental typed.py 2>&1); then
  ok "mypy --strict: the API is typed ($out)"
else
  fail "mypy --strict: $out"
fi
printf 'import hf_token_check\nhf_token_check.require(quiet="yes")\n' >"$work/mistyped.py"
if out=$(cd "$work" && "$work/venv/bin/mypy" --strict --no-incremental mistyped.py 2>&1); then
  fail "mypy --strict accepted quiet=\"yes\""
elif grep -q 'Argument "quiet" to "require" has incompatible type "str"; expected "bool"' <<<"$out"; then
  ok "mypy --strict refuses require(quiet=\"yes\")"
else
  fail "mypy on a wrong type: $out"
fi

# The package's own sources: mypy --strict and ruff.
if out=$("$work/venv/bin/mypy" --strict --no-incremental --cache-dir=/dev/null python/hf_token_check 2>&1) \
  && out=$("$tools/ruff" check --no-cache --isolated --select E,F,I,B,W --line-length 110 python/hf_token_check 2>&1); then
  ok "the package's sources: mypy --strict and ruff (E, F, I, B, W) clean"
else
  fail "the package's sources: $out"
fi

# --- scripts: the example through `uv run`, and the hardcoded-token scan -----
# require() passes the calling script to the executable (`--scan PATH`, the
# flag from issue 19): a missing flag fails these runs with 64, never silently.
cp python/example.py "$work/job.py"
run_job() { # TOKEN [SCRIPT] -> sets code, out, err
  code=0
  env -i HOME="$work" PATH=/usr/bin:/bin UV_CACHE_DIR="$UV_CACHE_DIR" UV_PYTHON_DOWNLOADS=never \
    UV_NO_PROGRESS=1 HF_TOKEN="$1" HF_ENDPOINT="$url" \
    "$uv" run --quiet --no-project --no-index --find-links "$root/dist" \
    --refresh-package hf-token-check "${2:-$work/job.py}" >"$work/out" 2>"$work/err" || code=$?
  out=$(cat "$work/out") err=$(cat "$work/err")
}
run_job "$write_token"
if [ "$code" = 0 ] && grep -q "the job starts here" <<<"$out" && grep -q "✓ whoami" <<<"$err" \
  && ! grep -q "token-hardcoded" <<<"$err"; then
  ok "uv run: require() passes and the script runs"
else
  fail "uv run pass: exit $code: $out $err"
fi
leak_check "uv run pass"

run_job "$read_token"
if [ "$code" = 77 ] && ! grep -q "the job starts here" <<<"$out" && grep -q "me/out" <<<"$err"; then
  ok "uv run: a read token for a write repo exits 77, the script's code never runs"
else
  fail "uv run failure: exit $code: $out $err"
fi
leak_check "uv run failure"

# A script that carries another token than HF_TOKEN, on line 9.
cat >"$work/hardcoded.py" <<PY
# /// script
# dependencies = ["hf-token-check"]
# ///
import sys

import hf_token_check

report = hf_token_check.require(read=["me/model"], scan="--no-scan" not in sys.argv)
OLD_TOKEN = "$hardcoded"
print([c["code"] for c in report.checks if c.get("code") == "token-hardcoded"])
PY
run_job "$write_token" "$work/hardcoded.py"
if [ "$code" = 0 ] && [ "$out" = "['token-hardcoded']" ] && grep -q "token-hardcoded" <<<"$err" \
  && grep -qF "hardcoded.py" <<<"$err" && grep -qE "(line 9|:9\b)" <<<"$err"; then
  ok "require() scans the calling script: a token-hardcoded warning naming the file and line 9, the script runs"
else
  fail "scan of the calling script (needs \`--scan PATH\` in the executable, issue 19): exit $code: $out $err"
fi
leak_check "scan"
code=0
env -i HOME="$work" PATH=/usr/bin:/bin HF_ENDPOINT="$url" HF_TOKEN="$write_token" \
  "$py" "$work/hardcoded.py" --no-scan >"$work/out" 2>"$work/err" || code=$?
out=$(cat "$work/out") err=$(cat "$work/err")
if [ "$code" = 0 ] && [ "$out" = "[]" ] && ! grep -q "token-hardcoded" <<<"$err"; then
  ok "scan=False (--no-scan): no warning"
else
  fail "scan=False (needs \`--no-scan\` in the executable, issue 19): exit $code: $out $err"
fi
leak_check "scan=False"

# No linter complains about the two lines (pycodestyle E402, pyflakes, isort).
if lint=$("$tools/ruff" check --no-cache --isolated --select E,F,I "$work/job.py" 2>&1); then
  ok "ruff E,F,I: the example is clean"
else
  fail "ruff: $lint"
fi

# --- metadata, and the sdist ----------------------------------------------
wheel=$(ls -1t dist/hf_token_check-*.whl | head -1)
meta=$(python3 - "$wheel" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
text = z.read(meta).decode()
print("\n".join(l for l in text.split("\n\n")[0].splitlines()))
print("FILES " + " ".join(n for n in names if n.endswith(("py.typed", "LICENSE-MIT", "LICENSE-APACHE"))))
PY
)
missing=
for line in "License-Expression: MIT OR Apache-2.0" "License-File: LICENSE-MIT" "License-File: LICENSE-APACHE" \
  "Project-URL: Repository, https://github.com/hf-token-check/hf-token-check" "Classifier: Typing :: Typed" \
  "FILES hf_token_check/py.typed"; do
  grep -qF "$line" <<<"$meta" || missing="$missing [$line]"
done
grep -q "^Keywords: .*huggingface" <<<"$meta" || missing="$missing [Keywords]"
grep -q "dist-info/licenses/LICENSE-MIT" <<<"$meta" || missing="$missing [dist-info/licenses/LICENSE-MIT]"
if [ -z "$missing" ]; then ok "wheel metadata: PEP 639 license and files, URLs, keywords, py.typed"; else fail "wheel metadata lacks$missing"; fi

sdist=$(scripts/build-sdist.sh --out "$work/sdist")
listing=$(tar tzf "$sdist")
missing=
for f in pyproject.toml Cargo.toml Cargo.lock src/main.rs LICENSE-MIT LICENSE-APACHE PKG-INFO \
  hf_token_check/__init__.py hf_token_check/py.typed; do
  grep -qx "hf_token_check-[^/]*/$f" <<<"$listing" || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "sdist $(basename "$sdist"): the crate, the package and the licenses"; else fail "sdist lacks$missing"; fi
# Installing the sdist builds the executable from source (maturin from PyPI,
# crates from crates.io). The dev profile in the repo's target/ reuses what
# `cargo test` compiled, which keeps this build to the crate itself. That
# build leaves the crate's fingerprints pointing at the unpacked sdist's
# sources, which never change: cargo would then call the checkout's crate
# fresh after an edit and test a stale binary. The trap below removes them, so
# the next build in this checkout compiles the crate from its own sources.
stale_fingerprints=1
"$uv" venv --quiet --python python3 "$work/sdist-venv"
start=$SECONDS
if build=$(CARGO_TARGET_DIR=$root/target MATURIN_PEP517_ARGS="--profile dev" \
  "$uv" pip install --quiet --python "$work/sdist-venv/bin/python" --no-binary hf-token-check \
  --refresh-package hf-token-check "$sdist" 2>&1); then
  version=$("$work/sdist-venv/bin/hf-token-check" --version)
  py_sdist=$work/sdist-venv/bin/python
  code=0
  out=$(env -i HOME="$work" PATH=/usr/bin:/bin HF_ENDPOINT="$url" HF_TOKEN="$write_token" \
    "$py_sdist" -c 'import hf_token_check as h; r = h.require(read="me/model", quiet=True); print(r.ok, h.find_binary())' 2>&1) || code=$?
  err=
  if [ "$code" = 0 ] && [ "$version" = "$want" ] && [ "$out" = "True $work/sdist-venv/bin/hf-token-check" ]; then
    ok "the sdist installs with uv, building the executable from source ($((SECONDS - start)) s), and require() passes"
  else
    fail "sdist install: exit $code, version '$version': $out"
  fi
  leak_check "sdist"
else
  fail "the sdist does not build: $build"
fi

echo "wheel: $passed passed, $failed failed"
[ "$failed" = 0 ]
