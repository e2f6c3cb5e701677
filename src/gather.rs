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

/// Requests in flight at most: one per connection the agent keeps.
pub const WORKERS: usize = crate::hub::CONNECTIONS;

/// What the Hub answered, or why nothing was asked.
#[derive(Debug)]
pub struct Gathered {
    pub whoami: Asked<WhoamiReply>,
    pub access: Vec<Access>,
    /// The API quota the answers told (the fewest left wins).
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
        similar: None,
    }
}

/// The request that proves the access: a repo's auth-check; for a bucket, its
/// info (huggingface_hub's `HfApi.bucket_info`, `GET /api/buckets/{ns}/{name}`:
/// 404 when it is missing or hidden) to read, and `xet-write-token` (hub-api.md:
/// it mints a short-lived storage token and changes nothing; `hub` never keeps
/// its body) to write.
fn auth_check(repo: &RepoId, write: bool) -> String {
    if repo.is_bucket() {
        return match write {
            true => format!("{}/xet-write-token", repo.api_path()),
            false => repo.api_path(),
        };
    }
    let suffix = if write {
        "/auth-check/write"
    } else {
        "/auth-check"
    };
    format!("{}{suffix}", repo.api_path())
}

/// A request asked or answered, named for a person ("whoami", "read acme/model"),
/// for the progress lines while the Hub is slow.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    Asked(&'a str),
    Answered(&'a str),
}

