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

/// How an option takes its value.
#[derive(Clone, Copy)]
enum Takes {
    /// A switch: `--json`.
    Nothing(fn(&mut Args)),
    /// A UTF-8 value: `--timeout 5`, `--timeout=5`.
    Text(fn(&mut Args, String) -> Result<(), UsageError>),
    /// Any bytes (a path): `--json-file PATH`.
    Os(fn(&mut Args, OsString) -> Result<(), UsageError>),
}

/// One option: its spellings and what it sets. Adding an option is one row
/// here, one field in [`Args`] and one line in `help::HELP` (a test checks
/// that the rows and the help agree).
struct Opt {
    names: &'static [&'static str],
    takes: Takes,
}

fn require(a: &mut Args, value: String, from: ReqOrigin) -> Result<(), UsageError> {
    a.requirements.push(RawRequirement {
        value,
        write: from == "--write",
        from,
    });
    Ok(())
}

const OPTIONS: &[Opt] = &[
    Opt {
        names: &["--read"],
        takes: Takes::Text(|a, v| require(a, v, "--read")),
    },
    Opt {
        names: &["--write"],
        takes: Takes::Text(|a, v| require(a, v, "--write")),
    },
    Opt {
        names: &["--endpoint"],
        // The last `--endpoint` wins, as with most tools.
        takes: Takes::Text(|a, v| {
            a.endpoint = Some(v);
            Ok(())
        }),
    },
    Opt {
        names: &["--json"],
        takes: Takes::Nothing(|a| a.json = true),
    },
    Opt {
        names: &["--json-file"],
        takes: Takes::Os(json_file),
    },
    Opt {
        names: &["--offline"],
        takes: Takes::Nothing(|a| a.offline = true),
    },
    Opt {
        names: &["--timeout"],
        takes: Takes::Text(|a, v| {
            a.timeout = Some(v);
            Ok(())
        }),
    },
    Opt {
        names: &["--min-validity"],
        takes: Takes::Text(|a, v| {
            a.min_validity = Some(v);
            Ok(())
        }),
    },
    Opt {
        names: &["--max-age"],
        takes: Takes::Text(|a, v| {
            a.max_age = Some(v);
            Ok(())
        }),
    },
    Opt {
        names: &["--min-quota"],
        takes: Takes::Text(|a, v| {
            a.min_quota = Some(v);
            Ok(())
        }),
    },
    Opt {
        names: &["--no-scan"],
        takes: Takes::Nothing(|a| a.no_scan = true),
    },
    Opt {
        names: &["--scan"],
        takes: Takes::Os(|a, v| {
            a.scan.push(v);
            Ok(())
        }),
    },
    Opt {
        names: &["--jobs"],
        takes: Takes::Text(|a, v| {
            a.jobs.push(v);
            Ok(())
        }),
    },
    Opt {
        names: &["--inference"],
        takes: Takes::Nothing(|a| a.inference = true),
    },
    Opt {
        names: &["--bill-to"],
        takes: Takes::Text(|a, v| {
            a.bill_to = Some(v);
            Ok(())
        }),
    },
    Opt {
        names: &["--pr"],
        takes: Takes::Text(|a, v| {
            a.pr.push(v);
            Ok(())
        }),
    },
    Opt {
        names: &["--allow-missing-token"],
        takes: Takes::Nothing(|a| a.allow_missing_token = true),
    },
    Opt {
        names: &["-q", "--quiet"],
        takes: Takes::Nothing(|a| a.quiet = true),
    },
    Opt {
        names: &["--warn-only"],
        takes: Takes::Nothing(|a| a.warn_only = true),
    },
    Opt {
        names: &["--explain"],
        takes: Takes::Text(|a, v| {
            a.explain = Some(v);
            Ok(())
        }),
    },
    Opt {
        names: &["-h"],
        takes: Takes::Nothing(|a| a.short_help = true),
    },
    Opt {
        names: &["--help"],
        takes: Takes::Nothing(|a| a.help = true),
    },
    Opt {
        names: &["-V", "--version"],
        takes: Takes::Nothing(|a| a.version = true),
    },
];

/// `--json-file PATH`: a path that looks like a token is refused (and never
/// written to, even for a usage error), naming the flag, not the value.
fn json_file(a: &mut Args, path: OsString) -> Result<(), UsageError> {
    if crate::sanitize::looks_like_token(&path.to_string_lossy()) {
        return Err(UsageError::with_hint(
            "the path given to `--json-file` looks like a token; nothing was written there",
            "give `--json-file` the path of the report file (e.g. `--json-file report.json`); \
             a token pasted by mistake should be replaced at https://huggingface.co/settings/tokens",
        ));
    }
    a.json_file = Some(path);
    Ok(())
}

fn find_option(name: &str) -> Option<&'static Opt> {
    OPTIONS.iter().find(|o| o.names.contains(&name))
}

/// Every spelling [`OPTIONS`] accepts, for tests.
#[cfg(test)]
fn option_names() -> Vec<&'static str> {
    OPTIONS
        .iter()
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
        if arg == "--" {
            a.command = Some(it.by_ref().collect());
            break;
        }
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

