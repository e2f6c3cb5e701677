#!/usr/bin/env bash
# Where the time of a run goes, in instructions (not a test, not a timing: the
# counts do not move with the machine's load). Builds the static binary with
# symbols (target/prof), starts the fake Hub (examples/fake_hub.rs) on
# 127.0.0.1, and runs `--version` and `--read me/model` over HTTP under
# `valgrind --tool=callgrind` (installed from apt when missing), then prints the
# instructions per phase (inclusive, every thread), as docs/benchmarks.md shows
# them. Usage: scripts/profile.sh [ARGS...]   (default: --read me/model)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
  else
    echo "error: valgrind is not installed (apt-get install valgrind)" >&2
    exit 1
  fi
fi

host=$(rustc -vV | sed -n 's/^host: //p')
CARGO_TARGET_DIR=target/prof CARGO_PROFILE_RELEASE_STRIP=false \
  CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
  RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
  cargo build --release --locked --quiet --target "$host"
bin=$PWD/target/prof/$host/release/hf-token-check
cargo build --release --quiet --example fake_hub

work=$(mktemp -d)
hub_pid=
cleanup() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
target/release/examples/fake_hub --keep-alive >"$work/hub.log" &
hub_pid=$!
for _ in $(seq 100); do grep -q READY "$work/hub.log" && break; sleep 0.05; done
url=$(sed -n 's/^READY //p' "$work/hub.log")

args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--read me/model)
export HF_TOKEN=hf_FakeHubWriteToken0123456789abcdef HF_ENDPOINT=$url  # examples/fake_hub.rs
valgrind --tool=callgrind --callgrind-out-file="$work/version.out" "$bin" --version >/dev/null 2>&1
valgrind --tool=callgrind --callgrind-out-file="$work/run.out" "$bin" "${args[@]}" >/dev/null 2>&1 || true

python3 - "$work/version.out" "$work/run.out" "${args[*]}" <<'PY'
import re, subprocess, sys
def inclusive(path):
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", path],
                         capture_output=True, text=True).stdout
    total, by = 0, {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$", line)
        if not m:
            continue
        n, what = int(m.group(1).replace(",", "")), m.group(2)
        if what.startswith("PROGRAM TOTALS"):
            total = n
            continue
        # "file:function [object]": keep the largest count per function name
        name = what.split(":", 1)[-1].split(" [")[0]
        by[name] = max(by.get(name, 0), n)
    return total, by
vt, _ = inclusive(sys.argv[1])
rt, by = inclusive(sys.argv[2])
get = lambda name: by.get(name, 0)
rows = [
    ("whole run: hf-token-check " + sys.argv[3], rt),
    ("--version (process start, std's runtime, exit)", vt),
    ("  static-pie relocation (_dl_relocate_static_pie)", get("_dl_relocate_static_pie")),
    ("  std's main-thread stack probe (pthread_getattr_np)", get("pthread_getattr_np")),
    ("arguments, environment, configuration (config::resolve)", get("hf_token_check::config::resolve")),
    ("network: the requests on the pool (pool::work)", get("hf_token_check::pool::work")),
    ("  ureq (request, parse)", get("ureq::run::run")),
    ("  zeroing connection buffers (LazyBuffers::ensure_allocation)",
     get("ureq::unversioned::transport::buf::LazyBuffers::ensure_allocation")),
    ("verdict (verdict::decide)", get("hf_token_check::verdict::decide")),
    ("report, human (report::human::checks)", get("hf_token_check::report::human::checks")),
    ("  each message made safe (report::Context::safe)", get("hf_token_check::report::Context::safe")),
]
print("| phase | instructions |")
print("|---|---:|")
for label, n in rows:
    # A function the optimiser inlined into its caller has no count of its own.
    print("| %s | %s |" % (label, format(n, ",") if n else "(inlined)"))
PY
