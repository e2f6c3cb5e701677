//! Issue 19 end to end: the Hub's API quota (shown, in the JSON, a warning when
//! low, silent without headers), the request budget of a passing run, and the
//! scan of the job's script for hardcoded tokens (`--no-scan`, `--scan PATH`).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::json;

use crate::common::model::{Hub, Kind, token_value};
use crate::common::{FakeHub, Reply, Run, command, run, temp_dir};

const FREE_USER: (&str, &str) = (
    "\"api\";r=988;t=240",
    "\"fixed window\";\"api\";q=1000;w=300",
);

fn hub() -> (FakeHub, String) {
    let (hub, token) = Hub::standard().with_token("quota", "alice", "ci", Kind::Write);
    (FakeHub::start(move |r| hub.answer(r)), token)
}

fn cmd(fake: &FakeHub, token: &str, home: &Path) -> Command {
    let mut c = command(home);
    c.env("HF_TOKEN", token).args(["--endpoint", &fake.url]);
    c
}

fn whoami_message(r: &Run) -> String {
    r.checks("whoami")[0]["message"]
        .as_str()
        .unwrap()
        .to_string()
}

// ------------------------------------------------------------------ 1. quota

/// The quota is shown once, on the whoami line, and is in the JSON.
#[test]
fn quota_is_shown_and_in_the_json() {
    let (fake, token) = hub();
    fake.set_ratelimit(Some(FREE_USER));
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "acme/model", "--json"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = "API quota: 988 of 1,000 left in this 5-minute window, resets in 4 min";
    assert!(
        whoami_message(&r).ends_with(&format!("; {line}")),
        "{}",
        r.stdout
    );
    assert_eq!(r.stderr.matches("API quota").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains(line), "{}", r.stderr);
    assert_eq!(
        r.json()["quota"],
        json!({"remaining": 988, "quota": 1000, "window": 300, "reset": 240})
    );
    assert!(r.checks("quota").is_empty(), "{}", r.stdout);
}

/// The fewest requests left wins, whatever order the answers arrive in: within
/// a window the count only falls, so the fewest is the Hub's latest count.
#[test]
fn the_fewest_left_wins_in_any_order() {
    // (the auth-check's answer is the slow one, whoami's is)
    for auth_check_late in [true, false] {
        let (hub, token) = Hub::standard().with_token("quota", "alice", "ci", Kind::Write);
        let fake = FakeHub::start(move |r| {
            let reply = hub.answer(r);
            let late = r.path.ends_with("/auth-check") == auth_check_late;
            let reply = if late {
                reply.delay(Duration::from_millis(300))
            } else {
                reply
            };
            if r.path.ends_with("/auth-check") {
                return reply.header("RateLimit", "\"api\";r=977;t=200");
            }
            reply
        });
        fake.set_ratelimit(Some(FREE_USER));
        let home = temp_dir("home");
        let mut c = cmd(&fake, &token, &home);
        c.args(["--read", "acme/model", "--json"]);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.json()["quota"]["remaining"], 977, "{}", r.stdout);
        assert_eq!(r.json()["quota"]["reset"], 200, "{}", r.stdout);
        assert!(
            whoami_message(&r).contains("API quota: 977 of 1,000"),
            "{}",
            r.stdout
        );
    }
}

