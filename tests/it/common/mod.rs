//! Test support: a fake Hub on 127.0.0.1 that answers as `shared/docs/hub-api.md`
//! describes, records the requests it got, injects faults, and stops on drop;
//! and a runner for the built binary that checks every output for the token.

pub mod model;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A request as the fake Hub saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The token from `authorization: Bearer ...`.
    pub fn bearer(&self) -> Option<&str> {
        self.header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
    }
}

/// How the answer goes wrong, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// Accept, read the request, never answer.
    Stall,
    /// Send the status line and headers, then stall the body.
    StallBody,
    /// Announce a longer body than is sent, then close.
    Truncate,
}

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub fault: Fault,
    pub delay: Duration,
}

impl Reply {
    pub fn new(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            fault: Fault::None,
            delay: Duration::ZERO,
        }
    }

    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply::new(status)
            .header("content-type", "application/json")
            .body(body.to_string())
    }

    pub fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.to_string(), v.to_string()));
        self
    }

    pub fn body(mut self, b: impl Into<Vec<u8>>) -> Reply {
        self.body = b.into();
        self
    }

    pub fn fault(mut self, f: Fault) -> Reply {
        self.fault = f;
        self
    }

    pub fn delay(mut self, d: Duration) -> Reply {
        self.delay = d;
        self
    }

    /// An error answer with the Hub's headers.
    pub fn error(status: u16, code: Option<&str>, message: &str) -> Reply {
        let mut r = Reply::json(status, &serde_json::json!({ "error": message }))
            .header("x-error-message", message)
            .header("x-request-id", &format!("Root=1-test-{status}"));
        if let Some(c) = code {
            r = r.header("x-error-code", c);
        }
        r
    }
}

pub type Handler = Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>;

/// The `RateLimit` and `RateLimit-Policy` values the fake Hub adds to every
/// answer that does not carry its own (`None`: no such headers at all).
pub type RateHeaders = Arc<Mutex<Option<(String, String)>>>;

/// The Hub's quota headers as the fake Hub sends them unless a test says otherwise.
pub const DEFAULT_RATELIMIT: (&str, &str) = (
    "\"api\";r=499;t=295",
    "\"fixed window\";\"api\";q=500;w=300",
);

/// Connections accepted and not yet answered, now and at the most.
#[derive(Default)]
struct InFlight {
    now: AtomicUsize,
    peak: AtomicUsize,
}

/// One connection counted in flight until dropped: before its answer is
/// written, so a client can only open its next connection after the count fell.
struct Entered(Arc<InFlight>);

impl InFlight {
    fn enter(self: &Arc<Self>) -> Entered {
        let n = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(n, Ordering::SeqCst);
        Entered(self.clone())
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A CA minted for the test, and a server certificate for 127.0.0.1 signed by it.
pub struct TestCa {
    pub ca_pem: String,
    pub server_chain: Vec<rustls::pki_types::CertificateDer<'static>>,
    pub server_key: rustls::pki_types::PrivateKeyDer<'static>,
}

impl TestCa {
    pub fn new() -> TestCa {
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "hf-token-check test CA");
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);
        let key = KeyPair::generate().unwrap();
        let params =
            CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
        let cert = params.signed_by(&key, &issuer).unwrap();
        TestCa {
            ca_pem: ca_cert.pem(),
            server_chain: vec![cert.der().clone()],
            server_key: rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        }
    }

    /// Writes the CA bundle to a file in `dir` and returns its path.
    pub fn write_bundle(&self, dir: &Path) -> PathBuf {
        let path = dir.join("test-ca.pem");
        std::fs::write(&path, &self.ca_pem).unwrap();
        path
    }
}

