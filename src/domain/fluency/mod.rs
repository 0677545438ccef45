//! Oral reading fluency: passages, decodability, scoring a one-minute read, norms and
//! suggestions. Plain Rust; the data is in `data/` with its sources in each file's header.
//!
//! (API overview: see the end of this comment once written.)

mod decode;
mod level;
mod norms;
mod passage;
mod prosody;
mod score;
mod suggest;
mod tokens;

#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use crate::domain::phonics::ContentError;

pub use decode::{segment, spelling_parts, Decoder, GpcSet, PartReading, Unreadable, WordCheck};
pub use level::{PassageLevel, Term};
pub use norms::{
    NormComparison, Norms, PercentileBand, UsGrade, UsSeason, NORMS_SOURCE, PERCENTILES,
};
pub use passage::{Genre, Passage, WordProblem};
pub use prosody::ProsodyLevel;
pub use score::{
    score, suggest_last_word, Accuracy, AccuracyBand, FluencyScore, Mark, NinetyWpm, ScoreError,
    ScoreInput, SelfCorrectionRatio, Wcpm, NINETY_WPM, NINETY_WPM_NOTE, ONE_MINUTE, SCORING_RULES,
    SCORING_RULES_VERSION,
};
pub use suggest::{level_after, starting_level, suggest_level, LastReading, ScreeningMark};
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
