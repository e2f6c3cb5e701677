//! Why the Hub refused a read or a write, explained from the Hub's own message
//! and the whoami answer, with the fix.

use super::TOKENS_PAGE;
use super::common::describe_token;
use crate::repo::RepoId;
use crate::whoami::{Kind, Whoami};

/// `(why, hint)` for a 401/403 on an access check. The Hub's message wins when
/// it names the cause (an organization's token policy).
pub(super) fn denial(
    repo: &RepoId,
    w: Option<&Whoami>,
    write: bool,
    hub: Option<&str>,
) -> (String, String) {
    if let Some(policy) = org_policy(repo, hub) {
        return policy;
    }
    // An OAuth token's scopes say why before anything else does.
    if let Some(told) = w.and_then(|w| super::scopes::denial(repo, w, write)) {
        return told;
    }
    if needs_write_token(hub) {
        return lacks_write(repo, w);
    }
    let Some(w) = w else {
        return (
            "whoami did not identify the token (see the whoami line), so the reason cannot be told"
                .into(),
            "run the check again once the Hub answers whoami".into(),
        );
    };
    read_only(repo, w, write)
        .or_else(|| fine_grained_gap(repo, w, write))
        .or_else(|| org_role(repo, w, write))
        .or_else(|| outsider(repo, w, write))
        .unwrap_or_else(|| unexplained(repo, w))
}

/// Whether the Hub's message is an organization's token policy.
pub(super) fn is_org_policy(hub: Option<&str>) -> bool {
    hub.is_some_and(|m| {
        let m = m.to_ascii_lowercase();
        m.contains("token policy")
            || m.contains("approved by the organization")
            || m.contains("revoked by the organization")
    })
}

/// The Hub's refusal of a credential that cannot write: `you must use a write token`.
fn needs_write_token(hub: Option<&str>) -> bool {
    hub.is_some_and(|m| m.to_ascii_lowercase().contains("must use a write token"))
}

/// The credential lacks write, as the Hub says: what gives it write depends on its kind.
fn lacks_write(repo: &RepoId, w: Option<&Whoami>) -> (String, String) {
    let ns = &repo.ns;
    let access = format!(
        "create a write token, or a fine-grained token with `repo.write` on `{ns}`, at {TOKENS_PAGE}"
    );
    let Some(w) = w else {
        return (
            "the credential cannot write: the Hub says it needs a write token".into(),
            format!("{access}; for an OAuth token, the app's scopes must include write"),
        );
    };
    let token = describe_token(w);
    let hint = match w.token.kind {
        Kind::OAuth => format!(
            "the OAuth app must ask for write access to repos (its `write-repos` scope) and the \
             user sign in again; or use a user access token that can write: {access}"
        ),
        Kind::App => format!(
            "give the app write access to `{ns}`, or use a user access token that can write: \
             {access}"
        ),
        // whoami said `write` and the refusal says otherwise: both are quoted
        // facts, so neither is overruled, and "create a write token" is no fix.
        Kind::Write => {
            return (
                format!(
                    "the Hub refused the {token} as if it could not write (it says it needs a \
                     write token), although whoami gives it the role `write`"
                ),
                format!(
                    "check the token at {TOKENS_PAGE} (its role, whether it is still listed); or \
                     use a fine-grained token with `repo.write` on `{ns}`"
                ),
            );
        }
        _ => access,
    };
    (
        format!("the {token} lacks write here: the Hub says it needs a write token"),
        hint,
    )
}

fn org_policy(repo: &RepoId, hub: Option<&str>) -> Option<(String, String)> {
    let ns = &repo.ns;
    is_org_policy(hub).then(|| {
        (
            format!("the organization `{ns}` refuses this token by its token policy (the Hub's message says how)"),
            format!(
                "ask an admin of `{ns}` to approve the token (organization settings, token policy), or use \
                 a token the policy accepts"
            ),
        )
    })
}

fn read_only(repo: &RepoId, w: &Whoami, write: bool) -> Option<(String, String)> {
    let ns = &repo.ns;
    (write && w.token.kind == Kind::Read).then(|| {
        (
            format!("the {} can only read", describe_token(w)),
            format!("create a write token, or a fine-grained token with `repo.write` on `{ns}`, at {TOKENS_PAGE}"),
        )
    })
}

