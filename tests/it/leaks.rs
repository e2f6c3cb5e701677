//! The token never leaves, whatever the input (issue 11): every scenario runs
//! through `common::run`, which fails on any 6-character piece of a secret in
//! stdout (the JSON), stderr (report and `::error` annotations) or the step
//! summary. Each scenario also checks that the hostile text did reach the
//! report, so that a run that printed nothing cannot pass.

use crate::common::model::token_value;
use crate::common::{FakeHub, Recorded, Reply, Run, command, run, temp_dir};

/// Runs with `HF_TOKEN`, `--json`, GitHub annotations and a step summary
/// against `url`, reading `--read` `repos`.
fn hostile(token: &str, url: &str, repos: &[&str], secrets: &[&str]) -> Run {
    let dir = temp_dir("leak");
    let summary = dir.join("summary.md");
    let mut c = command(&dir);
    c.env("HF_TOKEN", token)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["--endpoint", url, "--json", "--timeout", "5"]);
    for r in repos {
        c.args(["--read", r]);
    }
    let mut all = vec![token];
    all.extend_from_slice(secrets);
    let r = run(c, &all, Some(&summary));
    assert!(r.summary.is_some(), "no step summary: {}", r.stderr);
    r
}

fn whoami_fails_with(reply: impl Fn(&str) -> Reply + Send + Sync + 'static) -> (Run, String) {
    let token = token_value("leak");
    let t = token.clone();
    let hub = FakeHub::start(move |_| reply(&t));
    (hostile(&token, &hub.url, &[], &[]), token)
}

/// A Hub that echoes the token right across the 300-character cut, in the
/// `X-Error-Message` header and the body's `error`: the cut comes after
/// redaction, so not even the head of the token is left.
#[test]
fn token_straddling_the_cut() {
    let (r, _) = whoami_fails_with(|t| {
        let message = format!("{}{t} trailing", "a".repeat(285));
        Reply::error(401, None, &message)
    });
    assert_eq!(r.code, 78, "{}", r.stderr);
    assert!(r.stderr.contains("aaaa"), "{}", r.stderr);
}

/// The token echoed with a TAB or a zero-width space inside (header or body)
/// is still caught.
#[test]
fn token_with_invisible_characters_inside() {
    for sep in ["\t", "\u{200B}", "\u{00AD}"] {
        let s = sep.to_string();
        let (r, _) = whoami_fails_with(move |t| {
            let split = format!("{}{s}{}", &t[..12], &t[12..]);
            // In the body (JSON escapes any character), and in the header
            // where HTTP allows it (TAB); the header wins when present.
            let reply = Reply::json(
                401,
                &serde_json::json!({ "error": format!("bad token {split}") }),
            );
            if s == "\t" {
                reply.header("x-error-message", &format!("bad token {split}"))
            } else {
                reply
            }
        });
        assert_eq!(r.code, 78, "{sep:?}: {}", r.stderr);
        assert!(r.stderr.contains("[REDACTED]"), "{sep:?}: {}", r.stderr);
    }
}

/// The token in `X-Request-Id` is removed where the request id is shown.
#[test]
fn token_in_the_request_id() {
    let (r, _) = whoami_fails_with(|t| {
        Reply::json(500, &serde_json::json!({"error": "boom"})).header("x-request-id", t)
    });
    assert_eq!(r.code, 75, "{}", r.stderr);
    assert!(r.stdout.contains("[REDACTED]"), "{}", r.stdout);
}

/// A redirect to another origin whose `Location` holds the token (in the host,
/// the userinfo and the path) is neither followed nor shown with it.
#[test]
fn token_in_a_cross_origin_location() {
    let (r, _) = whoami_fails_with(|t| {
        let lower = t.to_ascii_lowercase();
        Reply::new(307).header(
            "location",
            &format!("http://u:{t}@{lower}.evil.example:8080/{t}?t={t}"),
        )
    });
    assert_eq!(r.code, 76, "{}", r.stderr);
    assert!(r.stderr.contains("evil.example"), "{}", r.stderr);
}

/// A token put by mistake in a variable the token file's path is made of is
/// never shown as a path: the message names the variable instead.
#[test]
fn token_in_a_path_variable() {
    let token = token_value("path-var");
    for var in ["HF_TOKEN_PATH", "HF_HOME", "XDG_CACHE_HOME", "HOME"] {
        let dir = temp_dir("leak-path");
        let summary = dir.join("summary.md");
        let mut c = command(&dir);
        c.env(var, &token)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args(["--offline", "--json"]);
        let r = run(c, &[&token], Some(&summary));
        assert_eq!(r.code, 78, "{var}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "`{var}` holds what looks like a token, not a path"
            )),
            "{var}: {}",
            r.stderr
        );
    }
}

