//! The command line, parsed into plain values ([`Args`]); nothing is validated
//! against the environment here (that is `config`). Pure: tested with `from_vec`.

use std::ffi::OsString;

mod options;

pub(crate) use options::{OPTIONS, Opt, option_names};
use options::{Takes, find_option};

/// A usage or configuration error (exit 64), with an optional hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    pub message: String,
    pub hint: Option<String>,
    /// The endpoint in force, once it was resolved (for the JSON report).
    pub endpoint: Option<String>,
}

impl UsageError {
    /// An error whose fix is in `--help`.
    pub fn new(message: impl Into<String>) -> UsageError {
        UsageError::with_hint(message, "see `hf-token-check --help`")
    }

    pub fn with_hint(message: impl Into<String>, hint: impl Into<String>) -> UsageError {
        UsageError {
            message: message.into(),
            hint: Some(hint.into()),
            endpoint: None,
        }
    }
}

/// Where a REPO requirement came from: a flag or a variable.
pub type ReqOrigin = &'static str;

/// One `--read`/`--write` value, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRequirement {
    pub value: String,
    pub write: bool,
    pub from: ReqOrigin,
}

/// The command line as given. Option values are kept as text; `config` checks them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    /// `--help`: the whole help.
    pub help: bool,
    /// `-h`: the short usage.
    pub short_help: bool,
    pub version: bool,
    /// `--explain CODE`
    pub explain: Option<String>,
    pub requirements: Vec<RawRequirement>,
    /// The last `--endpoint`.
    pub endpoint: Option<String>,
    pub json: bool,
    pub json_file: Option<OsString>,
    pub offline: bool,
    /// `--rank0-only`: ranks other than 0 (`RANK`, else `LOCAL_RANK`) skip the Hub.
    pub rank0_only: bool,
    pub quiet: bool,
    pub warn_only: bool,
    pub allow_missing_token: bool,
    pub timeout: Option<String>,
    pub min_validity: Option<String>,
    pub max_age: Option<String>,
    /// `--min-quota N`
    pub min_quota: Option<String>,
    /// `--no-scan`
    pub no_scan: bool,
    /// `--scan PATH` (repeatable)
    pub scan: Vec<OsString>,
    /// `--jobs NS` (repeatable)
    pub jobs: Vec<String>,
    /// `--inference`
    pub inference: bool,
    /// `--bill-to ORG` (the last one)
    pub bill_to: Option<String>,
    /// `--pr REPO` (repeatable)
    pub pr: Vec<String>,
    /// The command after `--`, untouched.
    pub command: Option<Vec<OsString>>,
}

/// What one read of argv gave: the arguments, and the first mistake in them.
///
/// argv is read once, left to right, each option taking its value from the
/// next argument (or after `=`): a value of `--read`/`--write` or anything
/// after `--` is never taken for an option. When the read fails where the rest
/// of argv can no longer be told apart (an unknown option, which may or may
/// not take a value; an option missing its value; an argument that is not
/// UTF-8), `args` holds only what came before the failure, so a usage error
/// honours `--json`/`--json-file` only when they were given before it. Past
/// that point only `-h`/`--help`/`-V`/`--version` (which write nothing but
/// stdout) and the first bare `--` (for COMMAND's name) are looked for.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub args: Args,
    pub error: Option<UsageError>,
}

/// Parses argv (without the program name): the arguments, or the first mistake.
#[cfg(test)]
pub fn parse(args: Vec<OsString>) -> Result<Args, UsageError> {
    let read = read(args);
    match read.error {
        Some(e) => Err(e),
        None => Ok(read.args),
    }
}

/// How reading one argument ended.
enum Step {
    Done,
    /// A mistake after which the rest of argv is still read as usual.
    Mistake(UsageError),
    /// A mistake after which the rest of argv cannot be told apart.
    Lost(UsageError),
}

