# /// script
# requires-python = ">=3.9"
# dependencies = ["hf-token-check"]
# ///
# hf-token-check preamble for uv scripts (`uv run script.py`, `hf jobs uv run script.py`).
# Paste the lines between the markers at the top of the script, set the repos the
# job reads and writes, and add "hf-token-check" to the script's dependencies.
# Where the package itself can be a dependency, `hf_token_check.require()` does
# more (the report through sys.stderr, CheckFailed, the rank guard, the scan).
# These lines import nothing beyond Python's start (no shutil or subprocess).
# --- hf-token-check preamble ---
import os, sys  # noqa: E401

HF_TOKEN_CHECK_ARGS = ["--write", "me/model"]  # e.g. ["--read", "datasets/me/data", "--write", "me/model"]


def _hf_token_check(args):
    exe = "hf-token-check" + (".exe" if os.name == "nt" else "")
    dirs = os.environ.get("PATH", "").split(os.pathsep) + [os.path.dirname(sys.executable)]
    found = [os.path.join(d, exe) for d in dirs if d and os.access(os.path.join(d, exe), os.X_OK)]
    if not found:
        sys.stderr.write(
            "error: `hf-token-check` is not on PATH, so the token was not checked\n\n"
            'hint: add "hf-token-check" to the script\'s dependencies '
            '(`# dependencies = ["hf-token-check"]`), or install the binary in the image\n'
        )
        sys.exit(127)
    sys.stderr.flush()
    if hasattr(os, "posix_spawn"):  # the report goes to stderr
        pid = os.posix_spawn(found[0], [found[0], *args], os.environ)
        code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    else:
        import subprocess

        code = subprocess.call([found[0], *args])
    if code != 0:
        sys.exit(code if code > 0 else 128 - code)  # 75: retry later; 77: access; 78: token


_hf_token_check(HF_TOKEN_CHECK_ARGS)
# --- end of the hf-token-check preamble ---

print("token checked: the job starts here")
