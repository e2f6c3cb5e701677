//! HTTP to the Hub: one agent, bounded by a deadline, retried where retrying is
//! right, redirects followed only on the same origin. Turns every exchange into
//! plain facts ([`Outcome`]); decides nothing.
//!
//! Here: the agent, the request loop (retries, redirects, the deadline) and the
//! answer read. `hub/failure.rs`: a request with no answer told as a
//! [`Failure`]; `hub/ratelimit.rs`: the wait and the quota the headers tell.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::tls::{Certificate, RootCerts, TlsConfig};

use crate::answer::{Answer, Failure, Outcome, Quota, hub_message};
use crate::config::{Endpoint, Network};
use crate::resolve::{NameResolver, connector};
use crate::sanitize::{Redactor, hub_text, safe_text, strip_userinfo};
use crate::token::Secret;
use crate::transport::AgentLevelTls;

mod failure;
mod ratelimit;

use ratelimit::retry_after;
pub use ratelimit::{ratelimit, ratelimit_policy};

/// The largest body read from the Hub; its answers here are a few KB.
pub const BODY_CAP: u64 = 1024 * 1024;
const MAX_REDIRECTS: u32 = 3;
/// Connections to the Hub at once: the requests in flight at most
/// (`gather::WORKERS`), and so the idle connections worth keeping for reuse.
pub const CONNECTIONS: usize = 8;
const MAX_ATTEMPTS: u32 = 5;
/// Whether a request mints a short-lived storage token (a bucket's or a
/// repo's `xet-write-token`/`xet-read-token`, the segment right after
/// `api/{type}s/{ns}/{name}`): its body is never kept. A repo merely named
/// like one (`me/xet-write-token`) keeps its answers' words.
pub fn mints_token(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let parts: Vec<&str> = path.split('/').collect();
    parts.windows(5).any(|w| {
        w[0] == "api"
            && matches!(w[1], "models" | "datasets" | "spaces" | "buckets")
            && matches!(w[4], "xet-write-token" | "xet-read-token")
    })
}

/// Statuses worth another try, as huggingface_hub's retry helper has them.
const RETRY_STATUSES: [u16; 6] = [408, 429, 500, 502, 503, 504];

pub struct Hub {
    agent: Agent,
    endpoint: Endpoint,
    token: Secret,
    /// Every Hub string passes through it before it is kept.
    redactor: Redactor,
    deadline: Instant,
    timeout: Duration,
    proxy: Option<String>,
    /// The proxy's variable (`HTTPS_PROXY`...), for a proxy name that does not exist or a 407.
    proxy_var: Option<&'static str>,
    /// The API quota from the `RateLimit` headers: the fewest requests left wins.
    quota: Mutex<Quota>,
    /// The run's resolver (its pins), and the name connections resolve: the
    /// proxy's when there is one, else the endpoint's.
    resolver: NameResolver,
    dialed: String,
}

impl Hub {
    pub fn new(
        endpoint: &Endpoint,
        network: &Network,
        token: Secret,
        redactor: Redactor,
        timeout: Duration,
        deadline: Instant,
        resolver: NameResolver,
    ) -> Hub {
        let config = agent_config(network, timeout);
        // The run's resolver: names resolved without the image's NSS modules,
        // once per run and pinned (the plain-http rule checked these very
        // addresses); every address tried; the TLS configuration built once.
        let dialed = match &network.proxy {
            Some(p) => p.origin.host.clone(),
            None => endpoint.origin.host.clone(),
        };
        let agent = Agent::with_parts(config, AgentLevelTls(connector()), resolver.clone());
        Hub {
            agent,
            endpoint: endpoint.clone(),
            token,
            redactor,
            deadline,
            timeout,
            proxy: network.proxy.as_ref().map(|p| p.label.clone()),
            proxy_var: network.proxy.as_ref().map(|p| p.var),
            quota: Mutex::new(Quota::default()),
            resolver,
            dialed,
        }
    }

    /// The API quota as the answers' `RateLimit` headers told it: the fewest
    /// requests left (see [`Hub::note_quota`]).
    pub fn quota(&self) -> Option<Quota> {
        let q = *self.quota.lock().unwrap_or_else(|e| e.into_inner());
        q.is_known().then_some(q)
    }

