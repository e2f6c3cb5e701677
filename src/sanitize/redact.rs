//! Redaction: the token removed from any text, in any of its forms, every
//! 6-character piece of it, with invisible characters skipped.

use std::fmt;

use super::grams::{GramSet, MIN_RUN, grams, push_char};
use super::invisible;

/// What replaces every piece of the token that is removed.
pub const MARKER: &str = "[REDACTED]";

/// The longest form (in characters, after removing invisible characters) that is
/// indexed. A token file is read up to 64 KiB and Linux caps one environment
/// string at 128 KiB, so a real value never reaches it; a longer value makes the
/// redactor replace every non-empty text by [`MARKER`] rather than risk a leak.
/// Memory is one `u128` per indexed character.
pub const MAX_FORM_CHARS: usize = 256 * 1024;

/// Words the tool itself prints. A 6-character piece of the token that lies
/// inside one of them is not removed: a value `Bearer hf_…` or a placeholder
/// `$HF_TOKEN` must not turn the hint "without `Bearer `" or the name
/// `HF_TOKEN` into `[REDACTED]`. A real token holds one of these runs with a
/// probability of about 1e-9, and the run would say nothing about the rest.
const PUBLIC_WORDS: &[&str] = &[
    "Bearer",
    "bearer",
    "BEARER",
    "$HF_TOKEN",
    "${HF_TOKEN}",
    "${{ secrets.HF_TOKEN }}",
    "HUGGING_FACE_HUB_TOKEN",
    "HF_TOKEN_PATH",
    "https://huggingface.co/settings/tokens",
];

/// Characters that can sit inside an echoed token without being seen, by
/// class rather than by a list: every Unicode whitespace and control
/// character, and every code point that renders as nothing or as blank
/// (`Default_Ignorable_Code_Point`, format characters `Cf`, noncharacters,
/// the reserved U+FFF0–U+FFF8, variation selectors, tag characters, blank
/// symbols such as U+2800), or as nothing of its own (nonspacing and
/// enclosing marks `Mn`/`Me`: an accent on every character leaves the token
/// readable); see `sanitize/invisible.rs`, generated from the Unicode data.
/// Matching skips them in the text.
pub fn is_invisible(c: char) -> bool {
    // ASCII first (nearly every character of a report): the controls and the
    // space, the same answer as the full test below, without its tables.
    if c.is_ascii() {
        return c <= ' ' || c == '\u{7f}';
    }
    c.is_whitespace() || c.is_control() || invisible::in_table(c)
}

/// The value with every invisible character removed.
pub(super) fn skeleton(s: &str) -> Vec<char> {
    s.chars().filter(|c| !is_invisible(*c)).collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Removes the token from any text. Built once from every form of the value;
/// [`Redactor::redact`] then runs in time linear in the text (a hash lookup per
/// visible character) whatever the token's length.
///
/// What is removed, each occurrence replaced by one [`MARKER`]:
/// - every run of [`MIN_RUN`] (6) or more consecutive characters of the value,
///   in any of its forms (as read, untrimmed; as sent), with invisible
///   characters ([`is_invisible`]) removed from the value and skipped in the
///   text, so `hf_ab<TAB>cdef` and `hf_ab\u{200B}cdef` are caught too; adjacent
///   or overlapping runs become one marker;
/// - a value shorter than 6 visible characters (never a real token) only as a
///   whole word: not preceded or followed by a letter, digit or `_`, and with
///   no whitespace inside (zero-width characters are still skipped).
///
/// Its `Debug` never shows what it holds.
#[derive(Clone, Default)]
pub struct Redactor {
    grams: GramSet,
    short: Vec<Vec<char>>,
    paranoid: bool,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Redactor(REDACTED)")
    }
}

/// One piece of text to remove: byte range, and visible-character indices.
struct Span {
    start: usize,
    end: usize,
    first: usize,
    last: usize,
}

impl Redactor {
    /// A redactor that removes nothing: there is no token, or the value is a
    /// placeholder (`$HF_TOKEN`, `<token>`) that the report must be able to quote.
    #[cfg(test)]
    pub fn none() -> Redactor {
        Redactor::default()
    }

    /// From the value as read (raw bytes, untrimmed, maybe with CR/LF, quotes
    /// or spaces; non-UTF-8 bytes read as U+FFFD, as they would be shown) and
    /// the cleaned value that is sent.
    pub fn new(raw: Option<&[u8]>, sent: Option<&str>) -> Redactor {
        let raw = raw.map(String::from_utf8_lossy);
        Redactor::from_forms(raw.as_deref().into_iter().chain(sent))
    }

