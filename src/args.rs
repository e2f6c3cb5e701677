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
    pub help: bool,
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
    /// The command after `--`, untouched.
    pub command: Option<Vec<OsString>>,
}

/// Whether the part of argv before `--` asks for JSON (usage errors honour it too).
pub fn wants_json(args: &[OsString]) -> bool {
    args.iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--json")
}

/// `--json-file PATH` (or `--json-file=PATH`) before `--`, the last one given:
/// read before parsing so that a usage error can still be written there.
pub fn json_file(args: &[OsString]) -> Option<OsString> {
    last_value(args, "--json-file")
}

/// The last `--endpoint URL` before `--`, read before parsing so that a usage
/// error reports the endpoint a run would have used.
pub fn endpoint(args: &[OsString]) -> Option<String> {
    last_value(args, "--endpoint").and_then(|v| v.into_string().ok())
}

/// The value of the last `FLAG VALUE` or `FLAG=VALUE` before `--`.
fn last_value(args: &[OsString], flag: &str) -> Option<OsString> {
    let ours: Vec<&OsString> = args.iter().take_while(|a| *a != "--").collect();
    let inline = format!("{flag}=");
    let mut found = None;
    for (i, a) in ours.iter().enumerate() {
        if *a == flag {
            found = ours.get(i + 1).map(|v| (*v).clone()).or(found);
        } else if let Some(v) = a.to_str().and_then(|t| t.strip_prefix(inline.as_str())) {
            found = Some(OsString::from(v));
        }
    }
    found
}

/// COMMAND's program: the first argument after the first `--`.
pub fn program(args: &[OsString]) -> Option<OsString> {
    let i = args.iter().position(|a| a == "--")?;
    args.get(i + 1).cloned()
}

/// Parses argv (without the program name).
pub fn parse(args: Vec<OsString>) -> Result<Args, UsageError> {
    let (ours, command) = split_command(args)?;
    let (rest, requirements) = take_requirements(ours)?;
    let rest = split_json_file_eq(rest);
    let mut p = pico_args::Arguments::from_vec(rest);
    let mut a = Args {
        help: p.contains(["-h", "--help"]),
        version: p.contains(["-V", "--version"]),
        json: p.contains("--json"),
        offline: p.contains("--offline"),
        quiet: p.contains("--quiet"),
        warn_only: p.contains("--warn-only"),
        allow_missing_token: p.contains("--allow-missing-token"),
        no_scan: p.contains("--no-scan"),
        requirements,
        command,
        ..Args::default()
    };
    // The last `--endpoint` wins, as with most tools.
    a.endpoint = p.values_from_str("--endpoint").map_err(pico)?.pop();
    a.explain = p.opt_value_from_str("--explain").map_err(pico)?;
    a.json_file = p
        .opt_value_from_os_str("--json-file", |s| Ok::<_, String>(s.to_os_string()))
        .map_err(pico)?;
    a.timeout = p.opt_value_from_str("--timeout").map_err(pico)?;
    a.min_validity = p.opt_value_from_str("--min-validity").map_err(pico)?;
    a.max_age = p.opt_value_from_str("--max-age").map_err(pico)?;
    a.min_quota = p.opt_value_from_str("--min-quota").map_err(pico)?;
    a.scan = p
        .values_from_os_str("--scan", |s| Ok::<_, String>(s.to_os_string()))
        .map_err(pico)?;
    if a.help || a.version {
        return Ok(a);
    }
    leftovers(p.finish(), a.command.is_some())?;
    Ok(a)
}

/// `--json-file=PATH` as `--json-file PATH`: pico-args reads `=` only for text values.
fn split_json_file_eq(args: Vec<OsString>) -> Vec<OsString> {
    let mut out = Vec::with_capacity(args.len());
    for a in args {
        match a.to_str().and_then(|t| t.strip_prefix("--json-file=")) {
            Some(path) => {
                out.push(OsString::from("--json-file"));
                out.push(OsString::from(path));
            }
            None => out.push(a),
        }
    }
    out
}

