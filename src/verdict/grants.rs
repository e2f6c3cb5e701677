//! Requirements no request proves without side effects, decided from the
//! token's own grants (whoami's role, `fineGrained.global` and `scoped`
//! entries, an OAuth token's scopes, `isPro`, org membership and plan) and
//! always labelled inferred: `--jobs NS` (run Hugging Face Jobs there),
//! `--inference` with `--bill-to ORG` (call Inference Providers), `--pr REPO`
//! (open pull requests and discussions). The rules are hub-api.md's
//! "Answers seen, 2026-12"; what no source settles is a `grant-unknown`
//! warning with the reason, never a silent pass and never a failure.

use super::common::describe_token;
use super::scopes::{self, Grant};
use super::{Blocked, Check, CheckKind, Code, TOKENS_PAGE, blocked_skip};
use crate::config::Grants;
use crate::repo::RepoId;
use crate::whoami::{FineGrained, Kind, Org, Whoami};

/// One check per `--jobs` namespace, one for `--inference`, one per `--pr` repo.
pub(super) fn checks(g: &Grants, blocked: Blocked, user: Option<&Whoami>) -> Vec<Check> {
    let mut out = Vec::new();
    for ns in &g.jobs {
        let line = gate(CheckKind::Jobs, blocked, user, |w| jobs(w, ns));
        out.push(Check {
            repo: Some(ns.clone()),
            ..line
        });
    }
    if g.inference {
        let line = gate(CheckKind::Inference, blocked, user, |w| {
            inference(w, g.bill_to.as_deref())
        });
        // Billed to the user (no `--bill-to`, or the user's own name): no namespace.
        let own = |b: &String| user.is_some_and(|w| w.name.eq_ignore_ascii_case(b));
        out.push(Check {
            repo: g.bill_to.clone().filter(|b| !own(b)),
            ..line
        });
    }
    for repo in &g.pr {
        let line = gate(CheckKind::PullRequest, blocked, user, |w| {
            pull_request(w, repo)
        });
        out.push(Check {
            repo: Some(repo.to_string()),
            ..line
        });
    }
    out
}

/// The line, unless the run could not ask whoami or whoami did not answer.
fn gate(
    kind: CheckKind,
    blocked: Blocked,
    user: Option<&Whoami>,
    decide: impl Fn(&Whoami) -> Check,
) -> Check {
    // A skipped line rests on nothing: no `basis`.
    if let Some(skip) = blocked_skip(kind, blocked) {
        return skip;
    }
    let decided = match user {
        None => Check::warn(
            kind,
            Code::GrantUnknown,
            "cannot be told: it is inferred from the token's grants, and whoami did not tell them \
             (see the whoami line)",
        )
        .hint("run the check again once the Hub answers whoami"),
        Some(w) => decide(w),
    };
    decided.inferred()
}

/// The first refusal, else every "cannot be told" together, else the pass.
fn verdict(kind: CheckKind, what: &str, parts: Vec<Grant>, note: &str) -> Check {
    let mut yes = Vec::new();
    let mut unknown: Vec<(Code, String, String)> = Vec::new();
    for p in parts {
        match p {
            Grant::No(code, why, hint) => {
                return Check::fail(kind, code, format!("may not {what} (inferred): {why}"))
                    .hint(hint);
            }
            Grant::Unknown(code, why, hint) => unknown.push((code, why, hint)),
            Grant::Yes(why) => yes.push(why),
        }
    }
    if let Some((code, _, _)) = unknown.first() {
        let whys: Vec<String> = unknown.iter().map(|u| u.1.clone()).collect();
        let hints: Vec<String> = unknown.iter().map(|u| u.2.clone()).collect();
        let known = if yes.is_empty() {
            String::new()
        } else {
            format!(" ({})", yes.join("; "))
        };
        return Check::warn(
            kind,
            *code,
            format!(
                "whether the token may {what} cannot be fully told (inferred){known}: {}{note}",
                whys.join("; ")
            ),
        )
        .hint(hints.join("; "));
    }
    Check::pass(
        kind,
        format!("may {what} (inferred: {}){note}", yes.join("; ")),
    )
}

