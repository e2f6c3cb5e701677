//! `--explain CODE`: a paragraph on each code of the report (the `code` field of
//! the JSON report), like `rustc --explain`: what it means, the usual causes,
//! the fix, and the exit status it gives.
//!
//! The paragraphs are in `explanations/`, one file per family of codes, in the
//! order of docs/codes.md's table: `token`, `hub` (the answer and the way to
//! it), `repo`, `advice` (warnings of a passing run), `grants`, `run` (offline,
//! not rank 0, interrupted). This file lists the codes, maps each to its
//! paragraph, and answers `--explain STATUS`.

mod advice;
mod grants;
mod hub;
mod repo;
mod run;
mod token;

use advice::{LEAST_PRIVILEGE, NOT_SCANNED, QUOTA_LOW, TOKEN_HARDCODED};
use grants::{
    GRANT_UNKNOWN, INFERENCE_DENIED, JOBS_DENIED, PR_DENIED, SCOPE_MISSING, SCOPES_UNKNOWN,
};
use hub::{
    HUB_UNAVAILABLE, INTERNAL_ERROR, NAME_NOT_FOUND, PROXY_AUTH_REQUIRED, RATE_LIMITED,
    UNEXPECTED_RESPONSE,
};
use repo::{
    DID_YOU_MEAN, DISABLED, GATED, MAY_EXIST_HIDDEN, NOT_FOUND, READ_DENIED, RENAMED, WRITE_DENIED,
};
use run::{INTERRUPTED, NOT_RANK_ZERO, OFFLINE};
use token::{
    TOKEN_EXPIRING, TOKEN_MALFORMED, TOKEN_MISSING, TOKEN_REJECTED, TOKEN_TOO_OLD, TOKEN_WHITESPACE,
};

/// Every code a check can carry, in the order of docs/codes.md's table.
pub(crate) const CODES: &[&str] = &[
    "token-missing",
    "token-malformed",
    "token-whitespace",
    "token-rejected",
    "token-expiring",
    "token-too-old",
    "rate-limited",
    "hub-unavailable",
    "name-not-found",
    "unexpected-response",
    "proxy-auth-required",
    "internal-error",
    "gated",
    "disabled",
    "not-found",
    "read-denied",
    "write-denied",
    "renamed",
    "did-you-mean",
    "may-exist-hidden",
    "least-privilege",
    "quota-low",
    "token-hardcoded",
    "not-scanned",
    "scope-missing",
    "scopes-unknown",
    "jobs-denied",
    "inference-denied",
    "pr-denied",
    "grant-unknown",
    "offline",
    "not-rank-zero",
    "interrupted",
];

/// The paragraph for `code`, or `None` for a code hf-token-check never reports.
/// Codes are matched exactly (they are lowercase in the report).
pub(crate) fn explain(code: &str) -> Option<&'static str> {
    Some(match code {
        "token-missing" => TOKEN_MISSING,
        "token-malformed" => TOKEN_MALFORMED,
        "token-whitespace" => TOKEN_WHITESPACE,
        "token-rejected" => TOKEN_REJECTED,
        "token-expiring" => TOKEN_EXPIRING,
        "token-too-old" => TOKEN_TOO_OLD,
        "rate-limited" => RATE_LIMITED,
        "hub-unavailable" => HUB_UNAVAILABLE,
        "name-not-found" => NAME_NOT_FOUND,
        "unexpected-response" => UNEXPECTED_RESPONSE,
        "proxy-auth-required" => PROXY_AUTH_REQUIRED,
        "internal-error" => INTERNAL_ERROR,
        "gated" => GATED,
        "disabled" => DISABLED,
        "not-found" => NOT_FOUND,
        "read-denied" => READ_DENIED,
        "write-denied" => WRITE_DENIED,
        "renamed" => RENAMED,
        "did-you-mean" => DID_YOU_MEAN,
        "may-exist-hidden" => MAY_EXIST_HIDDEN,
        "least-privilege" => LEAST_PRIVILEGE,
        "quota-low" => QUOTA_LOW,
        "token-hardcoded" => TOKEN_HARDCODED,
        "not-scanned" => NOT_SCANNED,
        "scope-missing" => SCOPE_MISSING,
        "scopes-unknown" => SCOPES_UNKNOWN,
        "jobs-denied" => JOBS_DENIED,
        "inference-denied" => INFERENCE_DENIED,
        "pr-denied" => PR_DENIED,
        "grant-unknown" => GRANT_UNKNOWN,
        "offline" => OFFLINE,
        "not-rank-zero" => NOT_RANK_ZERO,
        "interrupted" => INTERRUPTED,
        _ => return None,
    })
}

