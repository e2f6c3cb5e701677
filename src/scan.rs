//! Hardcoded tokens in the job's script: which file COMMAND runs (the first
//! existing file after an interpreter, `python train.py`; or COMMAND itself
//! when it is a `#!` script) and `--scan PATH`, read within bounds (a regular
//! file, at most [`SCRIPT_CAP`], by the run's deadline), searched for Hugging
//! Face tokens with the shape rule of `sanitize`. Findings carry only the
//! masked token (`hf_…abcd`) and whether it is the token being checked; a
//! token found here is never sent anywhere.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::localfile::{LocalError, read_bounded};
use crate::sanitize::{hf_tokens, mask, mask_token_like};
use crate::token::{Secret, is_placeholder};

/// The largest script read; a larger one is not scanned.
pub const SCRIPT_CAP: u64 = 1024 * 1024;
/// The most distinct tokens reported for one file; the last finding counts the rest.
const MAX_PER_FILE: usize = 10;
/// How many of COMMAND's arguments are tried as the script.
const MAX_ARGS_TRIED: usize = 16;

/// Programs that run the script named among their arguments.
const INTERPRETERS: &[&str] = &[
    "python",
    "pythonw",
    "pypy",
    "pypy3",
    "uv",
    "bash",
    "sh",
    "dash",
    "zsh",
    "ksh",
    "node",
    "nodejs",
    "deno",
    "bun",
    "ruby",
    "perl",
    "rscript",
    "julia",
    "accelerate",
    "torchrun",
    "deepspeed",
];

/// Arguments after which an interpreter runs inline code or a module, not a file.
const INLINE: &[&str] = &["-c", "-m", "-e", "--eval"];

/// One token written in a scanned file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file as given (its token-like parts masked).
    pub file: String,
    /// The lines it is on (1-based), in order.
    pub lines: Vec<usize>,
    /// `hf_…abcd`.
    pub masked: String,
    /// It is the token being checked.
    pub checked: bool,
    /// More distinct tokens in the same file that are not listed (on the last finding).
    pub more: usize,
}

/// Where to look: `--scan` paths, and COMMAND's script unless `--no-scan`.
pub struct Request<'a> {
    pub command: Option<&'a [OsString]>,
    pub paths: &'a [PathBuf],
    /// `PATH`, to find a COMMAND given by name.
    pub search_path: Option<&'a OsStr>,
    pub deadline: Instant,
}

/// Scans COMMAND's script and the `--scan` paths (each file once) for tokens.
/// `checked` are the forms of the token being checked (as found, as sent).
pub fn scan(req: &Request<'_>, checked: &[&Secret]) -> Vec<Finding> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if let Some(found) = req
        .command
        .and_then(|c| script_of(c, req.search_path, req.deadline))
    {
        files.push(found);
    }
    // The same file given twice (`train.py` and `/app/train.py`) is scanned once.
    let same = |a: &Path, b: &Path| {
        a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
    };
    for path in req.paths {
        if files.iter().any(|(p, _)| same(p, path)) {
            continue;
        }
        if let Ok(bytes) = read_bounded(path, SCRIPT_CAP, req.deadline) {
            files.push((path.clone(), bytes));
        }
    }
    files
        .iter()
        .flat_map(|(path, bytes)| {
            let shown = mask_token_like(&path.to_string_lossy());
            findings(&String::from_utf8_lossy(bytes), &shown, checked)
        })
        .collect()
}

