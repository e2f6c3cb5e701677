//! A missing token under GitHub Actions (issue 18, item 7): the hint is about
//! the workflow's secret, not `hf jobs run` or `hf auth login`; with
//! `--allow-missing-token` (a fork's pull request) the run ends "skipped", in
//! the last line and the step summary, not "ok".

use crate::common::{FakeHub, command, run, temp_dir};

const GITHUB_WHY: &str = "is empty when no secret `HF_TOKEN` is defined for this repository or \
     its environment (Settings > Secrets and variables > Actions); Dependabot runs see only \
     Dependabot secrets, and pull requests from forks see none";

/// Empty `HF_TOKEN` in GitHub Actions: 78, the secret hint in the report and
/// the annotation, no hint meant for a workstation or Jobs.
#[test]
fn missing_token_in_github_actions_gets_the_secret_hint() {
    let fake = FakeHub::start(|_| panic!("no request without a token"));
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("GITHUB_ACTIONS", "true").env("HF_TOKEN", "");
    c.args(["--endpoint", &fake.url, "--read", "acme/model"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 78, "{}", r.stderr);
    let hint = format!(
        "hint: in GitHub Actions the token comes from a secret, `HF_TOKEN: ${{{{ secrets.HF_TOKEN }}}}` \
         in the step's or job's `env:`; `${{{{ secrets.HF_TOKEN }}}}` {GITHUB_WHY}"
    );
    assert!(r.stderr.contains(&hint), "{}", r.stderr);
    let annotation = r
        .stderr
        .lines()
        .find(|l| l.starts_with("::error title=hf-token-check token-present::"))
        .unwrap_or_else(|| panic!("no annotation: {}", r.stderr));
    assert!(annotation.contains("Dependabot secrets"), "{annotation}");
    for workstation in ["hf jobs run", "hf auth login"] {
        assert!(!r.stderr.contains(workstation), "{}", r.stderr);
    }
    assert_eq!(fake.requests().len(), 0);
}

/// A misplaced variable in GitHub Actions: named, and the fix is the workflow's `env:`.
#[test]
fn misplaced_token_in_github_actions_names_the_workflow_env() {
    let fake = FakeHub::start(|_| panic!("no request without a token"));
    let home = temp_dir("home");
    let mut c = command(&home);
    c.env("GITHUB_ACTIONS", "true")
        .env("HF_API_TOKEN", "hf_misplacedmisplacedmisplaced12");
    c.args(["--endpoint", &fake.url]);
    let r = run(c, &["hf_misplacedmisplacedmisplaced12"], None);
    assert_eq!(r.code, 78, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "hint: pass it as `HF_TOKEN` in the workflow's `env:` (`HF_TOKEN: ${{ secrets.HF_TOKEN }}`, \
             not `HF_API_TOKEN`)"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("hf jobs run"), "{}", r.stderr);
}

/// Outside GitHub Actions the hint stays the one for Jobs and workstations.
#[test]
fn missing_token_elsewhere_keeps_the_jobs_hint() {
    let home = temp_dir("home");
    let mut c = command(&home);
    c.args(["--endpoint", "http://127.0.0.1:9", "--offline"]);
    let r = run(c, &[], None);
    assert_eq!(r.code, 78, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("hint: pass the token as `HF_TOKEN`: `hf jobs run --secrets HF_TOKEN ...`"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("Dependabot"), "{}", r.stderr);
}

/// `--allow-missing-token` without a token: exit 0 but "skipped" as the last
/// line and in the step summary; the JSON says which check was skipped.
#[test]
fn allowed_missing_token_ends_skipped_not_ok() {
    let fake = FakeHub::start(|_| panic!("no request without a token"));
    let home = temp_dir("home");
    let summary = home.join("summary.md");
    let mut c = command(&home);
    c.env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary);
    c.args([
        "--endpoint",
        &fake.url,
        "--allow-missing-token",
        "--write",
        "me/out",
    ]);
    let r = run(c, &[], Some(&summary));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().last(),
        Some("hf-token-check: skipped (no token, allowed by `--allow-missing-token`)"),
        "{}",
        r.stderr
    );
    let summary = r.summary.as_deref().unwrap_or("");
    assert!(
        summary.contains("\n**skipped** (no token, allowed by `--allow-missing-token`)\n"),
        "{summary}"
    );
    assert!(!summary.contains("**ok**"), "{summary}");
    assert_eq!(fake.requests().len(), 0);
}
