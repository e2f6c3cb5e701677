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

    pub fn disabled(&self) -> bool {
        self.status == 403
            && self
                .message
                .as_deref()
                .is_some_and(|m| m.to_ascii_lowercase().contains("is disabled"))
    }

    pub fn not_found(&self) -> bool {
        self.status == 404
            || (self.status == 401
                && self.error_code.as_deref() == Some("RepoNotFound")
                && !self.invalid_credentials())
    }
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
/// it, from the last answer that carried them. `None` parts were not sent.
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
