//! Refusals told in the Hub's own words (issue 25, items 2 and 3): the
//! fine-grained "public gated repos" setting, a revoked token, a bare 403,
//! and a redirect to another repository.

use super::tests::{Case, GOOD, ORGS, access, err, fine_grained, status, the, whoami, write_404};
use super::*;
use crate::answer::Answer;

const SETTING_403: &str = "Please enable access to public gated repositories in your \
                           fine-grained token settings to view this repository";
const SETTING: &str = "\"Read access to contents of all public gated repos you can access\"";
const TOKENS: &str = "https://huggingface.co/settings/tokens";

fn fg_reader() -> Outcome {
    fine_grained(r#"{"entity":{"type":"user","name":"alice"},"permissions":["repo.content.read"]}"#)
}

fn rate_limited() -> Outcome {
    err(429, None, "We had to rate limit you")
}

/// The Hub's 403 about the fine-grained token's gated-repos setting is its own
/// reason: the setting named in words and where to change it; no scoped
/// permission, no "request access"; the same when whoami was rate-limited.
#[test]
fn the_gated_repos_setting_is_the_hubs_reason_with_or_without_whoami() {
    for who in [fg_reader(), rate_limited()] {
        let a = access("meta/granted", false, err(403, None, SETTING_403));
        let v = Case::new(GOOD, Some(who), vec![a]).decide();
        let c = the(&v, CheckKind::Read);
        assert_eq!((c.status, c.code), (Status::Fail, Some(Code::Gated)));
        assert_eq!(v.exit.code(), 77);
        let hint = c.hint.clone().unwrap();
        let text = format!("{} // {hint}", c.message);
        assert!(c.message.contains(SETTING), "{text}");
        assert!(hint.contains(SETTING) && hint.contains(TOKENS), "{text}");
        for wrong in [
            "request access",
            "repo.content.read",
            "cannot be told",
            "awaiting",
        ] {
            assert!(!text.contains(wrong), "{wrong}: {text}");
        }
        // The Hub's words are quoted, with the request id.
        assert!(c.message.contains(SETTING_403), "{text}");
        assert_eq!(c.request_id.as_deref(), Some("rid"));
    }
    // With whoami: the token and the user are named.
    let a = access("meta/granted", false, err(403, None, SETTING_403));
    let v = Case::new(GOOD, Some(fg_reader()), vec![a]).decide();
    let m = &the(&v, CheckKind::Read).message;
    assert!(
        m.starts_with(
            "model `meta/granted` is gated and the Hub refuses the fine-grained token \"t\": its \
             setting"
        ) && m.contains("(user `alice` may read it, the token may not)"),
        "{m}"
    );
}

/// whoami's `canReadGatedRepos: false` is said on the whoami line of a
/// fine-grained token; `true`, absent, or a classic token: nothing said.
#[test]
fn the_whoami_line_says_the_gated_setting_is_off() {
    let line = |who: Outcome| {
        let v = Case::new(GOOD, Some(who), vec![]).decide();
        the(&v, CheckKind::Whoami).message.clone()
    };
    let off = line(fg_reader());
    assert!(
        off.ends_with(&format!(
            "; its setting {SETTING} is off: it cannot read gated repos, even those user \
             `alice` was granted"
        )),
        "{off}"
    );
    let on = line(super::tests::who_body(
        r#"{"name":"alice","auth":{"type":"access_token","accessToken":{"displayName":"t",
        "role":"fineGrained","fineGrained":{"canReadGatedRepos":true,"scoped":[]}}}}"#,
    ));
    let absent = line(super::tests::who_body(
        r#"{"name":"alice","auth":{"type":"access_token","accessToken":{"displayName":"t",
        "role":"fineGrained","fineGrained":{"scoped":[]}}}}"#,
    ));
    // `whoami("write")` carries a `fineGrained` object with the setting off: not a fine-grained token.
    for quiet in [on, absent, line(whoami("write", ORGS))] {
        assert!(!quiet.contains("gated"), "{quiet}");
    }
}