/// A fake Hub on 127.0.0.1, served by a thread, stopped on drop.
pub struct FakeHub {
    pub addr: SocketAddr,
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
    connections: Arc<AtomicUsize>,
    in_flight: Arc<InFlight>,
    rate: RateHeaders,
    keep_alive: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeHub {
    /// From now on, every answer without its own `RateLimit` carries these
    /// `RateLimit` and `RateLimit-Policy` values; `None`: no quota headers.
    pub fn set_ratelimit(&self, headers: Option<(&str, &str)>) {
        *self.rate.lock().unwrap() = headers.map(|(r, p)| (r.to_string(), p.to_string()));
    }

    /// From now on, connections stay open after an answer (HTTP/1.1
    /// keep-alive, no `connection: close`) for the client's next request, as
    /// HTTP/1.1 servers do by default (the real Hub's too, inferred: hub-api.md
    /// does not say); by default here each connection carries one request.
    pub fn set_keep_alive(&self, on: bool) {
        self.keep_alive.store(on, Ordering::SeqCst);
    }

    pub fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> FakeHub {
        Self::serve(Arc::new(handler), None)
    }

    /// A server that accepts every connection and resets it without reading the request
    /// (closing a socket with unread input makes the kernel send RST).
    pub fn resetting() -> FakeHub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(AtomicUsize::new(0));
        let (s, c) = (stop.clone(), connections.clone());
        let thread = std::thread::spawn(move || {
            while let Ok((stream, _)) = listener.accept() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                c.fetch_add(1, Ordering::SeqCst);
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(50));
                    drop(stream);
                });
            }
        });
        FakeHub {
            addr,
            url: format!("http://{addr}"),
            requests: Arc::new(Mutex::new(Vec::new())),
            stop,
            connections,
            in_flight: Arc::default(),
            rate: Arc::default(),
            keep_alive: Arc::default(),
            thread: Some(thread),
        }
    }

    pub fn start_tls(
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
        ca: &TestCa,
    ) -> FakeHub {
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(ca.server_chain.clone(), ca.server_key.clone_key())
        .unwrap();
        Self::serve(Arc::new(handler), Some(Arc::new(config)))
    }

    fn serve(handler: Handler, tls: Option<Arc<rustls::ServerConfig>>) -> FakeHub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(AtomicUsize::new(0));
        let in_flight: Arc<InFlight> = Arc::default();
        let (dr, dp) = DEFAULT_RATELIMIT;
        let rate: RateHeaders = Arc::new(Mutex::new(Some((dr.to_string(), dp.to_string()))));
        let keep_alive = Arc::new(AtomicBool::new(false));
        let (r, s, c, f, q) = (
            requests.clone(),
            stop.clone(),
            connections.clone(),
            in_flight.clone(),
            rate.clone(),
        );
        let k = keep_alive.clone();
        let thread = std::thread::spawn(move || {
            while let Ok((stream, _)) = listener.accept() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                c.fetch_add(1, Ordering::SeqCst);
                let entered = f.enter();
                let (h, r, s, tls) = (handler.clone(), r.clone(), s.clone(), tls.clone());
                let (q, f, k) = (q.clone(), f.clone(), k.clone());
                std::thread::spawn(move || {
                    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
                    // The head and the body go in two writes: without this, on a
                    // kept-alive connection the body waits for the client's
                    // delayed ACK of the head (40 ms), which no real server makes.
                    stream.set_nodelay(true).ok();
                    let shared = Shared {
                        handler: &h,
                        requests: &r,
                        stop: &s,
                        rate: &q,
                        in_flight: &f,
                        keep_alive: &k,
                    };
                    match tls {
                        Some(cfg) => {
                            let conn = rustls::ServerConnection::new(cfg).unwrap();
                            let mut tls_stream = rustls::StreamOwned::new(conn, stream);
                            handle(&mut tls_stream, &shared, entered);
                        }
                        None => {
                            let mut st = stream;
                            handle(&mut st, &shared, entered);
                        }
                    }
                });
            }
        });
        FakeHub {
            addr,
            url: format!("{scheme}://{addr}"),
            requests,
            stop,
            connections,
            in_flight,
            rate,
            keep_alive,
            thread: Some(thread),
        }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn paths(&self) -> Vec<String> {
        self.requests().into_iter().map(|r| r.path).collect()
    }

    /// How many TCP connections were accepted (a TLS handshake that failed counts too).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The most connections that were open at once without their answer yet.
    pub fn peak_in_flight(&self) -> usize {
        self.in_flight.peak.load(Ordering::SeqCst)
    }
}

impl Drop for FakeHub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // wake the blocking accept
        let _ = std::net::TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// What every connection's handler shares.
struct Shared<'a> {
    handler: &'a Handler,
    requests: &'a Mutex<Vec<Recorded>>,
    stop: &'a AtomicBool,
    rate: &'a RateHeaders,
    in_flight: &'a Arc<InFlight>,
    keep_alive: &'a AtomicBool,
}

