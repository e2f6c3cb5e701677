//! The verdict as a table: facts in, (check codes, exit status) out.

use super::*;
use crate::answer::{Answer, Failure};
use crate::origin::Origin;
use crate::repo::parse;
use crate::token::{Secret, Source, lint};

pub(super) const GOOD: &str = "hf_abcdefghijklmnopqrstuvwxyz012345";
pub(super) const ORGS: &str = r#"[{"name":"acme","roleInOrg":"write"},{"name":"ro","roleInOrg":"read"},{"name":"helpers","roleInOrg":"contributor"}]"#;

pub(super) fn whoami(role: &str, orgs: &str) -> Outcome {
    Outcome::answer(Answer {
        status: 200,
        body: format!(
            r#"{{"name":"alice","orgs":{orgs},"auth":{{"type":"access_token","accessToken":{{"displayName":"t","role":"{role}",
            "fineGrained":{{"canReadGatedRepos":false,"scoped":[{{"entity":{{"type":"user","name":"alice"}},"permissions":["repo.write","repo.content.read"]}}]}}}}}}}}"#
        ),
        ..Answer::default()
    })
}

/// The verdict's check of this kind (the first one).
pub(super) fn the(v: &Verdict, kind: CheckKind) -> &Check {
    v.checks.iter().find(|c| c.kind == kind).unwrap()
}

pub(super) fn status(s: u16) -> Outcome {
    Outcome::answer(Answer {
        status: s,
        ..Answer::default()
    })
}

pub(super) fn err(s: u16, code: Option<&str>, message: &str) -> Outcome {
    Outcome::answer(Answer {
        status: s,
        error_code: code.map(String::from),
        message: Some(message.into()),
        request_id: Some("rid".into()),
        ..Answer::default()
    })
}

pub(super) fn access(repo: &str, write: bool, o: Outcome) -> Access {
    Access {
        repo: parse(repo, &Origin::new("https", "huggingface.co").unwrap()).unwrap(),
        write,
        outcome: Asked::Done(o),
        alternatives: vec![],
        read_probe: None,
        similar: None,
    }
}

/// A write answered 404, with what its read auth-check answered.
pub(super) fn write_404(repo: &str, read: u16) -> Access {
    Access {
        read_probe: Some(status(read)),
        ..access(
            repo,
            true,
            err(404, Some("RepoNotFound"), "Repository not found"),
        )
    }
}

/// The run's facts, with a found token.
pub(super) struct Case {
    discovery: Discovery,
    lint: crate::token::Lint,
    who: Option<WhoamiReply>,
    access: Vec<Access>,
    offline: bool,
    min_validity: Option<u64>,
    max_age: Option<u64>,
    now: i64,
    /// `JOB_ID`, when the case runs inside a Hugging Face Job.
    pub(super) job: Option<&'static str>,
}

impl Case {
    pub(super) fn new(token: &str, who: Option<Outcome>, access: Vec<Access>) -> Case {
        Case {
            discovery: Discovery::Found {
                source: Source::Env("HF_TOKEN"),
                raw: Secret::new(token),
            },
            lint: lint(&Secret::new(token)),
            who: who.map(|o| WhoamiReply::read(o, &crate::sanitize::Redactor::none())),
            access,
            offline: false,
            min_validity: None,
            max_age: None,
            now: 0,
            job: None,
        }
    }

    pub(super) fn decide(&self) -> Verdict {
        decide(&Facts {
            endpoint: "https://huggingface.co",
            discovery: &self.discovery,
            lint: Some(&self.lint),
            offline: self.offline,
            rank: None,
            whoami: self.who.as_ref().map_or(Asked::Skipped, Asked::Done),
            access: &self.access,
            min_validity: self.min_validity,
            now: self.now,
            oidc: false,
            allow_missing_token: false,
            max_age: self.max_age,
            quota: None,
            min_quota: None,
            hardcoded: &[],
            not_scanned: &[],
            grants: &crate::config::Grants::default(),
            job: self.job,
        })
    }
}

