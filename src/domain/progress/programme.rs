//! A phonics programme's teaching order: units (sets, weeks) in order, each with the GPCs and
//! tricky words it introduces. The orders are data in `data/*.tsv`, with sources in each
//! file's header, parsed on first use and checked against the catalogue.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::domain::phonics::{self, Catalogue, ContentError, GpcId};

const LETTERS_AND_SOUNDS_TSV: &str = include_str!("data/letters-and-sounds.tsv");
const LITTLE_WANDLE_TSV: &str = include_str!("data/little-wandle.tsv");

/// The systematic synthetic phonics programme a school follows: it decides the order GPCs
/// are checked in, what "taught so far" means and what to teach next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Programme {
    /// Letters and Sounds (DfES, 2007): the catalogue's own order and phases.
    #[default]
    LettersAndSounds,
    /// Little Wandle Letters and Sounds Revised (2021), the most used validated programme.
    LittleWandle,
}

impl Programme {
    pub const ALL: [Programme; 2] = [Programme::LettersAndSounds, Programme::LittleWandle];

    pub fn label(self) -> &'static str {
        match self {
            Programme::LettersAndSounds => "Letters and Sounds (2007)",
            Programme::LittleWandle => "Little Wandle Letters and Sounds Revised",
        }
    }

    /// A short name for scope labels ("Taught so far: Little Wandle Reception Autumn 2 week 3").
    pub fn short_label(self) -> &'static str {
        match self {
            Programme::LettersAndSounds => "Letters and Sounds",
            Programme::LittleWandle => "Little Wandle",
        }
    }

    fn source(self) -> (&'static str, &'static str) {
        match self {
            Programme::LettersAndSounds => ("letters-and-sounds.tsv", LETTERS_AND_SOUNDS_TSV),
            Programme::LittleWandle => ("little-wandle.tsv", LITTLE_WANDLE_TSV),
        }
    }

    /// The programme's units in teaching order (parsed on first use).
    pub fn order(self) -> Result<&'static ProgrammeOrder, ContentError> {
        static LETTERS_AND_SOUNDS: OnceLock<Result<ProgrammeOrder, ContentError>> = OnceLock::new();
        static LITTLE_WANDLE: OnceLock<Result<ProgrammeOrder, ContentError>> = OnceLock::new();
        let cell = match self {
            Programme::LettersAndSounds => &LETTERS_AND_SOUNDS,
            Programme::LittleWandle => &LITTLE_WANDLE,
        };
        let catalogue = phonics::catalogue()?;
        cell.get_or_init(|| {
            let (file, text) = self.source();
            ProgrammeOrder::parse(self, file, text, catalogue)
        })
        .as_ref()
        .map_err(Clone::clone)
    }
}

/// One step of a programme: a set, week or unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// As the school knows it: "Phase 2 set 3", "Reception Autumn 2 week 3".
    pub label: &'static str,
    /// The GPCs it introduces, in the programme's order.
    pub gpcs: Vec<GpcId>,
    /// The tricky words it introduces, as written ("I" keeps its capital).
    pub tricky: Vec<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeOrder {
    pub programme: Programme,
    pub units: Vec<Unit>,
}

