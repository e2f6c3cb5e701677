//! Everything the user sees: the human report on stderr, the JSON report on
//! stdout, GitHub Actions annotations and the step summary. The only module
//! that prints the report.

use std::io::Write;

use serde_json::{Value, json};

use crate::exit::Exit;
use crate::verdict::{Check, Status, Verdict};

/// What the report needs besides the verdict.
pub struct Context<'a> {
    pub endpoint: &'a str,
    /// `(source, masked)` of the token that was found.
    pub token: Option<(String, String)>,
    /// Removes the token from anything printed.
    pub redactor: crate::token::Redactor,
    pub enforced: bool,
    pub color: bool,
}

/// Strings from the Hub lose control characters and ANSI escapes, and are
/// shortened when very long, before they go anywhere.
pub fn clean_hub_text(s: &str) -> String {
    let cleaned = strip_controls(s);
    shorten(cleaned.trim(), 300)
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

/// Removes ANSI escape sequences and every control character.
pub fn strip_controls(s: &str) -> String {
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
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            // bidi overrides can disguise text on a terminal
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

impl Context<'_> {
    /// Makes any text safe to print: no controls, and never the token.
    fn safe(&self, s: &str) -> String {
        // Redact before and after stripping: either form may hold the value.
        let t = strip_controls(&self.redactor.redact(s));
        self.redactor.redact(&t)
    }
}

fn mark(status: Status) -> &'static str {
    match status {
        Status::Pass => "✓",
        Status::Fail => "✗",
        Status::Warn => "!",
        Status::Skip => "-",
    }
}

fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("\u{1b}[{code}m{s}\u{1b}[0m")
    } else {
        s.to_string()
    }
}

fn check_label(c: &Check) -> String {
    match &c.repo {
        Some(r) => format!("{} {r}", c.kind.name()),
        None => c.kind.name().to_string(),
    }
}

/// The human report, for stderr.
pub fn human(v: &Verdict, ctx: &Context<'_>) -> String {
    let mut out = String::new();
    for c in &v.checks {
        let colour = match c.status {
            Status::Pass => "32",
            Status::Fail => "31",
            Status::Warn => "33",
            Status::Skip => "2",
        };
        let (failing, warning) = (c.status == Status::Fail, c.status == Status::Warn);
        let m = if failing && !ctx.enforced {
            "!"
        } else {
            mark(c.status)
        };
        let line = if failing || warning {
            format!("{} {}: {}", m, check_label(c), c.code.unwrap_or("failed"))
        } else {
            format!("{} {}: {}", m, check_label(c), c.message)
        };
        out.push_str(&paint(ctx.color, colour, &ctx.safe(&line)));
        out.push('\n');
    }
    for c in v
        .checks
        .iter()
        .filter(|c| matches!(c.status, Status::Fail | Status::Warn))
    {
        let word = if c.status == Status::Fail && ctx.enforced {
            "error"
        } else {
            "warning"
        };
        let colour = if word == "error" { "1;31" } else { "1;33" };
        out.push('\n');
        out.push_str(&paint(ctx.color, colour, &format!("{word}:")));
        out.push_str(&ctx.safe(&format!(" [{}] {}", check_label(c), c.message)));
        out.push('\n');
        if let Some(h) = &c.hint {
            out.push_str(&paint(ctx.color, "1;36", "hint:"));
            out.push_str(&ctx.safe(&format!(" {h}")));
            out.push('\n');
        }
    }
    out.push('\n');
    let summary = match (v.exit, ctx.enforced) {
        (Exit::Ok, _) if v.checks.iter().any(|c| c.status == Status::Warn) => {
            "hf-token-check: ok, with warnings".to_string()
        }
        (Exit::Ok, _) => "hf-token-check: ok".to_string(),
        (e, true) => format!("hf-token-check: failed (exit status {})", e.code()),
        (e, false) => format!(
            "hf-token-check: failed, but not enforced (`--warn-only`): would have exited with {}",
            e.code()
        ),
    };
    out.push_str(&summary);
    out.push('\n');
    out
}

/// The JSON report: one object, documented in the README.
pub fn json(v: &Verdict, ctx: &Context<'_>) -> String {
    let s = |t: &str| Value::String(ctx.safe(t));
    let token = ctx.token.as_ref().map(|(source, masked)| {
        let info = v.user.as_ref().map(|u| &u.token);
        json!({
            "source": s(source),
            "masked": s(masked),
            "kind": info.and_then(|t| t.kind.label()).map(|k| s(&k)),
            "name": info.and_then(|t| t.name.as_deref()).map(s),
            "expires_at": info.and_then(|t| t.expires_at.as_deref()).map(s),
        })
    });
    let user = v.user.as_ref().map(|u| {
        json!({
            "name": s(&u.name),
            "orgs": u.orgs.iter().map(|o| json!({"name": s(&o.name), "role": o.role.as_deref().map(s)})).collect::<Vec<_>>(),
        })
    });
    let checks: Vec<Value> = v
        .checks
        .iter()
        .map(|c| {
            let mut o = serde_json::Map::new();
            o.insert("check".into(), c.kind.name().into());
            if let Some(r) = &c.repo {
                o.insert("repo".into(), s(r));
            }
            o.insert("status".into(), c.status.name().into());
            if let Some(code) = c.code {
                o.insert("code".into(), code.into());
            }
            o.insert("message".into(), s(&c.message));
            if let Some(h) = &c.hint {
                o.insert("hint".into(), s(h));
            }
            if let Some(id) = &c.request_id {
                o.insert("request_id".into(), s(id));
            }
            if let Some(n) = c.attempts {
                o.insert("attempts".into(), n.into());
            }
            Value::Object(o)
        })
        .collect();
    let mut report = json!({
        "ok": v.exit == Exit::Ok,
        "exit_code": v.exit.code(),
        "endpoint": s(ctx.endpoint),
        "token": token,
        "user": user,
        "checks": checks,
    });
    if !ctx.enforced {
        report["enforced"] = false.into();
    }
    let mut text = report.to_string();
    text.push('\n');
    text
}

