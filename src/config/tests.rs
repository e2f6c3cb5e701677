//! The configuration as tables: arguments and environment in, `Config` or a usage error out.

use super::*;

fn env(pairs: &[(&str, &str)]) -> Env {
    Env::from_strs(pairs)
}

/// Names resolve to what the test says; everything else to a public address.
fn lookup(host: &str) -> Option<Vec<IpAddr>> {
    Some(match host {
        "localhost" | "hub.localhost" => vec!["127.0.0.1".parse().unwrap(), "::1".parse().unwrap()],
        "evil.localhost" => vec!["203.0.113.9".parse().unwrap()],
        "nowhere" => vec![],
        "dns-timeout" => return None,
        _ => vec!["203.0.113.1".parse().unwrap()],
    })
}

fn run(args: &[&str], e: &Env) -> Result<Config, UsageError> {
    let a = crate::args::parse(args.iter().map(OsString::from).collect())?;
    match resolve(a, e, false)? {
        Parsed::Run(c) => {
            plain_http_rule(&c, &lookup)?;
            Ok(*c)
        }
        other => panic!("not a run: {other:?}"),
    }
}

/// Endpoints are normalised; each bad one says why, naming where it came from.
#[test]
fn endpoint_table() {
    let ok = [
        ("https://huggingface.co", "https://huggingface.co"),
        ("https://huggingface.co/", "https://huggingface.co"),
        (
            "https://HF.example.com:8443/hub/",
            "https://hf.example.com:8443/hub",
        ),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.5.6.7", "http://127.5.6.7"),
        ("http://localhost:1234", "http://localhost:1234"),
        ("http://[::1]:99", "http://[::1]:99"),
    ];
    for (raw, want) in ok {
        let c = run(&["--endpoint", raw], &env(&[])).unwrap_or_else(|e| panic!("{raw}: {e:?}"));
        assert_eq!(c.endpoint.url, want, "{raw}");
    }
    let bad = [
        ("huggingface.co", "no `https://`"),
        ("ftp://huggingface.co", "scheme"),
        ("http://huggingface.co", "in clear"),
        ("http://10.0.0.1:80", "in clear"),
        ("http://128.0.0.1", "in clear"),
        ("http://evil.localhost", "resolves to 203.0.113.9"),
        ("http://nowhere", "could not be resolved"),
        ("https://", "no host"),
        ("https://h:x", "port"),
        ("https://u:p@h", "credentials"),
        ("https://h/?a", "plain base URL"),
    ];
    for (raw, word) in bad {
        let e = run(&["--endpoint", raw], &env(&[])).expect_err(raw);
        assert!(e.message.contains(word), "{raw}: {}", e.message);
        assert!(e.message.contains("--endpoint"), "{raw}: {}", e.message);
    }
}

/// Credentials in an endpoint are never echoed, whatever the password looks like.
#[test]
fn endpoint_userinfo_is_never_shown() {
    for raw in [
        "https://me:hunter2pass@huggingface.co",
        "https://hf_abcdefghijklmnop@h",
    ] {
        let e = run(&[], &env(&[("HF_ENDPOINT", raw)])).unwrap_err();
        assert!(
            !e.message.contains("hunter2") && !e.message.contains("abcdefgh"),
            "{}",
            e.message
        );
        assert!(e.message.contains("HF_ENDPOINT"), "{}", e.message);
    }
}

/// A valid `--endpoint` wins, and a bad `HF_ENDPOINT` under it is never read.
#[test]
fn flag_endpoint_wins_over_a_bad_variable() {
    let e = env(&[("HF_ENDPOINT", "not a url")]);
    let c = run(&["--endpoint", "https://hub.example"], &e).unwrap();
    assert_eq!(
        (c.endpoint.url.as_str(), c.endpoint.from),
        ("https://hub.example", "--endpoint")
    );
    let blank = run(&[], &env(&[("HF_ENDPOINT", "  ")])).unwrap();
    assert_eq!(blank.endpoint.url, "https://huggingface.co");
}

