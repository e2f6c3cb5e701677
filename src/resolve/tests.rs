//! The resolver against DNS servers written for the test, on loopback.

use std::net::{IpAddr, SocketAddr, TcpListener, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use simple_dns::TYPE;

use super::dns::wire;
use super::*;

/// What the test server does with one query.
#[derive(Clone)]
enum Act {
    Answer(Vec<IpAddr>),
    Cname(&'static str, Vec<IpAddr>),
    Rcode(u8),
    Silence,
    /// Over UDP: TC set and no records; over TCP: these addresses.
    Truncate(Vec<IpAddr>),
}

type Rule = dyn Fn(&str, TYPE) -> Act + Send + Sync;

/// How the test server misbehaves, beyond its rule.
#[derive(Clone, Copy, Default)]
struct Quirks {
    /// Every UDP answer held this long (each on a thread of its own).
    delay: Duration,
    /// Each UDP answer held 50 ms, and a query from a port whose earlier query
    /// is still held is dropped: of two queries sent at once, the second is
    /// lost (the conntrack race `options single-request` works around).
    drop_concurrent: bool,
    /// Only the first UDP query from each source port is answered (what
    /// `single-request-reopen` works around).
    one_per_port: bool,
    /// Over TCP, the answer goes out one byte at a time, this far apart.
    drip: Option<Duration>,
}

/// A DNS server on a loopback address, UDP and TCP on one port; records the
/// queries it got as `(name, type, over_tcp)` (and their ids); stops on drop.
struct FakeDns {
    addr: SocketAddr,
    queries: Arc<Mutex<Vec<(String, TYPE, bool)>>>,
    ids: Arc<Mutex<Vec<u16>>>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl FakeDns {
    fn start(rule: impl Fn(&str, TYPE) -> Act + Send + Sync + 'static) -> FakeDns {
        FakeDns::start_with(Quirks::default(), rule)
    }

    fn start_with(
        quirks: Quirks,
        rule: impl Fn(&str, TYPE) -> Act + Send + Sync + 'static,
    ) -> FakeDns {
        let rule: Arc<Rule> = Arc::new(rule);
        let (udp, tcp) = loop {
            let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
            if let Ok(tcp) = TcpListener::bind(udp.local_addr().unwrap()) {
                break (udp, tcp);
            }
        };
        let addr = udp.local_addr().unwrap();
        let queries = Arc::new(Mutex::new(Vec::new()));
        let ids = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        udp.set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        tcp.set_nonblocking(true).unwrap();
        let t1 = {
            let (rule, queries, ids, stop) =
                (rule.clone(), queries.clone(), ids.clone(), stop.clone());
            std::thread::spawn(move || serve_udp(udp, quirks, &*rule, &queries, &ids, &stop))
        };
        let t2 = {
            let (queries, stop) = (queries.clone(), stop.clone());
            std::thread::spawn(move || serve_tcp(tcp, quirks, &*rule, &queries, &stop))
        };
        FakeDns {
            addr,
            queries,
            ids,
            stop,
            threads: vec![t1, t2],
        }
    }

    fn queries(&self) -> Vec<(String, TYPE, bool)> {
        self.queries.lock().unwrap().clone()
    }

    fn names_asked(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for (n, _, _) in self.queries() {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }
}

fn serve_udp(
    udp: UdpSocket,
    quirks: Quirks,
    rule: &Rule,
    queries: &Mutex<Vec<(String, TYPE, bool)>>,
    ids: &Mutex<Vec<u16>>,
    stop: &AtomicBool,
) {
    let udp = Arc::new(udp);
    let mut held_until: Vec<(SocketAddr, Instant)> = Vec::new();
    let mut seen: Vec<SocketAddr> = Vec::new();
    let mut buf = [0u8; 512];
    while !stop.load(Ordering::Relaxed) {
        let Ok((n, from)) = udp.recv_from(&mut buf) else {
            continue;
        };
        let Some((id, name, t)) = wire::question(&buf[..n]) else {
            continue;
        };
        queries.lock().unwrap().push((name.clone(), t, false));
        ids.lock().unwrap().push(id);
        let now = Instant::now();
        if quirks.drop_concurrent && held_until.iter().any(|(p, u)| *p == from && *u > now) {
            continue;
        }
        if quirks.one_per_port && seen.contains(&from) {
            continue;
        }
        seen.push(from);
        let reply = match rule(&name, t) {
            Act::Answer(a) => wire::reply(&buf[..n], 0, &a, None, false),
            Act::Cname(c, a) => wire::reply(&buf[..n], 0, &a, Some(c), false),
            Act::Rcode(r) => wire::reply(&buf[..n], r, &[], None, false),
            Act::Truncate(_) => wire::reply(&buf[..n], 0, &[], None, true),
            Act::Silence => continue,
        };
        // A stray datagram with another id first: it must be ignored.
        let mut stray = reply.clone();
        stray[0] ^= 0xff;
        let hold = if quirks.drop_concurrent {
            quirks.delay.max(Duration::from_millis(50))
        } else {
            quirks.delay
        };
        if hold.is_zero() {
            let _ = udp.send_to(&stray, from);
            let _ = udp.send_to(&reply, from);
            continue;
        }
        held_until.retain(|(p, _)| *p != from);
        held_until.push((from, now + hold));
        let udp = udp.clone();
        std::thread::spawn(move || {
            std::thread::sleep(hold);
            let _ = udp.send_to(&stray, from);
            let _ = udp.send_to(&reply, from);
        });
    }
}

fn serve_tcp(
    tcp: TcpListener,
    quirks: Quirks,
    rule: &Rule,
    queries: &Mutex<Vec<(String, TYPE, bool)>>,
    stop: &AtomicBool,
) {
    use std::io::{Read, Write};
    while !stop.load(Ordering::Relaxed) {
        let Ok((mut s, _)) = tcp.accept() else {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        };
        s.set_nonblocking(false).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let mut len = [0u8; 2];
        while s.read_exact(&mut len).is_ok() {
            let mut q = vec![0u8; usize::from(u16::from_be_bytes(len))];
            if s.read_exact(&mut q).is_err() {
                break;
            }
            let (_, name, t) = wire::question(&q).unwrap();
            queries.lock().unwrap().push((name.clone(), t, true));
            let reply = match rule(&name, t) {
                Act::Truncate(a) | Act::Answer(a) => wire::reply(&q, 0, &a, None, false),
                Act::Rcode(r) => wire::reply(&q, r, &[], None, false),
                _ => break,
            };
            let mut framed = (reply.len() as u16).to_be_bytes().to_vec();
            framed.extend(reply);
            let sent = match quirks.drip {
                None => s.write_all(&framed).is_ok(),
                Some(gap) => framed.iter().all(|b| {
                    std::thread::sleep(gap);
                    !stop.load(Ordering::Relaxed) && s.write_all(&[*b]).is_ok()
                }),
            };
            if !sent {
                break;
            }
        }
    }
}

impl Drop for FakeDns {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads.drain(..) {
            t.join().unwrap();
        }
    }
}

fn conf(servers: &[SocketAddr], text: &str) -> ResolvConf {
    let mut c = ResolvConf::parse(text);
    c.servers = servers.to_vec();
    c
}

fn ips(list: &[&str]) -> Vec<IpAddr> {
    list.iter().map(|s| s.parse().unwrap()).collect()
}

fn deadline(secs: u64) -> Option<Instant> {
    Some(Instant::now() + Duration::from_secs(secs))
}

/// A and AAAA are both asked; the A answers come first, then the AAAA ones.
#[test]
fn answers_both_families() {
    let dns = FakeDns::start(|_, _| Act::Answer(ips(&["10.0.0.9", "10.0.0.8", "fd00::9"])));
    let r = NameResolver::with_conf("", conf(&[dns.addr], ""));
    let got = r.lookup("hub.test", deadline(5)).unwrap();
    assert_eq!(got, ips(&["10.0.0.9", "10.0.0.8", "fd00::9"]));
    let types: Vec<TYPE> = dns.queries().iter().map(|q| q.1).collect();
    assert!(
        types.contains(&TYPE::A) && types.contains(&TYPE::AAAA),
        "{types:?}"
    );
}

/// CNAMEs are followed to the addresses of their target.
#[test]
fn cname_is_followed() {
    let dns = FakeDns::start(|_, _| Act::Cname("cdn.example", ips(&["10.0.0.7"])));
    let r = NameResolver::with_conf("", conf(&[dns.addr], ""));
    assert_eq!(
        r.lookup("hub.test", deadline(5)).unwrap(),
        ips(&["10.0.0.7"])
    );
}

/// A name in the hosts file never reaches DNS, and an IP literal reaches neither.
#[test]
fn hosts_first_and_literals_untouched() {
    let dns = FakeDns::start(|_, _| Act::Answer(ips(&["10.0.0.9"])));
    let hosts = "::1 localhost hub.test\n127.0.0.1 localhost hub.test\n";
    let r = NameResolver::with_conf(hosts, conf(&[dns.addr], ""));
    assert_eq!(
        r.lookup("HUB.test", deadline(5)).unwrap(),
        ips(&["::1", "127.0.0.1"])
    );
    assert_eq!(r.lookup("10.1.1.1", None).unwrap(), ips(&["10.1.1.1"]));
    assert_eq!(r.lookup("[::2]", None).unwrap(), ips(&["::2"]));
    assert!(dns.queries().is_empty(), "{:?}", dns.queries());
    let missing = NameResolver::from_files("/nonexistent/hosts", "/nonexistent/resolv.conf");
    assert_eq!(
        missing.lookup("127.0.0.1", None).unwrap(),
        ips(&["127.0.0.1"])
    );
}

/// NXDOMAIN for every candidate: permanent, names the server, search domains
/// asked in glibc's order (k8s style: ndots:5, two search domains).
#[test]
fn nxdomain_with_search_and_ndots() {
    let dns = FakeDns::start(|_, _| Act::Rcode(3));
    let r = NameResolver::with_conf(
        "",
        conf(&[dns.addr], "search a.svc b.svc\noptions ndots:5\n"),
    );
    let e = r.lookup("hub.test", deadline(5)).unwrap_err();
    assert!(e.is_permanent());
    assert_eq!(
        e,
        ResolveError::NoSuchName {
            name: "hub.test".into(),
            server: dns.addr,
            tried: vec![
                "hub.test.a.svc".into(),
                "hub.test.b.svc".into(),
                "hub.test".into()
            ],
        }
    );
    assert_eq!(
        dns.names_asked(),
        vec!["hub.test.a.svc", "hub.test.b.svc", "hub.test"]
    );
    assert_eq!(
        e.to_string(),
        "`hub.test` does not exist (the DNS server at 127.0.0.1 answered NXDOMAIN)"
    );
}

/// With search domains, the first candidate that has an address wins.
#[test]
fn search_domain_that_exists() {
    let dns = FakeDns::start(|name, _| {
        if name == "hub.b.svc" {
            Act::Answer(ips(&["10.0.0.5"]))
        } else {
            Act::Rcode(3)
        }
    });
    let r = NameResolver::with_conf("", conf(&[dns.addr], "search a.svc b.svc\n"));
    assert_eq!(r.lookup("hub", deadline(5)).unwrap(), ips(&["10.0.0.5"]));
    assert_eq!(dns.names_asked(), vec!["hub.a.svc", "hub.b.svc"]);
}

/// SERVFAIL from one server: the next one is asked. From all: transient.
#[test]
fn servfail_tries_the_next_server_then_is_transient() {
    let bad = FakeDns::start(|_, _| Act::Rcode(2));
    let good = FakeDns::start(|_, _| Act::Answer(ips(&["10.0.0.4"])));
    let r = NameResolver::with_conf("", conf(&[bad.addr, good.addr], ""));
    assert_eq!(
        r.lookup("hub.test", deadline(5)).unwrap(),
        ips(&["10.0.0.4"])
    );

    let r = NameResolver::with_conf("", conf(&[bad.addr], "options attempts:1"));
    let e = r.lookup("hub.test", deadline(5)).unwrap_err();
    assert!(!e.is_permanent());
    assert!(
        matches!(e, ResolveError::ServerFailure { rcode: 2, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("SERVFAIL"), "{e}");
}

/// The name exists without an address (NOERROR, no records): permanent, not NXDOMAIN.
#[test]
fn nodata() {
    let dns = FakeDns::start(|_, _| Act::Answer(vec![]));
    let r = NameResolver::with_conf("", conf(&[dns.addr], ""));
    let e = r.lookup("hub.test", deadline(5)).unwrap_err();
    assert_eq!(
        e,
        ResolveError::NoAddress {
            name: "hub.test".into(),
            server: dns.addr
        }
    );
}

/// A truncated UDP answer is asked again over TCP.
#[test]
fn truncated_goes_to_tcp() {
    let dns = FakeDns::start(|_, t| {
        if t == TYPE::A {
            Act::Truncate(ips(&["10.0.0.3"]))
        } else {
            Act::Answer(vec![])
        }
    });
    let r = NameResolver::with_conf("", conf(&[dns.addr], ""));
    assert_eq!(
        r.lookup("hub.test", deadline(5)).unwrap(),
        ips(&["10.0.0.3"])
    );
    assert!(
        dns.queries().contains(&("hub.test".into(), TYPE::A, true)),
        "{:?}",
        dns.queries()
    );
}

/// `options use-vc`: TCP only.
#[test]
fn use_vc_is_tcp_only() {
    let dns = FakeDns::start(|_, _| Act::Answer(ips(&["10.0.0.2"])));
    let r = NameResolver::with_conf("", conf(&[dns.addr], "options use-vc no-aaaa"));
    assert_eq!(
        r.lookup("hub.test", deadline(5)).unwrap(),
        ips(&["10.0.0.2"])
    );
    assert_eq!(dns.queries(), vec![("hub.test".into(), TYPE::A, true)]);
}

/// A server that never answers: transient, and the run's deadline bounds the
/// wait even when resolv.conf allows much more (timeout:30 attempts:5).
#[test]
fn silence_is_bounded_by_the_deadline() {
    let dns = FakeDns::start(|_, _| Act::Silence);
    let r = NameResolver::with_conf("", conf(&[dns.addr], "options timeout:30 attempts:5"));
    let started = Instant::now();
    let e = r
        .lookup(
            "hub.test",
            Some(Instant::now() + Duration::from_millis(300)),
        )
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        e,
        ResolveError::NoAnswer {
            name: "hub.test".into(),
            servers: vec![(dns.addr, io::ErrorKind::TimedOut)]
        }
    );
    assert!(!e.is_permanent());
}

/// Nothing listening on the server's port: transient, said as refused.
#[test]
fn no_server_listening() {
    let closed = UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let r = NameResolver::with_conf("", conf(&[closed], "options attempts:1"));
    let e = r.lookup("hub.test", deadline(5)).unwrap_err();
    assert_eq!(
        e,
        ResolveError::NoAnswer {
            name: "hub.test".into(),
            servers: vec![(closed, io::ErrorKind::ConnectionRefused)]
        }
    );
}

fn agent(r: NameResolver) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(5)))
        .proxy(None)
        .build();
    ureq::Agent::with_parts(config, connector(), r)
}

/// Through ureq: `::1` first in hosts while the server is only on 127.0.0.1:
/// the second address is tried and answers.
#[test]
fn ureq_tries_every_address() {
    use std::io::{Read, Write};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // ::1 on the same port: nothing there (refused), or no IPv6 (unreachable).
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 1024];
        let _ = s.read(&mut buf).unwrap();
        s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
            .unwrap();
    });
    let r = NameResolver::with_conf("::1 hub.test\n127.0.0.1 hub.test\n", ResolvConf::default());
    let body = agent(r)
        .get(&format!("http://hub.test:{port}/"))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    assert_eq!(body, "ok");
    server.join().unwrap();
}

