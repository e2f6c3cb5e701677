//! `-- COMMAND` on every platform: the exit status is COMMAND's (exec on Unix,
//! a waited-for child on Windows), and a missing COMMAND is 127. The child's
//! environment is the test's own less `HF_*`: Windows needs `SystemRoot` and
//! the like for sockets, so it is not cleared.

use std::process::Command;

use crate::common::model::{Hub, Kind};
use crate::common::{FakeHub, temp_dir};

fn shell(script: &str) -> Vec<String> {
    if cfg!(windows) {
        vec!["cmd".into(), "/C".into(), script.into()]
    } else {
        vec!["sh".into(), "-c".into(), script.into()]
    }
}

fn run(fake: &FakeHub, token: &str, command: &[String]) -> (i32, String) {
    let home = temp_dir("entry");
    let mut c = Command::new(crate::common::bin());
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().to_ascii_uppercase().starts_with("HF_") {
            c.env_remove(k);
        }
    }
    c.env("HF_TOKEN", token)
        .env("HOME", &home)
        .env("USERPROFILE", &home)
        .env("NO_COLOR", "1")
        .args(["--endpoint", &fake.url, "--read", "acme/model", "--"])
        .args(command);
    let out = c.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stdout.contains(&token[3..12]) && !stderr.contains(&token[3..12]));
    (out.status.code().unwrap_or(-1), format!("{stdout}{stderr}"))
}

/// COMMAND's exit status, zero or not, is the one hf-token-check ends with,
/// and COMMAND's output reaches ours.
#[test]
fn the_exit_status_is_the_commands() {
    let (hub, token) = Hub::standard().with_token("entry", "alice", "ci", Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    for (script, want) in [("echo ran && exit 3", 3), ("echo ran", 0)] {
        let (code, out) = run(&fake, &token, &shell(script));
        assert_eq!(code, want, "{script}: {out}");
        assert!(out.contains("ran"), "{script}: {out}");
    }
}

/// A COMMAND that does not exist exits 127 and says so.
#[test]
fn a_missing_command_is_127() {
    let (hub, token) = Hub::standard().with_token("entry", "alice", "ci", Kind::Read);
    let fake = FakeHub::start(move |r| hub.answer(r));
    let (code, out) = run(&fake, &token, &["hf-token-check-no-such-command".into()]);
    assert_eq!(code, 127, "{out}");
    assert!(out.contains("command not found"), "{out}");
}