/// A gated repo without a grant, seen by a fine-grained token whose setting is
/// off: both are needed, and the hint says so; setting unknown: either cause.
#[test]
fn a_gated_refusal_is_tied_to_the_setting() {
    let gated = || {
        err(
            403,
            Some("GatedRepo"),
            "Access to model meta/gated is restricted and you are not in the authorized list.",
        )
    };
    let v = Case::new(
        GOOD,
        Some(fg_reader()),
        vec![access("meta/gated", false, gated())],
    )
    .decide();
    let c = the(&v, CheckKind::Read);
    assert_eq!(c.code, Some(Code::Gated));
    assert!(
        c.message.contains(&format!(
            "has no access grant; besides, the fine-grained token \"t\" has {SETTING} off \
             (whoami says so)"
        )),
        "{}",
        c.message
    );
    assert_eq!(
        c.hint.as_deref(),
        Some(
            format!(
                "request access at https://huggingface.co/meta/gated, and enable {SETTING} for \
                 the token at {TOKENS}: both are needed"
            )
            .as_str()
        )
    );
    let unknown = super::tests::who_body(
        r#"{"name":"alice","auth":{"type":"access_token","accessToken":{"displayName":"t",
        "role":"fineGrained","fineGrained":{"scoped":[]}}}}"#,
    );
    let v = Case::new(
        GOOD,
        Some(unknown),
        vec![access("meta/gated", false, gated())],
    )
    .decide();
    let c = the(&v, CheckKind::Read);
    assert!(c.message.contains("(whoami does not say)"), "{}", c.message);
    assert!(
        c.hint
            .as_deref()
            .unwrap()
            .starts_with("if access was already granted")
    );
    // A classic token: the setting is not its business.
    let v = Case::new(
        GOOD,
        Some(whoami("read", ORGS)),
        vec![access("meta/gated", false, gated())],
    )
    .decide();
    let c = the(&v, CheckKind::Read);
    assert_eq!(
        c.hint.as_deref(),
        Some("request access at https://huggingface.co/meta/gated")
    );
}

/// A token revoked by an org admin: permanent, a new token (which may need the
/// org's approval), it still works elsewhere; pending approval keeps its advice.
#[test]
fn a_revoked_token_needs_a_new_one_and_a_pending_one_an_approval() {
    let revoked = "Your token has been revoked by the organization administrator, you can no \
                   longer access organization resources. Please contact them for more information.";
    let pending = "Due to the organization token policy, your token needs to be approved by the \
                   organization before you can access this resource.";
    let line = |message: &str, write: bool| {
        let a = access("acme/model", write, err(403, None, message));
        let v = Case::new(GOOD, Some(whoami("write", ORGS)), vec![a]).decide();
        assert_eq!(v.exit.code(), 77);
        let c = v.checks.last().unwrap().clone();
        (c.message, c.hint.unwrap())
    };
    for write in [false, true] {
        let (m, h) = line(revoked, write);
        assert!(
            m.contains(
                "an administrator of the organization `acme` revoked this token: revocation is \
                 permanent, and the token still works outside `acme`"
            ),
            "{m}"
        );
        assert!(
            h.starts_with(&format!(
                "create a new token at {TOKENS} (the organization may have to approve it"
            )),
            "{h}"
        );
        assert!(!h.contains("ask an admin"), "{h}");
        let (m, h) = line(pending, write);
        assert!(m.contains("refuses this token by its token policy"), "{m}");
        assert!(
            h.starts_with("ask an admin of `acme` to approve the token"),
            "{h}"
        );
    }
}

/// A bare 403 (no message) says so; with a message the hint quotes it.
#[test]
fn a_bare_403_hint_quotes_only_what_the_hub_said() {
    let hint = |o: Outcome| {
        let v = Case::new(
            GOOD,
            Some(whoami("write", ORGS)),
            vec![access("acme/model", false, o)],
        )
        .decide();
        the(&v, CheckKind::Read).hint.clone().unwrap()
    };
    let bare = hint(status(403));
    assert!(
        bare.starts_with("the Hub gave no reason (no message);"),
        "{bare}"
    );
    assert!(!bare.contains("message above"), "{bare}");
    let said = hint(err(403, None, "Repo settings forbid this"));
    assert!(
        said.starts_with("the Hub said \"Repo settings forbid this\";"),
        "{said}"
    );
}

