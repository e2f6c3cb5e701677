#!/usr/bin/env bash
# The logic of the GitHub Action (action.yml at the repo root), runnable outside
# GitHub: downloads the release binary for RUNNER_OS/RUNNER_ARCH, verifies its
# SHA-256 against the release's SHA256SUMS, runs the check with --json, and
# writes `exit-code` and `report` to GITHUB_OUTPUT. Exits with the check's status.
#
# Inputs (environment): INPUT_READ, INPUT_WRITE (repos, newline- or
# comma-separated), INPUT_ENDPOINT, INPUT_VERSION (empty: this checkout's
# version; `latest`; or `X.Y.Z`), INPUT_ARGS (more options, split on
# whitespace), INPUT_FORK_PASS (`true`: a fork's pull request without a token
# passes with a notice). HF_TOKEN_CHECK_RELEASES_URL replaces
# https://github.com/OWNER/NAME/releases (tests use a local server).
set -euo pipefail
set -f # repo names and args are never globs

here=$(cd "$(dirname "$0")" && pwd)
manifest=$here/../../Cargo.toml

die() { echo "::error title=hf-token-check action::$1"; echo "error: $1" >&2; exit 1; }
output() { [ -n "${GITHUB_OUTPUT:-}" ] && echo "$1=$2" >>"$GITHUB_OUTPUT"; return 0; }
cargo_field() { sed -n "s/^$1 = \"\(.*\)\"/\1/p" "$manifest" | head -1; }

# --- what to download -------------------------------------------------------
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ext=tar.gz ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ext=tar.gz ;;
  macOS/X64) target=x86_64-apple-darwin ext=tar.gz ;;
  macOS/ARM64) target=aarch64-apple-darwin ext=tar.gz ;;
  Windows/X64) target=x86_64-pc-windows-msvc ext=zip ;;
  *) die "no release binary for RUNNER_OS \`${RUNNER_OS:-}\` and RUNNER_ARCH \`${RUNNER_ARCH:-}\` (built: Linux X64/ARM64, macOS X64/ARM64, Windows X64)" ;;
esac
asset=hf-token-check-$target.$ext

# The one place the owner/name lives is Cargo.toml's `repository`.
repository=$(cargo_field repository)
releases=${HF_TOKEN_CHECK_RELEASES_URL:-$repository/releases}
version=${INPUT_VERSION:-}
version=${version#v}
[ -n "$version" ] || version=$(cargo_field version)
if [ "$version" = latest ]; then
  base=$releases/latest/download
else
  base=$releases/download/v$version
fi

# --- download and verify ----------------------------------------------------
dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/hf-token-check-$version-$target
mkdir -p "$dir"
exe=$dir/hf-token-check
[ "$ext" = zip ] && exe=$exe.exe
fetch() { curl --fail --silent --show-error --location --retry 3 --output "$2" "$1" || die "could not download \`$1\`"; }
sha256() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }

# A pinned version verified earlier in this job (RUNNER_TEMP is per job) is
# reused; `latest` can move between runs, so it is always fetched and verified.
if [ ! -x "$exe" ] || [ "$version" = latest ]; then
  fetch "$base/SHA256SUMS" "$dir/SHA256SUMS"
  fetch "$base/$asset" "$dir/$asset"
  want=$(awk -v a="$asset" '$2 == a || $2 == "*" a { print $1 }' "$dir/SHA256SUMS")
  [ -n "$want" ] || die "\`$asset\` is not listed in \`$base/SHA256SUMS\`"
  got=$(sha256 "$dir/$asset")
  if [ "$got" != "$want" ]; then
    rm -f "$dir/$asset"
    die "checksum mismatch for \`$asset\`: SHA256SUMS says \`$want\`, the download is \`$got\`"
  fi
  if [ "$ext" = zip ]; then
    if command -v unzip >/dev/null; then
      unzip -q -o "$dir/$asset" -d "$dir"
    else
      powershell -NoProfile -Command "Expand-Archive -Force -LiteralPath '$dir/$asset' -DestinationPath '$dir'"
    fi
  else
    tar -xzf "$dir/$asset" -C "$dir"
  fi
  [ -f "$exe" ] || die "\`$asset\` has no \`$(basename "$exe")\`"
  chmod +x "$exe"
fi
echo "hf-token-check: $("$exe" --version) ($target, sha256 verified)"

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
if [ "$fork_pr" = true ] && [ "${INPUT_FORK_PASS:-true}" = true ] \
  && [ -z "${HF_TOKEN:-}" ] && [ -z "${HUGGING_FACE_HUB_TOKEN:-}" ]; then
  notice="no Hugging Face token: GitHub withholds secrets from pull requests opened from forks, so the check is skipped (set the action's \`fork-pass: false\` to fail instead)"
  echo "::notice title=hf-token-check::$notice"
  if "$exe" --help 2>/dev/null | grep -q -- --allow-missing-token; then
    args+=(--allow-missing-token)
  else
    # A binary without --allow-missing-token: skip the run entirely.
    [ -n "${GITHUB_STEP_SUMMARY:-}" ] && echo "hf-token-check: skipped, $notice" >>"$GITHUB_STEP_SUMMARY"
    output exit-code 0
    output report ""
    exit 0
  fi
fi

# --- the check --------------------------------------------------------------
split() { tr ',\r\n' '   ' <<<"$1"; }
for r in $(split "${INPUT_READ:-}"); do args+=(--read "$r"); done
for r in $(split "${INPUT_WRITE:-}"); do args+=(--write "$r"); done
[ -n "${INPUT_ENDPOINT:-}" ] && args+=(--endpoint "$INPUT_ENDPOINT")
# shellcheck disable=SC2206 # word splitting of the args input is the documented behaviour
[ -n "${INPUT_ARGS:-}" ] && args+=(${INPUT_ARGS})

report=${RUNNER_TEMP:-$dir}/hf-token-check-report.json
code=0
"$exe" --json "${args[@]}" >"$report" || code=$?
output exit-code "$code"
output report "$report"
exit "$code"
