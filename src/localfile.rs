//! Reading and appending local files within bounds: only regular files, never
//! more than a cap, never blocked by a FIFO or a device, never past the deadline.
//!
//! The token file, `SSL_CERT_FILE` and `GITHUB_STEP_SUMMARY` come from the
//! environment; any of them can be a FIFO (an open for reading waits for a
//! writer, forever), `/dev/zero` (endless), a 100 MB file, a directory, or sit
//! on a stalled network filesystem. Here every open is non-blocking and checked
//! to be a regular file before and after opening, every read stops at cap + 1
//! bytes, and the whole operation runs on a helper thread the caller stops
//! waiting for at the deadline (inline if no thread can be spawned).
//!
//! Errors carry what a message needs (the kind of file, its size, the cap) and
//! never any of the file's content; the caller names the path and its variable.
//!
//! One idea per file, each with its tests at its end:
//! - `kind`: what a path turned out to be ([`FileKind`]) and why it was not
//!   used ([`LocalError`]);
//! - `open`: the one checked, non-blocking open, and a file's identity
//!   ([`FileId`]: device and inode);
//! - `deadline`: the helper thread waited for until the deadline;
//! - `read`: [`read_bounded`], [`stream_bounded`], [`read_once`];
//! - `write`: [`append_bounded`], [`write_bounded`] (atomic replace);
//! - `same`: [`first_same`] (one file under two names).

mod deadline;
mod kind;
mod open;
mod read;
mod same;
mod write;

pub use kind::{FileKind, LocalError};
pub use open::FileId;
pub use read::{ReadOnce, read_bounded, read_once, stream_bounded};
pub use same::first_same;
pub use write::{append_bounded, write_bounded};

/// The largest token file read (a token is 37 bytes; this leaves room for comments).
pub const TOKEN_FILE_CAP: u64 = 64 * 1024;
/// The largest CA bundle read (Mozilla's whole set is about 220 KB).
pub const CA_BUNDLE_CAP: u64 = 4 * 1024 * 1024;

/// What the tests of several rooms share: a deadline far enough away, a FIFO.
#[cfg(all(test, unix))]
mod test_support {
    use std::path::Path;
    use std::time::{Duration, Instant};

    pub fn soon() -> Instant {
        Instant::now() + Duration::from_secs(20)
    }

    pub fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    }
}
