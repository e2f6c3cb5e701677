//! Name resolution that loads nothing from the image, as musl and Go's pure
//! resolver do: `/etc/hosts` (every address of a name, both families, in file
//! order), then DNS as `/etc/resolv.conf` says. `/etc/nsswitch.conf` is never
//! read and no library is ever loaded, so a static binary cannot be crashed by
//! an image's `libnss_*.so.2`. IP literals never reach any of it.
//!
//! One resolution per name per run, pinned: the first lookup of a name (the
//! plain-http rule's, or the first request's) is the answer every later
//! lookup and every connection gets, success or failure, so no later DNS
//! answer can move a request to an address nobody checked (DNS rebinding).
//! Concurrent lookups of one name wait for the one in flight. `/etc/hosts` is
//! streamed once for the names the run announced, `/etc/resolv.conf` read once;
//! everything stops at the run's deadline. A name that is not a valid host
//! name, or looks like a token, is refused before any file or server sees it.
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
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

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
    /// Not a valid host name, or token-shaped: refused before any query, and
    /// never shown. Permanent.
    InvalidName {
        /// Why, in words (never the value).
        why: &'static str,
    },
}

impl ResolveError {
    /// NXDOMAIN or no address: asking again will not help.
    pub fn is_permanent(&self) -> bool {
        matches!(
            self,
            ResolveError::NoSuchName { .. }
                | ResolveError::NoAddress { .. }
                | ResolveError::InvalidName { .. }
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
            ResolveError::InvalidName { .. } => "",
        }
    }

