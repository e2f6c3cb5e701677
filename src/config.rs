//! Command line and environment, read once and turned into a validated [`Config`].
//! This is the only module that reads `std::env`.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use crate::proxy::{self, ProxyChoice};
use crate::repo::{self, Origin, RepoId};

/// A snapshot of the environment. Values are bytes: a token need not be UTF-8.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: BTreeMap<String, Vec<u8>>,
}

impl Env {
    pub fn from_process() -> Env {
        // On Unix the encoded bytes are the value's own bytes; on Windows, WTF-8.
        Env::from_pairs(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_encoded_bytes()))),
        )
    }

    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, Vec<u8>)>) -> Env {
        Env {
            vars: pairs.into_iter().collect(),
        }
    }

    /// From `(name, value)` text pairs (tests and tools).
    pub fn from_strs(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec())),
        )
    }

    pub fn bytes(&self, name: &str) -> Option<&[u8]> {
        self.vars.get(name).map(Vec::as_slice)
    }

    /// The value when it is set and UTF-8.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.bytes(name).and_then(|b| std::str::from_utf8(b).ok())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

/// The Hub's base URL, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Without a trailing `/`.
    pub url: String,
    pub scheme: String,
    pub host: String,
    pub port: Option<u16>,
}

impl Endpoint {
    pub fn origin(&self) -> Origin<'_> {
        Origin {
            scheme: &self.scheme,
            host: &self.host,
            port: self.port,
        }
    }

    /// `host` or `host:port`, for messages.
    pub fn authority(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        match self.port {
            Some(p) => format!("{host}:{p}"),
            None => host,
        }
    }

    pub fn port_or_default(&self) -> u16 {
        self.port
            .unwrap_or(if self.scheme == "https" { 443 } else { 80 })
    }
}

/// One requirement: read or write access to a repo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub repo: RepoId,
    pub write: bool,
}

/// Network settings read from the environment.
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub proxy: Option<ProxyChoice>,
    /// PEM certificates from `SSL_CERT_FILE` / `SSL_CERT_DIR`, in DER; `None` for the built-in roots.
    pub roots: Option<Vec<Vec<u8>>>,
    /// Which variables the roots came from, for messages.
    pub roots_from: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub endpoint: Endpoint,
    pub requirements: Vec<Requirement>,
    pub json: bool,
    pub offline: bool,
    pub quiet: bool,
    pub warn_only: bool,
    pub timeout: Duration,
    /// `--min-validity`, in seconds.
    pub min_validity: Option<u64>,
    /// The command after `--`, run when every check passes.
    pub command: Option<Vec<OsString>>,
    pub color: bool,
    pub github_actions: bool,
    pub step_summary: Option<PathBuf>,
    pub network: Network,
}

pub enum Parsed {
    Help,
    Version,
    Run(Box<Config>),
}

/// A usage or configuration error (exit 64), with an optional hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    pub message: String,
    pub hint: Option<String>,
}

fn usage(message: impl Into<String>) -> UsageError {
    UsageError {
        message: message.into(),
        hint: Some("see `hf-token-check --help`".to_string()),
    }
}

pub const HELP: &str = "\
hf-token-check: check, before a job runs, that its Hugging Face token is present,
well formed, accepted by the Hub, and can read or write the repos the job needs

USAGE:
    hf-token-check [OPTIONS] [-- COMMAND [ARGS...]]