struct Row {
    name: &'static str,
    token: &'static str,
    who: Option<Outcome>,
    access: Vec<Access>,
    /// (check name, status, code) for every check after token-present/format
    want: Vec<(&'static str, &'static str, Option<&'static str>)>,
    exit: u8,
}

fn row(
    name: &'static str,
    who: Outcome,
    access: Vec<Access>,
    want: Vec<(&'static str, &'static str, Option<&'static str>)>,
    exit: u8,
) -> Row {
    Row {
        name,
        token: GOOD,
        who: Some(who),
        access,
        want,
        exit,
    }
}

const W_PASS: (&str, &str, Option<&str>) = ("whoami", "pass", None);

fn rows() -> Vec<Row> {
    let not_found = || err(404, Some("RepoNotFound"), "Repository not found");
    vec![
        row(
            "all pass",
            whoami("write", ORGS),
            vec![access("acme/m", true, status(200))],
            vec![W_PASS, ("write", "pass", None)],
            0,
        ),
        row(
            "401 whoami",
            err(401, None, "Invalid credentials in Authorization header"),
            vec![access(
                "acme/m",
                false,
                err(401, None, "Invalid credentials in Authorization header"),
            )],
            vec![
                ("whoami", "fail", Some("token-rejected")),
                ("read", "fail", Some("token-rejected")),
            ],
            78,
        ),
        row(
            "429 whoami, nothing else",
            err(429, None, "slow down"),
            vec![],
            vec![("whoami", "fail", Some("rate-limited"))],
            75,
        ),
        row(
            "429 whoami, access answered",
            err(429, None, "slow down"),
            vec![access("acme/m", false, status(200))],
            vec![
                ("whoami", "warn", Some("rate-limited")),
                ("read", "pass", None),
            ],
            0,
        ),
        row(
            "429 whoami, access 401",
            err(429, None, "slow down"),
            vec![access("acme/m", false, status(401))],
            vec![
                ("whoami", "fail", Some("rate-limited")),
                ("read", "fail", Some("read-denied")),
            ],
            75,
        ),
        row(
            "503 whoami",
            status(503),
            vec![],
            vec![("whoami", "fail", Some("hub-unavailable"))],
            75,
        ),
        row(
            "408 whoami",
            status(408),
            vec![],
            vec![("whoami", "fail", Some("hub-unavailable"))],
            75,
        ),
        row(
            "404 whoami",
            status(404),
            vec![],
            vec![("whoami", "fail", Some("unexpected-response"))],
            76,
        ),
        row(
            "gated",
            whoami("read", ORGS),
            vec![access(
                "meta/g",
                false,
                err(403, Some("GatedRepo"), "restricted"),
            )],
            vec![W_PASS, ("read", "fail", Some("gated"))],
            77,
        ),
        row(
            "disabled",
            whoami("read", ORGS),
            vec![access(
                "acme/d",
                false,
                err(403, None, "Access to this resource is disabled."),
            )],
            vec![W_PASS, ("read", "fail", Some("disabled"))],
            77,
        ),
        row(
            "not found read",
            whoami("read", ORGS),
            vec![access("acme/x", false, not_found())],
            vec![W_PASS, ("read", "fail", Some("not-found"))],
            77,
        ),
        row(
            "401 RepoNotFound read",
            whoami("read", ORGS),
            vec![access(
                "acme/x",
                false,
                err(401, Some("RepoNotFound"), "Repository not found"),
            )],
            vec![W_PASS, ("read", "fail", Some("not-found"))],
            77,
        ),
        row(
            "org policy read",
            whoami("read", ORGS),
            vec![access(
                "acme/x",
                false,
                err(
                    403,
                    None,
                    "your token needs to be approved by the organization",
                ),
            )],
            vec![W_PASS, ("read", "fail", Some("read-denied"))],
            77,
        ),
        row(
            "create own ns write token",
            whoami("write", ORGS),
            vec![write_404("alice/new", 404)],
            vec![W_PASS, ("write", "pass", None)],
            0,
        ),
        row(
            "own ns, read check unsure",
            whoami("write", ORGS),
            vec![write_404("alice/new", 503)],
            vec![W_PASS, ("write", "warn", Some("may-exist-hidden"))],
            0,
        ),
        row(
            "create own ns read token",
            whoami("read", ORGS),
            vec![write_404("alice/new", 404)],
            vec![W_PASS, ("write", "fail", Some("write-denied"))],
            77,
        ),
        row(
            "create ro org",
            whoami("write", ORGS),
            vec![write_404("ro/new", 404)],
            vec![W_PASS, ("write", "fail", Some("write-denied"))],
            77,
        ),
        row(
            "org repo may be hidden",
            whoami("write", ORGS),
            vec![write_404("helpers/new", 404)],
            vec![W_PASS, ("write", "warn", Some("may-exist-hidden"))],
            0,
        ),
        row(
            "contributor on an existing org repo",
            whoami("write", ORGS),
            vec![write_404("helpers/theirs", 200)],
            vec![W_PASS, ("write", "fail", Some("write-denied"))],
            77,
        ),
        row(
            "create stranger",
            whoami("write", ORGS),
            vec![write_404("zed/new", 404)],
            vec![W_PASS, ("write", "fail", Some("write-denied"))],
            77,
        ),
        row(
            "fine-grained create own",
            whoami("fineGrained", ORGS),
            vec![write_404("alice/new", 404)],
            vec![W_PASS, ("write", "pass", None)],
            0,
        ),
        row(
            "fine-grained create org",
            whoami("fineGrained", ORGS),
            vec![write_404("acme/new", 404)],
            vec![W_PASS, ("write", "fail", Some("write-denied"))],
            77,
        ),
        row(
            "create without whoami",
            status(500),
            vec![write_404("alice/new", 404)],
            vec![
                ("whoami", "fail", Some("hub-unavailable")),
                ("write", "warn", Some("not-found")),
            ],
            75,
        ),
        row(
            "unknown role may create?",
            whoami("mystery", ORGS),
            vec![write_404("alice/new", 404)],
            vec![W_PASS, ("write", "warn", Some("not-found"))],
            0,
        ),
        row(
            "org refused the token earlier in the run",
            whoami("write", ORGS),
            vec![
                access(
                    "acme/a",
                    false,
                    err(
                        403,
                        None,
                        "Due to the organization token policy, your token needs to be approved by the organization before you can access this resource.",
                    ),
                ),
                write_404("acme/new", 404),
            ],
            vec![
                W_PASS,
                ("read", "fail", Some("read-denied")),
                ("write", "fail", Some("write-denied")),
            ],
            77,
        ),
        row(
            "418 access",
            whoami("read", ORGS),
            vec![access("acme/m", false, status(418))],
            vec![W_PASS, ("read", "fail", Some("unexpected-response"))],
            76,
        ),
        row(
            "first failure wins",
            whoami("read", ORGS),
            vec![
                access("acme/m", false, status(502)),
                access("acme/n", false, status(404)),
            ],
            vec![
                W_PASS,
                ("read", "fail", Some("hub-unavailable")),
                ("read", "fail", Some("not-found")),
            ],
            75,
        ),
        row(
            "whoami bad JSON",
            Outcome::answer(Answer {
                status: 200,
                body: "<html>".into(),
                ..Answer::default()
            }),
            vec![],
            vec![("whoami", "fail", Some("unexpected-response"))],
            76,
        ),
        row(
            "timeout",
            Outcome {
                result: Err(Failure::Timeout { secs: 3.0 }),
                ..status(0)
            },
            vec![],
            vec![("whoami", "fail", Some("hub-unavailable"))],
            75,
        ),
        row(
            "cross origin",
            Outcome {
                result: Err(Failure::CrossOrigin {
                    location: "https://evil".into(),
                }),
                ..status(0)
            },
            vec![],
            vec![("whoami", "fail", Some("unexpected-response"))],
            76,
        ),
        row(
            "endpoint name does not exist",
            nxdomain("HF_ENDPOINT", false),
            vec![access("acme/m", false, nxdomain("HF_ENDPOINT", false))],
            vec![
                ("whoami", "fail", Some("name-not-found")),
                ("read", "fail", Some("name-not-found")),
            ],
            64,
        ),
        row(
            "dns timeout",
            Outcome {
                result: Err(Failure::Resolve {
                    detail: "no DNS server answered for `hub.test` (10.0.0.2: no answer in time)"
                        .into(),
                }),
                attempts: 3,
                ..status(0)
            },
            vec![],
            vec![("whoami", "fail", Some("hub-unavailable"))],
            75,
        ),
        Row {
            name: "malformed",
            token: "$HF_TOKEN",
            who: None,
            access: vec![access("acme/m", false, status(200))],
            want: vec![
                ("whoami", "skip", Some("token-malformed")),
                ("read", "skip", Some("token-malformed")),
            ],
            exit: 78,
        },
    ]
}

fn nxdomain(from: &'static str, proxy: bool) -> Outcome {
    Outcome {
        result: Err(Failure::NoSuchHost {
            detail: "`hub.test` does not exist (the DNS server at 10.0.0.2 answered NXDOMAIN)"
                .into(),
            from,
            proxy,
        }),
        ..status(0)
    }
}

/// A name that does not exist is said as such, with the flag or variable to fix;
/// a DNS timeout is a name-resolution failure, never "no answer from the Hub".
#[test]
fn dns_failures_say_what_to_fix() {
    let line = |who: Outcome| {
        let v = Case::new(GOOD, Some(who), vec![]).decide();
        let c = the(&v, CheckKind::Whoami).clone();
        (c.message, c.hint.unwrap_or_default(), v.exit)
    };
    let (m, h, exit) = line(nxdomain("HF_ENDPOINT", false));
    assert!(
        m.starts_with("`hub.test` does not exist (the DNS server at 10.0.0.2 answered NXDOMAIN)"),
        "{m}"
    );
    assert!(m.contains("the endpoint's host, from `HF_ENDPOINT`"), "{m}");
    assert!(h.contains("`HF_ENDPOINT`"), "{h}");
    assert_eq!(exit, Exit::Usage);
    let (m, h, _) = line(nxdomain("--endpoint", false));
    assert!(
        m.contains("from `--endpoint`") && h.contains("`--endpoint`"),
        "{m} / {h}"
    );
    let (m, h, _) = line(nxdomain("HTTPS_PROXY", true));
    assert!(m.contains("the proxy's host, from `HTTPS_PROXY`"), "{m}");
    assert!(h.contains("unset `HTTPS_PROXY`"), "{h}");
    let (m, h, _) = line(nxdomain("the default endpoint", false));
    assert!(m.contains("the host of the default endpoint"), "{m}");
    assert!(h.contains("/etc/resolv.conf"), "{h}");
    let (m, h, exit) = line(Outcome {
        result: Err(Failure::Resolve {
            detail: "the DNS server at 10.0.0.2 could not resolve `hub.test` (SERVFAIL)".into(),
        }),
        ..status(0)
    });
    assert!(m.starts_with("could not resolve the name of `hub`"), "{m}");
    assert!(
        m.contains("SERVFAIL") && !m.contains("no answer from"),
        "{m}"
    );
    assert!(h.contains("resolv.conf"), "{h}");
    assert_eq!(exit, Exit::TempFail);
}

/// Each row is one situation a user meets; the checks and the exit status are what the README says.
#[test]
fn verdict_table() {
    for row in rows() {
        let v = Case::new(row.token, row.who, row.access).decide();
        let got: Vec<(&str, &str, Option<&str>)> = v
            .checks
            .iter()
            .filter(|c| !matches!(c.kind, CheckKind::TokenPresent | CheckKind::TokenFormat))
            .map(|c| (c.kind.name(), c.status.name(), c.code.map(Code::as_str)))
            .collect();
        assert_eq!(got, row.want, "{}", row.name);
        assert_eq!(v.exit.code(), row.exit, "{}", row.name);
        for c in v.checks.iter().filter(|c| c.status == Status::Fail) {
            assert!(
                c.hint.as_deref().is_some_and(|h| !h.is_empty()),
                "{}: {} has no hint",
                row.name,
                c.message
            );
        }
    }
}

/// The words a person reads for the cases issue 9 names: an existing repo is never
/// said not to exist, a hidden one is named as a possibility, an org policy is followed.
#[test]
fn write_messages_follow_what_was_seen() {
    let msg = |who: Outcome, acc: Vec<Access>| {
        let v = Case::new(GOOD, Some(who), acc).decide();
        let c = v.checks.last().unwrap().clone();
        format!("{} // {}", c.message, c.hint.unwrap_or_default())
    };
    let exists = msg(
        whoami("write", ORGS),
        vec![write_404("helpers/theirs", 200)],
    );
    assert!(
        exists.contains("exists") && !exists.contains("does not exist"),
        "{exists}"
    );
    assert!(exists.contains("contributor"), "{exists}");
    let hidden = msg(whoami("write", ORGS), vec![write_404("acme/new", 404)]);
    assert!(
        hidden.contains("hidden from user `alice`") && hidden.contains("may be created"),
        "{hidden}"
    );
    let policy = msg(
        whoami("write", ORGS),
        vec![access(
            "acme/x",
            true,
            err(
                403,
                None,
                "Your token has been revoked by the organization administrator",
            ),
        )],
    );
    assert!(
        policy.contains("revoked this token") && !policy.contains("not a member"),
        "{policy}"
    );
    let read_outsider = msg(
        whoami("write", ORGS),
        vec![access("zed/m", false, status(403))],
    );
    assert!(!read_outsider.contains("push to"), "{read_outsider}");
}

/// `--write me/data` when `datasets/me/data` exists: a warning with the suggestion, not a silent pass.
#[test]
fn write_to_the_wrong_type_warns() {
    let mut a = write_404("alice/data", 404);
    a.alternatives = vec![
        (crate::repo::RepoType::Dataset, status(200)),
        (crate::repo::RepoType::Space, status(404)),
    ];
    let v = Case::new(GOOD, Some(whoami("write", ORGS)), vec![a]).decide();
    let c = v.checks.last().unwrap();
    assert_eq!((c.status, c.code), (Status::Warn, Some(Code::DidYouMean)));
    assert!(
        c.message
            .contains("`datasets/alice/data` exists; did you mean it?"),
        "{}",
        c.message
    );
    assert_eq!(v.exit, Exit::Ok);
}

/// A gated repo whose access request is pending: still `gated`, but the message says the
/// request awaits review and the hint does not send the user to request access again.
#[test]
fn pending_gated_request_awaits_review() {
    let pending = "Your request to access model acme/g is awaiting a review from the repo authors.";
    let v = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access(
            "acme/g",
            false,
            err(403, Some("GatedRepo"), pending),
        )],
    )
    .decide();
    let c = v.checks.last().unwrap();
    assert_eq!((c.status, c.code), (Status::Fail, Some(Code::Gated)));
    assert!(c.message.contains("awaiting review"), "{}", c.message);
    let hint = c.hint.as_deref().unwrap();
    assert!(
        !hint.contains("request access") && hint.contains("wait"),
        "{hint}"
    );
}

