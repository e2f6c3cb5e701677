#!/usr/bin/env bash
# The test command (docs/development.md): unit and integration tests; then every
# JSON report the integration tests produced is validated against
# docs/report.schema.json (scripts/test-json-schema.sh; skipped when a filter
# is given).
set -euo pipefail
cd "$(dirname "$0")/.."

# The redactor's table of invisible characters is checked against the Unicode
# data (Debian's `unicode-data`, ~10 s to install); under CI the check fails
# without it, so it is installed here when it can be.
if [ ! -f /usr/share/unicode/DerivedCoreProperties.txt ] && command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unicode-data >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unicode-data >/dev/null
  fi
fi
reports=$PWD/target/json-reports
rm -rf "$reports"
HF_TOKEN_CHECK_JSON_DIR=$reports cargo test --all-targets "$@"
if [ "$#" -eq 0 ]; then
    scripts/test-json-schema.sh "$reports"
fi
