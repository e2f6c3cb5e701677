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

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The largest token file read (a token is 37 bytes; this leaves room for comments).
pub const TOKEN_FILE_CAP: u64 = 64 * 1024;
/// The largest CA bundle read (Mozilla's whole set is about 220 KB).
pub const CA_BUNDLE_CAP: u64 = 4 * 1024 * 1024;

/// What a path that is not a regular file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    /// A named pipe.
    #[cfg(unix)]
    Fifo,
    #[cfg(unix)]
    CharDevice,
    #[cfg(unix)]
    BlockDevice,
    #[cfg(unix)]
    Socket,
    /// Anything else that is not a regular file.
    Other,
}

impl FileKind {
    fn of(meta: &Metadata) -> Option<FileKind> {
        let ty = meta.file_type();
        if ty.is_file() {
            return None;
        }
        if ty.is_dir() {
            return Some(FileKind::Directory);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if ty.is_fifo() {
                return Some(FileKind::Fifo);
            }
            if ty.is_char_device() {
                return Some(FileKind::CharDevice);
            }
            if ty.is_block_device() {
                return Some(FileKind::BlockDevice);
            }
            if ty.is_socket() {
                return Some(FileKind::Socket);
            }
        }
        Some(FileKind::Other)
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Directory => "a directory",
            #[cfg(unix)]
            FileKind::Fifo => "a named pipe (FIFO)",
            #[cfg(unix)]
            FileKind::CharDevice => "a character device",
            #[cfg(unix)]
            FileKind::BlockDevice => "a block device",
            #[cfg(unix)]
            FileKind::Socket => "a socket",
            FileKind::Other => "a special file",
        })
    }
}

/// Why a local file was not read or written. `Display` gives a lowercase
/// phrase to put after the path: "`/run/token` is a named pipe (FIFO), not a
/// regular file".
#[derive(Debug)]
pub enum LocalError {
    /// Nothing at the path (for a read).
    NotFound,
    /// The path is not a regular file.
    NotRegular(FileKind),
    /// Over the cap. `size` is the size the file reports, or cap + 1 when it
    /// reports less than it holds (procfs, a file growing while read).
    TooLarge { size: u64, cap: u64 },
    /// A symbolic link where a file is written: links are not followed, so
    /// the report never lands on whatever the link points to.
    Symlink,
    /// Not done by the deadline (a stalled filesystem); the helper thread is
    /// left behind and ends with the process.
    TimedOut,
    /// Any other failure of open, read or write (permission denied, EIO...).
    Io(std::io::Error),
}

impl fmt::Display for LocalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalError::NotFound => f.write_str("does not exist"),
            LocalError::NotRegular(kind) => write!(f, "is {kind}, not a regular file"),
            LocalError::TooLarge { size, cap } => {
                write!(
                    f,
                    "is too large: {size} bytes, over the limit of {cap} bytes"
                )
            }
            LocalError::Symlink => f.write_str("is a symbolic link, which is not followed"),
            LocalError::TimedOut => {
                f.write_str("could not be read or written before the deadline (`--timeout`)")
            }
            LocalError::Io(e) => write!(f, "could not be used: {e}"),
        }
    }
}

impl std::error::Error for LocalError {}

/// Reads the regular file at `path` whole, refusing anything else, anything
/// over `cap` bytes (never reading more than cap + 1), and giving up at
/// `deadline`.
pub fn read_bounded(path: &Path, cap: u64, deadline: Instant) -> Result<Vec<u8>, LocalError> {
    let path = path.to_path_buf();
    within(deadline, move || read_now(&path, cap))
}

/// Appends `text` to the regular file at `path`, creating it if absent;
/// refuses anything that is not a regular file (a FIFO never blocks the
/// write) and gives up at `deadline`. For `GITHUB_STEP_SUMMARY`.
pub fn append_bounded(path: &Path, text: &[u8], deadline: Instant) -> Result<(), LocalError> {
    let (path, text): (PathBuf, Vec<u8>) = (path.to_path_buf(), text.to_vec());
    within(deadline, move || append_now(&path, &text))
}

