#!/usr/bin/env bash
# The logic of the GitHub Action (action.yml at the repo root), runnable outside
# GitHub: downloads the release binary for RUNNER_OS/RUNNER_ARCH into a fresh
# private directory, verifies its SHA-256 against the release's SHA256SUMS, runs
# the check with --json, and writes `exit-code`, `outcome` and `report` to
# GITHUB_OUTPUT. Exits with the check's status.
#
# Inputs (environment): INPUT_TOKEN (the token; empty: HF_TOKEN as it is),
# INPUT_READ, INPUT_WRITE (repos, newline- or comma-separated), INPUT_JOBS,
# INPUT_PR (namespaces, repos: the same lists), INPUT_INFERENCE (`true`/`false`),
# INPUT_BILL_TO (an org), INPUT_ENDPOINT,
# INPUT_VERSION (empty: this checkout's version; `latest`; or `v?X.Y.Z` with an
# optional pre-release), INPUT_ARGS (more options, split on whitespace),
# INPUT_FORK_PASS (`true`: a fork's pull request without a token is skipped
# with a notice). HF_TOKEN_CHECK_RELEASES_URL replaces
# https://github.com/OWNER/NAME/releases (mirrors; tests use a local server).
#
# Runs under bash 3.2 (macOS runners): no bash 4 construct, and an array that
# may be empty is expanded as ${a[@]+"${a[@]}"}; scripts/test-action.sh checks.
set -euo pipefail
set -f # repo names and args are never globs

here=$(cd "$(dirname "$0")" && pwd)
manifest=$here/../Cargo.toml

