//! Wrapping for a terminal: words kept whole, a hanging indent, never wider
//! than the terminal in screen cells. Text for logs (no width) is never
//! wrapped, nor text for a terminal too narrow to wrap sensibly.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Below this many columns (`COLUMNS=1`, a pty that reports no size) lines
/// are not wrapped: cutting every word into letters helps no one, and the
/// terminal's own wrapping keeps every character.
pub const MIN_WIDTH: usize = 20;

/// Screen cells a text takes: a wide (CJK, fullwidth) character 2, a
/// zero-width one (combining marks, joiners) 0, others 1.
pub fn columns(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn cells(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `text` after `first` (the first line's prefix), wrapped to `width` screen
/// cells with continuation lines indented by `indent` spaces. Breaks at spaces
/// only; a word wider than a whole line is cut (between characters, never
/// through one), as the one way to stay within the width. `None`, or a width
/// under [`MIN_WIDTH`]: one line, as is.
pub fn wrap(first: &str, text: &str, indent: usize, width: Option<usize>) -> Vec<String> {
    let Some(width) = width.filter(|w| *w >= MIN_WIDTH) else {
        return vec![format!("{first}{text}")];
    };
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = columns(first);
    let mut fresh = true; // nothing but the prefix on this line yet
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = columns(word);
        let space = usize::from(!fresh);
        if used + space + len <= width {
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
        for c in word.chars() {
            let w = cells(c);
            if used + w > width {
                lines.push(std::mem::take(&mut line));
                line = pad.clone();
                used = indent;
            }
            line.push(c);
            used += w;
        }
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
        let lines = wrap("", &"a".repeat(25), 2, Some(20));
        assert_eq!(lines, ["a".repeat(20), format!("  {}", "a".repeat(5))]);
        let lines = wrap("", &"a".repeat(45), 2, Some(20));
        assert!(lines.iter().all(|l| columns(l) <= 20), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), "a".repeat(45));
    }

    /// Wide characters take two cells and zero-width ones none: a line of CJK
    /// text fits the terminal's cells, not its character count.
    #[test]
    fn wraps_by_screen_cells() {
        assert_eq!(columns("トークン"), 8);
        assert_eq!(columns("e\u{301}"), 1);
        assert_eq!(columns("a\u{200d}b"), 2);
        let name = "本番用トークン書き込み権限付き";
        let text = format!("write token \"{name}\" for {name} and {name}");
        let lines = wrap("✓ whoami: ", &text, 2, Some(40));
        for l in &lines {
            assert!(columns(l) <= 40, "{l:?} is {} cells", columns(l));
        }
        assert!(lines[1..].iter().all(|l| l.starts_with("  ")), "{lines:?}");
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words.join(" "), format!("✓ whoami: {text}"));
        // A wide word cut between characters, never past the width.
        let lines = wrap("", &"字".repeat(15), 2, Some(21));
        assert_eq!(lines, ["字".repeat(10), format!("  {}", "字".repeat(5))]);
    }

    /// Under `MIN_WIDTH` (`COLUMNS=1`), no wrapping: whole words, one line.
    #[test]
    fn too_narrow_to_wrap() {
        let text = "the token was not found anywhere";
        assert_eq!(wrap("! ", text, 2, Some(1)), [format!("! {text}")]);
        assert_eq!(
            wrap("! ", text, 2, Some(MIN_WIDTH - 1)),
            [format!("! {text}")]
        );
        assert!(wrap("! ", text, 2, Some(MIN_WIDTH)).len() > 1);
    }
}
