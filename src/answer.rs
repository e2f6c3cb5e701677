//! Plain facts about one HTTP exchange with the Hub, as the verdict needs them.
//! The HTTP module produces them; nothing here does IO.

/// What the Hub answered, after retries and same-origin redirects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answer {
    pub status: u16,
    /// `X-Error-Code`
    pub error_code: Option<String>,
    /// The Hub's own words: `X-Error-Message`, else the body's `error` and
    /// `error_description` (extracted once, when the answer is read).
    pub message: Option<String>,
    /// `X-Request-Id`
    pub request_id: Option<String>,
    /// Seconds, from `Retry-After` or the `RateLimit` header's `t=`.
    pub retry_after: Option<u64>,
    /// The body, capped (1 MiB); an over-long body is a [`Failure::BodyTooLarge`].
    pub body: String,
    /// The path of the last same-origin redirect that was followed, if any.
    pub redirected_to: Option<String>,
}

/// The Hub's words from an `X-Error-Message` header, else from a JSON body's
/// `error` (a string or a list) and `error_description`.
pub fn hub_message(header: Option<&str>, body: &str) -> Option<String> {
    if let Some(m) = header.filter(|m| !m.trim().is_empty()) {
        return Some(m.to_string());
    }
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let error = match v.get("error")? {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a
            .iter()
            .filter_map(|e| e.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        _ => return None,
    };
    let description = v.get("error_description").and_then(|d| d.as_str());
    Some(match description {
        Some(d) if !d.is_empty() => format!("{error}: {d}"),
        _ => error,
    })
    .filter(|s| !s.trim().is_empty())
}

impl Answer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn invalid_credentials(&self) -> bool {
        self.status == 401
            && self.message.as_deref().is_some_and(|m| {
                m.contains("Invalid credentials") || m.contains("invalid credentials")
            })
    }

    pub fn gated(&self) -> bool {
        self.error_code.as_deref() == Some("GatedRepo")
    }

    /// A fine-grained token whose setting "Read access to contents of all public
    /// gated repos you can access" is off, for a user who has a grant: 403 with
    /// no `X-Error-Code` and the Hub's sentence about that setting (hub-api.md,
    /// "Answers seen, 2026-12").
    pub fn gated_setting_off(&self) -> bool {
        self.status == 403
            && self.message.as_deref().is_some_and(|m| {
                m.to_ascii_lowercase()
                    .contains("enable access to public gated repositories")
            })
    }

    pub fn disabled(&self) -> bool {
        self.status == 403
            && self
                .message
                .as_deref()
                .is_some_and(|m| m.to_ascii_lowercase().contains("is disabled"))
    }

    /// The repo is there, whatever this user may do with it: 2xx, gated, or
    /// 403 (a denial names an existing repo; the Hub hides a missing one
    /// behind 404). The one definition: the verdict's "did you mean" and the
    /// read check of a write that got 404 both ask this.
    pub fn proves_exists(&self) -> bool {
        self.is_success() || self.gated() || self.status == 403
    }

    /// What this answer to an auth-check says about the repo, given whether
    /// whoami accepted the token. `gather` asks the follow-ups on
    /// [`Existence::NotFound`] and the verdict reads the same value, so the two
    /// can never disagree.
    pub fn existence(&self, token_accepted: bool) -> Existence {
        if self.proves_exists() {
            return Existence::Exists;
        }
        // A 401 that is not the token's rejection: `RepoNotFound`, or any
        // 401 once whoami accepted the token (`Invalid username or password.`;
        // huggingface_hub raises `RepositoryNotFoundError` for it; hub-api.md).
        let hidden = self.status == 401
            && !self.invalid_credentials()
            && (token_accepted || self.error_code.as_deref() == Some("RepoNotFound"));
        if self.status == 404 || hidden {
            Existence::NotFound
        } else {
            Existence::Unknown
        }
    }
}

/// What one auth-check answer says about the repo's existence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existence {
    /// 2xx, gated or 403: the repo is there.
    Exists,
    /// 404, or a 401 that is not the token's rejection: not there, or hidden
    /// from this user (the Hub does not say which).
    NotFound,
    /// Nothing definite: the token's rejection, a 5xx, anything else.
    Unknown,
}

/// Why no answer could be had.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Nothing (or not all) came back within the deadline.
    Timeout { secs: f64 },
    /// The deadline had passed before the request could be sent (it waited for
    /// a place among the requests in flight): nothing was asked.
    NotStarted { secs: f64 },
    /// The connection could not be made or broke (refused, reset, DNS, proxy).
    Connect { detail: String },
    /// The endpoint's or the proxy's host name does not exist (NXDOMAIN) or has
    /// no address: permanent, never retried. `from` is the flag or variable the
    /// name came from (`--endpoint`, `HF_ENDPOINT`, `HTTPS_PROXY`...).
    NoSuchHost {
        detail: String,
        from: &'static str,
        proxy: bool,
    },
    /// Name resolution failed for now (DNS timeout, SERVFAIL): retried; no
    /// request reached the Hub.
    Resolve { detail: String },
    /// The server's certificate is not trusted by the roots in use.
    Certificate { detail: String },
    /// A redirect to another origin; the token was not sent there.
    CrossOrigin { location: String },
    /// More than the allowed number of redirects.
    TooManyRedirects,
    /// The body was over the cap.
    BodyTooLarge,
    /// The answer was not HTTP as expected.
    Protocol { detail: String },
    /// The proxy answered 407: it wants credentials. `var` names it.
    ProxyAuth { var: &'static str },
}

