//! Read and write checks of a storage bucket (`buckets/ns/name`): its info
//! answers a read, the storage token it mints a write (the token itself was
//! never kept: `hub` drains that body unread). No gating, no other types, no
//! creation inferred: a missing bucket is created with `hf buckets create`.

use super::common::{Subject, failure_check, quote, transient_check, with_request_id};
use super::{Access, Check, Code, Identity, Status, TOKENS_PAGE, explain};
use crate::answer::{Answer, Existence, Outcome};
use crate::repo::RepoId;

/// The check line for a bucket requirement whose request got an outcome.
pub(super) fn check(access: &Access, o: &Outcome, who: &Identity<'_>) -> Check {
    // After a redirect, every reason and fix names the bucket that answered.
    let new = o
        .result
        .as_ref()
        .ok()
        .and_then(|a| moved_to(a, &access.repo));
    let s = Subject {
        repo: new.as_ref().unwrap_or(&access.repo),
        write: access.write,
        user: who.user,
    };
    let (kind, what) = (s.kind(), s.what());
    let mut c = match &o.result {
        Err(f) => failure_check(kind, o, f, &what),
        Ok(a) => transient_check(kind, o, a, &what).unwrap_or_else(|| answered(&s, a, who)),
    };
    c.attempts = Some(o.attempts);
    if c.request_id.is_none() && c.status == Status::Fail {
        c.request_id = o.request_id();
    }
    match &new {
        Some(new) => moved(c, &access.repo, new),
        None => c,
    }
}

/// The bucket a same-origin redirect led to, when it is another one.
fn moved_to(a: &Answer, asked: &RepoId) -> Option<RepoId> {
    a.redirected_to
        .as_deref()
        .and_then(RepoId::from_api_path)
        .filter(|new| new.is_bucket() && new != asked)
}

/// A bucket that answered under another name: a pass is a `renamed` warning
/// (the job still uses the old name), a failure says which bucket answered.
fn moved(c: Check, asked: &RepoId, new: &RepoId) -> Check {
    if c.status != Status::Pass {
        let mut c = c;
        c.message.push_str(&format!(
            " (asked as `{}`, the Hub redirected to `{}`, the bucket that answered)",
            asked.full_name(),
            new.full_name()
        ));
        return c;
    }
    let mut w = Check::warn(
        c.kind,
        Code::Renamed,
        format!(
            "{} was renamed to `{}`; update the name ({} access to it: ok)",
            asked.label(),
            new.full_name(),
            c.kind.name()
        ),
    )
    .hint(format!("update the name to `{new}`"));
    w.attempts = c.attempts;
    w
}

/// A definite answer (not a network failure, not transient).
fn answered(s: &Subject<'_>, a: &Answer, who: &Identity<'_>) -> Check {
    if a.is_success() {
        return success(s);
    }
    let fail = |code: Code, message: String, hint: String| {
        with_request_id(Check::fail(s.kind(), code, message).hint(hint), a)
    };
    // 401 on a bucket: an invalid token (hub-api.md), unless whoami accepted
    // it (then, as for repos, the bucket is hidden from this user).
    if a.invalid_credentials() || (a.status == 401 && (who.rejected || who.user.is_none())) {
        return fail(
            Code::TokenRejected,
            format!(
                "the Hub rejected the token from {} (401) while checking {}{}",
                who.source,
                s.what(),
                quote(a)
            ),
            format!("create a new token at {TOKENS_PAGE}"),
        );
    }
    if a.existence(who.user.is_some()) == Existence::NotFound {
        let (message, hint) = not_found(s, a);
        let c = fail(Code::NotFound, message, hint);
        // A 401 read as "hidden" rests on the repos' rule (`not_found`).
        return if a.status == 401 { c.inferred() } else { c };
    }
    if a.status == 403 {
        let code = match s.write {
            true => Code::WriteDenied,
            false => Code::ReadDenied,
        };
        let (why, hint) = explain::denial(s.repo, s.user, s.write, a.message.as_deref());
        let message = format!(
            "the Hub denied {} ({}): {why}{}",
            s.what(),
            a.status,
            quote(a)
        );
        return fail(code, message, hint);
    }
    fail(
        Code::UnexpectedResponse,
        format!(
            "the Hub answered {} with {}, which it does not document{}",
            s.what(),
            a.status,
            quote(a)
        ),
        format!(
            "is `{}` a Hugging Face Hub? check `HF_ENDPOINT` and any proxy in between",
            who.endpoint
        ),
    )
}

/// What was proved: a write by the storage token the Hub minted for it; a
/// read by the bucket's info, with reading its files inferred from it.
fn success(s: &Subject<'_>) -> Check {
    let by = s
        .user
        .map(|w| format!(" for user `{}`", w.name))
        .unwrap_or_default();
    let label = s.repo.label();
    let message = match s.write {
        true => format!(
            "can write {label}{by} (the Hub issued this token a storage write token for it, \
             which was discarded unread)"
        ),
        false => format!(
            "can read {label}{by} (its info answered; buckets have no gating, so reading its \
             files is inferred from that)"
        ),
    };
    let pass = Check::pass(s.kind(), message);
    // A read rests on the info's answer: reading the files is inferred (`basis`).
    match s.write {
        true => pass,
        false => pass.inferred(),
    }
}

/// 404 (or a 401 to a token whoami accepted): missing, or private and hidden.
fn not_found(s: &Subject<'_>, a: &Answer) -> (String, String) {
    let (repo, full) = (s.repo, s.repo.full_name());
    let mut message = format!(
        "{} does not exist, or it is private and not visible to {} ({}){}",
        repo.label(),
        s.by(),
        a.status,
        quote(a)
    );
    if a.status == 401 {
        // Only after whoami accepted the token: hub-api.md documents a
        // bucket's 401 for a rejected token alone, so this is the repos' rule.
        message.push_str(
            "; inferred: whoami accepted this token, and the Hub documents a bucket's 401 only \
             for a rejected token, so it is read as for repos (hidden from this user)",
        );
    }
    let own = s
        .user
        .is_some_and(|w| w.name.eq_ignore_ascii_case(&repo.ns));
    let visible = match own {
        true => "it is your own namespace, so a private bucket there would be visible".to_string(),
        false => format!(
            "a private bucket is visible only to `{}` and its members",
            repo.ns
        ),
    };
    let hint = match s.write {
        true => format!(
            "check the name (`buckets/namespace/name`); if the bucket does not exist yet, create \
             it before the job writes to it (`hf buckets create {full}`); {visible}"
        ),
        false => format!("check the name (`buckets/namespace/name`); {visible}"),
    };
    (message, hint)
}
