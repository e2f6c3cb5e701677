//! A small model of the Hub: users, orgs, tokens and repos, answering
//! whoami-v2 and auth-check as `shared/docs/hub-api.md` describes.

use serde_json::{Value, json};

use super::{Recorded, Reply};

#[derive(Clone, Debug)]
pub enum Kind {
    Read,
    Write,
    /// `canReadGatedRepos` (None: absent) and scoped entries `(type, name, permissions)`.
    Fine(
        Option<bool>,
        Vec<(&'static str, &'static str, Vec<&'static str>)>,
    ),
    OAuth(String),
    App,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub value: String,
    pub user: String,
    pub name: String,
    pub kind: Kind,
}

#[derive(Clone, Debug, Default)]
pub struct Repo {
    /// `models`, `datasets` or `spaces`.
    pub ty: &'static str,
    pub id: &'static str,
    pub private: bool,
    pub gated: bool,
    pub granted: Vec<&'static str>,
    pub disabled: bool,
    pub creator: Option<&'static str>,
    pub renamed_to: Option<&'static str>,
}

impl Repo {
    pub fn public(ty: &'static str, id: &'static str) -> Repo {
        Repo {
            ty,
            id,
            ..Repo::default()
        }
    }
}

/// A storage bucket: `ns/name`, private or not.
#[derive(Clone, Debug)]
pub struct Bucket {
    pub id: &'static str,
    pub private: bool,
}

/// What the fake Hub's `xet-write-token` mints: a recognisable value that must
/// reach no output, log or JSON of the check (it is not a Hugging Face token).
pub const MINTED_STORAGE_TOKEN: &str = "mtQ7vZ3kW9pX2rT8yL4nB6cD1fG5hJ0sAeU";

#[derive(Clone, Debug, Default)]
pub struct Hub {
    /// user -> orgs with role
    pub users: Vec<(&'static str, Vec<(&'static str, &'static str)>)>,
    pub tokens: Vec<Token>,
    pub repos: Vec<Repo>,
    pub buckets: Vec<Bucket>,
}

/// A realistic token value: `hf_` + 34 letters and digits, distinct per seed.
pub fn token_value(seed: &str) -> String {
    let mut out = String::from("hf_");
    let mut x: u64 = 0xcbf29ce484222325;
    for b in seed.bytes() {
        x = (x ^ b as u64).wrapping_mul(0x100000001b3);
    }
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for _ in 0..34 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push(alphabet[(x % alphabet.len() as u64) as usize] as char);
    }
    out
}

impl Hub {
    /// alice (member of acme as `write`, of readers as `read`, of helpers as
    /// `contributor`, of bosses as `admin`) and the usual repos.
    pub fn standard() -> Hub {
        Hub {
            users: vec![
                (
                    "alice",
                    vec![
                        ("acme", "write"),
                        ("readers", "read"),
                        ("helpers", "contributor"),
                        ("bosses", "admin"),
                    ],
                ),
                ("bob", vec![]),
            ],
            tokens: Vec::new(),
            repos: vec![
                Repo::public("models", "alice/model"),
                Repo::public("models", "acme/model"),
                Repo::public("datasets", "acme/data"),
                Repo::public("spaces", "acme/app"),
                Repo {
                    private: true,
                    ..Repo::public("models", "acme/private")
                },
                Repo {
                    private: true,
                    ..Repo::public("models", "bob/secret")
                },
                Repo {
                    gated: true,
                    granted: vec!["alice"],
                    ..Repo::public("models", "meta/granted")
                },
                Repo {
                    gated: true,
                    ..Repo::public("models", "meta/gated")
                },
                Repo {
                    disabled: true,
                    ..Repo::public("models", "acme/disabled")
                },
                Repo::public("models", "readers/model"),
                Repo {
                    creator: Some("alice"),
                    ..Repo::public("models", "helpers/mine")
                },
                Repo {
                    creator: Some("carol"),
                    ..Repo::public("models", "helpers/theirs")
                },
                Repo::public("models", "bosses/model"),
                Repo::public("models", "bob/model"),
                Repo {
                    renamed_to: Some("acme/new-name"),
                    ..Repo::public("models", "acme/old-name")
                },
                Repo::public("models", "acme/new-name"),
            ],
            buckets: vec![
                Bucket {
                    id: "alice/checkpoints",
                    private: true,
                },
                Bucket {
                    id: "acme/shared",
                    private: true,
                },
                Bucket {
                    id: "readers/logs",
                    private: true,
                },
                Bucket {
                    id: "bob/public",
                    private: false,
                },
            ],
        }
    }