    /// Keeps the quota an answer's headers tell (every answer: 2xx, 3xx, 4xx,
    /// 5xx) when it has fewer requests left than any answer before.
    fn note_quota(&self, response: &ureq::http::Response<ureq::Body>) {
        let value = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let limit = value("ratelimit").and_then(|v| ratelimit(&v));
        let policy = value("ratelimit-policy").and_then(|v| ratelimit_policy(&v));
        if limit.is_none() && policy.is_none() {
            return;
        }
        let mut q = self.quota.lock().unwrap_or_else(|e| e.into_inner());
        // Within a window the count only falls, so the fewest left is the latest
        // count, whatever order concurrent answers arrive in (the order they
        // are received in is not the order the Hub counted them in); its reset
        // goes with it, the sooner one on a tie.
        if let Some((remaining, reset)) = limit {
            let fewer = q.remaining.is_none_or(|r| {
                (remaining, reset.unwrap_or(u64::MAX)) < (r, q.reset.unwrap_or(u64::MAX))
            });
            if fewer {
                (q.remaining, q.reset) = (Some(remaining), reset);
            }
        }
        if let Some((quota, window)) = policy {
            (q.quota, q.window) = (quota, window);
        }
    }

    fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// GET `{endpoint}{path}` with the token, retried and redirected as the module says.
    pub fn get(&self, path: &str) -> Outcome {
        if self.remaining().is_zero() {
            // A lookup that failed (often the one that used up the deadline,
            // e.g. the plain-http rule's against a silent DNS server) is the
            // reason: said as such, not as a place in the queue.
            if let Some(r) = self.resolver.pinned_failure(&self.dialed) {
                return self.outcome(Err(self.resolve_failure(&r)), 0, None);
            }
            let secs = self.timeout.as_secs_f64();
            return self.outcome(Err(Failure::NotStarted { secs }), 0, None);
        }
        let mut attempts = 0;
        loop {
            attempts += 1;
            let result = self.once(path);
            let wait = match &result {
                Ok(a) if RETRY_STATUSES.contains(&a.status) => {
                    a.retry_after.map(|s| (Duration::from_secs(s), true))
                }
                // Not a name resolution: it is pinned for the run (asking
                // again gives the same answer); the resolver made its tries.
                Err(Failure::Connect { .. }) => None,
                _ => return self.outcome(result, attempts, None),
            };
            let (wait, asked) = wait.unwrap_or((backoff(attempts), false));
            // Stop when out of attempts, or when waiting would not leave time for an answer.
            let fits = wait + Duration::from_millis(200) < self.remaining();
            if attempts >= MAX_ATTEMPTS || !fits {
                let gave_up = (asked && !fits).then(|| wait.as_secs().max(1));
                return self.outcome(result, attempts, gave_up);
            }
            std::thread::sleep(wait);
        }
    }

    fn outcome(
        &self,
        result: Result<Answer, Failure>,
        attempts: u32,
        gave_up_wait: Option<u64>,
    ) -> Outcome {
        Outcome {
            result,
            attempts,
            gave_up_wait,
            host: self.endpoint.origin.authority(),
            proxy: self.proxy.clone(),
        }
    }

