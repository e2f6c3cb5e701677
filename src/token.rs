//! The token: where it comes from, whether it is well formed, and how it may be shown.
//!
//! Everything here is pure: discovery takes a snapshot of the environment and a
//! function that reads a file, so it is tested as a table.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::Env;

/// A token value. It has no `Display`, its `Debug` prints `REDACTED`, and the
/// only way to the text is [`Secret::expose`], called where the header is built.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Secret(value)
    }

    /// The raw value. Call it only to build the `authorization` header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `hf_…abcd`: the prefix and the last 4 characters, never more.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("REDACTED")
    }
}

/// Removes every copy of the token from text before it is shown: a Hub or a
/// proxy that echoes the `authorization` header back must not make it printed.
#[derive(Default)]
pub struct Redactor(Vec<Secret>);

impl Redactor {
    /// From the value as found (raw and trimmed) and the cleaned value that is sent.
    /// Short values (placeholders such as `$HF_TOKEN`) are no secrets worth hiding.
    pub fn new(raw: Option<&RawToken>, sent: Option<&Secret>) -> Redactor {
        let mut values: Vec<String> = Vec::new();
        if let Some(raw) = raw {
            let text = String::from_utf8_lossy(&raw.0).to_string();
            values.push(text.trim().to_string());
            values.push(text);
        }
        if let Some(s) = sent {
            values.push(s.0.clone());
        }
        values.retain(|v| v.len() >= 12);
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        values.dedup();
        Redactor(values.into_iter().map(Secret).collect())
    }

    pub fn redact(&self, text: &str) -> String {
        let mut t = text.to_string();
        for secret in &self.0 {
            if t.contains(secret.0.as_str()) {
                t = t.replace(secret.0.as_str(), "[REDACTED]");
            }
        }
        t
    }
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

/// Where the token was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Env(&'static str),
    File(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Env(name) => write!(f, "`{name}`"),
            Source::File(path) => write!(f, "the token file `{}`", path.display()),
        }
    }
}

impl Source {
    /// The short form used in the JSON report: `HF_TOKEN` or `file:/path`.
    pub fn short(&self) -> String {
        match self {
            Source::Env(name) => (*name).to_string(),
            Source::File(path) => format!("file:{}", path.display()),
        }
    }
}

/// The outcome of looking for a token, before linting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Discovery {
    Found {
        source: Source,
        raw: RawToken,
    },

    Missing {
        /// Where the token was looked for, in order.
        searched: Vec<String>,
        /// Variables that were set but blank (so they were skipped).
        blank: Vec<String>,
        /// Names of variables that look like a misplaced token (never their values).
        misplaced: Vec<String>,
        /// A token file that exists but could not be read, with the reason.
        unreadable: Option<String>,
    },
}

/// The token's bytes as found; it may not even be UTF-8.
#[derive(Clone, PartialEq, Eq)]
pub struct RawToken(pub Vec<u8>);

impl fmt::Debug for RawToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("REDACTED")
    }
}

/// Names that people put a Hugging Face token under by mistake.
const MISPLACED_NAMES: &[&str] = &[
    "HUGGINGFACE_TOKEN",
    "HUGGINGFACEHUB_API_TOKEN",
    "HUGGINGFACE_HUB_TOKEN",
    "HUGGING_FACE_TOKEN",
    "HUGGINGFACE_API_KEY",
    "HF_API_TOKEN",
    "HF_API_KEY",
    "HF_HUB_TOKEN",
    "HF_ACCESS_TOKEN",
    "HF_AUTH_TOKEN",
    "HFTOKEN",
    "HF-TOKEN",
    "hf_token",
    "TOKEN",
];

/// The path of the token file, as huggingface_hub computes it.
pub fn token_path(env: &Env) -> Option<PathBuf> {
    if let Some(p) = env.str("HF_TOKEN_PATH").filter(|p| !p.is_empty()) {
        return Some(expand_home(p, env));
    }
    let hf_home = match env.str("HF_HOME").filter(|p| !p.is_empty()) {
        Some(h) => expand_home(h, env),
        None => {
            let cache = match env.str("XDG_CACHE_HOME").filter(|p| !p.is_empty()) {
                Some(c) => expand_home(c, env),
                None => expand_home("~/.cache", env),
            };
            cache.join("huggingface")
        }
    };
    Some(hf_home.join("token"))
}

fn expand_home(path: &str, env: &Env) -> PathBuf {
    if let Some(rest) = path.strip_prefix('~')
        && (rest.is_empty() || rest.starts_with('/') || (cfg!(windows) && rest.starts_with('\\')))
        && let Some(home) = home_dir(env)
    {
        return PathBuf::from(format!("{home}{rest}"));
    }
    PathBuf::from(path)
}

