//! Numbers and durations: `--timeout` seconds, `--min-quota` requests,
//! `--min-validity` and `--max-age` durations (`90m`, `1h30m`, `4w`).

use std::time::Duration;

use crate::args::UsageError;

/// A number of requests (`--min-quota 100`).
pub(super) fn count_arg(flag: &str, value: Option<&str>) -> Result<Option<u64>, UsageError> {
    let Some(v) = value else { return Ok(None) };
    v.trim().parse::<u64>().map(Some).map_err(|_| {
        UsageError::with_hint(
            format!("`{flag}` needs a number of API requests, not `{v}`"),
            format!("e.g. `{flag} 100`: warn when fewer than 100 requests are left in the window"),
        )
    })
}

pub(super) fn timeout(arg: Option<&str>) -> Result<Duration, UsageError> {
    let Some(t) = arg else {
        return Ok(Duration::from_secs(30));
    };
    match t.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 86400.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(UsageError::new(format!(
            "`--timeout` takes a number of seconds above 0, got `{t}`"
        ))),
    }
}

pub(super) fn duration_arg(flag: &str, arg: Option<&str>) -> Result<Option<u64>, UsageError> {
    arg.map(|d| {
        parse_duration(d).ok_or_else(|| {
            let message = format!(
                "`{flag}` takes a duration such as `90m`, `2h`, `1d`, `4w` or `1h30m` (units \
                 `w`, `d`, `h`, `m`, `s`, each at most once, largest first), got `{d}`"
            );
            // `--min-validity "2 hours"`: the same hint as for `2 hours` unquoted.
            let spaced = d.trim().split_once(' ').and_then(|(n, unit)| {
                crate::suggest::stray_word_hint(
                    unit.trim(),
                    Some(&(flag, n.to_string())),
                    &crate::args::option_names(),
                )
            });
            match spaced {
                Some(hint) => UsageError::with_hint(message, hint),
                None => UsageError::new(message),
            }
        })
    })
    .transpose()
}

/// `90m`, `2h`, `1d`, `4w`, `1h30m`, `45s`, or plain seconds; each unit at
/// most once and largest first (`1h1h` and `5m2h` are refused, not summed).
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // Digits only: `u64::from_str` would take `+5` too.
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<u64>().ok();
    }
    let mut total: u64 = 0;
    let mut num = String::new();
    // Each unit at most once, largest first (`1h30m`; never `1h1h` or `5m2h`).
    let mut last_unit = u64::MAX;
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            'w' => 604800,
            _ => return None,
        };
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        let n: u64 = num.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        num.clear();
    }
    num.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Durations for `--min-validity` and `--max-age`.
    #[test]
    fn durations() {
        for (s, want) in [
            ("90m", Some(5400)),
            ("2h", Some(7200)),
            ("1d", Some(86400)),
            ("4w", Some(4 * 604800)),
            ("1h30m", Some(5400)),
            ("45", Some(45)),
            (
                "1w2d3h4m5s",
                Some(604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5),
            ),
            ("2h5s", Some(7205)),
            ("0m", Some(0)),
            ("5x", None),
            ("h", None),
            ("", None),
            ("1h1h", None),
            ("5m2h", None),
            ("30s1m", None),
            ("1d1w", None),
            ("1h30", None),
            ("1h 30m", None),
            ("-5m", None),
            ("+5", None),
            ("+5m", None),
            ("99999999999999999999", None),
            ("99999999999999999999s", None),
            ("40000000000000w", None),
        ] {
            assert_eq!(parse_duration(s), want, "{s}");
        }
    }
}
