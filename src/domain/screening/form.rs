//! Parallel forms of the practice check.
//!
//! # The parallel-form rule
//! Every form follows one blueprint, so every form has the same spread of word shapes and
//! GPC types. Each word in the bank has one *focus*:
//!
//! | section | focus | pseudo | real |
//! |---|---|---|---|
//! | 1 | CVC of single letters | 3 | 2 |
//! | 1 | a consonant digraph (ch ck ff ll ng qu sh ss th zz) | 3 | 2 |
//! | 1 | a vowel digraph (ar ee oi oo or) | 3 | 2 |
//! | 1 | adjacent consonants (CCVC, CVCC, VCC) | 3 | 2 |
//! | 2 | a section-2 vowel spelling in a shorter word | 4 | 6 |
//! | 2 | a long shape (CCVCC, CCCVC, CCCVCC) | 2 | 3 |
//! | 2 | two syllables | 2 | 3 |
//!
//! Within a section, words of the same focus (pseudo and real together) use different vowel
//! GPCs where the bank allows: the five simple CVC words have the five short vowels, the five
//! vowel-digraph words five different digraphs, and section 2's ten shorter words ten
//! different section-2 vowel spellings. Words come in blueprint
//! order within each group (simpler first), then pages follow the check: section 1 is three
//! pages of pseudo-words then two of real words; section 2 is two pages of pseudo-words then
//! three of real words.
//!
//! A form is chosen deterministically from its number. A pupil never meets a word they have
//! met before if an unused word fits the slot.

use std::collections::{HashMap, HashSet};

use super::{SplitMix64, ITEMS};
use crate::domain::model::ShownItem;
use crate::domain::phonics::{self, Catalogue, ContentError, GpcKind, Section, Word, WordShape};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Focus {
    SimpleCvc,
    ConsonantDigraph,
    VowelDigraph,
    AdjacentConsonants,
    Section2Vowel,
    LongShape,
    TwoSyllable,
}

impl Focus {
    pub fn label(self) -> &'static str {
        match self {
            Focus::SimpleCvc => "CVC, single letters",
            Focus::ConsonantDigraph => "consonant digraph",
            Focus::VowelDigraph => "vowel digraph",
            Focus::AdjacentConsonants => "adjacent consonants",
            Focus::Section2Vowel => "section 2 vowel spelling",
            Focus::LongShape => "long shape",
            Focus::TwoSyllable => "two syllables",
        }
    }
}

/// One group of the blueprint: a section's pseudo-words or real words, and how many words of
/// each focus it has, in the order they appear.
pub struct BlueprintGroup {
    pub section: Section,
    pub pseudo: bool,
    pub slots: &'static [(Focus, usize)],
}

pub const BLUEPRINT: [BlueprintGroup; 4] = [
    BlueprintGroup {
        section: Section::One,
        pseudo: true,
        slots: &[
            (Focus::SimpleCvc, 3),
            (Focus::ConsonantDigraph, 3),
            (Focus::VowelDigraph, 3),
            (Focus::AdjacentConsonants, 3),
        ],
    },
    BlueprintGroup {
        section: Section::One,
        pseudo: false,
        slots: &[
            (Focus::SimpleCvc, 2),
            (Focus::ConsonantDigraph, 2),
            (Focus::VowelDigraph, 2),
            (Focus::AdjacentConsonants, 2),
        ],
    },
    BlueprintGroup {
        section: Section::Two,
        pseudo: true,
        slots: &[
            (Focus::Section2Vowel, 4),
            (Focus::LongShape, 2),
            (Focus::TwoSyllable, 2),
        ],
    },
    BlueprintGroup {
        section: Section::Two,
        pseudo: false,
        slots: &[
            (Focus::Section2Vowel, 6),
            (Focus::LongShape, 3),
            (Focus::TwoSyllable, 3),
        ],
    },
];

