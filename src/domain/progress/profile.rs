//! A pupil's GPC profile: for every GPC, a status and the evidence behind it, from all their
//! checks. The rules are in the module guide (`progress/mod.rs`, "The profile rule").

use std::collections::BTreeMap;

use time::OffsetDateTime;

use super::Programme;
use crate::domain::ids::{PupilId, SessionId};
use crate::domain::model::{CheckKind, CheckSession, SessionStatus};
use crate::domain::phonics::{self, Catalogue, ContentError, GpcId};
use crate::domain::screening::score::focus_gpc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GpcStatus {
    /// Correct in the two most recent checks that included it.
    Secure,
    /// Correct at least once, but not in the two most recent checks.
    Emerging,
    /// Checked, never correct.
    NotYet,
    /// No check has included it.
    NotChecked,
}

impl GpcStatus {
    pub fn label(self) -> &'static str {
        match self {
            GpcStatus::Secure => "Secure",
            GpcStatus::Emerging => "Emerging",
            GpcStatus::NotYet => "Not yet",
            GpcStatus::NotChecked => "Not checked",
        }
    }

    /// Checked and not secure: what teach-next and keep-up groups work on.
    pub fn is_gap(self) -> bool {
        matches!(self, GpcStatus::Emerging | GpcStatus::NotYet)
    }
}

/// What one check said about one GPC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub session_id: SessionId,
    pub kind: CheckKind,
    /// When the check started.
    pub at: OffsetDateTime,
    /// No item in the check counted against the GPC.
    pub correct: bool,
    /// The items that gave the evidence (graphemes or words), in check order.
    pub items: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GpcProgress {
    pub gpc: GpcId,
    /// The programme unit that teaches it (an index into its units); `None` if the programme
    /// does not teach it (Little Wandle and ure).
    pub unit: Option<usize>,
    pub status: GpcStatus,
    /// Newest first.
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GpcProfile {
    pub pupil_id: PupilId,
    pub programme: Programme,
    /// Every catalogue GPC, in the programme's order (GPCs it does not teach last).
    pub gpcs: Vec<GpcProgress>,
}

impl GpcProfile {
    pub fn get(&self, gpc: &str) -> Option<&GpcProgress> {
        self.gpcs.iter().find(|g| g.gpc.as_str() == gpc)
    }

    pub fn status(&self, gpc: &str) -> GpcStatus {
        self.get(gpc).map_or(GpcStatus::NotChecked, |g| g.status)
    }

    /// How many GPCs have each status, in the order Secure, Emerging, NotYet, NotChecked.
    pub fn counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for g in &self.gpcs {
            counts[g.status as usize] += 1;
        }
        counts
    }
}

/// The status the rule gives a GPC's verdicts, newest first.
pub fn status_of(verdicts_newest_first: &[bool]) -> GpcStatus {
    match verdicts_newest_first {
        [] => GpcStatus::NotChecked,
        [true, true, ..] => GpcStatus::Secure,
        v if v.contains(&true) => GpcStatus::Emerging,
        _ => GpcStatus::NotYet,
    }
}

/// What one marked item says about GPCs: `(gpc id, correct)` pairs.
fn observations<'c>(
    catalogue: &'c Catalogue,
    kind: CheckKind,
    gpcs: &[String],
    correct: bool,
) -> Vec<(&'c str, bool)> {
    let known = || {
        // Once per item, even when a GPC appears twice ("tent").
        let mut ids: Vec<&'c str> = Vec::new();
        for g in gpcs.iter().filter_map(|id| catalogue.gpc(id)) {
            if !ids.contains(&g.id.as_str()) {
                ids.push(g.id.as_str());
            }
        }
        ids
    };
    match kind {
        CheckKind::Gpc => known().into_iter().map(|id| (id, correct)).collect(),
        CheckKind::Screening | CheckKind::WordReading if correct => {
            known().into_iter().map(|id| (id, true)).collect()
        }
        // A misread word counts against its focus GPC only; a word of single letters is a
        // blending slip, which says nothing about one GPC.
        CheckKind::Screening | CheckKind::WordReading => {
            let focus = focus_gpc(catalogue, gpcs);
            catalogue
                .gpc(focus)
                .map(|g| vec![(g.id.as_str(), false)])
                .unwrap_or_default()
        }
        CheckKind::TrickyWords | CheckKind::Fluency => Vec::new(),
    }
}