OPTIONS:
    --read REPO             require read access to REPO (repeatable)
    --write REPO            require write access to REPO (repeatable; implies read)
    --endpoint URL          Hub base URL (default: $HF_ENDPOINT, else https://huggingface.co)
    --json                  write the report as one JSON object on stdout
    --offline               check presence and format only (also when HF_HUB_OFFLINE is 1/ON/YES/TRUE)
    --timeout SECS          bound the whole run, retries included (default: 30)
    --min-validity DURATION fail when the token expires sooner (e.g. 90m, 2h, 1d)
    --quiet                 print nothing when every check passes
    --warn-only             report failures as warnings, then exit 0 (or run COMMAND)
    -h, --help              print this help
    -V, --version           print the version

    -- COMMAND [ARGS...]    when every check passes, replace this process with COMMAND

REPO is `ns/name` (a model), `models/ns/name`, `datasets/ns/name` or `spaces/ns/name`,
the same with an `hf://` prefix, or the repo's URL on the endpoint.

ENVIRONMENT:
    HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HF_TOKEN_PATH, HF_HOME, XDG_CACHE_HOME
                            where the token is found, in huggingface_hub's order
    HF_ENDPOINT             the Hub base URL
    HF_HUB_OFFLINE          offline mode (also TRANSFORMERS_OFFLINE)
    HF_TOKEN_CHECK_READ, HF_TOKEN_CHECK_WRITE
                            more REPOs, separated by commas or whitespace
    HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY
                            proxy, chosen as curl does
    SSL_CERT_FILE, SSL_CERT_DIR
                            CA certificates that replace the built-in roots
    NO_COLOR                no colour; GITHUB_ACTIONS, GITHUB_STEP_SUMMARY: CI annotations and summary
";

const DEFAULT_ENDPOINT: &str = "https://huggingface.co";

/// Parses the command line (without the program name) against the environment.
pub fn parse(args: Vec<OsString>, env: &Env, stderr_is_tty: bool) -> Result<Parsed, UsageError> {
    // Everything after the first `--` belongs to COMMAND, untouched.
    let (ours, command) = match args.iter().position(|a| a == "--") {
        Some(i) => {
            let mut ours = args;
            let tail = ours.split_off(i);
            (ours, Some(tail[1..].to_vec()))
        }
        None => (args, None),
    };
    if let Some(cmd) = &command
        && cmd.is_empty()
    {
        return Err(usage("`--` must be followed by a COMMAND to run"));
    }

    // --read and --write keep their relative order, so they are taken out first.
    let mut rest = Vec::new();
    let mut raw_reqs: Vec<(String, bool, &'static str)> = Vec::new();
    let mut it = ours.into_iter();
    while let Some(arg) = it.next() {
        let text = arg.to_str().map(str::to_string);
        let (flag, inline) = match text.as_deref() {
            Some(t) if t == "--read" || t == "--write" => (t.to_string(), None),
            Some(t) if t.starts_with("--read=") || t.starts_with("--write=") => {
                let (f, v) = t.split_once('=').unwrap_or((t, ""));
                (f.to_string(), Some(v.to_string()))
            }
            _ => {
                rest.push(arg);
                continue;
            }
        };
        let value = match inline {
            Some(v) => v,
            None => match it.next() {
                Some(v) => v
                    .into_string()
                    .map_err(|_| usage(format!("the value of `{flag}` is not UTF-8")))?,
                None => return Err(usage(format!("`{flag}` needs a REPO"))),
            },
        };
        let (write, origin) = if flag == "--write" {
            (true, "--write")
        } else {
            (false, "--read")
        };
        raw_reqs.push((value, write, origin));
    }

    let mut p = pico_args::Arguments::from_vec(rest);
    if p.contains(["-h", "--help"]) {
        return Ok(Parsed::Help);
    }
    if p.contains(["-V", "--version"]) {
        return Ok(Parsed::Version);
    }
    let json = p.contains("--json");
    let offline_flag = p.contains("--offline");
    let quiet = p.contains("--quiet");
    let warn_only = p.contains("--warn-only");
    // The last `--endpoint` wins, as with most tools.
    let endpoint_arg: Option<String> = p
        .values_from_str::<_, String>("--endpoint")
        .map_err(|e| usage(pico_message(e)))?
        .pop();
    let timeout_arg: Option<String> = p
        .opt_value_from_str("--timeout")
        .map_err(|e| usage(pico_message(e)))?;
    let min_validity_arg: Option<String> = p
        .opt_value_from_str("--min-validity")
        .map_err(|e| usage(pico_message(e)))?;
    let leftovers = p.finish();
    if let Some(first) = leftovers.first() {
        let shown = first.to_string_lossy();
        let message = if shown.starts_with('-') {
            format!("unknown option `{shown}`")
        } else {
            format!("unexpected argument `{shown}`")
        };
        let mut e = usage(message);
        if !shown.starts_with('-') && command.is_none() {
            e.hint = Some(format!(
                "to run a command after the check, put it after `--`: `hf-token-check ... -- {shown}`"
            ));
        }
        return Err(e);
    }

    let endpoint = parse_endpoint(
        endpoint_arg
            .as_deref()
            .map(|e| (e, "--endpoint"))
            .or_else(|| {
                env.str("HF_ENDPOINT")
                    .filter(|e| !e.trim().is_empty())
                    .map(|e| (e, "HF_ENDPOINT"))
            })
            .unwrap_or((DEFAULT_ENDPOINT, "the default endpoint")),
    )?;

    for (var, write) in [
        ("HF_TOKEN_CHECK_READ", false),
        ("HF_TOKEN_CHECK_WRITE", true),
    ] {
        if let Some(bytes) = env.bytes(var) {
            let text =
                std::str::from_utf8(bytes).map_err(|_| usage(format!("`{var}` is not UTF-8")))?;
            for entry in text
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|e| !e.is_empty())
            {
                raw_reqs.push((entry.to_string(), write, var));
            }
        }
    }
    let mut requirements: Vec<Requirement> = Vec::new();
    for (value, write, origin) in raw_reqs {
        let repo = repo::parse(&value, &endpoint.origin()).map_err(|why| UsageError {
            message: format!("invalid REPO `{}` in `{origin}`: {why}", value.escape_debug()),
            hint: Some(
                "write REPO as `namespace/name`, `datasets/namespace/name` or `spaces/namespace/name`".to_string(),
            ),
        })?;
        match requirements.iter_mut().find(|r| r.repo == repo) {
            Some(existing) => existing.write |= write,
            None => requirements.push(Requirement { repo, write }),
        }
    }

    let timeout = match timeout_arg {
        None => Duration::from_secs(30),
        Some(t) => match t.trim().parse::<f64>() {
            Ok(s) if s.is_finite() && s > 0.0 && s <= 86400.0 => Duration::from_secs_f64(s),
            _ => {
                return Err(usage(format!(
                    "`--timeout` takes a number of seconds above 0, got `{t}`"
                )));
            }
        },
    };
    let min_validity = match min_validity_arg {
        None => None,
        Some(d) => Some(parse_duration(&d).ok_or_else(|| {
            usage(format!(
                "`--min-validity` takes a duration such as `90m`, `2h`, `1d` or `1h30m`, got `{d}`"
            ))
        })?),
    };

    // As huggingface_hub: `HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE`, then 1/ON/YES/TRUE.
    let offline_value = env
        .str("HF_HUB_OFFLINE")
        .filter(|v| !v.is_empty())
        .or_else(|| env.str("TRANSFORMERS_OFFLINE"));
    let offline = offline_flag
        || offline_value.is_some_and(|v| {
            matches!(v.to_ascii_uppercase().as_str(), "1" | "ON" | "YES" | "TRUE")
        });

    let network = if offline {
        Network::default()
    } else {
        network(&endpoint, env)?
    };

    let color = stderr_is_tty && env.bytes("NO_COLOR").is_none() && env.str("TERM") != Some("dumb");

    Ok(Parsed::Run(Box::new(Config {
        endpoint,
        requirements,
        json,
        offline,
        quiet,
        warn_only,
        timeout,
        min_validity,
        command,
        color,
        github_actions: env.str("GITHUB_ACTIONS") == Some("true"),
        step_summary: env
            .bytes("GITHUB_STEP_SUMMARY")
            .filter(|p| !p.is_empty())
            .map(|p| {
                #[cfg(unix)]
                use std::os::unix::ffi::OsStrExt;
                #[cfg(unix)]
                return PathBuf::from(std::ffi::OsStr::from_bytes(p));
                #[cfg(not(unix))]
                return PathBuf::from(String::from_utf8_lossy(p).into_owned());
            }),
        network,
    })))
}

fn pico_message(e: pico_args::Error) -> String {
    match e {
        pico_args::Error::OptionWithoutAValue(f) => format!("`{f}` needs a value"),
        pico_args::Error::NonUtf8Argument => "an argument is not UTF-8".to_string(),
        other => other.to_string(),
    }
}

/// Validates the endpoint: `https://`, or `http://` for a loopback host only.
pub fn parse_endpoint((raw, from): (&str, &str)) -> Result<Endpoint, UsageError> {
    let bad = |why: String| UsageError {
        message: format!(
            "invalid endpoint `{}` (from {from}): {why}",
            raw.escape_debug()
        ),
        hint: Some("use the Hub's base URL, e.g. `https://huggingface.co`".to_string()),
    };
    let t = raw.trim();
    let Some((scheme, rest)) = t.split_once("://") else {
        return Err(bad("it has no `https://`".into()));
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(bad(format!("the scheme `{scheme}://` is not `https://`")));
    }
    if rest.contains(['?', '#']) || rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad(
            "it must be a plain base URL (no query, fragment or spaces)".into(),
        ));
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err(bad(
            "it contains credentials (`user@`); the token is sent separately".into(),
        ));
    }
    let (host, port) = repo::split_host_port(authority);
    if host.is_empty() {
        return Err(bad("it has no host".into()));
    }
    let has_port_text = if authority.starts_with('[') {
        authority.contains("]:")
    } else {
        authority.contains(':')
    };
    if has_port_text && port.is_none() {
        return Err(bad("the port is not a number from 1 to 65535".into()));
    }
    if port == Some(0) {
        return Err(bad("the port is 0".into()));
    }
    let host = host.to_ascii_lowercase();
    if scheme == "http" && !is_loopback(&host) {
        return Err(UsageError {
            message: format!(
                "invalid endpoint `{raw}` (from {from}): plain `http://` would send the token in clear \
                 to `{host}`; it is allowed only for loopback hosts (127.0.0.0/8, `::1`, `localhost`)"
            ),
            hint: Some(format!("use `https://{authority}{path}`")),
        });
    }
    let shown_host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.clone()
    };
    let url = match port {
        Some(p) => format!("{scheme}://{shown_host}:{p}{path}"),
        None => format!("{scheme}://{shown_host}{path}"),
    };
    Ok(Endpoint {
        url,
        scheme,
        host,
        port,
    })
}