/// Below the default (10% of the quota) or `--min-quota`: a `quota-low` warning that
/// says what it means for the job and when the window resets; the exit status and
/// COMMAND are unchanged. At or above it: no warning.
#[test]
fn low_quota_warns_without_changing_the_exit_status() {
    let (fake, token) = hub();
    fake.set_ratelimit(Some((
        "\"api\";r=42;t=150",
        "\"fixed window\";\"api\";q=1000;w=300",
    )));
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "acme/model", "--json", "--", "sh", "-c", "exit 3"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 3, "COMMAND ran, its status is ours: {}", r.stderr);
    let q = &r.checks("quota")[0];
    assert_eq!(
        (q["status"].as_str(), q["code"].as_str()),
        (Some("warn"), Some("quota-low"))
    );
    assert_eq!(
        q["message"],
        "only 42 of 1,000 API requests are left in this 5-minute window (below 100, 10% of the \
         quota; `--min-quota` sets it): the job's own Hub calls may get 429 (rate-limited) \
         before the window resets in 3 min"
    );
    assert!(r.json()["ok"].as_bool().unwrap());
    assert!(r.stderr.contains("! quota: quota-low"), "{}", r.stderr);
    // Said once: the warning carries the numbers, the whoami line does not repeat them.
    assert!(!whoami_message(&r).contains("API quota"), "{}", r.stdout);

    // `--min-quota` below what is left: no warning, the line is back.
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "acme/model", "--json", "--min-quota", "10"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0);
    assert!(r.checks("quota").is_empty(), "{}", r.stdout);
    assert!(
        whoami_message(&r).contains("API quota: 42 of 1,000"),
        "{}",
        r.stdout
    );
    assert!(!r.stderr.contains("quota-low"), "{}", r.stderr);

    // `--min-quota` above it (the default quota is 499 of 500: fine by default).
    fake.set_ratelimit(Some(crate::common::DEFAULT_RATELIMIT));
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "acme/model", "--json"]);
    assert!(run(c, &[&token], None).checks("quota").is_empty());
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "acme/model", "--json", "--min-quota", "500"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.code_of("quota").as_deref(),
        Some("quota-low"),
        "{}",
        r.stdout
    );

    // A failing run keeps its own exit status.
    let mut c = cmd(&fake, &token, &home);
    c.args(["--write", "meta/granted", "--min-quota", "500"]);
    assert_eq!(run(c, &[&token], None).code, 77);

    // Not a number: a usage error naming the flag.
    let mut c = cmd(&fake, &token, &home);
    c.args(["--min-quota", "lots"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 64);
    assert!(
        r.stderr.contains("`--min-quota` needs a number"),
        "{}",
        r.stderr
    );
}

/// Without `RateLimit` headers nothing is said about the quota: no line, no
/// warning, `quota: null`.
#[test]
fn no_quota_text_without_headers() {
    let (fake, token) = hub();
    fake.set_ratelimit(None);
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "acme/model", "--json", "--min-quota", "1000000"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.json()["quota"].is_null(), "{}", r.stdout);
    assert!(r.checks("quota").is_empty());
    assert!(!r.stderr.to_lowercase().contains("quota"), "{}", r.stderr);
}

// ------------------------------------------------------- 2. request budget

/// A passing run costs 1 + N requests for N repos: whoami and one auth-check each.
#[test]
fn a_passing_run_with_two_repos_makes_three_requests() {
    let (fake, token) = hub();
    let home = temp_dir("home");
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "datasets/acme/data", "--write", "acme/model"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut paths = fake.paths();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/api/datasets/acme/data/auth-check",
            "/api/models/acme/model/auth-check/write",
            "/api/whoami-v2",
        ]
    );
}

// ------------------------------------------------- 3. hardcoded tokens

