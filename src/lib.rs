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
mod pages;
mod pool;
mod proxy;
mod repo;
mod report;
mod resolve;
mod sanitize;
mod scan;
mod signals;
mod suggest;
/// Public for the integration tests, which write times with the product's own
/// date algorithm rather than a copy.
#[doc(hidden)]
pub mod timestamp;
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
use std::path::Path;
use std::time::{Duration, Instant};

pub use env::{Env, args};
pub use exit::Exit;

use args::UsageError;
use config::{Config, Parsed};
use token::{Discovery, FileRead, Lint, Secret};
use verdict::Facts;

/// Runs the whole check and returns the exit status (unless it execs COMMAND).
pub fn run(argv: Vec<OsString>, env: &Env) -> Exit {
    // Before anything can panic: a panic's text could quote the token.
    report::hide_panic_payloads();
    run_hooked(argv, env)
}

/// [`run`], once the panic hook is in place.
fn run_hooked(argv: Vec<OsString>, env: &Env) -> Exit {
    // argv is read once: what a usage error honours (`--json`, `--json-file`,
    // COMMAND's name) comes from this same read, never from a second scan.
    let read = args::read(argv);
    let refused = Refused::of(&read.args);
    // Then at once, before any file read or name lookup: SIGTERM/SIGINT/SIGHUP
    // end the run (128+signal) in every phase, also as PID 1; COMMAND is then
    // never started.
    signals::install(
        refused
            .program
            .as_ref()
            .map(|p| p.to_string_lossy())
            .as_deref(),
    );
    let tty = report::stderr_is_terminal();
    let color = config::color(env, tty);
    let parsed = match read.error {
        None => Ok(read.args),
        Some(mut e) => {
            // An argv mistake comes before the endpoint is resolved: resolve it as
            // a run would, for the JSON report's `endpoint` (null if invalid too).
            e.endpoint = config::endpoint(read.args.endpoint.as_deref(), env)
                .ok()
                .map(|e| e.url);
            Err(e)
        }
    };
    match parsed.and_then(|a| config::resolve(a, env, tty)) {
        Ok(Parsed::Help) => {
            report::to_stdout(&format!("{}\n{}\n", help::help(), exit::TABLE));
            Exit::Ok
        }
        Ok(Parsed::ShortHelp) => {
            report::to_stdout(&help::short());
            Exit::Ok
        }
        Ok(Parsed::Version) => {
            report::to_stdout(concat!("hf-token-check ", env!("CARGO_PKG_VERSION"), "\n"));
            Exit::Ok
        }
        Ok(Parsed::Explain(code)) => report::explain(&code, color),
        Ok(Parsed::Run(config)) => {
            // Before any name is looked up or request made.
            if let Some(exit) = refuse_json_file_clash(&config, env) {
                return exit;
            }
            // One resolver for the run: each name resolved once, within the
            // run's deadline, and pinned; the plain-http rule judges the very
            // addresses every connection will use.
            let resolver = resolve::NameResolver::for_run(&config.names(), config.deadline);
            let lookup = |host: &str| resolver.lookup(host, None).ok();
            match config::plain_http_rule(&config, &lookup) {
                Ok(()) => check(&config, env, resolver),
                Err(e) => usage_error(&e, color, &refused),
            }
        }
        Err(e) => usage_error(&e, color, &refused),
    }
}

/// What a usage error still honours, from the one read of argv (only what
/// came before a mistake that left the rest unreadable).
struct Refused {
    /// `--json`.
    json: bool,
    /// `--json-file PATH`.
    json_file: Option<OsString>,
    /// COMMAND's program, after `--`.
    program: Option<OsString>,
}

impl Refused {
    fn of(a: &args::Args) -> Refused {
        Refused {
            json: a.json,
            json_file: a.json_file.clone(),
            program: a.command.as_ref().and_then(|c| c.first()).cloned(),
        }
    }
}

/// A usage error's bound for writing `--json-file`: no `--timeout` is known yet.
const USAGE_WRITE_BOUND: Duration = Duration::from_secs(2);

