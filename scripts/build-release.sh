#!/usr/bin/env bash
# Builds the release archives on Debian 12 (bookworm) x86_64, as root, with
# packages from Debian and PyPI only (see docs/development.md, "Cross builds"):
#
#   scripts/build-release.sh [--out DIR] [--no-setup] [--test-tools] [TARGET...]
#
# TARGET is one or more of (all five when none is named):
#   x86_64-unknown-linux-musl   hf-token-check-<target>.tar.gz, static-pie, musl-gcc
#   aarch64-unknown-linux-musl  the same, aarch64-linux-gnu-gcc + Debian's arm64 musl
#   x86_64-pc-windows-gnu       hf-token-check-<target>.zip, MinGW-w64 gcc
#   x86_64-apple-darwin         tar.gz, linked by zig (PyPI) and link-checked here
#   aarch64-apple-darwin        tar.gz, the same, plus its ad-hoc code signature
# Each archive holds the binary (hf-token-check, or hf-token-check.exe) at its
# root; each gets a `<archive>.sha256` and DIR/SHA256SUMS lists every archive in
# DIR (default target/release-artifacts).
#
# Debian's Rust (rustc-web, 1.96 in bookworm-security) rebuilds std for each
# target from its own sources (rust-web-src, `-Z build-std`): rustup's targets
# cannot be downloaded here, and std built with the project's profile
# (opt-level "z", LTO) is ~190 KB smaller than rustup's prebuilt musl std.
# The setup step installs what the named targets need, idempotently: apt
# packages (needs root and Debian's apt; `apt-get update` first), arm64 musl
# files into a private apt state under target/, and zig from PyPI into a venv
# under target/ for the macOS targets only. --no-setup skips it; --test-tools
# also installs what scripts/test-release.sh runs the binaries with (qemu-user-static,
# wine64, rust-web-clippy, python3).
# Work dirs: target/cross (cargo), target/xtools (helper files).
# Environment: SOURCE_DATE_EPOCH (archive timestamps; default: the last
# commit's time, else 0).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

ALL=(x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-pc-windows-gnu
  x86_64-apple-darwin aarch64-apple-darwin)
out=target/release-artifacts
setup=yes
test_tools=()
targets=()
while [ $# -gt 0 ]; do
  case $1 in
  --out) [ $# -ge 2 ] || { echo "error: --out needs a directory" >&2; exit 64; }; out=$2; shift 2 ;;
  --out=*) out=${1#--out=}; shift ;;
  --no-setup) setup=no; shift ;;
  --test-tools) test_tools=(qemu-user-static wine64 rust-web-clippy python3); shift ;;
  -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
  -*) echo "error: unknown option \`$1\` (options: --out DIR, --no-setup, --test-tools)" >&2; exit 64 ;;
  *)
    case " ${ALL[*]} " in
    *" $1 "*) targets+=("$1") ;;
    *) echo "error: unknown target \`$1\`; the release targets are: ${ALL[*]}" >&2; exit 64 ;;
    esac
    shift
    ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL[@]}")
mkdir -p "$out"
out=$(cd "$out" && pwd)

X=$root/target/xtools
mkdir -p "$X"
# Debian's cargo and rustc (/usr/bin) ahead of rustup's (~/.cargo/bin); the zig
# venv ahead of both, for cargo-zigbuild and the python3 that runs zig.
export PATH="$X/venv/bin:/usr/bin:/bin:$PATH"
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
export RUSTC_BOOTSTRAP=1 # -Z build-std on a stable compiler
export CARGO_TARGET_DIR=$root/target/cross
unset RUSTFLAGS RUSTUP_TOOLCHAIN CARGO_BUILD_TARGET
BUILD=(-Z "build-std=std,panic_abort" --release --locked)
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
ZIG_PINS=(ziglang==0.17.0 cargo-zigbuild==0.24.0)

has() { case " ${targets[*]} " in *" $1 "*) return 0 ;; esac; return 1; }
darwin() { has x86_64-apple-darwin || has aarch64-apple-darwin; }
log() { printf '== %s\n' "$*" >&2; }

