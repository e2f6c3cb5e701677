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

/// A DNS server on a loopback address, UDP and TCP on one port; records the
/// queries it got as `(name, type, over_tcp)`; stops on drop.
struct FakeDns {
    addr: SocketAddr,
    queries: Arc<Mutex<Vec<(String, TYPE, bool)>>>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl FakeDns {
    fn start(rule: impl Fn(&str, TYPE) -> Act + Send + Sync + 'static) -> FakeDns {
        let rule: Arc<Rule> = Arc::new(rule);
        let (udp, tcp) = loop {
            let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
            if let Ok(tcp) = TcpListener::bind(udp.local_addr().unwrap()) {
                break (udp, tcp);
            }
        };
        let addr = udp.local_addr().unwrap();
        let queries = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        udp.set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        tcp.set_nonblocking(true).unwrap();
        let t1 = {
            let (rule, queries, stop) = (rule.clone(), queries.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut buf = [0u8; 512];
                while !stop.load(Ordering::Relaxed) {
                    let Ok((n, from)) = udp.recv_from(&mut buf) else {
                        continue;
                    };
                    let Some((_, name, t)) = wire::question(&buf[..n]) else {
                        continue;
                    };
                    queries.lock().unwrap().push((name.clone(), t, false));
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
                    udp.send_to(&stray, from).unwrap();
                    udp.send_to(&reply, from).unwrap();
                }
            })
        };
        let t2 = {
            let (queries, stop) = (queries.clone(), stop.clone());
            std::thread::spawn(move || {
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
                        s.read_exact(&mut q).unwrap();
                        let (_, name, t) = wire::question(&q).unwrap();
                        queries.lock().unwrap().push((name.clone(), t, true));
                        let reply = match rule(&name, t) {
                            Act::Truncate(a) | Act::Answer(a) => {
                                wire::reply(&q, 0, &a, None, false)
                            }
                            Act::Rcode(r) => wire::reply(&q, r, &[], None, false),
                            _ => break,
                        };
                        let mut framed = (reply.len() as u16).to_be_bytes().to_vec();
                        framed.extend(reply);
                        s.write_all(&framed).unwrap();
                    }
                }
            })
        };
        FakeDns {
            addr,
            queries,
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
