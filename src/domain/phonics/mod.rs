//! Phonics content: the grapheme-phoneme correspondences (GPCs) of Letters and Sounds, the
//! tricky words of each phase, and a bank of real and pseudo-words shaped like the Year 1
//! phonics screening check's. Everything is data in `data/` (with its sources in each file's
//! header), parsed once and checked by the tests in this module.
//!
//! # Using it
//!
//! ```ignore
//! use crate::domain::phonics::{self, Phase, Section};
//! let catalogue = phonics::catalogue()?;                 // &'static Catalogue
//! let snow = catalogue.gpc("ow_snow");                   // Option<&Gpc>
//! let words = phonics::word_bank()?;                     // &'static [Word]
//! let section_one_pseudo = words.iter().filter(|w| w.pseudo && w.section == Section::One);
//! let tricky = phonics::tricky_words_up_to(Phase::Three)?; // Vec<&'static str>
//! ```
//!
//! - [`catalogue`] → [`Catalogue`]: [`Catalogue::gpc`] by id, [`Catalogue::all`] in teaching
//!   order, [`Catalogue::allowed_in`] a screening section, [`Catalogue::parse_breakdown`].
//! - [`word_bank`] → [`Word`] `{ text, breakdown, gpcs, pseudo, shape, section, phase }`.
//!   `gpcs` are [`GpcId`]s; look each up with [`Catalogue::gpc`] for its phoneme, phase and kind.
//! - [`tricky_words`] (introduced in one phase), [`tricky_words_up_to`] (that phase and before).
//!
//! Each returns `Err(ContentError)` naming the data file, the line and the problem if the
//! embedded data were bad; the tests prove it is not, so callers can show the error and stop.
//!
//! # Breakdown notation (column 2 of `data/words.tsv`)
//!
//! GPCs in reading order, joined by `-`: `s-t-r-ee-t`.
//! - A split digraph is written with `_` and stands where its vowel sound is; it wraps the one
//!   consonant GPC after it: `m-a_e-k` spells "make", `c-u-p-c-a_e-k` spells "cupcake".
//! - A grapheme with several GPCs names the one it means after a colon, using the example
//!   word in its id: `s-n-ow:snow` (id `ow_snow`), `b-oo:book-k` (id `oo_book`). The first-taught
//!   GPC of c, g, ch, y, ea, ie, ou and er needs no tag (`c-a-t`); `oo` and `ow` always do.
//!
//! # Shapes, sections and phases
//!
//! - Shape: C and V are the GPCs' kinds, so "ship" (sh-i-p) is CVC and "make" (m-a_e-k) is CVC.
//!   A word with one vowel GPC has the shape of its C/V pattern; a word with two vowel GPCs is
//!   [`WordShape::TwoSyllable`] (each vowel GPC, split digraphs included, is one syllable).
//! - Section 1 words use only section-1 GPCs and the shapes CVC, VCC, CCVC, CVCC. Section 2
//!   words use any GPC of either section and are CCVCC, CCCVC, CCCVCC or two-syllable, or a
//!   simpler shape (including the open CV, CCV, CCCV and VC, as in "day", "blue", "straw",
//!   "oak") that uses at least one section-2 GPC. A word that fits section 1 is never
//!   section 2, so the two sections' words do not overlap.
//! - Phase: the highest Letters and Sounds phase of its GPCs, raised to phase 4 when the word
//!   has adjacent consonants and its GPCs are all from phases 2-3.

mod gpc;
mod tricky;
mod words;

#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use gpc::{Catalogue, Gpc, GpcId, GpcKind};
pub use tricky::TrickyWord;
pub use words::{Word, WordShape};

const GPCS_TSV: &str = include_str!("data/gpcs.tsv");
const TRICKY_TSV: &str = include_str!("data/tricky.tsv");
const WORDS_TSV: &str = include_str!("data/words.tsv");

/// A Letters and Sounds phase. Phase 1 (listening) has no GPCs and phase 6 is spelling, so
/// content here is phases 2-5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Phase {
    Two,
    Three,
    Four,
    Five,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Two, Phase::Three, Phase::Four, Phase::Five];

    pub fn number(self) -> u8 {
        match self {
            Phase::Two => 2,
            Phase::Three => 3,
            Phase::Four => 4,
            Phase::Five => 5,
        }
    }

    fn parse(text: &str) -> Option<Phase> {
        Phase::ALL
            .into_iter()
            .find(|p| text == p.number().to_string())
    }
}

/// A section of the screening check. Ordered: a GPC first allowed in section 1 may be used in
/// section 2 too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Section {
    One,
    Two,
}

impl Section {
    pub const ALL: [Section; 2] = [Section::One, Section::Two];

    pub fn number(self) -> u8 {
        match self {
            Section::One => 1,
            Section::Two => 2,
        }
    }

    fn parse(text: &str) -> Option<Section> {
        match text {
            "1" => Some(Section::One),
            "2" => Some(Section::Two),
            _ => None,
        }
    }
}

/// Embedded content that does not parse: which file, which line (1-based) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for ContentError {}

/// The lines of a data file that hold rows: numbered from 1, without blank lines and `#` comments.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
}

static CATALOGUE: OnceLock<Result<Catalogue, ContentError>> = OnceLock::new();
static WORD_BANK: OnceLock<Result<Vec<Word>, ContentError>> = OnceLock::new();
static TRICKY: OnceLock<Result<Vec<TrickyWord>, ContentError>> = OnceLock::new();

/// The GPC catalogue (parsed on first use).
pub fn catalogue() -> Result<&'static Catalogue, ContentError> {
    CATALOGUE
        .get_or_init(|| Catalogue::parse("gpcs.tsv", GPCS_TSV))
        .as_ref()
        .map_err(Clone::clone)
}

/// Every real and pseudo-word, in file order (parsed on first use).
pub fn word_bank() -> Result<&'static [Word], ContentError> {
    let catalogue = catalogue()?;
    WORD_BANK
        .get_or_init(|| words::parse("words.tsv", WORDS_TSV, catalogue))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// Every tricky word with its phase, in teaching order.
pub fn all_tricky_words() -> Result<&'static [TrickyWord], ContentError> {
    TRICKY
        .get_or_init(|| tricky::parse("tricky.tsv", TRICKY_TSV))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// The tricky words Letters and Sounds introduces in `phase`.
pub fn tricky_words(phase: Phase) -> Result<Vec<&'static str>, ContentError> {
    Ok(all_tricky_words()?
        .iter()
        .filter(|t| t.phase == phase)
        .map(|t| t.word)
        .collect())
}

/// The tricky words a child has been taught by the end of `phase`: what a decodable text for
/// that phase may use besides decodable words.
pub fn tricky_words_up_to(phase: Phase) -> Result<Vec<&'static str>, ContentError> {
    Ok(all_tricky_words()?
        .iter()
        .filter(|t| t.phase <= phase)
        .map(|t| t.word)
        .collect())
}
