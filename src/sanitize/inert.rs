//! Inert text: nothing from outside the tool can start or carry a GitHub
//! Actions workflow command in the job's log, nor break a line.

pub(super) fn needs_inert(s: &str) -> bool {
    // In ASCII the only line breaks are LF, CR, VT and FF: a byte test, not a
    // walk through the characters.
    let line_break = if s.is_ascii() {
        s.bytes().any(|b| matches!(b, b'\n' | b'\r' | 0x0b | 0x0c))
    } else {
        s.contains(is_line_break)
    };
    s.contains("##[") || line_break || s.trim_start().starts_with("::") || {
        let b = s.as_bytes();
        (0..b.len().saturating_sub(1))
            .any(|i| b[i] == b':' && b[i + 1] == b':' && command_follows(&s[i + 2..]))
    }
}

/// Whether what follows a `::` reads as a workflow command's name: a letter,
/// then letters, digits, `-` or `_`, then `::`, whitespace or the end
/// (`::error::`, `::add-mask::`, `::set-output name=x::`). An IPv6 address
/// (`[::1]`, `[::ffff:1.2.3.4]`, `[fe80::abcd]`) does not.
pub(super) fn command_follows(rest: &str) -> bool {
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return false;
    }
    let n = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let tail = &rest[n..];
    tail.is_empty() || tail.starts_with("::") || tail.starts_with(char::is_whitespace)
}

/// Every `::` that starts a command's shape, anywhere, written `: :`.
fn break_colon_commands(s: String) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 4);
    let mut at = 0;
    for i in 0..b.len().saturating_sub(1) {
        if b[i] == b':' && b[i + 1] == b':' && command_follows(&s[i + 2..]) {
            out.push_str(&s[at..=i]);
            out.push(' ');
            at = i + 1;
        }
    }
    if at == 0 {
        return s;
    }
    out.push_str(&s[at..]);
    out
}

/// [`inert`] on an owned string: no copy when nothing needs changing.
pub fn inert_owned(s: String) -> String {
    if needs_inert(&s) { inert(&s) } else { s }
}

/// Every character a reader of a log may take for the end of a line: LF, CR,
/// VT, FF, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
pub(super) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The job-log neutraliser: text that did not come from the tool (the Hub's
/// strings, argv, file contents, the environment) cannot start or carry a
/// GitHub Actions workflow command once through here. GitHub's runner reads
/// every line of stdout and stderr for `::command` at the start of a line
/// (after leading whitespace) and for the older `##[command]` anywhere in a
/// line, whatever the case. So:
/// - every line break of any kind ([`is_line_break`]) becomes a space: the
///   text stays on the line the tool started;
/// - every `##[` becomes `## [` (the runner looks for `##[` exactly);
/// - a leading `::` (after whitespace) becomes `: :`, and so does every `::`
///   anywhere that starts a command's shape (`::error::`, `::add-mask::`): a
///   value taken out of `--json` and printed on its own line by a later step
///   carries no command either.
///
/// Idempotent and cheap on text that needs nothing. [`strip_controls`] ends
/// with it, and so every path to an output does (`safe_text`, `hub_text`,
/// the report's `Context::safe`, usage errors).
pub fn inert(s: &str) -> String {
    if !needs_inert(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            c if is_line_break(c) => out.push(' '),
            '[' if out.ends_with("##") => out.push_str(" ["),
            c => out.push(c),
        }
    }
    let mut out = break_colon_commands(out);
    let lead = out.len() - out.trim_start().len();
    if out[lead..].starts_with("::") {
        out.insert(lead + 1, ' ');
    }
    out
}

