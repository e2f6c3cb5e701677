"""The recipes a Markdown page shows, as scripts/test-recipes.sh runs them.

    python3 scripts/recipes.py FILE      one JSON object per recipe, on stdout

Fenced blocks only:
- `sh`/`bash`: each command (backslash continuations joined, `# ...` comments
  dropped). One that runs hf-token-check gives {"kind": "argv", "argv": [...]}
  from `hf-token-check` on (from `uvx` when it is `uvx hf-token-check`): what the
  job's container runs, without the launcher in front (`hf jobs run ... IMAGE`).
  Any other command gives {"kind": "skip"} with the reason (a launcher line
  whose script is a `python` block, an install line). An `hf jobs ...` line
  also carries "hf": its words after `hf`, for the test to run through the
  real hf CLI with `--dry-run`.
- `python` with a PEP 723 `# /// script` header: {"kind": "script"}.
- `json` with an `args` object (the `hf_jobs` MCP tool): its `command` as argv,
  or its `script`; these carry "placeholder": true when their secrets use the
  `$HF_TOKEN` placeholder (the MCP session's token).
A block that mentions hf-token-check but yields nothing runnable is an error:
a recipe is never silently left untested.
"""

import json
import re
import shlex
import sys

FENCE = re.compile(r"^```(\w*)\s*$")


def blocks(text):
    """(language, first line number, body) of each fenced block."""
    lang, start, body = None, 0, []
    for n, line in enumerate(text.splitlines(), 1):
        m = FENCE.match(line)
        if lang is None and m:
            lang, start, body = m.group(1), n + 1, []
        elif lang is not None and line.startswith("```"):
            yield lang, start, "\n".join(body)
            lang = None
        elif lang is not None:
            body.append(line)
    if lang is not None:
        raise SystemExit(f"unclosed code block at line {start - 1}")


def commands(body, start):
    """(line number, words) of each shell command in a block."""
    pending, first = "", None
    for n, line in enumerate(body.splitlines(), start):
        if first is None:
            first = n
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        words = shlex.split(pending + line, comments=True)
        pending, line_no, first = "", first, None
        if words:
            yield line_no, words


def from_check(words):
    """The argv from `hf-token-check` (or `uvx hf-token-check`) on, or None."""
    if "hf-token-check" not in words:
        return None
    i = words.index("hf-token-check")
    if i > 0 and words[i - 1] == "uvx":
        i -= 1
    return words[i:]


def shell(body, start, out):
    for n, words in commands(body, start):
        argv = from_check(words)
        if argv is not None and words[0] not in ("pip", "uv", "cargo", "curl"):
            r = {"line": n, "kind": "argv", "argv": argv}
        else:
            r = {"line": n, "kind": "skip", "reason": "not an hf-token-check run: " + " ".join(words)}
        if words[:2] == ["hf", "jobs"]:
            r["hf"] = words[1:]
        out.append(r)


def mcp(body, start, out):
    call = json.loads(body)
    args = call.get("args", {})
    placeholder = "$HF_TOKEN" in json.dumps(args.get("secrets", {}))
    if "command" in args:
        argv = from_check(args["command"])
        if argv is None:
            raise SystemExit(f"line {start}: an hf_jobs `command` without hf-token-check")
        out.append({"line": start, "kind": "argv", "argv": argv, "placeholder": placeholder})
    elif "script" in args:
        out.append({"line": start, "kind": "script", "script": args["script"], "placeholder": placeholder})


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    out = []
    for lang, start, body in blocks(text):
        before = len(out)
        if lang in ("sh", "bash"):
            shell(body, start, out)
        elif lang == "python" and body.startswith("# /// script"):
            out.append({"line": start, "kind": "script", "script": body + "\n"})
        elif lang == "json" and '"args"' in body:
            mcp(body, start, out)
        runnable = [r for r in out[before:] if r["kind"] != "skip"]
        shows = "hf-token-check" in body or "hf_token_check" in body
        if shows and not runnable and lang in ("sh", "bash", "json") and "hf-token-check --" in body:
            raise SystemExit(f"line {start}: a `{lang}` block shows hf-token-check but has no runnable recipe")
    for r in out:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
