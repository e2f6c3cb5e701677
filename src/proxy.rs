//! Proxy choice, as curl and huggingface_hub's client make it: by the URL's
//! scheme, with `ALL_PROXY` as the fallback and `NO_PROXY` matched as curl does.

use std::fmt;

use crate::env::Env;
use crate::origin::{Origin, Url};

/// A proxy to use, parsed once from the environment into what ureq takes.
/// Its credentials are inside `proxy` only; `Debug` shows the label.
#[derive(Clone)]
pub struct ProxyChoice {
    /// The variable it came from.
    pub var: &'static str,
    /// `http://host:port`, without credentials: safe to print.
    pub label: String,
    /// The proxy's scheme, host and port (for the loopback rule).
    pub origin: Origin,
    /// What ureq takes.
    pub proxy: ureq::Proxy,
}

impl fmt::Debug for ProxyChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProxyChoice({} from {})", self.label, self.var)
    }
}

impl PartialEq for ProxyChoice {
    fn eq(&self, other: &Self) -> bool {
        (self.var, &self.label) == (other.var, &other.label)
    }
}

fn get<'a>(env: &'a Env, names: &[&'static str]) -> Option<(&'static str, &'a str)> {
    names.iter().find_map(|n| {
        env.str(n)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| (*n, v))
    })
}

/// The proxy for a request to `scheme://host`, or `None` for a direct connection.
/// `Err` for a value that can't be used: never a silent direct connection.
pub fn choose(scheme: &str, host: &str, env: &Env) -> Result<Option<ProxyChoice>, String> {
    if let Some((_, no_proxy)) = get(env, &["no_proxy", "NO_PROXY"])
        && no_proxy_matches(no_proxy, host)
    {
        return Ok(None);
    }
    let by_scheme: &[&'static str] = if scheme == "https" {
        &["https_proxy", "HTTPS_PROXY"]
    } else {
        &["http_proxy", "HTTP_PROXY"]
    };
    let Some((var, value)) = get(env, by_scheme).or_else(|| get(env, &["all_proxy", "ALL_PROXY"]))
    else {
        return Ok(None);
    };
    parse_proxy(var, value).map(Some)
}

fn parse_proxy(var: &'static str, value: &str) -> Result<ProxyChoice, String> {
    // A proxy written without a scheme is `http://` (curl and httpx alike).
    let text = if value.contains("://") {
        value.to_string()
    } else {
        format!("http://{value}")
    };
    // The value is not quoted: it may hold the proxy's password.
    let unusable = |why: &str| {
        format!("`{var}` is not a usable proxy URL: {why} (expected `http://host:port`)")
    };
    let url = Url::parse(&text).map_err(|e| unusable(&e.describe()))?;
    let scheme = url.origin.scheme.clone();
    match scheme.as_str() {
        "http" | "https" => {}
        s if s.starts_with("socks") => {
            return Err(format!(
                "`{var}` names a `{s}://` proxy, which hf-token-check does not support; use an HTTP \
                 (CONNECT) proxy, or unset `{var}` to connect directly"
            ));
        }
        s => {
            return Err(format!(
                "`{var}` has the proxy scheme `{s}://`; only `http://` and `https://` are supported"
            ));
        }
    }
    let mut origin = url.origin;
    if origin.host.parse::<std::net::IpAddr>().is_err()
        && let Some(why) = crate::resolve::host_name_problem(&origin.host)
    {
        // Refused before any lookup: a token pasted into the wrong variable
        // would otherwise go to the DNS server, in clear. Never shown.
        if crate::sanitize::looks_like_token(&origin.host) {
            return Err(format!(
                "`{var}` looks like it holds a token, not a proxy URL (`http://host:port`); it was \
                 not looked up or used, and is not shown (the token belongs in `HF_TOKEN`)"
            ));
        }
        return Err(format!(
            "`{var}` is not a usable proxy URL: its host is not a valid host name ({why}); \
             it was not looked up or used, and is not shown"
        ));
    }
    // curl's default for a proxy without a port is 1080; httpx takes the scheme's.
    // The scheme's default is what the job's Python client would use.
    origin.port = Some(origin.port_or_default());
    let creds = url.userinfo.map(|u| format!("{u}@")).unwrap_or_default();
    let proxy = ureq::Proxy::new(&format!("{scheme}://{creds}{}", origin.authority()))
        .map_err(|_| unusable("the HTTP client refused it"))?;
    Ok(ProxyChoice {
        var,
        label: origin.url(),
        origin,
        proxy,
    })
}

