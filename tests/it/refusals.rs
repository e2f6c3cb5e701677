//! Refusals in the Hub's own words (issue 25, items 2 and 3), end to end:
//! the fine-grained "public gated repos" setting with whoami 200 and 429, the
//! setting on the whoami line, a token revoked by an org admin, a bare 403, and
//! a redirect to another repository.

use crate::common::model::{Hub, Kind};
use crate::common::{FakeHub, Recorded, Reply, Run, command, run, temp_dir};

const SETTING: &str = "\"Read access to contents of all public gated repos you can access\"";

/// A fine-grained token of alice with `repo.content.read` on her namespace and
/// the gated-repos setting off.
fn fine_without_gated() -> (Hub, String) {
    Hub::standard().with_token(
        "refusals",
        "alice",
        "deploy",
        Kind::Fine(
            Some(false),
            vec![("user", "alice", vec!["repo.content.read"])],
        ),
    )
}

/// The binary against `handler`, human report on stderr, JSON on stdout.
fn check(
    token: &str,
    handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    args: &[&str],
) -> Run {
    let hub = FakeHub::start(handler);
    let home = temp_dir("refusals");
    let mut c = command(&home);
    c.env("HF_TOKEN", token)
        .args(["--endpoint", &hub.url, "--json"])
        .args(args);
    run(c, &[token], None)
}

fn text(c: &serde_json::Value) -> String {
    format!(
        "{} // {}",
        c["message"].as_str().unwrap_or(""),
        c["hint"].as_str().unwrap_or("")
    )
}

/// The Hub's "enable access to public gated repositories" 403 names the token
/// setting and where to change it, with whoami 200 and with whoami 429 alike:
/// no scoped permission, no "request access", never "cannot be told".
#[test]
fn the_gated_repos_setting_decides_with_or_without_whoami() {
    for whoami_429 in [false, true] {
        let (hub, token) = fine_without_gated();
        let r = check(
            &token,
            move |r| {
                if whoami_429 && r.path == "/api/whoami-v2" {
                    return Reply::error(429, None, "We had to rate limit you")
                        .header("retry-after", "1");
                }
                hub.answer(r)
            },
            &["--read", "meta/granted", "--timeout", "3"],
        );
        assert_eq!(r.code, 77, "{}", r.stderr);
        let c = &r.checks("read")[0];
        assert_eq!(c["code"], "gated", "{c}");
        let t = text(c);
        assert!(t.contains(SETTING), "{t}");
        // The tokens page of the endpoint the run checked (docs/checks.md,
        // "Pages in hints"): here the fake Hub on 127.0.0.1.
        let hint = c["hint"].as_str().unwrap();
        let page = hint
            .split("(edit the token at ")
            .nth(1)
            .and_then(|rest| rest.split(')').next())
            .unwrap_or_else(|| panic!("{t}"));
        assert!(
            page.starts_with("http://127.0.0.1:") && page.ends_with("/settings/tokens"),
            "{t}"
        );
        for wrong in ["request access", "repo.content.read", "cannot be told"] {
            assert!(!t.contains(wrong), "{wrong}: {t}");
        }
        // The human report says the same.
        assert!(r.stderr.contains("is off"), "{}", r.stderr);
    }
}

