//! OAuth and trusted-publisher tokens, judged by the scopes they claim
//! (`crate::token::Scopes`, decoded once whoami accepted the token). Where the
//! Hub answered a request, its answer decides and the scopes only explain it
//! (`denial`, `gated`); where no request proves anything (creating a repo,
//! Jobs, Inference Providers, pull requests), the scopes decide (`needs`,
//! `create`). A token that is no JWT (a user access token) gets `None`
//! everywhere: the callers judge it by its role.

use super::Code;
use super::common::describe_token;
use crate::repo::RepoId;
use crate::token::Scopes;
use crate::whoami::Whoami;

/// What the token's grants say about one requirement no request proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Grant {
    /// May, and why.
    Yes(String),
    /// May not: the code (it fails the run), why, and the fix.
    No(Code, String, String),
    /// Cannot be told: the code (a warning), why, and what to do.
    Unknown(Code, String, String),
}

/// The scopes as the report names them: `` `openid profile read-repos` ``.
pub(super) fn listed(s: &Scopes) -> String {
    match s {
        Scopes::Known(names) if names.is_empty() => "none".to_string(),
        Scopes::Known(names) => format!("`{}`", names.join(" ")),
        Scopes::Unknown(why) => format!("unknown ({why})"),
    }
}

/// The fix for a missing scope. Never the tokens settings page: it does not
/// manage OAuth grants.
pub(super) fn fix(scope: &str, instead: &str) -> String {
    format!(
        "an OAuth token's scopes are fixed when it is issued (the tokens settings page does not \
         manage them): for a job whose token came from a launcher's session (the `$HF_TOKEN` \
         placeholder through MCP), pass a user access token {instead} as the `HF_TOKEN` secret \
         instead (`hf jobs run --secrets HF_TOKEN` from a CLI logged in with it, or `\"secrets\": \
         {{\"HF_TOKEN\": \"hf_...\"}}` from a secret store); an app must ask for the `{scope}` \
         scope and the user sign in again"
    )
}

/// A requirement that needs `scope`: `None` for a token that claims no scopes.
/// `what` names the requirement (`run Hugging Face Jobs under `acme``),
/// `instead` the user access token that would do (`with the `write` role`).
pub(super) fn needs(w: &Whoami, scope: &str, what: &str, instead: &str) -> Option<Grant> {
    let s = w.token.scopes.as_ref()?;
    let token = describe_token(w);
    Some(match s {
        Scopes::Known(_) if s.has(scope) => {
            Grant::Yes(format!("the {token} holds the `{scope}` scope"))
        }
        Scopes::Known(_) => Grant::No(
            Code::ScopeMissing,
            format!(
                "the {token} lacks the `{scope}` scope (its scopes: {})",
                listed(s)
            ),
            fix(scope, instead),
        ),
        Scopes::Unknown(why) => Grant::Unknown(
            Code::ScopesUnknown,
            format!(
                "the {token}'s scopes are unknown ({why}), so whether it may {what} cannot be told"
            ),
            format!(
                "to be sure, pass a user access token {instead} as the `HF_TOKEN` secret instead"
            ),
        ),
    })
}

/// May this token create repos? `None` when the scopes do not settle it (no
/// scopes, unknown ones, or `manage-repos`: then the namespace decides).
pub(super) fn create(w: &Whoami, ns: &str) -> Option<Grant> {
    let s = w.token.scopes.as_ref()?;
    if !matches!(s, Scopes::Known(_)) || s.has("manage-repos") {
        return None;
    }
    let token = describe_token(w);
    let instead =
        format!("with the `write` role (or a fine-grained token with `repo.write` on `{ns}`)");
    if s.has("contribute-repos") {
        return Some(Grant::Unknown(
            Code::GrantUnknown,
            format!(
                "the {token} holds `contribute-repos`, which creates only repos its app owns, and \
                 not `manage-repos`; whether this repo would count as the app's cannot be told"
            ),
            format!(
                "to be sure, create the repo beforehand, or pass a user access token {instead}"
            ),
        ));
    }
    let why = if s.has("write-repos") {
        format!(
            "the {token} holds `write-repos`, which writes to existing repos but does not create \
             them, and lacks `manage-repos` (its scopes: {})",
            listed(s)
        )
    } else {
        format!(
            "the {token} lacks the `manage-repos` scope needed to create a repo (its scopes: {})",
            listed(s)
        )
    };
    Some(Grant::No(
        Code::ScopeMissing,
        why,
        fix("manage-repos", &instead),
    ))
}

