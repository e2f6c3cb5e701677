//! The characters that render as nothing or as blank, by Unicode class: the
//! redactor skips them when it looks for pieces of the token, so a token
//! echoed with any of them between its characters is still found.
//!
//! `TABLE` is generated from the Unicode Character Database (the test
//! `table_matches_the_unicode_data` regenerates it from Debian's
//! `unicode-data` files and fails, printing the new table, when it drifts). It
//! is the union of:
//! - `Default_Ignorable_Code_Point` (DerivedCoreProperties.txt): zero-width
//!   characters, joiners, bidi controls, fillers, variation selectors, tag
//!   characters, and the unassigned code points reserved as ignorable
//!   (U+2065, U+FFF0–U+FFF8, U+E0000–U+E0FFF);
//! - general categories `Cf` (format), `Cc` (control), `Zs`, `Zl`, `Zp`
//!   (every space and line or paragraph separator) (UnicodeData.txt);
//! - `Noncharacter_Code_Point` (PropList.txt);
//! - `BLANK_LOOKING`: symbols whose glyph is empty by design.

/// Symbols with an empty glyph that no property above covers: U+2800 BRAILLE
/// PATTERN BLANK (a common "invisible" filler), U+1D159 MUSICAL SYMBOL NULL
/// NOTEHEAD, U+16FE4 KHITAN SMALL SCRIPT FILLER.
#[cfg(test)]
pub(super) const BLANK_LOOKING: &[u32] = &[0x2800, 0x16FE4, 0x1D159];

/// The Unicode version `TABLE` was generated from.
#[cfg(test)]
pub(super) const UNICODE_VERSION: &str = "15.0.0";

/// Sorted, disjoint, non-adjacent inclusive ranges of code points.
pub(super) const TABLE: &[(u32, u32)] = &[
    (0x0000, 0x0020),
    (0x007F, 0x00A0),
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x115F, 0x1160),
    (0x1680, 0x1680),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x206F),
    (0x2800, 0x2800),
    (0x3000, 0x3000),
    (0x3164, 0x3164),
    (0xFDD0, 0xFDEF),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),
    (0xFFFE, 0xFFFF),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x16FE4, 0x16FE4),
    (0x1BCA0, 0x1BCA3),
    (0x1D159, 0x1D159),
    (0x1D173, 0x1D17A),
    (0x1FFFE, 0x1FFFF),
    (0x2FFFE, 0x2FFFF),
    (0x3FFFE, 0x3FFFF),
    (0x4FFFE, 0x4FFFF),
    (0x5FFFE, 0x5FFFF),
    (0x6FFFE, 0x6FFFF),
    (0x7FFFE, 0x7FFFF),
    (0x8FFFE, 0x8FFFF),
    (0x9FFFE, 0x9FFFF),
    (0xAFFFE, 0xAFFFF),
    (0xBFFFE, 0xBFFFF),
    (0xCFFFE, 0xCFFFF),
    (0xDFFFE, 0xE0FFF),
    (0xEFFFE, 0xEFFFF),
    (0xFFFFE, 0xFFFFF),
    (0x10FFFE, 0x10FFFF),
];

