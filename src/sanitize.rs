//! Text safety: every string that can reach an output passes through here
//! first. The token is removed (in any form, and any 6-character piece of it),
//! then control characters and escapes go, then the text is shortened; values
//! that look like a token where a path, URL or repo was expected are caught,
//! URL userinfo is dropped, and Hub text is made inert for Markdown.
//!
//! Everything here is pure: no IO, no environment.

mod invisible;

use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// What replaces every piece of the token that is removed.
pub const MARKER: &str = "[REDACTED]";

/// The shortest run of the token's characters that is removed wherever it
/// appears. Shorter pieces are left: they are too common to hide (`hf_`) and
/// carry too little of a 34-character token to matter.
pub const MIN_RUN: usize = 6;

/// The longest form (in characters, after removing invisible characters) that is
/// indexed. A token file is read up to 64 KiB and Linux caps one environment
/// string at 128 KiB, so a real value never reaches it; a longer value makes the
/// redactor replace every non-empty text by [`MARKER`] rather than risk a leak.
/// Memory is one `u128` per indexed character.
pub const MAX_FORM_CHARS: usize = 256 * 1024;

/// Strings from the Hub (header values, body fields, whoami names) are cut to
/// this many characters, after redaction.
pub const HUB_TEXT_MAX: usize = 300;

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
fn skeleton(s: &str) -> Vec<char> {
    s.chars().filter(|c| !is_invisible(*c)).collect()
}

const GRAM_MASK: u128 = (1u128 << 126) - 1;

/// Six characters (21 bits each) packed exactly into one number: no collisions.
fn push_char(key: u128, c: char) -> u128 {
    ((key << 21) | c as u128) & GRAM_MASK
}

/// A hasher for the packed 6-character keys: two multiplications instead of
/// SipHash. Only the token's own pieces are inserted, so text from the Hub
/// cannot crowd the table; a lookup stays one probe or a few.
#[derive(Default)]
struct GramHasher(u64);

impl Hasher for GramHasher {
    fn finish(&self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^ (x >> 33)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u128(&mut self, k: u128) {
        let folded = (k as u64) ^ ((k >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = (self.0 ^ folded).wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
    }
}

type GramSet = HashSet<u128, BuildHasherDefault<GramHasher>>;

fn grams(chars: &[char]) -> impl Iterator<Item = u128> + '_ {
    chars
        .windows(MIN_RUN)
        .map(|w| w.iter().fold(0u128, |k, c| push_char(k, *c)))
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

/// Cuts `s` to `max` characters, marking the cut with `…`.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", &s[..i]),
    }
}

/// Lists in messages (names, scopes, repos) show at most this many items;
/// the rest are counted ("… and 13,480 more").
pub const LIST_MAX: usize = 20;

/// A message or hint shows at most this many characters; the rest are
/// counted ("… (12,345 more characters)").
pub const MESSAGE_MAX: usize = 4096;

/// `13480` as `13,480`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `s` cut to `max` characters, saying how many were left out.
pub fn shorten_counted(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => {
            let left = s[i..].chars().count();
            format!("{}… ({} more characters)", &s[..i], count(left))
        }
    }
}

