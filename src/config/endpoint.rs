//! The endpoint: `--endpoint`, else `HF_ENDPOINT`, else the public Hub,
//! validated once (a plain base URL, no credentials, a valid host name, never
//! a token pasted in the wrong place).

use std::net::IpAddr;

use super::Endpoint;
use crate::args::UsageError;
use crate::env::Env;
use crate::origin::{Origin, Url, UrlError};

const DEFAULT_ENDPOINT: &str = crate::pages::PUBLIC_HUB;

/// `--endpoint`, else a non-blank `HF_ENDPOINT`, else the default. Only the one
/// in force is validated: a bad `HF_ENDPOINT` under a good `--endpoint` is ignored.
pub fn endpoint(flag: Option<&str>, env: &Env) -> Result<Endpoint, UsageError> {
    match flag {
        Some(e) => parse_endpoint(e, "--endpoint"),
        None => match env.str("HF_ENDPOINT").filter(|e| !e.trim().is_empty()) {
            Some(e) => parse_endpoint(e, "HF_ENDPOINT"),
            None => parse_endpoint(DEFAULT_ENDPOINT, "the default endpoint"),
        },
    }
}

/// Validates an endpoint: `https://`, or `http://` for loopback only (see [`network`]).
pub fn parse_endpoint(raw: &str, from: &'static str) -> Result<Endpoint, UsageError> {
    let bad = |why: &str| {
        UsageError::with_hint(
            format!(
                "invalid endpoint `{}` (from `{from}`): {why}",
                crate::sanitize::strip_userinfo(raw).escape_debug()
            ),
            "use the Hub's base URL, e.g. `https://huggingface.co`",
        )
    };
    if crate::sanitize::looks_like_token(raw) {
        return Err(UsageError::with_hint(
            format!("`{from}` looks like a token, not the Hub's URL; it was not used"),
            "set `HF_ENDPOINT` to the Hub's base URL (or leave it unset), and the token in `HF_TOKEN`",
        ));
    }
    let t = raw.trim();
    if t.contains(['?', '#']) || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad(
            "it must be a plain base URL (no query, fragment or spaces)",
        ));
    }
    let url = Url::parse(t).map_err(|e| match e {
        // A character no URL holds: like a bad host name, never shown (it
        // may be a secret pasted in the wrong place).
        e @ (UrlError::Syntax(_) | UrlError::Host) => UsageError::with_hint(
            format!(
                "invalid endpoint (from `{from}`): {}; it was not looked up or sent anywhere, \
                 and is not shown",
                e.describe()
            ),
            "use the Hub's base URL, e.g. `https://huggingface.co`",
        ),
        e => bad(&e.describe()),
    })?;
    let Url {
        origin,
        userinfo,
        path,
        ..
    } = url;
    if origin.scheme != "https" && origin.scheme != "http" {
        return Err(bad(&format!(
            "the scheme `{}://` is not `https://`",
            origin.scheme
        )));
    }
    if userinfo.is_some() {
        return Err(bad(
            "it contains credentials (`user@`); the token is sent separately",
        ));
    }
    valid_host(&origin, from)?;
    let path = path.trim_end_matches('/');
    Ok(Endpoint {
        url: format!("{}{path}", origin.url()),
        origin,
        from,
    })
}

/// A host name the resolver would refuse is refused here, naming `from`:
/// never looked up, never shown (it may be a secret pasted in the wrong place).
fn valid_host(origin: &Origin, from: &str) -> Result<(), UsageError> {
    if origin.host.parse::<IpAddr>().is_ok() {
        return Ok(());
    }
    match crate::resolve::host_name_problem(&origin.host) {
        None => Ok(()),
        Some(why) => Err(UsageError::with_hint(
            format!(
                "invalid endpoint (from `{from}`): its host is not a valid host name ({why}); \
                 it was not looked up or sent anywhere, and is not shown"
            ),
            "use the Hub's base URL, e.g. `https://huggingface.co`",
        )),
    }
}