    pub fn with_token(mut self, seed: &str, user: &str, name: &str, kind: Kind) -> (Hub, String) {
        let value = token_value(seed);
        self.tokens.push(Token {
            value: value.clone(),
            user: user.to_string(),
            name: name.to_string(),
            kind,
        });
        (self, value)
    }

    fn orgs_of(&self, user: &str) -> Vec<(&'static str, &'static str)> {
        self.users
            .iter()
            .find(|(u, _)| *u == user)
            .map(|(_, o)| o.clone())
            .unwrap_or_default()
    }

    pub fn whoami_body(&self, t: &Token) -> Value {
        let orgs: Vec<Value> = self
            .orgs_of(&t.user)
            .iter()
            .map(|(o, r)| json!({"type": "org", "id": "6400000000000000000000aa", "name": o, "fullname": o, "roleInOrg": r}))
            .collect();
        let auth = match &t.kind {
            Kind::Read | Kind::Write => json!({"type": "access_token", "accessToken": {
                "displayName": t.name, "role": if matches!(t.kind, Kind::Read) { "read" } else { "write" },
                "createdAt": "2026-01-02T03:04:05.000Z"}}),
            Kind::Fine(gated, scoped) => {
                let mut fg = json!({"global": ["discussion.write", "post.write"],
                    "scoped": scoped.iter().map(|(ty, name, perms)| json!({
                        "entity": {"_id": "6a6100000000000000000001", "type": ty, "name": name},
                        "permissions": perms})).collect::<Vec<_>>()});
                if let Some(g) = gated {
                    fg["canReadGatedRepos"] = json!(g);
                }
                json!({"type": "access_token", "accessToken": {"displayName": t.name, "role": "fineGrained",
                    "createdAt": "2026-07-23T10:27:03.276Z", "fineGrained": fg}})
            }
            Kind::OAuth(expires) => json!({"type": "oauth", "expiresAt": expires}),
            Kind::App => json!({"type": "app", "scope": {"role": "write", "entities": []}}),
        };
        json!({"type": "user", "id": "62f264b9f3c90f4b6514a269", "name": t.user, "fullname": t.user,
            "email": format!("{}@example.com", t.user), "emailVerified": true, "canPay": false, "isPro": false,
            "orgs": orgs, "auth": auth, "periodEnd": null})
    }

    fn fine_grants(&self, t: &Token, repo_ty: &str, ns: &str, full: &str, perm: &str) -> bool {
        let Kind::Fine(_, scoped) = &t.kind else {
            return true;
        };
        let singular = repo_ty.trim_end_matches('s');
        scoped.iter().any(|(ty, name, perms)| {
            perms.contains(&perm)
                && ((*ty == "user" || *ty == "org") && *name == ns
                    || *ty == singular && *name == full)
        })
    }

