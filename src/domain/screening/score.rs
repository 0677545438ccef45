//! The result of a screening practice check.

use std::collections::HashMap;

use crate::domain::model::{
    CheckKind, CheckSession, NotTakenCode, Pupil, SessionStatus, YearGroup,
};
use crate::domain::phonics::{self, Catalogue};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    InProgress,
    /// Wa: met the expected standard.
    Met,
    /// Wt: not yet.
    NotMet,
    NotTaken(NotTakenCode),
}

impl Outcome {
    /// The code a school records: Wa, Wt, or A, D, L, Q.
    pub fn code(self) -> Option<String> {
        match self {
            Outcome::InProgress => None,
            Outcome::Met => Some("Wa".into()),
            Outcome::NotMet => Some("Wt".into()),
            Outcome::NotTaken(code) => Some(code.code().to_string()),
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Outcome::InProgress => "In progress",
            Outcome::Met => "Met the expected standard",
            Outcome::NotMet => "Not yet met the expected standard",
            Outcome::NotTaken(NotTakenCode::Absent) => "Absent",
            Outcome::NotTaken(NotTakenCode::Disapplied) => "Disapplied",
            Outcome::NotTaken(NotTakenCode::Left) => "Left the school",
            Outcome::NotTaken(NotTakenCode::Maladministration) => "Maladministration",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScreeningScore {
    /// Items read correctly; `None` when the check was not taken (a blank, not 0).
    pub mark: Option<u8>,
    /// Correct in section 1 and section 2.
    pub section_marks: [u8; 2],
    pub marked: usize,
    pub threshold: u8,
    pub outcome: Outcome,
}

impl ScreeningScore {
    /// The short form a class list shows: "35/40 · Wa", or the code alone ("A") when the check
    /// was not taken.
    pub fn brief(&self) -> String {
        let code = self.outcome.code().unwrap_or_default();
        match self.mark {
            Some(mark) => format!("{mark}/{} · {code}", super::ITEMS),
            None => code,
        }
    }

    /// The line a pupil's history shows.
    pub fn line(&self) -> String {
        match (self.outcome, self.mark) {
            (Outcome::InProgress, _) => {
                format!("In progress: {} of {} marked", self.marked, super::ITEMS)
            }
            (outcome, Some(mark)) => format!("{mark} / {} · {}", super::ITEMS, outcome.describe()),
            (outcome, None) => outcome.describe().to_string(),
        }
    }
}

pub fn score(session: &CheckSession, threshold: u8) -> ScreeningScore {
    let half = session.items.len() / 2;
    let correct_in = |range: std::ops::Range<usize>| {
        session.responses[range]
            .iter()
            .filter(|r| r.is_some_and(|r| r.is_correct()))
            .count() as u8
    };
    let section_marks = [
        correct_in(0..half),
        correct_in(half..session.responses.len()),
    ];
    let total = section_marks[0] + section_marks[1];
    let (mark, outcome) = match session.status {
        SessionStatus::InProgress => (Some(total), Outcome::InProgress),
        SessionStatus::NotTaken(code) => (None, Outcome::NotTaken(code)),
        SessionStatus::Complete | SessionStatus::StoppedEarly => (
            Some(total),
            if total >= threshold {
                Outcome::Met
            } else {
                Outcome::NotMet
            },
        ),
    };
    ScreeningScore {
        mark,
        section_marks,
        marked: session.marked(),
        threshold,
        outcome,
    }
}

/// The words of one GPC in a check: those missed and how many were read correctly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GpcMisses {
    pub gpc_id: String,
    /// The grapheme as a list names it: "oo (moon)" where it has two sounds (`Catalogue::label`).
    pub grapheme: String,
    pub phoneme: String,
    /// Words whose focus is this GPC that were read wrongly, in check order.
    pub missed: Vec<String>,
    /// Words whose focus is this GPC that were read correctly.
    pub read: usize,
}

/// Where a GPC comes in the teaching order; blending first, as it is taught from the start.
fn teaching_position(catalogue: &Catalogue, id: &str) -> usize {
    if id == BLENDING {
        return 0;
    }
    catalogue
        .all()
        .iter()
        .position(|g| g.id.as_str() == id)
        .map_or(usize::MAX, |p| p + 1)
}

/// The group for words made only of single letters ("mub", "tust"): missing one
/// says the child is still learning to blend, not that one letter is unknown.
pub const BLENDING: &str = "blending";

/// A word's focus: its latest-taught GPC of two or more letters (a child who reads "s-t-ar"
/// wrongly most likely does not know "ar" yet, not "s" or "t"), or [`BLENDING`] for a word of
/// single letters. A missed word counts against its focus only.
pub fn focus_gpc<'c>(catalogue: &'c Catalogue, gpcs: &[String]) -> &'c str {
    gpcs.iter()
        .filter_map(|id| catalogue.gpc(id))
        .filter(|g| g.grapheme.chars().filter(|c| c.is_alphabetic()).count() > 1)
        .max_by_key(|g| teaching_position(catalogue, g.id.as_str()))
        .map_or(BLENDING, |g| g.id.as_str())
}

