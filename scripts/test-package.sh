#!/usr/bin/env bash
# The crate as crates.io gets it: `cargo publish --dry-run` packages and builds
# it, and the package holds only the binary's sources and metadata (Cargo.toml
# `include`; docs/codes.md and docs/usage.md, which unit tests read), never tests, scripts,
# workflows or a stray file. Then the crate's own tests as a distribution
# packager runs them: `cargo test` in the unpacked `.crate` (its own target dir
# under target/, so the checkout's build is never touched; the unpacked files
# are touched, as the archive's old mtimes would let cargo reuse a stale build).
set -euo pipefail
cd "$(dirname "$0")/.."

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

list=$(cargo package --list --locked --allow-dirty 2>/dev/null)
extra=$(grep -Ev '^(src/.*\.rs|docs/(codes|usage)\.md|Cargo\.toml|Cargo\.toml\.orig|Cargo\.lock|README\.md|CHANGELOG\.md|LICENSE[^/]*|\.cargo_vcs_info\.json)$' <<<"$list" || true)
if [ -z "$extra" ]; then ok "the package lists only sources and metadata ($(wc -l <<<"$list") files)"; else fail "packaged but not needed: $extra"; fi
for f in Cargo.toml Cargo.lock README.md src/main.rs src/lib.rs; do
  grep -qx "$f" <<<"$list" || fail "not packaged: $f"
done
# Every source file the crate compiles is in the package.
missing=$(git ls-files 'src/*.rs' 'src/**/*.rs' | grep -vxF -f <(echo "$list") || true)
if [ -z "$missing" ]; then ok "every source file under src/ is packaged"; else fail "sources left out: $missing"; fi

if out=$(cargo publish --dry-run --locked --allow-dirty 2>&1); then
  ok "cargo publish --dry-run builds the packaged crate"
else
  fail "cargo publish --dry-run: $out"
fi

# `cargo publish --dry-run` builds the crate but never its tests: an
# `include_str!` of a file left out of the package only fails here.
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
unpacked=$PWD/target/package-test
rm -rf "$unpacked/src" && mkdir -p "$unpacked/src"
out=
if cargo package --locked --allow-dirty --no-verify --quiet 2>/dev/null \
  && tar -xzf "target/package/hf-token-check-$version.crate" -C "$unpacked/src" \
  && find "$unpacked/src" -type f -exec touch {} + \
  && out=$(cd "$unpacked/src/hf-token-check-$version" && CARGO_TARGET_DIR=$unpacked/target \
    nice -n 10 cargo test --locked --offline 2>&1); then
  ok "cargo test in the unpacked .crate: $(grep -o '[0-9]* passed' <<<"$out" | head -1)"
else
  fail "cargo test in the unpacked .crate: $(tail -20 <<<"${out:-cargo package failed}")"
fi

echo "package: $passed passed, $failed failed"
[ "$failed" = 0 ]
