//! Name resolution that loads nothing from the image, as musl and Go's pure
//! resolver do: `/etc/hosts` (every address of a name, both families, in file
//! order), then DNS as `/etc/resolv.conf` says. `/etc/nsswitch.conf` is never
//! read and no library is ever loaded, so a static binary cannot be crashed by
//! an image's `libnss_*.so.2`. IP literals never reach any of it.
//!
//! Plugged into ureq as its [`Resolver`](ureq::unversioned::resolver::Resolver);
//! failures travel as `ureq::Error::Io` wrapping a [`ResolveError`], and a
//! failed connection as one wrapping a [`ConnectFailed`]. Nothing here prints.

mod conf;
mod connect;
mod dns;
mod hosts;
#[cfg(test)]
mod tests;

use std::fmt;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Instant;

use ureq::http::Uri;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

pub use conf::ResolvConf;
pub use connect::{ConnectFailed, connector};

/// Why a name gave no address. Permanent ones ([`ResolveError::is_permanent`])
/// are not worth retrying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// NXDOMAIN for every name tried: `name` does not exist. Permanent.
    NoSuchName {
        /// The name as asked (before search domains).
        name: String,
        /// The DNS server that answered NXDOMAIN (the last one, with search domains).
        server: SocketAddr,
        /// Every name asked, search domains included, in order.
        tried: Vec<String>,
    },
    /// The name exists but has no A or AAAA record, or the file gave an empty
    /// list. Permanent.
    NoAddress {
        name: String,
        /// The server that answered without an address.
        server: SocketAddr,
    },
    /// A server answered SERVFAIL, REFUSED or another error code, and no
    /// server answered better. Transient.
    ServerFailure {
        name: String,
        server: SocketAddr,
        /// The DNS RCODE (2 SERVFAIL, 5 REFUSED, ...).
        rcode: u8,
    },
    /// No server answered within its time (or the run's deadline), or none
    /// could be reached. Transient.
    NoAnswer {
        name: String,
        /// Each server asked, with why it gave nothing.
        servers: Vec<(SocketAddr, io::ErrorKind)>,
    },
}

impl ResolveError {
    /// NXDOMAIN or no address: asking again will not help.
    pub fn is_permanent(&self) -> bool {
        matches!(
            self,
            ResolveError::NoSuchName { .. } | ResolveError::NoAddress { .. }
        )
    }

    /// The name that was asked, as given.
    #[cfg(test)]
    pub fn name(&self) -> &str {
        match self {
            ResolveError::NoSuchName { name, .. }
            | ResolveError::NoAddress { name, .. }
            | ResolveError::ServerFailure { name, .. }
            | ResolveError::NoAnswer { name, .. } => name,
        }
    }

    /// As an `io::Error`, the form ureq carries it in (`ureq::Error::Io`).
    pub fn into_io(self) -> io::Error {
        let kind = match &self {
            ResolveError::NoSuchName { .. } | ResolveError::NoAddress { .. } => {
                io::ErrorKind::NotFound
            }
            ResolveError::ServerFailure { .. } => io::ErrorKind::Other,
            ResolveError::NoAnswer { .. } => io::ErrorKind::TimedOut,
        };
        io::Error::new(kind, self)
    }

    /// The `ResolveError` inside a ureq error, if that is what it is.
    #[cfg(test)]
    pub fn from_ureq(e: &ureq::Error) -> Option<&ResolveError> {
        match e {
            ureq::Error::Io(io) => io.get_ref()?.downcast_ref(),
            _ => None,
        }
    }
}

