#!/usr/bin/env bash
# Mutation testing of the decision and safety code (issue 21): cargo-mutants
# changes one thing in the code at a time (a `true` for a condition, a deleted
# `!`, an empty result) and runs the tests; a mutant the tests do not notice
# ("missed") is either a missing test or an equivalent change, listed with its
# reason in docs/mutants.md.
#
#   scripts/mutants.sh                 mutants in the lines this branch changes (vs main)
#   scripts/mutants.sh FILE...         the same, in these files only
#   scripts/mutants.sh --all           every mutant of the files below (hours on 2 cores)
#   scripts/mutants.sh --all FILE...   every mutant of these files only
#   scripts/mutants.sh [...] -- --list list the mutants, run nothing (any
#                                      cargo-mutants option goes after `--`)
#   MUTANTS_BASE=origin/main scripts/mutants.sh [FILE...]
#                                      diff against another base (a branch or
#                                      a commit: the lines changed since it)
#   MUTANTS_JOBS=4                     parallel builds (default 1)
#   MUTANTS_TESTS="--all-targets"      one run with this test selection instead of
#                                      the two phases below
#   MUTANTS_OUT=target/mutants/x       where the results go
#
# By default in two phases: every mutant against the unit tests
# ($MUTANTS_OUT/unit/mutants.out/), then the ones they missed against the
# integration tests ($MUTANTS_OUT/it/mutants.out/); what both miss is printed
# at the end: kill it with a test, or list it in docs/mutants.md.
#
# Not part of .ci/run: a full run takes hours (docs/mutants.md has the last
# one's results). It runs at the lowest CPU priority, in a copy of the tree
# with its own target directory (debug info off: faster links), so work on
# the checkout goes on meanwhile.
# cargo-mutants comes from crates.io, pinned, installed into target/tools
# (idempotent: a second run reuses it).
set -euo pipefail
cd "$(dirname "$0")/.."

version=27.1.0
root=target/tools
bin="$root/bin/cargo-mutants"
if ! "$bin" mutants --version 2>/dev/null | grep -qx "cargo-mutants $version"; then
    echo "== installing cargo-mutants $version into $root"
    cargo install --locked --quiet --root "$root" --version "$version" cargo-mutants
fi

# The decision and safety code: what the checks conclude and what they may print.
files=(src/verdict/ src/sanitize.rs src/sanitize/ src/token/ src/answer.rs src/gather.rs)
args=()
all=no
if [ "${1:-}" = --all ]; then
    all=yes
    shift
fi
# FILE... (a file, or a folder ending in `/`), then `-- ARGS` passed to
# cargo-mutants (`-- --list`).
chosen=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    chosen+=("$1")
    shift
done
[ "${1:-}" = -- ] && shift
extra=("$@")
if [ ${#chosen[@]} -gt 0 ]; then
    for f in "${chosen[@]}"; do
        case "$f" in
            -*) echo "unknown option \`$f\` (options: --all, then FILE..., then -- ARGS)" >&2; exit 64 ;;
        esac
        [ -e "$f" ] || { echo "no such file \`$f\`" >&2; exit 64; }
    done
    files=("${chosen[@]}")
fi
for f in "${files[@]}"; do
    case "$f" in
        */) args+=(--file "${f}**/*.rs") ;;
        *) args+=(--file "$f") ;;
    esac
done
# Tests of a module live next to it; never mutate them. The redactor's table of
# invisible characters is generated and checked against the Unicode data.
args+=(--exclude "src/verdict/tests.rs" --exclude "src/sanitize/invisible.rs")

out="${MUTANTS_OUT:-target/mutants}"
mkdir -p "$out"
if [ "$all" = no ]; then
    base="${MUTANTS_BASE:-main}"
    diff="$out/diff.patch"
    git diff "$(git merge-base "$base" HEAD)" -- "${files[@]}" >"$diff"
    if [ ! -s "$diff" ]; then
        echo "no change against $base in ${files[*]}: nothing to mutate"
        exit 0
    fi
    args+=(--in-diff "$diff")
fi

export CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_TEST_DEBUG=0
mutants() { # mutants OUT_DIR TEST_ARGS...: one cargo-mutants run
    local dir=$1
    shift
    nice -n 19 "$bin" mutants \
        --jobs "${MUTANTS_JOBS:-1}" \
        --output "$dir" \
        --timeout-multiplier 3 \
        "${args[@]}" \
        ${extra[@]+"${extra[@]}"} \
        -- "$@" || true # exits non-zero when a mutant is missed
}

if [ -n "${MUTANTS_TESTS:-}" ]; then
    read -r -a tests <<<"$MUTANTS_TESTS"
    mutants "$out" "${tests[@]}"
    exit 0
fi
# Two phases, as docs/mutants.md's full run: every mutant against the unit
# tests (a few seconds each; `resolve::` tests wait on sockets and test no
# mutated code), then only the mutants they missed against the integration
# tests (tests/it, half a minute each). The tests that bound wall time do so
# with margins of seconds (docs/mutants.md, "Tests that bound wall time").
mutants "$out/unit" --lib -- --skip resolve::
missed=$out/unit/mutants.out/missed.txt
if [ ${#extra[@]} -gt 0 ] && [ "${extra[0]}" = --list ]; then
    exit 0
fi
if [ ! -s "$missed" ]; then
    echo "== the unit tests missed no mutant: no second phase"
    exit 0
fi
echo "== $(wc -l <"$missed") mutants missed by the unit tests, against the integration tests"
while IFS= read -r name; do
    # cargo-mutants takes regular expressions: escape the name, anchor it.
    args+=(--re "^$(printf '%s' "$name" | sed 's/[][\\.^$*+?(){}|]/\\&/g')\$")
done <"$missed"
CARGO_MUTANTS_MINIMUM_TEST_TIMEOUT=120 mutants "$out/it" --test it -- --test-threads 4
echo "== survivors (missed by both): $out/it/mutants.out/missed.txt"
cat "$out/it/mutants.out/missed.txt"
