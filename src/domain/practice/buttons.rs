//! Sound buttons: the marks schools put under a word to show its sounds, a dot under a
//! one-letter grapheme and a dash under a digraph or trigraph. A split digraph (a-e in
//! "make") is marked with a curved line joining its two letters; the consonant between them
//! keeps its own mark.
//!
//! Each [`SoundButton`] says which letters of the written word it sits under, as character
//! positions from 0 (words are ASCII, so these are byte positions too):
//! - [`ButtonKind::Dot`]: one position.
//! - [`ButtonKind::Dash`]: two or three consecutive positions; draw one line under them all.
//! - [`ButtonKind::SplitDigraph`]: two positions, the vowel and its `e`, not next to each
//!   other; draw a curve linking them (a dot under each end is optional).
//!
//! Buttons come in sound order, the order the child says them: m, a-e, k for "make" (letters
//! [0], [1, 3], [2]). Draw each from its own `letters`; do not assume they never interleave.

use crate::domain::phonics::{self, GpcId, GpcKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ButtonKind {
    Dot,
    Dash,
    SplitDigraph,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoundButton {
    pub gpc: GpcId,
    /// As teachers write it: `s`, `sh`, `igh`, `a-e`.
    pub grapheme: &'static str,
    pub kind: ButtonKind,
    /// Character positions in the word, ascending (see the module docs).
    pub letters: Vec<usize>,
}

/// The sound buttons of a word-bank word (real or pseudo), or `None` if the word is not in
/// the bank (tricky words are not: they are read whole, without buttons).
pub fn sound_buttons(word: &str) -> Option<Vec<SoundButton>> {
    let bank = phonics::word_bank().ok()?;
    let entry = bank.iter().find(|w| w.text == word)?;
    sound_buttons_for(&entry.gpcs)
}

/// The sound buttons for a GPC breakdown (e.g. from the fluency decoder), or `None` if an id
/// is not in the catalogue or a split digraph is not followed by a consonant.
pub fn sound_buttons_for(gpcs: &[GpcId]) -> Option<Vec<SoundButton>> {
    let catalogue = phonics::catalogue().ok()?;
    let mut buttons = Vec::with_capacity(gpcs.len());
    let mut at = 0;
    // The split digraph waiting for its `e`, which comes after the next GPC's letters.
    let mut open_split: Option<usize> = None;
    for id in gpcs {
        let gpc = catalogue.gpc(id.as_str())?;
        if gpc.is_split_digraph() {
            if open_split.is_some() {
                return None;
            }
            buttons.push(SoundButton {
                gpc: gpc.id,
                grapheme: gpc.grapheme,
                kind: ButtonKind::SplitDigraph,
                letters: vec![at],
            });
            open_split = Some(buttons.len() - 1);
            at += 1;
            continue;
        }
        if open_split.is_some() && gpc.kind != GpcKind::Consonant {
            return None;
        }
        let len = gpc.grapheme.len();
        buttons.push(SoundButton {
            gpc: gpc.id,
            grapheme: gpc.grapheme,
            kind: if len == 1 {
                ButtonKind::Dot
            } else {
                ButtonKind::Dash
            },
            letters: (at..at + len).collect(),
        });
        at += len;
        if let Some(split) = open_split.take() {
            // Its `e` follows the consonant it wraps.
            buttons.get_mut(split)?.letters.push(at);
            at += 1;
        }
    }
    if open_split.is_some() {
        return None;
    }
    Some(buttons)
}
