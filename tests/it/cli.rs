//! The core check end to end: the built binary against a fake Hub on 127.0.0.1.

use crate::common::model::{Hub, Kind, Repo};
use crate::common::{FakeHub, Reply, Run, command, run, temp_dir};
use serde_json::json;

/// Starts the model Hub with one token and runs the binary with `HF_TOKEN` set
/// to it, `--json`, and `args`.
fn scenario(hub: Hub, token: &str, args: &[&str]) -> (Run, FakeHub) {
    let fake = {
        let hub = hub.clone();
        FakeHub::start(move |r| hub.answer(r))
    };
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", token)
        .arg("--endpoint")
        .arg(&fake.url)
        .arg("--json")
        .args(args);
    let r = run(c, &[token], None);
    (r, fake)
}

fn with(kind: Kind) -> (Hub, String) {
    Hub::standard().with_token("t1", "alice", "ci", kind)
}

fn fine(gated: Option<bool>, scoped: Vec<(&'static str, &'static str, Vec<&'static str>)>) -> Kind {
    Kind::Fine(gated, scoped)
}

/// `--help` prints the usage and the exit status table; `--version` the version.
#[test]
fn help_and_version() {
    let home = temp_dir("home");
    let mut c = command(&home);
    c.arg("--help");
    let r = run(c, &[], None);
    assert_eq!(r.code, 0);
    for word in [
        "--read REPO",
        "--write REPO",
        "--endpoint URL",
        "--json",
        "--offline",
        "EXIT STATUS",
        "64",
        "75",
        "76",
        "77",
        "78",
    ] {
        assert!(r.stdout.contains(word), "help lacks {word}");
    }
    let mut c = command(&home);
    c.arg("-V");
    let r = run(c, &[], None);
    assert_eq!(
        (r.code, r.stdout.trim()),
        (0, concat!("hf-token-check ", env!("CARGO_PKG_VERSION")))
    );
}

/// docs/usage.md's options block names every option `--help` lists.
#[test]
fn usage_doc_lists_every_option() {
    let home = temp_dir("home");
    let mut c = command(&home);
    c.arg("--help");
    let r = run(c, &[], None);
    assert_eq!(r.code, 0);
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/usage.md")).unwrap();
    let block = doc.split("```").nth(1).unwrap();
    let options = r.stdout.split("OPTIONS:").nth(1).unwrap();
    let options = options.split("\n\n").next().unwrap();
    let mut seen = 0;
    for line in options.lines() {
        let Some(flag) = line.split_whitespace().find(|w| w.starts_with("--")) else {
            continue;
        };
        let flag = flag.trim_end_matches(',');
        seen += 1;
        assert!(
            block.lines().any(|l| l
                .split_whitespace()
                .any(|w| w.trim_end_matches(',') == flag)),
            "docs/usage.md's options lack `{flag}`"
        );
    }
    assert!(seen >= 18, "{seen} options in --help: {options}");
}

/// Usage errors exit 64 with an `error:` line that says what is wrong, and send nothing.
#[test]
fn usage_errors_exit_64() {
    let fake = FakeHub::start(|_| Reply::new(200));
    let rows: &[(&[&str], &str)] = &[
        (&["--bogus"], "unknown option `--bogus`"),
        (&["--read", "acme/a/b/c"], "expected"),
        (&["--write", "acme/bad--name"], "`--`"),
        (&["--read", "https://example.com/acme/model"], "endpoint"),
        (&["--endpoint", "http://192.0.2.1"], "in clear"),
        (&["--endpoint", "huggingface.co"], "https://"),
        (&["--timeout", "-1"], "--timeout"),
    ];
    for (args, word) in rows {
        let home = temp_dir("home");
        let mut c = command(&home);
        c.env("HF_TOKEN", crate::common::model::token_value("u"))
            .arg("--endpoint")
            .arg(&fake.url)
            .args(*args);
        let r = run(c, &[&crate::common::model::token_value("u")], None);
        assert_eq!(r.code, 64, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("error:") && r.stderr.contains(word),
            "{args:?}: {}",
            r.stderr
        );
    }
    assert!(fake.requests().is_empty());
}

/// A token pasted as an argument by mistake is masked in the usage error, text and JSON.
#[test]
fn token_in_argv_is_masked_in_usage_errors() {
    let token = crate::common::model::token_value("argv");
    let masked = format!("hf_…{}", &token[token.len() - 4..]);
    let home = temp_dir("home");
    let mut c = command(&home);
    c.arg(&token);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 64, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: unexpected argument `{masked}`\n\nhint: pass the token as `HF_TOKEN`, never \
             as an argument: arguments show in process lists and logs\n"
        )
    );
    // As a REPO, with `--json`: the same words on stderr and in the JSON.
    let mut c = command(&home);
    c.args(["--json", "--read", &token]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 64, "{}", r.stderr);
    let (message, hint) = (
        "a REPO in `--read` looks like a token, not a repo id; it was not sent anywhere",
        "pass the token as `HF_TOKEN`, and the repo as `namespace/name`",
    );
    assert_eq!(r.stderr, format!("error: {message}\n\nhint: {hint}\n"));
    assert_eq!(r.json()["error"], json!({"message": message, "hint": hint}));
}

