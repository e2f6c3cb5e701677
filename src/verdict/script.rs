//! `token-hardcoded`: a Hugging Face token written in the job's script (found
//! by `crate::scan`). A warning: it never changes the exit status.

use super::{Check, CheckKind, Code, TOKENS_PAGE};
use crate::scan::{Finding, NotScanned};

/// `line 3`, `lines 3 and 7`, `lines 3, 7 and 9`.
fn lines(l: &[usize]) -> String {
    let n: Vec<String> = l.iter().map(usize::to_string).collect();
    match n.as_slice() {
        [one] => format!("line {one}"),
        [rest @ .., last] => format!("lines {} and {last}", rest.join(", ")),
        [] => "a line".to_string(),
    }
}

/// The most unread files named in the `not-scanned` warning; the rest are counted.
const NOT_SCANNED_SHOWN: usize = 5;

/// One warning per token found, then one for the files that could not be read.
pub(super) fn checks(found: &[Finding], not_scanned: &[NotScanned]) -> Vec<Check> {
    let mut checks: Vec<Check> = found.iter().map(check).collect();
    checks.extend(unread(not_scanned));
    checks
}

/// `not-scanned`: the files the scan was asked to read and could not, each
/// with its reason. The other checks are whole: the scan ran beside them.
fn unread(files: &[NotScanned]) -> Option<Check> {
    let message = match files {
        [] => return None,
        [one] => format!(
            "`{}` was not scanned for hardcoded tokens: {}",
            one.file, one.reason
        ),
        many => {
            let listed: Vec<String> = many
                .iter()
                .take(NOT_SCANNED_SHOWN)
                .map(|f| format!("`{}` ({})", f.file, f.reason))
                .collect();
            let more = match many.len().saturating_sub(NOT_SCANNED_SHOWN) {
                0 => String::new(),
                n => format!(", and {n} more"),
            };
            format!(
                "{} files were not scanned for hardcoded tokens: {}{more}",
                many.len(),
                listed.join(", ")
            )
        }
    };
    let hint = "the scan is a warning and ran beside the other checks, which are complete; to \
                scan a file, give a readable regular file of at most 1 MiB on a filesystem that \
                answers, or leave it out of `--scan` (`--no-scan` turns the scan off)";
    Some(Check::warn(CheckKind::Script, Code::NotScanned, message).hint(hint))
}

fn check(f: &Finding) -> Check {
    let at = format!("`{}` ({})", f.file, lines(&f.lines));
    let more = match f.more {
        0 => String::new(),
        n => format!(" ({n} more token-shaped strings in the file are not listed)"),
    };
    let (message, hint) = if f.checked {
        (
            format!(
                "{at} holds the token being checked ({}): the token is in the script: anyone who \
                 can read the script has it{more}",
                f.masked
            ),
            format!(
                "remove it from the script (huggingface_hub reads `HF_TOKEN` by itself), then \
                 replace the token at {TOKENS_PAGE}: whoever read the script may have kept it"
            ),
        )
    } else {
        (
            format!(
                "{at} holds a Hugging Face token ({}) that is not the one being checked: this \
                 script carries another token, which it may use instead of `HF_TOKEN`{more}",
                f.masked
            ),
            format!(
                "remove it and let the script use `HF_TOKEN` (huggingface_hub reads it by \
                 itself); if that token is still valid, revoke it at {TOKENS_PAGE}"
            ),
        )
    };
    Check::warn(CheckKind::Script, Code::TokenHardcoded, message).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unread files: none is no warning; one is named with its reason; six
    /// or more name five and count the rest. A warning, after the findings.
    #[test]
    fn files_not_scanned_are_named_with_their_reason() {
        let n = |i: usize| NotScanned {
            file: format!("f{i}.py"),
            reason: format!("reason {i}"),
        };
        assert!(checks(&[], &[]).is_empty());
        let one = checks(&[], &[n(1)]);
        assert_eq!(one.len(), 1);
        assert_eq!(
            (one[0].kind, one[0].status, one[0].code),
            (
                CheckKind::Script,
                super::super::Status::Warn,
                Some(Code::NotScanned)
            )
        );
        assert_eq!(
            one[0].message,
            "`f1.py` was not scanned for hardcoded tokens: reason 1"
        );
        assert!(
            one[0]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("the scan is a warning")
        );
        let five: Vec<NotScanned> = (1..=5).map(n).collect();
        assert_eq!(
            checks(&[], &five)[0].message,
            "5 files were not scanned for hardcoded tokens: `f1.py` (reason 1), `f2.py` (reason \
             2), `f3.py` (reason 3), `f4.py` (reason 4), `f5.py` (reason 5)"
        );
        let seven: Vec<NotScanned> = (1..=7).map(n).collect();
        let msg = &checks(&[], &seven)[0].message;
        assert!(
            msg.starts_with("7 files were not scanned")
                && msg.ends_with("`f5.py` (reason 5), and 2 more"),
            "{msg}"
        );
        let found = Finding {
            file: "a.py".into(),
            lines: vec![1],
            masked: "hf_…abcd".into(),
            checked: false,
            more: 0,
        };
        let both = checks(&[found], &[n(1)]);
        assert_eq!(
            both.iter().map(|c| c.code).collect::<Vec<_>>(),
            [Some(Code::TokenHardcoded), Some(Code::NotScanned)]
        );
    }

    #[test]
    fn lines_read_as_english() {
        assert_eq!(lines(&[3]), "line 3");
        assert_eq!(lines(&[3, 7]), "lines 3 and 7");
        assert_eq!(lines(&[3, 7, 9]), "lines 3, 7 and 9");
    }

    /// The checked token and another one are told apart; both are warnings.
    #[test]
    fn whose_token_it_is() {
        let f = |checked| Finding {
            file: "train.py".into(),
            lines: vec![2, 5],
            masked: "hf_…abcd".into(),
            checked,
            more: 2,
        };
        let mine = check(&f(true));
        assert!(
            mine.message
                .starts_with("`train.py` (lines 2 and 5) holds the token being checked")
                && mine
                    .message
                    .contains("anyone who can read the script has it")
                && mine
                    .message
                    .ends_with("(2 more token-shaped strings in the file are not listed)"),
            "{}",
            mine.message
        );
        let other = check(&f(false));
        assert!(
            other
                .message
                .contains("which it may use instead of `HF_TOKEN`")
        );
        assert_eq!(other.exit(), crate::exit::Exit::Ok);
    }
}