/// Does the fine-grained token hold `perm` in `global` or on one of these entities?
fn fine_holds(fg: &FineGrained, perm: &str, global: bool, on: &[(&str, &str)]) -> bool {
    (global && fg.global.iter().any(|p| p == perm))
        || on.iter().any(|(ty, name)| fg.grants(ty, name, perm))
}

/// The org `ns` the user is a member of, if any.
fn org<'w>(w: &'w Whoami, ns: &str) -> Option<&'w Org> {
    w.orgs.iter().find(|o| o.name.eq_ignore_ascii_case(ns))
}

/// Is `ns` the user or one of their orgs? An OAuth or app token may not be
/// shown every membership: outside what whoami lists, it cannot be told.
fn membership(w: &Whoami, ns: &str, code: Code, what: &str) -> Grant {
    if w.name.eq_ignore_ascii_case(ns) || org(w, ns).is_some() {
        return Grant::Yes(String::new());
    }
    if w.token.kind.no_membership_to_ask() {
        return Grant::Unknown(
            Code::GrantUnknown,
            format!("whoami lists no org `{ns}` for this {}", describe_token(w)),
            format!("check that user `{}` is a member of `{ns}`", w.name),
        );
    }
    Grant::No(
        code,
        format!(
            "user `{}` is neither `{ns}` nor a member of an org named `{ns}`",
            w.name
        ),
        format!("ask to join `{ns}`, or {what} under `{}` instead", w.name),
    )
}

/// Does the org pay, as far as whoami tells?
fn org_pays(o: &Org, what: &str) -> Grant {
    let plan = o
        .plan
        .as_deref()
        .filter(|p| !p.eq_ignore_ascii_case("free"));
    if o.enterprise == Some(true) || o.can_pay == Some(true) || plan.is_some() {
        let said = match plan {
            Some(p) => format!("org `{}` is on the plan `{p}`", o.name),
            None => format!("org `{}` can pay, as whoami tells", o.name),
        };
        return Grant::Yes(said);
    }
    Grant::Unknown(
        Code::GrantUnknown,
        format!(
            "whoami does not tell whether org `{}`'s plan pays for {what}",
            o.name
        ),
        format!("check the billing settings of `{}`", o.name),
    )
}

/// `--jobs NS`: fine-grained `job.write` on NS, OAuth `jobs`, classic write;
/// a PRO account or a paying org.
fn jobs(w: &Whoami, ns: &str) -> Check {
    let what = format!("run Hugging Face Jobs under `{ns}`");
    let kind = CheckKind::Jobs;
    let member = membership(w, ns, Code::JobsDenied, "run the jobs");
    let token = scopes::needs(w, "jobs", &what, "with the `write` role")
        .unwrap_or_else(|| jobs_token(w, ns));
    verdict(
        kind,
        &what,
        drop_empty(vec![member, token, jobs_payer(w, ns)]),
        "",
    )
}

/// What a user access token's role or permissions say of Jobs under `ns`.
fn jobs_token(w: &Whoami, ns: &str) -> Grant {
    let t = describe_token(w);
    match (&w.token.kind, &w.token.fine_grained) {
        (Kind::Write, _) => Grant::Yes(format!("a classic {t} runs jobs")),
        (Kind::Read, _) => Grant::Unknown(
            Code::GrantUnknown,
            format!("what the Jobs API answers a classic {t} is unrecorded"),
            format!(
                "to be sure, use a write token or a fine-grained token with `job.write` on `{ns}`"
            ),
        ),
        (Kind::FineGrained, Some(fg))
            if fine_holds(fg, "job.write", false, &[("user", ns), ("org", ns)]) =>
        {
            Grant::Yes(format!("the {t} holds `job.write` on `{ns}`"))
        }
        // Seen only on a namespace: whether a global one covers NS is unrecorded.
        (Kind::FineGrained, Some(fg)) if fine_holds(fg, "job.write", true, &[]) => Grant::Unknown(
            Code::GrantUnknown,
            format!(
                "the {t} holds `job.write` only in its global permissions; whether that covers `{ns}` is unrecorded"
            ),
            format!("to be sure, add `job.write` for `{ns}` to the token at {TOKENS_PAGE}"),
        ),
        (Kind::FineGrained, _) => Grant::No(
            Code::JobsDenied,
            format!(
                "the {t} has no `job.write` on `{ns}` (the Jobs API answers \"missing permissions: job.write\")"
            ),
            format!(
                "edit the token at {TOKENS_PAGE}: add `job.write` (\"Start and manage Jobs\") for `{ns}`"
            ),
        ),
        _ => Grant::Unknown(
            Code::GrantUnknown,
            format!("whether this {t} may run jobs cannot be told from whoami"),
            "to be sure, use a user access token with the `write` role".into(),
        ),
    }
}

