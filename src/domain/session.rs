//! What happens to a check session as the adult works through it: marks, going back, stopping
//! early, recording why a check was not taken. Shared by every kind of check.

use std::fmt;

use time::OffsetDateTime;

use super::ids::{DeviceId, PupilId, SessionId};
use super::model::{CheckKind, CheckSession, NotTakenCode, Response, SessionStatus, ShownItem};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    NoSuchItem {
        index: usize,
        items: usize,
    },
    /// Marks can change only while the check is open (reopen a finished one first).
    Closed,
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::NoSuchItem { index, items } => {
                write!(f, "there is no word {} in a check of {items}", index + 1)
            }
            SessionError::Closed => write!(f, "this check is finished; reopen it to change a mark"),
        }
    }
}

pub struct NewSession {
    pub pupil_id: PupilId,
    pub kind: CheckKind,
    pub items: Vec<ShownItem>,
    pub form: Option<u32>,
    pub scope: Option<String>,
    pub fluency: Option<super::fluency::FluencyRecord>,
    pub assessor: String,
}

pub fn start(new: NewSession, now: OffsetDateTime, device_id: DeviceId) -> CheckSession {
    CheckSession {
        id: SessionId::random(),
        pupil_id: new.pupil_id,
        kind: new.kind,
        responses: vec![None; new.items.len()],
        marked_at: vec![None; new.items.len()],
        items: new.items,
        form: new.form,
        scope: new.scope,
        fluency: new.fluency,
        started_at: now,
        finished_at: None,
        reopened_at: None,
        status: SessionStatus::InProgress,
        assessor: new.assessor,
        notes: String::new(),
        updated_at: now,
        device_id,
    }
}

impl CheckSession {
    pub fn is_open(&self) -> bool {
        self.status == SessionStatus::InProgress
    }

    /// Records (or changes, or with `None` clears) the mark for item `index`.
    pub fn mark(
        &self,
        index: usize,
        response: Option<Response>,
        now: OffsetDateTime,
    ) -> Result<CheckSession, SessionError> {
        if !self.is_open() {
            return Err(SessionError::Closed);
        }
        if index >= self.items.len() {
            return Err(SessionError::NoSuchItem {
                index,
                items: self.items.len(),
            });
        }
        let mut next = self.clone();
        next.responses[index] = response;
        crate::domain::fluency::stamp_slot(&mut next.marked_at, index, self.items.len(), now);
        next.updated_at = now;
        Ok(next)
    }

    /// Where to carry on: the first item not yet marked.
    pub fn next_unmarked(&self) -> Option<usize> {
        self.responses.iter().position(Option::is_none)
    }

    pub fn marked(&self) -> usize {
        self.responses.iter().filter(|r| r.is_some()).count()
    }

    pub fn all_marked(&self) -> bool {
        self.responses.iter().all(Option::is_some)
    }

    fn close(&self, status: SessionStatus, now: OffsetDateTime) -> CheckSession {
        CheckSession {
            status,
            finished_at: Some(now),
            updated_at: now,
            ..self.clone()
        }
    }

    /// Finishes the check: complete if every item is marked, otherwise stopped early.
    pub fn finish(&self, now: OffsetDateTime) -> CheckSession {
        let status = if self.all_marked() {
            SessionStatus::Complete
        } else {
            SessionStatus::StoppedEarly
        };
        self.close(status, now)
    }

    /// Stops a struggling child: the mark is the items read correctly so far.
    pub fn stop_early(&self, now: OffsetDateTime) -> CheckSession {
        self.close(SessionStatus::StoppedEarly, now)
    }

    /// Absent, disapplied, left or maladministration: no mark, whatever was marked so far.
    pub fn not_taken(&self, code: NotTakenCode, now: OffsetDateTime) -> CheckSession {
        self.close(SessionStatus::NotTaken(code), now)
    }

    /// Opens a finished check again so a mark can be corrected.
    pub fn reopen(&self, now: OffsetDateTime) -> CheckSession {
        CheckSession {
            status: SessionStatus::InProgress,
            finished_at: None,
            reopened_at: Some(now),
            updated_at: now,
            ..self.clone()
        }
    }