/// Plain http with a proxy that is not loopback would carry the token in clear: refused.
#[test]
fn plain_http_needs_every_hop_loopback() {
    for var in ["HTTP_PROXY", "http_proxy", "ALL_PROXY"] {
        let e = env(&[(var, "http://proxy.corp:3128")]);
        let err = run(&["--endpoint", "http://127.0.0.1:9"], &e).unwrap_err();
        assert!(
            err.message.contains(var) && err.message.contains("in clear"),
            "{}",
            err.message
        );
    }
    let local = env(&[("HTTP_PROXY", "http://127.0.0.1:3128")]);
    assert!(run(&["--endpoint", "http://127.0.0.1:9"], &local).is_ok());
    let bypass = env(&[
        ("HTTP_PROXY", "http://proxy.corp:3128"),
        ("NO_PROXY", "127.0.0.1"),
    ]);
    assert!(run(&["--endpoint", "http://127.0.0.1:9"], &bypass).is_ok());
    // an https endpoint may use any proxy (the token travels inside TLS)
    let e = env(&[("HTTPS_PROXY", "http://proxy.corp:3128")]);
    assert!(run(&[], &e).is_ok());
}

/// Requirements keep their order, merge the variables, and a repo named twice is one (write wins).
#[test]
fn requirements_keep_order_and_merge_env() {
    let e = env(&[
        ("HF_TOKEN_CHECK_READ", "a/one, datasets/a/two\nb/three"),
        ("HF_TOKEN_CHECK_WRITE", "a/out"),
    ]);
    let c = run(
        &["--write", "me/model", "--read=a/r", "--read", "me/model"],
        &e,
    )
    .unwrap();
    let got: Vec<(String, bool)> = c
        .requirements
        .iter()
        .map(|r| (r.repo.to_string(), r.write))
        .collect();
    let want = [
        ("me/model", true),
        ("a/r", false),
        ("a/one", false),
        ("datasets/a/two", false),
        ("b/three", false),
        ("a/out", true),
    ];
    assert_eq!(got, want.map(|(r, w)| (r.to_string(), w)));
}

/// Each configuration mistake gets a message naming the flag or variable, and the
/// endpoint in force once it is known.
#[test]
fn usage_errors() {
    let e = env(&[]);
    let rows: &[(&[&str], &str)] = &[
        (&["--read", "a/b/c/d"], "invalid REPO `a/b/c/d` in `--read`"),
        (&["--timeout", "0"], "--timeout"),
        (&["--min-validity", "soon"], "--min-validity"),
        (&["--max-age", "old"], "--max-age"),
        (&["--endpoint", "http://example.com"], "in clear"),
    ];
    for (args, word) in rows {
        let err = run(args, &e).expect_err(&format!("{args:?}"));
        assert!(err.message.contains(word), "{args:?}: {}", err.message);
    }
    let err = run(&[], &env(&[("HF_TOKEN_CHECK_WRITE", "ok/one,bad--name/x")])).unwrap_err();
    assert!(
        err.message.contains("HF_TOKEN_CHECK_WRITE"),
        "{}",
        err.message
    );
    assert_eq!(err.endpoint.as_deref(), Some("https://huggingface.co"));
}

/// Offline mode reads the variables as huggingface_hub does.
#[test]
fn offline_values() {
    for (v, want) in [
        ("1", true),
        ("ON", true),
        ("yes", true),
        ("True", true),
        ("0", false),
        ("", false),
    ] {
        let c = run(&[], &env(&[("HF_HUB_OFFLINE", v)])).unwrap();
        assert_eq!(c.offline, want, "{v}");
    }
    let c = run(
        &[],
        &env(&[("HF_HUB_OFFLINE", ""), ("TRANSFORMERS_OFFLINE", "1")]),
    )
    .unwrap();
    assert!(c.offline);
}

