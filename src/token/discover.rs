//! Finding the token as huggingface_hub does: `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`,
//! then the token file. Pure: the environment is a snapshot and the file is read
//! through a function the caller passes.

use std::path::{Path, PathBuf};

use super::{Discovery, Secret, Source};
use crate::env::Env;

/// Names that people put a Hugging Face token under by mistake.
const MISPLACED_NAMES: &[&str] = &[
    "HUGGINGFACE_TOKEN",
    "HUGGINGFACEHUB_API_TOKEN",
    "HUGGINGFACE_HUB_TOKEN",
    "HUGGING_FACE_TOKEN",
    "HUGGINGFACE_API_KEY",
    "HF_API_TOKEN",
    "HF_API_KEY",
    "HF_HUB_TOKEN",
    "HF_ACCESS_TOKEN",
    "HF_AUTH_TOKEN",
    "HFTOKEN",
    "HF-TOKEN",
    "hf_token",
    "TOKEN",
];

/// The path of the token file, as huggingface_hub computes it. `Err(var)` when a
/// variable the path is made of holds what looks like a token, not a path (an
/// easy slip: `HF_TOKEN_PATH: ${{ secrets.HF_TOKEN }}`): it is then never shown.
pub fn token_path(env: &Env) -> Result<PathBuf, &'static str> {
    if let Some(p) = path_var(env, "HF_TOKEN_PATH")? {
        return expand_home(p, env);
    }
    let hf_home = match path_var(env, "HF_HOME")? {
        Some(h) => expand_home(h, env)?,
        None => {
            let cache = match path_var(env, "XDG_CACHE_HOME")? {
                Some(c) => expand_home(c, env)?,
                None => expand_home("~/.cache", env)?,
            };
            cache.join("huggingface")
        }
    };
    Ok(hf_home.join("token"))
}

/// "`PATH` (the token file, from `VAR`): why", never the content.
fn unreadable_file(path: &Path, env: &Env, why: &str) -> String {
    format!(
        "`{}` (the token file, from {}): {why}",
        path.display(),
        path_source(env)
    )
}

/// Which variable the token file's path came from, for messages.
fn path_source(env: &Env) -> &'static str {
    ["HF_TOKEN_PATH", "HF_HOME", "XDG_CACHE_HOME"]
        .into_iter()
        .find(|v| env.non_empty(v).is_some())
        .map_or(home_source(env), |v| match v {
            "HF_TOKEN_PATH" => "`HF_TOKEN_PATH`",
            "HF_HOME" => "`HF_HOME`",
            _ => "`XDG_CACHE_HOME`",
        })
}

/// Where the home in the token file's default path came from.
fn home_source(env: &Env) -> &'static str {
    if cfg!(unix) && env.bytes("HOME").is_none() && env.passwd_home().is_some() {
        "this user's home in `/etc/passwd`, as `HOME` is unset"
    } else {
        "`HOME`"
    }
}

fn path_var<'a>(env: &'a Env, name: &'static str) -> Result<Option<&'a str>, &'static str> {
    match env.non_empty(name) {
        Some(v) if crate::sanitize::looks_like_token(v) => Err(name),
        v => Ok(v),
    }
}

fn expand_home(path: &str, env: &Env) -> Result<PathBuf, &'static str> {
    if let Some(rest) = path.strip_prefix('~')
        && (rest.is_empty() || rest.starts_with('/') || (cfg!(windows) && rest.starts_with('\\')))
        && let Some(home) = home_dir(env)?
    {
        // As `posixpath.expanduser`: the home's trailing `/` dropped (`HOME=/`
        // gives `/.cache`, not `//.cache`), and `/` when nothing is left.
        let home = if cfg!(windows) {
            home.as_str()
        } else {
            home.trim_end_matches('/')
        };
        let joined = format!("{home}{rest}");
        return Ok(PathBuf::from(if joined.is_empty() {
            "/".to_string()
        } else {
            joined
        }));
    }
    Ok(PathBuf::from(path))
}

