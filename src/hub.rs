//! HTTP to the Hub: one agent, bounded by a deadline, retried where retrying is
//! right, redirects followed only on the same origin. Turns every exchange into
//! plain facts ([`Outcome`]); decides nothing.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::tls::{Certificate, RootCerts, TlsConfig};

use crate::answer::{Answer, CertProblem, Failure, Outcome, Quota, hub_message};
use crate::config::{Endpoint, Network};
use crate::resolve::{ConnectFailed, NameResolver, ResolveError, connector};
use crate::sanitize::{Redactor, hub_text, safe_text, strip_userinfo};
use crate::token::Secret;
use crate::transport::AgentLevelTls;

/// The largest body read from the Hub; its answers here are a few KB.
pub const BODY_CAP: u64 = 1024 * 1024;
const MAX_REDIRECTS: u32 = 3;
/// Connections to the Hub at once: the requests in flight at most
/// (`gather::WORKERS`), and so the idle connections worth keeping for reuse.
pub const CONNECTIONS: usize = 8;
const MAX_ATTEMPTS: u32 = 5;
/// Whether a request mints a short-lived storage token (a bucket's or a
/// repo's `xet-write-token`/`xet-read-token`): its body is never kept.
pub fn mints_token(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.split('/')
        .any(|part| part.starts_with("xet-") && part.ends_with("-token"))
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

    fn timeout_failure(&self) -> Failure {
        Failure::Timeout {
            secs: self.timeout.as_secs_f64(),
        }
    }

    /// NXDOMAIN or no address is permanent and names where the name came from;
    /// a DNS timeout or SERVFAIL is transient. With a proxy, the name ureq
    /// resolves is the proxy's (the proxy resolves the endpoint's).
    fn resolve_failure(&self, r: &ResolveError) -> Failure {
        let detail = hub_text(&self.redactor, &r.to_string());
        if !r.is_permanent() {
            return Failure::Resolve { detail };
        }
        match self.proxy_var {
            Some(var) => Failure::NoSuchHost {
                detail,
                from: var,
                proxy: true,
            },
            None => Failure::NoSuchHost {
                detail,
                from: self.endpoint.from,
                proxy: false,
            },
        }
    }

    /// An IO error: a resolver or connector failure of ours, a certificate
    /// inside it, a timeout, or a connection fault.
    fn io_failure(&self, io: &std::io::Error) -> Failure {
        let inner = io.get_ref();
        if let Some(r) = inner.and_then(|i| i.downcast_ref::<ResolveError>()) {
            return self.resolve_failure(r);
        }
        if let Some(c) = inner.and_then(|i| i.downcast_ref::<ConnectFailed>()) {
            return Failure::Connect {
                detail: c.to_string(),
            };
        }
        if let Some(detail) = inner
            .and_then(|i| i.downcast_ref::<rustls::Error>())
            .and_then(|e| certificate_problem(e, &self.redactor))
        {
            return Failure::Certificate { problem: detail };
        }
        if matches!(
            io.kind(),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
        ) {
            return self.timeout_failure();
        }
        Failure::Connect {
            detail: describe_io(io),
        }
    }

    fn failure(&self, e: ureq::Error) -> Failure {
        match e {
            ureq::Error::Timeout(_) => self.timeout_failure(),
            ureq::Error::Io(io) => self.io_failure(&io),
            ureq::Error::Rustls(r) => match certificate_problem(&r, &self.redactor) {
                Some(problem) => Failure::Certificate { problem },
                None => Failure::Connect {
                    detail: format!("TLS failed: {r}"),
                },
            },
            ureq::Error::HostNotFound => Failure::Connect {
                detail: format!(
                    "the host name `{}` could not be resolved",
                    self.endpoint.origin.host
                ),
            },
            // ureq: "proxy server responded 407/407 Proxy Authentication Required".
            ureq::Error::ConnectProxyFailed(why) if why.contains("responded 407") => {
                Failure::ProxyAuth {
                    var: self.proxy_var.unwrap_or("HTTPS_PROXY"),
                }
            }
            ureq::Error::ConnectProxyFailed(why) => Failure::Connect {
                detail: format!(
                    "the proxy refused the connection ({})",
                    hub_text(&self.redactor, &why)
                ),
            },
            ureq::Error::Protocol(p) => Failure::Protocol {
                detail: p.to_string(),
            },
            ureq::Error::LargeResponseHeader(..) => Failure::Protocol {
                detail: "the response headers are too large".to_string(),
            },
            ureq::Error::BodyExceedsLimit(_) => Failure::BodyTooLarge,
            other => Failure::Connect {
                detail: other.to_string(),
            },
        }
    }
}

