//! The `--help` text (the exit status table from `exit.rs` is appended to it)
//! and the list of options it documents, which "did you mean" suggests from.

/// `--help`, without the EXIT STATUS table.
pub(crate) const HELP: &str = "\
hf-token-check: check, before a job runs, that its Hugging Face token is
present, well formed, accepted by the Hub, and can read or write the repos the
job needs

USAGE:
    hf-token-check [OPTIONS] [-- COMMAND [ARGS...]]
    hf-token-check --explain CODE

OPTIONS:
    --read REPO             require read access to REPO (repeatable)
    --write REPO            require write access to REPO (repeatable; implies
                            read)
    --endpoint URL          Hub base URL (default: $HF_ENDPOINT, else
                            https://huggingface.co)
    --json                  write the report as one JSON object on stdout
    --json-file PATH        write the JSON report to PATH (never mixed with
                            COMMAND's output)
    --offline               check presence and format only (also when
                            HF_HUB_OFFLINE is 1/ON/YES/TRUE)
    --timeout SECS          bound the whole run, retries included (default: 30)
    --min-validity DURATION fail (78, token-expiring) when the token expires
                            sooner (e.g. 90m, 2h, 1d)
    --max-age DURATION      fail (78, token-too-old) when the token was created
                            longer ago (e.g. 90d, 12w)
    --min-quota N           warn (quota-low) when fewer than N of the Hub's API
                            requests are left in the window (default: 10% of
                            the quota)
    --no-scan               don't scan COMMAND's script for hardcoded tokens
                            (token-hardcoded)
    --scan PATH             also scan PATH for hardcoded tokens (repeatable)
    --jobs NS               require that the token may run Hugging Face Jobs
                            under NS, a user or an org (repeatable; inferred)
    --inference             require that the token may call Inference
                            Providers (inferred)
    --bill-to ORG           the same, billed to the org ORG as `bill_to=` has
                            it
    --pr REPO               require that the token may open pull requests on
                            REPO (repeatable; inferred)
    --allow-missing-token   a missing token is a skip with a notice, exit 0
                            (for pull requests from forks, which get no secrets)
    -q, --quiet             print nothing when every check passes
    --warn-only             report failures as warnings, then exit 0 (or run
                            COMMAND)
    --explain CODE          explain a code of the report (e.g. `write-denied`):
                            what it means, the usual causes, the fix
    -h, --help              print a short usage (-h) or this whole help
    -V, --version           print the version

    -- COMMAND [ARGS...]    when every check passes, replace this process with
                            COMMAND

REPO is `ns/name` (a model), `models/ns/name`, `datasets/ns/name` or
`spaces/ns/name`, the same with an `hf://` prefix, or the repo's URL on the
endpoint; a storage bucket is `buckets/ns/name` (`hf://buckets/ns/name`, or
its URL).

EXAMPLES:
    # As a job's entrypoint: train only when the token can push to me/model
    hf-token-check --write me/model -- python train.py

    # A uv script: check, then run it
    uvx hf-token-check --read me/data -- uv run train.py

    # In CI (GitHub Actions annotations and step summary come by themselves)
    hf-token-check --read meta-llama/Llama-3.2-1B --write my-org/my-model

    # The JSON report: on stdout, or in a file apart from COMMAND's output
    hf-token-check --read me/data --json
    hf-token-check --read me/data --json-file report.json -- python train.py

    # A job that calls Inference Providers (billed to an org) and pushes
    hf-token-check --bill-to my-org --write me/model -- python train.py

    # Rolling the check out: report failures but start the job anyway
    hf-token-check --warn-only --write me/model -- python train.py

    # What a code means, and how to fix it
    hf-token-check --explain token-rejected

ENVIRONMENT:
    HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HF_TOKEN_PATH, HF_HOME, XDG_CACHE_HOME
                            where the token is found, in huggingface_hub's order
    HF_ENDPOINT             the Hub base URL
    HF_HUB_OFFLINE          offline mode (also TRANSFORMERS_OFFLINE)
    HF_TOKEN_CHECK_READ, HF_TOKEN_CHECK_WRITE
                            more REPOs, separated by commas or whitespace
    HF_TOKEN_CHECK_JOBS, HF_TOKEN_CHECK_PR
                            more NSs for --jobs, REPOs for --pr (same lists)
    HF_TOKEN_CHECK_INFERENCE, HF_TOKEN_CHECK_BILL_TO
                            `1`/`true`: as --inference; ORG: as --bill-to
    HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY
                            proxy, chosen as curl does
    SSL_CERT_FILE, SSL_CERT_DIR
                            CA certificates that replace the built-in roots
    NO_COLOR, FORCE_COLOR   colour off, or on without a terminal (NO_COLOR wins)
    GITHUB_ACTIONS, GITHUB_STEP_SUMMARY
                            CI annotations and summary
";

/// `-h`: the usage and the most common examples, in at most 25 lines.
pub(crate) const SHORT: &str = "\
hf-token-check: check, before a job runs, that its Hugging Face token works

USAGE:
    hf-token-check [OPTIONS] [-- COMMAND [ARGS...]]
    hf-token-check --explain CODE

OPTIONS (the common ones; `--help` lists them all):
    --read REPO         require read access to REPO (repeatable)
    --write REPO        require write access to REPO (repeatable)
    --json              the report as one JSON object on stdout
    -q, --quiet         print nothing when every check passes
    -- COMMAND [ARGS]   run COMMAND when every check passes

EXAMPLES:
    # As a job's entrypoint: train only when the token can push to me/model
    hf-token-check --write me/model -- python train.py

    # A uv script: check, then run it
    uvx hf-token-check --read me/data -- uv run train.py

    # What a code means, and how to fix it
    hf-token-check --explain token-rejected

`hf-token-check --help`: every option, the environment, the exit statuses.
";

/// Every option `--help` documents, for "did you mean" on an unknown one.
pub(crate) const FLAGS: &[&str] = &[
    "--read",
    "--write",
    "--endpoint",
    "--json",
    "--json-file",
    "--offline",
    "--timeout",
    "--min-validity",
    "--max-age",
    "--min-quota",
    "--no-scan",
    "--scan",
    "--jobs",
    "--inference",
    "--bill-to",
    "--pr",
    "--allow-missing-token",
    "-q",
    "--quiet",
    "--warn-only",
    "--explain",
    "-h",
    "--help",
    "-V",
    "--version",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The options `HELP` lists, in order: the first word of each OPTIONS row.
    fn documented() -> Vec<&'static str> {
        let options = HELP
            .split("\nOPTIONS:\n")
            .nth(1)
            .and_then(|rest| rest.split("\n\n").next())
            .expect("an OPTIONS section");
        options
            .lines()
            .filter_map(|l| l.strip_prefix("    "))
            .filter(|l| l.starts_with('-'))
            .flat_map(|l| l.split_whitespace().take_while(|w| w.starts_with('-')))
            .map(|w| w.trim_end_matches(','))
            .collect()
    }

    #[test]
    fn flags_are_the_documented_options() {
        assert_eq!(documented(), FLAGS);
    }

    #[test]
    fn sections_and_examples() {
        for section in ["USAGE:", "OPTIONS:", "EXAMPLES:", "ENVIRONMENT:"] {
            assert!(HELP.contains(&format!("\n{section}\n")), "{section}");
        }
        // The exit status table is appended from `exit.rs`, not repeated here.
        assert!(!HELP.contains("EXIT STATUS"));
        for example in [
            "hf-token-check --write me/model -- python train.py",
            "uvx hf-token-check --read me/data -- uv run train.py",
            "--json-file report.json",
            "--warn-only",
            "--explain token-rejected",
        ] {
            assert!(HELP.contains(example), "{example}");
        }
    }

    /// Every option an example uses is documented, and every code it explains exists.
    #[test]
    fn examples_use_documented_options() {
        let section =
            &HELP[HELP.find("\nEXAMPLES:\n").unwrap()..HELP.find("\nENVIRONMENT:\n").unwrap()];
        for word in section.split_whitespace().filter(|w| w.starts_with('-')) {
            if word == "--" {
                continue;
            }
            assert!(FLAGS.contains(&word), "an example uses `{word}`");
        }
        let words: Vec<&str> = section.split_whitespace().collect();
        let explained: Vec<&str> = words
            .windows(2)
            .filter(|w| w[0] == "--explain")
            .map(|w| w[1])
            .collect();
        assert!(!explained.is_empty());
        for code in explained {
            assert!(
                crate::explanations::explain(code).is_some(),
                "`--explain {code}`"
            );
        }
    }

    /// `-h` is short (at most 25 lines, with EXAMPLES) and only shows options
    /// that exist.
    #[test]
    fn short_usage() {
        assert!(SHORT.lines().count() <= 25, "{}", SHORT.lines().count());
        assert!(SHORT.contains("\nEXAMPLES:\n"));
        for word in SHORT.split_whitespace().filter(|w| w.starts_with('-')) {
            let word = word
                .trim_end_matches([',', '`', ':'])
                .trim_start_matches('`');
            if word == "--" || word.is_empty() {
                continue;
            }
            assert!(FLAGS.contains(&word), "`-h` shows `{word}`");
        }
    }

    #[test]
    fn fits_80_columns() {
        for line in HELP
            .lines()
            .chain(SHORT.lines())
            .chain(crate::exit::TABLE.lines())
        {
            assert!(line.chars().count() <= 80, "too wide: {line}");
            assert_eq!(line.trim_end(), line, "trailing space: {line:?}");
        }
    }
}