    /// Two copies of this session (the same id: two tabs, two tablets, a backup) as one.
    ///
    /// The rule, the same wherever copies meet (the check runner's save, a backup merge, school
    /// sync), and commutative, associative and idempotent, so every device ends the same:
    /// - **Marks, item by item** (fluency: word by word): the mark set or cleared last, by its
    ///   `marked_at`, wins, so a mark made in each copy survives. A slot never stamped (saved
    ///   before stamps existed) loses to a stamped one; between two unstamped slots a mark
    ///   beats a blank, then the higher [`Response`] in declaration order (arbitrary but fixed).
    /// - **Status**: the later of "finished at" and "reopened at" decides, finishing winning a
    ///   tie; a copy still open from its start loses to any finished copy. So a stale tab that
    ///   marks after the check was finished elsewhere does not reopen it, and a deliberate
    ///   reopening after the finish does.
    /// - **Everything else** (notes, assessor, timer, expression, audio...): the copy saved last
    ///   (`updated_at`), then the higher device id, then the larger serialized text, as the
    ///   backup merge breaks ties. `updated_at` is the later of the two.
    pub fn merge(&self, other: &CheckSession) -> CheckSession {
        let (newer, older) = if scalar_rank(other) > scalar_rank(self) {
            (other, self)
        } else {
            (self, other)
        };
        let mut out = newer.clone();
        let (responses, marked_at) = merge_slots(
            (&newer.responses, &newer.marked_at),
            (&older.responses, &older.marked_at),
            response_rank,
        );
        out.responses = responses;
        out.marked_at = marked_at;
        let status_source = if status_rank(older) > status_rank(newer) {
            older
        } else {
            newer
        };
        out.status = status_source.status;
        out.finished_at = status_source.finished_at;
        out.reopened_at = newer.reopened_at.max(older.reopened_at);
        if let (Some(mine), Some(theirs)) = (out.fluency.as_mut(), older.fluency.as_ref()) {
            let (marks, stamps) = merge_slots(
                (&mine.marks, &mine.marked_at),
                (&theirs.marks, &theirs.marked_at),
                |m: &Option<crate::domain::fluency::Mark>| match m {
                    None => 0,
                    Some(crate::domain::fluency::Mark::Error) => 1,
                    Some(crate::domain::fluency::Mark::SelfCorrection) => 2,
                },
            );
            mine.marks = marks;
            mine.marked_at = stamps;
        }
        out
    }
}

type Stamp = Option<OffsetDateTime>;

/// Item-by-item merge of two mark lists with their stamps; the result has `newer`'s length.
/// Copies that both have no stamps (saved before stamps existed) give none, so merging them
/// changes nothing.
fn merge_slots<M: Clone>(
    newer: (&[M], &[Stamp]),
    older: (&[M], &[Stamp]),
    rank: impl Fn(&M) -> u8,
) -> (Vec<M>, Vec<Stamp>) {
    let stamp = |s: &[Stamp], i: usize| s.get(i).copied().flatten();
    let mut marks = Vec::with_capacity(newer.0.len());
    let mut stamps = Vec::with_capacity(newer.0.len());
    for (i, mine) in newer.0.iter().enumerate() {
        let ours = (stamp(newer.1, i), rank(mine));
        let (mark, at) = match older.0.get(i) {
            Some(theirs) if (stamp(older.1, i), rank(theirs)) > ours => {
                (theirs.clone(), stamp(older.1, i))
            }
            _ => (mine.clone(), ours.0),
        };
        marks.push(mark);
        stamps.push(at);
    }
    if newer.1.is_empty() && older.1.is_empty() {
        stamps.clear();
    }
    (marks, stamps)
}

fn response_rank(r: &Option<Response>) -> u8 {
    match r {
        None => 0,
        Some(Response::Incorrect) => 1,
        Some(Response::Correct) => 2,
        Some(Response::Blended) => 3,
        Some(Response::Automatic) => 4,
    }
}

/// Orders copies for the status: the time of the last finish or reopening, finishing first.
fn status_rank(s: &CheckSession) -> (Stamp, bool, u8) {
    let code = match s.status {
        SessionStatus::InProgress => 0,
        SessionStatus::Complete => 1,
        SessionStatus::StoppedEarly => 2,
        SessionStatus::NotTaken(NotTakenCode::Absent) => 3,
        SessionStatus::NotTaken(NotTakenCode::Disapplied) => 4,
        SessionStatus::NotTaken(NotTakenCode::Left) => 5,
        SessionStatus::NotTaken(NotTakenCode::Maladministration) => 6,
    };
    if s.is_open() {
        (s.reopened_at, false, code)
    } else {
        (s.finished_at, true, code)
    }
}

/// Orders copies for everything but marks and status: saved last, device, then the text of
/// those other fields (so the order never depends on which copy is passed first).
fn scalar_rank(s: &CheckSession) -> (OffsetDateTime, DeviceId, String) {
    let mut rest = s.clone();
    rest.responses.clear();
    rest.marked_at.clear();
    rest.status = SessionStatus::InProgress;
    rest.finished_at = None;
    rest.reopened_at = None;
    if let Some(r) = rest.fluency.as_mut() {
        r.marks.clear();
        r.marked_at.clear();
    }
    (
        s.updated_at,
        s.device_id,
        serde_json::to_string(&rest).unwrap_or_default(),
    )
}