/// The home directory as Python's `os.path.expanduser` finds it: `HOME` on
/// Unix (set, even empty), else the user's passwd entry; [`windows_home`] on
/// Windows. Both are compiled everywhere, so that the Windows rule is tested
/// on Linux too.
fn home_dir(env: &Env) -> Result<Option<String>, &'static str> {
    if cfg!(windows) {
        return windows_home(env);
    }
    match env.str("HOME") {
        Some(h) if crate::sanitize::looks_like_token(h) => Err("HOME"),
        Some(h) => Ok(Some(h.to_string())),
        None => Ok(env.passwd_home().map(str::to_string)),
    }
}

/// The home directory as Python's `os.path.expanduser` finds it on Windows
/// (`ntpath`, Python 3.8+): `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`; `HOME` is not read.
fn windows_home(env: &Env) -> Result<Option<String>, &'static str> {
    if let Some(p) = path_var(env, "USERPROFILE")? {
        return Ok(Some(p.to_string()));
    }
    let Some(path) = path_var(env, "HOMEPATH")? else {
        return Ok(None);
    };
    Ok(Some(format!(
        "{}{path}",
        env.str("HOMEDRIVE").unwrap_or("")
    )))
}

/// What reading the token file gave.
pub enum FileRead {
    Absent,
    Read(Vec<u8>),
    Error(String),
}

/// Finds the token in the order huggingface_hub uses: `HF_TOKEN`, then
/// `HUGGING_FACE_HUB_TOKEN`, then the token file. An empty or blank value
/// counts as missing, as it does for huggingface_hub.
pub fn discover(env: &Env, read_file: &dyn Fn(&Path) -> FileRead) -> Discovery {
    let mut blank = Vec::new();
    // huggingface_hub takes `HF_TOKEN or HUGGING_FACE_HUB_TOKEN` (the first non-empty
    // one), then cleans it; a value that cleans to nothing falls through to the file.
    for name in ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"] {
        if let Some(value) = env.bytes(name) {
            if value.is_empty() {
                blank.push(format!("`{name}`"));
                continue;
            }
            if clean(value).is_empty() {
                blank.push(format!("`{name}`"));
                break;
            }
            return Discovery::Found {
                source: Source::Env(name),
                raw: Secret::new(value),
            };
        }
    }
    let mut searched = vec![
        "`HF_TOKEN`".to_string(),
        "`HUGGING_FACE_HUB_TOKEN`".to_string(),
    ];
    let mut unreadable = None;
    let mut misplaced = misplaced(env);
    match token_path(env) {
        Err(var) => {
            searched.push(format!(
                "the token file (`{var}` holds what looks like a token, not a path)"
            ));
            misplaced.retain(|m| m != var);
            misplaced.insert(0, var.to_string());
        }
        Ok(path) => {
            searched.push(format!("`{}`", path.display()));
            match read_file(&path) {
                FileRead::Read(bytes) if !clean(&bytes).is_empty() => {
                    return Discovery::Found {
                        source: Source::File(path),
                        raw: Secret::new(bytes),
                    };
                }
                FileRead::Read(_) => blank.push(format!("`{}`", path.display())),
                FileRead::Absent => {}
                FileRead::Error(e) => unreadable = Some(unreadable_file(&path, env, &e)),
            }
        }
    }
    Discovery::Missing {
        searched,
        blank,
        misplaced,
        unreadable,
        github_actions: env.str("GITHUB_ACTIONS") == Some("true"),
    }
}

