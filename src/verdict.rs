//! The decision: plain facts in (token discovery and lint, the whoami answer,
//! the auth-check answers), a list of checks and an exit status out. Pure: no
//! network, no environment, no printing.

use crate::answer::{Answer, Failure, Outcome};
use crate::exit::Exit;
use crate::repo::{RepoId, RepoType};
use crate::token::{Discovery, Lint};
use crate::whoami::{self, Kind, Whoami};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    TokenPresent,
    TokenFormat,
    Whoami,
    Read,
    Write,
}

impl CheckKind {
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::TokenPresent => "token-present",
            CheckKind::TokenFormat => "token-format",
            CheckKind::Whoami => "whoami",
            CheckKind::Read => "read",
            CheckKind::Write => "write",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Warn,
    Skip,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Warn => "warn",
            Status::Skip => "skip",
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub kind: CheckKind,
    /// Canonical repo, for read and write checks.
    pub repo: Option<String>,
    pub status: Status,
    /// Set for fail, warn and skip.
    pub code: Option<&'static str>,
    pub message: String,
    pub hint: Option<String>,
    pub request_id: Option<String>,
    /// How many attempts the request took, when a request was made.
    pub attempts: Option<u32>,
}

impl Check {
    fn new(kind: CheckKind, status: Status, code: Option<&'static str>, message: String) -> Check {
        Check {
            kind,
            repo: None,
            status,
            code,
            message,
            hint: None,
            request_id: None,
            attempts: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Check {
        self.hint = Some(hint.into());
        self
    }
}

/// The exit status a failure code stands for.
pub fn exit_for(code: &str) -> Exit {
    match code {
        "token-missing" | "token-malformed" | "token-rejected" | "token-expiring" => Exit::Token,
        "rate-limited" | "hub-unavailable" => Exit::TempFail,
        "unexpected-response" => Exit::Protocol,
        _ => Exit::NoPerm,
    }
}

/// One `--read` or `--write` requirement with what the Hub answered.
#[derive(Debug, Clone)]
pub struct Access {
    pub repo: RepoId,
    pub write: bool,
    /// `None` when the request was not made (offline, no usable token).
    pub outcome: Option<Outcome>,
    /// On a read that was not found: the same `ns/name` asked as the other types.
    pub alternatives: Vec<(RepoType, Outcome)>,
}

/// Everything the decision needs.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub endpoint: &'a str,
    pub discovery: &'a Discovery,
    /// `None` when no token was found.
    pub lint: Option<&'a Lint>,
    pub offline: bool,
    /// `None` when whoami was not asked.
    pub whoami: Option<&'a Outcome>,
    pub access: &'a [Access],
    /// `--min-validity`, in seconds.
    pub min_validity: Option<u64>,
    /// The current time, in seconds since the epoch.
    pub now: i64,
    /// `HF_OIDC_RESOURCE` is set: huggingface_hub exchanges an OIDC token first.
    pub oidc: bool,
}

/// The report's content: every check, the user when known, and the exit status.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub checks: Vec<Check>,
    pub user: Option<Whoami>,
    pub exit: Exit,
}

const TOKENS_PAGE: &str = "https://huggingface.co/settings/tokens";