    /// One attempt, following same-origin redirects.
    fn once(&self, path: &str) -> Result<Answer, Failure> {
        let origin = self.endpoint.origin.url();
        let mut url = format!("{}{}", self.endpoint.url, path);
        let mut redirected_to = None;
        for _ in 0..=MAX_REDIRECTS {
            let remaining = self.remaining();
            if remaining.is_zero() {
                return Err(self.timeout_failure());
            }
            let response = self
                .agent
                .get(&url)
                .header("authorization", &self.token.authorization())
                .config()
                .timeout_global(Some(remaining))
                .build()
                .call()
                .map_err(|e| self.failure(e))?;
            let status = response.status().as_u16();
            if let (407, Some(var)) = (status, self.proxy_var) {
                // A plain-http proxy answers in the Hub's place: not a Hub answer.
                return Err(Failure::ProxyAuth { var });
            }
            self.note_quota(&response);
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let Some(location) = self.header(&response, "location") else {
                    return Err(Failure::Protocol {
                        detail: format!("a {status} redirect without a `Location` header"),
                    });
                };
                // Relative to the path of the request that was redirected.
                let here = &url[origin.len()..];
                let next = same_origin(&self.endpoint, here, &location).ok_or_else(|| {
                    Failure::CrossOrigin {
                        location: safe_text(
                            &self.redactor,
                            &origin_of(&self.endpoint, &location),
                            80,
                        ),
                    }
                })?;
                url = format!("{origin}{next}");
                redirected_to = Some(self.without_prefix(next));
                continue;
            }
            if mints_token(&url) {
                return self.drain_answer(response, redirected_to);
            }
            return self.read_answer(response, redirected_to);
        }
        Err(Failure::TooManyRedirects)
    }

    /// The answer of a request that mints a storage token (`xet-write-token`):
    /// only its status and headers are kept. Its body, which holds the minted
    /// token on a 2xx, is read into nothing (bounded) and never stored, parsed
    /// or quoted, whatever the status; the Hub's words come from
    /// `X-Error-Message` alone.
    fn drain_answer(
        &self,
        mut response: ureq::http::Response<ureq::Body>,
        redirected_to: Option<String>,
    ) -> Result<Answer, Failure> {
        let status = response.status().as_u16();
        let header = |name: &str| self.header(&response, name);
        let (error_code, request_id) = (header("x-error-code"), header("x-request-id"));
        let message = header("x-error-message").filter(|m| !m.trim().is_empty());
        let retry_after = retry_after(&header);
        let mut reader = response.body_mut().with_config().limit(BODY_CAP).reader();
        std::io::copy(&mut reader, &mut std::io::sink()).map_err(|e| {
            match e.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>()) {
                Some(ureq::Error::BodyExceedsLimit(_)) => Failure::BodyTooLarge,
                _ => self.io_failure(&e),
            }
        })?;
        Ok(Answer {
            status,
            error_code,
            message,
            request_id,
            retry_after,
            body: String::new(),
            redirected_to,
        })
    }

    /// A response header as text, made safe to keep (redacted, cleaned, shortened).
    fn header(&self, response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| hub_text(&self.redactor, v))
    }

    /// The answer's facts: status, the Hub's headers and message, the body (capped).
    fn read_answer(
        &self,
        mut response: ureq::http::Response<ureq::Body>,
        redirected_to: Option<String>,
    ) -> Result<Answer, Failure> {
        let status = response.status().as_u16();
        let header = |name: &str| self.header(&response, name);
        let error_code = header("x-error-code");
        let error_message = header("x-error-message");
        let request_id = header("x-request-id");
        let retry_after = retry_after(&header);
        let bytes = response
            .body_mut()
            .with_config()
            .limit(BODY_CAP)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => Failure::BodyTooLarge,
                other => self.failure(other),
            })?;
        // Not UTF-8 is not the documented JSON: a protocol answer, not a network fault.
        let body = String::from_utf8(bytes).map_err(|_| Failure::Protocol {
            detail: format!("the body of a {status} answer is not UTF-8 text"),
        })?;
        Ok(Answer {
            status,
            error_code,
            message: hub_message(error_message.as_deref(), &body)
                .map(|m| hub_text(&self.redactor, &m)),
            request_id,
            retry_after,
            body,
            redirected_to,
        })
    }

    /// A redirect's path without the endpoint's own path prefix (`/hub/api/...` -> `/api/...`).
    fn without_prefix(&self, path: String) -> String {
        let prefix = &self.endpoint.url[self.endpoint.origin.url().len()..];
        match path.strip_prefix(prefix) {
            Some(rest) if !prefix.is_empty() && rest.starts_with('/') => rest.to_string(),
            _ => path,
        }
    }
}