/// Colour: on a terminal only, never with a non-empty `NO_COLOR` or `TERM=dumb`;
/// `FORCE_COLOR` turns it on where there is no terminal (a CI log).
#[test]
fn colour_rules() {
    type Row<'a> = (&'a [(&'a str, &'a str)], bool, bool);
    let rows: &[Row] = &[
        (&[], true, true),
        (&[], false, false),
        (&[("NO_COLOR", "1")], true, false),
        (&[("NO_COLOR", "")], true, true),
        (&[("TERM", "dumb")], true, false),
        (&[("FORCE_COLOR", "1")], false, true),
        (&[("FORCE_COLOR", "")], false, false),
        (&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], true, false),
    ];
    for (vars, tty, want) in rows {
        assert_eq!(color(&env(vars), *tty), *want, "{vars:?} tty={tty}");
    }
}

/// `{:?}` of a whole configuration shows no proxy password.
#[test]
fn debug_shows_no_credentials() {
    let e = env(&[("HTTPS_PROXY", "http://user:pr0xypass@proxy:3128")]);
    let c = run(&[], &e).unwrap();
    let shown = format!("{c:?}");
    assert!(shown.contains("http://proxy:3128"), "{shown}");
    assert!(!shown.contains("pr0xypass"), "{shown}");
}

/// A host that is not a valid host name, or looks like a token, is refused
/// before any lookup, naming where it came from and never showing it.
#[test]
fn invalid_or_secret_hosts_are_refused_unshown() {
    let token = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567";
    let long_label = format!("https://{}.example", "a".repeat(64));
    for (endpoint, why) in [
        ("https://hub..example", "empty label"),
        (long_label.as_str(), "longer than 63"),
        ("https://hub_x%41.example", "cannot hold"),
    ] {
        let err = run(&["--endpoint", endpoint], &env(&[])).unwrap_err();
        assert!(
            err.message.contains("`--endpoint`") && err.message.contains(why),
            "{}",
            err.message
        );
        let host = endpoint.trim_start_matches("https://");
        assert!(!err.message.contains(host), "{}", err.message);
    }
    for var in ["HTTPS_PROXY", "ALL_PROXY"] {
        for value in [token.to_string(), format!("http://{token}:3128")] {
            let err = run(&[], &env(&[(var, value.as_str())])).unwrap_err();
            assert!(
                err.message.contains(&format!("`{var}`")) && err.message.contains("token"),
                "{}",
                err.message
            );
            assert!(!err.message.contains("AbCdEf"), "{}", err.message);
        }
    }
    let err = run(
        &["--endpoint", "http://127.0.0.1:9"],
        &env(&[("HTTP_PROXY", "http://a..b:3128")]),
    )
    .unwrap_err();
    assert!(err.message.contains("empty label"), "{}", err.message);
}

/// A name the plain-http rule could not resolve is not an "invalid endpoint":
/// its pinned failure is what the requests report (75 or 64).
#[test]
fn an_unresolved_plain_http_name_is_left_to_the_requests() {
    assert!(run(&["--endpoint", "http://dns-timeout:8080"], &env(&[])).is_ok());
    let err = run(&["--endpoint", "http://evil.localhost:8080"], &env(&[])).unwrap_err();
    assert!(
        err.message.contains("resolves to 203.0.113.9"),
        "{}",
        err.message
    );
}

