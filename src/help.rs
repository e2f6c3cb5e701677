//! The `--help` and `-h` texts (the exit status table from `exit.rs` is
//! appended to `--help`), and the options section of docs/usage.md: their
//! option lines are generated from the one table of options, `args::OPTIONS`.

use crate::args::OPTIONS;

/// `--help` up to its options.
const HELP_HEAD: &str = "\
hf-token-check: check, before a job runs, that its Hugging Face token is
present, well formed, accepted by the Hub, and can read or write the repos the
job needs

USAGE:
    hf-token-check [OPTIONS] [-- COMMAND [ARGS...]]
    hf-token-check --explain CODE

OPTIONS:
";

/// `--help` after its options, without the EXIT STATUS table.
const HELP_TAIL: &str = "\
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

/// `-h` up to its options.
const SHORT_HEAD: &str = "\
hf-token-check: check, before a job runs, that its Hugging Face token works

USAGE:
    hf-token-check [OPTIONS] [-- COMMAND [ARGS...]]
    hf-token-check --explain CODE

OPTIONS (the common ones; `--help` lists them all):
";

/// `-h` after its options.
const SHORT_TAIL: &str = "\
EXAMPLES:
    # As a job's entrypoint: train only when the token can push to me/model
    hf-token-check --write me/model -- python train.py

    # A uv script: check, then run it
    uvx hf-token-check --read me/data -- uv run train.py

    # What a code means, and how to fix it
    hf-token-check --explain token-rejected

`hf-token-check --help`: every option, the environment, the exit statuses.
";

/// The column where help text starts, after the indent and the label.
const COLUMN: usize = 28;

/// The widest line of `--help` and `-h`.
const WIDTH: usize = 80;

/// `--help`, without the EXIT STATUS table: every option of the table, the
/// `--` row apart at the end.
pub(crate) fn help() -> String {
    let mut out = String::from(HELP_HEAD);
    for o in OPTIONS {
        if o.names == ["--"] {
            out.push('\n');
        }
        row(&mut out, "    ", &o.label(), o.help, COLUMN, WIDTH);
    }
    out.push('\n');
    out.push_str(HELP_TAIL);
    out
}

/// `-h`: the usage, the common options and examples, in at most 25 lines.
pub(crate) fn short() -> String {
    let mut out = String::from(SHORT_HEAD);
    for o in OPTIONS {
        if let Some(line) = o.short {
            row(&mut out, "    ", &o.label(), line, COLUMN, WIDTH);
        }
    }
    out.push('\n');
    out.push_str(SHORT_TAIL);
    out
}

/// Where docs/usage.md's generated options section starts and ends.
#[cfg(test)]
const USAGE_MD_START: &str = "<!-- options: generated from `args::OPTIONS` (src/args/options.rs); scripts/update-snapshots.sh -->\n";
#[cfg(test)]
const USAGE_MD_END: &str = "<!-- end of options -->";

/// The options section of docs/usage.md (between its `options` markers):
/// each option's paragraph, wrapped to 100 columns.
#[cfg(test)]
fn usage_md_options() -> String {
    let mut out = String::from("```\nhf-token-check [OPTIONS] [-- COMMAND [ARGS...]]\n");
    for o in OPTIONS {
        row(&mut out, "  ", &o.label(), o.doc, 26, 100);
    }
    out.push_str("```\n");
    out
}

