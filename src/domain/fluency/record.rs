//! What a fluency check session stores: the passage read, every mark as it is tapped, the
//! timer, the expression rating and any audio clip.

use serde::{Deserialize, Serialize};

use super::{Mark, PassageLevel, ProsodyLevel};

/// The one-minute timer as last saved. A reading found `Running` after a reload was
/// interrupted (closed tab, lost power): the adult then resumes or restarts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimerState {
    NotStarted,
    Running,
    /// Stopped by the minute ending or the child finishing early.
    Ended,
}

/// A recording kept in the `audio` store; the session holds only this reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudioRef {
    pub clip_id: String,
    pub mime_type: String,
    pub duration_ms: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FluencyRecord {
    pub passage_id: String,
    pub level: PassageLevel,
    /// One slot per word of the passage, as tapped.
    pub marks: Vec<Option<Mark>>,
    /// When each word's mark was last changed, parallel to `marks`, so two copies of a reading
    /// merge word by word (see `CheckSession::merge`). Empty in readings saved before it existed.
    #[serde(default, with = "crate::domain::dates::rfc3339_slots")]
    pub marked_at: Vec<Option<time::OffsetDateTime>>,
    pub last_word_read: Option<usize>,
    /// How long the timer had run at the last save.
    pub elapsed_ms: u32,
    pub timer: TimerState,
    /// The child reached the end before the minute was up.
    pub finished_early: bool,
    pub expression: Option<ProsodyLevel>,
    pub audio: Option<AudioRef>,
    /// [`super::SCORING_RULES_VERSION`] when the result was scored.
    pub scoring_rules: u32,
}

impl FluencyRecord {
    pub fn new(passage_id: &str, level: PassageLevel, word_count: usize) -> Self {
        FluencyRecord {
            passage_id: passage_id.to_string(),
            level,
            marks: vec![None; word_count],
            marked_at: Vec::new(),
            last_word_read: None,
            elapsed_ms: 0,
            timer: TimerState::NotStarted,
            finished_early: false,
            expression: None,
            audio: None,
            scoring_rules: super::SCORING_RULES_VERSION,
        }
    }

    /// Records that word `index`'s mark changed at `now` (the slots grow as needed).
    pub fn stamp(&mut self, index: usize, now: time::OffsetDateTime) {
        stamp_slot(&mut self.marked_at, index, self.marks.len(), now);
    }

    /// The next mark when the adult taps a word: error, then self-correction, then clear.
    pub fn cycle(mark: Option<Mark>) -> Option<Mark> {
        match mark {
            None => Some(Mark::Error),
            Some(Mark::Error) => Some(Mark::SelfCorrection),
            Some(Mark::SelfCorrection) => None,
        }
    }

    /// Whole seconds read, for scoring: the timer's elapsed time, at most one minute.
    pub fn seconds(&self) -> u32 {
        (self.elapsed_ms.div_ceil(1000)).min(super::ONE_MINUTE)
    }
}

/// Sets `slots[index] = Some(now)`, first growing `slots` (old records have none) to `len`.
pub(crate) fn stamp_slot(
    slots: &mut Vec<Option<time::OffsetDateTime>>,
    index: usize,
    len: usize,
    now: time::OffsetDateTime,
) {
    if slots.len() < len {
        slots.resize(len, None);
    }
    if let Some(slot) = slots.get_mut(index) {
        *slot = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tap_cycles_error_self_correction_clear() {
        assert_eq!(FluencyRecord::cycle(None), Some(Mark::Error));
        assert_eq!(
            FluencyRecord::cycle(Some(Mark::Error)),
            Some(Mark::SelfCorrection)
        );
        assert_eq!(FluencyRecord::cycle(Some(Mark::SelfCorrection)), None);
    }

    #[test]
    fn seconds_round_up_and_stop_at_a_minute() {
        let level = PassageLevel::new(3).expect("level 3");
        let mut r = FluencyRecord::new("l3-up-up-up", level, 81);
        assert_eq!(r.seconds(), 0);
        r.elapsed_ms = 41_200;
        assert_eq!(r.seconds(), 42);
        r.elapsed_ms = 60_050;
        assert_eq!(r.seconds(), 60);
        let json = serde_json::to_value(&r).expect("serialises");
        assert_eq!(json["level"], 3);
        assert_eq!(
            serde_json::from_value::<FluencyRecord>(json).expect("parses"),
            r
        );
    }
}
