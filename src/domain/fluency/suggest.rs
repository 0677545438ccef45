//! Which level a pupil should read next.
//!
//! From the last fluency result: independent (95-100%) → one level up, instructional (90-94%)
//! → the same level, hard (below 90%) or no words read → one level down; always within 1-8.
//!
//! With no result yet, from the year group and term: Reception → 1; Year 1 autumn 2, spring 3,
//! summer 4; Year 2 autumn 5, spring 6, summer 7. A phonics screening mark (out of 40) can
//! only lower that start, because a pupil still securing phonics needs decodable text: below
//! the school's threshold → at most level 3 (phase 5 decodable); below 20 (half the check) →
//! at most level 2 (phase 4); below 10 → level 1 (phase 3). These cut-offs are ReadBy7's own
//! starting points, not a published mapping; the adult can always choose another level.

use serde::{Deserialize, Serialize};

use crate::domain::model::YearGroup;

use super::level::{PassageLevel, Term};
use super::score::AccuracyBand;

/// A pupil's latest phonics screening mark and the threshold it was judged against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningMark {
    /// 0-40.
    pub mark: u8,
    /// The year's pass mark (32 every year so far).
    pub threshold: u8,
}

/// The last fluency read that counts for choosing the next level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastReading {
    pub level: PassageLevel,
    /// `None` when no words were read.
    pub band: Option<AccuracyBand>,
}

/// The next level after a read at `level` with accuracy `band`.
pub fn level_after(level: PassageLevel, band: Option<AccuracyBand>) -> PassageLevel {
    match band {
        Some(AccuracyBand::Independent) => level.up(),
        Some(AccuracyBand::Instructional) => level,
        Some(AccuracyBand::Hard) | None => level.down(),
    }
}

/// Where to start a pupil with no fluency result (rules in the module docs).
pub fn starting_level(
    year: YearGroup,
    term: Term,
    screening: Option<ScreeningMark>,
) -> PassageLevel {
    let by_year = match (year, term) {
        (YearGroup::Reception, _) => 1,
        (YearGroup::Year1, Term::Autumn) => 2,
        (YearGroup::Year1, Term::Spring) => 3,
        (YearGroup::Year1, Term::Summer) => 4,
        (YearGroup::Year2, Term::Autumn) => 5,
        (YearGroup::Year2, Term::Spring) => 6,
        (YearGroup::Year2, Term::Summer) => 7,
    };
    let cap = match screening {
        Some(s) if s.mark < 10 => 1,
        Some(s) if s.mark < 20 => 2,
        Some(s) if s.mark < s.threshold => 3,
        _ => u8::MAX,
    };
    PassageLevel::new(by_year.min(cap)).unwrap_or(PassageLevel::MIN)
}

/// The level to offer next: from the last result if there is one, otherwise the start.
pub fn suggest_level(
    last: Option<LastReading>,
    year: YearGroup,
    term: Term,
    screening: Option<ScreeningMark>,
) -> PassageLevel {
    match last {
        Some(r) => level_after(r.level, r.band),
        None => starting_level(year, term, screening),
    }
}

/// Where a suggested last word comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastWordBasis {
    /// As far as the pupil's last reading rate (words correct per minute) would reach.
    PreviousRate,
    /// The furthest word the adult marked: the child read at least this far, often further.
    FurthestMarked,
}

/// What the adult sees when the minute ends: the word offered (if any) and why, so a weak
/// guess (the furthest word marked is only a lower bound) reads as one, and the quickest
/// correction, tapping the real last word in the passage, is said first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastWordPrompt {
    /// Index of the word offered, or `None` (the adult taps it).
    pub word: Option<usize>,
    pub basis: Option<LastWordBasis>,
}

/// The prompt for the end of the minute: the further of the furthest word marked and the
/// word the previous WCPM predicts, as [`super::suggest_last_word`] chooses it, with the basis
/// of that choice. After a reading with no marks and no earlier rate, nothing is suggested.
pub fn last_word_prompt(
    word_count: usize,
    marks: &[Option<super::Mark>],
    previous: Option<super::Wcpm>,
) -> LastWordPrompt {
    let word = super::suggest_last_word(word_count, marks, previous);
    let marked = marks.iter().take(word_count).rposition(Option::is_some);
    let basis = word.map(|w| {
        if marked.is_some_and(|m| m >= w) {
            LastWordBasis::FurthestMarked
        } else {
            LastWordBasis::PreviousRate
        }
    });
    LastWordPrompt { word, basis }
}

impl LastWordPrompt {
    /// The sentence under "Time! Tap the last word the child read." `text` is the word offered.
    pub fn explain(&self, text: &str) -> String {
        match (self.word, self.basis) {
            (Some(i), Some(LastWordBasis::PreviousRate)) => format!(
                "Suggested: word {} (“{text}”), as far as this pupil's last reading rate \
                 would reach. If the child stopped elsewhere, tap that word in the passage.",
                i + 1
            ),
            (Some(i), Some(LastWordBasis::FurthestMarked)) => format!(
                "The furthest word you marked is word {} (“{text}”): the child read at least \
                 that far. Tap the word they reached in the passage.",
                i + 1
            ),
            _ => "Tap the word the child reached in the passage.".into(),
        }
    }