/// Answers the connection's requests: one, or with keep-alive each until the
/// client closes (a request after the first counts in flight once its first
/// line is in).
fn handle<S: Read + Write>(stream: &mut S, shared: &Shared<'_>, entered: Entered) {
    let mut entered = Some(entered);
    while answer_one(stream, shared, entered.take()) {}
}

/// Reads one request and answers it; true when the connection stays open for another.
fn answer_one<S: Read + Write>(
    stream: &mut S,
    shared: &Shared<'_>,
    entered: Option<Entered>,
) -> bool {
    let (handler, requests, stop) = (shared.handler, shared.requests, shared.stop);
    let mut reader = BufReader::new(&mut *stream);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return false;
    }
    let entered = entered.unwrap_or_else(|| shared.in_flight.enter());
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 {
            break;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    drop(reader);
    let rec = Recorded {
        method,
        path,
        headers,
    };
    requests.lock().unwrap().push(rec.clone());
    let reply = handler(&rec);
    let wait_until_stopped = |limit: Duration| {
        let start = Instant::now();
        while !stop.load(Ordering::SeqCst) && start.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    if !reply.delay.is_zero() {
        std::thread::sleep(reply.delay);
    }
    if reply.fault == Fault::Stall {
        wait_until_stopped(Duration::from_secs(60));
        return false;
    }
    let announced = if reply.fault == Fault::Truncate {
        reply.body.len() + 100
    } else {
        reply.body.len()
    };
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    // As the real Hub: rate-limit headers on every answer (hub-api.md, refinements).
    let own = reply
        .headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("ratelimit"));
    if !own && let Some((limit, policy)) = shared.rate.lock().unwrap().clone() {
        head.push_str(&format!(
            "RateLimit: {limit}\r\nRateLimit-Policy: {policy}\r\n"
        ));
    }
    let keep_alive = shared.keep_alive.load(Ordering::SeqCst) && reply.fault == Fault::None;
    let close = if keep_alive {
        ""
    } else {
        "connection: close\r\n"
    };
    head.push_str(&format!("content-length: {announced}\r\n{close}\r\n"));
    drop(entered);
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.flush();
    if reply.fault == Fault::StallBody {
        wait_until_stopped(Duration::from_secs(60));
        return false;
    }
    let _ = stream.write_all(&reply.body);
    stream.flush().is_ok() && keep_alive
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        307 => "Temporary Redirect",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub summary: Option<String>,
    pub elapsed: Duration,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    /// The JSON check entries of a kind.
    pub fn checks(&self, kind: &str) -> Vec<serde_json::Value> {
        self.json()["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["check"] == kind)
            .cloned()
            .collect()
    }

    /// The code of the single failing check of a kind, if any.
    pub fn code_of(&self, kind: &str) -> Option<String> {
        self.checks(kind)
            .iter()
            .find(|c| c["status"] != "pass")
            .and_then(|c| c["code"].as_str().map(str::to_string))
    }
}

pub fn bin() -> &'static str {
    match option_env!("CARGO_BIN_EXE_hf-token-check") {
        Some(path) => path,
        None => panic!("only integration tests know the binary's path"),
    }
}

/// A command for the binary with a clean environment: no `HF_*`, proxies, colour
/// or CI variables from the machine, and a `HOME` with no token file.
pub fn command(home: &Path) -> Command {
    let mut c = Command::new(bin());
    c.env_clear();
    c.env("PATH", std::env::var_os("PATH").unwrap_or_default());
    c.env("HOME", home);
    c.stdin(Stdio::null());
    c
}

/// A fresh empty directory under the system temp dir (`hftc-NAME-…`),
/// removed on drop: `tempfile`'s, the one temp-dir helper of every test. It
/// reads as a `Path` (`dir.join(..)`, `&*dir`), and as an `OsStr` for
/// `Command::env`.
pub struct TempDir(tempfile::TempDir);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.path().as_os_str()
    }
}

pub fn temp_dir(name: &str) -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix(&format!("hftc-{name}-"))
        .tempdir()
        .unwrap();
    TempDir(dir)
}