    /// As an `io::Error`, the form ureq carries it in (`ureq::Error::Io`).
    pub fn into_io(self) -> io::Error {
        let kind = match &self {
            ResolveError::NoSuchName { .. } | ResolveError::NoAddress { .. } => {
                io::ErrorKind::NotFound
            }
            ResolveError::InvalidName { .. } => io::ErrorKind::InvalidInput,
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
            ResolveError::InvalidName { why } => write!(
                f,
                "a host name that is not valid ({why}) was refused before any lookup"
            ),
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

/// The largest resolv.conf read (glibc's files are a few lines).
const RESOLV_CONF_CAP: u64 = 64 * 1024;

/// The resolver: hosts file, then DNS per resolv.conf, each name resolved
/// once and pinned (see the module). Clones share the pins.
#[derive(Debug, Clone)]
pub struct NameResolver {
    inner: Arc<Inner>,
}

/// Each name's one resolution (by its lower-case spelling): `None` while it is in flight.
type Pins = Vec<(String, Option<Result<Vec<IpAddr>, ResolveError>>)>;

#[derive(Debug)]
struct Inner {
    hosts: Source,
    resolv: Source,
    /// The run's deadline: no lookup goes past it.
    deadline: Option<Instant>,
    /// The names the run announced (compared as `hosts::key`): the hosts file
    /// is scanned once for all of them.
    names: Vec<String>,
    /// Their addresses in the hosts file, once scanned.
    in_hosts: OnceLock<Vec<Vec<IpAddr>>>,
    conf: OnceLock<ResolvConf>,
    pins: Mutex<Pins>,
    settled: Condvar,
}

impl Default for NameResolver {
    fn default() -> NameResolver {
        NameResolver::system()
    }
}

impl NameResolver {
    fn new(
        hosts: Source,
        resolv: Source,
        names: &[&str],
        deadline: Option<Instant>,
    ) -> NameResolver {
        NameResolver {
            inner: Arc::new(Inner {
                hosts,
                resolv,
                deadline,
                names: names.iter().map(|n| hosts::key(n)).collect(),
                in_hosts: OnceLock::new(),
                conf: OnceLock::new(),
                pins: Mutex::new(Vec::new()),
                settled: Condvar::new(),
            }),
        }
    }

    /// `/etc/hosts` and `/etc/resolv.conf`, no deadline, no names announced.
    pub fn system() -> NameResolver {
        NameResolver::from_files("/etc/hosts", "/etc/resolv.conf")
    }

    /// The run's resolver: the system's files, the names the run will look
    /// up (the endpoint's host, a proxy's), and the run's deadline.
    pub fn for_run(names: &[&str], deadline: Instant) -> NameResolver {
        NameResolver::new(
            Source::File("/etc/hosts".into()),
            Source::File("/etc/resolv.conf".into()),
            names,
            Some(deadline),
        )
    }

    /// Other files (tests, or a root other than `/`).
    pub fn from_files(hosts: impl Into<PathBuf>, resolv: impl Into<PathBuf>) -> NameResolver {
        NameResolver::new(
            Source::File(hosts.into()),
            Source::File(resolv.into()),
            &[],
            None,
        )
    }

    /// The hosts file's text and a resolv.conf already parsed: DNS servers
    /// can then listen on any port (a resolv.conf line cannot name one).
    #[cfg(test)]
    pub fn with_conf(hosts: &str, conf: ResolvConf) -> NameResolver {
        NameResolver::new(Source::Text(hosts.into()), Source::Parsed(conf), &[], None)
    }

    /// Every address of `host` (an IP literal, bracketed or not, or a name),
    /// in order; bounded by `deadline` and the run's. A name's first
    /// resolution is its answer for the whole run.
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
        if let Some(why) = host_name_problem(host) {
            return Err(ResolveError::InvalidName { why });
        }
        let deadline = match (deadline, self.inner.deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let key = host.to_ascii_lowercase();
        let mut pins = self.pins();
        loop {
            match pins.iter().find(|(k, _)| *k == key) {
                Some((_, Some(done))) => return done.clone(),
                Some((_, None)) => match self.wait(pins, deadline) {
                    Some(p) => pins = p,
                    None => return Err(self.no_answer(host, deadline)),
                },
                None => break,
            }
        }
        pins.push((key.clone(), None));
        drop(pins);
        let result = self.resolve_now(host, deadline);
        let mut pins = self.pins();
        if let Some(slot) = pins.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = Some(result.clone());
        }
        self.inner.settled.notify_all();
        result
    }

    fn pins(&self) -> MutexGuard<'_, Pins> {
        self.inner.pins.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for another thread's resolution to settle; `None` at the deadline.
    fn wait<'a>(
        &self,
        pins: MutexGuard<'a, Pins>,
        deadline: Option<Instant>,
    ) -> Option<MutexGuard<'a, Pins>> {
        let settled = &self.inner.settled;
        match deadline {
            None => Some(settled.wait(pins).unwrap_or_else(|e| e.into_inner())),
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return None;
                }
                let (p, _) = settled
                    .wait_timeout(pins, left)
                    .unwrap_or_else(|e| e.into_inner());
                Some(p)
            }
        }
    }

    /// The run's deadline passed while another thread was still resolving.
    fn no_answer(&self, host: &str, deadline: Option<Instant>) -> ResolveError {
        ResolveError::NoAnswer {
            name: host.to_string(),
            servers: self
                .conf(deadline)
                .servers
                .iter()
                .map(|s| (*s, io::ErrorKind::TimedOut))
                .collect(),
        }
    }

    fn resolve_now(
        &self,
        host: &str,
        deadline: Option<Instant>,
    ) -> Result<Vec<IpAddr>, ResolveError> {
        let in_hosts_file = self.in_hosts_file(host, deadline);
        if !in_hosts_file.is_empty() {
            return Ok(in_hosts_file);
        }
        search(self.conf(deadline), host, deadline)
    }

    /// The hosts file's addresses for `host`: from the one scan made for the
    /// announced names, or (a name not announced) a scan for it alone.
    fn in_hosts_file(&self, host: &str, deadline: Option<Instant>) -> Vec<IpAddr> {
        let key = hosts::key(host);
        let inner = &self.inner;
        match inner.names.iter().position(|n| *n == key) {
            Some(i) => inner
                .in_hosts
                .get_or_init(|| scan_hosts(&inner.hosts, &inner.names, deadline))
                .get(i)
                .cloned()
                .unwrap_or_default(),
            None => scan_hosts(&inner.hosts, &[key], deadline)
                .pop()
                .unwrap_or_default(),
        }
    }

    /// resolv.conf, read once (a missing or unreadable file reads as empty, as glibc has it).
    fn conf(&self, deadline: Option<Instant>) -> &ResolvConf {
        self.inner.conf.get_or_init(|| match &self.inner.resolv {
            Source::File(p) => {
                let until = deadline.unwrap_or_else(|| Instant::now() + Duration::from_secs(60));
                let text = crate::localfile::read_bounded(p, RESOLV_CONF_CAP, until)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default();
                ResolvConf::parse(&text)
            }
            #[cfg(test)]
            Source::Parsed(c) => c.clone(),
            #[cfg(test)]
            Source::Text(t) => ResolvConf::parse(t),
        })
    }
}

