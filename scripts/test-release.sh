#!/usr/bin/env bash
# Builds every release archive (scripts/build-release.sh, which installs what it
# needs) and runs what was built, from the archives themselves, against the fake
# Hub on 127.0.0.1:
#   - checksums: SHA256SUMS and each <archive>.sha256 verify; one binary at the root;
#   - x86_64-unknown-linux-musl: natively, the demo, and the empty-chroot test
#     (scripts/test-chroot.sh);
#   - aarch64-unknown-linux-musl: under qemu-aarch64-static (binfmt_misc is not
#     assumed: qemu is named on the command line);
#   - x86_64-pc-windows-gnu: under wine64, with a stand-in bcryptprimitives.dll
#     (below); clippy for the Windows target with -D warnings;
#   - each of those: --version, scripts/demo.sh (a pass and each kind of failure,
#     every exit status checked) and a pass over HTTPS with a test CA;
#   - the macOS binaries are link-checked by build-release.sh; nothing runs them here.
# Needs root (apt, chroot). Ends with "release: N passed, M failed".
#   scripts/test-release.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
X=$root/target/xtools
out=$root/target/release-artifacts
build=yes
[ "${1:-}" = --no-build ] && build=no

if [ "$(id -u)" != 0 ]; then
  echo "release test skipped: needs root (apt installs, chroot) (uid $(id -u))"
  exit 0
fi

if [ $build = yes ]; then
  start=$(date +%s)
  scripts/build-release.sh --test-tools --out "$out"
  echo "build-release.sh: $(($(date +%s) - start)) s"
fi

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

