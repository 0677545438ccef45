//! The word bank: real words and pseudo-words with their GPC breakdowns, shapes, screening
//! sections and phases, from `data/words.tsv`.
//!
//! The parser checks each row against the catalogue (breakdown, spelling, shape, section), so
//! a `Word` handed out is always consistent; the tests add the checks that need the outside
//! world (the British English word list, the blocklist) and the bank's spread.

use std::collections::HashSet;

use super::gpc::{Catalogue, Gpc, GpcId, GpcKind};
use super::{data_lines, ContentError, Phase, Section};

/// The consonant/vowel shape of a word, counting GPCs (so "ship" is CVC, not CCVC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum WordShape {
    VC,
    CV,
    CCV,
    CCCV,
    CVC,
    VCC,
    CCVC,
    CVCC,
    CCVCC,
    CCCVC,
    CCCVCC,
    /// Exactly two vowel GPCs ("sunset", "rainbow", "cupcake").
    TwoSyllable,
}

impl WordShape {
    pub const ALL: [WordShape; 12] = [
        WordShape::VC,
        WordShape::CV,
        WordShape::CCV,
        WordShape::CCCV,
        WordShape::CVC,
        WordShape::VCC,
        WordShape::CCVC,
        WordShape::CVCC,
        WordShape::CCVCC,
        WordShape::CCCVC,
        WordShape::CCCVCC,
        WordShape::TwoSyllable,
    ];

    /// The shapes the check gives section 1.
    pub const SECTION_ONE: [WordShape; 4] = [
        WordShape::CVC,
        WordShape::VCC,
        WordShape::CCVC,
        WordShape::CVCC,
    ];

    /// The shapes only section 2 has; a section-2 word of any other shape needs a section-2 GPC.
    pub const SECTION_TWO_ONLY: [WordShape; 4] = [
        WordShape::CCVCC,
        WordShape::CCCVC,
        WordShape::CCCVCC,
        WordShape::TwoSyllable,
    ];

