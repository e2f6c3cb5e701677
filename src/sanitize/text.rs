//! Terminal text: escapes and controls stripped, then the one path every
//! string takes to an output (`safe_text`, `hub_text`): redacted, stripped,
//! redacted again, made inert, then cut.

use super::caps::{HUB_TEXT_MAX, shorten};
use super::inert::{inert_owned, is_line_break};
use super::redact::Redactor;

/// Removes ANSI escape sequences and every control character; TAB, CR and LF
/// become spaces; bidi overrides (which can disguise text on a terminal) go.
/// The same behaviour as `report::strip_controls`, moved here.
pub fn strip_controls(s: &str) -> String {
    // Printable ASCII (a space to `~`) holds no escape, control, line break,
    // tab or bidi character: every character would be kept as it is, so the
    // text goes straight to `inert` (most messages are such text).
    if is_printable_ascii(s) {
        return inert_owned(s.to_string());
    }
    strip_controls_each(s)
}

/// Only bytes from a space to `~`.
fn is_printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// [`strip_controls`], character by character.
fn strip_controls_each(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // CSI: ESC [ params final-byte; OSC: ESC ] ... BEL or ESC \; others: ESC + one char
                match chars.peek() {
                    Some('[') => {
                        chars.next();
                        for n in chars.by_ref() {
                            if ('\u{40}'..='\u{7e}').contains(&n) {
                                break;
                            }
                        }
                    }
                    Some(']') => {
                        chars.next();
                        while let Some(n) = chars.next() {
                            if n == '\u{7}' {
                                break;
                            }
                            if n == '\u{1b}' {
                                chars.next();
                                break;
                            }
                        }
                    }
                    Some(_) => {
                        chars.next();
                    }
                    None => {}
                }
            }
            '\u{9b}' => {
                for n in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&n) {
                        break;
                    }
                }
            }
            c if is_line_break(c) || c == '\t' => out.push(' '),
            c if c.is_control() => {}
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    inert_owned(out)
}

/// Redacted, then cleaned of controls, then redacted again: removing an escape
/// sequence joins the text around it, so pieces of the token split by escapes
/// (`hf_ab\x1b[0mcdef`) only meet after stripping.
fn clean(r: &Redactor, s: &str) -> String {
    let once = r.redact(s);
    let stripped = strip_controls(&once);
    // When the first pass removed nothing and stripping changed nothing, the
    // second pass would read the very text the first one did: skip it.
    if once == s && stripped == once {
        return stripped;
    }
    // The marker after a `##` (`##[REDACTED]`) must not read as a command either.
    inert_owned(r.redact(&stripped))
}

/// Makes any text safe to show: the token removed first, then control
/// characters and escapes, then cut to `max_chars` with `…`. Because the cut
/// comes last, an echo straddling it never leaves 6 characters of the token.
pub fn safe_text(r: &Redactor, s: &str, max_chars: usize) -> String {
    shorten(&clean(r, s), max_chars)
}