/// Names (never values) of variables that look like a misplaced token.
fn misplaced(env: &Env) -> Vec<String> {
    let mut found = Vec::new();
    for name in MISPLACED_NAMES {
        if env.bytes(name).is_some_and(|v| !clean(v).is_empty()) {
            found.push((*name).to_string());
        }
    }
    // `HF_TOKEN` holds no token here (it would have been found). `HUGGING_FACE_HUB_TOKEN`
    // does when a blank `HF_TOKEN` came first, which huggingface_hub takes (and cleans to
    // nothing) instead: it is then named, or the report would say it was looked in and
    // hide the token it holds.
    for (name, value) in env.iter() {
        // A webhook-started Job's own secret is never the Hub token: not named
        // as one (hub-api.md, "Inside a running Job").
        if found.iter().any(|f| f == name) || name == "WEBHOOK_SECRET" {
            continue;
        }
        let trimmed = clean(value);
        let t = strip_wrapping(&trimmed);
        if t.starts_with(b"hf_") && t.len() > 8 {
            found.push(name.to_string());
        }
    }
    found
}

fn strip_wrapping(value: &[u8]) -> &[u8] {
    let mut v = value;
    if let Some(rest) = v.strip_prefix(b"Bearer ") {
        v = rest;
    }
    while let [b'"' | b'\'', rest @ ..] = v {
        v = rest;
    }
    v
}

