//! The whoami-v2 answer, turned into plain facts. Unknown fields are ignored,
//! unknown roles and permission strings pass through as they are.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whoami {
    pub name: String,
    pub orgs: Vec<Org>,
    pub token: TokenInfo,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub name: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenInfo {
    pub kind: Kind,
    pub name: Option<String>,
    /// `auth.expiresAt`, as the Hub wrote it.
    pub expires_at: Option<String>,
    pub fine_grained: Option<FineGrained>,
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

/// A string field, cleaned of control characters and shortened: it is shown to the user.
fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(crate::report::clean_hub_text)
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
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let token = v.get("auth").map(token_info).unwrap_or_default();
    Ok(Whoami { name, orgs, token })
}

fn token_info(auth: &Value) -> TokenInfo {
    let expires_at = string(auth, "expiresAt");
    let auth_type = string(auth, "type").unwrap_or_default();
    match auth_type.as_str() {
        "oauth" => TokenInfo {
            kind: Kind::OAuth,
            expires_at,
            ..TokenInfo::default()
        },
        "app" => TokenInfo {
            kind: Kind::App,
            name: auth
                .get("scope")
                .and_then(|s| string(s, "role"))
                .map(|r| format!("role {r}")),
            expires_at,
            fine_grained: None,
        },
        "access_token" | "" => {
            let Some(at) = auth.get("accessToken").filter(|a| a.is_object()) else {
                return TokenInfo {
                    kind: Kind::NoRole,
                    expires_at,
                    ..TokenInfo::default()
                };
            };
            let role = string(at, "role").unwrap_or_default();
            let kind = match role.as_str() {
                "read" => Kind::Read,
                "write" => Kind::Write,
                "fineGrained" => Kind::FineGrained,
                "" => Kind::NoRole,
                other => Kind::Other(other.to_string()),
            };
            let fine_grained =
                at.get("fineGrained")
                    .filter(|f| f.is_object())
                    .map(|fg| FineGrained {
                        can_read_gated: fg.get("canReadGatedRepos").and_then(Value::as_bool),
                        global: strings(fg.get("global")),
                        scoped: fg
                            .get("scoped")
                            .and_then(Value::as_array)
                            .map(|a| {
                                a.iter()
                                    .map(|s| {
                                        let entity = s.get("entity");
                                        Scope {
                                            entity_type: entity
                                                .and_then(|e| string(e, "type"))
                                                .unwrap_or_default(),
                                            entity_name: entity.and_then(|e| string(e, "name")),
                                            permissions: strings(s.get("permissions")),
                                        }
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    });
            let fine_grained = match kind {
                Kind::FineGrained => Some(fine_grained.unwrap_or_default()),
                _ => fine_grained,
            };
            TokenInfo {
                kind,
                name: string(at, "displayName"),
                expires_at: expires_at.or_else(|| string(at, "expiresAt")),
                fine_grained,
            }
        }
        other => TokenInfo {
            kind: Kind::Other(other.to_string()),
            expires_at,
            ..TokenInfo::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                role: Some("write".into())
            }
        );
        assert_eq!(w.orgs[1].role, None);
        assert_eq!(w.token.kind, Kind::Write);
        assert_eq!(w.token.name.as_deref(), Some("ci-writer"));
    }

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
}
