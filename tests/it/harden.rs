//! Issue 27 (hardening): `--json-file` written atomically and never over the
//! run's own inputs, the scan that can never hold the check, the terminal
//! report wrapped by screen cells, certificate errors in words.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::common::model::{Hub, Kind};
use crate::common::{FakeHub, Run, command, run, temp_dir};

fn hub(seed: &str) -> (FakeHub, String) {
    let (hub, token) = Hub::standard().with_token(seed, "alice", "ci", Kind::Read);
    (FakeHub::start(move |r| hub.answer(r)), token)
}

fn is_report(path: &Path) -> bool {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .is_some_and(|v| v.get("exit_code").is_some())
}

/// Whether `unshare -m` works here (root); else the reason is printed.
fn can_unshare() -> bool {
    let ok = Command::new("unshare")
        .args(["-m", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs as root: `unshare -m` must work"
        );
        eprintln!("skipped: `unshare -m` is not allowed here (not root)");
    }
    ok
}

/// The files in `dir` other than `keep`: no temporary file left behind.
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

// ------------------------------------------------------------- --json-file

/// The report replaces the file: a hard link's other name keeps what it held
/// (a rewrite in place overwrote both names), no temporary file is left.
#[test]
fn json_file_replaces_never_writes_through_a_hard_link() {
    let dir = temp_dir("json-hardlink");
    let other = dir.join("other.txt");
    std::fs::write(&other, "keep me").unwrap();
    let report = dir.join("report.json");
    std::fs::hard_link(&other, &report).unwrap();
    let token = crate::common::model::token_value("json-hardlink");
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token)
        .args(["--offline", "--json-file"])
        .arg(&report);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "keep me");
    assert!(is_report(&report));
    assert_eq!(
        leftovers(&dir, &["other.txt", "report.json"]),
        Vec::<String>::new()
    );
}

/// Two runs writing the same `--json-file` at once, and a reader polling it
/// meanwhile: every read is a whole report (one or the other), never a mix
/// or a truncated file.
#[test]
fn concurrent_writers_never_leave_a_partial_report() {
    let dir = temp_dir("json-concurrent");
    let report = dir.join("report.json");
    let token = crate::common::model::token_value("json-concurrent");
    let one = |read: &str| {
        let mut c = command(&dir);
        c.env("HF_TOKEN", &token)
            .args(["--offline", "--read", read, "--json-file"])
            .arg(&report);
        c
    };
    let mut first = one("me/a").spawn().unwrap();
    first.wait().unwrap();
    assert!(is_report(&report));
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (stop, report) = (stop.clone(), report.clone());
        std::thread::spawn(move || {
            let (mut reads, mut bad) = (0, 0);
            while !stop.load(Ordering::SeqCst) {
                reads += 1;
                if !is_report(&report) {
                    bad += 1;
                }
            }
            (reads, bad)
        })
    };
    for _ in 0..15 {
        let mut a = one("me/first-writer-with-a-longer-name").spawn().unwrap();
        let mut b = one("me/b").spawn().unwrap();
        assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
        assert!(is_report(&report));
    }
    stop.store(true, Ordering::SeqCst);
    let (reads, bad) = reader.join().unwrap();
    assert_eq!(bad, 0, "{bad} of {reads} reads saw a partial report");
    assert_eq!(leftovers(&dir, &["report.json"]), Vec::<String>::new());
}

