//! "Did you mean": the nearest known option for a mistyped one, and a corrected
//! REPO for the typos the REPO parser cannot name on its own.

use crate::origin::Origin;
use crate::repo;

/// The candidate nearest to `input`, when it is near enough to be a typo of it:
/// at most max(1, len/3) edits (insertions, deletions, substitutions and swaps of
/// two neighbours), where len is the length of `input` without its leading
/// dashes. Case is ignored, and so is an `=value` tail (`--reed=me/x`). Ties go to
/// the first candidate; an input shorter than 3 characters (`-x`) or equal to a
/// candidate gets nothing.
pub(crate) fn did_you_mean<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let typed = input.split_once('=').map_or(input, |(f, _)| f);
    let flag = typed.to_lowercase();
    let bare = flag.trim_start_matches('-').chars().count();
    if bare < 2 || flag.chars().count() < 3 {
        return None;
    }
    let limit = (bare / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for &c in candidates {
        if c == typed {
            return None;
        }
        let d = distance(&flag, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    if best.is_none() && bare >= 3 {
        // A unique abbreviation: `--allow-missing` for `--allow-missing-token`.
        let mut longer = candidates
            .iter()
            .filter(|c| c.to_lowercase().starts_with(&flag));
        if let (Some(only), None) = (longer.next(), longer.next()) {
            return Some(only);
        }
    }
    best.map(|(_, c)| c)
}

/// A hint for a word that no option took: a flag written without its dashes
/// (`help` -> `--help`), or a duration written with a space after
/// `--min-validity`/`--max-age` (`2 hours` -> `2h`). `flags`: every option's
/// spelling.
pub(crate) fn stray_word_hint(
    word: &str,
    after: Option<&(&str, String)>,
    flags: &[&str],
) -> Option<String> {
    if let Some((flag @ ("--min-validity" | "--max-age"), value)) = after
        && !value.is_empty()
        && value.chars().all(|c| c.is_ascii_digit())
    {
        let unit = match word.to_ascii_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => Some('s'),
            "m" | "min" | "mins" | "minute" | "minutes" => Some('m'),
            "h" | "hr" | "hrs" | "hour" | "hours" => Some('h'),
            "d" | "day" | "days" => Some('d'),
            "w" | "week" | "weeks" => Some('w'),
            _ => None,
        };
        if let Some(u) = unit {
            return Some(format!(
                "a duration is one word, without a space: `{flag} {value}{u}`"
            ));
        }
    }
    let bare = word.trim_start_matches('-').to_ascii_lowercase();
    flags
        .iter()
        .find(|f| f.starts_with("--") && f[2..] == bare)
        .map(|f| format!("did you mean `{f}`? options start with `--`"))
}

/// Optimal string alignment distance (Damerau-Levenshtein where a swap of two
/// neighbours counts as one edit and no substring is edited twice), over chars.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: i-2, i-1 and i.
    let mut two_back: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two_back[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut two_back, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

const TYPES: [(&str, &str); 3] = [
    ("model", "models"),
    ("dataset", "datasets"),
    ("space", "spaces"),
];

/// The plural type a path segment stands for, in any case and number: `Dataset`
/// -> `datasets`.
fn type_word(segment: &str) -> Option<&'static str> {
    let lower = segment.to_ascii_lowercase();
    TYPES
        .iter()
        .find(|(s, p)| lower == *s || lower == *p)
        .map(|(_, p)| *p)
}

/// `me/model/tree/main`, `me/model/blob/main/x.json`: a path copied from the web.
fn drop_web_path(segments: &mut Vec<String>, fixes: &mut Vec<&str>) {
    let start = usize::from(segments.first().and_then(|s| type_word(s)).is_some());
    if let Some(at) = segments
        .iter()
        .skip(start + 2)
        .position(|s| matches!(s.as_str(), "tree" | "blob" | "resolve" | "raw"))
        .filter(|&i| i == 0)
        .map(|i| start + 2 + i)
    {
        segments.truncate(at);
        fixes.push("drop the path after the repo's name");
    }
}

/// `me/model/` and `/me/model`: the slashes go, each with its fix.
fn trim_slashes<'a>(s: &'a str, fixes: &mut Vec<&str>) -> &'a str {
    let mut path = s;
    if path.ends_with('/') {
        path = path.trim_end_matches('/');
        fixes.push("remove the trailing slash");
    }
    if path.starts_with('/') {
        path = path.trim_start_matches('/');
        fixes.push("remove the leading slash");
    }
    path
}