/// Through ureq: every address failing names each one; NXDOMAIN arrives as a
/// `ResolveError` inside `ureq::Error::Io`.
#[test]
fn ureq_errors_can_be_told_apart() {
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = NameResolver::with_conf(
        "127.0.0.1 hub.test\n127.0.0.2 hub.test\n",
        ResolvConf::default(),
    );
    let e = agent(r)
        .get(&format!("http://hub.test:{closed}/"))
        .call()
        .unwrap_err();
    let failed = ConnectFailed::from_ureq(&e).unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!(
        failed.attempts,
        vec![
            (
                SocketAddr::from(([127, 0, 0, 1], closed)),
                io::ErrorKind::ConnectionRefused
            ),
            (
                SocketAddr::from(([127, 0, 0, 2], closed)),
                io::ErrorKind::ConnectionRefused
            ),
        ]
    );
    assert!(failed.to_string().contains("127.0.0.2"), "{failed}");

    let dns = FakeDns::start(|_, _| Act::Rcode(3));
    let r = NameResolver::with_conf("", conf(&[dns.addr], ""));
    let e = agent(r).get("http://nope.test/").call().unwrap_err();
    let re = ResolveError::from_ureq(&e).unwrap_or_else(|| panic!("{e:?}"));
    assert!(re.is_permanent() && re.name() == "nope.test", "{re:?}");
}

