//! One DNS exchange with one server: A and AAAA queries over UDP, over TCP when
//! an answer is truncated (or `use-vc` asks), bounded by a deadline. The wire
//! format is the `simple-dns` crate's.

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, UdpSocket};
use std::time::Instant;

use simple_dns::rdata::RData;
use simple_dns::{CLASS, Name, Packet, PacketFlag, Question, TYPE};

/// What a server said about a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// Addresses: the A answers first, then the AAAA ones.
    Addresses(Vec<IpAddr>),
    /// The name exists but has no A or AAAA record (NOERROR, empty).
    NoData,
    /// NXDOMAIN: the name does not exist.
    NxDomain,
}

/// Why a server gave no usable word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsaid {
    /// No answer before the try's deadline.
    Timeout,
    /// An answer with this RCODE (SERVFAIL 2, REFUSED 5, ...): try another server.
    Rcode(u8),
    /// The socket failed (refused: nothing listens there; unreachable...).
    Io(io::ErrorKind),
}

const NXDOMAIN: u8 = 3;

/// The parts of an answer the resolver uses.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reply {
    rcode: u8,
    truncated: bool,
    addrs: Vec<IpAddr>,
}

/// Asks `server` for the addresses of `name` (A, and AAAA unless `no_aaaa`) until `until`.
pub fn ask(
    server: SocketAddr,
    name: &str,
    no_aaaa: bool,
    tcp_only: bool,
    until: Instant,
) -> Result<Said, Unsaid> {
    let types: &[TYPE] = if no_aaaa {
        &[TYPE::A]
    } else {
        &[TYPE::A, TYPE::AAAA]
    };
    let base = random_u16();
    let queries: Vec<(u16, TYPE, Vec<u8>)> = types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let id = base.wrapping_add(i as u16);
            (id, *t, query(id, name, *t))
        })
        .collect();
    let mut replies: Vec<Option<Reply>> = if tcp_only {
        vec![None; queries.len()]
    } else {
        udp(server, name, &queries, until)?
    };
    let need_tcp: Vec<usize> = (0..queries.len())
        .filter(|&i| tcp_only || replies[i].as_ref().is_some_and(|r| r.truncated))
        .collect();
    if !need_tcp.is_empty() {
        let asked: Vec<_> = need_tcp.iter().map(|&i| queries[i].clone()).collect();
        for (i, r) in need_tcp.iter().zip(tcp(server, name, &asked, until)?) {
            replies[*i] = r;
        }
    }
    combine(&replies)
}

/// One word from both answers: NXDOMAIN wins, then any address, then a failure.
fn combine(replies: &[Option<Reply>]) -> Result<Said, Unsaid> {
    if replies.iter().flatten().any(|r| r.rcode == NXDOMAIN) {
        return Ok(Said::NxDomain);
    }
    let addrs: Vec<IpAddr> = replies
        .iter()
        .flatten()
        .filter(|r| r.rcode == 0)
        .flat_map(|r| r.addrs.iter().copied())
        .collect();
    if !addrs.is_empty() {
        return Ok(Said::Addresses(addrs));
    }
    if let Some(r) = replies.iter().flatten().find(|r| r.rcode != 0) {
        return Err(Unsaid::Rcode(r.rcode));
    }
    if replies.iter().any(Option::is_none) {
        return Err(Unsaid::Timeout);
    }
    Ok(Said::NoData)
}

fn query(id: u16, name: &str, t: TYPE) -> Vec<u8> {
    let mut p = Packet::new_query(id);
    p.set_flags(PacketFlag::RECURSION_DESIRED);
    // A name simple-dns refuses (a label over 63 bytes...) goes out empty and
    // comes back as an error or nothing: never as an address.
    let qname = Name::new(name).unwrap_or_else(|_| Name::new_unchecked(""));
    p.questions
        .push(Question::new(qname, t.into(), CLASS::IN.into(), false));
    p.build_bytes_vec().unwrap_or_default()
}

