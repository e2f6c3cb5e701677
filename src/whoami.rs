//! The whoami-v2 answer, turned into plain facts. Unknown fields are ignored,
//! unknown roles and permission strings pass through as they are.

use serde_json::Value;

use crate::answer::Outcome;
use crate::sanitize::{Redactor, hub_text};
use crate::token::Scopes;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whoami {
    pub name: String,
    pub orgs: Vec<Org>,
    pub token: TokenInfo,
    /// `isPro` (`None` when absent): Hugging Face Jobs need a PRO account or a paying org.
    pub is_pro: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub name: String,
    pub role: Option<String>,
    /// What whoami tells of the org's plan, when it does: `plan` (as sent),
    /// `isEnterprise`, `canPay` (huggingface.js `WhoAmIOrg`).
    pub plan: Option<String>,
    pub enterprise: Option<bool>,
    pub can_pay: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenInfo {
    pub kind: Kind,
    pub name: Option<String>,
    /// `auth.expiresAt` (or `auth.accessToken.expiresAt` / `.expiration`), as the Hub wrote it.
    pub expires_at: Option<String>,
    /// `accessToken.createdAt`, as the Hub wrote it.
    pub created_at: Option<String>,
    pub fine_grained: Option<FineGrained>,
    /// `auth.type` is `alternate_authentication_method`: the backing token's role applies.
    pub alternate: bool,
    /// What an OAuth or trusted-publisher token claims in itself (`crate::token::Scopes`),
    /// set once whoami accepted it; `None` for user access tokens.
    pub scopes: Option<Scopes>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Kind {
    Read,
    Write,
    FineGrained,
    OAuth,
    App,
    /// An `access_token` without `accessToken` (legacy org tokens answer so).
    #[default]
    NoRole,
    /// A role or auth type not documented: reported as the Hub sent it.
    Other(String),
}

impl Kind {
    /// The name used in the JSON report and in messages.
    pub fn label(&self) -> Option<String> {
        match self {
            Kind::Read => Some("read".into()),
            Kind::Write => Some("write".into()),
            Kind::FineGrained => Some("fine-grained".into()),
            Kind::OAuth => Some("oauth".into()),
            Kind::App => Some("app".into()),
            Kind::NoRole => None,
            Kind::Other(s) => Some(s.clone()),
        }
    }

    /// An app or an OAuth token acts for someone else: outside the namespaces
    /// whoami lists, there is no membership to ask for, and whoami cannot tell
    /// what it may do there (hub-api.md).
    pub fn no_membership_to_ask(&self) -> bool {
        matches!(self, Kind::App | Kind::OAuth)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FineGrained {
    /// `None` when the field is absent.
    pub can_read_gated: Option<bool>,
    pub global: Vec<String>,
    pub scoped: Vec<Scope>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub entity_type: String,
    pub entity_name: Option<String>,
    pub permissions: Vec<String>,
}

impl FineGrained {
    /// Does a scoped entry of this type and name hold this permission?
    pub fn grants(&self, entity_type: &str, name: &str, permission: &str) -> bool {
        self.scoped.iter().any(|s| {
            s.entity_type == entity_type
                && s.entity_name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && s.permissions.iter().any(|p| p == permission)
        })
    }

    /// The entities this token grants a permission on, as `name (type)`.
    pub fn entities_with(&self, permission: &str) -> Vec<String> {
        self.scoped
            .iter()
            .filter(|s| s.permissions.iter().any(|p| p == permission))
            .map(|s| match &s.entity_name {
                Some(n) => format!("`{n}` ({})", s.entity_type),
                None => format!("a {}", s.entity_type),
            })
            .collect()
    }
}

/// A string field as it was sent; [`WhoamiReply::read`] cleans the result.
fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

impl Whoami {
    /// Every string the Hub sent, made safe to show.
    fn cleaned(mut self, r: &Redactor) -> Whoami {
        let c = |s: &mut String| *s = hub_text(r, s);
        let co = |s: &mut Option<String>| {
            if let Some(s) = s {
                *s = hub_text(r, s);
            }
        };
        c(&mut self.name);
        for o in &mut self.orgs {
            c(&mut o.name);
            co(&mut o.role);
            co(&mut o.plan);
        }
        let t = &mut self.token;
        if let Kind::Other(k) = &mut t.kind {
            c(k);
        }
        co(&mut t.name);
        co(&mut t.expires_at);
        co(&mut t.created_at);
        if let Some(fg) = &mut t.fine_grained {
            for s in &mut fg.scoped {
                c(&mut s.entity_type);
                co(&mut s.entity_name);
            }
        }
        self
    }
}

/// The whoami answer: how the request went and, for a 200, its body read into
/// facts (or why it is not the documented JSON). The body itself is dropped.
#[derive(Debug, Clone)]
pub struct WhoamiReply {
    pub outcome: Outcome,
    pub parsed: Option<Result<Whoami, String>>,
}

impl WhoamiReply {
    /// Parses a 200's body once (every string redacted, cleaned and shortened:
    /// it is shown to the user), then drops the body.
    pub fn read(mut outcome: Outcome, r: &Redactor) -> WhoamiReply {
        let parsed = match &mut outcome.result {
            Ok(a) if a.status == 200 => {
                Some(parse(&std::mem::take(&mut a.body)).map(|w| w.cleaned(r)))
            }
            Ok(a) => {
                a.body = String::new();
                None
            }
            Err(_) => None,
        };
        WhoamiReply { outcome, parsed }
    }

    /// The user, when whoami accepted the token (200 and the documented JSON).
    pub fn user(&self) -> Option<&Whoami> {
        match &self.parsed {
            Some(Ok(w)) => Some(w),
            _ => None,
        }
    }
}

/// Parses the body of a 200 answer. `Err` says why it is not the documented JSON.
pub fn parse(body: &str) -> Result<Whoami, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("the body is not JSON ({e})"))?;
    if !v.is_object() {
        return Err("the body is JSON but not an object".to_string());
    }
    let name = string(&v, "name").ok_or("the body has no `name` string")?;
    let orgs = v
        .get("orgs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|o| {
                    Some(Org {
                        name: string(o, "name")?,
                        role: string(o, "roleInOrg"),
                        plan: string(o, "plan"),
                        enterprise: o.get("isEnterprise").and_then(Value::as_bool),
                        can_pay: o.get("canPay").and_then(Value::as_bool),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let token = v.get("auth").map(|a| token_info(a, &v)).unwrap_or_default();
    let is_pro = v.get("isPro").and_then(Value::as_bool);
    Ok(Whoami {
        name,
        orgs,
        token,
        is_pro,
    })
}

/// The credential, by `auth.type` (huggingface.js `AuthType`): `access_token` and
/// `alternate_authentication_method` carry an `accessToken` with a role; `oauth`
/// an expiry; `app_token` a top-level `scope`. Anything else is reported as sent.
fn token_info(auth: &Value, whole: &Value) -> TokenInfo {
    let expires_at = string(auth, "expiresAt");
    let auth_type = string(auth, "type").unwrap_or_default();
    let info = match auth_type.as_str() {
        "oauth" => TokenInfo {
            kind: Kind::OAuth,
            ..TokenInfo::default()
        },
        "app" | "app_token" | "app_token_as_user" => app_token(auth, whole, &auth_type),
        "access_token" | "" => access_token(auth),
        "alternate_authentication_method" => TokenInfo {
            alternate: true,
            ..access_token(auth)
        },
        other => TokenInfo {
            kind: Kind::Other(other.to_string()),
            ..TokenInfo::default()
        },
    };
    TokenInfo {
        expires_at: expires_at.or(info.expires_at),
        ..info
    }
}

fn app_token(auth: &Value, whole: &Value, auth_type: &str) -> TokenInfo {
    // The scope is top-level in the documented shape; older mocks put it in `auth`.
    let role = whole
        .get("scope")
        .or_else(|| auth.get("scope"))
        .and_then(|s| string(s, "role"));
    let name = match (role, auth_type) {
        (Some(r), "app_token_as_user") => Some(format!("role {r}, acting as the user")),
        (Some(r), _) => Some(format!("role {r}")),
        (None, "app_token_as_user") => Some("acting as the user".to_string()),
        (None, _) => None,
    };
    TokenInfo {
        kind: Kind::App,
        name,
        ..TokenInfo::default()
    }
}

fn access_token(auth: &Value) -> TokenInfo {
    let Some(at) = auth.get("accessToken").filter(|a| a.is_object()) else {
        return TokenInfo::default();
    };
    let kind = match string(at, "role").unwrap_or_default().as_str() {
        "read" => Kind::Read,
        "write" => Kind::Write,
        "fineGrained" => Kind::FineGrained,
        "" => Kind::NoRole,
        other => Kind::Other(other.to_string()),
    };
    let fine_grained = at
        .get("fineGrained")
        .filter(|f| f.is_object())
        .map(fine_grained);
    let fine_grained = match kind {
        Kind::FineGrained => Some(fine_grained.unwrap_or_default()),
        _ => fine_grained,
    };
    TokenInfo {
        kind,
        name: string(at, "displayName"),
        // huggingface.js types an access token's expiry as `expiration` too.
        expires_at: string(at, "expiresAt").or_else(|| string(at, "expiration")),
        created_at: string(at, "createdAt"),
        fine_grained,
        alternate: false,
        scopes: None,
    }
}

fn fine_grained(fg: &Value) -> FineGrained {
    let scope = |s: &Value| {
        let entity = s.get("entity");
        Scope {
            entity_type: entity.and_then(|e| string(e, "type")).unwrap_or_default(),
            entity_name: entity.and_then(|e| string(e, "name")),
            permissions: strings(s.get("permissions")),
        }
    };
    FineGrained {
        can_read_gated: fg.get("canReadGatedRepos").and_then(Value::as_bool),
        global: strings(fg.get("global")),
        scoped: fg
            .get("scoped")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(scope).collect())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A classic token's user, orgs, kind and name are read; unknown fields are harmless.
    #[test]
    fn classic_token() {
        let w = parse(r#"{"type":"user","name":"alice","extra":{"x":1},
            "orgs":[{"name":"acme","roleInOrg":"write"},{"name":"other"}],
            "auth":{"type":"access_token","accessToken":{"displayName":"ci-writer","role":"write"}}}"#)
        .unwrap();
        assert_eq!(w.name, "alice");
        assert_eq!(
            w.orgs[0],
            Org {
                name: "acme".into(),
                role: Some("write".into()),
                plan: None,
                enterprise: None,
                can_pay: None,
            }
        );
        assert_eq!(w.orgs[1].role, None);
        assert_eq!(w.token.kind, Kind::Write);
        assert_eq!(w.token.name.as_deref(), Some("ci-writer"));
    }

    /// Fine-grained permissions are read; unknown permission strings pass through.
    #[test]
    fn fine_grained_token() {
        let w = parse(r#"{"name":"alice","auth":{"type":"access_token","accessToken":{"displayName":"deploy","role":"fineGrained",
            "fineGrained":{"scoped":[{"entity":{"type":"user","name":"alice"},"permissions":["repo.write","weird.new"]},
            {"entity":{"type":"resource-group","_id":"x"},"permissions":["repo.write"]}]}}}}"#)
        .unwrap();
        let fg = w.token.fine_grained.unwrap();
        assert_eq!(fg.can_read_gated, None);
        assert!(fg.grants("user", "alice", "repo.write"));
        assert!(!fg.grants("org", "alice", "repo.write"));
        assert_eq!(
            fg.entities_with("repo.write"),
            vec!["`alice` (user)", "a resource-group"]
        );
    }

    /// Every credential kind the Hub documents is named, and an unknown one is reported as sent.
    #[test]
    fn kinds_table() {
        let rows = [
            (
                r#"{"type":"oauth","expiresAt":"2030-01-01T00:00:00Z"}"#,
                Kind::OAuth,
            ),
            (
                r#"{"type":"app","scope":{"role":"write","entities":[]}}"#,
                Kind::App,
            ),
            (r#"{"type":"app_token"}"#, Kind::App),
            (
                r#"{"type":"alternate_authentication_method","expiresAt":"2030-01-01T00:00:00Z","accessToken":{"displayName":"alt","role":"read"}}"#,
                Kind::Read,
            ),
            (r#"{"type":"access_token"}"#, Kind::NoRole),
            (
                r#"{"type":"access_token","accessToken":{"role":"admin"}}"#,
                Kind::Other("admin".into()),
            ),
            (r#"{"type":"weird"}"#, Kind::Other("weird".into())),
            (r#"7"#, Kind::NoRole),
        ];
        for (auth, kind) in rows {
            let w = parse(&format!(r#"{{"name":"a","auth":{auth}}}"#)).unwrap();
            assert_eq!(w.token.kind, kind, "{auth}");
        }
    }

    /// A body that is not the documented JSON is an error, never a panic.
    #[test]
    fn not_the_documented_json() {
        for body in [
            "",
            "<html>",
            "[]",
            "null",
            r#"{"name":5}"#,
            r#"{"user":"a"}"#,
            "{\"name\":\"a\"",
        ] {
            assert!(parse(body).is_err(), "{body}");
        }
    }

    /// An app token (top-level `scope`) is an app with its role; no org membership is implied.
    #[test]
    fn app_token_shape() {
        let w = parse(r#"{"type":"app","name":"my-app","scope":{"role":"contributor","entities":[{"type":"org","name":"acme"}]},"auth":{"type":"app_token"}}"#).unwrap();
        assert_eq!(w.token.kind, Kind::App);
        assert_eq!(w.token.name.as_deref(), Some("role contributor"));
        assert!(w.orgs.is_empty());
    }

    /// whoami's body is parsed once and dropped; other answers keep no body.
    #[test]
    fn reply_parses_once_and_drops_the_body() {
        let ok = Outcome::answer(crate::answer::Answer {
            status: 200,
            body: r#"{"name":"a","auth":{"type":"access_token","accessToken":{"role":"read","createdAt":"2026-01-02T03:04:05.000Z"}}}"#.into(),
            ..Default::default()
        });
        let r = WhoamiReply::read(ok, &Redactor::none());
        let w = r.parsed.unwrap().unwrap();
        assert_eq!(
            w.token.created_at.as_deref(),
            Some("2026-01-02T03:04:05.000Z")
        );
        assert_eq!(r.outcome.result.unwrap().body, "");
        let denied = Outcome::answer(crate::answer::Answer {
            status: 401,
            body: "{}".into(),
            ..Default::default()
        });
        assert!(
            WhoamiReply::read(denied, &Redactor::none())
                .parsed
                .is_none()
        );
    }
}