/// The whoami line names an app as an app (not a user) and an alternate
/// authentication method as such, with the backing token's role.
#[test]
fn app_and_alternate_credentials_are_named() {
    let line = |body: &str| {
        let who = Outcome::answer(Answer {
            status: 200,
            body: body.into(),
            ..Answer::default()
        });
        let v = Case::new(GOOD, Some(who), vec![]).decide();
        v.checks.last().unwrap().message.clone()
    };
    let app = line(
        r#"{"type":"app","name":"bot","scope":{"role":"contributor","entities":[]},"auth":{"type":"app_token"}}"#,
    );
    assert!(
        app.starts_with("app `bot`, app token (role contributor)"),
        "{app}"
    );
    let alt = line(
        r#"{"type":"user","name":"alice","auth":{"type":"alternate_authentication_method",
            "expiresAt":"2030-01-01T00:00:00Z","accessToken":{"displayName":"b","role":"read"}}}"#,
    );
    assert!(
        alt.starts_with("user `alice`, read token \"b\" (alternate authentication method"),
        "{alt}"
    );
}

/// whoami rate-limited but the token proven by the access checks: the warning's hint
/// does not talk of exit status 75 on a run that exits 0.
#[test]
fn rate_limited_warning_does_not_promise_75() {
    let v = Case::new(
        GOOD,
        Some(err(429, None, "slow down")),
        vec![access("acme/m", false, status(200))],
    )
    .decide();
    let w = the(&v, CheckKind::Whoami);
    assert_eq!((w.status, w.code), (Status::Warn, Some(Code::RateLimited)));
    assert!(
        !w.hint.as_deref().unwrap_or("").contains("75"),
        "{:?}",
        w.hint
    );
    assert_eq!(v.exit, Exit::Ok);
}

/// A request with no outcome fails the run (76), for whoami and for an access check alike.
#[test]
fn a_missing_outcome_fails_the_run() {
    let mut case = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access("acme/m", false, status(200))],
    );
    case.access[0].outcome = Asked::Lost;
    let v = case.decide();
    assert_eq!(v.exit, Exit::Protocol);
    assert_eq!(v.checks.last().unwrap().code, Some(Code::InternalError));
    let no_whoami = Case::new(GOOD, None, vec![]).decide();
    assert_eq!(no_whoami.exit, Exit::Protocol);
    assert!(
        no_whoami
            .checks
            .iter()
            .any(|c| c.kind == CheckKind::Whoami && c.code == Some(Code::InternalError))
    );
}

/// A fine-grained token with `repo.write` only through a resource group: creation is unknown, said so.
#[test]
fn resource_group_creation_is_unknown() {
    let who = Outcome::answer(Answer {
        status: 200,
        body: r#"{"name":"alice","orgs":[{"name":"acme","roleInOrg":"write"}],"auth":{"type":"access_token","accessToken":{"displayName":"rg","role":"fineGrained",
            "fineGrained":{"scoped":[{"entity":{"type":"resource-group","_id":"x"},"permissions":["repo.write"]}]}}}}"#.into(),
        ..Answer::default()
    });
    let v = Case::new(GOOD, Some(who), vec![write_404("acme/new", 404)]).decide();
    let c = v.checks.last().unwrap();
    assert_eq!((c.status, c.code), (Status::Warn, Some(Code::NotFound)));
    assert!(c.message.contains("resource group"), "{}", c.message);
    assert_eq!(v.exit, Exit::Ok);
}

/// No token: 78, misplaced variables named; offline: only presence and format, the rest skipped.
#[test]
fn missing_token_and_offline() {
    let missing = Discovery::Missing {
        searched: vec!["`HF_TOKEN`".into()],
        blank: vec![],
        misplaced: vec!["HF_API_TOKEN".into()],
        unreadable: None,
        github_actions: false,
    };
    let acc = [access("acme/m", false, status(200))];
    let facts = Facts {
        endpoint: "e",
        discovery: &missing,
        lint: None,
        offline: true,
        rank: None,
        whoami: Asked::Skipped,
        access: &acc,
        min_validity: None,
        now: 0,
        oidc: false,
        allow_missing_token: false,
        max_age: None,
        quota: None,
        min_quota: None,
        hardcoded: &[],
        not_scanned: &[],
        grants: &crate::config::Grants::default(),
        job: None,
    };
    let v = decide(&facts);
    assert_eq!(v.exit, Exit::Token);
    assert_eq!(v.checks[0].code, Some(Code::TokenMissing));
    assert!(v.checks[0].message.contains("`HF_API_TOKEN`"));
    assert!(!v.checks[0].message.contains("HF_OIDC_RESOURCE"));
    let with_oidc = Facts {
        oidc: true,
        ..facts.clone()
    };
    assert!(
        decide(&with_oidc).checks[0]
            .message
            .contains("`HF_OIDC_RESOURCE` is set")
    );
    let rest: Vec<(CheckKind, Status)> = v.checks[1..].iter().map(|c| (c.kind, c.status)).collect();
    assert_eq!(
        rest,
        [
            (CheckKind::TokenFormat, Status::Skip),
            (CheckKind::Whoami, Status::Skip),
            (CheckKind::Read, Status::Skip),
        ]
    );

    let mut case = Case::new("hf_abcdefghijklmnop", None, acc.to_vec());
    case.offline = true;
    let v = case.decide();
    assert_eq!(v.exit, Exit::Ok);
    assert_eq!(
        v.checks
            .iter()
            .filter(|c| c.code == Some(Code::Offline))
            .count(),
        2
    );
}

