//! The whoami check: is the token accepted, whose is it, what kind, and does it
//! last long enough (`--min-validity`).

use super::common::{
    GATED_SETTING, JOB_SECRETS, describe_token, failure_check, in_job, quote, transient_check,
    with_request_id,
};
use super::{Asked, Blocked, Check, CheckKind, Code, Facts, blocked_skip, lost, quota};
use crate::answer::Outcome;
use crate::timestamp;
use crate::whoami::{Kind, Whoami, WhoamiReply};

/// The whoami lines, the user when the Hub told it, and whether the token was rejected.
pub(super) fn checks(
    f: &Facts<'_>,
    blocked: Blocked,
    source: &str,
) -> (Vec<Check>, Option<Whoami>, bool) {
    if let Some(skip) = blocked_skip(CheckKind::Whoami, blocked) {
        return (vec![skip], None, false);
    }
    let reply = match &f.whoami {
        Asked::Done(reply) => *reply,
        Asked::Lost | Asked::Skipped => {
            let lost = lost(CheckKind::Whoami, "`/api/whoami-v2`");
            return (vec![lost], None, false);
        }
    };
    let mut check = answer_check(reply, source, f.endpoint, f.now);
    if check.code == Some(Code::TokenRejected)
        && let Some(job) = f.job
    {
        // Inside a Job the new token goes where the old one came from: its secrets.
        check.hint = Some(format!(
            "create a new token at {}, and start the job again with it as {JOB_SECRETS}",
            super::TOKENS_PAGE,
        ));
        check.message.push_str(&format!(" ({})", in_job(job)));
    }
    check.attempts = Some(reply.outcome.attempts);
    // The quota, once: here, unless the `quota-low` warning says it.
    if check.status == super::Status::Pass
        && let Some(q) = &f.quota
        && quota::low(q, f.min_quota).is_none()
        && let Some(line) = quota::line(q)
    {
        check.message.push_str(&format!("; {line}"));
    }
    if check.code == Some(Code::RateLimited) && access_prove_the_token(f.access) {
        check = rate_limited_but_accepted(check);
    }
    let rejected = check.code == Some(Code::TokenRejected);
    // Accepted = 200 with the documented JSON (`WhoamiReply::user`), the same
    // rule `gather` used to ask the follow-ups; such an answer always passes.
    let user = reply.user().cloned();
    let mut out = vec![check];
    if let Some(w) = &user
        && let Some(min) = f.min_validity
    {
        out.push(expiry_check(w, min, f.now));
    }
    if let Some(w) = &user
        && let Some(max) = f.max_age
    {
        out.push(age_check(w, max, f.now));
    }
    (out, user, rejected)
}

/// Every access check got a definite answer and none was a 401: the Hub accepted
/// the token (an invalid token gets 401 everywhere).
fn access_prove_the_token(access: &[super::Access]) -> bool {
    !access.is_empty()
        && access.iter().all(|a| match &a.outcome {
            Asked::Done(o) => o.result.as_ref().is_ok_and(|r| {
                r.status != 401 && r.status != 429 && r.status != 408 && r.status < 500
            }),
            _ => false,
        })
}

/// whoami was rate-limited, but the access checks show the token works: a warning.
fn rate_limited_but_accepted(c: Check) -> Check {
    let mut w = Check::warn(
        CheckKind::Whoami,
        Code::RateLimited,
        format!(
            "{}; the access checks below got answers, so the Hub accepted the token. Without whoami, \
             the user, the token's kind and expiry, and whether a missing repo may be created could \
             not be inferred",
            c.message
        ),
    );
    // The run does not exit 75 here: keep the wait, drop what the 75 means.
    w.hint = c
        .hint
        .map(|h| h.replace("; exit status 75 means retry later", ""));
    w.request_id = c.request_id;
    w.attempts = c.attempts;
    w
}

fn answer_check(reply: &WhoamiReply, source: &str, endpoint: &str, now: i64) -> Check {
    let o: &Outcome = &reply.outcome;
    let what = "the token (`/api/whoami-v2`)";
    let a = match &o.result {
        Err(f) => return failure_check(CheckKind::Whoami, o, f, what),
        Ok(a) => a,
    };
    if let Some(c) = transient_check(CheckKind::Whoami, o, a, what) {
        return c;
    }
    let not_hub =
        format!("is `{endpoint}` a Hugging Face Hub? check `HF_ENDPOINT` and any proxy in between");
    let check = match (a.status, &reply.parsed) {
        (200, Some(Ok(w))) => return Check::pass(CheckKind::Whoami, accepted(w, now)),
        (200, Some(Err(why))) => Check::fail(
            CheckKind::Whoami,
            Code::UnexpectedResponse,
            format!("`/api/whoami-v2` answered 200 but {why}"),
        )
        .hint(not_hub),
        (401, _) => Check::fail(
            CheckKind::Whoami,
            Code::TokenRejected,
            format!(
                "the Hub rejected the token from {source} (401): it is invalid, expired or revoked{}",
                quote(a)
            ),
        )
        .hint(format!(
            "create a new token at {} and update the secret behind {source}",
            super::TOKENS_PAGE
        )),
        (s, _) => Check::fail(
            CheckKind::Whoami,
            Code::UnexpectedResponse,
            format!("`/api/whoami-v2` answered {s}, which the Hub does not document{}", quote(a)),
        )
        .hint(not_hub),
    };
    with_request_id(check, a)
}

