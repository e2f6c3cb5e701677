//! The deadline: the work on a file runs on a helper thread the caller stops
//! waiting for at the deadline (a stalled network filesystem cannot hold the
//! run), inline when no thread can be spawned.

use std::sync::{Arc, Mutex, mpsc};
use std::time::Instant;

use super::LocalError;

/// Runs `work` on a helper thread and waits for it until `deadline`; runs it
/// on this thread when no thread can be spawned (then only the non-blocking
/// opens bound it).
pub(super) fn within<T, F>(deadline: Instant, work: F) -> Result<T, LocalError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, LocalError> + Send + 'static,
{
    let slot = Arc::new(Mutex::new(Some(work)));
    let theirs = Arc::clone(&slot);
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("local-file".into())
        .stack_size(64 * 1024)
        .spawn(move || {
            let work = theirs.lock().ok().and_then(|mut w| w.take());
            if let Some(work) = work {
                let _ = tx.send(work());
            }
        });
    if spawned.is_err() {
        let work = slot.lock().ok().and_then(|mut w| w.take());
        return match work {
            Some(work) => work(),
            None => Err(LocalError::Io(std::io::Error::other(
                "the helper thread failed",
            ))),
        };
    }
    let left = deadline.saturating_duration_since(Instant::now());
    match rx.recv_timeout(left) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(LocalError::TimedOut),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(LocalError::Io(std::io::Error::other(
            "the helper thread failed",
        ))),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Work that does not finish by the deadline is given up on.
    #[test]
    fn the_deadline_bounds_a_stalled_read() {
        let (_keep, stalled) = mpsc::channel::<()>();
        let start = Instant::now();
        let result = within(start + Duration::from_millis(100), move || {
            let _ = stalled.recv();
            Ok(())
        });
        assert!(matches!(result, Err(LocalError::TimedOut)), "{result:?}");
        assert!(start.elapsed() >= Duration::from_millis(100));
    }
}
