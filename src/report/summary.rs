//! The step summary (`GITHUB_STEP_SUMMARY`): a Markdown table of the checks and
//! the closing phrase. Every cell is inert in GitHub's Markdown (no link, image,
//! HTML or extra cell comes from the Hub's text), `code` written in backticks
//! shows as code, and the fix is never cut: only the reason is shortened.

use super::{Closing, Context, check_label, mark};
use crate::sanitize::{hub_text, md_code_span, md_text};
use crate::verdict::{Check, Verdict};

/// The most the step summary adds, in bytes: GitHub refuses a step summary
/// over 1 MiB, and other steps may write to the same file.
pub const SUMMARY_MAX: usize = 512 * 1024;

/// A Markdown table of the checks, for `GITHUB_STEP_SUMMARY`, at most
/// [`SUMMARY_MAX`] bytes whatever the number of repos: rows that do not fit
/// are left out, and the last line says how many.
pub fn step_summary(v: &Verdict, ctx: &Context<'_>) -> String {
    let mut out =
        String::from("### hf-token-check\n\n| | check | result | details |\n|---|---|---|---|\n");
    // Room for the verdict and the note on rows left out.
    let rows_max = SUMMARY_MAX - 1024;
    let mut left_out = 0usize;
    for c in &v.checks {
        if left_out == 0 {
            let row = summary_row(c, ctx);
            if out.len() + row.len() <= rows_max {
                out.push_str(&row);
                continue;
            }
        }
        left_out += 1;
    }
    out.push_str(&format!(
        "\n{}\n\n",
        Closing::of(v, ctx.enforced).markdown()
    ));
    if left_out > 0 {
        out.push_str(&format!(
            "_{left_out} more checks not shown: a step summary is kept under {} KiB (GitHub's \
             limit is 1 MiB); every check is in the job log and in `--json`._\n\n",
            SUMMARY_MAX / 1024
        ));
    }
    out
}

/// One row of the step summary's table: the reason (which may quote the Hub)
/// cut to `HUB_TEXT_MAX` characters, then the fix whole, so that a link at its
/// end (a gated repo's page) is never cut off.
fn summary_row(c: &Check, ctx: &Context<'_>) -> String {
    let mut details = md_cell(&hub_text(&ctx.redactor, &ctx.safe(&c.message)));
    if let Some(h) = &c.hint {
        details.push_str(" (hint: ");
        details.push_str(&md_cell(&ctx.safe(h)));
        details.push(')');
    }
    format!(
        "| {} | {} | {} | {} |\n",
        mark(c.status),
        md_code_span(&ctx.safe(&check_label(c))),
        md_code_span(c.code.map_or(c.status.name(), |c| c.as_str())),
        details
    )
}

