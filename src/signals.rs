//! SIGTERM, SIGINT and SIGHUP during the check: end at once with 128+signal
//! and a one-line report on stderr, also as PID 1.
//!
//! The kernel drops a signal sent to PID 1 when PID 1 has no handler for it,
//! so an entrypoint without a handler ignores `docker stop` and a job cancel
//! until `--timeout` runs out and SIGKILL follows. [`install`] sets a handler
//! that writes a line prepared in advance and calls `_exit`: only
//! async-signal-safe calls, no allocation, no lock, no unwinding. The process
//! ends there, so COMMAND never starts after an interrupted check.
//!
//! After `exec`, the signals are COMMAND's: exec resets every caught signal to
//! its default action. A signal that was ignored when hf-token-check started
//! (`nohup`, `trap '' HUP`, a shell's background job ignoring SIGINT) is left
//! ignored, for the check and for COMMAND, as the launcher asked.

/// The signals that interrupt the check, with their names for the report.
#[cfg(unix)]
const SIGNALS: [(libc::c_int, &str); 3] = [
    (libc::SIGHUP, "SIGHUP"),
    (libc::SIGINT, "SIGINT"),
    (libc::SIGTERM, "SIGTERM"),
];

/// The line written when `signal` interrupts the check. `command` is COMMAND's
/// program as shown to the user; it is left out when it is long or looks like
/// it could hold a token. Unix only: no signal handlers elsewhere.
#[cfg(any(unix, test))]
pub fn message(signal: &str, command: Option<&str>) -> String {
    let shown = command.filter(|c| c.chars().count() <= 64 && !c.contains("hf_"));
    let shown: Option<String> = shown.map(|c| {
        c.chars()
            .map(|ch| {
                if ch.is_control() || ch == '`' {
                    '?'
                } else {
                    ch
                }
            })
            .collect()
    });
    match (shown, command) {
        (Some(c), _) => format!(
            "error: interrupted by {signal} before the check finished; `{c}` was not started\n"
        ),
        (None, Some(_)) => format!(
            "error: interrupted by {signal} before the check finished; the command after `--` was not started\n"
        ),
        (None, None) => format!("error: interrupted by {signal} before the check finished\n"),
    }
}

/// Installs the handlers. Call once, at startup, before any request; with
/// `-- COMMAND`, `command` is its program as shown to the user (the report
/// says it was not started). A second call only replaces the prepared lines.
#[cfg(unix)]
pub fn install(command: Option<&str>) {
    for (i, (_, name)) in SIGNALS.iter().enumerate() {
        imp::prepare(i, message(name, command).into_bytes());
    }
    for (signal, _) in SIGNALS {
        imp::catch(signal);
    }
}

/// No signals to catch off unix.
#[cfg(not(unix))]
pub fn install(_command: Option<&str>) {
    // Nothing to install: the platform's default handling stays.
}

#[cfg(unix)]
mod imp {
    use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

    use super::SIGNALS;

    /// The prepared lines, one per entry of `SIGNALS`: leaked, never freed, so
    /// the handler can read them at any time.
    static LINES: [AtomicPtr<u8>; 3] = [
        AtomicPtr::new(std::ptr::null_mut()),
        AtomicPtr::new(std::ptr::null_mut()),
        AtomicPtr::new(std::ptr::null_mut()),
    ];
    static LENGTHS: [AtomicUsize; 3] = [
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    ];
    /// Set by the first handler to run: a second signal on another thread
    /// returns and lets the first one finish its line and exit.
    static FIRED: AtomicBool = AtomicBool::new(false);

    pub(super) fn prepare(i: usize, line: Vec<u8>) {
        let line: &'static mut [u8] = Box::leak(line.into_boxed_slice());
        // Length 0 first, so a handler never pairs the new pointer with a
        // longer old length.
        LENGTHS[i].store(0, Ordering::SeqCst);
        LINES[i].store(line.as_mut_ptr(), Ordering::SeqCst);
        LENGTHS[i].store(line.len(), Ordering::SeqCst);
    }

    pub(super) fn catch(signal: libc::c_int) {
        // SAFETY: `sigaction` is given valid pointers to zero-initialised
        // `struct sigaction` values (a valid bit pattern for that C struct), and
        // the handler only makes async-signal-safe calls.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(signal, std::ptr::null(), &mut old) != 0 {
                return;
            }
            if old.sa_sigaction == libc::SIG_IGN {
                return;
            }
            let mut new: libc::sigaction = std::mem::zeroed();
            new.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut new.sa_mask);
            for (other, _) in SIGNALS {
                libc::sigaddset(&mut new.sa_mask, other);
            }
            new.sa_flags = libc::SA_RESTART;
            libc::sigaction(signal, &new, std::ptr::null_mut());
        }
    }

    /// Writes the prepared line and ends the process with 128+signal.
    extern "C" fn on_signal(signal: libc::c_int) {
        if FIRED.swap(true, Ordering::SeqCst) {
            return;
        }
        let i = SIGNALS.iter().position(|(s, _)| *s == signal).unwrap_or(0);
        let line = LINES[i].load(Ordering::SeqCst);
        let len = LENGTHS[i].load(Ordering::SeqCst);
        // SAFETY: `line` is null or points to a leaked line of at least `len`
        // bytes; `write` and `_exit` are async-signal-safe.
        unsafe {
            if !line.is_null() {
                let mut done = 0;
                while done < len {
                    let n = libc::write(2, line.add(done).cast(), len - done);
                    if n > 0 {
                        done += n as usize;
                    } else if n < 0
                        && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR)
                    {
                        continue;
                    } else {
                        break;
                    }
                }
            }
            libc::_exit(128 + signal);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The interrupted run's one line says which signal and that COMMAND did not start.
    #[test]
    fn the_line_names_the_signal_and_the_command() {
        assert_eq!(
            message("SIGTERM", Some("touch")),
            "error: interrupted by SIGTERM before the check finished; `touch` was not started\n"
        );
        assert_eq!(
            message("SIGINT", None),
            "error: interrupted by SIGINT before the check finished\n"
        );
    }

    /// A COMMAND name that could hold a token or terminal escapes is never echoed as is.
    #[test]
    fn a_strange_command_name_is_not_shown_as_is() {
        let token_like = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";
        let line = message("SIGHUP", Some(token_like));
        assert!(!line.contains("abcdef"), "{line}");
        assert!(line.contains("the command after `--` was not started"));
        assert!(!message("SIGHUP", Some(&"x".repeat(65))).contains("xxx"));
        let line = message("SIGHUP", Some("a\x1b[31m`b\nc"));
        assert_eq!(
            line,
            "error: interrupted by SIGHUP before the check finished; `a?[31m?b?c` was not started\n"
        );
        assert_eq!(line.matches('\n').count(), 1);
    }

    /// SIGHUP, SIGINT, SIGTERM end the run with 129, 130, 143.
    #[cfg(unix)]
    #[test]
    fn the_exit_statuses_are_128_plus_the_signal() {
        let codes: Vec<i32> = SIGNALS.iter().map(|(s, _)| 128 + s).collect();
        assert_eq!(codes, [129, 130, 143]);
    }
}