fn jobs_payer(w: &Whoami, ns: &str) -> Grant {
    if w.name.eq_ignore_ascii_case(ns) {
        match w.is_pro {
            Some(true) => Grant::Yes(format!("user `{}` is PRO", w.name)),
            Some(false) => Grant::No(
                Code::JobsDenied,
                format!(
                    "Hugging Face Jobs need a PRO account or a paying org, and whoami says user `{}` is not PRO",
                    w.name
                ),
                format!(
                    "upgrade `{}` to PRO, or run the jobs under a paying org (`--jobs ORG`)",
                    w.name
                ),
            ),
            None => Grant::Unknown(
                Code::GrantUnknown,
                format!(
                    "whoami does not tell whether user `{}` is PRO (Jobs need it)",
                    w.name
                ),
                "check the account's plan".into(),
            ),
        }
    } else {
        org(w, ns).map_or(Grant::Yes(String::new()), |o| org_pays(o, "Jobs"))
    }
}

/// `--inference [--bill-to ORG]`: classic read or write, fine-grained
/// `inference.serverless.write`, OAuth `inference-api`; billing an org needs
/// membership of a paying org. Credits cannot be checked.
fn inference(w: &Whoami, bill_to: Option<&str>) -> Check {
    // `--bill-to` with the user's own name is no org: the calls bill the user.
    let own = bill_to.filter(|b| b.eq_ignore_ascii_case(&w.name));
    let bill_to = bill_to.filter(|_| own.is_none());
    let payer = bill_to.unwrap_or(&w.name);
    let what = match bill_to {
        Some(org) => format!("call Inference Providers billed to org `{org}`"),
        None => format!("call Inference Providers billed to user `{}`", w.name),
    };
    let mut parts = Vec::new();
    if let Some(o) = bill_to {
        parts.push(membership(w, o, Code::InferenceDenied, "bill the calls"));
        if let Some(found) = org(w, o) {
            parts.push(org_pays(found, "Inference Providers"));
        }
    }
    if let Some(name) = own {
        parts.push(Grant::Unknown(
            Code::GrantUnknown,
            format!(
                "`--bill-to {name}` names user `{}` itself, not an org: calls bill the user by \
                 default, and huggingface_hub documents `bill_to` as an organization; whether the \
                 Hub takes a user's own name there is unrecorded",
                w.name
            ),
            format!(
                "drop `--bill-to` (and the job's `bill_to`) to bill user `{}`, or name an org",
                w.name
            ),
        ));
    }
    let token = scopes::needs(w, "inference-api", &what, "(a classic read token will do)")
        .unwrap_or_else(|| inference_token(w, payer, bill_to.is_some()));
    parts.push(token);
    let note = "; credits cannot be checked without a billable call (a 402 at run time means they ran out)";
    verdict(CheckKind::Inference, &what, drop_empty(parts), note)
}