/// Whether `program` runs a script named among its arguments (`python`,
/// `python3.12`, `/usr/bin/node`, `uv`...).
fn is_interpreter(program: &OsStr) -> bool {
    let name = Path::new(program)
        .file_name()
        .unwrap_or(program)
        .to_string_lossy()
        .to_ascii_lowercase();
    let name = name.strip_suffix(".exe").unwrap_or(&name);
    INTERPRETERS.contains(&name)
        || name
            .strip_prefix("python")
            .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// The script COMMAND runs, read: after an interpreter, the first argument that
/// is an existing regular file; otherwise COMMAND itself when it starts with `#!`.
fn script_of(
    command: &[OsString],
    search_path: Option<&OsStr>,
    deadline: Instant,
) -> Option<(PathBuf, Vec<u8>)> {
    let program = command.first()?;
    if is_interpreter(program) {
        // An option's value may be an existing file too (`accelerate launch
        // --config_file cfg.yaml train.py`, `uv run --env-file .env x.py`): a
        // file named like a script wins; else the first existing file.
        let mut first = None;
        // After `-m MODULE` (`python -m torch.distributed.run train.py`), only
        // a file named like a script is one.
        let mut module = false;
        let mut args = command[1..].iter().take(MAX_ARGS_TRIED);
        while let Some(arg) = args.next() {
            if arg == "-m" {
                (module, first) = (true, None);
                args.next();
                continue;
            }
            if INLINE.iter().any(|i| arg == *i) {
                // `bash -c "python train.py"`: a script the shell code names.
                let shell = ["bash", "sh", "dash", "zsh", "ksh"]
                    .iter()
                    .any(|s| Path::new(program).file_name() == Some(OsStr::new(s)));
                return args
                    .next()
                    .filter(|_| shell && arg == "-c")
                    .and_then(|code| named_in(&code.to_string_lossy(), deadline));
            }
            if arg.to_string_lossy().starts_with('-') {
                continue;
            }
            let path = PathBuf::from(arg);
            let script_like = is_script_name(&path);
            if !script_like && (first.is_some() || module) {
                continue;
            }
            match read_bounded(&path, SCRIPT_CAP, deadline) {
                Ok(bytes) if script_like => return Some((path, bytes)),
                Ok(bytes) => first = Some((path, bytes)),
                Err(LocalError::NotFound | LocalError::NotRegular(_)) => continue,
                // It is the script, but too large, unreadable or out of time.
                Err(_) if script_like => return None,
                Err(_) => continue,
            }
        }
        return first;
    }
    let path = locate(program, search_path, deadline)?;
    let bytes = read_bounded(&path, SCRIPT_CAP, deadline).ok()?;
    bytes
        .starts_with(b"#!")
        .then(|| (PathBuf::from(program), bytes))
}

/// The first word of shell code that is an existing file named like a script
/// (`python train.py && echo done` -> `train.py`).
fn named_in(code: &str, deadline: Instant) -> Option<(PathBuf, Vec<u8>)> {
    code.split(|c: char| c.is_whitespace() || ";&|()".contains(c))
        .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
        .filter(|w| is_script_name(Path::new(w)))
        .take(MAX_ARGS_TRIED)
        .find_map(|w| {
            read_bounded(Path::new(w), SCRIPT_CAP, deadline)
                .ok()
                .map(|b| (PathBuf::from(w), b))
        })
}

/// A file name with a script's extension (`train.py`, `run.sh`, `x.js`...).
fn is_script_name(path: &Path) -> bool {
    const SCRIPTS: &[&str] = &[
        "py", "pyw", "sh", "bash", "zsh", "ksh", "js", "mjs", "cjs", "ts", "mts", "cts", "jsx",
        "tsx", "rb", "pl", "r", "jl",
    ];
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| SCRIPTS.contains(&e.as_str()))
}

/// COMMAND's file: itself when it names a path, else the first match in `PATH`.
fn locate(program: &OsStr, search_path: Option<&OsStr>, deadline: Instant) -> Option<PathBuf> {
    let exists = |p: &Path| match read_bounded(p, 0, deadline) {
        Ok(_) | Err(LocalError::TooLarge { .. }) => true,
        Err(_) => false,
    };
    let given = Path::new(program);
    if given.components().count() > 1 {
        return exists(given).then(|| given.to_path_buf());
    }
    std::env::split_paths(search_path?)
        .map(|dir| dir.join(program))
        .find(|p| exists(p))
}