/// A fine-grained token with no permission that covers this repo.
fn fine_grained_gap(repo: &RepoId, w: &Whoami, write: bool) -> Option<(String, String)> {
    let (Kind::FineGrained, Some(fg)) = (&w.token.kind, &w.token.fine_grained) else {
        return None;
    };
    let ns = &repo.ns;
    let full = format!("{}/{}", repo.ns, repo.name);
    let perm = if write {
        "repo.write"
    } else {
        "repo.content.read"
    };
    let holds = |p: &str| {
        fg.grants("user", ns, p)
            || fg.grants("org", ns, p)
            || fg.grants(repo.ty.singular(), &full, p)
    };
    if holds(perm) || (!write && holds("repo.write")) {
        return None;
    }
    let on = fg.entities_with(perm);
    let granted = if on.is_empty() {
        format!("it grants `{perm}` on nothing")
    } else {
        format!(
            "it grants `{perm}` only on {}",
            crate::sanitize::join_capped(&on, ", ")
        )
    };
    Some((
        format!(
            "the {} has no `{perm}` on `{full}` or on its namespace `{ns}`; {granted}",
            describe_token(w)
        ),
        format!("edit the token at {TOKENS_PAGE}: add `{perm}` for `{ns}` (or for `{full}`)"),
    ))
}

/// An org role that cannot write.
fn org_role(repo: &RepoId, w: &Whoami, write: bool) -> Option<(String, String)> {
    let ns = &repo.ns;
    let org = w.orgs.iter().find(|o| o.name.eq_ignore_ascii_case(ns))?;
    match org.role.as_deref() {
        Some("read") if write => Some((
            format!(
                "user `{}` has the role `read` in org `{ns}`, which cannot write",
                w.name
            ),
            format!("ask an admin of `{ns}` for the `write` or `contributor` role"),
        )),
        Some("contributor") if write => Some((
            format!(
                "user `{}` is a `contributor` in org `{ns}`: contributors may modify only the repos they created",
                w.name
            ),
            format!("ask an admin of `{ns}` for the `write` role, or push to a repo you created"),
        )),
        _ => None,
    }
}

/// Neither the user nor a member of the namespace.
fn outsider(repo: &RepoId, w: &Whoami, write: bool) -> Option<(String, String)> {
    let ns = &repo.ns;
    if w.name.eq_ignore_ascii_case(ns) || w.orgs.iter().any(|o| o.name.eq_ignore_ascii_case(ns)) {
        return None;
    }
    if w.token.kind.no_membership_to_ask() {
        return Some((
            format!(
                "the {} acting as `{}` has no access to `{ns}`",
                describe_token(w),
                w.name
            ),
            format!(
                "grant the app access to `{ns}`, or use a user access token that has it ({TOKENS_PAGE})"
            ),
        ));
    }
    let hint = if write {
        format!(
            "ask to join `{ns}`, push to `{}/{}` instead, or use a token of a member",
            w.name, repo.name
        )
    } else {
        format!("ask the owners of `{ns}` for access, or use a token of a member of `{ns}`")
    };
    Some((format!("user `{}` is not a member of `{ns}`", w.name), hint))
}

fn unexplained(repo: &RepoId, w: &Whoami) -> (String, String) {
    let ns = &repo.ns;
    if w.name.eq_ignore_ascii_case(ns) {
        // The user's own namespace: no organization, and no admin to ask but the user.
        return (
            format!(
                "the whoami answer ({}) shows no reason, and `{ns}` is the user's own namespace",
                describe_token(w)
            ),
            format!(
                "read the Hub's message above; check the token's permissions at {TOKENS_PAGE} \
                 and the repo's settings"
            ),
        );
    }
    let role = w
        .orgs
        .iter()
        .find(|o| o.name.eq_ignore_ascii_case(ns))
        .and_then(|o| o.role.clone())
        .map(|r| format!(", role `{r}` in `{ns}`"))
        .unwrap_or_default();
    (
        format!(
            "the whoami answer ({}{role}) shows no reason, so an organization policy or a repo setting refuses it",
            describe_token(w)
        ),
        format!(
            "read the Hub's message above; an organization may require approved or fine-grained tokens (ask an admin of `{ns}`)"
        ),
    )
}