/// A hint for a REPO that `repo::parse` refused, when the input is a known kind of
/// typo and the corrected REPO parses: `me/model/` -> "remove the trailing slash:
/// `me/model`". `None` when nothing is recognised or `repo::parse`'s own error
/// already says it (a singular type alone: `dataset/ns/name`). URLs and `hf://`
/// paths are left to the parser.
pub(crate) fn repo_typo_hint(input: &str) -> Option<String> {
    let s = input.trim();
    if s.contains("://") {
        return None;
    }
    let mut fixes: Vec<&str> = Vec::new();
    let path = trim_slashes(s, &mut fixes);
    let mut segments: Vec<String> = path.split('/').map(str::to_string).collect();
    if let Some(first) = segments.first()
        && segments.len() > 2
        && ["huggingface.co", "www.huggingface.co", "hf.co"]
            .contains(&first.to_ascii_lowercase().as_str())
    {
        segments.remove(0);
        fixes.push("drop the host (or write the whole `https://` URL)");
    }
    drop_web_path(&mut segments, &mut fixes);
    if segments.len() > 3
        && let Some(plural) = type_word(&segments[0])
        && type_word(&segments[1]) == Some(plural)
    {
        segments.remove(0);
        segments[0] = plural.to_string();
        fixes.push("write the type once");
    }
    if let Some(last) = segments.last_mut()
        && let Some((name, _rev)) = last.split_once('@')
        && !name.is_empty()
    {
        *last = name.to_string();
        fixes.push("drop the revision (REPO names a repo, not a revision)");
    }
    if segments.len() == 3
        && let Some(plural) = type_word(&segments[0])
        && segments[0] != plural
    {
        let singular = plural.trim_end_matches('s');
        // The parser already names a lone singular type; only a wrong case, or a
        // singular type next to another typo, is left to say here.
        if segments[0] != singular || !fixes.is_empty() {
            segments[0] = plural.to_string();
            fixes.push("write the type in lowercase plural");
        }
    }
    if fixes.is_empty() {
        return None;
    }
    let fixed = segments.join("/");
    let origin = Origin::new("https", "huggingface.co").expect("a valid origin");
    repo::parse(&fixed, &origin).ok()?;
    Some(format!("{}: `{fixed}`", join_fixes(&fixes)))
}

