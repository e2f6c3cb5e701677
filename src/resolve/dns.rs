//! One name asked of the DNS servers, as glibc's `res_send` asks it: A and
//! AAAA over UDP (over TCP when an answer is truncated, or `use-vc` asks), the
//! same queries (same ids) at every try, and each server's socket kept open
//! across tries, so that a late answer to an earlier try still counts. Every
//! wait, over UDP or TCP, is bounded by the try's deadline as a whole (never
//! per read). The wire format is the `simple-dns` crate's.

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

impl Reply {
    /// An answer worth keeping across tries: NOERROR or NXDOMAIN, complete.
    fn settled(&self) -> bool {
        !self.truncated && (self.rcode == 0 || self.rcode == NXDOMAIN)
    }
}

/// How the queries of one name go out (from resolv.conf's options).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mode {
    /// `no-aaaa`: A only.
    pub no_aaaa: bool,
    /// `use-vc`: TCP only.
    pub tcp_only: bool,
    /// `single-request`: A, then AAAA once A is answered.
    pub single_request: bool,
    /// `single-request-reopen`: the second query on a new socket.
    pub reopen: bool,
}

/// One query: its id, type and wire bytes, the same at every try.
#[derive(Debug, Clone)]
struct Query {
    id: u16,
    t: TYPE,
    bytes: Vec<u8>,
}

/// One server's side of the exchange: its socket (kept open across tries)
/// and what it answered so far, one slot per query.
#[derive(Debug)]
struct Peer {
    server: SocketAddr,
    socket: Option<UdpSocket>,
    replies: Vec<Option<Reply>>,
}

/// The queries for one name and every server's answers so far.
#[derive(Debug)]
pub struct Exchange {
    name: String,
    mode: Mode,
    queries: Vec<Query>,
    peers: Vec<Peer>,
}

