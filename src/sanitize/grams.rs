//! The redactor's index: six characters packed exactly into one number, and
//! a cheap hasher for those numbers. Only the token's own pieces are stored.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// The shortest run of the token's characters that is removed wherever it
/// appears. Shorter pieces are left: they are too common to hide (`hf_`) and
/// carry too little of a 34-character token to matter.
pub const MIN_RUN: usize = 6;

const GRAM_MASK: u128 = (1u128 << 126) - 1;

/// Six characters (21 bits each) packed exactly into one number: no collisions.
pub(super) fn push_char(key: u128, c: char) -> u128 {
    ((key << 21) | c as u128) & GRAM_MASK
}

/// A hasher for the packed 6-character keys: two multiplications instead of
/// SipHash. Only the token's own pieces are inserted, so text from the Hub
/// cannot crowd the table; a lookup stays one probe or a few.
#[derive(Default)]
pub(super) struct GramHasher(u64);

impl Hasher for GramHasher {
    fn finish(&self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^ (x >> 33)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u128(&mut self, k: u128) {
        let folded = (k as u64) ^ ((k >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = (self.0 ^ folded).wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
    }
}

pub(super) type GramSet = HashSet<u128, BuildHasherDefault<GramHasher>>;

pub(super) fn grams(chars: &[char]) -> impl Iterator<Item = u128> + '_ {
    chars
        .windows(MIN_RUN)
        .map(|w| w.iter().fold(0u128, |k, c| push_char(k, *c)))
}
