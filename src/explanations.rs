//! `--explain CODE`: a paragraph on each code of the report (the `code` field of
//! the JSON report), like `rustc --explain`: what it means, the usual causes,
//! the fix, and the exit status it gives.

/// Every code a check can carry, in the order of docs/codes.md's table.
pub(crate) const CODES: &[&str] = &[
    "token-missing",
    "token-malformed",
    "token-whitespace",
    "token-rejected",
    "token-expiring",
    "token-too-old",
    "rate-limited",
    "hub-unavailable",
    "name-not-found",
    "unexpected-response",
    "proxy-auth-required",
    "internal-error",
    "gated",
    "disabled",
    "not-found",
    "read-denied",
    "write-denied",
    "renamed",
    "did-you-mean",
    "may-exist-hidden",
    "least-privilege",
    "quota-low",
    "token-hardcoded",
    "not-scanned",
    "scope-missing",
    "scopes-unknown",
    "jobs-denied",
    "inference-denied",
    "pr-denied",
    "grant-unknown",
    "offline",
    "not-rank-zero",
    "interrupted",
];

/// The paragraph for `code`, or `None` for a code hf-token-check never reports.
/// Codes are matched exactly (they are lowercase in the report).
pub(crate) fn explain(code: &str) -> Option<&'static str> {
    Some(match code {
        "token-missing" => TOKEN_MISSING,
        "token-malformed" => TOKEN_MALFORMED,
        "token-whitespace" => TOKEN_WHITESPACE,
        "token-rejected" => TOKEN_REJECTED,
        "token-expiring" => TOKEN_EXPIRING,
        "token-too-old" => TOKEN_TOO_OLD,
        "rate-limited" => RATE_LIMITED,
        "hub-unavailable" => HUB_UNAVAILABLE,
        "name-not-found" => NAME_NOT_FOUND,
        "unexpected-response" => UNEXPECTED_RESPONSE,
        "proxy-auth-required" => PROXY_AUTH_REQUIRED,
        "internal-error" => INTERNAL_ERROR,
        "gated" => GATED,
        "disabled" => DISABLED,
        "not-found" => NOT_FOUND,
        "read-denied" => READ_DENIED,
        "write-denied" => WRITE_DENIED,
        "renamed" => RENAMED,
        "did-you-mean" => DID_YOU_MEAN,
        "may-exist-hidden" => MAY_EXIST_HIDDEN,
        "least-privilege" => LEAST_PRIVILEGE,
        "quota-low" => QUOTA_LOW,
        "token-hardcoded" => TOKEN_HARDCODED,
        "not-scanned" => NOT_SCANNED,
        "scope-missing" => SCOPE_MISSING,
        "scopes-unknown" => SCOPES_UNKNOWN,
        "jobs-denied" => JOBS_DENIED,
        "inference-denied" => INFERENCE_DENIED,
        "pr-denied" => PR_DENIED,
        "grant-unknown" => GRANT_UNKNOWN,
        "offline" => OFFLINE,
        "not-rank-zero" => NOT_RANK_ZERO,
        "interrupted" => INTERRUPTED,
        _ => return None,
    })
}

/// `--explain 77`: what an exit status means (its row of the `--help` table)
/// and each code that gives it, one line each; `None` for a status
/// hf-token-check never exits with.
pub(crate) fn by_status(status: u16) -> Option<String> {
    let row = status_row(status)?;
    let mut out = format!("exit status {status}: {row}\n");
    let codes: Vec<(&str, String)> = CODES
        .iter()
        .filter_map(|c| Some((*c, header(explain(c)?))))
        .filter(|(_, h)| gives(h, status))
        .collect();
    if codes.is_empty() {
        out.push_str("\nNo code of the report gives it.\n");
        return Some(out);
    }
    out.push_str(if status == 0 {
        "\nThe codes that warn or skip and leave it at 0 (`hf-token-check --explain CODE` for more):\n"
    } else {
        "\nThe codes that give it (`hf-token-check --explain CODE` for the causes and the fix):\n"
    });
    let width = codes.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    for (code, h) in &codes {
        let what = h.strip_prefix(&format!("{code}: ")).unwrap_or(h);
        // "the repo is gated ... (fail, exit status 77)": the status is said above.
        let what = what.rsplit_once(" (").map_or(what, |(w, _)| w);
        out.push_str(&format!("  {code:width$}  {what}\n"));
    }
    if status == 64 {
        out.push_str("  and any usage error (a bad flag, REPO, endpoint, proxy or CA bundle), which has no code\n");
    }
    Some(out)
}

