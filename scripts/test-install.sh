#!/usr/bin/env bash
# Runs install.sh as users do (`curl -LsSf .../install.sh | sh`, or `sh
# install.sh VERSION`) against a local release served on 127.0.0.1
# (scripts/ci/local-release.sh: scripts/build-release.sh's archives when
# HF_TOKEN_CHECK_RELEASE_DIR names them, else a stand-in from the host build),
# under every POSIX sh here: dash, busybox sh (with busybox's own tools only:
# wget, sha256sum, tar), bash --posix. A tampered archive installs nothing and
# leaves an installed binary as it was; a .sha256 with no checksum or for
# another file, an archive with a symbolic link member, a link planted at the
# old temporary name, plain http to a non-loopback address (in a network
# namespace; also the Action's download), a full install directory (a tmpfs). Also: the README's install lines name
# what release.yml publishes (scripts/ci/release-names.py).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/checks.sh
. scripts/lib/checks.sh

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

# --- the .sha256 file itself: each check says what is wrong -----------------
# v3.3.3: a .sha256 that holds no checksum; v3.3.4: one that names another file
# (the right hash under another name: without the name check it would install).
mkdir -p "$work/rel/download/v3.3.3" "$work/rel/download/v3.3.4"
cp "$work/rel/download/v$version/$asset" "$work/rel/download/v3.3.3/"
echo "not a checksum" >"$work/rel/download/v3.3.3/$asset.sha256"
cp "$work/rel/download/v$version/$asset" "$work/rel/download/v3.3.4/"
sed "s/ .*/  other.tar.gz/" "$work/rel/download/v$version/$asset.sha256" >"$work/rel/download/v3.3.4/$asset.sha256"
install "${shells[0]}" -- 3.3.3
if [ "$code" = 1 ] && grep -qx "error: $url/download/v3.3.3/$asset.sha256 holds no SHA-256; nothing was installed" <<<"$err" \
  && [ ! -e "$home/.local" ]; then
  ok "a .sha256 with no checksum: said so, nothing installed"
else
  fail "no checksum in .sha256: exit $code: $err"
fi
install "${shells[0]}" -- 3.3.4
if [ "$code" = 1 ] && grep -qx "error: $asset.sha256 is for \`other.tar.gz\`, not $asset; nothing was installed" <<<"$err" \
  && [ ! -e "$home/.local" ]; then
  ok "a .sha256 naming another file: said so, nothing installed"
else
  fail ".sha256 for another file: exit $code: $err"
fi

# --- an archive member that is not a regular file ---------------------------
# v4.4.4: the archive's hf-token-check is a symbolic link to a file of the
# user's; the installer would chmod 755 it and install a copy of it.
mkdir -p "$work/rel/download/v4.4.4" "$work/linkpack"
echo "a private file" >"$work/victim"
chmod 600 "$work/victim"
ln -s "$work/victim" "$work/linkpack/hf-token-check"
tar -czf "$work/rel/download/v4.4.4/$asset" -C "$work/linkpack" hf-token-check
(cd "$work/rel/download/v4.4.4" && sha256sum "$asset" >"$asset.sha256")
for s in "${shells[@]}"; do
  install "$s" -- 4.4.4
  if [ "$code" = 1 ] && grep -q "^error: $asset holds a member that is not a regular file (\`l" <<<"$err" \
    && [ "$(stat -c %a "$work/victim")" = 600 ] && [ ! -e "$home/.local" ]; then
    ok "${s%%:*}: an archive with a symbolic link member is refused before extraction; its target untouched"
  else
    fail "${s%%:*}: symlink member: exit $code: $err / $(stat -c %a "$work/victim")"
  fi
done

# --- the temporary file in the install directory -----------------------------
# The old name was `.hf-token-check.tmp.$$`: a link planted there (the shell's
# PID survives `exec`) was written through. Now mktemp's random name.
dest=$work/planted
mkdir -p "$dest"
echo "keep" >"$work/victim2"
code=0
env -i PATH=/usr/bin:/bin HOME="$work/planted-home" HF_TOKEN_CHECK_RELEASES_URL="$url" \
  HF_TOKEN_CHECK_INSTALL_DIR="$dest" VICTIM="$work/victim2" \
  sh -c 'ln -s "$VICTIM" "$HF_TOKEN_CHECK_INSTALL_DIR/.hf-token-check.tmp.$$"; exec sh install.sh "$1"' sh "$version" \
  >"$work/out" 2>"$work/err" || code=$?
if [ "$code" = 0 ] && [ "$(cat "$work/victim2")" = keep ] && [ "$("$dest/hf-token-check" --version)" = "$want_version" ] \
  && [ "$(find "$dest" -mindepth 1 -maxdepth 1 ! -name '.hf-token-check.tmp.*' | wc -l)" = 1 ]; then
  ok "a link planted at the old temporary name is not written through; the install succeeds"
else
  fail "planted link: exit $code: $(cat "$work/err") / victim: $(head -c 20 "$work/victim2" | od -c | head -1)"
fi

