//! Unique pupil numbers (UPN), as the DfE data standard defines them: 13 characters, a check
//! letter then 12 characters (permanent: 12 digits; temporary: 11 digits and a letter).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The DfE letter table: I, O and S are never used, so they cannot be misread as digits.
const LETTERS: [char; 23] = [
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'T', 'U', 'V',
    'W', 'X', 'Y', 'Z',
];

fn letter_value(c: char) -> Option<u32> {
    LETTERS.iter().position(|&l| l == c).map(|i| i as u32)
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Upn(String);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpnError {
    WrongLength(usize),
    /// 1-based position of a character that cannot appear there.
    BadCharacter {
        position: usize,
        found: char,
    },
    WrongCheckLetter {
        expected: char,
        found: char,
    },
}

impl fmt::Display for UpnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpnError::WrongLength(n) => write!(f, "a UPN has 13 characters, this one has {n}"),
            UpnError::BadCharacter { position: 1, found } => write!(
                f,
                "a UPN starts with a check letter (not I, O or S), this one starts with \"{found}\""
            ),
            UpnError::BadCharacter { position: 13, found } => write!(
                f,
                "the last character of a UPN is a digit, or a letter (not I, O or S) for a temporary UPN; found \"{found}\""
            ),
            UpnError::BadCharacter { position, found } => write!(
                f,
                "character {position} of a UPN must be a digit, found \"{found}\""
            ),
            UpnError::WrongCheckLetter { expected, found } => write!(
                f,
                "the check letter is wrong: the other 12 characters give {expected}, not {found} (a mistyped digit?)"
            ),
        }
    }
}

/// The check letter for the 12 characters after it.
fn check_letter(rest: &[char]) -> Result<char, UpnError> {
    let mut sum = 0;
    for (i, &c) in rest.iter().enumerate() {
        let position = i + 2;
        // Digits everywhere; a letter only in the last place, where it marks a temporary UPN.
        let value = match (c.to_digit(10), position) {
            (Some(d), _) => d,
            (None, 13) => letter_value(c).ok_or(UpnError::BadCharacter { position, found: c })?,
            (None, _) => return Err(UpnError::BadCharacter { position, found: c }),
        };
        sum += value * position as u32;
    }
    Ok(LETTERS[(sum % 23) as usize])
}

impl Upn {
    /// Accepts what people type: surrounding spaces, spaces inside, lower case.
    pub fn parse(text: &str) -> Result<Upn, UpnError> {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if chars.len() != 13 {
            return Err(UpnError::WrongLength(chars.len()));
        }
        let found = chars[0];
        if letter_value(found).is_none() {
            return Err(UpnError::BadCharacter { position: 1, found });
        }
        let expected = check_letter(&chars[1..])?;
        if expected != found {
            return Err(UpnError::WrongCheckLetter { expected, found });
        }
        Ok(Upn(chars.into_iter().collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Temporary UPNs end in a letter and are replaced once the permanent one is known.
    pub fn is_temporary(&self) -> bool {
        self.0.ends_with(|c: char| c.is_ascii_alphabetic())
    }

    /// The local authority number in characters 2–4 (e.g. 202 for Camden).
    pub fn la_number(&self) -> &str {
        &self.0[1..4]
    }
}

impl fmt::Display for Upn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Upn {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Upn::parse(&value).map_err(|e| e.to_string())
    }
}

impl From<Upn> for String {
    fn from(upn: Upn) -> String {
        upn.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Makes a valid UPN from 12 characters by computing its check letter.
    fn with_check(rest: &str) -> String {
        let chars: Vec<char> = rest.chars().collect();
        format!("{}{rest}", check_letter(&chars).expect("valid body"))
    }

    #[test]
    fn shared_notes_vectors() {
        for good in ["B801200005001", "R674123101121"] {
            assert!(Upn::parse(good).is_ok(), "{good}");
        }
        // The widely copied worked example "Q207000016049" is wrong: its check letter is P.
        assert_eq!(
            check_letter(&"207000016049".chars().collect::<Vec<_>>()),
            Ok('P')
        );
        assert_eq!(
            Upn::parse("Q207000016049"),
            Err(UpnError::WrongCheckLetter {
                expected: 'P',
                found: 'Q'
            })
        );
        assert!(Upn::parse("P207000016049").is_ok());
    }

    #[test]
    fn check_letter_by_hand() {
        // 8*2 + 0*3 + 1*4 + 2*5 + 0*6 + 0*7 + 0*8 + 0*9 + 5*10 + 0*11 + 0*12 + 1*13 = 93; 93 mod 23 = 1 -> B
        assert_eq!(
            check_letter(&"801200005001".chars().collect::<Vec<_>>()),
            Ok('B')
        );
    }

    #[test]
    fn temporary_upns_use_the_letter_value_of_the_last_character() {
        // 2*2+0*3+2*4+1*5+2*6+3*7+2*8+6*9+0*10+0*11+1*12 = 132, + A(0)*13 = 132; 132 mod 23 = 17 -> U
        assert_eq!(with_check("20212326001A"), "U20212326001A");
        let upn = Upn::parse("U20212326001A").expect("valid temporary UPN");
        assert!(upn.is_temporary());
        assert_eq!(upn.la_number(), "202");
        // Z is worth 22: 132 + 22*13 = 418; 418 mod 23 = 4 -> E
        assert_eq!(with_check("20212326001Z"), "E20212326001Z");
        assert!(!Upn::parse("B801200005001").expect("valid").is_temporary());
    }

    #[test]
    fn what_people_type_is_normalised() {
        let upn = Upn::parse("  b8012 0000 5001 ").expect("spaces and case are forgiven");
        assert_eq!(upn.as_str(), "B801200005001");
    }

    #[test]
    fn bad_upns_say_what_is_wrong() {
        let cases: &[(&str, UpnError, &str)] = &[
            (
                "",
                UpnError::WrongLength(0),
                "13 characters, this one has 0",
            ),
            ("B80120000500", UpnError::WrongLength(12), "this one has 12"),
            (
                "B8012000050011",
                UpnError::WrongLength(14),
                "this one has 14",
            ),
            (
                "1801200005001",
                UpnError::BadCharacter {
                    position: 1,
                    found: '1',
                },
                "check letter",
            ),
            (
                "I801200005001",
                UpnError::BadCharacter {
                    position: 1,
                    found: 'I',
                },
                "not I, O or S",
            ),
            (
                "B80120000500O",
                UpnError::BadCharacter {
                    position: 13,
                    found: 'O',
                },
                "temporary",
            ),
            (
                "B8012X0005001",
                UpnError::BadCharacter {
                    position: 6,
                    found: 'X',
                },
                "character 6",
            ),
            (
                "C801200005001",
                UpnError::WrongCheckLetter {
                    expected: 'B',
                    found: 'C',
                },
                "give B, not C",
            ),
            (
                "B801200005011",
                UpnError::WrongCheckLetter {
                    expected: 'P',
                    found: 'B',
                },
                "mistyped",
            ),
        ];
        for (text, error, words) in cases {
            let got = Upn::parse(text);
            assert_eq!(got.as_ref().err(), Some(error), "{text}");
            let message = error.to_string();
            assert!(message.contains(words), "{text}: {message}");
        }
    }

    #[test]
    fn serde_refuses_an_invalid_upn() {
        let good: Upn = serde_json::from_str("\"B801200005001\"").expect("valid");
        assert_eq!(good.as_str(), "B801200005001");
        assert!(serde_json::from_str::<Upn>("\"C801200005001\"").is_err());
    }
}