# ---------------------------------------------------------------- setup -----
# apt-get, retried while another apt/dpkg holds its lock (several users share
# one machine here; a CI container has only this one).
apt_get() {
  local i
  for i in $(seq 30); do
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 "$@" && return 0
    [ "$i" -lt 30 ] || return 1
    echo "apt-get $1 failed (lock held by another apt?), retrying in 10 s" >&2
    sleep 10
  done
}

# The packages the named targets need (deb names), the missing ones installed.
setup_packages() {
  local want=(rustc-web cargo-web rust-web-src file binutils ca-certificates gzip tar)
  has x86_64-unknown-linux-musl && want+=(musl-tools)
  has aarch64-unknown-linux-musl && want+=(gcc-aarch64-linux-gnu)
  has x86_64-pc-windows-gnu && want+=(gcc-mingw-w64-x86-64 zip)
  darwin && want+=(rust-web-llvm python3 python3-venv)
  want+=("$@")
  local missing=() p
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "error: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
      exit 1
    fi
    log "apt-get install ${missing[*]}"
    apt_get update -q
    # rustc-web and rust-web-src must be one version (std's sources are
    # compiled by that rustc): always installed in one command, together.
    case " ${missing[*]} " in *" rustc-web "* | *" rust-web-src "* | *" cargo-web "*)
      missing+=(rustc-web cargo-web rust-web-src) ;; esac
    apt_get install -y -q --no-install-recommends "${missing[@]}"
  fi
  local rv sv
  rv=$(dpkg-query -W -f='${Version}' rustc-web) sv=$(dpkg-query -W -f='${Version}' rust-web-src)
  if [ "$rv" != "$sv" ]; then
    echo "error: rustc-web $rv and rust-web-src $sv differ; std must be built by its own compiler:" >&2
    echo "  apt-get update && apt-get install rustc-web cargo-web rust-web-src" >&2
    exit 1
  fi
}

