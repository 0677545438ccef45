//! Scoring a one-minute read: words read, errors, self-corrections, WCPM, accuracy and its
//! band, the self-correction ratio, the 90 words-per-minute indicator, and a suggested last
//! word when the minute ends. Rules: [`SCORING_RULES`].

use std::fmt;

use serde::{Deserialize, Serialize};

/// Which rules a stored score used, so a later change of rules can be told apart.
pub const SCORING_RULES_VERSION: u32 = 1;

/// The rules, in words a teacher can read next to a score.
pub const SCORING_RULES: &str = "\
Words read are the words up to and including the last word attempted when the minute ended \
(or when the reading stopped). Marks after that word are ignored. A self-correction is not an \
error. Words correct = words read - errors. WCPM = words correct / minutes read, to the \
nearest whole word. Accuracy = words correct / words read, shown rounded down so it agrees \
with its band: independent 95-100%, instructional 90-94%, hard below 90%. With no words \
read there is no accuracy and no band, and WCPM is 0. The self-correction ratio is \
1:(errors + self-corrections) / self-corrections, rounded to a whole number. A read is timed \
for at most one minute; a longer time is refused, because the words read after the minute \
cannot be told apart.";

/// The most a read is timed for, in seconds.
pub const ONE_MINUTE: u32 = 60;

/// What the adult marked on a word; an unmarked word (`None`) was read correctly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mark {
    /// Misread, omitted, said by the adult after 3 seconds, or sounded out but not blended.
    Error,
    /// Misread, then put right by the child within 3 seconds: not an error.
    SelfCorrection,
}

/// What the adult recorded for one read of a passage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScoreInput<'a> {
    /// The passage's word count (title not counted).
    pub word_count: usize,
    /// One slot per word index. May be shorter than the passage (missing slots are unmarked);
    /// may not be longer.
    pub marks: &'a [Option<Mark>],
    /// The 0-based index of the last word attempted; `None` if the child read no word.
    pub last_word_read: Option<usize>,
    /// Whole seconds read: 60 for a full minute, fewer if the child finished (or the adult
    /// stopped) early. More than 60 is refused.
    pub seconds: u32,
}

/// Words correct per minute, to the nearest whole word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Wcpm(pub u32);

impl Wcpm {
    /// `correct` words in `seconds`, scaled to a minute, halves rounded up. `None` if words
    /// were read in no time.
    pub fn from_words(correct: usize, seconds: u32) -> Option<Wcpm> {
        if correct == 0 {
            return Some(Wcpm(0));
        }
        if seconds == 0 {
            return None;
        }
        let twice = correct as u64 * 60 * 2 + seconds as u64;
        u32::try_from(twice / (2 * seconds as u64)).ok().map(Wcpm)
    }
}

impl fmt::Display for Wcpm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} WCPM", self.0)
    }
}

/// How hard a text is for a reader, from their accuracy on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AccuracyBand {
    /// 95-100%: easy enough to read alone.
    Independent,
    /// 90-94%: right for teaching with support.
    Instructional,
    /// Below 90% (frustration level).
    Hard,
}

impl AccuracyBand {
    pub fn label(self) -> &'static str {
        match self {
            AccuracyBand::Independent => "Independent (95-100%)",
            AccuracyBand::Instructional => "Instructional (90-94%)",
            AccuracyBand::Hard => "Hard (below 90%)",
        }
    }
}

/// Words correct out of words read (correct + errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Accuracy {
    pub correct: u32,
    pub errors: u32,
}

impl Accuracy {
    /// `None` when no words were read: accuracy is undefined, not 0% or 100%.
    pub fn new(correct: u32, errors: u32) -> Option<Accuracy> {
        (correct > 0 || errors > 0).then_some(Accuracy { correct, errors })
    }

    fn total(self) -> u64 {
        self.correct as u64 + self.errors as u64
    }

    /// The exact percentage.
    pub fn percent(self) -> f64 {
        self.correct as f64 * 100.0 / self.total().max(1) as f64
    }

