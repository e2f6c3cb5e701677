//! The test suite's fake Hub as a small program, for scripts/bench.sh: it
//! answers as `shared/docs/hub-api.md` describes, on 127.0.0.1, until killed.
//!
//! `fake_hub [--latency-ms N] [--tls CA_OUT]` prints `READY <url>` once it
//! listens. With `--tls` it mints a CA, writes it to CA_OUT (PEM) and serves
//! HTTPS. User `me` (role `write` in `acme`) holds the write token "bench"
//! `hf_FakeHubWriteToken0123456789abcdef` (the same as scripts/fake_hub.py);
//! repos `me/model`, `me/out` and the test suite's standard ones exist.
#![allow(clippy::disallowed_methods, clippy::disallowed_macros)]

#[path = "../tests/it/common/mod.rs"]
#[allow(dead_code)]
mod common;

use std::io::Write;
use std::time::Duration;

use common::model::{Hub, Kind, Repo, Token};
use common::{FakeHub, TestCa};

const TOKEN: &str = "hf_FakeHubWriteToken0123456789abcdef";

fn main() {
    let mut args = std::env::args().skip(1);
    let mut latency = Duration::ZERO;
    let mut tls_out = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--latency-ms" => {
                let ms: u64 = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--latency-ms N");
                latency = Duration::from_millis(ms);
            }
            "--tls" => tls_out = Some(args.next().expect("--tls CA_OUT")),
            other => panic!("unknown argument {other}"),
        }
    }
    let mut hub = Hub::standard();
    hub.users.push(("me", vec![("acme", "write")]));
    hub.repos.push(Repo::public("models", "me/model"));
    hub.repos.push(Repo::public("models", "me/out"));
    hub.tokens.push(Token {
        value: TOKEN.to_string(),
        user: "me".to_string(),
        name: "bench".to_string(),
        kind: Kind::Write,
    });
    let handler = move |r: &common::Recorded| hub.answer(r).delay(latency);
    let fake = match tls_out {
        Some(path) => {
            let ca = TestCa::new();
            std::fs::write(&path, &ca.ca_pem).expect("write the CA");
            FakeHub::start_tls(handler, &ca)
        }
        None => FakeHub::start(handler),
    };
    println!("READY {}", fake.url);
    std::io::stdout().flush().ok();
    loop {
        std::thread::park();
    }
}
