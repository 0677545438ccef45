//! How one check reads in a pupil's history: its name, its result in one line, and where it
//! opens (the check itself while it is open, its results once finished). One rule per kind, so
//! the history, the class list and the results never word a result two ways.

use super::fluency::fluency_score;
use super::model::{CheckKind, CheckSession, SessionStatus};
use super::progress::ProgressResult;
use super::screening::score::score;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryLine {
    /// "Phonics screening practice, form 2", "Fluency: The red kite", "GPC check: Phase 3".
    pub label: String,
    /// "35 / 40 · Met the expected standard", "52 words correct per minute · 96% ...".
    pub result: String,
    /// The in-app path that opens it.
    pub route: String,
}

/// Where a session opens: an open check resumes in its runner; anything finished shows its
/// results.
pub fn route(session: &CheckSession) -> String {
    let id = session.id;
    match (session.is_open(), session.kind) {
        (false, _) => format!("/results/{id}"),
        (true, CheckKind::Screening) => format!("/check/screening/{id}"),
        (true, CheckKind::Fluency) => format!("/check/fluency/{id}"),
        (true, CheckKind::Gpc | CheckKind::WordReading | CheckKind::TrickyWords) => {
            format!("/check/progress/{id}")
        }
    }
}

pub fn history_line(session: &CheckSession, threshold: u8) -> HistoryLine {
    let label = match (session.kind, &session.scope) {
        (CheckKind::Fluency, Some(title)) => format!("Fluency: {title}"),
        (CheckKind::Gpc | CheckKind::WordReading | CheckKind::TrickyWords, Some(scope)) => {
            format!("{}: {scope}", session.kind.label())
        }
        (kind, _) => format!(
            "{}{}",
            kind.label(),
            session
                .form
                .map(|f| format!(", form {f}"))
                .unwrap_or_default()
        ),
    };
    let result = match session.kind {
        CheckKind::Screening => score(session, threshold).line(),
        CheckKind::Fluency if session.is_open() => "In progress".to_string(),
        CheckKind::Fluency => match fluency_score(session) {
            Some(Ok(sc)) => format!(
                "{} words correct per minute{}",
                sc.wcpm.0,
                match (sc.accuracy, sc.band) {
                    (Some(a), Some(b)) => format!(" · {}% {}", a.whole_percent(), b.label()),
                    _ => String::new(),
                }
            ),
            Some(Err(e)) => e.to_string(),
            None => match session.status {
                SessionStatus::NotTaken(_) => "Absent".to_string(),
                _ => String::new(),
            },
        },
        CheckKind::Gpc | CheckKind::WordReading | CheckKind::TrickyWords => {
            let r = ProgressResult::of(session);
            if session.is_open() {
                format!("In progress: {} of {} marked", r.marked, r.items)
            } else if matches!(session.status, SessionStatus::NotTaken(_)) {
                "Absent".to_string()
            } else {
                format!("{} / {} correct", r.correct, r.items)
            }
        }
    };
    HistoryLine {
        label,
        result,
        route: route(session),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{NotTakenCode, Response};
    use crate::domain::records::testdata::{at, fluency, in_progress, not_taken, pupil, screening};

    #[test]
    fn a_screening_check_reads_as_its_mark_and_outcome() {
        let p = pupil("Amara", "Okafor", None);
        let done = screening(&p, 35, at(2026, 6, 10));
        let line = history_line(&done, 32);
        assert_eq!(line.result, "35 / 40 · Met the expected standard");
        assert_eq!(line.route, format!("/results/{}", done.id));
        assert!(line.label.starts_with("Phonics screening practice"));
        let absent = not_taken(&p, NotTakenCode::Absent, at(2026, 6, 10));
        assert_eq!(history_line(&absent, 32).result, "Absent");
    }

    #[test]
    fn an_open_check_opens_in_its_runner() {
        let p = pupil("Amara", "Okafor", None);
        let open = in_progress(&p, at(2026, 6, 10));
        let line = history_line(&open, 32);
        assert_eq!(line.route, format!("/check/screening/{}", open.id));
        assert!(line.result.starts_with("In progress: "), "{}", line.result);
    }

    #[test]
    fn progress_and_fluency_checks_have_their_own_lines() {
        let p = pupil("Amara", "Okafor", None);
        let mut gpc = screening(&p, 3, at(2026, 6, 10));
        gpc.kind = CheckKind::Gpc;
        gpc.scope = Some("Phase 3".into());
        gpc.items.truncate(4);
        gpc.responses = vec![Some(Response::Correct); 4];
        gpc.responses[0] = Some(Response::Incorrect);
        let line = history_line(&gpc, 32);
        assert_eq!(
            (line.label.as_str(), line.result.as_str()),
            ("GPC check: Phase 3", "3 / 4 correct")
        );
        let reading = fluency(&p, 2, at(2026, 6, 10));
        let line = history_line(&reading, 32);
        assert!(line.label.starts_with("Fluency"), "{}", line.label);
        assert!(
            line.result.contains("words correct per minute"),
            "{}",
            line.result
        );
        assert_eq!(line.route, format!("/results/{}", reading.id));
    }
}
