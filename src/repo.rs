//! REPO arguments: parsing `ns/name`, `datasets/ns/name`, `hf://...` and Hub URLs,
//! and storage buckets (`buckets/ns/name`, `hf://buckets/ns/name`, the bucket's URL).

use std::fmt;

use crate::origin::{Origin, Url};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RepoType {
    Model,
    Dataset,
    Space,
    /// A storage bucket: no git, no gating, its own API (`/api/buckets/...`).
    Bucket,
}

impl RepoType {
    /// The git repo types (a bucket is not one: no auth-check, no "did you mean").
    pub const ALL: [RepoType; 3] = [RepoType::Model, RepoType::Dataset, RepoType::Space];

    /// The plural used in API paths: `models`, `datasets`, `spaces`.
    pub fn plural(self) -> &'static str {
        match self {
            RepoType::Model => "models",
            RepoType::Dataset => "datasets",
            RepoType::Space => "spaces",
            RepoType::Bucket => "buckets",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            RepoType::Model => "model",
            RepoType::Dataset => "dataset",
            RepoType::Space => "space",
            RepoType::Bucket => "bucket",
        }
    }

    fn from_plural(s: &str) -> Option<RepoType> {
        RepoType::ALL
            .into_iter()
            .chain([RepoType::Bucket])
            .find(|t| t.plural() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RepoId {
    pub ty: RepoType,
    pub ns: String,
    pub name: String,
}

impl RepoId {
    /// A storage bucket rather than a git repo.
    pub fn is_bucket(&self) -> bool {
        self.ty == RepoType::Bucket
    }

    /// A legacy id without a namespace (`gpt2`): the Hub redirects it.
    pub fn is_legacy(&self) -> bool {
        self.ns.is_empty()
    }

    /// `ns/name`, or `name` for a legacy id.
    pub fn full_name(&self) -> String {
        if self.is_legacy() {
            self.name.clone()
        } else {
            format!("{}/{}", self.ns, self.name)
        }
    }

    /// `model `ns/name``, `dataset `ns/name``: the type said once, in words.
    pub fn label(&self) -> String {
        format!("{} `{}`", self.ty.singular(), self.full_name())
    }

    /// `/api/models/ns/name`
    pub fn api_path(&self) -> String {
        format!("/api/{}/{}", self.ty.plural(), self.full_name())
    }

    /// The path of the repo's page: `/ns/name`, `/datasets/ns/name`.
    pub fn web_path(&self) -> String {
        match self.ty {
            RepoType::Model => format!("/{}", self.full_name()),
            t => format!("/{}/{}", t.plural(), self.full_name()),
        }
    }

    pub fn with_type(&self, ty: RepoType) -> RepoId {
        RepoId { ty, ..self.clone() }
    }

    /// Reads a repo back from an API path such as `/api/models/ns/name/auth-check`.
    pub fn from_api_path(path: &str) -> Option<RepoId> {
        let mut parts = path.trim_start_matches('/').split('/');
        if parts.next()? != "api" {
            return None;
        }
        let ty = RepoType::from_plural(parts.next()?)?;
        let ns = parts.next()?;
        let name = parts.next()?;
        check_part(ns, "namespace").ok()?;
        check_part(name, "name").ok()?;
        Some(RepoId {
            ty,
            ns: ns.to_string(),
            name: name.to_string(),
        })
    }
}

/// Canonical form: `acme/model`, `datasets/acme/data`, `spaces/acme/app`.
impl fmt::Display for RepoId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ty {
            RepoType::Model => write!(f, "{}", self.full_name()),
            t => write!(f, "{}/{}", t.plural(), self.full_name()),
        }
    }
}

/// Parses a REPO argument. The error says what is wrong with it.
pub fn parse(input: &str, endpoint: &Origin) -> Result<RepoId, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("REPO is empty".to_string());
    }
    if s.chars().any(|c| c.is_control()) {
        return Err("REPO contains control characters".to_string());
    }
    let (path, from_url) = if let Some(rest) = s.strip_prefix("hf://") {
        (strip_revision(rest), false)
    } else if s.contains("://") {
        (url_path(s, endpoint)?, true)
    } else {
        (s.to_string(), false)
    };
    let path = if from_url {
        path.trim_end_matches('/')
    } else {
        path.as_str()
    };
    let parts: Vec<&str> = path.split('/').collect();
    let (ty, ns, name) = split_parts(&parts, from_url)?;
    if let Some(ns) = ns {
        check_part(ns, "namespace")?;
    }
    check_part(name, "name")?;
    Ok(RepoId {
        ty,
        ns: ns.unwrap_or_default().to_string(),
        name: name.to_string(),
    })
}

