//! What a path that is not a regular file turned out to be ([`FileKind`]),
//! and why a local file was not read or written ([`LocalError`]): the phrases
//! a message puts after the path, never any of the file's content.

use std::fmt;
use std::fs::Metadata;

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
    pub(super) fn of(meta: &Metadata) -> Option<FileKind> {
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
