//! Phonics screening practice checks in the statutory check's format: 40 words in two
//! sections, four to a page, pseudo-words before real words in each section.
//!
//! - [`form`]: parallel forms generated from a form number, never repeating a word a pupil
//!   has already met when an unused one fits.
//! - [`check`]: starting a session, marking, resuming, stopping early, recording A/D/L/Q.
//! - [`score`]: the mark, met or not against the threshold, section marks, words missed by
//!   GPC and the GPCs to teach next.
//! - [`creature`]: the imaginary creature drawn beside each page of pseudo-words.

pub mod check;
pub mod creature;
pub mod form;
pub mod score;

/// Words on one page of the check.
pub const WORDS_PER_PAGE: usize = 4;
/// Items in a whole check: 20 per section.
pub const ITEMS: usize = 40;
pub const PAGES: usize = ITEMS / WORDS_PER_PAGE;

/// The section (1 or 2) an item index (0-based) belongs to.
pub fn section_of(index: usize) -> u8 {
    if index < ITEMS / 2 {
        1
    } else {
        2
    }
}

/// SplitMix64: tiny, fast and the same on every platform, so a form number always gives the
/// same words wherever it is generated.
#[derive(Clone, Debug)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0); the tiny modulo bias does not matter for choosing words.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_the_published_sequence() {
        // First outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn sections_split_at_twenty() {
        assert_eq!(section_of(0), 1);
        assert_eq!(section_of(19), 1);
        assert_eq!(section_of(20), 2);
        assert_eq!(section_of(39), 2);
        assert_eq!(PAGES, 10);
    }
}
