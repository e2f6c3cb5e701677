//! The token: where it comes from ([`discover`]), whether it is well formed
//! ([`lint`]), how it may be shown ([`secret`]), and the scopes an OAuth
//! token claims ([`jwt`]).

mod discover;
mod jwt;
mod lint;
mod secret;

use std::fmt;
use std::path::PathBuf;

pub use crate::sanitize::mask;
pub use discover::{FileRead, discover, token_path};
pub use jwt::Scopes;
pub use lint::{Lint, is_placeholder, lint, lint_file};
pub use secret::{Secret, redactor};

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
        raw: Secret,
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
        /// `GITHUB_ACTIONS=true`: the fix is a secret of the repository, not a login.
        github_actions: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How the report names where the token was found ("token found in ...",
    /// "(from ...)"), and the JSON's short form.
    #[test]
    fn source_as_the_report_names_it() {
        let env = Source::Env("HUGGING_FACE_HUB_TOKEN");
        let file = Source::File(PathBuf::from("/home/u/.cache/huggingface/token"));
        assert_eq!(env.to_string(), "`HUGGING_FACE_HUB_TOKEN`");
        assert_eq!(
            file.to_string(),
            "the token file `/home/u/.cache/huggingface/token`"
        );
        assert_eq!(env.short(), "HUGGING_FACE_HUB_TOKEN");
        assert_eq!(file.short(), "file:/home/u/.cache/huggingface/token");
    }
}
