"""Check the job's Hugging Face token before the job does anything.

    import hf_token_check

    hf_token_check.require(read=["datasets/me/data"], write=["me/model"])

runs the bundled `hf-token-check` executable. When every check passes,
`require()` returns the report; when one fails, the report is already written
to `sys.stderr` and `require()` raises `CheckFailed`, a `SystemExit` whose
`code` is the executable's exit status (75: try again later, 77: access,
78: the token; `hf-token-check --help` lists them all), so an uncaught failure
ends the script with that status. `check()` runs the same check and returns
the report without raising.

Importing this module costs next to nothing: it loads no module beyond the
ones every Python start loads (plus `__future__`), and the JSON report is
parsed only when a field of it is read.
"""

from __future__ import annotations

import os
import stat
import sys

# Type hints only: `typing` and `collections.abc` are never imported at run
# time (type checkers treat `TYPE_CHECKING` as true whatever its value).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from typing import Any

__all__ = ["CheckFailed", "Report", "check", "require", "find_binary", "main"]

# The package's version, which is the executable's: maturin takes both from
# Cargo.toml. Read from the package's metadata on first use (PEP 562).
__version__: str

_EXE = "hf-token-check" + (".exe" if os.name == "nt" else "")
_NOT_FOUND = 127
_CANNOT_RUN = 126


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        value = version("hf-token-check")
        globals()["__version__"] = value
        return value
    raise AttributeError("module 'hf_token_check' has no attribute %r" % name)


class Report:
    """The JSON report of one run of `hf-token-check` (see its `--json`).

    `ok` and `exit_code` come from the executable's exit status; `checks` and
    `report["field"]` read the JSON report, parsed on first use. A run that
    produced no JSON (the executable not found, or argv it could not parse)
    has `checks == []` and no fields.
    """

    __slots__ = ("exit_code", "_raw", "_data")

    exit_code: int
    """The executable's exit status: 0 when every check passed."""

    def __init__(self, exit_code: int, raw: bytes = b"") -> None:
        self.exit_code = exit_code
        self._raw = raw
        self._data: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """True when every check passed (`exit_code == 0`)."""
        return self.exit_code == 0

    @property
    def data(self) -> dict[str, Any]:
        """The whole JSON report as a dict (empty when the run wrote none)."""
        if self._data is None:
            text = self._raw.decode("utf-8", "replace").strip()
            if not text:
                self._data = {}
            else:
                import json

                try:
                    data = json.loads(text)
                except ValueError:
                    data = None
                if not isinstance(data, dict):
                    raise ValueError(
                        "hf_token_check: the executable's JSON report could not be read "
                        "(exit status %d)" % self.exit_code
                    ) from None
                self._data = data
        return self._data

    @property
    def checks(self) -> list[dict[str, Any]]:
        """One dict per check: `check`, `status` (pass, warn, fail, skip),
        `message`, and for a warning or a failure `code` and `hint`."""
        checks = self.data.get("checks")
        return checks if isinstance(checks, list) else []

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __contains__(self, key: object) -> bool:
        return key in self.data

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def __repr__(self) -> str:
        return "<hf_token_check.Report ok=%s exit_code=%d>" % (self.ok, self.exit_code)


class CheckFailed(SystemExit):
    """Raised by `require()` when a check failed; its report is already on `sys.stderr`.

    A `SystemExit`: left uncaught, it ends the script with the executable's
    exit status (`code`), printing nothing more. `report` is the run's report.
    """

    code: int
    report: Report

    def __init__(self, report: Report) -> None:
        super().__init__(report.exit_code)
        self.code = report.exit_code
        self.report = report

    def __str__(self) -> str:
        return "hf-token-check: the token check failed (exit status %d)" % self.code


# --- finding the executable ------------------------------------------------


def _candidates() -> Iterator[str]:
    here = os.path.dirname(os.path.abspath(__file__))
    site = os.path.dirname(here)  # site-packages (or `pip install --target DIR`)
    # The scripts directory that belongs to the site-packages this package is
    # in: `<prefix>/lib/pythonX.Y/site-packages` -> `<prefix>/bin` (a venv,
    # uv's script environment, the system, the user scheme),
    # `<prefix>\Lib\site-packages` -> `<prefix>\Scripts` on Windows.
    if os.name == "nt":
        yield os.path.join(os.path.dirname(site), "Scripts", _EXE)
    else:
        yield os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(site))), "bin", _EXE)
    # The interpreter's prefix, and next to the interpreter (a venv's bin/ or Scripts\).
    yield os.path.join(sys.prefix, "Scripts" if os.name == "nt" else "bin", _EXE)
    yield os.path.join(os.path.dirname(sys.executable), _EXE)
    # `pip install --target DIR`: DIR/bin next to DIR/hf_token_check.
    yield os.path.join(site, "bin", _EXE)