# --- plain http to an address that is not loopback ---------------------------
# In a network namespace of the test's own (only `lo`, with 10.9.9.9 added):
# a real http server there, reachable (the control download), and both the
# installer and the Action's download refuse it before any request.
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null && command -v ip >/dev/null; then
  code=0
  env REL="$work/rel" LOG="$work/netns-http.log" V="$version" ASSET="$asset" H="$work/netns-home" \
    unshare -n bash -c '
      ip link set lo up && ip addr add 10.9.9.9/32 dev lo || exit 90
      python3 -u -m http.server --bind 10.9.9.9 --directory "$REL" 8080 >"$LOG" 2>&1 & p=$!
      for _ in $(seq 100); do grep -qs port "$LOG" && break; sleep 0.05; done
      curl -fsS -o /dev/null "http://10.9.9.9:8080/download/v$V/$ASSET" || exit 91
      env -i PATH=/usr/bin:/bin HOME="$H" HF_TOKEN_CHECK_RELEASES_URL=http://10.9.9.9:8080 sh install.sh "$V" \
        >"$LOG.install.out" 2>"$LOG.install.err"
      echo "install $?" >"$LOG.codes"
      env -i PATH=/usr/bin:/bin RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$H" HF_TOKEN=hf_x \
        HF_TOKEN_CHECK_RELEASES_URL=http://10.9.9.9:8080 INPUT_VERSION="$V" bash action/run.sh \
        >"$LOG.action.out" 2>"$LOG.action.err"
      echo "action $?" >>"$LOG.codes"
      kill $p' || code=$?
  gets=$(grep -c '"GET ' "$work/netns-http.log" || true)
  if [ "$code" = 0 ] && grep -qx "install 1" "$work/netns-http.log.codes" && [ "$gets" = 1 ] \
    && grep -q "^error: the releases URL \`http://10.9.9.9:8080\` is plain http to \`10.9.9.9\`, which is not a loopback address" "$work/netns-http.log.install.err" \
    && [ ! -e "$work/netns-home/.local" ]; then
    ok "install.sh: plain http to a non-loopback address (10.9.9.9, in a network namespace) is refused before any request"
  else
    fail "install.sh over http: exit $code, $gets requests: $(cat "$work/netns-http.log.codes" "$work/netns-http.log.install.err" 2>&1)"
  fi
  if grep -qx "action 1" "$work/netns-http.log.codes" && [ "$gets" = 1 ] \
    && grep -q "^error: the releases URL is plain http to \`10.9.9.9\`, which is not a loopback address" "$work/netns-http.log.action.err"; then
    ok "the Action's download: plain http to a non-loopback address is refused before any request, nothing runs"
  else
    fail "action over http: $(cat "$work/netns-http.log.codes" "$work/netns-http.log.action.err" 2>&1)"
  fi
else
  echo "skipped: plain http to a non-loopback address (needs root for \`unshare -n\`, and \`ip\`)"
fi

# --- a full install directory ------------------------------------------------
# A tmpfs just large enough for one binary, filled after the first install:
# the upgrade fails saying why, the installed binary is untouched, no
# temporary file is left.
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  size=$(( $(stat -c %s "$work/bin") + 512 * 1024 ))
  mkdir -p "$work/full"
  code=0
  env -i PATH=/usr/bin:/bin HOME="$work/full-home" HF_TOKEN_CHECK_RELEASES_URL="$url" D="$work/full" \
    SIZE="$size" V="$version" OUT="$work/full.out" \
    unshare -m sh -c '
      mount -t tmpfs -o size=$SIZE tmpfs "$D" || exit 90
      HF_TOKEN_CHECK_INSTALL_DIR=$D sh install.sh "$V" >/dev/null 2>&1 || exit 91
      sha256sum "$D/hf-token-check" >"$OUT.before"
      cat /dev/zero >"$D/fill" 2>/dev/null
      rc=0; HF_TOKEN_CHECK_INSTALL_DIR=$D sh install.sh "$V" >"$OUT" 2>"$OUT.err" || rc=$?
      echo "$rc" >"$OUT.code"
      sha256sum "$D/hf-token-check" >"$OUT.after"
      ls -A "$D" >"$OUT.ls"' || code=$?
  if [ "$code" = 0 ] && [ "$(cat "$work/full.out.code")" = 1 ] \
    && grep -q "^error: could not write hf-token-check to $work/full (is the disk full?); the installed binary, if any, is unchanged" "$work/full.out.err" \
    && cmp -s "$work/full.out.before" "$work/full.out.after" && [ "$(tr '\n' ' ' <"$work/full.out.ls")" = "fill hf-token-check " ]; then
    ok "a full install directory: the upgrade fails saying why, the old binary untouched, no temporary file left"
  else
    fail "full directory: exit $code: $(cat "$work/full.out.code" "$work/full.out.err" "$work/full.out.ls" 2>&1)"
  fi
else
  echo "skipped: a full install directory (needs root for a tmpfs in \`unshare -m\`)"
fi

# The names: README's install lines against what release.yml publishes.
if names=$(python3 scripts/ci/release-names.py --self-test README.md .github/workflows/release.yml 2>&1); then
  ok "the README's install lines name what release.yml publishes ($names)"
else
  fail "release names: $names"
fi

finish install
