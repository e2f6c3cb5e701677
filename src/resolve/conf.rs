//! `/etc/resolv.conf`, read as glibc reads it: the `nameserver` list (an IPv6
//! one may carry a zone, numeric or an interface name: `fe80::1%eth0`), the last
//! `search` or `domain` line, and `options ndots: timeout: attempts: use-vc
//! no-aaaa single-request single-request-reopen`.
//! Parsing is the `resolv-conf` crate's; the limits and defaults are glibc's.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

/// What the resolver needs from `/etc/resolv.conf`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvConf {
    /// At most 3, port 53; `127.0.0.1:53` when the file names none.
    pub servers: Vec<SocketAddr>,
    pub search: Vec<String>,
    /// 0..=15, default 1.
    pub ndots: usize,
    /// Per try, 1..=30 s, default 5.
    pub timeout: Duration,
    /// Rounds over the servers, 1..=5, default 2.
    pub attempts: u32,
    /// `options use-vc`: TCP only.
    pub tcp_only: bool,
    /// `options no-aaaa`: A queries only.
    pub no_aaaa: bool,
    /// `options single-request` (or `single-request-reopen`): A, then AAAA
    /// once A is answered, never both at once.
    pub single_request: bool,
    /// `options single-request-reopen`: the second query on a new socket.
    pub reopen: bool,
}

impl Default for ResolvConf {
    fn default() -> ResolvConf {
        ResolvConf::parse("")
    }
}

impl ResolvConf {
    /// Parses the text of a resolv.conf. Lines glibc would ignore are ignored;
    /// nothing here fails.
    pub fn parse(text: &str) -> ResolvConf {
        let (c, _ignored) = resolv_conf::Config::parse_with_errors(text.as_bytes());
        let mut servers: Vec<SocketAddr> = c
            .nameservers
            .iter()
            .map(|ip| match ip {
                resolv_conf::ScopedIp::V4(v4) => SocketAddr::new(IpAddr::V4(*v4), 53),
                resolv_conf::ScopedIp::V6(v6, scope) => {
                    let scope_id = scope.as_deref().map(scope_id).unwrap_or(0);
                    SocketAddr::V6(std::net::SocketAddrV6::new(*v6, 53, 0, scope_id))
                }
            })
            .take(3)
            .collect();
        if servers.is_empty() {
            servers.push(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 53));
        }
        let search = c
            .get_last_search_or_domain()
            .map(|d| d.trim_end_matches('.').to_string())
            .filter(|d| !d.is_empty())
            .collect();
        ResolvConf {
            servers,
            search,
            ndots: c.ndots.min(15) as usize,
            timeout: Duration::from_secs(u64::from(c.timeout.clamp(1, 30))),
            attempts: c.attempts.clamp(1, 5),
            tcp_only: c.use_vc,
            no_aaaa: c.no_aaaa,
            single_request: c.single_request || c.single_request_reopen,
            reopen: c.single_request_reopen,
        }
    }

    /// The names to ask for `name`, in glibc's order: as given first when it has
    /// at least `ndots` dots, then with each search domain, then as given (once).
    /// A name with a trailing dot is only ever asked as given.
    pub fn candidates(&self, name: &str) -> Vec<String> {
        if let Some(absolute) = name.strip_suffix('.') {
            return vec![absolute.to_string()];
        }
        let dots = name.matches('.').count();
        let mut out = Vec::new();
        if dots >= self.ndots {
            out.push(name.to_string());
        }
        for domain in &self.search {
            out.push(format!("{name}.{domain}"));
        }
        if dots < self.ndots {
            out.push(name.to_string());
        }
        out
    }
}

/// An IPv6 zone as glibc reads it: a number, else an interface name
/// (`if_nametoindex`); 0 (no zone) when neither.
fn scope_id(zone: &str) -> u32 {
    if let Ok(n) = zone.parse() {
        return n;
    }
    interface_index(zone)
}

#[cfg(unix)]
fn interface_index(name: &str) -> u32 {
    let Ok(c) = std::ffi::CString::new(name) else {
        return 0;
    };
    // SAFETY: `c` is a valid NUL-terminated string for the duration of the call.
    unsafe { libc::if_nametoindex(c.as_ptr()) }
}

