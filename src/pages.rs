//! The pages of the Hub's web site that hints send a user to, built in one
//! place. The rule (docs/checks.md, "Pages in hints"): a page is on the
//! endpoint the run checked against (`--endpoint`, `HF_ENDPOINT`, by default
//! `https://huggingface.co`), since the token, its settings and the repos
//! live on that Hub. Texts written before any endpoint is known (usage errors
//! about argv, `--explain`) name the public Hub's pages.
//!
//! Hints are written with the public Hub's tokens page ([`TOKENS`]), so that
//! they read as the docs do; [`on_endpoint`] moves them to the run's endpoint,
//! once, where the verdict is made.

/// The public Hub's base URL: the default endpoint.
pub const PUBLIC_HUB: &str = "https://huggingface.co";

/// Where a Hub lists, creates and edits its access tokens.
const TOKENS_PATH: &str = "/settings/tokens";

/// The public Hub's tokens page, as a literal (for `concat!` in constants).
macro_rules! public_tokens_page {
    () => {
        concat!("https://huggingface.co", "/settings/tokens")
    };
}
pub(crate) use public_tokens_page;

/// The public Hub's tokens page, as hints are written.
pub const TOKENS: &str = public_tokens_page!();

/// A page of the Hub at `endpoint`: `path` starts with `/`.
pub fn on(endpoint: &str, path: &str) -> String {
    format!("{}{path}", endpoint.trim_end_matches('/'))
}

/// The tokens page of the Hub at `endpoint`.
pub fn tokens(endpoint: &str) -> String {
    on(endpoint, TOKENS_PATH)
}

/// A hint written with the public Hub's tokens page, naming the one of the
/// Hub at `endpoint` instead (unchanged when the endpoint is the public Hub).
pub fn on_endpoint(hint: &str, endpoint: &str) -> String {
    hint.replace(TOKENS, &tokens(endpoint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_on_the_endpoint() {
        assert_eq!(TOKENS, "https://huggingface.co/settings/tokens");
        assert_eq!(tokens(PUBLIC_HUB), TOKENS);
        assert_eq!(
            tokens("https://hub.example/"),
            "https://hub.example/settings/tokens"
        );
        assert_eq!(
            on("http://127.0.0.1:8080", "/acme/model"),
            "http://127.0.0.1:8080/acme/model"
        );
        let hint = format!("create a token at {TOKENS}, or edit it at {TOKENS}");
        assert_eq!(on_endpoint(&hint, PUBLIC_HUB), hint);
        assert_eq!(
            on_endpoint(&hint, "https://hub.example"),
            "create a token at https://hub.example/settings/tokens, or edit it at \
             https://hub.example/settings/tokens"
        );
        // Another page of the public Hub is left alone.
        let status = "see https://status.huggingface.co";
        assert_eq!(on_endpoint(status, "https://hub.example"), status);
    }
}
