//! The one secret type, and the only ways a secret's text may be used: the
//! `authorization` header, a mask of its last 4 characters, and redaction.

use std::fmt;

use crate::sanitize::Redactor;

/// A secret value (a token as found, or as it will be sent). It has no
/// `Display`, its `Debug` prints `[REDACTED]`, and its bytes are reachable only
/// inside the `token` module and through [`Secret::authorization`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn new(value: impl Into<Vec<u8>>) -> Self {
        Secret(value.into())
    }

    /// The bytes, for the `token` module's own checks (lint, redaction).
    pub(super) fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// Whether `text` is this secret (the scan asks whether a token written in
    /// a script is the one being checked). Nothing of the secret leaves.
    pub fn is(&self, text: &str) -> bool {
        self.0 == text.as_bytes()
    }

    /// The scopes an OAuth or trusted-publisher token claims (`None` for a user
    /// access token). Decoded locally: call it only once whoami accepted the
    /// token; only the scope names come back.
    pub fn scopes(&self) -> Option<super::Scopes> {
        super::jwt::scopes(&self.0)
    }

    /// The value of the `authorization` header: the one place the token leaves.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", String::from_utf8_lossy(&self.0))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// The redactor for every output: it removes the token as found (raw,
/// untrimmed) and as sent, in any form and any 6-character piece.
pub fn redactor(raw: Option<&Secret>, sent: Option<&Secret>) -> Redactor {
    let sent = sent.map(|s| String::from_utf8_lossy(s.bytes()).into_owned());
    Redactor::new(raw.map(Secret::bytes), sent.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";

    /// `{:?}` of a secret never shows it; the mask shows 4 characters at most.
    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new(GOOD);
        assert_eq!(format!("{s:?}"), "[REDACTED]");
        assert_eq!(format!("{:#?}", Some(&s)), "Some(\n    [REDACTED],\n)");
        assert_eq!(s.authorization(), format!("Bearer {GOOD}"));
    }

    /// An OAuth token's scopes are read from it (`{"scope":"openid read-repos"}`);
    /// a user access token claims none.
    #[test]
    fn scopes_of_the_secret() {
        let oauth = Secret::new(
            "hf_oauth_eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6Im9wZW5pZCByZWFkLXJlcG9zIiwiZXhwIjoxfQ.c2ln",
        );
        assert_eq!(
            oauth.scopes(),
            Some(super::super::Scopes::Known(vec![
                "openid".into(),
                "read-repos".into()
            ]))
        );
        assert_eq!(Secret::new(GOOD).scopes(), None);
    }

    /// A token echoed back by a server is removed in every form it was found in.
    #[test]
    fn redactor_removes_every_form_of_the_value() {
        let raw = Secret::new(format!("  {GOOD}\n"));
        let r = redactor(Some(&raw), Some(&Secret::new(GOOD)));
        let out = r.redact(&format!("got Bearer {GOOD} twice {GOOD}"));
        assert!(
            !out.contains("abcdef") && out.contains("[REDACTED]"),
            "{out}"
        );
        assert!(!format!("{r:?}").contains("abcdef"));
    }
}
