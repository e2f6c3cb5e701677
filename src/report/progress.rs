//! While the Hub is slow: on a terminal, a transient line ("checking 3 repos
//! at huggingface.co… 2 s") redrawn each second and erased before the report;
//! in logs, one line after [`LOG_AFTER`] saying what is still awaited. The
//! network phase reports each request asked and answered through
//! [`Progress::note`]; the thread here is the only one that prints meanwhile.

use std::collections::HashMap;
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
///
/// A note costs the same with 10,000 requests awaited as with one: each label
/// keeps the places where it is awaited (in the order asked), so an answer
/// finds its place without a scan of the list.
#[derive(Default)]
struct State {
    /// Every request asked in this round, in order; `None` once answered.
    asked: Vec<Option<String>>,
    /// Each awaited label's places in `asked`, oldest first.
    places: HashMap<String, Vec<usize>>,
    /// How many are still awaited.
    left: usize,
    over: bool,
    /// A transient line is on the terminal (the thread erases it at the end).
    drawn: bool,
}

impl State {
    fn asked(&mut self, what: &str) {
        if self.left == 0 {
            // A new round: the answered ones are no longer needed.
            self.asked.clear();
            self.places.clear();
        }
        self.places
            .entry(what.to_string())
            .or_default()
            .push(self.asked.len());
        self.asked.push(Some(what.to_string()));
        self.left += 1;
    }

    fn answered(&mut self, what: &str) {
        let Some(places) = self.places.get_mut(what) else {
            return;
        };
        let place = places.remove(0);
        if places.is_empty() {
            self.places.remove(what);
        }
        self.asked[place] = None;
        self.left -= 1;
    }

