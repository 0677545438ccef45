//! What one progress check found, as the results screen says it.

use crate::domain::model::{CheckKind, CheckSession, Response, SessionStatus};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressResult {
    pub kind: CheckKind,
    pub status: SessionStatus,
    /// Items the check held.
    pub items: usize,
    /// Items the adult marked (fewer than `items` when stopped early).
    pub marked: usize,
    /// Items read right, by blending or at once.
    pub correct: usize,
    /// Words read at once, without sounding out (word reading only).
    pub automatic: usize,
    /// The items read wrong, in the order shown: what to go back to.
    pub missed: Vec<String>,
}

impl ProgressResult {
    pub fn of(session: &CheckSession) -> ProgressResult {
        let given = || session.responses.iter().flatten();
        ProgressResult {
            kind: session.kind,
            status: session.status,
            items: session.items.len(),
            marked: session.marked(),
            correct: given().filter(|r| r.is_correct()).count(),
            automatic: given().filter(|r| **r == Response::Automatic).count(),
            missed: session
                .items
                .iter()
                .zip(&session.responses)
                .filter(|(_, r)| **r == Some(Response::Incorrect))
                .map(|(item, _)| item.text.clone())
                .collect(),
        }
    }

    /// "17 / 20"; an absent pupil has no result rather than a mark of 0.
    pub fn mark(&self) -> String {
        match self.status {
            SessionStatus::NotTaken(_) => "No result".into(),
            _ => format!("{} / {}", self.correct, self.items),
        }
    }

    /// One plain sentence: how many right, how words were read, whether it stopped early.
    pub fn summary(&self) -> String {
        if let SessionStatus::NotTaken(code) = self.status {
            return format!("Recorded as absent ({}).", code.code());
        }
        let mut s = format!("{} of {} correct", self.correct, self.items);
        if self.kind == CheckKind::WordReading && self.correct > 0 {
            s.push_str(&format!(
                " ({} read at once, {} by blending)",
                self.automatic,
                self.correct - self.automatic
            ));
        }
        if self.status == SessionStatus::StoppedEarly {
            s.push_str(&format!(". Stopped early after {} items", self.marked));
        }
        s.push('.');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::super::profile::tests::session;
    use super::*;
    use crate::domain::ids::PupilId;
    use crate::domain::model::NotTakenCode;
    use Response::*;

    fn word_reading(marks: &[Option<Response>]) -> CheckSession {
        let words = ["ship", "vom", "chin", "thog"];
        let items: Vec<(&str, &[&str], Option<Response>)> = marks
            .iter()
            .enumerate()
            .map(|(i, r)| (words[i % 4], &[][..], *r))
            .collect();
        session(PupilId::random(), CheckKind::WordReading, 0, &items)
    }

    #[test]
    fn word_reading_counts_blended_and_automatic_reads() {
        let r = ProgressResult::of(&word_reading(&[
            Some(Automatic),
            Some(Blended),
            Some(Incorrect),
            Some(Automatic),
        ]));
        assert_eq!((r.correct, r.automatic, r.marked), (3, 2, 4));
        assert_eq!(r.missed, vec!["chin".to_string()]);
        assert_eq!(r.mark(), "3 / 4");
        assert_eq!(
            r.summary(),
            "3 of 4 correct (2 read at once, 1 by blending)."
        );
    }

    #[test]
    fn a_check_stopped_early_says_after_how_many() {
        let s = word_reading(&[Some(Incorrect), Some(Incorrect), None, None]);
        let r = ProgressResult::of(&s.stop_early(s.updated_at));
        assert_eq!(r.summary(), "0 of 4 correct. Stopped early after 2 items.");
        assert_eq!(r.missed, vec!["ship".to_string(), "vom".to_string()]);
    }

    #[test]
    fn an_absent_pupil_has_no_mark() {
        let s = word_reading(&[None, None, None, None]);
        let r = ProgressResult::of(&s.not_taken(NotTakenCode::Absent, s.updated_at));
        assert_eq!(r.mark(), "No result");
        assert_eq!(r.summary(), "Recorded as absent (A).");
    }
}