/// Where [`Event`]s go.
pub type Note<'a> = &'a (dyn Fn(Event<'_>) + Sync);

/// Asks everything the requirements need.
pub fn gather(hub: &Hub, reqs: &[Requirement], r: &Redactor, note: Note<'_>) -> Gathered {
    let mut asks = vec![("whoami".to_string(), "/api/whoami-v2".to_string())];
    asks.extend(
        reqs.iter()
            .map(|r| (label(&r.repo, r.write), auth_check(&r.repo, r.write))),
    );
    let mut first = ask_all(hub, asks, note).into_iter();
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
    follow_up(hub, &mut access, accepted, note);
    list_similar(hub, &mut access, accepted, note);
    Gathered {
        whoami,
        access,
        quota: hub.quota(),
    }
}

/// "read acme/model", "write datasets/me/data".
fn label(repo: &RepoId, write: bool) -> String {
    format!("{} {repo}", if write { "write" } else { "read" })
}

/// The second round: for each requirement not found ([`Existence::NotFound`],
/// as the verdict will judge it), the other types (and, for a write, the read
/// auth-check of the same repo).
fn follow_up(hub: &Hub, access: &mut [Access], token_accepted: bool, note: Note<'_>) {
    let mut asks: Vec<(usize, Option<RepoType>, String)> = Vec::new();
    for (i, a) in access.iter().enumerate() {
        let Asked::Done(o) = &a.outcome else { continue };
        // A bucket has no other types to try and no read auth-check to ask.
        if a.repo.is_bucket() {
            continue;
        }
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
    let named = asks
        .iter()
        .map(|(i, ty, p)| {
            let repo = ty.map_or_else(|| access[*i].repo.clone(), |t| access[*i].repo.with_type(t));
            (label(&repo, false), p.clone())
        })
        .collect();
    let answers = ask_all(hub, named, note);
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

/// Repos a listing returns at most: a namespace's repos, to look for a name
/// close to a `--write` repo that would be created (a typo).
pub const LISTING_LIMIT: usize = 500;

/// The third round, only for a write that no auth-check found (the repo would
/// be created): one listing of that namespace's repos of that type, for the
/// verdict to look for a close name. As huggingface_hub's `list_models`
/// (`list_datasets`, `list_spaces`): `GET /api/models?author=NS&limit=N`, a JSON
/// array of objects whose `id` is `ns/name`.
fn list_similar(hub: &Hub, access: &mut [Access], token_accepted: bool, note: Note<'_>) {
    let wanted: Vec<usize> = (0..access.len())
        .filter(|&i| found_nowhere(&access[i], token_accepted))
        .collect();
    let asks = wanted
        .iter()
        .map(|&i| {
            let r = &access[i].repo;
            let path = format!(
                "/api/{}?author={}&limit={LISTING_LIMIT}",
                r.ty.plural(),
                r.ns
            );
            (format!("the {} of `{}`", r.ty.plural(), r.ns), path)
        })
        .collect();
    let answers = ask_all(hub, asks, note);
    for (i, o) in wanted.into_iter().zip(answers) {
        let ns = access[i].repo.ns.clone();
        access[i].similar = Some(match o {
            Ok(o) => names_in(&o, &ns),
            Err(_) => Err("the listing produced no outcome".into()),
        });
    }
}

/// A write not found ([`Existence::NotFound`]) by its write and read
/// auth-checks and as every other type.
fn found_nowhere(a: &Access, token_accepted: bool) -> bool {
    let nf = |o: &Outcome| {
        o.result
            .as_ref()
            .is_ok_and(|r| r.existence(token_accepted) == Existence::NotFound)
    };
    let Asked::Done(o) = &a.outcome else {
        return false;
    };
    a.write
        && !a.repo.is_legacy()
        && !a.repo.is_bucket()
        && nf(o)
        && a.read_probe.as_ref().is_some_and(nf)
        && a.alternatives.iter().all(|(_, o)| nf(o))
}

/// The names in namespace `ns` a listing answered, or why there are none.
fn names_in(o: &Outcome, ns: &str) -> crate::verdict::Listing {
    let answer = o
        .result
        .as_ref()
        .map_err(|_| "the listing request failed".to_string())?;
    if !answer.is_success() {
        return Err(format!("the listing answered {}", answer.status));
    }
    let list: Vec<serde_json::Value> = serde_json::from_str(&answer.body)
        .map_err(|_| "the listing's answer was not a JSON array".to_string())?;
    Ok(list
        .iter()
        .filter_map(|v| v.get("id")?.as_str()?.split_once('/'))
        .filter(|(n, _)| n.eq_ignore_ascii_case(ns))
        .map(|(_, name)| name.to_string())
        .collect())
}

/// Asks every `(label, path)` on the pool; each is noted asked, then answered.
fn ask_all(
    hub: &Hub,
    asks: Vec<(String, String)>,
    note: Note<'_>,
) -> Vec<Result<Outcome, pool::JobLost>> {
    for (label, _) in &asks {
        note(Event::Asked(label));
    }
    let jobs: Vec<_> = asks
        .into_iter()
        .map(|(label, p)| {
            move || {
                let o = hub.get(&p);
                note(Event::Answered(&label));
                o
            }
        })
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::Origin;

    /// What the "still waiting" line names for each request: the access and
    /// the repo as the user wrote it (the type shown unless it is a model).
    #[test]
    fn waiting_labels_name_the_access_and_the_repo() {
        let hub = Origin::new("https", "huggingface.co").unwrap();
        let repo = |s: &str| crate::repo::parse(s, &hub).unwrap();
        assert_eq!(label(&repo("acme/model"), false), "read acme/model");
        assert_eq!(
            label(&repo("datasets/me/data"), true),
            "write datasets/me/data"
        );
    }

    /// A bucket is read through its info and written through the storage
    /// token it mints; a repo through its auth-checks.
    #[test]
    fn each_target_is_proved_by_its_own_request() {
        let hub = Origin::new("https", "huggingface.co").unwrap();
        let repo = |s: &str| crate::repo::parse(s, &hub).unwrap();
        let rows = [
            ("buckets/me/ckpt", false, "/api/buckets/me/ckpt"),
            (
                "hf://buckets/me/ckpt",
                true,
                "/api/buckets/me/ckpt/xet-write-token",
            ),
            ("me/model", false, "/api/models/me/model/auth-check"),
            ("spaces/me/app", true, "/api/spaces/me/app/auth-check/write"),
        ];
        for (given, write, path) in rows {
            assert_eq!(auth_check(&repo(given), write), path, "{given}");
        }
        assert!(crate::hub::mints_token(&auth_check(
            &repo("buckets/me/c"),
            true
        )));
        assert!(!crate::hub::mints_token(&auth_check(
            &repo("buckets/me/c"),
            false
        )));
    }
}
