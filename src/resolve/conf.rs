//! `/etc/resolv.conf`, read as glibc reads it: the `nameserver` list, the last
//! `search` or `domain` line, and `options ndots: timeout: attempts: use-vc no-aaaa`.
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
                    let scope_id = scope.as_deref().and_then(|s| s.parse().ok()).unwrap_or(0);
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
    }
}
