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
# moves the binary into place in one step. Only over https (plain http only to
# a loopback address, for tests and local mirrors): the checksum comes over the
# same channel as the archive. An archive member that is not a regular file (a
# symbolic or hard link) is refused before anything is extracted; the binary is
# written to a new file with an unpredictable name in the install directory
# (mktemp), removed on any failure, then renamed over the old one, which stays
# as it was until then. POSIX sh: runs under dash, busybox sh, bash and macOS's sh.
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

# Whether URL is https, or plain http to a loopback address (127.0.0.0/8,
# localhost, [::1]): sets `proto` for curl.
check_url() {
  case $1 in
    https://*)
      proto='=https'
      return 0
      ;;
    http://*) ;;
    *) err "the releases URL must be an https:// URL (HF_TOKEN_CHECK_RELEASES_URL); nothing was downloaded" ;;
  esac
  hostport=${1#http://}
  hostport=${hostport%%/*}
  hostport=${hostport##*@}
  case $hostport in
    '[::1]' | '[::1]:'*) host=localhost ;;
    *) host=${hostport%%:*} ;;
  esac
  if [ "$host" = localhost ] || printf '%s\n' "$host" | grep -Eqx '127(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}'; then
    proto='=http,https'
    return 0
  fi
  err "the releases URL \`$1\` is plain http to \`$host\`, which is not a loopback address: the archive and its checksum could be swapped on the way; use https (plain http only to 127.0.0.1, localhost or [::1]); nothing was downloaded"
}

# download URL FILE (redirects only to https)
download() {
  if command -v curl >/dev/null 2>&1; then
    curl --proto "$proto" --proto-redir '=https' --fail --silent --show-error --location --retry 3 \
      --output "$2" "$1" || err "could not download $1"
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

# Refuses an archive holding anything but regular files (a symbolic link
# would have the installer chmod and copy whatever it points to), before
# anything is extracted.
regular_members() { # ARCHIVE
  case $1 in
    *.zip) listing=$(unzip -Z "$1" 2>/dev/null | sed -n '/^[-dlrwxs?]\{10\}/p') ;;
    *) listing=$(tar -tvzf "$1") || err "$1 is not a readable archive; nothing was installed" ;;
  esac
  odd=$(printf '%s\n' "$listing" | sed -n '/^[^-]/p' | sed -n 1p)
  [ -z "$odd" ] || err "$(basename "$1") holds a member that is not a regular file (\`$odd\`); nothing was installed"
}

extract() { # ARCHIVE DIR
  regular_members "$1"
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
  check_url "$releases"
  if [ "$version" = latest ]; then
    base=$releases/latest/download
  else
    base=$releases/download/v${version#v}
  fi
  asset=hf-token-check-$target.$ext
  exe=hf-token-check
  [ "$ext" = zip ] && exe=hf-token-check.exe

  tmp=$(mktemp -d 2>/dev/null || mktemp -d -t hf-token-check)
  partial=
  trap 'rm -rf "$tmp"; [ -z "$partial" ] || rm -f "$partial"' EXIT
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
  [ -f "$tmp/x/$exe" ] && [ ! -L "$tmp/x/$exe" ] || err "$asset has no $exe at its root; nothing was installed"

  mkdir -p "$dir" || err "could not create $dir; set HF_TOKEN_CHECK_INSTALL_DIR to a directory you can write"
  # A new file next to its final name (created exclusively, a name no one can
  # guess: a planted link is never written through), then renamed over it:
  # never half a binary; on any failure it is removed and the old one stays.
  partial=$(mktemp "$dir/.$exe.XXXXXXXXXX" 2>/dev/null) \
    || err "could not write to $dir; set HF_TOKEN_CHECK_INSTALL_DIR to a directory you can write"
  cat "$tmp/x/$exe" >"$partial" \
    || err "could not write $exe to $dir (is the disk full?); the installed binary, if any, is unchanged"
  chmod 755 "$partial" || err "could not make $partial executable; nothing was installed"
  mv -f "$partial" "$dir/$exe" || err "could not move $exe into $dir; nothing was installed"
  partial=
  installed=$("$dir/$exe" --version 2>/dev/null || true)
  say "installed ${installed:-$exe} to $dir/$exe (sha256 verified)"
  path_hint "$dir"
}

main "$@"