pub fn decide(f: &Facts<'_>) -> Verdict {
    let mut checks = Vec::new();
    let mut user = None;
    // Why later checks were not run, as (code, reason).
    let mut blocked: Option<(&'static str, &'static str)> = None;

    match f.discovery {
        Discovery::Found { source, .. } => checks.push(Check::new(
            CheckKind::TokenPresent,
            Status::Pass,
            None,
            format!("token found in {source}{}", oidc_note(f.oidc)),
        )),
        Discovery::Missing {
            searched,
            blank,
            misplaced,
            unreadable,
        } => {
            let mut c = missing_check(searched, blank, misplaced, unreadable.as_deref());
            c.message.push_str(&oidc_note(f.oidc));
            checks.push(c);
            blocked = Some(("token-missing", "no token"));
        }
    }

    if let (Some(lint), Discovery::Found { source, .. }) = (f.lint, f.discovery) {
        if let Some(ws) = &lint.whitespace {
            checks.push(
                Check::new(
                    CheckKind::TokenFormat,
                    Status::Warn,
                    Some("token-whitespace"),
                    format!("{} (from {source}); checking the cleaned value", ws.message),
                )
                .hint(ws.hint.clone()),
            );
        }
        if lint.errors.is_empty() {
            if lint.whitespace.is_none() {
                checks.push(Check::new(
                    CheckKind::TokenFormat,
                    Status::Pass,
                    None,
                    format!("token `{}` is well formed", lint.masked),
                ));
            }
        } else {
            let first = &lint.errors[0];
            let mut message = format!(
                "{} (from {source}); it was not sent to the Hub",
                first.message
            );
            for more in &lint.errors[1..] {
                message.push_str(&format!("; also: {}", more.message));
            }
            checks.push(
                Check::new(
                    CheckKind::TokenFormat,
                    Status::Fail,
                    Some("token-malformed"),
                    message,
                )
                .hint(first.hint.clone()),
            );
            blocked = Some(("token-malformed", "the token is malformed"));
        }
    } else if blocked.is_some() {
        checks.push(Check::new(
            CheckKind::TokenFormat,
            Status::Skip,
            Some("token-missing"),
            "not checked: no token".to_string(),
        ));
    }

    let source = match f.discovery {
        Discovery::Found { source, .. } => source.to_string(),
        Discovery::Missing { .. } => String::new(),
    };

    // whoami
    let mut rejected = false;
    if let Some((code, why)) = blocked {
        checks.push(Check::new(
            CheckKind::Whoami,
            Status::Skip,
            Some(code),
            format!("not checked: {why}"),
        ));
    } else if f.offline {
        checks.push(offline_skip(CheckKind::Whoami));
    } else if let Some(o) = f.whoami {
        let (mut check, w) = whoami_check(o, &source, f.endpoint);
        rejected = check.code == Some("token-rejected");
        check.attempts = Some(o.attempts);
        checks.push(check);
        if let Some(w) = &w
            && let Some(c) = expiry_check(w, f.min_validity, f.now)
        {
            checks.push(c);
        }
        user = w;
    }

    for access in f.access {
        let kind = if access.write {
            CheckKind::Write
        } else {
            CheckKind::Read
        };
        let mut check = if let Some((code, why)) = blocked {
            Check::new(
                kind,
                Status::Skip,
                Some(code),
                format!("not checked: {why}"),
            )
        } else if f.offline {
            offline_skip(kind)
        } else if let Some(o) = &access.outcome {
            let mut c = access_check(access, o, user.as_ref(), rejected, f.endpoint, &source);
            c.attempts = Some(o.attempts);
            if c.request_id.is_none() && c.status == Status::Fail {
                c.request_id = o.request_id();
            }
            c
        } else {
            Check::new(
                kind,
                Status::Skip,
                Some("hub-unavailable"),
                "not checked".to_string(),
            )
        };
        check.repo = Some(access.repo.to_string());
        checks.push(check);
    }

    let exit = checks
        .iter()
        .find(|c| c.status == Status::Fail)
        .and_then(|c| c.code)
        .map(exit_for)
        .unwrap_or(Exit::Ok);
    Verdict { checks, user, exit }
}

fn oidc_note(oidc: bool) -> String {
    if oidc {
        "; note: `HF_OIDC_RESOURCE` is set, so huggingface_hub first exchanges an OIDC token for a \
         short-lived one, which this check cannot do: the verdict is about the token above"
            .to_string()
    } else {
        String::new()
    }
}

fn offline_skip(kind: CheckKind) -> Check {
    Check::new(
        kind,
        Status::Skip,
        Some("offline"),
        "not checked: offline mode (`--offline` or `HF_HUB_OFFLINE`) checks only presence and format"
            .to_string(),
    )
}

