//! Everything the user sees: the human report on stderr, the JSON report on
//! stdout, GitHub Actions annotations and the step summary. The only module
//! that writes to stdout or stderr.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::args::UsageError;
use crate::exit::Exit;
use crate::localfile::append_bounded;
use crate::sanitize::{
    MESSAGE_MAX, Redactor, inert_owned, json_inert, mask_token_like, safe_text, shorten_counted,
    strip_controls, strip_userinfo,
};
use crate::verdict::{Check, Code, Status, Verdict};

mod human;
mod progress;
mod summary;
mod wrap;

// For tests of every output at once (the human report is `human_from` in a run).
#[cfg(test)]
#[allow(unused_imports)]
pub use human::human;

pub use progress::{Progress, Subject};
pub use summary::step_summary;

/// What the report needs besides the verdict.
pub struct Context<'a> {
    pub endpoint: &'a str,
    /// `(source, masked)` of the token that was found.
    pub token: Option<(String, String)>,
    /// Removes the token from anything printed.
    pub redactor: Redactor,
    pub enforced: bool,
    pub color: bool,
    /// The terminal's width, to wrap the human report to; `None` in logs (not wrapped).
    pub width: Option<usize>,
}

impl Context<'_> {
    /// Makes any text safe to print: never the token (redacted first), no
    /// controls, no URL credentials.
    /// Cut to [`MESSAGE_MAX`] characters, counting what was left out.
    pub fn safe(&self, s: &str) -> String {
        let clean = strip_userinfo(&safe_text(&self.redactor, s, usize::MAX));
        inert_owned(shorten_counted(&clean, MESSAGE_MAX))
    }
}

/// How long past the deadline the step summary may still be written.
const SUMMARY_GRACE: Duration = Duration::from_millis(250);

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

/// A failure that sets the exit status: an error. Anything else shown (a
/// warning, or a failure under `--warn-only`) is a warning, in the human
/// report's mark (`!`) as in the GitHub annotations ([`level`]).
fn is_error(c: &Check, ctx: &Context<'_>) -> bool {
    c.status == Status::Fail && ctx.enforced
}

/// The GitHub annotation's level: `error` or `warning`, by [`is_error`].
fn level(c: &Check, ctx: &Context<'_>) -> &'static str {
    if is_error(c, ctx) { "error" } else { "warning" }
}

fn check_label(c: &Check) -> String {
    match &c.repo {
        Some(r) => format!("{} {r}", c.kind.name()),
        None => c.kind.name().to_string(),
    }
}

/// The JSON report's format number (docs/report.schema.json): 1 until a
/// field is removed or changes meaning.
pub const JSON_SCHEMA: u32 = 1;

/// `--allow-missing-token` and no token: exit 0, but nothing was checked, so
/// the last line and the step summary say "skipped", not "ok".
fn skipped_for_no_token(v: &Verdict) -> bool {
    v.exit == Exit::Ok
        && v.checks
            .iter()
            .any(|c| c.status == Status::Skip && c.code == Some(Code::TokenMissing))
}

/// How the run ended, decided once: the last line of the log and of the
/// terminal (`hf-token-check: ok, with warnings`) and the step summary's verdict
/// (`**ok, with warnings**`) are the same words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Closing {
    /// `ok`, `ok, with warnings`, `skipped`, `failed`, `failed, but not enforced`.
    head: &'static str,
    /// What follows the head: the exit status, why it was skipped.
    detail: String,
}

impl Closing {
    /// The closing phrase of a verdict (`enforced`: not `--warn-only`).
    pub(crate) fn of(v: &Verdict, enforced: bool) -> Closing {
        let (head, detail) = match (v.exit, enforced) {
            _ if skipped_for_no_token(v) => (
                "skipped",
                " (no token, allowed by `--allow-missing-token`)".to_string(),
            ),
            (Exit::Ok, _) if v.checks.iter().any(|c| c.status == Status::Warn) => {
                ("ok, with warnings", String::new())
            }
            (Exit::Ok, _) => ("ok", String::new()),
            (e, true) => ("failed", format!(" (exit status {})", e.code())),
            (e, false) => (
                "failed, but not enforced",
                format!(" (`--warn-only`): would have exited with {}", e.code()),
            ),
        };
        Closing { head, detail }
    }

    /// The last line of the human report.
    pub(crate) fn line(&self) -> String {
        format!("hf-token-check: {}{}", self.head, self.detail)
    }