/// On a full filesystem the previous report stays whole (a rewrite in place
/// left a truncated one), a warning says why, and no temporary file is left.
/// A 64 KiB tmpfs in a mount namespace (root only; skipped elsewhere).
#[test]
fn a_full_filesystem_keeps_the_previous_report() {
    if !can_unshare() {
        return;
    }
    let dir = temp_dir("json-full");
    let mnt = dir.join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let token = crate::common::model::token_value("json-full");
    let script = "mount -t tmpfs -o size=64k tmpfs \"$MNT\" || exit 90
\"$BIN\" --offline --json-file \"$MNT/report.json\" >/dev/null 2>&1 || exit 91
cp \"$MNT/report.json\" \"$DIR/before.json\"
cat /dev/zero >\"$MNT/fill\" 2>/dev/null
\"$BIN\" --offline --read me/a-longer-report-than-before --json-file \"$MNT/report.json\"
echo \"status $?\"
cp \"$MNT/report.json\" \"$DIR/after.json\"
ls -a \"$MNT\" >\"$DIR/listing\"";
    let mut c = Command::new("unshare");
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &*dir)
        .env("HF_TOKEN", &token)
        .env("MNT", &mnt)
        .env("DIR", &*dir)
        .env("BIN", crate::common::bin())
        .args(["-m", "sh", "-c", script]);
    let r = run(c, &[&token], None);
    assert!(r.stdout.contains("status 0"), "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("warning: could not write the JSON report to `")
            && r.stderr
                .contains("(`--json-file`): it could not be used: No space left on device"),
        "{}",
        r.stderr
    );
    let before = std::fs::read(dir.join("before.json")).unwrap();
    assert_eq!(
        std::fs::read(dir.join("after.json")).unwrap(),
        before,
        "the old report, whole"
    );
    assert!(is_report(&dir.join("after.json")));
    let listing = std::fs::read_to_string(dir.join("listing")).unwrap();
    let names: Vec<&str> = listing.lines().collect();
    assert_eq!(names, [".", "..", "fill", "report.json"], "{listing}");
}

/// A `--json-file` that names the token file, COMMAND's script or a `--scan`
/// path: 64 before any request, the file untouched, COMMAND not started.
#[test]
fn json_file_naming_an_input_is_refused_before_any_request() {
    let (fake, token) = hub("json-inputs");
    let dir = temp_dir("json-inputs");
    let token_file = dir.join("token");
    std::fs::write(&token_file, &token).unwrap();
    let script = dir.join("train.sh");
    std::fs::write(&script, "echo the script ran >\"$0.ran\"\n").unwrap();
    let scanned = dir.join("notes.txt");
    std::fs::write(&scanned, "notes").unwrap();
    let sh = |c: &mut Command| {
        c.args(["--", "sh"]).arg(&script);
    };
    type Setup<'a> = (&'a Path, &'a str, &'a dyn Fn(&mut Command));
    let rows: [Setup; 5] = [
        (&token_file, "the token file", &|_| {}),
        (&script, "a file COMMAND runs or reads", &sh),
        (Path::new("train.sh"), "a file COMMAND runs or reads", &sh),
        (&scanned, "a `--scan` path", &|c| {
            c.arg("--scan").arg(&scanned);
        }),
        (Path::new("./sub/../notes.txt"), "a `--scan` path", &|c| {
            c.args(["--scan", "notes.txt"]);
        }),
    ];
    for (target, what, setup) in rows {
        let mut c = command(&dir);
        c.current_dir(&dir)
            .env("HF_TOKEN_PATH", &token_file)
            .args([
                "--endpoint",
                &fake.url,
                "--read",
                "acme/model",
                "--json",
                "--json-file",
            ])
            .arg(target);
        setup(&mut c);
        let r = run(c, &[&token], None);
        assert_eq!(r.code, 64, "{target:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with(&format!(
                "error: `--json-file` `{}` is {what} (`",
                target.display()
            )),
            "{target:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr
                .contains("hint: write the report to a path of its own"),
            "{}",
            r.stderr
        );
        assert_eq!(r.json()["exit_code"], 64, "{}", r.stdout);
    }
    assert!(fake.requests().is_empty(), "{:?}", fake.paths());
    assert_eq!(std::fs::read_to_string(&token_file).unwrap(), token);
    assert_eq!(
        std::fs::read_to_string(&script).unwrap(),
        "echo the script ran >\"$0.ran\"\n"
    );
    assert_eq!(std::fs::read_to_string(&scanned).unwrap(), "notes");
    assert!(!dir.join("train.sh.ran").exists());
    // A report of its own is written as before.
    let mut c = command(&dir);
    c.current_dir(&dir).env("HF_TOKEN_PATH", &token_file).args([
        "--endpoint",
        &fake.url,
        "--read",
        "acme/model",
        "--json-file",
        "report.json",
    ]);
    sh(&mut c);
    let r: Run = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(is_report(&dir.join("report.json")));
    assert!(dir.join("train.sh.ran").exists());
}

// ------------------------------------------------------------------- the scan

