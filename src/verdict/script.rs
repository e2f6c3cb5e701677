//! `token-hardcoded`: a Hugging Face token written in the job's script (found
//! by `crate::scan`). A warning: it never changes the exit status.

use super::{Check, CheckKind, Code, TOKENS_PAGE};
use crate::scan::Finding;

/// `line 3`, `lines 3 and 7`, `lines 3, 7 and 9`.
fn lines(l: &[usize]) -> String {
    let n: Vec<String> = l.iter().map(usize::to_string).collect();
    match n.as_slice() {
        [one] => format!("line {one}"),
        [rest @ .., last] => format!("lines {} and {last}", rest.join(", ")),
        [] => "a line".to_string(),
    }
}

/// One warning per token found.
pub(super) fn checks(found: &[Finding]) -> Vec<Check> {
    found.iter().map(check).collect()
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
