//! `/etc/hosts`: every address of a name, both families, in file order.

use std::net::IpAddr;

/// The addresses `text` (an `/etc/hosts` file) gives `name`, in file order,
/// duplicates dropped. Names match without regard to case or a trailing dot.
pub fn lookup(text: &str, name: &str) -> Vec<IpAddr> {
    let want = name.trim_end_matches('.');
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let mut fields = line.split_ascii_whitespace();
        let Some(addr) = fields.next().and_then(parse_addr) else {
            continue;
        };
        if fields.any(|n| n.trim_end_matches('.').eq_ignore_ascii_case(want))
            && !found.contains(&addr)
        {
            found.push(addr);
        }
    }
    found
}

/// An address as written in the file; an IPv6 zone (`fe80::1%eth0`) is dropped.
fn parse_addr(field: &str) -> Option<IpAddr> {
    field.split('%').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ips(list: &[&str]) -> Vec<IpAddr> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    /// Docker's and Kubernetes' order: `::1` before `127.0.0.1`; both are kept, in that order.
    #[test]
    fn every_address_both_families_in_file_order() {
        let text = "\
# comment 127.0.0.9 localhost
::1\tlocalhost ip6-localhost ip6-loopback
127.0.0.1 localhost   # trailing comment
fe00::0 ip6-localnet
10.1.2.3  hub.test Hub-Alias
10.1.2.4  HUB.TEST.
not-an-ip hub.test
10.1.2.3  hub.test
";
        assert_eq!(lookup(text, "localhost"), ips(&["::1", "127.0.0.1"]));
        assert_eq!(lookup(text, "hub.test"), ips(&["10.1.2.3", "10.1.2.4"]));
        assert_eq!(lookup(text, "hub-alias."), ips(&["10.1.2.3"]));
        assert_eq!(lookup(text, "ip6-loopback"), ips(&["::1"]));
        assert!(lookup(text, "comment").is_empty());
        assert!(lookup(text, "127.0.0.9").is_empty());
        assert!(lookup(text, "hub").is_empty());
        assert!(lookup("", "localhost").is_empty());
    }

    /// A link-local address with a zone in /etc/hosts still resolves.
    #[test]
    fn zones_are_dropped() {
        assert_eq!(lookup("fe80::1%eth0 router\n", "router"), ips(&["fe80::1"]));
    }
}