/// After a redirect to another repository, the reason, the fix and the
/// least-privilege advice name the repository that answered.
#[test]
fn advice_after_a_redirect_names_the_repo_that_answered() {
    let moved = |status: u16, code: Option<&str>, message: Option<&str>| {
        Outcome::answer(Answer {
            status,
            error_code: code.map(String::from),
            message: message.map(String::from),
            redirected_to: Some(
                "/api/models/stable-diffusion-v1-5/stable-diffusion-v1-5/auth-check".into(),
            ),
            ..Answer::default()
        })
    };
    let gated = moved(403, Some("GatedRepo"), Some("restricted"));
    let a = access("runwayml/stable-diffusion-v1-5", false, gated);
    let v = Case::new(GOOD, Some(whoami("read", ORGS)), vec![a]).decide();
    let c = the(&v, CheckKind::Read);
    assert!(
        c.message.starts_with(
            "model `stable-diffusion-v1-5/stable-diffusion-v1-5` is gated and user `alice`"
        ),
        "{}",
        c.message
    );
    assert!(
        c.message.contains(
            "(asked as `runwayml/stable-diffusion-v1-5`, the Hub redirected to \
             `stable-diffusion-v1-5/stable-diffusion-v1-5`, the repo that answered"
        ),
        "{}",
        c.message
    );
    assert_eq!(
        c.hint.as_deref(),
        Some(
            "request access at https://huggingface.co/stable-diffusion-v1-5/stable-diffusion-v1-5"
        )
    );
    // A denial after the redirect: the fix names the new namespace.
    let fg = fine_grained(
        r#"{"entity":{"type":"user","name":"alice"},"permissions":["repo.content.read"]}"#,
    );
    let a = access(
        "runwayml/stable-diffusion-v1-5",
        false,
        moved(403, None, None),
    );
    let v = Case::new(GOOD, Some(fg), vec![a]).decide();
    let h = the(&v, CheckKind::Read).hint.clone().unwrap();
    assert!(
        h.contains("add `repo.content.read` for `stable-diffusion-v1-5`")
            && !h.contains("runwayml"),
        "{h}"
    );
    // A pass after the redirect (a rename warning): the advice names the new repo.
    let fg = fine_grained(
        r#"{"entity":{"type":"user","name":"alice"},"permissions":["repo.write"]},
           {"entity":{"type":"model","name":"stable-diffusion-v1-5/stable-diffusion-v1-5"},"permissions":["repo.content.read"]}"#,
    );
    let a = access(
        "runwayml/stable-diffusion-v1-5",
        false,
        moved(200, None, None),
    );
    let v = Case::new(GOOD, Some(fg), vec![a]).decide();
    let advice = the(&v, CheckKind::TokenScope);
    assert!(
        advice
            .message
            .contains("`repo.content.read` on `stable-diffusion-v1-5/stable-diffusion-v1-5`")
            && !advice.message.contains("runwayml"),
        "{}",
        advice.message
    );
}

/// (whoami, bucket, write, answer, status, code, words in message or hint)
type BucketRow = (
    Outcome,
    &'static str,
    bool,
    Outcome,
    Status,
    Option<Code>,
    &'static str,
);