/// `api_ResponseSerializerFactoryImpl`, `hf_YourTokenGoesHere`: after the
/// prefix, only capitalised words of 3 or more letters. That is code or a
/// placeholder; a random token has this shape about once in 200,000.
fn is_camel_words(value: &str) -> bool {
    let body = ["hf_oauth_", "api_org_", "hf_", "api_"]
        .iter()
        .find_map(|p| value.strip_prefix(p))
        .unwrap_or(value);
    let mut words = 0;
    let mut lower_run = 0;
    for (i, c) in body.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && lower_run < 2 {
                return false;
            }
            words += 1;
            lower_run = 0;
        } else if c.is_ascii_lowercase() && i > 0 {
            lower_run += 1;
        } else {
            return false;
        }
    }
    words > 0 && lower_run >= 2
}

/// The tokens in one file's text, one finding per distinct token with all its lines.
pub fn findings(text: &str, file: &str, checked: &[&Secret]) -> Vec<Finding> {
    let mut out: Vec<(&str, Finding)> = Vec::new();
    let mut line = 1;
    let mut counted = 0;
    let mut more = 0;
    for range in hf_tokens(text) {
        line += text[counted..range.start].matches('\n').count();
        counted = range.start;
        let value = &text[range];
        if is_placeholder(value) || is_camel_words(value) {
            continue;
        }
        if let Some((_, f)) = out.iter_mut().find(|(v, _)| *v == value) {
            if f.lines.last() != Some(&line) {
                f.lines.push(line);
            }
            continue;
        }
        if out.len() == MAX_PER_FILE {
            more += 1;
            continue;
        }
        let finding = Finding {
            file: file.to_string(),
            lines: vec![line],
            masked: mask(value),
            checked: checked.iter().any(|s| s.is(value)),
            more: 0,
        };
        out.push((value, finding));
    }
    let mut out: Vec<Finding> = out.into_iter().map(|(_, f)| f).collect();
    if let Some(last) = out.last_mut() {
        last.more = more;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const A: &str = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567";
    const B: &str = "hf_ZyXwVuTsRqPoNmLkJiHgFeDcBa98765432";

    #[test]
    fn tokens_with_their_lines_and_whose_they_are() {
        let text = format!(
            "import os\n# not a token: hf_hub_download, HF_TOKEN, hf_xxxxxxxxxxxxxxxxxxxxxxxx\n\
             token = \"{A}\"\nlogin(token='{B}')  # {A}\nos.environ[\"HF_TOKEN\"]=\"{A}\"\n\
             org = 'api_org_AbCdEfGhIjKlMnOpQrSt'\n"
        );
        let checked = Secret::new(B);
        let f = findings(&text, "train.py", &[&checked]);
        assert_eq!(f.len(), 3, "{f:?}");
        assert_eq!(
            (f[0].lines.clone(), f[0].checked, f[0].masked.as_str()),
            (vec![3, 4, 5], false, "hf_…4567")
        );
        assert_eq!(
            (f[1].lines.clone(), f[1].checked, f[1].masked.as_str()),
            (vec![4], true, "hf_…5432")
        );
        assert_eq!((f[2].lines.clone(), f[2].checked), (vec![6], false));
        assert!(f.iter().all(|x| x.file == "train.py" && x.more == 0));
    }

    /// Identifiers and placeholders made of capitalised words are not tokens.
    #[test]
    fn camel_case_words_are_not_tokens() {
        let text = "cfg.api_ResponseSerializerFactoryImpl = 1\n\
                    t = 'hf_YourTokenGoesHereReplaceThisValue'\n\
                    u = 'hf_YourTokenGoesHereReplaceThisValu3'\n\
                    v = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh'\n";
        let f = findings(text, "x.py", &[]);
        let lines: Vec<usize> = f.iter().flat_map(|x| x.lines.clone()).collect();
        assert_eq!(lines, vec![3, 4], "{f:?}");
        for yes in ["hf_YourToken", "api_org_AbcDef", "hf_Abc"] {
            assert!(is_camel_words(yes), "{yes}");
        }
        for no in [
            A,
            B,
            "hf_YourTokenX",
            "hf_yourToken",
            "hf_AbcDE",
            "hf_AbcDeF",
            "hf_",
        ] {
            assert!(!is_camel_words(no), "{no}");
        }
    }

    #[test]
    fn at_most_ten_per_file() {
        let text: String = (0..13)
            .map(|i| format!("t{i} = 'hf_{}{i:02}'\n", "Ab1".repeat(8)))
            .collect();
        let f = findings(&text, "x.py", &[]);
        assert_eq!(f.len(), MAX_PER_FILE);
        assert_eq!(f.last().unwrap().more, 3);
    }

    #[test]
    fn interpreters_by_name() {
        for yes in [
            "python",
            "python3",
            "python3.12",
            "/usr/bin/python3",
            "uv",
            "node",
            "bash",
        ] {
            assert!(is_interpreter(OsStr::new(yes)), "{yes}");
        }
        for no in ["pythonic", "train.py", "./run.sh", "hf", "python3x"] {
            assert!(!is_interpreter(OsStr::new(no)), "{no}");
        }
    }

    /// The script after an interpreter and its options; inline code is no file;
    /// a `#!` COMMAND is its own script, a binary is not.
    #[test]
    fn which_file_is_the_script() {
        let tmp = crate::testing::temp_dir("scan");
        let dir = tmp.path();
        let script = dir.join("train.py");
        std::fs::write(&script, "print(1)\n").unwrap();
        let shebang = dir.join("run");
        std::fs::write(&shebang, "#!/bin/sh\necho\n").unwrap();
        let binary = dir.join("tool");
        std::fs::write(&binary, b"\x7fELF....").unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        let os = |v: &[&OsStr]| v.iter().map(|s| s.to_os_string()).collect::<Vec<_>>();
        let s = script.as_os_str();
        let found = |c: &[OsString]| script_of(c, None, deadline).map(|(p, _)| p);
        let d = dir.as_os_str();
        let dash_u = OsStr::new("-u");
        assert_eq!(
            found(&os(&["python3".as_ref(), dash_u, d, s])),
            Some(script.clone())
        );
        let uv = os(&[
            "uv".as_ref(),
            "run".as_ref(),
            "--with".as_ref(),
            "torch".as_ref(),
            s,
        ]);
        assert_eq!(found(&uv), Some(script.clone()));
        // An option's value that is a file (a config) is not the script...
        let config = dir.join("cfg.yaml");
        std::fs::write(&config, "a: 1\n").unwrap();
        let c = config.as_os_str();
        let accelerate = [
            "accelerate".as_ref(),
            "launch".as_ref(),
            "--config_file".as_ref(),
            c,
            s,
        ];
        assert_eq!(found(&os(&accelerate)), Some(script.clone()));
        // ...nor a data file after it; without a script-named file, the first file is.
        assert_eq!(found(&os(&["python".as_ref(), s, c])), Some(script.clone()));
        assert_eq!(found(&os(&["python".as_ref(), c])), Some(config.clone()));
        assert_eq!(found(&os(&["python".as_ref(), "-c".as_ref(), s])), None);
        // A module that launches a script, and shell code naming one.
        let m = [
            "python".as_ref(),
            "-m".as_ref(),
            "torch.distributed.run".as_ref(),
            c,
            s,
        ];
        assert_eq!(found(&os(&m)), Some(script.clone()));
        assert_eq!(
            found(&os(&["python".as_ref(), "-m".as_ref(), "pkg".as_ref(), c])),
            None
        );
        let code = format!("cd /tmp && python3 '{}' --x 1; echo done", script.display());
        let sh = ["bash".as_ref(), "-c".as_ref(), OsStr::new(&code)];
        assert_eq!(found(&os(&sh)), Some(script.clone()));
        let py = ["python".as_ref(), "-c".as_ref(), OsStr::new(&code)];
        assert_eq!(found(&os(&py)), None);
        assert_eq!(found(&os(&[shebang.as_os_str()])), Some(shebang.clone()));
        assert_eq!(found(&os(&[binary.as_os_str()])), None);
        let path = dir.as_os_str();
        assert_eq!(
            script_of(&os(&["run".as_ref()]), Some(path), deadline).map(|(p, _)| p),
            Some(PathBuf::from("run"))
        );
    }
}