/// `--jobs`, `--inference`, `--bill-to`, `--pr` and their variables: lists
/// merged (flags first) and deduplicated; `--bill-to` implies `--inference`;
/// the flag's org wins over the variable's.
#[test]
fn grants_from_flags_and_variables() {
    let e = env(&[
        ("HF_TOKEN_CHECK_JOBS", "acme, ALICE\nother"),
        ("HF_TOKEN_CHECK_PR", "hf://datasets/a/d, me/model"),
        ("HF_TOKEN_CHECK_BILL_TO", "from-var"),
    ]);
    let c = run(
        &["--jobs", "alice", "--pr", "me/model", "--bill-to=acme"],
        &e,
    )
    .unwrap();
    assert_eq!(c.grants.jobs, ["alice", "acme", "other"]);
    let prs: Vec<String> = c.grants.pr.iter().map(ToString::to_string).collect();
    assert_eq!(prs, ["me/model", "datasets/a/d"]);
    assert_eq!(c.grants.bill_to.as_deref(), Some("acme"));
    assert!(c.grants.inference);
    let c = run(&[], &env(&[("HF_TOKEN_CHECK_BILL_TO", "from-var")])).unwrap();
    assert_eq!(
        (c.grants.bill_to.as_deref(), c.grants.inference),
        (Some("from-var"), true)
    );
    for (value, on) in [
        ("1", true),
        ("TRUE", true),
        (" true ", true),
        ("0", false),
        ("false", false),
        ("", false),
    ] {
        let c = run(&[], &env(&[("HF_TOKEN_CHECK_INFERENCE", value)])).unwrap();
        assert_eq!(c.grants.inference, on, "{value:?}");
    }
    let c = run(&["--inference"], &env(&[])).unwrap();
    assert_eq!((c.grants.inference, c.grants.bill_to), (true, None));
    assert_eq!(run(&[], &env(&[])).unwrap().grants, Grants::default());
}

/// Arguments, variables, and a word of the error.
type GrantRow = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
    &'static str,
);

/// Bad names are usage errors naming where they came from; a token-shaped one is never shown.
#[test]
fn grants_usage_errors() {
    const TOKEN: &str = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";
    let rows: &[GrantRow] = &[
        (&["--jobs", "a/b"], &[], "`--jobs`"),
        (&["--jobs", ".x"], &[], "`--jobs`"),
        (&["--bill-to", ""], &[], "`--bill-to`"),
        (&["--jobs", TOKEN], &[], "looks like a token"),
        (&["--pr", TOKEN], &[], "looks like a token"),
        (&["--pr", "a b"], &[], "`--pr`"),
        (
            &["--pr", "buckets/a/b"],
            &[],
            "buckets have no pull requests",
        ),
        (&["--pr", "buckets/a"], &[], "buckets have no pull requests"),
        (
            &["--pr", "bucket/a/b"],
            &[],
            "buckets have no pull requests",
        ),
        (
            &["--pr", "huggingface.co/buckets/a/b"],
            &[],
            "buckets have no pull requests",
        ),
        (
            &["--pr", "a/b/c/d"],
            &[],
            "in `--pr`: expected `namespace/name`, `datasets/namespace/name` or `spaces/namespace/name`",
        ),
        (&[], &[("HF_TOKEN_CHECK_BILL_TO", "a b")], "names one org"),
        (
            &[],
            &[("HF_TOKEN_CHECK_INFERENCE", "yes")],
            "`HF_TOKEN_CHECK_INFERENCE`",
        ),
        (
            &[],
            &[("HF_TOKEN_CHECK_PR", "x/y/z/w")],
            "`HF_TOKEN_CHECK_PR`",
        ),
        (
            &[],
            &[("HF_TOKEN_CHECK_PR", "buckets/a/b")],
            "buckets have no pull requests",
        ),
    ];
    for (args, vars, word) in rows {
        let e = run(args, &env(vars)).unwrap_err();
        assert!(e.message.contains(word), "{args:?} {vars:?}: {}", e.message);
        assert!(!e.message.contains("abcdefgh"), "{}", e.message);
        // `--pr` never offers the bucket spelling: buckets have no pull requests.
        let pr =
            args.first() == Some(&"--pr") || vars.iter().any(|(k, _)| *k == "HF_TOKEN_CHECK_PR");
        if pr && !word.contains("bucket") {
            let said = format!("{} {:?}", e.message, e.hint);
            assert!(!said.contains("bucket"), "{args:?} {vars:?}: {said}");
        }
        // A bucket's refusal names where the value came from, in its hint too.
        if pr && word.contains("bucket") {
            let from = if args.is_empty() {
                "`HF_TOKEN_CHECK_PR`"
            } else {
                "`--pr`"
            };
            let hint = e.hint.as_deref().unwrap_or_default();
            assert!(hint.contains(from), "{args:?} {vars:?}: {hint}");
        }
    }
}
