//! While the Hub is slow: on a terminal, a transient line ("checking 3 repos
//! at huggingface.co… 2 s") redrawn each second and erased before the report;
//! in logs, one line after [`LOG_AFTER`] saying what is still awaited. The
//! network phase reports each request asked and answered through
//! [`Progress::note`]; the thread here is the only one that prints meanwhile.

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::to_stderr;
use crate::gather::Event;
use crate::sanitize::{Redactor, safe_text, strip_userinfo};

/// A terminal shows the transient line once the Hub took this long.
const TERMINAL_AFTER: Duration = Duration::from_secs(1);
/// Logs get their one line once the Hub took this long.
pub const LOG_AFTER: Duration = Duration::from_secs(2);

/// Requests still awaited, and whether the network phase is over.
#[derive(Default)]
struct State {
    pending: Vec<String>,
    over: bool,
}

/// The progress thread and what it reads.
pub struct Progress {
    shared: Arc<(Mutex<State>, Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// What the progress lines say: "checking 3 repos at HOST".
pub struct Subject {
    pub repos: usize,
    pub host: String,
    /// The terminal's width (a transient line), or `None` for logs (one line).
    pub width: Option<usize>,
}

impl Progress {
    /// Starts the thread (none when `quiet`: a passing run prints nothing).
    pub fn start(subject: Subject, redactor: &Redactor, quiet: bool) -> Progress {
        let shared: Arc<(Mutex<State>, Condvar)> = Arc::default();
        let thread = (!quiet)
            .then(|| {
                let (s, r) = (shared.clone(), redactor.clone());
                std::thread::Builder::new()
                    .spawn(move || watch(&s, &subject, &r))
                    .ok()
            })
            .flatten();
        Progress { shared, thread }
    }

    /// A request asked or answered.
    pub fn note(&self, e: Event<'_>) {
        let mut s = self.shared.0.lock().unwrap_or_else(|p| p.into_inner());
        match e {
            Event::Asked(what) => s.pending.push(what.to_string()),
            Event::Answered(what) => {
                if let Some(i) = s.pending.iter().position(|p| p == what) {
                    s.pending.remove(i);
                }
            }
        }
    }

    /// The network phase is over: the transient line is erased before this returns.
    pub fn stop(mut self) {
        self.finish();
    }

    fn finish(&mut self) {
        let (lock, cv) = &*self.shared;
        lock.lock().unwrap_or_else(|p| p.into_inner()).over = true;
        cv.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The thread: waits, then draws (terminal) or writes one line (logs).
fn watch(shared: &(Mutex<State>, Condvar), subject: &Subject, r: &Redactor) {
    let start = Instant::now();
    let (lock, cv) = shared;
    let mut drawn = false;
    let mut next = match subject.width {
        Some(_) => TERMINAL_AFTER,
        None => LOG_AFTER,
    };
    let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        let left = next.saturating_sub(start.elapsed());
        if !state.over && !left.is_zero() {
            state = cv
                .wait_timeout(state, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
            continue;
        }
        if state.over {
            break;
        }
        let secs = start.elapsed().as_secs();
        match subject.width {
            Some(width) => {
                let line = clip(&clean(r, &transient(subject, secs)), width);
                to_stderr(&format!("\r\u{1b}[K{line}"));
                drawn = true;
                next += Duration::from_secs(1);
            }
            None => {
                to_stderr(&format!(
                    "{}\n",
                    clean(r, &awaited(subject, &state.pending, secs))
                ));
                break;
            }
        }
    }
    drop(state);
    if drawn {
        to_stderr("\r\u{1b}[K");
    }
}

fn clean(r: &Redactor, s: &str) -> String {
    strip_userinfo(&safe_text(r, s, usize::MAX))
}

/// At most `width - 1` columns: the cursor stays on the line, which `\r` then erases.
fn clip(s: &str, width: usize) -> String {
    s.chars().take(width.saturating_sub(1)).collect()
}

/// "checking 3 repos at huggingface.co… 2 s"
fn transient(s: &Subject, secs: u64) -> String {
    let what = match s.repos {
        0 => "the token".to_string(),
        1 => "1 repo".to_string(),
        n => format!("{n} repos"),
    };
    format!("checking {what} at {}… {secs} s", s.host)
}

/// "hf-token-check: still waiting for huggingface.co after 2 s: whoami, read acme/model"
fn awaited(s: &Subject, pending: &[String], secs: u64) -> String {
    let mut names: Vec<&str> = pending.iter().map(String::as_str).take(10).collect();
    let more = pending.len().saturating_sub(names.len());
    let more = format!("and {more} more");
    if pending.len() > names.len() {
        names.push(&more);
    }
    let what = if names.is_empty() {
        "the last answers".to_string()
    } else {
        names.join(", ")
    };
    format!(
        "hf-token-check: still waiting for {} after {secs} s: {what} (the report follows when \
         every answer is in, or at `--timeout`)",
        s.host
    )
}
