//! The one fake Hub: the test suite's (`tests/it/common`, answering as
//! `shared/docs/hub-api.md` describes) as a small program, for the scripts
//! (`scripts/fake-hub` builds and starts it) and the benchmark. On 127.0.0.1,
//! until killed.
//!
//! `fake_hub [--latency-ms N] [--tls CA_OUT | --tls-cert PEM --tls-key PEM]
//! [--request-log FILE] [--repos N] [--keep-alive]` prints `READY <url>` once
//! it listens. `--repos N` adds the public models `me/r0` to `me/r{N-1}` (the
//! scale case of the benchmark); `--keep-alive` keeps each connection open
//! for the next request, as an HTTP/1.1 server does by default (that the real
//! Hub does is inferred: hub-api.md does not say). `--tls` mints a
//! CA, writes it to CA_OUT (PEM) and serves HTTPS; `--tls-cert`/`--tls-key`
//! serve HTTPS with a given certificate chain and key
//! (`scripts/make-test-ca.sh`). `--request-log` appends one line per request
//! (`GET /api/whoami-v2`), for a script to count requests. `fake_hub --tokens`
//! prints the three tokens below on one line and exits.
//!
//! The world: user `me`, member of `acme` (role `write`) and of `helpers`
//! (`contributor`), holds three tokens: [`WRITE`] (classic write "bench"),
//! [`READ`] (classic read "reader") and [`LIMITED`] (a write token whose
//! whoami always answers 429, its access checks as usual). Repos: `me/model`,
//! `me/out`, `acme/model`, `openai-community/gpt2` (also as the legacy id
//! `gpt2`, by a 307), `acme/gated` (gated, no grant), `helpers/theirs`
//! (created by someone else: `me` may read it, and its write auth-check
//! answers 404, as the Hub does for a contributor). Another letter case of a repo gets a 307 to its canonical
//! spelling (hub-api.md), whatever the token. One private bucket,
//! `me/checkpoints` (`scripts/fake_hub.py` has none). Listings
//! (`/api/models?author=NS`) as huggingface_hub's `list_models` reads them.
//! `scripts/fake_hub.py`, kept for GitHub runners without Rust, serves the same
//! world: `scripts/test-fake-hubs.sh` compares their answers.
#![allow(clippy::disallowed_methods, clippy::disallowed_macros)]

#[path = "../tests/it/common/mod.rs"]
#[allow(dead_code)]
mod common;

use std::fs::OpenOptions;
use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::json;

use common::model::{Bucket, Hub, Kind, Repo, Token};
use common::{FakeHub, Recorded, Reply, TestCa};

/// A classic write token, "bench".
const WRITE: &str = "hf_FakeHubWriteToken0123456789abcdef";
/// A classic read token, "reader".
const READ: &str = "hf_FakeHubReadToken0123456789abcdefg";
/// A write token whose whoami is always rate-limited (429).
const LIMITED: &str = "hf_FakeHubQqq429Zz0123456789abcdefgh";

/// Legacy single-name ids and the repo each redirects to.
const LEGACY: &[(&str, &str)] = &[("models/gpt2", "models/openai-community/gpt2")];

struct Options {
    latency: Duration,
    tls_out: Option<String>,
    tls_files: Option<(String, String)>,
    request_log: Option<String>,
    extra_repos: usize,
    keep_alive: bool,
}

fn options() -> Options {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        latency: Duration::ZERO,
        tls_out: None,
        tls_files: None,
        request_log: None,
        extra_repos: 0,
        keep_alive: false,
    };
    let (mut cert, mut key) = (None, None);
    while let Some(a) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| panic!("{name} needs a value"))
        };
        match a.as_str() {
            "--tokens" => {
                println!("{WRITE} {READ} {LIMITED}");
                std::process::exit(0);
            }
            "--latency-ms" => {
                let ms: u64 = value("--latency-ms").parse().expect("--latency-ms N");
                o.latency = Duration::from_millis(ms);
            }
            "--tls" => o.tls_out = Some(value("--tls")),
            "--tls-cert" => cert = Some(value("--tls-cert")),
            "--tls-key" => key = Some(value("--tls-key")),
            "--request-log" => o.request_log = Some(value("--request-log")),
            "--repos" => o.extra_repos = value("--repos").parse().expect("--repos N"),
            "--keep-alive" => o.keep_alive = true,
            other => panic!("unknown argument {other}"),
        }
    }
    match (cert, key) {
        (Some(c), Some(k)) => o.tls_files = Some((c, k)),
        (None, None) => {}
        _ => panic!("--tls-cert and --tls-key go together"),
    }
    o
}