/// What a REPO that fits no spelling is told.
pub const EXPECTED_ANY: &str = "expected `namespace/name`, `datasets/namespace/name`, \
                                `spaces/namespace/name` or `buckets/namespace/name`";

/// `[TYPE/][NAMESPACE/]NAME`. A name without a namespace is a legacy id
/// (`gpt2`, `datasets/squad`): the Hub still serves those through a redirect
/// to the canonical `namespace/name`, and huggingface_hub accepts them.
fn split_parts<'a>(
    parts: &[&'a str],
    from_url: bool,
) -> Result<(RepoType, Option<&'a str>, &'a str), String> {
    let typed = |t: &str| RepoType::from_plural(t);
    match parts {
        ["buckets", ..] if parts.len() < 3 => Err(
            "a bucket is written `buckets/namespace/name` (no legacy name without a namespace)"
                .to_string(),
        ),
        [one] => Ok((RepoType::Model, None, one)),
        [ty, name] if typed(ty).is_some() => Ok((typed(ty).unwrap_or(RepoType::Model), None, name)),
        [ns, name] => Ok((RepoType::Model, Some(ns), name)),
        [ty, ns, name, ..] if typed(ty).is_some() => {
            if !from_url && parts.len() > 3 {
                return Err(format!(
                    "expected `[TYPE/]namespace/name`, got {} parts",
                    parts.len()
                ));
            }
            Ok((typed(ty).unwrap_or(RepoType::Model), Some(ns), name))
        }
        [ty, _, _] if matches!(*ty, "model" | "dataset" | "space" | "bucket") => {
            Err(format!("the type is spelled in the plural: `{ty}s/...`"))
        }
        [ns, name, ..] if from_url => Ok((RepoType::Model, Some(ns), name)),
        _ => Err(EXPECTED_ANY.to_string()),
    }
}

/// `hf://datasets/ns/name@rev/path` -> `datasets/ns/name`
fn strip_revision(rest: &str) -> String {
    let parts: Vec<&str> = rest.split('/').collect();
    let keep = if parts
        .first()
        .and_then(|t| RepoType::from_plural(t))
        .is_some()
    {
        3
    } else {
        2
    };
    let mut out: Vec<&str> = parts.into_iter().take(keep).collect();
    if let Some(last) = out.last_mut()
        && let Some((name, _rev)) = last.split_once('@')
    {
        *last = name;
    }
    out.join("/")
}

fn url_path(text: &str, endpoint: &Origin) -> Result<String, String> {
    let url = Url::parse(text).map_err(|e| format!("the URL is not usable: {}", e.describe()))?;
    let scheme = &url.origin.scheme;
    if scheme != "https" && scheme != "http" {
        return Err(format!("`{scheme}://` is not a Hub URL"));
    }
    let there = &url.origin;
    let aliases = ["huggingface.co", "www.huggingface.co", "hf.co"];
    let alias = aliases.contains(&there.host.as_str()) && aliases.contains(&endpoint.host.as_str());
    let on_endpoint = Origin {
        host: endpoint.host.clone(),
        ..there.clone()
    }
    .same_as(endpoint)
        && (alias || there.host == endpoint.host);
    if !on_endpoint {
        return Err(format!(
            "the URL is on `{}`, but the endpoint is `{}`: pass `--endpoint` for that host, \
             or write the repo as `namespace/name`",
            there.authority(),
            endpoint.authority()
        ));
    }
    Ok(url.path.trim_start_matches('/').to_string())
}

