//! The process environment, read once into a snapshot. The only module that
//! calls `std::env`; everything else asks the snapshot.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;

/// A snapshot of the environment. Values are bytes: a token need not be UTF-8.
/// Its `Debug` lists names only: a value may be a secret.
#[derive(Clone, Default)]
pub struct Env {
    vars: BTreeMap<String, Vec<u8>>,
    /// With `HOME` unset: this user's home from `/etc/passwd`, where Python's
    /// `os.path.expanduser` (and so huggingface_hub) finds it.
    passwd_home: Option<String>,
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.vars.keys()).finish()
    }
}

impl Env {
    /// The current process's environment (names that are not UTF-8 are dropped).
    #[expect(
        clippy::disallowed_methods,
        reason = "the one read of the process environment: everything else asks the snapshot"
    )]
    pub fn from_process() -> Env {
        let env = Env::from_pairs(
            std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, os_bytes(v)))),
        );
        // Only when `HOME` is unset (`env -i`, a root service without `User=`):
        // one bounded read of /etc/passwd, never a library (NSS) loaded.
        if env.bytes("HOME").is_none() && cfg!(unix) {
            let home = passwd_home();
            return env.with_passwd_home(home);
        }
        env
    }

    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, Vec<u8>)>) -> Env {
        Env {
            vars: pairs.into_iter().collect(),
            passwd_home: None,
        }
    }

    /// The same environment with this user's home from the passwd entry (tests).
    pub fn with_passwd_home(mut self, home: Option<String>) -> Env {
        self.passwd_home = home.filter(|h| !h.is_empty());
        self
    }

    /// This user's home from `/etc/passwd`, read only when `HOME` is unset.
    pub fn passwd_home(&self) -> Option<&str> {
        self.passwd_home.as_deref()
    }

    /// From `(name, value)` text pairs (tests and tools).
    pub fn from_strs(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec())),
        )
    }

    pub fn bytes(&self, name: &str) -> Option<&[u8]> {
        self.vars.get(name).map(Vec::as_slice)
    }

    /// The value when it is set and UTF-8.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.bytes(name).and_then(|b| std::str::from_utf8(b).ok())
    }

    /// The value when it is set, UTF-8 and not empty.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.str(name).filter(|v| !v.is_empty())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

/// The command line, without the program name.
#[expect(clippy::disallowed_methods, reason = "the one read of argv")]
pub fn args() -> Vec<OsString> {
    std::env::args_os().skip(1).collect()
}

/// The width of the terminal on stderr, for wrapping the report: the
/// kernel's (`TIOCGWINSZ`), else `COLUMNS`, else 80. Only asked when stderr is
/// a terminal: logs are never wrapped.
pub fn terminal_width(env: &Env) -> usize {
    let columns = || {
        env.str("COLUMNS")
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|c| *c > 0)
    };
    tty_columns().or_else(columns).unwrap_or(80)
}

#[cfg(unix)]
fn tty_columns() -> Option<usize> {
    // SAFETY: TIOCGWINSZ fills a `winsize` we own; fd 2 is only read.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(2, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn tty_columns() -> Option<usize> {
    None
}

/// The home directory of this process's user in `/etc/passwd` (bounded read).
#[cfg(unix)]
fn passwd_home() -> Option<String> {
    use std::time::{Duration, Instant};
    // SAFETY: getuid has no preconditions and cannot fail.
    let uid = unsafe { libc::getuid() };
    let deadline = Instant::now() + Duration::from_secs(2);
    let text =
        crate::localfile::read_bounded(std::path::Path::new("/etc/passwd"), 4 << 20, deadline)
            .ok()?;
    home_of(&String::from_utf8_lossy(&text), uid)
}

#[cfg(not(unix))]
fn passwd_home() -> Option<String> {
    None
}

/// The home field of `uid`'s entry in passwd text (`name:pw:uid:gid:gecos:home:shell`).
/// Compiled (and unit-tested) everywhere; only unix reads a passwd file.
#[cfg_attr(
    not(any(unix, test)),
    expect(
        dead_code,
        reason = "only unix has a passwd file; the tests run everywhere"
    )
)]
fn home_of(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        let entry_uid = fields.get(2)?.parse::<u32>().ok()?;
        (fields.len() == 7 && entry_uid == uid && !fields[5].is_empty())
            .then(|| fields[5].to_string())
    })
}

#[cfg(unix)]
fn os_bytes(v: OsString) -> Vec<u8> {
    use std::os::unix::ffi::OsStringExt;
    v.into_vec()
}

#[cfg(not(unix))]
fn os_bytes(v: OsString) -> Vec<u8> {
    v.to_string_lossy().into_owned().into_bytes()
}

/// A path from the bytes of an environment value.
#[cfg(unix)]
pub fn path_from_bytes(b: &[u8]) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt;
    std::path::PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

/// A path from the bytes of an environment value.
#[cfg(not(unix))]
pub fn path_from_bytes(b: &[u8]) -> std::path::PathBuf {
    std::path::PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_home_of_a_uid_in_passwd() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      # a comment\n\
                      short:x:7\n\
                      nohome:x:5:5:::/bin/sh\n\
                      app:x:1000:1000:App,,,:/srv/app:/usr/sbin/nologin\n\
                      dup:x:1000:1000::/elsewhere:/bin/sh\n";
        assert_eq!(home_of(passwd, 0).as_deref(), Some("/root"));
        assert_eq!(
            home_of(passwd, 1000).as_deref(),
            Some("/srv/app"),
            "the first entry wins"
        );
        assert_eq!(home_of(passwd, 5), None);
        assert_eq!(home_of(passwd, 7), None);
        assert_eq!(home_of(passwd, 42), None);
        let env = Env::from_strs(&[]).with_passwd_home(Some(String::new()));
        assert_eq!(env.passwd_home(), None);
    }

    /// `{:?}` of the environment never shows a value (a token, a proxy password).
    #[test]
    fn debug_shows_names_only() {
        let token = "hf_abcdefghijklmnopqrstuvwxyz01234567";
        let env = Env::from_strs(&[
            ("HF_TOKEN", token),
            ("HTTPS_PROXY", "http://user:s3cretpass@proxy:3128"),
        ]);
        let shown = format!("{env:?} {env:#?}");
        assert!(shown.contains("HF_TOKEN") && shown.contains("HTTPS_PROXY"));
        assert!(!shown.contains("abcdefghij"), "{shown}");
        assert!(!shown.contains("s3cretpass"), "{shown}");
    }
}