/// A tool a test needs: its path, or `None` with the reason printed. Under CI
/// (`CI` set) a missing tool fails the test instead: CI installs what tests need.
pub fn needs(tool: &str, candidates: &[&str]) -> Option<PathBuf> {
    let found = candidates
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(tool))
                    .find(|p| p.exists())
            })
        });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "`{tool}` is missing, and CI must have it"
        );
        eprintln!("skipped: no `{tool}` on this machine");
    }
    found
}

/// Runs a prepared command and asserts that no 6-character piece of any
/// `secrets` (after its `hf_` prefix) appears in stdout, stderr or the step
/// summary file.
pub fn run(mut cmd: Command, secrets: &[&str], summary: Option<&Path>) -> Run {
    let start = Instant::now();
    let out = cmd.output().expect("run hf-token-check");
    let elapsed = start.elapsed();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
        summary: summary.and_then(|p| std::fs::read_to_string(p).ok()),
        elapsed,
    };
    for secret in secrets {
        assert_no_leak(secret, &run);
    }
    collect_json(&run.stdout);
    run
}

/// With `HF_TOKEN_CHECK_JSON_DIR` set (scripts/test.sh sets it), each JSON
/// report a run printed is kept there, one file each, for
/// scripts/test-json-schema.sh to validate against docs/report.schema.json.
fn collect_json(stdout: &str) {
    static N: AtomicUsize = AtomicUsize::new(0);
    let Some(dir) = std::env::var_os("HF_TOKEN_CHECK_JSON_DIR") else {
        return;
    };
    let Ok(serde_json::Value::Object(o)) = serde_json::from_str(stdout) else {
        return;
    };
    if !o.contains_key("exit_code") {
        return;
    }
    let name = format!(
        "{}-{}.json",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(Path::new(&dir).join(name), stdout).unwrap();
}

/// No 6-character piece of the secret (after `hf_`) appears in any output.
pub fn assert_no_leak(secret: &str, run: &Run) {
    let body = secret.strip_prefix("hf_").unwrap_or(secret);
    let chars: Vec<char> = body.chars().collect();
    if chars.len() < 6 {
        return;
    }
    let outputs = [
        ("stdout", run.stdout.as_str()),
        ("stderr", run.stderr.as_str()),
        ("summary", run.summary.as_deref().unwrap_or("")),
    ];
    for w in chars.windows(6) {
        let piece: String = w.iter().collect();
        for (name, text) in outputs {
            assert!(
                !text.contains(&piece),
                "a piece of the token ({piece:?}) leaked into {name}:\n{text}"
            );
        }
    }
}

/// A CONNECT proxy on 127.0.0.1 that records the targets it was asked for and
/// tunnels the bytes; stopped on drop.
pub struct ConnectProxy {
    pub addr: SocketAddr,
    targets: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ConnectProxy {
    pub fn start() -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let targets = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (t, s) = (targets.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while let Ok((client, _)) = listener.accept() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let t = t.clone();
                std::thread::spawn(move || {
                    client.set_read_timeout(Some(Duration::from_secs(10))).ok();
                    let mut reader = BufReader::new(client.try_clone().unwrap());
                    let mut line = String::new();
                    reader.read_line(&mut line).ok();
                    loop {
                        let mut h = String::new();
                        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                            break;
                        }
                    }
                    let target = line.split_whitespace().nth(1).unwrap_or("").to_string();
                    t.lock().unwrap().push(target.clone());
                    let Ok(upstream) = std::net::TcpStream::connect(&target) else {
                        let mut c = client;
                        let _ =
                            c.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
                        return;
                    };
                    let mut c = client.try_clone().unwrap();
                    let _ = c.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                    let (mut up_r, mut up_w) = (upstream.try_clone().unwrap(), upstream);
                    let mut down_w = client;
                    let forward = std::thread::spawn(move || {
                        let _ = std::io::copy(&mut reader, &mut up_w);
                        let _ = up_w.shutdown(std::net::Shutdown::Write);
                    });
                    let _ = std::io::copy(&mut up_r, &mut down_w);
                    let _ = down_w.shutdown(std::net::Shutdown::Both);
                    let _ = forward.join();
                });
            }
        });
        ConnectProxy {
            addr,
            targets,
            stop,
            thread: Some(thread),
        }
    }

    pub fn targets(&self) -> Vec<String> {
        self.targets.lock().unwrap().clone()
    }
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // wake the blocking accept
        let _ = std::net::TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
