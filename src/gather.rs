//! The network phase: whoami and every access check, at most [`WORKERS`]
//! requests at a time, turned into the plain facts the verdict reads. A repo
//! not found (a 404, or a 401 once whoami accepted the token) brings
//! follow-ups (the same name as the other repo types; for a write, the read
//! auth-check of the same repo), sent together in a second round.

use crate::answer::{Existence, Outcome, Quota};
use crate::config::Requirement;
use crate::hub::Hub;
use crate::pool;
use crate::repo::{RepoId, RepoType};
use crate::sanitize::Redactor;
use crate::verdict::{Access, Asked};
use crate::whoami::WhoamiReply;

/// Requests in flight at most.
pub const WORKERS: usize = 8;

/// What the Hub answered, or why nothing was asked.
#[derive(Debug)]
pub struct Gathered {
    pub whoami: Asked<WhoamiReply>,
    pub access: Vec<Access>,
    /// The API quota the answers told (the last one received wins).
    pub quota: Option<Quota>,
}

/// Nothing asked (offline, or no usable token).
pub fn not_asked(reqs: &[Requirement]) -> Gathered {
    Gathered {
        whoami: Asked::Skipped,
        access: reqs.iter().map(|r| access(r, Asked::Skipped)).collect(),
        quota: None,
    }
}

fn access(r: &Requirement, outcome: Asked<Outcome>) -> Access {
    Access {
        repo: r.repo.clone(),
        write: r.write,
        outcome,
        alternatives: Vec::new(),
        read_probe: None,
    }
}

fn auth_check(repo: &RepoId, write: bool) -> String {
    let suffix = if write {
        "/auth-check/write"
    } else {
        "/auth-check"
    };
    format!("{}{suffix}", repo.api_path())
}

/// Asks everything the requirements need.
pub fn gather(hub: &Hub, reqs: &[Requirement], r: &Redactor) -> Gathered {
    let mut paths = vec!["/api/whoami-v2".to_string()];
    paths.extend(reqs.iter().map(|r| auth_check(&r.repo, r.write)));
    let mut first = ask_all(hub, paths).into_iter();
    let whoami = match first.next() {
        Some(Ok(o)) => Asked::Done(WhoamiReply::read(o, r)),
        _ => Asked::Lost,
    };
    let mut access: Vec<Access> = reqs
        .iter()
        .zip(first)
        .map(|(r, o)| access(r, o.map_or(Asked::Lost, |o| Asked::Done(drop_body(o)))))
        .collect();
    let accepted = matches!(&whoami, Asked::Done(w) if w.user().is_some());
    follow_up(hub, &mut access, accepted);
    Gathered {
        whoami,
        access,
        quota: hub.quota(),
    }
}

/// The second round: for each requirement not found ([`Existence::NotFound`],
/// as the verdict will judge it), the other types (and, for a write, the read
/// auth-check of the same repo).
fn follow_up(hub: &Hub, access: &mut [Access], token_accepted: bool) {
    let mut asks: Vec<(usize, Option<RepoType>, String)> = Vec::new();
    for (i, a) in access.iter().enumerate() {
        let Asked::Done(o) = &a.outcome else { continue };
        if !o
            .result
            .as_ref()
            .is_ok_and(|r| r.existence(token_accepted) == Existence::NotFound)
        {
            continue;
        }
        if a.write {
            asks.push((i, None, auth_check(&a.repo, false)));
        }
        for t in RepoType::ALL.into_iter().filter(|t| *t != a.repo.ty) {
            asks.push((i, Some(t), auth_check(&a.repo.with_type(t), false)));
        }
    }
    let answers = ask_all(hub, asks.iter().map(|(_, _, p)| p.clone()).collect());
    for ((i, ty, _), o) in asks.into_iter().zip(answers) {
        // A follow-up that produced nothing only leaves a hint out.
        let Ok(o) = o else { continue };
        let o = drop_body(o);
        match ty {
            None => access[i].read_probe = Some(o),
            Some(t) => access[i].alternatives.push((t, o)),
        }
    }
}

fn ask_all(hub: &Hub, paths: Vec<String>) -> Vec<Result<Outcome, pool::JobLost>> {
    let jobs: Vec<_> = paths.into_iter().map(|p| move || hub.get(&p)).collect();
    pool::run(jobs, WORKERS)
}

/// Access checks never read the body (the Hub's message was taken from it
/// already): drop it as soon as the answer is in.
fn drop_body(mut o: Outcome) -> Outcome {
    if let Ok(a) = &mut o.result {
        a.body = String::new();
    }
    o
}
