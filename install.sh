#!/bin/sh
# Installs the hf-token-check binary from a GitHub release, for the current
# user, without sudo:
#
#   curl -LsSf https://github.com/hf-token-check/hf-token-check/releases/latest/download/install.sh | sh
#   curl -LsSf .../install.sh | sh -s -- 0.1.0      (a given version)
#   sh install.sh [VERSION]          VERSION: `latest` (default), `0.1.0`, `v0.1.0`, `0.2.0-rc.1`
#
# Environment:
#   HF_TOKEN_CHECK_VERSION        the version, when no argument is given
#   HF_TOKEN_CHECK_INSTALL_DIR    where to put it (default: ~/.local/bin)
#   HF_TOKEN_CHECK_RELEASES_URL   the releases URL, for mirrors and tests
#                                 (default: https://github.com/hf-token-check/hf-token-check/releases)
#
# It picks the archive for this OS and CPU (Linux: static musl binaries, x86_64
# and aarch64; macOS: x86_64 and arm64; Windows under Git Bash/MSYS: x86_64),
# downloads it with the `.sha256` file published next to it, checks the
# SHA-256 before anything is installed (a mismatch installs nothing), and
# moves the binary into place in one step. POSIX sh: runs under dash, busybox
# sh, bash and macOS's sh.
set -eu

# Everything is in functions and main runs on the last line: a download cut
# short runs nothing.
say() { printf 'hf-token-check installer: %s\n' "$1"; }
err() {
  printf 'error: %s\n' "$1" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p;}' "$0" 2>/dev/null \
    || say "usage: sh install.sh [VERSION], or curl ... | sh -s -- VERSION; VERSION: latest (default), 0.1.0, v0.1.0"
}

# `latest` or v?MAJOR.MINOR.PATCH with an optional pre-release: nothing else
# reaches a URL or a path.
check_version() {
  case $1 in
    latest) return 0 ;;
    '' | *[!0-9A-Za-z.-]*) ;;
    *)
      if printf '%s\n' "${1#v}" | grep -Eqx '(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?'; then
        return 0
      fi
      ;;
  esac
  err "the version must be \`latest\` or a version number such as \`0.1.0\`, \`v0.1.0\` or \`0.2.0-rc.1\`; nothing was downloaded"
}

# The release target of this machine: sets `target` and `ext`.
detect_target() {
  os=$(uname -s)
  arch=$(uname -m)
  case $os in
    Linux) sys=unknown-linux-musl ext=tar.gz ;;
    Darwin)
      sys=apple-darwin ext=tar.gz
      # Under Rosetta a shell reports x86_64 on an Apple Silicon Mac.
      if [ "$arch" = x86_64 ] && [ "$(sysctl -n hw.optional.arm64 2>/dev/null || true)" = 1 ]; then
        arch=arm64
      fi
      ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT) sys=pc-windows-gnu ext=zip ;;
    *) err "no release binary for this OS (\`uname -s\`: $os); built: Linux, macOS, Windows. From source: \`cargo install hf-token-check --locked\`" ;;
  esac
  case $arch in
    x86_64 | amd64) cpu=x86_64 ;;
    aarch64 | arm64) cpu=aarch64 ;;
    *) err "no release binary for this CPU (\`uname -m\`: $arch); built: x86_64, aarch64. From source: \`cargo install hf-token-check --locked\`" ;;
  esac
  if [ "$sys" = pc-windows-gnu ] && [ "$cpu" != x86_64 ]; then
    err "no release binary for Windows on $arch; built: Windows x86_64"
  fi
  target=$cpu-$sys
}

# download URL FILE
download() {
  if command -v curl >/dev/null 2>&1; then
    curl --proto '=https,http' --fail --silent --show-error --location --retry 3 --output "$2" "$1" \
      || err "could not download $1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1" || err "could not download $1"
  else
    err "downloading needs curl or wget, and neither is installed"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  elif command -v openssl >/dev/null 2>&1; then
    openssl dgst -sha256 "$1" | sed 's/^.*= *//'
  else
    err "checking the download needs sha256sum, shasum or openssl, and none is installed; nothing was installed"
  fi
}

