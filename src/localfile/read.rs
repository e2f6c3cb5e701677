//! Reads: a whole file up to its cap ([`read_bounded`]), a file streamed
//! whatever its size ([`stream_bounded`]), and a file read once however many
//! names it is reached by ([`read_once`]).

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::LocalError;
use super::deadline::within;
use super::open::{Access, FileId, identity, open_regular, stat_regular};

/// Reads the regular file at `path` whole, refusing anything else, anything
/// over `cap` bytes (never reading more than cap + 1), and giving up at
/// `deadline`.
pub fn read_bounded(path: &Path, cap: u64, deadline: Instant) -> Result<Vec<u8>, LocalError> {
    let path = path.to_path_buf();
    within(deadline, move || read_now(&path, cap))
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

/// What [`read_once`] gave.
pub enum ReadOnce {
    /// The file, and what identifies it.
    Read(Vec<u8>, FileId),
    /// The same file was read already (a hard link, another spelling): not read again.
    Seen,
}

/// Like [`read_bounded`], but a file whose identity is in `seen` (checked on
/// the opened file, before a byte is read) is not read again; the caller adds
/// the identities of the files it keeps to `seen`.
pub fn read_once(
    path: &Path,
    cap: u64,
    deadline: Instant,
    seen: &Arc<Mutex<std::collections::HashSet<FileId>>>,
) -> Result<ReadOnce, LocalError> {
    let (path, seen) = (path.to_path_buf(), Arc::clone(seen));
    within(deadline, move || {
        stat_regular(&path, cap)?;
        let (file, size) = open_regular(&path, Access::Read, cap)?;
        let id = identity(&path, &file.metadata().map_err(LocalError::Io)?);
        if seen.lock().is_ok_and(|s| s.contains(&id)) {
            return Ok(ReadOnce::Seen);
        }
        Ok(ReadOnce::Read(read_open(file, size, cap)?, id))
    })
}

fn read_now(path: &Path, cap: u64) -> Result<Vec<u8>, LocalError> {
    stat_regular(path, cap)?;
    let (file, size) = open_regular(path, Access::Read, cap)?;
    read_open(file, size, cap)
}

fn read_open(file: File, size: u64, cap: u64) -> Result<Vec<u8>, LocalError> {
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::localfile::test_support::soon;
    use crate::localfile::{CA_BUNDLE_CAP, TOKEN_FILE_CAP};
    use crate::testing::temp_dir;
    use std::fs::File;

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

    /// A file whose identity was seen is not read again; another one is.
    #[test]
    fn read_once_skips_a_file_already_read() {
        let dir = temp_dir("once");
        let a = dir.path().join("a");
        std::fs::write(&a, "text").unwrap();
        let link = dir.path().join("link");
        std::fs::hard_link(&a, &link).unwrap();
        let seen: Arc<Mutex<std::collections::HashSet<FileId>>> = Arc::default();
        let Ok(ReadOnce::Read(bytes, id)) = read_once(&a, 100, soon(), &seen) else {
            panic!("not read")
        };
        assert_eq!(bytes, b"text");
        seen.lock().unwrap().insert(id);
        assert!(matches!(
            read_once(&link, 100, soon(), &seen),
            Ok(ReadOnce::Seen)
        ));
        assert!(matches!(
            read_once(&dir.path().join("nope"), 100, soon(), &seen),
            Err(LocalError::NotFound)
        ));
        assert!(matches!(
            read_once(&a, 2, soon(), &Arc::default()),
            Err(LocalError::TooLarge { size: 4, cap: 2 })
        ));
    }
}