    /// A repo listing, as huggingface_hub's `list_models` (`list_datasets`,
    /// `list_spaces`) reads it (hub-api.md does not cover listings): `GET
    /// /api/models?author=NS&search=TEXT&limit=N` answers 200 with a JSON array
    /// of objects whose `id` is `ns/name`: the public repos, and the private
    /// ones of namespaces the token's user belongs to; `search` keeps the ids
    /// that contain it (case ignored). `None` for any other path.
    pub fn listing(&self, path: &str, token: Option<&Token>) -> Option<Reply> {
        let (ty, query) = path.strip_prefix("/api/")?.split_once('?')?;
        if !matches!(ty, "models" | "datasets" | "spaces") {
            return None;
        }
        let param = |k: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(k)?.strip_prefix('='))
        };
        let (author, search) = (param("author"), param("search").map(str::to_lowercase));
        let limit: usize = param("limit")
            .and_then(|l| l.parse().ok())
            .unwrap_or(usize::MAX);
        let visible = |p: &&Repo| {
            let ns = p.id.split('/').next().unwrap_or("");
            !p.private
                || token.is_some_and(|t| {
                    t.user == ns || self.orgs_of(&t.user).iter().any(|(o, _)| *o == ns)
                })
        };
        let ids: Vec<Value> = self
            .repos
            .iter()
            .filter(|p| p.ty == ty)
            .filter(|p| author.is_none_or(|a| p.id.split('/').next() == Some(a)))
            .filter(|p| search.as_deref().is_none_or(|s| p.id.to_lowercase().contains(s)))
            .filter(visible)
            .take(limit)
            .map(|p| json!({"_id": "6a6100000000000000000002", "id": p.id, "private": p.private, "likes": 0, "downloads": 0, "tags": []}))
            .collect();
        Some(Reply::json(200, &Value::Array(ids)).header("x-request-id", "Root=1-list"))
    }

    /// Buckets, as hub-api.md ("Answers seen, 2026-12") and huggingface_hub's
    /// `HfApi.bucket_info` describe them: `GET /api/buckets/NS/NAME` answers the
    /// bucket's info (404 `RepoNotFound` when it is missing or private and
    /// hidden); `GET /api/buckets/NS/NAME/xet-write-token` mints a storage token
    /// `{accessToken, exp, casUrl}` for a token that can write, else 401 (invalid
    /// token), 403 (no write on the bucket), 404 (no such bucket). Who may write:
    /// a classic write token of the owner or of an org member with role `write`
    /// or `admin`; a fine-grained token with `repo.write` on the bucket itself
    /// (entity type `bucket`) or on its namespace. `None` for any other path.
    pub fn bucket(&self, path: &str, token: Option<&Token>) -> Option<Reply> {
        let rest = path.strip_prefix("/api/buckets/")?;
        let parts: Vec<&str> = rest.split('/').collect();
        let (ns, name, write) = match parts.as_slice() {
            [ns, name] => (*ns, *name, false),
            [ns, name, "xet-write-token"] => (*ns, *name, true),
            _ => return None,
        };
        let Some(t) = token else {
            return Some(Reply::error(
                401,
                None,
                "Invalid credentials in Authorization header",
            ));
        };
        let full = format!("{ns}/{name}");
        let role = self
            .orgs_of(&t.user)
            .iter()
            .find(|(o, _)| *o == ns)
            .map(|(_, r)| *r);
        let member = t.user == ns || role.is_some();
        let not_found = || Reply::error(404, Some("RepoNotFound"), "Repository not found");
        let Some(b) = self.buckets.iter().find(|b| b.id == full) else {
            return Some(not_found());
        };
        if b.private && !member {
            return Some(not_found());
        }
        if !write {
            let info = json!({"id": full, "private": b.private, "createdAt": "2026-02-06T17:37:57.000Z",
                "size": 551879671, "totalFiles": 12});
            return Some(Reply::json(200, &info).header("x-request-id", "Root=1-bucket-info"));
        }
        let may = match &t.kind {
            Kind::Write => t.user == ns || matches!(role, Some("write" | "admin")),
            Kind::Fine(_, scoped) => scoped.iter().any(|(ty, n, perms)| {
                perms.contains(&"repo.write")
                    && (*ty == "bucket" && *n == full || matches!(*ty, "user" | "org") && *n == ns)
            }),
            _ => false,
        };
        if !may {
            return Some(Reply::new(403).header("x-request-id", "Root=1-bucket-403"));
        }
        let minted = json!({"accessToken": MINTED_STORAGE_TOKEN, "exp": 1_900_000_000u64,
            "casUrl": "https://cas-server.xethub.hf.co"});
        Some(Reply::json(200, &minted).header("x-request-id", "Root=1-xet-write"))
    }

    /// The Hub's answer to a request.
    pub fn answer(&self, r: &Recorded) -> Reply {
        let invalid = || Reply::error(401, None, "Invalid credentials in Authorization header");
        let token = r
            .bearer()
            .and_then(|b| self.tokens.iter().find(|t| t.value == b));
        if r.path == "/api/whoami-v2" {
            return match token {
                Some(t) => {
                    Reply::json(200, &self.whoami_body(t)).header("x-request-id", "Root=1-whoami")
                }
                None => invalid(),
            };
        }
        if let Some(listing) = self.listing(&r.path, token) {
            return listing;
        }
        if let Some(bucket) = self.bucket(&r.path, token) {
            return bucket;
        }
        let parts: Vec<&str> = r.path.trim_start_matches('/').split('/').collect();
        let (ty, ns, name, write) = match parts.as_slice() {
            ["api", ty, ns, name, "auth-check"] => (*ty, *ns, *name, false),
            ["api", ty, ns, name, "auth-check", "write"] => (*ty, *ns, *name, true),
            _ => {
                return Reply::error(
                    404,
                    None,
                    "Sorry, we can't find the page you are looking for.",
                );
            }
        };
        let Some(t) = token else { return invalid() };
        let full = format!("{ns}/{name}");
        let not_found = || Reply::error(404, Some("RepoNotFound"), "Repository not found");
        let Some(repo) = self.repos.iter().find(|p| p.ty == ty && p.id == full) else {
            return not_found();
        };
        if let Some(new) = repo.renamed_to {
            let rest = if write {
                "auth-check/write"
            } else {
                "auth-check"
            };
            return Reply::new(307).header("location", &format!("/api/{ty}/{new}/{rest}"));
        }
        let orgs = self.orgs_of(&t.user);
        let role = orgs.iter().find(|(o, _)| *o == ns).map(|(_, r)| *r);
        let member = t.user == ns || role.is_some();
        if repo.private && !member {
            return not_found();
        }
        if repo.disabled {
            return Reply::error(403, None, "Access to this resource is disabled.");
        }
        if !write {
            if repo.gated {
                let fine_blocks = matches!(&t.kind, Kind::Fine(g, _) if *g != Some(true));
                let granted = repo.granted.contains(&t.user.as_str());
                if granted && fine_blocks {
                    // A granted user whose fine-grained token has the gated-repos
                    // setting off: no `X-Error-Code` (hub-api.md, "Answers seen, 2026-12").
                    return Reply::error(
                        403,
                        None,
                        "Please enable access to public gated repositories in your fine-grained token settings to view this repository",
                    );
                }
                if !granted {
                    return Reply::error(
                        403,
                        Some("GatedRepo"),
                        &format!(
                            "Access to model {full} is restricted and you are not in the authorized list. Visit https://huggingface.co/{full} to ask for access."
                        ),
                    );
                }
            }
            if repo.private && !self.fine_grants(t, ty, ns, &full, "repo.content.read") {
                return Reply::error(
                    403,
                    None,
                    "This fine-grained token does not have access to this repository",
                );
            }
            return Reply::json(200, &json!({})).header("x-request-id", "Root=1-read");
        }
        let denied = |m: &str| Reply::error(403, None, m);
        if matches!(t.kind, Kind::Read) {
            return denied("You don't have the rights to write to this repository");
        }
        if !self.fine_grants(t, ty, ns, &full, "repo.write") {
            return denied("This fine-grained token does not have write access to this repository");
        }
        match role {
            Some("read") => return denied("You don't have the rights to write to this repository"),
            // The real Hub answers 404 on `/write` for a contributor's look at a repo
            // someone else created, while the read auth-check answers 200 (hub-api.md).
            Some("contributor") if repo.creator != Some(t.user.as_str()) => return not_found(),
            None if t.user != ns => {
                return denied("You don't have the rights to write to this repository");
            }
            _ => {}
        }
        Reply::json(200, &json!({})).header("x-request-id", "Root=1-write")
    }
}
