//! The human report, read at a glance: one line per check with its verdict,
//! and under a `✗` or `!` its reason and fix, indented. One cause is said
//! once: a rejected token is one error (the repo lines say "not checked"),
//! and repos that failed alike share one reason and one hint, with a count.
//! On a terminal the text wraps to its width with a hanging indent; in logs
//! (no width) nothing is wrapped.

use super::wrap::wrap;
use super::{Closing, Context, check_label, is_error, mark, paint};
use crate::verdict::{Check, CheckKind, Code, Status, Verdict, WILL_BE_CREATED};

/// The endpoint no whoami line needs to name.
const DEFAULT_ENDPOINT: &str = crate::pages::PUBLIC_HUB;

/// Repo names a grouped reason lists at most (they are on the lines above too).
const GROUP_NAMES_MAX: usize = 20;

/// Continuation indent of a check line and of a reason.
const INDENT: usize = 4;

/// The whole report: every check, then the closing line.
#[cfg(test)]
pub fn human(v: &Verdict, ctx: &Context<'_>) -> String {
    human_from(v, ctx, 0)
}

/// The report, every check from `skip` on (those before were printed by
/// [`local`]), then the closing line.
pub fn human_from(v: &Verdict, ctx: &Context<'_>, skip: usize) -> String {
    let mut out = checks(&v.checks, skip, ctx);
    out.push('\n');
    out.push_str(&summary_line(v, ctx));
    out.push('\n');
    out
}

/// The checks made before any request (token present, token format), for
/// printing at once; and how many they are.
pub fn local(all: &[Check], ctx: &Context<'_>) -> (String, usize) {
    let n = all
        .iter()
        .take_while(|c| matches!(c.kind, CheckKind::TokenPresent | CheckKind::TokenFormat))
        .count();
    (checks(&all[..n], 0, ctx), n)
}

/// The lines of `all[skip..]`.
fn checks(all: &[Check], skip: usize, ctx: &Context<'_>) -> String {
    let rejected = all
        .iter()
        .position(|c| c.status == Status::Fail && c.code == Some(Code::TokenRejected));
    // A repo that failed as whoami did, with the same fix (the endpoint's host
    // does not exist, the Hub cannot be reached): the same cause, said once.
    let whoami = all
        .iter()
        .position(|c| c.kind == CheckKind::Whoami && c.status == Status::Fail && c.code.is_some());
    let as_whoami = |i: usize| {
        whoami.is_some_and(|w| {
            w < i
                && matches!(all[i].kind, CheckKind::Read | CheckKind::Write)
                && (all[i].status, all[i].code, &all[i].hint)
                    == (Status::Fail, all[w].code, &all[w].hint)
        })
    };
    let is_echo = |i: usize| {
        (rejected.is_some_and(|r| r < i) && all[i].code == Some(Code::TokenRejected))
            || as_whoami(i)
    };
    let groups = groups(all, &is_echo);
    let mut done = vec![false; all.len()];
    let mut out = String::new();
    for i in skip..all.len() {
        if done[i] {
            continue;
        }
        if is_echo(i) {
            let label = check_label(&all[i]);
            let line = match all[i].code {
                Some(Code::TokenRejected) => {
                    format!("{label}: not checked: the token was rejected")
                }
                code => format!(
                    "{label}: not checked: `{}`, as for whoami above",
                    code.map_or("failed", |c| c.as_str())
                ),
            };
            push(&mut out, ctx, "- ", &line, INDENT, Some("2"));
            continue;
        }
        match groups.iter().find(|g| g[0] == i) {
            Some(members) => {
                for &m in members {
                    head(&mut out, &all[m], ctx);
                    done[m] = true;
                }
                group_body(&mut out, members, all, ctx);
            }
            None => {
                head(&mut out, &all[i], ctx);
                if matches!(all[i].status, Status::Fail | Status::Warn) {
                    body(&mut out, &all[i].message, all[i].hint.as_deref(), ctx);
                }
            }
        }
    }
    out
}