impl ProgrammeOrder {
    /// Every GPC the programme teaches, in teaching order.
    pub fn gpcs(&self) -> impl Iterator<Item = GpcId> + '_ {
        self.units.iter().flat_map(|u| u.gpcs.iter().copied())
    }

    /// Where a GPC comes in the teaching order (0-based), if the programme teaches it.
    pub fn position(&self, gpc: &str) -> Option<usize> {
        self.gpcs().position(|g| g.as_str() == gpc)
    }

    /// The index of the unit that introduces a GPC.
    pub fn unit_of(&self, gpc: &str) -> Option<usize> {
        self.units
            .iter()
            .position(|u| u.gpcs.iter().any(|g| g.as_str() == gpc))
    }

    /// The GPCs taught by the end of unit `unit` (0-based), in teaching order.
    pub fn gpcs_through(&self, unit: usize) -> Vec<GpcId> {
        self.units
            .iter()
            .take(unit.saturating_add(1))
            .flat_map(|u| u.gpcs.iter().copied())
            .collect()
    }

    /// The tricky words taught by the end of unit `unit`, in teaching order.
    pub fn tricky_through(&self, unit: usize) -> Vec<&'static str> {
        self.units
            .iter()
            .take(unit.saturating_add(1))
            .flat_map(|u| u.tricky.iter().copied())
            .collect()
    }

    /// A sort key putting GPCs in this programme's order; GPCs it does not teach go last, in
    /// catalogue order, so nothing in the catalogue is ever dropped from a list.
    pub fn sort_key(&self, catalogue: &Catalogue, gpc: &str) -> (usize, usize) {
        match self.position(gpc) {
            Some(p) => (0, p),
            None => (
                1,
                catalogue
                    .all()
                    .iter()
                    .position(|g| g.id.as_str() == gpc)
                    .unwrap_or(usize::MAX),
            ),
        }
    }

    /// Parses a programme file (format in the header of `data/letters-and-sounds.tsv`).
    pub fn parse(
        programme: Programme,
        file: &'static str,
        text: &'static str,
        catalogue: &Catalogue,
    ) -> Result<ProgrammeOrder, ContentError> {
        let mut units = Vec::new();
        let mut seen_gpcs = HashSet::new();
        let mut seen_tricky = HashSet::new();
        for (line, row) in data_lines(text) {
            let error = |message: String| ContentError {
                file,
                line,
                message,
            };
            let [label, gpcs, tricky] = row.split('\t').collect::<Vec<_>>()[..] else {
                return Err(error(
                    "expected 3 tab-separated columns (unit, gpcs, tricky)".into(),
                ));
            };
            if label.trim().is_empty() {
                return Err(error("the unit has no name".into()));
            }
            let mut unit = Unit {
                label: label.trim(),
                gpcs: Vec::new(),
                tricky: Vec::new(),
            };
            for id in list(gpcs) {
                let gpc = catalogue
                    .gpc(id)
                    .ok_or_else(|| error(format!("\"{id}\" is not a GPC id in the catalogue")))?;
                if !seen_gpcs.insert(gpc.id) {
                    return Err(error(format!("the GPC \"{id}\" is taught twice")));
                }
                unit.gpcs.push(gpc.id);
            }
            for word in list(tricky) {
                if !word.bytes().all(|b| b.is_ascii_alphabetic()) {
                    return Err(error(format!("\"{word}\" is not a word of letters")));
                }
                if !seen_tricky.insert(word.to_lowercase()) {
                    return Err(error(format!("the tricky word \"{word}\" is taught twice")));
                }
                unit.tricky.push(word);
            }
            units.push(unit);
        }
        if units.is_empty() {
            return Err(ContentError {
                file,
                line: 0,
                message: "no units".into(),
            });
        }
        Ok(ProgrammeOrder { programme, units })
    }
}

