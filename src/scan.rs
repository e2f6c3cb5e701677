//! Hardcoded tokens in the job's script: which file COMMAND runs (the first
//! existing file after an interpreter, `python train.py`; or COMMAND itself
//! when it is a `#!` script) and `--scan PATH`, read within bounds (a regular
//! file, at most [`SCRIPT_CAP`], by the run's deadline), searched for Hugging
//! Face tokens with the shape rule of `sanitize`. Findings carry only the
//! masked token (`hf_…abcd`) and whether it is the token being checked; a
//! token found here is never sent anywhere.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::localfile::{FileId, LocalError, ReadOnce, read_bounded, read_once};
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

/// A file the scan was asked to read and could not: an explicit `--scan`
/// path, or the script COMMAND runs. Said in the report, never silent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotScanned {
    /// The file as given (its token-like parts masked).
    pub file: String,
    /// Why: `it does not exist`, `no answer from its filesystem within 2 s`.
    pub reason: String,
}

/// What the scan found, and what it could not read.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub not_scanned: Vec<NotScanned>,
}

/// The scan's own budget: it runs beside the Hub's requests, and the run
/// waits for it at most this long from its start (never past `--timeout`).
pub const BUDGET: Duration = Duration::from_secs(2);
/// How long past its budget the run waits for the scan to hand its result over.
const HANDOVER: Duration = Duration::from_millis(300);

/// Where to look: `--scan` paths, and COMMAND's script unless `--no-scan`.
pub struct Request<'a> {
    pub command: Option<&'a [OsString]>,
    pub paths: &'a [PathBuf],
    /// `PATH`, to find a COMMAND given by name.
    pub search_path: Option<&'a OsStr>,
    /// The scan's deadline (its budget from its start).
    pub deadline: Instant,
}

/// The same as [`Request`], owned, for the scan's thread.
pub struct Owned {
    pub command: Option<Vec<OsString>>,
    pub paths: Vec<PathBuf>,
    pub search_path: Option<OsString>,
}

/// A scan running on its own thread; [`Pending::finish`] collects it.
pub struct Pending {
    rx: mpsc::Receiver<Outcome>,
    deadline: Instant,
    budget: Duration,
    paths: Vec<PathBuf>,
    command: bool,
}

/// Starts the scan on its own thread, with its own budget ([`BUDGET`], cut to
/// the run's deadline): the Hub's checks go on meanwhile, whatever the files do.
pub fn start(req: Owned, checked: Vec<Secret>, run_deadline: Instant) -> Pending {
    let deadline = (Instant::now() + BUDGET).min(run_deadline);
    let pending_paths = req.paths.clone();
    let command = req.command.is_some();
    let (tx, rx) = mpsc::sync_channel(1);
    let work = move || {
        let request = Request {
            command: req.command.as_deref(),
            paths: &req.paths,
            search_path: req.search_path.as_deref(),
            deadline,
        };
        let checked: Vec<&Secret> = checked.iter().collect();
        let _ = tx.send(scan(&request, &checked));
    };
    let slot = Arc::new(Mutex::new(Some(work)));
    let theirs = Arc::clone(&slot);
    let spawned = std::thread::Builder::new()
        .name("scan".into())
        .spawn(move || {
            if let Some(work) = theirs.lock().ok().and_then(|mut w| w.take()) {
                work();
            }
        });
    if spawned.is_err()
        && let Some(work) = slot.lock().ok().and_then(|mut w| w.take())
    {
        work(); // no thread to be had: inline, its reads still bounded
    }
    Pending {
        rx,
        deadline,
        budget: BUDGET.min(deadline.saturating_duration_since(Instant::now())),
        paths: pending_paths,
        command,
    }
}

impl Pending {
    /// The scan's outcome, waited for until its deadline (and a short
    /// handover): a scan still stuck then names what it was asked to read as
    /// not scanned, and the run goes on without it.
    pub fn finish(self) -> Outcome {
        let left = self.deadline.saturating_duration_since(Instant::now()) + HANDOVER;
        if let Ok(outcome) = self.rx.recv_timeout(left) {
            return outcome;
        }
        let reason = format!("the scan did not finish within {}", seconds(self.budget));
        let script = self.command.then(|| "COMMAND's script".to_string());
        let named = self
            .paths
            .iter()
            .map(|p| mask_token_like(&p.to_string_lossy()));
        Outcome {
            findings: Vec::new(),
            not_scanned: script
                .into_iter()
                .chain(named)
                .map(|file| NotScanned {
                    file,
                    reason: reason.clone(),
                })
                .collect(),
        }
    }
}

