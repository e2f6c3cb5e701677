#!/usr/bin/env bash
# Benchmark (not a test: nothing here fails on a timing). Measures, on fake Hubs
# on 127.0.0.1 (the test suite's, built as examples/fake_hub.rs), the median wall
# time, CPU time and peak memory of:
#   (a) hf-token-check --read me/model            (the static release build)
#   (b) python -c "HfApi().whoami(); auth_check()" (huggingface_hub, in a throwaway venv)
#   (c) curl of whoami alone                      (the floor for one request)
# over HTTP and HTTPS (a test CA through SSL_CERT_FILE), and
#   (d) with 100 ms of latency per answer, hf-token-check --read me/model
#       --write me/out against one answer's latency and the sum of its requests',
#   (e) hf-token-check --version (the cost of starting the binary at all, to
#       compare with (a) over HTTP: whoami + one read check),
#   (f) over TLS with 30 ms round trips (scripts/delay_relay.rs, in front of the
#       HTTPS fake Hub, holds each chunk 15 ms each way): whoami alone, and
#       whoami + --read + --write, against the floor of 60 ms (a TLS 1.3
#       handshake and one request, every connection at once),
#   (g) the Python API (the wheel, in a uv venv): a bare `python -c pass`,
#       `import hf_token_check`, and `hf_token_check.require(read=...)` over
#       HTTP: what the import and the preamble add to a Python start (issue 20
#       asks for at most 8 ms for require()), and how many modules the import
#       loads (at most 10),
#   (h) scale: 1, 100, 1,000 and 10,000 `--read` repos on a Hub whose every
#       answer takes 2 ms: wall time against the ideal (requests / 8
#       connections x 2 ms, connections reused), CPU and peak RSS per count,
#   (i) the deadline: 10,000 repos, a Hub answering in 100 ms, `--timeout 1`:
#       how long past 1 s the run ends, report included (exit 75),
#   (j) the floor of (a): scripts/floor_client.rs, a client that makes (a)'s
#       two requests and nothing else (no report, no redaction), on two
#       connections at once as (a) does, and one after the other on one
#       connection as huggingface_hub does: what (a) costs above the first is
#       the check's own work; above (e), what any client of this Hub pays;
#       and (a) with --quiet, which starts no progress thread: that thread's
#       cost.
# (a) to (f) run in turn, round after round (scripts/bench.py), so the ratios
# are medians of each round's quotient: paired runs, which the load of a
# shared machine moves far less than separate medians. Every fake Hub keeps
# connections alive, as HTTP/1.1 servers do by default. The load average is
# printed beside each group: figures from a busy machine say so.
# Usage: scripts/bench.sh [RUNS]   (default 15 rounds after 3 warm-ups; a
# quiet run of 31 rounds takes about 4 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
warmup=3

[ -x dist/hf-token-check ] || scripts/build-static.sh >&2
bin=$PWD/dist/hf-token-check
cargo build --release --quiet --example fake_hub
hub_bin=$PWD/target/release/examples/fake_hub
mkdir -p target/bench
relay_bin=$PWD/target/bench/delay_relay
if [ ! -x "$relay_bin" ] || [ scripts/delay_relay.rs -nt "$relay_bin" ]; then
  rustc --edition 2021 -O scripts/delay_relay.rs -o "$relay_bin"
fi
floor_bin=$PWD/target/bench/floor_client
if [ ! -x "$floor_bin" ] || [ scripts/floor_client.rs -nt "$floor_bin" ]; then
  # Static as the check's binary is: a dynamic one pays the loader (~0.3 ms).
  rustc --edition 2021 -O -C target-feature=+crt-static scripts/floor_client.rs -o "$floor_bin"
fi

venv=target/hfh-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import huggingface_hub" 2>/dev/null; then
  python3 -m venv "$venv"
fi
# huggingface_hub's current release: the peer the 100x target is measured against
# (offline, the installed one is kept).
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade huggingface_hub >&2 ||
  "$venv/bin/python" -c "import huggingface_hub" || exit 1
hfh_version=$("$venv/bin/python" -c "import huggingface_hub; print(huggingface_hub.__version__)")

# The wheel in a uv venv (no pip or setuptools .pth files run at start).
wheel=$(scripts/build-wheel.sh)
uv=$(scripts/ci/tools.sh)/uv
wvenv=target/bench/wheel-venv
[ -x "$wvenv/bin/python" ] || UV_PYTHON_DOWNLOADS=never "$uv" venv --quiet --python python3 "$wvenv"
UV_CACHE_DIR=$PWD/target/uv-cache "$uv" pip install --quiet --python "$wvenv/bin/python" --reinstall "$wheel"
wpy=$PWD/$wvenv/bin/python
modules=$("$wpy" -c 'import sys; a = set(sys.modules); import hf_token_check; print(len(set(sys.modules) - a))')

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/ca"

