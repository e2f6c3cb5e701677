//! HTTP to the Hub: one agent, bounded by a deadline, retried where retrying is
//! right, redirects followed only on the same origin. Turns every exchange into
//! plain facts ([`Outcome`]); decides nothing.

use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::tls::{Certificate, RootCerts, TlsConfig};

use crate::answer::{Answer, Failure, Outcome};
use crate::config::{Endpoint, Network};
use crate::token::Secret;

/// The largest body read from the Hub; its answers here are a few KB.
pub const BODY_CAP: u64 = 1024 * 1024;
const MAX_REDIRECTS: u32 = 3;
const MAX_ATTEMPTS: u32 = 5;
/// Statuses worth another try, as huggingface_hub's retry helper has them.
const RETRY_STATUSES: [u16; 6] = [408, 429, 500, 502, 503, 504];

pub struct Hub {
    agent: Agent,
    endpoint: Endpoint,
    token: Secret,
    deadline: Instant,
    timeout: Duration,
    proxy: Option<String>,
}

impl Hub {
    pub fn new(endpoint: &Endpoint, network: &Network, token: Secret, timeout: Duration) -> Hub {
        let deadline = Instant::now() + timeout;
        let mut tls = TlsConfig::builder();
        if let Some(roots) = &network.roots {
            let certs: Vec<Certificate<'static>> = roots
                .iter()
                .map(|der| Certificate::from_der(der).to_owned())
                .collect();
            tls = tls.root_certs(RootCerts::new_with_certs(&certs));
        }
        let proxy = network
            .proxy
            .as_ref()
            .and_then(|p| ureq::Proxy::new(&p.url).ok());
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(proxy)
            .tls_config(tls.build())
            .user_agent(concat!("hf-token-check/", env!("CARGO_PKG_VERSION")))
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
            // The Hub's answers here are a few KB: small buffers keep the peak
            // memory of a run low (the defaults are 128 KB each per connection).
            .max_response_header_size(32 * 1024)
            .input_buffer_size(32 * 1024)
            .output_buffer_size(8 * 1024)
            .max_idle_connections(0)
            .build()
            .into();
        Hub {
            agent,
            endpoint: endpoint.clone(),
            token,
            deadline,
            timeout,
            proxy: network.proxy.as_ref().map(|p| p.label.clone()),
        }
    }

    fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// GET `{endpoint}{path}` with the token, retried and redirected as the module says.
    pub fn get(&self, path: &str) -> Outcome {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let result = self.once(path);
            let wait = match &result {
                Ok(a) if RETRY_STATUSES.contains(&a.status) => {
                    a.retry_after.map(|s| (Duration::from_secs(s), true))
                }
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
            host: self.endpoint.authority(),
            proxy: self.proxy.clone(),
        }
    }

