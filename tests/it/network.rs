//! Network behaviour against faults injected by the fake Hub, all on 127.0.0.1:
//! deadlines, retries, redirects, proxies, TLS and body limits.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::common::model::{Hub, Kind, Repo, token_value};
use crate::common::{ConnectProxy, FakeHub, Fault, Reply, Run, TestCa, command, run, temp_dir};
use serde_json::json;

fn whoami_ok() -> Reply {
    let (hub, token) = Hub::standard().with_token("net", "alice", "ci", Kind::Write);
    Reply::json(
        200,
        &hub.whoami_body(hub.tokens.iter().find(|t| t.value == token).unwrap()),
    )
}

/// Runs the binary with a token against `url` and extra env and args.
fn check(url: &str, env: &[(&str, &str)], args: &[&str]) -> (Run, String) {
    let token = token_value("net");
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", url, "--json"])
        .args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    (run(c, &[&token], None), token)
}

/// A Hub that accepts the connection and never answers: bounded by `--timeout`, exit 75.
#[test]
fn stalled_server_is_bounded_by_the_deadline() {
    let fake = FakeHub::start(|_| Reply::new(200).fault(Fault::Stall));
    let (r, _) = check(&fake.url, &[], &["--timeout", "1"]);
    assert_eq!(r.code, 75, "{}", r.stderr);
    assert!(r.elapsed < Duration::from_secs(4), "took {:?}", r.elapsed);
    let m = r.checks("whoami")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        m.contains(&format!("no answer from `{}` within 1 s", fake.addr)),
        "{m}"
    );
}

/// Headers arrive, then the body stalls: still bounded, exit 75.
#[test]
fn stalled_body_is_bounded() {
    let fake = FakeHub::start(|_| Reply::json(200, &json!({"name": "a"})).fault(Fault::StallBody));
    let (r, _) = check(&fake.url, &[], &["--timeout", "1", "--read", "acme/model"]);
    assert_eq!(r.code, 75, "{}", r.stderr);
    assert!(r.elapsed < Duration::from_secs(4), "took {:?}", r.elapsed);
    assert_eq!(r.code_of("whoami").as_deref(), Some("hub-unavailable"));
    assert_eq!(r.code_of("read").as_deref(), Some("hub-unavailable"));
}

/// Connection reset, connection refused and a body cut short: 75, retried, said as such.
#[test]
fn broken_connections() {
    let fake = FakeHub::resetting();
    let (r, _) = check(&fake.url, &[], &["--timeout", "2"]);
    assert_eq!(r.code, 75, "{}", r.stderr);
    let c = &r.checks("whoami")[0];
    let attempts = c["attempts"].as_u64().unwrap();
    assert!(attempts >= 2, "retried: {c}");
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains(&format!(" after {attempts} attempts: ")),
        "{c}"
    );
    assert!(fake.connections() >= 2);

    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let (r, _) = check(&format!("http://{closed}"), &[], &["--timeout", "2"]);
    assert_eq!(r.code, 75, "{}", r.stderr);
    assert!(r.stderr.contains("connection refused"), "{}", r.stderr);

    let fake = FakeHub::start(|_| {
        Reply::new(200)
            .body("{\"name\": \"al")
            .fault(Fault::Truncate)
    });
    let (r, _) = check(&fake.url, &[], &["--timeout", "2"]);
    assert_eq!(r.code, 75, "{}", r.stderr);
    assert!(
        r.stderr.contains("closed before the answer was complete"),
        "{}",
        r.stderr
    );
}

/// Truncated JSON (complete HTTP, broken body) and a proxy's HTML page: 76.
#[test]
fn bodies_that_are_not_the_documented_json() {
    let fake = FakeHub::start(|_| Reply::new(200).body("{\"name\": \"al"));
    let (r, _) = check(&fake.url, &[], &[]);
    assert_eq!(r.code, 76, "{}", r.stderr);
    let fake = FakeHub::start(|_| {
        Reply::new(200)
            .header("content-type", "text/html")
            .body("<html><body>Proxy login required</body></html>")
    });
    let (r, _) = check(&fake.url, &[], &[]);
    assert_eq!(r.code, 76);
    assert!(
        r.checks("whoami")[0]["message"]
            .as_str()
            .unwrap()
            .contains("not JSON")
    );
}

