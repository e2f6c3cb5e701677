//! The token's format, checked before anything is sent. Messages describe the
//! value; they never quote it (a placeholder may hold part of a real token).

use super::discover::clean;
use super::{Secret, mask};
use crate::pages::public_tokens_page;

/// One thing wrong with the token's format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub hint: String,
}

/// The result of linting a found token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    /// The value that will be sent (CR/LF removed, trimmed), when well formed.
    pub token: Option<Secret>,
    /// The cleaned value, masked, for the report.
    pub masked: String,
    /// CR/LF or surrounding whitespace: a warning, the check goes on with the cleaned value.
    pub whitespace: Option<Problem>,
    /// Problems that make the token unusable; it is never sent when there is one.
    pub errors: Vec<Problem>,
}

const FIX_VALUE: &str = concat!(
    "set the secret to the token itself, exactly as shown at ",
    public_tokens_page!()
);

/// Checks a token read from the token file. A file's single trailing newline
/// is silent: text files end in one and every client strips it. A second
/// newline, a CR or other whitespace is still the warning.
pub fn lint_file(raw: &Secret) -> Lint {
    match raw.bytes().strip_suffix(b"\n") {
        Some(line) => lint(&Secret::new(line.to_vec())),
        None => lint(raw),
    }
}

/// Checks the token's format before anything is sent.
pub fn lint(raw: &Secret) -> Lint {
    let bytes = raw.bytes();
    let mut whitespace = None;
    let cleaned_bytes = clean(bytes);
    if cleaned_bytes.len() != bytes.len() {
        let has_newline = bytes.iter().any(|b| *b == b'\r' || *b == b'\n');
        let what = if has_newline {
            "a line break (CR/LF)"
        } else {
            "whitespace around it"
        };
        whitespace = Some(Problem {
            message: format!(
                "the token contains {what}; huggingface_hub strips it, but other clients (curl, git, \
                 requests) send it raw and fail"
            ),
            hint:
                "store the secret without a trailing newline, e.g. `printf %s \"$TOKEN\"` rather \
                   than `echo`"
                    .to_string(),
        });
    }
    let text = match String::from_utf8(cleaned_bytes) {
        Ok(t) => t,
        Err(e) => {
            let len = e.as_bytes().len();
            return Lint {
                token: None,
                masked: format!("… ({len} bytes)"),
                whitespace,
                errors: vec![Problem {
                    message: "the token contains bytes that are not UTF-8 text".to_string(),
                    hint: FIX_VALUE.to_string(),
                }],
            };
        }
    };
    let masked = mask(&text);
    let mut errors = format_errors(&text);
    oauth_hints(&text, &mut errors);
    let token = errors.is_empty().then(|| Secret::new(text));
    Lint {
        token,
        masked,
        whitespace,
        errors,
    }
}

/// An OAuth token (`hf_oauth_…`, `hf_jwt_…`) is issued by a sign-in or a
/// trusted publisher, never made on the tokens page: a hint that sends the
/// user there to copy it again sends them to the app that issued it instead.
fn oauth_hints(t: &str, errors: &mut [Problem]) {
    let core = t.trim_start_matches(['"', '\'']);
    let core = core
        .get(..7)
        .filter(|b| b.eq_ignore_ascii_case("bearer "))
        .map_or(core, |_| &core[7..]);
    // Named without its prefix: `hf_oauth_` is a piece of the token, so the
    // redactor would show the hint as "an OAuth token (`[REDACTED]...`)".
    let kind = match () {
        _ if core.starts_with("hf_oauth_") => "an OAuth token",
        _ if core.starts_with("hf_jwt_") => "a trusted publisher's token",
        _ => return,
    };
    for e in errors.iter_mut() {
        if e.hint.contains(public_tokens_page!()) {
            e.hint = format!(
                "{kind} is issued by the sign-in or workflow that made it (a Space's OAuth, the \
                 MCP server's session, a trusted publisher), not on the tokens page: pass it on \
                 exactly as issued, without quotes or a prefix"
            );
        }
    }
}

fn problem(message: impl Into<String>, hint: impl Into<String>) -> Problem {
    Problem {
        message: message.into(),
        hint: hint.into(),
    }
}

