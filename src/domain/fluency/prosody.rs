//! Prosody (expression): the NAEP oral reading fluency scale, levels 1-4, described in plain
//! words for the adult listening. Levels 1-2 count as non-fluent.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum ProsodyLevel {
    One,
    Two,
    Three,
    Four,
}

impl ProsodyLevel {
    pub const ALL: [ProsodyLevel; 4] = [
        ProsodyLevel::One,
        ProsodyLevel::Two,
        ProsodyLevel::Three,
        ProsodyLevel::Four,
    ];

    pub fn new(number: u8) -> Option<ProsodyLevel> {
        ProsodyLevel::ALL.into_iter().find(|l| l.number() == number)
    }

    pub fn number(self) -> u8 {
        match self {
            ProsodyLevel::One => 1,
            ProsodyLevel::Two => 2,
            ProsodyLevel::Three => 3,
            ProsodyLevel::Four => 4,
        }
    }

    /// What the adult hears at this level (our wording of the NAEP scale).
    pub fn descriptor(self) -> &'static str {
        match self {
            ProsodyLevel::One => "Word by word: each word on its own, with few or no phrases.",
            ProsodyLevel::Two => {
                "Mostly pairs of words, with some word-by-word reading; the groups may not \
                 follow the meaning of the sentence."
            }
            ProsodyLevel::Three => {
                "Mostly groups of three or four words that make sense; little expression."
            }
            ProsodyLevel::Four => {
                "Longer phrases that follow the meaning, read with expression; a slip or a \
                 repeat now and then does not break the flow."
            }
        }
    }

    /// "NAEP 3: Mostly groups of three or four words ..."
    pub fn label(self) -> String {
        format!("NAEP {}: {}", self.number(), self.descriptor())
    }

    /// NAEP counts levels 1 and 2 as non-fluent.
    pub fn is_non_fluent(self) -> bool {
        self <= ProsodyLevel::Two
    }
}

impl TryFrom<u8> for ProsodyLevel {
    type Error = String;

    fn try_from(number: u8) -> Result<Self, Self::Error> {
        ProsodyLevel::new(number).ok_or_else(|| format!("a NAEP level is 1 to 4, not {number}"))
    }
}

impl From<ProsodyLevel> for u8 {
    fn from(level: ProsodyLevel) -> u8 {
        level.number()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_one_and_two_are_non_fluent() {
        let cases = [(1, true), (2, true), (3, false), (4, false)];
        for (n, non_fluent) in cases {
            let level = ProsodyLevel::new(n).expect("1-4");
            assert_eq!(level.number(), n);
            assert_eq!(level.is_non_fluent(), non_fluent, "{n}");
            assert!(level.label().starts_with(&format!("NAEP {n}: ")));
        }
        assert_eq!(ProsodyLevel::new(0), None);
        assert_eq!(ProsodyLevel::new(5), None);
    }

    #[test]
    fn each_level_has_its_own_descriptor_and_serialises_as_a_number() {
        let mut seen = std::collections::HashSet::new();
        for level in ProsodyLevel::ALL {
            assert!(seen.insert(level.descriptor()), "{level:?}");
        }
        assert_eq!(
            serde_json::to_string(&ProsodyLevel::Three).expect("json"),
            "3"
        );
        assert_eq!(
            serde_json::from_str::<ProsodyLevel>("4").ok(),
            Some(ProsodyLevel::Four)
        );
        assert!(serde_json::from_str::<ProsodyLevel>("5").is_err());
    }
}