    /// Rounded down, so 94.6% shows as 94% and agrees with its band (instructional).
    pub fn whole_percent(self) -> u32 {
        (self.correct as u64 * 100 / self.total().max(1)) as u32
    }

    /// From the exact fraction, not the rounded percentage.
    pub fn band(self) -> AccuracyBand {
        let (correct, total) = (self.correct as u64 * 100, self.total());
        if correct >= 95 * total {
            AccuracyBand::Independent
        } else if correct >= 90 * total {
            AccuracyBand::Instructional
        } else {
            AccuracyBand::Hard
        }
    }
}

impl fmt::Display for Accuracy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.whole_percent())
    }
}

/// Clay's self-correction ratio, 1:n with n = (errors + self-corrections) / self-corrections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SelfCorrectionRatio {
    pub errors: u32,
    pub self_corrections: u32,
}

impl SelfCorrectionRatio {
    /// `None` when there were no self-corrections (the ratio is undefined).
    pub fn new(errors: u32, self_corrections: u32) -> Option<SelfCorrectionRatio> {
        (self_corrections > 0).then_some(SelfCorrectionRatio {
            errors,
            self_corrections,
        })
    }

    fn total(self) -> u64 {
        self.errors as u64 + self.self_corrections as u64
    }

    /// The exact n.
    pub fn n(self) -> f64 {
        self.total() as f64 / self.self_corrections.max(1) as f64
    }

    /// n to the nearest whole number, halves rounded up (Clay reports whole numbers).
    pub fn whole_n(self) -> u32 {
        let (total, sc) = (self.total(), self.self_corrections.max(1) as u64);
        ((2 * total + sc) / (2 * sc)) as u32
    }

    /// 1:4 or better (n ≤ 4, exactly) suggests the child monitors their own reading.
    pub fn suggests_self_monitoring(self) -> bool {
        self.total() <= 4 * self.self_corrections as u64
    }
}

impl fmt::Display for SelfCorrectionRatio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1:{}", self.whole_n())
    }
}

/// A scored read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FluencyScore {
    pub word_count: usize,
    /// Words attempted: up to and including the last word read.
    pub words_read: usize,
    pub errors: usize,
    pub self_corrections: usize,
    pub words_correct: usize,
    pub seconds: u32,
    /// The child reached the last word of the passage.
    pub finished: bool,
    /// Marks on words after the last word read, which do not count (the UI may warn).
    pub marks_ignored: usize,
    pub wcpm: Wcpm,
    /// `None` when no words were read.
    pub accuracy: Option<Accuracy>,
    /// `None` when no words were read.
    pub band: Option<AccuracyBand>,
    /// `None` when there were no self-corrections.
    pub self_correction: Option<SelfCorrectionRatio>,
}

/// Faster than this is not a child reading aloud (adults speak at about 150 words a minute
/// and read aloud quickly at about 200): the timer was almost certainly stopped by mistake.
pub const FASTEST_PLAUSIBLE_WCPM: u32 = 250;

impl FluencyScore {
    /// The 90 words-per-minute indicator for this read.
    pub fn ninety_wpm(&self) -> NinetyWpm {
        NinetyWpm::of(self.wcpm)
    }

