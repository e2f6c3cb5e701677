//! The token's own checks: present (and where), and well formed.

use super::common::{JOB_SECRETS, in_job};
use super::{Check, CheckKind, Code};
use crate::token::{Discovery, Lint};

/// `token-present` and `token-format`.
pub(super) fn checks(
    discovery: &Discovery,
    lint: Option<&Lint>,
    oidc: bool,
    allow_missing: bool,
    job: Option<&str>,
) -> Vec<Check> {
    let job_note = job.map(|j| format!(", {}", in_job(j))).unwrap_or_default();
    match (discovery, lint) {
        (Discovery::Found { source, .. }, Some(lint)) => {
            let mut out = vec![Check::pass(
                CheckKind::TokenPresent,
                format!("token found in {source}{job_note}{}", oidc_note(oidc)),
            )];
            out.extend(format_checks(lint, &source.to_string()));
            out
        }
        (
            Discovery::Missing {
                searched,
                blank,
                misplaced,
                unreadable,
                github_actions,
            },
            _,
        ) => {
            let mut c = missing(searched, blank, misplaced, unreadable.as_deref());
            if *github_actions {
                c.hint = Some(github_hint(misplaced));
            }
            if let Some(j) = job {
                // Inside a Job the token comes from its secrets, not CI or a workstation.
                c.message.push_str(&format!("; {}", in_job(j)));
                c.hint = Some(job_hint(misplaced));
            }
            c.message.push_str(&oidc_note(oidc));
            if allow_missing {
                c = allowed_missing(c);
            }
            vec![
                c,
                Check::skip(
                    CheckKind::TokenFormat,
                    Code::TokenMissing,
                    "not checked: no token",
                ),
            ]
        }
        // Not linted (the caller found no reason to): only its presence is known.
        (Discovery::Found { source, .. }, None) => vec![Check::pass(
            CheckKind::TokenPresent,
            format!("token found in {source}{job_note}{}", oidc_note(oidc)),
        )],
    }
}

/// `--allow-missing-token`: the missing token is a skip with a notice, not a failure.
fn allowed_missing(c: Check) -> Check {
    Check::skip(
        CheckKind::TokenPresent,
        Code::TokenMissing,
        format!(
            "{}; allowed by `--allow-missing-token` (secrets are withheld from pull requests from \
             forks), so nothing else was checked",
            c.message
        ),
    )
}

fn format_checks(lint: &Lint, source: &str) -> Vec<Check> {
    let mut out = Vec::new();
    if let Some(ws) = &lint.whitespace {
        out.push(
            Check::warn(
                CheckKind::TokenFormat,
                Code::TokenWhitespace,
                format!("{} (from {source}); checking the cleaned value", ws.message),
            )
            .hint(ws.hint.clone()),
        );
    }
    let Some((first, more)) = lint.errors.split_first() else {
        if lint.whitespace.is_none() {
            out.push(Check::pass(
                CheckKind::TokenFormat,
                format!("token `{}` is well formed", lint.masked),
            ));
        }
        return out;
    };
    let mut message = format!(
        "{} (from {source}); it was not sent to the Hub",
        first.message
    );
    for m in more {
        message.push_str(&format!("; also: {}", m.message));
    }
    out.push(
        Check::fail(CheckKind::TokenFormat, Code::TokenMalformed, message).hint(first.hint.clone()),
    );
    out
}

fn oidc_note(oidc: bool) -> String {
    if oidc {
        "; note: `HF_OIDC_RESOURCE` is set, so huggingface_hub first exchanges an OIDC token for a \
         short-lived one, which this check cannot do: the verdict is about the token above"
            .to_string()
    } else {
        String::new()
    }
}

/// The fix for a missing token in GitHub Actions (`GITHUB_ACTIONS=true`), where
/// `hf jobs run` and `hf auth login` do not apply: why a secret is empty there.
fn github_hint(misplaced: &[String]) -> String {
    let why = "`${{ secrets.HF_TOKEN }}` is empty when no secret `HF_TOKEN` is defined for this \
        repository or its environment (Settings > Secrets and variables > Actions); Dependabot \
        runs see only Dependabot secrets, and pull requests from forks see none \
        (`--allow-missing-token` makes that a skip)";
    match misplaced.first() {
        Some(first) => format!(
            "pass it as `HF_TOKEN` in the workflow's `env:` (`HF_TOKEN: ${{{{ secrets.HF_TOKEN }}}}`, \
             not `{first}`); {why}"
        ),
        None => format!(
            "in GitHub Actions the token comes from a secret, `HF_TOKEN: ${{{{ secrets.HF_TOKEN }}}}` \
             in the step's or job's `env:`; {why}"
        ),
    }
}

/// The fix for a missing token inside a Hugging Face Job (`JOB_ID` set).
fn job_hint(misplaced: &[String]) -> String {
    match misplaced.first() {
        Some(first) => format!("rename `{first}` to `HF_TOKEN`: pass the token as {JOB_SECRETS}"),
        None => format!("pass the token as {JOB_SECRETS}"),
    }
}

fn missing(
    searched: &[String],
    blank: &[String],
    misplaced: &[String],
    unreadable: Option<&str>,
) -> Check {
    let mut message = format!("no token found: looked in {}", searched.join(", "));
    if !blank.is_empty() {
        message.push_str(&format!("; {} set but empty", blank.join(", ")));
    }
    if let Some(u) = unreadable {
        message.push_str(&format!("; could not read {u}"));
    }
    let hint = if let Some(first) = misplaced.first() {
        let names: Vec<String> = misplaced.iter().map(|m| format!("`{m}`")).collect();
        message.push_str(&format!(
            "; found a token in {}; huggingface_hub reads `HF_TOKEN`",
            names.join(", ")
        ));
        format!(
            "pass it as `HF_TOKEN`: `export HF_TOKEN=\"${first}\"`, `hf jobs run --secrets HF_TOKEN ...`, \
             or `HF_TOKEN: ${{{{ secrets.HF_TOKEN }}}}` in CI"
        )
    } else {
        "pass the token as `HF_TOKEN`: `hf jobs run --secrets HF_TOKEN ...` (the bare name takes your \
         own token), `HF_TOKEN: ${{ secrets.HF_TOKEN }}` in CI, or `hf auth login` on a workstation"
            .to_string()
    };
    Check::fail(CheckKind::TokenPresent, Code::TokenMissing, message).hint(hint)
}