fn missing_check(
    searched: &[String],
    blank: &[String],
    misplaced: &[String],
    unreadable: Option<&str>,
) -> Check {
    let mut message = format!("no token found: looked in {}", searched.join(", "));
    if !blank.is_empty() {
        message.push_str(&format!("; {} set but empty", blank.join(", ")));
    }
    if let Some(u) = unreadable {
        message.push_str(&format!("; could not read {u}"));
    }
    let hint = if let Some(first) = misplaced.first() {
        let names: Vec<String> = misplaced.iter().map(|m| format!("`{m}`")).collect();
        message.push_str(&format!(
            "; found a token in {}; huggingface_hub reads `HF_TOKEN`",
            names.join(", ")
        ));
        format!(
            "pass it as `HF_TOKEN`: `export HF_TOKEN=\"${first}\"`, `hf jobs run --secrets HF_TOKEN ...`, \
             or `HF_TOKEN: ${{{{ secrets.HF_TOKEN }}}}` in CI"
        )
    } else {
        "pass the token as `HF_TOKEN`: `hf jobs run --secrets HF_TOKEN ...` (the bare name takes your \
         own token), `HF_TOKEN: ${{ secrets.HF_TOKEN }}` in CI, or `hf auth login` on a workstation"
            .to_string()
    };
    Check::new(
        CheckKind::TokenPresent,
        Status::Fail,
        Some("token-missing"),
        message,
    )
    .hint(hint)
}

fn describe_token(w: &Whoami) -> String {
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
    match &t.name {
        Some(n) => format!("{kind} \"{n}\""),
        None => kind,
    }
}

