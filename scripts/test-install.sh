#!/usr/bin/env bash
# Runs install.sh as users do (`curl -LsSf .../install.sh | sh`, or `sh
# install.sh VERSION`) against a local release served on 127.0.0.1
# (scripts/ci/local-release.sh: scripts/build-release.sh's archives when
# HF_TOKEN_CHECK_RELEASE_DIR names them, else a stand-in from the host build),
# under every POSIX sh here: dash, busybox sh (with busybox's own tools only:
# wget, sha256sum, tar), bash --posix. A tampered archive installs nothing and
# leaves an installed binary as it was. Also: the README's install lines name
# what release.yml publishes (scripts/ci/release-names.py).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
pids=()
cleanup() { for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

# busybox: installed here when root with apt (CI); skipped with the reason otherwise.
if ! command -v busybox >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get install -y -qq busybox >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq busybox >/dev/null; }
fi

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
asset=hf-token-check-x86_64-unknown-linux-musl.tar.gz
# shellcheck source=scripts/ci/local-release.sh
. scripts/ci/local-release.sh
local_release "$work/rel" "$version"
[ -f "$work/rel/download/v$version/$asset" ] || { echo "error: no $asset in the local release" >&2; exit 1; }
# v6.6.6: the archive is not the one its .sha256 names (one byte appended).
mkdir -p "$work/rel/download/v6.6.6"
cp "$work/rel/download/v$version/$asset.sha256" "$work/rel/download/v6.6.6/"
{ cat "$work/rel/download/v$version/$asset"; printf x; } >"$work/rel/download/v6.6.6/$asset"
# v5.5.5: an archive with no .sha256 next to it.
mkdir -p "$work/rel/download/v5.5.5"
cp "$work/rel/download/v$version/$asset" "$work/rel/download/v5.5.5/"
want_version=$(tar -xzOf "$work/rel/download/v$version/$asset" hf-token-check >"$work/bin" && chmod +x "$work/bin" && "$work/bin" --version)

python3 -u -m http.server --bind 127.0.0.1 --directory "$work/rel" 0 >"$work/http.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -qs "port" "$work/http.log" && break; sleep 0.05; done
port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)
url=http://127.0.0.1:$port
downloads() { grep -c '"GET ' "$work/http.log" || true; }

# The shells: each runs the installer with the tools it would find.
shells=("sh:$(command -v sh)")
command -v dash >/dev/null && shells+=("dash:$(command -v dash)")
command -v bash >/dev/null && shells+=("bash --posix:$(command -v bash) --posix")
if command -v busybox >/dev/null; then
  # busybox's applets only: wget (no curl), sha256sum, tar, mktemp...
  mkdir -p "$work/busybox"
  for a in $(busybox --list); do ln -sf "$(command -v busybox)" "$work/busybox/$a"; done
  shells+=("busybox sh:$(command -v busybox) sh")
else
  echo "skipped: busybox sh (no busybox, and not root with apt-get to install it)"
fi

# install SHELL_SPEC [VAR=VALUE...] -- [ARGS...]: runs `sh install.sh ARGS`
# in a fresh HOME; sets code, out, err, home.
n=0
install() {
  local spec=$1 vars=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  n=$((n + 1))
  home=$work/home$n
  mkdir -p "$home"
  local path=/usr/bin:/bin
  case $spec in busybox*) path=$work/busybox ;; esac
  code=0
  # shellcheck disable=SC2086 # the spec is "path [option]"
  env -i PATH="$path" HOME="$home" HF_TOKEN_CHECK_RELEASES_URL="$url" ${vars[@]+"${vars[@]}"} \
    ${spec#*:} install.sh "$@" >"$work/out" 2>"$work/err" || code=$?
  out=$(cat "$work/out") err=$(cat "$work/err")
}

for s in "${shells[@]}"; do
  name=${s%%:*}
  install "$s" -- "$version"
  bin=$home/.local/bin/hf-token-check
  if [ "$code" = 0 ] && [ -x "$bin" ] && [ "$("$bin" --version)" = "$want_version" ] \
    && grep -q "installed $want_version to $bin (sha256 verified)" <<<"$out" \
    && grep -qF "export PATH=\"$home/.local/bin:\$PATH\"" <<<"$out"; then
    ok "$name: version $version into ~/.local/bin, verified, runs; a PATH hint"
  else
    fail "$name: exit $code: $out $err"
  fi
  install "$s" HF_TOKEN_CHECK_VERSION=v6.6.6 HF_TOKEN_CHECK_INSTALL_DIR="$work/dest$n" --
  if [ "$code" = 1 ] && grep -q "^error: checksum mismatch for $asset: $asset.sha256 says [0-9a-f]\{64\}, the download is [0-9a-f]\{64\}; nothing was installed$" <<<"$err" \
    && [ ! -e "$work/dest$n" ]; then
    ok "$name: a tampered archive (version from the environment) installs nothing, with a clear message"
  else
    fail "$name: tampered: exit $code: $out $err"
  fi