fn usage_error(e: &UsageError, color: bool, refused: &Refused) -> Exit {
    report::to_stderr(&report::error_text(&e.message, e.hint.as_deref(), color));
    if refused.json || refused.json_file.is_some() {
        let report = report::usage_error_json(e);
        if refused.json {
            report::to_stdout(&report);
        }
        if let Some(path) = &refused.json_file {
            let deadline = Instant::now() + USAGE_WRITE_BOUND;
            let clean = |t: &str| sanitize::mask_token_like(&sanitize::strip_controls(t));
            report::write_json_file(Path::new(path), &report, &clean, deadline);
        }
    }
    if let Some(program) = &refused.program {
        report::to_stderr(&report::not_started(program, &sanitize::strip_userinfo));
    }
    Exit::Usage
}

/// The token file, bounded: a regular file only, at most 64 KiB, given up at
/// the deadline. The error says what the path is, never what it holds.
fn read_token_file(path: &Path, deadline: Instant) -> FileRead {
    match localfile::read_bounded(path, localfile::TOKEN_FILE_CAP, deadline) {
        Ok(bytes) => FileRead::Read(bytes),
        Err(localfile::LocalError::NotFound) => FileRead::Absent,
        Err(e) => FileRead::Error(format!("it {e}")),
    }
}

/// The token as found, its lint, and the value to send when it is usable.
fn find_token(env: &Env, deadline: Instant) -> (Discovery, Option<Lint>) {
    let discovery = token::discover(env, &|path| read_token_file(path, deadline));
    let lint = match &discovery {
        Discovery::Found {
            raw,
            source: token::Source::File(_),
        } => Some(token::lint_file(raw)),
        Discovery::Found { raw, .. } => Some(token::lint(raw)),
        Discovery::Missing { .. } => None,
    };
    (discovery, lint)
}

fn check(config: &Config, env: &Env, resolver: resolve::NameResolver) -> Exit {
    let (discovery, lint) = find_token(env, config.deadline);
    let sent: Option<Secret> = lint.as_ref().and_then(|l| l.token.clone());
    let raw = match &discovery {
        Discovery::Found { raw, .. } => Some(raw),
        Discovery::Missing { .. } => None,
    };
    // Built first: every string that reaches an output passes through it.
    let redactor = token::redactor(raw, sent.as_ref());
    let scanning = start_scan(config, env, [raw, sent.as_ref()]);
    let ctx = report::Context {
        endpoint: &config.endpoint.url,
        token: match (&discovery, &lint) {
            (Discovery::Found { source, .. }, Some(l)) => Some((source.short(), l.masked.clone())),
            _ => None,
        },
        redactor,
        enforced: !config.output.warn_only,
        color: config.output.color,
        width: config.output.width,
    };
    // The local lines before any request: a slow Hub leaves no silence.
    let local = verdict::local(
        &discovery,
        lint.as_ref(),
        config.oidc,
        config.allow_missing_token,
        config.job.as_deref(),
        &config.endpoint.url,
    );
    let printed = report::early(&local, &ctx, &config.output);
    let gathered = match (&sent, config.asks_nothing()) {
        (Some(secret), false) => network(config, secret, &ctx.redactor, resolver),
        _ => gather::not_asked(&config.requirements),
    };
    let scanned = scanning.map(scan::Pending::finish).unwrap_or_default();
    let facts = Facts {
        endpoint: &config.endpoint.url,
        discovery: &discovery,
        lint: lint.as_ref(),
        offline: config.offline,
        rank: config.rank,
        whoami: gathered.whoami.as_ref(),
        access: &gathered.access,
        min_validity: config.min_validity,
        now: now(),
        oidc: config.oidc,
        allow_missing_token: config.allow_missing_token,
        max_age: config.max_age,
        quota: gathered.quota,
        min_quota: config.min_quota,
        hardcoded: &scanned.findings,
        not_scanned: &scanned.not_scanned,
        grants: &config.grants,
        job: config.job.as_deref(),
    };
    let verdict = verdict::decide(&facts);
    report::emit(&verdict, &ctx, &config.output, config.deadline, &printed);
    finish(config, env, verdict.exit, &ctx)
}

/// Only once whoami accepted the token: the scopes an OAuth or
/// trusted-publisher token claims in itself (names only; decoded locally).
fn read_scopes(gathered: &mut gather::Gathered, secret: &Secret) {
    if let verdict::Asked::Done(reply) = &mut gathered.whoami
        && let Some(Ok(user)) = &mut reply.parsed
    {
        user.token.scopes = secret.scopes();
    }
}