#[cfg(not(unix))]
fn interface_index(_name: &str) -> u32 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    /// An image without resolv.conf asks 127.0.0.1, with glibc's timeout and attempts.
    #[test]
    fn no_file_means_localhost_and_glibc_defaults() {
        let c = ResolvConf::parse("");
        assert_eq!(c.servers, vec![addr("127.0.0.1:53")]);
        assert!(c.search.is_empty());
        assert_eq!(
            (c.ndots, c.timeout, c.attempts),
            (1, Duration::from_secs(5), 2)
        );
        assert_eq!(c.candidates("hub"), vec!["hub"]);
        assert_eq!(c.candidates("hub.test"), vec!["hub.test"]);
    }

    /// A Kubernetes pod's file: three search domains, ndots:5.
    #[test]
    fn kubernetes_search_and_ndots() {
        let c = ResolvConf::parse(
            "search ns.svc.cluster.local svc.cluster.local cluster.local\n\
             nameserver 10.96.0.10\n\
             options ndots:5 timeout:2 attempts:3 unknown-option\n\
             weird directive\n",
        );
        assert_eq!(c.servers, vec![addr("10.96.0.10:53")]);
        assert_eq!(
            (c.ndots, c.timeout, c.attempts),
            (5, Duration::from_secs(2), 3)
        );
        assert_eq!(
            c.candidates("hub.example.com"),
            vec![
                "hub.example.com.ns.svc.cluster.local",
                "hub.example.com.svc.cluster.local",
                "hub.example.com.cluster.local",
                "hub.example.com",
            ]
        );
        assert_eq!(c.candidates("hub.example.com."), vec!["hub.example.com"]);
        let c = ResolvConf::parse("search a.svc b.svc\noptions ndots:1\n");
        assert_eq!(
            c.candidates("hub.test"),
            vec!["hub.test", "hub.test.a.svc", "hub.test.b.svc"]
        );
        assert_eq!(c.candidates("hub"), vec!["hub.a.svc", "hub.b.svc", "hub"]);
    }

    /// resolv.conf is read as glibc reads it: at most 3 servers, the last search/domain line.
    #[test]
    fn glibc_limits_and_last_search_or_domain_wins() {
        let c = ResolvConf::parse(
            "nameserver 10.0.0.1\nnameserver ::1\nnameserver 10.0.0.3\nnameserver 10.0.0.4\n\
             search a b\ndomain only.example\n\
             options ndots:99 timeout:0 attempts:50 use-vc no-aaaa\n",
        );
        assert_eq!(
            c.servers,
            vec![addr("10.0.0.1:53"), addr("[::1]:53"), addr("10.0.0.3:53")]
        );
        assert_eq!(c.search, vec!["only.example"]);
        assert_eq!(
            (c.ndots, c.timeout, c.attempts),
            (15, Duration::from_secs(1), 5)
        );
        assert!(c.tcp_only && c.no_aaaa);
        assert!(!c.single_request && !c.reopen);
    }

    /// `single-request` and `single-request-reopen` (the Kubernetes conntrack fix).
    #[test]
    fn single_request_options() {
        let c = ResolvConf::parse("options single-request\n");
        assert!(c.single_request && !c.reopen);
        let c = ResolvConf::parse("options single-request-reopen\n");
        assert!(c.single_request && c.reopen);
    }

    /// A link-local server with an interface-name zone (as NetworkManager
    /// writes it) gets that interface's index; a numeric zone is taken as is.
    #[cfg(unix)]
    #[test]
    fn interface_name_zones() {
        let lo = interface_index("lo");
        assert!(lo > 0, "no `lo` interface here");
        let c = ResolvConf::parse("nameserver fe80::1%lo\nnameserver fe80::2%7\n");
        let scopes: Vec<u32> = c
            .servers
            .iter()
            .map(|s| match s {
                SocketAddr::V6(v6) => v6.scope_id(),
                SocketAddr::V4(_) => u32::MAX,
            })
            .collect();
        assert_eq!(scopes, vec![lo, 7]);
        assert_eq!(scope_id("no-such-interface0"), 0);
    }
}