    /// The one-tap button for the word offered, when there is one.
    pub fn button(&self, text: &str) -> Option<String> {
        self.word
            .map(|i| format!("They stopped at word {} (“{text}”)", i + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AccuracyBand::*;

    fn level(n: u8) -> PassageLevel {
        PassageLevel::new(n).expect("1-8")
    }

    #[test]
    fn the_band_moves_the_level_within_one_to_eight() {
        let cases = [
            (3, Some(Independent), 4),
            (3, Some(Instructional), 3),
            (3, Some(Hard), 2),
            (3, None, 2),
            (8, Some(Independent), 8),
            (1, Some(Hard), 1),
            (1, None, 1),
        ];
        for (from, band, to) in cases {
            assert_eq!(level_after(level(from), band), level(to), "{from} {band:?}");
        }
    }

    #[test]
    fn without_a_result_the_year_term_and_screening_mark_decide() {
        let mark = |mark| {
            Some(ScreeningMark {
                mark,
                threshold: 32,
            })
        };
        let cases = [
            (YearGroup::Reception, Term::Autumn, None, 1),
            (YearGroup::Reception, Term::Summer, mark(40), 1),
            (YearGroup::Year1, Term::Autumn, None, 2),
            (YearGroup::Year1, Term::Spring, None, 3),
            (YearGroup::Year1, Term::Summer, None, 4),
            (YearGroup::Year1, Term::Summer, mark(32), 4),
            (YearGroup::Year1, Term::Summer, mark(31), 3),
            (YearGroup::Year2, Term::Autumn, None, 5),
            (YearGroup::Year2, Term::Spring, None, 6),
            (YearGroup::Year2, Term::Summer, None, 7),
            (YearGroup::Year2, Term::Autumn, mark(36), 5),
            (YearGroup::Year2, Term::Autumn, mark(25), 3),
            (YearGroup::Year2, Term::Autumn, mark(19), 2),
            (YearGroup::Year2, Term::Autumn, mark(9), 1),
            (YearGroup::Year1, Term::Autumn, mark(25), 2),
        ];
        for (year, term, screening, want) in cases {
            assert_eq!(
                starting_level(year, term, screening),
                level(want),
                "{year:?} {term:?} {screening:?}"
            );
        }
    }

    #[test]
    fn a_result_wins_over_the_year_group() {
        let last = LastReading {
            level: level(2),
            band: Some(Independent),
        };
        assert_eq!(
            suggest_level(Some(last), YearGroup::Year2, Term::Summer, None),
            level(3)
        );
        assert_eq!(
            suggest_level(None, YearGroup::Year2, Term::Summer, None),
            level(7)
        );
    }

    #[test]
    fn the_last_word_prompt_says_how_far_it_can_be_trusted() {
        use crate::domain::fluency::{Mark, Wcpm};
        let none = vec![None; 98];
        // A reading with no errors and no earlier rate: nothing to suggest; the adult taps.
        let p = last_word_prompt(98, &none, None);
        assert_eq!(
            p,
            LastWordPrompt {
                word: None,
                basis: None
            }
        );
        assert_eq!(
            p.explain(""),
            "Tap the word the child reached in the passage."
        );
        assert_eq!(p.button(""), None);
        // No errors, an earlier rate of 45: word 45, said to come from that rate.
        let p = last_word_prompt(98, &none, Some(Wcpm(45)));
        assert_eq!(p.word, Some(44));
        assert_eq!(p.basis, Some(LastWordBasis::PreviousRate));
        assert!(
            p.explain("sat").starts_with("Suggested: word 45 (“sat”)"),
            "{}",
            p.explain("sat")
        );
        assert_eq!(
            p.button("sat").as_deref(),
            Some("They stopped at word 45 (“sat”)")
        );
        // Errors up to word 21 and no earlier rate: word 21, offered only as "at least".
        let mut marks = none.clone();
        marks[3] = Some(Mark::Error);
        marks[20] = Some(Mark::SelfCorrection);
        let p = last_word_prompt(98, &marks, None);
        assert_eq!(
            (p.word, p.basis),
            (Some(20), Some(LastWordBasis::FurthestMarked))
        );
        assert_eq!(
            p.explain("wall"),
            "The furthest word you marked is word 21 (“wall”): the child read at least that \
             far. Tap the word they reached in the passage."
        );
        // A mark beyond the earlier rate's reach wins, and says so.
        let p = last_word_prompt(98, &marks, Some(Wcpm(10)));
        assert_eq!(
            (p.word, p.basis),
            (Some(20), Some(LastWordBasis::FurthestMarked))
        );
    }
}