fn rcode_name(rcode: u8) -> String {
    match rcode {
        1 => "FORMERR".into(),
        2 => "SERVFAIL".into(),
        4 => "NOTIMP".into(),
        5 => "REFUSED".into(),
        n => format!("RCODE {n}"),
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NoSuchName { name, server, .. } => write!(
                f,
                "`{name}` does not exist (the DNS server at {} answered NXDOMAIN)",
                server.ip()
            ),
            ResolveError::NoAddress { name, server } => write!(
                f,
                "`{name}` has no address (the DNS server at {} answered no A or AAAA record)",
                server.ip()
            ),
            ResolveError::ServerFailure {
                name,
                server,
                rcode,
            } => write!(
                f,
                "the DNS server at {} could not resolve `{name}` ({})",
                server.ip(),
                rcode_name(*rcode)
            ),
            ResolveError::NoAnswer { name, servers } => {
                write!(f, "no DNS server answered for `{name}` (")?;
                for (i, (s, why)) in servers.iter().enumerate() {
                    let why = match why {
                        io::ErrorKind::TimedOut => "no answer in time".to_string(),
                        io::ErrorKind::ConnectionRefused => "port 53 refused".to_string(),
                        other => format!("{other}").to_lowercase(),
                    };
                    let sep = if i == 0 { "" } else { ", " };
                    write!(f, "{sep}{}: {why}", s.ip())?;
                }
                write!(f, ")")
            }
        }
    }
}

impl std::error::Error for ResolveError {}

/// Where the hosts and resolv.conf text comes from.
#[derive(Debug, Clone)]
enum Source {
    File(PathBuf),
    /// An already parsed resolv.conf, or the hosts file's text (tests: DNS
    /// servers on ports other than 53).
    #[cfg(test)]
    Parsed(ResolvConf),
    #[cfg(test)]
    Text(String),
}

impl Source {
    /// The text; a missing or unreadable file reads as empty, as glibc treats it.
    fn read(&self) -> String {
        match self {
            Source::File(p) => std::fs::read(p)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default(),
            #[cfg(test)]
            Source::Text(t) => t.clone(),
            #[cfg(test)]
            Source::Parsed(_) => String::new(),
        }
    }
}

/// The resolver: hosts file, then DNS per resolv.conf. The files are read at
/// each lookup of a name (never for an IP literal).
#[derive(Debug, Clone)]
pub struct NameResolver {
    hosts: Source,
    resolv: Source,
}

impl Default for NameResolver {
    fn default() -> NameResolver {
        NameResolver::system()
    }
}

impl NameResolver {
    /// `/etc/hosts` and `/etc/resolv.conf`.
    pub fn system() -> NameResolver {
        NameResolver::from_files("/etc/hosts", "/etc/resolv.conf")
    }

    /// Other files (tests, or a root other than `/`).
    pub fn from_files(hosts: impl Into<PathBuf>, resolv: impl Into<PathBuf>) -> NameResolver {
        NameResolver {
            hosts: Source::File(hosts.into()),
            resolv: Source::File(resolv.into()),
        }
    }

    /// The hosts file's text and a resolv.conf already parsed: DNS servers
    /// can then listen on any port (a resolv.conf line cannot name one).
    #[cfg(test)]
    pub fn with_conf(hosts: &str, conf: ResolvConf) -> NameResolver {
        NameResolver {
            hosts: Source::Text(hosts.into()),
            resolv: Source::Parsed(conf),
        }
    }

    /// Every address of `host` (an IP literal, bracketed or not, or a name),
    /// in order; bounded by `deadline` when there is one.
    pub fn lookup(
        &self,
        host: &str,
        deadline: Option<Instant>,
    ) -> Result<Vec<IpAddr>, ResolveError> {
        let bare = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return Ok(vec![ip]);
        }
        let from_hosts = hosts::lookup(&self.hosts.read(), host);
        if !from_hosts.is_empty() {
            return Ok(from_hosts);
        }
        let conf = match &self.resolv {
            #[cfg(test)]
            Source::Parsed(c) => c.clone(),
            other => ResolvConf::parse(&other.read()),
        };
        search(&conf, host, deadline)
    }
}