def _sysconfig_candidates() -> Iterator[str]:
    # Rare layouts (a distribution's own scheme, `--home`): sysconfig knows
    # them, at the price of its import, paid only when nothing above matched.
    import sysconfig

    names = sysconfig.get_scheme_names()
    for scheme in (None, "posix_user", "nt_user", "osx_framework_user", "posix_home"):
        if scheme is not None and scheme not in names:
            continue
        try:
            path = sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
        except KeyError:
            continue
        if path:
            yield os.path.join(path, _EXE)


def _on_path() -> Iterator[str]:
    for entry in os.environ.get("PATH", os.defpath).split(os.pathsep):
        if entry:
            yield os.path.join(entry, _EXE)


def _absolute(paths: Iterator[str]) -> Iterator[str]:
    """Only absolute paths: a relative one (an empty `sys.executable`, an empty
    `sys.prefix`, `.` or `bin` on `PATH`) resolves against the current
    directory, where anyone who can write may have planted an `hf-token-check`
    that would then run with the job's token in its environment."""
    for path in paths:
        if os.path.isabs(path):
            yield path


def _is_executable(path: str) -> bool:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(st.st_mode) and os.access(path, os.X_OK)


def find_binary() -> str | None:
    """The path of the `hf-token-check` executable, or None.

    Looked for where the package's installer put it (the scripts directory of
    the environment this package is installed in), next to the interpreter,
    then on `PATH`; only absolute paths, never one relative to the current
    directory (an empty `sys.executable`, `.` on `PATH`).
    """
    for found in (_candidates(), _sysconfig_candidates(), _on_path()):
        for path in _absolute(found):
            if _is_executable(path):
                return path
    return None


# --- arguments -------------------------------------------------------------


def _strings(func: str, param: str, value: Any, one: bool) -> list[str]:
    """`value` as a list of str; a refused value is named by its parameter and
    its type only, never shown (it may be a token)."""
    item = "a namespace" if param == "jobs" else "a repo id"
    what = item + " (str) or a sequence of them" if one else "a sequence of str"
    if value is None:
        return []
    if isinstance(value, str):
        if one:
            return [value]
        raise TypeError(
            "hf_token_check.%s: `%s` takes a sequence of str (e.g. [\"--min-validity\", \"2h\"]), "
            "not one str, which would be split into characters" % (func, param)
        )
    if isinstance(value, (bytes, bytearray, memoryview)) or not hasattr(value, "__iter__"):
        raise TypeError(
            "hf_token_check.%s: `%s` takes %s, got %s" % (func, param, what, type(value).__name__)
        )
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise TypeError(
                "hf_token_check.%s: `%s` takes %s; item %d is %s, not str"
                % (func, param, what, i, type(item).__name__)
            )
        out.append(item)
    return out


def _main_script() -> str | None:
    """The calling script's path (`__main__`'s file), when it is a regular file."""
    path = getattr(sys.modules.get("__main__"), "__file__", None)
    if not isinstance(path, str) or not path:
        return None
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
    except (OSError, ValueError):
        return None
    return os.path.abspath(path)


def _grant_argv(func: str, jobs: Any, inference: Any, bill_to: Any, pr: Any) -> list[str]:
    """`--jobs`, `--inference`, `--bill-to`, `--pr`: requirements decided from the
    token's grants (inferred), one word each (`--jobs=NS`)."""
    argv = ["--jobs=" + n for n in _strings(func, "jobs", jobs, one=True)]
    argv += ["--pr=" + r for r in _strings(func, "pr", pr, one=True)]
    if not isinstance(inference, bool):
        what = type(inference).__name__
        raise TypeError("hf_token_check.%s: `inference` takes a bool, got %s" % (func, what))
    if inference:
        argv.append("--inference")
    if bill_to is not None:
        if not isinstance(bill_to, str):
            what = type(bill_to).__name__
            raise TypeError("hf_token_check.%s: `bill_to` takes an org name (str), got %s" % (func, what))
        argv.append("--bill-to=" + bill_to)
    return argv