/// The most names of a certificate shown; the rest are counted.
const CERT_NAMES_SHOWN: usize = 4;

fn certificate_problem(e: &rustls::Error, redactor: &Redactor) -> Option<CertProblem> {
    use rustls::CertificateError as C;
    let rustls::Error::InvalidCertificate(c) = e else {
        return matches!(e, rustls::Error::NoCertificatesPresented)
            .then(|| CertProblem::Other("the server presented no certificate".into()));
    };
    Some(match c {
        C::NotValidYetContext { time, not_before } => CertProblem::NotYetValid {
            not_before: not_before.as_secs(),
            now: time.as_secs(),
        },
        C::ExpiredContext { time, not_after } => CertProblem::Expired {
            not_after: not_after.as_secs(),
            now: time.as_secs(),
        },
        C::NotValidForNameContext {
            expected,
            presented,
        } => CertProblem::WrongName {
            names: presented
                .iter()
                .take(CERT_NAMES_SHOWN)
                .map(|n| hub_text(redactor, &presented_name(n)))
                .collect(),
            more: presented.len().saturating_sub(CERT_NAMES_SHOWN),
            host: hub_text(redactor, &expected.to_str()),
        },
        C::UnknownIssuer => CertProblem::UnknownIssuer,
        C::Expired => CertProblem::Other("it has expired".into()),
        C::NotValidYet => CertProblem::Other("it is not valid yet".into()),
        C::NotValidForName => CertProblem::Other("it is not valid for this host name".into()),
        C::Revoked => CertProblem::Other("it has been revoked".into()),
        C::BadSignature => CertProblem::Other("its signature is not valid".into()),
        other => CertProblem::Other(hub_text(redactor, &format!("{other:?}"))),
    })
}

/// webpki's `DnsName("hf.co")` / `IpAddress(10.0.0.1)` as the name alone.
fn presented_name(debug: &str) -> String {
    let inner = debug
        .strip_prefix("DnsName(\"")
        .and_then(|s| s.strip_suffix("\")"))
        .or_else(|| {
            debug
                .strip_prefix("IpAddress(")
                .and_then(|s| s.strip_suffix(')'))
        });
    inner.unwrap_or(debug).to_string()
}