/// A bucket's answers, decided by `bucket.rs`: what passed is said with what
/// proved it; 401, 403 and 404 each get their own code and explanation.
#[test]
fn bucket_answers_table() {
    let fg_repos_only = fine_grained(
        r#"{"entity":{"type":"model","name":"alice/model"},"permissions":["repo.write"]}"#,
    );
    let fg_other_bucket = fine_grained(
        r#"{"entity":{"type":"bucket","name":"alice/logs"},"permissions":["repo.write"]}"#,
    );
    let fg_this_bucket = fine_grained(
        r#"{"entity":{"type":"bucket","name":"alice/ckpt"},"permissions":["repo.write"]}"#,
    );
    let revoked = "Your token has been revoked by the organization administrator";
    let invalid = "Invalid credentials in Authorization header";
    let rows: Vec<BucketRow> = vec![
        (
            whoami("write", ORGS),
            "buckets/alice/ckpt",
            true,
            status(200),
            Status::Pass,
            None,
            "can write bucket `alice/ckpt` for user `alice` (the Hub issued this token a storage write token",
        ),
        (
            whoami("read", ORGS),
            "buckets/alice/ckpt",
            false,
            status(200),
            Status::Pass,
            None,
            "reading its files is inferred",
        ),
        (
            whoami("write", ORGS),
            "buckets/alice/ckpt",
            true,
            err(404, Some("RepoNotFound"), "Repository not found"),
            Status::Fail,
            Some(Code::NotFound),
            "`hf buckets create alice/ckpt`",
        ),
        (
            whoami("write", ORGS),
            "buckets/zed/ckpt",
            false,
            err(404, Some("RepoNotFound"), "Repository not found"),
            Status::Fail,
            Some(Code::NotFound),
            "visible only to `zed` and its members",
        ),
        (
            rate_limited(),
            "buckets/alice/ckpt",
            true,
            err(401, None, invalid),
            Status::Fail,
            Some(Code::TokenRejected),
            "the Hub rejected the token from `HF_TOKEN` (401)",
        ),
        (
            whoami("write", ORGS),
            "buckets/zed/ckpt",
            false,
            err(401, None, "Invalid username or password."),
            Status::Fail,
            Some(Code::NotFound),
            "inferred: whoami accepted this token, and the Hub documents a bucket's 401 only for a rejected token",
        ),
        (
            whoami("read", ORGS),
            "buckets/alice/ckpt",
            true,
            status(403),
            Status::Fail,
            Some(Code::WriteDenied),
            "fine-grained token with write access to bucket `alice/ckpt`",
        ),
        (
            fg_repos_only,
            "buckets/alice/ckpt",
            true,
            status(403),
            Status::Fail,
            Some(Code::WriteDenied),
            "it names no bucket at all, and permissions scoped to repos do not cover buckets",
        ),
        (
            fg_other_bucket,
            "buckets/alice/ckpt",
            false,
            status(403),
            Status::Fail,
            Some(Code::ReadDenied),
            "it names only the buckets `alice/logs`",
        ),
        (
            fg_this_bucket,
            "buckets/alice/ckpt",
            true,
            status(403),
            Status::Fail,
            Some(Code::WriteDenied),
            "the Hub gave no reason (no message)",
        ),
        (
            whoami("write", ORGS),
            "buckets/acme/ckpt",
            true,
            err(403, None, revoked),
            Status::Fail,
            Some(Code::WriteDenied),
            "revocation is permanent",
        ),
        (
            whoami("write", ORGS),
            "buckets/acme/ckpt",
            true,
            status(418),
            Status::Fail,
            Some(Code::UnexpectedResponse),
            "which it does not document",
        ),
    ];
    for (who, bucket, write, answer, st, code, words) in rows {
        let v = Case::new(GOOD, Some(who), vec![access(bucket, write, answer)]).decide();
        let kind = CheckKind::access(write);
        let c = the(&v, kind);
        let text = format!("{} // {}", c.message, c.hint.clone().unwrap_or_default());
        assert_eq!((c.status, c.code), (st, code), "{bucket}: {text}");
        assert!(text.contains(words), "{words}: {text}");
        assert_eq!(c.repo.as_deref(), Some(bucket));
        // What rests on a reading of the Hub's words, not its answer, says so.
        let inferred = text.contains("inferred");
        assert_eq!(
            c.basis == Some(Basis::Inferred),
            inferred,
            "{bucket}: {text}"
        );
        // Never a repo's advice for a bucket.
        for wrong in [
            "repo.content.read",
            "auth-check",
            "did you mean",
            "request access",
        ] {
            assert!(!text.contains(wrong), "{wrong}: {text}");
        }
    }
    // No least-privilege advice is made up when a bucket is among the needs.
    let v = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access("buckets/alice/ckpt", false, status(200))],
    )
    .decide();
    assert!(v.checks.iter().all(|c| c.kind != CheckKind::TokenScope));
}