fn world(extra_repos: usize) -> Hub {
    let mut hub = Hub::default();
    hub.users
        .push(("me", vec![("acme", "write"), ("helpers", "contributor")]));
    for id in ["me/model", "me/out", "acme/model", "openai-community/gpt2"] {
        hub.repos.push(Repo::public("models", id));
    }
    hub.repos.push(Repo {
        gated: true,
        ..Repo::public("models", "acme/gated")
    });
    hub.repos.push(Repo {
        creator: Some("carol"),
        ..Repo::public("models", "helpers/theirs")
    });
    // A private bucket of `me`'s, for the recipes' bucket line.
    hub.buckets.push(Bucket {
        id: "me/checkpoints",
        private: true,
    });
    for i in 0..extra_repos {
        // The model's ids are `&'static str`: these live as long as the program.
        let id: &'static str = Box::leak(format!("me/r{i}").into_boxed_str());
        hub.repos.push(Repo::public("models", id));
    }
    for (value, name, kind) in [
        (WRITE, "bench", Kind::Write),
        (READ, "reader", Kind::Read),
        (LIMITED, "limited", Kind::Write),
    ] {
        hub.tokens.push(Token {
            value: value.to_string(),
            user: "me".to_string(),
            name: name.to_string(),
            kind,
        });
    }
    hub
}

/// A same-origin 307 with a relative `Location`, as the Hub answers renamed,
/// legacy and other-case ids.
fn redirect(repo: &str, rest: &[&str]) -> Reply {
    let location = format!("/api/{repo}/{}", rest.join("/"));
    Reply::json(
        307,
        &json!({"error": format!("Temporary Redirect. Redirecting to {location}")}),
    )
    .header("location", &location)
}

/// What the world answers beyond the model: the rate-limited token's whoami,
/// legacy ids and other letter cases.
fn special(hub: &Hub, r: &Recorded) -> Option<Reply> {
    if r.path == "/api/whoami-v2" && r.bearer() == Some(LIMITED) {
        return Some(Reply::json(429, &json!({})).header("RateLimit", "\"api\";r=0;t=55"));
    }
    let parts: Vec<&str> = r.path.trim_start_matches('/').split('/').collect();
    if parts.len() >= 4 && parts[0] == "api" && parts[3] == "auth-check" {
        let id = format!("{}/{}", parts[1], parts[2]);
        let (_, to) = LEGACY.iter().find(|(from, _)| *from == id)?;
        return Some(redirect(to, &parts[3..]));
    }
    if parts.len() >= 5 && parts[0] == "api" && parts[4] == "auth-check" {
        let id = format!("{}/{}", parts[2], parts[3]);
        let exact = hub.repos.iter().any(|p| p.ty == parts[1] && p.id == id);
        let other_case = hub
            .repos
            .iter()
            .find(|p| p.ty == parts[1] && p.id.eq_ignore_ascii_case(&id));
        if let (false, Some(p)) = (exact, other_case) {
            return Some(redirect(&format!("{}/{}", p.ty, p.id), &parts[4..]));
        }
    }
    None
}

fn main() {
    let o = options();
    let hub = world(o.extra_repos);
    let log = o.request_log.map(|path| {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("cannot open the request log {path}: {e}"));
        Mutex::new(file)
    });
    let latency = o.latency;
    let handler = move |r: &Recorded| {
        if let Some(log) = &log {
            let mut f = log.lock().unwrap();
            writeln!(f, "{} {}", r.method, r.path).expect("write the request log");
        }
        special(&hub, r)
            .unwrap_or_else(|| hub.answer(r))
            .delay(latency)
    };
    let fake = match (o.tls_out, o.tls_files) {
        (Some(path), _) => {
            let ca = TestCa::new();
            std::fs::write(&path, &ca.ca_pem).expect("write the CA");
            FakeHub::start_tls(handler, &ca)
        }
        (None, Some((cert, key))) => FakeHub::start_tls(handler, &given_cert(&cert, &key)),
        (None, None) => FakeHub::start(handler),
    };
    fake.set_keep_alive(o.keep_alive);
    println!("READY {}", fake.url);
    std::io::stdout().flush().ok();
    loop {
        std::thread::park();
    }
}

/// A server certificate chain and key from PEM files.
fn given_cert(cert: &str, key: &str) -> TestCa {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let server_chain = CertificateDer::pem_file_iter(cert)
        .unwrap_or_else(|e| panic!("cannot read {cert}: {e}"))
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("cannot read {cert}: {e}"));
    let server_key =
        PrivateKeyDer::from_pem_file(key).unwrap_or_else(|e| panic!("cannot read {key}: {e}"));
    TestCa {
        ca_pem: String::new(),
        server_chain,
        server_key,
    }
}