fn count(dns: &FakeDns, t: TYPE) -> usize {
    dns.queries().iter().filter(|q| q.1 == t).count()
}

/// An answer that comes after `timeout:` but within the next try still counts:
/// every try resends the same query (same id) on the same socket. glibc's
/// res_send does the same (one query buffer, the server's socket kept open),
/// and resolves in 1.5 s with `timeout:1 attempts:3` and a server 1.5 s late;
/// a new socket and id per try would throw the answer away and fail at 3 s.
#[test]
fn a_late_answer_to_an_earlier_try_counts() {
    let quirks = Quirks {
        delay: Duration::from_millis(1500),
        ..Quirks::default()
    };
    let dns = FakeDns::start_with(quirks, |_, _| Act::Answer(ips(&["10.0.0.1"])));
    let r = NameResolver::with_conf("", conf(&[dns.addr], "options timeout:1 attempts:3"));
    let started = Instant::now();
    let got = r.lookup("hub.test", deadline(10)).unwrap();
    let took = started.elapsed();
    assert_eq!(got, ips(&["10.0.0.1"]));
    assert!(took < Duration::from_millis(2500), "{took:?}");
    // The second try asked again with the very same ids.
    let ids = dns.ids.lock().unwrap().clone();
    assert!(ids.len() >= 4, "{ids:?}");
    assert_eq!(ids[..2], ids[2..4], "{ids:?}");
}