/// The endpoint's userinfo is never shown: neither a token nor another
/// password, from `--endpoint` or `HF_ENDPOINT`, in text or JSON.
#[test]
fn credentials_in_the_endpoint() {
    let token = token_value("userinfo");
    let password = "s3cr3tPassw0rd";
    for secret in [token.as_str(), password] {
        for from_env in [false, true] {
            let dir = temp_dir("leak-endpoint");
            let endpoint = format!("https://me:{secret}@huggingface.co");
            let mut c = command(&dir);
            c.env("HF_TOKEN", &token).arg("--json");
            if from_env {
                c.env("HF_ENDPOINT", &endpoint);
            } else {
                c.args(["--endpoint", &endpoint]);
            }
            let r = run(c, &[&token, password], None);
            assert_eq!(r.code, 64, "{}", r.stderr);
            assert!(
                r.stderr.contains("credentials") || r.stderr.contains("looks like a token"),
                "{}",
                r.stderr
            );
            assert_eq!(r.json()["exit_code"], 64);
        }
    }
}

/// A token-shaped REPO is a usage error that does not echo it, and nothing is sent.
#[test]
fn token_shaped_repo() {
    let token = token_value("repo");
    let shaped = token_value("shaped");
    let hub = FakeHub::start(|_| Reply::new(200));
    for (flag, env) in [(true, None), (false, Some("HF_TOKEN_CHECK_WRITE"))] {
        let dir = temp_dir("leak-repo");
        let mut c = command(&dir);
        c.env("HF_TOKEN", &token)
            .args(["--endpoint", &hub.url, "--json"]);
        let repo = format!("me/{shaped}");
        if flag {
            c.args(["--read", &repo]);
        }
        if let Some(var) = env {
            c.env(var, &repo);
        }
        let r = run(c, &[&token, &shaped], None);
        assert_eq!(r.code, 64, "{}", r.stderr);
        assert!(r.stderr.contains("looks like a token"), "{}", r.stderr);
    }
    assert!(hub.requests().is_empty());
}

/// A `$`-placeholder with CR/LF in it (`"$hf_…\r\n"`) is reported as a
/// placeholder without ever quoting the cleaned value, which may be a real token.
#[test]
fn placeholder_with_newlines_is_not_quoted() {
    let inner = token_value("placeholder");
    for value in [
        format!("${inner}\r\n"),
        format!("$\r\n{inner}"),
        format!("${{{{ secrets.\n{inner} }}}}"),
    ] {
        let dir = temp_dir("leak-placeholder");
        let summary = dir.join("summary.md");
        let mut c = command(&dir);
        c.env("HF_TOKEN", &value)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args(["--offline", "--json"]);
        let r = run(c, &[&inner], Some(&summary));
        assert_eq!(r.code, 78, "{value:?}: {}", r.stderr);
        assert!(r.stderr.contains("token-format"), "{}", r.stderr);
    }
}

/// A 900 KB `error` from the Hub is shortened everywhere: stderr under 16 KB,
/// the JSON under 16 KB, the step summary under 64 KB; Markdown and HTML in it
/// stay inert text in the summary (an image link would call out when viewed).
#[test]
fn huge_hub_error_is_bounded_and_inert() {
    let token = token_value("huge");
    let hub = FakeHub::start(|r: &Recorded| {
        let message = format!(
            "![](https://evil.example/t.png) <img src=https://evil.example/i.png> {}",
            "x".repeat(900 * 1024)
        );
        if r.path == "/api/whoami-v2" {
            Reply::json(401, &serde_json::json!({ "error": message }))
        } else {
            Reply::new(404)
        }
    });
    let r = hostile(&token, &hub.url, &[], &[]);
    assert_eq!(r.code, 78, "{}", r.stderr);
    let summary = r.summary.as_deref().unwrap();
    assert!(
        r.stderr.len() < 16 * 1024,
        "stderr: {} bytes",
        r.stderr.len()
    );
    assert!(r.stdout.len() < 16 * 1024, "json: {} bytes", r.stdout.len());
    assert!(
        summary.len() < 64 * 1024,
        "summary: {} bytes",
        summary.len()
    );
    assert!(r.stderr.contains("evil.example"), "{}", r.stderr);
    assert!(
        summary.contains(r"\!\[\]\(https\:\/\/evil"),
        "the image link is not escaped: {summary}"
    );
    assert!(summary.contains(r"\<img src\="), "{summary}");
    for live in ["![", "](", "https://evil"] {
        assert!(!summary.contains(live), "`{live}` is live in: {summary}");
    }
}
