//! The parser's tests: every option of the table, its edge cases, and the
//! usage errors.

use super::*;

fn parse_strs(args: &[&str]) -> Result<Args, UsageError> {
    parse(args.iter().map(OsString::from).collect())
}

fn read_strs(args: &[&str]) -> Read {
    read(args.iter().map(OsString::from).collect())
}

/// What `hf jobs run IMAGE hf-token-check --write R -- python x.py` sends a
/// job (hf drops the first `--`): the hint names both `--`s.
#[test]
fn a_command_without_its_dashes_gets_the_hf_jobs_hint() {
    let r = read_strs(&["--write", "me/model", "python", "train.py"]);
    let e = r.error.unwrap();
    assert!(e.message.contains("unexpected argument `python`"));
    let hint = e.hint.unwrap();
    assert!(hint.contains("`hf-token-check ... -- python`"), "{hint}");
    assert!(
        hint.contains("`hf jobs run IMAGE -- hf-token-check ... -- python`"),
        "{hint}"
    );
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
    // Past an unknown option (the rest of argv is not read as options), the
    // version is still found in either spelling, and nothing else is.
    for v in ["-V", "--version"] {
        let a = parse_strs(&["--bogus", "--json", v]).unwrap();
        assert!(a.version && !a.json, "{v}");
    }
    assert!(parse_strs(&["--bogus", "--json"]).is_err());
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

/// `Args::default()` changed by `f`.
fn with(f: impl FnOnce(&mut Args)) -> Args {
    let mut a = Args::default();
    f(&mut a);
    a
}

/// One row per spelling of every option: an argv that uses it, and exactly
/// what it sets. An option of the table without a row fails the test.
#[test]
fn every_option_parses() {
    let req = |value: &str, write: bool| RawRequirement {
        value: value.into(),
        write,
        from: if write { "--write" } else { "--read" },
    };
    let quiet = with(|a| a.quiet = true);
    let version = with(|a| a.version = true);
    let rows: Vec<(&[&str], Args)> = vec![
        (
            &["--read", "a/b"],
            with(|a| a.requirements = vec![req("a/b", false)]),
        ),
        (
            &["--write", "a/b"],
            with(|a| a.requirements = vec![req("a/b", true)]),
        ),
        (
            &["--endpoint", "https://x"],
            with(|a| a.endpoint = Some("https://x".into())),
        ),
        (&["--json"], with(|a| a.json = true)),
        (
            &["--json-file", "r.json"],
            with(|a| a.json_file = Some("r.json".into())),
        ),
        (&["--offline"], with(|a| a.offline = true)),
        (&["--rank0-only"], with(|a| a.rank0_only = true)),
        (&["--timeout", "5"], with(|a| a.timeout = Some("5".into()))),
        (
            &["--min-validity", "2h"],
            with(|a| a.min_validity = Some("2h".into())),
        ),
        (
            &["--max-age", "90d"],
            with(|a| a.max_age = Some("90d".into())),
        ),
        (
            &["--min-quota", "10"],
            with(|a| a.min_quota = Some("10".into())),
        ),
        (&["--no-scan"], with(|a| a.no_scan = true)),
        (&["--scan", "x.py"], with(|a| a.scan = vec!["x.py".into()])),
        (
            &["--allow-missing-token"],
            with(|a| a.allow_missing_token = true),
        ),
        (&["-q"], quiet.clone()),
        (&["--quiet"], quiet),
        (&["--warn-only"], with(|a| a.warn_only = true)),
        (&["--jobs", "acme"], with(|a| a.jobs = vec!["acme".into()])),
        (&["--inference"], with(|a| a.inference = true)),
        (
            &["--bill-to", "acme"],
            with(|a| a.bill_to = Some("acme".into())),
        ),
        (&["--pr", "a/b"], with(|a| a.pr = vec!["a/b".into()])),
        (
            &["--explain", "gated"],
            with(|a| a.explain = Some("gated".into())),
        ),
        (&["-h"], with(|a| a.short_help = true)),
        (&["--help"], with(|a| a.help = true)),
        (&["-V"], version.clone()),
        (&["--version"], version),
        (
            &["--", "python", "--json"],
            with(|a| a.command = Some(vec!["python".into(), "--json".into()])),
        ),
    ];
    for (argv, want) in &rows {
        assert_eq!(&parse_strs(argv).unwrap(), want, "{argv:?}");
    }
    for name in OPTIONS.iter().flat_map(|o| o.names.iter()) {
        assert!(
            rows.iter().any(|(argv, _)| argv[0] == *name),
            "no row for `{name}`"
        );
    }
}

/// Every option that takes a value: `--x=v` is `--x v`; `--x=` gives an empty
/// value; the next argument is the value whatever it looks like (`-`, `--`,
/// `-h`); a missing value is an error naming the option; given twice, a
/// repeatable option (its help says so) keeps both, another keeps the last.
#[test]
fn every_value_option_edge_cases() {
    for o in OPTIONS {
        if !matches!(o.takes, Takes::Text(..) | Takes::Os(..)) {
            continue;
        }
        let name = o.flag();
        let once = |v: &str| parse_strs(&[name, v]).unwrap();
        assert_eq!(
            parse_strs(&[&format!("{name}=v1")]).unwrap(),
            once("v1"),
            "{name}"
        );
        assert_eq!(
            parse_strs(&[&format!("{name}=")]).unwrap(),
            once(""),
            "{name}"
        );
        assert_eq!(
            parse_strs(&[&format!("{name}=a=b")]).unwrap(),
            once("a=b"),
            "{name}"
        );
        for v in ["-", "--", "-h", "--json"] {
            let a = once(v);
            assert_eq!(
                (a.command.is_some(), a.short_help, a.json),
                (false, false, false),
                "{name} {v}"
            );
        }
        let e = parse_strs(&[name]).unwrap_err();
        assert!(
            e.message.starts_with(&format!("`{name}` needs a ")),
            "{name}: {}",
            e.message
        );
        let twice = parse_strs(&[name, "v1", name, "v2"]).unwrap();
        if o.help.contains("(repeatable") {
            assert_ne!(twice, once("v2"), "{name}");
            let mut both = once("v1");
            let v2 = once("v2");
            both.requirements.extend(v2.requirements);
            both.scan.extend(v2.scan);
            both.jobs.extend(v2.jobs);
            both.pr.extend(v2.pr);
            assert_eq!(twice, both, "{name}");
        } else {
            assert_eq!(twice, once("v2"), "{name}: the last one wins");
        }
    }
}

/// Every switch: given twice is given once; `--x=v` is refused, naming it.
#[test]
fn every_switch_edge_cases() {
    for o in OPTIONS {
        if !matches!(o.takes, Takes::Nothing(_) | Takes::Spelled(_)) {
            continue;
        }
        for name in o.names {
            let once = parse_strs(&[name]).unwrap();
            assert_ne!(once, Args::default(), "{name}");
            assert_eq!(parse_strs(&[name, name]).unwrap(), once, "{name}");
            if name.starts_with("--") {
                assert_eq!(
                    parse_strs(&[&format!("{name}=1")]).unwrap_err().message,
                    format!("`{name}` takes no value"),
                );
            } else {
                assert_eq!(
                    parse_strs(&[&format!("{name}=1")]).unwrap_err().message,
                    format!("unknown option `{name}=1`"),
                );
            }
        }
    }
}

/// A lone `-` is no option (it is standard input to many tools, and nothing
/// is read here): a stray word, with its own hint; as a value it is a value.
/// `--` alone needs a COMMAND; `--=x` is no spelling of `--`.
#[test]
fn lone_dash_and_double_dash() {
    let e = parse_strs(&["-"]).unwrap_err();
    assert_eq!(e.message, "unexpected argument `-`");
    assert_eq!(e.hint.as_deref(), Some(LONE_DASH));
    let e = parse_strs(&["--json", "-", "--", "x"]).unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.hint.as_deref()),
        ("unexpected argument `-`", Some(LONE_DASH))
    );
    assert_eq!(
        parse_strs(&["--"]).unwrap_err().message,
        "`--` must be followed by a COMMAND to run"
    );
    assert_eq!(
        parse_strs(&["--=x"]).unwrap_err().message,
        "unknown option `--=x`"
    );
    let a = parse_strs(&["--", "--"]).unwrap();
    assert_eq!(a.command, Some(vec![OsString::from("--")]));
}

/// "Did you mean" knows every spelling of the table and nothing else.
#[test]
fn option_names_are_the_tables() {
    let names = option_names();
    assert!(!names.contains(&"--"));
    for o in OPTIONS.iter().filter(|o| o.names != ["--"]) {
        for n in o.names {
            assert!(names.contains(n), "{n}");
        }
    }
    assert_eq!(
        names.len(),
        OPTIONS.iter().map(|o| o.names.len()).sum::<usize>() - 1
    );
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
