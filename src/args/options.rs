//! The options, each defined once: its spellings, what it takes and sets,
//! its `--help`/`-h` lines and its docs/usage.md paragraph ([`OPTIONS`]);
//! the parser (`args.rs`) walks argv against this table.

use std::ffi::OsString;

use super::{Args, RawRequirement, ReqOrigin, UsageError};

/// How an option takes its value, and the value's name in `--help`.
#[derive(Clone, Copy)]
pub(super) enum Takes {
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
    pub(super) takes: Takes,
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
    pub(super) fn flag(&self) -> &'static str {
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

pub(super) fn find_option(name: &str) -> Option<&'static Opt> {
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
