//! hf-token-check as an entrypoint, a uv-script preamble and a CI step:
//! exec, requirements from the environment, --quiet, --warn-only,
//! --min-validity, GitHub annotations and step summary.

use std::path::Path;
use std::process::Command;

use crate::common::model::{Hub, Kind};
use crate::common::{FakeHub, Reply, command, run, temp_dir};
use serde_json::json;

fn hub_with(kind: Kind) -> (FakeHub, String) {
    let (hub, token) = Hub::standard().with_token("wrap", "alice", "ci", kind);
    (FakeHub::start(move |r| hub.answer(r)), token)
}

fn cmd(fake: &FakeHub, token: &str, home: &Path) -> Command {
    let mut c = command(home);
    c.env("HF_TOKEN", token).args(["--endpoint", &fake.url]);
    c
}

/// On success the process becomes COMMAND: same PID, arguments verbatim (even
/// ones that look like our flags), environment with `HF_TOKEN`, COMMAND's exit status.
#[test]
fn exec_replaces_the_process() {
    let (fake, token) = hub_with(Kind::Write);
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.env("EXPECTED", &token).env("OTHER", "kept");
    c.args(["--read", "acme/model", "--"]);
    c.args(["sh", "-c", r#"echo "pid=$$"; for a in "$@"; do echo "arg=[$a]"; done; [ "$HF_TOKEN" = "$EXPECTED" ] && echo token=same; echo "other=$OTHER"; exit 42"#]);
    c.args(["sh", "--read", "x y", "--", "--json", ""]);
    c.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = c.spawn().unwrap();
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(42),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = format!(
        "pid={pid}\narg=[--read]\narg=[x y]\narg=[--]\narg=[--json]\narg=[]\ntoken=same\nother=kept\n"
    );
    assert_eq!(stdout, want);
    assert!(String::from_utf8_lossy(&out.stderr).contains("hf-token-check: ok"));
}

/// When a check fails, COMMAND does not run and the exit status is ours.
#[test]
fn no_exec_on_failure() {
    let (fake, token) = hub_with(Kind::Read);
    let home = temp_dir("home");
    let marker = home.join("ran");
    let mut c = cmd(&fake, &token, &home);
    c.args(["--write", "acme/model", "--", "touch"])
        .arg(&marker);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 77);
    assert!(!marker.exists(), "COMMAND ran after a failure");
    let mut c = command(&home);
    c.args(["--", "touch"]).arg(&marker);
    assert_eq!(run(c, &[], None).code, 78);
    assert!(!marker.exists());
}

/// COMMAND not found: 127; found but not executable: 126; both with an `error:` naming it.
#[test]
fn exec_failures_126_and_127() {
    let (fake, token) = hub_with(Kind::Write);
    let home = temp_dir("home");
    let script = home.join("not-executable.sh");
    std::fs::write(&script, "#!/bin/sh\necho hi\n").unwrap();
    let rows = [
        ("no-such-command-hftc".to_string(), 127, "command not found"),
        ("/nonexistent/bin/tool".to_string(), 127, "no such file"),
        (script.display().to_string(), 126, "permission denied"),
        (home.display().to_string(), 126, "permission denied"),
    ];
    for (program, code, word) in rows {
        let mut c = cmd(&fake, &token, &home);
        c.args(["--", &program]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, code, "{program}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("error: cannot run `{program}`")) && r.stderr.contains(word),
            "{}",
            r.stderr
        );
    }
}

/// `HF_TOKEN_CHECK_READ` / `_WRITE` add to the flags; a bad entry is a usage error naming the variable.
#[test]
fn requirements_from_the_environment() {
    let (fake, token) = hub_with(Kind::Write);
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.env(
        "HF_TOKEN_CHECK_READ",
        "datasets/acme/data, spaces/acme/app\n",
    )
    .env("HF_TOKEN_CHECK_WRITE", "acme/model alice/new");
    c.args(["--read", "meta/granted", "--json"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let repos: Vec<(String, String)> = r.json()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["repo"].is_string())
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_string(),
                c["repo"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("read", "meta/granted"),
        ("read", "datasets/acme/data"),
        ("read", "spaces/acme/app"),
        ("write", "acme/model"),
        ("write", "alice/new"),
    ];
    assert_eq!(repos, want.map(|(a, b)| (a.to_string(), b.to_string())));

    let mut c = cmd(&fake, &token, &home);
    c.env("HF_TOKEN_CHECK_WRITE", "acme/model,bad--name/x");
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 64);
    assert!(r.stderr.contains("`HF_TOKEN_CHECK_WRITE`"), "{}", r.stderr);
}

/// `--quiet` prints nothing on success, the full report on failure.
#[test]
fn quiet() {
    let (fake, token) = hub_with(Kind::Read);
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.args(["--quiet", "--read", "acme/model"]);
    let r = run(c, &[&token], None);
    assert_eq!((r.code, r.stderr.as_str(), r.stdout.as_str()), (0, "", ""));
    let mut c = cmd(&fake, &token, &home);
    c.args(["--quiet", "--write", "acme/model"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 77);
    assert!(
        r.stderr.contains("\n✗ write acme/model: write-denied\n  ")
            && r.stderr.contains("\n  hint: ")
    );
}

/// `--warn-only` reports failures as warnings and exits 0 or runs COMMAND; JSON keeps the verdict.
#[test]
fn warn_only() {
    let (fake, token) = hub_with(Kind::Read);
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.args(["--warn-only", "--json", "--write", "acme/model"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0);
    let j = r.json();
    assert_eq!(
        (
            j["ok"].clone(),
            j["exit_code"].clone(),
            j["enforced"].clone()
        ),
        (json!(false), json!(77), json!(false))
    );
    assert!(
        r.stderr.contains("\n! write acme/model: write-denied\n  ") && !r.stderr.contains('✗'),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("not enforced"), "{}", r.stderr);

    let mut c = cmd(&fake, &token, &home);
    c.args([
        "--warn-only",
        "--write",
        "acme/model",
        "--",
        "sh",
        "-c",
        "echo job ran; exit 3",
    ]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 3);
    assert_eq!(r.stdout, "job ran\n");
    assert!(r.stderr.contains("not enforced"));
}

/// `--min-validity` against an OAuth token's expiry: passing, failing (78, token-expiring), expired.
#[test]
fn min_validity() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    // The product's own date writer (the one algorithm; no copy here).
    let at = |offset: i64| hf_token_check::timestamp::format(now + offset);
    let rows = [
        (3 * 3600, "2h", 0, None),
        (3600, "2h", 78, Some("expires in")),
        (-600, "1m", 78, Some("expired")),
    ];
    for (offset, min, code, word) in rows {
        let (fake, token) = hub_with(Kind::OAuth(at(offset)));
        let home = temp_dir("home");
        let mut c = cmd(&fake, &token, &home);
        c.args(["--min-validity", min, "--json", "--read", "acme/model"]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, code, "{offset}: {}", r.stderr);
        assert_eq!(r.json()["token"]["expires_at"], at(offset));
        if let Some(w) = word {
            assert_eq!(r.code_of("whoami").as_deref(), Some("token-expiring"));
            assert!(r.stderr.contains(w), "{}", r.stderr);
        }
    }
    // a classic token has no expiry: it lasts
    let (fake, token) = hub_with(Kind::Write);
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.args(["--min-validity", "1d"]);
    assert_eq!(run(c, &[&token], None).code, 0);
}

/// An expiry on a date that does not exist (`2099-02-31`) is not rolled into
/// March and passed: `--min-validity` cannot be verified, 78 `token-expiring`.
#[test]
fn an_impossible_expiry_date_is_not_read() {
    for expiry in ["2099-02-31T00:00:00.000Z", "2099-04-31T00:00:00.000Z"] {
        let (fake, token) = hub_with(Kind::OAuth(expiry.into()));
        let home = temp_dir("home");
        let mut c = cmd(&fake, &token, &home);
        c.args(["--min-validity", "1h", "--json", "--read", "acme/model"]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 78, "{expiry}: {}", r.stderr);
        let expiring: Vec<_> = r
            .checks("whoami")
            .into_iter()
            .filter(|c| c["code"] == "token-expiring")
            .collect();
        assert_eq!(expiring.len(), 1, "{expiry}: {}", r.stdout);
        assert_eq!(expiring[0]["status"], "fail", "{expiry}");
        assert_eq!(
            expiring[0]["message"],
            format!(
                "could not read the token's expiry `{expiry}`, so `--min-validity` 1h could not \
                 be verified"
            ),
            "{expiry}"
        );
    }
}

/// A duration with a unit twice or out of order is a usage error (64), never
/// summed: `1h1h`, `5m2h`.
#[test]
fn durations_take_each_unit_once_largest_first() {
    let (fake, token) = hub_with(Kind::Write);
    for (flag, value) in [
        ("--min-validity", "1h1h"),
        ("--min-validity", "5m2h"),
        ("--max-age", "1d1w"),
    ] {
        let home = temp_dir("home");
        let mut c = cmd(&fake, &token, &home);
        c.args([flag, value, "--read", "acme/model"]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 64, "{value}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "`{flag}` takes a duration such as `90m`, `2h`, `1d`, `4w` or `1h30m` (units `w`, \
                 `d`, `h`, `m`, `s`, each at most once, largest first), got `{value}`"
            )),
            "{}",
            r.stderr
        );
    }
    assert!(fake.requests().is_empty(), "a usage error asks nothing");
}