    /// The step summary's verdict: the head in bold.
    pub(crate) fn markdown(&self) -> String {
        format!("**{}**{}", self.head, self.detail)
    }
}

/// The tool's version, in the JSON report and `--version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The JSON report: one object, documented in docs/json.md and docs/report.schema.json.
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
            "created_at": info.and_then(|t| t.created_at.as_deref()).map(s),
            // Names only: nothing else of an OAuth token's claims leaves.
            "scopes": info.and_then(|t| match &t.scopes {
                Some(crate::token::Scopes::Known(names)) => Some(names.iter().map(|n| s(n)).collect::<Vec<_>>()),
                _ => None,
            }),
        })
    });
    let user = v.user.as_ref().map(|u| {
        json!({
            "name": s(&u.name),
            "orgs": u.orgs.iter().map(|o| json!({"name": s(&o.name), "role": o.role.as_deref().map(s)})).collect::<Vec<_>>(),
        })
    });
    let checks: Vec<Value> = v.checks.iter().map(|c| check_json(c, ctx)).collect();
    let mut report = json!({
        "schema": JSON_SCHEMA,
        "version": VERSION,
        "ok": v.exit == Exit::Ok,
        "exit_code": v.exit.code(),
        "endpoint": s(ctx.endpoint),
        "token": token,
        "user": user,
        "checks": checks,
        "quota": quota_json(v),
    });
    if !ctx.enforced {
        report["enforced"] = false.into();
    }
    let mut text = json_inert(&report.to_string());
    text.push('\n');
    text
}

/// The Hub's API quota from its last answer's `RateLimit` headers (null without them).
fn quota_json(v: &Verdict) -> Value {
    v.quota.map_or(Value::Null, |q| {
        json!({"remaining": q.remaining, "quota": q.quota, "window": q.window, "reset": q.reset})
    })
}