/// A body that is not UTF-8 is an unexpected answer (76), not retried as a network fault.
#[test]
fn non_utf8_body() {
    let fake = FakeHub::start(|_| Reply::new(200).body(vec![0xff, 0xfe, b'{']));
    let (r, _) = check(&fake.url, &[], &[]);
    assert_eq!(r.code, 76, "{}", r.stderr);
    assert_eq!(fake.requests().len(), 1);
    assert!(r.stderr.contains("not UTF-8"), "{}", r.stderr);
}

/// A body over 1 MiB is not read to the end: unexpected-response, 76.
#[test]
fn huge_body_is_capped() {
    let fake = FakeHub::start(|_| Reply::new(200).body(vec![b' '; 2 * 1024 * 1024]));
    let (r, _) = check(&fake.url, &[], &[]);
    assert_eq!(r.code, 76, "{}", r.stderr);
    assert!(r.stderr.contains("larger than 1 MiB"));
}

/// 503, 503, then 200: passes after retries, and the report counts the attempts.
#[test]
fn retries_transient_errors() {
    let n = Arc::new(AtomicUsize::new(0));
    let m = n.clone();
    let fake = FakeHub::start(move |r| {
        if r.path != "/api/whoami-v2" {
            return Reply::json(200, &json!({}));
        }
        match m.fetch_add(1, Ordering::SeqCst) {
            0 | 1 => Reply::error(503, None, "Service Unavailable"),
            _ => whoami_ok(),
        }
    });
    let (r, _) = check(&fake.url, &[], &["--read", "acme/model"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.checks("whoami")[0]["attempts"], 3);
    assert_eq!(r.checks("read")[0]["attempts"], 1);
    assert_eq!(
        fake.paths()
            .iter()
            .filter(|p| *p == "/api/whoami-v2")
            .count(),
        3
    );
}

/// 429 with `Retry-After: 1` waits and passes; a reset beyond the deadline stops at once.
#[test]
fn rate_limits() {
    let n = Arc::new(AtomicUsize::new(0));
    let m = n.clone();
    let fake = FakeHub::start(move |_| match m.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::error(429, None, "Too Many Requests").header("retry-after", "1"),
        _ => whoami_ok(),
    });
    let (r, _) = check(&fake.url, &[], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.elapsed >= Duration::from_millis(900),
        "waited {:?}",
        r.elapsed
    );
    assert_eq!(r.checks("whoami")[0]["attempts"], 2);

    let fake = FakeHub::start(|_| {
        Reply::error(429, None, "Too Many Requests")
            .header("ratelimit", "\"api\";r=0;t=55")
            .header("ratelimit-policy", "\"fixed window\";\"api\";q=500;w=300")
    });
    let (r, _) = check(&fake.url, &[], &["--timeout", "5"]);
    assert_eq!(r.code, 75);
    assert!(
        r.elapsed < Duration::from_secs(3),
        "stopped at once, took {:?}",
        r.elapsed
    );
    assert_eq!(fake.requests().len(), 1);
    let c = &r.checks("whoami")[0];
    assert_eq!(c["code"], "rate-limited");
    assert!(c["hint"].as_str().unwrap().contains("wait 55 s"), "{c}");
}

/// 401, 403 and 404 are never retried.
#[test]
fn client_errors_are_not_retried() {
    for (status, exit, code) in [
        (401, 78, "token-rejected"),
        (403, 76, "unexpected-response"),
        (404, 76, "unexpected-response"),
    ] {
        let fake = FakeHub::start(move |_| Reply::error(status, None, "no"));
        let (r, _) = check(&fake.url, &[], &[]);
        assert_eq!(r.code, exit, "{status}: {}", r.stderr);
        assert_eq!(r.code_of("whoami").as_deref(), Some(code), "{status}");
        let whoami = &r.checks("whoami")[0];
        assert_eq!(whoami["attempts"], 1, "{status}: {whoami}");
        assert!(!r.stderr.contains("attempts"), "{status}: {}", r.stderr);
        assert_eq!(fake.requests().len(), 1, "{status} retried");
    }
}

/// A redirect to another origin: the token is never sent there; unexpected answer, 76.
#[test]
fn cross_origin_redirect_keeps_the_token() {
    let other = FakeHub::start(|_| whoami_ok());
    let target = format!("{}/api/whoami-v2", other.url);
    let fake = FakeHub::start(move |_| Reply::new(307).header("location", &target));
    let (r, _) = check(&fake.url, &[], &[]);
    assert_eq!(r.code, 76, "{}", r.stderr);
    assert!(r.stderr.contains("the token was not sent there"));
    assert!(
        other
            .requests()
            .iter()
            .all(|q| q.header("authorization").is_none()),
        "token sent to another origin"
    );
}

