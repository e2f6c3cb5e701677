//! Arguments and environment turned into a validated [`Config`]: the endpoint,
//! the requirements, colour, OIDC, proxy and CA roots are all resolved here,
//! once, and used by the rest as they are.

use std::ffi::OsString;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::args::{Args, RawRequirement, UsageError};
use crate::env::Env;
use crate::origin::{Origin, Url, UrlError, is_loopback_ip};
use crate::proxy::{self, ProxyChoice};
use crate::repo::{self, RepoId};
use crate::tls::{self, Roots};

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

const DEFAULT_ENDPOINT: &str = crate::pages::PUBLIC_HUB;

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

/// A number of requests (`--min-quota 100`).
fn count_arg(flag: &str, value: Option<&str>) -> Result<Option<u64>, UsageError> {
    let Some(v) = value else { return Ok(None) };
    v.trim().parse::<u64>().map(Some).map_err(|_| {
        UsageError::with_hint(
            format!("`{flag}` needs a number of API requests, not `{v}`"),
            format!("e.g. `{flag} 100`: warn when fewer than 100 requests are left in the window"),
        )
    })
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

/// `--read`/`--write` values, then `HF_TOKEN_CHECK_READ`/`_WRITE` entries, parsed
/// against the endpoint; a repo named twice is kept once (write if either asks it).
fn requirements(
    mut raw: Vec<RawRequirement>,
    env: &Env,
    endpoint: &Endpoint,
) -> Result<Vec<Requirement>, UsageError> {
    for (var, write) in [
        ("HF_TOKEN_CHECK_READ", false),
        ("HF_TOKEN_CHECK_WRITE", true),
    ] {
        let Some(bytes) = env.bytes(var) else {
            continue;
        };
        let text = std::str::from_utf8(bytes)
            .map_err(|_| UsageError::new(format!("`{var}` is not UTF-8")))?;
        for entry in text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|e| !e.is_empty())
        {
            raw.push(RawRequirement {
                value: entry.to_string(),
                write,
                from: var,
            });
        }
    }
    let mut out: Vec<Requirement> = Vec::new();
    // Where each repo is in `out`: a run with thousands of REPOs merges them
    // in linear time (a scan per REPO took 50 ms at 3,000).
    let mut seen: std::collections::HashMap<RepoId, usize> = std::collections::HashMap::new();
    for r in raw {
        if crate::sanitize::looks_like_token(&r.value) {
            return Err(UsageError::with_hint(
                format!(
                    "a REPO in `{}` looks like a token, not a repo id; it was not sent anywhere",
                    r.from
                ),
                "pass the token as `HF_TOKEN`, and the repo as `namespace/name`",
            ));
        }
        let repo = repo::parse(&r.value, &endpoint.origin).map_err(|why| repo_error(&r, &why))?;
        match seen.get(&repo) {
            Some(&at) => out[at].write |= r.write,
            None => {
                seen.insert(repo.clone(), out.len());
                out.push(Requirement {
                    repo,
                    write: r.write,
                });
            }
        }
    }
    Ok(out)
}

/// The entries of a list variable (`HF_TOKEN_CHECK_READ` and its kin):
/// separated by commas or whitespace.
fn list_var<'e>(env: &'e Env, var: &str) -> Result<Vec<&'e str>, UsageError> {
    let Some(bytes) = env.bytes(var) else {
        return Ok(Vec::new());
    };
    let text =
        std::str::from_utf8(bytes).map_err(|_| UsageError::new(format!("`{var}` is not UTF-8")))?;
    Ok(text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|e| !e.is_empty())
        .collect())
}