/// The home directory as Python's `os.path.expanduser` finds it: `HOME` on Unix.
#[cfg(not(windows))]
fn home_dir(env: &Env) -> Option<String> {
    env.str("HOME")
        .filter(|h| !h.is_empty())
        .map(str::to_string)
}

/// The home directory as Python's `os.path.expanduser` finds it on Windows
/// (`ntpath`, Python 3.8+): `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`; `HOME` is not read.
#[cfg(windows)]
fn home_dir(env: &Env) -> Option<String> {
    if let Some(p) = env.str("USERPROFILE").filter(|h| !h.is_empty()) {
        return Some(p.to_string());
    }
    let path = env.str("HOMEPATH").filter(|h| !h.is_empty())?;
    Some(format!("{}{path}", env.str("HOMEDRIVE").unwrap_or("")))
}

/// What reading the token file gave.
pub enum FileRead {
    Absent,
    Read(Vec<u8>),
    Error(String),
}

/// Finds the token in the order huggingface_hub uses: `HF_TOKEN`, then
/// `HUGGING_FACE_HUB_TOKEN`, then the token file. An empty or blank value
/// counts as missing, as it does for huggingface_hub.
pub fn discover(env: &Env, read_file: &dyn Fn(&Path) -> FileRead) -> Discovery {
    let mut blank = Vec::new();
    // huggingface_hub takes `HF_TOKEN or HUGGING_FACE_HUB_TOKEN` (the first non-empty
    // one), then cleans it; a value that cleans to nothing falls through to the file.
    for name in ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"] {
        if let Some(value) = env.bytes(name) {
            if value.is_empty() {
                blank.push(format!("`{name}`"));
                continue;
            }
            if clean(value).is_empty() {
                blank.push(format!("`{name}`"));
                break;
            }
            return Discovery::Found {
                source: Source::Env(name),
                raw: RawToken(value.to_vec()),
            };
        }
    }
    let mut searched = vec![
        "`HF_TOKEN`".to_string(),
        "`HUGGING_FACE_HUB_TOKEN`".to_string(),
    ];
    let mut unreadable = None;
    if let Some(path) = token_path(env) {
        searched.push(format!("`{}`", path.display()));
        match read_file(&path) {
            FileRead::Read(bytes) if !clean(&bytes).is_empty() => {
                return Discovery::Found {
                    source: Source::File(path),
                    raw: RawToken(bytes),
                };
            }
            FileRead::Read(_) => blank.push(format!("`{}`", path.display())),
            FileRead::Absent => {}
            FileRead::Error(e) => unreadable = Some(format!("`{}`: {e}", path.display())),
        }
    }
    Discovery::Missing {
        searched,
        blank,
        misplaced: misplaced(env),
        unreadable,
    }
}

/// Names (never values) of variables that look like a misplaced token.
fn misplaced(env: &Env) -> Vec<String> {
    let mut found = Vec::new();
    for name in MISPLACED_NAMES {
        if env.bytes(name).is_some_and(|v| !clean(v).is_empty()) {
            found.push((*name).to_string());
        }
    }
    for (name, value) in env.iter() {
        if name == "HF_TOKEN" || name == "HUGGING_FACE_HUB_TOKEN" || found.iter().any(|f| f == name)
        {
            continue;
        }
        let trimmed = clean(value);
        let t = strip_wrapping(&trimmed);
        if t.starts_with(b"hf_") && t.len() > 8 {
            found.push(name.to_string());
        }
    }
    found
}

fn strip_wrapping(value: &[u8]) -> &[u8] {
    let mut v = value;
    if let Some(rest) = v.strip_prefix(b"Bearer ") {
        v = rest;
    }
    while let [b'"' | b'\'', rest @ ..] = v {
        v = rest;
    }
    v
}

/// Removes every CR and LF and the surrounding whitespace, as huggingface_hub does.
fn clean(value: &[u8]) -> Vec<u8> {
    let no_newlines: Vec<u8> = value
        .iter()
        .copied()
        .filter(|b| *b != b'\r' && *b != b'\n')
        .collect();
    no_newlines.trim_ascii().to_vec()
}

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

const FIX_VALUE: &str = "set the secret to the token itself, exactly as shown at https://huggingface.co/settings/tokens";