/// Inside a Hugging Face Job (`JOB_ID`): the token line names the job; a
/// missing or rejected token is told to go in the job's secrets, not CI or a
/// workstation; a `JOB_ID` that is no id is not shown.
#[test]
fn inside_a_job_the_hints_speak_of_its_secrets() {
    let secrets = "`hf jobs run --secrets HF_TOKEN ...`";
    let mut found = Case::new(GOOD, Some(whoami("write", ORGS)), vec![]);
    found.job = Some("6925a0c1e1e2b3a4f5d6c7b8");
    let v = found.decide();
    assert_eq!(
        the(&v, CheckKind::TokenPresent).message,
        "token found in `HF_TOKEN`, inside Hugging Face Job `6925a0c1e1e2b3a4f5d6c7b8`"
    );
    // Rejected: a new token, passed as the job's secret.
    let mut rejected = Case::new(
        GOOD,
        Some(err(
            401,
            None,
            "Invalid credentials in Authorization header",
        )),
        vec![],
    );
    rejected.job = Some("abc");
    let v = rejected.decide();
    let c = the(&v, CheckKind::Whoami);
    assert_eq!(c.code, Some(Code::TokenRejected));
    let hint = c.hint.clone().unwrap();
    assert!(
        hint.contains(secrets) && hint.contains("\"secrets\": {\"HF_TOKEN\": ...}"),
        "{hint}"
    );
    assert!(
        !hint.contains("workstation") && !hint.contains("behind"),
        "{hint}"
    );
    assert!(
        c.message.contains("inside Hugging Face Job `abc`"),
        "{}",
        c.message
    );
    // Not an id (spaces, a token's shape): not shown.
    for odd in ["not an id at all", GOOD] {
        let mut c = Case::new(GOOD, Some(whoami("write", ORGS)), vec![]);
        c.job = Some(odd);
        let v = c.decide();
        let m = &the(&v, CheckKind::TokenPresent).message;
        assert!(
            m.ends_with("(`JOB_ID` is set; its value is not shown)"),
            "{m}"
        );
    }
}

/// A missing token inside a Job: the job's secrets, with or without a token
/// under a wrong name; outside a Job the hint is unchanged.
#[test]
fn a_missing_token_inside_a_job() {
    let facts = |misplaced: Vec<String>, job: Option<&'static str>| {
        let missing = Discovery::Missing {
            searched: vec!["`HF_TOKEN`".into()],
            blank: vec![],
            misplaced,
            unreadable: None,
            github_actions: false,
        };
        let c = token::checks(&missing, None, false, false, job);
        (c[0].message.clone(), c[0].hint.clone().unwrap())
    };
    let (m, h) = facts(vec![], Some("j1"));
    assert!(m.ends_with("; inside Hugging Face Job `j1`"), "{m}");
    assert!(
        h.starts_with("pass the token as the job's secret `HF_TOKEN`"),
        "{h}"
    );
    assert!(!h.contains("CI") && !h.contains("workstation"), "{h}");
    let (_, h) = facts(vec!["HF_API_TOKEN".into()], Some("j1"));
    assert!(
        h.starts_with("rename `HF_API_TOKEN` to `HF_TOKEN`: pass the token as the job's secret"),
        "{h}"
    );
    let (m, h) = facts(vec![], None);
    assert!(!m.contains("Job"), "{m}");
    assert!(h.contains("workstation"), "{h}");
}

/// A write that would create a repo in an org that revoked this token earlier
/// in the run: refused, and told to get a new token, never to get this one approved.
#[test]
fn no_repo_is_created_where_the_token_was_revoked() {
    let revoked = "Your token has been revoked by the organization administrator";
    let pending = "Your token needs to be approved by the organization";
    for (said, why, fix) in [
        (
            revoked,
            "an administrator of the organization `acme` revoked this token earlier in this run",
            "create a new token at",
        ),
        (
            pending,
            "the organization `acme` refused this token by its token policy earlier in this run",
            "ask an admin of `acme` to approve the token",
        ),
    ] {
        let v = Case::new(
            GOOD,
            Some(whoami("write", ORGS)),
            vec![
                access("acme/model", false, err(403, None, said)),
                write_404("acme/new", 404),
            ],
        )
        .decide();
        let c = v
            .checks
            .iter()
            .find(|c| c.kind == CheckKind::Write)
            .unwrap();
        assert_eq!(c.code, Some(Code::WriteDenied));
        assert!(c.message.contains(why), "{}", c.message);
        assert!(c.hint.as_deref().unwrap().starts_with(fix), "{:?}", c.hint);
    }
}