    /// A warning when the score cannot be a real reading, e.g. "The child finished" tapped
    /// two seconds in; the score is kept (the adult decides), but it should not be trusted.
    pub fn timing_doubt(&self) -> Option<String> {
        (self.wcpm.0 > FASTEST_PLAUSIBLE_WCPM).then(|| {
            format!(
                "Check the timing: {} words in {} seconds is {} words correct per minute, faster \
                 than anyone reads aloud. The timer was probably stopped by mistake; run the \
                 check again.",
                self.words_read, self.seconds, self.wcpm.0
            )
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScoreError {
    MarksLongerThanPassage {
        marks: usize,
        words: usize,
    },
    LastWordOutOfRange {
        index: usize,
        words: usize,
    },
    OverOneMinute {
        seconds: u32,
    },
    /// Words were read but the time is 0 seconds.
    NoTime,
}

impl fmt::Display for ScoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScoreError::MarksLongerThanPassage { marks, words } => write!(
                f,
                "There are marks for {marks} words but the passage has {words}."
            ),
            ScoreError::LastWordOutOfRange { index, words } => write!(
                f,
                "The last word read is word {} but the passage has {words} words.",
                index + 1
            ),
            ScoreError::OverOneMinute { seconds } => write!(
                f,
                "A read is timed for one minute at most ({seconds} seconds were entered). \
                 Mark the last word read at one minute."
            ),
            ScoreError::NoTime => write!(f, "Words were read, so the time cannot be 0 seconds."),
        }
    }
}

impl std::error::Error for ScoreError {}

/// Scores a read (rules in [`SCORING_RULES`]).
pub fn score(input: &ScoreInput<'_>) -> Result<FluencyScore, ScoreError> {
    let ScoreInput {
        word_count,
        marks,
        last_word_read,
        seconds,
    } = *input;
    if marks.len() > word_count {
        return Err(ScoreError::MarksLongerThanPassage {
            marks: marks.len(),
            words: word_count,
        });
    }
    if seconds > ONE_MINUTE {
        return Err(ScoreError::OverOneMinute { seconds });
    }
    let words_read = match last_word_read {
        Some(index) if index >= word_count => {
            return Err(ScoreError::LastWordOutOfRange {
                index,
                words: word_count,
            })
        }
        Some(index) => index + 1,
        None => 0,
    };
    if words_read > 0 && seconds == 0 {
        return Err(ScoreError::NoTime);
    }
    let read = &marks[..words_read.min(marks.len())];
    let count = |mark: Mark| read.iter().filter(|m| **m == Some(mark)).count();
    let errors = count(Mark::Error);
    let self_corrections = count(Mark::SelfCorrection);
    let words_correct = words_read - errors;
    let marks_ignored = marks[read.len()..].iter().filter(|m| m.is_some()).count();
    let wcpm = Wcpm::from_words(words_correct, seconds).ok_or(ScoreError::NoTime)?;
    let accuracy = Accuracy::new(words_correct as u32, errors as u32);
    Ok(FluencyScore {
        word_count,
        words_read,
        errors,
        self_corrections,
        words_correct,
        seconds,
        finished: word_count > 0 && words_read == word_count,
        marks_ignored,
        wcpm,
        accuracy,
        band: accuracy.map(Accuracy::band),
        self_correction: SelfCorrectionRatio::new(errors as u32, self_corrections as u32),
    })
}

/// The England KS1 indicator: about 90 words per minute.
pub const NINETY_WPM: u32 = 90;

/// What the 90 words-per-minute indicator is, for display next to it.
pub const NINETY_WPM_NOTE: &str = "\
The 2018 KS1 teacher-assessment framework named reading at about 90 words per minute as a \
good indicator that a child reads fluently enough to attend to meaning. It has been \
non-statutory since 2023/24, and some pupils read more slowly and still understand. \
ReadBy7 compares words correct per minute with it.";

/// Whether a WCPM meets the 90 words-per-minute indicator (90 itself meets it), and by how much.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NinetyWpm {
    Met { above_by: u32 },
    NotMet { short_by: u32 },
}

impl NinetyWpm {
    pub fn of(wcpm: Wcpm) -> NinetyWpm {
        if wcpm.0 >= NINETY_WPM {
            NinetyWpm::Met {
                above_by: wcpm.0 - NINETY_WPM,
            }
        } else {
            NinetyWpm::NotMet {
                short_by: NINETY_WPM - wcpm.0,
            }
        }
    }

    pub fn is_met(self) -> bool {
        matches!(self, NinetyWpm::Met { .. })
    }

    pub fn label(self) -> String {
        match self {
            NinetyWpm::Met { above_by: 0 } => "90 words per minute: met (exactly 90)".into(),
            NinetyWpm::Met { above_by } => format!("90 words per minute: met ({above_by} above)"),
            NinetyWpm::NotMet { short_by } => {
                format!("90 words per minute: not yet ({short_by} short)")
            }
        }
    }
}

