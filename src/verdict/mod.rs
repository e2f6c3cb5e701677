//! The decision: plain facts in (token discovery and lint, the whoami answer,
//! the auth-check answers), a list of checks and an exit status out. Pure: no
//! network, no environment, no printing. The whole decision lives in this folder.

mod access;
mod bucket;
mod check;
mod common;
mod creation;
mod explain;
mod grants;
mod privilege;
mod quota;
mod scopes;
mod script;
mod token;
mod whoami;

pub use check::{Basis, Check, CheckKind, Code, Status};
pub use creation::WILL_BE_CREATED;

use crate::answer::{Outcome, Quota};
use crate::config::Grants;
use crate::exit::Exit;
use crate::repo::{RepoId, RepoType};
use crate::scan::{Finding, NotScanned};
use crate::token::{Discovery, Lint};
use crate::whoami::{Whoami, WhoamiReply};

/// The outcome of a request the run meant to make.
#[derive(Debug, Clone)]
pub enum Asked<T> {
    /// Not made, by design: offline, or no usable token.
    Skipped,
    /// Made, but no outcome came back (a worker died): a failure, never a pass.
    Lost,
    Done(T),
}

impl<T> Asked<T> {
    /// The same, borrowed.
    pub fn as_ref(&self) -> Asked<&T> {
        match self {
            Asked::Skipped => Asked::Skipped,
            Asked::Lost => Asked::Lost,
            Asked::Done(t) => Asked::Done(t),
        }
    }
}

/// One `--read` or `--write` requirement with what the Hub answered.
#[derive(Debug, Clone)]
pub struct Access {
    pub repo: RepoId,
    pub write: bool,
    pub outcome: Asked<Outcome>,
    /// On a 404: the same `ns/name` asked as the other types.
    pub alternatives: Vec<(RepoType, Outcome)>,
    /// On a write that got 404: the read auth-check of the same repo.
    pub read_probe: Option<Outcome>,
    /// On a write found by no auth-check (it would be created): the names of
    /// the namespace's repos of that type, or why they could not be listed.
    pub similar: Option<Listing>,
}

/// The names (`name`, without the namespace) a listing of a namespace's repos
/// gave, or why it gave none.
pub type Listing = Result<Vec<String>, String>;

/// Everything the decision needs.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub endpoint: &'a str,
    pub discovery: &'a Discovery,
    /// `None` when no token was found.
    pub lint: Option<&'a Lint>,
    pub offline: bool,
    /// `--rank0-only` in a process whose rank is not 0: `RANK` or `LOCAL_RANK`.
    pub rank: Option<&'static str>,
    pub whoami: Asked<&'a WhoamiReply>,
    pub access: &'a [Access],
    /// `--min-validity`, in seconds.
    pub min_validity: Option<u64>,
    /// The current time, in seconds since the epoch.
    pub now: i64,
    /// `HF_OIDC_RESOURCE` is set: huggingface_hub exchanges an OIDC token first.
    pub oidc: bool,
    /// `--allow-missing-token`: a missing token is a skip (forks' pull requests).
    pub allow_missing_token: bool,
    /// `--max-age`, in seconds.
    pub max_age: Option<u64>,
    /// The API quota the Hub's answers told (`None`: no `RateLimit` header).
    pub quota: Option<Quota>,
    /// `--min-quota`: warn below this many requests left.
    pub min_quota: Option<u64>,
    /// Tokens written in the job's script (`crate::scan`).
    pub hardcoded: &'a [Finding],
    /// Files the scan was asked to read and could not.
    pub not_scanned: &'a [NotScanned],
    /// `--jobs`, `--inference`, `--pr`: decided from the token's grants.
    pub grants: &'a Grants,
    /// `JOB_ID`: inside a Hugging Face Job, the token comes from the job's secrets.
    pub job: Option<&'a str>,
}

/// The report's content: every check, the user when known, and the exit status.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub checks: Vec<Check>,
    pub user: Option<Whoami>,
    pub exit: Exit,
    /// The API quota, for the JSON report.
    pub quota: Option<Quota>,
}

/// The tokens page as hints write it; [`crate::pages::on_endpoint`] moves it
/// to the run's endpoint in [`local`] and [`decide`].
const TOKENS_PAGE: &str = crate::pages::TOKENS;

