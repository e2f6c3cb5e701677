//! RFC 3339 times as the Hub writes them (`2026-01-02T03:04:05.000Z`), to and
//! from seconds since the epoch. The one date algorithm of the crate (Howard
//! Hinnant's `days_from_civil` / `civil_from_days`); the tests use it too.

/// Seconds since the epoch for an RFC 3339 time such as
/// `2026-01-02T03:04:05.000Z` or `2026-01-02T04:04:05+01:00`. `None` for
/// anything else, and for a date that does not exist (`2026-02-31`,
/// `2025-02-29`): it is never rolled into the next month.
pub fn parse(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (y, mo, d, h, mi, sec) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    if !(1..=12).contains(&mo) || !(1..=days_in_month(y, mo)).contains(&d) {
        return None;
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = utc_offset(rest)?;
    Some(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset)
}

/// `2026-01-02T03:04:05.000Z`: the form the Hub writes (`expiresAt`), in UTC.
pub fn format(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86400), t.rem_euclid(86400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// 28 to 31, leap years by the Gregorian rule.
fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `Z`, nothing, or `+hh:mm`/`-hh:mm`, in seconds.
fn utc_offset(rest: &str) -> Option<i64> {
    if matches!(rest, "Z" | "z" | "") {
        return Some(0);
    }
    let sign = match rest.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let t = &rest[1..];
    if t.len() != 5 || t.as_bytes()[2] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = t.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let (oh, om) = (num(0..2)?, num(3..5)?);
    if oh > 23 || om > 59 {
        return None;
    }
    Some(sign * (oh * 3600 + om * 60))
}

/// Days since 1970-01-01 of a valid date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The date of a day counted from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 3339 times as the Hub writes them; anything else, and any date that
    /// does not exist, is refused.
    #[test]
    fn timestamps() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse("2026-01-02T03:04:05.000Z"), Some(1767323045));
        assert_eq!(parse("2026-01-02T04:04:05+01:00"), Some(1767323045));
        assert_eq!(parse("2026-01-02T02:04:05-01:00"), Some(1767323045));
        assert_eq!(parse("2000-02-29T00:00:00Z"), Some(951782400));
        assert_eq!(parse("2024-02-29T00:00:00Z"), Some(1709164800));
        assert_eq!(parse("2026-12-31T23:59:59Z"), Some(1798761599));
        assert_eq!(parse("2026-04-30T00:00:00Z"), Some(1777507200));
        for bad in [
            "",
            "2026",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-01-32T00:00:00Z",
            "2026-02-31T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-06-31T00:00:00Z",
            "2026-09-31T00:00:00Z",
            "2026-11-31T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "2026-01-01T00:00:61Z",
            "2026-01-01X00:00:00Z",
            "２０２６-01-01T00:00:00Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00+1",
            "2026-01-01T00:00:00+24:00",
            "2026-01-01T00:00:00+01:60",
            "2026-01-01T00:00:00+-1:00",
            "2026-01-01T00:00:00Q",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    /// `format` writes what `parse` reads, for every day of four centuries
    /// (a whole Gregorian cycle: leap days and month ends included).
    #[test]
    fn format_and_parse_round_trip() {
        let day0 = parse("1900-01-01T00:00:00Z").unwrap() / 86400;
        let mut last = (0, 0, 0);
        for day in day0..day0 + 400 * 366 {
            // A different second of the day each day.
            let t = day * 86400 + (day * 7919).rem_euclid(86400);
            let text = format(t);
            assert_eq!(parse(&text), Some(t), "{text}");
            // Consecutive days are consecutive dates.
            let (y, m, d) = civil_from_days(day);
            if last != (0, 0, 0) {
                let next_month = d == 1 && (m == last.1 + 1 || (m == 1 && last.1 == 12));
                assert!(
                    (y, m, d) == (last.0, last.1, last.2 + 1) || next_month,
                    "{last:?} then {:?}",
                    (y, m, d)
                );
                if next_month {
                    assert_eq!(last.2, days_in_month(last.0, last.1), "{last:?}");
                }
            }
            last = (y, m, d);
        }
        assert_eq!(format(1767323045), "2026-01-02T03:04:05.000Z");
        assert_eq!(format(-1), "1969-12-31T23:59:59.000Z");
        assert_eq!(format(1798761599), "2026-12-31T23:59:59.000Z");
    }
}
