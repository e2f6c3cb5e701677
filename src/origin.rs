//! One type for `scheme://host:port`, shared by the endpoint, the proxy, the
//! redirect rule and REPO URLs: host/port splitting and IPv6 brackets live here only.
//! [`Url`] splits a whole URL (scheme, userinfo, authority, path, query) once,
//! with `http::Uri` (RFC 3986; already in the tree through ureq), and resolves
//! a relative reference as RFC 3986 §5.2 says.

use ureq::http::Uri;

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

impl AuthorityError {
    /// The words every message about a URL uses (endpoint and proxy alike).
    pub fn describe(self) -> &'static str {
        match self {
            AuthorityError::NoHost => "it has no host",
            AuthorityError::BadPort => "the port is not a number from 1 to 65535",
            AuthorityError::ZeroPort => "the port is 0",
        }
    }
}

/// A URL in parts: the only place a URL is split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub origin: Origin,
    /// `user:password` as written, when the URL carries credentials.
    pub userinfo: Option<String>,
    /// The path, `/` at least.
    pub path: String,
    pub query: Option<String>,
}

/// Why a text is not a usable `scheme://authority` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    /// No `scheme://` at all.
    NoScheme,
    /// Not a URL (a space, a control or a character a URL cannot hold): the parser's words.
    Syntax(String),
    /// The authority holds a character no host name (nor port) can hold.
    Host,
    Authority(AuthorityError),
}

impl UrlError {
    /// For messages: what is wrong, in the words shared by every URL.
    pub fn describe(&self) -> String {
        match self {
            UrlError::NoScheme => "it has no `https://`".to_string(),
            UrlError::Syntax(why) => format!("it is not a URL ({why})"),
            UrlError::Host => {
                "its host is not a valid host name (it holds a character a host name cannot hold)"
                    .to_string()
            }
            UrlError::Authority(e) => e.describe().to_string(),
        }
    }
}

impl Url {
    /// An absolute URL, `scheme://[userinfo@]host[:port][/path][?query]`. A
    /// fragment is dropped (it is never sent); the scheme is lowercased.
    pub fn parse(text: &str) -> Result<Url, UrlError> {
        let uri: Uri = text.parse().map_err(|e: ureq::http::uri::InvalidUri| {
            match text.split_once("://") {
                None => UrlError::NoScheme,
                // `https://`, `https:///x`: the parser's "empty string" means no host.
                Some((_, rest)) if rest.is_empty() || rest.starts_with(['/', '?', '#']) => {
                    UrlError::Authority(AuthorityError::NoHost)
                }
                // The parser's only word for a bad character in the authority.
                Some(_) if e.to_string() == "invalid authority" => UrlError::Host,
                Some(_) => UrlError::Syntax(e.to_string()),
            }
        })?;
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            return Err(UrlError::NoScheme);
        };
        let (userinfo, host_port) = match authority.as_str().rsplit_once('@') {
            Some((u, h)) => (Some(u.to_string()), h),
            None => (None, authority.as_str()),
        };
        let origin = Origin::new(scheme, host_port).map_err(UrlError::Authority)?;
        Ok(Url {
            origin,
            userinfo,
            path: uri.path().to_string(),
            query: uri.query().map(str::to_string),
        })
    }

    /// The path and query, as a request line carries them.
    pub fn path_and_query(&self) -> String {
        match &self.query {
            Some(q) => format!("{}?{q}", self.path),
            None => self.path.clone(),
        }
    }
}

/// The target of `reference` (a `Location` header) seen from `base_path` on
/// `base`, as RFC 3986 §5.2.2 resolves it: an absolute URL or `//authority`
/// keeps its own origin, `/path` replaces the path, `path` (or `../path`) is
/// merged with the base path's directory (§5.2.3), `?query` keeps the path;
/// dot segments removed (§5.2.4). `None` when it is not a URL.
pub fn resolve(base: &Origin, base_path: &str, reference: &str) -> Option<Url> {
    let reference = reference.trim();
    let reference = reference.split('#').next().unwrap_or("");
    let first_segment = reference.split(['/', '?']).next().unwrap_or("");
    if reference.starts_with("//") || first_segment.contains(':') {
        // `//authority/...` takes the base's scheme; `scheme:...` is absolute
        // (an http(s) URL, or nothing to follow).
        let absolute = if reference.starts_with("//") {
            format!("{}:{reference}", base.scheme)
        } else {
            reference.to_string()
        };
        let mut url = Url::parse(&absolute).ok()?;
        url.path = remove_dot_segments(&url.path);
        return Some(url);
    }
    let (path, query) = match reference.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (reference, None),
    };
    let (base_only, base_query) = match base_path.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (base_path, None),
    };
    // §5.2.2: an empty path keeps the base's path, and its query unless it has its own.
    let query = if path.is_empty() && query.is_none() {
        base_query
    } else {
        query
    };
    let merged = if path.is_empty() {
        base_only.to_string()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        // §5.2.3: everything of the base path up to its last `/`, then the reference.
        let dir = base_only.rfind('/').map_or("/", |i| &base_only[..=i]);
        format!("{dir}{path}")
    };
    let target = match &query {
        Some(q) => format!("{}?{q}", remove_dot_segments(&merged)),
        None => remove_dot_segments(&merged),
    };
    // Checked by the same parser as any URL: no space or control gets through.
    Url::parse(&format!("{}{target}", base.url())).ok()
}

/// RFC 3986 §5.2.4 for an absolute path: `.` and `..` segments resolved,
/// never above the root.
fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." | ".." => {
                if *seg == ".." {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

impl Origin {
    /// From a scheme and an authority such as `host`, `host:8080`, `[::1]:99`
    /// (any `userinfo@` must have been refused before).
    pub fn new(scheme: &str, authority: &str) -> Result<Origin, AuthorityError> {
        let (host, port) = split_host_port(authority);
        if host.is_empty() || host.contains('@') {
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

/// Splits `host:port` (and `[v6]:port`); userinfo was taken off by [`Url::parse`].
fn split_host_port(authority: &str) -> (&str, Option<u16>) {
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
    if authority.starts_with('[') {
        authority.contains("]:")
    } else {
        authority.contains(':')
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