/// 64 when `--json-file` names one of the run's inputs; the report is then
/// written nowhere (the path is the mistake).
fn refuse_json_file_clash(config: &Config, env: &Env) -> Option<Exit> {
    let mut e = json_file_clash(config, env)?;
    e.endpoint = Some(config.endpoint.url.clone());
    let refused = Refused {
        json: config.output.json,
        json_file: None,
        program: config.command.as_ref().and_then(|c| c.first()).cloned(),
    };
    Some(usage_error(&e, config.output.color, &refused))
}

/// How long telling whether `--json-file` is one of the run's inputs may take
/// (a stat on a stalled mount must not hold the run).
const CLASH_BOUND: Duration = Duration::from_secs(2);

/// A `--json-file` that names one of the run's own inputs: the token file,
/// COMMAND's program or script, or a `--scan` path. Writing the report there
/// would destroy the token, or replace the script with JSON that then runs.
fn json_file_clash(config: &Config, env: &Env) -> Option<UsageError> {
    let target = config.output.json_file.as_deref()?;
    let mut inputs: Vec<(std::path::PathBuf, String)> = Vec::new();
    if let Ok(path) = token::token_path(env) {
        inputs.push((path, "the token file".to_string()));
    }
    for path in config.scan.iter().flatten() {
        inputs.push((path.clone(), "a `--scan` path".to_string()));
    }
    let search = env.bytes("PATH").map(env::path_from_bytes);
    for path in scan::command_files(config.command.as_deref(), search.as_deref()) {
        inputs.push((path, "a file COMMAND runs or reads".to_string()));
    }
    let paths: Vec<_> = inputs.iter().map(|(p, _)| p.clone()).collect();
    let deadline = (Instant::now() + CLASH_BOUND).min(config.deadline);
    let (path, what) = &inputs[localfile::first_same(target, &paths, deadline)?];
    let shown =
        |p: &Path| sanitize::mask_token_like(&sanitize::strip_controls(&p.display().to_string()));
    Some(UsageError::with_hint(
        format!(
            "`--json-file` `{}` is {what} (`{}`): the report would replace it",
            shown(target),
            shown(path)
        ),
        "write the report to a path of its own, e.g. `--json-file hf-token-check.json`",
    ))
}

/// Hardcoded tokens in COMMAND's script and the `--scan` paths, unless
/// `--no-scan`: started on its own thread with its own budget, beside the
/// Hub's requests (it never holds the check), collected after them
/// (`scan::Pending::finish`). With neither COMMAND nor a `--scan` path there
/// is nothing to read: no thread, and the same empty outcome a scan of
/// nothing gives.
fn start_scan(config: &Config, env: &Env, checked: [Option<&Secret>; 2]) -> Option<scan::Pending> {
    let paths = config.scan.clone()?;
    if config.command.is_none() && paths.is_empty() {
        return None;
    }
    let request = scan::Owned {
        command: config.command.clone(),
        paths,
        search_path: env
            .bytes("PATH")
            .map(|p| env::path_from_bytes(p).into_os_string()),
    };
    let checked: Vec<Secret> = checked.into_iter().flatten().cloned().collect();
    Some(scan::start(request, checked, config.deadline))
}

/// The network phase, with progress lines while the Hub is slow.
fn network(
    config: &Config,
    secret: &Secret,
    redactor: &sanitize::Redactor,
    resolver: resolve::NameResolver,
) -> gather::Gathered {
    let hub = hub::Hub::new(
        &config.endpoint,
        &config.network,
        secret.clone(),
        redactor.clone(),
        config.timeout,
        // The run's deadline, set when the arguments were read: the
        // time spent before the network phase counts too; and the report
        // after it, so the requests end a little earlier.
        network_deadline(config),
        resolver,
    );
    let subject = report::Subject {
        repos: config.requirements.len(),
        host: config.endpoint.origin.authority(),
        // A terminal that cannot erase a line gets the log's one line.
        width: config.output.width.filter(|_| config.output.redraw),
    };
    let progress = report::Progress::start(subject, redactor, config.output.quiet);
    let mut gathered = gather::gather(&hub, &config.requirements, redactor, &|e| progress.note(e));
    progress.stop();
    read_scopes(&mut gathered, secret);
    gathered
}