/// Whether `c` is in `TABLE` (a binary search).
pub(super) fn in_table(c: char) -> bool {
    let c = c as u32;
    TABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[cfg(test)]
// The drift test reads `CI` (it must fail, not skip, under CI) and says why it
// skips elsewhere: test-only, nothing of the tool's own output.
#[allow(clippy::disallowed_methods, clippy::disallowed_macros)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    const DIR: &str = "/usr/share/unicode";

    /// `lo..hi ; Property # ...` lines of a UCD property file, for one property.
    fn property(text: &str, name: &str) -> Vec<(u32, u32)> {
        text.lines()
            .filter_map(|l| l.split('#').next())
            .filter_map(|l| l.split_once(';'))
            .filter(|(_, p)| p.trim() == name)
            .map(|(r, _)| range(r.trim()))
            .collect()
    }

    fn range(r: &str) -> (u32, u32) {
        let hex = |h: &str| u32::from_str_radix(h, 16).unwrap();
        match r.split_once("..") {
            Some((a, b)) => (hex(a), hex(b)),
            None => (hex(r), hex(r)),
        }
    }

    /// Code points of the given general categories in UnicodeData.txt
    /// (`<..., First>`/`<..., Last>` pairs are ranges).
    fn categories(text: &str, wanted: &[&str]) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        let mut first: Option<u32> = None;
        for line in text.lines() {
            let f: Vec<&str> = line.split(';').collect();
            let (cp, name, cat) = (range(f[0]).0, f[1], f[2]);
            if name.ends_with(", First>") {
                first = Some(cp);
                continue;
            }
            let lo = first
                .take()
                .filter(|_| name.ends_with(", Last>"))
                .unwrap_or(cp);
            if wanted.contains(&cat) {
                out.push((lo, cp));
            }
        }
        out
    }

    fn merged(ranges: impl IntoIterator<Item = (u32, u32)>) -> Vec<(u32, u32)> {
        let points: BTreeSet<u32> = ranges.into_iter().flat_map(|(a, b)| a..=b).collect();
        let mut out: Vec<(u32, u32)> = Vec::new();
        for p in points {
            match out.last_mut() {
                Some((_, hi)) if *hi + 1 == p => *hi = p,
                _ => out.push((p, p)),
            }
        }
        out
    }

    fn read(name: &str) -> Option<String> {
        let path = format!("{DIR}/{name}");
        match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "`{path}` is missing ({e}), and CI must have it: \
                     scripts/test.sh installs Debian's `unicode-data`"
                );
                eprintln!("skipped: no `{path}` (apt-get install unicode-data)");
                None
            }
        }
    }

    /// The table is what the Unicode data says. When the installed data is
    /// newer or older than `UNICODE_VERSION`, the table must still hold
    /// every code point the data lists (a newer version's additions make this
    /// fail: regenerate the table from the message).
    #[test]
    fn table_matches_the_unicode_data() {
        let (Some(derived), Some(data), Some(props)) = (
            read("DerivedCoreProperties.txt"),
            read("UnicodeData.txt"),
            read("PropList.txt"),
        ) else {
            return;
        };
        let version = derived
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# DerivedCoreProperties-"))
            .and_then(|l| l.strip_suffix(".txt"))
            .unwrap_or("?")
            .to_string();
        let want = merged(
            property(&derived, "Default_Ignorable_Code_Point")
                .into_iter()
                .chain(categories(&data, &["Cf", "Cc", "Zs", "Zl", "Zp"]))
                .chain(property(&props, "Noncharacter_Code_Point"))
                .chain(BLANK_LOOKING.iter().map(|&c| (c, c))),
        );
        let printed: String = want
            .iter()
            .map(|(a, b)| format!("    (0x{a:04X}, 0x{b:04X}),\n"))
            .collect();
        let regenerate = format!(
            "the table drifted from Unicode {version}'s data; replace TABLE with:\n\
             pub(super) const TABLE: &[(u32, u32)] = &[\n{printed}];\n\
             and UNICODE_VERSION with \"{version}\""
        );
        if version == UNICODE_VERSION {
            assert_eq!(TABLE, want.as_slice(), "{regenerate}");
        } else {
            let table: BTreeSet<u32> = TABLE.iter().flat_map(|&(a, b)| a..=b).collect();
            let missing: Vec<u32> = want
                .iter()
                .flat_map(|&(a, b)| a..=b)
                .filter(|c| !table.contains(c))
                .collect();
            assert!(missing.is_empty(), "missing {missing:X?}: {regenerate}");
        }
    }

    /// Sorted, disjoint and merged, so the binary search is right.
    #[test]
    fn table_is_sorted_and_merged() {
        assert!(!TABLE.is_empty());
        for w in TABLE.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 + 1 < w[1].0, "{w:X?}");
        }
        for (lo, hi) in TABLE {
            for c in [*lo, *hi] {
                if let Some(ch) = char::from_u32(c) {
                    assert!(in_table(ch), "{c:X}");
                }
            }
            if let Some(ch) = char::from_u32(hi + 1) {
                assert!(!in_table(ch), "{:X}", hi + 1);
            }
        }
    }
}
