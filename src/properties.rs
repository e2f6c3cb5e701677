//! Property tests: the pure parsers never panic, whatever the input (arbitrary
//! bytes and arbitrary JSON), and their outputs keep their promises. A small
//! deterministic generator stands in for a property-testing crate.

use serde_json::Value;

use crate::answer::{Answer, Outcome};
use crate::config::{parse_duration, parse_endpoint};
use crate::env::Env;
use crate::origin::Origin;
use crate::repo;
use crate::timestamp::parse as parse_timestamp;
use crate::token::{Discovery, Secret, Source, lint, mask};
use crate::verdict::{Access, Asked, Facts, Status, decide};
use crate::whoami::{self, WhoamiReply};
use crate::{exit::Exit, proxy, sanitize};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Bytes biased towards the characters the parsers care about.
    fn bytes(&mut self) -> Vec<u8> {
        let len = self.below(48) as usize;
        let alphabet: &[u8] = b"hf_api_org-ghp.sk/:@[]{}$\"' \t\r\n\\%<>*,0123456789abcxyzXYZ";
        (0..len)
            .map(|_| match self.below(10) {
                0 => self.next() as u8,
                1 => 0xc3,
                _ => alphabet[self.below(alphabet.len() as u64) as usize],
            })
            .collect()
    }

    fn text(&mut self) -> String {
        let prefixes = [
            "",
            "hf_",
            "hf://",
            "https://huggingface.co/",
            "datasets/",
            "spaces/",
            "Bearer ",
            "$",
            "${",
            "http://127.0.0.1:1/",
            "api_org_",
            "\u{1b}[",
        ];
        let p = prefixes[self.below(prefixes.len() as u64) as usize];
        format!("{p}{}", String::from_utf8_lossy(&self.bytes()))
    }

    fn json(&mut self, depth: u32) -> Value {
        let keys = [
            "name",
            "orgs",
            "auth",
            "type",
            "accessToken",
            "role",
            "fineGrained",
            "scoped",
            "entity",
            "permissions",
            "canReadGatedRepos",
            "roleInOrg",
            "expiresAt",
            "displayName",
            "global",
            "error",
        ];
        match self.below(if depth > 3 { 5 } else { 8 }) {
            0 => Value::Null,
            1 => Value::Bool(self.below(2) == 0),
            2 => Value::from(self.next() as i64),
            3 => Value::from(self.below(1000) as f64 / 7.0),
            4 => Value::String(self.text()),
            5 | 6 => {
                let mut m = serde_json::Map::new();
                for _ in 0..self.below(6) {
                    let k = keys[self.below(keys.len() as u64) as usize];
                    m.insert(k.to_string(), self.json(depth + 1));
                }
                Value::Object(m)
            }
            _ => Value::Array((0..self.below(4)).map(|_| self.json(depth + 1)).collect()),
        }
    }
}

const CASES: usize = 20_000;

/// Lint never panics, never lets a malformed token through, and the mask shows
/// at most 4 characters of the value.
#[test]
fn lint_and_mask_hold_on_arbitrary_bytes() {
    let mut rng = Rng(0x2545F4914F6CDD1D);
    let mut sent = 0;
    for _ in 0..CASES {
        let mut bytes = rng.bytes();
        if rng.below(4) == 0 {
            bytes.retain(|b| b.is_ascii_alphanumeric() || *b == b'\n');
        }
        if rng.below(3) == 0 {
            let mut t = b"hf_".to_vec();
            t.extend(bytes);
            bytes = t;
        }
        let l = lint(&Secret::new(bytes.clone()));
        if let Some(t) = &l.token {
            sent += 1;
            assert!(l.errors.is_empty());
            let header = t.authorization();
            let value = header.strip_prefix("Bearer ").unwrap();
            assert!(value.starts_with("hf_"), "{bytes:?}");
            assert!(value.bytes().all(|b| b.is_ascii_graphic()), "{bytes:?}");
        } else {
            assert!(!l.errors.is_empty(), "{bytes:?}");
        }
        let text = String::from_utf8_lossy(&bytes);
        let m = mask(&text);
        let shown: String = m.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        assert!(
            shown.trim_start_matches("hf").len() <= 4 || m.contains("characters"),
            "{m}"
        );
    }
    assert!(
        sent > CASES / 50,
        "the generator reached well-formed tokens {sent} times"
    );
}

/// REPO parsing never panics; what it accepts prints back to a canonical form that parses to the same repo.
#[test]
fn repo_parse_round_trips() {
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let origin = Origin::new("https", "huggingface.co").unwrap();
    let mut accepted = 0;
    for _ in 0..CASES {
        let mut s = rng.text();
        if rng.below(4) == 0 {
            s = format!(
                "{}/{}",
                rng.below(1000),
                s.chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
            );
        }
        if let Ok(r) = repo::parse(&s, &origin) {
            accepted += 1;
            let again = repo::parse(&r.to_string(), &origin)
                .unwrap_or_else(|e| panic!("{s:?} -> {r} -> {e}"));
            assert_eq!(again, r);
            assert!(r.name.len() <= 96);
        }
    }
    assert!(
        accepted > CASES / 20,
        "the generator reached the accepting path {accepted} times"
    );
}

/// whoami parsing never panics on arbitrary JSON or text.
#[test]
fn whoami_parse_never_panics() {
    let mut rng = Rng(0xD1B54A32D192ED03);
    for _ in 0..CASES {
        let v = rng.json(0);
        let _ = whoami::parse(&v.to_string());
        let _ = whoami::parse(&rng.text());
    }
}