/// The reply to the query `(id, t)` for `name` in `bytes`; `None` when `bytes`
/// is not that reply (another id, not a response, another question, garbage).
fn parse(bytes: &[u8], id: u16, t: TYPE, name: &str) -> Option<Reply> {
    if bytes.len() < 12 || u16::from_be_bytes([bytes[0], bytes[1]]) != id || bytes[2] & 0x80 == 0 {
        return None;
    }
    let rcode = bytes[3] & 0x0f;
    let truncated = bytes[2] & 0x02 != 0;
    let Ok(p) = Packet::parse(bytes) else {
        // A truncated UDP answer may be cut mid-record: TCP will tell.
        return truncated.then_some(Reply {
            rcode,
            truncated,
            addrs: Vec::new(),
        });
    };
    let want = name.trim_end_matches('.').to_ascii_lowercase();
    let same_question = p.questions.len() == 1
        && p.questions[0].qtype == t.into()
        && p.questions[0].qname.to_string().to_ascii_lowercase() == want;
    if !same_question {
        return None;
    }
    // Follow CNAMEs from the name asked; take the addresses of the chain's names.
    let mut names = vec![want];
    for _ in 0..8 {
        let before = names.len();
        for rr in &p.answers {
            if let RData::CNAME(target) = &rr.rdata
                && names.contains(&rr.name.to_string().to_ascii_lowercase())
            {
                let target = target.0.to_string().to_ascii_lowercase();
                if !names.contains(&target) {
                    names.push(target);
                }
            }
        }
        if names.len() == before {
            break;
        }
    }
    let addrs = p
        .answers
        .iter()
        .filter(|rr| names.contains(&rr.name.to_string().to_ascii_lowercase()))
        .filter_map(|rr| match (&rr.rdata, t) {
            (RData::A(a), TYPE::A) => Some(IpAddr::V4(Ipv4Addr::from(a.address))),
            (RData::AAAA(a), TYPE::AAAA) => Some(IpAddr::V6(Ipv6Addr::from(a.address))),
            _ => None,
        })
        .collect();
    Some(Reply {
        rcode,
        truncated,
        addrs,
    })
}

fn left(until: Instant) -> Result<std::time::Duration, Unsaid> {
    let d = until.saturating_duration_since(Instant::now());
    if d.is_zero() {
        Err(Unsaid::Timeout)
    } else {
        Ok(d)
    }
}

fn io_unsaid(e: io::Error) -> Unsaid {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Unsaid::Timeout,
        kind => Unsaid::Io(kind),
    }
}

fn udp(
    server: SocketAddr,
    name: &str,
    queries: &[(u16, TYPE, Vec<u8>)],
    until: Instant,
) -> Result<Vec<Option<Reply>>, Unsaid> {
    let local: SocketAddr = match server {
        SocketAddr::V4(_) => (Ipv4Addr::UNSPECIFIED, 0).into(),
        SocketAddr::V6(_) => (Ipv6Addr::UNSPECIFIED, 0).into(),
    };
    let socket = UdpSocket::bind(local).map_err(io_unsaid)?;
    // Connected: only the server's datagrams arrive, and an ICMP "port
    // unreachable" comes back as ECONNREFUSED instead of a silent wait.
    socket.connect(server).map_err(io_unsaid)?;
    for (_, _, q) in queries {
        socket.send(q).map_err(io_unsaid)?;
    }
    let mut replies = vec![None; queries.len()];
    let mut buf = [0u8; 1232];
    while replies.iter().any(Option::is_none) {
        let wait = match left(until) {
            Ok(d) => d,
            // Whatever came is the answer; the caller decides what a missing one means.
            Err(_) if replies.iter().any(Option::is_some) => break,
            Err(e) => return Err(e),
        };
        socket.set_read_timeout(Some(wait)).map_err(io_unsaid)?;
        let n = match socket.recv(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => match io_unsaid(e) {
                Unsaid::Timeout if replies.iter().any(Option::is_some) => break,
                other => return Err(other),
            },
        };
        for (i, (id, t, _)) in queries.iter().enumerate() {
            if replies[i].is_none()
                && let Some(r) = parse(&buf[..n], *id, *t, name)
            {
                replies[i] = Some(r);
            }
        }
    }
    Ok(replies)
}