    /// The labels still awaited, in the order asked.
    fn pending(&self) -> impl Iterator<Item = &str> {
        self.asked.iter().filter_map(Option::as_deref)
    }
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
            Event::Asked(what) => s.asked(what),
            Event::Answered(what) => s.answered(what),
        }
    }

    /// The network phase is over: the transient line is erased before this returns.
    pub fn stop(mut self) {
        self.finish();
    }

    /// Ends the thread's work. It is waited for only when it has a line to
    /// erase: otherwise, once `over` is set under the lock, it can print
    /// nothing more, and the report need not wait for it to wake and exit
    /// (a thread switch on two busy cores); it ends with the process.
    fn finish(&mut self) {
        let (lock, cv) = &*self.shared;
        let drawn = {
            let mut s = lock.lock().unwrap_or_else(|p| p.into_inner());
            s.over = true;
            s.drawn
        };
        cv.notify_all();
        if let Some(t) = self.thread.take()
            && drawn
        {
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
                state.drawn = true;
                next += Duration::from_secs(1);
            }
            None => {
                to_stderr(&format!(
                    "{}\n",
                    clean(r, &awaited(subject, state.pending(), state.left, secs))
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
fn awaited<'a>(
    s: &Subject,
    pending: impl Iterator<Item = &'a str>,
    left: usize,
    secs: u64,
) -> String {
    let mut names: Vec<&str> = pending.take(10).collect();
    let more = left.saturating_sub(names.len());
    let more = format!("and {more} more");
    if left > names.len() {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn subject() -> Subject {
        Subject {
            repos: 2,
            host: "huggingface.co".into(),
            width: None,
        }
    }

    fn subject_of(repos: usize) -> Subject {
        Subject { repos, ..subject() }
    }

    /// Answers in any order, the same label twice, and a second round: what
    /// is still awaited keeps the order asked, and the count is right.
    #[test]
    fn awaited_keeps_order_and_count() {
        let mut s = State::default();
        for what in ["whoami", "read a/b", "read a/b", "write c/d"] {
            s.asked(what);
        }
        s.answered("read a/b");
        s.answered("never asked");
        assert_eq!(
            s.pending().collect::<Vec<_>>(),
            ["whoami", "read a/b", "write c/d"]
        );
        assert_eq!(s.left, 3);
        for what in ["write c/d", "whoami", "read a/b"] {
            s.answered(what);
        }
        assert_eq!((s.left, s.pending().count()), (0, 0));
        s.asked("read datasets/a/b");
        assert_eq!(s.pending().collect::<Vec<_>>(), ["read datasets/a/b"]);
        assert_eq!(s.asked.len(), 1, "the answered round is dropped");
    }

    /// Past ten names, the rest are counted.
    #[test]
    fn awaited_counts_past_ten() {
        let mut s = State::default();
        let names: Vec<String> = (0..13).map(|i| format!("read me/r{i}")).collect();
        for n in &names {
            s.asked(n);
        }
        s.answered("read me/r0");
        let line = awaited(&subject(), s.pending(), s.left, 2);
        assert!(
            line.contains("after 2 s: read me/r1, read me/r2,"),
            "{line}"
        );
        assert!(line.contains("read me/r10, and 2 more ("), "{line}");
        assert!(!line.contains("read me/r0,"), "{line}");
    }

    /// The transient line stops one column short of the width: a line that
    /// fills the last column moves the cursor to the next line on many
    /// terminals, and `\r` would then erase the wrong line.
    #[test]
    fn clip_leaves_the_last_column_free() {
        let long = "é".repeat(200);
        for width in [1, 2, 16, 80] {
            assert_eq!(clip(&long, width).chars().count(), width - 1, "{width}");
        }
        assert_eq!(clip("short", 80), "short");
        assert_eq!(clip("exactly 9", 10), "exactly 9");
        assert_eq!(clip("exactly 10", 10), "exactly 1");
        assert_eq!(clip("x", 0), "");
    }

    /// What the transient line says, for no repo, one and many.
    #[test]
    fn transient_line() {
        let rows = [
            (0, "checking the token at huggingface.co… 3 s"),
            (1, "checking 1 repo at huggingface.co… 3 s"),
            (12, "checking 12 repos at huggingface.co… 3 s"),
        ];
        for (repos, want) in rows {
            assert_eq!(transient(&subject_of(repos), 3), want);
        }
    }

    /// The log's one line names what is awaited, at most 10 of them, then
    /// how many more; with nothing pending, the last answers.
    #[test]
    fn awaited_line() {
        let tail = "(the report follows when every answer is in, or at `--timeout`)";
        let s = subject();
        let pending: Vec<String> = (0..12).map(|i| format!("read acme/m{i}")).collect();
        let names = |n: usize| pending[..n].join(", ");
        assert_eq!(
            awaited(&s, pending[..2].iter().map(String::as_str), 2, 2),
            format!(
                "hf-token-check: still waiting for huggingface.co after 2 s: {} {tail}",
                names(2)
            )
        );
        assert_eq!(
            awaited(&s, pending[..10].iter().map(String::as_str), 10, 2),
            format!(
                "hf-token-check: still waiting for huggingface.co after 2 s: {} {tail}",
                names(10)
            )
        );
        assert_eq!(
            awaited(&s, pending.iter().map(String::as_str), 12, 5),
            format!(
                "hf-token-check: still waiting for huggingface.co after 5 s: {}, and 2 more {tail}",
                names(10)
            )
        );
        assert_eq!(
            awaited(&s, std::iter::empty(), 0, 2),
            format!(
                "hf-token-check: still waiting for huggingface.co after 2 s: the last answers {tail}"
            )
        );
    }

    /// What the lines show is cleaned: no token, no URL credentials, no controls.
    #[test]
    fn lines_are_cleaned() {
        let token = "hf_QwErTyUiOpAsDfGhJkLzXcVbNm0123456789";
        let r = Redactor::new(None, Some(token));
        let text = clean(&r, &format!("at https://u:pw@hub.example\u{1b}[2J {token}"));
        assert_eq!(text, "at https://hub.example [REDACTED]");
    }

    /// A quiet run starts no thread: a passing run prints nothing.
    #[test]
    fn quiet_starts_no_thread() {
        let p = Progress::start(subject(), &Redactor::none(), true);
        assert!(p.thread.is_none());
        p.stop();
    }
}
