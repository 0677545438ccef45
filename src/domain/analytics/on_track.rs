//! "On track to read by 7": one judgement per pupil from their screening practice checks,
//! their fluency readings and their year group (which follows their age), with the shortfalls
//! that put a pupil off track, ready to form keep-up groups.
//!
//! # The rule (ReadBy7's own, judged at the end of a window)
//!
//! Evidence is the pupil's finished checks started up to the window's last day: "this year"
//! means from 1 September of the window's academic year.
//!
//! **Year 2** pupils are on track when all of these hold:
//! 1. they have met the screening standard: any practice check, in Year 1 or Year 2, with a
//!    mark at or above the threshold (32). Reading by 7 needs secure phonic decoding first, and
//!    the statutory retake in Year 2 asks exactly this;
//! 2. their latest fluency reading this year is at or above [`on_course_line`] for the term
//!    it was read in (60, 75, 90 WCPM): on course for the 90 wpm indicator by the end of Year 2;
//! 3. that reading was at least 90% accurate (instructional or better): fast but inaccurate
//!    reading is not yet reading for meaning.
//!
//! **Year 1** pupils are on track when:
//! 1. their latest practice check this year is at or above the Year 1 line for the term it was
//!    taken in ([`year1_screening_line`]): threshold − 12 in autumn, − 6 in spring, the threshold
//!    in summer (20, 26, 32). The statutory check is in June and the section 2 GPCs (phase 5)
//!    are taught through Year 1, so an autumn mark of 32 is not expected; or the pupil is
//!    "close and climbing": within [`CLOSE`] marks of the line and up at least [`RISE`] marks
//!    on their previous practice check this year;
//! 2. if they have a fluency reading this year, it meets the same fluency and accuracy tests as
//!    in Year 2 (line 15, 30, 45). A Year 1 pupil with no reading is judged on screening alone:
//!    the check is the statutory Year 1 measure and many schools read for speed only from Year 2.
//!
//! **Reception** pupils are [`Standing::NotJudged`]: there is no screening or fluency line for
//! them yet (the phonics progress checks of the roadmap will judge them).
//!
//! A pupil with a failed test is [`Standing::NotOnTrack`] with every shortfall listed, even if
//! other evidence is missing; with no failed test but evidence missing (Year 2: no screening
//! check, or no reading this year; Year 1: no check this year) they are
//! [`Standing::NotEnoughEvidence`]. A summer-born pupil is judged by the same lines (the standard
//! does not move), and the reading lead sees them as a group in the screening split.
//! A pupil not on track also gets the GPCs they missed most in their latest check (up to three,
//! [`PupilStatus::reteach`]), which [`OnTrackReport::keep_up_groups`] uses.

use serde::{Deserialize, Serialize};

use super::fluency::{on_course_line, reading_score};
use super::items::{top_missed, HeatColumn};
use super::screening::Gap;
use super::{is_marked_finish, Analytics, Scope, Share, Window};
use crate::domain::fluency::{AccuracyBand, Term, Wcpm};
use crate::domain::ids::{ClassId, PupilId};
use crate::domain::model::{CheckKind, CheckSession, Pupil, YearGroup};
use crate::domain::screening::score::score;

/// A Year 1 pupil this close to their line (in marks)...
pub const CLOSE: u8 = 3;
/// ...and up at least this many marks on their previous check counts as on track.
pub const RISE: u8 = 5;
/// Missed GPCs listed for a pupil not on track.
pub const RETEACH_PER_PUPIL: usize = 3;

