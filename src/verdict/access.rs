//! Read and write checks: what the auth-check answer means for this repo, with
//! the reason and the fix.

use super::common::{
    GATED_SETTING, Subject, describe_token, failure_check, quote, transient_check, with_request_id,
};
use super::{Access, Check, Code, Identity, Status, TOKENS_PAGE, creation, explain};
use crate::answer::{Answer, Existence, Outcome};
use crate::repo::RepoId;
use crate::whoami::Kind;

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
                " (asked as `{}`, the Hub redirected to `{new}`, the repo that answered: the \
                 repo was renamed or another took its place; update the name)",
                s.repo
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

/// The repo that answered: the name the Hub redirected to (a legacy id, another
/// letter case, a rename or another repository in its place); otherwise as given.
pub(super) fn canonical(access: &Access) -> RepoId {
    match &access.outcome {
        super::Asked::Done(o) => o
            .result
            .as_ref()
            .ok()
            .and_then(|a| renamed_to(a, &access.repo))
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
    // After a redirect to another repository (not an alias of the name given),
    // every reason and fix names the repository that answered.
    let moved = renamed_to(a, s.repo).filter(|new| !is_alias(s.repo, new));
    let s = &Subject {
        repo: moved.as_ref().unwrap_or(s.repo),
        write: s.write,
        user: s.user,
    };
    let page = crate::pages::on(who.endpoint, &s.repo.web_path());
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
    // The fine-grained setting's 403 is the Hub's own reason, whatever whoami said.
    if a.gated() || a.gated_setting_off() {
        let (message, hint) = match a.gated() {
            true => gated(s, &page, a.message.as_deref()),
            false => explain::gated_setting(s.repo, s.user),
        };
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

/// When the Hub's message tells the state of an access request (rejected,
/// reset, awaiting review), that is the cause and the fix: `(message, hint)`.
fn request_state(s: &Subject<'_>, page: &str, hub: Option<&str>) -> Option<(String, String)> {
    let said = |words: &str| hub.is_some_and(|m| m.to_ascii_lowercase().contains(words));
    if said("has been rejected") {
        // Asking again changes nothing: no "request access".
        return Some((
            format!(
                "{} is gated and its authors rejected the access request of {}",
                s.repo.label(),
                s.by()
            ),
            format!(
                "the authors of `{}` rejected the request, so asking again changes nothing (its \
                 state shows at {page}): contact them, or use another repo; nothing to change in \
                 the token",
                s.repo.full_name()
            ),
        ));
    }
    if said("has been reset") {
        return Some((
            format!(
                "{} is gated and its authors reset the access request of {}",
                s.repo.label(),
                s.by()
            ),
            format!("submit a new access request at {page}, as the Hub says"),
        ));
    }
    if said("awaiting a review") {
        return Some((
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
        ));
    }
    None
}

/// The message and hint of a gated repo without a grant. When the Hub says the
/// access request is awaiting review, that is the cause: no "request access" hint.
fn gated(s: &Subject<'_>, page: &str, hub: Option<&str>) -> (String, String) {
    if let Some(told) = request_state(s, page, hub) {
        return told;
    }
    let mut message = format!(
        "{} is gated and {} has no access grant",
        s.repo.label(),
        s.by()
    );
    let mut hint = format!("request access at {page}");
    if let Some(w) = s.user
        && w.token.kind == Kind::FineGrained
        && let Some(fg) = &w.token.fine_grained
    {
        let token = describe_token(w);
        match fg.can_read_gated {
            // whoami says the setting is off: even a grant would not let this token read.
            Some(false) => {
                message.push_str(&format!(
                    "; besides, the {token} has {GATED_SETTING} off (whoami says so), so even \
                     with a grant it could not read it"
                ));
                hint = format!(
                    "request access at {page}, and enable {GATED_SETTING} for the token at \
                     {TOKENS_PAGE}: both are needed"
                );
            }
            Some(true) => {}
            None => {
                message.push_str(&format!(
                    ", or the {token} lacks {GATED_SETTING} (whoami does not say)"
                ));
                hint = format!(
                    "if access was already granted, enable {GATED_SETTING} for the token at \
                     {TOKENS_PAGE}; otherwise request access at {page}"
                );
            }
        }
    }
    if let Some(w) = s.user
        && let Some((more, fix)) = super::scopes::gated(w, page)
    {
        message.push_str(&more);
        hint = fix;
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
    // An OAuth token without `read-repos` sees no private repo: its scopes say why.
    let (message, hint) = match s.user.and_then(super::scopes::hidden) {
        Some((why, fix)) => (
            format!("{message}; {why}"),
            format!("{fix}; otherwise: {hint}"),
        ),
        None => (message, hint),
    };
    with_request_id(Check::fail(s.kind(), Code::NotFound, message).hint(hint), a)
}