/// A paragraph's first sentence, on one line.
fn header(text: &str) -> String {
    let first = text.split("\n\n").next().unwrap_or(text);
    first.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a code's header says it gives `status`: "exit status 77" or "143 for SIGTERM".
fn gives(header: &str, status: u16) -> bool {
    let n = status.to_string();
    let ends = |rest: &str| !rest.starts_with(|c: char| c.is_ascii_digit());
    header.match_indices(&n).any(|(i, _)| {
        let (before, rest) = (&header[..i], &header[i + n.len()..]);
        ends(rest)
            && !before.ends_with(|c: char| c.is_ascii_digit())
            && (before.ends_with("exit status ") || rest.starts_with(" for SIG"))
    })
}

/// The exit status table's row for `status`, on one line.
fn status_row(status: u16) -> Option<String> {
    let n = status.to_string();
    let mut lines = crate::exit::TABLE.lines().skip(1).peekable();
    while let Some(line) = lines.next() {
        let cells = line.trim_start();
        let (key, text) = match cells.split_once("  ") {
            Some((k, t)) => (k.to_string(), t.trim().to_string()),
            // "129, 130, 143" alone, its text on the next line.
            None => (cells.to_string(), String::new()),
        };
        let mut row = text;
        while let Some(next) = lines.peek() {
            let indent = next.len() - next.trim_start().len();
            if indent <= 4 {
                break;
            }
            row = format!("{row} {}", next.trim());
            lines.next();
        }
        if key.split(", ").any(|k| k == n) {
            return Some(row.trim().to_string());
        }
    }
    None
}

const TOKEN_MISSING: &str = "\
token-missing: no token was found (fail, exit status 78)

hf-token-check looks where huggingface_hub looks, in its order: HF_TOKEN,
HUGGING_FACE_HUB_TOKEN, then the token file (HF_TOKEN_PATH, else
$HF_HOME/token, else ~/.cache/huggingface/token). An empty value is missing.
Usual causes: the secret was not passed to the job, or under another name
(HUGGINGFACEHUB_API_TOKEN, HF_API_TOKEN, TOKEN: the report names such
variables, never their values); CI gives no secrets to pull requests from forks.
Fix: pass the token as HF_TOKEN: `hf jobs run --secrets HF_TOKEN ...`,
`HF_TOKEN: ${{ secrets.HF_TOKEN }}` in CI, `hf auth login` on a workstation.
In a Hugging Face Job (JOB_ID set), pass it as the job's secret: `hf jobs run
--secrets HF_TOKEN`, or `\"secrets\": {\"HF_TOKEN\": ...}` through the API.
Create one at https://huggingface.co/settings/tokens.
For pull requests from forks, `--allow-missing-token` makes a missing token a
skip with a notice (exit status 0).
";

const TOKEN_MALFORMED: &str = "\
token-malformed: the token is not a Hugging Face token as stored (fail, exit
status 78)

The value was checked before anything was sent, and it was not sent.
Usual causes: a placeholder never replaced (`$HF_TOKEN`, `${HF_TOKEN}`,
`hf_xxx...`, `<token>`), a `Bearer ` prefix, quotes kept by a .env file or a
YAML value, whitespace inside the value, control or non-ASCII characters, a
legacy `api_`/`api_org_` token, or another service's token (`ghp_`, `sk-`...).
Fix: store the bare token, `hf_` followed by letters and digits, exactly as
https://huggingface.co/settings/tokens shows it, and pass it as HF_TOKEN.
";

const TOKEN_WHITESPACE: &str = "\
token-whitespace: the token has surrounding whitespace or a line break (warn,
exit status 0 unless another check fails)

huggingface_hub strips it, so the cleaned value was checked and works in
Python; other clients (curl, scripts building an `Authorization` header by
hand) send it as is and get 401.
Usual causes: `echo $TOKEN > file` or a secret pasted with a trailing newline,
a file saved with CRLF line endings. A single trailing newline in the token
file is normal and not reported.
Fix: store the value without it, e.g. `printf %s \"$HF_TOKEN\" | gh secret set
HF_TOKEN`.
";

