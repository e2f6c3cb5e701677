#!/usr/bin/env bash
# The house rules hold in every file (docs/ARCHITECTURE.md, "House rules"):
# clippy must refuse a read of the process environment and a print planted in
# each source file of src/, in every folder, `env.rs` and `report.rs`
# included (their own reads and writes are allowed item by item with
# `#[expect(...)]`, never for a whole file or folder). Runs clippy once over a
# copy of the tree, with its own target directory. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT; [ -n "${KEEP:-}" ] && trap - EXIT
cp -r Cargo.toml Cargo.lock clippy.toml src tests examples docs "$work/"

planted=()
while IFS= read -r file; do
  cat >>"$work/$file" <<'EOF'

#[allow(dead_code)]
fn planted_house_rule_break() {
    let _ = std::env::var_os("PLANTED");
    println!("planted");
}
EOF
  planted+=("$file")
done < <(find src -name '*.rs' | sort)

# Warnings, not errors: a lint error in the library would stop clippy before
# the binary's and the tests' files are looked at.
log=$work/clippy.log
CARGO_TARGET_DIR=$PWD/target/house-rules nice -n 10 \
  cargo clippy --quiet --offline --all-targets --manifest-path "$work/Cargo.toml" \
  -- -W clippy::disallowed_methods -W clippy::disallowed_macros >"$log" 2>&1 || {
  cat "$log"
  echo "clippy failed on the planted tree (see above)" >&2
  exit 1
}

missed=0
for file in "${planted[@]}"; do
  for lint in 'disallowed method `std::env::var_os`' 'disallowed macro `std::println`'; do
    # clippy names the file and line after each warning: `  --> src/x.rs:N:M`.
    if ! grep -A1 -F "use of a $lint" "$log" | grep -F -- "--> $file:" >/dev/null; then
      echo "not refused: $lint planted in $file" >&2
      missed=1
    fi
  done
done
if [ "$missed" = 1 ]; then
  echo "hint: a file-wide or module-wide \`allow(clippy::disallowed_*)\` switches the rule off; use \`#[expect(..., reason = \"...\")]\` on the one function" >&2
  exit 1
fi
echo "house rules: clippy refuses an environment read and a print planted in each of ${#planted[@]} files of src/"