/// whoami's `canReadGatedRepos: false` is said on the whoami line, in the human
/// report and the JSON, even when nothing gated is asked for.
#[test]
fn the_whoami_line_says_the_setting_is_off() {
    let (hub, token) = fine_without_gated();
    let r = check(&token, move |r| hub.answer(r), &["--read", "alice/model"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r.checks("whoami")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        line.contains(&format!("its setting {SETTING} is off")),
        "{line}"
    );
    assert!(r.stderr.contains("cannot read gated repos"), "{}", r.stderr);
}

/// A token revoked by an org admin: permanent, create a new token (which may
/// need the org's approval), it still works outside the org; never "ask an
/// admin to approve the token".
#[test]
fn a_revoked_token_is_told_to_be_replaced() {
    let (hub, token) = Hub::standard().with_token("revoked", "alice", "ci", Kind::Write);
    let revoked = "Your token has been revoked by the organization administrator, you can no \
                   longer access organization resources. Please contact them for more information.";
    let r = check(
        &token,
        move |r| {
            if r.path.starts_with("/api/models/acme/") {
                return Reply::error(403, None, revoked);
            }
            hub.answer(r)
        },
        &["--read", "acme/model", "--read", "alice/model"],
    );
    assert_eq!(r.code, 77, "{}", r.stderr);
    let reads = r.checks("read");
    let c = reads.iter().find(|c| c["repo"] == "acme/model").unwrap();
    assert_eq!(c["code"], "read-denied");
    let t = text(c);
    assert!(t.contains("revocation is permanent"), "{t}");
    assert!(t.contains("still works outside `acme`"), "{t}");
    assert!(t.contains("create a new token at"), "{t}");
    assert!(t.contains("may have to approve it"), "{t}");
    assert!(!t.contains("ask an admin"), "{t}");
    // It does still work elsewhere: the user's own repo passes.
    let own = reads.iter().find(|c| c["repo"] == "alice/model").unwrap();
    assert_eq!(own["status"], "pass", "{own}");
}

/// A bare 403 (no message at all) never sends the user to "the Hub's message
/// above"; a 403 with a message quotes it in the hint.
#[test]
fn a_bare_403_says_the_hub_gave_no_reason() {
    let (hub, token) = Hub::standard().with_token("bare", "alice", "ci", Kind::Write);
    let r = check(
        &token,
        move |r| {
            if r.path == "/api/models/acme/model/auth-check" {
                return Reply::new(403);
            }
            if r.path == "/api/models/acme/data/auth-check" {
                return Reply::error(403, None, "Some repo setting forbids it");
            }
            hub.answer(r)
        },
        &["--read", "acme/model", "--read", "acme/data"],
    );
    assert_eq!(r.code, 77, "{}", r.stderr);
    let reads = r.checks("read");
    let bare = reads.iter().find(|c| c["repo"] == "acme/model").unwrap();
    let hint = bare["hint"].as_str().unwrap();
    assert!(
        hint.starts_with("the Hub gave no reason (no message)"),
        "{hint}"
    );
    assert!(!r.stderr.contains("message above"), "{}", r.stderr);
    let said = reads.iter().find(|c| c["repo"] == "acme/data").unwrap();
    assert!(
        said["hint"]
            .as_str()
            .unwrap()
            .starts_with("the Hub said \"Some repo setting forbids it\""),
        "{said}"
    );
}

/// `runwayml/stable-diffusion-v1-5` answers 307 to another repository
/// (hub-api.md, "Answers seen, 2026-12"): the reason and the fix name the
/// repository that answered, and the message says it was asked as the old one.
#[test]
fn a_redirect_to_another_repository_names_the_one_that_answered() {
    let (hub, token) = Hub::standard().with_token("moved", "alice", "ci", Kind::Read);
    let r = check(
        &token,
        move |r| match r.path.as_str() {
            "/api/models/runwayml/stable-diffusion-v1-5/auth-check" => Reply::new(307).header(
                "location",
                "/api/models/stable-diffusion-v1-5/stable-diffusion-v1-5/auth-check",
            ),
            "/api/models/stable-diffusion-v1-5/stable-diffusion-v1-5/auth-check" => Reply::error(
                403,
                Some("GatedRepo"),
                "Access to model stable-diffusion-v1-5/stable-diffusion-v1-5 is restricted and \
                 you are not in the authorized list.",
            ),
            _ => hub.answer(r),
        },
        &["--read", "runwayml/stable-diffusion-v1-5"],
    );
    assert_eq!(r.code, 77, "{}", r.stderr);
    let c = &r.checks("read")[0];
    assert_eq!(c["code"], "gated");
    let m = c["message"].as_str().unwrap();
    assert!(
        m.starts_with("model `stable-diffusion-v1-5/stable-diffusion-v1-5` is gated"),
        "{m}"
    );
    assert!(
        m.contains("asked as `runwayml/stable-diffusion-v1-5`"),
        "{m}"
    );
    let hint = c["hint"].as_str().unwrap();
    assert!(
        hint.ends_with("/stable-diffusion-v1-5/stable-diffusion-v1-5")
            && !hint.contains("runwayml"),
        "{hint}"
    );
}

/// Inside a Hugging Face Job (`JOB_ID` set, issue 25 item 6): the report names
/// the job, a missing token is told to go in the job's secrets (not CI, not a
/// workstation), and `WEBHOOK_SECRET` (a webhook-started job's secret, here
/// shaped like a token to tempt the misplaced-token scan) appears in no output
/// and is never named as the token's place.
#[test]
fn inside_a_job_the_report_names_it_and_keeps_its_webhook_secret() {
    let webhook_secret = "hf_WebhookSecretQ9x8C7v6B5n4M3l2K1j0";
    let (hub, token) = Hub::standard().with_token("job", "alice", "ci", Kind::Write);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let job = "6925a0c1e1e2b3a4f5d6c7b8";
    let dir = temp_dir("job");
    let summary = dir.join("summary.md");
    for with_token in [true, false] {
        let mut c = command(&dir);
        if with_token {
            c.env("HF_TOKEN", &token);
        }
        c.env("JOB_ID", job)
            .env("ACCELERATOR", "none")
            .env("WEBHOOK_SECRET", webhook_secret)
            .env("WEBHOOK_PAYLOAD", "{\"event\":{\"action\":\"update\"}}")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args(["--endpoint", &fake.url, "--read", "acme/model"]);
        let human = run(c, &[&token, webhook_secret], Some(&summary));
        let mut c = command(&dir);
        if with_token {
            c.env("HF_TOKEN", &token);
        }
        c.env("JOB_ID", job)
            .env("WEBHOOK_SECRET", webhook_secret)
            .args(["--endpoint", &fake.url, "--json", "--read", "acme/model"]);
        let json = run(c, &[&token, webhook_secret], None);
        for r in [&human, &json] {
            assert!(!r.stdout.contains("WEBHOOK_SECRET"), "{}", r.stdout);
            assert!(!r.stderr.contains("WEBHOOK_SECRET"), "{}", r.stderr);
        }
        let line = &json.checks("token-present")[0];
        if with_token {
            assert_eq!(json.code, 0, "{}", json.stderr);
            assert_eq!(
                line["message"],
                format!("token found in `HF_TOKEN`, inside Hugging Face Job `{job}`")
            );
            assert!(
                human
                    .stderr
                    .contains(&format!("inside Hugging Face Job `{job}`")),
                "{}",
                human.stderr
            );
        } else {
            assert_eq!(json.code, 78, "{}", json.stderr);
            let t = text(line);
            assert!(
                t.contains(&format!("inside Hugging Face Job `{job}`")),
                "{t}"
            );
            assert!(t.contains("`hf jobs run --secrets HF_TOKEN ...`"), "{t}");
            assert!(t.contains("\"secrets\": {\"HF_TOKEN\": ...}"), "{t}");
            assert!(!t.contains("in CI") && !t.contains("workstation"), "{t}");
        }
    }
}