extract() { # ARCHIVE DIR
  case $1 in
    *.zip)
      command -v unzip >/dev/null 2>&1 || err "extracting $1 needs unzip"
      unzip -q -o "$1" -d "$2"
      ;;
    *) tar -xzf "$1" -C "$2" ;;
  esac
}

path_hint() { # DIR
  case ":${PATH:-}:" in
    *":$1:"*) ;;
    *)
      say "$1 is not on your PATH; add it, e.g. in ~/.profile or your shell's rc file:"
      # shellcheck disable=SC2016 # $PATH is meant literally: the line to paste
      printf '\n    export PATH="%s:$PATH"\n\n' "$1"
      ;;
  esac
}

main() {
  case ${1:-} in
    -h | --help)
      usage
      return 0
      ;;
  esac
  [ $# -le 1 ] || err "one argument at most, the version (\`latest\` or \`0.1.0\`); see \`sh install.sh --help\`"
  version=${1:-${HF_TOKEN_CHECK_VERSION:-latest}}
  check_version "$version"
  detect_target

  if [ -n "${HF_TOKEN_CHECK_INSTALL_DIR:-}" ]; then
    dir=$HF_TOKEN_CHECK_INSTALL_DIR
  elif [ -n "${HOME:-}" ]; then
    dir=$HOME/.local/bin
  else
    err "no install directory: set HF_TOKEN_CHECK_INSTALL_DIR (or HOME, for ~/.local/bin)"
  fi

  releases=${HF_TOKEN_CHECK_RELEASES_URL:-https://github.com/hf-token-check/hf-token-check/releases}
  releases=${releases%/}
  if [ "$version" = latest ]; then
    base=$releases/latest/download
  else
    base=$releases/download/v${version#v}
  fi
  asset=hf-token-check-$target.$ext
  exe=hf-token-check
  [ "$ext" = zip ] && exe=hf-token-check.exe

  tmp=$(mktemp -d 2>/dev/null || mktemp -d -t hf-token-check)
  trap 'rm -rf "$tmp"' EXIT
  trap 'exit 130' INT TERM
  say "downloading $asset ($version) from $base"
  download "$base/$asset.sha256" "$tmp/$asset.sha256"
  download "$base/$asset" "$tmp/$asset"

  want=$(sed -n '1s/^\([0-9a-fA-F]\{64\}\)[ *]*.*$/\1/p' "$tmp/$asset.sha256" | tr 'A-F' 'a-f')
  [ -n "$want" ] || err "$base/$asset.sha256 holds no SHA-256; nothing was installed"
  named=$(sed -n '1s/^[0-9a-fA-F]\{64\} [ *]\{0,1\}//p' "$tmp/$asset.sha256")
  [ "$named" = "$asset" ] || err "$asset.sha256 is for \`$named\`, not $asset; nothing was installed"
  got=$(sha256_of "$tmp/$asset")
  [ "$got" = "$want" ] \
    || err "checksum mismatch for $asset: $asset.sha256 says $want, the download is $got; nothing was installed"

  mkdir "$tmp/x"
  extract "$tmp/$asset" "$tmp/x"
  [ -f "$tmp/x/$exe" ] || err "$asset has no $exe at its root; nothing was installed"
  chmod 755 "$tmp/x/$exe"

  mkdir -p "$dir" || err "could not create $dir; set HF_TOKEN_CHECK_INSTALL_DIR to a directory you can write"
  # Copied next to its final name, then renamed over it: never half a binary.
  cp "$tmp/x/$exe" "$dir/.$exe.tmp.$$" || err "could not write to $dir; set HF_TOKEN_CHECK_INSTALL_DIR to a directory you can write"
  mv -f "$dir/.$exe.tmp.$$" "$dir/$exe"
  installed=$("$dir/$exe" --version 2>/dev/null || true)
  say "installed ${installed:-$exe} to $dir/$exe (sha256 verified)"
  path_hint "$dir"
}

main "$@"
