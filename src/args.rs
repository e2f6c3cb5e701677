//! The command line, parsed into plain values ([`Args`]); nothing is validated
//! against the environment here (that is `config`). Pure: tested with `from_vec`.

use std::ffi::OsString;

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

/// How an option takes its value, and the value's name in `--help`.
#[derive(Clone, Copy)]
enum Takes {
    /// A switch: `--json`.
    Nothing(fn(&mut Args)),
    /// A switch whose spellings differ: `-h` (the short usage), `--help`.
    Spelled(fn(&mut Args, &str)),
    /// A UTF-8 value: `--timeout 5`, `--timeout=5`.
    Text(
        &'static str,
        fn(&mut Args, String) -> Result<(), UsageError>,
    ),
    /// Any bytes (a path): `--json-file PATH`.
    Os(
        &'static str,
        fn(&mut Args, OsString) -> Result<(), UsageError>,
    ),
    /// `--`: the rest of argv is COMMAND, untouched.
    Rest(&'static str),
}

/// One option, defined once: its spellings, what it takes and sets, and what
/// the user reads about it. `--help` and `-h` are generated from these rows
/// (`help.rs`), and so is the options section of docs/usage.md (a test
/// compares it). Adding an option is one row here and one field in [`Args`]
/// (and a row in the tests of `args/tests.rs`, which fail without it).
pub(crate) struct Opt {
    /// Its spellings, the short one first: `-q`, `--quiet`.
    pub(crate) names: &'static [&'static str],
    takes: Takes,
    /// Its line in `--help` (wrapped there to 80 columns).
    pub(crate) help: &'static str,
    /// Its line in `-h`, for the few common options.
    pub(crate) short: Option<&'static str>,
    /// Its paragraph in docs/usage.md's options section (written there by a
    /// test of `help.rs`; the binary never prints it).
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "read by the test that writes docs/usage.md")
    )]
    pub(crate) doc: &'static str,
}

impl Opt {
    /// As help shows it: `-q, --quiet`, `--read REPO`, `-- COMMAND [ARGS...]`.
    pub(crate) fn label(&self) -> String {
        let names = self.names.join(", ");
        match self.takes {
            Takes::Text(value, _) | Takes::Os(value, _) | Takes::Rest(value) => {
                format!("{names} {value}")
            }
            Takes::Nothing(_) | Takes::Spelled(_) => names,
        }
    }

    /// The spelling messages name: the long one.
    fn flag(&self) -> &'static str {
        self.names[self.names.len() - 1]
    }
}

fn require(a: &mut Args, value: String, from: ReqOrigin) -> Result<(), UsageError> {
    a.requirements.push(RawRequirement {
        value,
        write: from == "--write",
        from,
    });
    Ok(())
}

