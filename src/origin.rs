//! One type for `scheme://host:port`, shared by the endpoint, the proxy, the
//! redirect rule and REPO URLs: host/port splitting and IPv6 brackets live here only.

/// Scheme, host (lowercase, IPv6 without brackets) and explicit port of a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub scheme: String,
    pub host: String,
    pub port: Option<u16>,
}

/// What is wrong with an authority (`host[:port]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorityError {
    NoHost,
    BadPort,
    ZeroPort,
}

impl Origin {
    /// From a scheme and an authority such as `host`, `host:8080`, `[::1]:99`
    /// (any `userinfo@` must have been refused before).
    pub fn new(scheme: &str, authority: &str) -> Result<Origin, AuthorityError> {
        let (host, port) = split_host_port(authority);
        if host.is_empty() {
            return Err(AuthorityError::NoHost);
        }
        if has_port_text(authority) && port.is_none() {
            return Err(AuthorityError::BadPort);
        }
        if port == Some(0) {
            return Err(AuthorityError::ZeroPort);
        }
        Ok(Origin {
            scheme: scheme.to_ascii_lowercase(),
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    /// 443 for `https`, else 80.
    pub fn default_port(&self) -> u16 {
        default_port(&self.scheme)
    }

    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(self.default_port())
    }

    /// The host as written in a URL: IPv6 in brackets.
    pub fn url_host(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        }
    }

    /// `host` or `host:port`, for messages.
    pub fn authority(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.url_host()),
            None => self.url_host(),
        }
    }

    /// `scheme://host[:port]`
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.authority())
    }

    /// Same scheme, same host (any case) and same effective port.
    pub fn same_as(&self, other: &Origin) -> bool {
        self.scheme == other.scheme
            && self.host.eq_ignore_ascii_case(&other.host)
            && self.port_or_default() == other.port_or_default()
    }
}

pub fn default_port(scheme: &str) -> u16 {
    if scheme.eq_ignore_ascii_case("https") {
        443
    } else {
        80
    }
}

/// Splits `host:port` (and `[v6]:port`); anything before an `@` is ignored.
pub fn split_host_port(authority: &str) -> (&str, Option<u16>) {
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(rest) = authority.strip_prefix('[') {
        if let Some((host, tail)) = rest.split_once(']') {
            let port = tail.strip_prefix(':').and_then(|p| p.parse().ok());
            return (host, port);
        }
        return (authority, None);
    }
    match authority.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h, p.parse().ok()),
        _ => (authority, None),
    }
}

/// Whether the authority writes a port at all (`h:` and `h:x` do, wrongly).
fn has_port_text(authority: &str) -> bool {
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    if host_port.starts_with('[') {
        host_port.contains("]:")
    } else {
        host_port.contains(':')
    }
}

/// An IP literal in 127.0.0.0/8 or `::1`. A name is never loopback by its
/// spelling: what it resolves to decides (see `config`).
pub fn is_loopback_ip(host: &str) -> bool {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hosts, ports and IPv6 brackets come apart and back together the same way everywhere.
    #[test]
    fn authority_table() {
        let rows = [
            ("h", Ok(("h", None, "h"))),
            (
                "H.Example:8443",
                Ok(("h.example", Some(8443), "h.example:8443")),
            ),
            ("[::1]:99", Ok(("::1", Some(99), "[::1]:99"))),
            ("[::1]", Ok(("::1", None, "[::1]"))),
            ("", Err(AuthorityError::NoHost)),
            ("h:x", Err(AuthorityError::BadPort)),
            ("h:", Err(AuthorityError::BadPort)),
            ("h:0", Err(AuthorityError::ZeroPort)),
            ("h:70000", Err(AuthorityError::BadPort)),
        ];
        for (authority, want) in rows {
            let got =
                Origin::new("https", authority).map(|o| (o.host.clone(), o.port, o.authority()));
            let want = want.map(|(h, p, a)| (h.to_string(), p, a.to_string()));
            assert_eq!(got, want, "{authority}");
        }
    }

    /// Redirects and REPO URLs compare origins by effective port and host case.
    #[test]
    fn same_origin_by_effective_port() {
        let a = Origin::new("https", "hub.test").unwrap();
        assert!(a.same_as(&Origin::new("HTTPS", "HUB.test:443").unwrap()));
        assert!(!a.same_as(&Origin::new("https", "hub.test:8443").unwrap()));
        assert!(!a.same_as(&Origin::new("http", "hub.test:443").unwrap()));
        assert_eq!(a.url(), "https://hub.test");
    }

    #[test]
    fn loopback_literals_only() {
        for (h, want) in [
            ("127.0.0.1", true),
            ("127.9.9.9", true),
            ("::1", true),
            ("[::1]", true),
            ("localhost", false),
            ("evil.localhost", false),
            ("128.0.0.1", false),
            ("10.0.0.1", false),
        ] {
            assert_eq!(is_loopback_ip(h), want, "{h}");
        }
    }
}