/// NXDOMAIN for AAAA only (a broken upstream): the A address wins, as glibc
/// (2.31, 2.36, 2.41) and Go return it; and the other way round.
#[test]
fn an_address_from_either_family_wins_over_nxdomain() {
    let dns = FakeDns::start(|_, t| {
        if t == TYPE::A {
            Act::Answer(ips(&["10.0.0.1"]))
        } else {
            Act::Rcode(3)
        }
    });
    let r = NameResolver::with_conf("", conf(&[dns.addr], ""));
    assert_eq!(
        r.lookup("hub.test", deadline(5)).unwrap(),
        ips(&["10.0.0.1"])
    );
    let dns = FakeDns::start(|_, t| {
        if t == TYPE::AAAA {
            Act::Answer(ips(&["fd00::1"]))
        } else {
            Act::Rcode(2)
        }
    });
    let r = NameResolver::with_conf("", conf(&[dns.addr], ""));
    assert_eq!(
        r.lookup("hub.test", deadline(5)).unwrap(),
        ips(&["fd00::1"])
    );
}

/// A server (a NAT's conntrack race) that drops the second of two queries
/// sent at once from one port. Without `single-request` the AAAA answer never
/// comes and the try waits its whole `timeout:` (then takes the A answer, as
/// glibc's send_dg does); with `options single-request`, A then AAAA in turn,
/// as glibc does: both answered at once.
#[test]
fn single_request_sends_a_then_aaaa() {
    let quirks = Quirks {
        drop_concurrent: true,
        ..Quirks::default()
    };
    let rule = |_: &str, _: TYPE| Act::Answer(ips(&["10.0.0.1", "fd00::1"]));
    let dns = FakeDns::start_with(quirks, rule);
    let r = NameResolver::with_conf("", conf(&[dns.addr], "options single-request timeout:5"));
    let started = Instant::now();
    let got = r.lookup("hub.test", deadline(10)).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(got, ips(&["10.0.0.1", "fd00::1"]));
    let types: Vec<TYPE> = dns.queries().iter().map(|q| q.1).collect();
    assert_eq!(types, vec![TYPE::A, TYPE::AAAA]);

    // The control: both at once, the AAAA one dropped, a whole try waited.
    let dns = FakeDns::start_with(quirks, rule);
    let r = NameResolver::with_conf("", conf(&[dns.addr], "options timeout:1 attempts:1"));
    let started = Instant::now();
    let got = r.lookup("hub.test", deadline(10)).unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(got, ips(&["10.0.0.1"]));
}