/// A FUSE mount that never answers (Python's standard library over
/// `/dev/fuse`: the kernel's INIT is never read, so every `stat`, `open` and
/// `read` under it waits), then the binary with `args`, in a mount namespace.
fn with_stalled_mount(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mounter = dir.join("stall.py");
    std::fs::write(
        &mounter,
        "import ctypes, os, sys, time\n\
         fd = os.open('/dev/fuse', os.O_RDWR)\n\
         libc = ctypes.CDLL(None, use_errno=True)\n\
         opts = ('fd=%d,rootmode=40000,user_id=0,group_id=0' % fd).encode()\n\
         if libc.mount(b'stalled', sys.argv[1].encode(), b'fuse', 0, opts) != 0:\n\
         \x20   raise OSError(ctypes.get_errno(), 'mount')\n\
         print('MOUNTED', flush=True)\n\
         time.sleep(120)\n",
    )
    .unwrap();
    let script = "python3 \"$MOUNTER\" \"$MNT\" >\"$MOUNTER.out\" 2>&1 &
m=$!
for _ in $(seq 100); do grep -q MOUNTED \"$MOUNTER.out\" 2>/dev/null && break; sleep 0.05; done
grep -q MOUNTED \"$MOUNTER.out\" || { cat \"$MOUNTER.out\" >&2; exit 90; }
\"$BIN\" \"$@\"
rc=$?
kill $m
exit $rc";
    let mut c = Command::new("unshare");
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("MOUNTER", &mounter)
        .env("MNT", dir.join("mnt"))
        .env("BIN", crate::common::bin())
        .stdin(std::process::Stdio::null())
        .args(["-m", "sh", "-c", script, "sh"])
        .args(args);
    std::fs::create_dir_all(dir.join("mnt")).unwrap();
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

/// A script on a stalled mount (FUSE that never answers) holds nothing: the
/// Hub's checks are made and decide the run as they would without it (exit
/// 0, or 77 with COMMAND not started), the file is named as not scanned with
/// the reason, and the run ends within the scan's 2 s, not at `--timeout`
/// with 75 and no request made.
#[test]
fn a_stalled_script_never_holds_the_check() {
    if !can_unshare() || !Path::new("/dev/fuse").exists() {
        eprintln!("skipped: needs root and /dev/fuse");
        return;
    }
    let (fake, token) = hub("stalled-scan");
    let dir = temp_dir("stalled-scan");
    let mnt = dir.join("mnt");
    let train = format!("{}/train.py", mnt.display());
    let env = [("HF_TOKEN", token.as_str())];
    let c = with_stalled_mount(
        &dir,
        &env,
        &[
            "--endpoint",
            &fake.url,
            "--read",
            "acme/model",
            "--json",
            "--timeout",
            "20",
            "--scan",
            &train,
        ],
    );
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.elapsed < std::time::Duration::from_secs(8),
        "{:?}",
        r.elapsed
    );
    assert_eq!(r.checks("whoami")[0]["status"], "pass", "{}", r.stdout);
    assert_eq!(r.checks("read")[0]["status"], "pass", "{}", r.stdout);
    let s = &r.checks("script")[0];
    assert_eq!(
        (s["status"].as_str(), s["code"].as_str()),
        (Some("warn"), Some("not-scanned"))
    );
    assert_eq!(
        s["message"],
        format!("`{train}` was not scanned for hardcoded tokens: no answer from its filesystem within 2 s")
            .as_str()
    );
    assert!(r.stderr.contains("! script: not-scanned"), "{}", r.stderr);
    assert!(!r.stderr.contains("in flight"), "{}", r.stderr);

    // COMMAND's script on the mount, and a write the token may not make: 77
    // as without the scan, the script named, COMMAND not started.
    let c = with_stalled_mount(
        &dir,
        &env,
        &[
            "--endpoint",
            &fake.url,
            "--write",
            "meta/granted",
            "--",
            "python3",
            &train,
        ],
    );
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 77, "{}", r.stderr);
    assert!(
        r.elapsed < std::time::Duration::from_secs(8),
        "{:?}",
        r.elapsed
    );
    assert!(
        r.stderr.contains("✗ write meta/granted: write-denied"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "`{train}` was not scanned for hardcoded tokens: no answer from its filesystem within 2 s"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("`python3` was not started"),
        "{}",
        r.stderr
    );
}