/// The mark a Year 1 pupil's practice check should reach in a term.
pub fn year1_screening_line(threshold: u8, term: Term) -> u8 {
    threshold.saturating_sub(match term {
        Term::Autumn => 12,
        Term::Spring => 6,
        Term::Summer => 0,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Standing {
    OnTrack,
    NotOnTrack,
    NotEnoughEvidence,
    /// Reception.
    NotJudged,
}

/// Why a pupil is not on track.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shortfall {
    /// Year 1: the latest mark is below the line for its term.
    ScreeningBelowLine { mark: u8, line: u8 },
    /// Year 2: no practice check has met the threshold yet.
    ScreeningStandardNotMet { best: u8, threshold: u8 },
    /// The latest reading is below the line for its term.
    WcpmBelowLine { wcpm: Wcpm, line: u32 },
    /// The latest reading was below 90% accurate.
    AccuracyBelow90 { percent: u32 },
    /// The GPCs missed most in the latest check (graphemes), for a keep-up group.
    MissedGpcs(Vec<String>),
}

impl Shortfall {
    /// "screening 24/40, below 32", "WCPM 41 (term line 60)"...
    pub fn describe(&self) -> String {
        match self {
            Shortfall::ScreeningBelowLine { mark, line } => {
                format!("screening {mark}/40, below {line}")
            }
            Shortfall::ScreeningStandardNotMet { best, threshold } => {
                format!("screening standard not met yet (best {best}/40, needs {threshold})")
            }
            Shortfall::WcpmBelowLine { wcpm, line } => {
                format!("WCPM {} (term line {line})", wcpm.0)
            }
            Shortfall::AccuracyBelow90 { percent } => {
                format!("accuracy {percent}% (below 90%)")
            }
            Shortfall::MissedGpcs(gpcs) => format!("most missed: {}", gpcs.join(", ")),
        }
    }
}

/// Evidence a judgement needs and does not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Missing {
    ScreeningCheck,
    FluencyReading,
}

impl Missing {
    pub fn describe(self) -> &'static str {
        match self {
            Missing::ScreeningCheck => "no screening practice check",
            Missing::FluencyReading => "no fluency reading this year",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PupilStatus {
    pub pupil_id: PupilId,
    pub class_id: Option<ClassId>,
    pub year_group: YearGroup,
    pub disadvantaged: bool,
    pub standing: Standing,
    pub shortfalls: Vec<Shortfall>,
    pub missing: Vec<Missing>,
    /// The latest practice mark this year, and the latest reading's WCPM.
    pub latest_mark: Option<u8>,
    pub latest_wcpm: Option<Wcpm>,
    /// For a pupil not on track: the GPCs missed most in their latest check.
    pub reteach: Vec<HeatColumn>,
}

impl PupilStatus {
    /// Every shortfall and missing piece of evidence as a phrase, for a list.
    pub fn reasons(&self) -> Vec<String> {
        self.shortfalls
            .iter()
            .map(Shortfall::describe)
            .chain(self.missing.iter().map(|m| m.describe().to_string()))
            .collect()
    }
}

/// Pupils not on track who share a GPC to reteach (or who need fluency work).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeepUpGroup {
    /// The GPC the group works on; `None` for pupils whose shortfall is fluency only.
    pub focus: Option<HeatColumn>,
    pub label: String,
    pub pupils: Vec<PupilId>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OnTrackReport {
    pub window: Window,
    /// One per pupil in scope, in the scope's pupil order.
    pub pupils: Vec<PupilStatus>,
    /// On track, of pupils judged with enough evidence (Years 1 and 2).
    pub on_track: Share,
    pub not_enough_evidence: usize,
    pub not_judged: usize,
    /// The disadvantaged gap in the share on track.
    pub gap: Gap,
}

impl OnTrackReport {
    pub fn not_on_track(&self) -> impl Iterator<Item = &PupilStatus> {
        self.pupils
            .iter()
            .filter(|p| p.standing == Standing::NotOnTrack)
    }

    /// Pupils not on track grouped by the GPC they missed most (a pupil joins one group);
    /// those whose shortfall is fluency or accuracy alone form a "Fluency" group. Largest
    /// group first, then by label.
    pub fn keep_up_groups(&self) -> Vec<KeepUpGroup> {
        let mut groups: Vec<KeepUpGroup> = Vec::new();
        for p in self.not_on_track() {
            let focus = p.reteach.first().cloned();
            let label = focus
                .as_ref()
                .map_or_else(|| "Fluency".to_string(), |c| c.grapheme.clone());
            match groups.iter_mut().find(|g| g.focus == focus) {
                Some(g) => g.pupils.push(p.pupil_id),
                None => groups.push(KeepUpGroup {
                    focus,
                    label,
                    pupils: vec![p.pupil_id],
                }),
            }
        }
        groups.sort_by(|a, b| {
            b.pupils
                .len()
                .cmp(&a.pupils.len())
                .then_with(|| a.label.cmp(&b.label))
        });
        groups
    }
}

impl<'a> Analytics<'a> {
    /// Finished, marked screening checks of a pupil started by the window's end, oldest first,
    /// with their marks.
    fn marks_by(&self, pupil: &Pupil, window: Window) -> Vec<(&'a CheckSession, u8)> {
        let threshold = self.options.threshold;
        self.sessions_of(pupil.id)
            .iter()
            .filter(|s| {
                s.kind == CheckKind::Screening
                    && is_marked_finish(s)
                    && window.is_by_end(s.started_at, &self.options.term_dates)
            })
            .filter_map(|s| score(s, threshold).mark.map(|m| (*s, m)))
            .collect()
    }

    /// The judgement for one pupil at the end of a window (rule in the module docs).
    pub fn pupil_status(&self, pupil: &Pupil, window: Window) -> PupilStatus {
        let dates = &self.options.term_dates;
        let threshold = self.options.threshold;
        let year_start = Window::new(window.year, Term::Autumn).dates(dates).0;
        let this_year = |s: &CheckSession| s.started_at.date() >= year_start;
        let marks = self.marks_by(pupil, window);
        let marks_this_year: Vec<&(&CheckSession, u8)> =
            marks.iter().filter(|(s, _)| this_year(s)).collect();
        let latest = marks_this_year.last().copied();
        let reading = self
            .sessions_of(pupil.id)
            .iter()
            .rev()
            .filter(|s| {
                s.kind == CheckKind::Fluency
                    && this_year(s)
                    && window.is_by_end(s.started_at, dates)
            })
            .find_map(|s| reading_score(s).map(|sc| (*s, sc)));

        let mut status = PupilStatus {
            pupil_id: pupil.id,
            class_id: pupil.class_id,
            year_group: pupil.year_group,
            disadvantaged: pupil.disadvantaged,
            standing: Standing::NotJudged,
            shortfalls: Vec::new(),
            missing: Vec::new(),
            latest_mark: latest.map(|(_, m)| *m),
            latest_wcpm: reading.as_ref().map(|(_, sc)| sc.wcpm),
            reteach: Vec::new(),
        };
        if pupil.year_group == YearGroup::Reception {
            return status;
        }

        // Screening.
        match pupil.year_group {
            YearGroup::Year2 => match marks.iter().map(|(_, m)| *m).max() {
                Some(best) if best >= threshold => {}
                Some(best) => status
                    .shortfalls
                    .push(Shortfall::ScreeningStandardNotMet { best, threshold }),
                None => status.missing.push(Missing::ScreeningCheck),
            },
            _ => match latest {
                Some((session, mark)) => {
                    let term = dates.window_of(session.started_at.date()).term;
                    let line = year1_screening_line(threshold, term);
                    let previous = marks_this_year
                        .len()
                        .checked_sub(2)
                        .map(|i| marks_this_year[i].1);
                    let climbing = previous.is_some_and(|p| *mark >= p.saturating_add(RISE))
                        && mark.saturating_add(CLOSE) >= line;
                    if *mark < line && !climbing {
                        status
                            .shortfalls
                            .push(Shortfall::ScreeningBelowLine { mark: *mark, line });
                    }
                }
                None => status.missing.push(Missing::ScreeningCheck),
            },
        }

        // Fluency.
        match &reading {
            Some((session, sc)) => {
                let term = dates.window_of(session.started_at.date()).term;
                if let Some(line) = on_course_line(pupil.year_group, term) {
                    if sc.wcpm.0 < line {
                        status.shortfalls.push(Shortfall::WcpmBelowLine {
                            wcpm: sc.wcpm,
                            line,
                        });
                    }
                }
                if let Some(acc) = sc.accuracy.filter(|a| a.band() == AccuracyBand::Hard) {
                    status.shortfalls.push(Shortfall::AccuracyBelow90 {
                        percent: acc.whole_percent(),
                    });
                }
            }
            None if pupil.year_group == YearGroup::Year2 => {
                status.missing.push(Missing::FluencyReading)
            }
            None => {}
        }

        status.standing = if !status.shortfalls.is_empty() {
            Standing::NotOnTrack
        } else if !status.missing.is_empty() {
            Standing::NotEnoughEvidence
        } else {
            Standing::OnTrack
        };
        if status.standing == Standing::NotOnTrack {
            // The latest check says what to teach now, even for a Year 2 pupil judged on
            // their best.
            if let Some((session, _)) = marks.last() {
                status.reteach = top_missed(session, RETEACH_PER_PUPIL);
            }
            if !status.reteach.is_empty() {
                let graphemes = status.reteach.iter().map(|c| c.grapheme.clone()).collect();
                status.shortfalls.push(Shortfall::MissedGpcs(graphemes));
            }
        }
        status
    }

    /// Every pupil's judgement at the end of a window, with the counts.
    pub fn on_track(&self, scope: Scope, window: Window) -> OnTrackReport {
        let pupils: Vec<PupilStatus> = self
            .pupils_in(scope)
            .into_iter()
            .map(|p| self.pupil_status(p, window))
            .collect();
        let mut on_track = Share::default();
        let (mut dis, mut rest) = (Share::default(), Share::default());
        let (mut not_enough, mut not_judged) = (0, 0);
        for p in &pupils {
            match p.standing {
                Standing::OnTrack | Standing::NotOnTrack => {
                    let hit = p.standing == Standing::OnTrack;
                    on_track.add(hit);
                    if p.disadvantaged {
                        dis.add(hit);
                    } else {
                        rest.add(hit);
                    }
                }
                Standing::NotEnoughEvidence => not_enough += 1,
                Standing::NotJudged => not_judged += 1,
            }
        }
        OnTrackReport {
            window,
            pupils,
            on_track,
            not_enough_evidence: not_enough,
            not_judged,
            gap: Gap::of(dis, rest, self.options.min_group),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use time::macros::datetime;

    /// What a pupil has done: (screening marks with when, fluency (correct, errors) with when).
    struct Case {
        name: &'static str,
        year: YearGroup,
        marks: Vec<(time::OffsetDateTime, usize)>,
        readings: Vec<(time::OffsetDateTime, usize, usize)>,
        window: Term,
        standing: Standing,
        reasons: Vec<&'static str>,
    }

    const LAST_YEAR: time::OffsetDateTime = datetime!(2025-05-12 10:00 UTC);

    fn run(case: Case) {
        let mut f = Fixture::new();
        let c = f.class("X", case.year);
        let p = f.pupil(c, |_| {});
        for (at, m) in &case.marks {
            f.screening(p, *at, *m);
        }
        for (at, right, wrong) in &case.readings {
            f.fluency(p, *at, *right, *wrong);
        }
        let a = f.analytics();
        let pupil = &f.pupils[0];
        let s = a.pupil_status(pupil, Window::new(YEAR, case.window));
        assert_eq!(
            s.standing,
            case.standing,
            "{}: {:?}",
            case.name,
            s.reasons()
        );
        // Fixture checks are single-letter words, so a missed word is a blending miss.
        let reasons: Vec<String> = s
            .reasons()
            .into_iter()
            .filter(|r| !r.starts_with("most missed"))
            .collect();
        assert_eq!(reasons, case.reasons, "{}", case.name);
        if case.standing == Standing::NotOnTrack && !case.marks.is_empty() {
            let all_right = case.marks.last().is_some_and(|(_, m)| *m == 40);
            assert_eq!(s.reteach.is_empty(), all_right, "{}", case.name);
        }
    }

    #[test]
    fn the_rule_table() {
        use Standing::*;
        use YearGroup::*;
        let cases = vec![
            Case {
                name: "Y2 met in Y1, reading on the summer line",
                year: Year2,
                marks: vec![(LAST_YEAR, 33)],
                readings: vec![(SUMMER, 90, 3)],
                window: Term::Summer,
                standing: OnTrack,
                reasons: vec![],
            },
            Case {
                name: "Y2 below the spring line",
                year: Year2,
                marks: vec![(AUTUMN, 34)],
                readings: vec![(SPRING, 41, 1)],
                window: Term::Spring,
                standing: NotOnTrack,
                reasons: vec!["WCPM 41 (term line 75)"],
            },
            Case {
                name: "Y2 never met the standard, fast reader",
                year: Year2,
                marks: vec![(LAST_YEAR, 24), (AUTUMN, 28)],
                readings: vec![(AUTUMN, 70, 2)],
                window: Term::Autumn,
                standing: NotOnTrack,
                reasons: vec!["screening standard not met yet (best 28/40, needs 32)"],
            },
            Case {
                name: "Y2 fast but inaccurate",
                year: Year2,
                marks: vec![(AUTUMN, 36)],
                readings: vec![(AUTUMN, 61, 11)],
                window: Term::Autumn,
                standing: NotOnTrack,
                reasons: vec!["accuracy 84% (below 90%)"],
            },
            Case {
                name: "Y2 no reading",
                year: Year2,
                marks: vec![(AUTUMN, 36)],
                readings: vec![],
                window: Term::Spring,
                standing: NotEnoughEvidence,
                reasons: vec!["no fluency reading this year"],
            },
            Case {
                name: "Y2 last year's reading does not count",
                year: Year2,
                marks: vec![(LAST_YEAR, 36)],
                readings: vec![(LAST_YEAR, 90, 0)],
                window: Term::Autumn,
                standing: NotEnoughEvidence,
                reasons: vec!["no fluency reading this year"],
            },
            Case {
                name: "Y2 no check and slow: not on track, both listed",
                year: Year2,
                marks: vec![],
                readings: vec![(SPRING, 50, 0)],
                window: Term::Spring,
                standing: NotOnTrack,
                reasons: vec!["WCPM 50 (term line 75)", "no screening practice check"],
            },
            Case {
                name: "Y2 a reading after the window is not used",
                year: Year2,
                marks: vec![(AUTUMN, 36)],
                readings: vec![(AUTUMN, 65, 0), (SUMMER, 20, 0)],
                window: Term::Spring,
                standing: OnTrack,
                reasons: vec![],
            },
            Case {
                name: "Y2 autumn reading judged on the autumn line in spring",
                year: Year2,
                marks: vec![(AUTUMN, 36)],
                readings: vec![(AUTUMN, 59, 0)],
                window: Term::Spring,
                standing: NotOnTrack,
                reasons: vec!["WCPM 59 (term line 60)"],
            },
            Case {
                name: "Y1 autumn line is 20",
                year: Year1,
                marks: vec![(AUTUMN, 20)],
                readings: vec![],
                window: Term::Autumn,
                standing: OnTrack,
                reasons: vec![],
            },
            Case {
                name: "Y1 spring below 26",
                year: Year1,
                marks: vec![(AUTUMN, 20), (SPRING, 24)],
                readings: vec![],
                window: Term::Spring,
                standing: NotOnTrack,
                reasons: vec!["screening 24/40, below 26"],
            },
            Case {
                name: "Y1 close and climbing",
                year: Year1,
                marks: vec![(AUTUMN, 18), (SPRING, 23)],
                readings: vec![],
                window: Term::Spring,
                standing: OnTrack,
                reasons: vec![],
            },
            Case {
                name: "Y1 climbing but not close",
                year: Year1,
                marks: vec![(AUTUMN, 10), (SPRING, 22)],
                readings: vec![],
                window: Term::Spring,
                standing: NotOnTrack,
                reasons: vec!["screening 22/40, below 26"],
            },
            Case {
                name: "Y1 summer needs the threshold",
                year: Year1,
                marks: vec![(SPRING, 30), (SUMMER, 31)],
                readings: vec![],
                window: Term::Summer,
                standing: NotOnTrack,
                reasons: vec!["screening 31/40, below 32"],
            },
            Case {
                name: "Y1 a later lower mark is the one judged",
                year: Year1,
                marks: vec![(SPRING, 35), (SPRING + time::Duration::days(5), 25)],
                readings: vec![],
                window: Term::Spring,
                standing: NotOnTrack,
                reasons: vec!["screening 25/40, below 26"],
            },
            Case {
                name: "Y1 slow reading counts against them when there is one",
                year: Year1,
                marks: vec![(SUMMER, 35)],
                readings: vec![(SUMMER, 30, 1)],
                window: Term::Summer,
                standing: NotOnTrack,
                reasons: vec!["WCPM 30 (term line 45)"],
            },
            Case {
                name: "Y1 no check this year",
                year: Year1,
                marks: vec![(LAST_YEAR, 35)],
                readings: vec![(AUTUMN, 20, 0)],
                window: Term::Autumn,
                standing: NotEnoughEvidence,
                reasons: vec!["no screening practice check"],
            },
            Case {
                name: "Reception is not judged",
                year: Reception,
                marks: vec![],
                readings: vec![(SUMMER, 10, 0)],
                window: Term::Summer,
                standing: NotJudged,
                reasons: vec![],
            },
        ];
        for case in cases {
            run(case);
        }
    }

    #[test]
    fn gpcs_to_reteach_and_keep_up_groups() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        // 16 "ai" words, 16 "sh" words, 8 single-letter words (all read right).
        let words = |ai_right: bool, sh_right: bool| {
            (0..40)
                .map(|i| match i {
                    0..=15 => (vec!["r", "ai", "n"], ai_right),
                    16..=31 => (vec!["sh", "i", "p"], sh_right),
                    _ => (vec!["s", "a", "t"], true),
                })
                .collect::<Vec<(Vec<&str>, bool)>>()
        };
        // Marks 24: below the spring line of 26.
        let ai = f.pupil(c, |_| {});
        f.screening_items(ai, SPRING, &words(false, true));
        let ai2 = f.pupil(c, |_| {});
        f.screening_items(ai2, SPRING, &words(false, true));
        let sh = f.pupil(c, |_| {});
        f.screening_items(sh, SPRING, &words(true, false));
        let ok = f.pupil(c, |_| {});
        f.screening(ok, SPRING, 36);
        let slow = f.pupil(c, |_| {});
        f.screening(slow, SPRING, 40);
        f.fluency(slow, SPRING, 10, 0);
        let a = f.analytics();
        let r = a.on_track(Scope::Class(c), Window::new(YEAR, Term::Spring));
        assert_eq!(r.on_track, Share::new(1, 5));
        let status = |id| r.pupils.iter().find(|p| p.pupil_id == id).expect("pupil");
        let ai_status = status(ai);
        assert_eq!(ai_status.reteach[0].gpc_id, "ai");
        assert_eq!(
            ai_status.reasons(),
            ["screening 24/40, below 26", "most missed: ai"]
        );
        let groups = r.keep_up_groups();
        let summary: Vec<(&str, usize)> = groups
            .iter()
            .map(|g| (g.label.as_str(), g.pupils.len()))
            .collect();
        assert_eq!(summary, [("ai", 2), ("Fluency", 1), ("sh", 1)]);
        assert_eq!(status(sh).reteach[0].gpc_id, "sh");
        assert!(groups[0].pupils.contains(&ai) && groups[0].pupils.contains(&ai2));
    }

    #[test]
    fn the_report_counts_and_the_on_track_gap() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        let r = f.class("RA", YearGroup::Reception);
        for i in 0..6 {
            let p = f.pupil(c, |p| p.disadvantaged = true);
            f.screening(p, SPRING, if i < 3 { 30 } else { 10 });
        }
        for _ in 0..6 {
            let p = f.pupil(c, |_| {});
            f.screening(p, SPRING, 30);
        }
        f.pupil(c, |_| {}); // no evidence
        f.pupil(r, |_| {});
        let report = f
            .analytics()
            .on_track(Scope::School, Window::new(YEAR, Term::Spring));
        assert_eq!(report.on_track, Share::new(9, 12));
        assert_eq!((report.not_enough_evidence, report.not_judged), (1, 1));
        assert_eq!(report.gap.points, Some(50.0));
        assert!(report.gap.reportable);
        assert_eq!(report.not_on_track().count(), 3);
    }
}