const TOKEN_REJECTED: &str = "\
token-rejected: the Hub rejected the token with 401 (fail, exit status 78)

The token is well formed, but the Hub does not accept it: it is invalid,
expired or revoked.
Usual causes: the token was deleted or rotated at
https://huggingface.co/settings/tokens while the secret kept the old value;
a copy that lost characters; a token from another Hub than the endpoint
(HF_ENDPOINT or `--endpoint` points to a private Hub, or the reverse).
Fix: create a new token at https://huggingface.co/settings/tokens and update
the secret named in the report (HF_TOKEN, or the token file).
";

const TOKEN_EXPIRING: &str = "\
token-expiring: the token has expired, or expires sooner than `--min-validity`
(fail, exit status 78)

OAuth, app and trusted-publisher tokens carry an expiry (`auth.expiresAt` in
the whoami answer); the report shows it. A job that outlives its token fails
at the end, at the push.
Usual causes: a token minted long before the job starts, a job longer than
the token's lifetime, a `--min-validity` larger than any token gets.
Fix: mint or refresh the token right before the job, use a classic or
fine-grained token from https://huggingface.co/settings/tokens for long jobs,
or lower `--min-validity` (e.g. `--min-validity 2h`).
";

const TOKEN_TOO_OLD: &str = "\
token-too-old: the token was created longer ago than `--max-age` (fail, exit
status 78)

The whoami answer gives the token's creation date (`accessToken.createdAt`);
the report shows it and the token's age. Teams that enforce rotation pass
`--max-age` (e.g. `--max-age 90d`) so an old token stops jobs.
Usual cause: the token was not rotated on schedule.
Fix: create a new token at https://huggingface.co/settings/tokens, update the
secret (HF_TOKEN), then delete the old token there. When the Hub gives no
creation date, `--max-age` cannot be checked and the report says so.
";

const RATE_LIMITED: &str = "\
rate-limited: the Hub answered 429 Too Many Requests (fail, exit status 75)

This says nothing about the token: the Hub asked to slow down, and the
retries within `--timeout` did not get through. Exit status 75 means \"try
again later\".
Usual causes: many jobs starting at once with the same token, or many users
behind one shared IP address (a NAT, a CI provider). When the Hub says \"We
had to rate limit your IP\", the quota is the IP address's, shared by every
job and user behind it: another token changes nothing.
Fix: run again later (the report gives the wait when the Hub does), stagger
the jobs' starts, or raise `--timeout` so the retries can wait longer; for an
IP's limit, run fewer jobs at once behind that address, or from another one.
When only whoami was rate-limited and every access check answered, the access
answers prove the token works: whoami is a warning and the verdict is theirs.
";

const HUB_UNAVAILABLE: &str = "\
hub-unavailable: the Hub could not be reached or could not answer (fail, exit
status 75)

No answer within `--timeout`, a refused connection, a name-resolution timeout,
a TLS certificate not trusted, or a 5xx / 408 answer after retries. Exit
status 75 means \"try again later\": nothing is known about the token.
Usual causes: no network in the job, a proxy needed but not set (HTTPS_PROXY)
or set but wrong (NO_PROXY), a TLS-inspecting proxy whose CA is missing, a Hub
incident (https://status.huggingface.co).
Fix: check the network, HF_ENDPOINT, HTTPS_PROXY and NO_PROXY; for an
inspecting proxy put its CA in SSL_CERT_FILE (PEM); raise `--timeout` on a
slow network; run again later.
";

const NAME_NOT_FOUND: &str = "\
name-not-found: the endpoint's or the proxy's host name does not exist (fail,
exit status 64)

The DNS server answered NXDOMAIN: the name does not exist, so retrying cannot
help and the run stops at once. The report names the host, the DNS server
and the variable or flag the name came from. Exit status 64 is a
configuration error.
Usual causes: a typo in HF_ENDPOINT, `--endpoint` or HTTPS_PROXY; an internal
name used in an image or a network that does not know it.
Fix: correct the variable or flag named in the report (the public Hub is
`https://huggingface.co`), or run where that name resolves.
";

const UNEXPECTED_RESPONSE: &str = "\
unexpected-response: the Hub answered something it does not document (fail,
exit status 76)