/// Time kept for the verdict and the report after the last request, per
/// repo: their CPU is about 5 µs a repo on a 2-core EPYC (docs/benchmarks.md),
/// times four for a busy machine.
const REPORT_TIME_PER_REPO: Duration = Duration::from_micros(20);

/// When the requests must end for the report of `config`'s repos to be out by
/// `--timeout`: the run's deadline less [`report_reserve`].
fn network_deadline(config: &Config) -> Instant {
    let reserve = report_reserve(config.requirements.len(), config.timeout);
    config
        .deadline
        .checked_sub(reserve)
        .unwrap_or(config.deadline)
}

/// [`REPORT_TIME_PER_REPO`] for each repo, never more than a tenth of
/// `--timeout` (20 µs for one repo; 0.2 s for 10,000, which used to end the
/// run that much past the deadline).
fn report_reserve(repos: usize, timeout: Duration) -> Duration {
    let repos = u32::try_from(repos).unwrap_or(u32::MAX);
    REPORT_TIME_PER_REPO.saturating_mul(repos).min(timeout / 10)
}

/// The exit status, or COMMAND when every check passed (or failures are not
/// enforced). A refused COMMAND is named on the last line, for job logs.
fn finish(config: &Config, env: &Env, decided: Exit, ctx: &report::Context<'_>) -> Exit {
    let exit = if config.output.warn_only {
        Exit::Ok
    } else {
        decided
    };
    match &config.command {
        Some(command) if exit == Exit::Ok => {
            let path = env.bytes("PATH").map(env::path_from_bytes);
            let (exit, message) = exec::exec(command, path.as_deref().map(Path::as_os_str));
            let hint = "check the command after `--` and the image's `PATH`";
            report::to_stderr(&report::error_text(
                &message,
                Some(hint),
                config.output.color,
            ));
            exit
        }
        Some(command) => {
            report::to_stderr(&report::not_started(&command[0], &|t| ctx.safe(t)));
            exit
        }
        None => exit,
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_of(argv: &[&str]) -> Config {
        let a = args::parse(argv.iter().map(OsString::from).collect()).unwrap();
        match config::resolve(a, &Env::from_strs(&[]), false) {
            Ok(Parsed::Run(c)) => *c,
            _ => panic!("not a run: {argv:?}"),
        }
    }

    /// With neither COMMAND nor `--scan` no scan starts, and that is what a
    /// scan of nothing finds; a COMMAND or a `--scan` path starts one.
    #[test]
    fn nothing_to_scan_starts_no_scan() {
        let env = Env::from_strs(&[]);
        assert!(start_scan(&config_of(&["--read", "me/model"]), &env, [None, None]).is_none());
        let nothing = scan::scan(
            &scan::Request {
                command: None,
                paths: &[],
                search_path: None,
                deadline: Instant::now() + Duration::from_secs(2),
            },
            &[],
        );
        assert!(nothing.findings.is_empty() && nothing.not_scanned.is_empty());
        let dir = testing::temp_dir("nothing-to-scan");
        let script = dir.path().join("job.sh");
        std::fs::write(
            &script,
            "#!/bin/sh\nHF_TOKEN=hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567\n",
        )
        .unwrap();
        let script = script.to_str().unwrap();
        for argv in [&["--scan", script][..], &["--", script]] {
            let out = start_scan(&config_of(argv), &env, [None, None])
                .expect("a scan")
                .finish();
            assert_eq!(out.findings.len(), 1, "{argv:?}: {:?}", out.not_scanned);
        }
    }

    /// The time kept for the report grows with the repos, up to a tenth of `--timeout`.
    #[test]
    fn report_reserve_grows_with_repos_up_to_a_tenth() {
        let t = Duration::from_secs(30);
        assert_eq!(report_reserve(0, t), Duration::ZERO);
        assert_eq!(report_reserve(1, t), Duration::from_micros(20));
        assert_eq!(report_reserve(10_000, t), Duration::from_millis(200));
        assert_eq!(
            report_reserve(10_000, Duration::from_secs(1)),
            Duration::from_millis(100)
        );
        assert_eq!(report_reserve(usize::MAX, t), Duration::from_secs(3));
    }
}
