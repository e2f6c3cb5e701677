//! Storage buckets as `--read` and `--write` targets (issue 25, item 4), end to
//! end against the fake Hub: every spelling, each answer (200, 401, 403, 404),
//! and the storage token the write check makes the Hub mint, which must reach
//! no output, no JSON file, no step summary.

use crate::common::model::{Hub, Kind, MINTED_STORAGE_TOKEN};
use crate::common::{FakeHub, Run, assert_no_leak, command, run, temp_dir};

/// The binary against the standard Hub with a token of this kind, `--json`.
fn check(kind: Kind, args: &[&str]) -> (Run, FakeHub, String) {
    let (hub, token) = Hub::standard().with_token("buckets", "alice", "ci", kind);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let home = temp_dir("buckets");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url, "--json"])
        .args(args);
    let r = run(c, &[&token, MINTED_STORAGE_TOKEN], None);
    (r, fake, token)
}

fn one(r: &Run, kind: &str) -> serde_json::Value {
    let c = r.checks(kind);
    assert_eq!(c.len(), 1, "{kind}: {}", r.stdout);
    c[0].clone()
}

fn text(c: &serde_json::Value) -> String {
    format!(
        "{} // {}",
        c["message"].as_str().unwrap_or(""),
        c["hint"].as_str().unwrap_or("")
    )
}

/// `buckets/ns/name`, `hf://buckets/ns/name[/path]` and the bucket's URL are
/// one target; a write is proved by `xet-write-token`, a read by the bucket's
/// info; nothing else is asked (no auth-check, no other types).
#[test]
fn every_spelling_of_a_bucket_is_checked_by_its_own_requests() {
    let spellings = [
        "buckets/alice/checkpoints",
        "hf://buckets/alice/checkpoints",
        "hf://buckets/alice/checkpoints/step-100/model.safetensors",
    ];
    for given in spellings {
        let (r, fake, _) = check(Kind::Write, &["--write", given]);
        assert_eq!(r.code, 0, "{given}: {}", r.stderr);
        let w = one(&r, "write");
        assert_eq!(w["repo"], "buckets/alice/checkpoints", "{w}");
        assert_eq!(w["status"], "pass", "{w}");
        assert!(
            text(&w).contains("can write bucket `alice/checkpoints` for user `alice`"),
            "{w}"
        );
        let mut paths = fake.paths();
        paths.sort();
        assert_eq!(
            paths,
            [
                "/api/buckets/alice/checkpoints/xet-write-token",
                "/api/whoami-v2"
            ],
            "{given}"
        );
    }
    // The URL form needs the endpoint's own host: built from the fake Hub's.
    let (hub, token) = Hub::standard().with_token("buckets", "alice", "ci", Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let url = format!("{}/buckets/alice/checkpoints", fake.url);
    let home = temp_dir("buckets-url");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url, "--json", "--read", &url]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = one(&r, "read");
    assert_eq!(c["repo"], "buckets/alice/checkpoints");
    assert!(text(&c).contains("inferred"), "{c}");
    assert!(
        fake.paths()
            .contains(&"/api/buckets/alice/checkpoints".to_string())
    );
}