/// A script file in `dir` with `text`, executable.
fn script(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Another token in the script: a warning naming the file and the line, the
/// command still runs, and no 6-character piece of either token is shown.
#[test]
fn another_token_in_the_script_warns_and_the_job_runs() {
    let (fake, token) = hub();
    let other = token_value("an old token in the script");
    let home = temp_dir("home");
    let marker = home.join("ran");
    let text = format!(
        "# train\n:\nHF_TOKEN=\"{other}\"  # do not commit\ntouch '{}'\n",
        marker.display()
    );
    let train = script(&home, "train.sh", &text);
    let summary = home.join("summary.md");
    let report = home.join("report.json");
    let mut c = cmd(&fake, &token, &home);
    // Every output: stdout, stderr, annotations, the step summary, `--json-file`.
    c.env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary);
    c.args(["--read", "acme/model", "--json", "--json-file"])
        .arg(&report);
    c.args(["--", "sh"]).arg(&train);
    let r = run(c, &[&token, &other], Some(&summary));
    assert!(
        r.summary
            .as_deref()
            .unwrap_or("")
            .contains("token-hardcoded")
    );
    let file = std::fs::read_to_string(&report).unwrap();
    assert!(file.contains("token-hardcoded"), "{file}");
    for secret in [&token, &other] {
        let body: Vec<char> = secret[3..].chars().collect();
        for w in body.windows(6) {
            assert!(!file.contains(&w.iter().collect::<String>()), "{file}");
        }
    }
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(marker.exists(), "COMMAND did not run: {}", r.stderr);
    let s = &r.checks("script")[0];
    assert_eq!(
        (s["status"].as_str(), s["code"].as_str()),
        (Some("warn"), Some("token-hardcoded"))
    );
    let want = format!(
        "`{}` (line 3) holds a Hugging Face token (hf_…{}) that is not the one being checked: this \
         script carries another token, which it may use instead of `HF_TOKEN`",
        train.display(),
        &other[other.len() - 4..]
    );
    assert_eq!(s["message"], want.as_str());
    assert!(r.stderr.contains(&want), "{}", r.stderr);
    assert!(
        r.stderr.contains("! script: token-hardcoded"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("::warning title=hf-token-check script::"),
        "{}",
        r.stderr
    );
    // The hardcoded token was sent nowhere.
    for req in fake.requests() {
        assert_eq!(req.bearer(), Some(token.as_str()), "{}", req.path);
    }

    // A `#!` script run as COMMAND itself, and `python3 -u x.py` (when python3 is here).
    let shebang = script(&home, "run", &format!("#!/bin/sh\n\ntoken={other}\ntrue\n"));
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "acme/model", "--json", "--"])
        .arg(&shebang);
    let r = run(c, &[&token, &other], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let m = r.checks("script")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        m.starts_with(&format!("`{}` (line 3) holds", shebang.display())),
        "{m}"
    );
    if let Some(python) = crate::common::needs("python3", &[]) {
        let py = script(&home, "x.py", &format!("import os\n\n\n\nt = '{other}'\n"));
        let mut c = cmd(&fake, &token, &home);
        c.args(["--read", "acme/model", "--json", "--"])
            .arg(python)
            .arg("-u")
            .arg(&py);
        let r = run(c, &[&token, &other], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let m = r.checks("script")[0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            m.starts_with(&format!("`{}` (line 5) holds", py.display())),
            "{m}"
        );
    }
}

/// `accelerate launch --config_file cfg.yaml train.py` (and `uv run --env-file
/// .env x.py`): an option's value that is an existing file is not the script;
/// the file named like a script is, and the launcher still runs.
#[test]
fn launcher_options_with_files_do_not_hide_the_script() {
    let (fake, token) = hub();
    let other = token_value("a token in a launched script");
    let home = temp_dir("home");
    let bin = home.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let marker = home.join("launched");
    script(
        &bin,
        "accelerate",
        &format!("#!/bin/sh\ntouch '{}'\n", marker.display()),
    );
    let config = script(&home, "cfg.yaml", "compute_environment: LOCAL_MACHINE\n");
    let train = script(&home, "train.py", &format!("import os\nT = '{other}'\n"));
    let mut c = cmd(&fake, &token, &home);
    c.env("PATH", format!("{}:/usr/bin:/bin", bin.display()));
    c.args([
        "--read",
        "acme/model",
        "--json",
        "--",
        "accelerate",
        "launch",
    ])
    .arg("--config_file")
    .arg(&config)
    .args(["--num_processes", "2"])
    .arg(&train);
    let r = run(c, &[&token, &other], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(marker.exists(), "the launcher did not run: {}", r.stderr);
    let m = r.checks("script")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        m.starts_with(&format!("`{}` (line 2) holds", train.display())),
        "{m}"
    );

    // Shell code that names the script: `sh -c "... train.py ..."`.
    let mut c = cmd(&fake, &token, &home);
    let code = format!(
        "cd / && : '{}' --epochs 3; touch '{}'",
        train.display(),
        marker.display()
    );
    std::fs::remove_file(&marker).unwrap();
    c.args(["--read", "acme/model", "--json", "--", "sh", "-c", &code]);
    let r = run(c, &[&token, &other], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(marker.exists(), "the shell did not run: {}", r.stderr);
    let m = r.checks("script")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        m.starts_with(&format!("`{}` (line 2) holds", train.display())),
        "{m}"
    );
}