# Debian debs that are not installed, only unpacked under target/xtools:
# LLVM's libunwind.a for amd64, and musl + libunwind for arm64 (through a
# private apt state: no `dpkg --add-architecture` on the machine).
setup_debs() {
  local arch=$1 dir=$X/deb-$1 p
  shift
  [ -f "$dir/done" ] && [ "$(cat "$dir/done")" = "$*" ] && return 0
  rm -rf "$dir" && mkdir -p "$dir/state/lists/partial" "$dir/cache/archives/partial" "$dir/root"
  touch "$dir/state/status"
  local apt=(-o Dir::State="$dir/state" -o Dir::State::status="$dir/state/status"
    -o Dir::Cache="$dir/cache" -o APT::Architecture="$arch" -o APT::Architectures::="$arch"
    -o APT::Sandbox::User=root)
  log "apt-get download ($arch) $*"
  apt_get "${apt[@]}" update -q >/dev/null
  (cd "$dir" && apt_get "${apt[@]}" download "$@")
  for p in "$dir"/*.deb; do dpkg-deb -x "$p" "$dir/root"; done
  echo "$*" >"$dir/done"
}

setup_zig() {
  if [ ! -x "$X/venv/bin/cargo-zigbuild" ] || [ "$(cat "$X/venv/pins" 2>/dev/null)" != "${ZIG_PINS[*]}" ]; then
    log "pip install ${ZIG_PINS[*]} (venv target/xtools/venv)"
    rm -rf "$X/venv"
    /usr/bin/python3 -m venv "$X/venv"
    "$X/venv/bin/pip" install -q --disable-pip-version-check "${ZIG_PINS[@]}"
    echo "${ZIG_PINS[*]}" >"$X/venv/pins"
  fi
}

# ------------------------------------------------------------- linkers ------
# glibc's __fprintf_chk is the one symbol Debian's LLVM libunwind.a (built for
# glibc) needs that musl lacks; this stand-in is added to a copy of the archive.
# (gcc's libgcc_eh.a cannot stand in for libunwind: it calls glibc 2.35's
# _dl_find_object.)
FORTIFY_SHIM='#include <stdarg.h>
#include <stdio.h>
int __fprintf_chk(FILE *f, int flag, const char *fmt, ...)
{
    va_list ap;
    int r;
    (void)flag;
    va_start(ap, fmt);
    r = vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}'

# musl_linker ARCH GCC LIBDIR INCDIR LIBUNWIND_A AR: writes $X/musl-ARCH/cc, a
# gcc driver that links against musl with a specs file of our own. Debian's
# musl-gcc.specs always passes -dynamic-linker and has no rule for -static-pie,
# which rustc asks for: there, a "static-pie" comes out as a PIE with an
# interpreter (/lib/ld-musl-*.so.1). Here -static-pie takes musl's rcrt1.o (the
# self-relocating start file) and no interpreter: a static PIE, so that the
# kernel loads the binary at a random address (ASLR).
musl_linker() {
  local arch=$1 gcc=$2 lib=$3 inc=$4 unwind=$5 ar=$6 d=$X/musl-$1
  mkdir -p "$d"
  cat >"$d/specs" <<EOF
%rename cpp_options old_cpp_options

*cpp_options:
-nostdinc -isystem $inc -isystem include%s %(old_cpp_options)

*cc1:
%(cc1_cpu) -nostdinc -isystem $inc -isystem include%s

*link_libgcc:
-L$lib -L .%s

*libgcc:
libgcc.a%s

*startfile:
%{static-pie:$lib/rcrt1.o;!shared:$lib/Scrt1.o} $lib/crti.o crtbeginS.o%s

*endfile:
crtendS.o%s $lib/crtn.o

*link:
%{!static:%{!static-pie:-dynamic-linker /lib/ld-musl-$arch.so.1}} -nostdlib %{shared:-shared} %{static:-static} %{static-pie:-static -pie --no-dynamic-linker -z text} %{rdynamic:-export-dynamic}

EOF
  # rustc asks for -static-pie only where the target spec says the target
  # supports it (static-position-independent-executables): x86_64 musl does,
  # aarch64 musl does not, so there rustc asks for `-static -no-pie`. Its code
  # is position independent all the same (the target's relocation model is
  # pic; cc-rs builds C with -fPIC; Debian's musl and libunwind archives are
  # PIC), so the driver links a static PIE instead. `-pie -z text` would refuse
  # an object that is not PIC, and check_linux verifies the result.
  cat >"$d/cc" <<EOF
#!/bin/sh
for a; do
  shift
  case \$a in
  -no-pie) ;;
  -static) set -- "\$@" -static-pie ;;
  *) set -- "\$@" "\$a" ;;
  esac
done
exec $gcc -specs=$d/specs "\$@"
EOF
  chmod +x "$d/cc"
  printf '%s\n' "$FORTIFY_SHIM" >"$d/fortify-shim.c"
  "$d/cc" -O2 -fPIC -c "$d/fortify-shim.c" -o "$d/fortify-shim.o"
  install -m 644 "$unwind" "$d/libunwind.a"
  "$ar" rs "$d/libunwind.a" "$d/fortify-shim.o" 2>/dev/null
}

# ------------------------------------------------------------- builds -------
build_musl() { # build_musl ARCH
  local arch=$1 t=$1-unknown-linux-musl T d=$X/musl-$1
  T=$(echo "$t" | tr 'a-z-' 'A-Z_')
  # link-self-contained=no: rustc's musl target would link its own crt1.o,
  # libc.a and libunwind.a, which only rustup's rust-std ships ("cannot find
  # rcrt1.o"); the linker driver above brings musl's instead.
  env "CARGO_TARGET_${T}_LINKER=$d/cc" "CC_${t//-/_}=$d/cc" \
    "CARGO_TARGET_${T}_RUSTFLAGS=-C link-self-contained=no -L native=$d" \
    cargo build "${BUILD[@]}" --target "$t"
}

build_target() {
  local t=$1
  log "build $t"
  case $t in
  x86_64-unknown-linux-musl)
    musl_linker x86_64 x86_64-linux-gnu-gcc /usr/lib/x86_64-linux-musl /usr/include/x86_64-linux-musl \
      "$X/deb-amd64/root/usr/lib/llvm-14/lib/libunwind.a" ar
    build_musl x86_64
    ;;
  aarch64-unknown-linux-musl)
    local r=$X/deb-arm64/root
    musl_linker aarch64 aarch64-linux-gnu-gcc "$r/usr/lib/aarch64-linux-musl" "$r/usr/include/aarch64-linux-musl" \
      "$r/usr/lib/llvm-14/lib/libunwind.a" aarch64-linux-gnu-ar
    AR_aarch64_unknown_linux_musl=aarch64-linux-gnu-ar build_musl aarch64
    ;;
  x86_64-pc-windows-gnu)
    # MinGW-w64 gcc is the target's default linker.
    cargo build "${BUILD[@]}" --target "$t"
    ;;
  x86_64-apple-darwin | aarch64-apple-darwin)
    # Without MACOSX_DEPLOYMENT_TARGET zig stamps its own newest macOS as the
    # minimum; these are Rust's own minimums. `strip = true` runs rust-objcopy
    # (rust-web-llvm). The "xcrun ... MacOSX.sdk" warning is harmless: no SDK
    # framework is linked.
    local min=11.0
    [ "$t" = x86_64-apple-darwin ] && min=10.12
    MACOSX_DEPLOYMENT_TARGET=$min cargo zigbuild "${BUILD[@]}" --target "$t"
    ;;
  esac
}

# ------------------------------------------------------------- checks -------
# Budgets (bytes) over the sizes measured with Debian's Rust 1.96 (docs/development.md).
budget() {
  case $1 in
  # scripts/build-static.sh's 2.4 MB musl budget, plus 100 KB for what a static
  # PIE adds (its relocations: +75 KB measured on x86_64, +130 KB on aarch64).
  # Round 4 (OAuth scopes, buckets, grants, the scan off the main path, display
  # width) added about 115 KB to every target: each budget rose by 200 KB.
  x86_64-unknown-linux-musl) echo 2500000 ;;
  aarch64-unknown-linux-musl) echo 2300000 ;;
  x86_64-pc-windows-gnu) echo 2400000 ;;
  x86_64-apple-darwin) echo 2200000 ;;
  aarch64-apple-darwin) echo 1900000 ;;
  esac
}

fail() { echo "error: $*" >&2; exit 1; }

check_linux() { # no interpreter, no shared library, position independent
  local bin=$1 hdr
  hdr=$(readelf -lhd "$bin")
  ! grep -q 'Requesting program interpreter' <<<"$hdr" || fail "$bin has a program interpreter:
$(grep interpreter <<<"$hdr")"
  ! grep -q '(NEEDED)' <<<"$hdr" || fail "$bin needs shared libraries:
$(grep NEEDED <<<"$hdr")"
  grep -Eq 'Type: +DYN' <<<"$hdr" || fail "$bin is not position independent (ELF type $(sed -n 's/ *Type: *//p' <<<"$hdr")); static-pie expected"
  echo "static-pie: no interpreter, no shared library"
}

