//! Oral reading fluency: passages, decodability, scoring a one-minute read, US norms, prosody
//! and which level to read next. Plain Rust; the data is in `data/` with its sources in each
//! file's header, parsed once, and the tests in this module check its invariants.
//!
//! # Using it
//!
//! ```ignore
//! use crate::domain::fluency::{self, Mark, ScoreInput, PassageLevel, Term};
//! let Some(passage) = fluency::passage("l3-up-up-up")? else { return };  // Result<Option<..>>
//! for token in &passage.tokens { /* token.index, token.text ("up!"), token.paragraph */ }
//! let marks: Vec<Option<Mark>> = vec![None; passage.word_count()]; // one slot per word
//! let last = fluency::suggest_last_word(passage.word_count(), &marks, previous_wcpm);
//! let score = fluency::score(&ScoreInput {
//!     word_count: passage.word_count(), marks: &marks, last_word_read: last, seconds: 60,
//! })?;                                                          // Err(ScoreError) has a message
//! let us = fluency::norms()?.compare(score.wcpm, pupil.year_group, Term::Spring);
//! let next = fluency::suggest_level(Some(LastReading { level: passage.level, band: score.band }),
//!                                   pupil.year_group, Term::Spring, None);
//! ```
//!
//! ## Passages ([`passages`], [`passage`], [`passages_at`] → [`Passage`])
//! `Passage { id, title, level, genre, text, tokens, gpcs, tricky_words, other_words }` with
//! [`Passage::word_count`], [`Passage::decodable_phase`] and
//! [`Passage::decodability_problems`]. Ids never change once published; store them with
//! results. The word count, GPCs and tricky words are worked out from the text, never typed.
//! [`PassageLevel`] 1-8: 1-3 are decodable at phases 3, 4 and 5 ([`PassageLevel::decodable_phase`]);
//! 4-8 run from Year 1 summer to the end of Year 2 and are not fully decodable
//! ([`PassageLevel::label`], [`PassageLevel::typical_when`], [`PassageLevel::word_range`],
//! [`PassageLevel::up`]/[`PassageLevel::down`]). [`Term`]: autumn, spring, summer.
//!
//! ## Words ([`tokenise`] → [`Token`])
//! A word is a whitespace-separated piece: punctuation stays on it for display and it counts
//! once; "ice-cream" and "Mum's" are one word; a lone dash or quote mark joins the word before
//! it; numbers are written as words (passages refuse digits). The word count is the number of
//! tokens. The title is not a token: timing starts at the first word of the text.
//!
//! ## Decodability ([`decoder`] → [`Decoder`], [`segment`], [`GpcSet`])
//! [`segment`]`(word, &set)` splits a lower-case word into the GPCs of a [`GpcSet`] (split
//! digraphs and the ck ll ss ff zz doubles included) by its spelling and a few English spelling
//! rules. [`Decoder::read`] and [`Decoder::can_read`] first use the known readings
//! (`data/readings.tsv`, then the word bank) and never decode a tricky word without one;
//! [`Decoder::check`]`(token, phase)` says decodable (with GPCs), tricky, or why not
//! ([`Unreadable`]); [`Decoder::set_for`] gives a phase's GPCs. Case and edge punctuation are
//! ignored; hyphenated words are checked part by part; `'s` adds the s GPC to the word
//! before it; other contractions are never decodable. Rules in full: the `decode` module docs.
//! For levels 4-8, `gpcs`/`tricky_words`/`other_words` are a guide to what the text asks of a
//! reader (checked at phase 5), not a guarantee of how every word is said.
//!
//! ## Scoring ([`score`] → [`FluencyScore`]; rules in [`SCORING_RULES`], version [`SCORING_RULES_VERSION`])
//! - Input [`ScoreInput`]: the word count, one [`Mark`] slot per word (`None` = read right,
//!   `Error`, `SelfCorrection`, which is not an error), the index of the last word read
//!   (`None` = no word read), and whole seconds read.
//! - Words read = words up to and including the last word attempted when time ran out (or the
//!   read stopped); marks after it are ignored and counted in `marks_ignored`.
//! - Seconds: 60 for a full minute, fewer if the child finished or the adult stopped early.
//!   More than 60 is refused ([`ScoreError::OverOneMinute`]), not capped: the words read after
//!   the minute cannot be told apart. 0 seconds is refused if any word was read.
//! - [`Wcpm`] = words correct ÷ minutes, to the nearest whole word (halves up).
//! - [`Accuracy`] = correct ÷ (correct + errors); `None` when no word was read (neither 0% nor
//!   100%). Shown rounded down ([`Accuracy::whole_percent`]) so it agrees with its
//!   [`AccuracyBand`], which uses the exact fraction: independent 95-100%, instructional
//!   90-94%, hard below 90%. No words read: no band, WCPM 0.
//! - [`SelfCorrectionRatio`] (Clay): 1:n with n = (errors + SCs) ÷ SCs, shown to the nearest
//!   whole number; `None` without self-corrections; 1:4 or better suggests self-monitoring.
//! - [`NinetyWpm`]: the KS1 "about 90 words per minute" indicator on WCPM; 90 meets it; says
//!   by how much ([`NINETY_WPM_NOTE`] explains it is non-statutory).
//! - [`suggest_last_word`]: when the minute ends, the further of the furthest word marked and
//!   the word the previous WCPM predicts (the WCPM-th word), never past the end; `None` when
//!   there is neither, so the adult taps.
//!
//! ## US norms ([`norms`] → [`Norms`], [`NormComparison`])
//! Hasbrouck & Tindal (2017), `data/norms.tsv`. [`Norms::compare`]`(wcpm, year, term)` maps
//! England Year 2 to US grade 1 (and [`UsGrade::for_england_year`] maps Year 3 to grade 2;
//! [`Norms::compare_us`] takes a US grade), autumn/spring/summer to fall/winter/spring, and
//! gives a [`PercentileBand`] ("between the 25th and 50th percentiles", "at or above the
//! 90th"); a value at a percentile counts as at or above it. Reception and Year 1 get
//! `NoNormsForYear` (US kindergarten has no ORF norms); Year 2 autumn gets `NoNormsForSeason`
//! (grade 1 fall is "-": the table starts grade 1 in winter), which says so and carries the
//! nearest season's band as a labelled guide ([`NearestNorm`]: grade 1 winter). [`NormComparison::describe`] always says "US norms";
//! [`NormComparison::likely_needs_support`] flags 10+ WCPM below the US 50th percentile.
//!
//! ## Prosody ([`ProsodyLevel`])
//! NAEP levels 1-4 with [`ProsodyLevel::descriptor`] in plain words;
//! [`ProsodyLevel::is_non_fluent`] for levels 1-2. Serialises as its number.
//!
//! ## Next level ([`suggest_level`], [`level_after`], [`starting_level`])
//! After a read: independent → one level up, instructional → same, hard or no words read →
//! one down, within 1-8. With no result: Reception 1; Year 1 autumn 2, spring 3, summer 4;
//! Year 2 autumn 5, spring 6, summer 7; a [`ScreeningMark`] only lowers that: below the
//! threshold → at most 3, below 20 → at most 2, below 10 → 1 (ReadBy7's own cut-offs).
//!
//! Every loader returns `Err(ContentError)` naming the file, line and problem if the embedded
//! data were bad; the tests prove they are not.