/// The hosts file streamed once for `names`; missing, unreadable or too slow
/// reads as empty.
fn scan_hosts(source: &Source, names: &[String], deadline: Option<Instant>) -> Vec<Vec<IpAddr>> {
    let empty = || vec![Vec::new(); names.len()];
    match source {
        Source::File(p) => {
            let until = deadline.unwrap_or_else(|| Instant::now() + Duration::from_secs(60));
            let owned = names.to_vec();
            crate::localfile::stream_bounded(p, until, move |r| hosts::scan(r, &owned))
                .unwrap_or_else(|_| empty())
        }
        #[cfg(test)]
        Source::Text(t) => hosts::scan(&mut t.as_bytes(), names),
        #[cfg(test)]
        Source::Parsed(_) => empty(),
    }
}

/// Why `host` must not be looked up, in words that never show it: it looks
/// like a token, or it is not a valid host name (RFC 1123 with `_` allowed,
/// as Docker's service names have it; one trailing dot allowed).
pub fn host_name_problem(host: &str) -> Option<&'static str> {
    if crate::sanitize::looks_like_token(host) {
        return Some("it looks like a token");
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    if name.is_empty() {
        return Some("it is empty");
    }
    if name.len() > 253 {
        return Some("it is longer than 253 bytes");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Some("it holds a character a host name cannot hold");
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.iter().any(|l| l.is_empty()) {
        return Some("it has an empty label: a leading dot, or two dots in a row");
    }
    if labels.iter().any(|l| l.len() > 63) {
        return Some("a label (between dots) is longer than 63 bytes");
    }
    None
}

/// glibc's `res_search`: each candidate name in turn; NXDOMAIN or no data go on
/// to the next one, a silent server stops the search. A candidate that cannot
/// be a DNS name (a search domain made it too long) is skipped.
fn search(
    conf: &ResolvConf,
    name: &str,
    deadline: Option<Instant>,
) -> Result<Vec<IpAddr>, ResolveError> {
    let tried = conf.candidates(name);
    let mode = dns::Mode {
        no_aaaa: conf.no_aaaa,
        tcp_only: conf.tcp_only,
        single_request: conf.single_request,
        reopen: conf.reopen,
    };
    let mut nodata = None;
    let mut servfail = None;
    let mut nxdomain = None;
    for candidate in &tried {
        let Some(mut exchange) = dns::Exchange::new(candidate, mode) else {
            continue;
        };
        match ask_servers(conf, &mut exchange, deadline) {
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
/// the next server after a silent or failing one; one exchange throughout, so
/// a late answer to an earlier try still counts. Never past `deadline`.
fn ask_servers(
    conf: &ResolvConf,
    exchange: &mut dns::Exchange,
    deadline: Option<Instant>,
) -> Asked {
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
            let (from, said) = exchange.try_server(server, until);
            let why = match said {
                Ok(dns::Said::Addresses(a)) => return Asked::Addresses(a),
                Ok(dns::Said::NxDomain) => return Asked::NxDomain(from),
                Ok(dns::Said::NoData) => return Asked::NoData(from),
                Err(dns::Unsaid::Rcode(rcode)) => {
                    failed = Some((from, rcode));
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