/// Streams the regular file at `path` through `work`, whatever its size (the
/// caller keeps only what it needs), refusing anything that is not a regular
/// file and giving up at `deadline`. For `/etc/hosts`.
pub fn stream_bounded<T, F>(path: &Path, deadline: Instant, work: F) -> Result<T, LocalError>
where
    T: Send + 'static,
    F: FnOnce(&mut dyn Read) -> T + Send + 'static,
{
    let path = path.to_path_buf();
    within(deadline, move || {
        let (mut file, _) = open_regular(&path, Access::Read, u64::MAX)?;
        Ok(work(&mut file))
    })
}

/// Replaces the content of the regular file at `path` with `text`, creating
/// it if absent: never through a symbolic link at the last component
/// (`O_NOFOLLOW`), never into a FIFO, a device or a directory (the open does
/// not block, and what was opened is checked before anything is truncated or
/// written), at most `cap` bytes, and given up at `deadline`. For `--json-file`.
pub fn write_bounded(
    path: &Path,
    text: &[u8],
    cap: u64,
    deadline: Instant,
) -> Result<(), LocalError> {
    if text.len() as u64 > cap {
        return Err(LocalError::TooLarge {
            size: text.len() as u64,
            cap,
        });
    }
    let (path, text): (PathBuf, Vec<u8>) = (path.to_path_buf(), text.to_vec());
    within(deadline, move || write_now(&path, &text))
}

fn write_now(path: &Path, text: &[u8]) -> Result<(), LocalError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(LocalError::Symlink),
        Ok(meta) => check(&meta, u64::MAX)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(LocalError::Io(e)),
    }
    let (file, _) = open_regular(path, Access::Write, u64::MAX)?;
    // Truncated only now that it is known to be a regular file.
    file.set_len(0).map_err(LocalError::Io)?;
    let mut file = file;
    file.write_all(text).map_err(LocalError::Io)
}

fn read_now(path: &Path, cap: u64) -> Result<Vec<u8>, LocalError> {
    match std::fs::metadata(path) {
        Ok(meta) => check(&meta, cap)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(LocalError::NotFound),
        Err(e) => return Err(LocalError::Io(e)),
    }
    let (file, size) = open_regular(path, Access::Read, cap)?;
    let mut bytes = Vec::with_capacity(size.min(cap) as usize + 1);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(LocalError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(LocalError::TooLarge {
            size: size.max(cap + 1),
            cap,
        });
    }
    Ok(bytes)
}

fn append_now(path: &Path, text: &[u8]) -> Result<(), LocalError> {
    match std::fs::metadata(path) {
        Ok(meta) => check(&meta, u64::MAX)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(LocalError::Io(e)),
    }
    let (mut file, _) = open_regular(path, Access::Append, u64::MAX)?;
    file.write_all(text).map_err(LocalError::Io)
}

fn check(meta: &Metadata, cap: u64) -> Result<(), LocalError> {
    if let Some(kind) = FileKind::of(meta) {
        return Err(LocalError::NotRegular(kind));
    }
    if meta.len() > cap {
        return Err(LocalError::TooLarge {
            size: meta.len(),
            cap,
        });
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Access {
    Read,
    Append,
    /// Write from the start (the caller truncates once the file is checked).
    Write,
}

/// Opens without blocking (a FIFO or a device cannot hold the open) and
/// without taking a terminal as controlling terminal, then checks what was
/// opened: the path may have changed since it was looked at. Returns the file
/// and the size it reports.
fn open_regular(path: &Path, access: Access, cap: u64) -> Result<(File, u64), LocalError> {
    let mut options = OpenOptions::new();
    match access {
        Access::Read => options.read(true),
        Access::Append => options.append(true).create(true),
        Access::Write => options.write(true).create(true),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = match access {
            Access::Write => libc::O_NOFOLLOW,
            Access::Read | Access::Append => 0,
        };
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | nofollow);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) => {
            // `O_NOFOLLOW` met a link put there since it was looked at (ELOOP).
            if matches!(access, Access::Write)
                && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
            {
                return Err(LocalError::Symlink);
            }
            // A FIFO with no reader refuses a non-blocking open for writing
            // (ENXIO), a socket refuses any open: name what the path is.
            if let Ok(meta) = std::fs::metadata(path)
                && let Some(kind) = FileKind::of(&meta)
            {
                return Err(LocalError::NotRegular(kind));
            }
            return Err(if e.kind() == std::io::ErrorKind::NotFound {
                LocalError::NotFound
            } else {
                LocalError::Io(e)
            });
        }
    };
    let meta = file.metadata().map_err(LocalError::Io)?;
    check(&meta, cap)?;
    Ok((file, meta.len()))
}