    pub fn label(self) -> &'static str {
        match self {
            WordShape::VC => "VC",
            WordShape::CV => "CV",
            WordShape::CCV => "CCV",
            WordShape::CCCV => "CCCV",
            WordShape::CVC => "CVC",
            WordShape::VCC => "VCC",
            WordShape::CCVC => "CCVC",
            WordShape::CVCC => "CVCC",
            WordShape::CCVCC => "CCVCC",
            WordShape::CCCVC => "CCCVC",
            WordShape::CCCVCC => "CCCVCC",
            WordShape::TwoSyllable => "two-syllable",
        }
    }

    pub fn parse(text: &str) -> Option<WordShape> {
        WordShape::ALL.into_iter().find(|s| s.label() == text)
    }

    /// The shape of a sequence of GPC kinds: two vowels make a two-syllable word; one vowel
    /// gives the C/V pattern, if it is one the bank uses.
    pub fn of(kinds: &[GpcKind]) -> Option<WordShape> {
        let vowels = kinds.iter().filter(|k| **k == GpcKind::Vowel).count();
        match vowels {
            2 => Some(WordShape::TwoSyllable),
            1 => {
                let pattern: String = kinds
                    .iter()
                    .map(|k| match k {
                        GpcKind::Consonant => 'C',
                        GpcKind::Vowel => 'V',
                    })
                    .collect();
                WordShape::parse(&pattern)
            }
            _ => None,
        }
    }

    /// Whether a word of this shape may be in `section` (GPCs aside).
    pub fn allowed_in(self, section: Section) -> bool {
        match section {
            Section::One => WordShape::SECTION_ONE.contains(&self),
            Section::Two => true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: &'static str,
    /// As written in the data, e.g. `s-n-ow:snow`.
    pub breakdown: &'static str,
    pub gpcs: Vec<GpcId>,
    /// A pseudo-word ("alien word"): any plausible reading is right.
    pub pseudo: bool,
    pub shape: WordShape,
    pub section: Section,
    /// Derived from the GPCs (see [`phase_of`]), never stated in the data.
    pub phase: Phase,
}

/// The Letters and Sounds phase a word belongs to: the highest phase of its GPCs, but a word
/// of phase 2-3 GPCs with adjacent consonants ("stop", "milk") is phase 4, the phase that
/// teaches blending them.
pub fn phase_of(gpcs: &[&Gpc]) -> Phase {
    let highest = gpcs.iter().map(|g| g.phase).max().unwrap_or(Phase::Two);
    let adjacent_consonants = gpcs
        .windows(2)
        .any(|w| w[0].kind == GpcKind::Consonant && w[1].kind == GpcKind::Consonant);
    if highest <= Phase::Three && adjacent_consonants {
        Phase::Four
    } else {
        highest
    }
}

/// Why a word with these GPCs and this shape does not fit `section`, if it does not.
pub fn section_problem(gpcs: &[&Gpc], shape: WordShape, section: Section) -> Option<String> {
    if let Some(gpc) = gpcs.iter().find(|g| !g.allowed_in(section)) {
        return Some(format!(
            "uses {} ({} as in {}), which section {} does not allow",
            gpc.grapheme,
            gpc.phoneme,
            gpc.example,
            section.number()
        ));
    }
    if !shape.allowed_in(section) {
        return Some(format!(
            "section {} has no {} words",
            section.number(),
            shape.label()
        ));
    }
    // Keep the sections apart: a word section 1 could use is a section 1 word.
    let fits_one =
        gpcs.iter().all(|g| g.allowed_in(Section::One)) && shape.allowed_in(Section::One);
    if section == Section::Two && fits_one {
        return Some(
            "fits section 1: a section 2 word needs a section-2 GPC or a section-2 shape (CCVCC, CCCVC, CCCVCC, two-syllable)".into(),
        );
    }
    None
}

pub(super) fn parse(
    file: &'static str,
    text: &'static str,
    catalogue: &Catalogue,
) -> Result<Vec<Word>, ContentError> {
    let mut words = Vec::new();
    let mut seen = HashSet::new();
    for (line, row) in data_lines(text) {
        let word = parse_row(row, catalogue).map_err(|message| ContentError {
            file,
            line,
            message,
        })?;
        if !seen.insert(word.text) {
            return Err(ContentError {
                file,
                line,
                message: format!("\"{}\" is in the bank twice", word.text),
            });
        }
        words.push(word);
    }
    Ok(words)
}

fn parse_row(row: &'static str, catalogue: &Catalogue) -> Result<Word, String> {
    let cols: Vec<&'static str> = row.split('\t').collect();
    let [text, breakdown, kind, shape, section] = cols[..] else {
        return Err(format!(
            "expected 5 tab-separated columns (text, breakdown, real/pseudo, shape, section), found {}",
            cols.len()
        ));
    };
    let gpcs = catalogue
        .parse_breakdown(breakdown)
        .map_err(|e| format!("{text}: {e}"))?;
    let spelled = catalogue.spell(&gpcs).map_err(|e| format!("{text}: {e}"))?;
    if spelled != text {
        return Err(format!(
            "{text}: the breakdown {breakdown} spells \"{spelled}\""
        ));
    }
    let pseudo = match kind {
        "real" => false,
        "pseudo" => true,
        other => return Err(format!("{text}: expected real or pseudo, not \"{other}\"")),
    };
    let stated = WordShape::parse(shape).ok_or_else(|| {
        format!("{text}: \"{shape}\" is not a shape (CVC, CCVC, ..., two-syllable)")
    })?;
    let section = Section::parse(section)
        .ok_or_else(|| format!("{text}: the section must be 1 or 2, not \"{section}\""))?;
    // Every id came from the catalogue, so each lookup succeeds; a miss is still an error, not a panic.
    let details: Vec<&Gpc> = gpcs
        .iter()
        .map(|id| {
            catalogue
                .gpc(id.as_str())
                .ok_or_else(|| format!("{text}: {id} is not in the catalogue"))
        })
        .collect::<Result<_, _>>()?;
    let kinds: Vec<GpcKind> = details.iter().map(|g| g.kind).collect();
    let computed = WordShape::of(&kinds);
    if computed != Some(stated) {
        let found = computed.map_or("no shape the bank uses", WordShape::label);
        return Err(format!(
            "{text}: stated {} but its GPCs make {found}",
            stated.label()
        ));
    }
    if let Some(problem) = section_problem(&details, stated, section) {
        return Err(format!("{text} (section {}): {problem}", section.number()));
    }
    Ok(Word {
        text,
        breakdown,
        gpcs,
        pseudo,
        shape: stated,
        section,
        phase: phase_of(&details),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::phonics::catalogue;

    fn gpcs(breakdown: &str) -> Vec<&'static Gpc> {
        let c = catalogue().expect("catalogue");
        c.parse_breakdown(breakdown)
            .expect(breakdown)
            .into_iter()
            .map(|id| c.gpc(id.as_str()).expect("known id"))
            .collect()
    }

    #[test]
    fn shapes_count_gpcs_and_two_vowels_make_two_syllables() {
        let cases = [
            ("sh-i-p", Some(WordShape::CVC)),
            ("m-a_e-k", Some(WordShape::CVC)),
            ("a-n-t", Some(WordShape::VCC)),
            ("s-t-r-ee-t", Some(WordShape::CCCVC)),
            ("s-p-r-i-n-t", Some(WordShape::CCCVCC)),
            ("b-l-ue", Some(WordShape::CCV)),
            ("c-u-p-c-a_e-k", Some(WordShape::TwoSyllable)),
            ("s-i-s-t-er", Some(WordShape::TwoSyllable)),
            ("s-t", None),
            ("p-i-c-n-i-c-t-ea", None),
            ("s-c-r-i-p-t-s", None),
        ];
        for (breakdown, expected) in cases {
            let kinds: Vec<GpcKind> = gpcs(breakdown).iter().map(|g| g.kind).collect();
            assert_eq!(WordShape::of(&kinds), expected, "{breakdown}");
        }
        for shape in WordShape::ALL {
            assert_eq!(WordShape::parse(shape.label()), Some(shape));
        }
    }

    #[test]
    fn phase_is_the_highest_gpc_phase_or_four_for_adjacent_consonants() {
        let cases = [
            ("c-a-t", Phase::Two),
            ("sh-i-p", Phase::Three),
            ("s-t-o-p", Phase::Four),
            ("m-i-l-k", Phase::Four),
            ("s-t-ar-t", Phase::Four),
            ("r-ai-n", Phase::Three),
            ("t-r-ai-n", Phase::Four),
            ("m-a_e-k", Phase::Five),
            ("s-p-r-ay", Phase::Five),
        ];
        for (breakdown, expected) in cases {
            assert_eq!(phase_of(&gpcs(breakdown)), expected, "{breakdown}");
        }
    }

    #[test]
    fn sections_allow_their_gpcs_and_shapes_only() {
        let cases: [(&str, WordShape, Section, Option<&str>); 8] = [
            ("c-a-t", WordShape::CVC, Section::One, None),
            (
                "r-ai-n",
                WordShape::CVC,
                Section::One,
                Some("does not allow"),
            ),
            ("r-ai-n", WordShape::CVC, Section::Two, None),
            (
                "c-a-t",
                WordShape::CVC,
                Section::Two,
                Some("fits section 1"),
            ),
            (
                "s-t-r-a-p",
                WordShape::CCCVC,
                Section::One,
                Some("no CCCVC"),
            ),
            ("s-t-r-a-p", WordShape::CCCVC, Section::Two, None),
            ("h-ea-d", WordShape::CVC, Section::Two, None),
            (
                "h-ea:head-d",
                WordShape::CVC,
                Section::Two,
                Some("does not allow"),
            ),
        ];
        for (breakdown, shape, section, expected) in cases {
            let problem = section_problem(&gpcs(breakdown), shape, section);
            match (expected, &problem) {
                (None, None) => {}
                (Some(want), Some(got)) if got.contains(want) => {}
                _ => panic!("{breakdown} in {section:?}: expected {expected:?}, got {problem:?}"),
            }
        }
    }

    #[test]
    fn bad_rows_are_named() {
        let c = catalogue().expect("catalogue");
        let cases = [
            ("cat\tc-a-t\treal\tCVC\n", "5 tab-separated columns"),
            ("cot\tc-a-t\treal\tCVC\t1\n", "spells \"cat\""),
            (
                "cat\tc-a-t\treal\tCCVC\t1\n",
                "stated CCVC but its GPCs make CVC",
            ),
            ("cat\tc-a-t\tfake\tCVC\t1\n", "real or pseudo"),
            ("cat\tc-a-t\treal\tCVC\t3\n", "section must be 1 or 2"),
            ("cat\tc-a-t\treal\tCVCV\t1\n", "not a shape"),
            ("moon\tm-oo-n\treal\tCVC\t1\n", "oo:moon or oo:book"),
            ("make\tm-a_e-k\treal\tCVC\t1\n", "does not allow"),
            (
                "cat\tc-a-t\treal\tCVC\t1\ncat\tc-a-t\treal\tCVC\t1\n",
                "twice",
            ),
        ];
        for (text, expected) in cases {
            let err = parse("w.tsv", text, c).expect_err(text);
            assert!(err.message.contains(expected), "{text:?}: {err}");
        }
        let ok = parse("w.tsv", "# c\nmake\tm-a_e-k\treal\tCVC\t2\n", c).expect("parses");
        assert_eq!(ok[0].phase, Phase::Five);
        assert_eq!(ok[0].gpcs.len(), 3);
    }
}