def _argv(func: str, read: Any, write: Any, args: Any, quiet: bool, scan: bool, rank0: bool) -> list[str]:
    extra = _strings(func, "args", args, one=False)
    if "--" in extra:
        raise ValueError(
            "hf_token_check.%s: `args` cannot hold `--` and a COMMAND: the check runs in "
            "this process; to check before a command, run `hf-token-check ... -- COMMAND`" % func
        )
    # `--read=REPO`, one word: a REPO is never taken for an option.
    argv = ["--read=" + r for r in _strings(func, "read", read, one=True)]
    argv += ["--write=" + r for r in _strings(func, "write", write, one=True)]
    if "--json" not in extra:
        argv.append("--json")
    if quiet and "--quiet" not in extra and "-q" not in extra:
        argv.append("--quiet")
    if rank0 and "--rank0-only" not in extra:
        # The executable reads RANK (else LOCAL_RANK): on a rank other than 0 it
        # checks presence and format only and says why (`not-rank-zero`).
        argv.append("--rank0-only")
    if not scan:
        argv.append("--no-scan")
    else:
        script = _main_script()
        if script is not None:
            argv += ["--scan", script]  # absolute: never taken for an option
    return argv + extra


# --- running it ------------------------------------------------------------


def _write_err(text: str) -> None:
    err = sys.stderr
    if err is not None and text:
        err.write(text)
        err.flush()


def _emit(pending: bytes, final: bool = False) -> bytes:
    """Writes the complete lines of `pending` to sys.stderr; returns the rest."""
    cut = len(pending) if final or len(pending) > 65536 else pending.rfind(b"\n") + 1
    if cut:
        _write_err(pending[:cut].decode("utf-8", "replace"))
    return pending[cut:]


def _stderr_is_terminal() -> bool:
    """sys.stderr is the process's own fd 2 on a terminal: the executable may
    write there itself (colour, wrapping to the width, progress lines)."""
    err = sys.stderr
    if err is None or sys.__stderr__ is None or err is not sys.__stderr__:
        return False
    try:
        return err.fileno() == 2 and err.isatty()
    except (AttributeError, OSError, ValueError):
        return False


def _exit_status(status: int) -> int:
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    return _CANNOT_RUN


def _spawn(exe: str, argv: list[str], terminal: bool) -> tuple[int, bytes]:
    """Runs exe: its stdout (the JSON) is returned, its stderr (the human
    report) written through sys.stderr as it comes. No thread, no subprocess
    (both cost more to import than the check takes to run)."""
    out_r, out_w = os.pipe()
    fds = [out_r, out_w]
    actions = [(os.POSIX_SPAWN_DUP2, out_w, 1)]
    if not terminal:
        err_r, err_w = os.pipe()
        fds += [err_r, err_w]
        actions.append((os.POSIX_SPAWN_DUP2, err_w, 2))
    if min(fds) <= 2:  # fd 0, 1 or 2 was closed: a dup2 onto itself keeps close-on-exec
        for fd in fds:
            os.close(fd)
        return _run_subprocess(exe, argv, terminal)
    try:
        pid = os.posix_spawn(exe, [exe] + argv, os.environ, file_actions=actions)
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    for fd in fds[1::2]:
        os.close(fd)
    try:
        out = _collect(out_r, None if terminal else fds[2])
    except BaseException:
        _stop(pid)
        raise
    return _exit_status(os.waitpid(pid, 0)[1]), out


def _collect(out_r: int, err_r: int | None) -> bytes:
    import select

    out: list[bytes] = []
    pending = b""
    open_fds = [out_r] if err_r is None else [out_r, err_r]
    poller = select.poll() if hasattr(select, "poll") else None
    for fd in open_fds:
        if poller is not None:
            poller.register(fd, select.POLLIN)
    try:
        while open_fds:
            if poller is not None:
                ready = [fd for fd, _ in poller.poll()]
            else:
                ready = select.select(open_fds, [], [])[0]
            for fd in ready:
                data = os.read(fd, 65536)
                if not data:
                    open_fds.remove(fd)
                    if poller is not None:
                        poller.unregister(fd)
                elif fd == out_r:
                    out.append(data)
                else:
                    pending = _emit(pending + data)
        _emit(pending, final=True)
    finally:
        os.close(out_r)
        if err_r is not None:
            os.close(err_r)
    return b"".join(out)


def _stop(pid: int) -> None:
    """An interrupted wait (Ctrl-C): ends the executable and reaps it."""
    import signal

    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except OSError:
        pass


def _run_subprocess(exe: str, argv: list[str], terminal: bool) -> tuple[int, bytes]:
    # Windows (no posix_spawn), or a process without its standard fds.
    import subprocess

    proc = subprocess.run(
        [exe] + argv, stdout=subprocess.PIPE, stderr=None if terminal else subprocess.PIPE
    )
    if proc.stderr:
        _write_err(proc.stderr.decode("utf-8", "replace"))
    code = proc.returncode
    return (128 - code if code < 0 else code), proc.stdout