/// One check of the JSON report.
fn check_json(c: &Check, ctx: &Context<'_>) -> Value {
    let s = |t: &str| Value::String(ctx.safe(t));
    let mut o = serde_json::Map::new();
    o.insert("check".into(), c.kind.name().into());
    if let Some(r) = &c.repo {
        // A `--jobs` namespace or a `--bill-to` org is no repo.
        let key = match c.kind {
            crate::verdict::CheckKind::Jobs | crate::verdict::CheckKind::Inference => "namespace",
            _ => "repo",
        };
        o.insert(key.into(), s(r));
    }
    o.insert("status".into(), c.status.name().into());
    if let Some(code) = c.code {
        o.insert("code".into(), code.as_str().into());
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
    if let Some(b) = c.basis {
        o.insert("basis".into(), b.name().into());
    }
    Value::Object(o)
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

/// Annotations of one level GitHub shows per step (actions/toolkit's
/// docs/problem-matchers.md: 10 error and 10 warning annotations per step).
pub const ANNOTATIONS_MAX: usize = 10;

/// `::error` / `::warning` workflow commands, one per failure or warning, at
/// most [`ANNOTATIONS_MAX`] of each level whatever the number of repos: past
/// that, the last one of the level says how many were left out (GitHub would
/// drop them silently, and printing thousands only delays the exit).
pub fn github_annotations(v: &Verdict, ctx: &Context<'_>) -> String {
    let mut out = String::new();
    let level_of = |c: &Check| level(c, ctx);
    let shown: Vec<&Check> = v
        .checks
        .iter()
        .filter(|c| matches!(c.status, Status::Fail | Status::Warn))
        .collect();
    // In the checks' order; per level, room for one line on those left out.
    let levels = ["error", "warning"];
    let total = levels.map(|l| shown.iter().filter(|c| level_of(c) == l).count());
    let room = total.map(|n| {
        if n > ANNOTATIONS_MAX {
            ANNOTATIONS_MAX - 1
        } else {
            n
        }
    });
    let mut written = [0usize; 2];
    for c in shown {
        let i = usize::from(level_of(c) != "error");
        if written[i] < room[i] {
            written[i] += 1;
            out.push_str(&annotation(levels[i], c, ctx));
        }
    }
    for (i, level) in levels.into_iter().enumerate() {
        if total[i] > room[i] {
            let kind = if level == "error" {
                "failures"
            } else {
                "warnings"
            };
            out.push_str(&format!(
                "::{level} title=hf-token-check::{} more {kind} not annotated: GitHub shows at \
                 most {ANNOTATIONS_MAX} {level} annotations per step; every check is in the log \
                 above and in `--json`\n",
                total[i] - room[i]
            ));
        }
    }
    out
}

/// One check's annotation.
fn annotation(level: &str, c: &Check, ctx: &Context<'_>) -> String {
    // The repo too, so that two failing repos get two distinguishable titles.
    let title = gh_escape_property(&ctx.safe(&format!("hf-token-check {}", check_label(c))));
    let mut message = match &c.repo {
        Some(r) if !c.message.contains(r.as_str()) => format!("[{r}] {}", c.message),
        _ => c.message.clone(),
    };
    if let Some(h) = &c.hint {
        message.push_str(" — ");
        message.push_str(h);
    }
    format!(
        "::{level} title={title}::{}\n",
        gh_escape_data(&ctx.safe(&message))
    )
}

/// The JSON report of a usage error (exit 64), for `--json`: the same object
/// with no checks and an `error`. `endpoint` is the one in force, `null` when
/// the error came before it was resolved.
pub fn usage_error_json(e: &UsageError) -> String {
    let clean = argv_text;
    let mut error = serde_json::Map::new();
    error.insert("message".into(), clean(&e.message).into());
    if let Some(h) = &e.hint {
        error.insert("hint".into(), clean(h).into());
    }
    let report = json!({
        "schema": JSON_SCHEMA,
        "version": VERSION,
        "ok": false,
        "exit_code": Exit::Usage.code(),
        "endpoint": e.endpoint.as_deref().map(clean),
        "token": null,
        "user": null,
        "checks": [],
        "error": error,
    });
    format!("{}\n", json_inert(&report.to_string()))
}

/// Text that may quote argv or the environment, for a usage error: no URL
/// credentials, no controls or workflow commands, token-like runs masked, cut
/// to [`MESSAGE_MAX`] characters.
fn argv_text(t: &str) -> String {
    let clean = mask_token_like(&strip_controls(&strip_userinfo(t)));
    inert_owned(shorten_counted(&clean, MESSAGE_MAX))
}

/// An `error:` (and `hint:`) for stderr, from text that may quote argv or the environment.
pub fn error_text(message: &str, hint: Option<&str>, color: bool) -> String {
    let clean = argv_text;
    let mut text = format!("{} {}\n", paint(color, "1;31", "error:"), clean(message));
    if let Some(h) = hint {
        text.push_str(&format!(
            "\n{} {}\n",
            paint(color, "1;36", "hint:"),
            clean(h)
        ));
    }
    text
}

/// Whether stderr is a terminal (for colour).
#[expect(
    clippy::disallowed_methods,
    reason = "report owns stderr: asking whether it is a terminal is part of writing to it"
)]
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Writes every output the configuration asks for: the human report (unless
/// `--quiet` and every check passed: a warning that the job may not work, such
/// as a repo that may be hidden, is still shown), the JSON (stdout and/or
/// `--json-file`), annotations and the step summary. `--quiet` keeps the
/// least-privilege advice out: with it, a passing run prints nothing. The
/// summary file is appended to within the run's deadline (with a short grace,
/// as the network phase may have used it all): a FIFO or a stalled filesystem
/// never holds the run.
///
/// `printed`: the checks [`early`] printed already, left out of the human report.
pub fn emit(
    v: &Verdict,
    ctx: &Context<'_>,
    out: &crate::config::Output,
    deadline: Instant,
    printed: &[Check],
) {
    let worth_saying = |c: &&crate::verdict::Check| {
        c.status == Status::Warn && c.code != Some(Code::LeastPrivilege)
    };
    if !(out.quiet && v.exit == Exit::Ok && !v.checks.iter().any(|c| worth_saying(&c))) {
        let skip = if v.checks.starts_with(printed) {
            printed.len()
        } else {
            0
        };
        to_stderr(&human::human_from(v, ctx, skip));
    }
    if out.json || out.json_file.is_some() {
        let report = json(v, ctx);
        if out.json {
            to_stdout(&report);
        }
        if let Some(path) = &out.json_file {
            let deadline = deadline.max(Instant::now() + SUMMARY_GRACE);
            write_json_file(path, &report, &|p| ctx.safe(p), deadline);
        }
    }
    if out.github_actions {
        let mut shown = v.clone();
        if out.quiet {
            shown
                .checks
                .retain(|c| c.code != Some(Code::LeastPrivilege));
        }
        to_stderr(&github_annotations(&shown, ctx));
    }
    if let Some(path) = &out.step_summary {
        // The text first: building it must not use up the time to write it.
        let text = step_summary(v, ctx);
        let deadline = deadline.max(Instant::now() + SUMMARY_GRACE);
        let written = append_bounded(path, text.as_bytes(), deadline);
        if let Err(e) = written {
            to_stderr(&format!(
                "warning: could not append to `GITHUB_STEP_SUMMARY` (`{}`): it {e}\n",
                ctx.safe(&path.display().to_string())
            ));
        }
    }
}

/// The most `--json-file` writes: far above any report (100,000 repos), it
/// bounds what a run can put on a disk.
pub const JSON_FILE_MAX: u64 = 64 * 1024 * 1024;

/// The checks made before any request (token present, token format), printed
/// at once so that a slow Hub leaves no silence; returns what was printed.
/// Nothing with `--quiet` (a passing run prints nothing).
pub fn early(local: &[Check], ctx: &Context<'_>, out: &crate::config::Output) -> Vec<Check> {
    if out.quiet {
        return Vec::new();
    }
    let (text, n) = human::local(local, ctx);
    to_stderr(&text);
    local[..n].to_vec()
}

/// `--json-file PATH`: the JSON report, alone in the file (created or
/// truncated), written as `localfile::write_bounded` does: a regular file
/// only, never through a symbolic link, never blocked by a FIFO, within
/// `deadline`. A path that cannot be written is a warning, never a failure:
/// the check's verdict stands. The warning says what the path is, never what
/// it holds.
pub fn write_json_file(
    path: &std::path::Path,
    report: &str,
    clean: &dyn Fn(&str) -> String,
    deadline: Instant,
) {
    let written = crate::localfile::write_bounded(path, report.as_bytes(), JSON_FILE_MAX, deadline);
    if let Err(e) = written {
        let why = match e {
            crate::localfile::LocalError::TooLarge { size, cap } => {
                format!("the report ({size} bytes) is over the limit of {cap} bytes")
            }
            e => format!("it {e}"),
        };
        to_stderr(&format!(
            "warning: could not write the JSON report to `{}` (`--json-file`): {}\n",
            clean(&path.display().to_string()),
            clean(&why)
        ));
    }
}

/// The last line of stderr when COMMAND was refused: "`python` was not
/// started". Only the program's file name, cleaned and with token-like text
/// masked: its arguments may hold anything.
pub fn not_started(program: &std::ffi::OsStr, clean: &dyn Fn(&str) -> String) -> String {
    let path = std::path::Path::new(program);
    let name = path
        .file_name()
        .unwrap_or(program)
        .to_string_lossy()
        .to_string();
    let name = mask_token_like(&strip_controls(&clean(&name)));
    format!("hf-token-check: `{name}` was not started\n")
}

/// `--explain CODE`: the paragraph on a code, or a usage error (with "did you
/// mean") for an unknown one.
pub fn explain(code: &str, color: bool) -> Exit {
    use crate::explanations::{CODES, by_status, explain};
    if let Some(text) = explain(code) {
        to_stdout(text);
        return Exit::Ok;
    }
    // `--explain 77`: the number a CI log shows.
    if let Ok(status) = code.parse::<u16>() {
        if let Some(text) = by_status(status) {
            to_stdout(&text);
            return Exit::Ok;
        }
        to_stderr(&error_text(
            &format!("hf-token-check never exits with status {status}"),
            Some(
                "its exit statuses are 0, 64, 75, 76, 77, 78, 126, 127, and 128 + a signal (129, 130, 143); see `hf-token-check --help`",
            ),
            color,
        ));
        return Exit::Usage;
    }
    let hint = match crate::suggest::did_you_mean(code, CODES) {
        Some(near) => format!(
            "did you mean `{near}`? (`--explain` also takes an exit status, e.g. `--explain 77`)"
        ),
        None => format!("the codes are: {}", CODES.join(", ")),
    };
    to_stderr(&error_text(
        &format!("unknown code `{code}`"),
        Some(&hint),
        color,
    ));
    Exit::Usage
}

/// Replaces the panic hook: a panic's text can quote what the code was
/// handling (a slicing panic shows the string: a Hub answer, a script's line,
/// the token), so only where it happened is said, never what.
pub fn hide_panic_payloads() {
    std::panic::set_hook(Box::new(|info| {
        to_stderr(&panic_text(info.location().map(|l| (l.file(), l.line()))));
    }));
}

/// The one line a panic leaves: where, and that it is a bug to report.
fn panic_text(at: Option<(&str, u32)>) -> String {
    let at = at.map_or(String::new(), |(file, line)| format!(" at `{file}:{line}`"));
    format!(
        "hf-token-check: internal error{at} (its details are not shown: they could quote the \
         token)\nhint: this is a bug; please report it at {}/issues\n",
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// Writes to stderr, ignoring a closed pipe.
#[expect(
    clippy::disallowed_methods,
    reason = "the one place the human report, progress and usage errors reach stderr"
)]
pub fn to_stderr(text: &str) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(text.as_bytes());
    let _ = e.flush();
}

