//! `/etc/hosts`: every address of a name, both families, in file order.
//!
//! The file is streamed once per run through a fixed buffer, keeping only the
//! addresses of the names the run needs: memory does not grow with the file
//! (a 100,000-line file costs what a 3-line one does).

use std::io::Read;
use std::net::IpAddr;

/// A line longer than this is skipped whole (no host name or address is that long).
const MAX_LINE: usize = 16 * 1024;

/// The addresses `source` (an `/etc/hosts` file) gives each of `names`, in file
/// order, duplicates dropped; one list per name, in the order of `names`.
/// Names match without regard to case or a trailing dot. A read error ends the
/// scan with what was found so far.
pub fn scan(source: &mut dyn Read, names: &[String]) -> Vec<Vec<IpAddr>> {
    let wanted: Vec<String> = names.iter().map(|n| key(n)).collect();
    let mut found = vec![Vec::new(); names.len()];
    let mut chunk = [0u8; 8192];
    let mut line: Vec<u8> = Vec::with_capacity(256);
    let mut skipping = false;
    loop {
        let n = match source.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        for piece in chunk[..n].split_inclusive(|b| *b == b'\n') {
            let (body, ends) = match piece.strip_suffix(b"\n") {
                Some(body) => (body, true),
                None => (piece, false),
            };
            if !skipping {
                if line.len() + body.len() > MAX_LINE {
                    skipping = true;
                    line.clear();
                } else {
                    line.extend_from_slice(body);
                }
            }
            if ends {
                if !skipping {
                    take_line(&line, &wanted, &mut found);
                }
                line.clear();
                skipping = false;
            }
        }
    }
    if !skipping {
        take_line(&line, &wanted, &mut found);
    }
    found
}

/// A name as compared: lower case, no trailing dot.
pub fn key(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

fn take_line(line: &[u8], wanted: &[String], found: &mut [Vec<IpAddr>]) {
    let line = String::from_utf8_lossy(line);
    let line = line.split('#').next().unwrap_or("");
    let mut fields = line.split_ascii_whitespace();
    let Some(addr) = fields.next().and_then(parse_addr) else {
        return;
    };
    for name in fields {
        let name = key(name);
        for (i, w) in wanted.iter().enumerate() {
            if *w == name && !found[i].contains(&addr) {
                found[i].push(addr);
            }
        }
    }
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

    fn lookup(text: &str, name: &str) -> Vec<IpAddr> {
        scan(&mut text.as_bytes(), &[name.to_string()]).remove(0)
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
        // Several names in one pass, each with its own list.
        let both = scan(
            &mut text.as_bytes(),
            &["hub.test".to_string(), "localhost".to_string()],
        );
        assert_eq!(
            both,
            vec![ips(&["10.1.2.3", "10.1.2.4"]), ips(&["::1", "127.0.0.1"])]
        );
    }

    /// A link-local address with a zone in /etc/hosts still resolves.
    #[test]
    fn zones_are_dropped() {
        assert_eq!(lookup("fe80::1%eth0 router\n", "router"), ips(&["fe80::1"]));
    }

    /// Lines split across reads are joined; a last line without a newline
    /// counts; an over-long line is skipped whole, the next one still read.
    #[test]
    fn lines_across_reads_and_overlong_lines() {
        let mut text = String::new();
        for i in 0..5000 {
            text.push_str(&format!("10.2.{}.{} filler{i}.test\n", i / 250, i % 250));
        }
        text.push_str(&format!(
            "10.3.3.3 {} hub.test\n",
            "x".repeat(MAX_LINE + 10)
        ));
        text.push_str("10.3.3.4 hub.test\n10.3.3.5 last.test");
        /// A reader that gives 7 bytes at a time.
        struct Drip<'a>(&'a [u8]);
        impl Read for Drip<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(7).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let names = ["filler4321.test", "hub.test", "last.test", "x"].map(String::from);
        let got = scan(&mut Drip(text.as_bytes()), &names);
        assert_eq!(
            got,
            vec![
                ips(&["10.2.17.71"]),
                ips(&["10.3.3.4"]),
                ips(&["10.3.3.5"]),
                vec![]
            ]
        );
        let whole = scan(&mut text.as_bytes(), &names);
        assert_eq!(whole, got);
    }
}
