//! Passage levels and school terms.
//!
//! Levels 1-3 are decodable texts for Letters and Sounds phases 3, 4 and 5: every word is
//! spelled with the GPCs taught by then or is a tricky word taught by then. Levels 4-8 are
//! ordinary texts for Year 1 summer to the end of Year 2, graded by length, sentence and word
//! difficulty; they are not fully decodable, so they list their tricky and other words.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::phonics::Phase;

/// A passage level, 1 (phase 3 decodable, about 40 words) to 8 (end of Year 2, about 200).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct PassageLevel(u8);

impl PassageLevel {
    pub const MIN: PassageLevel = PassageLevel(1);
    pub const MAX: PassageLevel = PassageLevel(8);
    pub const ALL: [PassageLevel; 8] = [
        PassageLevel(1),
        PassageLevel(2),
        PassageLevel(3),
        PassageLevel(4),
        PassageLevel(5),
        PassageLevel(6),
        PassageLevel(7),
        PassageLevel(8),
    ];

    /// `None` outside 1-8.
    pub fn new(number: u8) -> Option<PassageLevel> {
        (Self::MIN.0..=Self::MAX.0)
            .contains(&number)
            .then_some(PassageLevel(number))
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// The phase a decodable level's words are checked against; `None` for levels 4-8.
    pub fn decodable_phase(self) -> Option<Phase> {
        match self.0 {
            1 => Some(Phase::Three),
            2 => Some(Phase::Four),
            3 => Some(Phase::Five),
            _ => None,
        }
    }

    /// When a typical pupil reads this level well (a guide for choosing, not a standard).
    pub fn typical_when(self) -> &'static str {
        match self.0 {
            1 => "Reception spring to summer (phase 3)",
            2 => "Reception summer to Year 1 autumn (phase 4)",
            3 => "Year 1 spring (phase 5)",
            4 => "Year 1 summer",
            5 => "Year 2 autumn",
            6 => "Year 2 spring",
            7 => "Year 2 summer",
            _ => "End of Year 2 and beyond",
        }
    }

    /// The length a passage of this level should have, in words (titles not counted). Long
    /// enough that most pupils reading at this level are still reading when the minute ends.
    pub fn word_range(self) -> (usize, usize) {
        match self.0 {
            1 => (35, 50),
            2 => (50, 70),
            3 => (70, 95),
            4 => (90, 115),
            5 => (110, 140),
            6 => (135, 165),
            7 => (160, 190),
            _ => (185, 220),
        }
    }

    /// "Level 2 (decodable, phase 4)", "Level 5 (Year 2 autumn)".
    pub fn label(self) -> String {
        match self.decodable_phase() {
            Some(phase) => format!("Level {} (decodable, phase {})", self.0, phase.number()),
            None => format!("Level {} ({})", self.0, self.typical_when()),
        }
    }

    /// One level up, or this level if it is the top.
    pub fn up(self) -> PassageLevel {
        PassageLevel(self.0.saturating_add(1).min(Self::MAX.0))
    }

    /// One level down, or this level if it is the bottom.
    pub fn down(self) -> PassageLevel {
        PassageLevel(self.0.saturating_sub(1).max(Self::MIN.0))
    }
}

impl TryFrom<u8> for PassageLevel {
    type Error = String;

    fn try_from(number: u8) -> Result<Self, Self::Error> {
        PassageLevel::new(number).ok_or_else(|| format!("a passage level is 1 to 8, not {number}"))
    }
}

impl From<PassageLevel> for u8 {
    fn from(level: PassageLevel) -> u8 {
        level.0
    }
}

impl fmt::Display for PassageLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Level {}", self.0)
    }
}

/// A term of the English school year. US norms have three seasons that line up with them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Term {
    Autumn,
    Spring,
    Summer,
}

impl Term {
    pub const ALL: [Term; 3] = [Term::Autumn, Term::Spring, Term::Summer];

    pub fn label(self) -> &'static str {
        match self {
            Term::Autumn => "Autumn",
            Term::Spring => "Spring",
            Term::Summer => "Summer",
        }
    }

    /// The term a month (1-12) falls in: September-December autumn, January-March spring,
    /// April-August summer. Easter moves, so a date near it may be in either; schools that
    /// care can pick the term by hand.
    pub fn from_month(month: u8) -> Option<Term> {
        match month {
            9..=12 => Some(Term::Autumn),
            1..=3 => Some(Term::Spring),
            4..=8 => Some(Term::Summer),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_one_to_eight_and_clamp_at_the_ends() {
        assert_eq!(PassageLevel::new(0), None);
        assert_eq!(PassageLevel::new(9), None);
        let cases = [(1, 2, 1), (4, 5, 3), (8, 8, 7)];
        for (n, up, down) in cases {
            let level = PassageLevel::new(n).expect("valid");
            assert_eq!(level.up().number(), up, "{n} up");
            assert_eq!(level.down().number(), down, "{n} down");
        }
        assert_eq!(PassageLevel::ALL.len(), 8);
        assert!(PassageLevel::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn decodable_levels_name_their_phase() {
        let cases = [
            (1, Some(Phase::Three), "Level 1 (decodable, phase 3)"),
            (2, Some(Phase::Four), "Level 2 (decodable, phase 4)"),
            (3, Some(Phase::Five), "Level 3 (decodable, phase 5)"),
            (4, None, "Level 4 (Year 1 summer)"),
            (8, None, "Level 8 (End of Year 2 and beyond)"),
        ];
        for (n, phase, label) in cases {
            let level = PassageLevel::new(n).expect("valid");
            assert_eq!(level.decodable_phase(), phase, "{n}");
            assert_eq!(level.label(), label);
        }
    }

    #[test]
    fn word_ranges_grow_with_the_level() {
        for pair in PassageLevel::ALL.windows(2) {
            let (lo, hi) = (pair[0].word_range(), pair[1].word_range());
            assert!(lo.0 < lo.1 && lo.0 < hi.0 && lo.1 < hi.1, "{lo:?} {hi:?}");
        }
    }

    #[test]
    fn levels_serialise_as_numbers_and_refuse_bad_ones() {
        let level = PassageLevel::new(3).expect("valid");
        assert_eq!(serde_json::to_string(&level).expect("serialises"), "3");
        assert_eq!(serde_json::from_str::<PassageLevel>("3").ok(), Some(level));
        assert!(serde_json::from_str::<PassageLevel>("9").is_err());
        assert!(serde_json::from_str::<PassageLevel>("0").is_err());
    }

    #[test]
    fn months_map_to_terms() {
        let cases = [
            (9, Some(Term::Autumn)),
            (12, Some(Term::Autumn)),
            (1, Some(Term::Spring)),
            (3, Some(Term::Spring)),
            (4, Some(Term::Summer)),
            (7, Some(Term::Summer)),
            (8, Some(Term::Summer)),
            (0, None),
            (13, None),
        ];
        for (month, term) in cases {
            assert_eq!(Term::from_month(month), term, "{month}");
        }
    }
}
