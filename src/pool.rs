//! A small worker pool: at most `workers` jobs at once, results in input order,
//! and a job that produced nothing (it panicked, or no thread could run it) is
//! an explicit `Err(JobLost)`, never silently dropped.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A job that gave no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobLost;

/// Runs every job on at most `workers` threads. A failed thread spawn means
/// fewer workers (the calling thread works too), never an abort.
pub fn run<T, F>(jobs: Vec<F>, workers: usize) -> Vec<Result<T, JobLost>>
where
    T: Send,
    F: FnOnce() -> T + Send,
{
    let n = jobs.len();
    let queue: Vec<Mutex<Option<F>>> = jobs.into_iter().map(|j| Mutex::new(Some(j))).collect();
    let results: Vec<Mutex<Option<T>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            if i >= n {
                break;
            }
            let job = queue[i].lock().ok().and_then(|mut j| j.take());
            if let Some(job) = job
                && let Ok(out) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
                && let Ok(mut slot) = results[i].lock()
            {
                *slot = Some(out);
            }
        }
    };
    std::thread::scope(|s| {
        let extra = workers.min(n).saturating_sub(1);
        for _ in 0..extra {
            if std::thread::Builder::new().spawn_scoped(s, work).is_err() {
                break;
            }
        }
        work();
    });
    results
        .into_iter()
        .map(|r| r.into_inner().ok().flatten().ok_or(JobLost))
        .collect()
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