/// Cleaned text as a table cell: what stands between a pair of backticks
/// becomes a code span ([`md_code_span`]: literal, `|` shown as `¦`), the rest
/// is escaped ([`md_text`]: every ASCII punctuation character, so no link,
/// image, emphasis, HTML or extra cell). A backtick without its pair stays a
/// visible, escaped backtick.
fn md_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        match after.find('`') {
            Some(close) if close > 0 => {
                out.push_str(&md_text(&rest[..open]));
                out.push_str(&md_code_span(&after[..close]));
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&md_text(&rest[..=open]));
                rest = after;
            }
        }
    }
    out.push_str(&md_text(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::Exit;
    use crate::sanitize::Redactor;
    use crate::verdict::{CheckKind, Code, Status};

    fn ctx() -> Context<'static> {
        Context {
            endpoint: "https://huggingface.co",
            token: None,
            redactor: Redactor::none(),
            enforced: true,
            color: false,
            width: None,
        }
    }

    fn verdict(checks: Vec<Check>, exit: Exit) -> Verdict {
        Verdict {
            checks,
            user: None,
            exit,
            quota: None,
        }
    }

    /// Code in backticks is a code span; the rest escaped; a lone backtick
    /// is shown, escaped; an empty pair is two backticks.
    #[test]
    fn cells_show_code_as_code() {
        let rows = [
            ("no code here.", "no code here\\."),
            ("read `acme/model` now", "read `acme/model` now"),
            ("`a` and `b|c`", "`a` and `b¦c`"),
            ("a lone ` backtick", "a lone \\` backtick"),
            ("empty `` pair", "empty \\`\\` pair"),
            ("`[x](y)` [x](y)", "`[x](y)` \\[x\\]\\(y\\)"),
            ("ends with `", "ends with \\`"),
            ("", ""),
        ];
        for (text, want) in rows {
            assert_eq!(md_cell(text), want, "{text:?}");
        }
    }

    /// A long reason is cut; the fix after it is whole, its link included.
    #[test]
    fn the_fix_survives_a_long_reason() {
        let link = "https://huggingface.co/meta-llama/Llama-3.2-1B";
        let mut c = Check::fail(
            CheckKind::Read,
            Code::Gated,
            format!("the Hub said: \"{}\"", "restricted ".repeat(60)),
        )
        .hint(format!(
            "request access at {link}, then run `hf-token-check` again"
        ));
        c.repo = Some("meta-llama/Llama-3.2-1B".into());
        let text = step_summary(&verdict(vec![c], Exit::NoPerm), &ctx());
        let row = text.lines().find(|l| l.starts_with("| ✗ |")).unwrap();
        assert!(row.contains("restricted restricted"), "{row}");
        assert!(row.contains('…'), "the reason is cut: {row}");
        assert!(
            row.ends_with(&format!(
                " (hint: request access at {} then run `hf-token-check` again) |",
                md_text(&format!("{link},"))
            )),
            "{row}"
        );
    }

    /// The verdict line is the closing phrase of the log, in bold: the same
    /// words in both, for every way a run ends.
    #[test]
    fn the_verdict_is_the_closing_phrase() {
        let warn = Check {
            status: Status::Warn,
            code: Some(Code::QuotaLow),
            ..Check::pass(CheckKind::Quota, "few requests left")
        };
        let pass = Check::pass(CheckKind::Whoami, "user `me`");
        let missing = Check::skip(CheckKind::TokenPresent, Code::TokenMissing, "no token");
        let rows = [
            (vec![pass.clone()], Exit::Ok, true, "ok", ""),
            (
                vec![pass.clone(), warn],
                Exit::Ok,
                true,
                "ok, with warnings",
                "",
            ),
            (
                vec![missing],
                Exit::Ok,
                true,
                "skipped",
                " (no token, allowed by `--allow-missing-token`)",
            ),
            (
                vec![pass.clone()],
                Exit::NoPerm,
                true,
                "failed",
                " (exit status 77)",
            ),
            (
                vec![pass],
                Exit::Token,
                false,
                "failed, but not enforced",
                " (`--warn-only`): would have exited with 78",
            ),
        ];
        for (checks, exit, enforced, head, detail) in rows {
            let v = verdict(checks, exit);
            let closing = Closing::of(&v, enforced);
            assert_eq!(closing.line(), format!("hf-token-check: {head}{detail}"));
            assert_eq!(closing.markdown(), format!("**{head}**{detail}"));
            let c = Context { enforced, ..ctx() };
            let text = step_summary(&v, &c);
            assert!(
                text.ends_with(&format!("\n\n**{head}**{detail}\n\n")),
                "{head}: {text}"
            );
        }
    }

    /// The step summary stays under GitHub's 1 MiB limit whatever the number of
    /// repos, and its last line says how many checks were left out.
    #[test]
    fn step_summary_is_capped() {
        // Rows of under 1 KiB: the room kept for the verdict and the note
        // (1 KiB) decides how many fit.
        let long = "x".repeat(500);
        let checks: Vec<Check> = (0..4_000)
            .map(|i| {
                let mut c = Check::fail(CheckKind::Read, Code::ReadDenied, &long).hint(&long);
                c.repo = Some(format!("org/repo-{i}"));
                c
            })
            .collect();
        let v = verdict(checks, Exit::NoPerm);
        let text = step_summary(&v, &ctx());
        assert!(text.len() <= SUMMARY_MAX - 1024 + 512, "{}", text.len());
        assert!(text.len() > SUMMARY_MAX / 2, "{}", text.len());
        let last = text.trim_end().lines().last().unwrap();
        assert!(
            last.contains("more checks not shown") && last.contains("1 MiB"),
            "{last}"
        );
        let shown = text.matches("| ✗ |").count();
        assert!(
            last.starts_with(&format!("_{} more", 4_000 - shown)),
            "{last}"
        );
        // A few rows: no note.
        let few = Verdict {
            checks: v.checks[..3].to_vec(),
            ..v
        };
        assert!(!step_summary(&few, &ctx()).contains("not shown"));
    }

    /// Whole rows, as GitHub renders them (cmark-gfm with GitHub's extensions):
    /// Hub text with Markdown or HTML in it makes no element and no extra cell,
    /// and code in backticks is code. Ignored by default: scripts/test-markdown.sh
    /// installs cmark-gfm and runs it.
    #[test]
    #[ignore = "needs cmark-gfm (scripts/test-markdown.sh)"]
    fn md_renders_inert_in_cmark_gfm_rows() {
        use std::io::Write;
        let evil = [
            "![](https://evil/t.png)",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "`<details>` <summary>x</summary>",
            "a | b `|` c",
            "``` fence ``` `x",
            "ends with \\",
            "`\\|` \\|",
            "*em* __strong__ ~~del~~ &lt;b&gt; `&#60;img src=x&#62;`",
            "see https://evil.example/x and `www.evil.example`",
        ];
        let checks = evil
            .iter()
            .map(|e| {
                let mut c = Check::fail(CheckKind::Read, Code::Gated, *e).hint(*e);
                c.repo = Some((*e).to_string());
                c
            })
            .collect();
        let md = step_summary(&verdict(checks, Exit::NoPerm), &ctx());
        let mut child = std::process::Command::new("cmark-gfm")
            .args(["--unsafe", "-e", "table", "-e", "autolink"])
            .args(["-e", "strikethrough", "-e", "tagfilter"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("cmark-gfm on PATH");
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(md.as_bytes()).unwrap();
        drop(stdin);
        let html = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
        for bad in [
            "<img", "<a ", "<details", "<summary", "<em", "<del", "<h1", "<li",
        ] {
            assert!(!html.contains(bad), "{bad} in\n{html}");
        }
        // The header row and one row per check, four cells each; the verdict's
        // `**failed**` is the only bold text.
        assert_eq!(html.matches("<tr>").count(), evil.len() + 1, "{html}");
        assert_eq!(html.matches("<td>").count(), 4 * evil.len(), "{html}");
        assert_eq!(html.matches("<strong>").count(), 1, "{html}");
        assert!(html.contains("<code>&lt;details&gt;</code>"), "{html}");
    }
}