/// `--explain 77`: what an exit status means (its row of the `--help` table)
/// and each code that gives it, one line each; `None` for a status
/// hf-token-check never exits with.
pub(crate) fn by_status(status: u16) -> Option<String> {
    let row = status_row(status)?;
    let mut out = format!("exit status {status}: {row}\n");
    let codes: Vec<(&str, String)> = CODES
        .iter()
        .filter_map(|c| Some((*c, header(explain(c)?))))
        .filter(|(_, h)| gives(h, status))
        .collect();
    if codes.is_empty() {
        out.push_str("\nNo code of the report gives it.\n");
        return Some(out);
    }
    out.push_str(if status == 0 {
        "\nThe codes that warn or skip and leave it at 0 (`hf-token-check --explain CODE` for more):\n"
    } else {
        "\nThe codes that give it (`hf-token-check --explain CODE` for the causes and the fix):\n"
    });
    let width = codes.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    for (code, h) in &codes {
        let what = h.strip_prefix(&format!("{code}: ")).unwrap_or(h);
        // "the repo is gated ... (fail, exit status 77)": the status is said above.
        let what = what.rsplit_once(" (").map_or(what, |(w, _)| w);
        out.push_str(&format!("  {code:width$}  {what}\n"));
    }
    if status == 64 {
        out.push_str("  and any usage error (a bad flag, REPO, endpoint, proxy or CA bundle), which has no code\n");
    }
    Some(out)
}

