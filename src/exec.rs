//! `-- COMMAND`: replace this process with the job's command once every check passed.
//! Windows has no exec: there the command runs as a child and its status is ours.

use std::ffi::OsString;
#[cfg(unix)]
use std::os::unix::process::CommandExt;
use std::process::Command;

use crate::exit::Exit;

/// Execs `command`. Returns only when that failed: the exit status to end with
/// (127 not found, 126 found but not executable) and the error message.
#[cfg(unix)]
pub fn exec(command: &[OsString]) -> (Exit, String) {
    let program = &command[0];
    let err = Command::new(program).args(&command[1..]).exec();
    let shown = program.to_string_lossy();
    match err.kind() {
        std::io::ErrorKind::NotFound => (
            Exit::NotFound,
            if shown.contains('/') {
                format!("cannot run `{shown}`: no such file")
            } else {
                format!("cannot run `{shown}`: command not found in `PATH`")
            },
        ),
        std::io::ErrorKind::PermissionDenied => (
            Exit::CannotExec,
            format!("cannot run `{shown}`: permission denied (not executable, or a directory)"),
        ),
        _ => (Exit::CannotExec, format!("cannot run `{shown}`: {err}")),
    }
}

/// Runs `command` as a child, waits, and exits with its status. Returns only
/// when it could not be started: the exit status to end with (127 not found,
/// 126 otherwise) and the error message.
///
/// Ctrl-C goes to every process on the console, the child included: this
/// process ignores it meanwhile (a handler that says "handled"; unlike
/// `SetConsoleCtrlHandler(NULL, TRUE)` that is not inherited by the child), so
/// that the child decides, and its status is the one we exit with.
#[cfg(windows)]
pub fn exec(command: &[OsString]) -> (Exit, String) {
    let program = &command[0];
    // SAFETY: registers a plain function with no state; kernel32 is always linked.
    unsafe { SetConsoleCtrlHandler(Some(ignore_ctrl_c), 1) };
    let err = match Command::new(program).args(&command[1..]).status() {
        Ok(status) => std::process::exit(status.code().unwrap_or(1)),
        Err(err) => err,
    };
    let shown = program.to_string_lossy();
    match err.kind() {
        std::io::ErrorKind::NotFound => (
            Exit::NotFound,
            if shown.contains(['/', '\\']) {
                format!("cannot run `{shown}`: no such file")
            } else {
                format!("cannot run `{shown}`: command not found in `PATH`")
            },
        ),
        _ => (Exit::CannotExec, format!("cannot run `{shown}`: {err}")),
    }
}

/// CTRL_C_EVENT (0) and CTRL_BREAK_EVENT (1): handled, i.e. ignored here.
#[cfg(windows)]
unsafe extern "system" fn ignore_ctrl_c(ctrl_type: u32) -> i32 {
    (ctrl_type <= 1) as i32
}

#[cfg(windows)]
#[link(name = "kernel32")]
unsafe extern "system" {
    fn SetConsoleCtrlHandler(
        handler: Option<unsafe extern "system" fn(u32) -> i32>,
        add: i32,
    ) -> i32;
}
