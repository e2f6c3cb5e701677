#!/usr/bin/env bash
# Rewrites the snapshots of what users read (tests/it/snapshots/, written by
# tests/it/snapshots.rs) after a deliberate change of wording, then shows what
# changed: review `git diff tests/it/snapshots/` as you would code, and commit
# it with the change. Snapshots of scenarios that no longer exist are removed.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f tests/it/snapshots/*.snap tests/it/snapshots/*.snap.new
INSTA_UPDATE=always INSTA_FORCE_PASS=0 cargo test --quiet --test it snapshots::
git status --short -- tests/it/snapshots/