/// `--min-validity` against the Hub's expiry; an expiry that can't be read fails (not verified).
#[test]
fn expiry_table() {
    let exp = |at: &str| {
        Outcome::answer(Answer {
            status: 200,
            body: format!(r#"{{"name":"a","auth":{{"type":"oauth","expiresAt":"{at}"}}}}"#),
            ..Answer::default()
        })
    };
    let now = crate::timestamp::parse("2026-11-26T12:00:00Z").unwrap();
    let rows = [
        ("2026-11-26T15:00:00.000Z", Some(7200), 0, "valid for 3h"),
        ("2026-11-26T13:00:00.000Z", Some(7200), 78, "expires in 1h"),
        ("2026-11-26T11:00:00.000Z", Some(60), 78, "expired 1h ago"),
        ("2026-11-26T13:00:00.000Z", None, 0, "user `a`"),
        ("not a date", Some(60), 78, "could not be verified"),
    ];
    for (at, min, code, word) in rows {
        let mut case = Case::new("hf_abcdefghijklmnop", Some(exp(at)), vec![]);
        case.min_validity = min;
        case.now = now;
        let v = case.decide();
        assert_eq!(v.exit.code(), code, "{at}");
        let last = v.checks.last().unwrap();
        assert!(last.message.contains(word), "{at}: {}", last.message);
        if code == 78 {
            assert_eq!(last.code, Some(Code::TokenExpiring));
        }
    }
}

/// The least-privilege advice comes last, as a warning with exit 0, only when
/// every check passed: a failing run gets none (its fix comes first).
#[test]
fn least_privilege_only_on_a_clean_run() {
    let read_ok = || access("acme/model", false, status(200));
    let v = Case::new(GOOD, Some(whoami("write", ORGS)), vec![read_ok()]).decide();
    let last = v.checks.last().unwrap();
    assert_eq!(
        (last.kind, last.status, last.code),
        (
            CheckKind::TokenScope,
            Status::Warn,
            Some(Code::LeastPrivilege)
        )
    );
    assert_eq!(v.exit, Exit::Ok);
    let failing = vec![read_ok(), access("acme/nope", false, status(404))];
    let v = Case::new(GOOD, Some(whoami("write", ORGS)), failing).decide();
    assert_ne!(v.exit, Exit::Ok);
    assert!(v.checks.iter().all(|c| c.kind != CheckKind::TokenScope));
    let v = Case::new(GOOD, Some(whoami("read", ORGS)), vec![read_ok()]).decide();
    assert!(v.checks.iter().all(|c| c.kind != CheckKind::TokenScope));
}

/// The least-privilege advice names repos by their canonical names: `gpt2` is
/// `openai-community/gpt2`, which is what a fine-grained token is scoped to.
#[test]
fn advice_uses_canonical_names() {
    let mut legacy = access("gpt2", false, status(200));
    legacy.outcome = Asked::Done(Outcome::answer(Answer {
        status: 200,
        redirected_to: Some("/api/models/openai-community/gpt2/auth-check".into()),
        ..Answer::default()
    }));
    let v = Case::new(GOOD, Some(whoami("write", ORGS)), vec![legacy]).decide();
    let advice = v
        .checks
        .iter()
        .find(|c| c.code == Some(Code::LeastPrivilege))
        .expect("a write token for a read-only job gets the advice");
    let text = format!(
        "{} {}",
        advice.message,
        advice.hint.clone().unwrap_or_default()
    );
    assert!(text.contains("`openai-community/gpt2`"), "{text}");
    assert!(!text.contains("`gpt2`"), "{text}");
    assert_eq!(
        the(&v, CheckKind::Read).repo.as_deref(),
        Some("openai-community/gpt2")
    );
}

/// One rule says "this answer proves the repo exists" (2xx, gated, 403), for a
/// read's "did you mean" and a write's alike: a 403 on another type names it,
/// a 500 or a 404 does not.
#[test]
fn another_type_exists_when_it_answers_403() {
    use crate::repo::RepoType::{Dataset, Space};
    let gated = || {
        err(
            403,
            Some("GatedRepo"),
            "Access to dataset alice/data is restricted",
        )
    };
    for (other, named) in [
        (status(403), true),
        (gated(), true),
        (status(200), true),
        (status(500), false),
        (status(404), false),
        (status(401), false),
    ] {
        let alternatives = vec![(Dataset, other.clone()), (Space, status(404))];
        // A read: the failure's hint.
        let mut read = access("alice/data", false, err(404, Some("RepoNotFound"), "nope"));
        read.alternatives = alternatives.clone();
        let v = Case::new(GOOD, Some(whoami("write", ORGS)), vec![read]).decide();
        let c = v.checks.last().unwrap();
        assert_eq!((c.status, c.code), (Status::Fail, Some(Code::NotFound)));
        assert_eq!(v.exit, Exit::NoPerm);
        let hint = c.hint.as_deref().unwrap();
        assert_eq!(
            hint == "did you mean `datasets/alice/data`?",
            named,
            "{other:?}: {hint}"
        );
        // A write that would be created in the user's own namespace.
        let mut write = write_404("alice/data", 404);
        write.alternatives = alternatives;
        let v = Case::new(GOOD, Some(whoami("write", ORGS)), vec![write]).decide();
        let c = v.checks.last().unwrap();
        let want = if named {
            (Status::Warn, Some(Code::DidYouMean))
        } else {
            (Status::Pass, None)
        };
        assert_eq!((c.status, c.code), want, "{other:?}: {}", c.message);
        assert_eq!(v.exit, Exit::Ok);
    }
}

/// The read auth-check of a write that got 404: 403 (or gated) proves the repo
/// exists, so the write was refused; it is never said to be missing.
#[test]
fn a_403_read_probe_proves_the_repo_exists() {
    for read in [
        status(403),
        err(403, Some("GatedRepo"), "restricted"),
        status(200),
    ] {
        let status_seen = match &read.result {
            Ok(a) => a.status,
            Err(_) => unreachable!(),
        };
        let a = Access {
            read_probe: Some(read),
            ..write_404("helpers/theirs", 404)
        };
        let v = Case::new(GOOD, Some(whoami("write", ORGS)), vec![a]).decide();
        let c = v.checks.last().unwrap();
        assert_eq!((c.status, c.code), (Status::Fail, Some(Code::WriteDenied)));
        assert!(
            c.message.starts_with(&format!(
                "model `helpers/theirs` exists (its read auth-check answered {status_seen}), but \
                 the Hub refused write access to model `helpers/theirs` (404 on `auth-check/write`)"
            )),
            "{}",
            c.message
        );
        assert_eq!(v.exit, Exit::NoPerm);
    }
}

/// A 401 `Invalid username or password.` to a token whoami accepted is "not
/// found" (hub-api.md): the verdict says so, and a 401 that rejects the token
/// is no existence answer at all.
#[test]
fn existence_is_one_predicate() {
    use crate::answer::Existence::{Exists, NotFound, Unknown};
    let a = |status: u16, code: Option<&str>, message: &str| Answer {
        status,
        error_code: code.map(String::from),
        message: Some(message.into()),
        ..Answer::default()
    };
    let rows = [
        (a(200, None, ""), true, Exists),
        (a(403, None, "no"), true, Exists),
        (a(403, Some("GatedRepo"), "gated"), false, Exists),
        (a(404, Some("RepoNotFound"), "nope"), true, NotFound),
        (a(404, None, "nope"), false, NotFound),
        (
            a(401, None, "Invalid username or password."),
            true,
            NotFound,
        ),
        (
            a(401, None, "Invalid username or password."),
            false,
            Unknown,
        ),
        (a(401, Some("RepoNotFound"), "nope"), false, NotFound),
        (
            a(401, None, "Invalid credentials in Authorization header"),
            true,
            Unknown,
        ),
        (
            a(
                401,
                Some("RepoNotFound"),
                "Invalid credentials in Authorization header",
            ),
            true,
            Unknown,
        ),
        (a(500, None, "oops"), true, Unknown),
        (a(429, None, "slow"), true, Unknown),
    ];
    for (answer, accepted, want) in rows {
        assert_eq!(
            answer.existence(accepted),
            want,
            "{answer:?} accepted={accepted}"
        );
    }
    // The verdict reads the same predicate.
    let mut read = access(
        "alice/data",
        false,
        err(401, None, "Invalid username or password."),
    );
    read.alternatives = vec![(crate::repo::RepoType::Dataset, status(200))];
    let v = Case::new(GOOD, Some(whoami("write", ORGS)), vec![read]).decide();
    let c = v.checks.last().unwrap();
    assert_eq!((c.status, c.code), (Status::Fail, Some(Code::NotFound)));
    assert_eq!(
        c.hint.as_deref(),
        Some("did you mean `datasets/alice/data`?")
    );
}

/// "after N attempts" says the exact count, and nothing after one attempt;
/// seconds are shown as `30`, `0.5`, `2.25`.
#[test]
fn attempts_and_seconds_are_said_exactly() {
    let with = |o: Outcome, attempts: u32| Outcome { attempts, ..o };
    let msg = |o: Outcome| {
        let v = Case::new(
            GOOD,
            Some(whoami("write", ORGS)),
            vec![access("acme/m", false, o)],
        )
        .decide();
        let c = v.checks.last().unwrap().clone();
        assert_eq!(v.exit, Exit::TempFail, "{}", c.message);
        c
    };
    let busy = || err(503, None, "busy");
    let c = msg(with(busy(), 1));
    assert_eq!(
        c.message,
        "the Hub answered read access to model `acme/m` with 503 [request id `rid`]"
    );
    assert_eq!(c.attempts, Some(1));
    let c = msg(with(busy(), 3));
    assert_eq!(
        c.message,
        "the Hub answered read access to model `acme/m` with 503 after 3 attempts [request id `rid`]"
    );
    assert_eq!(c.attempts, Some(3));
    let timeout = |secs: f64, attempts: u32| Outcome {
        result: Err(Failure::Timeout { secs }),
        attempts,
        gave_up_wait: None,
        host: "huggingface.co:443".into(),
        proxy: None,
    };
    for (secs, attempts, shown) in [
        (30.0, 1, "30 s while checking read access to model `acme/m`"),
        (
            0.5,
            2,
            "0.5 s while checking read access to model `acme/m` after 2 attempts",
        ),
        (
            2.25,
            1,
            "2.25 s while checking read access to model `acme/m`",
        ),
    ] {
        let c = msg(timeout(secs, attempts));
        assert_eq!(
            c.message,
            format!("no answer from `huggingface.co:443` within {shown}")
        );
        assert_eq!(c.code, Some(Code::HubUnavailable));
    }
}

/// A request id is quoted on a failure (support asks for it), never on a pass.
#[test]
fn request_ids_only_on_failures() {
    let ok = Outcome::answer(Answer {
        status: 200,
        request_id: Some("Root=1-ok".into()),
        ..Answer::default()
    });
    let v = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access("acme/m", false, ok)],
    )
    .decide();
    let c = the(&v, CheckKind::Read);
    assert_eq!(c.status, Status::Pass);
    assert_eq!(c.request_id, None);
    assert_eq!(c.message, "can read model `acme/m` for user `alice`");
    let v = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access("acme/m", false, err(403, None, "no"))],
    )
    .decide();
    let c = v.checks.last().unwrap();
    assert_eq!(c.status, Status::Fail);
    assert_eq!(c.request_id.as_deref(), Some("rid"));
    assert!(c.message.ends_with(" [request id `rid`]"), "{}", c.message);
}

/// A refusal the whoami answer cannot explain, in the user's own namespace,
/// never sends the user to "an admin of" it nor blames an organization.
#[test]
fn own_namespace_refusal_names_no_admin() {
    let v = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access(
            "alice/model",
            true,
            err(403, None, "Something the Hub does not explain"),
        )],
    )
    .decide();
    let c = v.checks.last().unwrap();
    assert_eq!(c.code, Some(Code::WriteDenied));
    let all = format!("{} {}", c.message, c.hint.as_deref().unwrap_or(""));
    assert!(all.contains("the user's own namespace"), "{all}");
    assert!(
        !all.contains("admin of") && !all.contains("organization"),
        "{all}"
    );
    // In an org, the org is still the place to ask.
    let v = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access("acme/model", true, err(403, None, "Something else"))],
    )
    .decide();
    let hint = v.checks.last().unwrap().hint.clone().unwrap();
    assert!(hint.contains("ask an admin of `acme`"), "{hint}");
}