fn tcp(
    server: SocketAddr,
    name: &str,
    queries: &[(u16, TYPE, Vec<u8>)],
    until: Instant,
) -> Result<Vec<Option<Reply>>, Unsaid> {
    let mut stream = TcpStream::connect_timeout(&server, left(until)?).map_err(io_unsaid)?;
    let mut replies = Vec::new();
    for (id, t, q) in queries {
        stream
            .set_write_timeout(Some(left(until)?))
            .map_err(io_unsaid)?;
        let mut framed = (q.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(q);
        stream.write_all(&framed).map_err(io_unsaid)?;
        stream
            .set_read_timeout(Some(left(until)?))
            .map_err(io_unsaid)?;
        let mut len = [0u8; 2];
        stream.read_exact(&mut len).map_err(io_unsaid)?;
        let mut body = vec![0u8; usize::from(u16::from_be_bytes(len))];
        stream.read_exact(&mut body).map_err(io_unsaid)?;
        replies.push(parse(&body, *id, *t, name).filter(|r| !r.truncated));
    }
    Ok(replies)
}

/// A query id nobody off the path can guess (std's hasher keys come from the OS).
fn random_u16() -> u16 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.finish() as u16
}

#[cfg(test)]
pub(crate) mod wire {
    //! Answers built for the test DNS server.
    use super::*;
    use simple_dns::ResourceRecord;
    use simple_dns::rdata::{A, AAAA, CNAME};

    /// The question of a query: (id, name, type).
    pub fn question(bytes: &[u8]) -> Option<(u16, String, TYPE)> {
        let p = Packet::parse(bytes).ok()?;
        let q = p.questions.first()?;
        let t = match q.qtype {
            simple_dns::QTYPE::TYPE(t) => t,
            _ => return None,
        };
        Some((p.id(), q.qname.to_string(), t))
    }

    /// A reply to `query` with `rcode`, the given addresses (those of the
    /// query's type are kept), an optional CNAME, and the TC bit.
    pub fn reply(
        query: &[u8],
        rcode: u8,
        addrs: &[IpAddr],
        cname: Option<&str>,
        truncated: bool,
    ) -> Vec<u8> {
        let q = Packet::parse(query).unwrap();
        let mut p = Packet::new_reply(q.id());
        p.set_flags(PacketFlag::RECURSION_AVAILABLE);
        if truncated {
            p.set_flags(PacketFlag::TRUNCATION);
        }
        *p.rcode_mut() = match rcode {
            0 => simple_dns::RCODE::NoError,
            2 => simple_dns::RCODE::ServerFailure,
            3 => simple_dns::RCODE::NameError,
            _ => simple_dns::RCODE::Refused,
        };
        let question = q.questions[0].clone();
        let mut owner = question.qname.clone();
        if let Some(c) = cname {
            let target = Name::new_unchecked(c);
            p.answers.push(ResourceRecord::new(
                owner.clone(),
                CLASS::IN,
                60,
                RData::CNAME(CNAME(target.clone())),
            ));
            owner = target;
        }
        let want = question.qtype;
        for a in addrs {
            let rdata = match a {
                IpAddr::V4(v4) if want == TYPE::A.into() => RData::A(A::from(*v4)),
                IpAddr::V6(v6) if want == TYPE::AAAA.into() => RData::AAAA(AAAA::from(*v6)),
                _ => continue,
            };
            p.answers
                .push(ResourceRecord::new(owner.clone(), CLASS::IN, 60, rdata));
        }
        p.questions.push(question);
        p.build_bytes_vec().unwrap()
    }
}
