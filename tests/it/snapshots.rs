//! What users read, pinned whole: for every scenario of the recorded Hub
//! answers (`tests/fixtures/hub/`, replayed as in `fixtures.rs`) and the
//! README's two cases, the human report (stderr, as a log shows it) and the
//! step summary, as one snapshot each in `tests/it/snapshots/`; and `--help`
//! and `-h`. A change of
//! wording is then a reviewed diff of those files, not a `contains` that
//! still passes.
//!
//! What changes from run to run is filtered before comparing: the fake Hub's
//! port, the token's age and time to expiry (relative to today), a retry count
//! bounded by time, and the log's "still waiting" line (printed only when the
//! machine is slow). Nothing else in them depends on time.
//!
//! Update after a deliberate change: `scripts/update-snapshots.sh`, then review
//! `git diff tests/it/snapshots/` (docs/development.md).

use std::path::Path;

use crate::common::model::{Hub, Kind, Repo, token_value};
use crate::common::{FakeHub, command, run, temp_dir};
use crate::fixtures::{CONTRIBUTOR, Replay};

/// Runs the binary with `token` and `args` against `hub`, with a step
/// summary; the text of the snapshot: the command, the exit status, stderr
/// and the summary.
fn report(hub: &FakeHub, token: &str, args: &[&str]) -> String {
    let home = temp_dir("home");
    let summary = home.join("summary.md");
    let mut c = command(&home);
    c.env("HF_TOKEN", token)
        .env("HF_ENDPOINT", &hub.url)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(args);
    let r = run(c, &[token], Some(&summary));
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let summary = r.summary.clone().unwrap_or_default();
    format!(
        "$ hf-token-check {}\nexit status: {}\n\n--- stderr\n{}\n--- step summary\n{}",
        args.join(" "),
        r.code,
        r.stderr,
        summary
    )
}

/// Compares `text` with the snapshot `name`, with what varies between runs filtered.
fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for (pattern, replacement) in FILTERS {
        settings.add_filter(pattern, *replacement);
    }
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// What varies between runs of the same scenario, and what it is shown as.
const FILTERS: &[(&str, &str)] = &[
    // The fake Hub listens on a port of the system's choosing (in the step
    // summary, with `.` and `:` escaped).
    (r"(127\\?\.0\\?\.0\\?\.1\\?:)\d+", "${1}[port]"),
    // Ages and times to expiry are counted from today: `339 days`, `332d16h`.
    (
        r"\b\d+(?: days?| hours?| minutes?| seconds?| min| s|[dhms](?:\d+[hms])*) ago\b",
        "[age] ago",
    ),
    (
        r"\b(expires in|expired|left:) \d+(?: days?| hours?| minutes?| seconds?| min| s|[dhms](?:\d+[hms])*)",
        "$1 [time]",
    ),
    // Retries go on until the deadline: how many fit depends on the machine.
    (r"after \d+ attempts", "after [n] attempts"),
    // Printed only when the Hub took over 2 s (a loaded machine).
    (r"(?m)^hf-token-check: still waiting for .*\n", ""),
];

/// One scenario: the fake Hub, the token's seed, the arguments.
fn replay(name: &str, hub: Replay, args: &[&str]) {
    let hub = hub.start();
    snapshot(name, &report(&hub, &token_value("fixtures"), args));
}

macro_rules! scenarios {
    ($($name:ident: $hub:expr, $args:expr;)*) => {
        $(
            #[test]
            fn $name() {
                replay(stringify!($name), $hub, $args);
            }
        )*
        /// Every scenario's source text, for the coverage test below.
        const SCENARIOS: &[&str] = &[$(stringify!($hub)),*];
    };
}