/// A space-separated column; `-` means none.
fn list(column: &'static str) -> impl Iterator<Item = &'static str> {
    column.split_whitespace().filter(|item| *item != "-")
}

/// Rows of a data file, numbered from 1, without blank lines and `#` comments (as phonics does).
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::phonics::Phase;

    /// Catalogue GPCs a programme does not teach, with the reason.
    fn known_gaps(programme: Programme) -> &'static [(&'static str, &'static str)] {
        match programme {
            Programme::LettersAndSounds => &[],
            Programme::LittleWandle => &[(
                "ure",
                "Little Wandle teaches sure and pure as tricky words, not ure as a GPC",
            )],
        }
    }

    /// Tricky words a programme teaches that ReadBy7's Letters and Sounds list does not have:
    /// the programme's own choices (see the data file's header).
    fn own_tricky_words(programme: Programme) -> &'static [&'static str] {
        match programme {
            Programme::LettersAndSounds => &[],
            Programme::LittleWandle => &[
                "is", "put", "pull", "full", "as", "and", "has", "his", "push", "of", "by", "sure",
                "pure", "your", "would", "should", "house",
            ],
        }
    }

    #[test]
    fn every_programme_parses_and_uses_catalogue_gpcs_once() {
        let catalogue = phonics::catalogue().expect("catalogue");
        for programme in Programme::ALL {
            let order = programme.order().expect("parses");
            assert_eq!(order.programme, programme);
            let ids: Vec<GpcId> = order.gpcs().collect();
            let unique: HashSet<GpcId> = ids.iter().copied().collect();
            assert_eq!(unique.len(), ids.len(), "{programme:?} repeats a GPC");
            for id in &ids {
                assert!(catalogue.gpc(id.as_str()).is_some(), "{id}");
            }
            let labels: HashSet<&str> = order.units.iter().map(|u| u.label).collect();
            assert_eq!(labels.len(), order.units.len(), "unit names are unique");
        }
    }

    #[test]
    fn every_programme_covers_the_catalogue_or_says_why_not() {
        let catalogue = phonics::catalogue().expect("catalogue");
        for programme in Programme::ALL {
            let order = programme.order().expect("parses");
            let missing: Vec<&str> = catalogue
                .all()
                .iter()
                .filter(|g| Phase::ALL.contains(&g.phase))
                .map(|g| g.id.as_str())
                .filter(|id| order.position(id).is_none())
                .collect();
            let expected: Vec<&str> = known_gaps(programme).iter().map(|(id, _)| *id).collect();
            assert_eq!(missing, expected, "{programme:?}");
        }
    }

    #[test]
    fn tricky_words_are_known_or_the_programmes_own_and_never_repeat() {
        let list: HashSet<String> = phonics::all_tricky_words()
            .expect("tricky")
            .iter()
            .map(|t| t.word.to_string())
            .collect();
        for programme in Programme::ALL {
            let order = programme.order().expect("parses");
            let words: Vec<&str> = order.units.iter().flat_map(|u| u.tricky.clone()).collect();
            let unique: HashSet<String> = words.iter().map(|w| w.to_lowercase()).collect();
            assert_eq!(unique.len(), words.len(), "{programme:?}");
            let unknown: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| !list.contains(*w))
                .collect();
            assert_eq!(unknown, own_tricky_words(programme), "{programme:?}");
        }
        // Letters and Sounds teaches exactly the catalogue's list.
        let ls = Programme::LettersAndSounds.order().expect("parses");
        assert_eq!(ls.tricky_through(usize::MAX).len(), list.len());
    }

    #[test]
    fn letters_and_sounds_follows_the_catalogue_order() {
        let catalogue = phonics::catalogue().expect("catalogue");
        let order = Programme::LettersAndSounds.order().expect("parses");
        // Within each phase the catalogue lists GPCs in Letters and Sounds order too.
        let ours: Vec<&str> = order.gpcs().map(GpcId::as_str).collect();
        let theirs: Vec<&str> = catalogue.all().iter().map(|g| g.id.as_str()).collect();
        let mut ours_sorted = ours.clone();
        ours_sorted.sort_by_key(|id| theirs.iter().position(|t| t == id));
        assert_eq!(ours_sorted.len(), theirs.len());
        assert_eq!(&ours[..4], ["s", "a", "t", "p"]);
    }

    #[test]
    fn units_answer_taught_so_far() {
        let order = Programme::LittleWandle.order().expect("parses");
        let week3 = order
            .units
            .iter()
            .position(|u| u.label == "Reception Autumn 2 week 3")
            .expect("unit");
        let taught = order.gpcs_through(week3);
        assert_eq!(taught.last().map(|g| g.as_str()), Some("ch"));
        assert!(!taught.iter().any(|g| g.as_str() == "sh"));
        assert_eq!(order.unit_of("ch"), Some(week3));
        assert!(order.tricky_through(week3).contains(&"into"));
        assert!(!order.tricky_through(week3).contains(&"she"));
        assert_eq!(order.position("s"), Some(0));
        assert_eq!(order.position("ure"), None);
    }

    #[test]
    fn bad_rows_are_named() {
        let catalogue = phonics::catalogue().expect("catalogue");
        let cases = [
            ("one\ts a\n", "3 tab-separated columns"),
            ("\ts\t-\n", "no name"),
            ("one\ts zzz\t-\n", "\"zzz\" is not a GPC id"),
            ("one\ts\t-\ntwo\ts\t-\n", "taught twice"),
            ("one\ts\tthe\ntwo\t-\tThe\n", "taught twice"),
            ("one\ts\tMr.\n", "not a word"),
            ("# nothing\n", "no units"),
        ];
        for (text, expected) in cases {
            let err = ProgrammeOrder::parse(Programme::LittleWandle, "t.tsv", text, catalogue)
                .expect_err(text);
            assert!(err.message.contains(expected), "{text:?}: {err}");
        }
    }
}