/// The whoami line of an accepted token: whose, what kind, its dates, and a
/// fine-grained token's gated-repos setting when whoami says it is off.
fn accepted(w: &Whoami, now: i64) -> String {
    // An app token's whoami is the app, not a user.
    let who = if w.token.kind == Kind::App {
        "app"
    } else {
        "user"
    };
    let mut message = format!("{who} `{}`, {}", w.name, describe_token(w));
    if let Some(created) = created(w, now) {
        message.push_str(&format!(", {created}"));
    }
    if let Some(exp) = &w.token.expires_at {
        message.push_str(&format!(", expires {exp}"));
    }
    if let Some(s) = &w.token.scopes {
        message.push_str(&format!(", scopes {}", super::scopes::listed(s)));
    }
    if w.token.kind == Kind::FineGrained
        && w.token
            .fine_grained
            .as_ref()
            .and_then(|fg| fg.can_read_gated)
            == Some(false)
    {
        message.push_str(&format!(
            "; its setting {GATED_SETTING} is off: it cannot read gated repos, even those user \
             `{}` was granted",
            w.name
        ));
    }
    message
}

/// `created 2026-01-02 (120d ago)`, when the Hub gives the creation time.
fn created(w: &Whoami, now: i64) -> Option<String> {
    let text = w.token.created_at.as_deref()?;
    let date = text.get(..10).unwrap_or(text);
    Some(match timestamp::parse(text) {
        Some(t) if now >= t => format!("created {date} ({} ago)", age((now - t).unsigned_abs())),
        _ => format!("created {date}"),
    })
}

/// A token's age in whole days (hours under a day).
fn age(secs: u64) -> String {
    match secs / 86400 {
        0 => human_duration(secs),
        1 => "1 day".to_string(),
        d => format!("{d} days"),
    }
}

/// `--max-age` against `accessToken.createdAt`. No creation time, or one that
/// cannot be read, fails: the requirement could not be verified.
fn age_check(w: &Whoami, max: u64, now: i64) -> Check {
    let k = CheckKind::Whoami;
    let hint = format!(
        "create a new token at {}, update the secret, and delete the old token",
        super::TOKENS_PAGE
    );
    let Some(t) = w.token.created_at.as_deref().and_then(timestamp::parse) else {
        return Check::fail(
            k,
            Code::TokenTooOld,
            format!(
                "the Hub gives no readable creation time for this {}, so `--max-age` {} could not be verified",
                describe_token(w),
                human_duration(max)
            ),
        )
        .hint("drop `--max-age` for this kind of token, or use a user access token");
    };
    // A creation time after `now` (clock skew) is a new token, not one `t - now` old.
    let age = u64::try_from(now.saturating_sub(t)).unwrap_or(0);
    if age > max {
        return Check::fail(
            k,
            Code::TokenTooOld,
            format!(
                "the token was created {} ago, more than `--max-age` {}",
                human_duration(age),
                human_duration(max)
            ),
        )
        .hint(hint);
    }
    Check::pass(
        k,
        format!(
            "the token is {} old, within `--max-age` {}",
            human_duration(age),
            human_duration(max)
        ),
    )
}

/// `--min-validity` against `auth.expiresAt`. An expiry that cannot be read fails:
/// the requirement could not be verified.
fn expiry_check(w: &Whoami, min: u64, now: i64) -> Check {
    let k = CheckKind::Whoami;
    let Some(exp_text) = &w.token.expires_at else {
        return Check::pass(
            k,
            format!(
                "the Hub gives no expiry for this {}: it lasts at least `--min-validity`",
                describe_token(w)
            ),
        );
    };
    let Some(exp) = timestamp::parse(exp_text) else {
        return Check::fail(
            k,
            Code::TokenExpiring,
            format!(
                "could not read the token's expiry `{exp_text}`, so `--min-validity` {} could not be verified",
                human_duration(min)
            ),
        )
        .hint("drop `--min-validity`, or report this expiry format to hf-token-check");
    };
    let left = exp - now;
    let check = if left <= 0 {
        let ago = human_duration(left.unsigned_abs());
        Check::fail(
            k,
            Code::TokenExpiring,
            format!("the token expired {ago} ago ({exp_text})"),
        )
    } else if left.unsigned_abs() < min {
        Check::fail(
            k,
            Code::TokenExpiring,
            format!(
                "the token expires in {} ({exp_text}), sooner than `--min-validity` {}",
                human_duration(left.unsigned_abs()),
                human_duration(min)
            ),
        )
    } else {
        return Check::pass(
            k,
            format!(
                "the token is valid for {} more, at least `--min-validity` {}",
                human_duration(left.unsigned_abs()),
                human_duration(min)
            ),
        );
    };
    check.hint(
        "start the job with a fresh token (OAuth and trusted-publisher tokens are short-lived), or use a \
         user access token for long jobs",
    )
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