/// A paragraph's first sentence, on one line.
fn header(text: &str) -> String {
    let first = text.split("\n\n").next().unwrap_or(text);
    first.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a code's header says it gives `status`: "exit status 77" or "143 for SIGTERM".
fn gives(header: &str, status: u16) -> bool {
    let n = status.to_string();
    let ends = |rest: &str| !rest.starts_with(|c: char| c.is_ascii_digit());
    header.match_indices(&n).any(|(i, _)| {
        let (before, rest) = (&header[..i], &header[i + n.len()..]);
        ends(rest)
            && !before.ends_with(|c: char| c.is_ascii_digit())
            && (before.ends_with("exit status ") || rest.starts_with(" for SIG"))
    })
}

/// The exit status table's row for `status`, on one line.
fn status_row(status: u16) -> Option<String> {
    let n = status.to_string();
    let mut lines = crate::exit::TABLE.lines().skip(1).peekable();
    while let Some(line) = lines.next() {
        let cells = line.trim_start();
        let (key, text) = match cells.split_once("  ") {
            Some((k, t)) => (k.to_string(), t.trim().to_string()),
            // "129, 130, 143" alone, its text on the next line.
            None => (cells.to_string(), String::new()),
        };
        let mut row = text;
        while let Some(next) = lines.peek() {
            let indent = next.len() - next.trim_start().len();
            if indent <= 4 {
                break;
            }
            row = format!("{row} {}", next.trim());
            lines.next();
        }
        if key.split(", ").any(|k| k == n) {
            return Some(row.trim().to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The explanations follow the Hub's own causes (issue 19 item 4).
    #[test]
    fn hub_causes_are_explained() {
        let gated = explain("gated").unwrap();
        assert!(
            gated.contains("rejected one") && gated.contains("after a"),
            "{gated}"
        );
        let limited = explain("rate-limited").unwrap();
        assert!(
            limited.contains("rate limit your IP")
                && limited.contains("another token changes nothing")
        );
    }

    /// docs/codes.md's table lists every code, in this order, and no other.
    #[test]
    fn the_docs_table_lists_every_code() {
        let doc = include_str!("../docs/codes.md");
        let listed: Vec<&str> = doc
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once('`').map(|(code, _)| code))
            .collect();
        assert_eq!(listed, CODES);
    }

    /// What each code makes the process exit with, as the explanations must say.
    fn exit_status(code: &str) -> &'static [u8] {
        match code {
            "token-missing" | "token-malformed" | "token-rejected" | "token-expiring"
            | "token-too-old" => &[78],
            "rate-limited" | "hub-unavailable" => &[75],
            "unexpected-response" | "internal-error" => &[76],
            "name-not-found" | "proxy-auth-required" => &[64],
            "gated" | "disabled" | "not-found" | "read-denied" | "write-denied" => &[77],
            "scope-missing" | "jobs-denied" | "inference-denied" | "pr-denied" => &[77],
            "scopes-unknown" | "grant-unknown" => &[0],
            "token-whitespace" | "renamed" | "did-you-mean" | "may-exist-hidden"
            | "least-privilege" | "offline" | "not-rank-zero" | "quota-low" | "token-hardcoded"
            | "not-scanned" => &[0],
            "interrupted" => &[129, 130, 143],
            other => panic!("no exit status known for `{other}`"),
        }
    }

    #[test]
    fn every_code_has_an_explanation_that_names_its_exit_status() {
        for code in CODES {
            let text = explain(code).unwrap_or_else(|| panic!("`{code}` has no explanation"));
            assert!(
                text.starts_with(&format!("{code}: ")),
                "`{code}`: the text starts with the code"
            );
            // "exit status 78", or "exit\nstatus 78" where the line is wrapped.
            let flat = text.replace('\n', " ");
            for n in exit_status(code) {
                assert!(
                    flat.contains(&format!("exit status {n}"))
                        || flat.contains(&format!("{n} for SIG")),
                    "`{code}` does not name exit status {n}"
                );
            }
        }
    }

    #[test]
    fn explanations_fit_a_terminal() {
        for code in CODES {
            let text = explain(code).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            assert!(lines.len() <= 15, "`{code}`: {} lines", lines.len());
            for line in &lines {
                assert!(line.chars().count() <= 80, "`{code}`: too wide: {line}");
                assert_eq!(line.trim_end(), *line, "`{code}`: trailing space: {line}");
            }
            assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "`{code}`");
        }
    }

    #[test]
    fn failures_name_a_fix() {
        for code in CODES {
            let text = explain(code).unwrap();
            assert!(text.contains("\nFix: "), "`{code}` has no `Fix:` line");
        }
    }

    #[test]
    fn codes_are_unique_and_unknown_codes_have_none() {
        let mut sorted = CODES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), CODES.len());
        for unknown in ["", "E0308", "Token-Missing", "token-missing ", "pass"] {
            assert_eq!(explain(unknown), None, "{unknown:?}");
        }
    }

    /// `--explain 77` lists exactly the codes that exit with 77 (and each status
    /// of the table has a row); a status never used has none.
    #[test]
    fn an_exit_status_lists_its_codes() {
        for status in [0u16, 64, 75, 76, 77, 78, 129, 130, 143] {
            let text = by_status(status).unwrap_or_else(|| panic!("{status}"));
            for code in CODES {
                let listed = text.contains(&format!("\n  {code} "));
                let gives = exit_status(code).contains(&(status as u8));
                assert_eq!(listed, gives, "{status}: `{code}`\n{text}");
            }
        }
        assert!(by_status(126).unwrap().contains("No code"));
        for never in [1, 2, 65, 74, 128, 255] {
            assert_eq!(by_status(never), None, "{never}");
        }
    }

    /// `--explain` with a mistyped code can suggest the right one.
    #[test]
    fn mistyped_codes_get_a_suggestion() {
        use crate::suggest::did_you_mean;
        let rows = [
            ("token-rejectd", Some("token-rejected")),
            ("write-denid", Some("write-denied")),
            ("gate", Some("gated")),
            ("least-priviledge", Some("least-privilege")),
            ("Token-Missing", Some("token-missing")),
            ("E0308", None),
        ];
        for (input, want) in rows {
            assert_eq!(did_you_mean(input, CODES), want, "{input}");
        }
    }

    /// Every code the verdict can give has a paragraph, and it names the exit status
    /// the code really gives when it fails.
    #[test]
    fn every_verdict_code_is_explained_with_its_exit_status() {
        use crate::verdict::Code;
        for c in Code::ALL {
            assert!(
                explain(c.as_str()).is_some(),
                "`{}` has no explanation",
                c.as_str()
            );
            assert_eq!(
                exit_status(c.as_str()),
                &[c.exit().code()][..],
                "`{}`",
                c.as_str()
            );
        }
    }
}
