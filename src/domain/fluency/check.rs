//! A fluency check session from start to finish: the timer, a tap per word (error,
//! self-correction, clear), the last word read, expression and the score.

use time::OffsetDateTime;

use super::{
    score, suggest_last_word, FluencyRecord, FluencyScore, Passage, ProsodyLevel, ScoreError,
    ScoreInput, TimerState, Wcpm,
};
use crate::domain::ids::{DeviceId, PupilId};
use crate::domain::model::{CheckKind, CheckSession, ShownItem};
use crate::domain::session::{start, NewSession, SessionError};

/// One minute, in the milliseconds the timer counts.
pub const MINUTE_MS: u32 = 60_000;

pub fn start_fluency(
    pupil_id: PupilId,
    passage: &Passage,
    now: OffsetDateTime,
    device_id: DeviceId,
) -> CheckSession {
    let mut session = start(
        NewSession {
            pupil_id,
            kind: CheckKind::Fluency,
            // The words exactly as shown, so the reading can always be re-read.
            items: passage
                .tokens
                .iter()
                .map(|t| ShownItem {
                    text: t.text.clone(),
                    gpcs: Vec::new(),
                    pseudo: false,
                })
                .collect(),
            form: None,
            scope: Some(passage.title.to_string()),
            fluency: Some(FluencyRecord::new(
                passage.id,
                passage.level,
                passage.word_count(),
            )),
            assessor: String::new(),
        },
        now,
        device_id,
    );
    // A fluency check's marks live in its record, one per word; there are no per-item responses.
    session.responses.clear();
    session.marked_at.clear();
    session
}

fn record(session: &CheckSession) -> Result<&FluencyRecord, SessionError> {
    session.fluency.as_ref().ok_or(SessionError::Closed)
}

fn with_record(
    session: &CheckSession,
    now: OffsetDateTime,
    change: impl FnOnce(&mut FluencyRecord),
) -> Result<CheckSession, SessionError> {
    if !session.is_open() {
        return Err(SessionError::Closed);
    }
    record(session)?;
    let mut next = session.clone();
    if let Some(r) = next.fluency.as_mut() {
        change(r);
    }
    next.updated_at = now;
    Ok(next)
}

/// The child reads the first word: the minute starts.
pub fn start_timer(
    session: &CheckSession,
    now: OffsetDateTime,
) -> Result<CheckSession, SessionError> {
    with_record(session, now, |r| {
        r.timer = TimerState::Running;
        r.elapsed_ms = 0;
    })
}

/// A tap on word `index` while the timer runs: error, then self-correction, then clear.
/// The elapsed time is saved with it, so an interrupted reading can resume where it was.
pub fn tap_word(
    session: &CheckSession,
    index: usize,
    elapsed_ms: u32,
    now: OffsetDateTime,
) -> Result<CheckSession, SessionError> {
    let words = record(session)?.marks.len();
    if index >= words {
        return Err(SessionError::NoSuchItem {
            index,
            items: words,
        });
    }
    with_record(session, now, |r| {
        r.marks[index] = FluencyRecord::cycle(r.marks[index]);
        r.stamp(index, now);
        r.elapsed_ms = elapsed_ms.min(MINUTE_MS);
    })
}

/// The page is being hidden or closed while the child reads (`visibilitychange` to hidden,
/// `pagehide`): the time read so far is kept, so a resumed reading continues from when
/// reading stopped, not from the last tap (which lost 8 seconds in one run). The timer stays
/// running, so the reading shows as interrupted when the page opens again. `None` when no
/// timer is running (nothing to keep); the saved time never goes back.
pub fn pause_timer(
    session: &CheckSession,
    elapsed_ms: u32,
    now: OffsetDateTime,
) -> Option<CheckSession> {
    let saved = session.fluency.as_ref()?;
    if !interrupted(session) {
        return None;
    }
    let elapsed = elapsed_ms.min(MINUTE_MS).max(saved.elapsed_ms);
    with_record(session, now, |r| r.elapsed_ms = elapsed).ok()
}

/// The minute is up, or the child finished early (then the last word is the passage's last).
pub fn end_timer(
    session: &CheckSession,
    elapsed_ms: u32,
    finished_early: bool,
    now: OffsetDateTime,
) -> Result<CheckSession, SessionError> {
    with_record(session, now, |r| {
        r.timer = TimerState::Ended;
        r.elapsed_ms = elapsed_ms.min(MINUTE_MS);
        r.finished_early = finished_early;
        if finished_early {
            r.last_word_read = r.marks.len().checked_sub(1);
        }
    })
}

/// The adult taps the last word read when time ran out (`None`: the child read no word).
pub fn set_last_word(
    session: &CheckSession,
    index: Option<usize>,
    now: OffsetDateTime,
) -> Result<CheckSession, SessionError> {
    let words = record(session)?.marks.len();
    if let Some(i) = index.filter(|i| *i >= words) {
        return Err(SessionError::NoSuchItem {
            index: i,
            items: words,
        });
    }
    with_record(session, now, |r| r.last_word_read = index)
}

pub fn set_expression(
    session: &CheckSession,
    level: Option<ProsodyLevel>,
    now: OffsetDateTime,
) -> Result<CheckSession, SessionError> {
    with_record(session, now, |r| r.expression = level)
}

/// Starts the reading again from nothing (marks, time and last word cleared).
pub fn restart(session: &CheckSession, now: OffsetDateTime) -> Result<CheckSession, SessionError> {
    with_record(session, now, |r| {
        let words = r.marks.len();
        *r = FluencyRecord::new(&r.passage_id, r.level, words);
        // Clearing is a change to every word: a copy of the first attempt merged in later
        // must not bring its marks back.
        r.marked_at = vec![Some(now); words];
    })
}