/// The format problems of a cleaned token, most telling first. Empty when well formed.
fn format_errors(t: &str) -> Vec<Problem> {
    if let Some(p) = placeholder(t) {
        return vec![p];
    }
    let mut errors = Vec::new();
    let core = strip_wrappers(t, &mut errors);
    if let Some(i) = core.find(char::is_whitespace) {
        errors.push(problem(
            format!("the token contains whitespace at character {}", i + 1),
            concat!(
                "a token is one word: copy it again from ",
                public_tokens_page!()
            ),
        ));
    }
    if core.chars().any(|c| c.is_control()) {
        errors.push(problem("the token contains control characters", FIX_VALUE));
    }
    if !core.is_ascii() {
        errors.push(problem(
            "the token contains non-ASCII characters (a smart quote, an ellipsis or a lookalike \
             letter from copy and paste?)",
            FIX_VALUE,
        ));
    }
    if let Some(p) = prefix_problem(core) {
        errors.push(p);
    } else if let Some(body) = core.strip_prefix("hf_") {
        if body.is_empty() {
            errors.push(problem("the token is only the prefix `hf_`", FIX_VALUE));
        } else if matches!(body, "oauth_" | "jwt_") {
            // Named in words: the prefix is the whole value, which is never shown.
            errors.push(problem(
                "the token is only the prefix of an OAuth or trusted publisher's token, with \
                 nothing after it",
                FIX_VALUE,
            ));
        } else if errors.is_empty()
            && let Some(i) = body
                .chars()
                .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        {
            errors.push(problem(
                format!(
                    "the token has a character other than letters, digits, `_`, `-` and `.` at \
                     position {}",
                    i + 4
                ),
                FIX_VALUE,
            ));
        }
    }
    errors
}

/// Takes off a `Bearer ` prefix and quotes, with a problem for each.
fn strip_wrappers<'a>(t: &'a str, errors: &mut Vec<Problem>) -> &'a str {
    let mut core = t;
    if core
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
    {
        errors.push(problem(
            "the value starts with `Bearer `: that is part of the HTTP header, not of the token",
            "store only the token (`hf_...`), without `Bearer `",
        ));
        core = core[7..].trim_start();
    }
    let quotes = ['"', '\'', '`'];
    if core.len() >= 2 && core.starts_with(quotes) && core.ends_with(quotes) {
        errors.push(problem(
            "the value is wrapped in quotes, which became part of the token",
            "store the token without quotes (quotes in a .env file or a YAML value are kept \
             literally by some tools)",
        ));
        core = &core[1..core.len() - 1];
    } else if core.starts_with(quotes) || core.ends_with(quotes) {
        errors.push(problem(
            "the value starts or ends with a quote character",
            "store the token without quotes",
        ));
        core = core.trim_matches(quotes);
    }
    core
}

/// Words that mark a placeholder, never a real token.
const PLACEHOLDER_WORDS: &[&str] = &[
    "your_token",
    "your-token",
    "yourtoken",
    "your_hf_token",
    "your_huggingface_token",
    "your_token_here",
    "token_here",
    "changeme",
    "change_me",
    "replace_me",
    "placeholder",
    "redacted",
    "<token>",
    "<hf_token>",
    "xxx",
];

/// Whether `value` is a placeholder (`hf_xxxx...`, `<token>`...), not a token:
/// the scan does not count it as a hardcoded token.
pub fn is_placeholder(value: &str) -> bool {
    placeholder(value).is_some()
}

/// A value that was never replaced by the real token.
fn placeholder(t: &str) -> Option<Problem> {
    let hint = "pass the real token: `hf jobs run --secrets HF_TOKEN ...` (the bare name takes \
                your own token), or `secrets.HF_TOKEN` in CI";
    let is_var = |s: &str| {
        let name = s
            .strip_prefix("${")
            .and_then(|r| r.strip_suffix('}'))
            .or_else(|| s.strip_prefix('$'))
            .or_else(|| s.strip_prefix("%").and_then(|r| r.strip_suffix('%')));
        name.is_some_and(|n| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ' ' | '{' | '}'))
        })
    };
    if let Some(name) = ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "secrets.HF_TOKEN"]
        .into_iter()
        .find(|n| *n == t)
    {
        return Some(problem(
            format!(
                "the value is the name `{name}`, not the token: the variable was set to its own name"
            ),
            hint,
        ));
    }
    if is_var(t) || (t.starts_with("${{") && t.ends_with("}}")) {
        return Some(problem(
            format!(
                "the token is {}: it was never replaced by the real token",
                describe_placeholder(t)
            ),
            hint,
        ));
    }
    let lower = t.to_ascii_lowercase();
    let body = lower.strip_prefix("hf_").unwrap_or(&lower);
    let filler = !body.is_empty()
        && (body
            .chars()
            .all(|c| matches!(c, 'x' | '*' | '.' | '…' | '_' | '-' | '#'))
            || body.chars().all(|c| c == '0'));
    let angle = t.starts_with('<') && t.ends_with('>');
    if filler
        || angle
        || PLACEHOLDER_WORDS.iter().any(|w| {
            lower == *w || body == *w || lower.contains("your_token") || lower.contains("<your")
        })
    {
        return Some(problem(
            format!(
                "the token is a placeholder{}: it was never replaced by the real token",
                describe_filler(t, filler)
            ),
            hint,
        ));
    }
    None
}