/// Every option, in the order `--help` lists them.
pub(crate) const OPTIONS: &[Opt] = &[
    Opt {
        names: &["--read"],
        takes: Takes::Text("REPO", |a, v| require(a, v, "--read")),
        help: "require read access to REPO (repeatable)",
        short: Some("require read access to REPO (repeatable)"),
        doc: "require read access to REPO (repeatable)",
    },
    Opt {
        names: &["--write"],
        takes: Takes::Text("REPO", |a, v| require(a, v, "--write")),
        help: "require write access to REPO (repeatable; implies read)",
        short: Some("require write access to REPO (repeatable)"),
        doc: "require write access to REPO (repeatable; implies read)",
    },
    Opt {
        names: &["--endpoint"],
        // The last `--endpoint` wins, as with most tools.
        takes: Takes::Text("URL", |a, v| {
            a.endpoint = Some(v);
            Ok(())
        }),
        help: "Hub base URL (default: $HF_ENDPOINT, else https://huggingface.co)",
        short: None,
        doc: "Hub base URL (default: $HF_ENDPOINT, else https://huggingface.co); the last one given \
              wins",
    },
    Opt {
        names: &["--json"],
        takes: Takes::Nothing(|a| a.json = true),
        help: "write the report as one JSON object on stdout",
        short: Some("the report as one JSON object on stdout"),
        doc: "write the report as one JSON object on stdout",
    },
    Opt {
        names: &["--json-file"],
        takes: Takes::Os("PATH", json_file),
        help: "write the JSON report to PATH (never mixed with COMMAND's output)",
        short: None,
        doc: "write the same JSON report to PATH (created or replaced), apart from COMMAND's stdout",
    },
    Opt {
        names: &["--offline"],
        takes: Takes::Nothing(|a| a.offline = true),
        help: "check presence and format only (also when HF_HUB_OFFLINE is 1/ON/YES/TRUE)",
        short: None,
        doc: "check presence and format only (also when HF_HUB_OFFLINE is 1/ON/YES/TRUE)",
    },
    Opt {
        names: &["--rank0-only"],
        takes: Takes::Nothing(|a| a.rank0_only = true),
        help: "in a distributed job, only rank 0 asks the Hub: when RANK (else LOCAL_RANK) is \
               set and not 0, check presence and format only (not-rank-zero)",
        short: None,
        doc: "in a distributed job, only rank 0 asks the Hub: when RANK (else LOCAL_RANK) is set \
              and not 0, check presence and format only (not-rank-zero)",
    },
    Opt {
        names: &["--timeout"],
        takes: Takes::Text("SECS", |a, v| {
            a.timeout = Some(v);
            Ok(())
        }),
        help: "bound the whole run, retries included (default: 30)",
        short: None,
        doc: "bound the whole run, retries included (default: 30)",
    },
    Opt {
        names: &["--min-validity"],
        takes: Takes::Text("DURATION", |a, v| {
            a.min_validity = Some(v);
            Ok(())
        }),
        help: "fail (78, token-expiring) when the token expires sooner (e.g. 90m, 2h, 1d)",
        short: None,
        doc: "fail (78, token-expiring) when the token expires sooner: 90m, 2h, 1d, 1h30m",
    },
    Opt {
        names: &["--max-age"],
        takes: Takes::Text("DURATION", |a, v| {
            a.max_age = Some(v);
            Ok(())
        }),
        help: "fail (78, token-too-old) when the token was created longer ago (e.g. 90d, 12w)",
        short: None,
        doc: "fail (78, token-too-old) when the token was created longer ago: 90d, 12w",
    },
    Opt {
        names: &["--min-quota"],
        takes: Takes::Text("N", |a, v| {
            a.min_quota = Some(v);
            Ok(())
        }),
        help: "warn (quota-low) when fewer than N of the Hub's API requests are left in the window \
               (default: 10% of the quota)",
        short: None,
        doc: "warn (quota-low) when fewer than N of the Hub's API requests are left in the window \
              (default: 10% of the quota); see report.md",
    },
    Opt {
        names: &["--no-scan"],
        takes: Takes::Nothing(|a| a.no_scan = true),
        help: "don't scan COMMAND's script for hardcoded tokens (token-hardcoded)",
        short: None,
        doc: "don't scan COMMAND's script for hardcoded tokens (token-hardcoded)",
    },
    Opt {
        names: &["--scan"],
        takes: Takes::Os("PATH", |a, v| {
            a.scan.push(v);
            Ok(())
        }),
        help: "also scan PATH for hardcoded tokens (repeatable)",
        short: None,
        doc: "also scan PATH for hardcoded tokens (repeatable)",
    },
    Opt {
        names: &["--jobs"],
        takes: Takes::Text("NS", |a, v| {
            a.jobs.push(v);
            Ok(())
        }),
        help: "require that the token may run Hugging Face Jobs under NS, a user or an org (repeatable; inferred)",
        short: None,
        doc: "require that the token may run Hugging Face Jobs under NS, a user or an org (repeatable; inferred from the token's grants, see checks.md)",
    },
    Opt {
        names: &["--inference"],
        takes: Takes::Nothing(|a| a.inference = true),
        help: "require that the token may call Inference Providers (inferred)",
        short: None,
        doc: "require that the token may call Inference Providers (inferred)",
    },
    Opt {
        names: &["--bill-to"],
        takes: Takes::Text("ORG", |a, v| {
            a.bill_to = Some(v);
            Ok(())
        }),
        help: "the same, billed to the org ORG as `bill_to=` has it",
        short: None,
        doc: "the same, billed to the org ORG as `InferenceClient(bill_to=...)` has it; implies --inference",
    },
    Opt {
        names: &["--pr"],
        takes: Takes::Text("REPO", |a, v| {
            a.pr.push(v);
            Ok(())
        }),
        help: "require that the token may open pull requests on REPO (repeatable; inferred)",
        short: None,
        doc: "require that the token may open pull requests and discussions on REPO (repeatable; inferred)",
    },
    Opt {
        names: &["--allow-missing-token"],
        takes: Takes::Nothing(|a| a.allow_missing_token = true),
        help: "a missing token is a skip with a notice, exit 0 (for pull requests from forks, which \
               get no secrets)",
        short: None,
        doc: "a missing token is a skip with a notice, exit 0 (pull requests from forks get no \
              secrets)",
    },
    Opt {
        names: &["-q", "--quiet"],
        takes: Takes::Nothing(|a| a.quiet = true),
        help: "print nothing when every check passes",
        short: Some("print nothing when every check passes"),
        doc: "print nothing when every check passes (failures and warnings are still reported)",
    },
    Opt {
        names: &["--warn-only"],
        takes: Takes::Nothing(|a| a.warn_only = true),
        help: "report failures as warnings, then exit 0 (or run COMMAND)",
        short: None,
        doc: "report failures as warnings, then exit 0 (or run COMMAND)",
    },
    Opt {
        names: &["--explain"],
        takes: Takes::Text("CODE", |a, v| {
            a.explain = Some(v);
            Ok(())
        }),
        help: "explain a code of the report (e.g. `write-denied`): what it means, the usual causes, \
               the fix",
        short: None,
        doc: "a paragraph on a code of the report: what it means, the usual causes, the fix; or an \
              exit status (`--explain 77`): its codes, one line each",
    },
    Opt {
        names: &["-h", "--help"],
        takes: Takes::Spelled(|a, name| match name {
            "-h" => a.short_help = true,
            _ => a.help = true,
        }),
        help: "print a short usage (-h) or this whole help",
        short: None,
        doc: "-h: a short usage with examples; --help: every option, the environment, the exit \
              statuses",
    },
    Opt {
        names: &["-V", "--version"],
        takes: Takes::Nothing(|a| a.version = true),
        help: "print the version",
        short: None,
        doc: "print the version",
    },
    Opt {
        names: &["--"],
        takes: Takes::Rest("COMMAND [ARGS...]"),
        help: "when every check passes, replace this process with COMMAND",
        short: Some("run COMMAND when every check passes"),
        doc: "when every check passes, replace this process with COMMAND",
    },
];

/// `--json-file PATH`: a path that looks like a token is refused (and never
/// written to, even for a usage error), naming the flag, not the value.
fn json_file(a: &mut Args, path: OsString) -> Result<(), UsageError> {
    if crate::sanitize::looks_like_token(&path.to_string_lossy()) {
        // Before the endpoint is known: the public Hub's page (docs/checks.md).
        return Err(UsageError::with_hint(
            "the path given to `--json-file` looks like a token; nothing was written there",
            concat!(
                "give `--json-file` the path of the report file (e.g. `--json-file report.json`); \
                 a token pasted by mistake should be replaced at ",
                crate::pages::public_tokens_page!()
            ),
        ));
    }
    a.json_file = Some(path);
    Ok(())
}

fn find_option(name: &str) -> Option<&'static Opt> {
    OPTIONS.iter().find(|o| o.names.contains(&name))
}

/// Every spelling of an option (not `--`), for "did you mean".
pub(crate) fn option_names() -> Vec<&'static str> {
    OPTIONS
        .iter()
        .filter(|o| !matches!(o.takes, Takes::Rest(_)))
        .flat_map(|o| o.names.iter().copied())
        .collect()
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