/// Escapes the data of a GitHub workflow command.
pub fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a GitHub workflow command.
pub fn gh_escape_property(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `::error` / `::warning` workflow commands, one per failure or warning.
pub fn github_annotations(v: &Verdict, ctx: &Context<'_>) -> String {
    let mut out = String::new();
    for c in v
        .checks
        .iter()
        .filter(|c| matches!(c.status, Status::Fail | Status::Warn))
    {
        let level = if c.status == Status::Fail && ctx.enforced {
            "error"
        } else {
            "warning"
        };
        let title = gh_escape_property(&format!("hf-token-check {}", c.kind.name()));
        let mut message = match &c.repo {
            Some(r) if !c.message.contains(r.as_str()) => format!("[{r}] {}", c.message),
            _ => c.message.clone(),
        };
        if let Some(h) = &c.hint {
            message.push_str(" — ");
            message.push_str(h);
        }
        out.push_str(&format!(
            "::{level} title={title}::{}\n",
            gh_escape_data(&ctx.safe(&message))
        ));
    }
    out
}

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// A Markdown table of the checks, for `GITHUB_STEP_SUMMARY`.
pub fn step_summary(v: &Verdict, ctx: &Context<'_>) -> String {
    let mut out =
        String::from("### hf-token-check\n\n| | check | result | details |\n|---|---|---|---|\n");
    for c in &v.checks {
        let mut details = c.message.clone();
        if let Some(h) = &c.hint {
            details.push_str(&format!(" (hint: {h})"));
        }
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            mark(c.status),
            md_cell(&ctx.safe(&check_label(c))),
            md_cell(c.code.unwrap_or(c.status.name())),
            md_cell(&ctx.safe(&details))
        ));
    }
    let verdict = match (v.exit, ctx.enforced) {
        (Exit::Ok, _) => "**ok**".to_string(),
        (e, true) => format!("**failed** (exit status {})", e.code()),
        (e, false) => format!(
            "**failed, not enforced** (would have exited with {})",
            e.code()
        ),
    };
    out.push_str(&format!("\n{verdict}\n\n"));
    out
}

/// Usage errors quote argv, where a token pasted by mistake would stand: every
/// run that looks like one (`hf_` and 8 or more token characters) is masked.
pub fn mask_token_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("hf_") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let len = 3 + tail[3..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .unwrap_or(tail.len() - 3);
        if len >= 11 {
            out.push_str(&crate::token::mask(&tail[..len]));
        } else {
            out.push_str(&tail[..len]);
        }
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

/// The JSON report of a usage error (exit 64), for `--json`: the same object
/// with no checks and an `error`.
pub fn usage_error_json(message: &str, hint: Option<&str>, endpoint: Option<&str>) -> String {
    let mut error = serde_json::Map::new();
    error.insert(
        "message".into(),
        mask_token_like(&strip_controls(message)).into(),
    );
    if let Some(h) = hint {
        error.insert("hint".into(), mask_token_like(&strip_controls(h)).into());
    }
    let report = json!({
        "ok": false,
        "exit_code": Exit::Usage.code(),
        "endpoint": endpoint.map(strip_controls),
        "token": null,
        "user": null,
        "checks": [],
        "error": error,
    });
    format!("{report}\n")
}

/// A usage error (exit 64), on stderr.
pub fn usage_error(message: &str, hint: Option<&str>, color: bool) {
    let mut text = format!(
        "{} {}\n",
        paint(color, "1;31", "error:"),
        mask_token_like(&strip_controls(message))
    );
    if let Some(h) = hint {
        text.push_str(&format!(
            "\n{} {}\n",
            paint(color, "1;36", "hint:"),
            mask_token_like(&strip_controls(h))
        ));
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Writes to stderr, ignoring a closed pipe.
pub fn to_stderr(text: &str) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(text.as_bytes());
    let _ = e.flush();
}

/// Writes to stdout, ignoring a closed pipe.
pub fn to_stdout(text: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes());
    let _ = o.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(clean_hub_text(&"a".repeat(400)).chars().count(), 301);
    }

    #[test]
    fn token_like_runs_are_masked() {
        let t = "hf_abcdefghijklmnopqrstuvwxyz012345";
        assert_eq!(
            mask_token_like(&format!("argument `{t}` and `{t}`")),
            "argument `hf_…2345` and `hf_…2345`"
        );
        assert_eq!(
            mask_token_like("repo `acme/hf_small` ok"),
            "repo `acme/hf_small` ok"
        );
        assert_eq!(mask_token_like("ends with hf_"), "ends with hf_");
    }

    #[test]
    fn github_escaping() {
        assert_eq!(gh_escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(gh_escape_property("a: b, c%"), "a%3A b%2C c%25");
    }
}
