#!/usr/bin/env bash
# Every recipe the user-facing pages show, run against the fake Hub
# (examples/fake_hub.rs, through scripts/fake-hub.sh) on 127.0.0.1:
# - docs/jobs.md and the agent skill skills/hf-token-check/SKILL.md: each
#   command, MCP call and uv script (scripts/recipes.py extracts them), as the
#   job's container would run it: the `hf jobs` launcher, the Jobs service and
#   the MCP server cannot run here. HF_TOKEN is a write token, as `--secrets
#   HF_TOKEN` sets it, and a read token where the `$HF_TOKEN` placeholder stands
#   (the MCP session's token reads only). Each must pass and start the job's
#   command. `uvx` and the uv scripts get the wheel (scripts/build-wheel.sh)
#   from dist/ as `hf-token-check`, never from an index.
#   Each `hf jobs ...` line first goes through the real hf CLI (huggingface_hub
#   from PyPI, target/ext-venv) with `--dry-run` added, through
#   scripts/hf_extension_driver.py (no connection but loopback): the command it
#   would send to Jobs must be the one the test then runs. (hf's own parser
#   takes the first `--` after the image as its end of options: a line without
#   `IMAGE -- hf-token-check ...` would send a command with no `--` in it.)
# - SKILL.md's front matter: the Agent Skills fields (`name` = its directory,
#   lowercase and hyphens, `description` 1-1024 characters).
# - docs/install.md's by-hand install: download, verify, extract, against a
#   local release (scripts/ci/local-release.sh); a tampered archive is refused
#   and nothing is extracted.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tools=$(scripts/ci/tools.sh)
cargo build --quiet --locked
# shellcheck source=scripts/lib/hf-cli.sh
. scripts/lib/hf-cli.sh
hf_cli_venv
wheel=$(scripts/build-wheel.sh)
# shellcheck source=scripts/lib/checks.sh
. scripts/lib/checks.sh

# shellcheck source=scripts/lib/fake-hub.sh
. scripts/lib/fake-hub.sh
fake_hub_start "$work/hub.log"

# The job's container: hf-token-check (this checkout's build), python, uv and
# uvx on PATH; train.py in the working directory; the wheel from dist/ only.
box=$work/box
mkdir -p "$box/bin" "$box/wheels"
ln -s "$root/target/debug/hf-token-check" "$box/bin/hf-token-check"
ln -s "$(command -v python3)" "$box/bin/python"
ln -s "$tools/uv" "$box/bin/uv"
ln -s "$tools/uvx" "$box/bin/uvx"
cp "$wheel" "$box/wheels/"
printf 'import sys\nprint("the job ran:", " ".join(sys.argv))\n' >"$box/train.py"
in_box() { # TOKEN CMD... -> code, out, err
  local token=$1
  shift
  code=0
  (cd "$box" && env -i PATH="$box/bin:/usr/bin:/bin" HOME="$box" HF_ENDPOINT="$hub" HF_TOKEN="$token" \
    UV_CACHE_DIR="$work/uv-cache" UV_OFFLINE=1 UV_DEFAULT_INDEX=http://127.0.0.1:9/simple UV_FIND_LINKS="$box/wheels" UV_PYTHON_DOWNLOADS=never \
    UV_NO_PROGRESS=1 "$@") >"$work/out" 2>"$work/err" || code=$?
  out=$(cat "$work/out") err=$(cat "$work/err")
}

