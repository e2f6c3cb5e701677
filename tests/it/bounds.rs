//! Resource bounds for any number of repos (issue 11, point 9): time, memory
//! and sockets stay bounded against a Hub that answers slowly.

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::model::{Hub, Kind};
use crate::common::{FakeHub, Recorded, Reply, Run, assert_no_leak, command, temp_dir};

/// How many sockets the process holds open now.
fn open_sockets(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|dir| {
            dir.filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
                .filter(|t| t.to_string_lossy().starts_with("socket:"))
                .count()
        })
        .unwrap_or(0)
}

/// 3,000 repos against a Hub that takes 300 ms per answer, `--timeout 4`:
/// the network phase is over (no socket left open) by the deadline + 0.5 s, the
/// run ends soon after (building the report of 3,000 checks takes a few ms in a
/// release build, more in the unoptimised test binary on a loaded machine), its
/// peak RSS stays under 64 MB, and it never holds more sockets than the cap of 8.
#[test]
fn many_repos_against_a_slow_hub_stay_bounded() {
    let (model, token) = Hub::standard().with_token("bounds", "alice", "ci", Kind::Write);
    let hub = FakeHub::start(move |r: &Recorded| {
        let reply = if r.path == "/api/whoami-v2" {
            model.answer(r)
        } else {
            Reply::json(200, &serde_json::json!({}))
        };
        reply.delay(Duration::from_millis(300))
    });
    let dir = temp_dir("bounds");
    let (out, err) = (dir.join("stdout"), dir.join("stderr"));
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &hub.url, "--json", "--timeout", "4"])
        .stdout(Stdio::from(std::fs::File::create(&out).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err).unwrap()));
    for i in 0..3000 {
        c.args(["--read", &format!("acme/model-{i}")]);
    }
    let start = Instant::now();
    let child = c.spawn().unwrap();
    let pid = child.id();
    let done = Arc::new(AtomicBool::new(false));
    let most = Arc::new(AtomicUsize::new(0));
    let sampler = {
        let (done, most) = (done.clone(), most.clone());
        std::thread::spawn(move || {
            // When a socket was last seen open, after the start.
            let mut last_open = Duration::ZERO;
            while !done.load(Ordering::SeqCst) {
                let now = open_sockets(pid);
                most.fetch_max(now, Ordering::SeqCst);
                if now > 0 {
                    last_open = start.elapsed();
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            last_open
        })
    };
    // wait4 gives this child's own peak RSS (ru_maxrss, in KiB on Linux).
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    done.store(true, Ordering::SeqCst);
    let last_open = sampler.join().unwrap();
    assert_eq!(waited, pid as libc::pid_t);
    let run = Run {
        code: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        stdout: std::fs::read_to_string(&out).unwrap(),
        stderr: std::fs::read_to_string(&err).unwrap(),
        summary: None,
        elapsed,
    };
    assert_no_leak(&token, &run);
    assert_eq!(
        run.code,
        75,
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(2000)..]
    );
    let checks = run.checks("read");
    assert_eq!(checks.len(), 3000);
    assert!(checks.iter().any(|c| c["status"] == "pass"));
    assert!(checks.iter().any(|c| c["code"] == "hub-unavailable"));
    // Requests still waiting for a place when the deadline passed were never
    // sent: said so, with no attempt counted.
    assert!(
        checks.iter().any(|c| c["attempts"] == 0
            && c["message"]
                .as_str()
                .is_some_and(|m| m.contains("before it could be sent"))),
        "no check says it was never sent"
    );
    assert!(
        last_open < Duration::from_millis(4500),
        "a socket was still open {last_open:?} after the start, deadline 4 s"
    );
    // Only a hang fails this one: the report of 3,000 checks follows the network phase.
    assert!(
        elapsed < Duration::from_secs(10),
        "ended {elapsed:?} after the start"
    );
    let rss_kib = usage.ru_maxrss as u64;
    assert!(rss_kib > 0 && rss_kib < 64 * 1024, "peak RSS {rss_kib} KiB");
    let sockets = most.load(Ordering::SeqCst);
    assert!((1..=8).contains(&sockets), "{sockets} sockets open at once");
    drop(child);
}
