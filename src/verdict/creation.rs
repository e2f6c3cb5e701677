//! A write whose auth-check answered 404. That does not prove the repo is
//! missing: the read auth-check on the same repo (asked alongside) tells an
//! existing repo this user may not modify from one that is not there, and
//! whoami tells whether this token may create it. A pass here is certain: in
//! the user's own namespace, nothing found anywhere, a token that may create.

use super::common::{Subject, describe_token, with_request_id};
use super::scopes::Grant;
use super::{Access, Check, Code, Identity, TOKENS_PAGE, explain};
use crate::answer::{Answer, Existence, Outcome};
use crate::repo::RepoId;
use crate::whoami::{Kind, Whoami};

/// What a write that creates its repo says, and the human report shows apart from a plain pass.
pub const WILL_BE_CREATED: &str = "does not exist yet: will be created on first push";

/// What the read auth-check on the same repo says about its existence.
enum Exists {
    /// 2xx, gated or 403: the repo is there.
    Yes(u16),
    /// Not found as well ([`Existence::NotFound`]): not there, or hidden from this user.
    NotFound,
    /// No definite answer (not asked, a network failure, a 5xx).
    Unknown,
}

/// Whether whoami lets this token create a repo in the namespace.
enum Creation {
    Yes(String),
    /// May not: `write-denied`, or `scope-missing` for an OAuth token's scopes.
    No(Code, String, String),
    Unknown(String, String),
}

pub(super) fn check(s: &Subject<'_>, a: &Answer, access: &Access, who: &Identity<'_>) -> Check {
    let c = match exists(access.read_probe.as_ref(), who.user.is_some()) {
        Exists::Yes(status) => exists_but_denied(s, a, status, who),
        Exists::NotFound => missing(s, a, who, true).inferred(),
        Exists::Unknown => missing(s, a, who, false).inferred(),
    };
    // A "did you mean" rewrites the line, not what its verdict rests on.
    let basis = c.basis;
    Check {
        basis,
        ..did_you_mean(typo(c, s, access), s, access)
    }
}

fn exists(probe: Option<&Outcome>, token_accepted: bool) -> Exists {
    match probe.map(|o| &o.result) {
        Some(Ok(r)) => match r.existence(token_accepted) {
            Existence::Exists => Exists::Yes(r.status),
            Existence::NotFound => Exists::NotFound,
            Existence::Unknown => Exists::Unknown,
        },
        _ => Exists::Unknown,
    }
}

/// The repo exists (the read auth-check saw it) and the write was refused (404, or
/// a 401 that is not the token's rejection: [`Existence::NotFound`]).
fn exists_but_denied(s: &Subject<'_>, a: &Answer, read_status: u16, who: &Identity<'_>) -> Check {
    let (why, hint) = explain::denial(s.repo, who.user, true, a.message.as_deref());
    let message = format!(
        "{} exists (its read auth-check answered {read_status}), but the Hub refused {} ({} on \
         `auth-check/write`): {why}",
        s.repo.label(),
        s.what(),
        a.status
    );
    with_request_id(
        Check::fail(s.kind(), Code::WriteDenied, message).hint(hint),
        a,
    )
}

/// Not found by either auth-check (or the read one could not tell).
fn missing(s: &Subject<'_>, a: &Answer, who: &Identity<'_>, read_404: bool) -> Check {
    let (label, repo, ns) = (s.repo.label(), s.repo, &s.repo.ns);
    let Some(w) = who.user else {
        // Nothing proved the repo can be created: a warning, never a silent pass.
        let c = Check::warn(
            s.kind(),
            Code::NotFound,
            format!(
                "{label} was not found, and without a whoami answer it cannot be told whether this token may create it"
            ),
        )
        .hint("run the check again once the Hub answers whoami, or create the repo beforehand");
        return with_request_id(c, a);
    };
    let own = w.name.eq_ignore_ascii_case(ns);
    let not_found = if own {
        format!("{label} does not exist yet")
    } else {
        format!(
            "{label} was not found (it does not exist, or it is private and hidden from {})",
            s.by()
        )
    };
    if let Some(c) = refused_by_policy(s, who, &not_found) {
        return with_request_id(c, a);
    }
    let c = match may_create(ns, w) {
        Creation::No(code, why, hint) => Check::fail(
            s.kind(),
            code,
            format!("{not_found}, and this token may not create it (inferred from {}): {why}",
                if code == Code::ScopeMissing { "its scopes" } else { "whoami" }),
        )
        .hint(hint),
        Creation::Unknown(why, hint) => Check::warn(s.kind(), Code::NotFound, format!("{not_found}; {why}")).hint(hint),
        Creation::Yes(why) if own && read_404 => {
            return Check::pass(
                s.kind(),
                format!("{label} {WILL_BE_CREATED} (inferred from whoami: {why})"),
            );
        }
        Creation::Yes(why) if own => Check::warn(
            s.kind(),
            Code::MayExistHidden,
            format!(
                "{not_found} as far as `auth-check/write` tells; the read check could not confirm it. This token may create it ({why})"
            ),
        )
        .hint("run the check again to confirm; or create the repo beforehand"),
        Creation::Yes(why) => Check::warn(
            s.kind(),
            Code::MayExistHidden,
            format!("{not_found}. It may be created on first push ({why}), or it may be a private repo hidden from this user, and then the push fails"),
        )
        .hint(format!(
            "check the name; if `{repo}` exists, ask an admin of `{ns}` for access to it; to be sure, create it beforehand"
        )),
    };
    with_request_id(c, a)
}