/// With `GITHUB_ACTIONS=true`, failures become `::error` commands, escaped; the
/// step summary gets a Markdown table; neither holds the token.
#[test]
fn github_annotations_and_step_summary() {
    let token = crate::common::model::token_value("gh");
    let fake = {
        let (hub, _) = Hub::standard().with_token("gh", "alice", "ci", Kind::Write);
        FakeHub::start(move |r| {
            if r.path.contains("policy") {
                Reply::error(403, None, "100% blocked: org policy, see admin")
            } else {
                hub.answer(r)
            }
        })
    };
    let home = temp_dir("home");
    let summary = home.join("summary.md");
    std::fs::write(&summary, "previous step\n").unwrap();
    let mut c = cmd(&fake, &token, &home);
    c.env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary);
    c.args(["--write", "acme/policy", "--read", "acme/model"]);
    let r = run(c, &[&token], Some(&summary));
    assert_eq!(r.code, 77);
    let line = r
        .stderr
        .lines()
        .find(|l| l.starts_with("::error "))
        .expect("an ::error line");
    assert!(
        line.starts_with("::error title=hf-token-check write acme/policy::"),
        "{line}"
    );
    assert!(
        line.contains("100%25 blocked: org policy, see admin"),
        "{line}"
    );
    assert!(line.contains(" — "), "message and hint: {line}");
    assert!(line.contains("acme/policy"), "names the repo: {line}");
    assert!(!line[8..].contains('\n'));
    let md = r.summary.unwrap();
    assert!(md.starts_with("previous step\n"), "appended");
    assert!(
        md.contains("| ✗ | `write acme/policy` | `write-denied` |"),
        "{md}"
    );
    assert!(md.contains("| ✓ | `read acme/model` | `pass` |"), "{md}");
    assert!(md.contains("exit status 77"));

    // warnings are ::warning; nothing without GITHUB_ACTIONS
    let mut c = cmd(&fake, &token, &home);
    c.env("GITHUB_ACTIONS", "true")
        .args(["--warn-only", "--write", "acme/policy"]);
    let r = run(c, &[&token], None);
    assert!(
        r.stderr
            .contains("::warning title=hf-token-check write acme/policy::"),
        "{}",
        r.stderr
    );
    let mut c = cmd(&fake, &token, &home);
    c.args(["--write", "acme/policy"]);
    assert!(!run(c, &[&token], None).stderr.contains("::error"));
}