/// A relative `Location` (`../new-name/auth-check`) is resolved against the
/// redirected request's directory (RFC 3986 §5.2.3), not the root; one that
/// climbs to another origin's form (`//elsewhere/...`) is still refused.
#[test]
fn relative_redirects_follow_rfc_3986() {
    let (hub, token) = Hub::standard().with_token("net", "alice", "ci", Kind::Write);
    let fake = FakeHub::start(move |r| {
        if r.path == "/api/models/acme/renamed/auth-check" {
            Reply::new(307).header("location", "../new-name/auth-check")
        } else {
            hub.answer(r)
        }
    });
    let (r, _) = check(&fake.url, &[], &["--read", "acme/renamed"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = &r.checks("read")[0];
    assert_eq!(c["code"], "renamed", "{c}");
    assert_eq!(
        c["message"],
        "model `acme/renamed` was renamed to `acme/new-name`; update the name (read access to \
         it: ok)"
    );
    let followed = fake
        .requests()
        .into_iter()
        .find(|q| q.path == "/api/models/acme/new-name/auth-check")
        .expect("the resolved path was asked");
    assert_eq!(followed.bearer(), Some(token.as_str()));

    let fake = FakeHub::start(|_| Reply::new(307).header("location", "//elsewhere.example/x"));
    let (r, _) = check(&fake.url, &[], &[]);
    assert_eq!(r.code, 76, "{}", r.stderr);
    assert_eq!(r.code_of("whoami").as_deref(), Some("unexpected-response"));
    assert!(
        r.checks("whoami")[0]["message"].as_str().unwrap().contains(
            "to another origin (`http://elsewhere.example`); the token was not sent there"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(fake.requests().len(), 1);
}

/// A same-origin redirect is followed with the token, at most 3 times.
#[test]
fn same_origin_redirects() {
    let (hub, token) = Hub::standard().with_token("net", "alice", "ci", Kind::Write);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let (r, _) = check(&fake.url, &[], &["--write", "acme/old-name"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("renamed to `acme/new-name`; update the name (write access to it: ok)"),
        "{}",
        r.stderr
    );
    let followed = fake
        .requests()
        .into_iter()
        .find(|q| q.path == "/api/models/acme/new-name/auth-check/write")
        .unwrap();
    assert_eq!(followed.bearer(), Some(token.as_str()));

    let fake = FakeHub::start(|r| Reply::new(302).header("location", &format!("{}x", r.path)));
    let (r, _) = check(&fake.url, &[], &[]);
    assert_eq!(r.code, 76);
    assert!(r.stderr.contains("more than 3 times"));
    assert_eq!(fake.requests().len(), 4);
}

/// HTTPS with a test CA: trusted through `SSL_CERT_FILE`; without it, a certificate
/// diagnostic (75, not retried) that points at `SSL_CERT_FILE`.
#[test]
fn tls_with_a_test_ca() {
    let ca = TestCa::new();
    let fake = FakeHub::start_tls(|_| whoami_ok(), &ca);
    let dir = temp_dir("ca");
    let bundle = ca.write_bundle(&dir);
    let (r, _) = check(
        &fake.url,
        &[("SSL_CERT_FILE", bundle.to_str().unwrap())],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (r, _) = check(&fake.url, &[("SSL_CERT_DIR", dir.to_str().unwrap())], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let before = fake.connections();
    let (r, _) = check(&fake.url, &[], &[]);
    assert_eq!(r.code, 75, "{}", r.stderr);
    let c = &r.checks("whoami")[0];
    assert!(
        c["message"].as_str().unwrap().contains("not trusted"),
        "{c}"
    );
    assert!(c["hint"].as_str().unwrap().contains("SSL_CERT_FILE"), "{c}");
    assert_eq!(c["attempts"], 1);
    assert_eq!(fake.connections() - before, 1, "not retried");
    assert!(
        fake.requests().len() == 2,
        "no request got through without trust"
    );
}

/// Unusable CA bundles and proxies are configuration errors (64) naming the variable.
#[test]
fn configuration_errors() {
    let ca = TestCa::new();
    let fake = FakeHub::start_tls(|_| whoami_ok(), &ca);
    let dir = temp_dir("cfg");
    let empty = dir.join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let garbage = dir.join("garbage.pem");
    std::fs::write(
        &garbage,
        "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let rows = [
        ("SSL_CERT_FILE", "/nonexistent/bundle.pem"),
        ("SSL_CERT_FILE", empty.to_str().unwrap()),
        ("SSL_CERT_FILE", garbage.to_str().unwrap()),
        ("SSL_CERT_DIR", "/nonexistent-dir"),
        ("HTTPS_PROXY", "socks5://127.0.0.1:1080"),
        ("ALL_PROXY", "http://proxy:notaport"),
    ];
    for (var, value) in rows {
        let (r, _) = check(&fake.url, &[(var, value)], &[]);
        assert_eq!(r.code, 64, "{var}={value}: {}", r.stderr);
        assert!(r.stderr.contains(var), "{var}: {}", r.stderr);
    }
    // The proxy's errors say what is wrong, as precisely as the endpoint's.
    let proxies = [
        (
            "HTTPS_PROXY",
            "socks5://127.0.0.1:1080",
            "`HTTPS_PROXY` names a `socks5://` proxy, which hf-token-check does not support; use \
             an HTTP (CONNECT) proxy, or unset `HTTPS_PROXY` to connect directly",
        ),
        (
            "ALL_PROXY",
            "http://proxy:notaport",
            "`ALL_PROXY` is not a usable proxy URL: the port is not a number from 1 to 65535 \
             (expected `http://host:port`)",
        ),
        (
            "HTTPS_PROXY",
            "http://user:pw@:3128",
            "`HTTPS_PROXY` is not a usable proxy URL: it has no host (expected `http://host:port`)",
        ),
        (
            "HTTPS_PROXY",
            "http://proxy:0",
            "`HTTPS_PROXY` is not a usable proxy URL: the port is 0 (expected `http://host:port`)",
        ),
    ];
    for (var, value, want) in proxies {
        let (r, _) = check(&fake.url, &[(var, value)], &[]);
        assert_eq!(r.code, 64, "{var}={value}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            format!("error: {want}\n\nhint: fix or unset the proxy variable\n"),
            "{var}={value}"
        );
    }
    assert_eq!(fake.connections(), 0);
    // `SSL_CERT_FILE` wins over `SSL_CERT_DIR`, as in huggingface_hub
    let bundle = ca.write_bundle(&dir);
    let (r, _) = check(
        &fake.url,
        &[
            ("SSL_CERT_FILE", bundle.to_str().unwrap()),
            ("SSL_CERT_DIR", "/nonexistent-dir"),
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// A CONNECT proxy on loopback is used through `HTTPS_PROXY`, and skipped through `NO_PROXY`.
#[test]
fn connect_proxy_and_no_proxy() {
    let ca = TestCa::new();
    let fake = FakeHub::start_tls(|_| whoami_ok(), &ca);
    let dir = temp_dir("proxy");
    let bundle = ca.write_bundle(&dir);
    let proxy = ConnectProxy::start();
    let proxy_url = format!("http://{}", proxy.addr);
    let env = [
        ("SSL_CERT_FILE", bundle.to_str().unwrap()),
        ("HTTPS_PROXY", proxy_url.as_str()),
    ];
    let (r, _) = check(&fake.url, &env, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(proxy.targets(), vec![fake.addr.to_string()]);

    let env = [
        ("SSL_CERT_FILE", bundle.to_str().unwrap()),
        ("HTTPS_PROXY", proxy_url.as_str()),
        ("NO_PROXY", "example.com, 127.0.0.1"),
    ];
    let (r, _) = check(&fake.url, &env, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(proxy.targets().len(), 1, "NO_PROXY skipped the proxy");

    // a proxy that is down is named in the diagnostic
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let dead_url = format!("http://user:pw@{dead}");
    let env = [
        ("SSL_CERT_FILE", bundle.to_str().unwrap()),
        ("HTTPS_PROXY", dead_url.as_str()),
    ];
    let (r, _) = check(&fake.url, &env, &["--timeout", "1"]);
    assert_eq!(r.code, 75, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("through proxy `http://{dead}`")),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("pw@"), "proxy credentials shown");
}

/// whoami and the auth-checks go out concurrently: with 300 ms per answer, the
/// fake Hub holds all three requests of a run with one `--read` and one
/// `--write` at once (counted, not timed: `scripts/bench.sh` measures speed).
#[test]
fn requests_are_concurrent() {
    let (hub, _token) = Hub::standard().with_token("net", "alice", "ci", Kind::Write);
    let fake = FakeHub::start(move |r| hub.answer(r).delay(Duration::from_millis(300)));
    let (r, _) = check(
        &fake.url,
        &[],
        // A repo that exists: a new one would add the rounds that look for it
        // as other types and for close names.
        &["--read", "acme/model", "--write", "datasets/acme/data"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fake.peak_in_flight(), 3, "whoami and both checks at once");
    assert_eq!(
        fake.paths()
            .iter()
            .filter(|p| *p == "/api/whoami-v2")
            .count(),
        1,
        "whoami once per run"
    );
}

/// Any number of repos is checked with at most 8 requests in flight (the cap
/// in src/gather.rs), within `--timeout`: 1,000 `--read` flags naming 500
/// repos twice each give one whoami, one request per repo, and exit 0.
#[test]
fn a_thousand_reads_stay_within_the_cap_and_the_deadline() {
    let mut hub = Hub::standard();
    let names: Vec<&'static str> = (0..500)
        .map(|i| &*Box::leak(format!("acme/m{i}").into_boxed_str()))
        .collect();
    hub.repos
        .extend(names.iter().map(|n| Repo::public("models", n)));
    let (hub, _) = hub.with_token("net", "alice", "ci", Kind::Write);
    // Each answer takes a while, so connections overlap if more are opened.
    let fake = FakeHub::start(move |r| hub.answer(r).delay(Duration::from_millis(10)));
    let mut args = vec!["--timeout".to_string(), "25".to_string()];
    for n in names.iter().chain(names.iter()) {
        args.extend(["--read".to_string(), n.to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (r, _) = check(&fake.url, &[], &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.elapsed < Duration::from_secs(25), "took {:?}", r.elapsed);
    let peak = fake.peak_in_flight();
    assert!(
        (2..=8).contains(&peak),
        "{peak} connections at once at the server"
    );
    let reads = r.checks("read");
    assert_eq!(reads.len(), 500, "one check per repo");
    assert!(reads.iter().all(|c| c["status"] == "pass"));
    let paths = fake.paths();
    assert_eq!(paths.len(), 501, "whoami and one auth-check per repo");
    let mut unique = paths.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 501, "a repo named twice was asked twice");
}

/// A Hub that keeps connections open (HTTP/1.1 keep-alive, the default):
/// each worker reuses its connection, over HTTP and over TLS, so 200 repos
/// take at most 8 connections (and handshakes), not 201; every answer is
/// still right. A Hub that closes each connection gets a new one per request.
#[test]
fn kept_alive_connections_are_reused() {
    let mut hub = Hub::standard();
    let names: Vec<&'static str> = (0..200)
        .map(|i| &*Box::leak(format!("acme/k{i}").into_boxed_str()))
        .collect();
    hub.repos
        .extend(names.iter().map(|n| Repo::public("models", n)));
    let (hub, _) = hub.with_token("net", "alice", "ci", Kind::Write);
    let hub = Arc::new(hub);
    let mut args = vec![];
    for n in &names {
        args.extend(["--read", n]);
    }
    let ca = TestCa::new();
    let dir = temp_dir("ca");
    let bundle = ca.write_bundle(&dir);
    let bundle = bundle.to_str().unwrap();
    for tls in [false, true] {
        for keep_alive in [true, false] {
            let h = hub.clone();
            let answer = move |r: &crate::common::Recorded| h.answer(r);
            let fake = if tls {
                FakeHub::start_tls(answer, &ca)
            } else {
                FakeHub::start(answer)
            };
            fake.set_keep_alive(keep_alive);
            let (r, _) = check(&fake.url, &[("SSL_CERT_FILE", bundle)], &args);
            assert_eq!(r.code, 0, "{}", r.stderr);
            let reads = r.checks("read");
            assert_eq!(reads.len(), 200, "one check per repo");
            assert!(reads.iter().all(|c| c["status"] == "pass"));
            assert_eq!(
                fake.paths().len(),
                201,
                "whoami and one auth-check per repo"
            );
            let connections = fake.connections();
            if keep_alive {
                assert!(
                    (1..=8).contains(&connections),
                    "tls {tls}: {connections} connections for 201 requests"
                );
            } else {
                assert_eq!(
                    connections, 201,
                    "tls {tls}: a closed connection is not reused"
                );
            }
        }
    }
}