/// A write to a repo found nowhere: a name close to it in the same namespace
/// and type (from the listing gathered for it) is likely what was meant. A
/// pass becomes a `did-you-mean` warning; any other outcome gets it in its
/// hint. When the listing failed, a pass says that similar names could not be
/// looked for.
fn typo(mut c: Check, s: &Subject<'_>, access: &Access) -> Check {
    let Some(listing) = &access.similar else {
        return c;
    };
    let names = match listing {
        Ok(names) => names,
        Err(why) => {
            if c.status == super::Status::Pass {
                c.message
                    .push_str(&format!("; similar names could not be looked for ({why})"));
            }
            return c;
        }
    };
    let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
    let Some(near) = crate::suggest::did_you_mean(&s.repo.name, &candidates) else {
        return c;
    };
    let other = RepoId {
        name: near.to_string(),
        ..s.repo.clone()
    };
    let note = format!("did you mean `{other}`? it exists");
    match c.status {
        super::Status::Pass => Check::warn(s.kind(), Code::DidYouMean, format!("{}; {note}", c.message))
            .hint(format!(
                "if the job pushes to `{other}`, pass `--write {other}`; if `{}` is meant to be a new repo, nothing to do",
                s.repo
            )),
        _ => {
            c.hint = Some(match c.hint {
                Some(h) => format!("{note}; otherwise: {h}"),
                None => note,
            });
            c
        }
    }
}

/// The organization refused this token by its token policy earlier in this run.
fn refused_by_policy(s: &Subject<'_>, who: &Identity<'_>, not_found: &str) -> Option<Check> {
    let ns = &s.repo.ns;
    let (refused, revoked) = who
        .policy_refused
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(ns))?;
    let (why, hint) = match revoked {
        // Revocation is permanent: no approval brings this token back.
        true => (
            format!("an administrator of the organization `{refused}` revoked this token"),
            format!(
                "create a new token at {TOKENS_PAGE} (the organization may have to approve it); \
                 a revoked token cannot be restored"
            ),
        ),
        false => (
            format!("the organization `{refused}` refused this token by its token policy"),
            format!(
                "ask an admin of `{refused}` to approve the token, or use a token the policy \
                 accepts"
            ),
        ),
    };
    Some(
        Check::fail(
            s.kind(),
            Code::WriteDenied,
            format!(
                "{not_found}; {why} earlier in this run, so a new repo there would be refused too"
            ),
        )
        .hint(hint),
    )
}

/// The same `ns/name` exists as another type: say so, as a warning at least.
fn did_you_mean(mut c: Check, s: &Subject<'_>, access: &Access) -> Check {
    let Some(other) = access
        .alternatives
        .iter()
        .find(|(_, o)| o.result.as_ref().is_ok_and(Answer::proves_exists))
        .map(|(t, _)| s.repo.with_type(*t))
    else {
        return c;
    };
    let note = format!("`{other}` exists; did you mean it?");
    match c.status {
        super::Status::Pass => {
            let message = format!("{}; but {note}", c.message);
            Check::warn(s.kind(), Code::DidYouMean, message).hint(format!(
                "if the job pushes to `{other}`, pass `--write {other}`"
            ))
        }
        _ => {
            c.hint = Some(match c.hint {
                Some(h) => format!("{note} otherwise: {h}"),
                None => note,
            });
            c
        }
    }
}

