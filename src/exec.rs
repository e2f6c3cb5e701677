//! `-- COMMAND`: replace this process with the job's command once every check passed.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::process::Command;

use crate::exit::Exit;

/// Execs `command`. Returns only when that failed: the exit status to end with
/// (127 not found, 126 found but not executable) and the error message.
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