/// The uv-script preamble, run by the machine's python3 against the fake Hub:
/// the job runs after a pass, stops with our exit status after a failure, and
/// says so clearly when the binary is not on PATH.
#[test]
fn preamble_runs_under_python() {
    // The absolute path: the child's PATH is cleared.
    let Some(py) = crate::common::needs("python3", &[]) else {
        return;
    };
    let preamble =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/preamble.py"))
            .unwrap();
    let (fake, token) = hub_with(Kind::Read);
    let bin_dir = Path::new(crate::common::bin())
        .parent()
        .unwrap()
        .to_path_buf();
    let home = temp_dir("home");
    let rows = [
        ("[\"--read\", \"acme/model\"]", true, 0),
        ("[\"--write\", \"acme/model\"]", true, 77),
        ("[\"--read\", \"acme/model\"]", false, 127),
    ];
    for (args, on_path, code) in rows {
        let script = home.join("job.py");
        let text = preamble.replace(
            "HF_TOKEN_CHECK_ARGS = [\"--write\", \"me/model\"]",
            &format!("HF_TOKEN_CHECK_ARGS = {args}"),
        );
        assert_ne!(text, preamble, "the preamble's requirement line moved");
        std::fs::write(&script, text).unwrap();
        let mut c = Command::new(&py);
        // the preamble must find the binary through PATH alone
        c.env_clear()
            .env("HOME", &home)
            .env("HF_TOKEN", &token)
            .env("HF_ENDPOINT", &fake.url);
        let path = if on_path {
            format!("{}:/usr/bin:/bin", bin_dir.display())
        } else {
            "/usr/bin:/bin".to_string()
        };
        c.env("PATH", path).arg(&script);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, code, "{args}: {}", r.stderr);
        assert_eq!(
            r.stdout.contains("the job starts here"),
            code == 0,
            "{}",
            r.stdout
        );
        if code == 127 {
            assert!(
                r.stderr.contains("`hf-token-check` is not on PATH"),
                "{}",
                r.stderr
            );
        } else {
            assert!(r.stderr.contains("✓ whoami"), "{}", r.stderr);
        }
    }
}
