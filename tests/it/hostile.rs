//! Hostile input that must not forge a log line, overwrite a file or show the
//! token (issue 17): Hub strings, argv, files and the environment carrying
//! workflow commands, FIFOs and links at `--json-file`, tokens split by blank
//! characters, and huge whoami listings. Every run goes through the leak check.

use std::time::Duration;

use crate::common::model::{Hub, Kind};
use crate::common::{FakeHub, Reply, Run, command, run, temp_dir};

/// No line of stdout or stderr carries a workflow command the tool did not
/// write: no `##[` anywhere, no line starting with `::` (after whitespace)
/// other than the tool's own `::error`/`::warning title=hf-token-check`, no
/// command shape carried inside a line, and no line break other than LF (NEL,
/// U+2028, U+2029, VT, FF, CR).
fn assert_inert(r: &Run) {
    for (name, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        for bad in ['\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}'] {
            assert!(!text.contains(bad), "{name} holds {bad:?}:\n{text}");
        }
        for line in text.lines() {
            assert!(!line.contains("##["), "{name}: a `##[` command: {line}");
            let t = line.trim_start();
            let ours = t.starts_with("::error title=hf-token-check ")
                || t.starts_with("::warning title=hf-token-check ");
            assert!(
                !t.starts_with("::") || ours,
                "{name}: a `::` command: {line}"
            );
            // Nor carried inside, for a later step that prints a value alone.
            let lower = line.to_lowercase();
            for cmd in [
                "::error::",
                "::warning::",
                "::notice::",
                "::add-mask::",
                "::stop-commands::",
                "::set-output ",
            ] {
                assert!(!lower.contains(cmd), "{name}: carries `{cmd}`: {line}");
            }
        }
    }
}

/// The standard model Hub, whose whoami and one repo's auth-check carry
/// workflow commands in every field the report shows.
fn commanding_hub() -> (FakeHub, String) {
    let (hub, token) = Hub::standard().with_token("cmd", "alice", "##[error]forged", Kind::Write);
    let t = token.clone();
    let fake = FakeHub::start(move |r| {
        if r.path == "/api/whoami-v2" {
            let mut body = hub.whoami_body(&hub.tokens[0]);
            body["name"] = "alice##[add-mask]x".into();
            body["orgs"][0]["name"] = "##[stop-commands]tok\u{2028}::error::org".into();
            body["auth"]["accessToken"]["displayName"] =
                "##[error]forged\u{85}::warning::nel\u{2029}::notice::ps".into();
            return Reply::json(200, &body);
        }
        if r.path.contains("acme/model") {
            let message = "##[set-output name=x]y\n::error::lf\r::error::cr\u{0B}::error::vt";
            return Reply::json(400, &serde_json::json!({ "error": message }))
                .header("x-request-id", "##[error]rid");
        }
        if r.path.contains("acme/data") {
            return Reply::error(400, None, "##[error]header ::error::h");
        }
        let _ = &t;
        hub.answer(r)
    });
    (fake, token)
}