check_windows() { # imports only from DLLs that every Windows 10+ has
  local bin=$1 dlls bad
  dlls=$(x86_64-w64-mingw32-objdump -p "$bin" | sed -n 's/^\s*DLL Name: //p' | sort -u)
  bad=$(grep -viE '^(kernel32|ntdll|advapi32|ws2_32|userenv|bcrypt|bcryptprimitives|msvcrt|api-ms-win-[a-z0-9-]+)\.dll$' <<<"$dlls" || true)
  [ -z "$bad" ] || fail "$bin imports DLLs that Windows does not ship: $bad"
  echo "imports: $(tr '\n' ' ' <<<"$dlls")"
}

check_darwin() { # minimum macOS, system libraries only, arm64 ad-hoc signature
  local bin=$1 t=$2 min=$3 hdr libs
  hdr=$(llvm-objdump-22 --macho --private-headers "$bin")
  grep -Eq "^ *(minos|version) $min\$" <<<"$hdr" \
    || fail "$bin: minimum macOS is not $min: $(grep -E '^ *(minos|version) ' <<<"$hdr" | head -2)"
  libs=$(sed -n 's/^ *name \(\/[^ ]*\) (offset.*/\1/p' <<<"$hdr")
  [ -n "$libs" ] || fail "$bin: no LC_LOAD_DYLIB (llvm-objdump output changed?)"
  ! grep -v '^/usr/lib/' <<<"$libs" || fail "$bin links libraries outside /usr/lib (not in every macOS)"
  echo "minimum macOS $min; libraries: $(tr '\n' ' ' <<<"$libs")"
  if [ "$t" = aarch64-apple-darwin ]; then
    # macOS kills an arm64 binary without a valid signature: the linker's
    # ad-hoc one must survive stripping. Every page hash is recomputed.
    grep -q 'cmd LC_CODE_SIGNATURE' <<<"$hdr" || fail "$bin has no code signature (LC_CODE_SIGNATURE)"
    python3 "$root/scripts/check-macho-signature.py" "$bin"
  fi
}