/// May this token create a repo in `ns`? Inferred from whoami (hub-api.md).
fn may_create(ns: &str, w: &Whoami) -> Creation {
    match super::scopes::create(w, ns) {
        Some(Grant::No(code, why, hint)) => return Creation::No(code, why, hint),
        Some(Grant::Unknown(_, why, hint)) => return Creation::Unknown(why, hint),
        Some(Grant::Yes(why)) => return Creation::Yes(why),
        None => {}
    }
    let token = describe_token(w);
    let own = w.name.eq_ignore_ascii_case(ns);
    let org = w.orgs.iter().find(|o| o.name.eq_ignore_ascii_case(ns));
    if !own && org.is_none() {
        if w.token.kind.no_membership_to_ask() {
            return Creation::Unknown(
                format!(
                    "whether this {token} may create repos in `{ns}` cannot be told from whoami"
                ),
                "the first push will tell; to be sure, create the repo beforehand".into(),
            );
        }
        return Creation::No(
            Code::WriteDenied,
            format!(
                "user `{}` is neither `{ns}` nor a member of an org named `{ns}`",
                w.name
            ),
            format!("push to `{}/...` instead, or ask to join `{ns}`", w.name),
        );
    }
    if !own && let Some(no) = org_role_refuses(ns, w, org.and_then(|o| o.role.as_deref())) {
        return no;
    }
    let place = match org.and_then(|o| o.role.as_deref()) {
        Some(role) if !own => format!("org `{ns}` (role `{role}`)"),
        _ => format!("your namespace `{ns}`"),
    };
    by_token_kind(ns, w, own, &place)
}

fn org_role_refuses(ns: &str, w: &Whoami, role: Option<&str>) -> Option<Creation> {
    match role {
        Some("contributor" | "write" | "admin") => None,
        Some(r) => Some(Creation::No(
            Code::WriteDenied,
            format!(
                "user `{}` has the role `{r}` in org `{ns}`, which cannot create repos",
                w.name
            ),
            format!("ask an admin of `{ns}` for the `contributor` or `write` role"),
        )),
        None => Some(Creation::No(
            Code::WriteDenied,
            format!(
                "the whoami answer gives no role for user `{}` in org `{ns}`",
                w.name
            ),
            format!("ask an admin of `{ns}` which role you have"),
        )),
    }
}

fn by_token_kind(ns: &str, w: &Whoami, own: bool, place: &str) -> Creation {
    let token = describe_token(w);
    let entity = if own { "user" } else { "org" };
    match &w.token.kind {
        _ if w
            .token
            .scopes
            .as_ref()
            .is_some_and(|s| s.has("manage-repos")) =>
        {
            Creation::Yes(format!(
                "the {token} holds the `manage-repos` scope, in {place}"
            ))
        }
        Kind::Write if own => Creation::Yes(format!("{token} in {place}")),
        Kind::Write => Creation::Yes(format!(
            "{token} in {place}; an org policy may still refuse classic tokens"
        )),
        Kind::Read => Creation::No(
            Code::WriteDenied,
            format!("the {token} can only read"),
            format!(
                "create a write token, or a fine-grained token with `repo.write` on `{ns}`, at {TOKENS_PAGE}"
            ),
        ),
        Kind::FineGrained => fine_grained_creation(ns, w, entity),
        _ => Creation::Unknown(
            format!("whether this {token} may create it cannot be told from whoami"),
            "the first push will tell; to be sure, create the repo beforehand".into(),
        ),
    }
}

/// A fine-grained token creates a repo with `repo.write` on the user or org.
fn fine_grained_creation(ns: &str, w: &Whoami, entity: &str) -> Creation {
    let token = describe_token(w);
    let fg = w.token.fine_grained.clone().unwrap_or_default();
    if fg.grants(entity, ns, "repo.write") {
        return Creation::Yes(format!("{token} holds `repo.write` on {entity} `{ns}`"));
    }
    let via_group = fg.scoped.iter().any(|s| {
        s.entity_type == "resource-group" && s.permissions.iter().any(|p| p == "repo.write")
    });
    if via_group {
        // Whether a resource group's `repo.write` lets a token create repos is
        // not documented: say so rather than guess.
        return Creation::Unknown(
            format!(
                "the {token} holds `repo.write` only through a resource group, and whether that lets it \
                         create repos in `{ns}` cannot be told from whoami"
            ),
            format!(
                "create the repo beforehand, or add `repo.write` for `{ns}` to the token at {TOKENS_PAGE}"
            ),
        );
    }
    let on = fg.entities_with("repo.write");
    let granted = if on.is_empty() {
        "it grants `repo.write` on nothing".to_string()
    } else {
        format!(
            "it grants `repo.write` only on {}",
            crate::sanitize::join_capped(&on, ", ")
        )
    };
    Creation::No(
        Code::WriteDenied,
        format!("the {token} has no `repo.write` on {entity} `{ns}`; {granted}"),
        format!("edit the token at {TOKENS_PAGE}: add `repo.write` for `{ns}`"),
    )
}
