//! A TCP relay on 127.0.0.1 that holds every chunk for a fixed delay in each
//! direction, so a loopback server looks like one far away: with `--delay-ms 15`
//! a round trip costs 30 ms (the TCP handshake to the relay itself is not
//! delayed). Used by scripts/bench.sh; std only, built with plain `rustc`.
//!
//! Usage: delay_relay UPSTREAM_HOST:PORT [--delay-ms N] [--log]   (delay default 15)
//! `--log` prints, on stderr, each chunk as it arrives: the Unix time in
//! seconds, `cN >` (client to server) or `cN <`, and its size.
//! Prints `READY 127.0.0.1:PORT` once it listens, then relays until killed.
//! Each direction is a reader thread (stamps a chunk with when it is due) and a
//! writer thread (sleeps until then, then writes), so chunks keep their order
//! and delays do not add up when several are in flight.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn pump(mut from: TcpStream, mut to: TcpStream, delay: Duration, tag: Option<String>) {
    let (tx, rx) = mpsc::channel::<(Instant, Vec<u8>)>();
    let writer = thread::spawn(move || {
        for (due, data) in rx {
            let now = Instant::now();
            if due > now {
                thread::sleep(due - now);
            }
            if data.is_empty() {
                let _ = to.shutdown(Shutdown::Write);
                return;
            }
            if to.write_all(&data).is_err() {
                return;
            }
        }
    });
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = from.read(&mut buf).unwrap_or(0);
        if let Some(tag) = &tag {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default();
            eprintln!("{:.6} {tag} {n}", now.as_secs_f64());
        }
        // An empty chunk carries the end of the stream, delayed like the data.
        if tx
            .send((Instant::now() + delay, buf[..n].to_vec()))
            .is_err()
            || n == 0
        {
            break;
        }
    }
    drop(tx);
    let _ = writer.join();
}

fn main() {
    let mut args = std::env::args().skip(1);
    let upstream = args
        .next()
        .expect("usage: delay_relay HOST:PORT [--delay-ms N]");
    let mut delay = Duration::from_millis(15);
    let mut log = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--delay-ms" => {
                let ms: u64 = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--delay-ms N");
                delay = Duration::from_millis(ms);
            }
            "--log" => log = true,
            other => panic!("unknown argument {other}"),
        }
    }
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    println!("READY {}", listener.local_addr().unwrap());
    std::io::stdout().flush().ok();
    for (id, client) in listener.incoming().flatten().enumerate() {
        let upstream = upstream.clone();
        let tags = log.then(|| (format!("c{id} >"), format!("c{id} <")));
        thread::spawn(move || {
            let Ok(server) = TcpStream::connect(&upstream) else {
                return;
            };
            for s in [&client, &server] {
                s.set_nodelay(true).ok();
            }
            let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (to_server, to_client) = tags.unzip();
            let up = thread::spawn(move || pump(c2, s2, delay, to_server));
            pump(server, client, delay, to_client);
            let _ = up.join();
        });
    }
}
