//! Helpers for the unit tests.

/// A fresh empty directory under the system temp dir (`hftc-unit-NAME-…`),
/// removed on drop: `tempfile`'s, as in the integration tests
/// (`tests/it/common::temp_dir`).
pub fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("hftc-unit-{name}-"))
        .tempdir()
        .unwrap()
}