/// The message and hint for a request that got no usable answer.
fn failure_check(kind: CheckKind, o: &Outcome, what: &str) -> Check {
    let via = o
        .proxy
        .as_ref()
        .map(|p| format!(" through proxy `{p}`"))
        .unwrap_or_default();
    let retried = if o.attempts > 1 {
        format!(" after {} attempts", o.attempts)
    } else {
        String::new()
    };
    let Err(failure) = &o.result else {
        unreachable!("failure_check on an answer")
    };
    let (code, message, hint) = match failure {
        Failure::Timeout { secs } => (
            "hub-unavailable",
            format!(
                "no answer from `{}`{via} within {} s while checking {what}{retried}",
                o.host,
                // 30 -> "30", 0.5 -> "0.5"
                format!("{secs:.3}")
                    .trim_end_matches('0')
                    .trim_end_matches('.')
            ),
            "try again later; raise `--timeout` if the network is slow".to_string(),
        ),
        Failure::Connect { detail } => (
            "hub-unavailable",
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
        Failure::Certificate { detail } => (
            "hub-unavailable",
            format!(
                "the TLS certificate of `{}`{via} is not trusted: {detail}",
                o.host
            ),
            "a TLS-inspecting proxy needs its CA certificate in `SSL_CERT_FILE` (a PEM bundle)"
                .to_string(),
        ),
        Failure::CrossOrigin { location } => (
            "unexpected-response",
            format!(
                "`{}` redirected {what} to another origin (`{location}`); the token was not sent there",
                o.host
            ),
            "check `HF_ENDPOINT` / `--endpoint`: it should be the Hub itself".to_string(),
        ),
        Failure::TooManyRedirects => (
            "unexpected-response",
            format!("`{}` redirected {what} more than 3 times", o.host),
            "check `HF_ENDPOINT` / `--endpoint`".to_string(),
        ),
        Failure::BodyTooLarge => (
            "unexpected-response",
            format!("the answer to {what} is larger than 1 MiB, far more than the Hub sends"),
            "check `HF_ENDPOINT` / `--endpoint` and any proxy in between".to_string(),
        ),
        Failure::Protocol { detail } => (
            "unexpected-response",
            format!(
                "the answer to {what} from `{}` is not valid HTTP: {detail}",
                o.host
            ),
            "check `HF_ENDPOINT` / `--endpoint` and any proxy in between".to_string(),
        ),
    };
    Check::new(kind, Status::Fail, Some(code), message).hint(hint)
}

/// 429, 408 and 5xx: the Hub could not answer now.
fn transient_check(kind: CheckKind, o: &Outcome, a: &Answer, what: &str) -> Option<Check> {
    let retried = if o.attempts > 1 {
        format!(" after {} attempts", o.attempts)
    } else {
        String::new()
    };
    let wait = o.gave_up_wait.or(a.retry_after);
    let wait_hint = match wait {
        Some(s) => format!("wait {s} s, then try again"),
        None => "try again later".to_string(),
    };
    let check = match a.status {
        429 => Check::new(
            kind,
            Status::Fail,
            Some("rate-limited"),
            format!(
                "the Hub rate-limited {what} (429){retried}; this says nothing about the token"
            ),
        )
        .hint(format!("{wait_hint}; exit status 75 means retry later")),
        408 | 500..=599 => Check::new(
            kind,
            Status::Fail,
            Some("hub-unavailable"),
            format!("the Hub answered {what} with {}{retried}", a.status),
        )
        .hint(format!("{wait_hint}; see https://status.huggingface.co")),
        _ => return None,
    };
    Some(with_request_id(check, a))
}

fn with_request_id(mut c: Check, a: &Answer) -> Check {
    c.request_id = a.request_id.clone();
    if let Some(id) = &a.request_id {
        c.message.push_str(&format!(" [request id `{id}`]"));
    }
    c
}

fn quote(a: &Answer) -> String {
    match a.hub_message() {
        Some(m) => format!("; the Hub said: \"{m}\""),
        None => String::new(),
    }
}

fn whoami_check(o: &Outcome, source: &str, endpoint: &str) -> (Check, Option<Whoami>) {
    let what = "the token (`/api/whoami-v2`)";
    let a = match &o.result {
        Err(_) => return (failure_check(CheckKind::Whoami, o, what), None),
        Ok(a) => a,
    };
    if let Some(c) = transient_check(CheckKind::Whoami, o, a, what) {
        return (c, None);
    }
    match a.status {
        200 => match whoami::parse(&a.body) {
            Ok(w) => {
                let mut message = format!("user `{}`, {}", w.name, describe_token(&w));
                if let Some(exp) = &w.token.expires_at {
                    message.push_str(&format!(", expires {exp}"));
                }
                (Check::new(CheckKind::Whoami, Status::Pass, None, message), Some(w))
            }
            Err(why) => (
                with_request_id(
                    Check::new(
                        CheckKind::Whoami,
                        Status::Fail,
                        Some("unexpected-response"),
                        format!("`/api/whoami-v2` answered 200 but {why}"),
                    )
                    .hint(format!("is `{endpoint}` a Hugging Face Hub? check `HF_ENDPOINT` and any proxy in between")),
                    a,
                ),
                None,
            ),
        },
        401 => (
            with_request_id(
                Check::new(
                    CheckKind::Whoami,
                    Status::Fail,
                    Some("token-rejected"),
                    format!(
                        "the Hub rejected the token from {source} (401): it is invalid, expired or revoked{}",
                        quote(a)
                    ),
                )
                .hint(format!("create a new token at {TOKENS_PAGE} and update the secret behind {source}")),
                a,
            ),
            None,
        ),
        s => (
            with_request_id(
                Check::new(
                    CheckKind::Whoami,
                    Status::Fail,
                    Some("unexpected-response"),
                    format!("`/api/whoami-v2` answered {s}, which the Hub does not document{}", quote(a)),
                )
                .hint(format!("is `{endpoint}` a Hugging Face Hub? check `HF_ENDPOINT` and any proxy in between")),
                a,
            ),
            None,
        ),
    }
}

/// `--min-validity` against `auth.expiresAt`.
fn expiry_check(w: &Whoami, min_validity: Option<u64>, now: i64) -> Option<Check> {
    let min = min_validity?;
    let Some(exp_text) = &w.token.expires_at else {
        return Some(Check::new(
            CheckKind::Whoami,
            Status::Pass,
            None,
            format!(
                "the Hub gives no expiry for this {}: it lasts at least `--min-validity`",
                describe_token(w)
            ),
        ));
    };
    let Some(exp) = parse_timestamp(exp_text) else {
        return Some(Check::new(
            CheckKind::Whoami,
            Status::Warn,
            Some("unexpected-response"),
            format!(
                "could not read the token's expiry `{exp_text}`, so `--min-validity` was not checked"
            ),
        ));
    };
    let left = exp - now;
    let check = if left <= 0 {
        Check::new(
            CheckKind::Whoami,
            Status::Fail,
            Some("token-expiring"),
            format!(
                "the token expired {} ago ({exp_text})",
                human_duration((-left) as u64)
            ),
        )
    } else if (left as u64) < min {
        Check::new(
            CheckKind::Whoami,
            Status::Fail,
            Some("token-expiring"),
            format!(
                "the token expires in {} ({exp_text}), sooner than `--min-validity` {}",
                human_duration(left as u64),
                human_duration(min)
            ),
        )
    } else {
        return Some(Check::new(
            CheckKind::Whoami,
            Status::Pass,
            None,
            format!(
                "the token is valid for {} more, at least `--min-validity` {}",
                human_duration(left as u64),
                human_duration(min)
            ),
        ));
    };
    Some(check.hint(
        "start the job with a fresh token (OAuth and trusted-publisher tokens are short-lived), or use a \
         user access token for long jobs",
    ))
}

pub fn human_duration(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{m}m"),
        (0, _, 0) => format!("{h}h"),
        (0, _, _) => format!("{h}h{m}m"),
        (_, 0, _) => format!("{d}d"),
        _ => format!("{d}d{h}h"),
    }
}