fn inference_token(w: &Whoami, payer: &str, org: bool) -> Grant {
    let t = describe_token(w);
    const PERM: &str = "inference.serverless.write";
    match (&w.token.kind, &w.token.fine_grained) {
        (Kind::Read | Kind::Write, _) => {
            Grant::Yes(format!("a classic {t} may call Inference Providers"))
        }
        (Kind::FineGrained, Some(fg))
            if fine_holds(fg, PERM, true, &[(if org { "org" } else { "user" }, payer)]) =>
        {
            Grant::Yes(format!("the {t} holds `{PERM}`"))
        }
        (Kind::FineGrained, Some(fg))
            if org && fine_holds(fg, PERM, false, &[("user", &w.name)]) =>
        {
            Grant::Unknown(
                Code::GrantUnknown,
                format!(
                    "the {t} holds `{PERM}` only under user `{}`; whether that covers billing org `{payer}` is unrecorded",
                    w.name
                ),
                format!("to be sure, add `{PERM}` for org `{payer}` to the token at {TOKENS_PAGE}"),
            )
        }
        (Kind::FineGrained, _) => Grant::No(
            Code::InferenceDenied,
            format!(
                "the {t} has no `{PERM}` (\"Make calls to Inference Providers\") in its global permissions or on `{payer}`"
            ),
            format!(
                "edit the token at {TOKENS_PAGE}: add \"Make calls to Inference Providers\" (`{PERM}`)"
            ),
        ),
        _ => Grant::Unknown(
            Code::GrantUnknown,
            format!("whether this {t} may call Inference Providers cannot be told from whoami"),
            "to be sure, use a user access token (a classic read token will do)".into(),
        ),
    }
}

/// `--pr REPO`: fine-grained `discussion.write` (scoped to the user for their
/// own repos, to the org or the repo, `global` for anyone's), OAuth
/// `write-discussions`, classic write; a classic read token: unrecorded.
fn pull_request(w: &Whoami, repo: &RepoId) -> Check {
    let what = format!("open pull requests on {}", repo.label());
    let full = repo.full_name();
    let t = describe_token(w);
    const PERM: &str = "discussion.write";
    let own = [
        ("user", repo.ns.as_str()),
        ("org", repo.ns.as_str()),
        (repo.ty.singular(), full.as_str()),
    ];
    let mut note = String::new();
    let grant = match scopes::needs(w, "write-discussions", &what, "with the `write` role") {
        Some(g) => {
            if matches!(g, Grant::Yes(_))
                && !w.token.scopes.as_ref().is_some_and(|s| s.has("read-repos"))
            {
                note = "; for a private repo it also needs the `read-repos` scope".into();
            }
            g
        }
        None => match (&w.token.kind, &w.token.fine_grained) {
            (Kind::Write, _) => Grant::Yes(format!("a classic {t} opens pull requests")),
            (Kind::Read, _) => Grant::Unknown(
                Code::GrantUnknown,
                format!(
                    "what the Hub answers a classic {t} that opens a pull request is unrecorded"
                ),
                format!("to be sure, use a write token or a fine-grained token with `{PERM}`"),
            ),
            (Kind::FineGrained, Some(fg)) if fine_holds(fg, PERM, false, &own) => Grant::Yes(
                format!("the {t} holds `{PERM}` on `{full}` or its namespace"),
            ),
            (Kind::FineGrained, Some(fg)) if fine_holds(fg, PERM, true, &[]) => {
                Grant::Yes(format!("the {t} holds `{PERM}` in its global permissions"))
            }
            (Kind::FineGrained, _) => Grant::No(
                Code::PrDenied,
                format!(
                    "the {t} has no `{PERM}` in its global permissions or on `{}` or `{full}`",
                    repo.ns
                ),
                format!(
                    "edit the token at {TOKENS_PAGE}: add `{PERM}` (\"Interact with discussions / open pull requests\"), \
                     under `{}` for its own repos, in the global permissions for other people's",
                    w.name
                ),
            ),
            _ => Grant::Unknown(
                Code::GrantUnknown,
                format!("whether this {t} may open pull requests cannot be told from whoami"),
                "to be sure, use a user access token with the `write` role".into(),
            ),
        },
    };
    verdict(CheckKind::PullRequest, &what, vec![grant], &note)
}