    /// From any number of forms of the secret.
    pub fn from_forms<'a>(forms: impl IntoIterator<Item = &'a str>) -> Redactor {
        Redactor::with_cap(forms, MAX_FORM_CHARS)
    }

    fn with_cap<'a>(forms: impl IntoIterator<Item = &'a str>, cap: usize) -> Redactor {
        let public: GramSet = PUBLIC_WORDS
            .iter()
            .flat_map(|w| grams(&skeleton(w)).collect::<Vec<_>>())
            .collect();
        let mut r = Redactor::default();
        for form in forms {
            let chars = skeleton(form);
            if chars.len() > cap {
                r.paranoid = true;
            } else if chars.len() >= MIN_RUN {
                r.grams
                    .extend(grams(&chars).filter(|g| !public.contains(g)));
            } else if !chars.is_empty() && !r.short.contains(&chars) {
                r.short.push(chars);
            }
        }
        r
    }

    /// True when it removes nothing.
    pub fn is_empty(&self) -> bool {
        self.grams.is_empty() && self.short.is_empty() && !self.paranoid
    }

    /// The text with every piece of the token replaced by [`MARKER`].
    pub fn redact(&self, text: &str) -> String {
        if self.paranoid {
            return if text.is_empty() {
                String::new()
            } else {
                MARKER.to_string()
            };
        }
        if self.is_empty() {
            return text.to_string();
        }
        let mut spans: Vec<Span> = Vec::new();
        // The last 6 visible characters: (char, byte start, byte end).
        let mut ring = [('\0', 0usize, 0usize); MIN_RUN];
        let mut count = 0usize;
        let mut key = 0u128;
        for (i, c) in text.char_indices() {
            if is_invisible(c) {
                continue;
            }
            let end = i + c.len_utf8();
            ring[count % MIN_RUN] = (c, i, end);
            key = push_char(key, c);
            count += 1;
            if count >= MIN_RUN && self.grams.contains(&key) {
                let first = count - MIN_RUN;
                add_span(&mut spans, ring[first % MIN_RUN].1, end, first, count - 1);
            }
            for short in &self.short {
                let k = short.len();
                if count < k {
                    continue;
                }
                let first = count - k;
                let same = (0..k).all(|j| ring[(first + j) % MIN_RUN].0 == short[j]);
                if !same {
                    continue;
                }
                let start = ring[first % MIN_RUN].1;
                let whole = !text[..start].chars().next_back().is_some_and(is_word_char)
                    && !text[end..].chars().next().is_some_and(is_word_char)
                    && !text[start..end].chars().any(char::is_whitespace);
                if whole {
                    add_span(&mut spans, start, end, first, count - 1);
                }
            }
        }
        if spans.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for s in &spans {
            out.push_str(&text[at..s.start]);
            out.push_str(MARKER);
            at = s.end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Adds a match, merged with the previous one when they touch or overlap.
fn add_span(spans: &mut Vec<Span>, start: usize, end: usize, first: usize, last: usize) {
    if let Some(prev) = spans.last_mut()
        && first <= prev.last + 1
    {
        prev.start = prev.start.min(start);
        prev.end = prev.end.max(end);
        prev.last = prev.last.max(last);
        prev.first = prev.first.min(first);
        return;
    }
    spans.push(Span {
        start,
        end,
        first,
        last,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanitize::test_support::{ALNUM, Rng, TOKEN, leaks, r};

    #[test]
    fn every_form_and_every_copy_is_removed() {
        let r = r();
        let rows: &[(String, &str)] = &[
            (
                format!("got Bearer {TOKEN} twice {TOKEN}"),
                "got Bearer [REDACTED] twice [REDACTED]",
            ),
            (format!("raw `  {TOKEN}\r\n`"), "raw `  [REDACTED]\r\n`"),
            (format!("x-request-id: {TOKEN}"), "x-request-id: [REDACTED]"),
            (format!("{TOKEN}{TOKEN}"), "[REDACTED]"),
            (format!("\"{TOKEN}\""), "\"[REDACTED]\""),
            ("nothing here".into(), "nothing here"),
            (String::new(), ""),
        ];
        for (input, want) in rows {
            assert_eq!(r.redact(input), *want, "{input:?}");
        }
    }

    #[test]
    fn invisible_characters_inside_an_echo_do_not_hide_it() {
        let r = r();
        for inv in [
            "\t",
            "\r",
            "\n",
            "\r\n",
            " ",
            "\u{200B}",
            "\u{200C}",
            "\u{200D}",
            "\u{2060}",
            "\u{FEFF}",
            "\u{00AD}",
            "\u{00A0}",
            "\u{2028}",
            "\u{202E}",
            "\u{E0041}",
            "\u{1b}",
            "\t\u{200B} ",
            // Missed by the former hand list (issue 17): by class now.
            "\u{FFF0}",
            "\u{FFF8}",
            "\u{2800}",
            "\u{2065}",
            "\u{FDD0}",
            "\u{10FFFF}",
            "\u{E0100}",
            "\u{1D159}",
            "\u{180E}",
            "\u{0605}",
        ] {
            let (a, b) = TOKEN.split_at(9);
            let echoed = format!("id={a}{inv}{b};");
            assert_eq!(r.redact(&echoed), "id=[REDACTED];", "{inv:?}");
            // between every character
            let spread: String = TOKEN
                .chars()
                .flat_map(|c| [c, inv.chars().next().unwrap()])
                .collect();
            let out = r.redact(&format!("<{spread}>"));
            assert!(leaks(TOKEN, &out).is_empty(), "{inv:?}: {out:?}");
        }
    }

    #[test]
    fn any_six_characters_in_a_row_are_removed_five_are_not() {
        let r = r();
        let chars: Vec<char> = TOKEN.chars().collect();
        for len in [6, 7, 12, 33] {
            for start in 0..=chars.len() - len {
                let piece: String = chars[start..start + len].iter().collect();
                assert_eq!(r.redact(&format!("<{piece}>")), "<[REDACTED]>", "{piece}");
            }
        }
        // 5 characters are left: they carry too little of the token
        assert_eq!(r.redact("<hf_ab> <vwxyz>"), "<hf_ab> <vwxyz>");
        // a piece that straddles ordinary text is cut where the token's run starts
        assert_eq!(r.redact("zzzzhf_abcdef!"), "zzzz[REDACTED]!");
    }

    #[test]
    fn the_raw_form_counts_even_when_it_differs_from_the_sent_one() {
        // A value with inner whitespace is never sent, but it is still the secret.
        let r = Redactor::new(Some(b"hf_abcdefgh ijklmnopqrstuv\n"), None);
        assert_eq!(
            r.redact("echo hf_abcdefghijklmnopqrstuv"),
            "echo [REDACTED]"
        );
        assert_eq!(r.redact("echo hf_abcdefgh ijklmnop"), "echo [REDACTED]");
        // non-UTF-8 bytes read as U+FFFD, as they would be shown
        let r = Redactor::new(Some(b"hf_abc\xffdefghij"), None);
        assert_eq!(r.redact("v=hf_abc\u{FFFD}defghij"), "v=[REDACTED]");
        assert_eq!(r.redact("v=fghij"), "v=fghij");
    }

    #[test]
    fn short_values_are_removed_as_whole_words_only() {
        let r = Redactor::new(Some(b"hf_ab\n"), Some("hf_ab"));
        let rows = [
            ("token hf_ab sent", "token [REDACTED] sent"),
            ("`hf_ab`", "`[REDACTED]`"),
            ("hf_ab", "[REDACTED]"),
            ("hf_\u{200B}ab.", "[REDACTED]."),
            // part of a longer word: not this value
            ("hf_abc", "hf_abc"),
            ("xhf_ab", "xhf_ab"),
            ("_hf_ab", "_hf_ab"),
            // whitespace inside: ordinary prose, not an echo
            ("hf_ a b", "hf_ a b"),
        ];
        for (input, want) in rows {
            assert_eq!(r.redact(input), want, "{input:?}");
        }
        let one = Redactor::new(Some(b"x"), None);
        assert_eq!(
            one.redact("x marks x-ray"),
            "[REDACTED] marks [REDACTED]-ray"
        );
    }

    #[test]
    fn words_the_tool_prints_stay_readable() {
        // `Bearer hf_…` as the value: the hint that names `Bearer ` must survive
        let r = Redactor::new(Some(format!("Bearer {TOKEN}").as_bytes()), None);
        assert_eq!(
            r.redact("store only the token (`hf_...`), without `Bearer `"),
            "store only the token (`hf_...`), without `Bearer `"
        );
        assert_eq!(r.redact(&format!("got {TOKEN}")), "got [REDACTED]");
        // a placeholder as the value
        for p in ["$HF_TOKEN", "${HF_TOKEN}", "${{ secrets.HF_TOKEN }}"] {
            let r = Redactor::new(Some(p.as_bytes()), Some(p));
            let text = format!("the token is the literal placeholder `{p}`; set `HF_TOKEN`");
            assert_eq!(r.redact(&text), text, "{p}");
        }
        assert!(Redactor::none().is_empty());
        assert_eq!(Redactor::none().redact(TOKEN), TOKEN);
    }

    #[test]
    fn debug_shows_nothing() {
        assert_eq!(format!("{:?}", r()), "Redactor(REDACTED)");
    }

    #[test]
    fn a_value_over_the_cap_hides_everything() {
        let long = "a1B2c3D4e5".repeat(4);
        let r = Redactor::with_cap([long.as_str()], 20);
        assert_eq!(r.redact("harmless"), MARKER);
        assert_eq!(r.redact(""), "");
        let r = Redactor::with_cap([long.as_str()], 40);
        assert_eq!(r.redact("harmless"), "harmless");
    }

    /// A 1 MiB text against a 64 KiB value: one pass, a hash lookup per character.
    /// No timing assertion; this would take minutes if the scan were quadratic.
    #[test]
    fn large_inputs_stay_linear() {
        let mut rng = Rng(7);
        let upper: Vec<char> = ALNUM
            .iter()
            .copied()
            .filter(|c| !c.is_ascii_lowercase())
            .collect();
        let big: String = (0..64 * 1024).map(|_| rng.pick(&upper)).collect();
        let r = Redactor::new(Some(big.as_bytes()), Some(&big));
        // lowercase text with 100 pieces of the value spread through it
        let mut text = String::new();
        for i in 0..100 {
            text.extend((0..10_000).map(|_| (b'a' + rng.below(26) as u8) as char));
            text.push_str(&big[i * 600..i * 600 + 50]);
        }
        assert!(text.len() > 1_000_000);
        let out = r.redact(&text);
        assert_eq!(out.matches(MARKER).count(), 100);
        assert_eq!(out.len(), text.len() - 100 * (50 - MARKER.len()));
        // the worst case for merging: the whole text is the token, repeated
        let text = TOKEN.repeat(1024 * 1024 / TOKEN.len());
        assert_eq!(super::tests::r().redact(&text), MARKER);
        let text = format!("{}{TOKEN}", "\u{200B}".repeat(300_000));
        assert_eq!(
            super::tests::r().redact(&text),
            format!("{}{MARKER}", "\u{200B}".repeat(300_000))
        );
    }

    /// The ASCII shortcut in `is_invisible` gives the same answer as the full rule
    /// (whitespace or control), so a tab, newline or DEL inside an echoed token is
    /// still skipped and the token still removed.
    #[test]
    fn invisible_ascii_matches_the_full_rule() {
        for b in 0u8..=0x7f {
            let c = char::from(b);
            assert_eq!(
                is_invisible(c),
                c.is_whitespace() || c.is_control(),
                "{b:#04x}"
            );
        }
        let r = Redactor::from_forms(["hf_abcdefghijklmnopqrstuvwxyzABCDEFGH"]);
        assert_eq!(r.redact("x hf_abc\tdef\u{7f}ghij y"), "x [REDACTED] y");
    }

    /// A value that is nothing but invisible characters (a secret set to a line
    /// break) gives a redactor that removes nothing: no empty pattern that would
    /// match any one-letter word. Found alive by cargo-mutants (`docs/mutants.md`).
    #[test]
    fn an_invisible_only_value_redacts_nothing() {
        for raw in ["\n", "  \r\n", "\u{200b}\u{feff}", " \t "] {
            let r = Redactor::new(Some(raw.as_bytes()), Some(raw.trim()));
            assert!(r.is_empty(), "{raw:?}");
            for text in ["x", "a b c", "ok", "token x here"] {
                assert_eq!(r.redact(text), text, "{raw:?} on {text:?}");
            }
        }
    }

    /// Two pieces of the token one visible character apart stay two markers: the
    /// character between them is not the token's and is kept (long and short
    /// forms alike). Found alive by cargo-mutants (`docs/mutants.md`).
    #[test]
    fn pieces_one_character_apart_stay_apart() {
        let long = Redactor::from_forms(["hf_abcdefghijklmnop"]);
        assert_eq!(long.redact("abcdef-ghijkl"), format!("{MARKER}-{MARKER}"));
        assert_eq!(long.redact("abcdefghijkl"), MARKER);
        let short = Redactor::from_forms(["abc"]);
        assert_eq!(short.redact("abc-abc"), format!("{MARKER}-{MARKER}"));
    }
}
