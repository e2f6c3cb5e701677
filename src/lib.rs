//! hf-token-check: checks, before a job runs, that its Hugging Face token is
//! present, well formed, accepted by the Hub, and can read or write the repos
//! the job needs. `main.rs` only calls [`run`].

pub mod answer;
pub mod config;
pub mod exec;
pub mod exit;
pub mod hub;
pub mod proxy;
pub mod repo;
pub mod report;
pub mod token;
pub mod verdict;
pub mod whoami;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::Path;

use answer::Outcome;
use config::{Config, Env, Parsed};
use exit::Exit;
use hub::Hub;
use repo::RepoType;
use token::{Discovery, FileRead};
use verdict::{Access, Facts};

/// Runs the whole check and returns the exit status (unless it execs COMMAND).
pub fn run(args: Vec<OsString>, env: &Env) -> u8 {
    let tty = std::io::stderr().is_terminal();
    // Scripts that ask for JSON get an object even for a usage error.
    let wants_json = args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--json");
    let config = match config::parse(args, env, tty) {
        Ok(Parsed::Help) => {
            report::to_stdout(&format!("{}\n{}\n", config::HELP, exit::TABLE));
            return 0;
        }
        Ok(Parsed::Version) => {
            report::to_stdout(concat!("hf-token-check ", env!("CARGO_PKG_VERSION"), "\n"));
            return 0;
        }
        Ok(Parsed::Run(c)) => c,
        Err(e) => {
            report::usage_error(
                &e.message,
                e.hint.as_deref(),
                tty && env.bytes("NO_COLOR").is_none(),
            );
            if wants_json {
                let endpoint = env
                    .str("HF_ENDPOINT")
                    .filter(|e| !e.is_empty())
                    .unwrap_or("https://huggingface.co");
                report::to_stdout(&report::usage_error_json(
                    &e.message,
                    e.hint.as_deref(),
                    Some(endpoint),
                ));
            }
            return Exit::Usage.code();
        }
    };
    check(&config, env)
}

fn read_token_file(path: &Path) -> FileRead {
    use std::io::Read;
    match std::fs::File::open(path) {
        Ok(f) => {
            let mut bytes = Vec::new();
            match f.take(64 * 1024).read_to_end(&mut bytes) {
                Ok(_) => FileRead::Read(bytes),
                Err(e) => FileRead::Error(e.to_string()),
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileRead::Absent,
        Err(e) => FileRead::Error(e.to_string()),
    }
}

fn check(config: &Config, env: &Env) -> u8 {
    let discovery = token::discover(env, &read_token_file);
    let lint = match &discovery {
        Discovery::Found { raw, .. } => Some(token::lint(raw)),
        Discovery::Missing { .. } => None,
    };
    let secret = lint.as_ref().and_then(|l| l.token.clone());

    let mut whoami: Option<Outcome> = None;
    let mut access: Vec<Access> = config
        .requirements
        .iter()
        .map(|r| Access {
            repo: r.repo.clone(),
            write: r.write,
            outcome: None,
            alternatives: Vec::new(),
        })
        .collect();

    if let (Some(secret), false) = (secret.clone(), config.offline) {
        let hub = Hub::new(&config.endpoint, &config.network, secret, config.timeout);
        let hub = &hub;
        std::thread::scope(|s| {
            let who = s.spawn(|| hub.get("/api/whoami-v2"));
            let handles: Vec<_> = access
                .iter()
                .map(|a| {
                    let (repo, write) = (a.repo.clone(), a.write);
                    s.spawn(move || ask_access(hub, &repo, write))
                })
                .collect();
            for (a, h) in access.iter_mut().zip(handles) {
                if let Ok((outcome, alternatives)) = h.join() {
                    a.outcome = Some(outcome);
                    a.alternatives = alternatives;
                }
            }
            whoami = who.join().ok();
        });
    }

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let facts = Facts {
        endpoint: &config.endpoint.url,
        discovery: &discovery,
        lint: lint.as_ref(),
        offline: config.offline,
        whoami: whoami.as_ref(),
        access: &access,
        min_validity: config.min_validity,
        now,
        oidc: env.str("HF_OIDC_RESOURCE").is_some_and(|v| !v.is_empty()),
    };
    let verdict = verdict::decide(&facts);

    let raw = match &discovery {
        Discovery::Found { raw, .. } => Some(raw),
        Discovery::Missing { .. } => None,
    };
    let redactor = token::Redactor::new(raw, secret.as_ref());
    let ctx = report::Context {
        endpoint: &config.endpoint.url,
        token: match (&discovery, &lint) {
            (Discovery::Found { source, .. }, Some(l)) => Some((source.short(), l.masked.clone())),
            _ => None,
        },
        redactor,
        enforced: !config.warn_only,
        color: config.color,
    };

    let ok = verdict.exit == Exit::Ok;
    if !(config.quiet && ok) {
        report::to_stderr(&report::human(&verdict, &ctx));
    }
    if config.json {
        report::to_stdout(&report::json(&verdict, &ctx));
    }
    if config.github_actions {
        report::to_stderr(&report::github_annotations(&verdict, &ctx));
    }
    if let Some(path) = &config.step_summary {
        use std::io::Write;
        let written = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .and_then(|mut f| f.write_all(report::step_summary(&verdict, &ctx).as_bytes()));
        if let Err(e) = written {
            report::to_stderr(&format!(
                "warning: could not append to `GITHUB_STEP_SUMMARY` (`{}`): {e}\n",
                path.display()
            ));
        }
    }

    let exit = if config.warn_only {
        Exit::Ok
    } else {
        verdict.exit
    };
    if exit == Exit::Ok
        && let Some(command) = &config.command
    {
        let (exit, message) = exec::exec(command);
        report::usage_error(
            &message,
            Some("check the command after `--` and the image's `PATH`"),
            config.color,
        );
        return exit.code();
    }
    exit.code()
}

/// The auth-check for one requirement; on a read that is not found, the same
/// `ns/name` asked as the other two types, for a "did you mean".
fn ask_access(hub: &Hub, repo: &repo::RepoId, write: bool) -> (Outcome, Vec<(RepoType, Outcome)>) {
    let suffix = if write {
        "/auth-check/write"
    } else {
        "/auth-check"
    };
    let outcome = hub.get(&format!("{}{suffix}", repo.api_path()));
    let not_found = matches!(&outcome.result, Ok(a) if a.not_found());
    if write || !not_found {
        return (outcome, Vec::new());
    }
    let alternatives = std::thread::scope(|s| {
        let handles: Vec<_> = RepoType::ALL
            .into_iter()
            .filter(|t| *t != repo.ty)
            .map(|t| {
                let other = repo.with_type(t);
                (
                    t,
                    s.spawn(move || hub.get(&format!("{}/auth-check", other.api_path()))),
                )
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|(t, h)| h.join().ok().map(|o| (t, o)))
            .collect()
    });
    (outcome, alternatives)
}