/// The words missed, grouped by their focus GPC: most-missed first, then in teaching order.
pub fn missed_by_gpc(session: &CheckSession) -> Vec<GpcMisses> {
    let Ok(catalogue) = phonics::catalogue() else {
        return Vec::new();
    };
    let mut by_gpc: HashMap<&str, (Vec<String>, usize)> = HashMap::new();
    for (item, response) in session.items.iter().zip(&session.responses) {
        let Some(response) = response else { continue };
        let entry = by_gpc.entry(focus_gpc(catalogue, &item.gpcs)).or_default();
        if response.is_correct() {
            entry.1 += 1;
        } else {
            entry.0.push(item.text.clone());
        }
    }
    let mut out: Vec<GpcMisses> = by_gpc
        .into_iter()
        .filter(|(_, (missed, _))| !missed.is_empty())
        .map(|(id, (missed, read))| {
            let gpc = catalogue.gpc(id);
            GpcMisses {
                gpc_id: id.to_string(),
                grapheme: catalogue
                    .label(id)
                    .unwrap_or_else(|| "Blending".to_string()),
                phoneme: gpc.map_or("words of single letters".to_string(), |g| {
                    g.phoneme.to_string()
                }),
                missed,
                read,
            }
        })
        .collect();
    out.sort_by_key(|g| {
        (
            std::cmp::Reverse(g.missed.len()),
            teaching_position(catalogue, &g.gpc_id),
        )
    });
    out
}

/// The GPCs to teach next from this check: focus GPCs missed in at least as many words as they
/// were read in, in teaching order.
pub fn teach_next(session: &CheckSession) -> Vec<GpcMisses> {
    let Ok(catalogue) = phonics::catalogue() else {
        return Vec::new();
    };
    let mut list: Vec<GpcMisses> = missed_by_gpc(session)
        .into_iter()
        .filter(|g| g.missed.len() >= g.read)
        .collect();
    list.sort_by_key(|g| teaching_position(catalogue, &g.gpc_id));
    list
}

/// The best mark among a pupil's finished screening checks, if any.
pub fn best_mark(sessions: &[CheckSession], threshold: u8) -> Option<u8> {
    sessions
        .iter()
        .filter(|s| s.kind == CheckKind::Screening)
        .filter_map(|s| match score(s, threshold).outcome {
            Outcome::Met | Outcome::NotMet => score(s, threshold).mark,
            _ => None,
        })
        .max()
}