/// Why the Hub refused a read or a write to this token, from its scopes:
/// `(why, hint)`, or `None` for a token that claims no scopes.
pub(super) fn denial(repo: &RepoId, w: &Whoami, write: bool) -> Option<(String, String)> {
    let s = w.token.scopes.as_ref()?;
    if repo.is_bucket() {
        // No documented scope names buckets: say so, rather than guess one.
        return Some((
            format!(
                "which OAuth scope covers buckets is undocumented, so the {}'s scopes ({}) cannot \
                 say why",
                describe_token(w),
                listed(s)
            ),
            format!(
                "pass a user access token that can {} `{repo}` as the `HF_TOKEN` secret instead",
                if write { "write to" } else { "read" },
            ),
        ));
    }
    let (scope, instead) = if write {
        (
            "write-repos",
            format!("that can write to `{}`", repo.full_name()),
        )
    } else {
        (
            "read-repos",
            format!("that can read `{}`", repo.full_name()),
        )
    };
    let token = describe_token(w);
    let told = match s {
        Scopes::Known(_) if !s.has(scope) => (
            format!(
                "the {token} lacks the `{scope}` scope (its scopes: {})",
                listed(s)
            ),
            fix(scope, &instead),
        ),
        Scopes::Known(_) => (
            format!(
                "the {token} holds `{scope}`, so its user `{}` (or the repo's settings) is what the \
                 Hub refused",
                w.name
            ),
            format!(
                "check that user `{}` has access to `{}`; or pass a user access token {instead} as \
                 the `HF_TOKEN` secret",
                w.name,
                repo.full_name()
            ),
        ),
        Scopes::Unknown(why) => (
            format!("the {token}'s scopes are unknown ({why}), so they cannot say why"),
            format!("pass a user access token {instead} as the `HF_TOKEN` secret instead"),
        ),
    };
    Some(told)
}

/// A read not found by a token that claims scopes without `read-repos`: a
/// private repo is hidden from it. `(why, fix)`.
pub(super) fn hidden(w: &Whoami) -> Option<(String, String)> {
    let s = w.token.scopes.as_ref()?;
    if !matches!(s, Scopes::Known(_)) || s.has("read-repos") {
        return None;
    }
    Some((
        format!(
            "the {} lacks the `read-repos` scope, so a private repo is hidden from it (its scopes: {})",
            describe_token(w),
            listed(s)
        ),
        fix("read-repos", "with the `read` role"),
    ))
}