/// A suggestion for the last word read when the minute ends, for the adult to confirm: the
/// further of the furthest word they marked and the word the pupil's previous WCPM predicts
/// (previous WCPM words into the passage), never past the end. `None` when there is neither,
/// or the passage is empty: the adult taps the word.
pub fn suggest_last_word(
    word_count: usize,
    marks: &[Option<Mark>],
    previous: Option<Wcpm>,
) -> Option<usize> {
    let marked = marks.iter().take(word_count).rposition(Option::is_some);
    let predicted = previous.filter(|w| w.0 > 0).map(|w| w.0 as usize - 1);
    let furthest = marked.max(predicted)?;
    word_count.checked_sub(1).map(|end| furthest.min(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    const E: Option<Mark> = Some(Mark::Error);
    const S: Option<Mark> = Some(Mark::SelfCorrection);
    const N: Option<Mark> = None;

    /// (words read, errors, SCs, correct, WCPM, accuracy %, band, SC ratio, ignored, finished)
    type Want = (
        usize,
        usize,
        usize,
        usize,
        u32,
        Option<u32>,
        Option<AccuracyBand>,
        Option<&'static str>,
        usize,
        bool,
    );

    #[test]
    fn reads_are_scored_by_the_rules() {
        use AccuracyBand::*;
        let cases: Vec<(&str, ScoreInput, Want)> = vec![
            (
                "a clean minute",
                ScoreInput {
                    word_count: 100,
                    marks: &[],
                    last_word_read: Some(59),
                    seconds: 60,
                },
                (
                    60,
                    0,
                    0,
                    60,
                    60,
                    Some(100),
                    Some(Independent),
                    None,
                    0,
                    false,
                ),
            ),
            (
                "no words read",
                ScoreInput {
                    word_count: 40,
                    marks: &[],
                    last_word_read: None,
                    seconds: 60,
                },
                (0, 0, 0, 0, 0, None, None, None, 0, false),
            ),
            (
                "no words read, stopped at once",
                ScoreInput {
                    word_count: 40,
                    marks: &[],
                    last_word_read: None,
                    seconds: 0,
                },
                (0, 0, 0, 0, 0, None, None, None, 0, false),
            ),
            (
                "all errors",
                ScoreInput {
                    word_count: 5,
                    marks: &[E, E, E],
                    last_word_read: Some(2),
                    seconds: 60,
                },
                (3, 3, 0, 0, 0, Some(0), Some(Hard), None, 0, false),
            ),
            (
                "finished early: 40 correct in 45 s is 53.3 WCPM",
                ScoreInput {
                    word_count: 42,
                    marks: &[N, E, N, E],
                    last_word_read: Some(41),
                    seconds: 45,
                },
                (42, 2, 0, 40, 53, Some(95), Some(Independent), None, 0, true),
            ),
            (
                "halves round up: 1 correct in 40 s is 1.5 WCPM",
                ScoreInput {
                    word_count: 10,
                    marks: &[],
                    last_word_read: Some(0),
                    seconds: 40,
                },
                (1, 0, 0, 1, 2, Some(100), Some(Independent), None, 0, false),
            ),
            (
                "last word before the first error: the error is ignored",
                ScoreInput {
                    word_count: 10,
                    marks: &[N, N, N, N, N, E, S],
                    last_word_read: Some(3),
                    seconds: 60,
                },
                (4, 0, 0, 4, 4, Some(100), Some(Independent), None, 2, false),
            ),
            (
                "a self-correction on the last word counts as correct",
                ScoreInput {
                    word_count: 10,
                    marks: &[N, N, S],
                    last_word_read: Some(2),
                    seconds: 60,
                },
                (
                    3,
                    0,
                    1,
                    3,
                    3,
                    Some(100),
                    Some(Independent),
                    Some("1:1"),
                    0,
                    false,
                ),
            ),
            (
                "Clay's ratio: 3 errors and 2 SCs is 1:2.5, shown 1:3",
                ScoreInput {
                    word_count: 50,
                    marks: &[E, S, E, S, E],
                    last_word_read: Some(49),
                    seconds: 60,
                },
                (
                    50,
                    3,
                    2,
                    47,
                    47,
                    Some(94),
                    Some(Instructional),
                    Some("1:3"),
                    0,
                    true,
                ),
            ),
            (
                "94.6% is instructional and shows as 94%",
                ScoreInput {
                    word_count: 100,
                    marks: &[E, N, E, N, E],
                    last_word_read: Some(55),
                    seconds: 60,
                },
                (
                    56,
                    3,
                    0,
                    53,
                    53,
                    Some(94),
                    Some(Instructional),
                    None,
                    0,
                    false,
                ),
            ),
            (
                "exactly 90% is instructional",
                ScoreInput {
                    word_count: 10,
                    marks: &[E],
                    last_word_read: Some(9),
                    seconds: 60,
                },
                (10, 1, 0, 9, 9, Some(90), Some(Instructional), None, 0, true),
            ),
            (
                "89% is hard",
                ScoreInput {
                    word_count: 9,
                    marks: &[E],
                    last_word_read: Some(8),
                    seconds: 60,
                },
                (9, 1, 0, 8, 8, Some(88), Some(Hard), None, 0, true),
            ),
            (
                "exactly 95% is independent",
                ScoreInput {
                    word_count: 20,
                    marks: &[E],
                    last_word_read: Some(19),
                    seconds: 60,
                },
                (20, 1, 0, 19, 19, Some(95), Some(Independent), None, 0, true),
            ),
        ];
        for (name, input, want) in cases {
            let s = score(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
            let got: Want = (
                s.words_read,
                s.errors,
                s.self_corrections,
                s.words_correct,
                s.wcpm.0,
                s.accuracy.map(Accuracy::whole_percent),
                s.band,
                s.self_correction.map(|r| r.to_string()).map(|r| &*r.leak()),
                s.marks_ignored,
                s.finished,
            );
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        let cases = [
            (
                ScoreInput {
                    word_count: 2,
                    marks: &[N, N, E],
                    last_word_read: Some(1),
                    seconds: 60,
                },
                ScoreError::MarksLongerThanPassage { marks: 3, words: 2 },
            ),
            (
                ScoreInput {
                    word_count: 2,
                    marks: &[],
                    last_word_read: Some(2),
                    seconds: 60,
                },
                ScoreError::LastWordOutOfRange { index: 2, words: 2 },
            ),
            (
                ScoreInput {
                    word_count: 0,
                    marks: &[],
                    last_word_read: Some(0),
                    seconds: 60,
                },
                ScoreError::LastWordOutOfRange { index: 0, words: 0 },
            ),
            (
                ScoreInput {
                    word_count: 50,
                    marks: &[],
                    last_word_read: Some(40),
                    seconds: 61,
                },
                ScoreError::OverOneMinute { seconds: 61 },
            ),
            (
                ScoreInput {
                    word_count: 50,
                    marks: &[],
                    last_word_read: Some(40),
                    seconds: 0,
                },
                ScoreError::NoTime,
            ),
        ];
        for (input, want) in cases {
            assert_eq!(score(&input), Err(want.clone()), "{input:?}");
            assert!(!want.to_string().is_empty());
        }
        let over = ScoreError::OverOneMinute { seconds: 75 }.to_string();
        assert!(over.contains("75 seconds"), "{over}");
    }

    #[test]
    fn self_correction_ratios_follow_clay() {
        // (errors, SCs, label, exact n, suggests monitoring)
        let cases = [
            (0, 1, "1:1", 1.0, true),
            (2, 1, "1:3", 3.0, true),
            (3, 1, "1:4", 4.0, true),
            (4, 1, "1:5", 5.0, false),
            (3, 2, "1:3", 2.5, true),
            (7, 2, "1:5", 4.5, false),
        ];
        for (errors, sc, label, n, monitors) in cases {
            let r = SelfCorrectionRatio::new(errors, sc).expect("has SCs");
            assert_eq!(r.to_string(), label, "{errors} {sc}");
            assert!((r.n() - n).abs() < 1e-9, "{errors} {sc}");
            assert_eq!(r.suggests_self_monitoring(), monitors, "{errors} {sc}");
        }
        assert_eq!(SelfCorrectionRatio::new(5, 0), None);
    }

    #[test]
    fn accuracy_is_undefined_without_words() {
        assert_eq!(Accuracy::new(0, 0), None);
        let a = Accuracy::new(0, 4).expect("words read");
        assert_eq!((a.whole_percent(), a.band()), (0, AccuracyBand::Hard));
        let a = Accuracy::new(199, 1).expect("words read");
        assert_eq!(a.to_string(), "99%");
        assert!((a.percent() - 99.5).abs() < 1e-9);
    }

    fn wcpm_score(wcpm: u32) -> FluencyScore {
        let words = wcpm as usize + 1;
        let last = (wcpm > 0).then(|| wcpm as usize - 1);
        score(&ScoreInput {
            word_count: words,
            marks: &[],
            last_word_read: last,
            seconds: 60,
        })
        .expect("valid")
    }

    #[test]
    fn the_ninety_wpm_indicator_says_by_how_much() {
        let cases = [
            (0, false, "90 words per minute: not yet (90 short)"),
            (89, false, "90 words per minute: not yet (1 short)"),
            (90, true, "90 words per minute: met (exactly 90)"),
            (112, true, "90 words per minute: met (22 above)"),
        ];
        for (wcpm, met, label) in cases {
            let indicator = NinetyWpm::of(Wcpm(wcpm));
            assert_eq!(wcpm_score(wcpm).ninety_wpm(), indicator);
            assert_eq!(indicator.is_met(), met, "{wcpm}");
            assert_eq!(indicator.label(), label);
        }
    }

    #[test]
    fn an_impossible_speed_casts_doubt_on_the_timing() {
        assert_eq!(wcpm_score(180).timing_doubt(), None);
        assert_eq!(wcpm_score(FASTEST_PLAUSIBLE_WCPM).timing_doubt(), None);
        // "The child finished" tapped two seconds into a 98-word passage.
        let slip = score(&ScoreInput {
            word_count: 98,
            marks: &[],
            last_word_read: Some(97),
            seconds: 2,
        })
        .expect("valid");
        assert_eq!(slip.wcpm, Wcpm(2940));
        let doubt = slip.timing_doubt().expect("doubtful");
        assert!(
            doubt.starts_with("Check the timing: 98 words in 2 seconds is 2940"),
            "{doubt}"
        );
    }

    #[test]
    fn the_last_word_is_suggested_from_marks_and_the_previous_wcpm() {
        // (word count, marks, previous WCPM, suggestion, why)
        type Case = (
            usize,
            &'static [Option<Mark>],
            Option<u32>,
            Option<usize>,
            &'static str,
        );
        let cases: [Case; 8] = [
            (100, &[], None, None, "nothing to go on: the adult taps"),
            (0, &[E], Some(50), None, "an empty passage"),
            (100, &[N, E, N, S], None, Some(3), "the furthest mark"),
            (100, &[], Some(50), Some(49), "the 50th word for 50 WCPM"),
            (
                100,
                &[N, E],
                Some(50),
                Some(49),
                "the prediction is further",
            ),
            (
                100,
                [N; 70].as_slice(),
                Some(50),
                Some(49),
                "unmarked slots are not marks",
            ),
            (40, &[], Some(90), Some(39), "capped at the last word"),
            (100, &[], Some(0), None, "0 WCPM predicts nothing"),
        ];
        for (words, marks, previous, want, name) in cases {
            assert_eq!(
                suggest_last_word(words, marks, previous.map(Wcpm)),
                want,
                "{name}"
            );
        }
        let mut marks = vec![N; 80];
        marks[70] = E;
        assert_eq!(
            suggest_last_word(100, &marks, Some(Wcpm(50))),
            Some(70),
            "the mark is further"
        );
    }

    #[test]
    fn wcpm_needs_time_only_when_words_were_read() {
        assert_eq!(Wcpm::from_words(0, 0), Some(Wcpm(0)));
        assert_eq!(Wcpm::from_words(5, 0), None);
        assert_eq!(Wcpm::from_words(90, 60), Some(Wcpm(90)));
        assert_eq!(Wcpm::from_words(30, 20), Some(Wcpm(90)));
    }
}
