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