A whoami answer that is not the documented JSON, a status the Hub never
sends, a redirect to another origin (the token was not sent there), more than
3 redirects, a body over 1 MiB, or an answer that is not valid HTTP. As a
warning: a field such as the token's expiry could not be read.
Usual causes: HF_ENDPOINT or `--endpoint` points to something that is not a
Hub (a mirror, a web page); a proxy or captive portal answers in its place.
Fix: set HF_ENDPOINT to the Hub's base URL (`https://huggingface.co`) and
check any proxy in between; the report quotes the status and request id.
";

const INTERNAL_ERROR: &str = "\
internal-error: a check produced no outcome (fail, exit status 76)

This is a bug in hf-token-check: a request was never answered by the code
that should have made it. The check fails closed, never counting it as a
pass, so the job does not start on an unchecked token.
Fix: run again; if it repeats, report it with the `--json` output (it never
contains the token) at https://github.com/hf-token-check/hf-token-check/issues.
`--warn-only` lets the job start meanwhile.
";

const GATED: &str = "\
gated: the repo is gated and this user has no access grant (fail, exit
status 77)

The token works, but the repo's authors require each user to request access.
Usual causes: access was never requested, the request is awaiting review, was
rejected or reset by the repo's authors, or the token is fine-grained and
lacks \"Read access to contents of all public gated repos you can access\"
(a granted user's token is then told \"Please enable access to public gated
repositories in your fine-grained token settings\": that setting is the fix;
the whoami line says so when whoami has `canReadGatedRepos: false`).
Fix: request access on the repo's page (the report gives the URL) and wait
for approval; a request awaiting review needs only waiting; a rejected one
cannot be made again (contact the authors, or use another repo); after a
reset, submit a new request. For a fine-grained token, enable that setting
when editing the token at https://huggingface.co/settings/tokens.
";

const DISABLED: &str = "\
disabled: the Hub disabled the repo (fail, exit status 77)

The repo exists but the Hub has disabled access to it, for every user and
every token; the report quotes the Hub's message.
Usual causes: a takedown or a policy decision by the Hub.
Fix: nothing a token can fix: use another repo, or ask the repo's owner.
";

const NOT_FOUND: &str = "\
not-found: the repo does not exist, or it is private and not visible to this
user (fail, exit status 77)

The Hub answers 404 in both cases so as not to reveal private repos.
Usual causes: a typo; the wrong type (a dataset needs `datasets/ns/name`, a
Space `spaces/ns/name`); a private repo in an org the token's user is not a
member of, or in a resource group the user is not in.
Fix: check the spelling and the type on the repo's page; for a private repo,
use a token of a user who can see it. The report suggests the same name
under another type when it exists. A storage bucket (`buckets/ns/name`) is
not found the same way; one a job writes to must exist first
(`hf buckets create ns/name`).
On a write check to a repo that does not exist, the repo is created on first
push when the token may create it; when that cannot be told, it is a warning.
";

const READ_DENIED: &str = "\
read-denied: the Hub refused read access to the repo (fail, exit status 77)

The token is valid (whoami accepted it) but may not read this repo; the
report explains why from the whoami answer and quotes the Hub's message.
Usual causes: a fine-grained token without `repo.content.read` on the repo or
its namespace (for a bucket: no entry naming it, since permissions scoped to
repos do not cover buckets); an organization policy that refuses classic
tokens or requires approved tokens; a token an organization's admin revoked
(permanent: create a new token, which the organization may have to approve;
the old one still works elsewhere).
Fix: edit the token at https://huggingface.co/settings/tokens to add read
access to the repo or namespace, or ask an admin of the organization.
";

const WRITE_DENIED: &str = "\
write-denied: the token may not write (or create) the repo (fail, exit
status 77)

The token is valid, but a push would fail; the report gives the reason from
the whoami answer and quotes the Hub's message.
Usual causes: a read token; a fine-grained token without `repo.write` on the
repo's namespace; an org role of `read`, or `contributor` on a repo someone
else created; an organization policy on tokens, or a token its admin revoked;
a repo that does not exist in a namespace where this token may not create
one. For a bucket (`buckets/ns/name`), write is proven by the storage token
the Hub mints for it (discarded unread); a fine-grained token needs an entry
for the bucket: permissions scoped to repos do not cover buckets.
Fix: create a write token, or a fine-grained token with `repo.write` on the
namespace, at https://huggingface.co/settings/tokens; ask an admin of the org
for a role that can write; or push to your own namespace.
";

const RENAMED: &str = "\
renamed: the repo was renamed, and the new name passed (warn, exit status 0
unless another check fails)