/// The token being checked, hardcoded: said so, masked; a warning only.
#[test]
fn the_checked_token_in_the_script() {
    let (fake, token) = hub();
    let home = temp_dir("home");
    let train = script(
        &home,
        "job.sh",
        &format!("export HF_TOKEN={token}\nexit 0\n"),
    );
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "acme/model", "--json", "--", "bash"])
        .arg(&train);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = &r.checks("script")[0];
    assert_eq!(s["code"], "token-hardcoded");
    assert_eq!(
        s["message"],
        format!(
            "`{}` (line 1) holds the token being checked (hf_…{}): the token is in the script: \
             anyone who can read the script has it",
            train.display(),
            &token[token.len() - 4..]
        )
        .as_str()
    );
}

/// `--no-scan`: nothing is read, nothing is said.
#[test]
fn no_scan_turns_it_off() {
    let (fake, token) = hub();
    let other = token_value("no-scan");
    let home = temp_dir("home");
    let train = script(&home, "job.sh", &format!("T={other}\n"));
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "acme/model", "--json", "--no-scan"])
        .args(["--scan"])
        .arg(&train)
        .args(["--", "sh"])
        .arg(&train);
    let r = run(c, &[&token, &other], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.checks("script").is_empty(), "{}", r.stdout);
    assert!(!r.stderr.contains("token-hardcoded"), "{}", r.stderr);
}

/// `--scan PATH` (the Python API's `require()` passes its script): the same
/// scan, with or without a COMMAND, and the same file is reported once.
#[test]
fn scan_path_with_or_without_a_command() {
    let (fake, token) = hub();
    let other = token_value("python api");
    let home = temp_dir("home");
    let py = script(
        &home,
        "train.py",
        &format!("from x import y\nlogin('{other}')\n"),
    );
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "acme/model", "--json", "--scan"])
        .arg(&py);
    let r = run(c, &[&token, &other], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let found = r.checks("script");
    assert_eq!(found.len(), 1, "{}", r.stdout);
    let m = found[0]["message"].as_str().unwrap();
    assert!(
        m.starts_with(&format!(
            "`{}` (line 2) holds a Hugging Face token",
            py.display()
        )),
        "{m}"
    );

    // With a COMMAND running the same file: once.
    let mut c = cmd(&fake, &token, &home);
    c.current_dir(&*home);
    c.args(["--read", "acme/model", "--json", "--scan"])
        .arg(&py)
        .args(["--", "sh", "train.py"]);
    let r = run(c, &[&token, &other], None);
    assert_eq!(r.checks("script").len(), 1, "{}", r.stdout);

    // A path that is no file says nothing, and fails nothing.
    let mut c = cmd(&fake, &token, &home);
    c.args(["--read", "acme/model", "--json", "--scan"])
        .arg(home.join("absent.py"));
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0);
    assert!(r.checks("script").is_empty());
}

/// Replies carrying their own `RateLimit` are not given the default ones.
#[test]
fn fake_hub_quota_headers_per_test() {
    let fake = FakeHub::start(|_| Reply::new(200).header("RateLimit", "\"api\";r=1;t=2"));
    let (status, headers) = raw_get(&fake);
    assert!(status.contains("200"));
    assert!(headers.contains("RateLimit: \"api\";r=1;t=2") && !headers.contains("r=499"));
    let fake = FakeHub::start(|_| Reply::new(200));
    assert!(raw_get(&fake).1.contains("RateLimit: \"api\";r=499;t=295"));
    fake.set_ratelimit(None);
    assert!(!raw_get(&fake).1.to_lowercase().contains("ratelimit"));
}

fn raw_get(fake: &FakeHub) -> (String, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(fake.addr).unwrap();
    s.write_all(b"GET /api/whoami-v2 HTTP/1.1\r\nhost: x\r\n\r\n")
        .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let (head, _) = out.split_once("\r\n\r\n").unwrap();
    let (status, headers) = head.split_once("\r\n").unwrap();
    (status.to_string(), headers.to_string())
}
