//! Why the Hub refused a read or a write, explained from the Hub's own message
//! and the whoami answer, with the fix.

use super::TOKENS_PAGE;
use super::common::{GATED_SETTING, describe_token};
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
        .or_else(|| match repo.is_bucket() {
            true => bucket_gap(repo, w, write),
            false => fine_grained_gap(repo, w, write),
        })
        .or_else(|| org_role(repo, w, write))
        .or_else(|| outsider(repo, w, write))
        .unwrap_or_else(|| unexplained(repo, w, hub))
}

/// The Hub's 403 "Please enable access to public gated repositories in your
/// fine-grained token settings": the user has a grant, the token's setting is
/// off. The fix is that setting, not a scoped permission, not a new request.
pub(super) fn gated_setting(repo: &RepoId, w: Option<&Whoami>) -> (String, String) {
    let token = w.map_or_else(|| "fine-grained token".to_string(), describe_token);
    let by = w.map_or_else(|| "the user".to_string(), |w| format!("user `{}`", w.name));
    (
        format!(
            "{} is gated and the Hub refuses the {token}: its setting {GATED_SETTING} is off \
             ({by} may read it, the token may not)",
            repo.label()
        ),
        format!(
            "enable {GATED_SETTING} in the token's settings (edit the token at {TOKENS_PAGE}); \
             the access grant is already there, nothing else needs to change"
        ),
    )
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
    if is_revoked(hub) {
        return Some((
            format!(
                "an administrator of the organization `{ns}` revoked this token: revocation is \
                 permanent, and the token still works outside `{ns}`"
            ),
            format!(
                "create a new token at {TOKENS_PAGE} (the organization may have to approve it \
                 before it reaches `{ns}`) and replace the revoked one wherever it is used; a \
                 revoked token cannot be restored"
            ),
        ));
    }
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

/// The Hub's 403 for a token an organization's admin revoked (hub-api.md,
/// "Answers seen, 2026-12"): permanent, unlike a pending or denied approval.
pub(super) fn is_revoked(hub: Option<&str>) -> bool {
    hub.is_some_and(|m| {
        m.to_ascii_lowercase()
            .contains("revoked by the organization")
    })
}

fn read_only(repo: &RepoId, w: &Whoami, write: bool) -> Option<(String, String)> {
    let ns = &repo.ns;
    let fine = match repo.is_bucket() {
        true => format!("write access to {}", repo.label()),
        false => format!("`repo.write` on `{ns}`"),
    };
    (write && w.token.kind == Kind::Read).then(|| {
        (
            format!("the {} can only read", describe_token(w)),
            format!("create a write token, or a fine-grained token with {fine}, at {TOKENS_PAGE}"),
        )
    })
}

/// A bucket refused to a fine-grained token whose `scoped` entries name no
/// bucket: permissions scoped to repos do not cover buckets (hub-api.md).
/// An entry for the bucket itself (entity type `bucket`) leaves the reason to
/// the other branches.
fn bucket_gap(repo: &RepoId, w: &Whoami, write: bool) -> Option<(String, String)> {
    let (Kind::FineGrained, Some(fg)) = (&w.token.kind, &w.token.fine_grained) else {
        return None;
    };
    let full = repo.full_name();
    let named = |s: &crate::whoami::Scope| {
        s.entity_type == "bucket"
            && s.entity_name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&full))
    };
    if fg.scoped.iter().any(named) {
        return None;
    }
    let buckets = fg
        .scoped
        .iter()
        .filter(|s| s.entity_type == "bucket")
        .filter_map(|s| s.entity_name.as_deref().map(|n| format!("`{n}`")))
        .collect::<Vec<_>>();
    let held = match buckets.is_empty() {
        true => "it names no bucket at all".to_string(),
        false => format!(
            "it names only the buckets {}",
            crate::sanitize::join_capped(&buckets, ", ")
        ),
    };
    let access = if write { "write" } else { "read" };
    Some((
        format!(
            "the {} holds no permission on {}: {held}, and permissions scoped to repos do not \
             cover buckets",
            describe_token(w),
            repo.label()
        ),
        format!(
            "edit the token at {TOKENS_PAGE}: give it {access} access to the bucket `{full}` (or \
             to the buckets of `{}`), or use a token that has it",
            repo.ns
        ),
    ))
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

fn unexplained(repo: &RepoId, w: &Whoami, hub: Option<&str>) -> (String, String) {
    let ns = &repo.ns;
    // Quote the Hub's reason when it gave one; never point at a message it did not send.
    let said = match hub {
        Some(m) => format!("the Hub said \"{m}\""),
        None => "the Hub gave no reason (no message)".to_string(),
    };
    if w.name.eq_ignore_ascii_case(ns) {
        // The user's own namespace: no organization, and no admin to ask but the user.
        return (
            format!(
                "the whoami answer ({}) shows no reason, and `{ns}` is the user's own namespace",
                describe_token(w)
            ),
            format!(
                "{said}; check the token's permissions at {TOKENS_PAGE} and the repo's settings"
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
            "{said}; an organization may require approved or fine-grained tokens (ask an admin of `{ns}`)"
        ),
    )
}