/// Reads one argument (and its value, if it takes one).
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
    if !text.starts_with('-') || text == "-" {
        stray.get_or_insert(Stray::new(text.to_string(), last_value));
        return Step::Done;
    }
    let (name, inline) = match text.split_once('=') {
        Some((n, v)) if n.starts_with("--") => (n, Some(v)),
        _ => (text, None),
    };
    let Some(opt) = find_option(name) else {
        return Step::Lost(unknown_option(name));
    };
    let flag = opt.names[opt.names.len() - 1];
    *last_value = None;
    let value = match (opt.takes, inline) {
        (Takes::Nothing(set), None) => {
            set(a);
            return Step::Done;
        }
        (Takes::Nothing(_), Some(_)) => {
            return Step::Mistake(UsageError::new(format!("`{flag}` takes no value")));
        }
        (_, Some(v)) => OsString::from(v),
        (_, None) => match rest.next() {
            Some(v) => v,
            None => return Step::Lost(missing_value(flag)),
        },
    };
    let set = match opt.takes {
        Takes::Os(set) => set(a, value),
        Takes::Text(set) => match value.into_string() {
            Ok(v) => {
                *last_value = Some((flag, v.clone()));
                set(a, v)
            }
            Err(_) => Err(UsageError::new(format!(
                "the value of `{flag}` is not UTF-8"
            ))),
        },
        Takes::Nothing(_) => Ok(()),
    };
    match set {
        Ok(()) => Step::Done,
        Err(e) => Step::Mistake(e),
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
    if let Some(near) = crate::suggest::did_you_mean(flag, crate::help::FLAGS) {
        e.hint = Some(format!(
            "did you mean `{near}`? see `hf-token-check --help`"
        ));
    }
    e
}

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
        if let Some(hint) = crate::suggest::stray_word_hint(shown, self.after.as_ref()) {
            e.hint = Some(hint);
        } else if !has_command {
            e.hint = Some(format!(
                "to run a command after the check, put it after `--`: `hf-token-check ... -- {shown}`"
            ));
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Args, UsageError> {
        parse(args.iter().map(OsString::from).collect())
    }

    fn read_strs(args: &[&str]) -> Read {
        read(args.iter().map(OsString::from).collect())
    }

    /// `--read`/`--write` keep their order whatever their spelling (`--read=x`).
    #[test]
    fn requirements_keep_order() {
        let a = parse_strs(&[
            "--write",
            "me/model",
            "--read=a/r",
            "--json",
            "--read",
            "me/model",
        ])
        .unwrap();
        let got: Vec<(&str, bool, &str)> = a
            .requirements
            .iter()
            .map(|r| (r.value.as_str(), r.write, r.from))
            .collect();
        assert_eq!(
            got,
            [
                ("me/model", true, "--write"),
                ("a/r", false, "--read"),
                ("me/model", false, "--read")
            ]
        );
        assert!(a.json);
    }

    /// Everything after `--` is the command's, even our own flags.
    #[test]
    fn command_after_double_dash_is_untouched() {
        let a = parse_strs(&[
            "--read", "a/b", "--", "python", "--read", "x", "--", "--json",
        ])
        .unwrap();
        assert_eq!(
            a.command.unwrap(),
            ["python", "--read", "x", "--", "--json"].map(OsString::from)
        );
        assert!(!a.json);
        assert_eq!(a.requirements.len(), 1);
    }

    /// Each argv mistake gets its own message.
    #[test]
    fn usage_errors() {
        let rows: &[(&[&str], &str)] = &[
            (&["--bogus"], "unknown option `--bogus`"),
            (&["--bogus=1"], "unknown option `--bogus`"),
            (&["--read"], "`--read` needs a REPO"),
            (&["--timeout"], "`--timeout` needs a value"),
            (&["python"], "unexpected argument `python`"),
            (&["--"], "COMMAND"),
        ];
        for (args, word) in rows {
            let err = parse_strs(args).expect_err(&format!("{args:?}"));
            assert!(err.message.contains(word), "{args:?}: {}", err.message);
        }
    }

    /// A misspelt option gets "did you mean" (clap style); an unrelated one does not.
    #[test]
    fn did_you_mean_for_options() {
        let hint = |a: &str| parse_strs(&[a]).unwrap_err().hint.unwrap();
        assert!(
            hint("--reed").contains("did you mean `--read`?"),
            "{}",
            hint("--reed")
        );
        assert!(hint("--wirte").contains("`--write`"));
        assert!(hint("--jsno").contains("`--json`"));
        assert!(!hint("--xyzzy").contains("did you mean"));
    }

    /// `--help` and `--version` win over other mistakes.
    #[test]
    fn help_and_version() {
        assert!(parse_strs(&["--bogus", "-h"]).unwrap().short_help);
        assert!(parse_strs(&["--bogus", "--help"]).unwrap().help);
        assert!(parse_strs(&["-V"]).unwrap().version);
    }

    /// `--json-file` in both spellings, and what a usage error can still read
    /// from argv: the report's path and COMMAND's program, never past `--`,
    /// never from a REPO value, never past an unknown option.
    #[test]
    fn json_file_and_program() {
        for argv in [
            &["--json-file", "r.json", "--json"][..],
            &["--json-file=r.json"],
        ] {
            let a = parse_strs(argv).unwrap();
            assert_eq!(a.json_file, Some(OsString::from("r.json")), "{argv:?}");
        }
        let r = read_strs(&[
            "python",
            "--json-file",
            "a",
            "--",
            "python",
            "--json-file",
            "b",
        ]);
        assert!(
            r.error
                .unwrap()
                .message
                .contains("unexpected argument `python`")
        );
        assert_eq!(r.args.json_file, Some(OsString::from("a")));
        assert_eq!(r.args.command.unwrap()[0], "python");
        // Past an unknown option nothing is taken for an option, but COMMAND is found.
        let r = read_strs(&["--bogus", "--json-file", "a", "--json", "--", "x"]);
        assert_eq!(r.error.unwrap().message, "unknown option `--bogus`");
        assert_eq!((r.args.json_file, r.args.json), (None, false));
        assert_eq!(r.args.command.unwrap(), [OsString::from("x")]);
        // Before it, they count.
        let r = read_strs(&["--json", "--bogus"]);
        assert!(r.args.json && r.error.is_some());
        let r = read_strs(&["--", "x", "--json-file=c"]);
        assert_eq!((r.args.json_file, r.error), (None, None));
    }

    /// A value of `--read`/`--write` is never an option, whatever it looks like.
    #[test]
    fn repo_values_are_never_options() {
        for v in [
            "--json-file=/tmp/x",
            "--json",
            "--",
            "-h",
            "--help",
            "--bogus",
        ] {
            let r = read_strs(&["--read", v, "--write", v]);
            assert_eq!(r.error, None, "{v}");
            let a = r.args;
            assert_eq!(
                (a.json, a.json_file, a.help, a.short_help),
                (false, None, false, false)
            );
            assert_eq!(a.command, None, "{v}");
            let got: Vec<&str> = a.requirements.iter().map(|r| r.value.as_str()).collect();
            assert_eq!(got, [v, v]);
            let r = read_strs(&[&format!("--read={v}")]);
            assert_eq!(r.args.requirements[0].value, v);
            assert_eq!((r.args.json, r.args.json_file), (false, None));
        }
    }

    /// A token-shaped `--json-file` is refused, naming the flag and not the value,
    /// and not kept for the usage error to write to.
    #[test]
    fn token_shaped_json_file_is_refused() {
        let token = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";
        let r = read_strs(&["--json", "--json-file", token]);
        let e = r.error.unwrap();
        assert!(
            e.message.contains("`--json-file` looks like a token"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("hf_a") && !e.hint.unwrap().contains("hf_a"));
        assert_eq!((r.args.json, r.args.json_file), (true, None));
    }

    /// Every spelling the parser accepts is documented, and every documented one accepted.
    #[test]
    fn options_are_the_documented_flags() {
        let mut ours = option_names();
        let mut documented = crate::help::FLAGS.to_vec();
        ours.sort_unstable();
        documented.sort_unstable();
        assert_eq!(ours, documented);
    }

    /// `-h` is the short usage, `--help` the whole; `-q` is `--quiet`; switches
    /// take no value; the last value of an option wins.
    #[test]
    fn short_flags_and_values() {
        let a = parse_strs(&["-h"]).unwrap();
        assert!(a.short_help && !a.help);
        let a = parse_strs(&["--help"]).unwrap();
        assert!(a.help && !a.short_help);
        assert!(parse_strs(&["-q"]).unwrap().quiet);
        assert_eq!(
            parse_strs(&["--json=1"]).unwrap_err().message,
            "`--json` takes no value"
        );
        let a = parse_strs(&[
            "--timeout",
            "5",
            "--timeout=7",
            "--endpoint",
            "a",
            "--endpoint=b",
        ])
        .unwrap();
        assert_eq!(
            (a.timeout.as_deref(), a.endpoint.as_deref()),
            (Some("7"), Some("b"))
        );
    }

    /// `help`, `version` as words get "did you mean `--help`?"; a space inside a
    /// duration gets the one-word spelling.
    #[test]
    fn hints_for_stray_words() {
        let hint = |v: &[&str]| parse_strs(v).unwrap_err().hint.unwrap();
        assert_eq!(
            hint(&["help"]),
            "did you mean `--help`? options start with `--`"
        );
        assert_eq!(
            hint(&["version"]),
            "did you mean `--version`? options start with `--`"
        );
        assert_eq!(
            hint(&["--read", "a/b", "VERSION", "--", "python"]),
            "did you mean `--version`? options start with `--`"
        );
        assert_eq!(
            hint(&["--min-validity", "2", "hours"]),
            "a duration is one word, without a space: `--min-validity 2h`"
        );
        assert_eq!(
            hint(&["--max-age", "90", "days", "--", "x"]),
            "a duration is one word, without a space: `--max-age 90d`"
        );
        assert!(hint(&["--min-validity", "2", "python"]).contains("put it after `--`"));
        assert!(hint(&["python"]).contains("put it after `--`"));
    }
}
