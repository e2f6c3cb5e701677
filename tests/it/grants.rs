//! Issue 25 items 1 and 5 end to end: an OAuth token judged by the scopes it
//! claims, and `--jobs`, `--inference`/`--bill-to`, `--pr` decided from each
//! kind of grant, against a fake Hub whose whoami bodies are shaped as
//! hub-api.md shows them ("whoami-v2 body", "Answers seen, 2026-12").

use crate::common::{FakeHub, Recorded, Reply, Run, command, run, temp_dir};
use serde_json::{Value, json};

/// base64url without padding: the tests' own encoder, to build JWT-shaped tokens.
fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |a, b| a << 8 | *b as u32) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Claims an OAuth token carries besides `scope`: none of them may reach any output.
const OTHER_CLAIMS: [&str; 4] = [
    "subject-Qz81",
    "secret-mail@example.org",
    "Hidden Person",
    "orgs-claim-Kx2",
];

/// `hf_oauth_` + header.payload.signature, the payload claiming `scope`.
fn oauth(scope: &str) -> String {
    let payload = json!({"sub": OTHER_CLAIMS[0], "email": OTHER_CLAIMS[1], "name": OTHER_CLAIMS[2],
        "orgs": OTHER_CLAIMS[3], "scope": scope, "exp": 4102444800u64, "iss": "https://huggingface.co"});
    format!(
        "hf_oauth_{}.{}.{}",
        b64(br#"{"alg":"EdDSA","typ":"JWT"}"#),
        b64(payload.to_string().as_bytes()),
        b64(b"not-a-real-signature-0123456789")
    )
}

/// The scopes an MCP session's OAuth token has been seen with (hub-api.md).
const MCP: &str = "openid profile read-repos jobs read-mcp";

/// A classic token of this role (`read`, `write`).
fn classic(role: &str) -> Value {
    json!({"type": "access_token", "accessToken": {"displayName": "ci", "role": role,
        "createdAt": "2026-01-02T03:04:05.000Z"}})
}

/// A fine-grained token: its global permissions and scoped `(type, name, permissions)`.
fn fine(global: &[&str], scoped: &[(&str, &str, &[&str])]) -> Value {
    let scoped: Vec<Value> = scoped
        .iter()
        .map(|(ty, name, perms)| json!({"entity": {"_id": "6a61", "type": ty, "name": name}, "permissions": perms}))
        .collect();
    json!({"type": "access_token", "accessToken": {"displayName": "deploy", "role": "fineGrained",
        "createdAt": "2026-07-23T10:27:03.276Z",
        "fineGrained": {"canReadGatedRepos": true, "global": global, "scoped": scoped}}})
}

fn oauth_auth() -> Value {
    json!({"type": "oauth", "expiresAt": "2099-01-01T00:00:00.000Z"})
}

/// alice, PRO unless told, member of `acme` (write; an org that can pay) and
/// of `poor` (write; whoami tells nothing of its plan).
fn whoami(auth: Value, pro: bool) -> Value {
    json!({"type": "user", "id": "62f264b9f3c90f4b6514a269", "name": "alice", "fullname": "Alice",
        "email": "alice@example.com", "emailVerified": true, "canPay": true, "isPro": pro,
        "orgs": [{"type": "org", "id": "6400", "name": "acme", "fullname": "Acme", "roleInOrg": "write", "canPay": true},
                 {"type": "org", "id": "6401", "name": "poor", "fullname": "Poor", "roleInOrg": "write"}],
        "auth": auth})
}

/// The fake Hub: whoami for `token`; `alice/model` and `acme/model` exist
/// (writable when `write` says so), `meta/gated` is gated, nothing else exists.
fn hub(token: &str, body: Value, write: bool) -> FakeHub {
    let token = token.to_string();
    FakeHub::start(move |r: &Recorded| {
        if r.bearer() != Some(token.as_str()) {
            return Reply::error(401, None, "Invalid credentials in Authorization header");
        }
        let path = r.path.as_str();
        match path {
            "/api/whoami-v2" => Reply::json(200, &body).header("x-request-id", "Root=1-whoami"),
            "/api/models/alice/model/auth-check" | "/api/models/acme/model/auth-check" => {
                Reply::json(200, &json!({}))
            }
            "/api/models/alice/model/auth-check/write"
            | "/api/models/acme/model/auth-check/write"
                if write =>
            {
                Reply::json(200, &json!({}))
            }
            "/api/models/alice/model/auth-check/write"
            | "/api/models/acme/model/auth-check/write" => Reply::error(
                403,
                None,
                "You don't have the rights to write to this repository",
            ),
            "/api/models/meta/gated/auth-check" => Reply::error(
                403,
                Some("GatedRepo"),
                "Access to model meta/gated is restricted and you are not in the authorized list. \
                 Visit https://huggingface.co/meta/gated to ask for access.",
            ),
            _ if path.contains("?") => Reply::json(200, &json!([])),
            _ => Reply::error(404, Some("RepoNotFound"), "Repository not found"),
        }
    })
}

/// Runs the binary with `HF_TOKEN=token`, `--json` and `args` against the fake
/// Hub; the run fails if any piece of the token, or any claim but the scope
/// names, reaches an output.
fn check(token: &str, body: Value, write: bool, args: &[&str]) -> Run {
    let fake = hub(token, body, write);
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", token)
        .args(["--endpoint", &fake.url, "--json"])
        .args(args);
    let r = run(c, &[token], None);
    for claim in OTHER_CLAIMS {
        assert!(
            !r.stdout.contains(claim) && !r.stderr.contains(claim),
            "{claim} leaked:\n{}",
            r.stderr
        );
    }
    r
}

/// The one check of this kind: its status, code and message.
fn line(r: &Run, kind: &str) -> (String, String, String) {
    let c = r.checks(kind);
    assert_eq!(c.len(), 1, "{kind}: {}", r.stdout);
    let s = |k: &str| c[0][k].as_str().unwrap_or("").to_string();
    (s("status"), s("code"), s("message"))
}

/// The MCP session's token against a write to an existing repo: the Hub's
/// refusal decides (77, proven), the missing `write-repos` explains it, and the
/// fix is a user access token passed as the `HF_TOKEN` secret, not the tokens page.
#[test]
fn mcp_token_cannot_write_an_existing_repo() {
    let token = oauth(MCP);
    let r = check(
        &token,
        whoami(oauth_auth(), true),
        false,
        &["--write", "alice/model"],
    );
    assert_eq!(r.code, 77, "{}", r.stderr);
    let j = r.json();
    assert_eq!(
        j["token"]["scopes"],
        json!(["openid", "profile", "read-repos", "jobs", "read-mcp"])
    );
    let w = &r.checks("write")[0];
    assert_eq!(
        (w["code"].as_str(), w["basis"].as_str()),
        (Some("write-denied"), Some("proven"))
    );
    let (m, hint) = (w["message"].as_str().unwrap(), w["hint"].as_str().unwrap());
    assert!(m.contains("lacks the `write-repos` scope"), "{m}");
    assert!(
        hint.contains("`HF_TOKEN` secret") && hint.contains("`$HF_TOKEN`"),
        "{hint}"
    );
    assert!(!hint.contains("settings/tokens"), "{hint}");
    assert!(
        r.stderr
            .contains("scopes `openid profile read-repos jobs read-mcp`"),
        "{}",
        r.stderr
    );
}

/// ... against a repo that does not exist yet: no request proves it may be
/// created, the scopes say it may not (`manage-repos`): 77, inferred.
#[test]
fn mcp_token_cannot_create_a_repo() {
    let token = oauth(MCP);
    let r = check(
        &token,
        whoami(oauth_auth(), true),
        false,
        &["--write", "alice/new-model"],
    );
    assert_eq!(r.code, 77, "{}", r.stderr);
    let w = &r.checks("write")[0];
    assert_eq!(
        (w["code"].as_str(), w["basis"].as_str()),
        (Some("scope-missing"), Some("inferred"))
    );
    assert!(
        w["message"].as_str().unwrap().contains("`manage-repos`"),
        "{w}"
    );
    assert!(
        !w["hint"].as_str().unwrap().contains("settings/tokens"),
        "{w}"
    );
    assert!(
        r.stderr.contains("write alice/new-model: scope-missing"),
        "{}",
        r.stderr
    );
}

/// ... against a gated repo: the Hub's `GatedRepo` decides, and the missing
/// `gated-repos` scope is named as a cause.
#[test]
fn mcp_token_and_a_gated_repo() {
    let token = oauth(MCP);
    let r = check(
        &token,
        whoami(oauth_auth(), true),
        true,
        &["--read", "meta/gated"],
    );
    assert_eq!(r.code, 77, "{}", r.stderr);
    let (status, code, m) = line(&r, "read");
    assert_eq!((status.as_str(), code.as_str()), ("fail", "gated"));
    assert!(m.contains("lacks the `gated-repos` scope"), "{m}");
}

/// ... and `--jobs` for the user's own namespace: it holds `jobs`, alice is PRO.
#[test]
fn mcp_token_may_run_jobs() {
    let token = oauth(MCP);
    let r = check(
        &token,
        whoami(oauth_auth(), true),
        true,
        &["--jobs", "alice"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = &r.checks("jobs")[0];
    assert_eq!(
        (c["status"].as_str(), c["basis"].as_str()),
        (Some("pass"), Some("inferred"))
    );
    assert_eq!(c["namespace"], "alice");
    assert!(
        r.stderr
            .contains("jobs alice: may run Hugging Face Jobs under `alice` (inferred"),
        "{}",
        r.stderr
    );
}

/// `write-repos` writes existing repos but does not create them; `manage-repos` does.
#[test]
fn write_repos_is_not_manage_repos() {
    let token = oauth("openid read-repos write-repos");
    let r = check(
        &token,
        whoami(oauth_auth(), true),
        true,
        &["--write", "alice/new-model", "--write", "alice/model"],
    );
    assert_eq!(r.code, 77, "{}", r.stderr);
    let w = r.checks("write");
    let new = w.iter().find(|c| c["repo"] == "alice/new-model").unwrap();
    assert_eq!(new["code"], "scope-missing");
    assert!(
        new["message"]
            .as_str()
            .unwrap()
            .contains("holds `write-repos`, which writes to existing repos but does not create")
    );
    let old = w.iter().find(|c| c["repo"] == "alice/model").unwrap();
    assert_eq!(
        (old["status"].as_str(), old["basis"].as_str()),
        (Some("pass"), Some("proven"))
    );
    let token = oauth("openid read-repos write-repos manage-repos");
    let r = check(
        &token,
        whoami(oauth_auth(), true),
        true,
        &["--write", "alice/new-model"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (status, _, m) = line(&r, "write");
    assert!(
        status == "pass" && m.contains("will be created") && m.contains("`manage-repos`"),
        "{m}"
    );
    assert_eq!(r.checks("write")[0]["basis"], "inferred");
}

/// A malformed JWT: whoami accepted it, its scopes are unknown and said so;
/// what depends on them warns (never a silent pass, never a failure).
#[test]
fn malformed_jwt_means_scopes_unknown() {
    for token in [
        "hf_oauth_abcdefghij.klmnopqrstu".to_string(),
        format!("hf_oauth_{}.{}.c2ln", b64(b"{}"), b64(b"not json at all")),
        format!(
            "hf_oauth_{}.{}.c2ln",
            b64(b"{}"),
            b64(br#"{"scope":["jobs"]}"#)
        ),
    ] {
        let r = check(
            &token,
            whoami(oauth_auth(), true),
            true,
            &["--jobs", "alice", "--write", "alice/new-model"],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.json()["token"]["scopes"], Value::Null);
        assert!(r.stderr.contains("scopes unknown ("), "{}", r.stderr);
        let (status, code, m) = line(&r, "jobs");
        assert_eq!(
            (status.as_str(), code.as_str()),
            ("warn", "scopes-unknown"),
            "{m}"
        );
        let (status, _, m) = line(&r, "write");
        assert_eq!(status, "warn", "{m}");
    }
}

/// A malformed OAuth or trusted-publisher token: the hint names what issued
/// it, in words a user can read (its prefix is a piece of the token, which the
/// redactor would blank out), and never sends anyone to the tokens page.
#[test]
fn malformed_oauth_token_hint_is_readable() {
    for (token, kind) in [
        (
            "hf_oauth_eyJhbGciOi.eyJzY29w ZSI6.c2ln",
            "an OAuth token is issued",
        ),
        (
            "hf_jwt_eyJhbGciOi.eyJzY29w ZSI6.c2ln",
            "a trusted publisher's token is issued",
        ),
    ] {
        let home = temp_dir("home");
        let mut c = command(&home);
        c.env("HF_TOKEN", token).args(["--offline", "--json"]);
        let r = run(c, &[token], None);
        assert_eq!(r.code, 78, "{}", r.stderr);
        let format = r.checks("token-format");
        let hint = format[0]["hint"].as_str().unwrap();
        assert!(hint.contains(kind), "{hint}");
        assert!(
            !hint.contains("[REDACTED]") && !hint.contains("/settings/tokens"),
            "{hint}"
        );
        assert!(r.stderr.contains(&format!("hint: {kind}")), "{}", r.stderr);
    }
}

/// A grant kind: the whoami `auth` and the token.
fn kinds() -> Vec<(&'static str, Value, String)> {
    let t = || crate::common::model::token_value("grants");
    vec![
        ("classic read", classic("read"), t()),
        ("classic write", classic("write"), t()),
        (
            "fine global",
            fine(
                &[
                    "job.write",
                    "inference.serverless.write",
                    "discussion.write",
                ],
                &[],
            ),
            t(),
        ),
        (
            "fine user",
            fine(
                &[],
                &[(
                    "user",
                    "alice",
                    &[
                        "job.write",
                        "inference.serverless.write",
                        "discussion.write",
                    ],
                )],
            ),
            t(),
        ),
        (
            "fine org",
            fine(
                &[],
                &[(
                    "org",
                    "acme",
                    &[
                        "job.write",
                        "inference.serverless.write",
                        "discussion.write",
                    ],
                )],
            ),
            t(),
        ),
        (
            "fine missing",
            fine(&["post.write"], &[("user", "alice", &["repo.write"])]),
            t(),
        ),
        (
            "oauth with",
            oauth_auth(),
            oauth("openid jobs inference-api write-discussions read-repos"),
        ),
        (
            "oauth without",
            oauth_auth(),
            oauth("openid profile read-repos"),
        ),
    ]
}

/// Every requirement against every grant kind: (kind, flag, value, status, code).
#[test]
fn each_grant_kind_against_each_requirement() {
    let rows: &[(&str, &[&str], &str, &str, &str)] = &[
        (
            "classic read",
            &["--jobs", "alice"],
            "jobs",
            "warn",
            "grant-unknown",
        ),
        ("classic write", &["--jobs", "alice"], "jobs", "pass", ""),
        (
            "fine global",
            &["--jobs", "acme"],
            "jobs",
            "warn",
            "grant-unknown",
        ),
        ("fine user", &["--jobs", "alice"], "jobs", "pass", ""),
        (
            "fine user",
            &["--jobs", "acme"],
            "jobs",
            "fail",
            "jobs-denied",
        ),
        ("fine org", &["--jobs", "acme"], "jobs", "pass", ""),
        (
            "fine missing",
            &["--jobs", "alice"],
            "jobs",
            "fail",
            "jobs-denied",
        ),
        ("oauth with", &["--jobs", "alice"], "jobs", "pass", ""),
        (
            "oauth without",
            &["--jobs", "alice"],
            "jobs",
            "fail",
            "scope-missing",
        ),
        (
            "classic write",
            &["--jobs", "poor"],
            "jobs",
            "warn",
            "grant-unknown",
        ),
        (
            "classic write",
            &["--jobs", "stranger"],
            "jobs",
            "fail",
            "jobs-denied",
        ),
        ("classic read", &["--inference"], "inference", "pass", ""),
        ("classic write", &["--inference"], "inference", "pass", ""),
        (
            "classic write",
            &["--bill-to", "acme"],
            "inference",
            "pass",
            "",
        ),
        (
            "classic write",
            &["--bill-to", "stranger"],
            "inference",
            "fail",
            "inference-denied",
        ),
        (
            "classic read",
            &["--bill-to", "poor"],
            "inference",
            "warn",
            "grant-unknown",
        ),
        ("fine global", &["--inference"], "inference", "pass", ""),
        (
            "fine global",
            &["--bill-to", "acme"],
            "inference",
            "pass",
            "",
        ),
        ("fine user", &["--inference"], "inference", "pass", ""),
        (
            "fine user",
            &["--bill-to", "acme"],
            "inference",
            "warn",
            "grant-unknown",
        ),
        ("fine org", &["--bill-to", "acme"], "inference", "pass", ""),
        (
            "fine org",
            &["--inference"],
            "inference",
            "fail",
            "inference-denied",
        ),
        (
            "fine missing",
            &["--inference"],
            "inference",
            "fail",
            "inference-denied",
        ),
        ("oauth with", &["--inference"], "inference", "pass", ""),
        (
            "oauth with",
            &["--bill-to", "acme"],
            "inference",
            "pass",
            "",
        ),
        (
            "oauth without",
            &["--inference"],
            "inference",
            "fail",
            "scope-missing",
        ),
        (
            "classic read",
            &["--pr", "bob/model"],
            "pr",
            "warn",
            "grant-unknown",
        ),
        ("classic write", &["--pr", "bob/model"], "pr", "pass", ""),
        ("fine global", &["--pr", "bob/model"], "pr", "pass", ""),
        ("fine user", &["--pr", "alice/model"], "pr", "pass", ""),
        (
            "fine user",
            &["--pr", "bob/model"],
            "pr",
            "fail",
            "pr-denied",
        ),
        ("fine org", &["--pr", "acme/model"], "pr", "pass", ""),
        (
            "fine missing",
            &["--pr", "alice/model"],
            "pr",
            "fail",
            "pr-denied",
        ),
        ("oauth with", &["--pr", "bob/model"], "pr", "pass", ""),
        (
            "oauth without",
            &["--pr", "bob/model"],
            "pr",
            "fail",
            "scope-missing",
        ),
    ];
    let kinds = kinds();
    for (kind, args, check_kind, status, code) in rows {
        let (_, auth, token) = kinds.iter().find(|k| k.0 == *kind).unwrap();
        let r = check(token, whoami(auth.clone(), true), true, args);
        let (s, c, m) = line(&r, check_kind);
        let what = format!("{kind} {args:?}");
        assert_eq!((s.as_str(), c.as_str()), (*status, *code), "{what}: {m}");
        let want = match *status {
            "fail" => 77,
            _ => 0,
        };
        assert_eq!(r.code, want, "{what}: {}", r.stderr);
        assert_eq!(r.checks(check_kind)[0]["basis"], "inferred", "{what}");
        assert!(m.contains("inferred"), "{what}: {m}");
        if *check_kind == "inference" && *status == "pass" {
            assert!(m.contains("credits cannot be checked"), "{what}: {m}");
        }
        if *status != "pass" {
            let hint = r.checks(check_kind)[0]["hint"]
                .as_str()
                .unwrap()
                .to_string();
            assert!(!hint.is_empty(), "{what}");
            if kind.starts_with("oauth") {
                assert!(!hint.contains("settings/tokens"), "{what}: {hint}");
            }
        }
    }
}

/// Jobs need a PRO account (or a paying org): whoami's `isPro: false` says no.
#[test]
fn jobs_need_pro() {
    let token = crate::common::model::token_value("grants");
    let r = check(
        &token,
        whoami(classic("write"), false),
        true,
        &["--jobs", "alice", "--jobs", "acme"],
    );
    assert_eq!(r.code, 77, "{}", r.stderr);
    let j = r.checks("jobs");
    assert_eq!(j[0]["code"], "jobs-denied");
    assert!(
        j[0]["message"].as_str().unwrap().contains("not PRO"),
        "{}",
        j[0]
    );
    assert_eq!(j[1]["status"], "pass", "{}", j[1]);
}

/// The variables do what the flags do; lists are separated as `HF_TOKEN_CHECK_READ`'s.
#[test]
fn variables_are_the_flags() {
    let token = crate::common::model::token_value("grants");
    let fake = hub(&token, whoami(classic("write"), true), true);
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .env("HF_TOKEN_CHECK_JOBS", "alice, acme")
        .env("HF_TOKEN_CHECK_INFERENCE", "true")
        .env("HF_TOKEN_CHECK_BILL_TO", "acme")
        .env("HF_TOKEN_CHECK_PR", "alice/model\nbob/model")
        .args(["--endpoint", &fake.url, "--json"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let repos = |k: &str| {
        r.checks(k)
            .iter()
            .map(|c| {
                c[if k == "pr" { "repo" } else { "namespace" }]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(repos("jobs"), ["alice", "acme"]);
    assert_eq!(repos("inference"), ["acme"]);
    assert_eq!(repos("pr"), ["alice/model", "bob/model"]);
    // `1` too; a flag-less run with the variable alone bills the user.
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .env("HF_TOKEN_CHECK_INFERENCE", "1")
        .args(["--endpoint", &fake.url, "--json"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.checks("inference")[0]["status"], "pass", "{}", r.stderr);
    assert!(r.checks("inference")[0].get("namespace").is_none());
}

/// Arguments, variables, and the word the error must hold.
type BadRow = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
    &'static str,
);

/// Values that are no namespace, no repo or no switch value: usage errors (64), named.
#[test]
fn bad_values_are_usage_errors() {
    let home = temp_dir("home");
    let rows: &[BadRow] = &[
        (&["--jobs", "acme/model"], &[], "`--jobs`"),
        (&["--bill-to", "-x"], &[], "`--bill-to`"),
        (&["--pr", "not a repo"], &[], "`--pr`"),
        (
            &[],
            &[("HF_TOKEN_CHECK_INFERENCE", "maybe")],
            "`HF_TOKEN_CHECK_INFERENCE`",
        ),
        (
            &[],
            &[("HF_TOKEN_CHECK_BILL_TO", "a b")],
            "`HF_TOKEN_CHECK_BILL_TO`",
        ),
        (
            &[],
            &[("HF_TOKEN_CHECK_JOBS", "ok,bad!")],
            "`HF_TOKEN_CHECK_JOBS`",
        ),
    ];
    for (args, vars, word) in rows {
        let mut c = command(&home);
        c.args(*args);
        for (k, v) in *vars {
            c.env(k, v);
        }
        let r = run(c, &[], None);
        assert_eq!(r.code, 64, "{args:?} {vars:?}: {}", r.stderr);
        assert!(r.stderr.contains(word), "{args:?}: {}", r.stderr);
    }
}

/// Offline, the grants are not checked (a skip), and whoami's absence is no pass.
#[test]
fn offline_skips_the_grants() {
    let token = crate::common::model::token_value("grants");
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token).args([
        "--offline",
        "--json",
        "--jobs",
        "alice",
        "--inference",
        "--pr",
        "a/b",
    ]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for k in ["jobs", "inference", "pr"] {
        assert_eq!(r.checks(k)[0]["status"], "skip", "{k}");
        assert_eq!(r.checks(k)[0]["code"], "offline", "{k}");
        assert!(r.checks(k)[0].get("basis").is_none(), "{k}");
    }
}

/// A classic write token is what `--jobs` and `--pr` need: no least-privilege
/// advice to use a read token then (there is without them).
#[test]
fn jobs_and_prs_need_the_write_role() {
    let token = crate::common::model::token_value("grants");
    let r = check(
        &token,
        whoami(classic("write"), true),
        true,
        &["--read", "alice/model"],
    );
    assert_eq!(
        r.code_of("token-scope").as_deref(),
        Some("least-privilege"),
        "{}",
        r.stderr
    );
    for extra in [["--jobs", "alice"], ["--pr", "bob/model"]] {
        let mut args = vec!["--read", "alice/model"];
        args.extend(extra);
        let r = check(&token, whoami(classic("write"), true), true, &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.checks("token-scope").is_empty(),
            "{extra:?}: {}",
            r.stderr
        );
    }
}

/// A read not found by an OAuth token without `read-repos`: the Hub's 404
/// decides, the missing scope explains it.
#[test]
fn no_read_repos_hides_private_repos() {
    let token = oauth("openid profile jobs");
    let r = check(
        &token,
        whoami(oauth_auth(), true),
        true,
        &["--read", "acme/private"],
    );
    assert_eq!(r.code, 77, "{}", r.stderr);
    let c = &r.checks("read")[0];
    assert_eq!(
        (c["code"].as_str(), c["basis"].as_str()),
        (Some("not-found"), Some("proven"))
    );
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("lacks the `read-repos` scope"),
        "{c}"
    );
    let token = oauth("openid read-repos");
    let r = check(
        &token,
        whoami(oauth_auth(), true),
        true,
        &["--read", "acme/private"],
    );
    assert!(
        !r.checks("read")[0]["message"]
            .as_str()
            .unwrap()
            .contains("read-repos")
    );
}

/// Trusted-publisher tokens: an `hf_oauth_` one (read-only, `gated-repos`,
/// optional `inference-api`) is judged by its scopes like any OAuth token; an
/// `hf_jwt_` one whose claims carry no `scope` leaves them unknown, said so.
#[test]
fn trusted_publisher_tokens() {
    let token = oauth("gated-repos inference-api");
    let r = check(
        &token,
        whoami(oauth_auth(), true),
        true,
        &["--inference", "--write", "alice/new-model"],
    );
    assert_eq!(r.code, 77, "{}", r.stderr);
    assert_eq!(line(&r, "inference").0, "pass");
    assert_eq!(line(&r, "write").1, "scope-missing");
    let jwt = format!(
        "hf_jwt_{}.{}.{}",
        b64(br#"{"alg":"EdDSA"}"#),
        b64(br#"{"repo":"alice/model","sub":"subject-Qz81","exp":4102444800}"#),
        b64(b"signature-bytes-here")
    );
    let r = check(&jwt, whoami(oauth_auth(), true), true, &["--inference"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("scopes unknown (it has no `scope` claim)"),
        "{}",
        r.stderr
    );
    assert_eq!(line(&r, "inference").1, "scopes-unknown");
}

/// The least-privilege advice's minimal token is the one the whole job needs:
/// with `--inference` and `--jobs`, the permissions those lines need are named
/// too, or following the advice would break the job it was given for.
#[test]
fn least_privilege_minimal_token_keeps_the_grants() {
    let token = crate::common::model::token_value("grants");
    let body = whoami(
        fine(
            &["inference.serverless.write"],
            &[(
                "user",
                "alice",
                &["repo.content.read", "repo.write", "job.write"],
            )],
        ),
        true,
    );
    let r = check(
        &token,
        body,
        true,
        &["--read", "alice/model", "--inference", "--jobs", "alice"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let advice = &r.checks("token-scope")[0];
    assert_eq!(advice["code"], "least-privilege", "{advice}");
    let m = advice["message"].as_str().unwrap();
    assert!(
        m.contains("`repo.content.read` on `alice/model`")
            && m.contains("`inference.serverless.write`")
            && m.contains("`job.write` on `alice`"),
        "{m}"
    );
}
