//! How the connection is made ([`network`]: the proxy and the CA roots), and
//! the plain-http rule ([`plain_http_rule`]: plain `http://` only when every
//! hop resolves to loopback addresses).

use std::net::IpAddr;
use std::time::Instant;

use super::{Config, Endpoint, Lookup, Network};
use crate::args::UsageError;
use crate::env::Env;
use crate::origin::is_loopback_ip;
use crate::proxy::{self, ProxyChoice};
use crate::tls;

/// The proxy and the roots.
pub(super) fn network(
    endpoint: &Endpoint,
    env: &Env,
    deadline: Instant,
) -> Result<Network, UsageError> {
    let o = &endpoint.origin;
    let proxy = proxy::choose(&o.scheme, &o.host, env)
        .map_err(|m| UsageError::with_hint(m, "fix or unset the proxy variable"))?;
    let roots = if o.scheme == "https" {
        tls::roots(env, deadline).map_err(|e| {
            UsageError::with_hint(
                format!("`{}`: {:#}", e.var, e.error),
                format!(
                    "point `{}` at PEM CA certificates, or unset it to use the built-in roots",
                    e.var
                ),
            )
        })?
    } else {
        None
    };
    Ok(Network { proxy, roots })
}

/// Plain `http://` is allowed only when every hop is loopback: the endpoint's
/// host (by the addresses it resolves to, not by its spelling), and the proxy
/// if one applies. `lookup` must be the run's resolver, whose answers are
/// pinned: the addresses judged here are the only ones ever connected to.
pub fn plain_http_rule(config: &Config, lookup: Lookup<'_>) -> Result<(), UsageError> {
    if config.asks_nothing() || config.endpoint.origin.scheme != "http" {
        return Ok(());
    }
    plain_http_allowed(&config.endpoint, config.network.proxy.as_ref(), lookup).map_err(|mut e| {
        e.endpoint = Some(config.endpoint.url.clone());
        e
    })
}

fn plain_http_allowed(
    endpoint: &Endpoint,
    proxy: Option<&ProxyChoice>,
    lookup: Lookup<'_>,
) -> Result<(), UsageError> {
    let o = &endpoint.origin;
    if let Some(why) = not_loopback(&o.host, lookup) {
        return Err(UsageError::with_hint(
            format!(
                "invalid endpoint `{}` (from `{}`): plain `http://` would send the token in clear to \
                 `{}`, which {why}; it is allowed only when every hop is loopback (127.0.0.0/8, `::1`)",
                endpoint.url, endpoint.from, o.host
            ),
            format!("use `https://{}`", &endpoint.url["http://".len()..]),
        ));
    }
    if let Some(p) = proxy
        && let Some(why) = not_loopback(&p.origin.host, lookup)
    {
        return Err(UsageError::with_hint(
            format!(
                "`{}` names the proxy `{}`, which {why}: with the plain `http://` endpoint `{}` the \
                 token would travel to it in clear",
                p.var, p.label, endpoint.url
            ),
            format!(
                "unset `{}` or add the endpoint's host to `NO_PROXY`, or use an https endpoint",
                p.var
            ),
        ));
    }
    Ok(())
}

/// Why `host` is not loopback (`None` when it is: an address in 127/8 or `::1`,
/// or a name every resolved address of which is). A name that could not be
/// resolved passes here: it has no address to connect to, and its pinned
/// failure (64 or 75) is what every request then reports.
fn not_loopback(host: &str, lookup: Lookup<'_>) -> Option<String> {
    if host.parse::<IpAddr>().is_ok() {
        return (!is_loopback_ip(host)).then(|| "is not a loopback address".to_string());
    }
    let addrs = lookup(host)?;
    if addrs.is_empty() {
        return Some("could not be resolved to check that it is loopback".to_string());
    }
    let outside: Vec<String> = addrs
        .iter()
        .filter(|a| !a.is_loopback())
        .map(IpAddr::to_string)
        .collect();
    (!outside.is_empty()).then(|| format!("resolves to {}", outside.join(", ")))
}