/// A reading saved with its timer running was interrupted (a closed tab, a flat battery).
pub fn interrupted(session: &CheckSession) -> bool {
    session.is_open()
        && session
            .fluency
            .as_ref()
            .is_some_and(|r| r.timer == TimerState::Running)
}

/// The word to offer as "last word read" when the minute ends.
pub fn suggested_last_word(session: &CheckSession, previous: Option<Wcpm>) -> Option<usize> {
    let r = session.fluency.as_ref()?;
    suggest_last_word(r.marks.len(), &r.marks, previous)
}

/// The score of the reading as recorded so far.
pub fn fluency_score(session: &CheckSession) -> Option<Result<FluencyScore, ScoreError>> {
    let r = session.fluency.as_ref()?;
    Some(score(&ScoreInput {
        word_count: r.marks.len(),
        marks: &r.marks,
        last_word_read: r.last_word_read,
        seconds: r.seconds(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fluency::{passage, AccuracyBand, Mark};
    use crate::domain::model::SessionStatus;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-23 10:00 UTC);

    fn fresh() -> CheckSession {
        let p = passage("l4-the-cat-on-the-wall")
            .expect("passages")
            .expect("this passage");
        start_fluency(PupilId::random(), p, NOW, DeviceId::random())
    }

    #[test]
    fn a_reading_with_known_taps_scores_exactly() {
        let s = start_timer(&fresh(), NOW).expect("start");
        // Two errors and a self-correction (two taps) among the first 50 words.
        let s = tap_word(&s, 3, 5_000, NOW).expect("error");
        let s = tap_word(&s, 10, 12_000, NOW).expect("error");
        let s = tap_word(&s, 20, 20_000, NOW).expect("error");
        let s = tap_word(&s, 20, 21_000, NOW).expect("self-correction");
        let s = end_timer(&s, 60_000, false, NOW).expect("time");
        let s = set_last_word(&s, Some(49), NOW).expect("last word");
        let r = s.fluency.as_ref().expect("record");
        assert_eq!(r.marks[20], Some(Mark::SelfCorrection));
        let sc = fluency_score(&s).expect("fluency").expect("scores");
        assert_eq!(
            (sc.words_read, sc.errors, sc.self_corrections, sc.wcpm.0),
            (50, 2, 1, 48)
        );
        assert_eq!(sc.band, Some(AccuracyBand::Independent), "48 of 50 is 96%");
    }

    #[test]
    fn finishing_early_uses_the_time_taken_and_the_last_word() {
        let s = start_timer(&fresh(), NOW).expect("start");
        let words = s.items.len();
        let s = end_timer(&s, 41_200, true, NOW).expect("finished");
        let sc = fluency_score(&s).expect("fluency").expect("scores");
        assert_eq!(sc.words_read, words);
        assert_eq!(sc.seconds, 42);
        assert!(sc.finished);
    }

    #[test]
    fn an_interrupted_reading_is_found_and_can_restart() {
        let s = tap_word(&start_timer(&fresh(), NOW).expect("start"), 2, 9_000, NOW).expect("tap");
        assert!(interrupted(&s));
        assert_eq!(s.fluency.as_ref().map(|r| r.elapsed_ms), Some(9_000));
        let again = restart(&s, NOW).expect("restart");
        assert!(!interrupted(&again));
        assert!(again
            .fluency
            .as_ref()
            .is_some_and(|r| r.marks.iter().all(Option::is_none) && r.elapsed_ms == 0));
        let ended = end_timer(&s, 60_000, false, NOW).expect("end");
        assert!(!interrupted(&ended));
        assert!(!interrupted(&ended.finish(NOW)));
        assert_eq!(ended.finish(NOW).status, SessionStatus::Complete);
    }

    #[test]
    fn taps_out_of_range_and_after_finishing_are_refused() {
        let s = start_timer(&fresh(), NOW).expect("start");
        assert!(matches!(
            tap_word(&s, 10_000, 0, NOW),
            Err(SessionError::NoSuchItem { .. })
        ));
        let closed = s.finish(NOW);
        assert_eq!(tap_word(&closed, 1, 0, NOW), Err(SessionError::Closed));
    }

    #[test]
    fn a_hidden_page_keeps_the_time_read_since_the_last_tap() {
        let s = start_timer(&fresh(), NOW).expect("start");
        let s = tap_word(&s, 1, 2_000, NOW).expect("tap");
        // Ten more seconds of reading, then the tab is closed.
        let paused = pause_timer(&s, 12_000, NOW).expect("running");
        let r = paused.fluency.as_ref().expect("record");
        assert_eq!((r.elapsed_ms, r.timer), (12_000, TimerState::Running));
        assert!(interrupted(&paused), "resumable from 0:48 left");
        assert_eq!(r.marks, s.fluency.as_ref().expect("record").marks);
        // The saved time never goes back, and never past the minute.
        let again = pause_timer(&paused, 5_000, NOW).expect("running");
        assert_eq!(again.fluency.as_ref().map(|r| r.elapsed_ms), Some(12_000));
        let over = pause_timer(&paused, 75_000, NOW).expect("running");
        assert_eq!(over.fluency.as_ref().map(|r| r.elapsed_ms), Some(MINUTE_MS));
        // Nothing to keep before the timer starts or after it ends.
        assert_eq!(pause_timer(&fresh(), 3_000, NOW), None);
        let ended = end_timer(&paused, 60_000, false, NOW).expect("end");
        assert_eq!(pause_timer(&ended, 61_000, NOW), None);
    }
}
