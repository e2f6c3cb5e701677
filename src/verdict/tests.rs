//! The verdict as a table: facts in, (check codes, exit status) out.

use super::*;
use crate::answer::Answer;
use crate::repo::{Origin, parse};
use crate::token::{RawToken, Source, lint};

const HF: Origin<'static> = Origin {
    scheme: "https",
    host: "huggingface.co",
    port: None,
};

fn whoami(role: &str, orgs: &str) -> Outcome {
    Outcome::answer(Answer {
        status: 200,
        body: format!(
            r#"{{"name":"alice","orgs":{orgs},"auth":{{"type":"access_token","accessToken":{{"displayName":"t","role":"{role}",
            "fineGrained":{{"canReadGatedRepos":false,"scoped":[{{"entity":{{"type":"user","name":"alice"}},"permissions":["repo.write","repo.content.read"]}}]}}}}}}}}"#
        ),
        ..Answer::default()
    })
}

fn status(s: u16) -> Outcome {
    Outcome::answer(Answer {
        status: s,
        ..Answer::default()
    })
}

fn err(s: u16, code: Option<&str>, message: &str) -> Outcome {
    Outcome::answer(Answer {
        status: s,
        error_code: code.map(String::from),
        error_message: Some(message.into()),
        request_id: Some("rid".into()),
        ..Answer::default()
    })
}