/// A second guard for the one-line JSON reports: every `#` that starts `##[`
/// is written `\u0023`, which a JSON reader decodes to the same string while
/// the runner no longer sees `##[` in the line. (Every string in the report
/// already went through [`inert`]; this holds for any field added later.)
pub fn json_inert(json: &str) -> String {
    if !json.contains("##[") {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 8);
    let mut rest = json;
    while let Some(i) = rest.find("##[") {
        out.push_str(&rest[..i]);
        out.push_str("\\u0023");
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanitize::test_support::{TOKEN, r};
    use crate::sanitize::*;

    /// No workflow command survives, in either form, at any position, and no
    /// line break of any kind; text that carries none is unchanged.
    #[test]
    fn inert_breaks_workflow_commands_and_lines() {
        let rows = [
            ("##[error]forged", "## [error]forged"),
            ("x ##[stop-commands]tok", "x ## [stop-commands]tok"),
            ("###[add-mask]v", "### [add-mask]v"),
            (
                "##[set-output name=a]b##[ERROR]c",
                "## [set-output name=a]b## [ERROR]c",
            ),
            ("::error::forged", ": :error: :forged"),
            ("  ::warning ::x", "  : :warning : :x"),
            ("a\u{2028}::error::b", "a : :error: :b"),
            (
                "x ::add-mask::v y::ERROR title=t::m",
                "x : :add-mask: :v y: :ERROR title=t: :m",
            ),
            (":::stop-commands::t", ": : :stop-commands: :t"),
            ("ends ::warning", "ends : :warning"),
            (
                "http://[::ffff:127.0.0.1]:9 [fe80::abcd] [::1]",
                "http://[::ffff:127.0.0.1]:9 [fe80::abcd] [::1]",
            ),
            ("a\u{85}b\u{0B}c\u{0C}d\u{2029}e\r\nf", "a b c d e  f"),
            ("plain text: [x] #1 ## a", "plain text: [x] #1 ## a"),
            ("http://[::1]:99", "http://[::1]:99"),
        ];
        for (input, want) in rows {
            assert_eq!(inert(input), want, "{input:?}");
            assert_eq!(inert(want), want, "idempotent: {want:?}");
        }
        // Through every cleaning path, with escapes and the token in between.
        let r = r();
        for input in [
            "##\u{1b}[0m[error]x",
            "#\u{1b}]0;t\u{7}#[error]x",
            "a\n::error::x",
            &format!("##{TOKEN}"),
            "\u{2028}::add-mask::x",
        ] {
            for out in [
                safe_text(&r, input, usize::MAX),
                hub_text(&r, input),
                strip_controls(input),
            ] {
                assert!(!out.contains("##["), "{input:?} -> {out:?}");
                assert!(!out.trim_start().starts_with("::"), "{input:?} -> {out:?}");
                assert!(!out.contains("::error"), "{input:?} -> {out:?}");
                assert!(!out.contains(is_line_break), "{input:?} -> {out:?}");
            }
        }
    }

    /// The JSON guard keeps the value (a reader decodes `\u0023` to `#`) and
    /// leaves no `##[` in the line.
    #[test]
    fn json_inert_keeps_the_value() {
        for v in ["##[error]x", "###[a]", "\\##[b", "no command"] {
            let text = serde_json::json!({ "v": v }).to_string();
            let out = json_inert(&text);
            assert!(!out.contains("##["), "{out}");
            let back: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(back["v"], v);
        }
    }

    /// A one-letter command (`::e`) is a command's shape too, wherever it stands,
    /// and a `:` before a non-ASCII letter is ordinary text that comes back whole.
    #[test]
    fn inert_finds_every_command_shape() {
        let rows = [
            ("x ::e", "x : :e"),
            ("x ::e::m", "x : :e: :m"),
            ("1 ::error", "1 : :error"),
            ("10 ::e", "10 : :e"),
            ("a:é", "a:é"),
            ("résumé: é::ü", "résumé: é::ü"),
            // a line break makes the whole text pass through: nothing else moves
            ("a\n[x]", "a [x]"),
            ("x::1\n", "x::1 "),
            ("\n", " "),
        ];
        for (input, want) in rows {
            assert_eq!(inert(input), want, "{input:?}");
            assert_eq!(hub_text(&Redactor::none(), input), want.trim(), "{input:?}");
        }
    }
}