/// Repo checks that failed (or warned) alike, by code and hint: groups of two or more.
fn groups(all: &[Check], is_echo: &dyn Fn(usize) -> bool) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, c) in all.iter().enumerate() {
        let alike = matches!(c.kind, CheckKind::Read | CheckKind::Write)
            && matches!(c.status, Status::Fail | Status::Warn)
            && c.hint.is_some()
            && !is_echo(i);
        if !alike {
            continue;
        }
        let same = |g: &&mut Vec<usize>| {
            let first = &all[g[0]];
            (first.status, first.code, &first.hint) == (c.status, c.code, &c.hint)
        };
        match groups.iter_mut().find(same) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups.retain(|g| g.len() > 1);
    groups
}

/// One check's line: its mark, what was checked, and its code (or, for a
/// pass, what was seen). A repo that will be created stands out from a pass.
fn head(out: &mut String, c: &Check, ctx: &Context<'_>) {
    let failing = c.status == Status::Fail;
    let creates = c.status == Status::Pass && c.message.contains(WILL_BE_CREATED);
    let m = match () {
        _ if failing && !is_error(c, ctx) => "!",
        _ if creates => "+",
        _ => mark(c.status),
    };
    let colour = match c.status {
        Status::Pass if creates => "1;36",
        Status::Pass => "32",
        Status::Fail => "31",
        Status::Warn => "33",
        Status::Skip => "2",
    };
    let mut label = check_label(c);
    if c.kind == CheckKind::Whoami && ctx.endpoint.trim_end_matches('/') != DEFAULT_ENDPOINT {
        label = format!("{label} ({})", ctx.endpoint);
    }
    let text = match c.status {
        Status::Fail | Status::Warn => c.code.map_or("failed", |c| c.as_str()).to_string(),
        _ => c.message.clone(),
    };
    push(
        out,
        ctx,
        &format!("{m} "),
        &format!("{label}: {text}"),
        INDENT,
        Some(colour),
    );
}

