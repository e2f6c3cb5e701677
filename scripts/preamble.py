# /// script
# requires-python = ">=3.8"
# dependencies = ["hf-token-check"]
# ///
# hf-token-check preamble for uv scripts (`uv run script.py`, `hf jobs uv run script.py`).
# Paste the lines between the markers at the top of the script, set the repos the
# job reads and writes, and add "hf-token-check" to the script's dependencies.
# --- hf-token-check preamble ---
import os, shutil, subprocess, sys  # noqa: E401

HF_TOKEN_CHECK_ARGS = ["--write", "me/model"]  # e.g. ["--read", "datasets/me/data", "--write", "me/model"]


def _hf_token_check(args):
    here = os.path.join(os.path.dirname(sys.executable), "hf-token-check")
    exe = shutil.which("hf-token-check") or (here if os.access(here, os.X_OK) else None)
    if exe is None:
        sys.stderr.write(
            "error: `hf-token-check` is not on PATH, so the token was not checked\n\n"
            'hint: add "hf-token-check" to the script\'s dependencies '
            '(`# dependencies = ["hf-token-check"]`), or install the binary in the image\n'
        )
        sys.exit(127)
    sys.stderr.flush()
    code = subprocess.call([exe, *args])  # the report goes to stderr
    if code != 0:
        sys.exit(code)  # 75: retry later; 77: access; 78: token (see `hf-token-check --help`)


_hf_token_check(HF_TOKEN_CHECK_ARGS)
# --- end of the hf-token-check preamble ---

print("token checked: the job starts here")