/// One request's outcome with what the report says about how it went.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub result: Result<Answer, Failure>,
    /// How many attempts it took (1 without retries).
    pub attempts: u32,
    /// Set when retrying stopped because the wait the Hub asked for did not fit the deadline.
    pub gave_up_wait: Option<u64>,
    /// `host:port` that was asked.
    pub host: String,
    /// The proxy in use, without credentials.
    pub proxy: Option<String>,
}

impl Outcome {
    /// An outcome made of an answer alone (for tests and table rows).
    #[cfg(test)]
    pub fn answer(a: Answer) -> Outcome {
        Outcome {
            result: Ok(a),
            attempts: 1,
            gave_up_wait: None,
            host: "hub".into(),
            proxy: None,
        }
    }

    pub fn request_id(&self) -> Option<String> {
        self.result.as_ref().ok().and_then(|a| a.request_id.clone())
    }
}

/// The Hub's API quota as its `RateLimit` and `RateLimit-Policy` headers told
/// it: the fewest requests left any answer told. `None` parts were not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quota {
    /// `RateLimit` `r=`: requests left in this window.
    pub remaining: Option<u64>,
    /// `RateLimit` `t=`: seconds until the window resets.
    pub reset: Option<u64>,
    /// `RateLimit-Policy` `q=`: requests per window.
    pub quota: Option<u64>,
    /// `RateLimit-Policy` `w=`: the window, in seconds.
    pub window: Option<u64>,
}

impl Quota {
    /// Whether any header was seen.
    pub fn is_known(&self) -> bool {
        self.remaining.is_some() || self.quota.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quota is known when the Hub said how many requests are left or
    /// allowed; a reset time or a window alone tells no number to show.
    #[test]
    fn a_quota_is_known_by_its_numbers() {
        let q = |remaining, reset, quota, window| Quota {
            remaining,
            reset,
            quota,
            window,
        };
        assert!(!Quota::default().is_known());
        assert!(q(Some(5), None, None, None).is_known());
        assert!(q(None, None, Some(1000), None).is_known());
        assert!(q(Some(0), Some(60), Some(1000), Some(300)).is_known());
        assert!(!q(None, Some(60), None, Some(300)).is_known());
    }

    /// The Hub's words: `X-Error-Message` first (if not blank), else the JSON
    /// body's `error` (a string or a list) with its `error_description`.
    #[test]
    fn hub_message_sources() {
        let rows: [(Option<&str>, &str, Option<&str>); 11] = [
            (
                Some("Invalid credentials"),
                r#"{"error":"x"}"#,
                Some("Invalid credentials"),
            ),
            (Some("  "), r#"{"error":"from body"}"#, Some("from body")),
            (
                None,
                r#"{"error":"Repository not found"}"#,
                Some("Repository not found"),
            ),
            (None, r#"{"error":["a","b"]}"#, Some("a; b")),
            (
                None,
                r#"{"error":"e","error_description":"more"}"#,
                Some("e: more"),
            ),
            (None, r#"{"error":"e","error_description":""}"#, Some("e")),
            (None, r#"{"error":"  "}"#, None),
            (None, r#"{"error":42}"#, None),
            (None, r#"{"message":"no error field"}"#, None),
            (None, "not json", None),
            (None, "", None),
        ];
        for (header, body, want) in rows {
            assert_eq!(
                hub_message(header, body).as_deref(),
                want,
                "{header:?} {body}"
            );
        }
    }

    /// Status predicates: success is 2xx only; the token's rejection is a 401
    /// saying so; gated by its code; disabled by a 403 saying so.
    #[test]
    fn status_predicates() {
        let a = |status: u16, code: Option<&str>, message: Option<&str>| Answer {
            status,
            error_code: code.map(String::from),
            message: message.map(String::from),
            ..Answer::default()
        };
        for (s, ok) in [
            (199, false),
            (200, true),
            (204, true),
            (299, true),
            (300, false),
        ] {
            assert_eq!(a(s, None, None).is_success(), ok, "{s}");
        }
        assert!(
            a(
                401,
                None,
                Some("Invalid credentials in Authorization header")
            )
            .invalid_credentials()
        );
        assert!(a(401, None, Some("invalid credentials")).invalid_credentials());
        assert!(!a(403, None, Some("Invalid credentials")).invalid_credentials());
        assert!(!a(401, None, Some("Invalid username or password.")).invalid_credentials());
        assert!(!a(401, None, None).invalid_credentials());
        assert!(a(403, Some("GatedRepo"), None).gated());
        assert!(!a(403, Some("RepoNotFound"), None).gated());
        assert!(a(403, None, Some("Access to this resource is disabled.")).disabled());
        assert!(a(403, None, Some("Repo IS DISABLED")).disabled());
        assert!(!a(401, None, Some("is disabled")).disabled());
        assert!(!a(403, None, None).disabled());
        let setting = "Please enable access to public gated repositories in your fine-grained \
                       token settings to view this repository";
        assert!(a(403, None, Some(setting)).gated_setting_off());
        assert!(!a(401, None, Some(setting)).gated_setting_off());
        assert!(!a(403, None, Some("Access to model x is restricted")).gated_setting_off());
        assert!(!a(403, None, None).gated_setting_off());
        let mut o = Outcome::answer(Answer {
            request_id: Some("r".into()),
            ..Answer::default()
        });
        assert_eq!(o.request_id().as_deref(), Some("r"));
        o.result = Err(Failure::TooManyRedirects);
        assert_eq!(o.request_id(), None);
    }
}