/// `a`, `a and b`, `a, b and c`; past [`LIST_MAX`] items, `a, b, … and 13,480
/// more`.
pub fn and_list(items: &[String]) -> String {
    if items.len() > LIST_MAX {
        let shown = items[..LIST_MAX].join(", ");
        return format!("{shown}, … and {} more", count(items.len() - LIST_MAX));
    }
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Items joined with `sep`; past [`LIST_MAX`] items, `… and 13,480 more`.
pub fn join_capped(items: &[String], sep: &str) -> String {
    if items.len() > LIST_MAX {
        let shown = items[..LIST_MAX].join(sep);
        return format!("{shown}{sep}… and {} more", count(items.len() - LIST_MAX));
    }
    items.join(sep)
}

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

fn needs_inert(s: &str) -> bool {
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
fn command_follows(rest: &str) -> bool {
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
fn is_line_break(c: char) -> bool {
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

/// Characters that a token (of any kind) is made of, besides letters and digits.
fn is_segment_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '~')
}

/// The length of the run of ASCII letters and digits at the start of `s`.
fn alnum_run(s: &str) -> &str {
    let n = s
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    &s[..n]
}

/// Hugging Face token prefixes and the fewest letters and digits that must
/// follow for a token. `hf_` tokens are `hf_` + 34 letters and digits; names
/// that start with `hf_` use `_`, `-` or `.` between words long before 20.
const HF_PREFIXES: [(&str, usize); 4] = [
    ("hf_oauth_", 16),
    ("api_org_", 16),
    ("hf_", 20),
    ("api_", 20),
];

/// The Hugging Face tokens in one segment (a maximal run of `[A-Za-z0-9_.~-]`),
/// as byte ranges: a prefix of [`HF_PREFIXES`] not preceded by a letter or
/// digit, with its run of letters and digits; or `hf_jwt_` with the 16 or more
/// token characters after it (a JWT).
fn hf_tokens_in_segment(seg: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    for (prefix, min) in HF_PREFIXES {
        let mut from = 0;
        while let Some(i) = seg[from..].find(prefix).map(|i| from + i) {
            let before = seg[..i].chars().next_back();
            let run = alnum_run(&seg[i + prefix.len()..]).len();
            if !before.is_some_and(|c| c.is_ascii_alphanumeric()) && run >= min {
                found.push(i..i + prefix.len() + run);
            }
            from = i + prefix.len();
        }
    }
    if let Some(i) = seg.find("hf_jwt_")
        && seg.len() - i - 7 >= 16
    {
        found.push(i..seg.len());
    }
    found
}

/// Every Hugging Face token in `text` (`hf_...`, `hf_oauth_...`, `hf_jwt_...`,
/// `api_...`, `api_org_...`, by the rule [`looks_like_token`] uses for them), as
/// byte ranges in order; other services' keys and bare JWTs are not counted.
pub fn hf_tokens(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for seg in text.split(|c: char| !is_segment_char(c)) {
        if !seg.is_empty() {
            out.extend(
                hf_tokens_in_segment(seg)
                    .into_iter()
                    .map(|r| r.start + start..r.end + start),
            );
        }
        // The separator is one character: its length in bytes.
        let sep = text[start + seg.len()..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        start += seg.len() + sep;
    }
    out.sort_by_key(|r| r.start);
    out.dedup_by(|b, a| b.start < a.end);
    out
}

/// One segment (a maximal run of `[A-Za-z0-9_.~-]`) that looks like a token.
fn segment_is_token_like(seg: &str) -> bool {
    if !hf_tokens_in_segment(seg).is_empty() {
        return true;
    }
    // Bare JWTs.
    if let Some(i) = seg.find("eyJ")
        && seg[i..].len() >= 30
        && seg[i..].contains('.')
    {
        return true;
    }
    // Another service's token or a random secret: 32+ letters and digits in
    // one run, with upper case, lower case and digits (a hex digest, a commit
    // id or a word never has all three).
    seg.split(|c: char| !c.is_ascii_alphanumeric()).any(|run| {
        run.len() >= 32
            && run.chars().any(|c| c.is_ascii_uppercase())
            && run.chars().any(|c| c.is_ascii_lowercase())
            && run.chars().any(|c| c.is_ascii_digit())
    })
}

fn segments(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !is_segment_char(c))
        .filter(|seg| !seg.is_empty())
}

/// True when a value given as a path, a URL or a repo looks like a token, so it
/// must not be shown or used: a segment holding `hf_` followed by 20 or more
/// letters and digits (`hf_oauth_`/`api_org_` 16, `api_` 20, `hf_jwt_` 16 of
/// any token characters), a JWT, or a run of 32+ letters and digits mixing
/// upper case, lower case and digits. The prefix must start the segment or
/// follow a non-alphanumeric character. Zero-width characters are removed
/// first; whitespace, `/`, `:`, `@`, `=`, quotes... separate segments.
pub fn looks_like_token(s: &str) -> bool {
    let visible: String = s
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !is_invisible(*c) || *c == ' ')
        .collect();
    segments(&visible).any(segment_is_token_like)
}

/// Usage errors quote argv, where a token pasted by mistake would stand: every
/// run that looks like one is masked as `token::mask` does (`hf_…` + the last 4
/// characters). A run is `hf_` and 8 or more token characters (as before), or
/// any segment that [`looks_like_token`]. Invisible characters other than
/// whitespace and controls (a zero-width space every few characters) do not
/// split a run, as in [`looks_like_token`]: the run is judged, and masked,
/// without them.
pub fn mask_token_like(text: &str) -> String {
    let in_run =
        |c: char| is_segment_char(c) || (is_invisible(c) && !c.is_whitespace() && !c.is_control());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(in_run) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let len = tail.find(|c| !in_run(c)).unwrap_or(tail.len());
        let run = &tail[..len];
        let visible: String = run.chars().filter(|c| !is_invisible(*c)).collect();
        let masked = mask_segment(&visible);
        out.push_str(if masked == visible { run } else { &masked });
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

fn mask_segment(seg: &str) -> String {
    if segment_is_token_like(seg) {
        return mask(seg);
    }
    // The former rule: from `hf_`, 8 or more token characters.
    if let Some(i) = seg.find("hf_")
        && seg.len() - i >= 11
    {
        return format!("{}{}", &seg[..i], mask(&seg[i..]));
    }
    seg.to_string()
}

/// Removes `user@` / `user:password@` from every URL in `s` (`scheme://` ...),
/// and from a lone `user:password@host:port` (a proxy variable written without
/// a scheme). Use it on any endpoint or proxy before it is shown.
///
/// The userinfo ends at the last `@` before the first `/`, `?` or `#` of the
/// authority; when the authority is not a valid `host[:port]` (a password with
/// an unencoded `/`), at the last `@` of the URL before `?`/`#`.
pub fn strip_userinfo(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut any_scheme = false;
    while let Some(i) = rest.find("://") {
        any_scheme = true;
        let after = i + 3;
        out.push_str(&rest[..after]);
        let url = &rest[after..];
        let word_end = url.find(char::is_whitespace).unwrap_or(url.len());
        let word = &url[..word_end];
        let cut = userinfo_end(word);
        match cut {
            Some(n) => out.push_str(&word[n..]),
            None => out.push_str(word),
        }
        rest = &url[word_end..];
    }
    out.push_str(rest);
    if !any_scheme {
        let t = out.trim();
        if !t.is_empty()
            && !t.contains(char::is_whitespace)
            && let Some(n) = userinfo_end(t)
        {
            return t[n..].to_string();
        }
    }
    out
}

/// Where the host starts in `word` (what follows `scheme://`), when there is userinfo.
fn userinfo_end(word: &str) -> Option<usize> {
    let query = word.find(['?', '#']).unwrap_or(word.len());
    let authority_end = word[..query].find(['/', '\\']).unwrap_or(query);
    if let Some(at) = word[..authority_end].rfind('@') {
        return Some(at + 1);
    }
    // No `@` in the authority: is the authority even a host[:port]? If its port
    // is not a number, a password with a `/` has split it: cut at the last `@`.
    // The port follows a bracketed IPv6 host's `]` (`[::1]`, `[::1]:8080`),
    // or else the last `:`.
    let authority = &word[..authority_end];
    let port = match authority.strip_prefix('[').and_then(|a| a.split_once(']')) {
        Some((_, after)) => after.strip_prefix(':').unwrap_or(after),
        None => authority.rsplit_once(':').map_or("", |(_, p)| p),
    };
    let bad_port = !port.chars().all(|c| c.is_ascii_digit());
    if bad_port && let Some(at) = word[..query].rfind('@') {
        return Some(at + 1);
    }
    None
}

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

/// Shows a token as `hf_…` and its last 4 characters; shorter or foreign values
/// show even less, so that no more than 4 characters of a secret are ever shown.
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let prefix = if value.starts_with("hf_") { "hf_" } else { "" };
    if chars.len() < prefix.len() + 12 || chars.iter().any(|c| !c.is_ascii_graphic()) {
        return format!("{prefix}… ({} characters)", chars.len());
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}…{tail}")
}

#[cfg(test)]
mod tests;