/// 3,000 `--scan` paths under `--timeout 1`: the run ends within its timeout
/// (each path was compared with every earlier one: 7 to 30 s), and a token
/// in the last file is found or the file is named as not scanned.
#[test]
fn thousands_of_scan_paths_stay_within_the_timeout() {
    let dir = temp_dir("scan-many");
    let other = crate::common::model::token_value("scan-many-other");
    let token = crate::common::model::token_value("scan-many");
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token)
        .args(["--offline", "--json", "--timeout", "1"]);
    for i in 0..3000 {
        let p = dir.join(format!("f{i}.py"));
        let text = if i == 2999 {
            format!("T = '{other}'\n")
        } else {
            format!("x = {i}\n")
        };
        std::fs::write(&p, text).unwrap();
        c.arg("--scan").arg(&p);
    }
    let r = run(c, &[&token, &other], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.elapsed < std::time::Duration::from_millis(2500),
        "{:?}",
        r.elapsed
    );
    // The last file's token is found, or the last file is among those not
    // scanned: the files not reached are the tail of the list, so the first
    // one named and their count end exactly at f2999 (on a busy machine the
    // list is long, and its end is "and N more").
    let script = r.checks("script");
    let last = format!("{}", dir.join("f2999.py").display());
    let found = script
        .iter()
        .any(|s| s["code"] == "token-hardcoded" && s["message"].as_str().unwrap().contains(&last));
    let tail_end = script.iter().find(|s| s["code"] == "not-scanned").map(|s| {
        let m = s["message"].as_str().unwrap();
        let count: usize = match m.split_once(" files were not scanned") {
            Some((n, _)) => n.parse().unwrap(),
            None => 1,
        };
        let first = m.split_once(&format!("{}/f", dir.display())).unwrap().1;
        let first: usize = first.split_once(".py").unwrap().0.parse().unwrap();
        first + count
    });
    assert!(found || tail_end == Some(3000), "{}", r.stdout);
}

/// 300 hard links to one 1 MB file holding a token: read once (one warning,
/// not 300) and in bounded memory (all contents were kept: 297 MB).
#[test]
fn hard_links_are_read_once_in_bounded_memory() {
    let dir = temp_dir("scan-links");
    let other = crate::common::model::token_value("scan-links-other");
    let token = crate::common::model::token_value("scan-links");
    let big = dir.join("big.py");
    let mut text = format!("T = '{other}'\n").into_bytes();
    text.resize(1_000_000, b'#');
    std::fs::write(&big, &text).unwrap();
    // The peak memory of the binary alone: Python runs it and reads its rusage.
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token).args([
        "-c",
        "import resource, subprocess, sys\n\
         p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)\n\
         sys.stderr.write('MAXRSS %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n\
         sys.stdout.buffer.write(p.stdout)\n\
         sys.exit(p.returncode)",
        crate::common::bin(),
        "--offline",
        "--json",
    ]);
    c.arg("--scan").arg(&big);
    for i in 0..300 {
        let link = dir.join(format!("link{i}.py"));
        std::fs::hard_link(&big, &link).unwrap();
        c.arg("--scan").arg(&link);
    }
    let mut py = Command::new("python3");
    py.args(c.get_args()).env_clear().current_dir(&dir);
    for (k, v) in c.get_envs() {
        if let Some(v) = v {
            py.env(k, v);
        }
    }
    let r = run(py, &[&token, &other], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let script = r.checks("script");
    assert_eq!(script.len(), 1, "{}", r.stdout);
    assert_eq!(script[0]["code"], "token-hardcoded");
    let kib: u64 = r
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("MAXRSS "))
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(kib < 64 * 1024, "peak memory {kib} KiB");
}

