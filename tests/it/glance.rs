//! The front door (issue 20): a report read at a glance (the reason under its
//! ✗, one error for one cause, alike repos grouped, wrapped to an 80-column
//! terminal), output as it happens with a slow Hub, the did-you-mean for a
//! `--write` typo, and `--explain` of an exit status.

use std::io::Read;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::common::model::{Hub, Kind};
use crate::common::{FakeHub, Reply, command, needs, run, temp_dir};

fn alice(kind: Kind) -> (Hub, String) {
    Hub::standard().with_token("glance", "alice", "ci", kind)
}

/// Text as a terminal shows it: no colour escapes, no carriage returns.
fn plain(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ params final-byte
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            }
            continue;
        }
        if c != '\r' {
            out.push(c);
        }
    }
    out
}

/// On an 80-column pty the report wraps at words with a hanging indent: no
/// line is wider than 80, and the reason of a ✗ is on the lines right under it.
#[test]
fn wraps_to_an_80_column_terminal() {
    let Some(script) = needs("script", &["/usr/bin/script", "/bin/script"]) else {
        return;
    };
    let (hub, token) = alice(Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let home = temp_dir("home");
    let mut c = std::process::Command::new(&script);
    c.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", &home)
        .env("HF_TOKEN", &token)
        .env("TERM", "xterm");
    let inner = format!(
        "stty cols 80; {} --endpoint {} --write acme/model --read meta/gated",
        crate::common::bin(),
        fake.url
    );
    c.args(["-qec", &inner, "/dev/null"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 77, "{}", r.stdout);
    let text = plain(&r.stdout);
    let lines: Vec<&str> = text.lines().collect();
    for l in &lines {
        assert!(l.chars().count() <= 80, "wider than 80: {l:?}\n{text}");
    }
    // The Hub's long message did need wrapping: it is on several lines, each
    // continuation indented deeper than the reason's first line.
    let at = lines
        .iter()
        .position(|l| *l == "✗ write acme/model: write-denied")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        lines[at + 1].starts_with("  the Hub denied write access to model `acme/model`"),
        "{text}"
    );
    assert!(lines[at + 2].starts_with("    "), "{text}");
    let hint = lines[at + 1..]
        .iter()
        .position(|l| l.starts_with("  hint: create a write token"))
        .map(|k| at + 1 + k)
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        lines[at + 1..hint].iter().all(|l| l.starts_with("  ")),
        "{text}"
    );
    // No word is cut: every word of the JSON-free message is whole on a line.
    assert!(text.contains("`Root=1-test-403`]"), "{text}");
    assert!(text.contains("✗ read meta/gated: gated"), "{text}");
}

/// In a log (not a terminal) nothing is wrapped, however long.
#[test]
fn logs_are_not_wrapped() {
    let (hub, token) = alice(Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token).env("COLUMNS", "40").args([
        "--endpoint",
        &fake.url,
        "--write",
        "acme/model",
    ]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 77);
    let reason = r
        .stderr
        .lines()
        .find(|l| l.starts_with("  the Hub denied"))
        .unwrap_or_else(|| panic!("{}", r.stderr));
    assert!(
        reason.ends_with("[request id `Root=1-test-403`]"),
        "{reason}"
    );
}

/// Twelve missing repos: twelve ✗ lines, one grouped reason with the count,
/// and the hint once (the JSON keeps each check whole).
#[test]
fn alike_failures_are_grouped() {
    let (hub, token) = alice(Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url, "--json"]);
    for i in 0..12 {
        c.args(["--read", &format!("acme/nope-{i}")]);
    }
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 77, "{}", r.stderr);
    assert_eq!(
        r.stderr.matches("\n✗ read acme/nope-").count(),
        12,
        "{}",
        r.stderr
    );
    let names: Vec<String> = (0..12).map(|i| format!("acme/nope-{i}")).collect();
    let count = format!("\n  12 repos not found: {}\n", names.join(", "));
    assert!(r.stderr.contains(&count), "{}", r.stderr);
    assert_eq!(
        r.stderr.matches("  hint: check the spelling").count(),
        1,
        "{}",
        r.stderr
    );
    // The group's lines follow the twelve ✗ lines.
    let after_last = r
        .stderr
        .split("✗ read acme/nope-11: not-found\n")
        .nth(1)
        .unwrap();
    assert!(
        after_last.starts_with("  12 repos not found"),
        "{}",
        r.stderr
    );
    let j = r.checks("read");
    assert_eq!(j.len(), 12);
    assert!(
        j.iter()
            .all(|c| c["code"] == "not-found" && c["hint"].is_string())
    );
}

