//! A small worker pool: at most `workers` jobs at once, results in input order,
//! and a job that produced nothing (it panicked, or no thread could run it) is
//! an explicit `Err(JobLost)`, never silently dropped.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::Scope;

/// A job that gave no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobLost;

/// Runs every job on at most `workers` threads. A failed thread spawn means
/// fewer workers (the calling thread works too), never an abort.
///
/// Helpers start lazily: a thread that takes a job starts one more helper (up
/// to `workers - 1` in all) only while jobs are still queued, before running
/// its own. So the calling thread starts its first job after one spawn, not
/// `workers - 1`, spawns overlap with requests, and no thread is started for
/// a queue that is already empty.
pub fn run<T, F>(jobs: Vec<F>, workers: usize) -> Vec<Result<T, JobLost>>
where
    T: Send,
    F: FnOnce() -> T + Send,
{
    let n = jobs.len();
    let shared = Shared {
        queue: jobs.into_iter().map(|j| Mutex::new(Some(j))).collect(),
        results: (0..n).map(|_| Mutex::new(None)).collect(),
        next: AtomicUsize::new(0),
        helpers: AtomicUsize::new(workers.min(n).saturating_sub(1)),
    };
    std::thread::scope(|s| work(s, &shared));
    shared
        .results
        .into_iter()
        .map(|r| r.into_inner().ok().flatten().ok_or(JobLost))
        .collect()
}

/// The queue, the result slots, and how many helpers may still be started.
struct Shared<T, F> {
    queue: Vec<Mutex<Option<F>>>,
    results: Vec<Mutex<Option<T>>>,
    next: AtomicUsize,
    helpers: AtomicUsize,
}

/// One worker: takes jobs in order until none is left, and starts a helper
/// when it takes a job while others are still queued (and the cap allows).
fn work<'scope, T, F>(s: &'scope Scope<'scope, '_>, shared: &'scope Shared<T, F>)
where
    T: Send,
    F: FnOnce() -> T + Send,
{
    let n = shared.queue.len();
    loop {
        let i = shared.next.fetch_add(1, Ordering::SeqCst);
        if i >= n {
            break;
        }
        if i + 1 < n
            && shared
                .helpers
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |h| h.checked_sub(1))
                .is_ok()
        {
            // A failed spawn leaves the jobs to the threads already running.
            let _ = std::thread::Builder::new().spawn_scoped(s, move || work(s, shared));
        }
        let job = shared.queue[i].lock().ok().and_then(|mut j| j.take());
        if let Some(job) = job
            && let Ok(out) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
            && let Ok(mut slot) = shared.results[i].lock()
        {
            *slot = Some(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Results keep the input order, and never more than `workers` run at once.
    #[test]
    fn order_and_cap() {
        let running = AtomicUsize::new(0);
        let high = AtomicUsize::new(0);
        let jobs: Vec<_> = (0..200)
            .map(|i| {
                let (running, high) = (&running, &high);
                move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    high.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_micros(200));
                    running.fetch_sub(1, Ordering::SeqCst);
                    i * 2
                }
            })
            .collect();
        let out = run(jobs, 8);
        assert_eq!(out, (0..200).map(|i| Ok(i * 2)).collect::<Vec<_>>());
        let high = high.load(Ordering::SeqCst);
        assert!((1..=8).contains(&high), "{high}");
    }

    /// A job that panics is reported as lost; the others still finish.
    #[test]
    fn a_panic_is_a_lost_job() {
        let jobs: Vec<Box<dyn FnOnce() -> u8 + Send>> =
            vec![Box::new(|| 1), Box::new(|| panic!("boom")), Box::new(|| 3)];
        assert_eq!(run(jobs, 2), vec![Ok(1), Err(JobLost), Ok(3)]);
    }
}