/// A bucket the Hub redirected to another name: a pass warns `renamed` with
/// the new name; a failure says which bucket answered.
#[test]
fn a_redirected_bucket_is_a_rename() {
    let moved = |status: u16| {
        Outcome::answer(Answer {
            status,
            redirected_to: Some("/api/buckets/acme/new-ckpt/xet-write-token".into()),
            ..Answer::default()
        })
    };
    let v = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access("buckets/acme/ckpt", true, moved(200))],
    )
    .decide();
    let c = the(&v, CheckKind::Write);
    assert_eq!((c.status, c.code), (Status::Warn, Some(Code::Renamed)));
    assert_eq!(
        c.message,
        "bucket `acme/ckpt` was renamed to `acme/new-ckpt`; update the name (write access to it: ok)"
    );
    assert_eq!(
        c.hint.as_deref(),
        Some("update the name to `buckets/acme/new-ckpt`")
    );
    let v = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access("buckets/acme/ckpt", true, moved(403))],
    )
    .decide();
    let c = the(&v, CheckKind::Write);
    assert_eq!(c.code, Some(Code::WriteDenied));
    assert!(
        c.message
            .starts_with("the Hub denied write access to bucket `acme/new-ckpt` (403)"),
        "{}",
        c.message
    );
    assert!(
        c.message.ends_with(
            "(asked as `acme/ckpt`, the Hub redirected to `acme/new-ckpt`, the bucket that answered)"
        ),
        "{}",
        c.message
    );
}

/// A bucket's 401 and 404 read with what whoami said (hub-api.md: 401 is an
/// invalid token): "Invalid credentials" is the token, whatever whoami said;
/// a bare 401 is the token when whoami could not vouch for it, and a hidden
/// bucket when whoami accepted it; a 404 is never the token.
#[test]
fn bucket_401_and_404_follow_what_whoami_said() {
    let invalid = "Invalid credentials in Authorization header";
    let rows = [
        (
            whoami("write", ORGS),
            err(401, None, invalid),
            Code::TokenRejected,
        ),
        (rate_limited(), status(401), Code::TokenRejected),
        (whoami("write", ORGS), status(401), Code::NotFound),
        (rate_limited(), status(404), Code::NotFound),
        (rate_limited(), status(403), Code::WriteDenied),
    ];
    for (who, answer, code) in rows {
        let said = format!("{answer:?}");
        let v = Case::new(
            GOOD,
            Some(who),
            vec![access("buckets/alice/ckpt", true, answer)],
        )
        .decide();
        let c = the(&v, CheckKind::Write);
        assert_eq!(
            (c.status, c.code),
            (Status::Fail, Some(code)),
            "{said}: {}",
            c.message
        );
    }
}

/// A bucket's request id is quoted on a failure, never on a pass; a redirect
/// to the same bucket, or to a path that is no bucket's, is no rename.
#[test]
fn bucket_request_ids_and_redirects_that_are_no_rename() {
    let answer = |status: u16, to: Option<&str>| {
        Outcome::answer(Answer {
            status,
            request_id: Some("Root=1-b".into()),
            redirected_to: to.map(String::from),
            ..Answer::default()
        })
    };
    for to in [
        None,
        Some("/api/buckets/acme/ckpt/xet-write-token"),
        Some("/api/models/acme/other"),
    ] {
        let v = Case::new(
            GOOD,
            Some(whoami("write", ORGS)),
            vec![access("buckets/acme/ckpt", true, answer(200, to))],
        )
        .decide();
        let c = the(&v, CheckKind::Write);
        assert_eq!(
            (c.status, c.code),
            (Status::Pass, None),
            "{to:?}: {}",
            c.message
        );
        assert_eq!(c.request_id, None, "{to:?}");
        assert!(
            c.message
                .starts_with("can write bucket `acme/ckpt` for user `alice`"),
            "{to:?}: {}",
            c.message
        );
    }
    let v = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access("buckets/acme/ckpt", true, answer(503, None))],
    )
    .decide();
    let c = the(&v, CheckKind::Write);
    assert_eq!(c.code, Some(Code::HubUnavailable));
    assert_eq!(c.request_id.as_deref(), Some("Root=1-b"));
}
