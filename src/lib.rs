//! hf-token-check: checks, before a job runs, that its Hugging Face token is
//! present, well formed, accepted by the Hub, and can read or write the repos
//! the job needs. `main.rs` only calls [`run`]; `docs/ARCHITECTURE.md` maps the modules.

mod answer;
mod args;
mod config;
mod env;
mod exec;
mod exit;
mod explanations;
mod gather;
mod help;
mod hub;
mod localfile;
mod origin;
mod pool;
mod proxy;
mod repo;
mod report;
mod sanitize;
mod suggest;
mod tls;
mod token;
mod transport;
mod verdict;
mod whoami;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod testing;

use std::ffi::OsString;
use std::net::{IpAddr, ToSocketAddrs};
use std::path::Path;

pub use env::{Env, args};
pub use exit::Exit;

use args::UsageError;
use config::{Config, Parsed};
use token::{Discovery, FileRead, Lint, Secret};
use verdict::Facts;

/// The largest token file read.
const TOKEN_FILE_CAP: u64 = 64 * 1024;

/// Runs the whole check and returns the exit status (unless it execs COMMAND).
pub fn run(argv: Vec<OsString>, env: &Env) -> Exit {
    let tty = report::stderr_is_terminal();
    let color = config::color(env, tty);
    let wants_json = args::wants_json(&argv);
    match args::parse(argv).and_then(|a| config::resolve(a, env, tty, &lookup)) {
        Ok(Parsed::Help) => {
            report::to_stdout(&format!("{}\n{}\n", help::HELP, exit::TABLE));
            Exit::Ok
        }
        Ok(Parsed::Version) => {
            report::to_stdout(concat!("hf-token-check ", env!("CARGO_PKG_VERSION"), "\n"));
            Exit::Ok
        }
        Ok(Parsed::Explain(code)) => report::explain(&code, color),
        Ok(Parsed::Run(config)) => check(&config, env),
        Err(e) => usage_error(&e, color, wants_json),
    }
}

fn usage_error(e: &UsageError, color: bool, json: bool) -> Exit {
    report::to_stderr(&report::error_text(&e.message, e.hint.as_deref(), color));
    if json {
        report::to_stdout(&report::usage_error_json(e));
    }
    Exit::Usage
}

/// The addresses a name resolves to (for the plain-http loopback rule).
fn lookup(host: &str, port: u16) -> Vec<IpAddr> {
    (host, port)
        .to_socket_addrs()
        .map(|it| it.map(|a| a.ip()).collect())
        .unwrap_or_default()
}

fn read_token_file(path: &Path) -> FileRead {
    match localfile::read_capped(path, TOKEN_FILE_CAP) {
        Ok(bytes) => FileRead::Read(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileRead::Absent,
        Err(e) => FileRead::Error(format!(
            "{:#}",
            anyhow::Error::new(e).context("cannot read it")
        )),
    }
}

/// The token as found, its lint, and the value to send when it is usable.
fn find_token(env: &Env) -> (Discovery, Option<Lint>) {
    let discovery = token::discover(env, &read_token_file);
    let lint = match &discovery {
        Discovery::Found { raw, .. } => Some(token::lint(raw)),
        Discovery::Missing { .. } => None,
    };
    (discovery, lint)
}

fn check(config: &Config, env: &Env) -> Exit {
    let (discovery, lint) = find_token(env);
    let sent: Option<Secret> = lint.as_ref().and_then(|l| l.token.clone());
    let raw = match &discovery {
        Discovery::Found { raw, .. } => Some(raw),
        Discovery::Missing { .. } => None,
    };
    // Built first: every string that reaches an output passes through it.
    let redactor = token::redactor(raw, sent.as_ref());
    let gathered = match (&sent, config.offline) {
        (Some(secret), false) => {
            let hub = hub::Hub::new(
                &config.endpoint,
                &config.network,
                secret.clone(),
                redactor.clone(),
                config.timeout,
            );
            gather::gather(&hub, &config.requirements, &redactor)
        }
        _ => gather::not_asked(&config.requirements),
    };
    let facts = Facts {
        endpoint: &config.endpoint.url,
        discovery: &discovery,
        lint: lint.as_ref(),
        offline: config.offline,
        whoami: match &gathered.whoami {
            verdict::Asked::Done(w) => verdict::Asked::Done(w),
            verdict::Asked::Lost => verdict::Asked::Lost,
            verdict::Asked::Skipped => verdict::Asked::Skipped,
        },
        access: &gathered.access,
        min_validity: config.min_validity,
        now: now(),
        oidc: config.oidc,
        allow_missing_token: config.allow_missing_token,
        max_age: config.max_age,
    };
    let verdict = verdict::decide(&facts);
    let ctx = report::Context {
        endpoint: &config.endpoint.url,
        token: match (&discovery, &lint) {
            (Discovery::Found { source, .. }, Some(l)) => Some((source.short(), l.masked.clone())),
            _ => None,
        },
        redactor,
        enforced: !config.output.warn_only,
        color: config.output.color,
    };
    report::emit(&verdict, &ctx, &config.output);
    finish(config, verdict.exit)
}

/// The exit status, or COMMAND when every check passed (or failures are not enforced).
fn finish(config: &Config, decided: Exit) -> Exit {
    let exit = if config.output.warn_only {
        Exit::Ok
    } else {
        decided
    };
    match &config.command {
        Some(command) if exit == Exit::Ok => {
            let (exit, message) = exec::exec(command);
            let hint = "check the command after `--` and the image's `PATH`";
            report::to_stderr(&report::error_text(
                &message,
                Some(hint),
                config.output.color,
            ));
            exit
        }
        _ => exit,
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
