//! Writes: an append that creates the file if absent ([`append_bounded`], the
//! step summary), and a whole file replaced atomically through an exclusive
//! temporary file renamed over it ([`write_bounded`], `--json-file`).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::LocalError;
use super::deadline::within;
use super::open::{Access, check, open_regular};

/// Appends `text` to the regular file at `path`, creating it if absent;
/// refuses anything that is not a regular file (a FIFO never blocks the
/// write) and gives up at `deadline`. For `GITHUB_STEP_SUMMARY`.
pub fn append_bounded(path: &Path, text: &[u8], deadline: Instant) -> Result<(), LocalError> {
    let (path, text): (PathBuf, Vec<u8>) = (path.to_path_buf(), text.to_vec());
    within(deadline, move || append_now(&path, &text))
}

/// Replaces the regular file at `path` with one holding `text`, atomically: the
/// text goes to a new file in the same directory (created exclusively, under a
/// name no one can guess), which is then renamed over `path`. A reader sees the
/// old file or the new one, never a mix; two writers never interleave; a full
/// disk leaves the old file whole; a hard link's other names keep the old
/// content. Never through a symbolic link at the last component, never over a
/// FIFO, a device or a directory, at most `cap` bytes, given up at `deadline`.
/// For `--json-file`.
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
    let old = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(LocalError::Symlink),
        Ok(meta) => {
            check(&meta, u64::MAX)?;
            Some(meta)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(LocalError::Io(e)),
    };
    let (temp, mut file) = create_beside(path)?;
    let written = (|| {
        if let Some(meta) = &old {
            // The replacement keeps the old file's permission bits.
            file.set_permissions(meta.permissions())?;
        }
        file.write_all(text)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        LocalError::Io(e)
    })
}

/// A new file in `path`'s directory, created exclusively (`O_EXCL`, never
/// through a link) under an unpredictable name: `.NAME.RANDOM.tmp`.
fn create_beside(path: &Path) -> Result<(PathBuf, File), LocalError> {
    use std::hash::{BuildHasher, Hasher};
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut last = None;
    for attempt in 0..16u64 {
        // std's hasher keys come from the OS's random source, fresh per instance.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(attempt);
        h.write_u32(std::process::id());
        let temp = dir.join(format!(".{name}.{:016x}.tmp", h.finish()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o644).custom_flags(libc::O_NOFOLLOW);
        }
        match options.open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(LocalError::Io(e)),
        }
    }
    Err(LocalError::Io(
        last.unwrap_or_else(|| std::io::Error::other("no free name")),
    ))
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::localfile::FileKind;
    use crate::localfile::test_support::{mkfifo, soon};
    use crate::testing::temp_dir;
    use std::io::Read;

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