/// How a `$NAME`-style placeholder is shown: by its well-known spelling, else by
/// its form only (the text after `$` may be anything, a real token included).
fn describe_placeholder(t: &str) -> String {
    const KNOWN: &[&str] = &[
        "$HF_TOKEN",
        "${HF_TOKEN}",
        "$HUGGING_FACE_HUB_TOKEN",
        "${HUGGING_FACE_HUB_TOKEN}",
        "${{ secrets.HF_TOKEN }}",
        "%HF_TOKEN%",
    ];
    match KNOWN.iter().find(|k| **k == t) {
        Some(k) => format!("the literal placeholder `{k}`"),
        None if t.starts_with("${{") => "a literal `${{ ... }}` placeholder".to_string(),
        None => "a literal `$NAME` placeholder".to_string(),
    }
}

/// A filler such as `hf_xxxx` is shown (its characters hold no secret) when short.
fn describe_filler(t: &str, filler: bool) -> String {
    if filler && t.len() <= 24 {
        format!(" `{t}`")
    } else {
        String::new()
    }
}

/// Other services' key prefixes, with what they are.
const FOREIGN: &[(&str, &str)] = &[
    ("github_pat_", "a GitHub fine-grained personal access token"),
    ("ghp_", "a GitHub personal access token"),
    ("gho_", "a GitHub OAuth token"),
    ("ghs_", "a GitHub Actions or app token"),
    ("ghu_", "a GitHub user-to-server token"),
    ("ghr_", "a GitHub refresh token"),
    ("glpat-", "a GitLab personal access token"),
    ("sk-ant-", "an Anthropic API key"),
    ("sk-", "an OpenAI-style API key"),
    ("xoxb-", "a Slack bot token"),
    ("xoxp-", "a Slack user token"),
    ("AKIA", "an AWS access key id"),
    ("ASIA", "an AWS temporary access key id"),
    ("AIza", "a Google API key"),
    ("r8_", "a Replicate API token"),
    ("pypi-", "a PyPI API token"),
    ("npm_", "an npm token"),
    ("wandb_", "a Weights & Biases key"),
    ("eyJ", "a JWT that is not a Hugging Face token"),
];

/// `` (`ghp_...`)`` after a kind of token: its prefix, only when shorter than
/// the redactor's pieces; a longer one (`api_org_`, `wandb_`) is a piece of the
/// token itself, which every output shows as `[REDACTED]`, so it is left out.
fn shown_prefix(prefix: &str) -> String {
    match prefix.chars().count() < crate::sanitize::MIN_RUN {
        true => format!(" (`{prefix}...`)"),
        false => String::new(),
    }
}

