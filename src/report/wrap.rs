//! Wrapping for a terminal: words kept whole, a hanging indent, never wider
//! than the terminal. Text for logs (no width) is never wrapped.

/// Columns a text takes (one per character; the report's marks are one column).
pub fn columns(s: &str) -> usize {
    s.chars().count()
}

/// `text` after `first` (the first line's prefix), wrapped to `width` columns
/// with continuation lines indented by `indent` spaces. Breaks at spaces only;
/// a word longer than a whole line is cut, as the one way to stay within the
/// width. `None`: one line, as is.
pub fn wrap(first: &str, text: &str, indent: usize, width: Option<usize>) -> Vec<String> {
    let Some(width) = width else {
        return vec![format!("{first}{text}")];
    };
    // A terminal too narrow for the indent still gets some text per line.
    let indent = indent.min(width / 2);
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = columns(first);
    let mut fresh = true; // nothing but the prefix on this line yet
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = columns(word);
        let room = width.saturating_sub(used);
        let space = usize::from(!fresh);
        if len + space <= room {
            if !fresh {
                line.push(' ');
            }
            line.push_str(word);
            used += len + space;
            fresh = false;
            continue;
        }
        if !fresh {
            lines.push(std::mem::take(&mut line));
            line = pad.clone();
            used = indent;
        }
        // Cut a word that cannot fit on a line of its own.
        let mut rest: Vec<char> = word.chars().collect();
        while rest.len() > width.saturating_sub(used).max(1) {
            let take = width.saturating_sub(used).max(1);
            line.extend(rest.drain(..take));
            lines.push(std::mem::take(&mut line));
            line = pad.clone();
            used = indent;
        }
        used += rest.len();
        line.extend(rest);
        fresh = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words stay whole, continuation lines are indented, no line is wider than asked.
    #[test]
    fn wraps_at_words_with_a_hanging_indent() {
        let text =
            "the Hub denied write access to model `me/model` (403): the read token can only read";
        let lines = wrap("  ", text, 4, Some(30));
        for l in &lines {
            assert!(columns(l) <= 30, "{l:?}");
        }
        assert_eq!(lines[0], "  the Hub denied write access");
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with("    ") && !l.starts_with("     "))
        );
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words.join(" "), text);
    }

    /// Without a width, one line whatever its length.
    #[test]
    fn no_width_no_wrap() {
        let text = "x ".repeat(200);
        assert_eq!(wrap("! ", &text, 2, None).len(), 1);
    }

    /// A word longer than the line is cut rather than overflow.
    #[test]
    fn long_words_are_cut() {
        let lines = wrap("", &"a".repeat(25), 2, Some(10));
        assert!(lines.iter().all(|l| columns(l) <= 10), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), "a".repeat(25));
    }
}
