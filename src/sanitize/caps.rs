//! Caps on what a message shows: text cut with `…`, lists past
//! [`LIST_MAX`] items and messages past [`MESSAGE_MAX`] characters counted.

/// Strings from the Hub (header values, body fields, whoami names) are cut to
/// this many characters, after redaction.
pub const HUB_TEXT_MAX: usize = 300;

/// Cuts `s` to `max` characters, marking the cut with `…`.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", &s[..i]),
    }
}

/// Lists in messages (names, scopes, repos) show at most this many items;
/// the rest are counted ("… and 13,480 more").
pub const LIST_MAX: usize = 20;

/// A message or hint shows at most this many characters; the rest are
/// counted ("… (12,345 more characters)").
pub const MESSAGE_MAX: usize = 4096;

/// `13480` as `13,480`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `s` cut to `max` characters, saying how many were left out.
pub fn shorten_counted(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => {
            let left = s[i..].chars().count();
            format!("{}… ({} more characters)", &s[..i], count(left))
        }
    }
}

/// `a`, `a and b`, `a, b and c`; past [`LIST_MAX`] items, `a, b, … and 13,480
/// more`.
pub fn and_list(items: &[String]) -> String {
    if items.len() > LIST_MAX {
        let shown = items[..LIST_MAX].join(", ");
        return format!("{shown}, … and {} more", count(items.len() - LIST_MAX));
    }
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Items joined with `sep`; past [`LIST_MAX`] items, `… and 13,480 more`.
pub fn join_capped(items: &[String], sep: &str) -> String {
    if items.len() > LIST_MAX {
        let shown = items[..LIST_MAX].join(sep);
        return format!("{shown}{sep}… and {} more", count(items.len() - LIST_MAX));
    }
    items.join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanitize::*;

    #[test]
    fn shorten_counts_characters() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "abc…");
        assert_eq!(shorten("ééééé", 2), "éé…");
        assert_eq!(shorten("", 0), "");
        assert_eq!(
            hub_text(&Redactor::none(), &"a".repeat(400))
                .chars()
                .count(),
            301
        );
        assert_eq!(hub_text(&Redactor::none(), "  x\n"), "x");
    }

    /// Lists past 20 items and messages past 4096 characters are cut, counting
    /// what was left out.
    #[test]
    fn caps_count_what_was_left_out() {
        let rows = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (13_480, "13,480"),
            (1_234_567, "1,234,567"),
        ];
        for (n, want) in rows {
            assert_eq!(count(n), want);
        }
        let items = |n: usize| (0..n).map(|i| format!("`{i}`")).collect::<Vec<_>>();
        assert_eq!(and_list(&items(1)), "`0`");
        assert_eq!(and_list(&items(3)), "`0`, `1` and `2`");
        assert_eq!(
            and_list(&items(LIST_MAX)).matches('`').count(),
            2 * LIST_MAX
        );
        let many = and_list(&items(13_500));
        assert!(many.ends_with("`19`, … and 13,480 more"), "{many}");
        assert_eq!(join_capped(&items(2), "; "), "`0`; `1`");
        assert!(join_capped(&items(21), "; ").ends_with("`19`; … and 1 more"));
        assert_eq!(shorten_counted("abc", 3), "abc");
        assert_eq!(shorten_counted("abcdé", 3), "abc… (2 more characters)");
        let long = "x".repeat(MESSAGE_MAX + 12_345);
        assert!(shorten_counted(&long, MESSAGE_MAX).ends_with("… (12,345 more characters)"));
    }

    /// Exactly [`LIST_MAX`] items are all shown; one more is counted.
    #[test]
    fn a_full_list_is_not_cut() {
        let items = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>();
        let twenty = items(LIST_MAX);
        let shown = (0..LIST_MAX - 1)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        assert_eq!(and_list(&twenty), format!("{shown} and {}", LIST_MAX - 1));
        assert_eq!(join_capped(&twenty, "; "), twenty.join("; "));
        assert!(and_list(&items(LIST_MAX + 1)).ends_with("… and 1 more"));
    }
}