/// Why the checks that need the Hub were not run.
#[derive(Debug, Clone, Copy)]
enum Blocked {
    No,
    /// Before any request: no token, or a malformed one.
    Token(Code, &'static str),
    Offline,
    /// `--rank0-only`, and this variable says the rank is not 0.
    Rank(&'static str),
}

/// What the access checks need from the whoami step.
struct Identity<'a> {
    user: Option<&'a Whoami>,
    /// whoami answered 401: every 401 after it is the token's fault.
    rejected: bool,
    source: String,
    endpoint: &'a str,
    /// Namespaces whose organization refused this token by its token policy in
    /// this run, and whether it said the token was revoked (then permanent).
    policy_refused: Vec<(String, bool)>,
}

/// The checks that need no request (token present, token format): the first
/// checks of [`decide`]'s verdict, given before the network phase.
pub fn local(
    discovery: &Discovery,
    lint: Option<&Lint>,
    oidc: bool,
    allow_missing: bool,
    job: Option<&str>,
    endpoint: &str,
) -> Vec<Check> {
    pages_on_endpoint(
        token::checks(discovery, lint, oidc, allow_missing, job),
        endpoint,
    )
}

/// Every hint's pages on the run's endpoint (docs/checks.md, "Pages in hints").
fn pages_on_endpoint(mut checks: Vec<Check>, endpoint: &str) -> Vec<Check> {
    for c in &mut checks {
        if let Some(h) = &mut c.hint {
            *h = crate::pages::on_endpoint(h, endpoint);
        }
    }
    checks
}

pub fn decide(f: &Facts<'_>) -> Verdict {
    let mut checks = token::checks(f.discovery, f.lint, f.oidc, f.allow_missing_token, f.job);
    let malformed = f.lint.is_some_and(|l| !l.errors.is_empty());
    let blocked = match f.discovery {
        Discovery::Missing { .. } => Blocked::Token(Code::TokenMissing, "no token"),
        Discovery::Found { .. } if malformed => {
            Blocked::Token(Code::TokenMalformed, "the token is malformed")
        }
        Discovery::Found { .. } if f.offline => Blocked::Offline,
        Discovery::Found { .. } if let Some(var) = f.rank => Blocked::Rank(var),
        Discovery::Found { .. } => Blocked::No,
    };
    let source = match f.discovery {
        Discovery::Found { source, .. } => source.to_string(),
        Discovery::Missing { .. } => String::new(),
    };
    let (whoami_checks, user, rejected) = whoami::checks(f, blocked, &source);
    checks.extend(whoami_checks);
    let who = Identity {
        user: user.as_ref(),
        rejected,
        source,
        endpoint: f.endpoint,
        policy_refused: policy_refused(f.access),
    };
    for a in f.access {
        checks.push(access_line(a, blocked, &who));
    }
    checks.extend(grants::checks(f.grants, blocked, user.as_ref()));
    checks.extend(script::checks(f.hardcoded, f.not_scanned));
    checks.extend(f.quota.and_then(|q| quota::low(&q, f.min_quota)));
    let exit = checks
        .iter()
        .map(Check::exit)
        .find(|e| *e != Exit::Ok)
        .unwrap_or(Exit::Ok);
    // Advice only when nothing failed or was skipped: it never changes the exit status.
    let clean = checks
        .iter()
        .all(|c| matches!(c.status, Status::Pass | Status::Warn));
    // The advice knows repos only: what a token needs for a bucket whoami cannot tell.
    let buckets = f.access.iter().any(|a| a.repo.is_bucket());
    if clean
        && !buckets
        && let Some(u) = &user
        && !classic_write_needed(u, f.grants)
        && let Some(advice) = privilege::advice(u, &needs(f.access))
    {
        checks.push(with_grants(advice, f.grants));
    }
    Verdict {
        checks: pages_on_endpoint(checks, f.endpoint),
        user,
        exit,
        quota: f.quota,
    }
}

/// `--jobs` and `--pr` need a classic token's write role: a write token is then no excess.
fn classic_write_needed(u: &Whoami, g: &Grants) -> bool {
    u.token.kind == crate::whoami::Kind::Write && (!g.jobs.is_empty() || !g.pr.is_empty())
}

/// The advice's minimal token knows repos only: the permissions `--jobs`,
/// `--inference` and `--pr` need are added, or following it would break them.
fn with_grants(mut advice: Check, g: &Grants) -> Check {
    let mut perms: Vec<String> = g
        .jobs
        .iter()
        .map(|ns| format!("`job.write` on `{ns}`"))
        .collect();
    if g.inference {
        perms.push("`inference.serverless.write`".into());
    }
    if !g.pr.is_empty() {
        perms.push("`discussion.write`".into());
    }
    if !perms.is_empty() {
        advice.message.push_str(&format!(
            "; besides, this job's `--jobs`/`--inference`/`--pr` requirements need {} on a \
             fine-grained token (on a classic token, the role their lines name)",
            crate::sanitize::and_list(&perms)
        ));
    }
    advice
}

/// The requirements, for the least-privilege advice.
fn needs(access: &[Access]) -> Vec<privilege::Need> {
    access
        .iter()
        .map(|a| (access::canonical(a), a.write))
        .collect()
}

/// Namespaces where an access check was refused with an organization's token
/// policy, each with whether the Hub said the token was revoked.
fn policy_refused(access: &[Access]) -> Vec<(String, bool)> {
    access
        .iter()
        .filter_map(|a| {
            match &a.outcome {
                Asked::Done(o) => o.result.as_ref().ok().filter(|r| {
                    matches!(r.status, 401 | 403) && explain::is_org_policy(r.message.as_deref())
                }),
                _ => None,
            }
            .map(|r| (a.repo.ns.clone(), explain::is_revoked(r.message.as_deref())))
        })
        .collect()
}

/// The check line for one requirement.
fn access_line(a: &Access, blocked: Blocked, who: &Identity<'_>) -> Check {
    let kind = CheckKind::access(a.write);
    let mut check = match (blocked, &a.outcome) {
        (Blocked::Token(code, why), _) => Check::skip(kind, code, format!("not checked: {why}")),
        (Blocked::Offline, _) => offline_skip(kind),
        (Blocked::Rank(var), _) => rank_skip(kind, var),
        (Blocked::No, Asked::Done(o)) if a.repo.is_bucket() => bucket::check(a, o, who),
        (Blocked::No, Asked::Done(o)) => access::check(a, o, who),
        (Blocked::No, Asked::Lost | Asked::Skipped) => lost(kind, &format!("`{}`", a.repo)),
    };
    check.repo = check.repo.or_else(|| Some(a.repo.to_string()));
    if check.basis.is_none() && settled_by_the_hub(&check, a) {
        check.basis = Some(Basis::Proven);
    }
    check
}

/// The Hub answered this requirement's request, and the check says what that
/// answer means (not a transient or undocumented one, not a failure to ask).
fn settled_by_the_hub(c: &Check, a: &Access) -> bool {
    let answered = matches!(&a.outcome, Asked::Done(o) if o.result.is_ok());
    let unsettled = matches!(
        c.code,
        Some(
            Code::RateLimited
                | Code::HubUnavailable
                | Code::NameNotFound
                | Code::UnexpectedResponse
                | Code::ProxyAuthRequired
                | Code::InternalError
        )
    );
    answered && !unsettled && c.status != Status::Skip
}

/// A request that should have been made gave no outcome: fail closed.
fn lost(kind: CheckKind, what: &str) -> Check {
    Check::fail(
        kind,
        Code::InternalError,
        format!("the request for {what} produced no outcome (an internal error in hf-token-check)"),
    )
    .hint("run the check again; if it repeats, report it with this output")
}

fn offline_skip(kind: CheckKind) -> Check {
    Check::skip(
        kind,
        Code::Offline,
        "not checked: offline mode (`--offline` or `HF_HUB_OFFLINE`) checks only presence and format",
    )
}

/// The skip line of a check that was not asked for a reason of the whole run
/// (no usable token, offline mode, a rank other than 0); `None` when it was.
fn blocked_skip(kind: CheckKind, blocked: Blocked) -> Option<Check> {
    match blocked {
        Blocked::No => None,
        Blocked::Token(code, why) => Some(Check::skip(kind, code, format!("not checked: {why}"))),
        Blocked::Offline => Some(offline_skip(kind)),
        Blocked::Rank(var) => Some(rank_skip(kind, var)),
    }
}

/// A rank other than 0 under `--rank0-only`: rank 0 asks the Hub for every rank.
fn rank_skip(kind: CheckKind, var: &str) -> Check {
    Check::skip(
        kind,
        Code::NotRankZero,
        format!(
            "not checked: `{var}` is not 0, and with `--rank0-only` only rank 0 asks the Hub; \
             this rank checks only presence and format"
        ),
    )
}

#[cfg(test)]
mod tests;

/// The refusal and bucket tables of issue 25 (a `tests.rs` of its own, so the
/// tables stay out of the 60-line rule as `tests.rs` is).
#[cfg(test)]
#[path = "refusals/tests.rs"]
mod refusal_tests;