    /// One attempt, following same-origin redirects.
    fn once(&self, path: &str) -> Result<Answer, Failure> {
        let mut url = format!("{}{}", self.endpoint.url, path);
        let mut redirected_to = None;
        for _ in 0..=MAX_REDIRECTS {
            let remaining = self.remaining();
            if remaining.is_zero() {
                return Err(self.timeout_failure());
            }
            let mut response = self
                .agent
                .get(&url)
                .header("authorization", &format!("Bearer {}", self.token.expose()))
                .config()
                .timeout_global(Some(remaining))
                .build()
                .call()
                .map_err(|e| self.failure(e))?;
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(crate::report::clean_hub_text)
            };
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let Some(location) = header("location") else {
                    return Err(Failure::Protocol {
                        detail: format!("a {status} redirect without a `Location` header"),
                    });
                };
                let next =
                    same_origin(&self.endpoint, &location).ok_or_else(|| Failure::CrossOrigin {
                        location: origin_of(&location),
                    })?;
                redirected_to = Some(next.clone());
                url = format!("{}{}", origin_url(&self.endpoint), next);
                continue;
            }
            let error_code = header("x-error-code");
            let error_message = header("x-error-message");
            let request_id = header("x-request-id");
            let retry_after = header("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .or_else(|| header("ratelimit").and_then(|v| ratelimit_reset(&v)));
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
            return Ok(Answer {
                status,
                error_code,
                error_message,
                request_id,
                retry_after,
                body,
                redirected_to,
            });
        }
        Err(Failure::TooManyRedirects)
    }

    fn timeout_failure(&self) -> Failure {
        Failure::Timeout {
            secs: self.timeout.as_secs_f64(),
        }
    }

    fn failure(&self, e: ureq::Error) -> Failure {
        match e {
            ureq::Error::Timeout(_) => self.timeout_failure(),
            ureq::Error::Io(io) => {
                if let Some(detail) = io
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                    .and_then(certificate_problem)
                {
                    return Failure::Certificate { detail };
                }
                if io.kind() == std::io::ErrorKind::TimedOut
                    || io.kind() == std::io::ErrorKind::WouldBlock
                {
                    return self.timeout_failure();
                }
                Failure::Connect {
                    detail: describe_io(&io),
                }
            }
            ureq::Error::Rustls(r) => match certificate_problem(&r) {
                Some(detail) => Failure::Certificate { detail },
                None => Failure::Connect {
                    detail: format!("TLS failed: {r}"),
                },
            },
            ureq::Error::HostNotFound => Failure::Connect {
                detail: format!(
                    "the host name `{}` could not be resolved",
                    self.endpoint.host
                ),
            },
            ureq::Error::ConnectProxyFailed(why) => Failure::Connect {
                detail: format!(
                    "the proxy refused the connection ({})",
                    crate::report::clean_hub_text(&why)
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

fn certificate_problem(e: &rustls::Error) -> Option<String> {
    match e {
        rustls::Error::InvalidCertificate(c) => {
            Some(format!("{c:?}").replace("UnknownIssuer", "issued by an unknown authority"))
        }
        rustls::Error::NoCertificatesPresented => {
            Some("the server presented no certificate".into())
        }
        _ => None,
    }
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

/// The seconds to reset in a `RateLimit: "api";r=0;t=55` header.
pub fn ratelimit_reset(value: &str) -> Option<u64> {
    value
        .split([';', ','])
        .map(str::trim)
        .find_map(|p| p.strip_prefix("t=").and_then(|t| t.trim().parse().ok()))
}

fn origin_url(e: &Endpoint) -> String {
    let host = if e.host.contains(':') {
        format!("[{}]", e.host)
    } else {
        e.host.clone()
    };
    match e.port {
        Some(p) => format!("{}://{host}:{p}", e.scheme),
        None => format!("{}://{host}", e.scheme),
    }
}

/// The path to follow when `location` is on the endpoint's origin (scheme, host
/// and port); `None` for any other origin.
pub fn same_origin(e: &Endpoint, location: &str) -> Option<String> {
    let loc = location.trim();
    if let Some(path) = loc.strip_prefix('/')
        && !path.starts_with('/')
    {
        return Some(format!("/{path}"));
    }
    let (scheme, rest) = if let Some(rest) = loc.strip_prefix("//") {
        (e.scheme.clone(), rest)
    } else if let Some((s, rest)) = loc.split_once("://") {
        (s.to_ascii_lowercase(), rest)
    } else {
        // A relative reference without a leading slash: resolve against the API root.
        return (!loc.is_empty() && !loc.contains(':')).then(|| format!("/{loc}"));
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if authority.contains('@') {
        return None;
    }
    let (host, port) = crate::repo::split_host_port(authority);
    let default = if scheme == "https" { 443 } else { 80 };
    let same = scheme == e.scheme
        && host.eq_ignore_ascii_case(&e.host)
        && port.unwrap_or(default) == e.port_or_default();
    same.then(|| path.to_string())
}

fn origin_of(location: &str) -> String {
    match location.split_once("://") {
        Some((s, rest)) => format!("{s}://{}", rest.split('/').next().unwrap_or("")),
        None => location.chars().take(80).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_endpoint;

    #[test]
    fn redirects_stay_on_the_origin() {
        let e = parse_endpoint(("http://127.0.0.1:8080", "t")).unwrap();
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
        for (loc, want) in rows {
            assert_eq!(same_origin(&e, loc).as_deref(), want, "{loc}");
        }
        let h = parse_endpoint(("https://huggingface.co", "t")).unwrap();
        assert_eq!(
            same_origin(&h, "https://huggingface.co:443/y").as_deref(),
            Some("/y")
        );
    }

    #[test]
    fn ratelimit_header() {
        assert_eq!(ratelimit_reset("\"api\";r=0;t=55"), Some(55));
        assert_eq!(ratelimit_reset("\"api\";r=0"), None);
        assert_eq!(ratelimit_reset("garbage"), None);
    }

    #[test]
    fn backoff_grows_and_is_bounded() {
        for attempt in 1..10 {
            let d = backoff(attempt).as_millis() as u64;
            let base = (500u64 << (attempt - 1).min(4)).min(8000);
            assert!(d >= base * 3 / 4 && d <= base * 5 / 4, "{attempt}: {d}");
        }
    }
}