/// A gated repo refused to a token that claims scopes without `gated-repos`:
/// `(what to add to the message, the hint)`.
pub(super) fn gated(w: &Whoami, page: &str) -> Option<(String, String)> {
    let s = w.token.scopes.as_ref()?;
    if !matches!(s, Scopes::Known(_)) || s.has("gated-repos") {
        return None;
    }
    Some((
        format!(
            ", or the {} lacks the `gated-repos` scope (its scopes: {})",
            describe_token(w),
            listed(s)
        ),
        format!(
            "if access was already granted, {}; otherwise request access at {page}",
            fix("gated-repos", "with the `read` role")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::Origin;

    /// An OAuth user `alice` whose token claims `scopes` (`None`: a user access token).
    fn oauth(scopes: Option<Scopes>) -> Whoami {
        let mut w = crate::whoami::parse(
            r#"{"name":"alice","auth":{"type":"oauth","expiresAt":"2030-01-01T00:00:00Z"}}"#,
        )
        .unwrap();
        w.token.scopes = scopes;
        w
    }

    fn known(s: &str) -> Option<Scopes> {
        Some(Scopes::Known(s.split(' ').map(String::from).collect()))
    }

    fn repo(r: &str) -> RepoId {
        crate::repo::parse(r, &Origin::new("https", "huggingface.co").unwrap()).unwrap()
    }

    /// A scope present is a yes; missing, a `scope-missing` naming it and a fix
    /// that is no tokens page; unreadable, a `scopes-unknown` warning; no
    /// scopes at all, not this module's call.
    #[test]
    fn needs_a_scope() {
        let w = oauth(known("openid read-repos jobs"));
        assert!(matches!(
            needs(&w, "jobs", "run jobs", "x"),
            Some(Grant::Yes(_))
        ));
        match needs(&w, "inference-api", "call", "with any role") {
            Some(Grant::No(Code::ScopeMissing, why, fix)) => {
                assert!(why.contains("lacks the `inference-api` scope"), "{why}");
                assert!(why.contains("`openid read-repos jobs`"), "{why}");
                assert!(
                    fix.contains("`HF_TOKEN` secret") && !fix.contains("settings/tokens"),
                    "{fix}"
                );
                assert!(fix.contains("with any role"), "{fix}");
            }
            other => panic!("{other:?}"),
        }
        let unknown = oauth(Some(Scopes::Unknown("it has no `scope` claim")));
        assert!(matches!(
            needs(&unknown, "jobs", "run jobs", "x"),
            Some(Grant::Unknown(Code::ScopesUnknown, why, _)) if why.contains("no `scope` claim")
        ));
        assert_eq!(needs(&oauth(None), "jobs", "run jobs", "x"), None);
    }

    /// Creating a repo: `manage-repos` leaves it to the namespace; `write-repos`
    /// alone or nothing may not; `contribute-repos` cannot be told.
    #[test]
    fn create_needs_manage_repos() {
        assert_eq!(
            create(&oauth(known("write-repos manage-repos")), "alice"),
            None
        );
        assert_eq!(create(&oauth(Some(Scopes::Unknown("x"))), "alice"), None);
        assert_eq!(create(&oauth(None), "alice"), None);
        match create(&oauth(known("read-repos write-repos")), "alice") {
            Some(Grant::No(Code::ScopeMissing, why, fix)) => {
                assert!(
                    why.contains(
                        "holds `write-repos`, which writes to existing repos but does not create"
                    ),
                    "{why}"
                );
                assert!(fix.contains("`manage-repos` scope"), "{fix}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            create(&oauth(known("openid read-repos jobs read-mcp")), "alice"),
            Some(Grant::No(Code::ScopeMissing, why, _)) if why.contains("lacks the `manage-repos` scope")
        ));
        assert!(matches!(
            create(&oauth(known("contribute-repos")), "alice"),
            Some(Grant::Unknown(Code::GrantUnknown, why, _)) if why.contains("only repos its app owns")
        ));
    }

    /// A refusal explained by the scopes: the missing one named, or the user
    /// blamed when the scope is there; never the tokens page.
    #[test]
    fn denial_names_the_scope() {
        let r = repo("alice/model");
        let (why, fix) = denial(&r, &oauth(known("read-repos")), true).unwrap();
        assert!(why.contains("lacks the `write-repos` scope"), "{why}");
        assert!(
            fix.contains("can write to `alice/model`") && !fix.contains("settings/tokens"),
            "{fix}"
        );
        let (why, _) = denial(&r, &oauth(known("openid")), false).unwrap();
        assert!(why.contains("lacks the `read-repos` scope"), "{why}");
        let (why, fix) = denial(&r, &oauth(known("read-repos write-repos")), true).unwrap();
        assert!(
            why.contains("holds `write-repos`") && why.contains("user `alice`"),
            "{why}"
        );
        assert!(!fix.contains("settings/tokens"), "{fix}");
        let (why, _) = denial(&r, &oauth(Some(Scopes::Unknown("x"))), true).unwrap();
        assert!(why.contains("scopes are unknown (x)"), "{why}");
        let (why, fix) = denial(
            &repo("buckets/alice/ckpt"),
            &oauth(known("write-repos")),
            true,
        )
        .unwrap();
        assert!(
            why.contains("which OAuth scope covers buckets is undocumented"),
            "{why}"
        );
        // One phrase, no run of spaces left by a broken string continuation.
        assert!(
            why.ends_with("cannot say why") && !why.contains("  "),
            "{why}"
        );
        assert!(
            fix.contains("write to `buckets/alice/ckpt`") && !fix.contains("settings/tokens"),
            "{fix}"
        );
        assert_eq!(denial(&r, &oauth(None), true), None);
    }

    /// A gated refusal names `gated-repos` only when it is missing.
    #[test]
    fn gated_names_gated_repos() {
        let (more, fix) = gated(&oauth(known("read-repos")), "https://hf.co/m").unwrap();
        assert!(more.contains("lacks the `gated-repos` scope"), "{more}");
        assert!(fix.ends_with("request access at https://hf.co/m"), "{fix}");
        assert_eq!(gated(&oauth(known("read-repos gated-repos")), "p"), None);
        assert_eq!(gated(&oauth(Some(Scopes::Unknown("x"))), "p"), None);
        assert_eq!(gated(&oauth(None), "p"), None);
    }

    /// A private repo is hidden from a token without `read-repos`.
    #[test]
    fn hidden_without_read_repos() {
        let (why, fix) = hidden(&oauth(known("openid jobs"))).unwrap();
        assert!(why.contains("lacks the `read-repos` scope"), "{why}");
        assert!(!fix.contains("settings/tokens"), "{fix}");
        assert_eq!(hidden(&oauth(known("read-repos"))), None);
        assert_eq!(hidden(&oauth(Some(Scopes::Unknown("x")))), None);
        assert_eq!(hidden(&oauth(None)), None);
    }

    #[test]
    fn listed_names_only() {
        assert_eq!(listed(&Scopes::Known(vec![])), "none");
        assert_eq!(
            listed(&Scopes::Known(vec!["a".into(), "b".into()])),
            "`a b`"
        );
        assert_eq!(listed(&Scopes::Unknown("why")), "unknown (why)");
    }
}