The Hub answered with a redirect to the repo's new name on the same Hub, and
access to the new name is what the job needs. Redirects from an old name can
stop, for instance when someone creates a repo under the old name.
Fix: update the job to the new name that the report shows.
";

const DID_YOU_MEAN: &str = "\
did-you-mean: the repo to write does not exist, but the same name exists as
another type, or a close name exists (warn, exit status 0 unless another
check fails)

`--write me/data` names a model; when `datasets/me/data` exists, the job most
likely meant the dataset, and a push would create a new, empty model instead.
`--write me/modle` when `me/model` exists: a typo would create a new repo.
The close names come from one listing of the namespace's repos of that type,
asked only for a write that no auth-check found.
Fix: write the type or the name as meant (`--write datasets/me/data`,
`--write me/model`); when a new repo is really meant, ignore the warning.
";

const MAY_EXIST_HIDDEN: &str = "\
may-exist-hidden: a write to an organization's repo that may be created, or
may be a private repo hidden from this user (warn, exit status 0 unless
another check fails)

Both the write and the read auth-checks answered 404 in the org's namespace.
Either the repo does not exist and the first push creates it, or it is a
private repo this user cannot see (for instance in a resource group the user
is not in), and the push will fail. The Hub's answers cannot tell them apart.
Fix: create the repo beforehand (`hf repo create acme/name`), or ask an admin
of the organization whether it exists and who can write to it.
";

const LEAST_PRIVILEGE: &str = "\
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

const OFFLINE: &str = "\
offline: the check was skipped in offline mode (skip, exit status 0 unless
the token is missing or malformed)

With `--offline`, or HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) set to 1, ON,
YES or TRUE, only the token's presence and format are checked and nothing is
sent, as huggingface_hub sends nothing in offline mode.
Usual cause: the variable was set for a job that works from a local cache.
Fix: when the job does use the Hub, unset HF_HUB_OFFLINE (and
TRANSFORMERS_OFFLINE) for the check.
";

const NOT_RANK_ZERO: &str = "\
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

const PROXY_AUTH_REQUIRED: &str = "\
proxy-auth-required: the proxy wants credentials (fail, exit status 64: a
configuration error)

The proxy named by HTTPS_PROXY, HTTP_PROXY or ALL_PROXY answered 407 Proxy
Authentication Required: the request never reached the Hub. Not retried.
Usual causes: a corporate proxy that needs a user and password; the proxy
variable set without them, or with expired ones.
Fix: put the credentials in the variable the report names
(`http://user:password@proxy:3128`), or add the Hub's host to NO_PROXY when
it can be reached directly.
";

const QUOTA_LOW: &str = "\
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

const TOKEN_HARDCODED: &str = "\
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

const NOT_SCANNED: &str = "\
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

const SCOPE_MISSING: &str = "\
scope-missing: an OAuth token lacks the scope a requirement needs (fail, exit
status 77)

The token's `scope` claim was read locally once whoami accepted it (never
sent; only scope names shown). Needed: `read-repos` (`gated-repos` for gated
repos), `write-repos` to write, `manage-repos` to create, `write-discussions`
for pull requests, `jobs`, `inference-api`. A read or write is what the Hub
answered (the scopes say why); the rest is inferred from the scopes.
Usual cause: a job launched through Hugging Face's MCP server with the
`$HF_TOKEN` placeholder gets the session's OAuth token (seen with the scopes
`openid profile read-repos jobs read-mcp`): it reads, cannot write or create.
Fix: the tokens settings page does not manage OAuth grants. Pass a user access
token with the needed role as the `HF_TOKEN` secret instead (`hf jobs run
--secrets HF_TOKEN`, or `\"secrets\": {\"HF_TOKEN\": \"hf_...\"}`).
";

const SCOPES_UNKNOWN: &str = "\
scopes-unknown: an OAuth token's scopes could not be read, and a requirement
depends on them (warn, exit status 0 unless another check fails)

The token is not three base64url parts whose middle one is a JSON object with
a `scope` string, so what it may do beyond what the Hub answered cannot be
told. Nothing of the token is shown; the whoami line says why.
Usual causes: a token cut when copied, or a token kind that carries no
`scope` claim.
Fix: to be sure, pass a user access token with the needed role as HF_TOKEN.
";

