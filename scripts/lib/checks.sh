# shellcheck shell=bash
# Sourced (not run) by the shell tests that count their checks: a work
# directory and the processes they start, removed and stopped on exit, and
# the tally.
#
#   . scripts/lib/checks.sh     sets `work` (a fresh directory) and `pids`
#                               (append each background process started)
#   ok TEXT / fail TEXT         one check passed or failed, printed
#   finish NAME                 prints `NAME: N passed, M failed`; its status
#                               is 1 when any check failed (the script's last
#                               command)

work=$(mktemp -d)
pids=()
cleanup() { for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
finish() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" = 0 ]
}