/// `--jobs`, `--inference`, `--bill-to`, `--pr`, then their variables.
fn grants(args: &Args, env: &Env, endpoint: &Endpoint) -> Result<Grants, UsageError> {
    let mut g = Grants::default();
    let jobs = args.jobs.iter().map(|j| (j.as_str(), "--jobs"));
    let jobs_var = list_var(env, "HF_TOKEN_CHECK_JOBS")?;
    for (ns, from) in jobs.chain(jobs_var.into_iter().map(|j| (j, "HF_TOKEN_CHECK_JOBS"))) {
        let ns = namespace(ns, from)?;
        if !g.jobs.iter().any(|n| n.eq_ignore_ascii_case(&ns)) {
            g.jobs.push(ns);
        }
    }
    let bill_to = match &args.bill_to {
        Some(org) => Some(namespace(org, "--bill-to")?),
        None => match list_var(env, "HF_TOKEN_CHECK_BILL_TO")?.as_slice() {
            [] => None,
            [org] => Some(namespace(org, "HF_TOKEN_CHECK_BILL_TO")?),
            _ => return Err(UsageError::new("`HF_TOKEN_CHECK_BILL_TO` names one org")),
        },
    };
    g.inference = args.inference || bill_to.is_some() || inference_var(env)?;
    g.bill_to = bill_to;
    let pr = args.pr.iter().map(|p| (p.as_str(), "--pr"));
    let pr_var = list_var(env, "HF_TOKEN_CHECK_PR")?;
    for (value, from) in pr.chain(pr_var.into_iter().map(|p| (p, "HF_TOKEN_CHECK_PR"))) {
        let r = RawRequirement {
            value: value.to_string(),
            write: false,
            from,
        };
        if crate::sanitize::looks_like_token(value) {
            return Err(token_shaped(from));
        }
        let repo = repo::parse(value, &endpoint.origin).map_err(|why| repo_error(&r, &why))?;
        if repo.is_bucket() {
            return Err(UsageError::with_hint(
                format!(
                    "`{}` in `{from}` is a bucket, and buckets have no pull requests",
                    repo
                ),
                "give `--pr` a model, dataset or Space: `ns/name`, `datasets/ns/name`",
            ));
        }
        if !g.pr.contains(&repo) {
            g.pr.push(repo);
        }
    }
    Ok(g)
}

/// `HF_TOKEN_CHECK_INFERENCE`: `1`/`true` turn it on, `0`/`false`/empty leave it off.
fn inference_var(env: &Env) -> Result<bool, UsageError> {
    let Some(bytes) = env.bytes("HF_TOKEN_CHECK_INFERENCE") else {
        return Ok(false);
    };
    match String::from_utf8_lossy(bytes)
        .trim()
        .to_ascii_lowercase()
        .as_str()
    {
        "1" | "true" => Ok(true),
        "0" | "false" | "" => Ok(false),
        _ => Err(UsageError::with_hint(
            "`HF_TOKEN_CHECK_INFERENCE` takes `1` or `true` (or `0`, `false`)",
            "set `HF_TOKEN_CHECK_INFERENCE=1` to require Inference Providers",
        )),
    }
}

fn token_shaped(from: &str) -> UsageError {
    UsageError::with_hint(
        format!("a value in `{from}` looks like a token, not a name; it was not sent anywhere"),
        "pass the token as `HF_TOKEN`, and names as `namespace` or `namespace/name`",
    )
}

/// A user or org name (`--jobs NS`, `--bill-to ORG`): the characters the Hub allows.
fn namespace(value: &str, from: &'static str) -> Result<String, UsageError> {
    if crate::sanitize::looks_like_token(value) {
        return Err(token_shaped(from));
    }
    let ok = !value.is_empty()
        && value.len() <= 96
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !value.starts_with(['-', '.']);
    if ok {
        return Ok(value.to_string());
    }
    Err(UsageError::with_hint(
        format!(
            "invalid name `{}` in `{from}`: a user or org name is letters, digits, `-`, `_` and `.`",
            value.escape_debug()
        ),
        "give the namespace alone, e.g. `--jobs my-org`, `--bill-to my-org`",
    ))
}

fn repo_error(r: &RawRequirement, why: &str) -> UsageError {
    UsageError::with_hint(
        format!(
            "invalid REPO `{}` in `{}`: {why}",
            r.value.escape_debug(),
            r.from
        ),
        crate::suggest::repo_typo_hint(&r.value).unwrap_or_else(|| {
            "write REPO as `namespace/name`, `datasets/namespace/name` or `spaces/namespace/name` \
             (a bucket: `buckets/namespace/name`)"
                .to_string()
        }),
    )
}

fn timeout(arg: Option<&str>) -> Result<Duration, UsageError> {
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

fn duration_arg(flag: &str, arg: Option<&str>) -> Result<Option<u64>, UsageError> {
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

/// The proxy and the roots.
fn network(endpoint: &Endpoint, env: &Env, deadline: Instant) -> Result<Network, UsageError> {
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

#[cfg(test)]
mod tests;
