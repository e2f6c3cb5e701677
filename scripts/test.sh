#!/usr/bin/env bash
# The test command (docs/development.md): unit and integration tests; then every
# JSON report the integration tests produced is validated against
# docs/report.schema.json (scripts/test-json-schema.sh; skipped when a filter
# is given).
set -euo pipefail
cd "$(dirname "$0")/.."
reports=$PWD/target/json-reports
rm -rf "$reports"
HF_TOKEN_CHECK_JSON_DIR=$reports cargo test --all-targets "$@"
if [ "$#" -eq 0 ]; then
    scripts/test-json-schema.sh "$reports"
fi