pub fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => false,
    }
}

/// `90m`, `2h`, `1d`, `1h30m`, `45s`, or plain seconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<u64>() {
        return Some(n);
    }
    let mut total: u64 = 0;
    let mut num = String::new();
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
        let n: u64 = num.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        num.clear();
    }
    num.is_empty().then_some(total)
}

fn network(endpoint: &Endpoint, env: &Env) -> Result<Network, UsageError> {
    let proxy = proxy::choose(&endpoint.scheme, &endpoint.host, env).map_err(|m| UsageError {
        message: m,
        hint: Some("fix or unset the proxy variable".to_string()),
    })?;
    // Roots matter only for https; like huggingface_hub's client, `SSL_CERT_FILE`
    // wins and `SSL_CERT_DIR` is read only without it.
    let mut roots: Vec<Vec<u8>> = Vec::new();
    let mut from = Vec::new();
    let file = env.str("SSL_CERT_FILE").filter(|f| !f.is_empty());
    let dir = env.str("SSL_CERT_DIR").filter(|d| !d.is_empty());
    if endpoint.scheme != "https" {
        // nothing to load
    } else if let Some(file) = file {
        let certs = read_bundle(std::path::Path::new(file)).map_err(|why| UsageError {
            message: format!("`SSL_CERT_FILE` (`{file}`): {why}"),
            hint: Some("point `SSL_CERT_FILE` at a PEM bundle of CA certificates, or unset it to use the built-in roots".into()),
        })?;
        roots.extend(certs);
        from.push("`SSL_CERT_FILE`");
    } else if let Some(dir) = dir {
        for d in dir.split(':').filter(|d| !d.is_empty()) {
            let entries = std::fs::read_dir(d).map_err(|e| UsageError {
                message: format!("`SSL_CERT_DIR` (`{d}`): cannot read the directory: {e}"),
                hint: Some(
                    "point `SSL_CERT_DIR` at a directory of PEM certificates, or unset it".into(),
                ),
            })?;
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths.into_iter().filter(|p| p.is_file()) {
                if let Ok(certs) = read_bundle(&path) {
                    roots.extend(certs);
                }
            }
        }
        if roots.is_empty() {
            return Err(UsageError {
                message: format!("`SSL_CERT_DIR` (`{dir}`) holds no PEM certificates"),
                hint: Some(
                    "point `SSL_CERT_DIR` at a directory of PEM certificates, or unset it".into(),
                ),
            });
        }
        from.push("`SSL_CERT_DIR`");
    }
    // A hashed directory links each certificate twice.
    roots.sort();
    roots.dedup();
    Ok(Network {
        proxy,
        roots_from: (!from.is_empty()).then(|| from.join(" and ")),
        roots: (!roots.is_empty()).then_some(roots),
    })
}

