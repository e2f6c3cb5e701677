//! `-- COMMAND`: replace this process with the job's command once every check passed.
//! Windows has no exec: there the command runs as a child and its status is ours.

use std::ffi::{OsStr, OsString};
#[cfg(unix)]
use std::io::Read;
#[cfg(unix)]
use std::os::unix::process::CommandExt;
#[cfg(unix)]
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::exit::Exit;

/// Execs `command`. Returns only when that failed: the exit status to end with
/// (127 not found, 126 found but not executable) and the error message.
/// `search_path` is `PATH`, to tell a missing command from a script whose
/// interpreter is missing (the kernel says "no such file" for both).
#[cfg(unix)]
pub fn exec(command: &[OsString], search_path: Option<&OsStr>) -> (Exit, String) {
    let program = &command[0];
    let err = Command::new(program).args(&command[1..]).exec();
    let shown = program.to_string_lossy();
    match err.kind() {
        std::io::ErrorKind::NotFound => (Exit::NotFound, not_found(program, search_path)),
        std::io::ErrorKind::PermissionDenied => (
            Exit::CannotExec,
            format!("cannot run `{shown}`: permission denied (not executable, or a directory)"),
        ),
        _ => (Exit::CannotExec, format!("cannot run `{shown}`: {err}")),
    }
}

/// Why exec said "no such file": the command is not there, or it is there and
/// what it needs to start (the `#!` interpreter, the ELF loader) is not.
#[cfg(unix)]
fn not_found(program: &OsStr, search_path: Option<&OsStr>) -> String {
    let shown = program.to_string_lossy();
    let Some(file) = locate(program, search_path) else {
        return if shown.contains('/') {
            format!("cannot run `{shown}`: no such file")
        } else {
            format!("cannot run `{shown}`: command not found in `PATH`")
        };
    };
    match shebang(&file) {
        Some(interpreter) => format!(
            "cannot run `{shown}`: the interpreter `{interpreter}` named on its `#!` line was not found"
        ),
        None => format!(
            "cannot run `{shown}`: the file exists, but the program loader it needs (its ELF \
             interpreter, e.g. the C library's `ld.so`) was not found"
        ),
    }
}

/// The regular file exec would have run: `program` itself when it has a `/`,
/// else the first match in `PATH`.
#[cfg(unix)]
fn locate(program: &OsStr, search_path: Option<&OsStr>) -> Option<PathBuf> {
    let is_file = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.is_file());
    if program.to_string_lossy().contains('/') {
        let p = PathBuf::from(program);
        return is_file(&p).then_some(p);
    }
    std::env::split_paths(search_path?)
        .map(|dir| dir.join(program))
        .find(|p| is_file(p))
}

/// The interpreter of a `#!` line (its first word), if the file starts with one.
#[cfg(unix)]
fn shebang(file: &Path) -> Option<String> {
    let mut head = Vec::new();
    std::fs::File::open(file)
        .ok()?
        .take(256)
        .read_to_end(&mut head)
        .ok()?;
    let line = head.strip_prefix(b"#!")?;
    let line = line.split(|b| *b == b'\n').next()?;
    let word = String::from_utf8_lossy(line)
        .split_whitespace()
        .next()?
        .to_string();
    Some(word)
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
pub fn exec(command: &[OsString], _search_path: Option<&OsStr>) -> (Exit, String) {
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A script whose `#!` interpreter is missing is told apart from a missing file.
    #[test]
    fn missing_interpreter_is_named() {
        let dir = crate::testing::temp_dir("exec");
        let script = dir.path().join("job.py");
        std::fs::write(&script, "#!/nonexistent/python -u\nprint(1)\n").unwrap();
        let text = not_found(script.as_os_str(), None);
        assert!(
            text.contains(
                "the interpreter `/nonexistent/python` named on its `#!` line was not found"
            ),
            "{text}"
        );
        let by_name = not_found(OsStr::new("job.py"), Some(dir.path().as_os_str()));
        assert!(by_name.contains("`/nonexistent/python`"), "{by_name}");
        let absent = not_found(dir.path().join("absent").as_os_str(), None);
        assert!(absent.ends_with("no such file"), "{absent}");
        let unknown = not_found(OsStr::new("absent"), Some(dir.path().as_os_str()));
        assert!(unknown.contains("command not found in `PATH`"), "{unknown}");
    }
}
