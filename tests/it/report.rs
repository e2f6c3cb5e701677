//! The report people read (issue 13): least-privilege advice, `--json-file`,
//! "`COMMAND` was not started" as the last line, the token file's newline,
//! annotation titles with the repo.

use std::path::Path;
use std::process::Command;

use crate::common::model::{Hub, Kind};
use crate::common::{FakeHub, Run, command, run, temp_dir};
use serde_json::json;

/// A fake Hub whose one token, of this kind, belongs to `alice`.
fn hub_with(kind: Kind) -> (FakeHub, String) {
    let (hub, token) = Hub::standard().with_token("report", "alice", "ci", kind);
    (FakeHub::start(move |r| hub.answer(r)), token)
}

fn cmd(fake: &FakeHub, token: &str, home: &Path) -> Command {
    let mut c = command(home);
    c.env("HF_TOKEN", token).args(["--endpoint", &fake.url]);
    c
}

fn check_run(kind: Kind, args: &[&str]) -> Run {
    let (fake, token) = hub_with(kind);
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.args(args);
    run(c, &[&token], None)
}

fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or("")
}

/// A write token on a job that only reads passes with one `token-scope` warning
/// naming the minimal token; the exit status stays 0 and JSON carries it.
#[test]
fn least_privilege_for_a_write_token_that_only_reads() {
    let r = check_run(Kind::Write, &["--json", "--read", "acme/model"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("\n! token-scope: least-privilege\n"),
        "{}",
        r.stderr
    );
    let flat = r.stderr.replace('\n', " ");
    assert!(
        flat.contains(
            "! token-scope: least-privilege   the write token \"ci\" can write to every repo of user `alice` \
             and of its organizations, and this job only reads; a minimal token for this job: a read \
             token, or a fine-grained token with `repo.content.read` on `acme/model`"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(last_line(&r.stderr), "hf-token-check: ok, with warnings");
    let j = r.json();
    assert_eq!(
        (j["ok"].clone(), j["exit_code"].clone()),
        (json!(true), json!(0))
    );
    assert_eq!(j["token"]["created_at"], "2026-01-02T03:04:05.000Z");
    let scope = r.checks("token-scope");
    assert_eq!(scope.len(), 1);
    assert_eq!(
        (scope[0]["status"].as_str(), scope[0]["code"].as_str()),
        (Some("warn"), Some("least-privilege"))
    );
    assert!(
        scope[0]["hint"]
            .as_str()
            .unwrap()
            .contains("settings/tokens")
    );
    // the last check: it judges the token against every requirement
    assert_eq!(
        j["checks"].as_array().unwrap().last().unwrap()["check"],
        "token-scope"
    );
}

/// A token that fits the job gets no advice: a read token that reads, a write
/// token that writes, a fine-grained token scoped to what the job touches.
#[test]
fn no_advice_for_a_token_that_fits() {
    let own = Kind::Fine(
        Some(true),
        vec![("user", "alice", vec!["repo.content.read", "repo.write"])],
    );
    let rows: Vec<(Kind, &[&str])> = vec![
        (Kind::Read, &["--read", "acme/model"]),
        (
            Kind::Write,
            &["--write", "alice/model", "--read", "acme/model"],
        ),
        (own, &["--write", "alice/model"]),
        // nothing named: nothing to judge the token against
        (Kind::Write, &[]),
    ];
    for (kind, args) in rows {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let r = check_run(kind.clone(), &all);
        assert_eq!(r.code, 0, "{kind:?} {args:?}: {}", r.stderr);
        assert!(
            r.checks("token-scope").is_empty(),
            "{kind:?} {args:?}: {}",
            r.stderr
        );
        assert_eq!(
            last_line(&r.stderr),
            "hf-token-check: ok",
            "{kind:?} {args:?}"
        );
    }
}

/// A fine-grained token with `repo.write` on an org the job never writes to and
/// an org-admin permission gets advice naming both and the minimal token.
#[test]
fn least_privilege_for_a_wide_fine_grained_token() {
    let wide = Kind::Fine(
        Some(true),
        vec![
            ("user", "alice", vec!["repo.content.read", "repo.write"]),
            (
                "org",
                "acme",
                vec!["repo.content.read", "repo.write", "org.write"],
            ),
        ],
    );
    let r = check_run(
        wide,
        &["--json", "--write", "alice/model", "--read", "acme/model"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let scope = r.checks("token-scope");
    let message = scope[0]["message"].as_str().unwrap();
    for piece in [
        "the fine-grained token \"ci\" holds more than this job needs",
        "`repo.write` on `acme` (org), where this job writes nothing",
        "`org.write` on `acme` (org)",
        "a minimal token for this job: a fine-grained token with `repo.write` on `alice` and \
         `repo.content.read` on `acme/model`",
    ] {
        assert!(message.contains(piece), "`{piece}` not in: {message}");
    }
}

/// The advice never changes the outcome: a failing run gets none, and with
/// `-- COMMAND` the command still starts (its exit status is the run's).
#[test]
fn advice_never_changes_the_outcome() {
    let r = check_run(
        Kind::Write,
        &["--json", "--read", "acme/model", "--read", "acme/nope"],
    );
    assert_eq!(r.code, 77);
    assert!(r.checks("token-scope").is_empty(), "{}", r.stderr);
    let r = check_run(
        Kind::Write,
        &["--read", "acme/model", "--", "sh", "-c", "exit 7"],
    );
    assert_eq!(r.code, 7, "{}", r.stderr);
    assert!(r.stderr.contains("least-privilege"), "{}", r.stderr);
}

/// `--quiet` with only the advice prints nothing at all, on a terminal log or in
/// GitHub Actions; `--json` still carries it.
#[test]
fn quiet_hides_the_advice() {
    let (fake, token) = hub_with(Kind::Write);
    let home = temp_dir("home");
    let summary = home.join("summary.md");
    let mut c = cmd(&fake, &token, &home);
    c.env("GITHUB_ACTIONS", "true");
    c.args(["--quiet", "--read", "acme/model"]);
    let r = run(c, &[&token], None);
    assert_eq!((r.code, r.stderr.as_str(), r.stdout.as_str()), (0, "", ""));
    let mut c = cmd(&fake, &token, &home);
    c.env("GITHUB_STEP_SUMMARY", &summary);
    c.args(["--quiet", "--json", "--read", "acme/model"]);
    let r = run(c, &[&token], Some(&summary));
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(r.checks("token-scope")[0]["code"], "least-privilege");
    // without --quiet, GitHub Actions shows it as a warning titled by its line
    let mut c = cmd(&fake, &token, &home);
    c.env("GITHUB_ACTIONS", "true");
    c.args(["--read", "acme/model"]);
    let r = run(c, &[&token], None);
    assert!(
        r.stderr
            .contains("::warning title=hf-token-check token-scope::the write token"),
        "{}",
        r.stderr
    );
}

/// `--json-file PATH` writes exactly what `--json` prints, and with `-- COMMAND`
/// stdout belongs to the command alone.
#[test]
fn json_file_equals_json_output() {
    let (fake, token) = hub_with(Kind::Read);
    let home = temp_dir("home");
    let path = home.join("report.json");
    let mut c = cmd(&fake, &token, &home);
    c.arg("--json-file").arg(&path);
    c.args(["--json", "--read", "acme/model", "--read", "acme/nope"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 77);
    let file = std::fs::read_to_string(&path).unwrap();
    assert_eq!(file, r.stdout);
    assert_eq!(r.json()["exit_code"], 77);

    // an old report is replaced, and the child's stdout stays its own
    std::fs::write(&path, "x".repeat(100_000)).unwrap();
    let mut c = cmd(&fake, &token, &home);
    c.arg(format!("--json-file={}", path.display()));
    c.args([
        "--read",
        "acme/model",
        "--",
        "sh",
        "-c",
        "echo from-the-job",
    ]);
    let r = run(c, &[&token], None);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "from-the-job\n"),
        "{}",
        r.stderr
    );
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        (j["ok"].clone(), j["exit_code"].clone()),
        (json!(true), json!(0))
    );
    assert_eq!(j["token"]["kind"], "read");
}

/// A usage error still reaches `--json-file`; an unwritable path is a warning
/// on stderr and the verdict stands.
#[test]
fn json_file_for_usage_errors_and_unwritable_paths() {
    let home = temp_dir("home");
    let path = home.join("usage.json");
    let mut c = command(&home);
    c.arg("--json-file")
        .arg(&path)
        .args(["--reed", "acme/model"]);
    let r = run(c, &[], None);
    assert_eq!((r.code, r.stdout.as_str()), (64, ""));
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(j["exit_code"], 64);
    assert!(
        j["error"]["message"].as_str().unwrap().contains("--reed"),
        "{j}"
    );

    let (fake, token) = hub_with(Kind::Read);
    let missing = home.join("no-such-dir").join("report.json");
    let mut c = cmd(&fake, &token, &home);
    c.arg("--json-file")
        .arg(&missing)
        .args(["--read", "acme/model"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: could not write the JSON report to `")
            && r.stderr
                .contains("no-such-dir/report.json` (`--json-file`)"),
        "{}",
        r.stderr
    );
    assert!(!missing.exists());
}

/// When a check fails with `-- COMMAND`, the last line of stderr says that the
/// program (its name only) was not started, after the annotations too.
#[test]
fn last_line_says_the_command_was_not_started() {
    let (fake, token) = hub_with(Kind::Read);
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.env("GITHUB_ACTIONS", "true");
    c.args([
        "--write",
        "acme/model",
        "--",
        "/usr/bin/python3",
        "train.py",
        "--lr",
        "3e-4",
    ]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 77);
    assert!(
        r.stderr
            .contains("::error title=hf-token-check write acme/model::"),
        "{}",
        r.stderr
    );
    assert_eq!(
        last_line(&r.stderr),
        "hf-token-check: `python3` was not started"
    );
    assert!(
        !r.stderr.contains("train.py"),
        "only the program's name: {}",
        r.stderr
    );

    // a refused run (usage error) says it too; a token-like name is masked
    let fake_secret = crate::common::model::token_value("argv");
    let mut c = command(&home);
    c.args(["--read", "acme/model/", "--", &fake_secret, "x"]);
    let r = run(c, &[&fake_secret, &token], None);
    assert_eq!(r.code, 64, "{}", r.stderr);
    let last = last_line(&r.stderr);
    assert!(
        last.starts_with("hf-token-check: `hf_…") && last.ends_with("` was not started"),
        "{last}"
    );

    // a missing token too; with --warn-only the command runs
    let mut c = command(&home);
    c.args(["--", "sh", "-c", "exit 3"]);
    let r = run(c, &[], None);
    assert_eq!(
        (r.code, last_line(&r.stderr)),
        (78, "hf-token-check: `sh` was not started")
    );
    let mut c = command(&home);
    c.args(["--warn-only", "--", "sh", "-c", "exit 3"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 3);
    assert!(!r.stderr.contains("not started"), "{}", r.stderr);
}

/// A token file ending in one newline is silent; two newlines still warn;
/// `HF_TOKEN` with a newline still warns (covered in cli.rs).
#[test]
fn token_file_trailing_newline() {
    let (fake, token) = hub_with(Kind::Read);
    for (content, warned) in [
        (format!("{token}\n"), false),
        (format!("{token}\n\n"), true),
    ] {
        let home = temp_dir("home");
        let file = home.join("token");
        std::fs::write(&file, &content).unwrap();
        let mut c = command(&home);
        c.env("HF_TOKEN_PATH", &file).args([
            "--endpoint",
            &fake.url,
            "--json",
            "--read",
            "acme/model",
        ]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let fmt = &r.checks("token-format")[0];
        if warned {
            assert_eq!(fmt["code"], "token-whitespace", "{content:?}");
            assert!(r.stderr.contains("! token-format"), "{}", r.stderr);
        } else {
            assert_eq!(fmt["status"], "pass", "{content:?}: {}", r.stderr);
            assert!(!r.stderr.contains("warning"), "{}", r.stderr);
            assert_eq!(last_line(&r.stderr), "hf-token-check: ok");
        }
    }
    let sent: Vec<_> = fake
        .requests()
        .iter()
        .map(|q| q.bearer().map(str::to_string))
        .collect();
    assert!(!sent.is_empty(), "the token was sent at all");
    assert!(
        sent.iter().all(|b| b.as_deref() == Some(token.as_str())),
        "{sent:?}"
    );
}

/// Each annotation's title names its line, repo included, so that two failing
/// repos are told apart in the Actions summary.
#[test]
fn annotation_titles_carry_the_repo() {
    let (fake, token) = hub_with(Kind::Read);
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.env("GITHUB_ACTIONS", "true");
    c.args(["--read", "acme/nope", "--read", "datasets/acme/none"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 77);
    let titles: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("::error "))
        .map(|l| l.split("::").nth(1).unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "error title=hf-token-check read acme/nope",
            "error title=hf-token-check read datasets/acme/none"
        ]
    );
}

/// `FORCE_COLOR` colours the report on a pipe (a CI log viewer renders it);
/// `NO_COLOR` wins over it; without either, a pipe gets no colour.
#[test]
fn force_color_on_a_pipe() {
    let (fake, token) = hub_with(Kind::Read);
    for (vars, coloured) in [
        (vec![("FORCE_COLOR", "1")], true),
        (vec![("FORCE_COLOR", "1"), ("NO_COLOR", "1")], false),
        (vec![], false),
    ] {
        let home = temp_dir("home");
        let mut c = cmd(&fake, &token, &home);
        c.envs(vars.iter().copied()).args(["--read", "acme/model"]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            r.stderr.contains("\u{1b}["),
            coloured,
            "{vars:?}: {:?}",
            r.stderr
        );
    }
}

/// The whoami line shows the token's creation date and age; `--max-age` fails
/// (78, `token-too-old`) when the token is older, and passes when it is not.
#[test]
fn token_age_and_max_age() {
    let r = check_run(Kind::Read, &["--json", "--read", "acme/model"]);
    let who = r.checks("whoami")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        who.contains("created 2026-01-02 (") && who.contains(" ago)"),
        "{who}"
    );
    let old = check_run(Kind::Read, &["--json", "--max-age", "30d"]);
    assert_eq!(old.code, 78, "{}", old.stderr);
    assert_eq!(old.code_of("whoami").as_deref(), Some("token-too-old"));
    assert!(
        old.stderr.contains("more than `--max-age` 30d"),
        "{}",
        old.stderr
    );
    let fine = check_run(Kind::Read, &["--json", "--max-age", "5200w"]);
    assert_eq!(fine.code, 0, "{}", fine.stderr);
    assert!(
        fine.stderr.contains("within `--max-age`"),
        "{}",
        fine.stderr
    );
}

/// `--help` has an EXAMPLES section with the entrypoint and uv-script forms.
#[test]
fn help_has_examples() {
    let home = temp_dir("home");
    let mut c = command(&home);
    c.arg("--help");
    let r = run(c, &[], None);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("EXAMPLES"), "{}", r.stdout);
    assert!(r.stdout.contains("-- python train.py"), "{}", r.stdout);
    assert!(r.stdout.contains("uvx hf-token-check"), "{}", r.stdout);
}

/// `--explain CODE` prints the code's paragraph (exit 0) for each code the
/// report can carry, and its first sentence says the code's status and the
/// exact exit status it gives; the product's list of codes is exactly this
/// table. An unknown code is a usage error with "did you mean".
#[test]
fn explain_every_code() {
    // code -> (status word, exit status), as the README's table says.
    let codes: &[(&str, &str, &str)] = &[
        ("token-missing", "fail", "78"),
        ("token-malformed", "fail", "78"),
        ("token-whitespace", "warn", "0"),
        ("token-rejected", "fail", "78"),
        ("token-expiring", "fail", "78"),
        ("token-too-old", "fail", "78"),
        ("rate-limited", "fail", "75"),
        ("hub-unavailable", "fail", "75"),
        ("name-not-found", "fail", "64"),
        ("unexpected-response", "fail", "76"),
        ("proxy-auth-required", "fail", "64"),
        ("internal-error", "fail", "76"),
        ("gated", "fail", "77"),
        ("disabled", "fail", "77"),
        ("not-found", "fail", "77"),
        ("read-denied", "fail", "77"),
        ("write-denied", "fail", "77"),
        ("renamed", "warn", "0"),
        ("did-you-mean", "warn", "0"),
        ("may-exist-hidden", "warn", "0"),
        ("least-privilege", "warning", "0"),
        ("quota-low", "warn", "0"),
        ("token-hardcoded", "warn", "0"),
        ("not-scanned", "warn", "0"),
        ("scope-missing", "fail", "77"),
        ("scopes-unknown", "warn", "0"),
        ("jobs-denied", "fail", "77"),
        ("inference-denied", "fail", "77"),
        ("pr-denied", "fail", "77"),
        ("grant-unknown", "warn", "0"),
        ("offline", "skip", "0"),
        ("not-rank-zero", "skip", "0"),
    ];
    for (code, word, status) in codes {
        let home = temp_dir("home");
        let mut c = command(&home);
        c.args(["--explain", code]);
        let r = run(c, &[], None);
        assert_eq!(r.code, 0, "{code}: {}", r.stderr);
        assert_eq!(r.stderr, "", "{code}");
        assert!(
            r.stdout.starts_with(&format!("{code}: ")),
            "{code}: {}",
            r.stdout
        );
        // The first sentence, its line breaks undone: `... (fail, exit status 78)`.
        let flat = r.stdout.replace('\n', " ");
        let at = flat
            .find(", exit status ")
            .expect("a (status, exit status) part");
        let open = flat[..at].rfind('(').unwrap();
        let head = &flat[..open + flat[open..].find(')').unwrap() + 1];
        let said = &head[open + 1..];
        assert!(
            said.starts_with(&format!("{word}, exit status {status}"))
                && !said[word.len()..]
                    .contains(|c: char| c.is_ascii_digit() && !status.contains(c)),
            "{code}: {head}"
        );
        assert!(r.stdout.contains("\nFix: "), "{code}: no fix: {}", r.stdout);
    }
    // `interrupted` gives 128 + the signal.
    let home = temp_dir("home");
    let mut c = command(&home);
    c.args(["--explain", "interrupted"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.replace('\n', " ").starts_with(
            "interrupted: the check was stopped by a signal (exit status 128 + the signal: 143 \
             for SIGTERM, 130 for SIGINT, 129 for SIGHUP)"
        ),
        "{}",
        r.stdout
    );
    // The product's own list of codes is this table, no more, no less.
    let home = temp_dir("home");
    let mut c = command(&home);
    c.args(["--explain", "E0308"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 64);
    let listed = r
        .stderr
        .split_once("the codes are: ")
        .unwrap_or_else(|| panic!("{}", r.stderr))
        .1
        .trim_end();
    let mut want: Vec<&str> = codes.iter().map(|(c, _, _)| *c).collect();
    want.push("interrupted");
    assert_eq!(listed.split(", ").collect::<Vec<_>>(), want);
    let home = temp_dir("home");
    let mut c = command(&home);
    c.args(["--explain", "gatd"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 64);
    assert!(r.stderr.contains("did you mean `gated`?"), "{}", r.stderr);
}

/// A misspelt option gets clap's "did you mean" end to end.
#[test]
fn did_you_mean_an_option() {
    let home = temp_dir("home");
    let mut c = command(&home);
    c.args(["--reed", "acme/model"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 64);
    assert!(r.stderr.contains("did you mean `--read`?"), "{}", r.stderr);
}

/// A REPO typo gets a hint naming it (a trailing slash); a repo missing from the
/// user's own namespace gets a spelling hint, not one about membership.
#[test]
fn repo_typos_and_own_namespace_hints() {
    let home = temp_dir("home");
    let mut c = command(&home);
    c.args(["--read", "alice/model/"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 64);
    assert!(
        r.stderr.contains("remove the trailing slash"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("`alice/model`"), "{}", r.stderr);
    let r = check_run(Kind::Read, &["--json", "--read", "alice/modle"]);
    assert_eq!(r.code, 77, "{}", r.stderr);
    let hint = r.checks("read")[0]["hint"].as_str().unwrap().to_string();
    assert!(
        hint.contains("spelling") && !hint.contains("member"),
        "{hint}"
    );
}
