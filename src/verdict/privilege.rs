//! Least privilege, as advice: once every check passed, does the token hold
//! more than this job's requirements need? Whoami's facts and the requirements
//! in, at most one `token-scope` line out, a warning with the code
//! `least-privilege`: it never fails a run nor changes its exit status.
//!
//! Judged only where whoami says enough: a classic write token for a job that
//! only reads; a fine-grained token with `repo.write` on a user, an org or a
//! repo that no `--write` names, or with permissions that reach an org's
//! settings, the account's billing or webhooks. Read tokens, OAuth and app
//! tokens, and resource groups (whose repos whoami does not list) are left alone.

use std::collections::HashSet;

use super::common::describe_token;
use super::{Check, CheckKind, Code, TOKENS_PAGE};
use crate::repo::RepoId;
use crate::sanitize::{and_list, join_capped};
use crate::whoami::{FineGrained, Kind, Whoami};

/// One requirement: the repo and whether the job writes to it.
pub(super) type Need = (RepoId, bool);

/// Permissions that no job reading or writing repos needs.
fn is_admin_like(permission: &str) -> bool {
    matches!(permission, "org.write" | "user.billing.read") || permission.contains(".webhooks.")
}

/// The advice line, or `None` when the token fits the job (or whoami cannot tell).
pub(super) fn advice(w: &Whoami, needs: &[Need]) -> Option<Check> {
    if needs.is_empty() {
        return None;
    }
    let writes = needs.iter().any(|(_, write)| *write);
    let excess = match &w.token.kind {
        Kind::Write if !writes => format!(
            "the {} can write to every repo of user `{}` and of its organizations, and this job only reads",
            describe_token(w),
            w.name
        ),
        Kind::FineGrained => {
            let items = fine_grained_excess(w.token.fine_grained.as_ref()?, needs);
            if items.is_empty() {
                return None;
            }
            format!(
                "the {} holds more than this job needs: {}",
                describe_token(w),
                join_capped(&items, "; ")
            )
        }
        _ => return None,
    };
    let message = format!("{excess}; a minimal token for this job: {}", minimal(needs));
    Some(
        Check::warn(CheckKind::TokenScope, Code::LeastPrivilege, message).hint(format!(
            "create that token at {TOKENS_PAGE} and use it for this job; this is advice, the exit \
             status does not change"
        )),
    )
}

/// What a fine-grained token holds beyond the job: `repo.write` where no
/// `--write` goes, and admin-like permissions anywhere.
fn fine_grained_excess(fg: &FineGrained, needs: &[Need]) -> Vec<String> {
    let mut items = Vec::new();
    let unused_write: Vec<String> = fg
        .scoped
        .iter()
        .filter(|s| s.permissions.iter().any(|p| p == "repo.write"))
        .filter_map(|s| {
            let name = s.entity_name.as_deref()?;
            let used = match s.entity_type.as_str() {
                "user" | "org" => needs
                    .iter()
                    .any(|(r, write)| *write && r.ns.eq_ignore_ascii_case(name)),
                "model" | "dataset" | "space" => needs.iter().any(|(r, write)| {
                    *write
                        && r.ty.singular() == s.entity_type
                        && r.full_name().eq_ignore_ascii_case(name)
                }),
                // A resource group, a bucket...: whoami does not say what is in it.
                _ => return None,
            };
            (!used).then(|| format!("`{name}` ({})", s.entity_type))
        })
        .collect();
    if !unused_write.is_empty() {
        let writes = needs.iter().any(|(_, write)| *write);
        items.push(format!(
            "`repo.write` on {}, {}",
            and_list(&unused_write),
            if writes {
                "where this job writes nothing"
            } else {
                "and this job only reads"
            }
        ));
    }
    let mut admin: Vec<String> = fg
        .global
        .iter()
        .filter(|p| is_admin_like(p))
        .map(|p| format!("`{p}` (account-wide)"))
        .collect();
    for s in &fg.scoped {
        for p in s.permissions.iter().filter(|p| is_admin_like(p)) {
            admin.push(match &s.entity_name {
                Some(n) => format!("`{p}` on `{n}` ({})", s.entity_type),
                None => format!("`{p}` on a {}", s.entity_type),
            });
        }
    }
    if !admin.is_empty() {
        items.push(format!(
            "{}, which reach settings, billing or webhooks that no check here needs",
            and_list(&admin)
        ));
    }
    items
}

