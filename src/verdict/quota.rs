//! The Hub's API quota, as the `RateLimit` headers of its answers told it (the
//! fewest left): the line the whoami check carries, and the `quota-low`
//! warning. Neither ever changes the exit status.

use super::{Check, CheckKind, Code};
use crate::answer::Quota;

/// The default warning threshold without `--min-quota`: this share of the quota.
const DEFAULT_SHARE_PERCENT: u64 = 10;
/// The default threshold when the Hub sends no `RateLimit-Policy` (no quota).
const DEFAULT_WITHOUT_POLICY: u64 = 50;

/// `1000` -> `1,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `this 5-minute window`, `this 1-hour window`, `this window`.
fn window(q: &Quota) -> String {
    match q.window {
        Some(w) if w > 0 && w.is_multiple_of(3600) => format!("this {}-hour window", w / 3600),
        Some(w) if w > 0 && w.is_multiple_of(60) => format!("this {}-minute window", w / 60),
        Some(w) if w > 0 => format!("this {w}-second window"),
        _ => "this window".to_string(),
    }
}

/// `in 4 min`, `in 55 s`; `None` when the Hub did not say.
fn resets_in(q: &Quota) -> Option<String> {
    q.reset.map(|t| match t {
        0..60 => format!("in {t} s"),
        _ => format!("in {} min", t.saturating_add(30) / 60),
    })
}

/// `API quota: 988 of 1,000 left in this 5-minute window, resets in 5 min`,
/// when the Hub said how many requests remain.
pub(super) fn line(q: &Quota) -> Option<String> {
    let remaining = thousands(q.remaining?);
    let of = q
        .quota
        .map(|n| format!(" of {}", thousands(n)))
        .unwrap_or_default();
    let reset = resets_in(q)
        .map(|r| format!(", resets {r}"))
        .unwrap_or_default();
    Some(format!(
        "API quota: {remaining}{of} left in {}{reset}",
        window(q)
    ))
}

/// The threshold below which the remaining quota is low, and how it was set.
fn threshold(q: &Quota, min: Option<u64>) -> (u64, String) {
    match (min, q.quota) {
        (Some(n), _) => (n, format!("`--min-quota` {}", thousands(n))),
        (None, Some(total)) => {
            // Saturating: the headers are the server's word, `q` may be any u64.
            let n = total.saturating_mul(DEFAULT_SHARE_PERCENT) / 100;
            (
                n,
                format!(
                    "{}, {DEFAULT_SHARE_PERCENT}% of the quota; `--min-quota` sets it",
                    thousands(n)
                ),
            )
        }
        (None, None) => (
            DEFAULT_WITHOUT_POLICY,
            format!("{DEFAULT_WITHOUT_POLICY}; `--min-quota` sets it"),
        ),
    }
}

/// `quota-low` when fewer requests remain than `--min-quota` (or the default).
pub(super) fn low(q: &Quota, min: Option<u64>) -> Option<Check> {
    let remaining = q.remaining?;
    let (limit, how) = threshold(q, min);
    if remaining >= limit {
        return None;
    }
    let of = q
        .quota
        .map(|n| format!(" of {}", thousands(n)))
        .unwrap_or_default();
    let left = match remaining {
        0 => match q.quota {
            Some(n) => format!("none of the {} API requests is left", thousands(n)),
            None => "no API requests are left".to_string(),
        },
        1 => format!("only 1{of} API requests is left"),
        n => format!("only {}{of} API requests are left", thousands(n)),
    };
    let reset = resets_in(q);
    let when = reset
        .as_deref()
        .map(|r| format!("the window resets {r}"))
        .unwrap_or_else(|| "the window resets (the Hub did not say when)".to_string());
    let message = format!(
        "{left} in {} (below {how}): the job's own Hub calls may get 429 (rate-limited) \
         before {when}",
        window(q)
    );
    let hint = format!(
        "start Hub-heavy work after {when}, or spread out the jobs that share this quota; this \
         is a warning, the exit status is unchanged"
    );
    Some(Check::warn(CheckKind::Quota, Code::QuotaLow, message).hint(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(remaining: u64, reset: u64, quota: Option<u64>, window: Option<u64>) -> Quota {
        Quota {
            remaining: Some(remaining),
            reset: Some(reset),
            quota,
            window,
        }
    }

    #[test]
    fn the_line_says_what_is_left_and_when_it_resets() {
        assert_eq!(
            line(&q(988, 240, Some(1000), Some(300))).unwrap(),
            "API quota: 988 of 1,000 left in this 5-minute window, resets in 4 min"
        );
        assert_eq!(
            line(&q(12345, 30, None, None)).unwrap(),
            "API quota: 12,345 left in this window, resets in 30 s"
        );
        let no_remaining = Quota {
            quota: Some(1000),
            ..Quota::default()
        };
        assert_eq!(line(&no_remaining), None);
    }

    /// Header values are the server's word: any u64 is said, never an overflow.
    #[test]
    fn huge_header_values_do_not_overflow() {
        let max = u64::MAX;
        let huge = q(5, max, Some(max), Some(max));
        assert!(
            line(&huge)
                .unwrap()
                .starts_with("API quota: 5 of 18,446,744,073,709,551,615")
        );
        let c = low(&huge, None).unwrap();
        assert!(
            c.message.contains(
                "(below 184,467,440,737,095,516, 10% of the quota; `--min-quota` sets it)"
            ),
            "{}",
            c.message
        );
    }

    /// Below the threshold only: `--min-quota`, else 10% of the quota, else 50.
    #[test]
    fn low_below_the_threshold_only() {
        let rows = [
            (q(99, 60, Some(1000), Some(300)), None, true),
            (q(100, 60, Some(1000), Some(300)), None, false),
            (q(100, 60, Some(1000), Some(300)), Some(101), true),
            (q(5, 60, Some(1000), Some(300)), Some(5), false),
            (q(49, 60, None, None), None, true),
            (q(50, 60, None, None), None, false),
            (q(0, 55, Some(500), Some(300)), Some(0), false),
        ];
        for (quota, min, want) in rows {
            assert_eq!(low(&quota, min).is_some(), want, "{quota:?} {min:?}");
        }
        let c = low(&q(0, 55, Some(500), Some(300)), None).unwrap();
        assert_eq!(c.code, Some(Code::QuotaLow));
        assert_eq!(c.exit(), crate::exit::Exit::Ok);
        assert!(
            c.message
                .starts_with("none of the 500 API requests is left in this 5-minute window")
                && c.message.contains("may get 429")
                && c.message.contains("resets in 55 s"),
            "{}",
            c.message
        );
    }
}