/// One option: `indent`, its label, and its text from `column` on, wrapped at
/// `width` (on the next line when the label reaches the column).
fn row(out: &mut String, indent: &str, label: &str, text: &str, column: usize, width: usize) {
    let mut line = format!("{indent}{label}");
    if line.chars().count() + 1 > column {
        out.push_str(&line);
        out.push('\n');
        line = String::new();
    }
    for word in text.split(' ') {
        let len = line.chars().count();
        if len >= column && len + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::new();
        }
        if line.chars().count() < column {
            line = format!("{line:<column$}");
        } else {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::option_names;

    fn section<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
        let from = text.find(start).expect(start) + start.len();
        let to = from + text[from..].find(end).expect(end);
        &text[from..to]
    }

    /// The options `--help` lists, in order, are the table's, each with its
    /// label and help line (read back by undoing the wrap), and nothing else.
    #[test]
    fn help_lists_the_table() {
        let help = help();
        let options = section(&help, "\nOPTIONS:\n", "\n\nREPO is");
        let mut rows: Vec<(String, String)> = Vec::new();
        for line in options.lines().filter(|l| !l.is_empty()) {
            let (label, text) = line.split_at(COLUMN.min(line.len()));
            let label = label.trim();
            if label.is_empty() {
                let last = rows.last_mut().expect("a continuation after a row");
                last.1 = format!("{} {}", last.1, text.trim()).trim().to_string();
            } else {
                rows.push((label.to_string(), text.trim().to_string()));
            }
        }
        let want: Vec<(String, String)> = OPTIONS
            .iter()
            .map(|o| (o.label(), o.help.to_string()))
            .collect();
        assert_eq!(rows, want);
    }

    /// `-h` lists the common options (those with a short line), in order.
    #[test]
    fn short_lists_the_common_options() {
        let short = short();
        let options = section(&short, "lists them all):\n", "\n\nEXAMPLES:");
        let want: Vec<String> = OPTIONS
            .iter()
            .filter_map(|o| o.short.map(|s| format!("    {:<24}{s}", o.label())))
            .collect();
        assert_eq!(options.lines().collect::<Vec<_>>(), want);
        assert!(want.len() >= 4, "{want:?}");
    }

    /// docs/usage.md's options section is the table's docs, as generated.
    /// `HF_TOKEN_CHECK_BLESS=1` rewrites it (scripts/update-snapshots.sh).
    #[test]
    #[expect(
        clippy::disallowed_methods,
        reason = "`HF_TOKEN_CHECK_BLESS` is a test's switch, not the tool's environment"
    )]
    fn usage_md_options_are_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/usage.md");
        let doc = std::fs::read_to_string(path).unwrap();
        let (start, end) = (USAGE_MD_START, USAGE_MD_END);
        let now = section(&doc, start, end);
        let want = usage_md_options();
        if now != want && std::env::var_os("HF_TOKEN_CHECK_BLESS").is_some() {
            std::fs::write(path, doc.replacen(now, &want, 1)).unwrap();
            return;
        }
        assert!(
            now == want,
            "docs/usage.md's options differ from src/args/options.rs's table; \
             `HF_TOKEN_CHECK_BLESS=1 cargo test --lib usage_md` rewrites them as:\n{want}"
        );
        for o in OPTIONS {
            assert!(now.contains(&format!("  {} ", o.label())), "{}", o.label());
        }
    }

    /// Every option has its help, and a doc paragraph; value names are capitals.
    #[test]
    fn every_option_is_documented() {
        for o in OPTIONS {
            let label = o.label();
            assert!(!o.help.is_empty() && !o.doc.is_empty(), "{label}");
            assert!(!o.help.ends_with('.') && !o.doc.ends_with('.'), "{label}");
            for word in label.split_whitespace().skip(o.names.len()) {
                let bare = word.trim_matches(['[', ']', '.']);
                assert_eq!(bare, bare.to_uppercase(), "{label}");
            }
        }
    }

    #[test]
    fn sections_and_examples() {
        let help = help();
        for section in ["USAGE:", "OPTIONS:", "EXAMPLES:", "ENVIRONMENT:"] {
            assert!(help.contains(&format!("\n{section}\n")), "{section}");
        }
        // The exit status table is appended from `exit.rs`, not repeated here.
        assert!(!help.contains("EXIT STATUS"));
        for example in [
            "hf-token-check --write me/model -- python train.py",
            "uvx hf-token-check --read me/data -- uv run train.py",
            "--json-file report.json",
            "--warn-only",
            "--explain token-rejected",
        ] {
            assert!(help.contains(example), "{example}");
        }
    }

    /// Every option an example uses exists, and every code it explains exists.
    #[test]
    fn examples_use_real_options() {
        let flags = option_names();
        let help = help();
        let section = section(&help, "\nEXAMPLES:\n", "\nENVIRONMENT:\n");
        for word in section.split_whitespace().filter(|w| w.starts_with('-')) {
            if word == "--" {
                continue;
            }
            assert!(flags.contains(&word), "an example uses `{word}`");
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
        let short = short();
        let flags = option_names();
        assert!(short.lines().count() <= 25, "{}", short.lines().count());
        assert!(short.contains("\nEXAMPLES:\n"));
        for word in short.split_whitespace().filter(|w| w.starts_with('-')) {
            let word = word
                .trim_end_matches([',', '`', ':'])
                .trim_start_matches('`');
            if word == "--" || word.is_empty() {
                continue;
            }
            assert!(flags.contains(&word), "`-h` shows `{word}`");
        }
    }

    #[test]
    fn fits_80_columns() {
        for line in help()
            .lines()
            .chain(short().lines())
            .chain(crate::exit::TABLE.lines())
        {
            assert!(line.chars().count() <= 80, "too wide: {line}");
            assert_eq!(line.trim_end(), line, "trailing space: {line:?}");
        }
        for line in usage_md_options().lines() {
            assert!(line.chars().count() <= 100, "too wide: {line}");
            assert_eq!(line.trim_end(), line, "trailing space: {line:?}");
        }
    }

    /// Rows wrap at the width with a hanging indent; a label that reaches the
    /// column puts its text on the next line.
    #[test]
    fn rows_wrap() {
        let mut out = String::new();
        row(&mut out, "  ", "--x N", "one two three four", 10, 20);
        assert_eq!(out, "  --x N   one two\n          three four\n");
        let mut out = String::new();
        row(&mut out, "  ", "--long-label", "text", 10, 20);
        assert_eq!(out, "  --long-label\n          text\n");
        let mut out = String::new();
        row(&mut out, "  ", "--x", "exactly-ten", 10, 20);
        assert_eq!(out, "  --x     exactly-ten\n");
    }
}