/// Parts that only said "nothing against" (an empty `Yes`) add nothing to the message.
fn drop_empty(parts: Vec<Grant>) -> Vec<Grant> {
    parts
        .into_iter()
        .filter(|p| !matches!(p, Grant::Yes(s) if s.is_empty()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::Origin;
    use crate::token::Scopes;
    use crate::verdict::Basis;
    use crate::verdict::Status;

    /// alice (PRO unless `pro` says otherwise), of `acme` (write, can pay) and
    /// `poor` (write, plan untold), with this `auth`.
    fn who(auth: &str, pro: bool) -> Whoami {
        crate::whoami::parse(&format!(
            r#"{{"name":"alice","isPro":{pro},"orgs":[{{"name":"acme","roleInOrg":"write","canPay":true}},
            {{"name":"poor","roleInOrg":"write"}},{{"name":"ent","roleInOrg":"read","isEnterprise":true}},
            {{"name":"teamed","roleInOrg":"write","plan":"team"}},{{"name":"free","roleInOrg":"write","plan":"free"}}],
            "auth":{auth}}}"#
        ))
        .unwrap()
    }

    fn classic(role: &str) -> String {
        format!(r#"{{"type":"access_token","accessToken":{{"displayName":"ci","role":"{role}"}}}}"#)
    }

    fn fine(global: &str, scoped: &str) -> String {
        format!(
            r#"{{"type":"access_token","accessToken":{{"displayName":"d","role":"fineGrained","fineGrained":{{"global":{global},"scoped":{scoped}}}}}}}"#
        )
    }

    fn oauth(scopes: &str) -> Whoami {
        let mut w = who(r#"{"type":"oauth"}"#, true);
        w.token.scopes = Some(Scopes::Known(scopes.split(' ').map(String::from).collect()));
        w
    }

    fn status(c: &Check) -> (Status, Option<Code>) {
        assert_eq!(c.basis, Some(Basis::Inferred), "{c:?}");
        (c.status, c.code)
    }

    const PASS: (Status, Option<Code>) = (Status::Pass, None);
    const fn warn(c: Code) -> (Status, Option<Code>) {
        (Status::Warn, Some(c))
    }
    const fn fail(c: Code) -> (Status, Option<Code>) {
        (Status::Fail, Some(c))
    }

    fn one(w: &Whoami, g: Grants) -> Check {
        let mut c = checks(&g, Blocked::No, Some(w));
        assert_eq!(c.len(), 1);
        c.remove(0)
    }

    fn jobs_in(w: &Whoami, ns: &str) -> (Status, Option<Code>) {
        status(&one(
            w,
            Grants {
                jobs: vec![ns.into()],
                ..Grants::default()
            },
        ))
    }

    /// `--jobs`: each grant kind, membership, PRO and the org's plan.
    #[test]
    fn jobs_by_grant() {
        let job_user = fine(
            "[]",
            r#"[{"entity":{"type":"user","name":"alice"},"permissions":["job.write"]}]"#,
        );
        let job_org = fine(
            "[]",
            r#"[{"entity":{"type":"org","name":"acme"},"permissions":["job.write"]}]"#,
        );
        let rows = [
            (who(&classic("write"), true), "alice", PASS),
            (
                who(&classic("write"), false),
                "alice",
                fail(Code::JobsDenied),
            ),
            (who(&classic("write"), true), "acme", PASS),
            (
                who(&classic("write"), true),
                "poor",
                warn(Code::GrantUnknown),
            ),
            (who(&classic("write"), true), "teamed", PASS),
            (
                who(&classic("write"), true),
                "free",
                warn(Code::GrantUnknown),
            ),
            (who(&classic("write"), true), "ent", PASS),
            (
                who(&classic("write"), true),
                "stranger",
                fail(Code::JobsDenied),
            ),
            (
                who(&classic("read"), true),
                "alice",
                warn(Code::GrantUnknown),
            ),
            (
                who(&fine(r#"["job.write"]"#, "[]"), true),
                "acme",
                warn(Code::GrantUnknown),
            ),
            (who(&job_user, true), "alice", PASS),
            (who(&job_user, true), "acme", fail(Code::JobsDenied)),
            (who(&job_org, true), "acme", PASS),
            (
                who(&fine(r#"["discussion.write"]"#, "[]"), true),
                "alice",
                fail(Code::JobsDenied),
            ),
            (oauth("jobs"), "alice", PASS),
            (oauth("read-repos"), "alice", fail(Code::ScopeMissing)),
            (oauth("jobs"), "stranger", warn(Code::GrantUnknown)),
            (
                who(r#"{"type":"app_token"}"#, true),
                "alice",
                warn(Code::GrantUnknown),
            ),
        ];
        for (i, (w, ns, want)) in rows.iter().enumerate() {
            assert_eq!(jobs_in(w, ns), *want, "row {i}: {ns}");
        }
        let c = one(
            &who(&classic("write"), true),
            Grants {
                jobs: vec!["alice".into()],
                ..Grants::default()
            },
        );
        assert_eq!(c.repo.as_deref(), Some("alice"));
        let read = one(
            &who(&classic("read"), true),
            Grants {
                jobs: vec!["alice".into()],
                ..Grants::default()
            },
        );
        assert!(
            read.message
                .contains("what the Jobs API answers a classic read token"),
            "{}",
            read.message
        );
        assert!(
            c.message.contains(
                "(inferred: a classic write token \"ci\" runs jobs; user `alice` is PRO)"
            ),
            "{}",
            c.message
        );
    }

    fn inference(w: &Whoami, bill_to: Option<&str>) -> Check {
        one(
            w,
            Grants {
                inference: true,
                bill_to: bill_to.map(String::from),
                ..Grants::default()
            },
        )
    }

    /// `--inference`, billed to the user or to an org.
    #[test]
    fn inference_by_grant() {
        let perm = "inference.serverless.write";
        let user = fine(
            "[]",
            &format!(r#"[{{"entity":{{"type":"user","name":"alice"}},"permissions":["{perm}"]}}]"#),
        );
        let org = fine(
            "[]",
            &format!(r#"[{{"entity":{{"type":"org","name":"acme"}},"permissions":["{perm}"]}}]"#),
        );
        let global = fine(&format!(r#"["{perm}"]"#), "[]");
        let rows = [
            (who(&classic("read"), true), None, PASS),
            (who(&classic("write"), true), Some("acme"), PASS),
            (
                who(&classic("write"), true),
                Some("poor"),
                warn(Code::GrantUnknown),
            ),
            (
                who(&classic("write"), true),
                Some("stranger"),
                fail(Code::InferenceDenied),
            ),
            (who(&global, true), Some("acme"), PASS),
            (who(&user, true), None, PASS),
            (who(&user, true), Some("acme"), warn(Code::GrantUnknown)),
            (who(&org, true), Some("acme"), PASS),
            (who(&org, true), None, fail(Code::InferenceDenied)),
            (
                who(&fine("[]", "[]"), true),
                None,
                fail(Code::InferenceDenied),
            ),
            (
                who(&fine("[]", "[]"), true),
                Some("acme"),
                fail(Code::InferenceDenied),
            ),
            (
                who(&classic("read"), true),
                Some("alice"),
                warn(Code::GrantUnknown),
            ),
            (
                who(&classic("read"), true),
                Some("ALICE"),
                warn(Code::GrantUnknown),
            ),
            (who(&org, true), Some("alice"), fail(Code::InferenceDenied)),
            (oauth("inference-api"), None, PASS),
            (oauth("jobs"), None, fail(Code::ScopeMissing)),
            (
                who(r#"{"type":"app_token"}"#, true),
                None,
                warn(Code::GrantUnknown),
            ),
        ];
        for (i, (w, bill, want)) in rows.iter().enumerate() {
            let c = inference(w, *bill);
            assert_eq!(status(&c), *want, "row {i}: {bill:?}: {}", c.message);
            let own = bill.is_some_and(|b| b.eq_ignore_ascii_case(&w.name));
            assert_eq!(c.repo.as_deref(), bill.filter(|_| !own), "row {i}");
            if c.status != Status::Fail {
                assert!(
                    c.message.contains("credits cannot be checked"),
                    "row {i}: {}",
                    c.message
                );
            }
        }
    }

    fn pr(w: &Whoami, r: &str) -> Check {
        let repo = crate::repo::parse(r, &Origin::new("https", "huggingface.co").unwrap()).unwrap();
        one(
            w,
            Grants {
                pr: vec![repo],
                ..Grants::default()
            },
        )
    }

    /// `--pr`: global for anyone's repos, the user for their own, the org or
    /// the repo for those; a classic read token cannot be told.
    #[test]
    fn pull_requests_by_grant() {
        let scoped = |ty: &str, name: &str| {
            fine(
                "[]",
                &format!(
                    r#"[{{"entity":{{"type":"{ty}","name":"{name}"}},"permissions":["discussion.write"]}}]"#
                ),
            )
        };
        let rows = [
            (who(&classic("write"), true), "bob/model", PASS),
            (
                who(&classic("read"), true),
                "bob/model",
                warn(Code::GrantUnknown),
            ),
            (
                who(&fine(r#"["discussion.write"]"#, "[]"), true),
                "bob/model",
                PASS,
            ),
            (who(&scoped("user", "alice"), true), "alice/model", PASS),
            (
                who(&scoped("user", "alice"), true),
                "bob/model",
                fail(Code::PrDenied),
            ),
            (
                who(&scoped("org", "acme"), true),
                "datasets/acme/data",
                PASS,
            ),
            (who(&scoped("model", "bob/model"), true), "bob/model", PASS),
            (
                who(&scoped("model", "bob/model"), true),
                "datasets/bob/model",
                fail(Code::PrDenied),
            ),
            (oauth("write-discussions read-repos"), "bob/model", PASS),
            (oauth("read-repos"), "bob/model", fail(Code::ScopeMissing)),
            (
                who(r#"{"type":"app_token"}"#, true),
                "bob/model",
                warn(Code::GrantUnknown),
            ),
        ];
        for (i, (w, r, want)) in rows.iter().enumerate() {
            let c = pr(w, r);
            assert_eq!(status(&c), *want, "row {i}: {r}: {}", c.message);
        }
        let c = pr(&who(&classic("read"), true), "bob/model");
        assert_eq!(c.repo.as_deref(), Some("bob/model"));
        assert!(
            c.message
                .contains("what the Hub answers a classic read token"),
            "{}",
            c.message
        );
        let c = pr(&oauth("write-discussions"), "bob/model");
        assert!(
            c.message.contains("also needs the `read-repos` scope"),
            "{}",
            c.message
        );
        assert!(
            !pr(&oauth("write-discussions read-repos"), "a/b")
                .message
                .contains("also needs")
        );
    }

    /// No token, offline, no whoami answer: never a pass; the first two skip.
    #[test]
    fn blocked_runs() {
        let g = Grants {
            jobs: vec!["a".into()],
            inference: true,
            pr: vec![],
            bill_to: None,
        };
        for c in checks(&g, Blocked::Token(Code::TokenMissing, "no token"), None) {
            assert_eq!((c.status, c.code), (Status::Skip, Some(Code::TokenMissing)));
        }
        for c in checks(&g, Blocked::Offline, None) {
            assert_eq!((c.status, c.code), (Status::Skip, Some(Code::Offline)));
            assert_eq!(c.basis, None);
        }
        let c = checks(&g, Blocked::No, None);
        assert_eq!(c.len(), 2);
        for c in c {
            assert_eq!(status(&c), warn(Code::GrantUnknown));
            assert!(c.message.contains("whoami did not tell"), "{}", c.message);
        }
        assert!(checks(&Grants::default(), Blocked::No, None).is_empty());
    }
}