def _run(argv: list[str]) -> Report:
    exe = find_binary()
    if exe is None:
        _write_err(
            "error: the `hf-token-check` executable was not found, so the token was not checked\n"
            "\n"
            "hint: install the `hf-token-check` package with pip or uv (it ships the executable), "
            "or put the release binary on `PATH`\n"
        )
        return Report(_NOT_FOUND)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    terminal = _stderr_is_terminal()
    try:
        if hasattr(os, "posix_spawn"):
            code, out = _spawn(exe, argv, terminal)
        else:
            code, out = _run_subprocess(exe, argv, terminal)
    except OSError as e:
        _write_err(
            "error: the `hf-token-check` executable at `%s` could not be run (%s), "
            "so the token was not checked\n\nhint: reinstall the `hf-token-check` package\n"
            % (exe, e.strerror or type(e).__name__)
        )
        return Report(_CANNOT_RUN)
    return Report(code, out)


def _checked(
    func: str, read: Any, write: Any, args: Any, quiet: bool, scan: bool, all_ranks: bool,
    grants: tuple[Any, Any, Any, Any] = ((), False, None, ()),
) -> Report:
    return _run(_grant_argv(func, *grants) + _argv(func, read, write, args, quiet, scan, not all_ranks))


def check(
    read: str | Sequence[str] = (),
    write: str | Sequence[str] = (),
    args: Sequence[str] = (),
    *,
    quiet: bool = False,
    scan: bool = True,
    all_ranks: bool = False,
    jobs: str | Sequence[str] = (),
    inference: bool = False,
    bill_to: str | None = None,
    pr: str | Sequence[str] = (),
) -> Report:
    """Checks the token and the repos and returns the report, whatever it says.

    `read` and `write` are repo ids (`me/model`, `datasets/me/data`,
    `spaces/me/demo`) or buckets (`buckets/me/checkpoints`), one str or a
    sequence of them; `args` more options of
    the executable, a sequence of str (`["--min-validity", "2h"]`). The human
    report is written to `sys.stderr` (with `quiet`, nothing when every check
    passed). `report.ok` says whether every check passed.

    The calling script (`__main__`'s file) is scanned for hardcoded tokens
    (a `token-hardcoded` warning); `scan=False` turns that off.

    In a distributed job, a process whose `RANK` (else `LOCAL_RANK`) is set
    and not 0 checks only the token's presence and format, and leaves the Hub
    to rank 0, so that N processes do not make N times the requests;
    `all_ranks=True` checks with the Hub on every rank.

    `jobs` (namespaces where the job runs Hugging Face Jobs), `inference=True`
    (it calls Inference Providers; `bill_to="org"` as `InferenceClient` has it,
    implying `inference`) and `pr` (repos it opens pull requests on) are
    decided from the token's own grants, and labelled inferred in the report.
    """
    return _checked("check", read, write, args, quiet, scan, all_ranks, (jobs, inference, bill_to, pr))


# require() repeats check()'s parameters on purpose: a signature written once
# for both (a decorator copying it, `**kwargs: Unpack[...]`, a factory) would
# change what `help()`, `mypy --strict` or a misuse's TypeError show, or need
# `typing` at run time (the import budget); what they share past the
# signature is one private helper, `_checked()`.
def require(
    read: str | Sequence[str] = (),
    write: str | Sequence[str] = (),
    args: Sequence[str] = (),
    *,
    quiet: bool = False,
    scan: bool = True,
    all_ranks: bool = False,
    jobs: str | Sequence[str] = (),
    inference: bool = False,
    bill_to: str | None = None,
    pr: str | Sequence[str] = (),
) -> Report:
    """Checks the token and the repos, like `check()`; returns the report when
    every check passed, and raises `CheckFailed` otherwise.

    `CheckFailed` is a `SystemExit` whose `code` is the exit status: uncaught,
    the script ends with it (75: try again later, 77: access, 78: the token),
    the report already written to `sys.stderr`. Catch it with
    `except hf_token_check.CheckFailed as e` to read `e.report`.
    """
    report = _checked("require", read, write, args, quiet, scan, all_ranks, (jobs, inference, bill_to, pr))
    if not report.ok:
        raise CheckFailed(report)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m hf_token_check ARGS`: runs the executable with ARGS."""
    args = sys.argv[1:] if argv is None else _strings("main", "argv", argv, one=False)
    exe = find_binary()
    if exe is None:
        return _run([]).exit_code  # says why, 127
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    if os.name == "posix":
        os.execv(exe, [exe] + args)  # signals, PID and status are the executable's
    import subprocess

    return subprocess.call([exe] + args)
