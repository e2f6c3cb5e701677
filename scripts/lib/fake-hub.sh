# shellcheck shell=bash
# Sourced (not run) by the shell tests that run hf-token-check against the one
# fake Hub (examples/fake_hub.rs, built through scripts/fake-hub.sh): start it,
# and look for pieces of its tokens in what a run printed.
#
#   . scripts/lib/fake-hub.sh            from the checkout's root
#   fake_hub_start LOG [OPTIONS...]      build it, start it on 127.0.0.1 (its
#                                        output in LOG, its pid added to the
#                                        caller's `pids` array, which the
#                                        caller's cleanup kills), wait for its
#                                        `READY <url>`; sets `fake_hub` (its
#                                        path), `hub` (its URL), `write_token`
#                                        and `read_token`
#   leaks TEXT [TOKEN...]                the first 6-character piece of
#                                        write_token, read_token or a TOKEN
#                                        found in TEXT, or nothing

fake_hub_start() {
  local log=$1
  shift
  fake_hub=$(scripts/fake-hub.sh --path)
  "$fake_hub" "$@" >"$log" &
  pids+=($!)
  for _ in $(seq 100); do grep -qs READY "$log" && break; sleep 0.05; done
  hub=$(sed -n 's/^READY //p' "$log")
  if [ -z "$hub" ]; then
    echo "the fake Hub did not start within 5 s; its output:" >&2
    cat "$log" >&2
    return 1
  fi
  read -r write_token read_token _ < <("$fake_hub" --tokens)
}

leaks() {
  python3 - "$1" "$write_token" "$read_token" "${@:2}" <<'PY'
import sys
text, tokens = sys.argv[1], sys.argv[2:]
for t in tokens:
    for i in range(len(t) - 5):
        if t[i:i + 6] in text:
            print("a piece of a token at %d" % i)
            sys.exit()
PY
}