/// Checks the token's format before anything is sent.
pub fn lint(raw: &RawToken) -> Lint {
    let bytes = &raw.0;
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
    let errors = format_errors(&text);
    let token = errors.is_empty().then(|| Secret::new(text));
    Lint {
        token,
        masked,
        whitespace,
        errors,
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
    if let Some(i) = core.find(char::is_whitespace) {
        errors.push(problem(
            format!("the token contains whitespace at character {}", i + 1),
            "a token is one word: copy it again from https://huggingface.co/settings/tokens",
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
    if matches!(
        t,
        "HF_TOKEN" | "HUGGING_FACE_HUB_TOKEN" | "secrets.HF_TOKEN"
    ) {
        return Some(problem(
            format!(
                "the value is the name `{t}`, not the token: the variable was set to its own name"
            ),
            hint,
        ));
    }
    if is_var(t) || (t.starts_with("${{") && t.ends_with("}}")) {
        return Some(problem(
            format!(
                "the token is the literal placeholder `{t}`: it was never replaced by the real token"
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
    let words = [
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
    let angle = t.starts_with('<') && t.ends_with('>');
    if filler
        || angle
        || words.iter().any(|w| {
            lower == *w || body == *w || lower.contains("your_token") || lower.contains("<your")
        })
    {
        // A placeholder is not a secret, but show it only when it is short.
        let shown = if t.len() <= 24 {
            format!(" `{t}`")
        } else {
            String::new()
        };
        return Some(problem(
            format!("the token is a placeholder{shown}: it was never replaced by the real token"),
            hint,
        ));
    }
    None
}

/// A token that is not a Hugging Face user token: legacy or another service's.
fn prefix_problem(t: &str) -> Option<Problem> {
    if t.starts_with("api_org_") {
        return Some(problem(
            "the token is a legacy organization token (`api_org_...`): these are deprecated and \
             huggingface_hub refuses them",
            "create a user access token (a fine-grained one can be scoped to the organization) at \
             https://huggingface.co/settings/tokens",
        ));
    }
    if t.starts_with("api_") {
        return Some(problem(
            "the token is a legacy API token (`api_...`): these are deprecated and huggingface_hub \
             refuses them",
            "create a new access token at https://huggingface.co/settings/tokens",
        ));
    }
    if t.starts_with("hf_") {
        return None;
    }
    let foreign: &[(&str, &str)] = &[
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
    let hint =
        "use a Hugging Face access token (`hf_...`) from https://huggingface.co/settings/tokens";
    for (prefix, what) in foreign {
        if t.starts_with(prefix) {
            return Some(problem(
                format!("the value looks like {what} (`{prefix}...`), not a Hugging Face token"),
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

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_strs(pairs)
    }

    const GOOD: &str = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new(GOOD.into());
        assert_eq!(format!("{s:?}"), "REDACTED");
        assert_eq!(
            format!("{:?}", RawToken(GOOD.as_bytes().to_vec())),
            "REDACTED"
        );
        assert_eq!(s.masked(), "hf_…EFGH");
    }

    #[test]
    fn redactor_removes_every_form_of_the_value() {
        let raw = RawToken(format!("  {GOOD}\n").into_bytes());
        let r = Redactor::new(Some(&raw), Some(&Secret::new(GOOD.into())));
        assert_eq!(
            r.redact(&format!("got Bearer {GOOD} twice {GOOD}")),
            "got Bearer [REDACTED] twice [REDACTED]"
        );
        let short = Redactor::new(Some(&RawToken(b"$HF_TOKEN".to_vec())), None);
        assert_eq!(
            short.redact("the placeholder `$HF_TOKEN`"),
            "the placeholder `$HF_TOKEN`"
        );
    }

    #[test]
    fn mask_table() {
        let rows = [
            (GOOD, "hf_…EFGH"),
            ("hf_short", "hf_… (8 characters)"),
            ("", "… (0 characters)"),
            ("ghp_0123456789abcdefghij", "…ghij"),
            ("hf_abc def ghi jkl mno", "hf_… (22 characters)"),
        ];
        for (input, want) in rows {
            assert_eq!(mask(input), want, "{input:?}");
        }
    }

    fn lint_str(s: &str) -> Lint {
        lint(&RawToken(s.as_bytes().to_vec()))
    }

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
        assert_eq!(l.token.unwrap().expose(), GOOD);
        let l = lint_str(&format!("'Bearer {GOOD}'"));
        assert!(l.errors.len() >= 2, "{l:?}");
    }

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
            let l = lint(&RawToken(bytes.clone()));
            assert!(l.token.is_none() || l.errors.is_empty(), "{bytes:?}");
        }
    }

    fn no_file(_: &Path) -> FileRead {
        FileRead::Absent
    }

    #[test]
    #[cfg(unix)] // Unix paths and `HOME`; Windows: `token_path_windows`
    fn discovery_order_matches_huggingface_hub() {
        let found = |d: Discovery| match d {
            Discovery::Found { source, raw } => (source.short(), String::from_utf8(raw.0).unwrap()),
            Discovery::Missing { .. } => ("missing".into(), String::new()),
        };
        let file = |p: &Path| {
            if p == Path::new("/home/u/.cache/huggingface/token") {
                FileRead::Read(b"hf_fromfile\n".to_vec())
            } else {
                FileRead::Absent
            }
        };
        type Row<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
        let rows: &[Row] = &[
            (
                &[("HF_TOKEN", "hf_a"), ("HUGGING_FACE_HUB_TOKEN", "hf_b")],
                "HF_TOKEN",
                "hf_a",
            ),
            (
                &[("HF_TOKEN", ""), ("HUGGING_FACE_HUB_TOKEN", "hf_b")],
                "HUGGING_FACE_HUB_TOKEN",
                "hf_b",
            ),
            (
                &[("HUGGING_FACE_HUB_TOKEN", "hf_b"), ("HOME", "/home/u")],
                "HUGGING_FACE_HUB_TOKEN",
                "hf_b",
            ),
            (
                &[("HOME", "/home/u")],
                "file:/home/u/.cache/huggingface/token",
                "hf_fromfile\n",
            ),
            // a blank (not empty) HF_TOKEN falls through to the file, as in huggingface_hub
            (
                &[("HF_TOKEN", " \n"), ("HOME", "/home/u")],
                "file:/home/u/.cache/huggingface/token",
                "hf_fromfile\n",
            ),
            (&[("HOME", "/nowhere")], "missing", ""),
        ];
        for (vars, source, value) in rows {
            assert_eq!(
                found(discover(&env(vars), &file)),
                (source.to_string(), value.to_string()),
                "{vars:?}"
            );
        }
    }

    /// On Windows the home is `USERPROFILE` (else `HOMEDRIVE` + `HOMEPATH`), not `HOME`,
    /// and `~\` expands like `~/`, as `os.path.expanduser` does there.
    #[test]
    #[cfg(windows)]
    fn token_path_windows() {
        let rows: &[(&[(&str, &str)], &str)] = &[
            (
                &[("USERPROFILE", r"C:\Users\u"), ("HOME", "/home/u")],
                r"C:\Users\u/.cache\huggingface\token",
            ),
            (
                &[("HOMEDRIVE", "D:"), ("HOMEPATH", r"\Users\u")],
                r"D:\Users\u/.cache\huggingface\token",
            ),
            (
                &[("HF_HOME", r"~\hf"), ("USERPROFILE", r"C:\Users\u")],
                r"C:\Users\u\hf\token",
            ),
        ];
        for (vars, want) in rows {
            assert_eq!(
                token_path(&env(vars)).unwrap(),
                PathBuf::from(want),
                "{vars:?}"
            );
        }
    }

    #[test]
    #[cfg(unix)] // Unix paths and `HOME`; Windows: `token_path_windows`
    fn token_path_table() {
        let rows: &[(&[(&str, &str)], &str)] = &[
            (&[("HF_TOKEN_PATH", "/t/tok"), ("HF_HOME", "/h")], "/t/tok"),
            (&[("HF_HOME", "/h"), ("XDG_CACHE_HOME", "/x")], "/h/token"),
            (
                &[("XDG_CACHE_HOME", "/x"), ("HOME", "/home/u")],
                "/x/huggingface/token",
            ),
            (&[("HOME", "/home/u")], "/home/u/.cache/huggingface/token"),
            (
                &[("HF_HOME", "~/hf"), ("HOME", "/home/u")],
                "/home/u/hf/token",
            ),
        ];
        for (vars, want) in rows {
            assert_eq!(
                token_path(&env(vars)).unwrap(),
                PathBuf::from(want),
                "{vars:?}"
            );
        }
    }

    #[test]
    fn missing_names_misplaced_variables_without_values() {
        let e = env(&[
            ("HUGGINGFACEHUB_API_TOKEN", "hf_secretsecret1234"),
            ("MY_THING", "hf_anothersecret5678"),
            ("PATH", "/usr/bin"),
            ("HF_TOKEN", ""),
        ]);
        match discover(&e, &no_file) {
            Discovery::Missing {
                misplaced, blank, ..
            } => {
                assert_eq!(misplaced, vec!["HUGGINGFACEHUB_API_TOKEN", "MY_THING"]);
                assert_eq!(blank, vec!["`HF_TOKEN`"]);
            }
            other => panic!("{other:?}"),
        }
    }
}