/// Seconds since the epoch for an RFC 3339 time such as `2026-01-02T03:04:05.000Z`.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (y, mo, d, h, mi, sec) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" | "" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let t = &rest[1..];
            if t.len() != 5 || t.as_bytes()[2] != b':' {
                return None;
            }
            let oh: i64 = t[0..2].parse().ok()?;
            let om: i64 = t[3..5].parse().ok()?;
            sign * (oh * 3600 + om * 60)
        }
    };
    // days from civil (Howard Hinnant's algorithm)
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    Some(days * 86400 + h * 3600 + mi * 60 + sec - offset)
}

fn access_check(
    access: &Access,
    o: &Outcome,
    w: Option<&Whoami>,
    rejected: bool,
    endpoint: &str,
    source: &str,
) -> Check {
    let mut c = access_check_inner(access, o, w, rejected, endpoint, source);
    // A rename followed on the way to a failure is worth saying too.
    if let Ok(a) = &o.result
        && c.status == Status::Fail
        && let Some(new) = a.redirected_to.as_deref().and_then(RepoId::from_api_path)
        && new != access.repo
    {
        c.message.push_str(&format!(
            " (the repo was renamed to `{new}`; update the name)"
        ));
    }
    c
}

fn access_check_inner(
    access: &Access,
    o: &Outcome,
    w: Option<&Whoami>,
    rejected: bool,
    endpoint: &str,
    source: &str,
) -> Check {
    let repo = &access.repo;
    let kind = if access.write {
        CheckKind::Write
    } else {
        CheckKind::Read
    };
    let verb = if access.write { "write" } else { "read" };
    let what = format!("{verb} access to {} `{repo}`", repo.ty.singular());
    let a = match &o.result {
        Err(_) => return failure_check(kind, o, &what),
        Ok(a) => a,
    };
    if let Some(c) = transient_check(kind, o, a, &what) {
        return c;
    }
    let page = format!("{endpoint}{}", repo.web_path());
    let fail = |code: &'static str, message: String, hint: String| {
        with_request_id(
            Check::new(kind, Status::Fail, Some(code), message).hint(hint),
            a,
        )
    };
    if a.is_success() {
        if let Some(new) = a.redirected_to.as_deref().and_then(RepoId::from_api_path)
            && new != *repo
        {
            return Check::new(
                kind,
                Status::Warn,
                Some("renamed"),
                format!(
                    "{} `{repo}` was renamed to `{new}`; update the name ({verb} access to it: ok)",
                    repo.ty.singular()
                ),
            )
            .hint(format!("update the name to `{new}`"));
        }
        let by = w
            .map(|w| format!(" for user `{}`", w.name))
            .unwrap_or_default();
        return Check::new(
            kind,
            Status::Pass,
            None,
            format!("can {verb} {} `{repo}`{by}", repo.ty.singular()),
        );
    }
    if a.invalid_credentials() || (rejected && a.status == 401) {
        return fail(
            "token-rejected",
            format!("the Hub rejected the token from {source} (401) while checking {what}"),
            format!("create a new token at {TOKENS_PAGE}"),
        );
    }
    if a.gated() {
        let mut message = format!("{} `{repo}` is gated and ", repo.ty.singular());
        let mut hint = format!("request access at {page}");
        match w {
            Some(w) => message.push_str(&format!("user `{}` has no access grant", w.name)),
            None => message.push_str("this user has no access grant"),
        }
        if let Some(fg) = w.and_then(|w| w.token.fine_grained.as_ref())
            && fg.can_read_gated != Some(true)
        {
            message.push_str(&format!(
                ", or the fine-grained token \"{}\" lacks \"Read access to contents of all public gated repos you can access\"",
                w.and_then(|w| w.token.name.clone()).unwrap_or_default()
            ));
            hint = format!(
                "if access was already granted, enable \"Read access to contents of all public gated repos you can access\" for the token at {TOKENS_PAGE}; otherwise request access at {page}"
            );
        }
        return fail("gated", format!("{message}{}", quote(a)), hint);
    }
    if a.disabled() {
        return fail(
            "disabled",
            format!(
                "{} `{repo}` was disabled by the Hub{}",
                repo.ty.singular(),
                quote(a)
            ),
            format!(
                "nothing a token can fix: use another repo, or ask the owner of `{}`",
                repo.ns
            ),
        );
    }
    if a.not_found() {
        if access.write {
            return creation_check(kind, repo, w, a);
        }
        let exists_as: Vec<String> = access
            .alternatives
            .iter()
            .filter(|(_, o)| matches!(&o.result, Ok(a) if a.is_success() || a.gated() || a.status == 403))
            .map(|(t, _)| repo.with_type(*t).to_string())
            .collect();
        let by = w
            .map(|w| format!("user `{}`", w.name))
            .unwrap_or_else(|| "this user".into());
        let message = format!(
            "{} `{repo}` does not exist, or it is private and not visible to {by} ({})",
            repo.ty.singular(),
            a.status
        );
        let hint = match exists_as.first() {
            Some(other) => format!("did you mean `{other}`?"),
            None => format!(
                "check the spelling and the type (`datasets/...`, `spaces/...`); for a private repo, \
                 the token's user must be a member of `{}`",
                repo.ns
            ),
        };
        return fail("not-found", message, hint);
    }
    if matches!(a.status, 401 | 403) {
        let code = if access.write {
            "write-denied"
        } else {
            "read-denied"
        };
        let (why, hint) = explain_denial(repo, w, access.write);
        return fail(
            code,
            format!("the Hub denied {what} ({}): {why}{}", a.status, quote(a)),
            hint,
        );
    }
    fail(
        "unexpected-response",
        format!(
            "the Hub answered {what} with {}, which it does not document{}",
            a.status,
            quote(a)
        ),
        format!("is `{endpoint}` a Hugging Face Hub? check `HF_ENDPOINT` and any proxy in between"),
    )
}