/// `a`, `a and b`, `a, b and c`.
fn join_fixes(fixes: &[&str]) -> String {
    match fixes {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_flags() -> Vec<&'static str> {
        crate::args::option_names()
    }

    #[test]
    fn flags() {
        let rows = [
            ("--reed", Some("--read")),
            ("--wirte", Some("--write")),
            ("--jsno", Some("--json")),
            ("--timout", Some("--timeout")),
            ("--xyz", None),
            ("--READ", Some("--read")),
            ("-read", Some("--read")),
            ("--reed=me/model", Some("--read")),
            ("--quite", Some("--quiet")),
            ("--offlne", Some("--offline")),
            ("--warnonly", Some("--warn-only")),
            ("--min-valdity", Some("--min-validity")),
            ("--allow-missing", Some("--allow-missing-token")),
            ("--allow", Some("--allow-missing-token")),
            ("--js", None),
            ("--jso", Some("--json")),
            ("--read=me/model", None),
            ("--json-fil", Some("--json-file")),
            ("--max-ag", Some("--max-age")),
            ("--verbose", None),
            ("-x", None),
            ("-v", None),
            ("--", None),
            ("", None),
            ("--read", None),
            ("--token", None),
        ];
        for (input, want) in rows {
            assert_eq!(did_you_mean(input, &all_flags()), want, "{input:?}");
        }
    }

    #[test]
    fn distance_counts_a_swap_as_one_edit() {
        let rows = [
            ("", "", 0),
            ("abc", "", 3),
            ("", "abc", 3),
            ("read", "read", 0),
            ("reed", "read", 1),
            ("wirte", "write", 1),
            ("jsno", "json", 1),
            ("timout", "timeout", 1),
            ("ca", "abc", 3),
            ("kitten", "sitting", 3),
            ("été", "ete", 2),
        ];
        for (a, b, d) in rows {
            assert_eq!(distance(a, b), d, "{a} -> {b}");
            assert_eq!(distance(b, a), d, "{b} -> {a}");
        }
    }

    #[test]
    fn repo_hints() {
        let rows = [
            ("me/model/", "remove the trailing slash: `me/model`"),
            ("me/model//", "remove the trailing slash: `me/model`"),
            (
                "datasets/me/data/",
                "remove the trailing slash: `datasets/me/data`",
            ),
            ("/me/model", "remove the leading slash: `me/model`"),
            (
                "datasets/datasets/me/data",
                "write the type once: `datasets/me/data`",
            ),
            (
                "models/models/me/model",
                "write the type once: `models/me/model`",
            ),
            (
                "datasets/dataset/me/data",
                "write the type once: `datasets/me/data`",
            ),
            (
                "Models/models/me/model/",
                "remove the trailing slash and write the type once: `models/me/model`",
            ),
            (
                "Datasets/me/data",
                "write the type in lowercase plural: `datasets/me/data`",
            ),
            (
                "dataset/me/data/",
                "remove the trailing slash and write the type in lowercase plural: `datasets/me/data`",
            ),
            (
                "huggingface.co/me/model",
                "drop the host (or write the whole `https://` URL): `me/model`",
            ),
            (
                "hf.co/datasets/me/data",
                "drop the host (or write the whole `https://` URL): `datasets/me/data`",
            ),
            (
                "me/model/tree/main",
                "drop the path after the repo's name: `me/model`",
            ),
            (
                "datasets/me/data/blob/main/train.csv",
                "drop the path after the repo's name: `datasets/me/data`",
            ),
            (
                "me/model@main",
                "drop the revision (REPO names a repo, not a revision): `me/model`",
            ),
        ];
        for (input, want) in rows {
            assert_eq!(repo_typo_hint(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn repo_hints_stay_silent_where_the_parser_speaks_or_nothing_is_known() {
        for input in [
            // Valid: nothing to hint.
            "me/model",
            "datasets/me/data",
            // The parser's own message already says "plural".
            "dataset/me/data",
            // Unknown shapes: no guess.
            "a/b/c/d",
            "gpt2",
            "me/mo del",
            "me//model",
            "/",
            "",
            // A correction that would still not parse is not offered.
            "me/-model/",
            "datasets/datasets/x",
            // URLs and hf:// are the parser's.
            "https://huggingface.co/me/model/",
            "hf://me/model/",
        ] {
            assert_eq!(repo_typo_hint(input), None, "{input:?}");
        }
    }

    /// Every hint's suggestion is a REPO the parser accepts.
    #[test]
    fn suggested_repos_parse() {
        let origin = Origin::new("https", "huggingface.co").unwrap();
        for input in [
            "me/model/",
            "/datasets/me/data/",
            "spaces/spaces/me/app",
            "huggingface.co/me/model/tree/main",
            "Space/me/app/",
        ] {
            let hint = repo_typo_hint(input).unwrap_or_else(|| panic!("{input}: no hint"));
            let fixed = hint.rsplit('`').nth(1).unwrap();
            assert!(repo::parse(input, &origin).is_err(), "{input} parses");
            assert!(repo::parse(fixed, &origin).is_ok(), "{input} -> {fixed}");
        }
    }
}