/// The check of `kind` left in progress for this pupil, if any (the newest).
pub fn in_progress(sessions: &[CheckSession], kind: CheckKind) -> Option<&CheckSession> {
    sessions
        .iter()
        .filter(|s| s.kind == kind && s.is_open())
        .max_by_key(|s| s.started_at)
}

/// The latest finished session of `kind` among `sessions` (stopped early and not taken count:
/// they are results too). Ties go to the later saved, then the larger id, so the choice never
/// depends on the order sessions come in.
pub fn latest_finished<'s>(
    sessions: impl IntoIterator<Item = &'s CheckSession>,
    kind: CheckKind,
) -> Option<&'s CheckSession> {
    sessions
        .into_iter()
        .filter(|s| s.kind == kind && !s.is_open())
        .max_by_key(|s| (s.started_at, s.updated_at, s.id))
}

/// Sessions newest first, as a pupil's history shows them.
pub fn newest_first(sessions: &mut [CheckSession]) {
    sessions.sort_by_key(|s| std::cmp::Reverse(s.started_at));
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn session(items: usize) -> CheckSession {
        start(
            NewSession {
                pupil_id: PupilId::random(),
                kind: CheckKind::Screening,
                items: (0..items)
                    .map(|i| ShownItem {
                        text: format!("w{i}"),
                        gpcs: vec![],
                        pseudo: false,
                    })
                    .collect(),
                form: Some(1),
                scope: None,
                fluency: None,
                assessor: "JB".into(),
            },
            datetime!(2026-11-23 09:00 UTC),
            DeviceId::random(),
        )
    }

    const LATER: OffsetDateTime = datetime!(2026-11-23 09:05 UTC);

    #[test]
    fn marks_can_be_made_changed_and_cleared() {
        let s = session(4);
        assert_eq!(s.next_unmarked(), Some(0));
        let s = s.mark(0, Some(Response::Correct), LATER).expect("mark");
        let s = s.mark(1, Some(Response::Incorrect), LATER).expect("mark");
        assert_eq!(s.next_unmarked(), Some(2));
        assert_eq!(s.updated_at, LATER);
        let s = s.mark(0, Some(Response::Incorrect), LATER).expect("change");
        assert_eq!(s.responses[0], Some(Response::Incorrect));
        let s = s.mark(1, None, LATER).expect("clear");
        assert_eq!(s.next_unmarked(), Some(1));
        assert_eq!(
            s.mark(4, Some(Response::Correct), LATER),
            Err(SessionError::NoSuchItem { index: 4, items: 4 })
        );
    }

    #[test]
    fn finishing_stopping_and_not_taken() {
        let s = session(2)
            .mark(0, Some(Response::Correct), LATER)
            .expect("mark");
        assert_eq!(s.finish(LATER).status, SessionStatus::StoppedEarly);
        let all = s.mark(1, Some(Response::Correct), LATER).expect("mark");
        let done = all.finish(LATER);
        assert_eq!(done.status, SessionStatus::Complete);
        assert_eq!(done.finished_at, Some(LATER));
        assert_eq!(
            done.mark(0, Some(Response::Incorrect), LATER),
            Err(SessionError::Closed)
        );
        let reopened = done.reopen(LATER);
        assert!(reopened.is_open() && reopened.finished_at.is_none());
        let absent = session(2).not_taken(NotTakenCode::Absent, LATER);
        assert_eq!(absent.status, SessionStatus::NotTaken(NotTakenCode::Absent));
    }

    #[test]
    fn the_latest_finished_session_breaks_ties_the_same_way_in_any_order() {
        let open = session(1);
        let older = session(1).finish(datetime!(2026-11-20 09:00 UTC));
        let mut a = session(1).finish(LATER);
        let mut b = a.clone();
        a.started_at = LATER;
        b.started_at = LATER;
        b.id = SessionId::random();
        let (low, high) = if a.id < b.id { (a, b) } else { (b, a) };
        let forwards = [older.clone(), low.clone(), high.clone(), open.clone()];
        let backwards = [open, high.clone(), low, older];
        assert_eq!(
            latest_finished(&forwards, CheckKind::Screening).map(|s| s.id),
            Some(high.id)
        );
        assert_eq!(
            latest_finished(&backwards, CheckKind::Screening).map(|s| s.id),
            Some(high.id)
        );
        assert_eq!(latest_finished(&forwards, CheckKind::Fluency), None);
    }

    #[test]
    fn the_open_session_is_found() {
        let done = session(1).finish(LATER);
        let open = session(1);
        assert_eq!(
            in_progress(&[done.clone(), open.clone()], CheckKind::Screening).map(|s| s.id),
            Some(open.id)
        );
        assert_eq!(in_progress(&[done], CheckKind::Screening), None);
        assert_eq!(in_progress(&[open], CheckKind::Fluency), None);
    }
}