fn access(repo: &str, write: bool, o: Outcome) -> Access {
    Access {
        repo: parse(repo, &HF).unwrap(),
        write,
        outcome: Some(o),
        alternatives: vec![],
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

const ORGS: &str = r#"[{"name":"acme","roleInOrg":"write"},{"name":"ro","roleInOrg":"read"},{"name":"helpers","roleInOrg":"contributor"}]"#;

#[test]
fn verdict_table() {
    let good = "hf_abcdefghijklmnopqrstuvwxyz012345";
    let rows = vec![
        Row {
            name: "all pass",
            token: good,
            who: Some(whoami("write", ORGS)),
            access: vec![access("acme/m", true, status(200))],
            want: vec![("whoami", "pass", None), ("write", "pass", None)],
            exit: 0,
        },
        Row {
            name: "401 whoami",
            token: good,
            who: Some(err(
                401,
                None,
                "Invalid credentials in Authorization header",
            )),
            access: vec![access(
                "acme/m",
                false,
                err(401, None, "Invalid credentials in Authorization header"),
            )],
            want: vec![
                ("whoami", "fail", Some("token-rejected")),
                ("read", "fail", Some("token-rejected")),
            ],
            exit: 78,
        },
        Row {
            name: "429 whoami",
            token: good,
            who: Some(err(429, None, "slow down")),
            access: vec![],
            want: vec![("whoami", "fail", Some("rate-limited"))],
            exit: 75,
        },
        Row {
            name: "503 whoami",
            token: good,
            who: Some(status(503)),
            access: vec![],
            want: vec![("whoami", "fail", Some("hub-unavailable"))],
            exit: 75,
        },
        Row {
            name: "408 whoami",
            token: good,
            who: Some(status(408)),
            access: vec![],
            want: vec![("whoami", "fail", Some("hub-unavailable"))],
            exit: 75,
        },
        Row {
            name: "404 whoami",
            token: good,
            who: Some(status(404)),
            access: vec![],
            want: vec![("whoami", "fail", Some("unexpected-response"))],
            exit: 76,
        },
        Row {
            name: "gated",
            token: good,
            who: Some(whoami("read", ORGS)),
            access: vec![access(
                "meta/g",
                false,
                err(403, Some("GatedRepo"), "restricted"),
            )],
            want: vec![("whoami", "pass", None), ("read", "fail", Some("gated"))],
            exit: 77,
        },
        Row {
            name: "disabled",
            token: good,
            who: Some(whoami("read", ORGS)),
            access: vec![access(
                "acme/d",
                false,
                err(403, None, "Access to this resource is disabled."),
            )],
            want: vec![("whoami", "pass", None), ("read", "fail", Some("disabled"))],
            exit: 77,
        },
        Row {
            name: "not found read",
            token: good,
            who: Some(whoami("read", ORGS)),
            access: vec![access(
                "acme/x",
                false,
                err(404, Some("RepoNotFound"), "Repository not found"),
            )],
            want: vec![
                ("whoami", "pass", None),
                ("read", "fail", Some("not-found")),
            ],
            exit: 77,
        },
        Row {
            name: "401 RepoNotFound read",
            token: good,
            who: Some(whoami("read", ORGS)),
            access: vec![access(
                "acme/x",
                false,
                err(401, Some("RepoNotFound"), "Repository not found"),
            )],
            want: vec![
                ("whoami", "pass", None),
                ("read", "fail", Some("not-found")),
            ],
            exit: 77,
        },
        Row {
            name: "other 403 read",
            token: good,
            who: Some(whoami("read", ORGS)),
            access: vec![access(
                "acme/x",
                false,
                err(
                    403,
                    None,
                    "your token needs to be approved by the organization",
                ),
            )],
            want: vec![
                ("whoami", "pass", None),
                ("read", "fail", Some("read-denied")),
            ],
            exit: 77,
        },
        Row {
            name: "create own ns write token",
            token: good,
            who: Some(whoami("write", ORGS)),
            access: vec![access("alice/new", true, status(404))],
            want: vec![("whoami", "pass", None), ("write", "pass", None)],
            exit: 0,
        },
        Row {
            name: "create own ns read token",
            token: good,
            who: Some(whoami("read", ORGS)),
            access: vec![access("alice/new", true, status(404))],
            want: vec![
                ("whoami", "pass", None),
                ("write", "fail", Some("write-denied")),
            ],
            exit: 77,
        },
        Row {
            name: "create ro org",
            token: good,
            who: Some(whoami("write", ORGS)),
            access: vec![access("ro/new", true, status(404))],
            want: vec![
                ("whoami", "pass", None),
                ("write", "fail", Some("write-denied")),
            ],
            exit: 77,
        },
        Row {
            name: "create contributor org",
            token: good,
            who: Some(whoami("write", ORGS)),
            access: vec![access("helpers/new", true, status(404))],
            want: vec![("whoami", "pass", None), ("write", "pass", None)],
            exit: 0,
        },
        Row {
            name: "create stranger",
            token: good,
            who: Some(whoami("write", ORGS)),
            access: vec![access("zed/new", true, status(404))],
            want: vec![
                ("whoami", "pass", None),
                ("write", "fail", Some("write-denied")),
            ],
            exit: 77,
        },
        Row {
            name: "fine-grained create own",
            token: good,
            who: Some(whoami("fineGrained", ORGS)),
            access: vec![access("alice/new", true, status(404))],
            want: vec![("whoami", "pass", None), ("write", "pass", None)],
            exit: 0,
        },
        Row {
            name: "fine-grained create org",
            token: good,
            who: Some(whoami("fineGrained", ORGS)),
            access: vec![access("acme/new", true, status(404))],
            want: vec![
                ("whoami", "pass", None),
                ("write", "fail", Some("write-denied")),
            ],
            exit: 77,
        },
        Row {
            name: "create without whoami",
            token: good,
            who: Some(status(500)),
            access: vec![access("alice/new", true, status(404))],
            want: vec![
                ("whoami", "fail", Some("hub-unavailable")),
                ("write", "skip", Some("not-found")),
            ],
            exit: 75,
        },
        Row {
            name: "unknown role may create?",
            token: good,
            who: Some(whoami("mystery", ORGS)),
            access: vec![access("alice/new", true, status(404))],
            want: vec![
                ("whoami", "pass", None),
                ("write", "warn", Some("not-found")),
            ],
            exit: 0,
        },
        Row {
            name: "418 access",
            token: good,
            who: Some(whoami("read", ORGS)),
            access: vec![access("acme/m", false, status(418))],
            want: vec![
                ("whoami", "pass", None),
                ("read", "fail", Some("unexpected-response")),
            ],
            exit: 76,
        },
        Row {
            name: "first failure wins",
            token: good,
            who: Some(whoami("read", ORGS)),
            access: vec![
                access("acme/m", false, status(502)),
                access("acme/n", false, status(404)),
            ],
            want: vec![
                ("whoami", "pass", None),
                ("read", "fail", Some("hub-unavailable")),
                ("read", "fail", Some("not-found")),
            ],
            exit: 75,
        },
        Row {
            name: "whoami bad JSON",
            token: good,
            who: Some(Outcome::answer(Answer {
                status: 200,
                body: "<html>".into(),
                ..Answer::default()
            })),
            access: vec![],
            want: vec![("whoami", "fail", Some("unexpected-response"))],
            exit: 76,
        },
        Row {
            name: "timeout",
            token: good,
            who: Some(Outcome {
                result: Err(Failure::Timeout { secs: 3.0 }),
                ..status(0)
            }),
            access: vec![],
            want: vec![("whoami", "fail", Some("hub-unavailable"))],
            exit: 75,
        },
        Row {
            name: "cross origin",
            token: good,
            who: Some(Outcome {
                result: Err(Failure::CrossOrigin {
                    location: "https://evil".into(),
                }),
                ..status(0)
            }),
            access: vec![],
            want: vec![("whoami", "fail", Some("unexpected-response"))],
            exit: 76,
        },
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
    ];
    for row in rows {
        let discovery = Discovery::Found {
            source: Source::Env("HF_TOKEN"),
            raw: RawToken(row.token.as_bytes().to_vec()),
        };
        let l = lint(&RawToken(row.token.as_bytes().to_vec()));
        let facts = Facts {
            endpoint: "https://huggingface.co",
            discovery: &discovery,
            lint: Some(&l),
            offline: false,
            whoami: row.who.as_ref(),
            access: &row.access,
            min_validity: None,
            now: 0,
            oidc: false,
        };
        let v = decide(&facts);
        let got: Vec<(&str, &str, Option<&str>)> = v
            .checks
            .iter()
            .filter(|c| !matches!(c.kind, CheckKind::TokenPresent | CheckKind::TokenFormat))
            .map(|c| (c.kind.name(), c.status.name(), c.code))
            .collect();
        assert_eq!(got, row.want, "{}", row.name);
        assert_eq!(v.exit.code(), row.exit, "{}", row.name);
        for c in &v.checks {
            if c.status == Status::Fail {
                assert!(
                    c.hint.as_deref().is_some_and(|h| !h.is_empty()),
                    "{}: {} has no hint",
                    row.name,
                    c.message
                );
                assert!(
                    !c.message.contains("check your permissions"),
                    "{}",
                    row.name
                );
            }
        }
    }
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
    let acc = [access("acme/new", true, status(404))];
    let found = Discovery::Found {
        source: Source::Env("HF_TOKEN"),
        raw: RawToken(b"hf_abcdefghijklmnop".to_vec()),
    };
    let l = lint(&RawToken(b"hf_abcdefghijklmnop".to_vec()));
    let facts = Facts {
        endpoint: "e",
        discovery: &found,
        lint: Some(&l),
        offline: false,
        whoami: Some(&who),
        access: &acc,
        min_validity: None,
        now: 0,
        oidc: false,
    };
    let v = decide(&facts);
    let c = v.checks.last().unwrap();
    assert_eq!((c.status, c.code), (Status::Warn, Some("not-found")));
    assert!(c.message.contains("resource group"), "{}", c.message);
    assert_eq!(v.exit, Exit::Ok);
}

#[test]
fn missing_token_and_offline() {
    let missing = Discovery::Missing {
        searched: vec!["`HF_TOKEN`".into()],
        blank: vec![],
        misplaced: vec!["HF_API_TOKEN".into()],
        unreadable: None,
    };
    let acc = [access("acme/m", false, status(200))];
    let facts = Facts {
        endpoint: "e",
        discovery: &missing,
        lint: None,
        offline: true,
        whoami: None,
        access: &acc,
        min_validity: None,
        now: 0,
        oidc: false,
    };
    let v = decide(&facts);
    assert_eq!(v.exit, Exit::Token);
    assert_eq!(v.checks[0].code, Some("token-missing"));
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
    assert!(v.checks.iter().skip(1).all(|c| c.status == Status::Skip));

    let found = Discovery::Found {
        source: Source::Env("HF_TOKEN"),
        raw: RawToken(b"hf_abcdefghijklmnop".to_vec()),
    };
    let l = lint(&RawToken(b"hf_abcdefghijklmnop".to_vec()));
    let facts = Facts {
        endpoint: "e",
        discovery: &found,
        lint: Some(&l),
        offline: true,
        whoami: None,
        access: &acc,
        min_validity: None,
        now: 0,
        oidc: false,
    };
    let v = decide(&facts);
    assert_eq!(v.exit, Exit::Ok);
    assert_eq!(
        v.checks
            .iter()
            .filter(|c| c.code == Some("offline"))
            .count(),
        2
    );
}

#[test]
fn expiry_table() {
    let exp = |at: &str| {
        Outcome::answer(Answer {
            status: 200,
            body: format!(r#"{{"name":"a","auth":{{"type":"oauth","expiresAt":"{at}"}}}}"#),
            ..Answer::default()
        })
    };
    let now = parse_timestamp("2026-11-26T12:00:00Z").unwrap();
    let rows = [
        ("2026-11-26T15:00:00.000Z", Some(7200), 0, "valid for 3h"),
        ("2026-11-26T13:00:00.000Z", Some(7200), 78, "expires in 1h"),
        ("2026-11-26T11:00:00.000Z", Some(60), 78, "expired 1h ago"),
        ("2026-11-26T13:00:00.000Z", None, 0, "user `a`"),
        ("not a date", Some(60), 0, "could not read"),
    ];
    let found = Discovery::Found {
        source: Source::Env("HF_TOKEN"),
        raw: RawToken(b"hf_abcdefghijklmnop".to_vec()),
    };
    let l = lint(&RawToken(b"hf_abcdefghijklmnop".to_vec()));
    for (at, min, code, word) in rows {
        let who = exp(at);
        let facts = Facts {
            endpoint: "e",
            discovery: &found,
            lint: Some(&l),
            offline: false,
            whoami: Some(&who),
            access: &[],
            min_validity: min,
            now,
            oidc: false,
        };
        let v = decide(&facts);
        assert_eq!(v.exit.code(), code, "{at}");
        let last = v.checks.last().unwrap();
        assert!(last.message.contains(word), "{at}: {}", last.message);
        if code == 78 {
            assert_eq!(last.code, Some("token-expiring"));
        }
    }
}

#[test]
fn timestamps() {
    assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(
        parse_timestamp("2026-01-02T03:04:05.000Z"),
        Some(1767323045)
    );
    assert_eq!(
        parse_timestamp("2026-01-02T04:04:05+01:00"),
        Some(1767323045)
    );
    assert_eq!(parse_timestamp("2000-02-29T00:00:00Z"), Some(951782400));
    for bad in [
        "",
        "2026",
        "2026-13-01T00:00:00Z",
        "2026-01-01X00:00:00Z",
        "２０２６-01-01T00:00:00Z",
        "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00+1",
    ] {
        assert_eq!(parse_timestamp(bad), None, "{bad}");
    }
}