/// Writes to stdout, ignoring a closed pipe.
#[expect(
    clippy::disallowed_methods,
    reason = "the one place the JSON report reaches stdout"
)]
pub fn to_stdout(text: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes());
    let _ = o.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A panic says where it happened, never its text: the test runs itself
    /// again as a child that installs the hook and panics with a token in its
    /// message, and reads the child's stderr.
    #[test]
    #[expect(
        clippy::disallowed_methods,
        reason = "the child is told by its environment"
    )]
    fn a_panic_never_shows_its_text() {
        const PAYLOAD: &str = "hf_PaNiCpAyLoAd0123456789abcdefghij";
        if std::env::var_os("HFTC_PANIC_CHILD").is_some() {
            hide_panic_payloads();
            panic!("byte index 3 is not a char boundary of `{PAYLOAD}`");
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "report::tests::a_panic_never_shows_its_text"])
            .args(["--nocapture", "--test-threads=1"])
            .env("HFTC_PANIC_CHILD", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let all = format!("{err}{}", String::from_utf8_lossy(&out.stdout));
        assert!(!out.status.success(), "the child did not panic: {all}");
        assert!(!all.contains("PaNiCpAyLoAd"), "{all}");
        assert!(
            err.contains("hf-token-check: internal error at `src/report.rs:"),
            "{all}"
        );
    }

    /// GitHub workflow-command escaping keeps a message on one line and its properties intact.
    #[test]
    fn github_escaping() {
        assert_eq!(gh_escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(gh_escape_property("a: b, c%"), "a%3A b%2C c%25");
    }

    /// The report redacts again whatever it is given (docs/ARCHITECTURE.md):
    /// a check whose text still holds the token, as if a module upstream had
    /// forgotten to redact, comes out of every output with the token replaced
    /// by the marker and the rest of the text kept.
    #[test]
    fn report_redacts_what_it_is_given() {
        use crate::sanitize::MARKER;
        use crate::verdict::{CheckKind, Code};
        let token = "hf_QwErTyUiOpAsDfGhJkLzXcVbNm0123456789";
        let mut c = Check::fail(
            CheckKind::Read,
            Code::ReadDenied,
            format!("the Hub said: \"bad token {token}\""),
        )
        .hint(format!("do not paste {token} anywhere"));
        c.repo = Some("acme/model".into());
        c.request_id = Some(format!("id-{token}"));
        let v = Verdict {
            checks: vec![c],
            user: None,
            exit: Exit::NoPerm,
            quota: None,
        };
        let ctx = Context {
            endpoint: "https://huggingface.co",
            token: Some(("HF_TOKEN".into(), format!("source {token}"))),
            redactor: Redactor::new(None, Some(token)),
            enforced: true,
            color: false,
            width: None,
        };
        let outputs = [
            ("human", human(&v, &ctx)),
            ("json", json(&v, &ctx)),
            ("annotations", github_annotations(&v, &ctx)),
            ("step summary", step_summary(&v, &ctx)),
        ];
        let chars: Vec<char> = token.chars().collect();
        for (name, text) in &outputs {
            for piece in chars.windows(6) {
                let piece: String = piece.iter().collect();
                assert!(!text.contains(&piece), "{name} shows {piece:?}:\n{text}");
            }
            assert!(text.contains("bad token"), "{name}: {text}");
            // (the step summary escapes the marker's brackets for Markdown)
            assert!(text.contains("REDACTED"), "{name}: {text}");
        }
        let report: Value = serde_json::from_str(&outputs[1].1).unwrap();
        let check = &report["checks"][0];
        assert_eq!(
            check["message"],
            format!("the Hub said: \"bad token {MARKER}\"")
        );
        assert_eq!(check["hint"], format!("do not paste {MARKER} anywhere"));
        assert_eq!(check["request_id"], format!("id-{MARKER}"));
        assert_eq!(report["token"]["masked"], format!("source {MARKER}"));
    }
}
