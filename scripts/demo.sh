#!/usr/bin/env bash
# A tour of hf-token-check without a token or a network: starts the fake Hub
# (examples/fake_hub.rs, through scripts/fake-hub.sh) on 127.0.0.1 and runs a pass and each kind of failure,
# showing the report and the exit status of each. Takes a few seconds.
#
# Exits 0 when every case gave its expected exit status, 1 otherwise (CI runs
# it). Builds the binary with `cargo build --quiet` unless HF_TOKEN_CHECK_BIN
# names one. Only fake tokens are used; the caller's HF_TOKEN, token file and
# proxies are never seen by the runs (each starts from an empty environment).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${HF_TOKEN_CHECK_BIN:-}" ]; then
    bin=$HF_TOKEN_CHECK_BIN
else
    cargo build --quiet
    bin=${CARGO_TARGET_DIR:-target}/debug/hf-token-check
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
if [ ! -x "$bin" ]; then
    echo "error: \`$bin\` is not an executable" >&2
    exit 1
fi
# The fake Hub: built once (cargo), started below.
fake_hub=$(scripts/fake-hub.sh --path)

tmp=$(mktemp -d)
hub_pid=
cleanup() {
    if [ -n "$hub_pid" ]; then
        kill "$hub_pid" 2>/dev/null || true
        wait "$hub_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The fake Hub's tokens (examples/fake_hub.rs): user `me`, member of org `acme`;
# a classic write token "bench" and a classic read token "reader".
read -r WRITE_TOKEN READ_TOKEN _ < <("$fake_hub" --tokens)
# Unknown to the fake Hub, so it answers 401 as for a revoked token. No English
# words in it: the report redacts any piece of the token, words included.
REVOKED_TOKEN=hf_Zq8Xv3Lm0Pw7Rt2Ys5Nb9Kc4Hd6Jf1GxQ

"$fake_hub" >"$tmp/hub.out" 2>"$tmp/hub.err" &
hub_pid=$!
url=
for _ in $(seq 100); do
    url=$(sed -n 's/^READY //p' "$tmp/hub.out" 2>/dev/null || true)
    [ -n "$url" ] && break
    kill -0 "$hub_pid" 2>/dev/null || break
    sleep 0.05
done
if [ -z "$url" ]; then
    echo "error: the fake Hub did not start" >&2
    cat "$tmp/hub.err" >&2
    exit 1
fi

mkdir -p "$tmp/home" "$tmp/hf"
# The program case 2 runs: Windows has no `echo` program (it is a cmd built-in),
# so a Windows binary's run sets HF_TOKEN_CHECK_DEMO_ECHO="cmd /c echo".
read -ra echo_cmd <<<"${HF_TOKEN_CHECK_DEMO_ECHO:-echo}"
failed=0
n=0
bold='' plain=''
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
    bold=$'\033[1m' plain=$'\033[0m'
fi

# An argument as a shell would need it typed.
quote() {
    if [[ $1 =~ ^[A-Za-z0-9_./:=@,+-]+$ ]]; then
        printf '%s' "$1"
    else
        printf "'%s'" "${1//\'/\'\\\'\'}"
    fi
}

# case TITLE EXPECTED TOKEN_SHOWN TOKEN ARGS...: runs hf-token-check in an empty
# environment (no token file, no proxy) with HF_TOKEN=TOKEN when TOKEN is set.
case_() {
    local title=$1 expected=$2 shown=$3 token=$4
    shift 4
    n=$((n + 1))
    local envs=(PATH="$PATH" HOME="$tmp/home" HF_HOME="$tmp/hf" HF_ENDPOINT="$url")
    [ -n "${TERM:-}" ] && envs+=(TERM="$TERM")
    [ -n "${NO_COLOR+set}" ] && envs+=(NO_COLOR="$NO_COLOR")
    local prefix=
    if [ -n "$token" ]; then
        envs+=(HF_TOKEN="$token")
        prefix="HF_TOKEN=$shown "
    fi
    local shown_args='' a
    for a in "$@"; do shown_args+=" $(quote "$a")"; done
    printf '\n%s%d. %s%s\n' "$bold" "$n" "$title" "$plain"
    printf '$ %shf-token-check%s\n' "$prefix" "$shown_args"
    local code=0
    # One stream, so that the report stays in order with these lines in a log.
    env -i "${envs[@]}" "$bin" "$@" 2>&1 || code=$?
    if [ "$code" = "$expected" ]; then
        printf '=> exit status %s, as expected\n' "$code"
    else
        printf '=> exit status %s, EXPECTED %s\n' "$code" "$expected"
        failed=$((failed + 1))
    fi
}

echo "hf-token-check demo against a fake Hub at $url (no network, no real token)"

case_ "a pass: a write token that can push to me/model and read acme/model" 0 \
    '<write token>' "$WRITE_TOKEN" --write me/model --read acme/model
case_ "as a job's entrypoint: the command starts only after a pass" 0 \
    '<write token>' "$WRITE_TOKEN" --quiet --write me/model -- "${echo_cmd[@]}" "python train.py would start here"
case_ "a write token for a job that only reads: a pass, with least-privilege advice" 0 \
    '<write token>' "$WRITE_TOKEN" --read acme/model
case_ "no token at all (exit 78)" 78 '' '' --read acme/model
case_ "a placeholder that was never replaced (exit 78, nothing is sent)" 78 \
    "'\$HF_TOKEN'" '$HF_TOKEN' --read acme/model
case_ "a revoked token: one error, the repos not checked (exit 78)" 78 '<revoked token>' "$REVOKED_TOKEN" \
    --read acme/model --write me/model
case_ "a read token for a job that pushes (exit 77)" 77 \
    '<read token>' "$READ_TOKEN" --write me/model
case_ "a gated repo without an access grant (exit 77)" 77 \
    '<write token>' "$WRITE_TOKEN" --read acme/gated
case_ "repos that do not exist: one reason and one hint for all (exit 77)" 77 '<write token>' "$WRITE_TOKEN" \
    --read acme/nope --read acme/nope-2 --read acme/nope-3
case_ "a new repo to write: created on first push, marked + (exit 0)" 0 \
    '<write token>' "$WRITE_TOKEN" --write me/new-model
case_ "a typo in --write: me/modle when me/model exists, a warning (exit 0)" 0 \
    '<write token>' "$WRITE_TOKEN" --write me/modle
case_ "an exit status seen in a CI log: its codes" 0 '' '' --explain 77
case_ "a mistyped option (exit 64)" 64 '<write token>' "$WRITE_TOKEN" --reed acme/model

echo
if [ "$failed" -eq 0 ]; then
    echo "demo: all $n cases gave their expected exit status"
else
    echo "demo: $failed of $n cases gave another exit status than expected"
    exit 1
fi
