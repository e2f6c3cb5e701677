//! Arguments and environment turned into a validated [`Config`]: the endpoint,
//! the requirements, colour, OIDC, proxy and CA roots are all resolved here,
//! once, and used by the rest as they are.
//!
//! The types and [`resolve`] are here; one idea per file of `config/`:
//! - `endpoint`: [`endpoint`], [`parse_endpoint`] (the Hub's base URL, validated);
//! - `requirements`: `--read`/`--write` REPOs, and the grants `--jobs`,
//!   `--inference`/`--bill-to`, `--pr` (with their variables);
//! - `numbers`: `--timeout`, `--min-quota`, durations ([`parse_duration`]);
//! - `network`: the proxy and CA roots, and [`plain_http_rule`].
//!
//! The table tests of the whole configuration are in `config/tests.rs`.

use std::ffi::OsString;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::args::{Args, UsageError};
use crate::env::Env;
use crate::origin::Origin;
use crate::proxy::ProxyChoice;
use crate::repo::RepoId;
use crate::tls::Roots;

mod endpoint;
mod network;
mod numbers;
mod requirements;

pub use endpoint::endpoint;
#[cfg(test)]
pub use endpoint::parse_endpoint;
use network::network;
pub use network::plain_http_rule;
#[cfg(test)]
pub use numbers::parse_duration;
use numbers::{count_arg, duration_arg, timeout};
use requirements::{grants, requirements};

/// The Hub's base URL, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Without a trailing `/`.
    pub url: String,
    pub origin: Origin,
    /// `--endpoint`, `HF_ENDPOINT` or the default, for messages.
    pub from: &'static str,
}

/// One requirement: read or write access to a repo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub repo: RepoId,
    pub write: bool,
}

/// Requirements decided from the token's own grants, not by a request:
/// `--jobs`, `--inference`/`--bill-to`, `--pr` (and their variables).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grants {
    /// Namespaces where the job runs Hugging Face Jobs, each once.
    pub jobs: Vec<String>,
    /// The job calls Inference Providers (also set by `bill_to`).
    pub inference: bool,
    /// The org Inference Providers are billed to (`bill_to=`).
    pub bill_to: Option<String>,
    /// Repos the job opens pull requests or discussions on, each once.
    pub pr: Vec<RepoId>,
}

/// How the connection is made: through which proxy, trusting which roots.
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub proxy: Option<ProxyChoice>,
    /// `None`: the built-in roots.
    pub roots: Option<Roots>,
}

/// Where and how the report goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub color: bool,
    /// The terminal's width when stderr is one (the report wraps to it); `None` in logs.
    pub width: Option<usize>,
    /// The terminal can redraw a line (`\r` and erase to its end): not `TERM=dumb`.
    pub redraw: bool,
    pub json: bool,
    pub json_file: Option<PathBuf>,
    pub quiet: bool,
    pub warn_only: bool,
    pub github_actions: bool,
    pub step_summary: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub endpoint: Endpoint,
    pub requirements: Vec<Requirement>,
    pub grants: Grants,
    pub output: Output,
    pub offline: bool,
    /// `--rank0-only` in a process whose rank is not 0: the variable that says
    /// so (`RANK` or `LOCAL_RANK`). Like offline mode, nothing is asked.
    pub rank: Option<&'static str>,
    pub allow_missing_token: bool,
    pub timeout: Duration,
    /// When the run must be over (`--timeout` from the start): bounds the
    /// network phase and every local read and write too.
    pub deadline: Instant,
    /// `--min-validity`, in seconds.
    pub min_validity: Option<u64>,
    /// `--max-age`, in seconds.
    pub max_age: Option<u64>,
    /// `--min-quota`: warn when fewer API requests are left.
    pub min_quota: Option<u64>,
    /// The files scanned for hardcoded tokens besides COMMAND's script
    /// (`--scan PATH`); `None` with `--no-scan`, which turns every scan off.
    pub scan: Option<Vec<PathBuf>>,
    /// The command after `--`, run when every check passes.
    pub command: Option<Vec<OsString>>,
    pub network: Network,
    /// `HF_OIDC_RESOURCE` is set: huggingface_hub exchanges an OIDC token first.
    pub oidc: bool,
    /// `JOB_ID`: the check runs inside a Hugging Face Job (its value as set).
    pub job: Option<String>,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Parsed {
    Help,
    /// `-h`: the short usage.
    ShortHelp,
    Version,
    Explain(String),
    Run(Box<Config>),
}

/// Name lookups for the plain-http rule: the addresses a name resolves to, by
/// the run's one resolver (pinned: what it says here is what every connection
/// uses), or `None` when it could not resolve it (the same failure then ends
/// every request before any connection, and the report says which).
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<Vec<IpAddr>>;

