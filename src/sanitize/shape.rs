//! Token shape: which text looks like a Hugging Face token (or another
//! secret) where a path, URL or repo was expected; tokens found in a script;
//! masking to `hf_…` and the last 4 characters.

use super::redact::is_invisible;

/// Characters that a token (of any kind) is made of, besides letters and digits.
fn is_segment_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '~')
}

/// The length of the run of ASCII letters and digits at the start of `s`.
fn alnum_run(s: &str) -> &str {
    let n = s
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    &s[..n]
}

/// Hugging Face token prefixes and the fewest letters and digits that must
/// follow for a token. `hf_` tokens are `hf_` + 34 letters and digits; names
/// that start with `hf_` use `_`, `-` or `.` between words long before 20.
const HF_PREFIXES: [(&str, usize); 4] = [
    ("hf_oauth_", 16),
    ("api_org_", 16),
    ("hf_", 20),
    ("api_", 20),
];

/// The Hugging Face tokens in one segment (a maximal run of `[A-Za-z0-9_.~-]`),
/// as byte ranges: a prefix of [`HF_PREFIXES`] not preceded by a letter or
/// digit, with its run of letters and digits; or `hf_jwt_` with the 16 or more
/// token characters after it (a JWT).
fn hf_tokens_in_segment(seg: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    for (prefix, min) in HF_PREFIXES {
        let mut from = 0;
        while let Some(i) = seg[from..].find(prefix).map(|i| from + i) {
            let before = seg[..i].chars().next_back();
            let run = alnum_run(&seg[i + prefix.len()..]).len();
            if !before.is_some_and(|c| c.is_ascii_alphanumeric()) && run >= min {
                found.push(i..i + prefix.len() + run);
            }
            from = i + prefix.len();
        }
    }
    if let Some(i) = seg.find("hf_jwt_")
        && seg.len() - i - 7 >= 16
    {
        found.push(i..seg.len());
    }
    found
}

/// Every Hugging Face token in `text` (`hf_...`, `hf_oauth_...`, `hf_jwt_...`,
/// `api_...`, `api_org_...`, by the rule [`looks_like_token`] uses for them), as
/// byte ranges in order; other services' keys and bare JWTs are not counted.
pub fn hf_tokens(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for seg in text.split(|c: char| !is_segment_char(c)) {
        if !seg.is_empty() {
            out.extend(
                hf_tokens_in_segment(seg)
                    .into_iter()
                    .map(|r| r.start + start..r.end + start),
            );
        }
        // The separator is one character: its length in bytes.
        let sep = text[start + seg.len()..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        start += seg.len() + sep;
    }
    out.sort_by_key(|r| r.start);
    out.dedup_by(|b, a| b.start < a.end);
    out
}

/// One segment (a maximal run of `[A-Za-z0-9_.~-]`) that looks like a token.
fn segment_is_token_like(seg: &str) -> bool {
    if !hf_tokens_in_segment(seg).is_empty() {
        return true;
    }
    // Bare JWTs.
    if let Some(i) = seg.find("eyJ")
        && seg[i..].len() >= 30
        && seg[i..].contains('.')
    {
        return true;
    }
    // Another service's token or a random secret: 32+ letters and digits in
    // one run, with upper case, lower case and digits (a hex digest, a commit
    // id or a word never has all three).
    seg.split(|c: char| !c.is_ascii_alphanumeric()).any(|run| {
        run.len() >= 32
            && run.chars().any(|c| c.is_ascii_uppercase())
            && run.chars().any(|c| c.is_ascii_lowercase())
            && run.chars().any(|c| c.is_ascii_digit())
    })
}

fn segments(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !is_segment_char(c))
        .filter(|seg| !seg.is_empty())
}

/// True when a value given as a path, a URL or a repo looks like a token, so it
/// must not be shown or used: a segment holding `hf_` followed by 20 or more
/// letters and digits (`hf_oauth_`/`api_org_` 16, `api_` 20, `hf_jwt_` 16 of
/// any token characters), a JWT, or a run of 32+ letters and digits mixing
/// upper case, lower case and digits. The prefix must start the segment or
/// follow a non-alphanumeric character. Zero-width characters are removed
/// first; whitespace, `/`, `:`, `@`, `=`, quotes... separate segments.
pub fn looks_like_token(s: &str) -> bool {
    let visible: String = s
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !is_invisible(*c) || *c == ' ')
        .collect();
    segments(&visible).any(segment_is_token_like)
}