fn check_part(part: &str, what: &str) -> Result<(), String> {
    if part.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    if let Some(c) = part
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        let shown = if c.is_control() || c.is_whitespace() {
            format!("{:?}", c)
        } else {
            format!("`{c}`")
        };
        return Err(format!(
            "the {what} `{}` contains {shown}; only letters, digits, `-`, `_` and `.` are allowed",
            part.escape_default()
        ));
    }
    if part.contains("--") || part.contains("..") {
        return Err(format!(
            "the {what} `{part}` contains `--` or `..`, which the Hub forbids"
        ));
    }
    if part.starts_with(['-', '.']) || part.ends_with(['-', '.']) {
        return Err(format!(
            "the {what} `{part}` starts or ends with `-` or `.`, which the Hub forbids"
        ));
    }
    if what == "name" && part.len() > 96 {
        return Err(format!(
            "the name is {} characters long; the Hub allows at most 96",
            part.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hf() -> Origin {
        Origin::new("https", "huggingface.co").unwrap()
    }

    /// Every REPO spelling people use is read, and each bad one says why.
    #[test]
    fn parse_table() {
        let ok = [
            ("acme/model", "acme/model"),
            ("models/acme/model", "acme/model"),
            ("datasets/acme/data", "datasets/acme/data"),
            ("spaces/acme/app", "spaces/acme/app"),
            ("hf://acme/model", "acme/model"),
            ("hf://datasets/acme/data", "datasets/acme/data"),
            (
                "hf://datasets/acme/data@main/train/x.parquet",
                "datasets/acme/data",
            ),
            ("https://huggingface.co/acme/model", "acme/model"),
            ("https://huggingface.co/acme/model/tree/main", "acme/model"),
            (
                "https://huggingface.co/datasets/acme/data?x=1",
                "datasets/acme/data",
            ),
            ("https://hf.co/spaces/acme/app/", "spaces/acme/app"),
            ("A-b_c.d/e.f-G_1", "A-b_c.d/e.f-G_1"),
            ("gpt2", "gpt2"),
            ("bert-base-uncased", "bert-base-uncased"),
            ("datasets/squad", "datasets/squad"),
            ("https://huggingface.co/gpt2", "gpt2"),
            ("  acme/model  ", "acme/model"),
            ("buckets/acme/ckpt", "buckets/acme/ckpt"),
            ("hf://buckets/acme/ckpt", "buckets/acme/ckpt"),
            (
                "hf://buckets/acme/ckpt/step-100/model.safetensors",
                "buckets/acme/ckpt",
            ),
            (
                "https://huggingface.co/buckets/acme/ckpt",
                "buckets/acme/ckpt",
            ),
            (
                "https://huggingface.co/buckets/acme/ckpt/tree/main",
                "buckets/acme/ckpt",
            ),
        ];
        for (input, want) in ok {
            assert_eq!(
                parse(input, &hf()).map(|r| r.to_string()),
                Ok(want.to_string()),
                "{input}"
            );
        }
        let long = format!("acme/{}", "a".repeat(97));
        let bad = [
            ("", "empty"),
            ("acme/", "name is empty"),
            ("/model", "namespace is empty"),
            ("acme/mo del", "contains"),
            ("acme/mo--del", "`--`"),
            ("acme/mo..del", "`..`"),
            ("acme/-model", "starts or ends"),
            ("acme/model.", "starts or ends"),
            (".acme/model", "starts or ends"),
            (long.as_str(), "at most 96"),
            ("dataset/acme/data", "plural"),
            ("a/b/c/d", "expected"),
            ("buckets/x", "`buckets/namespace/name`"),
            ("bucket/acme/x", "`buckets/...`"),
            ("buckets/acme/x/y", "expected"),
            ("https://example.com/acme/model", "endpoint"),
            ("ftp://huggingface.co/acme/model", "not a Hub URL"),
            ("acme/mödel", "contains"),
            ("acme/mo\ndel", "control"),
        ];
        for (input, word) in bad {
            let err = parse(input, &hf()).expect_err(input);
            assert!(err.contains(word), "{input}: {err}");
        }
    }

    /// A REPO URL must be on the endpoint, port included.
    #[test]
    fn url_must_match_the_endpoint_port() {
        let local = Origin::new("http", "127.0.0.1:8080").unwrap();
        assert!(parse("http://127.0.0.1:8080/acme/m", &local).is_ok());
        assert!(parse("http://127.0.0.1:9090/acme/m", &local).is_err());
        assert!(parse("https://huggingface.co/acme/m", &local).is_err());
    }

    /// API and web paths, and reading a repo back from an API path.
    #[test]
    fn paths() {
        let r = parse("datasets/acme/data", &hf()).unwrap();
        assert_eq!(r.api_path(), "/api/datasets/acme/data");
        assert_eq!(r.web_path(), "/datasets/acme/data");
        assert_eq!(
            RepoId::from_api_path("/api/datasets/acme/new/auth-check"),
            Some(r.with_type(RepoType::Dataset)).map(|mut r| {
                r.name = "new".into();
                r
            })
        );
        assert_eq!(RepoId::from_api_path("/other"), None);
    }
}