/// A rejected token is one error: whoami says it, the repo lines say "not
/// checked"; the JSON keeps every check's code.
#[test]
fn a_rejected_token_is_one_error() {
    let (hub, _) = alice(Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let revoked = crate::common::model::token_value("revoked-glance");
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &revoked).args([
        "--endpoint",
        &fake.url,
        "--json",
        "--read",
        "acme/model",
        "--write",
        "alice/model",
        "--read",
        "datasets/acme/data",
    ]);
    let r = run(c, &[&revoked], None);
    assert_eq!(r.code, 78, "{}", r.stderr);
    assert_eq!(r.stderr.matches("✗").count(), 1, "{}", r.stderr);
    let whoami = format!(
        "\n✗ whoami ({}): token-rejected\n  the Hub rejected the token",
        fake.url
    );
    assert!(r.stderr.contains(&whoami), "{}", r.stderr);
    for repo in [
        "read acme/model",
        "write alice/model",
        "read datasets/acme/data",
    ] {
        let line = format!("\n- {repo}: not checked: the token was rejected\n");
        assert!(r.stderr.contains(&line), "{line}\n{}", r.stderr);
    }
    assert_eq!(r.stderr.matches("hint:").count(), 1, "{}", r.stderr);
    let j = r.json();
    let codes: Vec<&str> = j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert_eq!(codes, ["token-rejected"; 4]);
}

/// With a Hub that takes 2 s per answer, the local lines come at once (the
/// first byte on stderr before the Hub answers anything: the Hub holds every
/// request until the test has read it; ordered, not timed), a log gets one
/// line saying what is still awaited, and the report and exit status are
/// those of a fast Hub.
#[test]
fn output_as_it_happens() {
    let (hub, token) = alice(Kind::Read);
    // Closed until the first byte is read; a request still held after 10 s
    // (a tool that prints nothing before the Hub answers) is answered anyway,
    // and counted.
    let gate = Arc::new((Mutex::new(false), Condvar::new()));
    let held_too_long = Arc::new(AtomicBool::new(false));
    let slow = {
        let (hub, gate, late) = (hub.clone(), gate.clone(), held_too_long.clone());
        FakeHub::start(move |r| {
            let (open, opened) = &*gate;
            let wait = Duration::from_secs(10);
            let (_open, waited) = opened
                .wait_timeout_while(open.lock().unwrap(), wait, |o| !*o)
                .unwrap();
            if waited.timed_out() {
                late.store(true, Ordering::SeqCst);
            }
            // 3 s, not 2: the log's line comes at 2 s, and an answer at the
            // same moment raced it on a loaded machine.
            hub.answer(r).delay(Duration::from_secs(3))
        })
    };
    let fast = FakeHub::start(move |r| hub.answer(r));
    let home = temp_dir("home");
    let args = |url: &str| {
        let mut c = command(&home);
        c.env("HF_TOKEN", &token).args([
            "--endpoint",
            url,
            "--read",
            "acme/model",
            "--write",
            "acme/model",
        ]);
        c
    };
    let mut c = args(&slow.url);
    c.stderr(Stdio::piped()).stdout(Stdio::null());
    let start = Instant::now();
    let mut child = c.spawn().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut first = [0u8; 1];
    assert_eq!(stderr.read(&mut first).unwrap(), 1);
    let first_byte = start.elapsed();
    *gate.0.lock().unwrap() = true;
    gate.1.notify_all();
    let mut rest = Vec::new();
    stderr.read_to_end(&mut rest).unwrap();
    let status = child.wait().unwrap();
    let mut bytes = first.to_vec();
    bytes.extend(rest);
    let slow_text = String::from_utf8(bytes).unwrap();
    assert!(
        !held_too_long.load(Ordering::SeqCst),
        "nothing on stderr until the Hub answered (first byte after {first_byte:?})"
    );
    assert!(
        slow_text.starts_with("✓ token-present: token found in `HF_TOKEN`\n"),
        "{slow_text}"
    );
    let waiting = format!(
        "hf-token-check: still waiting for {} after 2 s: ",
        slow.addr
    );
    let line = slow_text
        .lines()
        .find(|l| l.starts_with(&waiting))
        .unwrap_or_else(|| panic!("{slow_text}"));
    assert!(
        line.contains("whoami") && line.contains("acme/model"),
        "{line}"
    );
    assert_eq!(slow_text.matches("still waiting").count(), 1, "{slow_text}");
    // The same report as from a fast Hub, less that line and the port.
    let fast_run = run(args(&fast.url), &[&token], None);
    assert_eq!(status.code(), Some(fast_run.code));
    assert_eq!(fast_run.code, 77);
    let without: String = slow_text
        .lines()
        .filter(|l| !l.starts_with(&waiting))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        without.replace(&slow.url, "HUB"),
        fast_run.stderr.replace(&fast.url, "HUB")
    );
    // The slow run went around `common::run`: check it for the token here.
    let slow_run = crate::common::Run {
        code: status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: slow_text.clone(),
        summary: None,
        elapsed: first_byte,
    };
    crate::common::assert_no_leak(&token, &slow_run);
}