/// Removes every CR and LF and the surrounding whitespace, as huggingface_hub does.
pub(super) fn clean(value: &[u8]) -> Vec<u8> {
    let no_newlines: Vec<u8> = value
        .iter()
        .copied()
        .filter(|b| *b != b'\r' && *b != b'\n')
        .collect();
    no_newlines.trim_ascii().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_strs(pairs)
    }

    fn no_file(_: &Path) -> FileRead {
        FileRead::Absent
    }

    /// The token is taken from the same place huggingface_hub would take it.
    #[test]
    #[cfg(unix)] // Unix paths and `HOME`; Windows: `token_path_windows`
    fn discovery_order_matches_huggingface_hub() {
        let found = |d: Discovery| match d {
            Discovery::Found { source, raw } => (
                source.short(),
                String::from_utf8(raw.bytes().to_vec()).unwrap(),
            ),
            Discovery::Missing { .. } => ("missing".into(), String::new()),
        };
        let file = |p: &Path| {
            if p == Path::new("/home/u/.cache/huggingface/token") {
                FileRead::Read(b"hf_fromfile\n".to_vec())
            } else {
                FileRead::Absent
            }
        };
        type Row<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
        let rows: &[Row] = &[
            (
                &[("HF_TOKEN", "hf_a"), ("HUGGING_FACE_HUB_TOKEN", "hf_b")],
                "HF_TOKEN",
                "hf_a",
            ),
            (
                &[("HF_TOKEN", ""), ("HUGGING_FACE_HUB_TOKEN", "hf_b")],
                "HUGGING_FACE_HUB_TOKEN",
                "hf_b",
            ),
            (
                &[("HUGGING_FACE_HUB_TOKEN", "hf_b"), ("HOME", "/home/u")],
                "HUGGING_FACE_HUB_TOKEN",
                "hf_b",
            ),
            (
                &[("HOME", "/home/u")],
                "file:/home/u/.cache/huggingface/token",
                "hf_fromfile\n",
            ),
            // a blank (not empty) HF_TOKEN falls through to the file, as in huggingface_hub
            (
                &[("HF_TOKEN", " \n"), ("HOME", "/home/u")],
                "file:/home/u/.cache/huggingface/token",
                "hf_fromfile\n",
            ),
            (&[("HOME", "/nowhere")], "missing", ""),
        ];
        for (vars, source, value) in rows {
            assert_eq!(
                found(discover(&env(vars), &file)),
                (source.to_string(), value.to_string()),
                "{vars:?}"
            );
        }
    }

    /// The token file path is computed as huggingface_hub computes it.
    #[test]
    #[cfg(unix)] // Unix paths and `HOME`; Windows: `token_path_windows`
    fn token_path_table() {
        let rows: &[(&[(&str, &str)], &str)] = &[
            (&[("HF_TOKEN_PATH", "/t/tok"), ("HF_HOME", "/h")], "/t/tok"),
            (&[("HF_HOME", "/h"), ("XDG_CACHE_HOME", "/x")], "/h/token"),
            (
                &[("XDG_CACHE_HOME", "/x"), ("HOME", "/home/u")],
                "/x/huggingface/token",
            ),
            (&[("HOME", "/home/u")], "/home/u/.cache/huggingface/token"),
            (
                &[("HF_HOME", "~/hf"), ("HOME", "/home/u")],
                "/home/u/hf/token",
            ),
            // `~\` is a home only on Windows; on Unix a backslash is part of a name
            (&[("HF_HOME", "~\\hf"), ("HOME", "/home/u")], "~\\hf/token"),
            (&[("HF_HOME", "~hf"), ("HOME", "/home/u")], "~hf/token"),
        ];
        for (vars, want) in rows {
            assert_eq!(
                token_path(&env(vars)).unwrap(),
                PathBuf::from(want),
                "{vars:?}"
            );
        }
    }

    /// `HOME` unset: the passwd entry's home, as Python's `expanduser`; `HOME`
    /// set wins even when empty; a trailing `/` is dropped (`HOME=/`).
    #[test]
    #[cfg(unix)]
    fn home_unset_falls_back_to_passwd() {
        let passwd = |vars: &[(&str, &str)], home: Option<&str>| {
            env(vars).with_passwd_home(home.map(str::to_string))
        };
        let rows: &[(Env, &str)] = &[
            (
                passwd(&[], Some("/srv/app")),
                "/srv/app/.cache/huggingface/token",
            ),
            (
                passwd(&[], Some("/srv/app/")),
                "/srv/app/.cache/huggingface/token",
            ),
            (passwd(&[("HF_HOME", "~")], Some("/")), "/token"),
            (passwd(&[], None), "~/.cache/huggingface/token"),
            (
                passwd(&[("HOME", "/home/u")], Some("/srv/app")),
                "/home/u/.cache/huggingface/token",
            ),
            (
                passwd(&[("HOME", "")], Some("/srv/app")),
                "/.cache/huggingface/token",
            ),
            (passwd(&[("HOME", "/")], None), "/.cache/huggingface/token"),
            (passwd(&[("HOME", "//")], None), "/.cache/huggingface/token"),
        ];
        for (e, want) in rows {
            assert_eq!(
                token_path(e).unwrap(),
                PathBuf::from(want),
                "{e:?} {:?}",
                e.passwd_home()
            );
        }
        let e = passwd(&[], Some("/srv/app"));
        assert!(
            unreadable_file(Path::new("/x"), &e, "why")
                .contains("this user's home in `/etc/passwd`"),
        );
        assert!(
            unreadable_file(Path::new("/x"), &env(&[("HOME", "/h")]), "why")
                .contains("from `HOME`")
        );
        // `HOME` set: it is the source, whatever `/etc/passwd` says.
        let e = passwd(&[("HOME", "/h")], Some("/srv/app"));
        let said = unreadable_file(Path::new("/x"), &e, "why");
        assert!(said.contains("from `HOME`"), "{said}");
        assert!(!said.contains("/etc/passwd"), "{said}");
    }

    /// A missing token names misplaced variables, never their values.
    #[test]
    fn missing_names_misplaced_variables_without_values() {
        let e = env(&[
            ("HUGGINGFACEHUB_API_TOKEN", "hf_secretsecret1234"),
            ("MY_THING", "hf_anothersecret5678"),
            ("PATH", "/usr/bin"),
            ("HF_TOKEN", ""),
            // A webhook-started Job's secret is not the Hub token, whatever it looks like.
            ("WEBHOOK_SECRET", "hf_webhooksecret9876"),
        ]);
        match discover(&e, &no_file) {
            Discovery::Missing {
                misplaced, blank, ..
            } => {
                assert_eq!(misplaced, vec!["HUGGINGFACEHUB_API_TOKEN", "MY_THING"]);
                assert_eq!(blank, vec!["`HF_TOKEN`"]);
            }
            other => panic!("{other:?}"),
        }
    }

    /// Where the token was looked for, and why it was not taken, as the report
    /// says it: the unreadable file with the variable its path came from, a
    /// blank file, `GITHUB_ACTIONS`.
    #[test]
    #[cfg(unix)] // Unix paths and `HOME`
    fn missing_says_where_and_why() {
        let missing = |vars: &[(&str, &str)], read: &dyn Fn(&Path) -> FileRead| match discover(
            &env(vars),
            read,
        ) {
            Discovery::Missing {
                searched,
                blank,
                unreadable,
                github_actions,
                ..
            } => (searched, blank, unreadable, github_actions),
            other => panic!("{vars:?}: {other:?}"),
        };
        let denied = |_: &Path| FileRead::Error("permission denied".into());
        type Row<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
        let rows: &[Row] = &[
            (
                &[("HOME", "/home/u")],
                "/home/u/.cache/huggingface/token",
                "`HOME`",
            ),
            (
                &[
                    ("HF_TOKEN_PATH", "/t/tok"),
                    ("HF_HOME", "/h"),
                    ("HOME", "/home/u"),
                ],
                "/t/tok",
                "`HF_TOKEN_PATH`",
            ),
            (
                &[("HF_HOME", "/h"), ("XDG_CACHE_HOME", "/x")],
                "/h/token",
                "`HF_HOME`",
            ),
            (
                &[("XDG_CACHE_HOME", "/x"), ("HOME", "/home/u")],
                "/x/huggingface/token",
                "`XDG_CACHE_HOME`",
            ),
        ];
        for (vars, path, from) in rows {
            let (searched, _, unreadable, _) = missing(vars, &denied);
            assert_eq!(
                unreadable.as_deref(),
                Some(format!("`{path}` (the token file, from {from}): permission denied").as_str()),
                "{vars:?}"
            );
            assert_eq!(searched[2], format!("`{path}`"), "{vars:?}");
        }
        // a token file of only whitespace is blank, not a token
        let blank_file = |_: &Path| FileRead::Read(b" \n".to_vec());
        let (_, blank, unreadable, _) = missing(&[("HOME", "/home/u")], &blank_file);
        assert_eq!(blank, vec!["`/home/u/.cache/huggingface/token`"]);
        assert_eq!(unreadable, None);
        // the fix named is a repository secret only under GitHub Actions
        for (value, github) in [("true", true), ("false", false), ("", false)] {
            let vars = [("HOME", "/home/u"), ("GITHUB_ACTIONS", value)];
            assert_eq!(missing(&vars, &no_file).3, github, "{value:?}");
        }
        assert!(!missing(&[("HOME", "/home/u")], &no_file).3);
    }

    /// Misplaced-token names: a known misnomer holding anything, any other
    /// variable only when it holds an `hf_` value longer than 8 characters; never
    /// a blank one, and never the two names huggingface_hub reads.
    #[test]
    fn misplaced_names_exactly() {
        let misplaced = |vars: &[(&str, &str)]| match discover(&env(vars), &no_file) {
            Discovery::Missing { misplaced, .. } => misplaced,
            other => panic!("{vars:?}: {other:?}"),
        };
        type Row<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);
        let rows: &[Row] = &[
            // a known misnomer is named whatever it holds, unless blank
            (&[("HF_API_KEY", "abc123")], &["HF_API_KEY"]),
            (&[("HF_API_KEY", " \n")], &[]),
            (&[("HF_API_KEY", "")], &[]),
            // another variable: an `hf_` value of more than 8 characters
            (&[("MY_THING", "hf_abcdef")], &["MY_THING"]),
            (&[("MY_THING", "hf_abcde")], &[]),
            (&[("MY_THING", "\"hf_abcdefgh\"")], &["MY_THING"]),
            (&[("LANG", "en_US.UTF-8"), ("PATH", "/usr/local/bin")], &[]),
            // a blank (not empty) `HF_TOKEN` ends the search as in huggingface_hub: the
            // `HUGGING_FACE_HUB_TOKEN` behind it is not read, so it is named
            (
                &[
                    ("HF_TOKEN", " "),
                    ("HUGGING_FACE_HUB_TOKEN", "hf_abcdefghijkl"),
                ],
                &["HUGGING_FACE_HUB_TOKEN"],
            ),
            (&[("HF_TOKEN", "\n"), ("HUGGING_FACE_HUB_TOKEN", " ")], &[]),
        ];
        for (vars, want) in rows {
            assert_eq!(misplaced(vars), *want, "{vars:?}");
        }
    }

    /// On Windows the home is `USERPROFILE` (else `HOMEDRIVE` + `HOMEPATH`), not `HOME`,
    /// and `~\\` expands like `~/`, as `os.path.expanduser` does there.
    #[test]
    #[cfg(windows)]
    fn token_path_windows() {
        let rows: &[(&[(&str, &str)], &str)] = &[
            (
                &[("USERPROFILE", r"C:\Users\u"), ("HOME", "/home/u")],
                r"C:\Users\u/.cache\huggingface\token",
            ),
            (
                &[("HOMEDRIVE", "D:"), ("HOMEPATH", r"\Users\u")],
                r"D:\Users\u/.cache\huggingface\token",
            ),
            (
                &[("HF_HOME", r"~\hf"), ("USERPROFILE", r"C:\Users\u")],
                r"C:\Users\u\hf\token",
            ),
        ];
        for (vars, want) in rows {
            assert_eq!(
                token_path(&env(vars)).unwrap(),
                PathBuf::from(want),
                "{vars:?}"
            );
        }
    }

    /// The Windows home rule, tested on every platform: `USERPROFILE` first,
    /// else `HOMEDRIVE` + `HOMEPATH` (a missing drive is empty), never `HOME`;
    /// a value that looks like a token is refused by its name.
    #[test]
    fn windows_home_as_python_finds_it() {
        let token = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";
        type Row<'a> = (&'a [(&'a str, &'a str)], Result<Option<&'a str>, &'a str>);
        let rows: &[Row] = &[
            (
                &[
                    ("USERPROFILE", r"C:\Users\u"),
                    ("HOMEPATH", r"\x"),
                    ("HOME", "/h"),
                ],
                Ok(Some(r"C:\Users\u")),
            ),
            (
                &[("HOMEDRIVE", "D:"), ("HOMEPATH", r"\Users\u")],
                Ok(Some(r"D:\Users\u")),
            ),
            (&[("HOMEPATH", r"\Users\u")], Ok(Some(r"\Users\u"))),
            (&[("HOME", "/home/u"), ("HOMEDRIVE", "D:")], Ok(None)),
            (&[("USERPROFILE", token)], Err("USERPROFILE")),
        ];
        for (vars, want) in rows {
            assert_eq!(
                windows_home(&env(vars)),
                want.map(|h| h.map(String::from)),
                "{vars:?}"
            );
        }
    }

    /// A path variable holding a token is named, never shown, and never used as a path.
    #[test]
    fn a_token_in_a_path_variable_is_never_shown() {
        let token = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";
        for var in ["HF_TOKEN_PATH", "HF_HOME", "XDG_CACHE_HOME", "HOME"] {
            let e = env(&[(var, token)]);
            assert_eq!(token_path(&e), Err(var));
            match discover(&e, &no_file) {
                Discovery::Missing {
                    searched,
                    misplaced,
                    ..
                } => {
                    let text = format!("{searched:?}");
                    assert!(!text.contains("abcdefgh") && text.contains(var), "{text}");
                    assert_eq!(misplaced, vec![var.to_string()], "named once");
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