# --- The archives: checksums and layout, then unpacked as a user would.
for f in SHA256SUMS "$out"/*.sha256; do
  if (cd "$out" && sha256sum --quiet -c "$(basename "$f")"); then ok "sha256sum -c $(basename "$f")"; else bad "sha256sum -c $(basename "$f")"; fi
done
u=$X/unpacked
rm -rf "$u" && mkdir -p "$u"
for a in "$out"/hf-token-check-*; do
  case $a in *.sha256) continue ;; esac
  t=$(basename "$a") t=${t#hf-token-check-} t=${t%.tar.gz} t=${t%.zip}
  mkdir -p "$u/$t"
  case $a in
  *.zip) list=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$a")
    (cd "$u/$t" && python3 -m zipfile -e "$a" . && chmod +x hf-token-check.exe) ;;
  *) list=$(tar -tzf "$a"); tar -C "$u/$t" -xzf "$a" ;;
  esac
  want=hf-token-check
  [ "${a%.zip}" != "$a" ] && want=hf-token-check.exe
  if [ "$list" = "$want" ]; then ok "$t: the archive holds $want at its root, alone"; else bad "$t: archive lists: $list"; fi
done

# --- docs/development.md's size column against what was built: each row's
# figure within 2% of its binary (a change of code moves sizes a little; a
# stale table moves more), or the failure gives the figure to write there.
sizes=$(python3 - "$u" <<'PY'
import os, re, sys
unpacked = sys.argv[1]
doc = open("docs/development.md", encoding="utf-8").read()
rows = re.findall(r"^\| `([a-z0-9_-]+)` \| `hf-token-check-[^|]*\|.*\| ([0-9,]+) \(budget [0-9,]+\) \|$", doc, re.M)
if len(rows) != 5:
    print("FAIL the size table has %d rows, not 5" % len(rows))
for target, figure in rows:
    exe = "hf-token-check.exe" if "windows" in target else "hf-token-check"
    path = os.path.join(unpacked, target, exe)
    if not os.path.exists(path):
        print("FAIL %s: no binary unpacked" % target)
        continue
    size, said = os.path.getsize(path), int(figure.replace(",", ""))
    verdict = "ok  " if abs(size - said) <= said * 0.02 else "FAIL"
    print("%s %s: docs/development.md says %s bytes, built %s" % (verdict, target, figure, format(size, ",")))
PY
)
while IFS= read -r line; do
  case $line in "ok  "*) ok "${line#ok   }" ;; *) bad "${line#FAIL }" ;; esac
done <<<"$sizes"

# --- A subset of targets: exit status 0, SHA256SUMS lists what was built
# (it exited 2 when no .zip was asked for). Cached: a rebuild is quick.
code=0
scripts/build-release.sh --no-setup --out "$X/subset" x86_64-unknown-linux-musl >"$X/subset.log" 2>&1 || code=$?
if [ "$code" = 0 ] && [ "$(cut -d' ' -f3 "$X/subset/SHA256SUMS")" = hf-token-check-x86_64-unknown-linux-musl.tar.gz ]; then
  ok "build-release.sh x86_64-unknown-linux-musl alone: exit status 0, SHA256SUMS lists its archive"
else
  bad "build-release.sh with one target: exit $code: $(tail -5 "$X/subset.log")"
fi

version="hf-token-check $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"

# --- Runners: one-line wrappers, so that scripts/demo.sh can run them from its
# empty environment.
printf '#!/bin/sh\nexec /usr/bin/qemu-aarch64-static %s "$@"\n' \
  "$u/aarch64-unknown-linux-musl/hf-token-check" >"$X/run-aarch64"
printf '#!/bin/sh\nWINEPREFIX=%s WINEDEBUG=-all exec /usr/lib/wine/wine64 %s "$@"\n' \
  "$X/wine" "$u/x86_64-pc-windows-gnu/hf-token-check.exe" >"$X/run-windows"
chmod +x "$X/run-aarch64" "$X/run-windows"

# Wine 8.0 (bookworm's) has no bcryptprimitives.dll, whose ProcessPrng Rust's
# std (1.78+) imports: "Library bcryptprimitives.dll ... not found", exit 53.
# Windows 10+ (Rust's minimum) has it. For Wine only, a stand-in on advapi32's
# RtlGenRandom (SystemFunction036) goes into the prefix's system32.
wine_prefix() {
  local dll=$X/wine/drive_c/windows/system32/bcryptprimitives.dll
  [ -f "$dll" ] && return 0
  cat >"$X/bcryptprimitives.c" <<'EOF'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
EOF
  # No Mono or Gecko (their installers would be a download): mscoree, mshtml off.
  WINEPREFIX=$X/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" \
    timeout 300 /usr/lib/wine/wine64 wineboot -i >/dev/null 2>&1 || true
  x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" "$X/bcryptprimitives.c" -ladvapi32
}
wine_prefix
# One wineserver for all the runs, stopped at the end.
hub_pid=
cleanup() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null
  WINEPREFIX=$X/wine /usr/lib/wine/wineserver -k 2>/dev/null || true
}
trap cleanup EXIT

# --- HTTPS: rustls and ring's assembly on each architecture, with a test CA.
rm -rf "$X/ca" && scripts/make-test-ca.sh "$X/ca" >/dev/null && mkdir -p "$X/home"
fake_hub=$(scripts/fake-hub.sh --path)
read -r WRITE_TOKEN _ < <("$fake_hub" --tokens)
"$fake_hub" --tls-cert "$X/ca/server.pem" --tls-key "$X/ca/server.key" >"$X/hub.out" &
hub_pid=$!
url=
for _ in $(seq 100); do url=$(sed -n 's/^READY //p' "$X/hub.out" 2>/dev/null || true); [ -n "$url" ] && break; sleep 0.05; done
[ -n "$url" ] || { echo "error: the TLS fake Hub did not start" >&2; exit 1; }

run_checks() { # run_checks NAME RUNNER [DEMO_ECHO]
  local name=$1 bin=$2 echo_cmd=${3:-echo} got code log
  got=$("$bin" --version 2>&1) || true
  if [ "$got" = "$version" ]; then ok "$name: --version: $got"; else bad "$name: --version printed: $got"; fi
  log=$X/demo-$name.log
  if HF_TOKEN_CHECK_BIN=$bin HF_TOKEN_CHECK_DEMO_ECHO=$echo_cmd bash scripts/demo.sh >"$log" 2>&1; then
    ok "$name: scripts/demo.sh: $(tail -1 "$log")"
  else
    bad "$name: scripts/demo.sh: $(tail -1 "$log")"; grep -B8 EXPECTED "$log" || cat "$log"
  fi
  code=0
  got=$(env -i PATH=/usr/bin:/bin HOME="$X/home" HF_ENDPOINT="$url" SSL_CERT_FILE="$X/ca/ca.pem" \
    HF_TOKEN=$WRITE_TOKEN "$bin" --write me/model --read acme/model 2>&1) || code=$?
  if [ "$code" = 0 ] && ! grep -q "${WRITE_TOKEN:3:20}" <<<"$got"; then
    ok "$name: a pass over HTTPS with the test CA (exit 0)"
  else
    bad "$name: HTTPS with the test CA: exit $code, wanted 0"; echo "$got"
  fi
  code=0
  got=$(env -i PATH=/usr/bin:/bin HOME="$X/home" HF_ENDPOINT="$url" HF_TOKEN=$WRITE_TOKEN \
    "$bin" --read acme/model 2>&1) || code=$?
  if [ "$code" = 75 ] && grep -q 'not trusted' <<<"$got"; then
    ok "$name: without SSL_CERT_FILE the test CA is not trusted (exit 75)"
  else
    bad "$name: without SSL_CERT_FILE: exit $code, wanted 75 and \"not trusted\""; echo "$got"
  fi
}

run_checks x86_64-musl "$u/x86_64-unknown-linux-musl/hf-token-check"
run_checks aarch64-musl-qemu "$X/run-aarch64"
run_checks windows-wine "$X/run-windows" "cmd /c echo"

# Windows: the command after `--` is a child there (no exec); its status is passed on.
code=0
env -i PATH=/usr/bin:/bin HOME="$X/home" HF_ENDPOINT="$url" SSL_CERT_FILE="$X/ca/ca.pem" \
  HF_TOKEN=$WRITE_TOKEN "$X/run-windows" --quiet --write me/model -- cmd /c exit 3 || code=$?
if [ "$code" = 3 ]; then ok "windows-wine: -- cmd /c exit 3 passes on exit status 3"; else bad "windows-wine: -- cmd /c exit 3: exit $code, wanted 3"; fi

# --- The x86_64 musl release binary in an empty root.
if HF_TOKEN_CHECK_STATIC_BIN=$u/x86_64-unknown-linux-musl/hf-token-check scripts/test-chroot.sh >"$X/chroot.log" 2>&1; then
  ok "x86_64-musl: scripts/test-chroot.sh: $(tail -1 "$X/chroot.log")"
else
  bad "x86_64-musl: scripts/test-chroot.sh"; cat "$X/chroot.log"
fi

# --- Clippy and the build are clean for Windows (cfg(unix)-only code stays out).
# Debian's clippy 1.96 (rust-web-clippy) with -Z build-std: rustup has no
# Windows std here.
if (
  export PATH="/usr/bin:/bin:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=$root/target/cross
  unset RUSTFLAGS RUSTUP_TOOLCHAIN
  cargo clippy -Z build-std=std,panic_abort --locked --quiet --target x86_64-pc-windows-gnu -- -D warnings
) >"$X/clippy-windows.log" 2>&1; then
  ok "x86_64-pc-windows-gnu: cargo clippy -- -D warnings"
else
  bad "x86_64-pc-windows-gnu: cargo clippy -- -D warnings"; cat "$X/clippy-windows.log"
fi

echo "release: $passed passed, $failed failed"
[ "$failed" = 0 ]