/// What the whoami answer says about why a token may not read or write `repo`.
fn explain_denial(repo: &RepoId, w: Option<&Whoami>, write: bool) -> (String, String) {
    let Some(w) = w else {
        return (
            "whoami gave no answer to explain it".into(),
            "run the check again once the Hub answers whoami".into(),
        );
    };
    let token = describe_token(w);
    let ns = &repo.ns;
    let perm = if write {
        "repo.write"
    } else {
        "repo.content.read"
    };
    let full = format!("{}/{}", repo.ns, repo.name);
    if write && w.token.kind == Kind::Read {
        return (
            format!("the {token} can only read"),
            format!(
                "create a write token, or a fine-grained token with `repo.write` on `{ns}`, at {TOKENS_PAGE}"
            ),
        );
    }
    if let (Kind::FineGrained, Some(fg)) = (&w.token.kind, &w.token.fine_grained) {
        let covered = fg.grants("user", ns, perm)
            || fg.grants("org", ns, perm)
            || fg.grants(repo.ty.singular(), &full, perm);
        let covered = covered
            || (!write
                && (fg.grants("user", ns, "repo.write")
                    || fg.grants("org", ns, "repo.write")
                    || fg.grants(repo.ty.singular(), &full, "repo.write")));
        if !covered {
            let on = fg.entities_with(perm);
            let granted = if on.is_empty() {
                format!("it grants `{perm}` on nothing")
            } else {
                format!("it grants `{perm}` only on {}", on.join(", "))
            };
            return (
                format!(
                    "the {token} has no `{perm}` on `{full}` or on its namespace `{ns}`; {granted}"
                ),
                format!(
                    "edit the token at {TOKENS_PAGE}: add `{perm}` for `{ns}` (or for `{full}`)"
                ),
            );
        }
    }
    let org = w.orgs.iter().find(|o| o.name.eq_ignore_ascii_case(ns));
    let is_user = w.name.eq_ignore_ascii_case(ns);
    if let Some(org) = org {
        match org.role.as_deref() {
            Some("read") if write => {
                return (
                    format!(
                        "user `{}` has the role `read` in org `{ns}`, which cannot write",
                        w.name
                    ),
                    format!("ask an admin of `{ns}` for the `write` or `contributor` role"),
                );
            }
            Some("contributor") if write => {
                return (
                    format!(
                        "user `{}` is a `contributor` in org `{ns}`: contributors may modify only the repos they created",
                        w.name
                    ),
                    format!(
                        "ask an admin of `{ns}` for the `write` role, or push to a repo you created"
                    ),
                );
            }
            _ => {}
        }
    } else if !is_user {
        return (
            format!("user `{}` is not a member of `{ns}`", w.name),
            format!(
                "ask to join `{ns}`, push to `{}/{}` instead, or use a token of a member",
                w.name, repo.name
            ),
        );
    }
    let role = org
        .and_then(|o| o.role.clone())
        .map(|r| format!(", role `{r}` in `{ns}`"))
        .unwrap_or_default();
    (
        format!(
            "the whoami answer ({token}{role}) shows no reason, so an organization policy or a repo setting refuses it"
        ),
        format!(
            "read the Hub's message above; an organization may require approved or fine-grained tokens (ask an admin of `{ns}`)"
        ),
    )
}