/// Everything after the first `--` belongs to COMMAND, untouched.
fn split_command(
    args: Vec<OsString>,
) -> Result<(Vec<OsString>, Option<Vec<OsString>>), UsageError> {
    let Some(i) = args.iter().position(|a| a == "--") else {
        return Ok((args, None));
    };
    let mut ours = args;
    let tail = ours.split_off(i);
    if tail.len() == 1 {
        return Err(UsageError::new("`--` must be followed by a COMMAND to run"));
    }
    Ok((ours, Some(tail[1..].to_vec())))
}

/// `--read` and `--write` keep their relative order, so they are taken out first.
fn take_requirements(
    ours: Vec<OsString>,
) -> Result<(Vec<OsString>, Vec<RawRequirement>), UsageError> {
    let mut rest = Vec::new();
    let mut reqs = Vec::new();
    let mut it = ours.into_iter();
    while let Some(arg) = it.next() {
        let (from, inline): (ReqOrigin, Option<String>) = match arg.to_str() {
            Some("--read") => ("--read", None),
            Some("--write") => ("--write", None),
            Some(t) if t.starts_with("--read=") => ("--read", Some(t[7..].to_string())),
            Some(t) if t.starts_with("--write=") => ("--write", Some(t[8..].to_string())),
            _ => {
                rest.push(arg);
                continue;
            }
        };
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .ok_or_else(|| UsageError::new(format!("`{from}` needs a REPO")))?
                .into_string()
                .map_err(|_| UsageError::new(format!("the value of `{from}` is not UTF-8")))?,
        };
        reqs.push(RawRequirement {
            value,
            write: from == "--write",
            from,
        });
    }
    Ok((rest, reqs))
}

fn leftovers(left: Vec<OsString>, has_command: bool) -> Result<(), UsageError> {
    let Some(first) = left.first() else {
        return Ok(());
    };
    let shown = first.to_string_lossy();
    if shown.starts_with('-') {
        let flag = shown.split('=').next().unwrap_or(&shown);
        let mut e = UsageError::new(format!("unknown option `{flag}`"));
        if let Some(near) = crate::suggest::did_you_mean(flag, crate::help::FLAGS) {
            e.hint = Some(format!(
                "did you mean `{near}`? see `hf-token-check --help`"
            ));
        }
        return Err(e);
    }
    let mut e = UsageError::new(format!("unexpected argument `{shown}`"));
    if !has_command {
        e.hint = Some(format!(
            "to run a command after the check, put it after `--`: `hf-token-check ... -- {shown}`"
        ));
    }
    Err(e)
}

fn pico(e: pico_args::Error) -> UsageError {
    UsageError::new(match e {
        pico_args::Error::OptionWithoutAValue(f) => format!("`{f}` needs a value"),
        pico_args::Error::NonUtf8Argument => "an argument is not UTF-8".to_string(),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Args, UsageError> {
        parse(args.iter().map(OsString::from).collect())
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
        assert!(!wants_json(&["--", "--json"].map(OsString::from)));
        assert!(wants_json(&["--json", "--"].map(OsString::from)));
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
        assert!(parse_strs(&["--bogus", "-h"]).unwrap().help);
        assert!(parse_strs(&["-V"]).unwrap().version);
    }

    /// `--json-file` in both spellings, and what a usage error can still read
    /// from argv: the report's path and COMMAND's program, never past `--`.
    #[test]
    fn json_file_and_program() {
        let os = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        for argv in [
            &["--json-file", "r.json", "--json"][..],
            &["--json-file=r.json"],
        ] {
            let a = parse_strs(argv).unwrap();
            assert_eq!(a.json_file, Some(OsString::from("r.json")), "{argv:?}");
            assert_eq!(json_file(&os(argv)), Some(OsString::from("r.json")));
        }
        let argv = os(&[
            "--bogus",
            "--json-file",
            "a",
            "--",
            "python",
            "--json-file",
            "b",
        ]);
        assert_eq!(json_file(&argv), Some(OsString::from("a")));
        assert_eq!(program(&argv), Some(OsString::from("python")));
        assert_eq!(program(&os(&["--read", "a/b"])), None);
        assert_eq!(json_file(&os(&["--", "x", "--json-file=c"])), None);
    }
}
