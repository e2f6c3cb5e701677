//! Helpers shared by the check files of this folder: what a check is about
//! (`Subject`), the lines for a request that got no answer or a transient one,
//! the request id and the Hub's quoted message, and how a token is described.
//! It imports none of its siblings but `check`, so they can all use it without
//! an import circle (`scripts/check-structure.py` holds that).

use super::{Check, CheckKind, Code};
use crate::answer::{Answer, Failure, Outcome};
use crate::repo::RepoId;
use crate::whoami::{Kind, Whoami};

/// The fine-grained token setting that lets it read the public gated repos its
/// user was granted, named as the token's settings page names it.
pub(super) const GATED_SETTING: &str =
    "\"Read access to contents of all public gated repos you can access\"";

/// How a job gets its token, said where a hint tells how to pass one inside a
/// Hugging Face Job (hub-api.md, "Jobs"): the job's secrets, never `--env`.
pub(super) const JOB_SECRETS: &str = "the job's secret `HF_TOKEN`: `hf jobs run --secrets \
    HF_TOKEN ...` (the bare name takes the launcher's own token), or `\"secrets\": \
    {\"HF_TOKEN\": ...}` through the API (a job has no token unless it is passed; `--env` \
    values are visible in the job's details)";

/// `inside Hugging Face Job `abc``: the job the check runs in (`JOB_ID`),
/// named only when its value looks like an id (never a token, never text).
pub(super) fn in_job(job: &str) -> String {
    let id_like = !job.is_empty()
        && job.len() <= 64
        && job
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        && !crate::sanitize::looks_like_token(job);
    match id_like {
        true => format!("inside Hugging Face Job `{job}`"),
        false => "inside a Hugging Face Job (`JOB_ID` is set; its value is not shown)".to_string(),
    }
}

/// What a check on one repo is about, for messages: everything else
/// (the check's kind, the verb, `what`) is derived from these.
pub(super) struct Subject<'a> {
    pub repo: &'a RepoId,
    pub write: bool,
    pub user: Option<&'a Whoami>,
}

impl Subject<'_> {
    pub fn kind(&self) -> CheckKind {
        CheckKind::access(self.write)
    }

    pub fn verb(&self) -> &'static str {
        self.kind().name()
    }

    /// `read access to model `a/b``
    pub fn what(&self) -> String {
        format!("{} access to {}", self.verb(), self.repo.label())
    }

    /// `user `alice``, or `this user` without a whoami answer.
    pub fn by(&self) -> String {
        self.user
            .map(|w| format!("user `{}`", w.name))
            .unwrap_or_else(|| "this user".into())
    }
}

/// `read token "ci"`, `fine-grained token "deploy"`...
pub(super) fn describe_token(w: &Whoami) -> String {
    let t = &w.token;
    let kind = match &t.kind {
        Kind::Read => "read token".to_string(),
        Kind::Write => "write token".to_string(),
        Kind::FineGrained => "fine-grained token".to_string(),
        Kind::OAuth => "OAuth token".to_string(),
        Kind::App => "app token".to_string(),
        Kind::NoRole => "token of unknown kind (the Hub gave no role)".to_string(),
        Kind::Other(r) => format!("token with undocumented role `{r}`"),
    };
    let described = match (&t.kind, &t.name) {
        // An app token has no display name: its `name` is the scope's role.
        (Kind::App, Some(n)) => format!("{kind} ({n})"),
        (_, Some(n)) => format!("{kind} \"{n}\""),
        (_, None) => kind,
    };
    if t.alternate {
        return format!(
            "{described} (alternate authentication method; the backing token's role applies)"
        );
    }
    described
}

/// The message and hint for a request that got no usable answer.
pub(super) fn failure_check(kind: CheckKind, o: &Outcome, failure: &Failure, what: &str) -> Check {
    let via = o
        .proxy
        .as_ref()
        .map(|p| format!(" through proxy `{p}`"))
        .unwrap_or_default();
    let (code, message, hint) = describe_failure(failure, o, what, &via, &after_attempts(o));
    Check::fail(kind, code, message).hint(hint)
}

/// ` after 3 attempts` when the request was retried; nothing after one attempt.
pub(super) fn after_attempts(o: &Outcome) -> String {
    if o.attempts > 1 {
        format!(" after {} attempts", o.attempts)
    } else {
        String::new()
    }
}

/// Seconds as the messages show them: `30`, `0.5`, `2.25` (at most 3 decimals).
pub(super) fn seconds(secs: f64) -> String {
    format!("{secs:.3}")
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string()
}

