"""Check the job's Hugging Face token before the job does anything.

    import hf_token_check

    hf_token_check.require(read=["datasets/me/data"], write=["me/model"])

runs the bundled `hf-token-check` executable; when a check fails, its report is
already on stderr and the script exits with its status (75: try again later,
77: access, 78: the token; `hf-token-check --help` lists them all).
"""

import os
import shutil
import subprocess
import sys
import sysconfig

__all__ = ["require", "find_binary", "main"]

_EXE = "hf-token-check" + (".exe" if os.name == "nt" else "")


def _candidates():
    # The scripts directory of the environment this package is installed in
    # (a venv, uv's script environment, the system), then the user scheme.
    schemes = [None]
    user = {"nt": "nt_user", "posix": "posix_user"}.get(os.name)
    if sys.platform == "darwin" and "osx_framework_user" in sysconfig.get_scheme_names():
        user = "osx_framework_user"
    if user:
        schemes.append(user)
    for scheme in schemes:
        try:
            path = sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
        except KeyError:
            continue
        if path:
            yield os.path.join(path, _EXE)
    # `pip install --target DIR`: DIR/bin next to DIR/hf_token_check.
    yield os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bin", _EXE)
    # Next to the interpreter (a venv's bin/ or Scripts\).
    yield os.path.join(os.path.dirname(sys.executable), _EXE)


def find_binary():
    """The path of the `hf-token-check` executable, or None."""
    for path in _candidates():
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return shutil.which("hf-token-check")


def _not_found():
    sys.stderr.write(
        "error: the `hf-token-check` executable was not found, so the token was not checked\n"
        "\n"
        "hint: install the `hf-token-check` package with pip or uv (it ships the executable), "
        "or put the release binary on `PATH`\n"
    )
    sys.stderr.flush()
    sys.exit(127)


def _repos(name, value):
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    out = []
    for repo in value:
        if not isinstance(repo, str):
            raise TypeError("hf_token_check.require: %s= takes repo ids (str), got %r" % (name, repo))
        out += ["--" + name, repo]
    return out


def require(read=(), write=(), args=()):
    """Checks the token and the repos; returns when every check passed.

    `read` and `write` are repo ids (`me/model`, `datasets/me/data`,
    `spaces/me/demo`), one string or a list; `args` are more command-line
    options (`["--min-validity", "2h"]`). On a failed check the process exits
    with the executable's status, its report already printed on stderr.
    """
    argv = _repos("read", read) + _repos("write", write) + [str(a) for a in args]
    exe = find_binary()
    if exe is None:
        _not_found()
    sys.stdout.flush()
    sys.stderr.flush()
    code = subprocess.call([exe] + argv)
    if code != 0:
        sys.exit(code)


def main(argv=None):
    """`python -m hf_token_check ARGS`: runs the executable with ARGS."""
    argv = sys.argv[1:] if argv is None else list(argv)
    exe = find_binary()
    if exe is None:
        _not_found()
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execv(exe, [exe] + argv)  # signals, PID and status are the executable's
    return subprocess.call([exe] + argv)