const JOBS_DENIED: &str = "\
jobs-denied: the token may not run Hugging Face Jobs in a `--jobs` namespace
(fail, exit status 77)

Inferred from whoami (no request proves it without starting a job): a classic
write token, a fine-grained token with `job.write` on the namespace, or an
OAuth token with the `jobs` scope may run jobs (a global `job.write`: unknown);
the user must be the namespace or a member of that org, and Jobs need a PRO
account or a paying org (whoami's `isPro`, the org's plan when whoami tells).
The Jobs API's own refusal reads `missing permissions: job.write`.
Fix: add \"Start and manage Jobs\" (`job.write`) for the namespace to the token
at https://huggingface.co/settings/tokens, use a write token, or run the jobs
under an account or org that pays for them.
";

const INFERENCE_DENIED: &str = "\
inference-denied: the token may not call Inference Providers, or bill the
`--bill-to` org (fail, exit status 77)

Inferred from whoami (no request proves it without a billable call): classic
read and write tokens may call them; a fine-grained token needs
`inference.serverless.write` (\"Make calls to Inference Providers\") in its
global permissions or on the user (on the org for `--bill-to`); an OAuth token
the `inference-api` scope. Billing an org (`bill_to=`, `X-HF-Bill-To`) needs
membership of it. The Hub's own refusal reads `This authentication method does
not have sufficient permissions to call Inference Providers on behalf of ...`.
Credits cannot be checked: a 402 at run time means they ran out.
Fix: add the permission at https://huggingface.co/settings/tokens, or bill a
paying org you belong to.
";

const PR_DENIED: &str = "\
pr-denied: the token may not open pull requests on a `--pr` repo (fail, exit
status 77)

Inferred from whoami (no request proves it without opening one): a classic
write token may (`push_to_hub(create_pr=True)`, `create_discussion`); a
fine-grained token needs `discussion.write`, under the user for their own
repos, under the org or the repo for those, or in its global permissions for
other people's repos; an OAuth token the `write-discussions` scope.
Fix: add \"Interact with discussions / open pull requests\"
(`discussion.write`) to the token at https://huggingface.co/settings/tokens,
or use a write token.
";

const GRANT_UNKNOWN: &str = "\
grant-unknown: the token's grants do not tell whether a requirement holds
(warn, exit status 0 unless another check fails)

`--jobs`, `--inference`, `--pr` and creating a repo with an OAuth token's
`contribute-repos` are inferred from whoami, and some cases are unrecorded:
what a classic read token gets from the Jobs API or when opening a pull
request, whether an org's plan pays (whoami does not always tell), what an app
or OAuth token may do outside the orgs whoami lists. The message says which.
Fix: to be sure, use a token whose grants settle it (a write token, or a
fine-grained token with the named permission), or check the plan.
";

const INTERRUPTED: &str = "\
interrupted: the check was stopped by a signal (exit status 128 + the signal:
143 for SIGTERM, 130 for SIGINT, 129 for SIGHUP)

SIGTERM, SIGINT or SIGHUP arrived during the check: the run stopped at once,
also as PID 1, and COMMAND was not started.
Usual causes: `docker stop`, a cancelled job or CI run, Ctrl-C.
Fix: nothing to fix in the token; run again. After a passing check, signals
belong to COMMAND: as PID 1, a COMMAND that does not handle them needs an
init (`docker run --init`, `tini`).
";

#[cfg(test)]
mod tests {
    use super::*;

    /// The explanations follow the Hub's own causes (issue 19 item 4).
    #[test]
    fn hub_causes_are_explained() {
        let gated = explain("gated").unwrap();
        assert!(
            gated.contains("rejected one") && gated.contains("after a"),
            "{gated}"
        );
        let limited = explain("rate-limited").unwrap();
        assert!(
            limited.contains("rate limit your IP")
                && limited.contains("another token changes nothing")
        );
    }

    /// docs/codes.md's table lists every code, in this order, and no other.
    #[test]
    fn the_docs_table_lists_every_code() {
        let doc = include_str!("../docs/codes.md");
        let listed: Vec<&str> = doc
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once('`').map(|(code, _)| code))
            .collect();
        assert_eq!(listed, CODES);
    }

    /// What each code makes the process exit with, as the explanations must say.
    fn exit_status(code: &str) -> &'static [u8] {
        match code {
            "token-missing" | "token-malformed" | "token-rejected" | "token-expiring"
            | "token-too-old" => &[78],
            "rate-limited" | "hub-unavailable" => &[75],
            "unexpected-response" | "internal-error" => &[76],
            "name-not-found" | "proxy-auth-required" => &[64],
            "gated" | "disabled" | "not-found" | "read-denied" | "write-denied" => &[77],
            "scope-missing" | "jobs-denied" | "inference-denied" | "pr-denied" => &[77],
            "scopes-unknown" | "grant-unknown" => &[0],
            "token-whitespace" | "renamed" | "did-you-mean" | "may-exist-hidden"
            | "least-privilege" | "offline" | "not-rank-zero" | "quota-low" | "token-hardcoded"
            | "not-scanned" => &[0],
            "interrupted" => &[129, 130, 143],
            other => panic!("no exit status known for `{other}`"),
        }
    }

    #[test]
    fn every_code_has_an_explanation_that_names_its_exit_status() {
        for code in CODES {
            let text = explain(code).unwrap_or_else(|| panic!("`{code}` has no explanation"));
            assert!(
                text.starts_with(&format!("{code}: ")),
                "`{code}`: the text starts with the code"
            );
            // "exit status 78", or "exit\nstatus 78" where the line is wrapped.
            let flat = text.replace('\n', " ");
            for n in exit_status(code) {
                assert!(
                    flat.contains(&format!("exit status {n}"))
                        || flat.contains(&format!("{n} for SIG")),
                    "`{code}` does not name exit status {n}"
                );
            }
        }
    }

    #[test]
    fn explanations_fit_a_terminal() {
        for code in CODES {
            let text = explain(code).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            assert!(lines.len() <= 15, "`{code}`: {} lines", lines.len());
            for line in &lines {
                assert!(line.chars().count() <= 80, "`{code}`: too wide: {line}");
                assert_eq!(line.trim_end(), *line, "`{code}`: trailing space: {line}");
            }
            assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "`{code}`");
        }
    }

    #[test]
    fn failures_name_a_fix() {
        for code in CODES {
            let text = explain(code).unwrap();
            assert!(text.contains("\nFix: "), "`{code}` has no `Fix:` line");
        }
    }

    #[test]
    fn codes_are_unique_and_unknown_codes_have_none() {
        let mut sorted = CODES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), CODES.len());
        for unknown in ["", "E0308", "Token-Missing", "token-missing ", "pass"] {
            assert_eq!(explain(unknown), None, "{unknown:?}");
        }
    }

    /// `--explain 77` lists exactly the codes that exit with 77 (and each status
    /// of the table has a row); a status never used has none.
    #[test]
    fn an_exit_status_lists_its_codes() {
        for status in [0u16, 64, 75, 76, 77, 78, 129, 130, 143] {
            let text = by_status(status).unwrap_or_else(|| panic!("{status}"));
            for code in CODES {
                let listed = text.contains(&format!("\n  {code} "));
                let gives = exit_status(code).contains(&(status as u8));
                assert_eq!(listed, gives, "{status}: `{code}`\n{text}");
            }
        }
        assert!(by_status(126).unwrap().contains("No code"));
        for never in [1, 2, 65, 74, 128, 255] {
            assert_eq!(by_status(never), None, "{never}");
        }
    }

    /// `--explain` with a mistyped code can suggest the right one.
    #[test]
    fn mistyped_codes_get_a_suggestion() {
        use crate::suggest::did_you_mean;
        let rows = [
            ("token-rejectd", Some("token-rejected")),
            ("write-denid", Some("write-denied")),
            ("gate", Some("gated")),
            ("least-priviledge", Some("least-privilege")),
            ("Token-Missing", Some("token-missing")),
            ("E0308", None),
        ];
        for (input, want) in rows {
            assert_eq!(did_you_mean(input, CODES), want, "{input}");
        }
    }

    /// Every code the verdict can give has a paragraph, and it names the exit status
    /// the code really gives when it fails.
    #[test]
    fn every_verdict_code_is_explained_with_its_exit_status() {
        use crate::verdict::Code;
        for c in Code::ALL {
            assert!(
                explain(c.as_str()).is_some(),
                "`{}` has no explanation",
                c.as_str()
            );
            assert_eq!(
                exit_status(c.as_str()),
                &[c.exit().code()][..],
                "`{}`",
                c.as_str()
            );
        }
    }
}