/// A server that answers only the first query from each source port:
/// `single-request-reopen` sends AAAA from a new socket (glibc closes and
/// reopens its socket there) and gets both; `single-request` alone waits out
/// the try for AAAA and keeps the A answer.
#[test]
fn single_request_reopen_uses_a_new_socket() {
    let quirks = Quirks {
        one_per_port: true,
        ..Quirks::default()
    };
    let rule = |_: &str, _: TYPE| Act::Answer(ips(&["10.0.0.1", "fd00::1"]));
    let dns = FakeDns::start_with(quirks, rule);
    let r = NameResolver::with_conf(
        "",
        conf(&[dns.addr], "options single-request-reopen timeout:5"),
    );
    let started = Instant::now();
    assert_eq!(
        r.lookup("hub.test", deadline(10)).unwrap(),
        ips(&["10.0.0.1", "fd00::1"])
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    let dns = FakeDns::start_with(quirks, rule);
    let r = NameResolver::with_conf(
        "",
        conf(&[dns.addr], "options single-request timeout:1 attempts:1"),
    );
    assert_eq!(
        r.lookup("hub.test", deadline(10)).unwrap(),
        ips(&["10.0.0.1"])
    );
}

/// A server that drips its TCP answer a byte every 300 ms: the exchange is
/// bounded as a whole, not per read, by the deadline; no answer in time is a
/// DNS timeout. (glibc's TCP path, `send_vc`, reads the answer with plain
/// blocking reads that `timeout:` does not bound: a dripping server holds
/// getaddrinfo for as long as it drips.)
#[test]
fn a_dripped_tcp_answer_is_bounded_as_a_whole() {
    let quirks = Quirks {
        drip: Some(Duration::from_millis(300)),
        ..Quirks::default()
    };
    let dns = FakeDns::start_with(quirks, |_, _| Act::Answer(ips(&["10.0.0.1"])));
    let r = NameResolver::with_conf("", conf(&[dns.addr], "options use-vc timeout:30"));
    let started = Instant::now();
    let e = r
        .lookup("hub.test", Some(Instant::now() + Duration::from_secs(1)))
        .unwrap_err();
    let took = started.elapsed();
    assert!(took < Duration::from_millis(1600), "{took:?}");
    assert!(matches!(e, ResolveError::NoAnswer { .. }), "{e:?}");
    assert!(!e.is_permanent());
}

/// Names that are not host names, or look like a token, are refused at
/// once: no query, no wait (glibc fails a label over 63 bytes at once too).
#[test]
fn invalid_or_secret_names_are_never_asked() {
    let dns = FakeDns::start(|_, _| Act::Answer(ips(&["10.0.0.1"])));
    let r = NameResolver::with_conf("", conf(&[dns.addr], ""));
    let rows = [
        (format!("{}.test", "a".repeat(64)), "longer than 63"),
        (format!("{}.test", "a.".repeat(130)), "longer than 253"),
        ("a..test".to_string(), "empty label"),
        (".test".to_string(), "empty label"),
        ("hub test".to_string(), "cannot hold"),
        ("hüb.test".to_string(), "cannot hold"),
        (
            "hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345678".to_string(),
            "token",
        ),
    ];
    for (name, why) in rows {
        let started = Instant::now();
        let e = r.lookup(&name, deadline(5)).unwrap_err();
        assert!(started.elapsed() < Duration::from_millis(200), "{name}");
        assert!(e.is_permanent(), "{name}");
        let text = e.to_string();
        assert!(text.contains(why), "{name}: {text}");
        assert!(!text.contains(&name), "{text}");
    }
    assert!(dns.queries().is_empty(), "{:?}", dns.queries());
}

/// Each name is resolved once per run: later lookups, and lookups racing
/// from other threads, get the first answer, whatever the server says next.
/// A failure is pinned too.
#[test]
fn one_resolution_per_name_pinned() {
    let asked = Arc::new(Mutex::new(0));
    let seen = asked.clone();
    let dns = FakeDns::start(move |name, t| {
        if name == "gone.test" {
            return Act::Rcode(3);
        }
        if t == TYPE::AAAA {
            return Act::Answer(vec![]);
        }
        let mut n = seen.lock().unwrap();
        *n += 1;
        Act::Answer(if *n == 1 {
            ips(&["127.0.0.1"])
        } else {
            ips(&["10.0.0.66"])
        })
    });
    let r = NameResolver::with_conf("", conf(&[dns.addr], ""));
    let lookups: Vec<_> = (0..8)
        .map(|_| {
            let r = r.clone();
            std::thread::spawn(move || r.lookup("rebind.test", deadline(5)).unwrap())
        })
        .collect();
    for l in lookups {
        assert_eq!(l.join().unwrap(), ips(&["127.0.0.1"]));
    }
    assert_eq!(r.lookup("REBIND.test", None).unwrap(), ips(&["127.0.0.1"]));
    assert_eq!(count(&dns, TYPE::A), 1, "{:?}", dns.queries());
    let first = r.lookup("gone.test", deadline(5)).unwrap_err();
    let again = r.lookup("gone.test", deadline(5)).unwrap_err();
    assert_eq!(first, again);
    assert_eq!(dns.names_asked(), vec!["rebind.test", "gone.test"]);
}

/// Through ureq: the second request connects to the address the first
/// lookup gave, even though the server now answers another one.
#[test]
fn ureq_connects_only_to_the_pinned_address() {
    use std::io::{Read, Write};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        for _ in 0..2 {
            let (mut s, _) = listener.accept().unwrap();
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf).unwrap();
            s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
                .unwrap();
        }
    });
    let asked = Arc::new(Mutex::new(0));
    let seen = asked.clone();
    let dns = FakeDns::start(move |_, t| {
        if t == TYPE::AAAA {
            return Act::Answer(vec![]);
        }
        let mut n = seen.lock().unwrap();
        *n += 1;
        // 192.0.2.1 (TEST-NET-1) after the first answer: never connected to.
        Act::Answer(ips(if *n == 1 {
            &["127.0.0.1"]
        } else {
            &["192.0.2.1"]
        }))
    });
    let a = agent(NameResolver::with_conf("", conf(&[dns.addr], "")));
    for _ in 0..2 {
        let body = a
            .get(&format!("http://rebind.test:{port}/"))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        assert_eq!(body, "ok");
    }
    server.join().unwrap();
    assert_eq!(count(&dns, TYPE::A), 1);
}

/// Two servers, the first 1.2 s late, the second silent, `timeout:1
/// attempts:2`: the first server's answer to the first try waits on its
/// socket while the second server is asked, and is taken when the first is
/// asked again (glibc's res_send keeps each server's socket for the whole
/// query and reads it when it asks that server again: the same).
#[test]
fn a_late_answer_from_another_server_is_kept() {
    let quirks = Quirks {
        delay: Duration::from_millis(1200),
        ..Quirks::default()
    };
    let late = FakeDns::start_with(quirks, |_, _| Act::Answer(ips(&["10.0.0.1"])));
    let silent = FakeDns::start(|_, _| Act::Silence);
    let r = NameResolver::with_conf(
        "",
        conf(&[late.addr, silent.addr], "options timeout:1 attempts:2"),
    );
    let started = Instant::now();
    assert_eq!(
        r.lookup("hub.test", deadline(10)).unwrap(),
        ips(&["10.0.0.1"])
    );
    assert!(
        started.elapsed() < Duration::from_millis(2900),
        "{:?}",
        started.elapsed()
    );
}