/// The reason and the fix, indented under the check.
fn body(out: &mut String, reason: &str, hint: Option<&str>, ctx: &Context<'_>) {
    push(out, ctx, "  ", reason, INDENT, None);
    if let Some(h) = hint {
        let lines = wrap("  hint: ", &ctx.safe(h), 8, ctx.width);
        for (k, line) in lines.iter().enumerate() {
            if k == 0 {
                let rest = &line["  hint:".len()..];
                out.push_str(&format!("  {}{rest}\n", paint(ctx.color, "1;36", "hint:")));
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
}

/// The shared reason of repos that failed alike: how many, which, why (the
/// first one's reason: the others differ only by their name), and the fix once.
fn group_body(out: &mut String, members: &[usize], all: &[Check], ctx: &Context<'_>) {
    let first = &all[members[0]];
    let mut names: Vec<String> = members
        .iter()
        .take(GROUP_NAMES_MAX)
        .filter_map(|&m| all[m].repo.clone())
        .collect();
    if members.len() > GROUP_NAMES_MAX {
        names.push(format!("and {} more", members.len() - GROUP_NAMES_MAX));
    }
    let count = format!(
        "{} repos {}: {}",
        members.len(),
        phrase(first.code),
        names.join(", ")
    );
    push(out, ctx, "  ", &count, INDENT, None);
    body(out, &first.message, first.hint.as_deref(), ctx);
}

/// What repos with this code are, after a count: "12 repos not found".
fn phrase(code: Option<Code>) -> String {
    match code {
        Some(Code::NotFound) => "not found".into(),
        Some(Code::Gated) => "gated".into(),
        Some(Code::Disabled) => "disabled".into(),
        Some(Code::ReadDenied) => "not readable".into(),
        Some(Code::WriteDenied) => "not writable".into(),
        Some(Code::HubUnavailable) => "not checked: the Hub was unavailable".into(),
        Some(c) => format!("with `{}`", c.as_str()),
        None => "failed".into(),
    }
}

/// Cleans `text`, wraps it after `first`, and paints each line when asked.
fn push(
    out: &mut String,
    ctx: &Context<'_>,
    first: &str,
    text: &str,
    indent: usize,
    colour: Option<&str>,
) {
    for line in wrap(first, &ctx.safe(text), indent, ctx.width) {
        match colour {
            Some(c) => out.push_str(&paint(ctx.color, c, &line)),
            None => out.push_str(&line),
        }
        out.push('\n');
    }
}

/// The last line: the closing phrase ([`Closing`]).
fn summary_line(v: &Verdict, ctx: &Context<'_>) -> String {
    Closing::of(v, ctx.enforced).line()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::Exit;
    use crate::sanitize::Redactor;

    fn ctx(width: Option<usize>) -> Context<'static> {
        Context {
            endpoint: "https://huggingface.co",
            token: None,
            redactor: Redactor::none(),
            enforced: true,
            color: false,
            width,
        }
    }

    fn repo(kind: CheckKind, repo: &str, c: Check) -> Check {
        Check {
            kind,
            repo: Some(repo.into()),
            ..c
        }
    }

    fn verdict(checks: Vec<Check>, exit: Exit) -> Verdict {
        Verdict {
            checks,
            user: None,
            quota: None,
            exit,
        }
    }

    /// The reason and hint are indented under their ✗, and only there.
    #[test]
    fn reason_under_its_mark() {
        let c = repo(
            CheckKind::Write,
            "me/model",
            Check::fail(CheckKind::Write, Code::WriteDenied, "denied because").hint("fix it"),
        );
        let ok = repo(
            CheckKind::Read,
            "me/data",
            Check::pass(CheckKind::Read, "can read"),
        );
        let text = human(&verdict(vec![c, ok], Exit::NoPerm), &ctx(None));
        assert_eq!(
            text,
            "✗ write me/model: write-denied\n  denied because\n  hint: fix it\n\
             ✓ read me/data: can read\n\nhf-token-check: failed (exit status 77)\n"
        );
    }

    /// A rejected token is said once; later lines with the same cause say "not checked".
    #[test]
    fn a_rejected_token_once() {
        let rejected = |k| Check::fail(k, Code::TokenRejected, "rejected (401)").hint("new token");
        let checks = vec![
            rejected(CheckKind::Whoami),
            repo(CheckKind::Read, "a/b", rejected(CheckKind::Read)),
            repo(CheckKind::Write, "a/c", rejected(CheckKind::Write)),
        ];
        let text = human_from(&verdict(checks, Exit::Token), &ctx(None), 0);
        assert_eq!(text.matches("rejected (401)").count(), 1, "{text}");
        assert_eq!(text.matches("hint:").count(), 1, "{text}");
        assert!(text.contains("\n- read a/b: not checked: the token was rejected\n- write a/c: not checked: the token was rejected\n"), "{text}");
    }

    /// A host that does not exist (or a Hub out of reach) is said once, under
    /// whoami; a repo that failed otherwise keeps its own reason.
    #[test]
    fn a_cause_of_whoami_once() {
        let nx = |k| Check::fail(k, Code::NameNotFound, "no such host").hint("fix HF_ENDPOINT");
        let other =
            Check::fail(CheckKind::Read, Code::NameNotFound, "no such host").hint("another fix");
        let checks = vec![
            nx(CheckKind::Whoami),
            repo(CheckKind::Read, "a/b", nx(CheckKind::Read)),
            repo(CheckKind::Write, "a/c", nx(CheckKind::Write)),
            repo(CheckKind::Read, "a/d", other),
        ];
        let text = human_from(&verdict(checks, Exit::Usage), &ctx(None), 0);
        assert_eq!(text.matches("fix HF_ENDPOINT").count(), 1, "{text}");
        assert!(
            text.contains(
                "\n- read a/b: not checked: `name-not-found`, as for whoami above\n\
                 - write a/c: not checked: `name-not-found`, as for whoami above\n\
                 ✗ read a/d: name-not-found\n  no such host\n  hint: another fix\n"
            ),
            "{text}"
        );
    }

    /// Alike failures (same code and hint) are grouped; a different hint is not.
    #[test]
    fn alike_failures_grouped() {
        let nf = |r: &str, hint: &str| {
            repo(
                CheckKind::Read,
                r,
                Check::fail(CheckKind::Read, Code::NotFound, format!("`{r}` not found")).hint(hint),
            )
        };
        let checks = vec![nf("a/x", "spell"), nf("b/y", "other"), nf("a/z", "spell")];
        let text = human_from(&verdict(checks, Exit::NoPerm), &ctx(None), 0);
        assert_eq!(
            text,
            "✗ read a/x: not-found\n✗ read a/z: not-found\n  2 repos not found: a/x, a/z\n  \
             `a/x` not found\n  hint: spell\n✗ read b/y: not-found\n  `b/y` not found\n  hint: other\n\n\
             hf-token-check: failed (exit status 77)\n"
        );
    }

    /// A group names at most 20 repos; only past that does it say how many
    /// more (never "and 0 more").
    #[test]
    fn group_names_at_most_twenty() {
        let nf = |i: usize| {
            let r = format!("acme/m{i}");
            repo(
                CheckKind::Read,
                &r,
                Check::fail(CheckKind::Read, Code::NotFound, "not found").hint("spell"),
            )
        };
        let listed = |n: usize| (0..n).map(|i| format!("acme/m{i}")).collect::<Vec<_>>();
        for (n, tail) in [(20, String::new()), (21, ", and 1 more".to_string())] {
            let checks = (0..n).map(nf).collect();
            let text = human(&verdict(checks, Exit::NoPerm), &ctx(None));
            let want = format!("\n  {n} repos not found: {}{tail}\n", listed(20).join(", "));
            assert!(text.contains(&want), "{n}: {text}");
        }
    }

    /// A write that creates its repo is marked `+`; the endpoint shows on whoami
    /// only when it is not the default; `skip` leaves out what was printed early.
    #[test]
    fn marks_endpoint_and_skip() {
        let created = format!("model `me/new` {WILL_BE_CREATED} (inferred)");
        let checks = vec![
            Check::pass(CheckKind::TokenPresent, "found"),
            Check::pass(CheckKind::Whoami, "user `me`"),
            repo(
                CheckKind::Write,
                "me/new",
                Check::pass(CheckKind::Write, created.clone()),
            ),
        ];
        let v = verdict(checks, Exit::Ok);
        let text = human_from(&v, &ctx(None), 1);
        assert!(!text.contains("token-present"), "{text}");
        assert!(
            text.starts_with("✓ whoami: user `me`\n+ write me/new: "),
            "{text}"
        );
        let mirror = Context {
            endpoint: "https://hub.example",
            ..ctx(None)
        };
        assert!(human_from(&v, &mirror, 1).starts_with("✓ whoami (https://hub.example): "));
        let (early, n) = local(&v.checks, &ctx(None));
        assert_eq!((early.as_str(), n), ("✓ token-present: found\n", 1));
    }

    /// With a width, no line is wider and hints keep a hanging indent.
    #[test]
    fn wrapped_to_the_width() {
        let long = "word ".repeat(40);
        let c = repo(
            CheckKind::Read,
            "a/b",
            Check::fail(CheckKind::Read, Code::ReadDenied, long.trim()).hint(long.trim()),
        );
        let text = human_from(&verdict(vec![c], Exit::NoPerm), &ctx(Some(40)), 0);
        assert!(text.lines().all(|l| l.chars().count() <= 40), "{text}");
        let hint = text
            .lines()
            .position(|l| l.starts_with("  hint: "))
            .unwrap();
        assert!(
            text.lines()
                .nth(hint + 1)
                .unwrap()
                .starts_with("        word"),
            "{text}"
        );
    }
}
