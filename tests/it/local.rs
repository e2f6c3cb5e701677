//! Local input bounded by `--timeout` (issue 11, point 6): the token file,
//! `SSL_CERT_FILE` and `GITHUB_STEP_SUMMARY` can be FIFOs or devices; none of
//! them blocks the run or is read whole.

use std::path::Path;
use std::time::Duration;

use crate::common::model::token_value;
use crate::common::{FakeHub, Reply, command, run, temp_dir};

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

/// A FIFO as the token file (`HF_TOKEN_PATH`) ends the run at once with a
/// clear message naming the variable, instead of waiting for a writer forever.
#[test]
fn fifo_token_file_does_not_hang() {
    let dir = temp_dir("fifo-token");
    let fifo = dir.join("token");
    mkfifo(&fifo);
    let mut c = command(&dir);
    c.env("HF_TOKEN_PATH", &fifo)
        .args(["--offline", "--timeout", "1"]);
    let r = run(c, &[], None);
    assert!(r.elapsed < Duration::from_secs(2), "{:?}", r.elapsed);
    assert_eq!(r.code, 78, "{}", r.stderr);
    assert!(
        r.stderr.contains("named pipe (FIFO), not a regular file")
            && r.stderr.contains("`HF_TOKEN_PATH`"),
        "{}",
        r.stderr
    );
}

/// Runs against an https endpoint with `SSL_CERT_FILE` set to `ca`.
fn with_ca_file(ca: &Path) -> crate::common::Run {
    let token = token_value("local");
    let dir = temp_dir("ca-home");
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token).env("SSL_CERT_FILE", ca).args([
        "--endpoint",
        "https://127.0.0.1:9",
        "--timeout",
        "1",
    ]);
    run(c, &[&token], None)
}

/// A FIFO `SSL_CERT_FILE` is a usage error (64) within the deadline, naming the variable.
#[test]
fn fifo_ca_bundle_does_not_hang() {
    let dir = temp_dir("fifo-ca");
    let fifo = dir.join("ca.pem");
    mkfifo(&fifo);
    let r = with_ca_file(&fifo);
    assert!(r.elapsed < Duration::from_secs(2), "{:?}", r.elapsed);
    assert_eq!(r.code, 64, "{}", r.stderr);
    assert!(
        r.stderr.contains("`SSL_CERT_FILE`") && r.stderr.contains("named pipe (FIFO)"),
        "{}",
        r.stderr
    );
}

/// `SSL_CERT_FILE=/dev/zero` is refused at once as a device, never read (it
/// used to be read until memory ran out); a huge file is refused by its size.
#[test]
fn endless_or_huge_ca_bundle_is_refused_at_once() {
    let r = with_ca_file(Path::new("/dev/zero"));
    assert!(r.elapsed < Duration::from_secs(2), "{:?}", r.elapsed);
    assert_eq!(r.code, 64, "{}", r.stderr);
    assert!(
        r.stderr.contains("`SSL_CERT_FILE`") && r.stderr.contains("a character device"),
        "{}",
        r.stderr
    );
    let dir = temp_dir("big-ca");
    let big = dir.join("big.pem");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let r = with_ca_file(&big);
    assert_eq!(r.code, 64, "{}", r.stderr);
    assert!(r.stderr.contains("is too large"), "{}", r.stderr);
}

/// A FIFO as `GITHUB_STEP_SUMMARY` does not hold the run: the report is
/// printed, a warning names the variable, and the exit status is the check's.
#[test]
fn fifo_step_summary_does_not_hang() {
    let hub = FakeHub::start(|_| Reply::error(401, None, "Invalid credentials"));
    let dir = temp_dir("fifo-summary");
    let fifo = dir.join("summary.md");
    mkfifo(&fifo);
    // A reader holds the FIFO open, so an open for appending succeeds: what
    // was opened is still refused, and nothing reaches the pipe.
    let mut reader = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
            .unwrap()
    };
    let token = token_value("local");
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token)
        .env("GITHUB_STEP_SUMMARY", &fifo)
        .args(["--endpoint", &hub.url, "--timeout", "2"]);
    let r = run(c, &[&token], None);
    assert!(r.elapsed < Duration::from_secs(3), "{:?}", r.elapsed);
    assert_eq!(r.code, 78, "{}", r.stderr);
    assert!(
        r.stderr.contains("`GITHUB_STEP_SUMMARY`") && r.stderr.contains("named pipe (FIFO)"),
        "{}",
        r.stderr
    );
    let mut got = Vec::new();
    let _ = std::io::Read::read_to_end(&mut reader, &mut got);
    assert!(got.is_empty(), "{}", String::from_utf8_lossy(&got));
}

/// `HOME` unset (`env -i`, a root service without `User=`): the token file is
/// looked for in the user's home from `/etc/passwd`, as huggingface_hub (Python's
/// `expanduser`) does. The test's own `/etc/passwd` is bind-mounted in a mount
/// namespace (root only; skipped with the reason elsewhere).
#[test]
fn home_unset_uses_the_passwd_home() {
    if !std::process::Command::new("unshare")
        .args(["-m", "true"])
        .status()
        .is_ok_and(|s| s.success())
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs as root: `unshare -m` must work"
        );
        eprintln!("skipped: `unshare -m` is not allowed here (not root)");
        return;
    }
    let (hub, token) = crate::common::model::Hub::standard().with_token(
        "passwd-home",
        "alice",
        "ci",
        crate::common::model::Kind::Read,
    );
    let fake = FakeHub::start(move |r| hub.answer(r));
    let dir = temp_dir("passwd-home");
    let home = dir.join("svc home");
    std::fs::create_dir_all(home.join(".cache/huggingface")).unwrap();
    std::fs::write(home.join(".cache/huggingface/token"), &token).unwrap();
    let passwd = dir.join("passwd");
    let entries = format!(
        "nobody:x:65534:65534::/nonexistent:/bin/false\nroot:x:0:0:root:{}:/bin/sh\n",
        home.display()
    );
    std::fs::write(&passwd, entries).unwrap();
    // No `HOME`: the binary runs in a mount namespace whose /etc/passwd is ours.
    let mut inner = std::process::Command::new("unshare");
    inner
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PASSWD_FILE", &passwd)
        .stdin(std::process::Stdio::null())
        .args(["-m", "sh", "-c"])
        .arg("mount --bind \"$PASSWD_FILE\" /etc/passwd && unset PASSWD_FILE && exec \"$0\" \"$@\"")
        .arg(crate::common::bin())
        .args(["--endpoint", &fake.url]);
    let r = run(inner, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = format!(
        "token found in the token file `{}`",
        home.join(".cache/huggingface/token").display()
    );
    assert!(r.stderr.contains(&want), "{want}\n{}", r.stderr);
}