mod check;
mod decode;
mod level;
mod norms;
mod passage;
mod prosody;
mod record;
mod score;
mod suggest;
mod tokens;

#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use crate::domain::phonics::ContentError;

pub use check::{
    end_timer, fluency_score, interrupted, pause_timer, restart, set_expression, set_last_word,
    start_fluency, start_timer, suggested_last_word, tap_word, MINUTE_MS,
};
pub use decode::{segment, spelling_parts, Decoder, GpcSet, PartReading, Unreadable, WordCheck};
pub use level::{PassageLevel, Term};
pub use norms::{
    NearestNorm, NormComparison, Norms, PercentileBand, UsGrade, UsSeason, NORMS_SOURCE,
    PERCENTILES,
};
pub use passage::{Genre, Passage, WordProblem};
pub use prosody::ProsodyLevel;
pub(crate) use record::stamp_slot;
pub use record::{AudioRef, FluencyRecord, TimerState};
pub use score::{
    score, suggest_last_word, Accuracy, AccuracyBand, FluencyScore, Mark, NinetyWpm, ScoreError,
    ScoreInput, SelfCorrectionRatio, Wcpm, NINETY_WPM, NINETY_WPM_NOTE, ONE_MINUTE, SCORING_RULES,
    SCORING_RULES_VERSION,
};
pub use suggest::{
    last_word_prompt, level_after, starting_level, suggest_level, LastReading, LastWordBasis,
    LastWordPrompt, ScreeningMark,
};
pub use tokens::{bare_word, tokenise, Token};

const PASSAGES_TXT: &str = include_str!("data/passages.txt");
const READINGS_TSV: &str = include_str!("data/readings.tsv");
const NORMS_TSV: &str = include_str!("data/norms.tsv");

/// The lines of a data file that hold rows: numbered from 1, without blank lines and `#` comments.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
}

static DECODER: OnceLock<Result<Decoder, ContentError>> = OnceLock::new();
static PASSAGES: OnceLock<Result<Vec<Passage>, ContentError>> = OnceLock::new();
static NORMS: OnceLock<Result<Norms, ContentError>> = OnceLock::new();

/// The decoder: GPC catalogue, known readings and tricky words (built on first use).
pub fn decoder() -> Result<&'static Decoder, ContentError> {
    DECODER
        .get_or_init(Decoder::load)
        .as_ref()
        .map_err(Clone::clone)
}

/// Every passage, by level then file order (parsed on first use).
pub fn passages() -> Result<&'static [Passage], ContentError> {
    let decoder = decoder()?;
    PASSAGES
        .get_or_init(|| {
            passage::parse("passages.txt", PASSAGES_TXT, decoder).map(|mut ps| {
                ps.sort_by_key(|p| p.level);
                ps
            })
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// The passage with this id, if there is one.
pub fn passage(id: &str) -> Result<Option<&'static Passage>, ContentError> {
    Ok(passages()?.iter().find(|p| p.id == id))
}

/// The passages of one level, in file order.
pub fn passages_at(level: PassageLevel) -> Result<Vec<&'static Passage>, ContentError> {
    Ok(passages()?.iter().filter(|p| p.level == level).collect())
}

/// The Hasbrouck & Tindal (2017) US norms (parsed on first use).
pub fn norms() -> Result<&'static Norms, ContentError> {
    NORMS
        .get_or_init(|| Norms::parse("norms.tsv", NORMS_TSV))
        .as_ref()
        .map_err(Clone::clone)
}