/// glibc's `res_search`: each candidate name in turn; NXDOMAIN or no data go on
/// to the next one, a silent server stops the search.
fn search(
    conf: &ResolvConf,
    name: &str,
    deadline: Option<Instant>,
) -> Result<Vec<IpAddr>, ResolveError> {
    let tried = conf.candidates(name);
    let mut nodata = None;
    let mut servfail = None;
    let mut nxdomain = None;
    for candidate in &tried {
        match ask_servers(conf, candidate, deadline) {
            Asked::Addresses(a) => return Ok(a),
            Asked::NxDomain(server) => nxdomain = Some(server),
            Asked::NoData(server) => nodata = Some(server),
            Asked::Failed(server, rcode) => servfail = Some((server, rcode)),
            Asked::Silent(servers) => {
                return Err(ResolveError::NoAnswer {
                    name: name.to_string(),
                    servers,
                });
            }
        }
    }
    let name = name.to_string();
    Err(if let Some((server, rcode)) = servfail {
        ResolveError::ServerFailure {
            name,
            server,
            rcode,
        }
    } else if let Some(server) = nodata {
        ResolveError::NoAddress { name, server }
    } else {
        ResolveError::NoSuchName {
            name,
            // `tried` is never empty, so one of the arms above ran.
            server: nxdomain.unwrap_or(conf.servers[0]),
            tried,
        }
    })
}

enum Asked {
    Addresses(Vec<IpAddr>),
    NxDomain(SocketAddr),
    NoData(SocketAddr),
    Failed(SocketAddr, u8),
    Silent(Vec<(SocketAddr, io::ErrorKind)>),
}

/// glibc's `res_send`: `attempts` rounds over the servers, `timeout` per try,
/// the next server after a silent or failing one. Never past `deadline`.
fn ask_servers(conf: &ResolvConf, name: &str, deadline: Option<Instant>) -> Asked {
    let mut failed = None;
    let mut silent: Vec<(SocketAddr, io::ErrorKind)> = Vec::new();
    'rounds: for _ in 0..conf.attempts {
        for &server in &conf.servers {
            let now = Instant::now();
            let mut until = now + conf.timeout;
            if let Some(d) = deadline {
                if d <= now {
                    break 'rounds;
                }
                until = until.min(d);
            }
            let why = match dns::ask(server, name, conf.no_aaaa, conf.tcp_only, until) {
                Ok(dns::Said::Addresses(a)) => return Asked::Addresses(a),
                Ok(dns::Said::NxDomain) => return Asked::NxDomain(server),
                Ok(dns::Said::NoData) => return Asked::NoData(server),
                Err(dns::Unsaid::Rcode(rcode)) => {
                    failed = Some((server, rcode));
                    continue;
                }
                Err(dns::Unsaid::Timeout) => io::ErrorKind::TimedOut,
                Err(dns::Unsaid::Io(kind)) => kind,
            };
            match silent.iter_mut().find(|(s, _)| *s == server) {
                Some(entry) => entry.1 = why,
                None => silent.push((server, why)),
            }
        }
    }
    match failed {
        Some((server, rcode)) => Asked::Failed(server, rcode),
        None => {
            if silent.is_empty() {
                // The deadline was gone before any server could be asked.
                silent = conf
                    .servers
                    .iter()
                    .map(|s| (*s, io::ErrorKind::TimedOut))
                    .collect();
            }
            Asked::Silent(silent)
        }
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        "socks4" | "socks4a" | "socks5" | "socks5h" => Some(1080),
        _ => None,
    }
}

impl Resolver for NameResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            return Err(ureq::Error::BadUri(format!("{uri} has no scheme or host")));
        };
        let Some(port) = authority.port_u16().or_else(|| default_port(scheme)) else {
            return Err(ureq::Error::BadUri(format!("unknown scheme: {scheme}")));
        };
        let deadline = (!timeout.after.is_not_happening()).then(|| Instant::now() + *timeout.after);
        let ips = self
            .lookup(authority.host(), deadline)
            .map_err(|e| ureq::Error::Io(e.into_io()))?;
        let family = config.ip_family();
        let mut out = self.empty();
        for addr in family
            .keep_wanted(ips.into_iter().map(|ip| SocketAddr::new(ip, port)))
            .take(16)
        {
            out.push(addr);
        }
        if out.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        Ok(out)
    }
}