/// The code, message and hint of a request that got no answer.
// table-like: one arm per kind of failure
fn describe_failure(
    failure: &Failure,
    o: &Outcome,
    what: &str,
    via: &str,
    retried: &str,
) -> (Code, String, String) {
    match failure {
        Failure::Timeout { secs } => (
            Code::HubUnavailable,
            format!(
                "no answer from `{}`{via} within {} s while checking {what}{retried}",
                o.host,
                seconds(*secs)
            ),
            "try again later; raise `--timeout` if the network is slow".to_string(),
        ),
        Failure::NotStarted { secs } => (
            Code::HubUnavailable,
            format!(
                "not checked: {what} waited for a place among the requests in flight and the \
                 deadline (`--timeout` {} s) passed before it could be sent",
                seconds(*secs)
            ),
            "raise `--timeout`, or check fewer repos in one run".to_string(),
        ),
        Failure::Connect { detail } => (
            Code::HubUnavailable,
            format!(
                "could not reach `{}`{via} while checking {what}{retried}: {detail}",
                o.host
            ),
            if o.proxy.is_some() {
                "check the proxy (`HTTPS_PROXY`, `NO_PROXY`) and try again later".to_string()
            } else {
                "check the network and `HF_ENDPOINT`, then try again later".to_string()
            },
        ),
        Failure::NoSuchHost {
            detail,
            from,
            proxy,
        } => no_such_host(detail, from, *proxy, what),
        Failure::Resolve { detail } => (
            Code::HubUnavailable,
            format!(
                "could not resolve the name of `{}`{via} while checking {what}{retried}: {detail}; \
                 no request reached the Hub",
                o.host
            ),
            "check `/etc/resolv.conf` and its DNS servers, then try again later".to_string(),
        ),
        Failure::Certificate { detail } => (
            Code::HubUnavailable,
            format!(
                "the TLS certificate of `{}`{via} is not trusted: {detail}",
                o.host
            ),
            "a TLS-inspecting proxy needs its CA certificate in `SSL_CERT_FILE` (a PEM bundle)"
                .to_string(),
        ),
        Failure::CrossOrigin { location } => (
            Code::UnexpectedResponse,
            format!(
                "`{}` redirected {what} to another origin (`{location}`); the token was not sent there",
                o.host
            ),
            "check `HF_ENDPOINT` / `--endpoint`: it should be the Hub itself".to_string(),
        ),
        Failure::TooManyRedirects => (
            Code::UnexpectedResponse,
            format!("`{}` redirected {what} more than 3 times", o.host),
            "check `HF_ENDPOINT` / `--endpoint`".to_string(),
        ),
        Failure::BodyTooLarge => (
            Code::UnexpectedResponse,
            format!("the answer to {what} is larger than 1 MiB, far more than the Hub sends"),
            "check `HF_ENDPOINT` / `--endpoint` and any proxy in between".to_string(),
        ),
        Failure::ProxyAuth { var } => (
            Code::ProxyAuthRequired,
            format!(
                "the proxy wants credentials: `{}`{via} answered 407 Proxy Authentication Required \
                 while checking {what}, so the request never reached the Hub",
                o.proxy.as_deref().unwrap_or("the proxy")
            ),
            format!(
                "put the proxy's user and password in `{var}` (`http://user:password@host:port`), or \
                 add the endpoint's host to `NO_PROXY` if it can be reached directly"
            ),
        ),
        Failure::Protocol { detail } => (
            Code::UnexpectedResponse,
            format!(
                "the answer to {what} from `{}` is not valid HTTP: {detail}",
                o.host
            ),
            "check `HF_ENDPOINT` / `--endpoint` and any proxy in between".to_string(),
        ),
    }
}

/// A host name that does not exist: the endpoint's or the proxy's, said with
/// the flag or variable it came from. Permanent: a configuration error.
fn no_such_host(detail: &str, from: &str, proxy: bool, what: &str) -> (Code, String, String) {
    let (whose, hint) = if proxy {
        (
            format!("the proxy's host, from `{from}`"),
            format!(
                "correct the proxy's host name in `{from}`, or unset `{from}` to connect directly"
            ),
        )
    } else if !from.contains(' ') {
        (
            format!("the endpoint's host, from `{from}`"),
            format!(
                "correct the host name in `{from}` (the public Hub is `https://huggingface.co`)"
            ),
        )
    } else {
        (
            format!("the host of {from}"),
            "check `/etc/resolv.conf`: its DNS server says the Hub's name does not exist"
                .to_string(),
        )
    };
    (
        Code::NameNotFound,
        format!("{detail}; it is {whose}, so {what} was not checked"),
        hint,
    )
}

/// 429, 408 and 5xx: the Hub could not answer now.
pub(super) fn transient_check(
    kind: CheckKind,
    o: &Outcome,
    a: &Answer,
    what: &str,
) -> Option<Check> {
    let retried = after_attempts(o);
    let wait = o.gave_up_wait.or(a.retry_after);
    let wait_hint = match wait {
        Some(s) => format!("wait {s} s, then try again"),
        None => "try again later".to_string(),
    };
    let check = match a.status {
        429 if ip_limited(a) => Check::fail(
            kind,
            Code::RateLimited,
            format!(
                "the Hub answered {what} with 429 (rate limited){retried}, a limit on the IP \
                 address the request came from{}: that is the quota of the IP address (a shared \
                 egress address: every job and user behind it counts), not the token's",
                quote(a)
            ),
        )
        .hint(format!(
            "{wait_hint}; another token changes nothing here: run fewer jobs at once behind this \
             address, or from another network; exit status 75 means retry later"
        )),
        429 => Check::fail(
            kind,
            Code::RateLimited,
            format!(
                "the Hub answered {what} with 429 (rate limited){retried}; this says nothing \
                 about the token{}",
                quote(a)
            ),
        )
        .hint(format!("{wait_hint}; exit status 75 means retry later")),
        408 | 500..=599 => Check::fail(
            kind,
            Code::HubUnavailable,
            format!("the Hub answered {what} with {}{retried}", a.status),
        )
        .hint(format!("{wait_hint}; see https://status.huggingface.co")),
        _ => return None,
    };
    Some(with_request_id(check, a))
}

/// A 429 whose message says the Hub limited the IP address, not the user.
fn ip_limited(a: &Answer) -> bool {
    a.message
        .as_deref()
        .is_some_and(|m| m.to_ascii_lowercase().contains("rate limit your ip"))
}

pub(super) fn with_request_id(mut c: Check, a: &Answer) -> Check {
    c.request_id = a.request_id.clone();
    if let Some(id) = &a.request_id {
        c.message.push_str(&format!(" [request id `{id}`]"));
    }
    c
}

pub(super) fn quote(a: &Answer) -> String {
    match a.message.as_deref() {
        Some(m) => format!("; the Hub said: \"{m}\""),
        None => String::new(),
    }
}
