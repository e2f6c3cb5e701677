//! The test suite's fake Hub as a small program, for scripts/bench.sh: it
//! answers as `shared/docs/hub-api.md` describes, on 127.0.0.1, until killed.
//!
//! `fake_hub [--latency-ms N] [--tls CA_OUT] [--repos N] [--keep-alive]` prints
//! `READY <url>` once it listens. `--repos N` adds the public models `me/r0` to
//! `me/r{N-1}` (the scale case of the benchmark); `--keep-alive` keeps each
//! connection open for the next request, as an HTTP/1.1 server does by
//! default (that the real Hub does is inferred: hub-api.md does not say).
//! With `--tls` it mints a CA, writes it to CA_OUT (PEM) and serves HTTPS. User `me` (role `write` in `acme`) holds the write token "bench"
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
    let mut extra = 0usize;
    let mut keep_alive = false;
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
            "--keep-alive" => keep_alive = true,
            "--repos" => {
                extra = args.next().and_then(|v| v.parse().ok()).expect("--repos N");
            }
            other => panic!("unknown argument {other}"),
        }
    }
    let mut hub = Hub::standard();
    hub.users.push(("me", vec![("acme", "write")]));
    hub.repos.push(Repo::public("models", "me/model"));
    hub.repos.push(Repo::public("models", "me/out"));
    for i in 0..extra {
        // The model's ids are `&'static str`: these live as long as the program.
        let id: &'static str = Box::leak(format!("me/r{i}").into_boxed_str());
        hub.repos.push(Repo::public("models", id));
    }
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
    fake.set_keep_alive(keep_alive);
    println!("READY {}", fake.url);
    std::io::stdout().flush().ok();
    loop {
        std::thread::park();
    }
}