/// A write to a repo that does not exist: may this token create it? Inferred from whoami.
fn creation_check(kind: CheckKind, repo: &RepoId, w: Option<&Whoami>, a: &Answer) -> Check {
    let ty = repo.ty.singular();
    let ns = &repo.ns;
    let Some(w) = w else {
        return with_request_id(
            Check::new(
                kind,
                Status::Skip,
                Some("not-found"),
                format!(
                    "{ty} `{repo}` does not exist yet, and without a whoami answer it cannot be told whether this token may create it"
                ),
            ),
            a,
        );
    };
    let token = describe_token(w);
    let is_user = w.name.eq_ignore_ascii_case(ns);
    let org = w.orgs.iter().find(|o| o.name.eq_ignore_ascii_case(ns));
    let role = org.and_then(|o| o.role.as_deref());
    let deny = |why: String, hint: String| {
        with_request_id(
            Check::new(
                kind,
                Status::Fail,
                Some("write-denied"),
                format!("{ty} `{repo}` does not exist, and this token may not create it (inferred from whoami): {why}"),
            )
            .hint(hint),
            a,
        )
    };
    let allow = |why: String| {
        Check::new(
            kind,
            Status::Pass,
            None,
            format!(
                "{ty} `{repo}` does not exist yet; it will be created on first push (inferred from whoami: {why})"
            ),
        )
    };
    if !is_user && org.is_none() {
        return deny(
            format!(
                "user `{}` is neither `{ns}` nor a member of an org named `{ns}`",
                w.name
            ),
            format!("push to `{}/{}`, or join `{ns}`", w.name, repo.name),
        );
    }
    if let Some(r) = role {
        if !matches!(r, "contributor" | "write" | "admin") {
            return deny(
                format!(
                    "user `{}` has the role `{r}` in org `{ns}`, which cannot create repos",
                    w.name
                ),
                format!("ask an admin of `{ns}` for the `contributor` or `write` role"),
            );
        }
    } else if !is_user {
        return deny(
            format!(
                "the whoami answer gives no role for user `{}` in org `{ns}`",
                w.name
            ),
            format!("ask an admin of `{ns}` which role you have"),
        );
    }
    let entity = if is_user { "user" } else { "org" };
    let place = if is_user {
        format!("your namespace `{ns}`")
    } else {
        format!("org `{ns}` (role `{}`)", role.unwrap_or("?"))
    };
    match &w.token.kind {
        Kind::Write => {
            let mut c = allow(format!("{token} in {place}"));
            if !is_user {
                c.message.push_str("; an org policy may still refuse classic tokens");
            }
            c
        }
        Kind::Read => deny(
            format!("the {token} can only read"),
            format!("create a write token, or a fine-grained token with `repo.write` on `{ns}`, at {TOKENS_PAGE}"),
        ),
        Kind::FineGrained => {
            let fg = w.token.fine_grained.clone().unwrap_or_default();
            let via_group = fg.scoped.iter().any(|s| {
                s.entity_type == "resource-group" && s.permissions.iter().any(|p| p == "repo.write")
            });
            if fg.grants(entity, ns, "repo.write") {
                allow(format!("{token} holds `repo.write` on {entity} `{ns}`"))
            } else if via_group {
                // Whether a resource group's `repo.write` lets a token create repos is
                // not documented: say so rather than guess.
                with_request_id(
                    Check::new(
                        kind,
                        Status::Warn,
                        Some("not-found"),
                        format!(
                            "{ty} `{repo}` does not exist yet; the {token} holds `repo.write` only through a \
                             resource group, and whether that lets it create repos in `{ns}` cannot be told from whoami"
                        ),
                    )
                    .hint(format!(
                        "create the repo beforehand, or add `repo.write` for `{ns}` to the token at {TOKENS_PAGE}"
                    )),
                    a,
                )
            } else {
                let on = fg.entities_with("repo.write");
                let granted = if on.is_empty() {
                    "it grants `repo.write` on nothing".to_string()
                } else {
                    format!("it grants `repo.write` only on {}", on.join(", "))
                };
                deny(
                    format!("the {token} has no `repo.write` on {entity} `{ns}`; {granted}"),
                    format!("edit the token at {TOKENS_PAGE}: add `repo.write` for `{ns}`"),
                )
            }
        }
        _ => with_request_id(
            Check::new(
                kind,
                Status::Warn,
                Some("not-found"),
                format!(
                    "{ty} `{repo}` does not exist yet; whether this {token} may create it cannot be told from whoami"
                ),
            )
            .hint("the first push will tell; to be sure, create the repo beforehand".to_string()),
            a,
        ),
    }
}

#[cfg(test)]
mod tests;