/// Colour on stderr: `NO_COLOR` (non-empty) wins, then `FORCE_COLOR` (non-empty),
/// then a terminal that is not `TERM=dumb`.
pub fn color(env: &Env, stderr_is_tty: bool) -> bool {
    if env.bytes("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if env.bytes("FORCE_COLOR").is_some_and(|v| !v.is_empty()) {
        return true;
    }
    stderr_is_tty && env.str("TERM") != Some("dumb")
}

/// Resolves the arguments against the environment. Looks nothing up: the
/// plain-http rule ([`plain_http_rule`]) runs once the run's resolver exists.
pub fn resolve(args: Args, env: &Env, stderr_is_tty: bool) -> Result<Parsed, UsageError> {
    if let Some(early) = no_check(&args) {
        return Ok(early);
    }
    let endpoint = endpoint(args.endpoint.as_deref(), env)?;
    let url = endpoint.url.clone();
    let with_endpoint = |mut e: UsageError| {
        e.endpoint = Some(url.clone());
        e
    };
    let timeout = timeout(args.timeout.as_deref()).map_err(with_endpoint)?;
    let deadline = Instant::now() + timeout;
    let grants = grants(&args, env, &endpoint).map_err(with_endpoint)?;
    let config = Config {
        requirements: requirements(args.requirements, env, &endpoint).map_err(with_endpoint)?,
        grants,
        offline: args.offline || offline(env),
        rank: if args.rank0_only { rank(env) } else { None },
        allow_missing_token: args.allow_missing_token,
        timeout,
        deadline,
        min_validity: duration_arg("--min-validity", args.min_validity.as_deref())
            .map_err(with_endpoint)?,
        max_age: duration_arg("--max-age", args.max_age.as_deref()).map_err(with_endpoint)?,
        min_quota: count_arg("--min-quota", args.min_quota.as_deref()).map_err(with_endpoint)?,
        scan: (!args.no_scan).then(|| args.scan.iter().map(PathBuf::from).collect()),
        output: Output {
            color: color(env, stderr_is_tty),
            width: stderr_is_tty.then(|| crate::env::terminal_width(env)),
            redraw: stderr_is_tty && env.str("TERM") != Some("dumb"),
            json: args.json,
            json_file: args.json_file.map(PathBuf::from),
            quiet: args.quiet,
            warn_only: args.warn_only,
            ..ci_output(env)
        },
        command: args.command,
        network: Network::default(),
        oidc: env.non_empty("HF_OIDC_RESOURCE").is_some(),
        job: env.non_empty("JOB_ID").map(str::to_string),
        endpoint,
    };
    let network = if config.asks_nothing() {
        Network::default()
    } else {
        network(&config.endpoint, env, deadline).map_err(with_endpoint)?
    };
    Ok(Parsed::Run(Box::new(Config { network, ..config })))
}

impl Config {
    /// Offline mode, or a rank other than 0 under `--rank0-only`: no request.
    pub fn asks_nothing(&self) -> bool {
        self.offline || self.rank.is_some()
    }

    /// The host names this run may look up (the endpoint's, a proxy's): IP
    /// literals left out.
    pub fn names(&self) -> Vec<&str> {
        let mut names = vec![self.endpoint.origin.host.as_str()];
        if let Some(p) = &self.network.proxy {
            names.push(p.origin.host.as_str());
        }
        names.retain(|h| h.parse::<IpAddr>().is_err());
        names
    }
}

/// `--help`, `-h`, `--version` and `--explain`: answered without a check.
fn no_check(args: &Args) -> Option<Parsed> {
    if args.help {
        Some(Parsed::Help)
    } else if args.short_help {
        Some(Parsed::ShortHelp)
    } else if args.version {
        Some(Parsed::Version)
    } else {
        args.explain.clone().map(Parsed::Explain)
    }
}

/// GitHub Actions' annotations and step summary, from its variables.
fn ci_output(env: &Env) -> Output {
    Output {
        github_actions: env.str("GITHUB_ACTIONS") == Some("true"),
        step_summary: env
            .bytes("GITHUB_STEP_SUMMARY")
            .filter(|p| !p.is_empty())
            .map(crate::env::path_from_bytes),
        ..Output::default()
    }
}

/// As huggingface_hub: `HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE`, then 1/ON/YES/TRUE.
fn offline(env: &Env) -> bool {
    env.non_empty("HF_HUB_OFFLINE")
        .or_else(|| env.str("TRANSFORMERS_OFFLINE"))
        .is_some_and(|v| matches!(v.to_ascii_uppercase().as_str(), "1" | "ON" | "YES" | "TRUE"))
}

/// As torchrun and accelerate set them: `RANK` (the global rank), else
/// `LOCAL_RANK`; the first one set decides. A value that is not 0 (or not a
/// number) names the variable: that process is not rank 0.
fn rank(env: &Env) -> Option<&'static str> {
    for name in ["RANK", "LOCAL_RANK"] {
        if let Some(v) = env.str(name).map(str::trim).filter(|v| !v.is_empty()) {
            return (v.parse::<i64>() != Ok(0)).then_some(name);
        }
    }
    None
}

#[cfg(test)]
mod tests;