start_hub() { # start_hub NAME ARGS... -> sets URL_<NAME>
  "$hub_bin" "${@:2}" >"$work/$1.log" &
  pids+=($!)
  for _ in $(seq 100); do grep -q READY "$work/$1.log" && break; sleep 0.05; done
  printf -v "URL_$1" '%s' "$(sed -n 's/^READY //p' "$work/$1.log")"
}
# Set by start_hub's printf -v (declared here for shellcheck).
URL_http='' URL_https='' URL_slow='' URL_scale='' URL_late=''
start_hub http --keep-alive
start_hub https --tls "$work/ca/ca.pem" --keep-alive
start_hub slow --latency-ms 100 --keep-alive
start_hub scale --latency-ms 2 --repos 10000 --keep-alive
start_hub late --latency-ms 100 --repos 10000 --keep-alive
"$relay_bin" "${URL_https#https://}" --delay-ms 15 >"$work/relay.log" &
pids+=($!)
for _ in $(seq 100); do grep -q READY "$work/relay.log" && break; sleep 0.05; done
URL_relay="https://$(sed -n 's/^READY //p' "$work/relay.log")"

token=hf_FakeHubWriteToken0123456789abcdef   # examples/fake_hub.rs
py_code='from huggingface_hub import HfApi; a = HfApi(); a.whoami(); a.auth_check("me/model")'

spec=$(python3 - "$bin" "$venv/bin/python" "$token" "$py_code" "$URL_http" "$URL_https" "$URL_slow" "$work/ca/ca.pem" "$URL_relay" "$floor_bin" <<'PY'
import json, sys
bin, py, token, code, http, https, slow, ca, relay, floor = sys.argv[1:]
items = []
for proto, url, extra in (("http", http, {}), ("https", https, {"SSL_CERT_FILE": ca})):
    env = dict(extra, HF_TOKEN=token, HF_ENDPOINT=url, HF_HUB_DISABLE_TELEMETRY="1")
    items.append({"name": "a %s" % proto, "argv": [bin, "--read", "me/model"], "env": env})
    if proto == "http":
        items.append({"name": "a http quiet", "argv": [bin, "--read", "me/model", "--quiet"], "env": env})
    items.append({"name": "b %s" % proto, "argv": [py, "-c", code], "env": env})
    curl = ["curl", "-sf", "-o", "/dev/null", "-H", "authorization: Bearer " + token]
    if extra:
        curl += ["--cacert", ca]
    items.append({"name": "c %s" % proto, "argv": curl + [url + "/api/whoami-v2"], "env": env})
env = {"HF_TOKEN": token, "HF_ENDPOINT": slow}
items.append({"name": "d latency", "argv": [bin, "--read", "me/model", "--write", "me/out"], "env": env})
items.append({"name": "e version", "argv": [bin, "--version"], "env": {}})
env = {"HF_TOKEN": token, "HF_ENDPOINT": relay, "SSL_CERT_FILE": ca}
items.append({"name": "f whoami", "argv": [bin], "env": env})
items.append({"name": "f all", "argv": [bin, "--read", "me/model", "--write", "me/out"], "env": env})
items.append({"name": "f curl", "argv": ["curl", "-sf", "-o", "/dev/null", "--cacert", ca, "-H",
              "authorization: Bearer " + token, relay + "/api/whoami-v2"], "env": env})
for mode in ("concurrent", "sequential"):
    items.append({"name": "j " + mode, "argv": [floor, http.removeprefix("http://"), token, mode], "env": {}})
print(json.dumps(items))
PY
)

results=$(python3 scripts/bench.py "$runs" "$warmup" "$spec")

# (h) and (i): argv of 10,000 repos is longer than one argument may be, so the
# spec goes through a file. Three runs each after one warm-up.
python3 - "$bin" "$token" "$URL_scale" "$URL_late" >"$work/scale.json" <<'PY'
import json, sys
bin, token, scale, late = sys.argv[1:]
reads = lambda n: [a for i in range(n) for a in ("--read", "me/r%d" % i)]
items = [{"name": "h %d" % n, "argv": [bin, *reads(n)], "env": {"HF_TOKEN": token, "HF_ENDPOINT": scale}}
         for n in (1, 100, 1000, 10000)]
