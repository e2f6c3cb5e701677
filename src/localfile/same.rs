//! One file under two names ([`first_same`]): the same path once made
//! absolute, the same inode, or the same name in the same directory.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::deadline::within;
use super::open::identity;

/// The index of the first of `others` that is the same file as `target`: the
/// same path once made absolute, else (on a helper thread, given up at
/// `deadline`: a stalled mount cannot hold the run) the same inode, or for a
/// `target` that does not exist yet, the same name in the same directory.
pub fn first_same(target: &Path, others: &[PathBuf], deadline: Instant) -> Option<usize> {
    let target_abs = absolute(target);
    if let Some(i) = others.iter().position(|o| absolute(o) == target_abs) {
        return Some(i);
    }
    let (t, o) = (target.to_path_buf(), others.to_vec());
    within(deadline, move || Ok(same_on_disk(&t, &o)))
        .ok()
        .flatten()
}

/// `path` made absolute against the current directory, `.` and `..` folded
/// without looking at the disk.
fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

fn same_on_disk(target: &Path, others: &[PathBuf]) -> Option<usize> {
    let key = |p: &Path| std::fs::metadata(p).ok().map(|m| identity(p, &m));
    if let Some(k) = key(target) {
        return others.iter().position(|p| key(p) == Some(k));
    }
    let entry = |p: &Path| {
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some((dir.canonicalize().ok()?, p.file_name()?.to_owned()))
    };
    let e = entry(target)?;
    others.iter().position(|p| entry(p).as_ref() == Some(&e))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::localfile::test_support::soon;
    use crate::testing::temp_dir;

    /// One file under two names: the same path once made absolute, a hard
    /// link, or (for a target not created yet) the same name in the same
    /// directory through another spelling; distinct files are not.
    #[test]
    fn first_same_finds_one_file_under_two_names() {
        let dir = temp_dir("same");
        let a = dir.path().join("a");
        std::fs::write(&a, "a").unwrap();
        let b = dir.path().join("b");
        std::fs::write(&b, "a").unwrap();
        let link = dir.path().join("link");
        std::fs::hard_link(&a, &link).unwrap();
        let dotted = dir.path().join("sub/../a");
        assert_eq!(first_same(&a, &[b.clone(), link.clone()], soon()), Some(1));
        assert_eq!(
            first_same(&dotted, &[b.clone(), a.clone()], soon()),
            Some(1)
        );
        assert_eq!(first_same(&b, std::slice::from_ref(&a), soon()), None);
        let new = dir.path().join("new.json");
        let other_spelling = dir.path().join(".").join("new.json");
        assert_eq!(
            first_same(&new, &[a.clone(), other_spelling], soon()),
            Some(1)
        );
        assert_eq!(
            first_same(&new, &[dir.path().join("new2.json")], soon()),
            None
        );
    }
}
