//! The imaginary creature beside each page of pseudo-words: drawn by the app from the form
//! and page numbers, so every page has its own and the same page always looks the same.

use super::SplitMix64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    Round,
    Tall,
    Wide,
    Pear,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mouth {
    Smile,
    Open,
    Grin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Creature {
    /// Soft colours only: a hue (degrees) drawn at low saturation and high lightness.
    pub hue: u16,
    pub body: Body,
    pub eyes: u8,
    pub antennae: u8,
    pub arms: bool,
    pub spots: u8,
    pub mouth: Mouth,
}

/// Twelve calm hues, 30° apart, so neighbouring pages never look alike.
const HUES: [u16; 12] = [0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330];

pub fn for_page(form: u32, page: usize) -> Creature {
    // The form picks a starting hue; each page steps 150° round the wheel (5 of 12 steps,
    // coprime with 12), so the ten pages of a form never share a hue.
    let base =
        SplitMix64::new(u64::from(form).wrapping_mul(0x2545_F491_4F6C_DD1D)).below(HUES.len());
    let hue = HUES[(base + page * 5) % HUES.len()];
    let mut rng =
        SplitMix64::new((u64::from(form) << 8 | page as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    Creature {
        hue,
        body: [Body::Round, Body::Tall, Body::Wide, Body::Pear][(rng.below(4) + page) % 4],
        eyes: 1 + rng.below(3) as u8,
        antennae: rng.below(3) as u8,
        arms: rng.below(2) == 0,
        spots: rng.below(5) as u8,
        mouth: [Mouth::Smile, Mouth::Open, Mouth::Grin][rng.below(3)],
    }
}

/// The creature beside an alien word on its own (a practice card): the same word always
/// brings the same creature, as a page of the check does.
pub fn for_word(word: &str) -> Creature {
    // FNV-1a: a stable hash on every platform (std's hasher is randomly seeded).
    let hash = word.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    for_page((hash >> 32) as u32, (hash % 10) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alien_word_always_brings_the_same_creature() {
        assert_eq!(for_word("jod"), for_word("jod"));
        let others = ["vap", "strom", "blan", "quemp", "zort"];
        assert!(others.iter().any(|w| for_word(w) != for_word("jod")));
    }

    #[test]
    fn each_pseudo_page_of_a_form_has_its_own_creature() {
        for form in 1..=100 {
            let pages: Vec<Creature> = (0..10).map(|p| for_page(form, p)).collect();
            for (i, a) in pages.iter().enumerate() {
                for b in &pages[i + 1..] {
                    assert_ne!(a.hue, b.hue, "form {form}: two pages share a colour");
                }
            }
            assert_eq!(
                for_page(form, 0),
                for_page(form, 0),
                "the same page looks the same"
            );
        }
    }

    #[test]
    fn creatures_stay_friendly() {
        for form in 1..=50 {
            for page in 0..10 {
                let c = for_page(form, page);
                assert!((1..=3).contains(&c.eyes) && c.antennae <= 2 && c.spots <= 4);
                assert!(HUES.contains(&c.hue));
            }
        }
    }
}