/// Read: 200 passes (reading the files is said to be inferred), 404 is
/// not-found (77) with the bucket's own hint, and no least-privilege advice is
/// made up for a bucket.
#[test]
fn bucket_reads() {
    let (r, _f, _) = check(Kind::Write, &["--read", "buckets/acme/shared"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(text(&one(&r, "read")).contains("inferred"));
    assert!(r.checks("token-scope").is_empty(), "{}", r.stdout);
    let (r, _f, _) = check(Kind::Read, &["--read", "buckets/bob/private-ish"]);
    assert_eq!(r.code, 77, "{}", r.stderr);
    let c = one(&r, "read");
    assert_eq!(c["code"], "not-found", "{c}");
    assert!(
        text(&c).contains("bucket `bob/private-ish` does not exist, or it is private"),
        "{c}"
    );
    assert!(text(&c).contains("`buckets/namespace/name`"), "{c}");
}

/// Write: 403 for a read token (it can only read), for a fine-grained token
/// scoped to repos only (repo scopes do not cover buckets), and for an org
/// role that cannot write; 404 says how to create the bucket; each 77.
#[test]
fn bucket_write_refusals_are_explained() {
    let rows: Vec<(Kind, &str, &str, &str)> = vec![
        (
            Kind::Read,
            "buckets/alice/checkpoints",
            "write-denied",
            "can only read",
        ),
        (
            Kind::Fine(
                Some(true),
                vec![("model", "alice/model", vec!["repo.write"])],
            ),
            "buckets/alice/checkpoints",
            "write-denied",
            "permissions scoped to repos do not cover buckets",
        ),
        (
            Kind::Write,
            "buckets/readers/logs",
            "write-denied",
            "has the role `read` in org `readers`",
        ),
        (
            Kind::Write,
            "buckets/alice/missing",
            "not-found",
            "`hf buckets create alice/missing`",
        ),
    ];
    for (kind, bucket, code, word) in rows {
        let (r, _f, _) = check(kind, &["--write", bucket]);
        assert_eq!(r.code, 77, "{bucket}: {}", r.stderr);
        let c = one(&r, "write");
        assert_eq!(c["code"], code, "{c}");
        assert!(text(&c).contains(word), "{word}: {c}");
        assert!(c["request_id"].is_string(), "{c}");
    }
    // A fine-grained token with write on the bucket itself passes.
    let (r, _f, _) = check(
        Kind::Fine(
            Some(true),
            vec![("bucket", "alice/checkpoints", vec!["repo.write"])],
        ),
        &["--write", "buckets/alice/checkpoints"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// A token the Hub rejects gets 401 on the bucket too, read or write:
/// token-rejected (78).
#[test]
fn bucket_401_is_the_tokens_rejection() {
    let hub = Hub::standard();
    let fake = FakeHub::start(move |r| hub.answer(r));
    let token = crate::common::model::token_value("unknown-to-the-hub");
    for (flag, kind) in [("--write", "write"), ("--read", "read")] {
        let home = temp_dir("buckets-401");
        let mut c = command(&home);
        c.env("HF_TOKEN", &token).args([
            "--endpoint",
            &fake.url,
            "--json",
            flag,
            "buckets/alice/checkpoints",
        ]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 78, "{}", r.stderr);
        assert_eq!(one(&r, kind)["code"], "token-rejected");
    }
}

/// The storage token the Hub mints for the write check appears nowhere: not
/// in stdout, stderr, the JSON file or the step summary, whatever the output
/// mode; nor does its storage URL.
#[test]
fn the_minted_storage_token_reaches_no_output() {
    let (hub, token) = Hub::standard().with_token("minted", "alice", "ci", Kind::Write);
    let fake = FakeHub::start(move |r| hub.answer(r));
    for mode in [&["--json"][..], &["--quiet"], &[]] {
        let dir = temp_dir("minted");
        let summary = dir.join("summary.md");
        let json_file = dir.join("report.json");
        let mut c = command(&dir);
        c.env("HF_TOKEN", &token)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args(["--endpoint", &fake.url])
            .args(mode)
            .arg("--json-file")
            .arg(&json_file)
            .args(["--write", "buckets/alice/checkpoints"]);
        let r = run(c, &[&token, MINTED_STORAGE_TOKEN], Some(&summary));
        assert_eq!(r.code, 0, "{mode:?}: {}", r.stderr);
        let written = std::fs::read_to_string(&json_file).unwrap();
        assert!(written.contains("buckets/alice/checkpoints"), "{written}");
        let in_file = Run {
            stdout: written,
            ..r
        };
        assert_no_leak(MINTED_STORAGE_TOKEN, &in_file);
        for text in [&in_file.stdout, &in_file.stderr] {
            assert!(!text.contains("cas-server"), "{text}");
        }
    }
}

/// An answer to `xet-write-token` over the body cap is drained only up to the
/// cap and told as too large (76), like any other answer; its bytes are
/// never quoted.
#[test]
fn an_oversized_minting_answer_is_too_large() {
    let (hub, token) = Hub::standard().with_token("huge", "alice", "ci", Kind::Write);
    let fake = FakeHub::start(move |r| {
        if r.path.ends_with("/xet-write-token") {
            let filler = format!("{{\"accessToken\":\"{}\"}}", "Z".repeat(2 * 1024 * 1024));
            return crate::common::Reply::new(200).body(filler);
        }
        hub.answer(r)
    });
    let home = temp_dir("buckets-huge");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token).args([
        "--endpoint",
        &fake.url,
        "--json",
        "--write",
        "buckets/alice/checkpoints",
    ]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 76, "{}", r.stderr);
    let w = one(&r, "write");
    assert_eq!(w["code"], "unexpected-response", "{w}");
    assert!(text(&w).contains("larger than 1 MiB"), "{w}");
    assert!(!r.stdout.contains("ZZZZZZ") && !r.stderr.contains("ZZZZZZ"));
}

/// Buckets come from `HF_TOKEN_CHECK_READ` and `HF_TOKEN_CHECK_WRITE` too, in
/// any spelling, and a bucket named twice is checked once (as write).
#[test]
fn buckets_from_the_environment() {
    let (hub, token) = Hub::standard().with_token("env", "alice", "ci", Kind::Write);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let home = temp_dir("buckets-env");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .env(
            "HF_TOKEN_CHECK_READ",
            "hf://buckets/alice/checkpoints, buckets/acme/shared",
        )
        .env("HF_TOKEN_CHECK_WRITE", "buckets/alice/checkpoints")
        .args(["--endpoint", &fake.url, "--json"]);
    let r = run(c, &[&token, MINTED_STORAGE_TOKEN], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(one(&r, "write")["repo"], "buckets/alice/checkpoints");
    assert_eq!(one(&r, "read")["repo"], "buckets/acme/shared");
    let mut paths = fake.paths();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/api/buckets/acme/shared",
            "/api/buckets/alice/checkpoints/xet-write-token",
            "/api/whoami-v2"
        ]
    );
}