items.append({"name": "i deadline", "argv": [bin, "--timeout", "1", *reads(10000)],
              "env": {"HF_TOKEN": token, "HF_ENDPOINT": late}, "code": 75})
print(json.dumps(items))
PY
scale_results=$(python3 scripts/bench.py 3 1 "@$work/scale.json")

# (g) The three Python starts in turn, round after round, so that the load of
# the machine weighs on them alike; what the import and require() add is the
# median of each round's difference with the bare start.
python_results=$(python3 - "$wpy" "$token" "$URL_http" "$runs" "$warmup" <<'PY'
import json, os, statistics, sys, time
py, token, url, runs, warmup = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
       "HF_TOKEN": token, "HF_ENDPOINT": url}
cases = {"bare": "pass", "import": "import hf_token_check",
         "require": "import hf_token_check; hf_token_check.require(read=['me/model'])"}
null = os.open(os.devnull, os.O_WRONLY)
def once(code):
    start = time.perf_counter()
    pid = os.posix_spawn(py, [py, "-c", code], env, file_actions=[(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit("python -c %r exited %d" % (code, os.waitstatus_to_exitcode(status)))
    return (time.perf_counter() - start) * 1000, (usage.ru_utime + usage.ru_stime) * 1000
rounds = []
for i in range(warmup + 4 * runs):
    r = {k: once(code) for k, code in cases.items()}
    if i >= warmup:
        rounds.append(r)
out = {}
for k in cases:
    out[k] = {"wall_ms": statistics.median(r[k][0] for r in rounds), "cpu_ms": statistics.median(r[k][1] for r in rounds)}
    out[k]["wall_added"] = statistics.median(r[k][0] - r["bare"][0] for r in rounds)
    out[k]["cpu_added"] = statistics.median(r[k][1] - r["bare"][1] for r in rounds)
out["rounds"] = len(rounds)
print(json.dumps(out))
PY
)

python3 - "$results" "$runs" "$hfh_version" "$(stat -c %s "$bin")" "$modules" "$("$wpy" --version)" "$python_results" "$scale_results" <<'PY'
import json, os, platform, statistics, subprocess, sys
r = {x["name"]: x for x in json.loads(sys.argv[1])}
runs, hfh, size, modules, pyversion = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
g = json.loads(sys.argv[7])
h = {x["name"]: x for x in json.loads(sys.argv[8])}
cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
def paired(num, den):
    """The median of each round's quotient num/den (the runs were interleaved)."""
    return statistics.median(x / y for x, y in zip(r[num]["walls"], r[den]["walls"]))
load = lambda x: "%.1f-%.1f" % tuple(x["load"])
print("machine: %s, %d cores, %s; huggingface_hub %s; curl %s; binary %.2f MB; median of %s interleaved rounds after 3 warm-ups; load average %s"
      % (cpu, os.cpu_count(), platform.platform(), hfh,
         subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split()[1], size / 1e6, runs,
         load(r["a http"])))
print()
print("| case | wall (ms) | CPU (ms) | peak RSS (MB) |")
print("|---|---:|---:|---:|")
labels = {"a": "(a) hf-token-check --read me/model", "b": "(b) python huggingface_hub whoami + auth_check",
          "c": "(c) curl whoami"}
for proto in ("http", "https"):
    for k in "abc":
        x = r["%s %s" % (k, proto)]
        print("| %s, %s | %.2f | %.2f | %.1f |" % (labels[k], proto.upper(), x["wall_ms"], x["cpu_ms"], x["rss_mb"]))
rows = (("d latency", "(d) hf-token-check --read --write, 100 ms per answer"),
        ("e version", "(e) hf-token-check --version"),
        ("a http quiet", "(a) with --quiet (no progress thread), HTTP"),
        ("f whoami", "(f) hf-token-check whoami alone, TLS, 30 ms round trips"),
        ("f all", "(f) hf-token-check --read --write, TLS, 30 ms round trips"),
        ("f curl", "(f) curl whoami, TLS, 30 ms round trips"),
        ("j concurrent", "(j) floor client: whoami + auth-check on two connections at once, HTTP"),
        ("j sequential", "(j) floor client: whoami + auth-check on one connection in turn, HTTP"))
for k, label in rows:
    x = r[k]
    print("| %s | %.2f | %.2f | %.1f |" % (label, x["wall_ms"], x["cpu_ms"], x["rss_mb"]))
print()
print("| (g) Python, %d rounds in turn | wall (ms) | CPU (ms) | wall added (ms) | CPU added (ms) |" % g["rounds"])
print("|---|---:|---:|---:|---:|")
for k, label in (("bare", "python -c pass"), ("import", "python -c 'import hf_token_check'"),
                 ("require", "python -c 'import hf_token_check; hf_token_check.require(read=[...])', HTTP")):
    x = g[k]
    print("| %s | %.1f | %.1f | %.1f | %.1f |" % (label, x["wall_ms"], x["cpu_ms"], x["wall_added"], x["cpu_added"]))
print()
print("| (h) repos, 2 ms per answer | wall (ms) | ideal (ms) | wall / ideal | CPU (ms) | peak RSS (MB) |")
print("|---:|---:|---:|---:|---:|---:|")
for n in (1, 100, 1000, 10000):
    x = h["h %d" % n]
    ideal = -(-(n + 1) // 8) * 2.0  # whoami + n auth-checks, 8 connections, 2 ms each
    print("| %s | %.1f | %.1f | %.2f | %.1f | %.2f |" % (format(n, ","), x["wall_ms"], ideal, x["wall_ms"] / ideal,
                                                    x["cpu_ms"], x["rss_mb"]))
print("(h) and (i): 3 runs after 1 warm-up, load average %s" % load(h["h 1"]))
print()
for proto in ("http", "https"):
    print("%s: (b)/(a) paired %.0fx (medians %.0fx), (a)/(c) %.2f, (a) peak RSS %.1f MB"
          % (proto.upper(), paired("b " + proto, "a " + proto), r["b " + proto]["wall_ms"] / r["a " + proto]["wall_ms"],
             paired("a " + proto, "c " + proto), r["a " + proto]["rss_mb"]))
d = r["d latency"]
print("latency: (d) took %.0f ms = %.2fx one answer (100 ms); the sum of its 3 requests is 300 ms"
      % (d["wall_ms"], d["wall_ms"] / 100))
a, e = r["a http"], r["e version"]
print("startup: (a) HTTP whoami + read %.2f ms = %.2fx (e) --version %.2f ms, paired %.2fx (target at most 1.5x)"
      % (a["wall_ms"], a["wall_ms"] / e["wall_ms"], e["wall_ms"], paired("a http", "e version")))
print("floor: (j) the same two requests and nothing else, at once %.2f ms = paired %.2fx (e), in turn %.2f ms = "
      "%.2fx (e); (a) is paired %.2fx the first (the check's own work on top)"
      % (r["j concurrent"]["wall_ms"], paired("j concurrent", "e version"), r["j sequential"]["wall_ms"],
         paired("j sequential", "e version"), paired("a http", "j concurrent")))
print("progress thread: (a) with --quiet, which starts none, %.2f ms = paired %.2fx (e)"
      % (r["a http quiet"]["wall_ms"], paired("a http quiet", "e version")))
print("Python (%s): import hf_token_check adds %.1f ms and %s modules to a bare start (%.1f ms); "
      "require() adds %.1f ms in all (budget 8 ms; CPU %.1f ms), of which the check itself, (a) over HTTP, is %.1f ms"
      % (pyversion, g["import"]["wall_added"], modules, g["bare"]["wall_ms"], g["require"]["wall_added"],
         g["require"]["cpu_added"], a["wall_ms"]))
fw, fa, fc = r["f whoami"], r["f all"], r["f curl"]
print("TLS, 30 ms round trips, floor 60 ms: whoami alone %.1f ms = %.3fx, whoami + read + write %.1f ms = %.3fx, "
      "curl's one request %.1f ms = %.3fx (target: at most 1.1x)"
      % (fw["wall_ms"], fw["wall_ms"] / 60, fa["wall_ms"], fa["wall_ms"] / 60, fc["wall_ms"], fc["wall_ms"] / 60))
big = h["h 10000"]
print("scale: 10,000 repos %.2fx the ideal (target at most 1.2x); peak RSS %.2f MB for 1 repo, %.2f MB for 10,000 "
      "(%.2f KB per repo)" % (big["wall_ms"] / 2502, h["h 1"]["rss_mb"], big["rss_mb"],
                              (big["rss_mb"] - h["h 1"]["rss_mb"]) * 1024 / 9999))
i = h["i deadline"]
print("deadline: 10,000 repos, --timeout 1, a 100 ms Hub: the run ended at %.0f ms (%+.0f ms from --timeout, report included)"
      % (i["wall_ms"], i["wall_ms"] - 1000))
PY