# One line that cannot be or carry a workflow command: line breaks of any kind
# become spaces, `::` and `##[` are broken by a zero-width space.
nl=$'\n' cr=$'\r' vt=$'\v' ff=$'\f' nel=$'\xc2\x85' ls=$'\xe2\x80\xa8' ps=$'\xe2\x80\xa9' zw=$'\xe2\x80\x8b'
neutral() {
  local s=$1 c
  for c in "$nl" "$cr" "$vt" "$ff" "$nel" "$ls" "$ps"; do s=${s//$c/ }; done
  while [[ $s == *::* ]]; do s=${s//::/:$zw:}; done # `:::` leaves a `::` after one pass
  s=${s//\#\#\[/#$zw#[}
  printf '%s' "$s"
}
die() {
  local m
  m=$(neutral "$1")
  m=${m//%/%25} # workflow command data escaping
  echo "::error title=hf-token-check action::$m"
  echo "error: $(neutral "$1")" >&2
  exit 1
}
output() {
  [ -n "${GITHUB_OUTPUT:-}" ] || return 0
  echo "$1=$(neutral "$2")" >>"$GITHUB_OUTPUT"
}
cargo_field() { sed -n "s/^$1 = \"\(.*\)\"/\1/p" "$manifest" | head -1; }

# --- inputs, validated before anything is downloaded ------------------------
# `v?MAJOR.MINOR.PATCH` with an optional pre-release (SemVer's characters; no
# build metadata). In a variable: bash 3.2 parses a literal regex differently.
semver='^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$'
version=${INPUT_VERSION:-}
if [ -z "$version" ]; then
  version=$(cargo_field version)
elif [ "$version" != latest ] && ! [[ $version =~ $semver ]]; then
  # Fixed text: the input is not repeated (it could carry a workflow command).
  die "the \`version\` input must be \`latest\` or a version number such as \`0.1.0\`, \`v0.1.0\` or \`0.2.0-rc.1\`; nothing was downloaded"
fi
version=${version#v}

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ext=tar.gz ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ext=tar.gz ;;
  macOS/X64) target=x86_64-apple-darwin ext=tar.gz ;;
  macOS/ARM64) target=aarch64-apple-darwin ext=tar.gz ;;
  Windows/X64) target=x86_64-pc-windows-gnu ext=zip ;;
  *) die "no release binary for RUNNER_OS \`${RUNNER_OS:-}\` and RUNNER_ARCH \`${RUNNER_ARCH:-}\` (built: Linux X64/ARM64, macOS X64/ARM64, Windows X64)" ;;
esac
asset=hf-token-check-$target.$ext

command -v curl >/dev/null 2>&1 \
  || die "the action needs curl to download the release binary, and this job has none: install it in an earlier step (\`apt-get install -y curl\`, \`apk add curl\`) or use a runner image that has it"

# The one place the owner/name lives is Cargo.toml's `repository`.
releases=${HF_TOKEN_CHECK_RELEASES_URL:-$(cargo_field repository)/releases}
if [ "$version" = latest ]; then
  base=$releases/latest/download
else
  base=$releases/download/v$version
fi

# https only: the checksums come over the same channel as the archive, and the
# binary then runs with HF_TOKEN in its environment. Plain http only to a
# loopback address (a local mirror, the tests).
proto='=https'
case $releases in
  https://*) ;;
  http://*)
    hostport=${releases#http://}
    hostport=${hostport%%/*}
    hostport=${hostport##*@}
    case $hostport in
      '[::1]' | '[::1]:'*) host=localhost ;;
      *) host=${hostport%%:*} ;;
    esac
    loopback='^127\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){2}$'
    if [ "$host" = localhost ] || [[ $host =~ $loopback ]]; then
      proto='=http,https'
    else
      die "the releases URL is plain http to \`$host\`, which is not a loopback address: the binary and its checksum could be swapped on the way, and it runs with the token; use https (HF_TOKEN_CHECK_RELEASES_URL); nothing was downloaded"
    fi
    ;;
  *) die "the releases URL must be an https:// URL (HF_TOKEN_CHECK_RELEASES_URL); nothing was downloaded" ;;
esac

# --- download and verify, in a fresh private directory ----------------------
parent=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
# Git Bash on Windows: RUNNER_TEMP is `D:\a\_temp`; bash and its tools want /d/a/_temp.
if command -v cygpath >/dev/null 2>&1; then parent=$(cygpath -u "$parent"); fi
dir=$(mktemp -d "$parent/hf-token-check.XXXXXXXX") \
  || die "could not create a private directory under \`$parent\` (RUNNER_TEMP, else TMPDIR, else /tmp)"
exe=$dir/hf-token-check
[ "$ext" = zip ] && exe=$exe.exe
fetch() { curl --fail --silent --show-error --location --retry 3 --proto "$proto" --proto-redir '=https' --output "$2" "$1" || die "could not download \`$1\`"; }
sha256() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }

fetch "$base/SHA256SUMS" "$dir/SHA256SUMS"
fetch "$base/$asset" "$dir/$asset"
want=$(awk -v a="$asset" '$2 == a || $2 == "*" a { print $1 }' "$dir/SHA256SUMS")
[ -n "$want" ] || die "\`$asset\` is not listed in \`$base/SHA256SUMS\`"
got=$(sha256 "$dir/$asset")
if [ "$got" != "$want" ]; then
  rm -f "$dir/$asset"
  die "checksum mismatch for \`$asset\`: SHA256SUMS says \`$want\`, the download is \`$got\`; nothing was run"
fi
# Only regular files: a link would make the action run whatever it points to.
if [ "$ext" = tar.gz ]; then
  odd=$(tar -tvzf "$dir/$asset" | sed -n '/^[^-]/p' | sed -n 1p)
  [ -z "$odd" ] || die "\`$asset\` holds a member that is not a regular file; nothing was run"
fi
if [ "$ext" = zip ]; then
  if command -v unzip >/dev/null; then
    unzip -q -o "$dir/$asset" -d "$dir"
  else
    # PowerShell wants Windows paths (cygpath -w); mktemp's names have no quote.
    powershell -NoProfile -Command "Expand-Archive -Force -LiteralPath '$(cygpath -w "$dir/$asset")' -DestinationPath '$(cygpath -w "$dir")'"
  fi
else
  tar -xzf "$dir/$asset" -C "$dir"
fi
rm -f "$dir/$asset" "$dir/SHA256SUMS"
[ -f "$exe" ] && [ ! -L "$exe" ] || die "\`$asset\` has no \`$(basename "$exe")\` as a regular file"
chmod +x "$exe"
echo "hf-token-check: $("$exe" --version) ($target, sha256 verified)"

# --- the token: the `token` input, else HF_TOKEN; only ever in the environment
if [ -n "${INPUT_TOKEN:-}" ]; then
  HF_TOKEN=$INPUT_TOKEN
  export HF_TOKEN
fi
unset INPUT_TOKEN

# --- the fork case ----------------------------------------------------------
# GitHub gives a pull request from a fork no secrets: the token is empty there.
fork_pr=false
if [ "${GITHUB_EVENT_NAME:-}" = pull_request ] && [ -f "${GITHUB_EVENT_PATH:-}" ]; then
  # jq is on every GitHub-hosted runner; python elsewhere.
  if command -v jq >/dev/null; then
    fork_pr=$(jq -r '(.pull_request.head.repo.full_name // "") as $h
      | (.pull_request.base.repo.full_name // "") as $b
      | if $h != "" and $b != "" and $h != $b then "true" else "false" end' "$GITHUB_EVENT_PATH") || fork_pr=false
  else
    py=$(command -v python3 || command -v python) || die "reading the event file needs \`jq\` or python"
    fork_pr=$("$py" - "$GITHUB_EVENT_PATH" <<'PY'
import json, sys
pr = json.load(open(sys.argv[1])).get("pull_request") or {}
head = ((pr.get("head") or {}).get("repo") or {}).get("full_name")
base = ((pr.get("base") or {}).get("repo") or {}).get("full_name")
print("true" if head and base and head != base else "false")
PY
    ) || fork_pr=false
  fi
fi
args=()
skip=false
if [ "$fork_pr" = true ] && [ "${INPUT_FORK_PASS:-true}" = true ] \
  && [ -z "${HF_TOKEN:-}" ] && [ -z "${HUGGING_FACE_HUB_TOKEN:-}" ]; then
  echo "::notice title=hf-token-check::no Hugging Face token: GitHub withholds secrets from pull requests opened from forks, so the check is skipped (set the action's \`fork-pass: false\` to fail instead)"
  args+=(--allow-missing-token)
  skip=true
fi

# --- the check --------------------------------------------------------------
split() { tr ',\r\n' '   ' <<<"$1"; }
for r in $(split "${INPUT_READ:-}"); do args+=(--read "$r"); done
for r in $(split "${INPUT_WRITE:-}"); do args+=(--write "$r"); done
for r in $(split "${INPUT_JOBS:-}"); do args+=(--jobs "$r"); done
for r in $(split "${INPUT_PR:-}"); do args+=(--pr "$r"); done
case "${INPUT_INFERENCE:-}" in
  true | 1) args+=(--inference) ;;
  false | 0 | "") ;;
  *) die "the \`inference\` input takes \`true\` or \`false\`, got \`$INPUT_INFERENCE\`" ;;
esac
[ -n "${INPUT_BILL_TO:-}" ] && args+=(--bill-to "$INPUT_BILL_TO")
[ -n "${INPUT_ENDPOINT:-}" ] && args+=(--endpoint "$INPUT_ENDPOINT")
# shellcheck disable=SC2206 # word splitting of the args input is the documented behaviour
[ -n "${INPUT_ARGS:-}" ] && args+=(${INPUT_ARGS})

report=$dir/report.json
code=0
"$exe" --json ${args[@]+"${args[@]}"} >"$report" || code=$?
if [ "$code" != 0 ]; then
  outcome=failed
elif [ "$skip" = true ]; then
  outcome=skipped
else
  outcome=ok
fi
output exit-code "$code"
output outcome "$outcome"
# Later steps may run another shell: on Windows, the path as Windows writes it.
if command -v cygpath >/dev/null 2>&1; then report=$(cygpath -w "$report"); fi
output report "$report"
exit "$code"
