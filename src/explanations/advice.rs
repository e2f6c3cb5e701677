//! `--explain` paragraphs for the warnings of a passing run: a token holding more than the job needs,
//! a low API quota, a token written in the job's script, a file not scanned.

pub(super) const LEAST_PRIVILEGE: &str = "\
least-privilege: the token can do more than this job needs (warning, exit
status 0)

Every check passed; this is advice on one last `token-scope` line, never a
failure. The token holds more than the job asked for: a write token for a job
that only reads, a fine-grained token with `repo.write` on users, orgs or
repos the job never writes to, or org-wide or account permissions
(`org.write`, `user.billing.read`, webhooks). A job's token can leak through
its logs or its code; a smaller one limits the damage.
Fix: create the token the warning names (e.g. a read token, or a fine-grained
token with `repo.content.read` on the repos the job reads) at
https://huggingface.co/settings/tokens and use it for this job.
`--quiet` hides the warning; the JSON report keeps it.
";

pub(super) const QUOTA_LOW: &str = "\
quota-low: few of the Hub's API requests are left in this window (warn, exit
status 0 unless another check fails)

Every Hub answer says, in its `RateLimit` headers, how many API requests are
left in the current window (e.g. 1,000 per 5 minutes for a free user) and
when it resets. Fewer than `--min-quota N` are left, or, without it, fewer
than 10% of the quota (50 when the Hub does not send the quota); none left
always warns.
Usual causes: many jobs of one user started at once (a sweep), a loop calling
the Hub, other tools of the same user or behind the same address.
Fix: the job's own Hub calls may get 429 before the window resets: start
Hub-heavy work after the reset the report names, spread the jobs out, or use
an account with a larger quota (PRO, an organization's plan).
";

pub(super) const TOKEN_HARDCODED: &str = "\
token-hardcoded: the job's script holds a Hugging Face token (warn, exit
status 0 unless another check fails)

The script COMMAND runs (`python train.py`, a `#!` script) or `--scan PATH`
was read (a regular file, at most 1 MiB) for `hf_...`/`api_org_...` tokens.
The report names the file, the line and the masked token, and whether it is
the token being checked (anyone who can read the script has it) or another
one (the script may use it instead of `HF_TOKEN`). The token is never sent.
Fix: remove it from the script and let huggingface_hub read `HF_TOKEN`; then
revoke the exposed token at https://huggingface.co/settings/tokens.
`--no-scan` turns the scan off.
";

pub(super) const NOT_SCANNED: &str = "\
not-scanned: a file the scan was asked to read could not be read (warn, exit
status 0 unless another check fails)

The scan for hardcoded tokens runs beside the Hub's requests with its own
budget (2 s, less when `--timeout` ends sooner), so a script on a stalled NFS
or FUSE mount never holds the check. A `--scan PATH` that is missing, a
directory, unreadable, over 1 MiB or not read in time, and COMMAND's script
when its filesystem did not answer, are named with the reason: silence would
claim a file no one read holds no token. The other checks are complete and
unchanged.
Fix: give a readable regular file on a filesystem that answers, or leave it
out of `--scan`; `--no-scan` turns the scan off.
";
