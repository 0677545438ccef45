//! The pack ReadBy7 suggests for a set of target GPCs (a pupil's teach-next list or a
//! group's shared gaps). The teacher can change it before sharing.
//!
//! The rules, in order:
//! 1. Sounds: the targets that are in the catalogue, in the order given (the caller's order
//!    is its priority), repeats and unknown ids dropped, at most [`DEFAULT_GPCS`]. Nothing is
//!    added: the pack practises gaps, not sounds the child already knows.
//! 2. The ceiling is the highest Letters and Sounds phase among those sounds. A word may be
//!    used if it has at least one target sound, every other sound is from the ceiling phase
//!    or earlier, and the word's own phase (which counts adjacent consonants as phase 4) is
//!    no higher than the ceiling, so a child on phase 3 sounds gets no "stop" or "milk".
//! 3. Real words ([`DEFAULT_WORDS`]) and alien words ([`DEFAULT_PSEUDO_WORDS`]) are taken in
//!    turn for each target, so every target with words gets some; within a target the order
//!    is a shuffle fixed by `seed` and the word's text (not its place in the file, so adding
//!    words to the bank changes few choices). Shown in that order.
//! 4. Tricky words: up to [`DEFAULT_TRICKY`] of the ceiling phase's, chosen by the same
//!    seeded shuffle, shown in teaching order.
//! 5. Passage: only a decodable passage (levels 1-3), because a parent should not meet words
//!    the child cannot yet read. The level is the one decodable at the ceiling (phase 3 →
//!    level 1, phase 5 → level 3); phase 2 sounds get none (level 1 already needs phase 3).
//!    Among that level's passages, the one using the most target sounds; ties by the seed.
//!
//! The same targets and seed always give the same pack.

use crate::domain::fluency::{self, PassageLevel};
use crate::domain::phonics::{self, GpcId, Phase, Word};

use super::pack::{PackError, PracticePack};

pub const DEFAULT_GPCS: usize = 6;
pub const DEFAULT_WORDS: usize = 6;
pub const DEFAULT_PSEUDO_WORDS: usize = 4;
pub const DEFAULT_TRICKY: usize = 4;

/// A suggested pack for `targets` (GPC ids). `Err(PackError::Empty)` when none of the
/// targets is a known GPC; `Err(PackError::Content)` only if the embedded content is broken.
pub fn default_pack<S: AsRef<str>>(targets: &[S], seed: u64) -> Result<PracticePack, PackError> {
    let catalogue = phonics::catalogue()?;
    let mut chosen: Vec<(GpcId, Phase)> = Vec::new();
    for target in targets {
        if chosen.len() == DEFAULT_GPCS {
            break;
        }
        if let Some(gpc) = catalogue.gpc(target.as_ref()) {
            if !chosen.iter().any(|(id, _)| *id == gpc.id) {
                chosen.push((gpc.id, gpc.phase));
            }
        }
    }
    let Some(ceiling) = chosen.iter().map(|(_, phase)| *phase).max() else {
        return Err(PackError::Empty);
    };
    let ids: Vec<GpcId> = chosen.iter().map(|(id, _)| *id).collect();

    let fits = |word: &Word| {
        word.phase <= ceiling
            && word.gpcs.iter().any(|g| ids.contains(g))
            && word.gpcs.iter().all(|g| {
                catalogue
                    .gpc(g.as_str())
                    .is_some_and(|c| c.phase <= ceiling)
            })
    };
    let bank = phonics::word_bank()?;
    let words = pick_per_target(bank, &ids, seed, DEFAULT_WORDS, |w| !w.pseudo && fits(w));
    let pseudo = pick_per_target(bank, &ids, seed, DEFAULT_PSEUDO_WORDS, |w| {
        w.pseudo && fits(w)
    });

    let mut tricky = phonics::tricky_words(ceiling)?;
    let teaching_order = tricky.clone();
    tricky.sort_by_key(|w| mix(seed, w));
    tricky.truncate(DEFAULT_TRICKY);
    tricky.sort_by_key(|w| teaching_order.iter().position(|t| t == w));

    let passage = choose_passage(ceiling, &ids, seed)?;
    let id_strs: Vec<&str> = ids.iter().map(|g| g.as_str()).collect();
    PracticePack::new(&id_strs, &words, &pseudo, &tricky, passage)
}

/// Up to `count` words passing `keep`, taken round-robin over the targets.
fn pick_per_target(
    bank: &'static [Word],
    targets: &[GpcId],
    seed: u64,
    count: usize,
    keep: impl Fn(&Word) -> bool,
) -> Vec<&'static str> {
    let mut queues: Vec<Vec<&'static str>> = targets
        .iter()
        .map(|target| {
            let mut words: Vec<&'static str> = bank
                .iter()
                .filter(|w| w.gpcs.contains(target) && keep(w))
                .map(|w| w.text)
                .collect();
            // Reversed so that pop() takes the first of the shuffle.
            words.sort_by_key(|w| std::cmp::Reverse(mix(seed, w)));
            words
        })
        .collect();
    let mut picked: Vec<&'static str> = Vec::new();
    while picked.len() < count && queues.iter().any(|q| !q.is_empty()) {
        for queue in &mut queues {
            if picked.len() == count {
                break;
            }
            // A word with two targets may already be picked from another queue.
            while let Some(word) = queue.pop() {
                if !picked.contains(&word) {
                    picked.push(word);
                    break;
                }
            }
        }
    }
    picked
}

fn choose_passage(
    ceiling: Phase,
    targets: &[GpcId],
    seed: u64,
) -> Result<Option<&'static str>, PackError> {
    let Some(level) = PassageLevel::ALL
        .into_iter()
        .find(|l| l.decodable_phase() == Some(ceiling))
    else {
        return Ok(None);
    };
    let best = fluency::passages_at(level)?.into_iter().max_by_key(|p| {
        let uses = targets.iter().filter(|t| p.gpcs.contains(t)).count();
        // Highest count wins; among equals, the lowest mix (max of its inverse).
        (uses, u64::MAX - mix(seed, p.id))
    });
    Ok(best.map(|p| p.id))
}

/// A stable 64-bit mix of the seed and a text: FNV-1a of the text, then splitmix64. The
/// standard library's hasher is not promised to stay the same between Rust versions.
fn mix(seed: u64, text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = h ^ seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