/// `2 s`, `0.5 s`: to a tenth of a second (a budget measured a moment after
/// it was set is 1.9999 s: that is `2 s`).
fn seconds(d: Duration) -> String {
    let tenths = (d.as_millis() + 50) / 100;
    match tenths % 10 {
        0 => format!("{} s", tenths / 10),
        t => format!("{}.{t} s", tenths / 10),
    }
}

/// Why a file the scan was asked to read was not read.
fn reason(e: &LocalError, budget: Duration) -> String {
    match e {
        LocalError::TimedOut => format!("no answer from its filesystem within {}", seconds(budget)),
        e => format!("it {e}"),
    }
}

/// Scans COMMAND's script and the `--scan` paths for tokens: each file once
/// (by path, then by inode: hard links are read once), its text dropped as
/// soon as it is searched. `checked` are the forms of the token being checked
/// (as found, as sent). Every read ends by `req.deadline`.
pub fn scan(req: &Request<'_>, checked: &[&Secret]) -> Outcome {
    let budget = req.deadline.saturating_duration_since(Instant::now());
    let mut out = Outcome::default();
    let seen: Arc<Mutex<HashSet<FileId>>> = Arc::default();
    let mut paths: HashSet<&Path> = HashSet::new();
    let search = |path: &Path, bytes: &[u8], out: &mut Outcome| {
        let shown = mask_token_like(&path.to_string_lossy());
        out.findings
            .extend(findings(&String::from_utf8_lossy(bytes), &shown, checked));
    };
    let not_scanned = |path: &Path, reason: String| NotScanned {
        file: mask_token_like(&path.to_string_lossy()),
        reason,
    };
    match req
        .command
        .and_then(|c| script_of(c, req.search_path, req.deadline))
    {
        Some(Script::Read(path, bytes, id)) => {
            insert(&seen, id);
            search(&path, &bytes, &mut out);
        }
        Some(Script::Unread(path, e)) => {
            out.not_scanned.push(not_scanned(&path, reason(&e, budget)))
        }
        None => {}
    }
    for path in req.paths {
        if !paths.insert(path) {
            continue;
        }
        if Instant::now() >= req.deadline {
            let why = format!("not reached: the scan's {} were used up", seconds(budget));
            out.not_scanned.push(not_scanned(path, why));
            continue;
        }
        match read_once(path, SCRIPT_CAP, req.deadline, &seen) {
            Ok(ReadOnce::Read(bytes, id)) => {
                insert(&seen, id);
                search(path, &bytes, &mut out);
            }
            Ok(ReadOnce::Seen) => {}
            Err(e) => out.not_scanned.push(not_scanned(path, reason(&e, budget))),
        }
    }
    out
}

fn insert(seen: &Mutex<HashSet<FileId>>, id: FileId) {
    if let Ok(mut s) = seen.lock() {
        s.insert(id);
    }
}

/// COMMAND's script, read; or the script it names, unreadable.
enum Script {
    Read(PathBuf, Vec<u8>, FileId),
    Unread(PathBuf, LocalError),
}

/// A file read whole (bounded), with its identity.
fn read_with_id(path: &Path, deadline: Instant) -> Result<(Vec<u8>, FileId), LocalError> {
    match read_once(path, SCRIPT_CAP, deadline, &Arc::default())? {
        ReadOnce::Read(bytes, id) => Ok((bytes, id)),
        ReadOnce::Seen => Err(LocalError::NotFound), // an empty set has seen nothing
    }
}