/// curl's `NO_PROXY` rules: comma separated, trimmed, `*` for all, a domain
/// matches itself and its subdomains (leading dot or not), IP literals match
/// exactly, ports are ignored.
pub fn no_proxy_matches(no_proxy: &str, host: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase();
    no_proxy
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            let entry = entry.to_ascii_lowercase();
            let entry = if entry.starts_with('[') {
                entry
                    .trim_start_matches('[')
                    .split(']')
                    .next()
                    .unwrap_or("")
                    .to_string()
            } else if entry.matches(':').count() == 1 {
                entry.split(':').next().unwrap_or("").to_string()
            } else {
                entry
            };
            let entry = entry
                .trim_start_matches("*.")
                .trim_start_matches('.')
                .trim_end_matches('.');
            if entry.is_empty() {
                return false;
            }
            if let Some((net, bits)) = entry.split_once('/') {
                return cidr_contains(net, bits, &host);
            }
            host == entry || host.ends_with(&format!(".{entry}"))
        })
}

fn cidr_contains(net: &str, bits: &str, host: &str) -> bool {
    use std::net::IpAddr;
    let (Ok(net), Ok(bits), Ok(ip)) = (
        net.parse::<IpAddr>(),
        bits.parse::<u32>(),
        host.parse::<IpAddr>(),
    ) else {
        return false;
    };
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(i)) if bits <= 32 => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(n) & mask == u32::from(i) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(i)) if bits <= 128 => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            u128::from(n) & mask == u128::from(i) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_strs(pairs)
    }

    /// The proxy is chosen by the URL's scheme, lower case first, `ALL_PROXY` last.
    #[test]
    fn choice_by_scheme() {
        let e = env(&[
            ("HTTPS_PROXY", "http://sec:3128"),
            ("HTTP_PROXY", "http://plain:3128"),
            ("ALL_PROXY", "http://all:1"),
        ]);
        assert_eq!(
            choose("https", "huggingface.co", &e)
                .unwrap()
                .unwrap()
                .label,
            "http://sec:3128"
        );
        assert_eq!(
            choose("http", "huggingface.co", &e).unwrap().unwrap().label,
            "http://plain:3128"
        );
        let e = env(&[("ALL_PROXY", "proxy.corp:8080")]);
        let p = choose("https", "huggingface.co", &e).unwrap().unwrap();
        assert_eq!(
            (p.var, p.label.as_str()),
            ("ALL_PROXY", "http://proxy.corp:8080")
        );
        let e = env(&[
            ("https_proxy", "http://lower:1"),
            ("HTTPS_PROXY", "http://upper:2"),
        ]);
        assert_eq!(
            choose("https", "h", &e).unwrap().unwrap().label,
            "http://lower:1"
        );
        assert_eq!(
            choose("https", "h", &env(&[("HTTPS_PROXY", "  ")])).unwrap(),
            None
        );
    }

    /// A proxy password never shows in the label or in `{:?}`.
    #[test]
    fn credentials_never_in_the_label() {
        let p = choose(
            "https",
            "h",
            &env(&[("HTTPS_PROXY", "http://user:s3cret@proxy:3128/")]),
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.label, "http://proxy:3128");
        assert!(!format!("{p:?}").contains("s3cret"), "{p:?}");
    }

    /// A proxy value that cannot be used is an error naming the variable, never a direct connection.
    #[test]
    fn unusable_values_are_errors() {
        for v in [
            "socks5://p:1080",
            "socks5h://p:1",
            "ftp://p:21",
            "http://",
            "http://p:notaport",
            "http://p q:1",
        ] {
            let err = choose("https", "h", &env(&[("HTTPS_PROXY", v)])).expect_err(v);
            assert!(err.contains("HTTPS_PROXY"), "{v}: {err}");
        }
    }

    /// A proxy's parse error says what is wrong, in the words the endpoint's
    /// errors use, and never quotes the value (it may hold a password).
    #[test]
    fn unusable_values_say_why() {
        let usable = |why: &str| {
            format!("`HTTPS_PROXY` is not a usable proxy URL: {why} (expected `http://host:port`)")
        };
        let rows = [
            ("http://", usable("it has no host")),
            ("http://:3128", usable("it has no host")),
            (
                "http://p:notaport",
                usable("the port is not a number from 1 to 65535"),
            ),
            (
                "http://user:pw@p:99999",
                usable("the port is not a number from 1 to 65535"),
            ),
            ("http://p:0", usable("the port is 0")),
            ("http://user:pw@p:0", usable("the port is 0")),
            (
                "http://p q:1",
                usable("it is not a URL (invalid uri character)"),
            ),
            (
                "http://p%x:1",
                usable(
                    "its host is not a valid host name (it holds a character a host name cannot \
                     hold)",
                ),
            ),
            (
                "http://p!x:1",
                "`HTTPS_PROXY` is not a usable proxy URL: its host is not a valid host name (it \
                 holds a character a host name cannot hold); it was not looked up or used, and is \
                 not shown"
                    .to_string(),
            ),
            (
                "ftp://p:21",
                "`HTTPS_PROXY` has the proxy scheme `ftp://`; only `http://` and `https://` are \
                 supported"
                    .to_string(),
            ),
            (
                "socks5://p:1080",
                "`HTTPS_PROXY` names a `socks5://` proxy, which hf-token-check does not support; \
                 use an HTTP (CONNECT) proxy, or unset `HTTPS_PROXY` to connect directly"
                    .to_string(),
            ),
            (
                "SOCKS5H://user:pw@p:1",
                "`HTTPS_PROXY` names a `socks5h://` proxy, which hf-token-check does not support; \
                 use an HTTP (CONNECT) proxy, or unset `HTTPS_PROXY` to connect directly"
                    .to_string(),
            ),
            (
                "hf_pwAbCdEfGhIjKlMnOpQrStUvWxYz0123",
                "`HTTPS_PROXY` looks like it holds a token, not a proxy URL (`http://host:port`); \
                 it was not looked up or used, and is not shown (the token belongs in `HF_TOKEN`)"
                    .to_string(),
            ),
        ];
        for (v, want) in rows {
            let err = choose("https", "h", &env(&[("HTTPS_PROXY", v)])).expect_err(v);
            assert_eq!(err, want, "{v}");
            assert!(!err.contains("pw"), "{v}: {err}");
        }
    }

    /// `NO_PROXY` matches as curl matches it.
    #[test]
    fn no_proxy_table() {
        let rows = [
            ("*", "huggingface.co", true),
            ("huggingface.co", "huggingface.co", true),
            (".huggingface.co", "huggingface.co", true),
            ("huggingface.co", "cdn.huggingface.co", true),
            (".huggingface.co", "cdn.huggingface.co", true),
            ("face.co", "huggingface.co", false),
            ("a.com, huggingface.co", "huggingface.co", true),
            ("a.com,  huggingface.co  ", "huggingface.co", true),
            ("huggingface.co:443", "huggingface.co", true),
            ("127.0.0.1", "127.0.0.1", true),
            ("127.0.0.1:8080", "127.0.0.1", true),
            ("127.0.0.2", "127.0.0.1", false),
            ("127.0.0.0/8", "127.0.0.1", true),
            ("::1", "::1", true),
            ("[::1]:80", "[::1]", true),
            ("localhost", "127.0.0.1", false),
            ("", "huggingface.co", false),
            ("HuggingFace.CO", "huggingface.co", true),
        ];
        for (np, host, want) in rows {
            assert_eq!(no_proxy_matches(np, host), want, "{np:?} {host}");
        }
        let e = env(&[
            ("HTTPS_PROXY", "http://p:1"),
            ("NO_PROXY", "x.org, .huggingface.co"),
        ]);
        assert_eq!(choose("https", "huggingface.co", &e).unwrap(), None);
    }
}
