"""Fails on bash constructs that bash 3.2 (macOS runners' `shell: bash`) lacks
or treats differently, in the scripts named on the command line.

The one that bit the Action: "${a[@]}" of an empty array under `set -u` is an
"unbound variable" error before bash 4.4; write ${a[@]+"${a[@]}"} instead.
`--self-test` checks that every rule fires on a sample and not on the fixes.

Usage: python3 bash32-check.py [--self-test] FILE..."""

import re
import sys

RULES = [
    (r"\$\{\w+\[[@*]\]\}", 'an array expanded bare ("${a[@]}" of an empty array is an error under set -u before bash 4.4): ${a[@]+"${a[@]}"}'),
    (r"\b(mapfile|readarray|coproc)\b", "bash 4 builtin"),
    (r"\b(declare|local|typeset)\s+-[a-zA-Z]*[An]", "associative arrays or namerefs (bash 4)"),
    (r"\$\{\w+(\[[^]]*\])?(,,?|\^\^?)\}", "case modification ${x,,} ${x^^} (bash 4)"),
    (r"\$\{\w+(\[[^]]*\])?@[QEPAaKkUuL]\}", "${x@Q} transformations (bash 4.4)"),
    (r"\|&|&>>", "|& or &>> (bash 4)"),
    (r";;&|;&", "case fall-through ;& ;;& (bash 4)"),
    (r"\bwait\s+-n\b", "wait -n (bash 4.3)"),
    (r"\{\w+\}[<>]", "{fd}> automatic file descriptors (bash 4.1)"),
    (r"\[\[\s+-v\b|\btest\s+-v\b|\[\s+-v\b", "-v VAR (bash 4.2)"),
    (r"printf\s+(-v\s+\w+\s+)?['\"][^'\"]*%\(", "printf %(...)T (bash 4.2)"),
    (r"\$\{\w+\[-\d+\]\}", "negative array index (bash 4.3)"),
    (r"\b(EPOCHSECONDS|EPOCHREALTIME|SRANDOM|BASHPID)\b", "variable added after bash 3.2"),
    (r"\bshopt\s+-s\s+(globstar|lastpipe|autocd|checkjobs)\b", "shopt option added after bash 3.2"),
]

# Allowed spellings, removed before the rules run.
ALLOWED = [r'\$\{(\w+)\[@\]\+"\$\{\1\[@\]\}"\}', r"\$\{#\w+\[[@*]\]\}"]


def code_lines(text):
    """Lines with full-line comments blanked (heredoc bodies are still checked)."""
    return ["" if line.lstrip().startswith("#") else line for line in text.splitlines()]


def findings(text):
    out = []
    for n, line in enumerate(code_lines(text), 1):
        for allowed in ALLOWED:
            line = re.sub(allowed, "", line)
        for rule, why in RULES:
            if re.search(rule, line):
                out.append((n, why))
    return out


SAMPLE_BAD = """
echo "${args[@]}"
mapfile -t x < f
declare -A m
echo "${v,,}"
echo "${v@Q}"
cmd |& tee log
case x in a) ;& esac
wait -n
exec {fd}>file
[[ -v FOO ]]
printf '%(%s)T'
echo "${a[-1]}"
echo $EPOCHSECONDS
shopt -s globstar
"""
SAMPLE_GOOD = """
# "${args[@]}" in a comment
cmd ${args[@]+"${args[@]}"}
echo "${#args[@]}"
echo "${v}" "${v%,*}" "${v#^}"
"""


def self_test():
    bad = findings(SAMPLE_BAD)
    lines = {n for n, _ in bad}
    want = {n for n, line in enumerate(SAMPLE_BAD.splitlines(), 1) if line.strip()}
    good = findings(SAMPLE_GOOD)
    if lines != want or good:
        sys.exit(f"bash32-check self-test failed: missed lines {sorted(want - lines)}, false alarms {good}")


def main(args):
    if args and args[0] == "--self-test":
        self_test()
        args = args[1:]
    bad = 0
    for path in args:
        for n, why in findings(open(path, encoding="utf-8").read()):
            print(f"{path}:{n}: {why}")
            bad += 1
    if bad:
        sys.exit(f"bash32-check: {bad} construct(s) that bash 3.2 (macOS runners) lacks")


if __name__ == "__main__":
    main(sys.argv[1:])