fn describe_io(io: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match io.kind() {
        K::ConnectionRefused => "connection refused".into(),
        K::ConnectionReset => "connection reset by the server".into(),
        K::ConnectionAborted => "connection aborted".into(),
        K::UnexpectedEof => "the connection closed before the answer was complete".into(),
        K::BrokenPipe => "the connection broke (broken pipe)".into(),
        _ => io.to_string(),
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

/// The wait an answer asks for, in seconds: `Retry-After` (seconds), else what
/// its `RateLimit` header says ([`ratelimit_wait`]). A wait of more than a day
/// is no wait the run could honour: ignored.
fn retry_after(header: &dyn Fn(&str) -> Option<String>) -> Option<u64> {
    header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .or_else(|| header("ratelimit").and_then(|v| ratelimit_wait(&v)))
        .filter(|s| *s <= 86_400)
}

/// The wait a `RateLimit: "api";r=0;t=55` header asks for: `t` seconds, only when
/// nothing remains (`r=0`). The Hub sends the header on every answer; with
/// requests left, `t` is only when the window resets, not a wait.
pub fn ratelimit_wait(value: &str) -> Option<u64> {
    ratelimit(value).and_then(|(remaining, reset)| (remaining == 0).then_some(reset).flatten())
}

/// The parameters of the `"api"` item of a structured header such as
/// `"api";r=988;t=240` (an item without a name counts as `"api"`; other
/// items, such as another quota's, are left alone).
fn api_item(value: &str) -> Option<Vec<(&str, u64)>> {
    value.split(',').find_map(|item| {
        let parts: Vec<&str> = item.split(';').map(str::trim).collect();
        let names: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| p.starts_with('"'))
            .collect();
        if !names.is_empty() && !names.contains(&"\"api\"") {
            return None;
        }
        let params: Vec<(&str, u64)> = parts
            .iter()
            .filter_map(|p| p.split_once('='))
            .filter_map(|(k, v)| Some((k.trim(), v.trim().parse::<u64>().ok()?)))
            .collect();
        (!params.is_empty()).then_some(params)
    })
}

/// `RateLimit: "api";r=<remaining>;t=<seconds to reset>` -> `(remaining, reset)`.
pub fn ratelimit(value: &str) -> Option<(u64, Option<u64>)> {
    let params = api_item(value)?;
    let get = |k: &str| params.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    Some((get("r")?, get("t")))
}

/// `RateLimit-Policy: "fixed window";"api";q=<quota>;w=<window seconds>` -> `(quota, window)`.
pub fn ratelimit_policy(value: &str) -> Option<(Option<u64>, Option<u64>)> {
    let params = api_item(value)?;
    let get = |k: &str| params.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    let (q, w) = (get("q"), get("w"));
    (q.is_some() || w.is_some()).then_some((q, w))
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

    /// webpki's names as the names alone; anything else as given.
    #[test]
    fn presented_names() {
        assert_eq!(presented_name("DnsName(\"hf.co\")"), "hf.co");
        assert_eq!(presented_name("IpAddress(10.0.0.1)"), "10.0.0.1");
        assert_eq!(presented_name("DirectoryName"), "DirectoryName");
    }

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

    /// `t=` is a wait only when nothing remains (`r=0`): the Hub sends the header on every answer.
    #[test]
    fn ratelimit_header() {
        assert_eq!(ratelimit_wait("\"api\";r=0;t=55"), Some(55));
        assert_eq!(ratelimit_wait("\"api\";r=499;t=295"), None);
        assert_eq!(ratelimit_wait("\"api\";r=0"), None);
        assert_eq!(ratelimit_wait("\"api\";t=55"), None);
        assert_eq!(ratelimit_wait("garbage"), None);
    }

    /// The quota headers as the Hub sends them; another quota's item is not the API's.
    #[test]
    fn quota_headers() {
        assert_eq!(ratelimit("\"api\";r=988;t=240"), Some((988, Some(240))));
        assert_eq!(ratelimit("\"api\";r=0"), Some((0, None)));
        assert_eq!(
            ratelimit("\"pages\";r=3;t=9, \"api\";r=7;t=1"),
            Some((7, Some(1)))
        );
        assert_eq!(ratelimit("\"pages\";r=3;t=9"), None);
        assert_eq!(ratelimit("\"api\";t=55"), None);
        assert_eq!(ratelimit("garbage"), None);
        assert_eq!(
            ratelimit_policy("\"fixed window\";\"api\";q=1000;w=300"),
            Some((Some(1000), Some(300)))
        );
        assert_eq!(ratelimit_policy("\"fixed window\";\"pages\";q=1;w=2"), None);
        assert_eq!(ratelimit_policy("\"fixed window\";\"api\""), None);
    }

    /// Each retry waits longer than the one before, up to a cap of at most 10 s.
    #[test]
    fn token_minting_paths_are_known() {
        for url in [
            "https://huggingface.co/api/buckets/acme/ckpt/xet-write-token",
            "http://127.0.0.1:9/hub/api/buckets/a/b/xet-read-token?x=1",
            "https://huggingface.co/api/models/a/b/xet-write-token/main",
        ] {
            assert!(mints_token(url), "{url}");
        }
        for url in [
            "https://huggingface.co/api/buckets/acme/ckpt",
            "https://huggingface.co/api/models/a/xet-write-token-notes/auth-check",
            "https://huggingface.co/api/whoami-v2",
        ] {
            assert!(!mints_token(url), "{url}");
        }
    }

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