/// A reset access request: submit a new one, as the Hub says.
#[test]
fn reset_gated_request_asks_for_a_new_one() {
    let reset = "Your request to access model acme/g has been reset by the repo's authors. Visit \
                 https://huggingface.co/acme/g to submit a new request.";
    let v = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access("acme/g", false, err(403, Some("GatedRepo"), reset))],
    )
    .decide();
    let c = v.checks.last().unwrap();
    assert!(
        c.message.contains("reset the access request"),
        "{}",
        c.message
    );
    assert_eq!(
        c.hint.as_deref(),
        Some("submit a new access request at https://huggingface.co/acme/g, as the Hub says")
    );
}

/// A write found nowhere, with the namespace's listing: a close name turns the
/// "will be created" pass into a `did-you-mean` warning (the message still
/// says it will be created); nothing close keeps the pass; a failed listing is
/// said on the pass; a write that may not create gets the name in its hint.
#[test]
fn a_write_typo_from_the_listing() {
    let with = |repo: &str, role: &str, similar: super::Listing| {
        let a = Access {
            similar: Some(similar),
            ..write_404(repo, 404)
        };
        let v = Case::new(GOOD, Some(whoami(role, ORGS)), vec![a]).decide();
        the(&v, CheckKind::Write).clone()
    };
    let names = || Ok(vec!["model".to_string(), "other-thing".to_string()]);
    let c = with("alice/modle", "write", names());
    assert_eq!((c.status, c.code), (Status::Warn, Some(Code::DidYouMean)));
    assert!(c.message.contains(WILL_BE_CREATED), "{}", c.message);
    assert!(
        c.message.ends_with("did you mean `alice/model`? it exists"),
        "{}",
        c.message
    );
    assert!(c.hint.unwrap().contains("pass `--write alice/model`"));

    let c = with("alice/brand-new", "write", names());
    assert_eq!((c.status, c.code), (Status::Pass, None));
    assert!(!c.message.contains("did you mean"), "{}", c.message);

    let c = with(
        "alice/modle",
        "write",
        Err("the listing answered 500".into()),
    );
    assert_eq!(c.status, Status::Pass);
    assert!(
        c.message
            .ends_with("; similar names could not be looked for (the listing answered 500)"),
        "{}",
        c.message
    );

    let c = with("alice/modle", "read", names());
    assert_eq!((c.status, c.code), (Status::Fail, Some(Code::WriteDenied)));
    assert!(
        c.hint
            .unwrap()
            .starts_with("did you mean `alice/model`? it exists; otherwise: ")
    );
}

/// A 2xx reached through a redirect: an alias of the name given (a legacy id,
/// another letter case) passes under the canonical name; another namespace
/// with the same name is a transfer, a rename the user should act on.
#[test]
fn an_alias_passes_and_a_transfer_is_a_rename() {
    let moved = |given: &str, to: &str| {
        let mut a = access(given, false, status(200));
        a.outcome = Asked::Done(Outcome::answer(Answer {
            status: 200,
            redirected_to: Some(format!("/api/models/{to}/auth-check")),
            ..Answer::default()
        }));
        let v = Case::new(GOOD, Some(whoami("read", ORGS)), vec![a]).decide();
        the(&v, CheckKind::Read).clone()
    };
    let c = moved("Alice/Model", "alice/model");
    assert_eq!((c.status, c.code), (Status::Pass, None));
    assert_eq!(
        c.message,
        "can read model `alice/model` (given as `Alice/Model`) for user `alice`"
    );
    let c = moved("alice/model", "acme/model");
    assert_eq!((c.status, c.code), (Status::Warn, Some(Code::Renamed)));
    assert_eq!(
        c.message,
        "model `alice/model` was renamed to `acme/model`; update the name (read access to it: ok)"
    );
    assert_eq!(c.repo.as_deref(), Some("alice/model"));
}

/// Only a refusal that names the organization's token policy makes a new repo
/// in that namespace "refused by policy"; a gated repo's 403 in the same
/// namespace does not.
#[test]
fn only_a_policy_refusal_blocks_creation_in_its_namespace() {
    // The write check of a new repo in `acme`, after a refusal of `first`.
    let write_after = |first: Outcome| {
        let v = Case::new(
            GOOD,
            Some(whoami("write", ORGS)),
            vec![access("acme/x", false, first), write_404("acme/new", 404)],
        )
        .decide();
        the(&v, CheckKind::Write).clone()
    };
    let write = write_after(err(
        403,
        Some("GatedRepo"),
        "Access to model acme/x is restricted",
    ));
    // In an org: it may be created, or be hidden (a warning), never "refused".
    assert_eq!(
        (write.status, write.code),
        (Status::Warn, Some(Code::MayExistHidden)),
        "{}",
        write.message
    );
    assert!(!write.message.contains("token policy"), "{}", write.message);

    let write = write_after(err(
        403,
        None,
        "your token needs to be approved by the organization",
    ));
    assert_eq!(
        (write.status, write.code),
        (Status::Fail, Some(Code::WriteDenied))
    );
    assert_eq!(
        write.message,
        "model `acme/new` was not found (it does not exist, or it is private and hidden from \
         user `alice`); the organization `acme` refused this token by its token policy earlier \
         in this run, so a new repo there would be refused too [request id `rid`]"
    );
}

/// A write 404 in the token's own namespace: created on first push when the
/// read check confirms the 404; when the read check could not tell, a warning
/// that says so (not the "private repo hidden in an org" warning). A write
/// token in its own namespace has no org-policy caveat; in an org it has.
#[test]
fn creation_in_own_namespace_and_in_an_org() {
    let write = |repo: &str, read: u16| {
        let v = Case::new(
            GOOD,
            Some(whoami("write", ORGS)),
            vec![write_404(repo, read)],
        )
        .decide();
        the(&v, CheckKind::Write).clone()
    };
    let c = write("alice/new", 404);
    assert_eq!((c.status, c.code), (Status::Pass, None));
    assert_eq!(
        c.message,
        "model `alice/new` does not exist yet: will be created on first push (inferred from \
         whoami: write token \"t\" in your namespace `alice`)"
    );
    let c = write("alice/new", 500);
    assert_eq!(
        (c.status, c.code),
        (Status::Warn, Some(Code::MayExistHidden))
    );
    assert_eq!(
        c.message,
        "model `alice/new` does not exist yet as far as `auth-check/write` tells; the read \
         check could not confirm it. This token may create it (write token \"t\" in your \
         namespace `alice`) [request id `rid`]"
    );
    let c = write("acme/new", 404);
    assert_eq!(
        (c.status, c.code),
        (Status::Warn, Some(Code::MayExistHidden))
    );
    assert!(
        c.message.contains(
            "(write token \"t\" in org `acme` (role `write`); an org policy may still refuse \
             classic tokens)"
        ),
        "{}",
        c.message
    );
    // In an org where the user's role cannot create repos: refused, with why.
    let c = write("ro/new", 404);
    assert_eq!((c.status, c.code), (Status::Fail, Some(Code::WriteDenied)));
    assert!(
        c.message.ends_with(
            "this token may not create it (inferred from whoami): user `alice` has the role \
             `read` in org `ro`, which cannot create repos [request id `rid`]"
        ),
        "{}",
        c.message
    );
    // The user's own namespace stays "your namespace" even if whoami also
    // lists an org of that name (the Hub keeps user and org names apart).
    let twin = r#"[{"name":"alice","roleInOrg":"write"}]"#;
    let v = Case::new(
        GOOD,
        Some(whoami("write", twin)),
        vec![write_404("alice/new", 404)],
    )
    .decide();
    let c = the(&v, CheckKind::Write);
    assert!(
        c.message
            .ends_with("(inferred from whoami: write token \"t\" in your namespace `alice`)"),
        "{}",
        c.message
    );
}

// Mutants (issue 21): whoami, quota, explain, token, script, privilege

/// A 200 whoami with this body.
pub(super) fn who_body(body: &str) -> Outcome {
    Outcome::answer(Answer {
        status: 200,
        body: body.into(),
        ..Answer::default()
    })
}

/// A fine-grained token of `alice` (no orgs but `acme`, role `write`) with these `scoped` entries.
pub(super) fn fine_grained(scoped: &str) -> Outcome {
    who_body(&format!(
        r#"{{"name":"alice","orgs":[{{"name":"acme","roleInOrg":"write"}}],"auth":{{"type":"access_token",
        "accessToken":{{"displayName":"t","role":"fineGrained","fineGrained":{{"canReadGatedRepos":false,
        "scoped":[{scoped}]}}}}}}}}"#
    ))
}

/// The case decided with the facts `Case` leaves out: the quota and the script's findings.
fn decide_with(
    case: &Case,
    quota: Option<crate::answer::Quota>,
    hardcoded: &[crate::scan::Finding],
) -> Verdict {
    decide(&Facts {
        endpoint: "https://huggingface.co",
        discovery: &case.discovery,
        lint: Some(&case.lint),
        offline: case.offline,
        rank: None,
        whoami: case.who.as_ref().map_or(Asked::Skipped, Asked::Done),
        access: &case.access,
        min_validity: case.min_validity,
        now: case.now,
        oidc: false,
        allow_missing_token: false,
        max_age: case.max_age,
        quota,
        min_quota: None,
        hardcoded,
        not_scanned: &[],
        grants: &crate::config::Grants::default(),
        job: case.job,
    })
}