/// The JSON report names its format and the tool's version, for a consumer to
/// pin (every report the tests produce is also validated against
/// docs/report.schema.json by scripts/test-json-schema.sh).
#[test]
fn json_has_schema_and_version() {
    let (hub, token) = alice(Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url, "--json", "--read", "acme/model"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["schema"], 1);
    assert_eq!(j["version"], env!("CARGO_PKG_VERSION"));
    // A usage error's report too.
    let mut c = command(&home);
    c.args(["--json", "--reed", "acme/model"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 64);
    assert_eq!(
        (r.json()["schema"].clone(), r.json()["version"].clone()),
        (
            serde_json::json!(1),
            serde_json::json!(env!("CARGO_PKG_VERSION"))
        )
    );
    // The schema file is the one the docs link, and it names the same format number.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/report.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(schema["properties"]["schema"]["const"], 1);
}

/// `--explain 77`, the number a CI log shows: what it means and its codes,
/// one line each; a status never used is a usage error.
#[test]
fn explain_an_exit_status() {
    let home = temp_dir("home");
    let mut c = command(&home);
    c.args(["--explain", "77"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = "\
exit status 77: the token works but access is insufficient: denied, gated, not found, disabled

The codes that give it (`hf-token-check --explain CODE` for the causes and the fix):
  gated             the repo is gated and this user has no access grant
  disabled          the Hub disabled the repo
  not-found         the repo does not exist, or it is private and not visible to this user
  read-denied       the Hub refused read access to the repo
  write-denied      the token may not write (or create) the repo
  scope-missing     an OAuth token lacks the scope a requirement needs
  jobs-denied       the token may not run Hugging Face Jobs in a `--jobs` namespace
  inference-denied  the token may not call Inference Providers, or bill the `--bill-to` org
  pr-denied         the token may not open pull requests on a `--pr` repo
";
    assert_eq!(r.stdout, want);
    let mut c = command(&home);
    c.args(["--explain", "3"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 64);
    assert!(
        r.stderr
            .starts_with("error: hf-token-check never exits with status 3\n"),
        "{}",
        r.stderr
    );
}

/// `--write alice/modle` when `alice/model` exists: the repo would be created,
/// so the one listing of alice's models shows a close name, and the pass
/// becomes a `did-you-mean` warning that still says it will be created.
#[test]
fn a_write_typo_gets_did_you_mean() {
    let (hub, token) = alice(Kind::Write);
    let fake = {
        let hub = hub.clone();
        FakeHub::start(move |r| hub.answer(r))
    };
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url, "--json", "--write", "alice/modle"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w = &r.checks("write")[0];
    assert_eq!(
        (w["status"].as_str(), w["code"].as_str()),
        (Some("warn"), Some("did-you-mean")),
        "{w}"
    );
    let m = w["message"].as_str().unwrap();
    assert!(
        m.contains("does not exist yet: will be created on first push"),
        "{m}"
    );
    assert!(
        m.ends_with("; did you mean `alice/model`? it exists"),
        "{m}"
    );
    assert!(
        r.stderr.contains("\n! write alice/modle: did-you-mean\n  model `alice/modle` does not exist yet: will be created on first push"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("  hint: if the job pushes to `alice/model`, pass `--write alice/model`"),
        "{}",
        r.stderr
    );
    let listings: Vec<String> = fake
        .paths()
        .into_iter()
        .filter(|p| p.contains('?'))
        .collect();
    assert_eq!(listings, ["/api/models?author=alice&limit=500"]);

    // A new name with nothing close: a pass that stands out ("+"), after one listing.
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url, "--write", "alice/brand-new-thing"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("\n+ write alice/brand-new-thing: model `alice/brand-new-thing` does not exist yet: will be created on first push"),
        "{}",
        r.stderr
    );

    // A listing that fails: the pass says similar names could not be looked for.
    let failing = FakeHub::start(move |r| {
        if r.path.contains('?') {
            Reply::error(500, None, "listing down")
        } else {
            hub.answer(r)
        }
    });
    let mut c = command(&home);
    c.env("HF_TOKEN", &token).args([
        "--endpoint",
        &failing.url,
        "--write",
        "alice/modle",
        "--timeout",
        "5",
    ]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("; similar names could not be looked for (the listing answered 500)"),
        "{}",
        r.stderr
    );

    // An existing repo asks no listing.
    let mut c = command(&home);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &failing.url, "--write", "alice/model"]);
    let before = failing.paths().len();
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(failing.paths()[before..].iter().all(|p| !p.contains('?')));
}

/// The README's two samples are the binary's own output against the fake Hub,
/// with what changes from run to run made fixed: the fake Hub's address shown
/// as the default endpoint, the token's last 4 characters, and its creation
/// date and age (which grows every day); the quota text after them is kept.
#[test]
fn readme_samples_are_the_binarys_output() {
    let mut hub = Hub {
        users: vec![("me", vec![("acme", "write")])],
        ..Hub::default()
    };
    hub.repos = vec![
        crate::common::model::Repo::public("models", "me/model"),
        crate::common::model::Repo::public("models", "acme/model"),
        crate::common::model::Repo {
            gated: true,
            ..crate::common::model::Repo::public("models", "acme/gated")
        },
    ];
    let (hub, write) = hub.with_token("readme-write", "me", "ci", Kind::Write);
    let (hub, read) = hub.with_token("readme-read", "me", "ci", Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    // The real Hub sends its quota on every answer: a free user's, as the README shows.
    fake.set_ratelimit(Some((
        "\"api\";r=988;t=240",
        "\"fixed window\";\"api\";q=1000;w=300",
    )));
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let cases: [(&str, &[&str], i32); 2] = [
        (&write, &["--write", "me/model", "--read", "acme/model"], 0),
        (
            &read,
            &[
                "--write",
                "me/model",
                "--read",
                "acme/gated",
                "--read",
                "acme/nope",
                "--",
                "python",
                "train.py",
            ],
            77,
        ),
    ];
    let mut missing = Vec::new();
    for (token, args, code) in cases {
        let home = temp_dir("home");
        let mut c = command(&home);
        c.env("HF_TOKEN", token)
            .env("HF_ENDPOINT", &fake.url)
            .args(args);
        let r = run(c, &[token], None);
        assert_eq!(r.code, code, "{}", r.stderr);
        let shown = readme_form(&r.stderr, &fake.url, token);
        if !readme.contains(&format!("```\n{shown}```\n")) {
            missing.push(format!("$ hf-token-check {}\n{shown}", args.join(" ")));
        }
    }
    assert!(
        missing.is_empty(),
        "the README's samples differ from the binary's output; the output now:\n\n{}",
        missing.join("\n")
    );
}

/// A report as the README shows it (see `readme_samples_are_the_binarys_output`).
fn readme_form(stderr: &str, url: &str, token: &str) -> String {
    let text = stderr
        .replace(&format!("whoami ({url})"), "whoami")
        .replace(url, "https://huggingface.co")
        .replace(&format!("hf_…{}", &token[token.len() - 4..]), "hf_…cdef");
    text.lines()
        .map(
            |l| match (l.split_once(", created "), l.split_once(" ago)")) {
                (Some((head, _)), Some((_, tail))) if l.starts_with("✓ whoami") => {
                    format!("{head}, created 2026-11-03 (30 days ago){tail}\n")
                }
                _ => format!("{l}\n"),
            },
        )
        .collect()
}

/// The README is install first: at most 250 lines, and its first 50 hold the
/// job entrypoint and every install line, and no contributor steps. Each
/// `docs/` page it links exists.
#[test]
fn readme_is_install_first() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    assert!(lines.len() <= 250, "README: {} lines", lines.len());
    let head = lines[..50].join("\n");
    for wanted in [
        "hf-token-check --write me/model -- python train.py",
        "hf-token-check --write buckets/me/checkpoints -- python train.py",
        "curl -LsSf https://github.com/hf-token-check/hf-token-check/releases/latest/download/install.sh | sh",
        "powershell -ExecutionPolicy Bypass -c \"irm https://github.com/hf-token-check/hf-token-check/releases/latest/download/install.ps1 | iex\"",
        "uvx hf-token-check --write me/model -- uv run train.py",
        "COPY --from=ghcr.io/hf-token-check/hf-token-check:",
        "- uses: hf-token-check/hf-token-check@v0",
        "hf_token_check.require(",
        "cargo install --locked --git https://github.com/hf-token-check/hf-token-check",
        "No release is published yet",
    ] {
        assert!(
            head.contains(wanted),
            "not in the README's first 50 lines: {wanted}"
        );
    }
    for unwanted in ["cargo run", "scripts/test.sh", "cargo test", ".ci/run"] {
        assert!(
            !head.contains(unwanted),
            "a contributor step in the README's first 50 lines: {unwanted}"
        );
    }
    for link in readme
        .split("](")
        .skip(1)
        .filter_map(|s| s.split(')').next())
    {
        let path = link.split('#').next().unwrap();
        if path.starts_with("http") || path.is_empty() {
            continue;
        }
        assert!(
            std::path::Path::new(root).join(path).exists(),
            "the README links `{link}`, which does not exist"
        );
    }
}

/// On a terminal, a Hub that takes 2 s per answer gets a transient progress
/// line, redrawn each second and erased before the report: the report that
/// follows is the one a fast Hub gives.
#[test]
fn a_terminal_shows_a_transient_progress_line() {
    let Some(script) = needs("script", &["/usr/bin/script", "/bin/script"]) else {
        return;
    };
    let (hub, token) = alice(Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r).delay(Duration::from_millis(2500)));
    let home = temp_dir("home");
    let mut c = std::process::Command::new(&script);
    c.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", &home)
        .env("HF_TOKEN", &token)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let inner = format!(
        "stty cols 80; {} --endpoint {} --read acme/model --read datasets/acme/data",
        crate::common::bin(),
        fake.url
    );
    c.args(["-qec", &inner, "/dev/null"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let erase = "\r\u{1b}[K";
    let first = format!("{erase}checking 2 repos at {}… 1 s", fake.addr);
    let second = format!("{erase}checking 2 repos at {}… 2 s", fake.addr);
    let (Some(a), Some(b)) = (r.stdout.find(&first), r.stdout.find(&second)) else {
        panic!("no progress line: {:?}", r.stdout);
    };
    assert!(a < b, "{:?}", r.stdout);
    // Erased before the next line of the report, which starts a clean line.
    let after = &r.stdout[b + second.len()..];
    assert!(
        after.starts_with(&format!("{erase}✓ whoami (")),
        "{after:?}"
    );
    assert!(!r.stdout.contains("still waiting"), "{:?}", r.stdout);

    // `TERM=dumb` cannot erase a line: the log's one line instead, no escape.
    let mut c = std::process::Command::new(&script);
    c.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", &home)
        .env("HF_TOKEN", &token)
        .env("TERM", "dumb")
        .args(["-qec", &inner, "/dev/null"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(!r.stdout.contains('\u{1b}'), "{:?}", r.stdout);
    assert!(
        r.stdout.contains(&format!(
            "hf-token-check: still waiting for {} after 2 s",
            fake.addr
        )),
        "{:?}",
        r.stdout
    );
}