scenarios! {
    write_404_existing_org_repo:
        Replay::whoami(CONTRIBUTOR)
            .serve("write_404_existing_org_repo")
            .serve("read_200"),
        &["--write", "acme/shared-model"];
    invisible_org_repo:
        Replay::whoami(CONTRIBUTOR),
        &["--write", "acme/hidden-model"];
    own_namespace_repo_created:
        Replay::whoami(CONTRIBUTOR),
        &["--write", "alice/new-model"];
    write_to_the_wrong_type:
        Replay::whoami(CONTRIBUTOR).at("/api/datasets/alice/data/auth-check", "read_200"),
        &["--write", "alice/data"];
    org_policy_pending_read_and_create:
        Replay::whoami(CONTRIBUTOR).serve("org_policy_403_pending_approval"),
        &["--read", "acme/private-model", "--write", "acme/new-model"];
    org_policy_token_revoked:
        Replay::whoami(CONTRIBUTOR).serve("org_policy_403_token_revoked"),
        &["--write", "acme/new-model"];
    legacy_ids:
        Replay::whoami(CONTRIBUTOR)
            .at("/api/models/gpt2/auth-check", "legacy_gpt2_307")
            .at("/api/models/openai-community/gpt2/auth-check", "read_200")
            .at("/api/models/bert-base-uncased/auth-check", "legacy_bert_base_uncased_307")
            .at("/api/models/google-bert/bert-base-uncased/auth-check", "read_200"),
        &["--read", "gpt2", "--read", "bert-base-uncased"];
    legacy_id_cassette:
        Replay::whoami(CONTRIBUTOR)
            .at("/api/models/t5-small/auth-check", "legacy_t5_small_307")
            .at("/api/models/google-t5/t5-small/auth-check", "legacy_t5_small_canonical_200"),
        &["--read", "t5-small"];
    unknown_legacy_name:
        Replay::whoami(CONTRIBUTOR)
            .at("/api/models/no-such-legacy-name/auth-check", "legacy_unknown_name_401"),
        &["--read", "no-such-legacy-name"];
    case_only_redirect:
        Replay::whoami(CONTRIBUTOR)
            .serve("case_only_307")
            .at("/api/models/openai-community/gpt2/auth-check", "read_200"),
        &["--read", "OpenAI-Community/GPT2"];
    renamed_repo:
        Replay::whoami(CONTRIBUTOR)
            .at("/api/models/meta-llama/Meta-Llama-3.1-8B-Instruct/auth-check", "renamed_repo_307")
            .at("/api/models/meta-llama/Llama-3.1-8B-Instruct/auth-check", "read_200"),
        &["--read", "meta-llama/Meta-Llama-3.1-8B-Instruct"];
    a_503_then_an_answer:
        Replay::whoami("whoami_200_classic_write")
            .seq("/api/models/acme/model/auth-check", &["access_503_ratelimit_not_exhausted", "read_200"]),
        &["--read", "acme/model"];
    a_503_until_the_deadline:
        Replay::whoami("whoami_200_classic_write").serve("access_503_ratelimit_not_exhausted"),
        &["--read", "acme/model", "--timeout", "3"];
    whoami_429_with_access_answered:
        Replay::whoami("whoami_429_rate_limited").at("/api/models/acme/model/auth-check", "read_200"),
        &["--read", "acme/model"];
    whoami_429_alone:
        Replay::whoami("whoami_429_rate_limited"),
        &[];
    whoami_classic_read:
        Replay::whoami("whoami_200_classic_read"),
        &[];
    whoami_classic_write:
        Replay::whoami("whoami_200_classic_write"),
        &[];
    whoami_fine_grained:
        Replay::whoami("whoami_200_fine_grained"),
        &[];
    whoami_fine_grained_resource_group:
        Replay::whoami("whoami_200_fine_grained_resource_group"),
        &[];
    whoami_oauth:
        Replay::whoami("whoami_200_oauth"),
        &[];
    whoami_app_token:
        Replay::whoami("whoami_200_app_token"),
        &[];
    whoami_alternate_auth:
        Replay::whoami("whoami_200_alternate_auth"),
        &[];
    read_role_create_and_write:
        Replay::whoami("whoami_200_classic_read")
            .serve("write_404_existing_org_repo")
            .serve("read_200"),
        &["--write", "alice/new-model", "--write", "acme/shared-model"];
    app_token_writes:
        Replay::whoami("whoami_200_app_token")
            .serve("write_404_existing_org_repo")
            .serve("read_200"),
        &["--write", "acme/shared-model", "--write", "other/new"];
    oauth_writes:
        Replay::whoami("whoami_200_oauth")
            .serve("write_404_existing_org_repo")
            .serve("read_200"),
        &["--write", "acme/shared-model", "--write", "other/new"];
    gated_awaiting_review:
        Replay::whoami("whoami_200_fine_grained").serve("gated_403_awaiting_review"),
        &["--read", "acme/gated-model"];
    gated_without_grant:
        Replay::whoami("whoami_200_classic_write")
            .serve("gated_403_not_in_authorized_list")
            .serve("gated_403_not_in_authorized_list_docstring"),
        &["--read", "meta-llama/Meta-Llama-3-8B-Instruct", "--read", "ardent-figment/gated-model"];
    gated_rejected:
        Replay::whoami("whoami_200_classic_read").serve("gated_403_rejected"),
        &["--read", "acme/gated-model"];
    org_policy_read:
        Replay::whoami("whoami_200_classic_write").serve("org_policy_403_pending_approval"),
        &["--read", "acme/private-model"];
    read_hints_only:
        Replay::whoami("whoami_200_classic_write")
            .serve("access_401_invalid_username_or_password")
            .serve("gated_403_awaiting_review")
            .serve("disabled_403")
            .serve("org_policy_403_pending_approval"),
        &[
            "--read", "acme/typo",
            "--read", "meta-llama/Meta-Llama-3-70B-Instruct",
            "--read", "acme/gated-model",
            "--read", "datasets/laion/laion-art",
            "--read", "acme/private-model",
        ];
    access_401_is_not_found:
        Replay::whoami("whoami_200_classic_write").serve("access_401_invalid_username_or_password"),
        &["--read", "meta-llama/Meta-Llama-3-70B-Instruct"];
    access_401_exists_as_a_dataset:
        Replay::whoami("whoami_200_classic_write")
            .serve("access_401_invalid_username_or_password")
            .at("/api/datasets/meta-llama/Meta-Llama-3-70B-Instruct/auth-check", "read_200"),
        &["--read", "meta-llama/Meta-Llama-3-70B-Instruct"];
    write_401_read_200:
        Replay::whoami("whoami_200_classic_write")
            .at("/api/models/acme/private-model/auth-check/write", "access_401_invalid_username_or_password")
            .at("/api/models/acme/private-model/auth-check", "read_200"),
        &["--write", "acme/private-model"];
    token_rejected:
        Replay::whoami("whoami_401_invalid_credentials").serve("access_401_invalid_username_or_password"),
        &["--read", "meta-llama/Meta-Llama-3-70B-Instruct"];
    disabled_repo:
        Replay::whoami("whoami_200_classic_write").serve("disabled_403"),
        &["--read", "datasets/laion/laion-art"];
    ip_rate_limited_read:
        Replay::whoami("whoami_200_classic_read").serve("ip_rate_limited_429"),
        &["--read", "acme/model", "--timeout", "3"];
    ip_rate_limited_whoami:
        Replay::whoami("ip_rate_limited_429"),
        &["--timeout", "3"];
    must_use_write_token_oauth:
        Replay::whoami("whoami_200_oauth").serve("write_403_must_use_write_token"),
        &["--write", "alice/model"];
    must_use_write_token_read:
        Replay::whoami("whoami_200_classic_read").serve("write_403_must_use_write_token"),
        &["--write", "alice/model"];
    must_use_write_token_write:
        Replay::whoami("whoami_200_classic_write").serve("write_403_must_use_write_token"),
        &["--write", "alice/model"];
    access_token_expiration:
        Replay::whoami("whoami_200_access_token_expiration"),
        &["--min-validity", "1h"];
    gated_setting_off:
        Replay::whoami("whoami_200_fine_grained")
            .at("/api/models/meta-llama/Llama-3.1-8B/auth-check", "gated_403_fine_grained_setting_off"),
        &["--read", "meta-llama/Llama-3.1-8B"];
    redirect_to_another_repository:
        Replay::whoami("whoami_200_classic_read")
            .serve("redirect_307_other_repository")
            .at(
                "/api/models/stable-diffusion-v1-5/stable-diffusion-v1-5/auth-check",
                "gated_403_not_in_authorized_list",
            ),
        &["--read", "runwayml/stable-diffusion-v1-5"];
    buckets:
        Replay::whoami("whoami_200_classic_write")
            .serve("bucket_xet_write_token_200")
            .serve("bucket_info_200")
            .serve("bucket_404_not_found"),
        &[
            "--write", "buckets/acme/checkpoints",
            "--read", "hf://buckets/Wauplin/first-bucket",
            "--read", "buckets/namespace/name",
        ];
    bucket_write_denied:
        Replay::whoami("whoami_200_classic_read").serve("bucket_xet_write_token_403"),
        &["--write", "buckets/acme/checkpoints"];
}