/// (row, whoami, repo, write, Hub's message, the message after `(403): `, the hint)
type RefusalRow = (
    &'static str,
    Outcome,
    &'static str,
    bool,
    Option<&'static str>,
    String,
    String,
);

/// Why the Hub refused, told from its message and whoami: each kind of credential
/// and each org role gets its own reason and fix (explain.rs, one row per branch).
#[test]
fn each_refusal_is_explained_by_what_whoami_said() {
    let fg_user = r#"{"entity":{"type":"user","name":"alice"},"permissions":["repo.write","repo.content.read"]}"#;
    let fg_org = r#"{"entity":{"type":"org","name":"acme"},"permissions":["repo.write"]}"#;
    let fg_write_only = r#"{"entity":{"type":"user","name":"alice"},"permissions":["repo.write"]}"#;
    let oauth = || {
        who_body(r#"{"name":"alice","auth":{"type":"oauth","expiresAt":"2030-01-01T00:00:00Z"}}"#)
    };
    let app = || {
        who_body(
            r#"{"type":"app","name":"bot","scope":{"role":"contributor","entities":[]},"auth":{"type":"app_token"}}"#,
        )
    };
    let must_write = Some("You must use a write token");
    let tokens = "https://huggingface.co/settings/tokens";
    let create = |ns: &str| {
        format!(
            "create a write token, or a fine-grained token with `repo.write` on `{ns}`, at {tokens}"
        )
    };
    let no_reason_org = |ns: &str| {
        format!(
            "the Hub gave no reason (no message); an organization may require approved or \
             fine-grained tokens (ask an admin of `{ns}`)"
        )
    };
    let own_ns = format!(
        "the Hub gave no reason (no message); check the token's permissions at {tokens} and the \
         repo's settings"
    );
    let quoted = "; the Hub said: \"You must use a write token\" [request id `rid`]";
    let rows: Vec<RefusalRow> = vec![
        (
            "read token, must use a write token",
            whoami("read", ORGS),
            "acme/x",
            true,
            must_write,
            format!(
                "the read token \"t\" lacks write here: the Hub says it needs a write token{quoted}"
            ),
            create("acme"),
        ),
        (
            "OAuth token, must use a write token",
            oauth(),
            "acme/x",
            true,
            must_write,
            format!(
                "the OAuth token lacks write here: the Hub says it needs a write token{quoted}"
            ),
            format!(
                "the OAuth app must ask for write access to repos (its `write-repos` scope) and the \
                 user sign in again; or use a user access token that can write: {}",
                create("acme")
            ),
        ),
        (
            "app token, must use a write token",
            app(),
            "acme/x",
            true,
            must_write,
            format!(
                "the app token (role contributor) lacks write here: the Hub says it needs a write \
                 token{quoted}"
            ),
            format!(
                "give the app write access to `acme`, or use a user access token that can write: {}",
                create("acme")
            ),
        ),
        (
            "write token, must use a write token",
            whoami("write", ORGS),
            "acme/x",
            true,
            must_write,
            format!(
                "the Hub refused the write token \"t\" as if it could not write (it says it needs a \
                 write token), although whoami gives it the role `write`{quoted}"
            ),
            format!(
                "check the token at {tokens} (its role, whether it is still listed); or use a \
                 fine-grained token with `repo.write` on `acme`"
            ),
        ),
        (
            "approved by the organization",
            whoami("write", ORGS),
            "acme/x",
            false,
            Some("Your token needs to be approved by the organization"),
            "the organization `acme` refuses this token by its token policy (the Hub's message \
             says how); the Hub said: \"Your token needs to be approved by the organization\" \
             [request id `rid`]"
                .into(),
            "ask an admin of `acme` to approve the token (organization settings, token policy), \
             or use a token the policy accepts"
                .into(),
        ),
        (
            "read token writing its own namespace",
            whoami("read", ORGS),
            "alice/x",
            true,
            None,
            "the read token \"t\" can only read".into(),
            create("alice"),
        ),
        (
            "fine-grained, repo.write on the user, writing there",
            fine_grained(fg_user),
            "alice/x",
            true,
            None,
            "the whoami answer (fine-grained token \"t\") shows no reason, and `alice` is the \
             user's own namespace"
                .into(),
            own_ns.clone(),
        ),
        (
            "fine-grained, repo.write on the user, writing an org",
            fine_grained(fg_user),
            "acme/x",
            true,
            None,
            "the fine-grained token \"t\" has no `repo.write` on `acme/x` or on its namespace \
             `acme`; it grants `repo.write` only on `alice` (user)"
                .into(),
            format!("edit the token at {tokens}: add `repo.write` for `acme` (or for `acme/x`)"),
        ),
        (
            "fine-grained, repo.write on the org, writing there",
            fine_grained(fg_org),
            "acme/x",
            true,
            None,
            "the whoami answer (fine-grained token \"t\", role `write` in `acme`) shows no \
             reason, so an organization policy or a repo setting refuses it"
                .into(),
            no_reason_org("acme"),
        ),
        (
            "fine-grained, repo.write (which reads) on the user, reading there",
            fine_grained(fg_write_only),
            "alice/x",
            false,
            None,
            "the whoami answer (fine-grained token \"t\") shows no reason, and `alice` is the \
             user's own namespace"
                .into(),
            own_ns.clone(),
        ),
        (
            "fine-grained, nothing on the namespace, reading there",
            fine_grained(fg_user),
            "zed/m",
            false,
            None,
            "the fine-grained token \"t\" has no `repo.content.read` on `zed/m` or on its \
             namespace `zed`; it grants `repo.content.read` only on `alice` (user)"
                .into(),
            format!(
                "edit the token at {tokens}: add `repo.content.read` for `zed` (or for `zed/m`)"
            ),
        ),
        (
            "role read, writing",
            whoami("write", ORGS),
            "ro/x",
            true,
            None,
            "user `alice` has the role `read` in org `ro`, which cannot write".into(),
            "ask an admin of `ro` for the `write` or `contributor` role".into(),
        ),
        (
            "role read, reading",
            whoami("write", ORGS),
            "ro/x",
            false,
            None,
            "the whoami answer (write token \"t\", role `read` in `ro`) shows no reason, so an \
             organization policy or a repo setting refuses it"
                .into(),
            no_reason_org("ro"),
        ),
        (
            "contributor, writing",
            whoami("write", ORGS),
            "helpers/x",
            true,
            None,
            "user `alice` is a `contributor` in org `helpers`: contributors may modify only the \
             repos they created"
                .into(),
            "ask an admin of `helpers` for the `write` role, or push to a repo you created".into(),
        ),
        (
            "contributor, reading",
            whoami("write", ORGS),
            "helpers/x",
            false,
            None,
            "the whoami answer (write token \"t\", role `contributor` in `helpers`) shows no \
             reason, so an organization policy or a repo setting refuses it"
                .into(),
            no_reason_org("helpers"),
        ),
        (
            "not a member, writing",
            whoami("write", ORGS),
            "zed/m",
            true,
            None,
            "user `alice` is not a member of `zed`".into(),
            "ask to join `zed`, push to `alice/m` instead, or use a token of a member".into(),
        ),
    ];
    assert_eq!(rows.len(), 16);
    for (row, who, repo, write, hub, why, hint) in rows {
        let o = match hub {
            Some(m) => err(403, None, m),
            None => status(403),
        };
        let v = Case::new(GOOD, Some(who), vec![access(repo, write, o)]).decide();
        let c = v.checks.last().unwrap();
        let (kind, code, what) = if write {
            (CheckKind::Write, Code::WriteDenied, "write")
        } else {
            (CheckKind::Read, Code::ReadDenied, "read")
        };
        assert_eq!(
            (c.kind, c.status, c.code),
            (kind, Status::Fail, Some(code)),
            "{row}"
        );
        assert_eq!(v.exit.code(), 77, "{row}");
        assert_eq!(
            c.message,
            format!("the Hub denied {what} access to model `{repo}` (403): {why}"),
            "{row}"
        );
        assert_eq!(c.hint.as_deref(), Some(hint.as_str()), "{row}");
    }
}

/// A read token of `a` created at `at`.
fn created_at(at: &str) -> Outcome {
    who_body(&format!(
        r#"{{"name":"a","auth":{{"type":"access_token","accessToken":{{"displayName":"t","role":"read","createdAt":"{at}"}}}}}}"#
    ))
}

const NOW: &str = "2026-11-26T12:00:00Z";

/// The whoami line says when the token was created and how long ago, in whole
/// days (hours under a day); a creation time after now gets no "ago".
#[test]
fn the_whoami_line_says_the_tokens_age() {
    let rows = [
        ("2026-11-26T10:00:00.000Z", "created 2026-11-26 (2h ago)"),
        ("2026-11-26T12:00:00Z", "created 2026-11-26 (0s ago)"),
        ("2026-11-25T12:00:00Z", "created 2026-11-25 (1 day ago)"),
        ("2026-07-29T12:00:00Z", "created 2026-07-29 (120 days ago)"),
        ("2026-11-27T12:00:00Z", "created 2026-11-27"),
        ("2026-11-26", "created 2026-11-26"),
    ];
    for (at, said) in rows {
        let mut case = Case::new(GOOD, Some(created_at(at)), vec![]);
        case.now = crate::timestamp::parse(NOW).unwrap();
        let v = case.decide();
        let w = v.checks.last().unwrap();
        assert_eq!(
            (w.kind, w.status),
            (CheckKind::Whoami, Status::Pass),
            "{at}"
        );
        assert_eq!(
            w.message,
            format!("user `a`, read token \"t\", {said}"),
            "{at}"
        );
        assert_eq!(v.exit, Exit::Ok, "{at}");
    }
}

/// `--max-age`: older than the limit fails (78), exactly the limit passes.
#[test]
fn max_age_at_and_past_its_limit() {
    let old = "create a new token at https://huggingface.co/settings/tokens, update the secret, \
               and delete the old token";
    let rows = [
        (
            "2026-11-26T10:00:00Z",
            7200,
            None,
            "the token is 2h old, within `--max-age` 2h",
        ),
        (
            "2026-11-26T09:59:59Z",
            7200,
            Some(old),
            "the token was created 2h ago, more than `--max-age` 2h",
        ),
        (
            "2026-07-29T12:00:00Z",
            7200,
            Some(old),
            "the token was created 120d ago, more than `--max-age` 2h",
        ),
        // Created after now (the clock is behind): new, not a day old.
        (
            "2026-11-27T12:00:00Z",
            7200,
            None,
            "the token is 0s old, within `--max-age` 2h",
        ),
    ];
    for (at, max, fails, said) in rows {
        let mut case = Case::new(GOOD, Some(created_at(at)), vec![]);
        case.now = crate::timestamp::parse(NOW).unwrap();
        case.max_age = Some(max);
        let v = case.decide();
        let c = v.checks.last().unwrap();
        assert_eq!(c.message, said, "{at}");
        assert_eq!(c.hint.as_deref(), fails, "{at}");
        match fails {
            Some(_) => {
                assert_eq!(
                    (c.status, c.code),
                    (Status::Fail, Some(Code::TokenTooOld)),
                    "{at}"
                );
                assert_eq!(v.exit.code(), 78, "{at}");
            }
            None => {
                assert_eq!((c.status, c.code), (Status::Pass, None), "{at}");
                assert_eq!(v.exit, Exit::Ok, "{at}");
            }
        }
    }
}

/// `--min-validity` exactly the time left passes; durations are said in their two
/// largest units, a zero unit left out (`1d`, not `1d0h`).
#[test]
fn min_validity_at_its_limit_and_durations_said_exactly() {
    let now = crate::timestamp::parse(NOW).unwrap();
    let oauth =
        who_body(r#"{"name":"a","auth":{"type":"oauth","expiresAt":"2026-12-06T12:00:00Z"}}"#);
    let rows = [
        (0, "0s"),
        (59, "59s"),
        (120, "2m"),
        (3600, "1h"),
        (3720, "1h2m"),
        (86400, "1d"),
        (86460, "1d"),
        (90000, "1d1h"),
        (864000, "10d"),
    ];
    for (min, said) in rows {
        let mut case = Case::new(GOOD, Some(oauth.clone()), vec![]);
        case.now = now;
        case.min_validity = Some(min);
        let v = case.decide();
        let c = v.checks.last().unwrap();
        assert_eq!((c.status, c.code), (Status::Pass, None), "{min}");
        assert_eq!(
            c.message,
            format!("the token is valid for 10d more, at least `--min-validity` {said}")
        );
        assert_eq!(v.exit, Exit::Ok, "{min}");
    }
    // One second more than is left fails.
    let mut case = Case::new(GOOD, Some(oauth), vec![]);
    case.now = now;
    case.min_validity = Some(864001);
    let v = case.decide();
    let c = v.checks.last().unwrap();
    assert_eq!(
        (c.status, c.code),
        (Status::Fail, Some(Code::TokenExpiring))
    );
    assert_eq!(
        c.message,
        "the token expires in 10d (2026-12-06T12:00:00Z), sooner than `--min-validity` 10d"
    );
    assert_eq!(v.exit.code(), 78);
}

/// The quota line rides on a passing whoami only (a rejected token's line is the
/// rejection), and names the window in its largest whole unit.
#[test]
fn the_quota_line_names_its_window() {
    let quota = |window| crate::answer::Quota {
        remaining: Some(988),
        reset: Some(240),
        quota: Some(1000),
        window,
    };
    let rows = [
        (None, "this window"),
        (Some(0), "this window"),
        (Some(45), "this 45-second window"),
        (Some(300), "this 5-minute window"),
        (Some(3600), "this 1-hour window"),
        (Some(7200), "this 2-hour window"),
    ];
    for (window, said) in rows {
        let case = Case::new(GOOD, Some(whoami("write", ORGS)), vec![]);
        let v = decide_with(&case, Some(quota(window)), &[]);
        let w = v.checks.last().unwrap();
        assert_eq!(
            (w.kind, w.status),
            (CheckKind::Whoami, Status::Pass),
            "{window:?}"
        );
        assert_eq!(
            w.message,
            format!(
                "user `alice`, write token \"t\"; API quota: 988 of 1,000 left in {said}, resets in 4 min"
            )
        );
        assert_eq!(v.exit, Exit::Ok);
    }
    let rejected = Case::new(
        GOOD,
        Some(err(
            401,
            None,
            "Invalid credentials in Authorization header",
        )),
        vec![],
    );
    let v = decide_with(&rejected, Some(quota(Some(300))), &[]);
    let w = v.checks.last().unwrap();
    assert_eq!(
        (w.kind, w.status, w.code),
        (CheckKind::Whoami, Status::Fail, Some(Code::TokenRejected))
    );
    assert_eq!(
        w.message,
        "the Hub rejected the token from `HF_TOKEN` (401): it is invalid, expired or revoked; the \
         Hub said: \"Invalid credentials in Authorization header\" [request id `rid`]"
    );
    assert_eq!(v.exit.code(), 78);
}

/// A rate-limited whoami stays a failure (75) when an access check got a 500: a
/// 5xx is no answer, so it does not prove the Hub accepted the token.
#[test]
fn a_500_does_not_prove_the_token() {
    let v = Case::new(
        GOOD,
        Some(err(429, None, "slow down")),
        vec![access("acme/m", false, status(500))],
    )
    .decide();
    let w = the(&v, CheckKind::Whoami);
    assert_eq!((w.status, w.code), (Status::Fail, Some(Code::RateLimited)));
    assert_eq!(
        w.message,
        "the Hub answered the token (`/api/whoami-v2`) with 429 (rate limited); this says \
         nothing about the token; the Hub said: \"slow down\" [request id `rid`]"
    );
    assert_eq!(v.exit.code(), 75);
}

/// `repo.write` scoped to a repo counts as used by a write to that repo of that
/// type only: the same name as a dataset is more than a model's write needs.
#[test]
fn a_repo_scope_is_used_only_by_its_own_type() {
    let scoped = |ty: &str| {
        fine_grained(&format!(
            r#"{{"entity":{{"type":"{ty}","name":"alice/m"}},"permissions":["repo.write"]}}"#
        ))
    };
    let v = Case::new(
        GOOD,
        Some(scoped("model")),
        vec![access("alice/m", true, status(200))],
    )
    .decide();
    assert!(
        v.checks.iter().all(|c| c.status == Status::Pass),
        "{:?}",
        v.checks
    );
    assert_eq!(v.checks.len(), 4);
    assert_eq!(v.exit, Exit::Ok);
    let v = Case::new(
        GOOD,
        Some(scoped("dataset")),
        vec![access("alice/m", true, status(200))],
    )
    .decide();
    let c = v.checks.last().unwrap();
    assert_eq!(
        (c.kind, c.status, c.code),
        (
            CheckKind::TokenScope,
            Status::Warn,
            Some(Code::LeastPrivilege)
        )
    );
    assert_eq!(
        c.message,
        "the fine-grained token \"t\" holds more than this job needs: `repo.write` on `alice/m` \
         (dataset), where this job writes nothing; a minimal token for this job: a fine-grained \
         token with `repo.write` on `alice`"
    );
    assert_eq!(v.exit, Exit::Ok);
}

/// A missing token: the message lists blank variables only when there are some,
/// and in GitHub Actions the hint is about the workflow's secret.
#[test]
fn a_missing_token_says_where_and_how_in_github_actions() {
    let secret = "`${{ secrets.HF_TOKEN }}` is empty when no secret `HF_TOKEN` is defined for this \
                  repository or its environment (Settings > Secrets and variables > Actions); \
                  Dependabot runs see only Dependabot secrets, and pull requests from forks see \
                  none (`--allow-missing-token` makes that a skip)";
    let looked = "no token found: looked in `HF_TOKEN`, `~/.cache/huggingface/token`";
    let rows = [
        (
            true,
            vec![],
            vec![],
            looked.to_string(),
            format!(
                "in GitHub Actions the token comes from a secret, `HF_TOKEN: ${{{{ secrets.HF_TOKEN }}}}` \
                 in the step's or job's `env:`; {secret}"
            ),
        ),
        (
            true,
            vec!["HF_API_TOKEN".to_string()],
            vec!["`HF_TOKEN`".to_string()],
            format!(
                "{looked}; `HF_TOKEN` set but empty; found a token in `HF_API_TOKEN`; \
                 huggingface_hub reads `HF_TOKEN`"
            ),
            format!(
                "pass it as `HF_TOKEN` in the workflow's `env:` (`HF_TOKEN: ${{{{ secrets.HF_TOKEN }}}}`, \
                 not `HF_API_TOKEN`); {secret}"
            ),
        ),
        (
            false,
            vec![],
            vec![],
            looked.to_string(),
            "pass the token as `HF_TOKEN`: `hf jobs run --secrets HF_TOKEN ...` (the bare name \
             takes your own token), `HF_TOKEN: ${{ secrets.HF_TOKEN }}` in CI, or `hf auth login` \
             on a workstation"
                .to_string(),
        ),
    ];
    for (github_actions, misplaced, blank, message, hint) in rows {
        let mut case = Case::new(GOOD, None, vec![]);
        case.discovery = Discovery::Missing {
            searched: vec!["`HF_TOKEN`".into(), "`~/.cache/huggingface/token`".into()],
            blank,
            misplaced,
            unreadable: None,
            github_actions,
        };
        let v = case.decide();
        let c = &v.checks[0];
        assert_eq!(
            (c.kind, c.status, c.code),
            (
                CheckKind::TokenPresent,
                Status::Fail,
                Some(Code::TokenMissing)
            )
        );
        assert_eq!(c.message, message);
        assert_eq!(c.hint.as_deref(), Some(hint.as_str()));
        assert_eq!(v.exit.code(), 78);
    }
}

/// The token found in the job's script is a warning of its own, after whoami;
/// the exit status is unchanged.
#[test]
fn a_hardcoded_token_is_warned_about() {
    let found = crate::scan::Finding {
        file: "job.sh".into(),
        lines: vec![3, 7],
        masked: "hf_…2345".into(),
        checked: true,
        more: 0,
    };
    let case = Case::new(GOOD, Some(whoami("write", ORGS)), vec![]);
    let v = decide_with(&case, None, &[found]);
    let c = v.checks.last().unwrap();
    assert_eq!(
        (c.kind, c.status, c.code),
        (CheckKind::Script, Status::Warn, Some(Code::TokenHardcoded))
    );
    assert_eq!(
        c.message,
        "`job.sh` (lines 3 and 7) holds the token being checked (hf_…2345): the token is in the \
         script: anyone who can read the script has it"
    );
    assert_eq!(
        c.hint.as_deref(),
        Some(
            "remove it from the script (huggingface_hub reads `HF_TOKEN` by itself), then replace \
             the token at https://huggingface.co/settings/tokens: whoever read the script may have \
             kept it"
        )
    );
    assert_eq!(v.checks.len(), 4);
    assert_eq!(v.exit, Exit::Ok);
}

/// `basis`: what the Hub answered is proven; a repo the token would create is
/// inferred from whoami (a "did you mean" keeps it); a transient answer, an
/// undocumented one or a skipped check has none.
#[test]
fn basis_proven_or_inferred() {
    use super::Basis;
    let basis = |who: Option<Outcome>, a: Access| {
        let v = Case::new(GOOD, who, vec![a]).decide();
        v.checks.iter().find(|c| c.repo.is_some()).unwrap().basis
    };
    let w = || Some(whoami("write", ORGS));
    assert_eq!(
        basis(w(), access("acme/m", false, status(200))),
        Some(Basis::Proven)
    );
    assert_eq!(
        basis(w(), access("acme/m", true, err(403, None, "no"))),
        Some(Basis::Proven)
    );
    assert_eq!(
        basis(
            w(),
            access("meta/g", false, err(403, Some("GatedRepo"), "x"))
        ),
        Some(Basis::Proven)
    );
    assert_eq!(
        basis(w(), write_404("alice/new", 404)),
        Some(Basis::Inferred)
    );
    assert_eq!(
        basis(w(), write_404("acme/new", 404)),
        Some(Basis::Inferred)
    );
    assert_eq!(basis(w(), write_404("alice/new", 200)), Some(Basis::Proven));
    let typo = Access {
        alternatives: vec![(crate::repo::RepoType::Dataset, status(200))],
        ..write_404("alice/new", 404)
    };
    assert_eq!(basis(w(), typo), Some(Basis::Inferred));
    for transient in [status(429), status(503), status(418)] {
        assert_eq!(basis(w(), access("acme/m", false, transient)), None);
    }
    let mut offline = Case::new(GOOD, w(), vec![access("acme/m", false, status(200))]);
    offline.offline = true;
    let v = offline.decide();
    assert_eq!(
        v.checks.iter().find(|c| c.repo.is_some()).unwrap().basis,
        None
    );
    // Never on the lines that are no requirement.
    let v = Case::new(GOOD, w(), vec![access("acme/m", false, status(200))]).decide();
    assert!(
        v.checks
            .iter()
            .filter(|c| c.repo.is_none())
            .all(|c| c.basis.is_none())
    );
}

/// An OAuth token whose scopes hold `manage-repos` may create a repo where the
/// user may (the namespace decides); without it, the scopes refuse it.
#[test]
fn manage_repos_lets_an_oauth_token_create() {
    let write = |scopes: &str| {
        let mut case = Case::new(
            GOOD,
            Some(who_body(
                r#"{"name":"alice","auth":{"type":"oauth","expiresAt":"2030-01-01T00:00:00Z"}}"#,
            )),
            vec![write_404("alice/new", 404)],
        );
        if let Some(Some(Ok(w))) = case.who.as_mut().map(|r| r.parsed.as_mut()) {
            w.token.scopes = Some(crate::token::Scopes::Known(
                scopes.split(' ').map(String::from).collect(),
            ));
        }
        the(&case.decide(), CheckKind::Write).clone()
    };
    let c = write("openid read-repos write-repos manage-repos");
    assert_eq!((c.status, c.code), (Status::Pass, None), "{}", c.message);
    assert_eq!(
        c.message,
        "model `alice/new` does not exist yet: will be created on first push (inferred from \
         whoami: the OAuth token holds the `manage-repos` scope, in your namespace `alice`)"
    );
    let c = write("openid read-repos write-repos");
    assert_eq!(
        (c.status, c.code),
        (Status::Fail, Some(Code::ScopeMissing)),
        "{}",
        c.message
    );
}

/// The checks given before the network phase are the verdict's first checks,
/// with the hints' pages on the run's endpoint.
#[test]
fn local_checks_are_the_verdicts_first_with_pages_on_the_endpoint() {
    let case = Case::new("hf_abcdefghijklmn opqrstuvwxyz012345", None, vec![]);
    let endpoint = "https://hub.example";
    let local = local(
        &case.discovery,
        Some(&case.lint),
        false,
        false,
        None,
        endpoint,
    );
    let v = decide(&Facts {
        endpoint,
        ..facts_of(&case, &crate::config::Grants::default())
    });
    assert_eq!(local.len(), 2, "{local:?}");
    assert_eq!(local[..], v.checks[..2]);
    assert_eq!(local[1].code, Some(Code::TokenMalformed));
    let hint = local[1].hint.as_deref().unwrap();
    assert_eq!(
        hint,
        "a token is one word: copy it again from https://hub.example/settings/tokens"
    );
}

/// The facts of a case, with these `--jobs`/`--inference`/`--pr` requirements.
fn facts_of<'a>(case: &'a Case, grants: &'a crate::config::Grants) -> Facts<'a> {
    Facts {
        endpoint: "https://huggingface.co",
        discovery: &case.discovery,
        lint: Some(&case.lint),
        offline: false,
        rank: None,
        whoami: case.who.as_ref().map_or(Asked::Skipped, Asked::Done),
        access: &case.access,
        min_validity: None,
        now: 0,
        oidc: false,
        allow_missing_token: false,
        max_age: None,
        quota: None,
        min_quota: None,
        hardcoded: &[],
        not_scanned: &[],
        grants,
        job: None,
    }
}

/// `--jobs` and `--pr` need a classic token's write role: a write token is
/// then no excess, and no advice says "a read token would do"; `--inference`
/// alone needs no write, so the advice stays.
#[test]
fn a_write_token_needed_by_jobs_or_pr_gets_no_advice() {
    let case = Case::new(
        GOOD,
        Some(whoami("write", ORGS)),
        vec![access("acme/model", false, status(200))],
    );
    let with = |grants: crate::config::Grants| decide(&facts_of(&case, &grants));
    let advised = |v: &Verdict| v.checks.iter().any(|c| c.kind == CheckKind::TokenScope);
    let jobs = crate::config::Grants {
        jobs: vec!["alice".into()],
        ..Default::default()
    };
    let pr = crate::config::Grants {
        pr: vec![case.access[0].repo.clone()],
        ..Default::default()
    };
    let inference = crate::config::Grants {
        inference: true,
        ..Default::default()
    };
    for (name, grants, advice) in [
        ("jobs", jobs, false),
        ("pr", pr, false),
        ("inference", inference, true),
    ] {
        let v = with(grants);
        assert!(
            v.checks
                .iter()
                .all(|c| matches!(c.status, Status::Pass | Status::Warn)),
            "{name}: {:?}",
            v.checks
        );
        assert_eq!(advised(&v), advice, "{name}: {:?}", v.checks);
    }
}