# hf_dry_run RECIPE_JSON: the `hf jobs ...` line through the real hf CLI with
# `--dry-run`; prints the command it would send, one word a line (nothing for
# `hf jobs uv run`, which sends a script).
hf_dry_run() {
  local hf_argv
  mapfile -t hf_argv < <(python3 -c '
import json, sys
words = json.loads(sys.argv[1])["hf"]
i = words.index("run") + 1
print("\n".join(words[:i] + ["--dry-run"] + words[i:]))' "$1")
  (cd "$box" && env -i PATH=/usr/bin:/bin HOME="$box" HF_TOKEN="$write_token" NO_COLOR=1 HF_HUB_DISABLE_UPDATE_CHECK=1 \
    "$root/$venv/bin/python" "$root/scripts/hf_extension_driver.py" http://127.0.0.1:9 "${hf_argv[@]}") 2>&1 |
    python3 -c '
import shlex, sys
text = sys.stdin.read()
if "(dry run) Job not submitted." not in text:
    sys.exit("hf --dry-run failed: " + text)
for line in text.splitlines():
    if line.strip().startswith("command "):
        print("\n".join(shlex.split(line.strip()[len("command"):])))'
}

run_recipes() { # FILE
  local file=$1 recipes line kind token what
  recipes=$(python3 scripts/recipes.py "$file") || { fail "$file: $recipes"; return; }
  local n=0
  while IFS= read -r r; do
    line=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["line"])' "$r")
    kind=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["kind"])' "$r")
    token=$write_token
    python3 -c 'import json, sys; sys.exit(0 if json.loads(sys.argv[1]).get("placeholder") else 1)' "$r" && token=$read_token
    local sent=
    if python3 -c 'import json, sys; sys.exit(0 if "hf" in json.loads(sys.argv[1]) else 1)' "$r"; then
      if ! sent=$(hf_dry_run "$r"); then
        fail "$file:$line: $sent"
        continue
      fi
      want=$(python3 -c 'import json, sys; print("\n".join(json.loads(sys.argv[1]).get("argv", [])))' "$r")
      if [ "$sent" = "$want" ]; then
        ok "$file:$line: hf jobs --dry-run sends exactly the command run below${sent:+: $(tr '\n' ' ' <<<"$sent")}"
      else
        fail "$file:$line: hf jobs would send \`$(tr '\n' ' ' <<<"$sent")\`, not \`$(tr '\n' ' ' <<<"$want")\` (its parser takes the first \`--\` after the image: write IMAGE -- hf-token-check ... -- CMD)"
      fi
    fi
    case $kind in
    skip)
      echo "     $file:$line $(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["reason"])' "$r")"
      continue
      ;;
    argv)
      # What hf would send, when the line goes through hf; else the recipe's own.
      if [ -n "$sent" ]; then
        mapfile -t argv <<<"$sent"
      else
        mapfile -t argv < <(python3 -c 'import json, sys; print("\n".join(json.loads(sys.argv[1])["argv"]))' "$r")
      fi
      what=${argv[*]}
      in_box "$token" "${argv[@]}"
      ;;
    script)
      python3 -c 'import json, sys; sys.stdout.write(json.loads(sys.argv[1])["script"])' "$r" >"$box/job.py"
      what="uv run job.py (the script at line $line)"
      in_box "$token" uv run --quiet --no-project job.py
      ;;
    esac
    n=$((n + 1))
    local found
    found=$(leaks "$out$err")
    if [ -n "$found" ]; then
      fail "$file:$line: $found"
    elif [ "$code" = 0 ] && grep -q "^hf-token-check: ok" <<<"$err" \
      && { grep -q "the job ran:\|starts" <<<"$out" || python3 -c 'import json, sys; assert json.loads(sys.argv[1])["ok"]' "$out" 2>/dev/null; }; then
      ok "$file:$line: $what"
    else
      fail "$file:$line: $what: exit $code: $out $err"
    fi
  done <<<"$recipes"
  [ "$n" -gt 0 ] || fail "$file: no recipe found"
}

run_recipes docs/jobs.md
run_recipes skills/hf-token-check/SKILL.md

