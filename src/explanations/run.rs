//! `--explain` paragraphs for a run that asked nothing or stopped: offline, not rank 0, interrupted.

pub(super) const OFFLINE: &str = "\
offline: the check was skipped in offline mode (skip, exit status 0 unless
the token is missing or malformed)

With `--offline`, or HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) set to 1, ON,
YES or TRUE, only the token's presence and format are checked and nothing is
sent, as huggingface_hub sends nothing in offline mode.
Usual cause: the variable was set for a job that works from a local cache.
Fix: when the job does use the Hub, unset HF_HUB_OFFLINE (and
TRANSFORMERS_OFFLINE) for the check.
";

pub(super) const NOT_RANK_ZERO: &str = "\
not-rank-zero: the check was skipped on a rank other than 0 (skip, exit status
0 unless the token is missing or malformed)

With `--rank0-only`, a process whose `RANK` (else `LOCAL_RANK`, as torchrun
and accelerate set them) is set and not 0 checks only the token's presence and
format and sends nothing: rank 0 asks the Hub once for the whole job, rather
than every process asking the same questions. The Python package's
`require()` and `check()` pass `--rank0-only` unless `all_ranks=True`.
Usual cause: one process of a distributed job (torchrun, accelerate launch).
Fix: nothing to fix; read rank 0's report. To ask the Hub on every rank, drop
`--rank0-only` (`all_ranks=True` in Python).
";

pub(super) const INTERRUPTED: &str = "\
interrupted: the check was stopped by a signal (exit status 128 + the signal:
143 for SIGTERM, 130 for SIGINT, 129 for SIGHUP)

SIGTERM, SIGINT or SIGHUP arrived during the check: the run stopped at once,
also as PID 1, and COMMAND was not started.
Usual causes: `docker stop`, a cancelled job or CI run, Ctrl-C.
Fix: nothing to fix in the token; run again. After a passing check, signals
belong to COMMAND: as PID 1, a COMMAND that does not handle them needs an
init (`docker run --init`, `tini`).
";