/// Every fixture the fake Hub can serve (GET) is in at least one scenario.
#[test]
fn every_fixture_has_a_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hub");
    let all = SCENARIOS.join("\n");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        if path.extension().and_then(|e| e.to_str()) != Some("json")
            || name == "create_403_no_rights_in_namespace"
        {
            continue;
        }
        // `read_404_repo_not_found` answers every path no scenario routed.
        let served = match name.as_str() {
            "read_404_repo_not_found" => true,
            "whoami_200_org_contributor" => all.contains("CONTRIBUTOR"),
            _ => all.contains(&format!("\"{name}\"")),
        };
        assert!(served, "no snapshot serves `{name}`");
    }
}

/// The README's two samples (`glance.rs` holds the README to them), with
/// their step summary.
#[test]
fn readme_cases() {
    let mut hub = Hub {
        users: vec![("me", vec![("acme", "write")])],
        ..Hub::default()
    };
    hub.repos = vec![
        Repo::public("models", "me/model"),
        Repo::public("models", "acme/model"),
        Repo {
            gated: true,
            ..Repo::public("models", "acme/gated")
        },
    ];
    let (hub, write) = hub.with_token("readme-write", "me", "ci", Kind::Write);
    let (hub, read) = hub.with_token("readme-read", "me", "ci", Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    fake.set_ratelimit(Some((
        "\"api\";r=988;t=240",
        "\"fixed window\";\"api\";q=1000;w=300",
    )));
    let pass = report(
        &fake,
        &write,
        &["--write", "me/model", "--read", "acme/model"],
    );
    snapshot("readme_pass", &pass);
    let fail = report(
        &fake,
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
    );
    snapshot("readme_failure", &fail);
}

/// `--help` and `-h` as printed (their option lines come from the table of
/// options in src/args/options.rs).
#[test]
fn help_texts() {
    for (name, flag) in [("help_long", "--help"), ("help_short", "-h")] {
        let home = temp_dir("home");
        let mut c = command(&home);
        c.arg(flag);
        let r = run(c, &[], None);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{flag}");
        snapshot(name, &format!("$ hf-token-check {flag}\n{}", r.stdout));
    }
}