/// The certificates (DER) of a PEM file; an error when it is unreadable or holds none.
fn read_bundle(path: &std::path::Path) -> Result<Vec<Vec<u8>>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&bytes) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => certs.push(c.der().to_vec()),
            Ok(_) => {}
            Err(e) => return Err(format!("it is not a valid PEM bundle ({e})")),
        }
    }
    if certs.is_empty() {
        return Err("it holds no PEM certificates".to_string());
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_strs(pairs)
    }

    fn run(args: &[&str], e: &Env) -> Result<Config, UsageError> {
        match parse(args.iter().map(OsString::from).collect(), e, false)? {
            Parsed::Run(c) => Ok(*c),
            _ => panic!("not a run"),
        }
    }

    #[test]
    fn endpoint_table() {
        let ok = [
            ("https://huggingface.co", "https://huggingface.co"),
            ("https://huggingface.co/", "https://huggingface.co"),
            (
                "https://HF.example.com:8443/hub/",
                "https://hf.example.com:8443/hub",
            ),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://127.5.6.7", "http://127.5.6.7"),
            ("http://localhost:1234", "http://localhost:1234"),
            ("http://[::1]:99", "http://[::1]:99"),
        ];
        for (raw, want) in ok {
            assert_eq!(
                parse_endpoint((raw, "test")).map(|e| e.url),
                Ok(want.to_string()),
                "{raw}"
            );
        }
        let bad = [
            ("huggingface.co", "no `https://`"),
            ("ftp://huggingface.co", "scheme"),
            ("http://huggingface.co", "in clear"),
            ("http://10.0.0.1:80", "in clear"),
            ("http://128.0.0.1", "in clear"),
            ("https://", "no host"),
            ("https://h:x", "port"),
            ("https://u:p@h", "credentials"),
            ("https://h/?a", "plain base URL"),
        ];
        for (raw, word) in bad {
            let e = parse_endpoint((raw, "test")).expect_err(raw);
            assert!(e.message.contains(word), "{raw}: {}", e.message);
        }
    }

    #[test]
    fn requirements_keep_order_and_merge_env() {
        let e = env(&[
            ("HF_TOKEN_CHECK_READ", "a/one, datasets/a/two\nb/three"),
            ("HF_TOKEN_CHECK_WRITE", "a/out"),
        ]);
        let c = run(
            &["--write", "me/model", "--read=a/r", "--read", "me/model"],
            &e,
        )
        .unwrap();
        let got: Vec<(String, bool)> = c
            .requirements
            .iter()
            .map(|r| (r.repo.to_string(), r.write))
            .collect();
        let want = [
            ("me/model", true),
            ("a/r", false),
            ("a/one", false),
            ("datasets/a/two", false),
            ("b/three", false),
            ("a/out", true),
        ];
        assert_eq!(got, want.map(|(r, w)| (r.to_string(), w)));
    }

    #[test]
    fn usage_errors() {
        let e = env(&[]);
        let rows: &[(&[&str], &str)] = &[
            (&["--bogus"], "unknown option `--bogus`"),
            (&["--read"], "`--read` needs a REPO"),
            (&["--read", "nope"], "invalid REPO `nope` in `--read`"),
            (&["--timeout", "0"], "--timeout"),
            (&["--min-validity", "soon"], "--min-validity"),
            (&["python"], "unexpected argument `python`"),
            (&["--"], "COMMAND"),
            (&["--endpoint", "http://example.com"], "in clear"),
        ];
        for (args, word) in rows {
            let err = run(args, &e).expect_err(&format!("{args:?}"));
            assert!(err.message.contains(word), "{args:?}: {}", err.message);
        }
        let err = run(&[], &env(&[("HF_TOKEN_CHECK_WRITE", "ok/one,bad")])).unwrap_err();
        assert!(
            err.message.contains("HF_TOKEN_CHECK_WRITE"),
            "{}",
            err.message
        );
    }

    #[test]
    fn command_after_double_dash_is_untouched() {
        let c = run(
            &[
                "--read", "a/b", "--", "python", "--read", "x", "--", "--json",
            ],
            &env(&[]),
        )
        .unwrap();
        assert_eq!(
            c.command.unwrap(),
            ["python", "--read", "x", "--", "--json"].map(OsString::from)
        );
        assert!(!c.json);
        assert_eq!(c.requirements.len(), 1);
    }

    #[test]
    fn offline_values() {
        for (v, want) in [
            ("1", true),
            ("ON", true),
            ("yes", true),
            ("True", true),
            ("0", false),
            ("", false),
        ] {
            let c = run(&[], &env(&[("HF_HUB_OFFLINE", v)])).unwrap();
            assert_eq!(c.offline, want, "{v}");
        }
    }

    #[test]
    fn colour_only_on_a_terminal_and_never_with_no_color() {
        let on = |e: &Env, tty: bool| match parse(vec![], e, tty) {
            Ok(Parsed::Run(c)) => c.color,
            _ => panic!(),
        };
        assert!(on(&env(&[]), true));
        assert!(!on(&env(&[]), false));
        assert!(!on(&env(&[("NO_COLOR", "1")]), true));
        assert!(!on(&env(&[("NO_COLOR", "")]), true));
        assert!(!on(&env(&[("TERM", "dumb")]), true));
    }

    #[test]
    fn durations() {
        for (s, want) in [
            ("90m", Some(5400)),
            ("2h", Some(7200)),
            ("1d", Some(86400)),
            ("1h30m", Some(5400)),
            ("45", Some(45)),
            ("5x", None),
            ("h", None),
            ("", None),
        ] {
            assert_eq!(parse_duration(s), want, "{s}");
        }
    }

    #[test]
    fn bad_ca_bundles_name_the_variable() {
        let dir = std::env::temp_dir().join(format!("hftc-ca-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "").unwrap();
        for (var, value) in [
            ("SSL_CERT_FILE", "/nonexistent/ca.pem"),
            ("SSL_CERT_FILE", empty.to_str().unwrap()),
            ("SSL_CERT_DIR", "/nonexistent"),
        ] {
            let err = run(&[], &env(&[(var, value)])).unwrap_err();
            assert!(err.message.contains(var), "{}", err.message);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