/// Reads argv once (see [`Read`]).
pub fn read(args: Vec<OsString>) -> Read {
    let mut a = Args::default();
    let mut error: Option<UsageError> = None;
    let mut stray: Option<Stray> = None;
    let mut last_value: Option<(&'static str, String)> = None;
    let mut it = args.into_iter();
    let mut lost = false;
    while let Some(arg) = it.next() {
        match step(&mut a, arg, &mut it, &mut last_value, &mut stray) {
            Step::Done => {}
            Step::Mistake(e) => {
                error.get_or_insert(e);
            }
            Step::Lost(e) => {
                error.get_or_insert(e);
                lost = true;
                break;
            }
        }
    }
    if lost {
        recover(&mut a, it);
    }
    if a.help || a.short_help || a.version {
        return Read {
            args: a,
            error: None,
        };
    }
    let error = error.or_else(|| stray.map(|s| s.error(a.command.is_some())));
    let error = error.or_else(|| match &a.command {
        Some(c) if c.is_empty() => {
            Some(UsageError::new("`--` must be followed by a COMMAND to run"))
        }
        _ => None,
    });
    Read { args: a, error }
}

/// Past a failure: only help, version and COMMAND's start are looked for.
fn recover(a: &mut Args, mut rest: impl Iterator<Item = OsString>) {
    while let Some(arg) = rest.next() {
        match arg.to_str() {
            Some("--") => {
                a.command = Some(rest.collect());
                return;
            }
            Some("--help") => a.help = true,
            Some("-h") => a.short_help = true,
            Some("-V" | "--version") => a.version = true,
            _ => {}
        }
    }
}

/// Reads one argument (and its value, if it takes one; for `--`, the rest).
fn step(
    a: &mut Args,
    arg: OsString,
    rest: &mut impl Iterator<Item = OsString>,
    last_value: &mut Option<(&'static str, String)>,
    stray: &mut Option<Stray>,
) -> Step {
    let Some(text) = arg.to_str() else {
        if arg.as_encoded_bytes().starts_with(b"-") {
            return Step::Lost(UsageError::new("an argument is not UTF-8"));
        }
        stray.get_or_insert(Stray::new(arg.to_string_lossy().into_owned(), last_value));
        return Step::Done;
    };
    // A lone `-` (standard input, to many tools) is no option: a stray word.
    if !text.starts_with('-') || text == "-" {
        stray.get_or_insert(Stray::new(text.to_string(), last_value));
        return Step::Done;
    }
    let (name, inline) = match text.split_once('=') {
        Some((n, v)) if n.starts_with("--") && n != "--" => (n, Some(v)),
        _ => (text, None),
    };
    let Some(opt) = find_option(name) else {
        return Step::Lost(unknown_option(name));
    };
    let flag = opt.flag();
    *last_value = None;
    let value = match (opt.takes, inline) {
        (Takes::Rest(_), _) => {
            a.command = Some(rest.collect());
            return Step::Done;
        }
        (Takes::Nothing(set), None) => {
            set(a);
            return Step::Done;
        }
        (Takes::Spelled(set), None) => {
            set(a, name);
            return Step::Done;
        }
        (Takes::Nothing(_) | Takes::Spelled(_), Some(_)) => {
            return Step::Mistake(UsageError::new(format!("`{flag}` takes no value")));
        }
        (_, Some(v)) => OsString::from(v),
        (_, None) => match rest.next() {
            Some(v) => v,
            None => return Step::Lost(missing_value(flag)),
        },
    };
    match set_value(a, opt, flag, value, last_value) {
        Ok(()) => Step::Done,
        Err(e) => Step::Mistake(e),
    }
}

/// Gives an option its value (UTF-8 checked for a text value).
fn set_value(
    a: &mut Args,
    opt: &Opt,
    flag: &'static str,
    value: OsString,
    last_value: &mut Option<(&'static str, String)>,
) -> Result<(), UsageError> {
    match opt.takes {
        Takes::Os(_, set) => set(a, value),
        Takes::Text(_, set) => match value.into_string() {
            Ok(v) => {
                *last_value = Some((flag, v.clone()));
                set(a, v)
            }
            Err(_) => Err(UsageError::new(format!(
                "the value of `{flag}` is not UTF-8"
            ))),
        },
        Takes::Nothing(_) | Takes::Spelled(_) | Takes::Rest(_) => Ok(()),
    }
}

fn missing_value(flag: &str) -> UsageError {
    match flag {
        "--read" | "--write" => UsageError::new(format!("`{flag}` needs a REPO")),
        _ => UsageError::new(format!("`{flag}` needs a value")),
    }
}

fn unknown_option(flag: &str) -> UsageError {
    let mut e = UsageError::new(format!("unknown option `{flag}`"));
    if let Some(near) = crate::suggest::did_you_mean(flag, &option_names()) {
        e.hint = Some(format!(
            "did you mean `{near}`? see `hf-token-check --help`"
        ));
    }
    e
}

/// The fix for a token given as a word of argv (shown masked).
const TOKEN_AS_ARGUMENT: &str =
    "pass the token as `HF_TOKEN`, never as an argument: arguments show in process lists and logs";

/// The fix for a lone `-`: it is no option (to many tools it means standard
/// input, which hf-token-check never reads), so it is a stray word.
const LONE_DASH: &str = "hf-token-check reads no input, so `-` (standard input) means nothing to \
                         it; options are spelled out (`--read REPO`), and a COMMAND goes after `--`";

/// A word that no option took, and the option value just before it (for
/// `--min-validity 2 hours`).
struct Stray {
    word: String,
    after: Option<(&'static str, String)>,
}

impl Stray {
    fn new(word: String, last_value: &Option<(&'static str, String)>) -> Stray {
        Stray {
            word,
            after: last_value.clone(),
        }
    }

    fn error(self, has_command: bool) -> UsageError {
        let shown = &self.word;
        let mut e = UsageError::new(format!("unexpected argument `{shown}`"));
        if crate::sanitize::looks_like_token(shown) {
            e.hint = Some(TOKEN_AS_ARGUMENT.to_string());
        } else if shown == "-" {
            e.hint = Some(LONE_DASH.to_string());
        } else if let Some(hint) =
            crate::suggest::stray_word_hint(shown, self.after.as_ref(), &option_names())
        {
            e.hint = Some(hint);
        } else if !has_command {
            // `hf jobs run IMAGE hf-token-check ... -- python` reaches the job
            // without its `--`: hf's parser drops the first `--` it sees.
            e.hint = Some(format!(
                "to run a command after the check, put it after `--`: `hf-token-check ... -- {shown}`; \
                 with `hf jobs run`, also put a `--` right after the image (`hf jobs run IMAGE -- \
                 hf-token-check ... -- {shown}`): hf drops the first `--` it sees"
            ));
        }
        e
    }
}

#[cfg(test)]
mod tests;