# The `hf jobs` lines of the README and usage.md: what hf would send is what
# they mean (those pages' other lines are run by tests/it and the wheel test).
for file in README.md docs/usage.md; do
  n=0
  while IFS= read -r r; do
    python3 -c 'import json, sys; sys.exit(0 if "hf" in json.loads(sys.argv[1]) else 1)' "$r" || continue
    n=$((n + 1))
    line=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["line"])' "$r")
    want=$(python3 -c 'import json, sys; print("\n".join(json.loads(sys.argv[1]).get("argv", [])))' "$r")
    if sent=$(hf_dry_run "$r") && [ "$sent" = "$want" ]; then
      ok "$file:$line: hf jobs --dry-run sends $(tr '\n' ' ' <<<"$sent")"
    else
      fail "$file:$line: hf jobs would send \`$(tr '\n' ' ' <<<"$sent")\`, not \`$(tr '\n' ' ' <<<"$want")\`"
    fi
  done < <(python3 scripts/recipes.py "$file")
  [ "$n" -gt 0 ] || fail "$file: no \`hf jobs\` line found"
done

# The skill's front matter (Agent Skills: name, description).
if fm=$(python3 - skills/hf-token-check/SKILL.md <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
m = re.match(r"---\n(.*?)\n---\n", text, re.S)
assert m, "no front matter between --- lines at the top"
fields = {}
for line in m.group(1).splitlines():
    key, sep, value = line.partition(":")
    assert sep and re.fullmatch(r"[a-z-]+", key), "not a `key: value` line: %r" % line
    fields[key] = value.strip()
assert set(fields) <= {"name", "description", "license", "allowed-tools", "metadata", "compatibility"}, fields
name, desc = fields.get("name", ""), fields.get("description", "")
assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) and len(name) <= 64, "name %r" % name
assert name == path.split("/")[-2], "name %r is not the directory's" % name
assert 0 < len(desc) <= 1024, "description of %d characters" % len(desc)
assert not desc.startswith(("'", '"', "|", ">")), "description must be plain text"
print(name, len(desc))
PY
); then
  ok "SKILL.md front matter: name and description ($fm characters)"
else
  fail "SKILL.md front matter: $fm"
fi

# --- docs/install.md's by-hand install ------------------------------------------
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
# shellcheck source=scripts/ci/local-release.sh
. scripts/ci/local-release.sh
local_release "$work/rel" "$version"
asset=hf-token-check-x86_64-unknown-linux-musl.tar.gz
mkdir -p "$work/bad/latest/download"
cp "$work/rel/latest/download/SHA256SUMS" "$work/bad/latest/download/"
{ cat "$work/rel/latest/download/$asset"; printf x; } >"$work/bad/latest/download/$asset"
python3 -u -m http.server --bind 127.0.0.1 --directory "$work" 0 >"$work/http.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -qs port "$work/http.log" && break; sleep 0.05; done
web=http://127.0.0.1:$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)
# The block after the `<!-- by-hand -->` marker, its URL and directory swapped.
recipe=$(sed -n '/<!-- by-hand -->/,/^```$/p' docs/install.md | sed '1,2d;$d')
by_hand() { # RELEASE_DIR -> code, out, dest
  dest=$work/dest$1
  mkdir -p "$dest" "$work/cwd$1"
  local sh
  sh=${recipe//https:\/\/github.com\/hf-token-check\/hf-token-check\/releases/$web\/$1}
  sh=${sh//\/usr\/local\/bin/$dest}
  code=0
  out=$(cd "$work/cwd$1" && env -i PATH=/usr/bin:/bin sh -euc "$sh" 2>&1) || code=$?
}
if [ -z "$recipe" ] || ! grep -q "sha256sum" <<<"$recipe"; then
  fail "docs/install.md: no by-hand recipe with a checksum step after <!-- by-hand -->"
else
  by_hand rel
  if [ "$code" = 0 ] && [ -x "$dest/hf-token-check" ] && grep -q "$asset: OK" <<<"$out"; then
    ok "install.md by hand: download, sha256sum -c (\"$asset: OK\"), extract"
  else
    fail "install.md by hand: exit $code: $out"
  fi
  by_hand bad
  if [ "$code" != 0 ] && [ ! -e "$dest/hf-token-check" ] && grep -q "FAILED" <<<"$out"; then
    ok "install.md by hand, a tampered archive: the check fails, nothing extracted"
  else
    fail "install.md by hand, tampered: exit $code, $(ls "$dest"): $out"
  fi
fi

finish recipes