/// An explicit `--scan PATH` that is missing, a directory or too large is
/// named as not scanned, each with its reason (silence is false assurance);
/// the exit status is unchanged.
#[test]
fn scan_paths_that_cannot_be_read_are_named() {
    let dir = temp_dir("scan-missing");
    let token = crate::common::model::token_value("scan-missing");
    let big = dir.join("big.py");
    std::fs::write(&big, vec![b'#'; 2 * 1024 * 1024]).unwrap();
    let missing = dir.join("nope.py");
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token)
        .args(["--offline", "--json", "--scan"])
        .arg(&missing)
        .arg("--scan")
        .arg(&*dir)
        .arg("--scan")
        .arg(&big);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = &r.checks("script")[0];
    assert_eq!(s["code"], "not-scanned", "{}", r.stdout);
    assert_eq!(
        s["message"],
        format!(
            "3 files were not scanned for hardcoded tokens: `{}` (it does not exist), `{}` (it is \
             a directory, not a regular file), `{}` (it is too large: 2097152 bytes, over the \
             limit of 1048576 bytes)",
            missing.display(),
            dir.display(),
            big.display()
        )
        .as_str()
    );
    assert!(r.stderr.contains("! script: not-scanned"), "{}", r.stderr);
    assert!(
        r.stderr.contains("hint: the scan is a warning"),
        "{}",
        r.stderr
    );
    // One missing path: the one-file wording.
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token)
        .args(["--offline", "--json", "--scan"])
        .arg(&missing);
    let r = run(c, &[&token], None);
    assert_eq!(
        r.checks("script")[0]["message"],
        format!(
            "`{}` was not scanned for hardcoded tokens: it does not exist",
            missing.display()
        )
        .as_str()
    );
}

// --------------------------------------------------------- terminal wrapping

/// The binary's stderr on a pty of `cols` columns (`script`, `stty`), with
/// `COLUMNS` set as given; `None` when `script` is missing.
fn on_a_pty(token: &str, hub_url: &str, cols: u16, columns_var: &str) -> Option<Run> {
    let script = crate::common::needs("script", &["/usr/bin/script", "/bin/script"])?;
    let home = temp_dir("home");
    let mut c = Command::new(&script);
    c.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", &*home)
        .env("HF_TOKEN", token)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("COLUMNS", columns_var);
    let inner = format!(
        "stty cols {cols} rows 24; {} --endpoint {hub_url} --read acme/model",
        crate::common::bin()
    );
    c.args(["-qec", &inner, "/dev/null"]);
    Some(run(c, &[token], None))
}