/// A token that is not a Hugging Face user token: legacy or another service's.
fn prefix_problem(t: &str) -> Option<Problem> {
    if t.starts_with("api_org_") {
        return Some(problem(
            format!(
                "the token is a legacy organization token{}: these are deprecated and \
                 huggingface_hub refuses them",
                shown_prefix("api_org_")
            ),
            concat!(
                "create a user access token (a fine-grained one can be scoped to the organization) \
                 at ",
                public_tokens_page!()
            ),
        ));
    }
    if t.starts_with("api_") {
        return Some(problem(
            "the token is a legacy API token (`api_...`): these are deprecated and huggingface_hub \
             refuses them",
            concat!("create a new access token at ", public_tokens_page!()),
        ));
    }
    if t.starts_with("hf_") {
        return None;
    }
    let hint = concat!(
        "use a Hugging Face access token (`hf_...`) from ",
        public_tokens_page!()
    );
    for (prefix, what) in FOREIGN {
        if t.starts_with(prefix) {
            return Some(problem(
                format!(
                    "the value looks like {what}{}, not a Hugging Face token",
                    shown_prefix(prefix)
                ),
                hint,
            ));
        }
    }
    if t.len() == 40 && t.chars().all(|c| c.is_ascii_hexdigit()) {
        return Some(problem(
            "the value looks like a 40-character hex key (a Weights & Biases key?), not a Hugging Face token",
            hint,
        ));
    }
    Some(problem(
        "the token does not start with `hf_`, the prefix of every Hugging Face access token",
        hint,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";

    fn lint_str(s: &str) -> Lint {
        lint(&Secret::new(s))
    }

    /// What the value is said to be never quotes a piece of it the redactor
    /// would blank (`[REDACTED]...`): a prefix of 6 characters or more is left
    /// out, a shorter one shown.
    #[test]
    fn kinds_are_named_without_a_piece_of_the_value() {
        let prefixes = FOREIGN.iter().map(|(p, _)| *p);
        for prefix in prefixes.chain(["api_org_", "api_"]) {
            let value = format!("{prefix}AbCdEfGhIjKlMnOpQrStUvWxYz0123");
            let l = lint_str(&value);
            let chars: Vec<char> = value.chars().collect();
            for e in &l.errors {
                let said = format!("{} {}", e.message, e.hint);
                for w in chars.windows(crate::sanitize::MIN_RUN) {
                    let piece: String = w.iter().collect();
                    assert!(!said.contains(&piece), "{value}: {piece:?} in {said}");
                }
                let short = prefix.chars().count() < crate::sanitize::MIN_RUN;
                assert_eq!(said.contains(&format!("`{prefix}...`")), short, "{said}");
            }
            assert!(!l.errors.is_empty(), "{value}");
        }
    }

    /// Each format mistake people make is caught before the token is sent, with a hint.
    #[test]
    fn lint_table() {
        // (value, sent?, whitespace warning?, a word the first error must contain)
        let rows: &[(&str, bool, bool, &str)] = &[
            (GOOD, true, false, ""),
            ("hf_oauth_abcdefghijklmnopqrstuvwxyz0123", true, false, ""),
            ("hf_jwt_eyJhbGciOi.eyJzdWIi.sig-_x", true, false, ""),
            ("hf_abc", true, false, ""),
            (&format!("{GOOD}\n"), true, true, ""),
            (&format!("{GOOD}\r\n"), true, true, ""),
            (&format!("  {GOOD}\t"), true, true, ""),
            ("hf_abcdefgh\nijklmnop", true, true, ""),
            ("$HF_TOKEN", false, false, "placeholder `$HF_TOKEN`"),
            ("$MY_SECRET", false, false, "`$NAME` placeholder"),
            ("${HF_TOKEN}", false, false, "placeholder `${HF_TOKEN}`"),
            ("${{ secrets.HF_TOKEN }}", false, false, "placeholder"),
            ("HF_TOKEN", false, false, "the name `HF_TOKEN`"),
            ("hf_xxxxxxxxxxxxxxxxxxxx", false, false, "placeholder"),
            ("hf_...", false, false, "placeholder"),
            ("hf_***", false, false, "placeholder"),
            ("<token>", false, false, "placeholder"),
            ("<your-hf-token>", false, false, "placeholder"),
            ("your_token_here", false, false, "placeholder"),
            (&format!("Bearer {GOOD}"), false, false, "`Bearer `"),
            (&format!("bearer {GOOD}"), false, false, "`Bearer `"),
            (&format!("\"{GOOD}\""), false, false, "quotes"),
            (&format!("'{GOOD}'"), false, false, "quotes"),
            (&format!("{GOOD}\""), false, false, "quote"),
            ("hf_abcdefgh ijklmnop", false, false, "whitespace"),
            ("hf_abcdefgh\u{7}ijklmnop", false, false, "control"),
            ("hf_abcdéfghijklmnop", false, false, "non-ASCII"),
            ("hf_abcdefghijklmnop\u{2026}", false, false, "non-ASCII"),
            (
                "api_org_abcdefghijklmnopqrstuvwxyz",
                false,
                false,
                "organization",
            ),
            ("api_abcdefghijklmnopqrstuvwxyz", false, false, "legacy"),
            (
                "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
                false,
                false,
                "GitHub",
            ),
            (
                "github_pat_11ABCDEFG0abcdefghijklmnopqrstuvwxyz",
                false,
                false,
                "GitHub",
            ),
            ("sk-proj-abcdefghijklmnopqrstuvwxyz", false, false, "OpenAI"),
            ("abcdefghijklmnopqrstuvwxyz", false, false, "`hf_`"),
            ("hf_", false, false, "only the prefix"),
            ("hf_oauth_", false, false, "only the prefix of an OAuth"),
            ("hf_jwt_", false, false, "only the prefix of an OAuth"),
            ("hf_abc/def+ghi=", false, false, "position 7"),
        ];
        for (value, sent, ws, word) in rows {
            let l = lint_str(value);
            assert_eq!(l.token.is_some(), *sent, "sent? {value:?}: {l:?}");
            assert_eq!(l.whitespace.is_some(), *ws, "whitespace? {value:?}");
            if !sent {
                assert!(
                    l.errors[0].message.contains(word),
                    "{value:?}: {}",
                    l.errors[0].message
                );
                assert!(!l.errors[0].hint.is_empty());
            }
        }
        let l = lint_str(&format!("{GOOD}\n"));
        assert_eq!(l.token.unwrap().authorization(), format!("Bearer {GOOD}"));
        // An OAuth token is never sent to the tokens page to be copied again.
        for (value, issued) in [
            ("hf_oauth_abc def", true),
            ("\"hf_oauth_abcdef\"", false),
            ("Bearer hf_jwt_eyJ\u{2026}", true),
        ] {
            let l = lint_str(value);
            assert!(!l.errors.is_empty(), "{value:?}");
            for e in &l.errors {
                assert!(
                    !e.hint.contains("/settings/tokens"),
                    "{value:?}: {}",
                    e.hint
                );
            }
            let said = l.errors.iter().any(|e| e.hint.contains("issued"));
            assert_eq!(said, issued, "{value:?}: {l:?}");
            // No 6-character piece of the token (its `hf_oauth_` prefix
            // included): the redactor would blank it out of the hint.
            let token = &value[value.find("hf_").unwrap()..];
            let chars: Vec<char> = token.chars().collect();
            for piece in chars.windows(6).map(|w| w.iter().collect::<String>()) {
                for e in &l.errors {
                    let said = format!("{} {}", e.message, e.hint);
                    assert!(!said.contains(&piece), "{value:?}: {piece:?} in {said}");
                }
            }
        }
        let l = lint_str("hf_abc def");
        assert!(l.errors[0].hint.contains("/settings/tokens"), "{l:?}");
        let l = lint_str(&format!("'Bearer {GOOD}'"));
        assert!(l.errors.len() >= 2, "{l:?}");
    }

    /// The exact messages a user reads for a value that is not a token: every
    /// problem, in order. A placeholder is quoted only when it is a short filler
    /// (`hf_xxxx`), never when it could hold part of a real token.
    #[test]
    fn lint_messages_exactly() {
        const QUOTES: &str = "the value is wrapped in quotes, which became part of the token";
        const NOT_HF: &str =
            "the token does not start with `hf_`, the prefix of every Hugging Face access token";
        const NEVER: &str = "it was never replaced by the real token";
        let rows: &[(&str, &[&str])] = &[
            // the closing quote is taken off with the opening one
            ("\"hf_\"", &[QUOTES, "the token is only the prefix `hf_`"]),
            // `$` followed by something that is not a variable name is no placeholder
            ("${}", &[NOT_HF]),
            (
                "$(cat token)",
                &["the token contains whitespace at character 6", NOT_HF],
            ),
            // `}}` is a placeholder's end only after a `${{`
            (
                "hf_abcdef}}",
                &[
                    "the token has a character other than letters, digits, `_`, `-` and `.` at \
                     position 10",
                ],
            ),
            (
                "${{ secrets.MY_TOKEN }}",
                &[
                    "the token is a literal `${{ ... }}` placeholder: it was never replaced by the real token",
                ],
            ),
            // `<...>` is a placeholder when it is closed, and it is not quoted
            ("<abc", &[NOT_HF]),
            (
                "<abc>",
                &["the token is a placeholder: it was never replaced by the real token"],
            ),
            (
                "<hf_abcdefghijklmnop>",
                &["the token is a placeholder: it was never replaced by the real token"],
            ),
            // a short filler is quoted, a long one is not
            (
                "hf_xxxx",
                &["the token is a placeholder `hf_xxxx`: it was never replaced by the real token"],
            ),
            (
                "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                &["the token is a placeholder: it was never replaced by the real token"],
            ),
            // a placeholder word after `hf_`, or anywhere `your_token` / `<your`
            (
                "hf_changeme",
                &["the token is a placeholder: it was never replaced by the real token"],
            ),
            (
                "use_your_token_here",
                &["the token is a placeholder: it was never replaced by the real token"],
            ),
            (
                "<your-token",
                &["the token is a placeholder: it was never replaced by the real token"],
            ),
            // 40 hex characters, and only those, look like a Weights & Biases key
            (
                "0123456789abcdef0123456789abcdef01234567",
                &[
                    "the value looks like a 40-character hex key (a Weights & Biases key?), not \
                     a Hugging Face token",
                ],
            ),
            ("deadbeef", &[NOT_HF]),
            ("0123456789abcdef0123456789abcdef0123456z", &[NOT_HF]),
        ];
        for (value, want) in rows {
            let l = lint_str(value);
            let got: Vec<&str> = l.errors.iter().map(|p| p.message.as_str()).collect();
            assert_eq!(got, *want, "{value:?}");
            assert!(l.token.is_none(), "{value:?}");
            assert!(
                got.iter()
                    .all(|m| m.ends_with(NEVER) || !m.contains("placeholder"))
            );
        }
        let ws = |v: &str| lint_str(v).whitespace.map(|p| p.message);
        let says = |what: &str| {
            Some(format!(
                "the token contains {what}; huggingface_hub strips it, but other clients (curl, \
                 git, requests) send it raw and fail"
            ))
        };
        assert_eq!(ws(&format!("{GOOD}\n")), says("a line break (CR/LF)"));
        assert_eq!(ws(&format!("{GOOD}\r")), says("a line break (CR/LF)"));
        assert_eq!(ws(&format!(" {GOOD}\t")), says("whitespace around it"));
        assert_eq!(ws(GOOD), None);
    }

    /// In the token file one trailing newline is silent; anything more is still the
    /// warning, and the value sent is the same as from the environment.
    #[test]
    fn token_file_newline() {
        let file = |s: &str| lint_file(&Secret::new(s));
        let l = file(&format!("{GOOD}\n"));
        assert_eq!(l.whitespace, None);
        assert_eq!(l.token.unwrap().authorization(), format!("Bearer {GOOD}"));
        assert_eq!(file(GOOD).whitespace, None);
        for warned in [
            format!("{GOOD}\n\n"),
            format!("{GOOD}\r\n"),
            format!("{GOOD} \n"),
            format!(" {GOOD}\n"),
            format!("{GOOD}\t"),
        ] {
            let l = file(&warned);
            assert!(l.whitespace.is_some(), "{warned:?}");
            assert!(l.token.is_some(), "{warned:?}");
        }
        assert!(lint_str(&format!("{GOOD}\n")).whitespace.is_some());
    }

    /// Odd bytes never make lint panic, and a token with errors is never sent.
    #[test]
    fn lint_never_panics_on_odd_bytes() {
        for bytes in [
            vec![0xff, 0xfe],
            vec![b'h', b'f', b'_', 0xc3],
            vec![b'"'],
            vec![b'\''; 2],
            b"Bearer".to_vec(),
            b"bearer ".to_vec(),
            "é".repeat(10).into_bytes(),
            vec![b'$'],
            b"${}".to_vec(),
        ] {
            let l = lint(&Secret::new(bytes.clone()));
            assert!(l.token.is_none() || l.errors.is_empty(), "{bytes:?}");
        }
    }

    /// A `$`-placeholder wrapped around a real token is described, never quoted.
    #[test]
    fn placeholder_messages_never_quote_the_value() {
        for v in [
            format!("${GOOD}"),
            format!("${{{GOOD}}}"),
            format!("$hf_{}\r\n", &GOOD[3..]),
        ] {
            let l = lint_str(&v);
            let text = format!("{l:?}");
            assert!(l.token.is_none(), "{v:?}");
            assert!(!text.contains(&GOOD[3..12]), "{text}");
        }
    }
}
