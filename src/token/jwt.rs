//! The scopes an OAuth or trusted-publisher token carries in itself: such a
//! token (`hf_oauth_…`, `hf_jwt_…`) is a JWT, three base64url parts, the
//! middle one a JSON object whose `scope` claim lists the grants, separated
//! by spaces (hub-api.md, "OAuth tokens"). Decoded here, locally, only after
//! whoami accepted the token; no signature is checked (the Hub's own answers
//! back the advice up), nothing is sent, and only the scope names leave: the
//! decoded payload is dropped before [`scopes`] returns.

/// The prefixes of the tokens that are JWTs.
const JWT_PREFIXES: [&[u8]; 2] = [b"hf_oauth_", b"hf_jwt_"];

/// Longest scope name kept; longer ones (and names with other characters
/// than lowercase letters, digits and `-_.:/`) are no scope anyone asks for.
const MAX_SCOPE: usize = 64;

/// At most this many scope names are kept.
const MAX_SCOPES: usize = 64;

/// What the token's own `scope` claim says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scopes {
    /// The scope names, in the token's order, each once.
    Known(Vec<String>),
    /// The claim could not be read: why (never a piece of the token).
    Unknown(&'static str),
}

impl Scopes {
    /// Whether the claim was read and holds `scope`.
    pub fn has(&self, scope: &str) -> bool {
        matches!(self, Scopes::Known(s) if s.iter().any(|x| x == scope))
    }
}

/// `None` for a token that is no JWT kind (a user access token); otherwise the
/// scopes its payload claims, or why they cannot be told.
pub(super) fn scopes(token: &[u8]) -> Option<Scopes> {
    let rest = JWT_PREFIXES.iter().find_map(|p| token.strip_prefix(*p))?;
    Some(read_claim(rest))
}

fn read_claim(jwt: &[u8]) -> Scopes {
    let parts: Vec<&[u8]> = jwt.split(|b| *b == b'.').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return Scopes::Unknown("the token is not three dot-separated parts");
    }
    let Some(payload) = base64url(parts[1]) else {
        return Scopes::Unknown("its payload is not base64url");
    };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&payload) else {
        return Scopes::Unknown("its payload is not JSON");
    };
    drop(payload);
    let Some(claims) = value.as_object() else {
        return Scopes::Unknown("its payload is not a JSON object");
    };
    let scope = match claims.get("scope") {
        None => return Scopes::Unknown("it has no `scope` claim"),
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Scopes::Unknown("its `scope` claim is not a string"),
    };
    let mut names: Vec<String> = Vec::new();
    for name in scope.split_ascii_whitespace().filter(|n| plain(n)) {
        if names.len() < MAX_SCOPES && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    Scopes::Known(names)
}

/// A name that can be shown as it is.
fn plain(name: &str) -> bool {
    name.len() <= MAX_SCOPE
        && name.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || matches!(b, b'-' | b'_' | b'.' | b':' | b'/')
        })
}

/// The value of one base64url character (RFC 4648 §5), or `None`.
fn sextet(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    } as u32)
}

