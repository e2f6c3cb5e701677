//! The wait and the quota an answer's headers tell: `Retry-After`, and the
//! `RateLimit` / `RateLimit-Policy` structured headers' `"api"` item.

/// The wait an answer asks for, in seconds: `Retry-After` (seconds), else what
/// its `RateLimit` header says ([`ratelimit_wait`]). A wait of more than a day
/// is no wait the run could honour: ignored.
pub(super) fn retry_after(header: &dyn Fn(&str) -> Option<String>) -> Option<u64> {
    header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .or_else(|| header("ratelimit").and_then(|v| ratelimit_wait(&v)))
        .filter(|s| *s <= 86_400)
}

/// The wait a `RateLimit: "api";r=0;t=55` header asks for: `t` seconds, only when
/// nothing remains (`r=0`). The Hub sends the header on every answer; with
/// requests left, `t` is only when the window resets, not a wait.
pub fn ratelimit_wait(value: &str) -> Option<u64> {
    ratelimit(value).and_then(|(remaining, reset)| (remaining == 0).then_some(reset).flatten())
}

/// The parameters of the `"api"` item of a structured header such as
/// `"api";r=988;t=240` (an item without a name counts as `"api"`; other
/// items, such as another quota's, are left alone).
fn api_item(value: &str) -> Option<Vec<(&str, u64)>> {
    value.split(',').find_map(|item| {
        let parts: Vec<&str> = item.split(';').map(str::trim).collect();
        let names: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| p.starts_with('"'))
            .collect();
        if !names.is_empty() && !names.contains(&"\"api\"") {
            return None;
        }
        let params: Vec<(&str, u64)> = parts
            .iter()
            .filter_map(|p| p.split_once('='))
            .filter_map(|(k, v)| Some((k.trim(), v.trim().parse::<u64>().ok()?)))
            .collect();
        (!params.is_empty()).then_some(params)
    })
}

/// `RateLimit: "api";r=<remaining>;t=<seconds to reset>` -> `(remaining, reset)`.
pub fn ratelimit(value: &str) -> Option<(u64, Option<u64>)> {
    let params = api_item(value)?;
    let get = |k: &str| params.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    Some((get("r")?, get("t")))
}

/// `RateLimit-Policy: "fixed window";"api";q=<quota>;w=<window seconds>` -> `(quota, window)`.
pub fn ratelimit_policy(value: &str) -> Option<(Option<u64>, Option<u64>)> {
    let params = api_item(value)?;
    let get = |k: &str| params.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    let (q, w) = (get("q"), get("w"));
    (q.is_some() || w.is_some()).then_some((q, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `t=` is a wait only when nothing remains (`r=0`): the Hub sends the header on every answer.
    #[test]
    fn ratelimit_header() {
        assert_eq!(ratelimit_wait("\"api\";r=0;t=55"), Some(55));
        assert_eq!(ratelimit_wait("\"api\";r=499;t=295"), None);
        assert_eq!(ratelimit_wait("\"api\";r=0"), None);
        assert_eq!(ratelimit_wait("\"api\";t=55"), None);
        assert_eq!(ratelimit_wait("garbage"), None);
    }

    /// The quota headers as the Hub sends them; another quota's item is not the API's.
    #[test]
    fn quota_headers() {
        assert_eq!(ratelimit("\"api\";r=988;t=240"), Some((988, Some(240))));
        assert_eq!(ratelimit("\"api\";r=0"), Some((0, None)));
        assert_eq!(
            ratelimit("\"pages\";r=3;t=9, \"api\";r=7;t=1"),
            Some((7, Some(1)))
        );
        assert_eq!(ratelimit("\"pages\";r=3;t=9"), None);
        assert_eq!(ratelimit("\"api\";t=55"), None);
        assert_eq!(ratelimit("garbage"), None);
        assert_eq!(
            ratelimit_policy("\"fixed window\";\"api\";q=1000;w=300"),
            Some((Some(1000), Some(300)))
        );
        assert_eq!(ratelimit_policy("\"fixed window\";\"pages\";q=1;w=2"), None);
        assert_eq!(ratelimit_policy("\"fixed window\";\"api\""), None);
    }
}
