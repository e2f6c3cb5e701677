//! Text safety: every string that can reach an output passes through here
//! first. The token is removed (in any form, and any 6-character piece of it),
//! then control characters and escapes go, then the text is shortened; values
//! that look like a token where a path, URL or repo was expected are caught,
//! URL userinfo is dropped, and Hub text is made inert for Markdown.
//!
//! One idea per file, each with its tests at its end:
//! - `redact`: the [`Redactor`], built from every form of the token (its index
//!   of 6-character pieces in `grams`; the invisible characters it skips, by
//!   Unicode class, in `invisible`, a table generated from the Unicode data);
//! - `inert`: no workflow command and no line break survives ([`inert`]);
//! - `text`: escapes and controls stripped, and the one path every string takes
//!   to an output ([`safe_text`], [`hub_text`]);
//! - `caps`: text cut with `…`, lists and messages capped and counted;
//! - `shape`: what looks like a token ([`looks_like_token`], [`hf_tokens`]),
//!   masking ([`mask`], [`mask_token_like`]);
//! - `userinfo`: `user:password@` removed from URLs ([`strip_userinfo`]);
//! - `markdown`: step-summary cells ([`md_code_span`], [`md_text`]).
//!
//! Everything here is pure: no IO, no environment.

mod caps;
mod grams;
mod inert;
mod invisible;
mod markdown;
mod redact;
mod shape;
mod text;
mod userinfo;

pub use caps::{MESSAGE_MAX, and_list, join_capped, shorten_counted};
pub use grams::MIN_RUN;
pub use inert::{inert_owned, json_inert};
pub use markdown::{md_code_span, md_text};
#[cfg(test)]
pub use redact::MARKER;
pub use redact::Redactor;
pub use shape::{hf_tokens, looks_like_token, mask, mask_token_like};
pub use text::{hub_text, safe_text, strip_controls};
pub use userinfo::strip_userinfo;

/// What the tests of several rooms share: a token, its redactor, a leak finder
/// and a deterministic random generator.
#[cfg(test)]
mod test_support {
    use super::grams::{MIN_RUN, grams};
    use super::redact::{Redactor, skeleton};

    pub const TOKEN: &str = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";

    pub fn r() -> Redactor {
        Redactor::new(Some(format!("  {TOKEN}\r\n").as_bytes()), Some(TOKEN))
    }

    /// Every 6-character piece of `secret` (visible characters) found in `out`
    /// once its invisible characters are removed.
    pub fn leaks(secret: &str, out: &str) -> Vec<String> {
        let pieces: std::collections::HashSet<u128> = grams(&skeleton(secret)).collect();
        skeleton(out)
            .windows(MIN_RUN)
            .filter(|w| pieces.contains(&grams(w).next().unwrap()))
            .map(|w| w.iter().collect())
            .collect()
    }

    /// xorshift64*: a tiny deterministic generator, so a failure replays exactly.
    pub struct Rng(pub u64);

    impl Rng {
        pub fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.0 = x;
            x.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        pub fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        pub fn pick(&mut self, from: &[char]) -> char {
            from[self.below(from.len())]
        }
    }

    pub const ALNUM: &[char] = &[
        'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r',
        's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J',
        'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', '0', '1',
        '2', '3', '4', '5', '6', '7', '8', '9',
    ];
}
