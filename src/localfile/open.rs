//! The one way a file is opened: without blocking (a FIFO or a device cannot
//! hold the open), checked to be a regular file under its cap before and after
//! opening; and what identifies a file under any of its names ([`FileId`]).

use std::fs::{File, Metadata, OpenOptions};
use std::path::Path;

use super::{FileKind, LocalError};

/// Device and inode (elsewhere: size and modification time): one file under
/// any of its names.
pub type FileId = (u64, u64);

pub(super) fn stat_regular(path: &Path, cap: u64) -> Result<(), LocalError> {
    match std::fs::metadata(path) {
        Ok(meta) => check(&meta, cap),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(LocalError::NotFound),
        Err(e) => Err(LocalError::Io(e)),
    }
}

pub(super) fn check(meta: &Metadata, cap: u64) -> Result<(), LocalError> {
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
pub(super) enum Access {
    Read,
    Append,
}

/// Opens without blocking (a FIFO or a device cannot hold the open) and
/// without taking a terminal as controlling terminal, then checks what was
/// opened: the path may have changed since it was looked at. Returns the file
/// and the size it reports.
pub(super) fn open_regular(
    path: &Path,
    access: Access,
    cap: u64,
) -> Result<(File, u64), LocalError> {
    let mut options = OpenOptions::new();
    match access {
        Access::Read => options.read(true),
        Access::Append => options.append(true).create(true),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) => {
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

/// What tells two names of one file apart from two files: device and inode.
#[cfg(unix)]
pub(super) fn identity(_path: &Path, meta: &Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// Without inodes (Windows): the canonical path, hashed (size and times could
/// make two distinct files one, and one of them would go unread).
#[cfg(not(unix))]
pub(super) fn identity(path: &Path, _meta: &Metadata) -> FileId {
    use std::hash::{Hash, Hasher};
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    canonical.hash(&mut h);
    (h.finish(), 0)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::localfile::deadline::within;
    use crate::localfile::test_support::{mkfifo, soon};
    use crate::localfile::{CA_BUNDLE_CAP, TOKEN_FILE_CAP, append_bounded, read_bounded};
    use crate::testing::temp_dir;
    use std::io::Read;
    use std::path::PathBuf;

    /// `open_regular` alone, on a helper thread given up at the deadline: an
    /// open that blocked would time out rather than hang the test.
    fn open_in_time(path: &Path, access: Access, cap: u64) -> Result<(), LocalError> {
        let path = path.to_path_buf();
        within(soon(), move || open_regular(&path, access, cap).map(|_| ()))
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
        let opened = open_in_time(&path, Access::Read, TOKEN_FILE_CAP);
        assert!(
            matches!(opened, Err(LocalError::NotRegular(FileKind::Fifo))),
            "{opened:?}"
        );
        let opened = open_in_time(&path, Access::Append, u64::MAX);
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
        let opened = open_in_time(&path, Access::Append, u64::MAX);
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
        let opened = open_in_time(&socket, Access::Read, 1);
        assert!(matches!(
            opened,
            Err(LocalError::NotRegular(FileKind::Socket))
        ));
    }
}