/// Which blueprint slot a word can fill.
pub fn focus(word: &Word, catalogue: &Catalogue) -> Focus {
    let gpcs: Vec<_> = word
        .gpcs
        .iter()
        .filter_map(|id| catalogue.gpc(id.as_str()))
        .collect();
    match word.section {
        Section::One => {
            let multi = |kind: GpcKind| gpcs.iter().any(|g| g.kind == kind && g.grapheme.len() > 1);
            if multi(GpcKind::Vowel) {
                Focus::VowelDigraph
            } else if multi(GpcKind::Consonant) {
                Focus::ConsonantDigraph
            } else if word.shape == WordShape::CVC {
                Focus::SimpleCvc
            } else {
                Focus::AdjacentConsonants
            }
        }
        Section::Two => match word.shape {
            WordShape::TwoSyllable => Focus::TwoSyllable,
            WordShape::CCVCC | WordShape::CCCVC | WordShape::CCCVCC => Focus::LongShape,
            _ => Focus::Section2Vowel,
        },
    }
}

/// The vowel GPCs of a word (what "a different vowel" means in the rule above).
fn vowels(word: &Word, catalogue: &Catalogue) -> Vec<&'static str> {
    word.gpcs
        .iter()
        .filter(|id| {
            catalogue
                .gpc(id.as_str())
                .is_some_and(|g| g.kind == GpcKind::Vowel)
        })
        .map(|id| id.as_str())
        .collect()
}

/// The section-2 vowel spellings a word uses.
fn section_two_vowels(word: &Word, catalogue: &Catalogue) -> Vec<&'static str> {
    word.gpcs
        .iter()
        .filter(|id| {
            catalogue
                .gpc(id.as_str())
                .is_some_and(|g| g.kind == GpcKind::Vowel && g.section == Some(Section::Two))
        })
        .map(|id| id.as_str())
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub number: u32,
    /// The 40 items in the order the child reads them.
    pub items: Vec<ShownItem>,
    /// Four words read together before the check, as in the real check; not marked.
    pub practice: Vec<ShownItem>,
}

fn shown(word: &Word) -> ShownItem {
    ShownItem {
        text: word.text.to_string(),
        gpcs: word.gpcs.iter().map(|g| g.as_str().to_string()).collect(),
        pseudo: word.pseudo,
    }
}

/// Chooses one word for a slot: unseen by the pupil and with a vowel not yet used in the group
/// if possible, then unseen, then a new vowel, then anything unused in this form.
fn choose<'w>(
    candidates: &mut Vec<&'w Word>,
    rng: &mut SplitMix64,
    used: &HashSet<&str>,
    seen: &HashSet<String>,
    vowels_used: &HashSet<&str>,
    catalogue: &Catalogue,
    focus: Focus,
) -> Option<&'w Word> {
    rng.shuffle(candidates);
    // A word with no section-2 vowel (a ph or wh word) never counts as bringing a new one.
    let fresh_vowel = |w: &Word| {
        let v = if focus == Focus::Section2Vowel {
            section_two_vowels(w, catalogue)
        } else {
            vowels(w, catalogue)
        };
        !v.is_empty() && v.iter().all(|v| !vowels_used.contains(v))
    };
    let unused = |w: &&&Word| !used.contains(w.text);
    let unseen = |w: &Word| !seen.contains(w.text);
    let preferences: [&dyn Fn(&Word) -> bool; 4] = [
        &|w| unseen(w) && fresh_vowel(w),
        &|w| unseen(w),
        &|w| fresh_vowel(w),
        &|_| true,
    ];
    preferences
        .iter()
        .find_map(|pref| candidates.iter().filter(unused).find(|w| pref(w)).copied())
}