/// A string from the Hub or a proxy (header value, body field, whoami name):
/// [`safe_text`], trimmed, at most [`HUB_TEXT_MAX`] characters.
pub fn hub_text(r: &Redactor, s: &str) -> String {
    shorten(clean(r, s).trim(), HUB_TEXT_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanitize::grams::MIN_RUN;
    use crate::sanitize::inert::{command_follows, needs_inert};
    use crate::sanitize::redact::Redactor;
    use crate::sanitize::test_support::{ALNUM, Rng, TOKEN, leaks, r};
    use crate::sanitize::*;

    #[test]
    fn controls_and_escapes_are_stripped() {
        let rows = [
            ("plain", "plain"),
            ("a\u{1b}[31mred\u{1b}[0m", "ared"),
            ("x\u{1b}]0;title\u{7}y", "xy"),
            ("bell\u{7}", "bell"),
            ("line\nbreak", "line break"),
            ("c1\u{9b}2Jx", "c1x"),
            ("rtl\u{202e}txt", "rtltxt"),
            ("\u{1b}", ""),
        ];
        for (input, want) in rows {
            assert_eq!(strip_controls(input), want, "{input:?}");
        }
    }

    #[test]
    fn an_echo_across_the_cut_leaves_nothing() {
        let r = r();
        for at in 280..=305 {
            let text = format!("{}{TOKEN} and more", "x".repeat(at));
            let out = safe_text(&r, &text, 300);
            assert!(leaks(TOKEN, &out).is_empty(), "at {at}: {out:?}");
            // with the mask shown next to it, still no 6 characters in a row
            let shown = format!("{out} token hf_…EFGH");
            assert!(leaks(TOKEN, &shown).is_empty(), "at {at}");
        }
        let text = format!("{}{TOKEN}", "x".repeat(295));
        assert_eq!(
            safe_text(&r, &text, 300),
            format!("{}[REDA…", "x".repeat(295))
        );
    }

    #[test]
    fn pieces_split_by_escapes_do_not_join_after_stripping() {
        let r = r();
        // 5 characters between escape sequences: each piece alone is too short
        let chars: Vec<char> = TOKEN.chars().collect();
        let split: String = chars
            .chunks(5)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\u{1b}[0m");
        let out = safe_text(&r, &split, 1000);
        assert!(leaks(TOKEN, &out).is_empty(), "{out:?}");
        let osc: String = chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\u{1b}]0;t\u{7}");
        let out = safe_text(&r, &osc, 1000);
        assert!(leaks(TOKEN, &out).is_empty(), "{out:?}");
    }

    /// A value that holds the marker's own letters (`…REDACTED…`): every text the
    /// first pass changed is read again, and there the marker it wrote is itself
    /// a piece of the value, so the second pass replaces its letters too. Nothing
    /// but markers is left either way; the output is exactly this.
    #[test]
    fn a_value_holding_the_markers_letters() {
        let value = "hf_qREDACTEDzz0123456789abcdefghij";
        let r = Redactor::from_forms([value]);
        assert_eq!(safe_text(&r, value, 1000), "[[REDACTED]]");
        assert_eq!(hub_text(&r, &format!("got {value}")), "got [[REDACTED]]");
    }

    /// What an echo may carry between the token's characters.
    const NOISE: &[&str] = &[
        "\t",
        "\r",
        "\n",
        " ",
        "\u{200B}",
        "\u{200C}",
        "\u{200D}",
        "\u{2060}",
        "\u{FEFF}",
        "\u{00AD}",
        "\u{00A0}",
        "\u{202E}",
        "\u{1b}[0m",
        "\u{1b}[31;1m",
        "\u{1b}]0;x\u{7}",
        "\u{9b}2J",
        "\u{7}",
        "\u{1b}(",
    ];

    /// Background text: letters, digits, punctuation, Markdown, some non-ASCII.
    const BACKGROUND: &[char] = &[
        'a', 'e', 'h', 'f', '_', 'Z', '0', '9', ' ', '/', ':', '`', '|', '<', '>', '!', '[', ']',
        '(', ')', '…', 'é', '中', '\n', '\u{1b}', '\u{200B}', '"', '\\',
    ];

    fn random_token(rng: &mut Rng) -> String {
        let len = match rng.below(4) {
            0 => 34,
            1 => 3 + rng.below(10),
            2 => 3 + rng.below(60),
            _ => 3 + rng.below(300),
        };
        let mut t = String::from("hf_");
        t.extend((0..len).map(|_| rng.pick(ALNUM)));
        t
    }

    /// A copy of `token`, or a 6+ piece of it, with noise between some characters.
    fn echo(rng: &mut Rng, token: &str) -> String {
        let chars: Vec<char> = token.chars().collect();
        let (from, to) = if rng.below(3) == 0 {
            let len = MIN_RUN + rng.below(chars.len() - MIN_RUN + 1);
            let from = rng.below(chars.len() - len + 1);
            (from, from + len)
        } else {
            (0, chars.len())
        };
        let density = rng.below(4);
        let mut out = String::new();
        for c in &chars[from..to] {
            out.push(*c);
            if density > 0 && rng.below(8) < density {
                out.push_str(NOISE[rng.below(NOISE.len())]);
            }
        }
        out
    }

    fn random_text(rng: &mut Rng, token: &str) -> String {
        let mut out = String::new();
        for _ in 0..1 + rng.below(4) {
            let n = rng.below(400);
            out.extend((0..n).map(|_| rng.pick(BACKGROUND)));
            out.push_str(&echo(rng, token));
        }
        let n = rng.below(50);
        out.extend((0..n).map(|_| rng.pick(BACKGROUND)));
        out
    }

    /// The promise of the issue: after `safe_text`, whatever the text, the cut and
    /// the noise, no 6 characters of the token remain in a row.
    #[test]
    fn no_six_characters_of_the_token_survive_safe_text() {
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        for case in 0..1200 {
            let token = random_token(&mut rng);
            let raw = if rng.below(2) == 0 {
                format!("{token}\n")
            } else {
                format!("  {token}\r\n")
            };
            let r = Redactor::new(Some(raw.as_bytes()), Some(&token));
            let text = random_text(&mut rng, &token);
            let max = 1 + rng.below(text.chars().count() + 10);
            let out = safe_text(&r, &text, max);
            let found = leaks(&token, &out);
            assert!(found.is_empty(), "case {case}: {found:?} in {out:?}");
            assert!(out.chars().count() <= max + 1, "case {case}");
            assert!(!out.chars().any(|c| c.is_control()), "case {case}: {out:?}");
            let hub = hub_text(&r, &text);
            assert!(leaks(&token, &hub).is_empty(), "case {case}: {hub:?}");
            let cell = md_code_span(&hub_text(&r, &text));
            assert!(leaks(&token, &cell).is_empty(), "case {case}: {cell:?}");
        }
    }

    /// Text that shares no character with the token comes back unchanged.
    #[test]
    fn text_without_the_token_is_left_alone() {
        let mut rng = Rng(42);
        let upper: Vec<char> = ALNUM
            .iter()
            .copied()
            .filter(char::is_ascii_uppercase)
            .collect();
        for _ in 0..500 {
            let token: String = (0..6 + rng.below(40)).map(|_| rng.pick(&upper)).collect();
            let r = Redactor::new(Some(token.as_bytes()), Some(&token));
            let text: String = (0..rng.below(500))
                .map(|_| {
                    let c = rng.pick(BACKGROUND);
                    if c.is_ascii_uppercase() { 'q' } else { c }
                })
                .collect();
            assert_eq!(r.redact(&text), text);
        }
    }

    /// The printable-ASCII shortcut of `strip_controls` and the ASCII line-break
    /// test of `needs_inert` give what the character-by-character path gives:
    /// every string of up to 5 characters over the characters that matter to
    /// workflow commands (`:`, `#`, `[`, letters, spaces), and some longer ones.
    #[test]
    fn ascii_shortcuts_match_the_character_path() {
        let alphabet = [':', '#', '[', ' ', 'a', 'E', '1', '-', '~'];
        let mut texts: Vec<String> = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts.extend(
            [
                "::error::boom",
                "  ::add-mask::x",
                "see ##[group]x",
                "[::1]:8080 and [fe80::abcd]",
                "a::set-output name=x::y",
                "can read model `me/model` for user `me`",
            ]
            .map(String::from),
        );
        for t in &texts {
            assert!(is_printable_ascii(t), "{t:?}");
            assert_eq!(strip_controls(t), strip_controls_each(t), "{t:?}");
            assert_eq!(needs_inert(t), {
                let slow = t.contains("##[")
                    || t.contains(is_line_break)
                    || t.trim_start().starts_with("::");
                slow || t
                    .as_bytes()
                    .windows(2)
                    .enumerate()
                    .any(|(i, w)| w == b"::" && command_follows(&t[i + 2..]))
            });
        }
        // Not printable ASCII: the character path, and the same answers as before.
        for t in [
            "a\tb",
            "a\nb",
            "x\u{1b}[31my",
            "\u{7f}",
            "é::error::",
            "a\u{2028}b",
        ] {
            assert!(!is_printable_ascii(t), "{t:?}");
            assert_eq!(strip_controls(t), strip_controls_each(t), "{t:?}");
        }
        assert!(needs_inert("a\rb") && needs_inert("a\u{0b}b") && needs_inert("a\u{85}b"));
        assert!(!needs_inert("a b") && !needs_inert("é b"));
    }
}