/// Usage errors quote argv, where a token pasted by mistake would stand: every
/// run that looks like one is masked as `token::mask` does (`hf_…` + the last 4
/// characters). A run is `hf_` and 8 or more token characters (as before), or
/// any segment that [`looks_like_token`]. Invisible characters other than
/// whitespace and controls (a zero-width space every few characters) do not
/// split a run, as in [`looks_like_token`]: the run is judged, and masked,
/// without them.
pub fn mask_token_like(text: &str) -> String {
    let in_run =
        |c: char| is_segment_char(c) || (is_invisible(c) && !c.is_whitespace() && !c.is_control());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(in_run) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let len = tail.find(|c| !in_run(c)).unwrap_or(tail.len());
        let run = &tail[..len];
        let visible: String = run.chars().filter(|c| !is_invisible(*c)).collect();
        let masked = mask_segment(&visible);
        out.push_str(if masked == visible { run } else { &masked });
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

fn mask_segment(seg: &str) -> String {
    if segment_is_token_like(seg) {
        return mask(seg);
    }
    // The former rule: from `hf_`, 8 or more token characters.
    if let Some(i) = seg.find("hf_")
        && seg.len() - i >= 11
    {
        return format!("{}{}", &seg[..i], mask(&seg[i..]));
    }
    seg.to_string()
}

/// Shows a token as `hf_…` and its last 4 characters; shorter or foreign values
/// show even less, so that no more than 4 characters of a secret are ever shown.
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let prefix = if value.starts_with("hf_") { "hf_" } else { "" };
    if chars.len() < prefix.len() + 12 || chars.iter().any(|c| !c.is_ascii_graphic()) {
        return format!("{prefix}… ({} characters)", chars.len());
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanitize::test_support::TOKEN;

    #[test]
    fn token_shaped_values_where_a_path_url_or_repo_belongs() {
        let yes = [
            TOKEN,
            "hf_abcdefghijklmnopqrstuvwxyz012345",
            "hf_notknowntothehub0123456789",
            "/home/u/hf_abcdefghijklmnopqrstuvwxyzABCDEFGH/token",
            "me/hf_abcdefghijklmnopqrstuvwxyzABCDEFGH",
            "https://huggingface.co/api?token=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH",
            " hf_abcdefghijklmnopqrstuvwxyzABCDEFGH\n",
            "Bearer hf_abcdefghijklmnopqrstuvwxyzABCDEFGH",
            "\"hf_abcdefghijklmnopqrstuvwxyzABCDEFGH\"",
            "hf_abcdefghij\u{200B}klmnopqrstuvwxyzAB",
            "/tmp/hf_abcdefghijklmnopqrstuvwxyzABCDEFGH.txt",
            "hf_oauth_abcdefghijklmnopqrstuvwxyz0123",
            "hf_jwt_eyJhbGciOi.eyJzdWIi.sig-_x",
            "api_org_abcdefghijklmnopqrstuvwxyz",
            "api_abcdefghijklmnopqrstuvwxyz",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB",
            "github_pat_11ABCDEFG0abcdefghijklmnopqrstuvwxyz",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc",
            "u/a8F3kQ9zLm2Xv7Rp4Tn6Yb1Wc5Hd0Jg3Se",
        ];
        let no = [
            "/root/.cache/huggingface/token",
            "~/.cache/huggingface",
            "/home/runner/work/_temp/hf_home",
            "/data/hf_cache/token",
            "/tmp/tmp.XyZ12AbCdE",
            "/root/.cache/huggingface/hub/models--meta-llama--Llama-3.1-8B/snapshots/0e9e39f249a16976918f6564b8830bc894c89659",
            "/var/lib/docker/overlay2/3f1c9a7b2e8d4f6a0b5c1d9e7f3a2b8c4d6e0f1a3b5c7d9e1f2a4b6c8d0e2f4a",
            "meta-llama/Llama-3.1-8B-Instruct",
            "hf-internal-testing/tiny-random-gpt2",
            "hf-internal-testing/hf_internal_testing_model",
            "user/hf_transformers",
            "user/hf_MistralInstructV2",
            "user/hf_secretsecret1234",
            "acme/hf_small",
            "TheBloke/Llama-2-7B-Chat-GGUF",
            "sentence-transformers/all-MiniLM-L6-v2",
            "HuggingFaceH4/ultrachat_200k",
            "HuggingFaceTB/SmolLM2-1.7B-Instruct",
            "stabilityai/stable-diffusion-xl-base-1.0",
            "nvidia/Llama-3.1-Nemotron-70B-Instruct-HF",
            "datasets/HuggingFaceFW/fineweb-edu",
            "Qwen/Qwen2.5-Coder-32B-Instruct-GPTQ-Int4",
            "https://huggingface.co",
            "http://127.0.0.1:8080/",
            "https://hf-mirror.com",
            "http://proxy.corp.example:3128",
            "https://user:pass@proxy.example:8080",
            "C:\\Users\\me\\.cache\\huggingface",
            "",
        ];
        for v in yes {
            assert!(looks_like_token(v), "should look like a token: {v:?}");
        }
        for v in no {
            assert!(!looks_like_token(v), "should not look like a token: {v:?}");
        }
    }

    #[test]
    fn token_like_runs_are_masked() {
        let t = "hf_abcdefghijklmnopqrstuvwxyz012345";
        let rows: &[(String, &str)] = &[
            (
                format!("argument `{t}` and `{t}`"),
                "argument `hf_…2345` and `hf_…2345`",
            ),
            ("repo `acme/hf_small` ok".into(), "repo `acme/hf_small` ok"),
            ("ends with hf_".into(), "ends with hf_"),
            ("`me/hf_abcdefgh`".into(), "`me/hf_… (11 characters)`"),
            (
                "`ghp_abcdefghijklmnopqrstuvwxyz0123456789AB`".into(),
                "`…89AB`",
            ),
            ("plain words stay".into(), "plain words stay"),
            // Zero-width characters inside do not split the run.
            (
                format!(
                    "got `{}`",
                    t.replace("ef", "e\u{200B}f").replace('q', "\u{2060}q")
                ),
                "got `hf_…2345`",
            ),
            (
                "café\u{200B}s and \u{FEFF}words".into(),
                "café\u{200B}s and \u{FEFF}words",
            ),
        ];
        for (input, want) in rows {
            assert_eq!(mask_token_like(input), *want, "{input:?}");
        }
    }

    /// `hf_jwt_` is a token from 16 characters after it on, wherever it starts
    /// in the segment; 15 are not enough.
    #[test]
    fn jwt_tokens_need_sixteen_characters() {
        let fifteen = "abcdefghijklmno";
        for lead in ["", "x.", "my-dir_"] {
            let short = format!("{lead}hf_jwt_{fifteen}");
            let long = format!("{lead}hf_jwt_{fifteen}p");
            assert!(!looks_like_token(&short), "{short}");
            assert!(looks_like_token(&long), "{long}");
        }
    }

    /// Any whitespace or control character separates segments as a space does:
    /// a token after a no-break space or a NUL is still a token.
    #[test]
    fn any_whitespace_or_control_separates_segments() {
        let t = "hf_abcdefghijklmnopqrstuvwxyz012345";
        for sep in ["\u{A0}", "\u{2003}", "\u{0}", "\u{1}", "\u{85}", "\u{3000}"] {
            let v = format!("repo{sep}{t}");
            assert!(looks_like_token(&v), "{v:?}");
        }
        // joined to a word, the same run is a name, not a token
        assert!(!looks_like_token(&format!("repo{t}")));
    }

    /// The former `hf_` rule counts from `hf_`, not from the start of the run:
    /// `x-hf_` and 8 characters is masked, 6 are not.
    #[test]
    fn the_former_rule_counts_from_hf() {
        let rows = [
            ("`x-hf_abcdef`", "`x-hf_abcdef`"),
            ("`x-hf_abcdefgh`", "`x-hf_… (11 characters)`"),
            ("`hf_abcdefg`", "`hf_abcdefg`"),
        ];
        for (input, want) in rows {
            assert_eq!(mask_token_like(input), want, "{input:?}");
        }
    }

    /// `mask` shows the last 4 characters from 12 after the prefix on (15 with
    /// `hf_`), and only a count below that.
    #[test]
    fn mask_shows_the_tail_from_twelve_characters() {
        let rows = [
            ("hf_abcdefghijkl", "hf_…ijkl"),
            ("hf_abcdefghijk", "hf_… (14 characters)"),
            ("abcdefghijkl", "…ijkl"),
            ("abcdefghijk", "… (11 characters)"),
        ];
        for (input, want) in rows {
            assert_eq!(mask(input), want, "{input:?}");
        }
    }

    /// A `hf_jwt_` token whose body holds a `hf_` token is one token: its range
    /// covers the inner one, which is not counted again.
    #[test]
    fn a_token_inside_a_jwt_is_not_counted_twice() {
        let inner = "hf_abcdefghijklmnopqrstuvwxyz";
        let text = format!("t = hf_jwt_abcdefghijklmnop_{inner} and {inner}");
        let jwt_end = 4 + "hf_jwt_abcdefghijklmnop_".len() + inner.len();
        let second = jwt_end + " and ".len();
        assert_eq!(
            hf_tokens(&text),
            vec![4..jwt_end, second..second + inner.len()]
        );
    }
}