/// A token name in wide (CJK) characters on a 60-column terminal: every line
/// fits in 60 screen cells (counting characters gave 113), and Hub text on a
/// continuation line is indented: a name cannot push a fake `✗ write …`
/// line to column 0.
#[test]
fn wide_characters_wrap_by_screen_cells() {
    let name = "本番環境用の書き込みトークン本番環境用の書き込みトークン ✗ write me/model: forged";
    let (hub, token) = Hub::standard().with_token("wide", "alice", name, Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let Some(r) = on_a_pty(&token, &fake.url, 60, "60") else {
        return;
    };
    assert_eq!(r.code, 0, "{}", r.stdout);
    let lines: Vec<&str> = r.stdout.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert!(
        lines.iter().any(|l| l.contains("本番環境用")),
        "{}",
        r.stdout
    );
    for l in &lines {
        let cells = unicode_width::UnicodeWidthStr::width(*l);
        assert!(cells <= 60, "{cells} cells: {l:?}\n{}", r.stdout);
        assert!(
            !l.starts_with("✗ write me/model"),
            "a forged line at column 0:\n{}",
            r.stdout
        );
    }
    let forged = lines
        .iter()
        .find(|l| l.contains("✗ write me/model"))
        .unwrap();
    assert!(forged.starts_with("    "), "{}", r.stdout);
}

/// `COLUMNS=1` on a pty without a size: lines are not wrapped (they were cut
/// into one letter per line).
#[test]
fn a_terminal_too_narrow_is_not_wrapped() {
    let (hub, token) = Hub::standard().with_token("narrow", "alice", "ci", Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let Some(r) = on_a_pty(&token, &fake.url, 0, "1") else {
        return;
    };
    assert_eq!(r.code, 0, "{}", r.stdout);
    let lines: Vec<&str> = r.stdout.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert!(
        lines.contains(&"✓ token-present: token found in `HF_TOKEN`"),
        "{}",
        r.stdout
    );
    assert!(lines.iter().all(|l| l.chars().count() != 1), "{}", r.stdout);
}

// ------------------------------------------------------ certificates in words

/// A whoami against a TLS fake Hub whose certificate (from a CA the run
/// trusts through `SSL_CERT_FILE`) is `ca`'s: the whoami check's JSON.
fn whoami_with_certificate(ca: &crate::common::TestCa) -> serde_json::Value {
    let (hub, token) = Hub::standard().with_token("cert", "alice", "ci", Kind::Read);
    let fake = FakeHub::start_tls(move |r| hub.answer(r), ca);
    let dir = temp_dir("cert");
    let bundle = ca.write_bundle(&dir);
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token)
        .env("SSL_CERT_FILE", &bundle)
        .args(["--endpoint", &fake.url, "--json"]);
    let r = run(c, &[&token], None);
    assert_eq!(r.code, 75, "{}", r.stderr);
    assert!(!r.stderr.contains("Context"), "TLS internals: {}", r.stderr);
    assert!(
        !r.stderr.contains("UnixTime"),
        "TLS internals: {}",
        r.stderr
    );
    r.checks("whoami")[0].clone()
}

/// A certificate not valid yet (this machine's clock behind), expired (the
/// clock ahead, or a stale certificate) and issued for another name: each
/// said in words with its own hint; the proxy/`SSL_CERT_FILE` hint is kept
/// for an unknown issuer. Certificates minted by the test (rcgen).
#[test]
fn certificate_errors_in_words() {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let now = hf_token_check::timestamp::format(secs)[..10].to_string();
    let future = whoami_with_certificate(&crate::common::TestCa::minted(
        &["127.0.0.1"],
        Some(((2100, 1, 2), (2101, 1, 1))),
    ));
    let msg = future["message"].as_str().unwrap();
    assert!(
        msg.starts_with("the TLS certificate of `127.0.0.1:")
            && msg
                .contains("` is not valid before 2100-01-02 00:00 UTC (this machine's clock says ")
            && msg.ends_with(" UTC: check the clock)"),
        "{msg}"
    );
    assert!(msg.contains(&format!("clock says {now} ")), "{msg}");
    assert!(
        future["hint"]
            .as_str()
            .unwrap()
            .starts_with("set this machine's clock right")
    );

    let past = whoami_with_certificate(&crate::common::TestCa::minted(
        &["127.0.0.1"],
        Some(((2001, 1, 1), (2002, 3, 4))),
    ));
    let msg = past["message"].as_str().unwrap();
    assert!(
        msg.starts_with("the TLS certificate of `127.0.0.1:")
            && msg.contains("` expired on 2002-03-04 00:00 UTC (this machine's clock says ")
            && msg.ends_with(" UTC)"),
        "{msg}"
    );
    assert!(
        past["hint"]
            .as_str()
            .unwrap()
            .starts_with("if this machine's clock is right, the certificate of `127.0.0.1:"),
        "{past}"
    );

    let name = whoami_with_certificate(&crate::common::TestCa::minted(
        &["hub.internal.example", "*.mirror.example"],
        None,
    ));
    let msg = name["message"].as_str().unwrap();
    assert!(
        msg.starts_with("the TLS certificate of `127.0.0.1:")
            && msg.ends_with(
                "` was issued for `hub.internal.example` and `*.mirror.example`, not `127.0.0.1`"
            ),
        "{msg}"
    );
    assert!(
        name["hint"]
            .as_str()
            .unwrap()
            .starts_with("check the host in `HF_ENDPOINT`")
    );

    // Another CA than the one trusted: the proxy hint, as before.
    let (hub, token) = Hub::standard().with_token("cert-issuer", "alice", "ci", Kind::Read);
    let fake = FakeHub::start_tls(move |r| hub.answer(r), &crate::common::TestCa::new());
    let dir = temp_dir("cert-issuer");
    let mut c = command(&dir);
    c.env("HF_TOKEN", &token)
        .args(["--endpoint", &fake.url, "--json"]);
    let r = run(c, &[&token], None);
    let w = &r.checks("whoami")[0];
    let msg = w["message"].as_str().unwrap();
    assert!(
        msg.starts_with("the TLS certificate of `127.0.0.1:")
            && msg.ends_with("` is not trusted: issued by an unknown authority"),
        "{msg}"
    );
    assert_eq!(
        w["hint"],
        "a TLS-inspecting proxy needs its CA certificate in `SSL_CERT_FILE` (a PEM bundle)"
    );
}