/// The verdict never panics on arbitrary answers, every failure has a hint, and
/// the exit status is the first failure's.
#[test]
fn verdict_holds_on_arbitrary_answers() {
    let mut rng = Rng(0xA0761D6478BD642F);
    let origin = Origin::new("https", "huggingface.co").unwrap();
    let statuses = [
        200, 204, 301, 307, 400, 401, 403, 404, 408, 418, 429, 500, 502, 503, 504,
    ];
    let codes = [
        None,
        Some("RepoNotFound"),
        Some("GatedRepo"),
        Some("EntryNotFound"),
        Some("weird"),
    ];
    let answer = |rng: &mut Rng| {
        let mut body = rng.json(0);
        if rng.below(2) == 0 {
            body =
                serde_json::json!({"name": rng.text(), "orgs": rng.json(1), "auth": rng.json(1)});
        }
        Outcome::answer(Answer {
            status: statuses[rng.below(statuses.len() as u64) as usize],
            error_code: codes[rng.below(codes.len() as u64) as usize].map(String::from),
            message: (rng.below(2) == 0).then(|| rng.text()),
            request_id: (rng.below(2) == 0).then(|| rng.text()),
            retry_after: (rng.below(3) == 0).then(|| rng.below(100)),
            body: body.to_string(),
            redirected_to: (rng.below(4) == 0)
                .then(|| format!("/api/models/{}/auth-check", rng.text())),
        })
    };
    // Both sides of the property are met (the seed is fixed: 4,947 failing
    // runs and 53 passing ones), or the loop proved nothing.
    let (mut failing, mut passing) = (0, 0);
    for _ in 0..CASES / 4 {
        let discovery = Discovery::Found {
            source: Source::Env("HF_TOKEN"),
            raw: Secret::new("hf_abcdefghijklmnopqrstuvwxyz"),
        };
        let l = lint(&Secret::new("hf_abcdefghijklmnopqrstuvwxyz"));
        let who = WhoamiReply::read(answer(&mut rng), &crate::sanitize::Redactor::none());
        let access: Vec<Access> = (0..rng.below(3))
            .map(|_| Access {
                repo: repo::parse("acme/model", &origin).unwrap(),
                write: rng.below(2) == 0,
                outcome: Asked::Done(answer(&mut rng)),
                alternatives: vec![],
                read_probe: (rng.below(2) == 0).then(|| answer(&mut rng)),
                similar: None,
            })
            .collect();
        let facts = Facts {
            endpoint: "https://huggingface.co",
            discovery: &discovery,
            lint: Some(&l),
            offline: false,
            rank: None,
            whoami: Asked::Done(&who),
            access: &access,
            min_validity: Some(rng.below(100_000)),
            now: rng.below(4_000_000_000) as i64,
            oidc: false,
            allow_missing_token: rng.below(2) == 0,
            max_age: (rng.below(2) == 0).then(|| rng.below(100_000_000)),
            // Any quota, low or not: it never changes the exit status.
            quota: (rng.below(2) == 0).then(|| crate::answer::Quota {
                remaining: Some(rng.below(1200)),
                reset: (rng.below(2) == 0).then(|| rng.below(400)),
                quota: (rng.below(2) == 0).then(|| rng.below(2000)),
                window: (rng.below(2) == 0).then(|| rng.below(4000)),
            }),
            min_quota: (rng.below(2) == 0).then(|| rng.below(1500)),
            hardcoded: &[],
            not_scanned: &[],
            grants: &crate::config::Grants::default(),
            job: (rng.below(2) == 0).then_some("job-1"),
        };
        let v = decide(&facts);
        let failed = v.checks.iter().any(|c| c.status == Status::Fail);
        assert_eq!(failed, v.exit != Exit::Ok, "{v:?}");
        for c in v.checks.iter().filter(|c| c.status == Status::Fail) {
            assert!(c.hint.as_deref().is_some_and(|h| !h.is_empty()), "{c:?}");
        }
        if failed {
            failing += 1;
        } else {
            passing += 1;
        }
    }
    assert!(
        failing > 0 && passing > 0,
        "{failing} failing, {passing} passing"
    );
}

/// The other small parsers never panic either.
#[test]
fn small_parsers_never_panic() {
    let mut rng = Rng(0xE7037ED1A0B428DB);
    for _ in 0..CASES {
        let s = rng.text();
        let _ = parse_endpoint(&s, "--endpoint");
        let _ = parse_duration(&s);
        let _ = parse_timestamp(&s);
        let _ = crate::hub::ratelimit(&s);
        let _ = crate::hub::ratelimit_policy(&s);
        for r in sanitize::hf_tokens(&s) {
            assert!(sanitize::looks_like_token(&s[r]), "{s:?}");
        }
        let _ = crate::scan::findings(&s, "f", &[]);
        let cleaned = sanitize::strip_controls(&s);
        assert!(!cleaned.chars().any(|c| c.is_control()), "{s:?}");
        let _ = proxy::no_proxy_matches(&s, &rng.text());
        let env = Env::from_pairs([
            ("HTTPS_PROXY".to_string(), s.clone().into_bytes()),
            ("NO_PROXY".to_string(), rng.bytes()),
        ]);
        if let Ok(Some(p)) = proxy::choose("https", "huggingface.co", &env) {
            assert!(!p.label.contains('@'), "credentials in label: {}", p.label);
        }
    }
}
