//! What the job needs: `--read`/`--write` REPOs and their variables
//! ([`requirements`]), and the requirements decided from the token's grants,
//! `--jobs`, `--inference`/`--bill-to`, `--pr` and theirs ([`grants`]).

use super::{Endpoint, Grants, Requirement};
use crate::args::{Args, RawRequirement, UsageError};
use crate::env::Env;
use crate::repo::{self, RepoId};

/// `--read`/`--write` values, then `HF_TOKEN_CHECK_READ`/`_WRITE` entries, parsed
/// against the endpoint; a repo named twice is kept once (write if either asks it).
pub(super) fn requirements(
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
pub(super) fn grants(args: &Args, env: &Env, endpoint: &Endpoint) -> Result<Grants, UsageError> {
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
        let repo = repo::parse(value, &endpoint.origin);
        let bucket = names_bucket(value, &repo);
        let repo = match repo {
            Ok(repo) if !bucket => repo,
            Err(why) if !bucket => return Err(pr_error(&r, &why)),
            _ => {
                return Err(UsageError::with_hint(
                    format!(
                        "`{}` in `{from}` is a bucket, and buckets have no pull requests",
                        value.escape_debug()
                    ),
                    format!(
                        "give `{from}` a model, dataset or Space: `ns/name`, `datasets/ns/name`"
                    ),
                ));
            }
        };
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

/// Whether a `--pr` value names a bucket, spelled right or not (`bucket/a/b`,
/// `huggingface.co/buckets/a/b`): it is told buckets have no pull requests,
/// never offered a bucket spelling that would be refused next.
fn names_bucket(value: &str, parsed: &Result<RepoId, String>) -> bool {
    match parsed {
        Ok(r) => r.is_bucket(),
        Err(why) => {
            value.starts_with("buckets/")
                || (why != repo::EXPECTED_ANY && why.contains("`buckets/"))
                || crate::suggest::repo_typo_hint(value).is_some_and(|h| h.contains("`buckets/"))
        }
    }
}

/// A malformed `--pr` value: as [`repo_error`], without offering the bucket
/// spelling, since a pull request is never on a bucket.
fn pr_error(r: &RawRequirement, why: &str) -> UsageError {
    let why = match why == repo::EXPECTED_ANY {
        true => "expected `namespace/name`, `datasets/namespace/name` or `spaces/namespace/name`",
        false => why,
    };
    invalid_repo(
        r,
        why,
        "write the repo of the pull requests as `namespace/name`, `datasets/namespace/name` or \
         `spaces/namespace/name`",
    )
}

fn repo_error(r: &RawRequirement, why: &str) -> UsageError {
    invalid_repo(
        r,
        why,
        "write REPO as `namespace/name`, `datasets/namespace/name` or `spaces/namespace/name` \
         (a bucket: `buckets/namespace/name`)",
    )
}

/// "invalid REPO", with a typo's fix when one is seen, else how to write it.
fn invalid_repo(r: &RawRequirement, why: &str, spelling: &str) -> UsageError {
    UsageError::with_hint(
        format!(
            "invalid REPO `{}` in `{}`: {why}",
            r.value.escape_debug(),
            r.from
        ),
        crate::suggest::repo_typo_hint(&r.value).unwrap_or_else(|| spelling.to_string()),
    )
}