/// The smallest token that passes these requirements: `repo.write` on each
/// namespace written to (a repo may have to be created there) and
/// `repo.content.read` on each repo only read outside those namespaces.
///
/// Linear in the requirements (sets, not scans of the lists: 10,000 repos
/// made the scans the run's largest cost).
fn minimal(needs: &[Need]) -> String {
    let mut write_ns: Vec<String> = Vec::new();
    let mut folded: HashSet<String> = HashSet::new();
    for (r, write) in needs {
        if *write && folded.insert(r.ns.to_ascii_lowercase()) {
            write_ns.push(r.ns.clone());
        }
    }
    let mut reads: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (r, write) in needs {
        let covered = folded.contains(&r.ns.to_ascii_lowercase());
        if !*write && !covered {
            let shown = r.to_string();
            if seen.insert(shown.clone()) {
                reads.push(shown);
            }
        }
    }
    let ticks = |v: &[String]| -> Vec<String> { v.iter().map(|s| format!("`{s}`")).collect() };
    let read_part = format!("`repo.content.read` on {}", and_list(&ticks(&reads)));
    match (write_ns.is_empty(), reads.is_empty()) {
        (true, _) => format!("a read token, or a fine-grained token with {read_part}"),
        (false, true) => format!(
            "a fine-grained token with `repo.write` on {}",
            and_list(&ticks(&write_ns))
        ),
        (false, false) => format!(
            "a fine-grained token with `repo.write` on {} and {read_part}",
            and_list(&ticks(&write_ns))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::Origin;
    use crate::whoami::parse;

    fn needs(list: &[(&str, bool)]) -> Vec<Need> {
        let hub = Origin::new("https", "huggingface.co").unwrap();
        list.iter()
            .map(|(r, w)| (crate::repo::parse(r, &hub).unwrap(), *w))
            .collect()
    }

    fn classic(role: &str) -> Whoami {
        parse(&format!(
            r#"{{"name":"alice","auth":{{"type":"access_token","accessToken":{{"displayName":"ci","role":"{role}"}}}}}}"#
        ))
        .unwrap()
    }

    fn fine(global: &str, scoped: &str) -> Whoami {
        parse(&format!(
            r#"{{"name":"alice","auth":{{"type":"access_token","accessToken":{{"displayName":"deploy","role":"fineGrained",
            "fineGrained":{{"global":{global},"scoped":{scoped}}}}}}}}}"#
        ))
        .unwrap()
    }

    /// A case: its name, whoami, the requirements, and `None` for no advice or
    /// the pieces the advice must hold.
    type Row = (&'static str, Whoami, Vec<Need>, Option<Vec<&'static str>>);

    /// Which tokens get advice for which jobs, and what it says (pieces of the message).
    #[test]
    fn advice_table() {
        let own = r#"[{"entity":{"type":"user","name":"alice"},"permissions":["repo.content.read","repo.write"]}]"#;
        let wide = r#"[{"entity":{"type":"user","name":"alice"},"permissions":["repo.write"]},
            {"entity":{"type":"org","name":"acme"},"permissions":["repo.write","org.write"]},
            {"entity":{"type":"model","name":"bosses/x"},"permissions":["repo.write"]}]"#;
        let group = r#"[{"entity":{"type":"resource-group"},"permissions":["repo.write"]}]"#;
        let read_only =
            r#"[{"entity":{"type":"org","name":"acme"},"permissions":["repo.content.read"]}]"#;
        let std_global = r#"["discussion.write","post.write"]"#;
        // (name, whoami, requirements, None = no advice, else pieces the message holds)
        let rows: Vec<Row> = vec![
            (
                "write token, only reads",
                classic("write"),
                needs(&[("acme/model", false)]),
                Some(vec![
                    "the write token \"ci\" can write to every repo of user `alice`",
                    "a minimal token for this job: a read token, or a fine-grained token with \
                     `repo.content.read` on `acme/model`",
                ]),
            ),
            (
                "write token, reads two",
                classic("write"),
                needs(&[("acme/model", false), ("datasets/acme/data", false)]),
                Some(vec![
                    "`repo.content.read` on `acme/model` and `datasets/acme/data`",
                ]),
            ),
            (
                "write token, writes",
                classic("write"),
                needs(&[("alice/model", true)]),
                None,
            ),
            (
                "read token, reads",
                classic("read"),
                needs(&[("acme/model", false)]),
                None,
            ),
            (
                "write token, no requirement",
                classic("write"),
                vec![],
                None,
            ),
            (
                "fine-grained, fits",
                fine(std_global, own),
                needs(&[("alice/model", true)]),
                None,
            ),
            (
                "fine-grained, own namespace in another case",
                fine(std_global, own),
                needs(&[("Alice/model", true)]),
                None,
            ),
            (
                "fine-grained, repo.write but only reads",
                fine(std_global, own),
                needs(&[("acme/model", false)]),
                Some(vec![
                    "`repo.write` on `alice` (user), and this job only reads",
                    "a read token, or a fine-grained token with `repo.content.read` on `acme/model`",
                ]),
            ),
            (
                "fine-grained, writes elsewhere and admin-like",
                fine(std_global, wide),
                needs(&[("alice/model", true), ("acme/model", false)]),
                Some(vec![
                    "the fine-grained token \"deploy\" holds more than this job needs",
                    "`repo.write` on `acme` (org) and `bosses/x` (model), where this job writes nothing",
                    "`org.write` on `acme` (org), which reach settings",
                    "a fine-grained token with `repo.write` on `alice` and `repo.content.read` on `acme/model`",
                ]),
            ),
            (
                "fine-grained, account-wide billing and webhooks",
                fine(r#"["user.billing.read","user.webhooks.write"]"#, read_only),
                needs(&[("acme/model", false)]),
                Some(vec![
                    "`user.billing.read` (account-wide) and `user.webhooks.write` (account-wide)",
                ]),
            ),
            (
                "fine-grained, read-only fits",
                fine(std_global, read_only),
                needs(&[("acme/model", false)]),
                None,
            ),
            (
                "resource group: whoami cannot tell what is in it",
                fine(std_global, group),
                needs(&[("alice/model", true)]),
                None,
            ),
            (
                "writes to one repo, reads in the same namespace",
                fine(std_global, wide),
                needs(&[
                    ("acme/model", true),
                    ("acme/data", false),
                    ("alice/x", true),
                ]),
                Some(vec![
                    "a fine-grained token with `repo.write` on `acme` and `alice`; ",
                ]),
            ),
        ];
        for (name, w, needs, want) in rows {
            let got = advice(&w, &needs);
            match (want, got) {
                (None, None) => {}
                (None, Some(c)) => panic!("{name}: unexpected advice: {}", c.message),
                (Some(_), None) => panic!("{name}: no advice"),
                (Some(pieces), Some(c)) => {
                    assert_eq!(c.kind, CheckKind::TokenScope, "{name}");
                    assert_eq!(c.status, super::super::Status::Warn, "{name}");
                    assert_eq!(c.code, Some(Code::LeastPrivilege), "{name}");
                    assert_eq!(c.exit(), crate::exit::Exit::Ok, "{name}");
                    let text = format!("{}; {}", c.message, c.hint.unwrap());
                    for p in pieces {
                        assert!(text.contains(p), "{name}: `{p}` not in: {text}");
                    }
                }
            }
        }
    }

    /// OAuth and app tokens say nothing of their scope in whoami: no advice.
    #[test]
    fn unknown_scopes_get_no_advice() {
        for auth in [
            r#"{"type":"oauth"}"#,
            r#"{"type":"app_token"}"#,
            r#"{"type":"access_token"}"#,
        ] {
            let w = parse(&format!(r#"{{"name":"alice","auth":{auth}}}"#)).unwrap();
            assert!(
                advice(&w, &needs(&[("acme/model", false)])).is_none(),
                "{auth}"
            );
        }
    }
}
