#!/usr/bin/env bash
# Validates JSON reports against docs/report.schema.json with check-jsonschema
# (from PyPI, through scripts/ci/tools.sh). With a directory: every `*.json` in
# it (scripts/test.sh collects each report the integration tests produce
# there); without: runs the integration tests to collect them first.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-}
if [ -z "$dir" ]; then
    dir=target/json-reports
    rm -rf "$dir"
    HF_TOKEN_CHECK_JSON_DIR=$PWD/$dir cargo test --test it --quiet >/dev/null
fi
shopt -s nullglob
reports=("$dir"/*.json)
if [ "${#reports[@]}" -lt 50 ]; then
    echo "error: only ${#reports[@]} JSON reports in \`$dir\`: the tests should produce hundreds" >&2
    exit 1
fi
bin=$(scripts/ci/tools.sh)
"$bin/check-jsonschema" --schemafile docs/report.schema.json "${reports[@]}"
echo "json schema: ${#reports[@]} reports valid against docs/report.schema.json"