/// The form with this number for a pupil who has already met `seen` (words of earlier forms).
pub fn generate(number: u32, seen: &HashSet<String>) -> Result<Form, ContentError> {
    let catalogue = phonics::catalogue()?;
    let bank = phonics::word_bank()?;
    // Form numbers are spread over the seed space so neighbouring forms share nothing.
    let mut rng = SplitMix64::new(u64::from(number).wrapping_mul(0xA076_1D64_78BD_642F) ^ 0x5EED);
    let mut used: HashSet<&str> = HashSet::new();
    let mut groups: Vec<Vec<ShownItem>> = Vec::new();
    let mut vowels_by_focus: HashMap<(Section, Focus), HashSet<&str>> = HashMap::new();
    for BlueprintGroup {
        section,
        pseudo,
        slots,
    } in BLUEPRINT
    {
        let mut group = Vec::new();
        for &(slot_focus, count) in slots {
            let mut candidates: Vec<&Word> = bank
                .iter()
                .filter(|w| {
                    w.section == section && w.pseudo == pseudo && focus(w, catalogue) == slot_focus
                })
                .collect();
            let vowels_used = vowels_by_focus.entry((section, slot_focus)).or_default();
            for _ in 0..count {
                let word = choose(
                    &mut candidates,
                    &mut rng,
                    &used,
                    seen,
                    vowels_used,
                    catalogue,
                    slot_focus,
                )
                .ok_or_else(|| ContentError {
                    file: "words.tsv",
                    line: 0,
                    message: format!(
                        "not enough {} {} words of focus \"{}\" for section {}",
                        if pseudo { "pseudo" } else { "real" },
                        section.number(),
                        slot_focus.label(),
                        section.number()
                    ),
                })?;
                used.insert(word.text);
                let v = if slot_focus == Focus::Section2Vowel {
                    section_two_vowels(word, catalogue)
                } else {
                    vowels(word, catalogue)
                };
                vowels_used.extend(v);
                group.push(shown(word));
            }
        }
        groups.push(group);
    }
    let items: Vec<ShownItem> = groups.into_iter().flatten().collect();
    debug_assert_eq!(items.len(), ITEMS);

    // Practice: two pseudo and two real single-letter CVC words from outside the form.
    let mut practice = Vec::new();
    for pseudo in [true, false] {
        let mut candidates: Vec<&Word> = bank
            .iter()
            .filter(|w| {
                w.section == Section::One
                    && w.pseudo == pseudo
                    && focus(w, catalogue) == Focus::SimpleCvc
            })
            .collect();
        for _ in 0..2 {
            if let Some(word) = choose(
                &mut candidates,
                &mut rng,
                &used,
                seen,
                &HashSet::new(),
                catalogue,
                Focus::SimpleCvc,
            ) {
                used.insert(word.text);
                practice.push(shown(word));
            }
        }
    }
    Ok(Form {
        number,
        items,
        practice,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    fn focus_of_item(item: &ShownItem) -> Focus {
        let catalogue = phonics::catalogue().expect("catalogue");
        let bank = phonics::word_bank().expect("bank");
        let word = bank
            .iter()
            .find(|w| w.text == item.text)
            .expect("item comes from the bank");
        focus(word, catalogue)
    }

    #[test]
    fn every_slot_has_enough_words_for_many_forms() {
        let catalogue = phonics::catalogue().expect("catalogue");
        let bank = phonics::word_bank().expect("bank");
        for BlueprintGroup {
            section,
            pseudo,
            slots,
        } in BLUEPRINT
        {
            for &(f, count) in slots {
                let n = bank
                    .iter()
                    .filter(|w| {
                        w.section == section && w.pseudo == pseudo && focus(w, catalogue) == f
                    })
                    .count();
                // Enough for eight forms in a row with no repeats.
                assert!(
                    n >= count * 8,
                    "section {} {} {:?}: {n} words",
                    section.number(),
                    if pseudo { "pseudo" } else { "real" },
                    f
                );
            }
        }
    }

    #[test]
    fn forms_have_the_check_layout() {
        let form = generate(1, &HashSet::new()).expect("form");
        assert_eq!(form.items.len(), 40);
        let pseudo: Vec<bool> = form.items.iter().map(|i| i.pseudo).collect();
        assert!(
            pseudo[..12].iter().all(|p| *p),
            "pages 1-3 are pseudo-words"
        );
        assert!(
            pseudo[12..20].iter().all(|p| !*p),
            "pages 4-5 are real words"
        );
        assert!(
            pseudo[20..28].iter().all(|p| *p),
            "pages 6-7 are pseudo-words"
        );
        assert!(
            pseudo[28..].iter().all(|p| !*p),
            "pages 8-10 are real words"
        );
        assert_eq!(form.practice.len(), 4);
        assert!(form
            .practice
            .iter()
            .all(|p| !form.items.iter().any(|i| i.text == p.text)));
    }

    #[test]
    fn a_form_number_always_gives_the_same_form() {
        let seen = HashSet::new();
        assert_eq!(
            generate(7, &seen).expect("form"),
            generate(7, &seen).expect("form")
        );
        assert_ne!(
            generate(7, &seen).expect("form").items,
            generate(8, &seen).expect("form").items
        );
    }

    /// The parallel-form rule, checked over 100 forms.
    #[test]
    fn a_hundred_forms_are_parallel() {
        let catalogue = phonics::catalogue().expect("catalogue");
        let expected: Vec<Focus> = BLUEPRINT
            .iter()
            .flat_map(|g| g.slots.iter().flat_map(|&(f, n)| std::iter::repeat_n(f, n)))
            .collect();
        let mut shape_spread: HashMap<Vec<WordShape>, usize> = HashMap::new();
        for number in 1..=100 {
            let form = generate(number, &HashSet::new()).expect("form");
            let foci: Vec<Focus> = form.items.iter().map(focus_of_item).collect();
            assert_eq!(foci, expected, "form {number} follows the blueprint");
            let distinct: HashSet<&str> = form.items.iter().map(|i| i.text.as_str()).collect();
            assert_eq!(distinct.len(), 40, "form {number} repeats a word");
            // Section 2's shorter words each bring a different section-2 vowel spelling.
            let section_two_vowels: HashSet<&str> = form.items[20..]
                .iter()
                .flat_map(|i| i.gpcs.iter())
                .filter(|id| {
                    catalogue.gpc(id).is_some_and(|g| {
                        g.kind == GpcKind::Vowel && g.section == Some(Section::Two)
                    })
                })
                .map(String::as_str)
                .collect();
            assert!(
                section_two_vowels.len() >= 10,
                "form {number}: {section_two_vowels:?}"
            );
            // Section 1's five vowel-digraph words: five different digraphs.
            let digraphs: HashSet<&str> = form.items[..20]
                .iter()
                .flat_map(|i| i.gpcs.iter())
                .filter(|id| {
                    catalogue
                        .gpc(id)
                        .is_some_and(|g| g.kind == GpcKind::Vowel && g.grapheme.len() > 1)
                })
                .map(String::as_str)
                .collect();
            assert!(digraphs.len() >= 5, "form {number}: {digraphs:?}");
            // The five simple CVC words: the five short vowels.
            let short: HashSet<&str> = form
                .items
                .iter()
                .filter(|i| focus_of_item(i) == Focus::SimpleCvc)
                .flat_map(|i| i.gpcs.iter())
                .filter(|id| ["a", "e", "i", "o", "u"].contains(&id.as_str()))
                .map(String::as_str)
                .collect();
            assert_eq!(short.len(), 5, "form {number}: {short:?}");
            let bank = phonics::word_bank().expect("bank");
            let mut shapes: Vec<WordShape> = form
                .items
                .iter()
                .map(|i| {
                    bank.iter()
                        .find(|w| w.text == i.text)
                        .map(|w| w.shape)
                        .unwrap_or(WordShape::CVC)
                })
                .filter(|s| {
                    matches!(
                        s,
                        WordShape::CCVCC
                            | WordShape::CCCVC
                            | WordShape::CCCVCC
                            | WordShape::TwoSyllable
                    )
                })
                .collect();
            shapes.sort_by_key(|s| s.label());
            *shape_spread.entry(shapes).or_default() += 1;
        }
        // The long shapes and two-syllable words are always ten words in all.
        assert!(
            shape_spread.keys().all(|k| k.len() == 10),
            "{:?}",
            shape_spread.keys()
        );
    }

    #[test]
    fn a_pupil_does_not_meet_a_word_twice_while_unused_words_fit() {
        let mut seen: HashSet<String> = HashSet::new();
        for number in 1..=5 {
            let form = generate(number, &seen).expect("form");
            for item in &form.items {
                assert!(
                    !seen.contains(&item.text),
                    "form {number} repeats {}",
                    item.text
                );
            }
            seen.extend(form.items.iter().map(|i| i.text.clone()));
            seen.extend(form.practice.iter().map(|i| i.text.clone()));
        }
        // When every word of a slot has been seen, the form still fills it.
        let bank = phonics::word_bank().expect("bank");
        let everything: HashSet<String> = bank.iter().map(|w| w.text.to_string()).collect();
        assert_eq!(
            generate(99, &everything).expect("still a form").items.len(),
            40
        );
    }
}
