//! What the Hub's agent connects with, tuned for a process that makes a few
//! requests and exits: the TLS client configuration is built once per run
//! instead of once per connection, and an IP-literal host is used as it is,
//! with no lookup thread.

use std::net::{IpAddr, SocketAddr};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{ConnectionDetails, Connector, NextTimeout, Transport};

/// Hands the connectors below it the connection as if it were made with the
/// agent's own configuration.
///
/// Every request carries a request-level configuration (its share of the
/// deadline, `Hub::once`), and ureq's rustls connector caches its `ClientConfig`
/// only for agent-level ones: each connection rebuilt it, root store included
/// (about 1.4 M instructions with a 140-certificate `SSL_CERT_FILE`, before the
/// ClientHello could leave). The request level changes nothing the connectors
/// read but timeouts, which still come from `details.timeout`; the TLS settings
/// are the agent's, so the cached configuration is the right one.
#[derive(Debug)]
pub struct AgentLevelTls<C>(pub C);

impl<C: Connector<(), Out = Box<dyn Transport>>> Connector<()> for AgentLevelTls<C> {
    type Out = Box<dyn Transport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let agent_level = ConnectionDetails {
            uri: details.uri,
            addrs: details.addrs.clone(),
            config: details.config,
            request_level: false,
            resolver: details.resolver,
            now: details.now,
            timeout: details.timeout,
            current_time: details.current_time.clone(),
            run_connector: details.run_connector.clone(),
            register_shutdown: details.register_shutdown.clone(),
        };
        self.0.connect(&agent_level, chained)
    }
}

/// An IP-literal host (`127.0.0.1`, `[::1]`) needs no lookup: ureq's default
/// resolver spawns a thread per request to bound `getaddrinfo` by the timeout,
/// even for a literal. Names go to the inner resolver.
#[derive(Debug)]
pub struct LiteralFirst<R>(pub R);

impl<R: Resolver> Resolver for LiteralFirst<R> {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        if let Some(addr) = literal(uri) {
            let mut addrs = self.empty();
            addrs.push(addr);
            return Ok(addrs);
        }
        self.0.resolve(uri, config, timeout)
    }
}

/// The socket address of a URI whose host is an IP literal (with its port, or
/// the scheme's).
fn literal(uri: &Uri) -> Option<SocketAddr> {
    let authority = uri.authority()?;
    let host = authority.host();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let ip: IpAddr = host.parse().ok()?;
    let port = authority.port_u16().or(match uri.scheme_str()? {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    })?;
    Some(SocketAddr::new(ip, port))
}

/// The agent's resolver: literals directly, names as ureq resolves them.
pub fn resolver() -> LiteralFirst<DefaultResolver> {
    LiteralFirst(DefaultResolver::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// IP-literal endpoints are used as written, with the scheme's port by default; names are not.
    #[test]
    fn literals_need_no_lookup() {
        let rows = [
            ("http://127.0.0.1:8080/x", Some("127.0.0.1:8080")),
            ("https://127.0.0.1/x", Some("127.0.0.1:443")),
            ("http://[::1]:9/x", Some("[::1]:9")),
            ("http://[::1]/x", Some("[::1]:80")),
            ("https://hub.test/x", None),
            ("http://localhost:80/x", None),
        ];
        for (uri, want) in rows {
            let uri: Uri = uri.parse().unwrap();
            assert_eq!(
                literal(&uri).map(|a| a.to_string()).as_deref(),
                want,
                "{uri}"
            );
        }
    }
}