/// base64url without padding, as JWTs write it; `=` padding is accepted only
/// where it belongs (the very end, the length then a multiple of 4). Bits left
/// over at the end must be zero, as the RFC's canonical encoding has them.
fn base64url(text: &[u8]) -> Option<Vec<u8>> {
    let body = match text.iter().position(|c| *c == b'=') {
        None => text,
        Some(at) => {
            let pad = &text[at..];
            if !text.len().is_multiple_of(4) || pad.len() > 2 || pad.iter().any(|c| *c != b'=') {
                return None;
            }
            &text[..at]
        }
    };
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.chunks(4) {
        let mut acc: u32 = 0;
        for c in chunk {
            // `* 64 +`, not `<< 6 |`: the same value, and no mutant of it goes unseen.
            acc = acc * 64 + sextet(*c)?;
        }
        let bits = chunk.len() * 6;
        let bytes = bits / 8;
        let spare = bits - bytes * 8;
        if acc & ((1 << spare) - 1) != 0 {
            return None;
        }
        acc >>= spare;
        for i in (0..bytes).rev() {
            out.push((acc >> (8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The base64url encoding of `bytes`, unpadded: the tests' own encoder.
    pub(crate) fn encode(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().fold(0u32, |a, b| a << 8 | *b as u32) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    fn token(payload: &str) -> Vec<u8> {
        format!(
            "hf_oauth_{}.{}.c2ln",
            encode(b"{\"alg\":\"RS256\"}"),
            encode(payload.as_bytes())
        )
        .into_bytes()
    }

    /// The decoder inverts the encoder for every length, padded or not.
    #[test]
    fn base64url_round_trips() {
        let data: Vec<u8> = (0..=255u8).collect();
        for n in 0..40 {
            let e = encode(&data[..n]);
            assert_eq!(base64url(e.as_bytes()).as_deref(), Some(&data[..n]), "{e}");
            let padded = format!("{e}{}", "=".repeat((4 - e.len() % 4) % 4));
            assert_eq!(
                base64url(padded.as_bytes()).as_deref(),
                Some(&data[..n]),
                "{padded}"
            );
        }
        assert_eq!(base64url(b"-_8").unwrap(), vec![0xfb, 0xff]);
    }

    /// Padding only at the end and only to a multiple of 4; no foreign
    /// characters (`+`, `/` are base64, not base64url); no impossible length;
    /// no stray bits.
    #[test]
    fn base64url_refuses_malformed_text() {
        for bad in [
            &b"YQ="[..],
            b"Y=Q=",
            b"YQ===",
            b"Y",
            b"YQ+/",
            b"YQ/a",
            b"a b",
            b"YR",
            b"=",
        ] {
            assert_eq!(base64url(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(base64url(b"YQ==").unwrap(), b"a");
        // A `=` followed by something else; a length that leaves one character
        // over, even of zero bits.
        for bad in [&b"YQ=a"[..], b"A", b"AAAAA", b"YWJjA"] {
            assert_eq!(base64url(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(base64url(b"").unwrap(), b"");
    }

    /// The MCP session's scopes, as seen: each name once, in order.
    #[test]
    fn scopes_of_an_oauth_token() {
        let t = token(
            r#"{"sub":"62f2","scope":"openid profile read-repos jobs read-mcp jobs","exp":1}"#,
        );
        let s = scopes(&t).unwrap();
        assert_eq!(
            s,
            Scopes::Known(
                ["openid", "profile", "read-repos", "jobs", "read-mcp"]
                    .map(String::from)
                    .to_vec()
            )
        );
        assert!(s.has("jobs") && !s.has("write-repos"));
        let jwt = format!("hf_jwt_{}", String::from_utf8(t[9..].to_vec()).unwrap());
        assert_eq!(scopes(jwt.as_bytes()), Some(s));
    }

    /// A user access token is no JWT: nothing to decode.
    #[test]
    fn user_tokens_have_no_claims() {
        assert_eq!(scopes(b"hf_abcdefghijklmnopqrstuvwxyzABCDEFGH"), None);
        assert_eq!(scopes(b"api_org_abc.def.ghi"), None);
    }

    /// Every way the claim can be unreadable is "unknown", with a reason that
    /// holds nothing of the token.
    #[test]
    fn unreadable_claims_are_unknown() {
        let p = |s: &str| encode(s.as_bytes());
        let rows: Vec<(String, &str)> = vec![
            ("hf_oauth_abc".into(), "three"),
            ("hf_oauth_a.b".into(), "three"),
            ("hf_oauth_a.b.c.d".into(), "three"),
            ("hf_oauth_a..c".into(), "three"),
            ("hf_oauth_a.*!.c".into(), "base64url"),
            (format!("hf_oauth_a.{}==.c", p("{}")), "base64url"),
            (format!("hf_oauth_a.{}.c", p("not json")), "not JSON"),
            (format!("hf_oauth_a.{}.c", p("[1,2]")), "not a JSON object"),
            (
                format!("hf_oauth_a.{}.c", p(r#"{"sub":"x"}"#)),
                "no `scope`",
            ),
            (
                format!("hf_oauth_a.{}.c", p(r#"{"scope":["jobs"]}"#)),
                "not a string",
            ),
            (
                format!("hf_oauth_a.{}.c", p(r#"{"scope":7}"#)),
                "not a string",
            ),
        ];
        for (t, word) in rows {
            match scopes(t.as_bytes()) {
                Some(Scopes::Unknown(why)) => assert!(why.contains(word), "{t}: {why}"),
                other => panic!("{t}: {other:?}"),
            }
        }
    }

    /// Names that are no plain scope (other characters, too long) are dropped,
    /// never shown; an empty claim is known and empty.
    #[test]
    fn only_plain_names_are_kept() {
        let long = "a".repeat(MAX_SCOPE + 1);
        let t = token(&format!(
            r#"{{"scope":"jobs <b> Jobs {long} \u001b[31m inference-api"}}"#
        ));
        assert_eq!(
            scopes(&t),
            Some(Scopes::Known(vec!["jobs".into(), "inference-api".into()]))
        );
        assert_eq!(
            scopes(&token(r#"{"scope":""}"#)),
            Some(Scopes::Known(vec![]))
        );
    }

    /// At most `MAX_SCOPES` names are kept; a name of exactly `MAX_SCOPE` characters is.
    #[test]
    fn names_are_capped() {
        let many: Vec<String> = (0..MAX_SCOPES + 5).map(|i| format!("s{i}")).collect();
        let t = token(&format!(r#"{{"scope":"{}"}}"#, many.join(" ")));
        assert_eq!(scopes(&t), Some(Scopes::Known(many[..MAX_SCOPES].to_vec())));
        let edge = "a".repeat(MAX_SCOPE);
        let t = token(&format!(r#"{{"scope":"{edge}"}}"#));
        assert_eq!(scopes(&t), Some(Scopes::Known(vec![edge])));
    }
}