/// Hub strings (user, org and token names, error messages, request ids) with
/// `##[cmd]` and `::cmd` behind every kind of line break reach no log line
/// as a command: not on stderr (report and annotations), not in `--json`.
#[test]
fn hub_strings_cannot_forge_workflow_commands() {
    let (fake, token) = commanding_hub();
    let dir = temp_dir("cmd");
    let summary = dir.join("summary.md");
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["--endpoint", &fake.url, "--json", "--timeout", "10"])
        .args(["--read", "acme/model", "--read", "datasets/acme/data"])
        .args(["--write", "alice/model"]);
    let r = run(c, &[&token], Some(&summary));
    assert_inert(&r);
    let j = r.json();
    // The text is there, made inert, not dropped.
    assert_eq!(
        j["token"]["name"], "## [error]forged : :warning: :nel : :notice: :ps",
        "{}",
        r.stdout
    );
    assert_eq!(j["user"]["name"], "alice## [add-mask]x");
    assert_eq!(
        j["user"]["orgs"][0]["name"],
        "## [stop-commands]tok : :error: :org"
    );
    assert!(
        r.stderr.contains("## [error]header : :error: :h"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("`## [error]rid`"), "{}", r.stderr);
    assert!(r.stderr.contains("## [set-output name=x]y"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("::error title=hf-token-check read acme/model::"),
        "{}",
        r.stderr
    );
    let summary = r.summary.as_deref().unwrap();
    assert!(!summary.contains("##["), "{summary}");
}

/// argv and the environment quoted by a usage error, on stderr and in the
/// `--json` report: inert too.
#[test]
fn argv_and_environment_cannot_forge_workflow_commands() {
    let dir = temp_dir("cmd-argv");
    for (args, env) in [
        (
            vec!["--read", "##[error]repo\u{2028}::error::x", "--json"],
            None,
        ),
        (vec!["--json", "--timeout", "##[error]t"], None),
        (vec!["--json", "##[error]word"], None),
        (
            vec!["--json", "--read", "a/b"],
            Some("ftp://##[error]host/\u{85}::error::e"),
        ),
        (
            vec!["--json", "--bogus", "--", "##[error]prog\u{2028}::error::p"],
            None,
        ),
        (vec!["--explain", "##[error]code"], None),
    ] {
        let mut c = command(&dir);
        c.args(&args);
        if let Some(e) = env {
            c.env("HF_ENDPOINT", e);
        }
        let r = run(c, &[], None);
        assert_eq!(r.code, 64, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("## [error]"), "{args:?}: {}", r.stderr);
        assert_inert(&r);
    }
}

/// A REPO value that looks like `--json-file=PATH` is a REPO, never the
/// report's path: a usage error does not overwrite PATH; past an unknown
/// option nothing is honoured (stderr only).
#[test]
fn repo_values_never_choose_where_the_json_goes() {
    let dir = temp_dir("argv-once");
    let victim = dir.join("victim");
    std::fs::write(&victim, "keep").unwrap();
    let inline = format!("--json-file={}", victim.display());
    for args in [
        vec!["--read", inline.as_str()],
        vec!["--write", inline.as_str(), "--json"],
        vec!["--read", "--json-file", victim.to_str().unwrap()],
        vec!["--bogus", inline.as_str()],
        vec!["--reed", "--json", inline.as_str()],
        vec!["--timeout", "x", "--", "python", inline.as_str()],
    ] {
        let mut c = command(&dir);
        c.args(&args);
        let r = run(c, &[], None);
        assert_eq!(r.code, 64, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
        assert_eq!(
            std::fs::read_to_string(&victim).unwrap(),
            "keep",
            "{args:?}"
        );
        let json_asked = args[0] == "--write";
        assert_eq!(r.stdout.is_empty(), !json_asked, "{args:?}: {}", r.stdout);
    }
    // A `--json-file` of our own, given before the mistake, is still honoured.
    let mut c = command(&dir);
    c.args(["--json-file", victim.to_str().unwrap(), "--bogus"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 64);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&victim).unwrap()).unwrap();
    assert_eq!(written["error"]["message"], "unknown option `--bogus`");
}

fn mkfifo(path: &std::path::Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(ok.success());
}

/// `--json-file` at a FIFO, a symbolic link or a directory: a warning naming
/// what the path is; nothing blocks, nothing is written through the link, the
/// verdict stands (exit 0 offline, 64 for a usage error).
#[test]
fn json_file_is_a_regular_file_or_nothing() {
    let dir = temp_dir("json-file");
    let fifo = dir.join("fifo");
    mkfifo(&fifo);
    let target = dir.join("target");
    std::fs::write(&target, "keep").unwrap();
    let link = dir.join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let dangling = dir.join("dangling");
    std::os::unix::fs::symlink(dir.join("created-through-link"), &dangling).unwrap();
    let token = crate::common::model::token_value("json-file");
    let rows = [
        (&fifo, "is a named pipe (FIFO), not a regular file"),
        (&link, "is a symbolic link, which is not followed"),
        (&dangling, "is a symbolic link, which is not followed"),
        (&dir.to_path_buf(), "is a directory, not a regular file"),
    ];
    for (path, what) in rows {
        for (usage_error, code) in [(false, 0), (true, 64)] {
            let mut c = command(&dir);
            c.env("HF_TOKEN", &token)
                .args(["--offline", "--json-file"])
                .arg(path);
            if usage_error {
                c.arg("--bogus");
            }
            let r = run(c, &[&token], None);
            assert_eq!(r.code, code, "{path:?}: {}", r.stderr);
            assert!(
                r.elapsed < Duration::from_secs(10),
                "{path:?} took {:?}",
                r.elapsed
            );
            let warning = format!(
                "warning: could not write the JSON report to `{}` (`--json-file`): it {what}",
                path.display()
            );
            assert!(r.stderr.contains(&warning), "{path:?}: {}", r.stderr);
        }
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    assert!(!dir.join("created-through-link").exists());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// `--json-file=<a token>`: refused before anything is written, naming the
/// flag and never the value; no file named after the token appears.
#[test]
fn token_shaped_json_file_is_refused() {
    let dir = temp_dir("json-file-token");
    let token = crate::common::model::token_value("json-file-token");
    for args in [
        vec!["--json-file".to_string(), token.clone()],
        vec![format!("--json-file={token}"), "--json".to_string()],
    ] {
        let mut c = command(&dir);
        c.current_dir(&dir)
            .env("HF_TOKEN", &token)
            .arg("--offline")
            .args(&args);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 64, "{}", r.stderr);
        assert!(
            r.stderr.starts_with(
                "error: the path given to `--json-file` looks like a token; nothing was written there\n"
            ),
            "{}",
            r.stderr
        );
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    }
}

/// The token echoed by the Hub with a blank-rendering character between
/// every pair of its characters (U+FFF0–U+FFF8, U+2800 and others the former
/// hand list missed): no 6 visible characters of it are left in any output.
#[test]
fn token_spread_by_blank_characters_is_redacted() {
    for sep in [
        '\u{FFF0}',
        '\u{FFF8}',
        '\u{2800}',
        '\u{2065}',
        '\u{E0100}',
        '\u{FDD0}',
    ] {
        let token = crate::common::model::token_value("spread");
        let spread: String = token.chars().flat_map(|c| [c, sep]).collect();
        let fake = FakeHub::start(move |_| {
            Reply::json(
                401,
                &serde_json::json!({ "error": format!("bad token {spread}") }),
            )
        });
        let dir = temp_dir("spread");
        let mut c = command(&dir);
        c.env("HF_TOKEN", &token)
            .args(["--endpoint", &fake.url, "--json", "--timeout", "5"]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 78, "{sep:?}: {}", r.stderr);
        assert!(r.stderr.contains("[REDACTED]"), "{sep:?}: {}", r.stderr);
        // The leak check again, on the outputs with the separator removed.
        let visible = |t: &str| t.replace(sep, "");
        let seen = Run {
            stdout: visible(&r.stdout),
            stderr: visible(&r.stderr),
            ..r
        };
        crate::common::assert_no_leak(&token, &seen);
    }
}

/// A whoami answer whose fine-grained token lists 13,500 model entities with
/// `repo.write`, about 1 MiB: the model Hub answers access checks for a token
/// that holds `extra` (and none of those entities).
fn wide_token_hub(
    extra: Vec<(&'static str, &'static str, Vec<&'static str>)>,
) -> (FakeHub, String) {
    let (hub, token) = Hub::standard().with_token("caps", "alice", "wide", Kind::Fine(None, extra));
    let fake = FakeHub::start(move |r| {
        if r.path != "/api/whoami-v2" {
            return hub.answer(r);
        }
        let mut body = hub.whoami_body(&hub.tokens[0]);
        let scoped = body["auth"]["accessToken"]["fineGrained"]["scoped"]
            .as_array_mut()
            .unwrap();
        scoped.extend((0..13_500).map(|i| {
            serde_json::json!({"entity": {"type": "model", "name": format!("b/{i}")},
                "permissions": ["repo.write"]})
        }));
        let reply = Reply::json(200, &body);
        assert!(
            (900_000..=1024 * 1024).contains(&reply.body.len()),
            "{}",
            reply.body.len()
        );
        reply
    });
    (fake, token)
}

fn run_wide(fake: &FakeHub, token: &str, args: &[&str]) -> Run {
    let dir = temp_dir("caps");
    let mut c = command(&dir);
    c.env("HF_TOKEN", token)
        .env("GITHUB_ACTIONS", "true")
        .args(["--endpoint", &fake.url, "--json", "--timeout", "20"])
        .args(args);
    let r = run(c, &[token], None);
    assert!(
        r.stdout.len() < 8 * 1024,
        "{} bytes of JSON",
        r.stdout.len()
    );
    assert!(
        r.stderr.len() < 8 * 1024,
        "{} bytes on stderr",
        r.stderr.len()
    );
    r
}

/// The least-privilege advice for that token names 20 of the entities and
/// counts the rest, on stderr, in `--json` and in the annotation (617 KB of
/// output before).
#[test]
fn least_privilege_advice_is_capped() {
    let (fake, token) = wide_token_hub(vec![("org", "acme", vec!["repo.content.read"])]);
    let r = run_wide(&fake, &token, &["--read", "acme/model"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let advice = r.checks("token-scope");
    assert_eq!(advice.len(), 1, "{}", r.stdout);
    let message = advice[0]["message"].as_str().unwrap();
    assert!(
        message.contains("`b/19` (model), … and 13,480 more"),
        "{message}"
    );
    assert!(!message.contains("`b/20`"), "{message}");
    assert!(r.stderr.contains("… and 13,480 more"), "{}", r.stderr);
}

/// A write that token cannot make is explained with the entities it does
/// hold `repo.write` on: 20 of them, and the count of the rest.
#[test]
fn denial_lists_are_capped() {
    let (fake, token) = wide_token_hub(vec![]);
    let r = run_wide(&fake, &token, &["--write", "acme/model"]);
    assert_eq!(r.code, 77, "{}", r.stderr);
    let check = &r.checks("write")[0];
    let message = check["message"].as_str().unwrap();
    assert!(
        message.contains("`b/19` (model), … and 13,480 more"),
        "{message}"
    );
    assert!(r.stderr.contains("… and 13,480 more"), "{}", r.stderr);
}

/// Every message is capped, with the count of what was left out: a 60,000
/// character REPO in a usage error, on stderr and in `--json`.
#[test]
fn messages_are_capped() {
    let dir = temp_dir("caps-msg");
    let long = format!("a/{}", "b".repeat(60_000));
    let mut c = command(&dir);
    c.args(["--json", "--read", &long]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 64, "{}", r.stderr);
    assert!(r.stderr.len() < 6 * 1024, "{} bytes", r.stderr.len());
    let message = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(message.chars().count() < 4200, "{}", message.len());
    assert!(message.contains("more characters)"), "{message}");
    assert!(r.stderr.contains("more characters)"), "{}", r.stderr);
}

/// Issue 20's command-line gaps: `help`/`version` as words, `-h` short and
/// `--help` whole within 80 columns, `-q`, a space inside a duration.
#[test]
fn command_line_hints_and_short_usage() {
    let dir = temp_dir("cli-bits");
    let go = |args: &[&str]| {
        let mut c = command(&dir);
        c.args(args);
        run(c, &[], None)
    };
    for (args, hint) in [
        (
            &["help"][..],
            "hint: did you mean `--help`? options start with `--`",
        ),
        (
            &["version"],
            "hint: did you mean `--version`? options start with `--`",
        ),
        (
            &["--read", "a/b", "help", "--", "python"],
            "hint: did you mean `--help`?",
        ),
        (
            &["--min-validity", "2", "hours"],
            "hint: a duration is one word, without a space: `--min-validity 2h`",
        ),
    ] {
        let r = go(args);
        assert_eq!(r.code, 64, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("error: unexpected argument `"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains(hint), "{args:?}: {}", r.stderr);
    }
    let short = go(&["-h"]);
    assert_eq!(short.code, 0);
    assert!(short.stdout.lines().count() <= 25, "{}", short.stdout);
    assert!(short.stdout.contains("\nEXAMPLES:\n"), "{}", short.stdout);
    assert!(short.stdout.contains("--help"), "{}", short.stdout);
    let whole = go(&["--help"]);
    assert_eq!(whole.code, 0);
    assert!(whole.stdout.lines().count() > 60, "{}", whole.stdout);
    for out in [&short.stdout, &whole.stdout] {
        for line in out.lines() {
            assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
        }
    }
    assert!(whole.stdout.contains("-q, --quiet"), "{}", whole.stdout);
    // `-q` is `--quiet`: a passing run prints nothing.
    let token = crate::common::model::token_value("quiet");
    for flag in ["-q", "--quiet"] {
        let mut c = command(&dir);
        c.env("HF_TOKEN", &token).args(["--offline", flag]);
        let r = run(c, &[&token], None);
        assert_eq!(
            (r.code, r.stderr.as_str(), r.stdout.as_str()),
            (0, "", ""),
            "{flag}"
        );
    }
}

/// Paths from the environment and argv (the token file, `--json-file`, the
/// step summary) and the remaining whoami fields (org role, dates) carry
/// workflow commands too: inert in every output.
#[test]
fn paths_and_whoami_fields_cannot_forge_workflow_commands() {
    let (hub, token) = Hub::standard().with_token("cmd-paths", "alice", "ci", Kind::Write);
    let fake = FakeHub::start(move |r| {
        if r.path == "/api/whoami-v2" {
            let mut body = hub.whoami_body(&hub.tokens[0]);
            body["orgs"][0]["roleInOrg"] = "##[error]role\u{2028}::error::r".into();
            body["auth"]["accessToken"]["createdAt"] = "##[error]date".into();
            return Reply::json(200, &body);
        }
        hub.answer(r)
    });
    let dir = temp_dir("cmd-paths");
    let weird = dir.join("##[error]dir\u{2028}::error::d");
    std::fs::create_dir_all(&weird).unwrap();
    let token_file = weird.join("token");
    std::fs::write(&token_file, &token).unwrap();
    let mut c = command(&dir);
    c.env("HF_TOKEN_PATH", &token_file)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &weird)
        .args([
            "--endpoint",
            &fake.url,
            "--json",
            "--timeout",
            "10",
            "--read",
            "acme/model",
        ])
        .arg("--json-file")
        .arg(&weird);
    let r = run(c, &[&token], None);
    assert_inert(&r);
    assert!(
        r.stderr.contains("## [error]dir : :error::d/token"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("could not write the JSON report to `"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("could not append to `GITHUB_STEP_SUMMARY`"),
        "{}",
        r.stderr
    );
    let j = r.json();
    assert_eq!(
        j["user"]["orgs"][0]["role"], "## [error]role : :error: :r",
        "{}",
        r.stdout
    );
}