/// The files COMMAND may run or read, named without touching the disk: its
/// program (as given when it holds a `/`, else in each `PATH` directory) and
/// its first arguments that are not options. For refusing a `--json-file`
/// that would overwrite one of them.
pub fn command_files(command: Option<&[OsString]>, search_path: Option<&Path>) -> Vec<PathBuf> {
    let Some((program, args)) = command.and_then(|c| c.split_first()) else {
        return Vec::new();
    };
    let given = Path::new(program);
    let mut out: Vec<PathBuf> = if given.components().count() > 1 {
        vec![given.to_path_buf()]
    } else {
        search_path
            .map(|p| std::env::split_paths(p).map(|d| d.join(program)).collect())
            .unwrap_or_default()
    };
    out.extend(
        args.iter()
            .take(MAX_ARGS_TRIED)
            .filter(|a| !a.to_string_lossy().starts_with('-'))
            .map(PathBuf::from),
    );
    out
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
) -> Option<Script> {
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
            match read_with_id(&path, deadline) {
                Ok((bytes, id)) if script_like => return Some(Script::Read(path, bytes, id)),
                Ok((bytes, id)) => first = Some(Script::Read(path, bytes, id)),
                Err(LocalError::NotFound | LocalError::NotRegular(_)) => continue,
                // It is the script, but too large, unreadable or out of time: said.
                Err(e) if script_like => return Some(Script::Unread(path, e)),
                Err(_) => continue,
            }
        }
        return first;
    }
    let path = locate(program, search_path, deadline)?;
    match read_with_id(&path, deadline) {
        Ok((bytes, id)) => bytes
            .starts_with(b"#!")
            .then(|| Script::Read(PathBuf::from(program), bytes, id)),
        // Whether it is a script is unknown: its filesystem did not answer.
        Err(e @ LocalError::TimedOut) => Some(Script::Unread(PathBuf::from(program), e)),
        Err(_) => None,
    }
}

