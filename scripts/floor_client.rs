//! The floor of case (a) in scripts/bench.sh: a client that does nothing but
//! (a)'s two requests to the fake Hub over plain HTTP on 127.0.0.1 (whoami and
//! one auth-check), each read to the end of its `content-length`, then exits:
//! no arguments read, no report, no TLS, no redaction. What (a) costs above it
//! is the check's own work; what it costs above `--version` it shares with any
//! client. Used by scripts/bench.sh; std only, built static (as the check is)
//! with plain `rustc`.
//!
//! Usage: floor_client HOST:PORT TOKEN [concurrent|sequential]
//! `concurrent` (the default, as the check does it): two connections at once,
//! the second on a thread. `sequential`: both on one kept-alive connection, one
//! after the other (as huggingface_hub's session does it). Exits 1, saying why,
//! on any failure or on an answer that is not 200.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::thread;

const WHOAMI: &str = "/api/whoami-v2";
const READ: &str = "/api/models/me/model/auth-check";

/// One GET on `stream`, read to the end of its body.
fn get(stream: &mut TcpStream, addr: &str, token: &str, path: &str) -> Result<(), String> {
    let request =
        format!("GET {path} HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {token}\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("write {path}: {e}"))?;
    let mut got = Vec::with_capacity(4096);
    let mut buf = [0u8; 4096];
    loop {
        let n = stream
            .read(&mut buf)
            .map_err(|e| format!("read {path}: {e}"))?;
        if n == 0 {
            return Err(format!(
                "{path}: the connection closed before the answer's end"
            ));
        }
        got.extend_from_slice(&buf[..n]);
        let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
        if !head.starts_with("http/1.1 200") {
            return Err(format!("{path}: {}", head.lines().next().unwrap_or("")));
        }
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok())
            .ok_or_else(|| format!("{path}: no content-length"))?;
        if got.len() >= end + 4 + length {
            return Ok(());
        }
    }
}

fn connect(addr: &str) -> Result<TcpStream, String> {
    let stream = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    Ok(stream)
}

fn run(addr: &str, token: &str, mode: &str) -> Result<(), String> {
    match mode {
        "sequential" => {
            let mut stream = connect(addr)?;
            get(&mut stream, addr, token, WHOAMI)?;
            get(&mut stream, addr, token, READ)
        }
        "concurrent" => {
            let (a, t) = (addr.to_string(), token.to_string());
            let read = thread::spawn(move || get(&mut connect(&a)?, &a, &t, READ));
            get(&mut connect(addr)?, addr, token, WHOAMI)?;
            read.join()
                .map_err(|_| "the read thread panicked".to_string())?
        }
        other => Err(format!("unknown mode `{other}`: concurrent or sequential")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(addr), Some(token)) = (args.first(), args.get(1)) else {
        eprintln!("usage: floor_client HOST:PORT TOKEN [concurrent|sequential]");
        return ExitCode::from(1);
    };
    let mode = args.get(2).map_or("concurrent", String::as_str);
    match run(addr, token, mode) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor_client: {e}");
            ExitCode::from(1)
        }
    }
}
