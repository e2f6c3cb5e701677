//! How a request that got no answer is told: a ureq or IO error turned into
//! a [`Failure`] (a resolver or connector failure of ours, a certificate
//! problem with the names it presented, a timeout, a proxy's 407, a
//! connection fault), every string from outside cleaned through the redactor.

use super::Hub;
use crate::answer::{CertProblem, Failure};
use crate::resolve::{ConnectFailed, ResolveError};
use crate::sanitize::{Redactor, hub_text};

impl Hub {
    pub(super) fn timeout_failure(&self) -> Failure {
        Failure::Timeout {
            secs: self.timeout.as_secs_f64(),
        }
    }

    /// NXDOMAIN or no address is permanent and names where the name came from;
    /// a DNS timeout or SERVFAIL is transient. With a proxy, the name ureq
    /// resolves is the proxy's (the proxy resolves the endpoint's).
    pub(super) fn resolve_failure(&self, r: &ResolveError) -> Failure {
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
    pub(super) fn io_failure(&self, io: &std::io::Error) -> Failure {
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

    pub(super) fn failure(&self, e: ureq::Error) -> Failure {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// webpki's names as the names alone; anything else as given.
    #[test]
    fn presented_names() {
        assert_eq!(presented_name("DnsName(\"hf.co\")"), "hf.co");
        assert_eq!(presented_name("IpAddress(10.0.0.1)"), "10.0.0.1");
        assert_eq!(presented_name("DirectoryName"), "DirectoryName");
    }
}