/// Year 2 pupils take the check again unless they have met the standard. ReadBy7 only knows
/// the practice checks it ran, so a Year 2 pupil is flagged until one of them meets the threshold.
pub fn needs_retake(pupil: &Pupil, sessions: &[CheckSession], threshold: u8) -> bool {
    pupil.year_group == YearGroup::Year2
        && best_mark(sessions, threshold).is_none_or(|m| m < threshold)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{DeviceId, PupilId};
    use crate::domain::model::Response;
    use crate::domain::screening::check::start_screening;
    use time::macros::datetime;

    const NOW: time::OffsetDateTime = datetime!(2026-11-23 09:00 UTC);

    fn check_with(pattern: impl Fn(usize) -> bool) -> CheckSession {
        let (mut s, _) =
            start_screening(PupilId::random(), &[], "JB".into(), NOW, DeviceId::random())
                .expect("start");
        for i in 0..40 {
            let r = if pattern(i) {
                Response::Correct
            } else {
                Response::Incorrect
            };
            s = s.mark(i, Some(r), NOW).expect("mark");
        }
        s
    }

    #[test]
    fn marks_and_outcomes_against_the_threshold() {
        let cases: [(usize, Outcome, [u8; 2]); 4] = [
            (32, Outcome::Met, [20, 12]),
            (31, Outcome::NotMet, [20, 11]),
            (40, Outcome::Met, [20, 20]),
            (0, Outcome::NotMet, [0, 0]),
        ];
        for (correct, outcome, sections) in cases {
            let s = check_with(|i| i < correct).finish(NOW);
            let sc = score(&s, 32);
            assert_eq!(sc.mark, Some(correct as u8), "{correct}");
            assert_eq!(sc.outcome, outcome, "{correct}");
            assert_eq!(sc.section_marks, sections);
        }
        // Another threshold, from Settings.
        assert_eq!(
            score(&check_with(|i| i < 31).finish(NOW), 30).outcome,
            Outcome::Met
        );
    }

    #[test]
    fn stopped_early_not_taken_and_in_progress() {
        let (s, _) = start_screening(PupilId::random(), &[], "JB".into(), NOW, DeviceId::random())
            .expect("start");
        let s = s
            .mark(0, Some(Response::Correct), NOW)
            .expect("mark")
            .mark(1, Some(Response::Incorrect), NOW)
            .expect("mark");
        let open = score(&s, 32);
        assert_eq!(
            (open.mark, open.outcome, open.marked),
            (Some(1), Outcome::InProgress, 2)
        );
        let stopped = score(&s.stop_early(NOW), 32);
        assert_eq!((stopped.mark, stopped.outcome), (Some(1), Outcome::NotMet));
        assert_eq!(stopped.outcome.code().as_deref(), Some("Wt"));
        let absent = score(&s.not_taken(NotTakenCode::Absent, NOW), 32);
        assert_eq!(absent.mark, None, "A/D/L/Q leave the mark blank, not 0");
        assert_eq!(absent.outcome.code().as_deref(), Some("A"));
        assert_eq!(
            score(&check_with(|_| true).finish(NOW), 32)
                .outcome
                .code()
                .as_deref(),
            Some("Wa")
        );
    }

    #[test]
    fn a_grapheme_with_two_sounds_is_named_apart() {
        let catalogue = phonics::catalogue().expect("catalogue");
        let mut s = check_with(|_| true);
        s.items[0].gpcs = vec!["m".into(), "oo_moon".into(), "n".into()];
        s.items[0].text = "moon".into();
        s.items[1].gpcs = vec!["b".into(), "oo_book".into(), "k".into()];
        s.items[1].text = "book".into();
        s.responses[0] = Some(Response::Incorrect);
        s.responses[1] = Some(Response::Incorrect);
        let names: Vec<String> = missed_by_gpc(&s.finish(NOW))
            .into_iter()
            .filter(|g| g.gpc_id.starts_with("oo_"))
            .map(|g| g.grapheme)
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"oo (moon)".to_string()), "{names:?}");
        assert!(names.contains(&"oo (book)".to_string()), "{names:?}");
        assert!(catalogue.gpc("oo_moon").is_some());
    }

    #[test]
    fn missed_words_are_grouped_by_gpc_and_teach_next_names_the_tricky_ones() {
        // Everything right except the words with a vowel digraph in section 1.
        let (fresh, _) =
            start_screening(PupilId::random(), &[], "JB".into(), NOW, DeviceId::random())
                .expect("start");
        let catalogue = phonics::catalogue().expect("catalogue");
        let digraph = |i: usize| {
            i < 20
                && fresh.items[i].gpcs.iter().any(|id| {
                    catalogue
                        .gpc(id)
                        .is_some_and(|g| g.kind == phonics::GpcKind::Vowel && g.grapheme.len() > 1)
                })
        };
        let s = check_with(|i| !digraph(i)).finish(NOW);
        let missed = missed_by_gpc(&s);
        let missed_words: Vec<&String> = missed.iter().flat_map(|g| &g.missed).collect();
        assert!(!missed_words.is_empty());
        for g in &missed {
            for w in &g.missed {
                let index = s.items.iter().position(|i| &i.text == w).expect("item");
                assert!(digraph(index), "{w} was read correctly");
                assert_eq!(
                    focus_gpc(catalogue, &s.items[index].gpcs),
                    g.gpc_id.as_str()
                );
            }
        }
        // Each missed word is listed once.
        assert_eq!(missed_words.len(), (0..40).filter(|&i| digraph(i)).count());
        let next = teach_next(&s);
        assert!(!next.is_empty());
        for g in &next {
            let gpc = catalogue.gpc(&g.gpc_id).expect("gpc");
            assert!(
                gpc.kind == phonics::GpcKind::Vowel && gpc.grapheme.len() > 1,
                "{} is not a digraph",
                g.grapheme
            );
        }
        // In teaching order.
        let positions: Vec<usize> = next
            .iter()
            .map(|g| teaching_position(catalogue, &g.gpc_id))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]));
        assert!(teach_next(&check_with(|_| true).finish(NOW)).is_empty());
    }

    #[test]
    fn the_focus_of_a_word_is_its_latest_taught_gpc() {
        let catalogue = phonics::catalogue().expect("catalogue");
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(focus_gpc(catalogue, &ids(&["s", "t", "ar"])), "ar");
        assert_eq!(focus_gpc(catalogue, &ids(&["sh", "i", "p"])), "sh");
        assert_eq!(focus_gpc(catalogue, &ids(&["ch", "ar", "m"])), "ar");
        assert_eq!(focus_gpc(catalogue, &ids(&["m", "a_e", "k"])), "a_e");
        assert_eq!(focus_gpc(catalogue, &ids(&["s", "a", "t"])), BLENDING);
        assert_eq!(focus_gpc(catalogue, &ids(&["s", "t", "u", "ck"])), "ck");
        assert_eq!(focus_gpc(catalogue, &[]), BLENDING);
    }

    #[test]
    fn year_2_pupils_are_flagged_until_a_check_meets_the_standard() {
        use crate::domain::model::{Gender, Pupil};
        let pupil = Pupil {
            id: PupilId::random(),
            upn: None,
            forename: "Ben".into(),
            surname: "Okoro".into(),
            date_of_birth: time::macros::date!(2019 - 10 - 01),
            gender: Gender::Male,
            year_group: YearGroup::Year2,
            class_id: None,
            disadvantaged: false,
            send: false,
            eal: false,
            archived: false,
            updated_at: NOW,
            device_id: DeviceId::random(),
        };
        assert!(needs_retake(&pupil, &[], 32));
        let low = check_with(|i| i < 20).finish(NOW);
        assert!(needs_retake(&pupil, std::slice::from_ref(&low), 32));
        let high = check_with(|i| i < 35).finish(NOW);
        assert!(!needs_retake(&pupil, &[low.clone(), high], 32));
        let year1 = Pupil {
            year_group: YearGroup::Year1,
            ..pupil
        };
        assert!(!needs_retake(&year1, &[low], 32));
    }
}