impl Exchange {
    /// The queries for `name`; `None` when `name` cannot be a DNS name (a
    /// label over 63 bytes, over 253 in all...): nothing is ever sent for it.
    pub fn new(name: &str, mode: Mode) -> Option<Exchange> {
        let qname = Name::new(name).ok()?;
        if qname.get_labels().is_empty() || name.trim_end_matches('.').len() > 253 {
            return None;
        }
        let types: &[TYPE] = if mode.no_aaaa {
            &[TYPE::A]
        } else {
            &[TYPE::A, TYPE::AAAA]
        };
        let base = random_u16();
        let queries = types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let id = base.wrapping_add(i as u16);
                Some(Query {
                    id,
                    t: *t,
                    bytes: query(id, &qname, *t)?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Exchange {
            name: name.to_string(),
            mode,
            queries,
            peers: Vec::new(),
        })
    }

    /// One try with `server`, until `until`: first any answer already waiting
    /// on a socket of an earlier try (to this server or another), then the
    /// queries not yet answered, sent again with the same ids. Returns the
    /// server whose answer decided.
    pub fn try_server(
        &mut self,
        server: SocketAddr,
        until: Instant,
    ) -> (SocketAddr, Result<Said, Unsaid>) {
        for peer in &mut self.peers {
            drain(peer, &self.name, &self.queries);
            if peer.server != server
                && peer
                    .replies
                    .iter()
                    .all(|r| r.as_ref().is_some_and(Reply::settled))
            {
                return (peer.server, combine(&peer.replies));
            }
        }
        let i = match self.peers.iter().position(|p| p.server == server) {
            Some(i) => i,
            None => {
                self.peers.push(Peer {
                    server,
                    socket: None,
                    replies: vec![None; self.queries.len()],
                });
                self.peers.len() - 1
            }
        };
        let peer = &mut self.peers[i];
        // An error code or a truncated answer from an earlier try is asked again.
        for r in &mut peer.replies {
            if r.as_ref().is_some_and(|r| !r.settled()) {
                *r = None;
            }
        }
        let result = if self.mode.tcp_only {
            tcp_try(peer, &self.name, &self.queries, until)
        } else {
            udp_try(peer, &self.name, &self.queries, self.mode, until)
        };
        (server, result.and_then(|()| combine(&peer.replies)))
    }
}

/// One word from both answers, as glibc combines A and AAAA: an address from
/// either wins (over NXDOMAIN or an error from the other), then NXDOMAIN, then
/// an error code, then silence; both empty is "no address".
fn combine(replies: &[Option<Reply>]) -> Result<Said, Unsaid> {
    let addrs: Vec<IpAddr> = replies
        .iter()
        .flatten()
        .filter(|r| r.rcode == 0)
        .flat_map(|r| r.addrs.iter().copied())
        .collect();
    if !addrs.is_empty() {
        return Ok(Said::Addresses(addrs));
    }
    if replies.iter().flatten().any(|r| r.rcode == NXDOMAIN) {
        return Ok(Said::NxDomain);
    }
    if let Some(r) = replies.iter().flatten().find(|r| r.rcode != 0) {
        return Err(Unsaid::Rcode(r.rcode));
    }
    if replies
        .iter()
        .any(|r| r.as_ref().is_none_or(|r| r.truncated))
    {
        return Err(Unsaid::Timeout);
    }
    Ok(Said::NoData)
}

fn query(id: u16, qname: &Name<'_>, t: TYPE) -> Option<Vec<u8>> {
    let mut p = Packet::new_query(id);
    p.set_flags(PacketFlag::RECURSION_DESIRED);
    p.questions.push(Question::new(
        qname.clone(),
        t.into(),
        CLASS::IN.into(),
        false,
    ));
    p.build_bytes_vec().ok()
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
    Some(Reply {
        rcode,
        truncated,
        addrs: addresses(&p, want, t),
    })
}

/// The addresses of type `t` in the answer for `want`, CNAMEs followed from it.
fn addresses(p: &Packet<'_>, want: String, t: TYPE) -> Vec<IpAddr> {
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
    p.answers
        .iter()
        .filter(|rr| names.contains(&rr.name.to_string().to_ascii_lowercase()))
        .filter_map(|rr| match (&rr.rdata, t) {
            (RData::A(a), TYPE::A) => Some(IpAddr::V4(Ipv4Addr::from(a.address))),
            (RData::AAAA(a), TYPE::AAAA) => Some(IpAddr::V6(Ipv6Addr::from(a.address))),
            _ => None,
        })
        .collect()
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

/// A UDP socket connected to `server`: only its datagrams arrive, and an ICMP
/// "port unreachable" comes back as ECONNREFUSED instead of a silent wait.
fn open_udp(server: SocketAddr) -> Result<UdpSocket, Unsaid> {
    let local: SocketAddr = match server {
        SocketAddr::V4(_) => (Ipv4Addr::UNSPECIFIED, 0).into(),
        SocketAddr::V6(_) => (Ipv6Addr::UNSPECIFIED, 0).into(),
    };
    let socket = UdpSocket::bind(local).map_err(io_unsaid)?;
    socket.connect(server).map_err(io_unsaid)?;
    Ok(socket)
}

/// Keeps `bytes` if it answers a query of `peer`'s still unanswered.
fn store(peer: &mut Peer, bytes: &[u8], name: &str, queries: &[Query]) {
    for (i, q) in queries.iter().enumerate() {
        if peer.replies[i].is_none()
            && let Some(r) = parse(bytes, q.id, q.t, name)
        {
            peer.replies[i] = Some(r);
        }
    }
}

/// Takes what already waits on `peer`'s socket (answers to earlier tries),
/// without waiting.
fn drain(peer: &mut Peer, name: &str, queries: &[Query]) {
    let Some(socket) = peer.socket.take() else {
        return;
    };
    let mut buf = [0u8; 1232];
    if socket.set_nonblocking(true).is_ok() {
        while let Ok(n) = socket.recv(&mut buf) {
            store(peer, &buf[..n], name, queries);
        }
    }
    let _ = socket.set_nonblocking(false);
    peer.socket = Some(socket);
}

/// One UDP try: the unanswered queries sent (with `single-request`, one at a
/// time, the next once the one before is answered; with `-reopen`, that one
/// on a new socket), answers taken until `until`; truncated ones asked again
/// over TCP within the same time.
fn udp_try(
    peer: &mut Peer,
    name: &str,
    queries: &[Query],
    mode: Mode,
    until: Instant,
) -> Result<(), Unsaid> {
    let missing: Vec<usize> = (0..queries.len())
        .filter(|&i| peer.replies[i].is_none())
        .collect();
    let mut sent = 0;
    let mut buf = [0u8; 1232];
    while peer.replies.iter().any(Option::is_none) {
        let answered_so_far = missing[..sent].iter().all(|&q| peer.replies[q].is_some());
        if sent < missing.len() && (sent == 0 || !mode.single_request || answered_so_far) {
            if peer.socket.is_none() || (sent > 0 && mode.reopen) {
                peer.socket = Some(open_udp(peer.server)?);
            }
            let batch = if mode.single_request {
                1
            } else {
                missing.len()
            };
            for &q in &missing[sent..(sent + batch).min(missing.len())] {
                let socket = peer.socket.as_ref().ok_or(Unsaid::Timeout)?;
                socket.send(&queries[q].bytes).map_err(io_unsaid)?;
                sent += 1;
            }
            continue;
        }
        let Ok(wait) = left(until) else { break };
        let socket = peer.socket.as_ref().ok_or(Unsaid::Timeout)?;
        socket.set_read_timeout(Some(wait)).map_err(io_unsaid)?;
        match socket.recv(&mut buf) {
            Ok(n) => store(peer, &buf[..n], name, queries),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => match io_unsaid(e) {
                Unsaid::Timeout => break,
                other => return Err(other),
            },
        }
    }
    let truncated: Vec<usize> = (0..queries.len())
        .filter(|&i| peer.replies[i].as_ref().is_some_and(|r| r.truncated))
        .collect();
    if !truncated.is_empty() {
        tcp_ask(peer, name, queries, &truncated, until)?;
    }
    Ok(())
}

/// `use-vc`: every unanswered query over TCP.
fn tcp_try(peer: &mut Peer, name: &str, queries: &[Query], until: Instant) -> Result<(), Unsaid> {
    let missing: Vec<usize> = (0..queries.len())
        .filter(|&i| peer.replies[i].is_none())
        .collect();
    tcp_ask(peer, name, queries, &missing, until)
}

/// The queries `which` over one TCP connection, each answer read whole by
/// `until` (a server that drips its answer a byte at a time gets no more).
fn tcp_ask(
    peer: &mut Peer,
    name: &str,
    queries: &[Query],
    which: &[usize],
    until: Instant,
) -> Result<(), Unsaid> {
    let mut stream = TcpStream::connect_timeout(&peer.server, left(until)?).map_err(io_unsaid)?;
    for &i in which {
        let q = &queries[i];
        let mut framed = (q.bytes.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(&q.bytes);
        write_all_by(&mut stream, &framed, until)?;
        let mut len = [0u8; 2];
        read_exact_by(&mut stream, &mut len, until)?;
        let mut body = vec![0u8; usize::from(u16::from_be_bytes(len))];
        read_exact_by(&mut stream, &mut body, until)?;
        peer.replies[i] = parse(&body, q.id, q.t, name).filter(|r| !r.truncated);
    }
    Ok(())
}

/// `read_exact`, bounded by `until` as a whole, not per read.
fn read_exact_by(stream: &mut TcpStream, buf: &mut [u8], until: Instant) -> Result<(), Unsaid> {
    let mut filled = 0;
    while filled < buf.len() {
        stream
            .set_read_timeout(Some(left(until)?))
            .map_err(io_unsaid)?;
        match stream.read(&mut buf[filled..]) {
            Ok(0) => return Err(Unsaid::Io(io::ErrorKind::UnexpectedEof)),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_unsaid(e)),
        }
    }
    Ok(())
}

/// `write_all`, bounded by `until` as a whole, not per write.
fn write_all_by(stream: &mut TcpStream, mut buf: &[u8], until: Instant) -> Result<(), Unsaid> {
    while !buf.is_empty() {
        stream
            .set_write_timeout(Some(left(until)?))
            .map_err(io_unsaid)?;
        match stream.write(buf) {
            Ok(0) => return Err(Unsaid::Io(io::ErrorKind::WriteZero)),
            Ok(n) => buf = &buf[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_unsaid(e)),
        }
    }
    Ok(())
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
