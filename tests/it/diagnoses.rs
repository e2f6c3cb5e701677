//! Diagnoses that used to mislead (issue 11, point 8): each failure is named
//! for what it is, with the exit status that goes with it.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;

use crate::common::model::{Hub, Kind, token_value};
use crate::common::{FakeHub, Recorded, Reply, TestCa, command, run, temp_dir};

fn whoami_ok(token: &str) -> Reply {
    let (hub, _) = Hub::standard().with_token("diag", "alice", "ci", Kind::Write);
    let t = hub.tokens.iter().find(|t| t.value == token).unwrap();
    Reply::json(200, &hub.whoami_body(t))
}

/// Response headers over 32 KB are an answer the Hub never sends: 76
/// unexpected-response at the first attempt, not 75 "could not reach" retried.
#[test]
fn oversized_headers_are_an_unexpected_response() {
    let hub = FakeHub::start(|_| Reply::new(200).header("x-padding", &"p".repeat(40 * 1024)));
    let token = token_value("diag");
    let dir = temp_dir("diag-headers");
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &hub.url, "--json", "--timeout", "10"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 76, "{}", r.stderr);
    assert_eq!(r.code_of("whoami").as_deref(), Some("unexpected-response"));
    assert!(r.stderr.contains("headers are too large"), "{}", r.stderr);
    assert_eq!(hub.requests().len(), 1, "retried");
}

/// A proxy that answers 407 wants credentials: a configuration error (64)
/// that names the proxy variable, not retried, for a CONNECT proxy (https
/// endpoint) and a plain-http proxy (loopback http endpoint) alike.
#[test]
fn proxy_wanting_credentials_is_a_configuration_error() {
    let ca = TestCa::new();
    let hub = FakeHub::start_tls(|_| Reply::new(500), &ca);
    let dir = temp_dir("diag-407");
    let bundle = ca.write_bundle(&dir);
    let token = token_value("diag");
    for (endpoint, var) in [
        (hub.url.clone(), "HTTPS_PROXY"),
        ("http://127.0.0.1:9".to_string(), "http_proxy"),
        ("http://127.0.0.1:9".to_string(), "ALL_PROXY"),
    ] {
        let proxy = FakeHub::start(|_| {
            Reply::new(407).header("proxy-authenticate", "Basic realm=\"corp\"")
        });
        let mut c = command(&dir);
        c.env("HF_TOKEN", &token)
            .env("SSL_CERT_FILE", &bundle)
            .env(var, &proxy.url)
            .args(["--endpoint", &endpoint, "--json", "--timeout", "10"]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 64, "{var}: {}", r.stderr);
        assert_eq!(r.code_of("whoami").as_deref(), Some("proxy-auth-required"));
        assert!(
            r.stderr.contains("the proxy wants credentials")
                && r.stderr.contains(&format!("`{var}`")),
            "{var}: {}",
            r.stderr
        );
        assert_eq!(proxy.requests().len(), 1, "{var}: retried");
    }
    assert!(hub.requests().is_empty());
}

/// A script whose `#!` interpreter is missing is reported as such (127),
/// not as "no such file" when the script is right there.
#[test]
fn missing_interpreter_is_named() {
    let hub = FakeHub::start(|r: &Recorded| whoami_ok(r.bearer().unwrap_or("")));
    let dir = temp_dir("diag-exec");
    let script = dir.join("job.py");
    let mut f = std::fs::File::create(&script).unwrap();
    f.write_all(b"#!/nonexistent/python\nprint('hi')\n")
        .unwrap();
    drop(f);
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let token = token_value("diag");
    for (program, path) in [
        (script.to_str().unwrap().to_string(), None),
        ("job.py".to_string(), Some(dir.to_str().unwrap())),
    ] {
        let mut c = command(&dir);
        c.env("HF_TOKEN", &token)
            .args(["--endpoint", &hub.url, "--", &program]);
        if let Some(p) = path {
            c.env("PATH", p);
        }
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 127, "{}", r.stderr);
        assert!(
            r.stderr.contains(
                "the interpreter `/nonexistent/python` named on its `#!` line was not found"
            ),
            "{}",
            r.stderr
        );
        assert!(!r.stderr.contains("no such file"), "{}", r.stderr);
    }
}

/// A renamed repo is reported as renamed when the endpoint has a path prefix
/// (`https://mirror/hub`): the redirect's path is read without the prefix.
#[test]
fn rename_warning_with_a_path_prefix() {
    let (model, token) = Hub::standard().with_token("prefix", "alice", "ci", Kind::Write);
    let hub = FakeHub::start(move |r: &Recorded| {
        let Some(path) = r.path.strip_prefix("/prefix") else {
            return Reply::new(404);
        };
        let inner = Recorded {
            path: path.to_string(),
            ..r.clone()
        };
        let mut reply = model.answer(&inner);
        for (k, v) in reply.headers.iter_mut() {
            if k.eq_ignore_ascii_case("location") && v.starts_with('/') {
                *v = format!("/prefix{v}");
            }
        }
        reply
    });
    let dir = temp_dir("diag-prefix");
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token).args([
        "--endpoint",
        &format!("{}/prefix", hub.url),
        "--json",
        "--read",
        "acme/old-name",
    ]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let check = &r.checks("read")[0];
    assert_eq!(check["code"], "renamed", "{check}");
    assert!(
        check["message"]
            .as_str()
            .unwrap()
            .contains("renamed to `acme/new-name`"),
        "{check}"
    );
    let mut paths = hub.paths();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/prefix/api/models/acme/new-name/auth-check",
            "/prefix/api/models/acme/old-name/auth-check",
            "/prefix/api/whoami-v2",
        ]
    );
}
