//! Read and write checks: what the auth-check answer means for this repo, with
//! the reason and the fix.

use super::{Access, Check, CheckKind, Code, Identity, Status, TOKENS_PAGE, creation, explain};
use crate::answer::{Answer, Existence, Failure, Outcome};
use crate::repo::RepoId;
use crate::whoami::Whoami;

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

    fn verb(&self) -> &'static str {
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

/// The check line for an access requirement whose request got an outcome.
pub(super) fn check(access: &Access, o: &Outcome, who: &Identity<'_>) -> Check {
    let s = Subject {
        repo: &access.repo,
        write: access.write,
        user: who.user,
    };
    let (kind, what) = (s.kind(), s.what());
    let mut c = match &o.result {
        Err(f) => failure_check(kind, o, f, &what),
        Ok(a) => transient_check(kind, o, a, &what).unwrap_or_else(|| answered(access, &s, a, who)),
    };
    c.attempts = Some(o.attempts);
    if c.request_id.is_none() && c.status == Status::Fail {
        c.request_id = o.request_id();
    }
    if let Ok(a) = &o.result
        && let Some(new) = renamed_to(a, s.repo)
    {
        if is_alias(s.repo, &new) {
            // `gpt2` is `openai-community/gpt2`: report the canonical name.
            c.repo = Some(new.to_string());
        } else if c.status == Status::Fail {
            // A rename followed on the way to a failure is worth saying too.
            c.message.push_str(&format!(
                " (the repo was renamed to `{new}`; update the name)"
            ));
        }
    }
    c
}

fn renamed_to(a: &Answer, repo: &RepoId) -> Option<RepoId> {
    a.redirected_to
        .as_deref()
        .and_then(RepoId::from_api_path)
        .filter(|new| new != repo)
}

/// The repo under its canonical name: a legacy id or another letter case
/// followed to the name the Hub redirected it to; otherwise as given.
pub(super) fn canonical(access: &Access) -> RepoId {
    match &access.outcome {
        super::Asked::Done(o) => o
            .result
            .as_ref()
            .ok()
            .and_then(|a| renamed_to(a, &access.repo))
            .filter(|new| is_alias(&access.repo, new))
            .unwrap_or_else(|| access.repo.clone()),
        _ => access.repo.clone(),
    }
}

/// A redirect that is no rename: a legacy id's canonical name, or another letter case.
fn is_alias(given: &RepoId, canonical: &RepoId) -> bool {
    given.ty == canonical.ty
        && (given.is_legacy() && given.name.eq_ignore_ascii_case(&canonical.name)
            || given
                .to_string()
                .eq_ignore_ascii_case(&canonical.to_string()))
}

/// A definite answer (not a network failure, not transient).
fn answered(access: &Access, s: &Subject<'_>, a: &Answer, who: &Identity<'_>) -> Check {
    if a.is_success() {
        return success(s, a);
    }
    let page = format!("{}{}", who.endpoint, s.repo.web_path());
    let fail = |code: Code, message: String, hint: String| {
        with_request_id(Check::fail(s.kind(), code, message).hint(hint), a)
    };
    if a.invalid_credentials() || (who.rejected && a.status == 401) {
        return fail(
            Code::TokenRejected,
            format!(
                "the Hub rejected the token from {} (401) while checking {}",
                who.source,
                s.what()
            ),
            format!("create a new token at {TOKENS_PAGE}"),
        );
    }
    if a.gated() {
        let (message, hint) = gated(s, &page, a.message.as_deref());
        return fail(Code::Gated, format!("{message}{}", quote(a)), hint);
    }
    if a.disabled() {
        return fail(
            Code::Disabled,
            format!(
                "{} has been disabled (huggingface_hub's `DisabledRepoError`): nobody can read or \
                 write it{}",
                s.repo.label(),
                quote(a)
            ),
            format!(
                "nothing a token can fix: use another repo, or ask the owner of `{}`",
                s.repo.ns
            ),
        );
    }
    // The same predicate that decided the follow-ups (a 401 to a token whoami
    // accepted is "not found" there too).
    if a.existence(who.user.is_some()) == Existence::NotFound {
        if s.write {
            return creation::check(s, a, access, who);
        }
        return not_found(access, s, a);
    }
    refused(s, a, who)
}

