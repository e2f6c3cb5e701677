//! Signals during the check end the run at once with 128+signal and a
//! one-line report; after exec, signals are COMMAND's.
//! (As PID 1: `scripts/test-pid1.sh`.)

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::{self, assert_no_leak, command, temp_dir};

const TOKEN: &str = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";

/// Sets `signal` to its default action in the child, whatever the test
/// runner inherited (a background job in a script ignores SIGINT).
fn default_action(cmd: &mut Command, signal: libc::c_int) {
    // SAFETY: `signal` is async-signal-safe, as `pre_exec` requires.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(signal, libc::SIG_DFL);
            Ok(())
        });
    }
}

fn wait_with_limit(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("the run did not end within {limit:?} of the signal");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn read_all(r: Option<impl std::io::Read>) -> String {
    let mut s = String::new();
    if let Some(mut r) = r {
        r.read_to_string(&mut s).unwrap();
    }
    s
}

/// SIGINT, SIGTERM and SIGHUP while the Hub has not answered end the run at once with
/// 130, 143 and 129, one `error:` line saying so, nothing on stdout, no token, and
/// COMMAND never runs.
#[test]
fn a_signal_during_the_check_ends_the_run() {
    for (signal, name, code) in [
        (libc::SIGINT, "SIGINT", 130),
        (libc::SIGTERM, "SIGTERM", 143),
        (libc::SIGHUP, "SIGHUP", 129),
    ] {
        // A Hub that accepts and never answers.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let conn = listener.accept();
            let _ = tx.send(());
            std::thread::sleep(Duration::from_secs(60));
            drop(conn);
        });
        let home = temp_dir("signal");
        let marker = home.join("ran");
        let mut c = command(&home);
        c.env("HF_TOKEN", TOKEN)
            .args([
                "--endpoint",
                &url,
                "--timeout",
                "30",
                "--json",
                "--",
                "touch",
            ])
            .arg(&marker)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        default_action(&mut c, signal);
        let mut child = c.spawn().unwrap();
        // The check is under way once the request's connection is accepted.
        rx.recv_timeout(Duration::from_secs(20))
            .expect("the binary never connected");
        // SAFETY: `kill` on our own child's PID.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
        let status = wait_with_limit(&mut child, Duration::from_secs(10));
        let (stdout, stderr) = (read_all(child.stdout.take()), read_all(child.stderr.take()));
        assert_eq!(status.code(), Some(code), "{name}: {status:?} {stderr}");
        // The local lines come before any request; then the one line of the signal.
        let (local, last) = stderr
            .trim_end_matches('\n')
            .rsplit_once('\n')
            .unwrap_or(("", &stderr));
        assert_eq!(
            format!("{last}\n"),
            format!(
                "error: interrupted by {name} before the check finished; `touch` was not started\n"
            )
        );
        assert!(local.lines().all(|l| l.starts_with("✓ token-")), "{stderr}");
        assert_eq!(stdout, "");
        assert!(!marker.exists(), "COMMAND ran after {name}");
        let run = common::Run {
            code,
            stdout,
            stderr,
            summary: None,
            elapsed: Duration::ZERO,
        };
        assert_no_leak(TOKEN, &run);
    }
}

/// Caught signals are COMMAND's after exec: none of SIGHUP, SIGINT, SIGTERM is
/// caught in COMMAND, and a signal ignored when the check started (`nohup`)
/// is still ignored in COMMAND.
#[test]
fn after_exec_the_signals_are_commands() {
    let bit = |s: libc::c_int| 1u64 << (s - 1);
    let ours = bit(libc::SIGHUP) | bit(libc::SIGINT) | bit(libc::SIGTERM);
    let mask = |status: &str, field: &str| -> u64 {
        let line = status
            .lines()
            .find(|l| l.starts_with(field))
            .unwrap_or_else(|| panic!("no {field} in {status}"));
        u64::from_str_radix(line[field.len()..].trim(), 16).unwrap()
    };
    for hup_ignored in [false, true] {
        let home = temp_dir("signal-exec");
        let mut c = command(&home);
        c.env("HF_TOKEN", TOKEN)
            .args(["--offline", "--quiet", "--", "cat", "/proc/self/status"]);
        for s in [libc::SIGINT, libc::SIGTERM] {
            default_action(&mut c, s);
        }
        let hup = if hup_ignored {
            libc::SIG_IGN
        } else {
            libc::SIG_DFL
        };
        // SAFETY: `signal` is async-signal-safe, as `pre_exec` requires.
        unsafe {
            c.pre_exec(move || {
                libc::signal(libc::SIGHUP, hup);
                Ok(())
            });
        }
        let out = c.output().unwrap();
        let status = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{status}");
        assert_eq!(mask(&status, "SigCgt:") & ours, 0, "{status}");
        let ignored = mask(&status, "SigIgn:");
        assert_eq!(ignored & bit(libc::SIGHUP) != 0, hup_ignored, "{status}");
        assert_eq!(ignored & (bit(libc::SIGINT) | bit(libc::SIGTERM)), 0);
    }
}
