#!/usr/bin/env bash
# Rewrites what is generated from the code after a deliberate change of
# wording, then shows what changed: the snapshots of what users read
# (tests/it/snapshots/, written by tests/it/snapshots.rs; those of scenarios
# that no longer exist are removed) and the options section of docs/usage.md
# (from the table of options in src/args/options.rs). Review `git diff` as you would
# code, and commit it with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f tests/it/snapshots/*.snap tests/it/snapshots/*.snap.new
INSTA_UPDATE=always INSTA_FORCE_PASS=0 cargo test --quiet --test it snapshots::
HF_TOKEN_CHECK_BLESS=1 cargo test --quiet --lib usage_md_options_are_the_table
git status --short -- tests/it/snapshots/ docs/usage.md