/// A 401/403 explained from whoami and the Hub's message; any other status is undocumented.
fn refused(s: &Subject<'_>, a: &Answer, who: &Identity<'_>) -> Check {
    let check = if matches!(a.status, 401 | 403) {
        let code = if s.write {
            Code::WriteDenied
        } else {
            Code::ReadDenied
        };
        let (why, hint) = explain::denial(s.repo, s.user, s.write, a.message.as_deref());
        Check::fail(
            s.kind(),
            code,
            format!(
                "the Hub denied {} ({}): {why}{}",
                s.what(),
                a.status,
                quote(a)
            ),
        )
        .hint(hint)
    } else {
        Check::fail(
            s.kind(),
            Code::UnexpectedResponse,
            format!(
                "the Hub answered {} with {}, which it does not document{}",
                s.what(),
                a.status,
                quote(a)
            ),
        )
        .hint(format!(
            "is `{}` a Hugging Face Hub? check `HF_ENDPOINT` and any proxy in between",
            who.endpoint
        ))
    };
    with_request_id(check, a)
}

fn success(s: &Subject<'_>, a: &Answer) -> Check {
    let (verb, repo, label) = (s.verb(), s.repo, s.repo.label());
    let by = s
        .user
        .map(|w| format!(" for user `{}`", w.name))
        .unwrap_or_default();
    if let Some(new) = renamed_to(a, repo).filter(|new| is_alias(repo, new)) {
        return Check::pass(
            s.kind(),
            format!("can {verb} {} (given as `{repo}`){by}", new.label()),
        );
    }
    if let Some(new) = renamed_to(a, repo) {
        return Check::warn(
            s.kind(),
            Code::Renamed,
            format!("{label} was renamed to `{new}`; update the name ({verb} access to it: ok)"),
        )
        .hint(format!("update the name to `{new}`"));
    }
    Check::pass(s.kind(), format!("can {verb} {label}{by}"))
}

/// The message and hint of a gated repo without a grant. When the Hub says the
/// access request is awaiting review, that is the cause: no "request access" hint.
fn gated(s: &Subject<'_>, page: &str, hub: Option<&str>) -> (String, String) {
    if hub.is_some_and(|m| m.to_ascii_lowercase().contains("awaiting a review")) {
        return (
            format!(
                "{} is gated and the access request of {} is awaiting review by the repo authors",
                s.repo.label(),
                s.by()
            ),
            format!(
                "wait until the authors of `{}` review the request (its state shows at {page}); \
                 nothing to change in the token",
                s.repo.full_name()
            ),
        );
    }
    let mut message = format!(
        "{} is gated and {} has no access grant",
        s.repo.label(),
        s.by()
    );
    let mut hint = format!("request access at {page}");
    if let Some(w) = s.user
        && let Some(fg) = &w.token.fine_grained
        && fg.can_read_gated != Some(true)
    {
        message.push_str(&format!(
            ", or the fine-grained token \"{}\" lacks \"Read access to contents of all public gated repos you can access\"",
            w.token.name.clone().unwrap_or_default()
        ));
        hint = format!(
            "if access was already granted, enable \"Read access to contents of all public gated repos you can access\" for the token at {TOKENS_PAGE}; otherwise request access at {page}"
        );
    }
    (message, hint)
}

/// A read that was not found, with "did you mean" when the name exists as another type.
fn not_found(access: &Access, s: &Subject<'_>, a: &Answer) -> Check {
    let repo = s.repo;
    let exists_as: Vec<String> = access
        .alternatives
        .iter()
        .filter(|(_, o)| o.result.as_ref().is_ok_and(Answer::proves_exists))
        .map(|(t, _)| repo.with_type(*t).to_string())
        .collect();
    let message = format!(
        "{} does not exist, or it is private and not visible to {} ({})",
        repo.label(),
        s.by(),
        a.status
    );
    let own = s
        .user
        .is_some_and(|w| w.name.eq_ignore_ascii_case(&repo.ns));
    let hint = match exists_as.first() {
        Some(other) => format!("did you mean `{other}`?"),
        None if repo.is_legacy() => format!(
            "check the spelling and the type (`datasets/...`, `spaces/...`); a name without a namespace \
             works only for the Hub's legacy repos: write `namespace/{}` with the namespace from the repo's page",
            repo.name
        ),
        None if own => {
            "check the spelling and the type (`datasets/...`, `spaces/...`): it is your own \
             namespace, so a private repo there would be visible"
                .to_string()
        }
        None => format!(
            "check the spelling and the type (`datasets/...`, `spaces/...`); for a private repo, \
             the token's user must be a member of `{}`",
            repo.ns
        ),
    };
    with_request_id(Check::fail(s.kind(), Code::NotFound, message).hint(hint), a)
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
        429 => Check::fail(
            kind,
            Code::RateLimited,
            format!(
                "the Hub rate-limited {what} (429){retried}; this says nothing about the token"
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