/// The first word of shell code that is an existing file named like a script
/// (`python train.py && echo done` -> `train.py`).
fn named_in(code: &str, deadline: Instant) -> Option<Script> {
    code.split(|c: char| c.is_whitespace() || ";&|()".contains(c))
        .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
        .filter(|w| is_script_name(Path::new(w)))
        .take(MAX_ARGS_TRIED)
        .find_map(|w| {
            read_with_id(Path::new(w), deadline)
                .ok()
                .map(|(b, id)| Script::Read(PathBuf::from(w), b, id))
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
    // The body starts with a capital (a lowercase first letter returns false),
    // so two lowercase letters at its end also mean it holds a word.
    let mut lower_run = 0;
    for (i, c) in body.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && lower_run < 2 {
                return false;
            }
            lower_run = 0;
        } else if c.is_ascii_lowercase() && i > 0 {
            lower_run += 1;
        } else {
            return false;
        }
    }
    lower_run >= 2
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

    fn read_path(s: Script) -> Option<PathBuf> {
        match s {
            Script::Read(p, _, _) => Some(p),
            Script::Unread(..) => None,
        }
    }

    const A: &str = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567";
    const B: &str = "hf_ZyXwVuTsRqPoNmLkJiHgFeDcBa98765432";

    /// `--scan` paths: each file once (a hard link and a repeat are not read
    /// again), a missing path and a directory named with their reasons, and
    /// past the deadline, "not reached".
    #[test]
    fn scan_paths_once_and_unread_ones_named() {
        let dir = std::env::temp_dir().join(format!("hftc-scan-paths-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.py");
        std::fs::write(&file, format!("T = '{A}'\n")).unwrap();
        let link = dir.join("b.py");
        std::fs::hard_link(&file, &link).unwrap();
        let missing = dir.join("nope.py");
        let paths = vec![
            file.clone(),
            link,
            file.clone(),
            missing.clone(),
            dir.clone(),
        ];
        let req = |deadline| Request {
            command: None,
            paths: &paths,
            search_path: None,
            deadline,
        };
        let out = scan(&req(Instant::now() + Duration::from_secs(5)), &[]);
        assert_eq!(out.findings.len(), 1, "{:?}", out.findings);
        assert_eq!(out.findings[0].file, file.display().to_string());
        assert_eq!(
            out.not_scanned,
            [
                NotScanned {
                    file: missing.display().to_string(),
                    reason: "it does not exist".into()
                },
                NotScanned {
                    file: dir.display().to_string(),
                    reason: "it is a directory, not a regular file".into()
                },
            ]
        );
        let late = scan(&req(Instant::now()), &[]);
        assert!(late.findings.is_empty());
        assert_eq!(late.not_scanned.len(), 4, "{:?}", late.not_scanned);
        assert!(
            late.not_scanned
                .iter()
                .all(|n| n.reason == "not reached: the scan's 0 s were used up"),
            "{:?}",
            late.not_scanned
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A scan that never hands its result over: what it was asked to read is
    /// named as not scanned once its budget (and the handover) is up.
    #[test]
    fn a_scan_stuck_past_its_budget_is_not_waited_for() {
        let (tx, rx) = mpsc::sync_channel(1);
        let pending = Pending {
            rx,
            deadline: Instant::now(),
            budget: Duration::from_secs(2),
            paths: vec![PathBuf::from("/mnt/x.py")],
            command: true,
        };
        let start = Instant::now();
        let out = pending.finish();
        assert!(start.elapsed() < Duration::from_secs(2));
        drop(tx);
        let files: Vec<&str> = out.not_scanned.iter().map(|n| n.file.as_str()).collect();
        assert_eq!(files, ["COMMAND's script", "/mnt/x.py"]);
        assert!(
            out.not_scanned
                .iter()
                .all(|n| n.reason == "the scan did not finish within 2 s")
        );
        assert!(out.findings.is_empty());
    }

    /// The files COMMAND may run or read: the program as given with a `/`,
    /// else in each `PATH` directory; then its arguments that are not options.
    #[test]
    fn the_files_a_command_names() {
        let os = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        let path = Path::new("/a:/b");
        let files = |c: &[&str]| command_files(Some(&os(c)), Some(path));
        let p = |v: &[&str]| v.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert_eq!(
            files(&["python", "-u", "train.py", "--out", "x.json"]),
            p(&["/a/python", "/b/python", "train.py", "x.json"])
        );
        assert_eq!(files(&["./run.sh", "a"]), p(&["./run.sh", "a"]));
        assert_eq!(files(&["/bin/sh"]), p(&["/bin/sh"]));
        assert_eq!(command_files(Some(&os(&["sh", "x"])), None), p(&["x"]));
        assert!(command_files(None, Some(path)).is_empty());
    }

    /// After an interpreter, a file that cannot be read is the script only
    /// when it is named like one: an unreadable config before the script
    /// does not hide the script.
    #[test]
    fn an_unreadable_file_not_named_like_a_script_is_passed_over() {
        let dir = std::env::temp_dir().join(format!("hftc-scan-unread-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("cfg.yaml");
        std::fs::write(&big, vec![b'#'; SCRIPT_CAP as usize + 1]).unwrap();
        let script = dir.join("train.py");
        std::fs::write(&script, "x = 1\n").unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        let c = vec![
            OsString::from("python"),
            big.clone().into_os_string(),
            script.clone().into_os_string(),
        ];
        assert_eq!(
            script_of(&c, None, deadline).and_then(read_path),
            Some(script.clone())
        );
        // Two scripts: the first is the one run, the second its argument.
        let other = dir.join("other.py");
        std::fs::write(&other, "y = 2\n").unwrap();
        let c = vec![
            OsString::from("python"),
            script.clone().into_os_string(),
            other.into_os_string(),
        ];
        assert_eq!(
            script_of(&c, None, deadline).and_then(read_path),
            Some(script.clone())
        );
        let big_py = dir.join("big.py");
        std::fs::write(&big_py, vec![b'#'; SCRIPT_CAP as usize + 1]).unwrap();
        let c = vec![OsString::from("python"), big_py.clone().into_os_string()];
        match script_of(&c, None, deadline) {
            Some(Script::Unread(p, LocalError::TooLarge { .. })) => assert_eq!(p, big_py),
            _ => panic!("a script too large to read is named"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn seconds_to_a_tenth() {
        let ms = Duration::from_millis;
        assert_eq!(seconds(ms(2000)), "2 s");
        assert_eq!(seconds(ms(1999)), "2 s");
        assert_eq!(seconds(ms(1949)), "1.9 s");
        assert_eq!(seconds(ms(500)), "0.5 s");
        assert_eq!(seconds(ms(10)), "0 s");
    }

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
            "hf_AbCdef",
            "hf_AbcDEfg",
            "hf_",
            "",
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
        let found = |c: &[OsString]| script_of(c, None, deadline).and_then(read_path);
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
            script_of(&os(&["run".as_ref()]), Some(path), deadline).and_then(read_path),
            Some(PathBuf::from("run"))
        );
    }
}