/// Runs `work` on a helper thread and waits for it until `deadline`; runs it
/// on this thread when no thread can be spawned (then only the non-blocking
/// opens bound it).
fn within<T, F>(deadline: Instant, work: F) -> Result<T, LocalError>
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
    use crate::testing::temp_dir;
    use std::time::Duration;

    fn soon() -> Instant {
        Instant::now() + Duration::from_secs(20)
    }

    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// A regular file is read whole, up to exactly the cap.
    #[test]
    fn reads_a_regular_file_up_to_the_cap() {
        let tmp = temp_dir("regular");
        let dir = tmp.path();
        let path = dir.join("token");
        std::fs::write(&path, "hf_abc\n").unwrap();
        assert_eq!(read_bounded(&path, 7, soon()).unwrap(), b"hf_abc\n");
        match read_bounded(&path, 6, soon()) {
            Err(LocalError::TooLarge { size: 7, cap: 6 }) => {}
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_bounded(&dir.join("absent"), 7, soon()),
            Err(LocalError::NotFound)
        ));
    }

    /// A FIFO with no writer is refused at once, however it is reached: the
    /// check before the open, and the non-blocking open itself.
    #[test]
    fn a_fifo_never_blocks() {
        let tmp = temp_dir("fifo");
        let dir = tmp.path();
        let path = dir.join("fifo");
        mkfifo(&path);
        match read_bounded(&path, TOKEN_FILE_CAP, soon()) {
            Err(e @ LocalError::NotRegular(FileKind::Fifo)) => {
                assert_eq!(e.to_string(), "is a named pipe (FIFO), not a regular file")
            }
            other => panic!("{other:?}"),
        }
        // The open alone (as when the path turns into a FIFO after it was
        // looked at): a blocking open would wait for a writer and time out.
        let p = path.clone();
        let opened = within(soon(), move || {
            open_regular(&p, Access::Read, TOKEN_FILE_CAP).map(|_| ())
        });
        assert!(
            matches!(opened, Err(LocalError::NotRegular(FileKind::Fifo))),
            "{opened:?}"
        );
        let p = path.clone();
        let opened = within(soon(), move || {
            open_regular(&p, Access::Append, u64::MAX).map(|_| ())
        });
        assert!(
            matches!(opened, Err(LocalError::NotRegular(FileKind::Fifo))),
            "{opened:?}"
        );
        // With a reader present the open for writing succeeds; what was opened
        // is still refused, and nothing is written to the pipe.
        let mut reader = {
            use std::os::unix::fs::OpenOptionsExt;
            OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&path)
                .unwrap()
        };
        let p = path.clone();
        let opened = within(soon(), move || {
            open_regular(&p, Access::Append, u64::MAX).map(|_| ())
        });
        assert!(
            matches!(opened, Err(LocalError::NotRegular(FileKind::Fifo))),
            "{opened:?}"
        );
        assert!(matches!(
            append_bounded(&path, b"summary", soon()),
            Err(LocalError::NotRegular(FileKind::Fifo))
        ));
        let mut got = Vec::new();
        let _ = reader.read_to_end(&mut got);
        assert!(got.is_empty());
    }

    /// Devices, directories and sockets are refused by kind, never read.
    #[test]
    fn only_regular_files_are_read() {
        let tmp = temp_dir("kinds");
        let dir = tmp.path();
        let socket = dir.join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let rows = [
            (PathBuf::from("/dev/zero"), FileKind::CharDevice),
            (dir.to_path_buf(), FileKind::Directory),
            (socket.clone(), FileKind::Socket),
        ];
        for (path, kind) in rows {
            match read_bounded(&path, CA_BUNDLE_CAP, soon()) {
                Err(LocalError::NotRegular(k)) if k == kind => {}
                other => panic!("{}: {other:?}", path.display()),
            }
            match append_bounded(&path, b"x", soon()) {
                Err(LocalError::NotRegular(k)) if k == kind => {}
                other => panic!("append {}: {other:?}", path.display()),
            }
        }
        let opened = within(soon(), move || {
            open_regular(&socket, Access::Read, 1).map(|_| ())
        });
        assert!(matches!(
            opened,
            Err(LocalError::NotRegular(FileKind::Socket))
        ));
    }

    /// A file over the cap is refused by its size; one that reports less than
    /// it holds (procfs says 0) is read only up to cap + 1 bytes.
    #[test]
    fn big_files_are_refused_without_reading_them() {
        let tmp = temp_dir("big");
        let dir = tmp.path();
        let path = dir.join("bundle.pem");
        let file = File::create(&path).unwrap();
        file.set_len(100 * 1024 * 1024).unwrap();
        match read_bounded(&path, CA_BUNDLE_CAP, soon()) {
            Err(e @ LocalError::TooLarge { .. }) => assert_eq!(
                e.to_string(),
                "is too large: 104857600 bytes, over the limit of 4194304 bytes"
            ),
            other => panic!("{other:?}"),
        }
        let proc_file = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(proc_file).unwrap().len(), 0);
        match read_now(proc_file, 10) {
            Err(LocalError::TooLarge { size: 11, cap: 10 }) => {}
            other => panic!("{other:?}"),
        }
        assert!(!read_now(proc_file, TOKEN_FILE_CAP).unwrap().is_empty());
    }

    /// The summary file is created when absent and appended to after that.
    #[test]
    fn appends_to_a_regular_file_and_creates_it() {
        let tmp = temp_dir("append");
        let dir = tmp.path();
        let path = dir.join("summary.md");
        append_bounded(&path, b"one\n", soon()).unwrap();
        append_bounded(&path, b"two\n", soon()).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one\ntwo\n");
        assert!(matches!(
            append_bounded(&dir.join("no/such/dir/summary.md"), b"x", soon()),
            Err(LocalError::NotFound)
        ));
    }

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

    /// `--json-file`'s write: a regular file is replaced (created if absent);
    /// a symbolic link (even dangling), a directory, a FIFO (with or without
    /// a reader: nothing is written into it) and an oversized text are refused.
    #[test]
    fn writes_only_a_regular_file() {
        use std::os::unix::fs::OpenOptionsExt;
        let tmp = temp_dir("write");
        let dir = tmp.path();
        let path = dir.join("report.json");
        write_bounded(&path, b"first, longer", 100, soon()).unwrap();
        write_bounded(&path, b"second", 100, soon()).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        match write_bounded(&path, b"0123456789", 9, soon()) {
            Err(LocalError::TooLarge { size: 10, cap: 9 }) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let link = dir.join("link");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let dangling = dir.join("dangling");
        std::os::unix::fs::symlink(dir.join("elsewhere"), &dangling).unwrap();
        for l in [&link, &dangling] {
            match write_bounded(l, b"x", 100, soon()) {
                Err(LocalError::Symlink) => {}
                other => panic!("{l:?}: {other:?}"),
            }
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert!(!dir.join("elsewhere").exists());
        match write_bounded(dir, b"x", 100, soon()) {
            Err(LocalError::NotRegular(FileKind::Directory)) => {}
            other => panic!("{other:?}"),
        }
        let fifo = dir.join("fifo");
        mkfifo(&fifo);
        for with_reader in [false, true] {
            let reader = with_reader.then(|| {
                OpenOptions::new()
                    .read(true)
                    .custom_flags(libc::O_NONBLOCK)
                    .open(&fifo)
                    .unwrap()
            });
            match write_bounded(&fifo, b"x", 100, soon()) {
                Err(LocalError::NotRegular(FileKind::Fifo)) => {}
                other => panic!("reader {with_reader}: {other:?}"),
            }
            if let Some(mut r) = reader {
                let mut got = Vec::new();
                let _ = r.read_to_end(&mut got);
                assert!(got.is_empty(), "{got:?}");
            }
        }
    }
}