check_target() {
  local t=$1 bin=$2 size
  size=$(stat -c %s "$bin")
  echo "$t: $(file -b "$bin")"
  case $t in
  *-linux-musl) check_linux "$bin" ;;
  *-windows-gnu) check_windows "$bin" ;;
  x86_64-apple-darwin) check_darwin "$bin" "$t" 10.12 ;;
  aarch64-apple-darwin) check_darwin "$bin" "$t" 11.0 ;;
  esac
  echo "size: $size bytes (budget $(budget "$t"))"
  [ "$size" -le "$(budget "$t")" ] || fail "$bin is $size bytes, over the $(budget "$t")-byte budget for $t"
}

# ------------------------------------------------------------- archives -----
package() { # package TARGET BINARY -> the archive's name
  local t=$1 bin=$2 stage=$X/stage/$1 name
  rm -rf "$stage" && mkdir -p "$stage"
  case $t in
  *windows*)
    name=hf-token-check-$t.zip
    install -m 755 "$bin" "$stage/hf-token-check.exe"
    touch -d "@$epoch" "$stage/hf-token-check.exe"
    rm -f "$out/$name"
    (cd "$stage" && TZ=UTC zip -q -X -9 "$out/$name" hf-token-check.exe)
    ;;
  *)
    name=hf-token-check-$t.tar.gz
    install -m 755 "$bin" "$stage/hf-token-check"
    tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
      -cf - hf-token-check | gzip -9 -n >"$out/$name"
    ;;
  esac
  (cd "$out" && sha256sum "$name" >"$name.sha256")
  echo "$name"
}

# ------------------------------------------------------------- main ---------
if [ $setup = yes ]; then
  setup_packages "${test_tools[@]}"
  has x86_64-unknown-linux-musl && setup_debs amd64 libunwind-14-dev
  has aarch64-unknown-linux-musl && setup_debs arm64 musl-dev libunwind-14-dev
  darwin && setup_zig
fi
log "$(rustc --version); $(cargo --version)"

for t in "${targets[@]}"; do
  start=$(date +%s)
  build_target "$t"
  exe=hf-token-check
  [ "$t" = x86_64-pc-windows-gnu ] && exe=hf-token-check.exe
  bin=$CARGO_TARGET_DIR/$t/release/$exe
  check_target "$t" "$bin"
  name=$(package "$t" "$bin")
  echo "$t: $out/$name (built in $(($(date +%s) - start)) s)"
done

# Every archive in DIR, whichever targets were asked for (a glob that matches
# nothing, such as *.zip without the Windows target, is not an error).
sums() {
  local f archives=()
  for f in hf-token-check-*.tar.gz hf-token-check-*.zip; do
    if [ -f "$f" ]; then archives+=("$f"); fi
  done
  printf '%s\n' "${archives[@]}" | LC_ALL=C sort | xargs sha256sum
}
(cd "$out" && sums >SHA256SUMS)
echo "== $out"
(cd "$out" && ls -l hf-token-check-* SHA256SUMS && cat SHA256SUMS)