done

# `curl | sh`, as the README says it, with the latest release.
code=0
env -i PATH=/usr/bin:/bin HOME="$work/pipe" HF_TOKEN_CHECK_RELEASES_URL="$url" \
  HF_TOKEN_CHECK_INSTALL_DIR="$work/pipe/bin" \
  sh -c "curl -LsSf $url/latest/download/install.sh | sh" >"$work/out" 2>"$work/err" || code=$?
if [ "$code" = 0 ] && [ "$("$work/pipe/bin/hf-token-check" --version)" = "$want_version" ] \
  && grep -q "downloading $asset (latest) from $url/latest/download" "$work/out"; then
  ok "curl -LsSf .../latest/download/install.sh | sh: the latest release into HF_TOKEN_CHECK_INSTALL_DIR"
else
  fail "curl | sh: exit $code: $(cat "$work/out" "$work/err")"
fi

# An installed binary stays as it was when an upgrade is tampered with.
dest=$work/keep
install "${shells[0]}" HF_TOKEN_CHECK_INSTALL_DIR="$dest" PATH="$dest:/usr/bin:/bin" -- latest
before=$(sha256sum "$dest/hf-token-check")
if [ "$code" = 0 ] && ! grep -q "is not on your PATH" <<<"$out"; then
  ok "an install directory already on PATH: no PATH hint"
else
  fail "on PATH: exit $code: $out $err"
fi
install "${shells[0]}" HF_TOKEN_CHECK_INSTALL_DIR="$dest" -- 6.6.6
if [ "$code" = 1 ] && [ "$(sha256sum "$dest/hf-token-check")" = "$before" ] && [ "$(ls -A "$dest")" = hf-token-check ]; then
  ok "a tampered upgrade leaves the installed binary untouched, no stray file"
else
  fail "tampered upgrade: exit $code: $(ls -A "$dest") $err"
fi

install "${shells[0]}" -- 5.5.5
if [ "$code" = 1 ] && grep -q "^error: could not download $url/download/v5.5.5/$asset.sha256" <<<"$err" \
  && [ ! -e "$home/.local" ]; then
  ok "no .sha256 next to the archive: nothing installed"
else
  fail "no sha256: exit $code: $err"
fi

for v in "../../other/repo/releases/download/v1" "1.2" "1.2.3+b" $'1.2.3\nx' "latest/.." "-rc"; do
  before=$(downloads)
  install "${shells[0]}" -- "$v"
  if [ "$code" = 1 ] && grep -q "^error: the version must be \`latest\` or a version number" <<<"$err" \
    && [ "$(downloads)" = "$before" ] && [ ! -e "$home/.local" ]; then
    ok "version $(printf '%q' "$v"): refused before any download"
  else
    fail "version $(printf '%q' "$v"): exit $code: $err"
  fi
done

# Detection: a CPU and an OS without a release binary, through a `uname` stand-in.
mkdir -p "$work/uname"
for case in "Linux riscv64 CPU" "FreeBSD x86_64 OS"; do
  read -r os arch what <<<"$case"
  printf '#!/bin/sh\n[ "$1" = -s ] && echo %s || echo %s\n' "$os" "$arch" >"$work/uname/uname"
  chmod +x "$work/uname/uname"
  install "${shells[0]}" PATH="$work/uname:/usr/bin:/bin" -- latest
  if [ "$code" = 1 ] && grep -q "^error: no release binary for this $what" <<<"$err" && [ ! -e "$home/.local" ]; then
    ok "uname $os $arch: \"no release binary for this $what\""
  else
    fail "uname $os $arch: exit $code: $err"
  fi
done
printf '#!/bin/sh\n[ "$1" = -s ] && echo Linux || echo aarch64\n' >"$work/uname/uname"
install "${shells[0]}" PATH="$work/uname:/usr/bin:/bin" -- "$version"
# (the stand-in release has no aarch64 archive; build-release.sh's has one)
if grep -q "downloading hf-token-check-aarch64-unknown-linux-musl.tar.gz" <<<"$out"; then
  ok "uname -m aarch64 asks for the aarch64-unknown-linux-musl archive"
else
  fail "aarch64: exit $code: $out $err"
fi

# The names: README's install lines against what release.yml publishes.
if names=$(python3 scripts/ci/release-names.py --self-test README.md .github/workflows/release.yml 2>&1); then
  ok "the README's install lines name what release.yml publishes ($names)"
else
  fail "release names: $names"
fi

echo "install: $passed passed, $failed failed"
[ "$failed" = 0 ]