/// The profile of `pupil_id` from their sessions (others' sessions in the slice are ignored).
pub fn profile(
    pupil_id: PupilId,
    sessions: &[CheckSession],
    programme: Programme,
) -> Result<GpcProfile, ContentError> {
    let catalogue = phonics::catalogue()?;
    let order = programme.order()?;
    let mut mine: Vec<&CheckSession> = sessions
        .iter()
        .filter(|s| s.pupil_id == pupil_id)
        .filter(|s| !matches!(s.status, SessionStatus::NotTaken(_)))
        .collect();
    // Newest first; the id breaks ties so the result never depends on the slice's order.
    mine.sort_by_key(|s| std::cmp::Reverse((s.started_at, s.id)));
    let mut evidence: BTreeMap<&str, Vec<Evidence>> = BTreeMap::new();
    for s in mine {
        let mut this: BTreeMap<&str, Evidence> = BTreeMap::new();
        for (item, response) in s.items.iter().zip(&s.responses) {
            let Some(response) = response else { continue };
            for (id, correct) in observations(catalogue, s.kind, &item.gpcs, response.is_correct())
            {
                let e = this.entry(id).or_insert_with(|| Evidence {
                    session_id: s.id,
                    kind: s.kind,
                    at: s.started_at,
                    correct: true,
                    items: Vec::new(),
                });
                e.correct &= correct;
                e.items.push(item.text.clone());
            }
        }
        for (id, e) in this {
            evidence.entry(id).or_default().push(e);
        }
    }
    let mut gpcs: Vec<GpcProgress> = catalogue
        .all()
        .iter()
        .map(|g| {
            let evidence = evidence.remove(g.id.as_str()).unwrap_or_default();
            let verdicts: Vec<bool> = evidence.iter().map(|e| e.correct).collect();
            GpcProgress {
                gpc: g.id,
                unit: order.unit_of(g.id.as_str()),
                status: status_of(&verdicts),
                evidence,
            }
        })
        .collect();
    gpcs.sort_by_key(|g| order.sort_key(catalogue, g.gpc.as_str()));
    Ok(GpcProfile {
        pupil_id,
        programme,
        gpcs,
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::ids::DeviceId;
    use crate::domain::model::{NotTakenCode, Response, ShownItem};
    use crate::domain::session::{start, NewSession};
    use time::macros::datetime;

    pub(crate) const DAY1: OffsetDateTime = datetime!(2026-10-01 09:00 UTC);

    /// A finished session of `kind` for `pupil` on day `day` after DAY1: each item is
    /// (text, gpcs, response).
    pub(crate) fn session(
        pupil: PupilId,
        kind: CheckKind,
        day: i64,
        items: &[(&str, &[&str], Option<Response>)],
    ) -> CheckSession {
        let at = DAY1 + time::Duration::days(day);
        let mut s = start(
            NewSession {
                pupil_id: pupil,
                kind,
                items: items
                    .iter()
                    .map(|(text, gpcs, _)| ShownItem {
                        text: text.to_string(),
                        gpcs: gpcs.iter().map(|g| g.to_string()).collect(),
                        pseudo: false,
                    })
                    .collect(),
                form: None,
                scope: None,
                fluency: None,
                assessor: "JB".into(),
            },
            at,
            DeviceId::random(),
        );
        for (i, (_, _, r)) in items.iter().enumerate() {
            s = s.mark(i, *r, at).expect("mark");
        }
        s.finish(at)
    }

    /// A GPC check: `marks` as (gpc id, correct).
    pub(crate) fn gpc_check(pupil: PupilId, day: i64, marks: &[(&str, bool)]) -> CheckSession {
        let gpcs: Vec<[&str; 1]> = marks.iter().map(|(g, _)| [*g]).collect();
        let items: Vec<(&str, &[&str], Option<Response>)> = marks
            .iter()
            .zip(&gpcs)
            .map(|((g, ok), ids)| {
                let r = if *ok {
                    Response::Correct
                } else {
                    Response::Incorrect
                };
                (*g, &ids[..], Some(r))
            })
            .collect();
        session(pupil, CheckKind::Gpc, day, &items)
    }

    #[test]
    fn the_status_rule() {
        use GpcStatus::*;
        // Verdicts newest first.
        let cases: [(&[bool], GpcStatus); 9] = [
            (&[], NotChecked),
            (&[true], Emerging),
            (&[false], NotYet),
            (&[true, true], Secure),
            (&[true, true, false, false], Secure),
            (&[true, false], Emerging),
            (&[false, true], Emerging),
            (&[false, true, true], Emerging),
            (&[false, false, false], NotYet),
        ];
        for (verdicts, expected) in cases {
            assert_eq!(status_of(verdicts), expected, "{verdicts:?}");
        }
    }

    #[test]
    fn gpc_checks_give_direct_evidence_newest_first() {
        let p = PupilId::random();
        let sessions = [
            gpc_check(
                p,
                0,
                &[("s", true), ("a", false), ("t", true), ("p", false)],
            ),
            gpc_check(
                p,
                7,
                &[("s", true), ("a", true), ("t", false), ("p", false)],
            ),
            // Another pupil's check is ignored.
            gpc_check(PupilId::random(), 9, &[("s", false)]),
        ];
        let prof = profile(p, &sessions, Programme::LettersAndSounds).expect("profile");
        let cases = [
            ("s", GpcStatus::Secure),
            ("a", GpcStatus::Emerging),
            ("t", GpcStatus::Emerging),
            ("p", GpcStatus::NotYet),
            ("i", GpcStatus::NotChecked),
        ];
        for (id, status) in cases {
            assert_eq!(prof.status(id), status, "{id}");
        }
        let a = prof.get("a").expect("a");
        assert_eq!(a.evidence.len(), 2);
        assert_eq!(a.evidence[0].session_id, sessions[1].id, "newest first");
        assert!(a.evidence[0].correct && !a.evidence[1].correct);
        assert_eq!(a.evidence[0].kind, CheckKind::Gpc);
        assert_eq!(a.evidence[0].items, ["a"]);
        assert_eq!(prof.gpcs[0].gpc.as_str(), "s", "programme order");
        let mut reversed = sessions.clone();
        reversed.reverse();
        assert_eq!(
            profile(p, &reversed, Programme::LettersAndSounds).expect("profile"),
            prof,
            "the slice's order does not matter"
        );
        let total: usize = prof.counts().iter().sum();
        assert_eq!(total, prof.gpcs.len());
    }

    #[test]
    fn words_count_for_all_their_gpcs_when_right_and_their_focus_when_wrong() {
        use Response::*;
        let p = PupilId::random();
        let screening = session(
            p,
            CheckKind::Screening,
            0,
            &[
                ("chip", &["ch", "i", "p"], Some(Correct)),
                ("start", &["s", "t", "ar", "t"], Some(Incorrect)),
                ("mub", &["m", "u", "b"], Some(Incorrect)),
                ("shop", &["sh", "o", "p"], None),
            ],
        );
        let reading = session(
            p,
            CheckKind::WordReading,
            3,
            &[
                ("chat", &["ch", "a", "t"], Some(Blended)),
                ("chop", &["ch", "o", "p"], Some(Automatic)),
                ("tent", &["t", "e", "n", "t"], Some(Automatic)),
                ("farm", &["f", "ar", "m"], Some(Incorrect)),
            ],
        );
        let tricky = session(
            p,
            CheckKind::TrickyWords,
            4,
            &[("the", &[], Some(Incorrect))],
        );
        let prof = profile(
            p,
            &[screening, reading, tricky],
            Programme::LettersAndSounds,
        )
        .expect("profile");
        let cases = [
            // Right in both checks.
            ("ch", GpcStatus::Secure),
            // Wrong in both (focus of start and farm).
            ("ar", GpcStatus::NotYet),
            // chip right on day 0; start's miss counts against ar, not s or t.
            ("i", GpcStatus::Emerging),
            ("s", GpcStatus::NotChecked),
            // mub's miss is blending; m, u, b get no evidence from it.
            ("m", GpcStatus::NotChecked),
            ("u", GpcStatus::NotChecked),
            // shop was not marked: no evidence.
            ("sh", GpcStatus::NotChecked),
            // p: right in chip (day 0) and chop (day 3).
            ("p", GpcStatus::Secure),
        ];
        for (id, status) in cases {
            assert_eq!(prof.status(id), status, "{id}");
        }
        let ch = prof.get("ch").expect("ch");
        assert_eq!(ch.evidence[0].items, ["chat", "chop"]);
        assert_eq!(ch.evidence[0].kind, CheckKind::WordReading);
        assert_eq!(ch.evidence[1].kind, CheckKind::Screening);
        let t = prof.get("t").expect("t");
        assert_eq!(t.evidence[0].items, ["chat", "tent"], "one entry per word");
    }

    #[test]
    fn one_miss_in_a_check_makes_the_check_incorrect_for_that_gpc() {
        use Response::*;
        let p = PupilId::random();
        let s = session(
            p,
            CheckKind::WordReading,
            0,
            &[
                ("rain", &["r", "ai", "n"], Some(Correct)),
                ("wait", &["w", "ai", "t"], Some(Incorrect)),
            ],
        );
        let prof = profile(p, &[s], Programme::LettersAndSounds).expect("profile");
        let ai = prof.get("ai").expect("ai");
        assert_eq!(ai.status, GpcStatus::NotYet);
        assert_eq!(ai.evidence[0].items, ["rain", "wait"]);
    }

    #[test]
    fn not_taken_checks_are_ignored_and_open_ones_count_what_is_marked() {
        let p = PupilId::random();
        let absent = gpc_check(p, 5, &[("s", false)]).reopen(DAY1);
        let absent = absent.not_taken(NotTakenCode::Absent, DAY1);
        let older = gpc_check(p, 0, &[("s", true)]);
        let mut open = gpc_check(p, 1, &[("s", true), ("a", true)]).reopen(DAY1);
        open = open.mark(1, None, DAY1).expect("clear");
        let prof = profile(p, &[absent, older, open], Programme::LittleWandle).expect("profile");
        assert_eq!(prof.status("s"), GpcStatus::Secure);
        assert_eq!(prof.status("a"), GpcStatus::NotChecked);
        assert_eq!(prof.programme, Programme::LittleWandle);
        // Little Wandle does not teach ure: it still has a row, last.
        let ure = prof.gpcs.last().expect("rows");
        assert_eq!((ure.gpc.as_str(), ure.unit), ("ure", None));
        assert_eq!(prof.get("s").and_then(|g| g.unit), Some(0));
    }
}