/// With `--json`, a usage error still writes one JSON object (no checks, an `error`).
#[test]
fn usage_error_with_json() {
    let home = temp_dir("home");
    let mut c = command(&home);
    c.args(["--json", "--read", "acme/a/b/c"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 64);
    let j = r.json();
    assert_eq!(
        (j["ok"].clone(), j["exit_code"].clone(), j["checks"].clone()),
        (json!(false), json!(64), json!([]))
    );
    assert!(
        j["error"]["message"]
            .as_str()
            .unwrap()
            .contains("invalid REPO `acme/a/b/c`"),
        "{j}"
    );
    assert_eq!(j["endpoint"], "https://huggingface.co");
}

/// A missing token exits 78, names misplaced variables (never their values) and the fix.
#[test]
fn missing_token_names_misplaced_variables() {
    let fake = FakeHub::start(|_| Reply::new(200));
    let home = temp_dir("home");
    let secret = crate::common::model::token_value("misplaced");
    let mut c = command(&home);
    c.env("HUGGINGFACEHUB_API_TOKEN", &secret)
        .env("HF_TOKEN", "")
        .arg("--endpoint")
        .arg(&fake.url)
        .args(["--read", "acme/model", "--json"]);
    let r = run(c, &[&secret], None);
    assert_eq!(r.code, 78);
    assert_eq!(r.code_of("token-present").as_deref(), Some("token-missing"));
    assert!(
        r.stderr.contains(
            "found a token in `HUGGINGFACEHUB_API_TOKEN`; huggingface_hub reads `HF_TOKEN`"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--secrets HF_TOKEN"));
    assert!(r.stderr.contains("✗ token-present"));
    assert_eq!(r.json()["token"], json!(null));
    assert!(
        fake.requests().is_empty(),
        "nothing is sent without a token"
    );
}

/// A blank (not empty) `HF_TOKEN` hides `HUGGING_FACE_HUB_TOKEN` from huggingface_hub
/// (it takes the first variable that is set, then cleans it to nothing): the report
/// names the token it holds and how to pass it, rather than saying none was there.
#[test]
fn a_blank_hf_token_hides_hugging_face_hub_token() {
    let fake = FakeHub::start(|_| Reply::new(200));
    let home = temp_dir("home");
    let secret = crate::common::model::token_value("hidden");
    let mut c = command(&home);
    c.env("HUGGING_FACE_HUB_TOKEN", &secret)
        .env("HF_TOKEN", " ")
        .arg("--endpoint")
        .arg(&fake.url)
        .args(["--read", "acme/model", "--json"]);
    let r = run(c, &[&secret], None);
    assert_eq!(r.code, 78);
    let checks = r.json()["checks"].clone();
    let statuses: Vec<_> = checks
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["check"].clone(), c["status"].clone()))
        .collect();
    assert_eq!(
        statuses,
        [
            (json!("token-present"), json!("fail")),
            (json!("token-format"), json!("skip")),
            (json!("whoami"), json!("skip")),
            (json!("read"), json!("skip")),
        ]
    );
    assert_eq!(checks[0]["code"], "token-missing");
    assert_eq!(
        checks[0]["message"],
        format!(
            "no token found: looked in `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, \
             `{}/.cache/huggingface/token`; `HF_TOKEN` set but empty; found a token in \
             `HUGGING_FACE_HUB_TOKEN`; huggingface_hub reads `HF_TOKEN`",
            home.display()
        )
    );
    assert_eq!(
        checks[0]["hint"],
        "pass it as `HF_TOKEN`: `export HF_TOKEN=\"$HUGGING_FACE_HUB_TOKEN\"`, \
         `hf jobs run --secrets HF_TOKEN ...`, or `HF_TOKEN: ${{ secrets.HF_TOKEN }}` in CI"
    );
    assert!(
        r.stderr
            .contains("found a token in `HUGGING_FACE_HUB_TOKEN`"),
        "{}",
        r.stderr
    );
    assert!(
        fake.requests().is_empty(),
        "nothing is sent without a token"
    );
}

/// With `HF_OIDC_RESOURCE` set the report says that huggingface_hub would exchange an OIDC token first.
#[test]
fn oidc_resource_is_mentioned() {
    let (hub, token) = with(Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .env("HF_OIDC_RESOURCE", "me/model")
        .args(["--endpoint", &fake.url]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("`HF_OIDC_RESOURCE` is set"),
        "{}",
        r.stderr
    );
}

/// The token file is found as huggingface_hub finds it, and the report names it.
#[test]
fn token_from_file() {
    let (hub, token) = with(Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    for var in ["HF_TOKEN_PATH", "HF_HOME", "XDG_CACHE_HOME"] {
        let home = temp_dir("home");
        let dir = temp_dir("tok");
        let path = match var {
            "HF_TOKEN_PATH" => dir.join("my-token"),
            "HF_HOME" => dir.join("token"),
            _ => {
                std::fs::create_dir_all(dir.join("huggingface")).unwrap();
                dir.join("huggingface/token")
            }
        };
        std::fs::write(&path, format!("{token}\n")).unwrap();
        let mut c = command(&home);
        let value = if var == "HF_TOKEN_PATH" {
            path.clone()
        } else {
            dir.to_path_buf()
        };
        c.env(var, &value)
            .arg("--endpoint")
            .arg(&fake.url)
            .arg("--json");
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 0, "{var}: {}", r.stderr);
        assert_eq!(
            r.json()["token"]["source"],
            format!("file:{}", path.display())
        );
    }
}

/// A trailing newline is a warning; the cleaned token is what is sent, and the check passes.
#[test]
fn trailing_newline_is_a_warning() {
    let (hub, token) = with(Kind::Read);
    let (r, fake) = scenario(hub, &format!("{token}\n"), &["--read", "acme/model"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fmt = r.checks("token-format");
    assert_eq!(
        (fmt[0]["status"].as_str(), fmt[0]["code"].as_str()),
        (Some("warn"), Some("token-whitespace"))
    );
    assert!(r.stderr.contains("! token-format: token-whitespace\n  "));
    let sent = fake.requests();
    assert_eq!(sent.len(), 2, "whoami and the read auth-check");
    assert!(
        sent.iter()
            .all(|q| q.method == "GET" && q.bearer() == Some(token.as_str()))
    );
}

/// A malformed token exits 78 with its own message and is never sent. The
/// leak check is fed the value under test (its secret part: a placeholder such
/// as `$HF_TOKEN` is no secret and is quoted on purpose; `Bearer ` is a word
/// the message names, the token after it is the secret).
#[test]
fn malformed_tokens_are_never_sent() {
    let (hub, token) = with(Kind::Read);
    let rows: Vec<(String, &str, Option<String>)> = vec![
        ("$HF_TOKEN".to_string(), "placeholder `$HF_TOKEN`", None),
        ("${HF_TOKEN}".to_string(), "placeholder `${HF_TOKEN}`", None),
        (
            "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".to_string(),
            "placeholder",
            Some("hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".to_string()),
        ),
        (format!("Bearer {token}"), "`Bearer `", Some(token.clone())),
        (
            format!("\"{token}\""),
            "quotes",
            Some(format!("\"{token}\"")),
        ),
        (
            "hf_abcdefghijk lmnopqrstuvwxyz".to_string(),
            "whitespace",
            Some("hf_abcdefghijk lmnopqrstuvwxyz".to_string()),
        ),
        (
            "hf_abcdefghijklmnopqrstuvwxyz\u{201d}".to_string(),
            "non-ASCII",
            Some("hf_abcdefghijklmnopqrstuvwxyz\u{201d}".to_string()),
        ),
        (
            "api_org_abcdefghijklmnopqrstuvwxyz".to_string(),
            "legacy organization",
            Some("api_org_abcdefghijklmnopqrstuvwxyz".to_string()),
        ),
        (
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789".to_string(),
            "GitHub",
            Some("ghp_abcdefghijklmnopqrstuvwxyz0123456789".to_string()),
        ),
        (
            "sk-abcdefghijklmnopqrstuvwxyz".to_string(),
            "OpenAI",
            Some("sk-abcdefghijklmnopqrstuvwxyz".to_string()),
        ),
        (
            "notatoken1234567890".to_string(),
            "`hf_`",
            Some("notatoken1234567890".to_string()),
        ),
    ];
    for (value, word, secret) in rows {
        let fake = {
            let hub = hub.clone();
            FakeHub::start(move |r| hub.answer(r))
        };
        let home = temp_dir("home");
        let mut c = command(&home);
        c.env("HF_TOKEN", &value)
            .args(["--endpoint", &fake.url, "--json", "--read", "acme/model"]);
        let secrets: Vec<&str> = secret
            .iter()
            .map(String::as_str)
            .chain([token.as_str()])
            .collect();
        let r = run(c, &secrets, None);
        assert_eq!(r.code, 78, "{value:?}: {}", r.stderr);
        assert_eq!(
            r.code_of("token-format").as_deref(),
            Some("token-malformed")
        );
        let msg = r.checks("token-format").last().unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(msg.contains(word), "{value:?}: {msg}");
        assert!(r.stderr.contains("hint:"));
        assert!(fake.requests().is_empty(), "{value:?} was sent");
        assert_eq!(r.code_of("whoami").as_deref(), Some("token-malformed"));
        assert_eq!(r.code_of("read").as_deref(), Some("token-malformed"));
        assert_eq!(
            r.json()["checks"].as_array().unwrap().len(),
            4,
            "{}",
            r.stdout
        );
    }
}

/// A classic read token reads a public repo: exit 0, the report names user and token.
#[test]
fn classic_read_token_reads() {
    let (hub, token) = with(Kind::Read);
    let (r, fake) = scenario(
        hub,
        &token,
        &[
            "--read",
            "acme/model",
            "--read",
            "datasets/acme/data",
            "--read",
            "spaces/acme/app",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["ok"], true);
    assert_eq!(j["exit_code"], 0);
    assert_eq!(j["endpoint"], fake.url);
    assert_eq!(j["token"]["source"], "HF_TOKEN");
    assert_eq!(j["token"]["kind"], "read");
    assert_eq!(j["token"]["name"], "ci");
    assert_eq!(
        j["token"]["masked"],
        format!("hf_…{}", &token[token.len() - 4..])
    );
    assert_eq!(j["user"]["name"], "alice");
    assert_eq!(
        j["user"]["orgs"][0],
        json!({"name": "acme", "role": "write"})
    );
    let repos: Vec<String> = r
        .checks("read")
        .iter()
        .map(|c| c["repo"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        repos,
        ["acme/model", "datasets/acme/data", "spaces/acme/app"]
    );
    assert!(
        r.stderr.contains("): user `alice`, read token \"ci\""),
        "{}",
        r.stderr
    );
    let mut paths = fake.paths();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/api/datasets/acme/data/auth-check",
            "/api/models/acme/model/auth-check",
            "/api/spaces/acme/app/auth-check",
            "/api/whoami-v2"
        ]
    );
}

/// A read token where a push needs write: exit 77, `write-denied`, says it is a read token.
#[test]
fn read_token_cannot_write() {
    let (hub, token) = with(Kind::Read);
    let (r, _f) = scenario(hub, &token, &["--write", "acme/model"]);
    assert_eq!(r.code, 77);
    let c = &r.checks("write")[0];
    assert_eq!(c["code"], "write-denied");
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("read token \"ci\" can only read"),
        "{c}"
    );
    assert!(c["hint"].as_str().unwrap().contains("write token"));
    assert_eq!(c["request_id"], "Root=1-test-403");
    assert!(r.stderr.contains("✗ write acme/model: write-denied"));
    // The reason right under its ✗, indented.
    assert!(
        r.stderr
            .contains("write-denied\n  the Hub denied write access to model `acme/model` (403)"),
        "{}",
        r.stderr
    );
}

/// A write token pushes to its org and may create new repos in its namespace and orgs.
#[test]
fn write_token_and_inferred_creation() {
    let (hub, token) = with(Kind::Write);
    let (r, _f) = scenario(
        hub,
        &token,
        &[
            "--write",
            "acme/model",
            "--write",
            "alice/new-model",
            "--write",
            "acme/new-model",
            "--write",
            "datasets/bosses/new",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let msgs: Vec<String> = r
        .checks("write")
        .iter()
        .map(|c| c["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        msgs[1].contains("will be created") && msgs[1].contains("inferred"),
        "{}",
        msgs[1]
    );
    assert!(msgs[2].contains("role `write`"), "{}", msgs[2]);
}

/// Creating a repo where the token may not: a namespace that is not the user's or an org of theirs.
#[test]
fn creation_denied_outside_own_namespaces() {
    let (hub, token) = with(Kind::Write);
    let (r, _f) = scenario(hub, &token, &["--write", "stranger/new"]);
    assert_eq!(r.code, 77);
    let c = &r.checks("write")[0];
    assert_eq!(c["code"], "write-denied");
    assert_eq!(
        c["message"],
        "model `stranger/new` was not found (it does not exist, or it is private and hidden from \
         user `alice`), and this token may not create it (inferred from whoami): user `alice` is \
         neither `stranger` nor a member of an org named `stranger` [request id `Root=1-test-404`]",
        "{c}"
    );
}

/// Org roles: `read` can't write or create, `contributor` only its own repos, `admin` anything.
#[test]
fn org_roles() {
    let (hub, token) = with(Kind::Write);
    let rows = [
        ("readers/model", 77, "role `read`"),
        ("readers/new", 77, "role `read`"),
        ("helpers/mine", 0, "can write"),
        ("helpers/theirs", 77, "contributor"),
        ("helpers/new", 0, "may be created"),
        ("bosses/model", 0, "can write"),
        ("bob/model", 77, "not a member"),
    ];
    for (repo, code, word) in rows {
        let (r, _f) = scenario(hub.clone(), &token, &["--write", repo]);
        assert_eq!(r.code, code, "{repo}: {}", r.stderr);
        let m = r.checks("write")[0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(m.contains(word), "{repo}: {m}");
    }
}

/// Fine-grained tokens scoped to the user, to an org, to one repo.
#[test]
fn fine_grained_scopes() {
    let user_scoped = fine(
        Some(true),
        vec![("user", "alice", vec!["repo.content.read", "repo.write"])],
    );
    let org_scoped = fine(
        Some(true),
        vec![("org", "acme", vec!["repo.content.read", "repo.write"])],
    );
    let repo_scoped = fine(None, vec![("model", "acme/model", vec!["repo.write"])]);
    let rows: Vec<(Kind, &str, i32, &str)> = vec![
        (user_scoped.clone(), "alice/model", 0, "can write"),
        (user_scoped.clone(), "alice/brand-new", 0, "will be created"),
        (
            user_scoped.clone(),
            "acme/model",
            77,
            "grants `repo.write` only on `alice` (user)",
        ),
        (
            user_scoped,
            "acme/new-thing",
            77,
            "no `repo.write` on org `acme`",
        ),
        (org_scoped.clone(), "acme/model", 0, "can write"),
        (
            org_scoped.clone(),
            "acme/fresh",
            0,
            "holds `repo.write` on org `acme`",
        ),
        (org_scoped, "alice/model", 77, "only on `acme` (org)"),
        (repo_scoped.clone(), "acme/model", 0, "can write"),
        (
            repo_scoped,
            "acme/other-new",
            77,
            "only on `acme/model` (model)",
        ),
    ];
    for (kind, repo, code, word) in rows {
        let (hub, token) = with(kind);
        let (r, _f) = scenario(hub, &token, &["--write", repo]);
        assert_eq!(r.code, code, "{repo}: {}", r.stderr);
        assert_eq!(r.json()["token"]["kind"], "fine-grained");
        let m = r.checks("write")[0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(m.contains(word), "{repo}: {m}");
    }
}

/// An OAuth token: kind `oauth`, its expiry shown.
#[test]
fn oauth_token() {
    let (hub, token) = with(Kind::OAuth("2099-01-01T00:00:00.000Z".into()));
    let (r, _f) = scenario(hub, &token, &["--read", "acme/model"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["token"]["kind"], "oauth");
    assert_eq!(r.json()["token"]["name"], json!(null));
    assert!(r.stderr.contains("expires 2099-01-01T00:00:00.000Z"));
}

/// Private, gated, disabled and missing repos each get their own code and hint.
#[test]
fn repo_states() {
    let (hub, token) = with(Kind::Read);
    let rows = [
        (
            "acme/private",
            0,
            None,
            "can read model `acme/private` for user `alice`",
        ),
        (
            "bob/secret",
            77,
            Some("not-found"),
            "private and not visible to user `alice`",
        ),
        (
            "meta/granted",
            0,
            None,
            "can read model `meta/granted` for user `alice`",
        ),
        (
            "meta/gated",
            77,
            Some("gated"),
            "gated and user `alice` has no access grant",
        ),
        ("acme/disabled", 77, Some("disabled"), "disabled"),
        ("acme/missing", 77, Some("not-found"), "does not exist"),
        (
            "datasets/acme/missing",
            77,
            Some("not-found"),
            "dataset `acme/missing`",
        ),
        ("spaces/acme/missing", 77, Some("not-found"), "space"),
    ];
    for (repo, code, want, word) in rows {
        let (r, _f) = scenario(hub.clone(), &token, &["--read", repo]);
        assert_eq!(r.code, code, "{repo}: {}", r.stderr);
        assert_eq!(r.code_of("read"), want.map(String::from), "{repo}");
        let reads = r.checks("read");
        assert_eq!(reads.len(), 1, "{repo}: {}", r.stdout);
        let c = &reads[0];
        let message = c["message"].as_str().unwrap();
        if code != 0 {
            assert!(message.contains(word), "{repo}: {c}");
            assert!(c["request_id"].is_string(), "{repo}: request id quoted");
            assert!(r.stderr.contains("request id"), "{repo}");
        } else {
            // A pass says exactly what was proved, and quotes no request id
            // (the fake Hub sends one on every 200).
            assert_eq!(message, word, "{repo}");
            assert_eq!(c["status"], "pass", "{repo}");
            assert!(c.get("request_id").is_none(), "{repo}: {c}");
            assert!(!r.stderr.contains("request id"), "{repo}: {}", r.stderr);
        }
    }
    let (r, _f) = scenario(hub, &token, &["--read", "meta/gated"]);
    let hint = r.checks("read")[0]["hint"].as_str().unwrap().to_string();
    assert!(hint.contains("/meta/gated"), "{hint}");
}

/// A fine-grained token without `canReadGatedRepos`, on a repo its user was
/// granted: the Hub's own 403 names the setting; no "request access".
#[test]
fn gated_with_fine_grained_token_names_the_setting() {
    let (hub, token) = with(fine(
        Some(false),
        vec![("user", "alice", vec!["repo.content.read"])],
    ));
    let (r, _f) = scenario(hub, &token, &["--read", "meta/granted"]);
    assert_eq!(r.code, 77);
    let c = &r.checks("read")[0];
    assert_eq!(c["code"], "gated");
    let text = format!("{} {}", c["message"], c["hint"]);
    assert!(
        text.contains("Read access to contents of all public gated repos you can access"),
        "{text}"
    );
    assert!(!text.contains("request access"), "{text}");
}

/// A read that is not found asks the other types and says "did you mean".
#[test]
fn did_you_mean_another_type() {
    let (hub, token) = with(Kind::Read);
    let (r, fake) = scenario(hub, &token, &["--read", "acme/data"]);
    assert_eq!(r.code, 77);
    assert_eq!(
        r.checks("read")[0]["hint"],
        "did you mean `datasets/acme/data`?"
    );
    assert!(
        fake.paths()
            .contains(&"/api/spaces/acme/data/auth-check".to_string())
    );
    // the other types are asked only on that failure path
    let (hub, token) = with(Kind::Read);
    let (_r, fake) = scenario(hub, &token, &["--read", "acme/model"]);
    assert_eq!(fake.paths().len(), 2);
}

/// whoami: 401 is a rejected token (78), 429 a rate limit (75), 500 unavailable (75),
/// a body that is not the documented JSON unexpected (76).
#[test]
fn whoami_answers() {
    let token = crate::common::model::token_value("w");
    let rows: Vec<(Reply, i32, &str, &str)> = vec![
        (
            Reply::error(401, None, "Invalid credentials in Authorization header"),
            78,
            "token-rejected",
            "settings/tokens",
        ),
        (
            Reply::error(429, None, "Too many requests").header("ratelimit", "\"api\";r=0;t=55"),
            75,
            "rate-limited",
            "wait 55 s",
        ),
        (
            Reply::error(500, None, "oops"),
            75,
            "hub-unavailable",
            "try again",
        ),
        (
            Reply::new(200).body("{\"name\": \"alice\", "),
            76,
            "unexpected-response",
            "HF_ENDPOINT",
        ),
        (
            Reply::new(200)
                .header("content-type", "text/html")
                .body("<html>login</html>"),
            76,
            "unexpected-response",
            "HF_ENDPOINT",
        ),
        (
            Reply::json(200, &json!({"user": "x"})),
            76,
            "unexpected-response",
            "HF_ENDPOINT",
        ),
    ];
    for (reply, code, want, hint_word) in rows {
        let fake = FakeHub::start(move |_| reply.clone());
        let home = temp_dir("home");
        let mut c = command(&home);
        c.env("HF_TOKEN", &token)
            .args(["--endpoint", &fake.url, "--json", "--timeout", "2"]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, code, "{want}: {}", r.stderr);
        assert_eq!(r.code_of("whoami").as_deref(), Some(want));
        let hint = r.checks("whoami")[0]["hint"]
            .as_str()
            .unwrap_or("")
            .to_string();
        assert!(hint.contains(hint_word), "{want}: {hint}");
        if code == 78 {
            assert!(r.stderr.contains("`HF_TOKEN`"), "names the source");
        }
        if want == "rate-limited" {
            assert!(r.stderr.contains("says nothing about the token"));
        }
    }
}

/// Several failures: all are reported, the exit status is the first failed check's.
#[test]
fn exit_status_of_the_first_failure() {
    let (hub, token) = with(Kind::Read);
    let (r, _f) = scenario(
        hub,
        &format!("{token}\n"),
        &["--read", "acme/missing", "--write", "acme/model"],
    );
    assert_eq!(r.code, 77);
    assert_eq!(r.code_of("read").as_deref(), Some("not-found"));
    assert_eq!(r.code_of("write").as_deref(), Some("write-denied"));
    assert_eq!(r.stderr.matches("\n✗ ").count(), 2, "{}", r.stderr);
    // whoami unavailable (75) before an access failure (77)
    let token2 = crate::common::model::token_value("x");
    let fake = FakeHub::start(|r| {
        if r.path == "/api/whoami-v2" {
            Reply::error(503, None, "down")
        } else {
            Reply::error(403, Some("GatedRepo"), "gated")
        }
    });
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token2).args([
        "--endpoint",
        &fake.url,
        "--json",
        "--timeout",
        "1",
        "--read",
        "meta/gated",
    ]);
    let r = run(c, &[&token2], None);
    assert_eq!(r.code, 75, "{}", r.stderr);
    assert_eq!(r.code_of("read").as_deref(), Some("gated"));
}

/// `--offline` and `HF_HUB_OFFLINE` check presence and format only: skip, exit 0, nothing sent.
#[test]
fn offline() {
    let (hub, token) = with(Kind::Read);
    let (r, fake) = scenario(hub.clone(), &token, &["--offline", "--read", "acme/model"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.code_of("whoami").as_deref(), Some("offline"));
    assert_eq!(r.checks("read")[0]["status"], "skip");
    assert!(fake.requests().is_empty());
    let fake = FakeHub::start(|_| Reply::new(500));
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_HUB_OFFLINE", "1")
        .env("HF_TOKEN", "$HF_TOKEN")
        .args(["--endpoint", &fake.url]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 78, "format is still checked offline");
    let mut c = command(&home);
    c.env("HF_HUB_OFFLINE", "YES")
        .env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("offline"));
    assert!(fake.requests().is_empty());
}

/// `--rank0-only`: a rank other than 0 (`RANK`, else `LOCAL_RANK`) checks presence
/// and format only, with its own reason naming the variable (not offline mode);
/// rank 0, an unset rank, or no flag asks the Hub.
#[test]
fn rank0_only() {
    let (model, token) = with(Kind::Read);
    let hub = FakeHub::start(move |r| model.answer(r));
    let home = temp_dir("home");
    let ranked = |vars: &[(&str, &str)], flag: bool| {
        let mut c = command(&home);
        c.env("HF_TOKEN", &token)
            .args(["--endpoint", &hub.url, "--json", "--read", "acme/model"]);
        if flag {
            c.arg("--rank0-only");
        }
        for (k, v) in vars {
            c.env(k, v);
        }
        let before = hub.requests().len();
        let r = run(c, &[&token], None);
        (r, hub.requests().len() - before)
    };
    for (vars, var) in [
        (&[("RANK", "1"), ("LOCAL_RANK", "0")][..], "RANK"),
        (&[("LOCAL_RANK", "3")][..], "LOCAL_RANK"),
        (&[("RANK", "x")][..], "RANK"),
    ] {
        let (r, asked) = ranked(vars, true);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(asked, 0, "{vars:?}: a rank other than 0 asks nothing");
        assert_eq!(r.code_of("whoami").as_deref(), Some("not-rank-zero"));
        assert_eq!(r.checks("read")[0]["code"], "not-rank-zero");
        assert_eq!(r.checks("token-format")[0]["status"], "pass");
        let want = format!("not checked: `{var}` is not 0, and with `--rank0-only` only rank 0");
        assert!(r.stderr.contains(&want), "{vars:?}: {}", r.stderr);
        assert!(!r.stderr.contains("offline"), "{}", r.stderr);
    }
    for (vars, flag) in [
        (&[("RANK", "0"), ("LOCAL_RANK", "1")][..], true),
        (&[][..], true),
        (&[("RANK", "1")][..], false),
    ] {
        let (r, asked) = ranked(vars, flag);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(asked, 2, "{vars:?}, flag {flag}: whoami and the read check");
        assert_eq!(r.checks("read")[0]["status"], "pass");
    }
    // A malformed token still fails on every rank.
    let mut c = command(&home);
    c.env("HF_TOKEN", "$HF_TOKEN")
        .env("RANK", "2")
        .args(["--endpoint", &hub.url, "--rank0-only"]);
    assert_eq!(run(c, &[], None).code, 78);
}

/// The human report: a line per check with a mark, no colour when not a terminal.
#[test]
fn human_report_shape() {
    // A read token: a write token would add the least-privilege advice to a read-only job.
    let (hub, token) = with(Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url, "--read", "acme/model"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0);
    assert!(r.stdout.is_empty(), "stdout stays free for the job");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert!(
        lines[0].starts_with("✓ token-present: token found in `HF_TOKEN`"),
        "{}",
        r.stderr
    );
    assert!(lines[1].starts_with("✓ token-format: token `hf_…"));
    // The endpoint is not the default: the whoami line names it.
    let whoami = format!("✓ whoami ({}): user `alice`, read token \"ci\"", fake.url);
    assert!(lines[2].starts_with(&whoami), "{}", r.stderr);
    assert!(lines[3].starts_with("✓ read acme/model: can read model `acme/model`"));
    assert_eq!(lines.last(), Some(&"hf-token-check: ok"));
    assert!(!r.stderr.contains('\u{1b}'), "no colour off a terminal");
}

/// Strings from the Hub lose ANSI escapes and control characters before they are shown.
#[test]
fn hub_strings_are_sanitized() {
    let token = crate::common::model::token_value("ansi");
    let fake = FakeHub::start(|r| {
        if r.path == "/api/whoami-v2" {
            Reply::json(
                200,
                &json!({"name": "ev\u{1b}[2Jil", "orgs": [], "auth": {"type": "access_token", "accessToken": {"role": "read", "displayName": "x\u{7}y"}}}),
            )
        } else {
            Reply::json(403, &json!({"error": "policy \u{1b}]0;pwned\u{7}says no"}))
        }
    });
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url, "--read", "evil/repo", "--json"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 77);
    assert!(
        !r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{7}'),
        "{:?}",
        r.stderr
    );
    assert!(!r.stdout.contains("\\u001b"), "{}", r.stdout);
    assert!(r.stderr.contains("policy says no"), "{}", r.stderr);
}

/// A Hub that echoes the token back in an error never gets it printed.
#[test]
fn echoed_token_is_scrubbed() {
    let token = crate::common::model::token_value("echo");
    let fake = FakeHub::start(|r| {
        let echoed = r.header("authorization").unwrap_or("").to_string();
        Reply::error(
            401,
            None,
            &format!("Invalid credentials in Authorization header: {echoed}"),
        )
    });
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url, "--json"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 78);
    assert!(r.stderr.contains("[REDACTED]"), "{}", r.stderr);
}

/// Every exit code of the core is reachable: 0, 64, 75, 76, 77, 78 (the leak check runs on each).
#[test]
fn every_core_exit_code() {
    let (hub, token) = with(Kind::Read);
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["--read", "acme/model"], 0),
        (vec!["--read", "bad--name/x"], 64),
        (vec!["--read", "meta/gated"], 77),
    ];
    for (args, code) in cases {
        let (r, _f) = scenario(hub.clone(), &token, &args);
        assert_eq!(r.code, code, "{args:?}");
    }
    let (r, _f) = scenario(hub.clone(), "hf_notknowntothehub0123456789", &[]);
    assert_eq!(r.code, 78);
    let fake = FakeHub::start(|_| Reply::new(502));
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url, "--timeout", "1"]);
    assert_eq!(run(c, &[&token], None).code, 75);
    let fake = FakeHub::start(|_| Reply::new(200).body("nope"));
    let mut c = command(&home);
    c.env("HF_TOKEN", &token).args(["--endpoint", &fake.url]);
    assert_eq!(run(c, &[&token], None).code, 76);
}

/// The same repo asked as read and write is checked once, as write; a renamed
/// repo is followed and reported.
#[test]
fn dedupe_and_rename() {
    let (hub, token) = with(Kind::Write);
    let (r, fake) = scenario(
        hub.clone(),
        &token,
        &["--read", "acme/model", "--write", "acme/model"],
    );
    assert_eq!(r.code, 0);
    assert_eq!(r.checks("write").len(), 1);
    assert_eq!(r.checks("read").len(), 0);
    assert_eq!(fake.paths().len(), 2);
    let (r, _f) = scenario(hub, &token, &["--read", "acme/old-name"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = &r.checks("read")[0];
    assert_eq!(
        (c["status"].as_str(), c["code"].as_str()),
        (Some("warn"), Some("renamed"))
    );
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("renamed to `acme/new-name`")
    );
    assert_eq!(c["hint"], "update the name to `acme/new-name`");
}

/// Private repos of an org the user is in, seen through an org-scoped fine-grained token.
#[test]
fn private_repo_with_fine_grained_token_without_read() {
    let mut hub = Hub::standard();
    hub.repos.push(Repo {
        private: true,
        ..Repo::public("datasets", "acme/secret-data")
    });
    let (hub, token) = hub.with_token(
        "fg",
        "alice",
        "narrow",
        fine(None, vec![("user", "alice", vec!["repo.content.read"])]),
    );
    let (r, _f) = scenario(hub, &token, &["--read", "datasets/acme/secret-data"]);
    assert_eq!(r.code, 77);
    let c = &r.checks("read")[0];
    assert_eq!(c["code"], "read-denied");
    let m = c["message"].as_str().unwrap();
    assert!(
        m.contains("no `repo.content.read` on `acme/secret-data`"),
        "{m}"
    );
    assert!(m.contains("the Hub said"), "{m}");
}

/// The whole human transcript of a failure: marks, each reason and `hint:`
/// indented under its ✗, request ids and the closing line (the port filtered).
#[test]
fn failure_transcript() {
    let (hub, token) = with(Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token).args([
        "--endpoint",
        &fake.url,
        "--write",
        "acme/model",
        "--read",
        "meta/gated",
    ]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 77);
    let got = r
        .stderr
        .replace(&fake.url, "http://HUB")
        .replace(&token[token.len() - 4..], "LAST");
    // The token's age changes every day: keep its shape, not its number.
    let (head, tail) = got
        .split_once(" days ago)")
        .expect("the token's age is shown");
    let head = head.trim_end_matches(|c: char| c.is_ascii_digit());
    let got = format!("{head}N days ago){tail}");
    let want = "\
✓ token-present: token found in `HF_TOKEN`
✓ token-format: token `hf_…LAST` is well formed
✓ whoami (http://HUB): user `alice`, read token \"ci\", created 2026-01-02 (N days ago); API quota: 499 of 500 left in this 5-minute window, resets in 5 min
✗ write acme/model: write-denied
  the Hub denied write access to model `acme/model` (403): the read token \"ci\" can only read; the Hub said: \"You don't have the rights to write to this repository\" [request id `Root=1-test-403`]
  hint: create a write token, or a fine-grained token with `repo.write` on `acme`, at http://HUB/settings/tokens
✗ read meta/gated: gated
  model `meta/gated` is gated and user `alice` has no access grant; the Hub said: \"Access to model meta/gated is restricted and you are not in the authorized list. Visit https://huggingface.co/meta/gated to ask for access.\" [request id `Root=1-test-403`]
  hint: request access at http://HUB/meta/gated

hf-token-check: failed (exit status 77)
";
    assert_eq!(got, want);
}

/// On a real terminal (a pty from `script`) the report is coloured, never with `NO_COLOR`.
#[test]
fn colour_on_a_terminal_only() {
    let Some(script) = crate::common::needs("script", &["/usr/bin/script", "/bin/script"]) else {
        return;
    };
    let (hub, token) = with(Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    for (no_color, want_colour) in [(false, true), (true, false)] {
        let home = temp_dir("home");
        let mut c = std::process::Command::new(&script);
        c.env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", &home)
            .env("HF_TOKEN", &token)
            .env("TERM", "xterm");
        if no_color {
            c.env("NO_COLOR", "1");
        }
        let inner = format!(
            "{} --endpoint {} --read acme/model",
            crate::common::bin(),
            fake.url
        );
        c.args(["-qec", &inner, "/dev/null"]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 0, "{}", r.stdout);
        assert!(r.stdout.contains("token-present"), "{}", r.stdout);
        assert_eq!(
            r.stdout.contains("\u{1b}["),
            want_colour,
            "NO_COLOR={no_color}: {:?}",
            r.stdout
        );
    }
}

/// An app credential is named as one, and is never told to "ask to join" an org
/// (issue 9): an app has no membership to ask for.
#[test]
fn app_credentials_are_never_told_to_join() {
    let (hub, token) = with(Kind::App);
    let (r, fake) = scenario(hub, &token, &["--write", "bob/model"]);
    assert_eq!(r.code, 77, "{}", r.stderr);
    assert_eq!(
        r.json()["checks"].as_array().unwrap().len(),
        4,
        "{}",
        r.stdout
    );
    let who = &r.checks("whoami")[0];
    assert_eq!(
        who["message"],
        "app `alice`, app token (role write); API quota: 499 of 500 left in this 5-minute \
         window, resets in 5 min"
    );
    let writes = r.checks("write");
    assert_eq!(writes.len(), 1, "{}", r.stdout);
    assert_eq!(writes[0]["code"], "write-denied");
    assert_eq!(
        writes[0]["hint"],
        format!(
            "grant the app access to `bob`, or use a user access token that has it \
             ({}/settings/tokens)",
            fake.url
        )
    );
    assert!(
        writes[0]["message"]
            .as_str()
            .unwrap()
            .contains("the app token (role write) acting as `alice` has no access to `bob`"),
        "{}",
        writes[0]
    );
    let text = r.stderr.to_lowercase();
    assert!(!text.contains("join"), "{}", r.stderr);
}

/// `--quiet` hides a passing run, never a warning that the job may not work: a
/// write to an org repo nobody could see (`may-exist-hidden`) is still shown.
#[test]
fn quiet_still_shows_a_doubtful_write() {
    let (hub, token) = with(Kind::Write);
    let (r, _f) = scenario(
        hub.clone(),
        &token,
        &["--quiet", "--write", "acme/brand-new"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.code_of("write").as_deref(), Some("may-exist-hidden"));
    assert!(r.stderr.contains("may-exist-hidden"), "{}", r.stderr);
    let (r, _f) = scenario(hub, &token, &["--quiet", "--write", "acme/model"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

/// A usage error in argv still reports, in the JSON, the endpoint a run would
/// have used (the flag's, else the default), as a REPO error does.
#[test]
fn argv_usage_error_json_names_the_endpoint() {
    for (args, want) in [
        (vec!["--json", "--bogus"], "https://huggingface.co"),
        (
            vec!["--json", "--endpoint", "https://hub.example", "--bogus"],
            "https://hub.example",
        ),
    ] {
        let home = temp_dir("home");
        let mut c = command(&home);
        c.args(&args);
        let r = run(c, &[], None);
        assert_eq!(r.code, 64, "{}", r.stderr);
        assert_eq!(r.json()["endpoint"], want, "{args:?}");
    }
}

/// Pages in hints are on the endpoint the run checked (docs/checks.md, "Pages
/// in hints"): the tokens page and a gated repo's page alike, in the hints made
/// before any request (the token's format) and after; never the public Hub's
/// next to the endpoint's.
#[test]
fn pages_in_hints_are_on_the_endpoint() {
    let (hub, token) = with(Kind::Read);
    let (r, fake) = scenario(
        hub,
        &token,
        &["--write", "acme/model", "--read", "meta/gated"],
    );
    assert_eq!(r.code, 77, "{}", r.stdout);
    let hints: Vec<String> = r.json()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["hint"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        hints,
        [
            format!(
                "create a write token, or a fine-grained token with `repo.write` on `acme`, at {}/settings/tokens",
                fake.url
            ),
            format!("request access at {}/meta/gated", fake.url),
        ]
    );
    // Before any request: a token with a space in it.
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", format!("{} x", &token[..20]))
        .args(["--endpoint", &fake.url, "--json"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 78, "{}", r.stdout);
    assert_eq!(
        r.json()["checks"][1]["hint"],
        format!(
            "a token is one word: copy it again from {}/settings/tokens",
            fake.url
        )
    );
}