/// The agent's configuration: no status as an error, no redirect followed by
/// ureq (`Hub::once` follows same-origin ones), the run's timeout, the CA
/// roots and proxy of `network`.
fn agent_config(network: &Network, timeout: Duration) -> ureq::config::Config {
    let mut tls = TlsConfig::builder();
    if let Some(roots) = &network.roots {
        let certs: Vec<Certificate<'static>> = roots
            .certs
            .iter()
            .map(|der| Certificate::from_der(der).to_owned())
            .collect();
        tls = tls.root_certs(RootCerts::new_with_certs(&certs));
    }
    let proxy = network.proxy.as_ref().map(|p| p.proxy.clone());
    Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(proxy)
        .tls_config(tls.build())
        .user_agent(concat!("hf-token-check/", env!("CARGO_PKG_VERSION")))
        .timeout_global(Some(timeout))
        .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
        // The Hub's answers here are a few KB: small buffers keep the peak
        // memory of a run low (the defaults are 128 KB each per connection).
        // The input buffer is larger than the header limit: with equal
        // sizes, headers over the limit fill the buffer and read as a
        // connection closed early (75, retried) instead of 76.
        .max_response_header_size(32 * 1024)
        .input_buffer_size(40 * 1024)
        .output_buffer_size(8 * 1024)
        // Connections are kept for the next request (HTTP/1.1's keep-alive;
        // that the Hub keeps them open is inferred, hub-api.md does not
        // record it): with many repos each worker reuses its connection
        // instead of a new TCP (and TLS) handshake per request. As many as
        // requests can be in flight; ureq probes an idle one before reusing
        // it, and an answer with `connection: close` is not kept. One idle
        // for 4 s is not reused (servers often close after 5): a retry's
        // wait does not end on a connection the server is closing.
        .max_idle_connections(CONNECTIONS)
        .max_idle_connections_per_host(CONNECTIONS)
        .max_idle_age(Duration::from_secs(4))
        .build()
}

/// Exponential backoff with jitter: about 0.5, 1, 2, 4 s (±25%), at most 8 s.
fn backoff(attempt: u32) -> Duration {
    let base = 500u64 << (attempt.saturating_sub(1)).min(4);
    let base = base.min(8000);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let jitter = (nanos as u64 ^ (attempt as u64).wrapping_mul(0x9E37_79B9)) % (base / 2 + 1);
    Duration::from_millis(base * 3 / 4 + jitter)
}

/// The path (and query) to follow when `location`, resolved against the path
/// of the request that got it (RFC 3986 §5.2: `x` next to it, `../x`, `/x`,
/// `//host/x`, `https://host/x`), is on the endpoint's origin (scheme, host
/// and port) and carries no credentials; `None` for anything else.
pub fn same_origin(e: &Endpoint, base_path: &str, location: &str) -> Option<String> {
    let target = crate::origin::resolve(&e.origin, base_path, location)?;
    (target.userinfo.is_none() && target.origin.same_as(&e.origin)).then(|| target.path_and_query())
}

