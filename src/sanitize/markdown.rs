//! Markdown for the step summary: Hub text as a code span or an escaped
//! cell, so it renders as plain text and cannot split the table.

/// Hub text as an inline code span for the step summary: Markdown and HTML
/// inside it render as plain text. The fence is one backtick longer than the
/// longest run inside (CommonMark), padded with a space on each side (which
/// CommonMark strips); newlines become spaces and `|` becomes `¦`, so the
/// table cell cannot be split. Give it text that went through [`safe_text`].
pub fn md_code_span(s: &str) -> String {
    let content: String = s
        .chars()
        .map(|c| match c {
            '\n' | '\r' => ' ',
            '|' => '¦',
            c => c,
        })
        .collect();
    if content.is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in content.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A space on each side only where CommonMark needs it: content that starts or
    // ends with a backtick (or a space, which the padding then keeps).
    if content.starts_with(['`', ' ']) || content.ends_with(['`', ' ']) {
        format!("{fence} {content} {fence}")
    } else {
        format!("{fence}{content}{fence}")
    }
}

/// Text for a plain Markdown table cell: every ASCII punctuation character is
/// backslash-escaped (CommonMark renders an escaped punctuation character
/// literally, so no link, image, emphasis, HTML tag or entity survives, and
/// `\|` keeps the cell whole; escaped `:` and `.` also stop GitHub's bare-URL
/// autolinks); newlines become spaces. Checked against cmark-gfm in the
/// ignored test `md_renders_inert_in_cmark_gfm`.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanitize::caps::HUB_TEXT_MAX;
    use crate::sanitize::test_support::{TOKEN, leaks, r};
    use crate::sanitize::text::hub_text;

    #[test]
    fn code_spans_hold_anything() {
        let rows = [
            ("plain", "`plain`"),
            ("a`b", "``a`b``"),
            ("``x```", "```` ``x``` ````"),
            ("`", "`` ` ``"),
            ("a|b", "`a¦b`"),
            ("two\nlines\r\n", "` two lines   `"),
            ("![](https://evil/t.png)", "`![](https://evil/t.png)`"),
            ("<img src=x>", "`<img src=x>`"),
            ("", ""),
        ];
        for (input, want) in rows {
            assert_eq!(md_code_span(input), want, "{input:?}");
        }
        for evil in [
            "![](https://evil/t.png)",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "<details><summary>x</summary>",
            "```\ncode\n```",
            "a | b | c",
        ] {
            let span = md_code_span(evil);
            // one line, no cell separator, one fence longer than any run inside
            assert!(!span.contains('\n') && !span.contains('|'), "{span}");
            let fence = span.chars().take_while(|c| *c == '`').count();
            let inner = &span[fence..span.len() - fence];
            let longest = inner.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            assert!(longest < fence, "{span}");
            // padded exactly where the content would otherwise touch the fence
            let touches = evil.starts_with(['`', ' ']) || evil.ends_with(['`', ' ', '\n']);
            assert_eq!(
                inner.starts_with(' ') && inner.ends_with(' '),
                touches,
                "{span}"
            );
        }
    }

    #[test]
    fn plain_cells_escape_all_markup() {
        let rows = [
            ("plain text 42", "plain text 42"),
            (
                "![](https://evil/t.png)",
                "\\!\\[\\]\\(https\\:\\/\\/evil\\/t\\.png\\)",
            ),
            ("<img src=x>", "\\<img src\\=x\\>"),
            (
                "[x](javascript:alert(1))",
                "\\[x\\]\\(javascript\\:alert\\(1\\)\\)",
            ),
            ("<details>", "\\<details\\>"),
            ("a|b\\c", "a\\|b\\\\c"),
            ("*em* _u_ &amp; #h", "\\*em\\* \\_u\\_ \\&amp\\; \\#h"),
            ("l1\nl2", "l1 l2"),
        ];
        for (input, want) in rows {
            assert_eq!(md_text(input), want, "{input:?}");
        }
        // no punctuation is left unescaped: nothing can start markup
        let all: String = (0x21u8..0x7f).map(char::from).collect();
        let out = md_text(&all);
        let mut chars = out.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                assert!(chars.next().is_some_and(|n| n.is_ascii_punctuation()));
            } else {
                assert!(!c.is_ascii_punctuation(), "{c}");
            }
        }
    }

    #[test]
    fn summary_cells_are_redacted_then_cut_then_neutralised() {
        let r = r();
        let body = format!("{}{TOKEN}![](https://evil/t.png)", "e".repeat(295));
        let cell = md_code_span(&hub_text(&r, &body));
        assert!(leaks(TOKEN, &cell).is_empty(), "{cell}");
        assert!(cell.chars().count() <= HUB_TEXT_MAX + 1 + 4);
        assert!(cell.starts_with('`') && cell.ends_with("…`"), "{cell}");
        let cell = md_text(&hub_text(&r, &format!("![]({TOKEN})")));
        assert_eq!(cell, "\\!\\[\\]\\(\\[REDACTED\\]\\)");
        let big = "x".repeat(900 * 1024);
        assert!(md_code_span(&hub_text(&r, &big)).len() < 400);
    }

    /// Renders a summary table through cmark-gfm (GitHub's Markdown engine, with
    /// raw HTML allowed as GitHub allows it before sanitizing): Hub text in code
    /// spans and escaped cells renders no image, link, HTML element or extra cell.
    /// Needs `cmark-gfm` on `PATH` (`apt-get install cmark-gfm`), hence ignored.
    #[test]
    #[ignore = "needs cmark-gfm; scripts/test-markdown.sh (run by .ci/run) installs it and runs this test"]
    fn md_renders_inert_in_cmark_gfm() {
        use std::io::Write;
        let evil = [
            "![](https://evil/t.png)",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "<details><summary>x</summary>",
            "a | b | c",
            "``` fence ```",
            "ends with \\",
            "\\|",
            "`",
            "<https://evil/auto>",
            "*em* __strong__ ~~del~~ &lt;b&gt; &#60;img src=x&#62;",
            "line\n# heading\n- item",
            "see https://evil.example/x and www.evil.example",
        ];
        let mut md = String::from("| a | b |\n|---|---|\n");
        for e in evil {
            md.push_str(&format!("| {} | {} |\n", md_code_span(e), md_text(e)));
        }
        let mut child = std::process::Command::new("cmark-gfm")
            .args([
                "--unsafe",
                "-e",
                "table",
                "-e",
                "autolink",
                "-e",
                "strikethrough",
                "-e",
                "tagfilter",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("cmark-gfm on PATH");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(md.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let html = String::from_utf8(out.stdout).unwrap();
        for bad in [
            "<img", "<a ", "<details", "<summary", "<em", "<strong", "<del", "<h1", "<li",
        ] {
            assert!(!html.contains(bad), "{bad} in\n{html}");
        }
        assert_eq!(html.matches("<tr>").count(), evil.len() + 1, "{html}");
        assert_eq!(html.matches("<td>").count(), 2 * evil.len(), "{html}");
    }
}