/// The origin of a redirect target, for the report: no path, no credentials.
fn origin_of(e: &Endpoint, location: &str) -> String {
    match crate::origin::resolve(&e.origin, "/", location) {
        Some(url) => url.origin.url(),
        // Not a URL: shown cleaned, without any credentials.
        None => strip_userinfo(location),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_endpoint;

    /// Redirects are followed only on the endpoint's own origin.
    #[test]
    fn redirects_stay_on_the_origin() {
        let e = parse_endpoint("http://127.0.0.1:8080", "t").unwrap();
        let rows = [
            (
                "/api/models/a/b/auth-check",
                Some("/api/models/a/b/auth-check"),
            ),
            ("http://127.0.0.1:8080/x", Some("/x")),
            ("HTTP://127.0.0.1:8080/x", Some("/x")),
            ("//127.0.0.1:8080/x", Some("/x")),
            ("http://127.0.0.1:8081/x", None),
            ("https://127.0.0.1:8080/x", None),
            ("http://localhost:8080/x", None),
            ("//evil.example/x", None),
            ("http://127.0.0.1:8080@evil.example/x", None),
            ("javascript:alert(1)", None),
        ];
        let base = "/api/models/a/b/auth-check";
        for (loc, want) in rows {
            assert_eq!(same_origin(&e, base, loc).as_deref(), want, "{loc}");
        }
        let h = parse_endpoint("https://huggingface.co", "t").unwrap();
        assert_eq!(
            same_origin(&h, base, "https://huggingface.co:443/y").as_deref(),
            Some("/y")
        );
    }

    /// A relative `Location` is resolved against the redirected request's
    /// path as RFC 3986 §5.2 says (its directory, not the root), and still
    /// refused when it leaves the origin.
    #[test]
    fn relative_redirects_resolve_against_the_request_path() {
        let e = parse_endpoint("http://127.0.0.1:8080", "t").unwrap();
        let base = "/api/models/a/b/auth-check";
        let rows = [
            ("write", Some("/api/models/a/b/write")),
            ("./write", Some("/api/models/a/b/write")),
            ("../c/auth-check", Some("/api/models/a/c/auth-check")),
            ("../../x/y/auth-check", Some("/api/models/x/y/auth-check")),
            ("../../../../../../x", Some("/x")),
            (
                "/api/models/n/m/auth-check",
                Some("/api/models/n/m/auth-check"),
            ),
            ("/a/./b/../c", Some("/a/c")),
            ("?x=1", Some("/api/models/a/b/auth-check?x=1")),
            ("write?x=1#frag", Some("/api/models/a/b/write?x=1")),
            ("", Some("/api/models/a/b/auth-check")),
            ("//127.0.0.1:8080/p/../q", Some("/q")),
            ("//127.0.0.1:9999/p", None),
            ("//user@127.0.0.1:8080/p", None),
            ("mailto:a@b", None),
            ("with space", None),
        ];
        for (loc, want) in rows {
            assert_eq!(same_origin(&e, base, loc).as_deref(), want, "{loc:?}");
        }
        // An empty reference (or a fragment only) is the base itself, query
        // included (§5.2.2); a reference with its own query replaces it.
        let listing = "/api/models?author=acme&limit=500";
        for (loc, want) in [
            ("", "/api/models?author=acme&limit=500"),
            ("#top", "/api/models?author=acme&limit=500"),
            ("?author=b", "/api/models?author=b"),
            ("datasets", "/api/datasets"),
        ] {
            assert_eq!(
                same_origin(&e, listing, loc).as_deref(),
                Some(want),
                "{loc:?}"
            );
        }
        // Under an endpoint with a path prefix, the prefix is part of the base.
        let p = parse_endpoint("http://127.0.0.1:8080/hub", "t").unwrap();
        assert_eq!(
            same_origin(&p, "/hub/api/models/a/b/auth-check", "../c/auth-check").as_deref(),
            Some("/hub/api/models/a/c/auth-check")
        );
    }

    /// A storage token is minted only by the `xet-*-token` segment right after
    /// `api/{type}s/{ns}/{name}`; a repo or bucket merely named so is not.
    #[test]
    fn token_minting_paths_are_known() {
        for url in [
            "https://huggingface.co/api/buckets/acme/ckpt/xet-write-token",
            "http://127.0.0.1:9/hub/api/buckets/a/b/xet-read-token?x=1",
            "https://huggingface.co/api/models/a/b/xet-write-token/main",
            "https://huggingface.co/api/datasets/a/b/xet-read-token/main?create_pr=1",
            "https://huggingface.co/api/spaces/a/xet-write-token/xet-write-token",
        ] {
            assert!(mints_token(url), "{url}");
        }
        for url in [
            "https://huggingface.co/api/buckets/acme/ckpt",
            "https://huggingface.co/api/models/a/xet-write-token-notes/auth-check",
            "https://huggingface.co/api/models/me/xet-write-token/auth-check",
            "https://huggingface.co/api/models/me/xet-read-token/auth-check/write",
            "https://huggingface.co/api/buckets/me/xet-write-token",
            "https://huggingface.co/xet-write-token/models/a/b/xet-x-token",
            "https://huggingface.co/api/whoami-v2",
        ] {
            assert!(!mints_token(url), "{url}");
        }
    }

    /// Each retry waits longer than the one before, up to a cap of at most 10 s.
    #[test]
    fn backoff_grows_and_is_bounded() {
        for attempt in 1..5 {
            assert!(backoff(attempt + 1) > backoff(attempt), "{attempt}");
        }
        for attempt in 1..40 {
            let d = backoff(attempt);
            assert!(
                d >= Duration::from_millis(300) && d <= Duration::from_secs(10),
                "{attempt}: {d:?}"
            );
        }
    }

    /// A cross-origin target is shown by its origin only, never with credentials.
    #[test]
    fn cross_origin_shown_without_credentials() {
        let e = parse_endpoint("https://huggingface.co", "t").unwrap();
        let shown = origin_of(&e, "https://u:hf_secret@evil.example/a?b");
        assert_eq!(shown, "https://evil.example");
        assert_eq!(
            origin_of(&e, "https://evil.example:8443/a"),
            "https://evil.example:8443"
        );
        assert_eq!(origin_of(&e, "//evil.example/a"), "https://evil.example");
        assert_eq!(
            origin_of(&e, "gopher://u:hf_secret@evil.example"),
            "gopher://evil.example"
        );
    }
}
