//! Fluency across a scope: each pupil's latest reading in the window, against the 90 wpm
//! indicator, the US percentile line and ReadBy7's line to 90 by the end of Year 2.

use serde::{Deserialize, Serialize};

use super::{is_marked_finish, median, Analytics, Scope, Share, Window};
use crate::domain::fluency::{
    fluency_score, norms, Accuracy, AccuracyBand, FluencyScore, NinetyWpm, NormComparison,
    PercentileBand, Term, Wcpm, NINETY_WPM,
};
use crate::domain::ids::{ClassId, PupilId, SessionId};
use crate::domain::model::{CheckKind, CheckSession, Pupil, YearGroup};

/// ReadBy7's line to 90 words correct per minute by the end of Year 2: a straight line from
/// 0 at the start of Year 1, 15 more each term, read at the end of each term:
///
/// | | autumn | spring | summer |
/// |---|---|---|---|
/// | Year 1 | 15 | 30 | 45 |
/// | Year 2 | 60 | 75 | 90 |
///
/// Why: 90 wpm at the end of Year 2 is the England KS1 indicator; a straight line is the
/// simplest trajectory that reaches it and is easy to explain to a parent. English pupils have
/// had a year more of teaching than US pupils of the same age, and the Year 2 points sit near
/// the US grade 2 medians (Hasbrouck & Tindal: fall 50, winter 84, spring 100), above the grade 1
/// medians of their age (winter 29, spring 60), so the line is ambitious, as the 90 wpm
/// indicator is. `None` for Reception: most pupils are not yet reading connected text at speed.
pub fn on_course_line(year: YearGroup, term: Term) -> Option<u32> {
    let terms_done = match year {
        YearGroup::Reception => return None,
        YearGroup::Year1 => 0,
        YearGroup::Year2 => 3,
    } + match term {
        Term::Autumn => 1,
        Term::Spring => 2,
        Term::Summer => 3,
    };
    Some(NINETY_WPM * terms_done / 6)
}

/// One pupil's latest reading in a window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FluencyReading {
    pub pupil_id: PupilId,
    pub class_id: Option<ClassId>,
    pub year_group: YearGroup,
    pub session_id: SessionId,
    pub passage_id: String,
    pub wcpm: Wcpm,
    pub accuracy: Option<Accuracy>,
    pub band: Option<AccuracyBand>,
    pub ninety: NinetyWpm,
    /// Hasbrouck & Tindal for the pupil's year and the window's term (US norms).
    pub us_norms: NormComparison,
    /// [`on_course_line`] for the pupil's year and the window's term.
    pub line: Option<u32>,
    /// WCPM at or above the line; `None` without a line.
    pub on_course: Option<bool>,
}

impl FluencyReading {
    /// At or above 90 wpm, or at or above the pupil's line for the term.
    pub fn ninety_or_on_course(&self) -> bool {
        self.ninety.is_met() || self.on_course == Some(true)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandCounts {
    pub independent: usize,
    pub instructional: usize,
    pub hard: usize,
    /// Readings where no word was read (no accuracy).
    pub no_words: usize,
}

impl BandCounts {
    fn add(&mut self, band: Option<AccuracyBand>) {
        match band {
            Some(AccuracyBand::Independent) => self.independent += 1,
            Some(AccuracyBand::Instructional) => self.instructional += 1,
            Some(AccuracyBand::Hard) => self.hard += 1,
            None => self.no_words += 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FluencySummary {
    pub window: Window,
    pub pupils: usize,
    /// One per pupil with a reading, in the scope's pupil order.
    pub readings: Vec<FluencyReading>,
    /// Pupils in scope with no reading in the window.
    pub not_read: usize,
    pub median_wcpm: Option<f64>,
    pub bands: BandCounts,
    /// At or above 90 wpm, of pupils read.
    pub ninety: Share,
    /// At or above their line, of pupils read who have one (Years 1 and 2).
    pub on_course: Share,
    /// At or above 90 wpm or their line, of pupils read.
    pub ninety_or_on_course: Share,
    /// Pupils in each US percentile band, of those the US norms cover (Year 2 spring and
    /// summer), in band order, bands with no pupils included.
    pub us_bands: Vec<(PercentileBand, usize)>,
    /// At or above the US 50th percentile, of those the US norms cover.
    pub us_at_or_above_median: Share,
    /// 10 or more WCPM below the US 50th percentile (Hasbrouck & Tindal's prompt to check).
    pub us_likely_need_support: usize,
}

const US_BANDS: [PercentileBand; 6] = [
    PercentileBand::Below10th,
    PercentileBand::From10thTo25th,
    PercentileBand::From25thTo50th,
    PercentileBand::From50thTo75th,
    PercentileBand::From75thTo90th,
    PercentileBand::AtOrAbove90th,
];

/// A finished reading's score, if it scores.
pub(crate) fn reading_score(s: &CheckSession) -> Option<FluencyScore> {
    if !is_marked_finish(s) {
        return None;
    }
    fluency_score(s)?.ok()
}

impl<'a> Analytics<'a> {
    /// The pupil's latest finished, scoring reading in the window.
    pub(crate) fn latest_reading(
        &self,
        pupil: &Pupil,
        window: Window,
    ) -> Option<(&'a CheckSession, FluencyScore)> {
        self.sessions_of(pupil.id)
            .iter()
            .rev()
            .filter(|s| {
                s.kind == CheckKind::Fluency
                    && window.contains(s.started_at, &self.options.term_dates)
            })
            .find_map(|s| reading_score(s).map(|sc| (*s, sc)))
    }

    /// The reading as the summary lists it.
    pub(crate) fn fluency_reading(&self, pupil: &Pupil, window: Window) -> Option<FluencyReading> {
        let (session, score) = self.latest_reading(pupil, window)?;
        let line = on_course_line(pupil.year_group, window.term);
        let us_norms = match norms() {
            Ok(n) => n.compare(score.wcpm, pupil.year_group, window.term),
            // The norms are embedded data proven by tests; say there are none rather than fail.
            Err(_) => NormComparison::NoNormsForYear {
                year: pupil.year_group,
            },
        };
        Some(FluencyReading {
            pupil_id: pupil.id,
            class_id: pupil.class_id,
            year_group: pupil.year_group,
            session_id: session.id,
            passage_id: session
                .fluency
                .as_ref()
                .map(|r| r.passage_id.clone())
                .unwrap_or_default(),
            wcpm: score.wcpm,
            accuracy: score.accuracy,
            band: score.band,
            ninety: score.ninety_wpm(),
            us_norms,
            line,
            on_course: line.map(|l| score.wcpm.0 >= l),
        })
    }

    /// The fluency figures for a scope and window.
    pub fn fluency(&self, scope: Scope, window: Window) -> FluencySummary {
        let pupils = self.pupils_in(scope);
        let readings: Vec<FluencyReading> = pupils
            .iter()
            .filter_map(|p| self.fluency_reading(p, window))
            .collect();
        let mut bands = BandCounts::default();
        let mut ninety = Share::default();
        let mut on_course = Share::default();
        let mut either = Share::default();
        let mut us_bands: Vec<(PercentileBand, usize)> = US_BANDS.iter().map(|b| (*b, 0)).collect();
        let mut us_median = Share::default();
        let mut us_support = 0;
        for r in &readings {
            bands.add(r.band);
            ninety.add(r.ninety.is_met());
            if let Some(hit) = r.on_course {
                on_course.add(hit);
            }
            either.add(r.ninety_or_on_course());
            if let NormComparison::Compared {
                band, median, wcpm, ..
            } = r.us_norms
            {
                if let Some(slot) = us_bands.iter_mut().find(|(b, _)| *b == band) {
                    slot.1 += 1;
                }
                us_median.add(wcpm.0 >= median);
                if r.us_norms.likely_needs_support() == Some(true) {
                    us_support += 1;
                }
            }
        }
        let mut wcpms: Vec<u32> = readings.iter().map(|r| r.wcpm.0).collect();
        FluencySummary {
            window,
            pupils: pupils.len(),
            not_read: pupils.len() - readings.len(),
            median_wcpm: median(&mut wcpms),
            bands,
            ninety,
            on_course,
            ninety_or_on_course: either,
            us_bands,
            us_at_or_above_median: us_median,
            us_likely_need_support: us_support,
            readings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::domain::model::SessionStatus;

    #[test]
    fn the_line_runs_from_15_to_90() {
        let lines: Vec<Option<u32>> = [YearGroup::Year1, YearGroup::Year2]
            .iter()
            .flat_map(|&y| Term::ALL.map(|t| on_course_line(y, t)))
            .collect();
        assert_eq!(
            lines,
            [15, 30, 45, 60, 75, 90].map(Some),
            "15 a term to 90 at the end of Year 2"
        );
        assert_eq!(on_course_line(YearGroup::Reception, Term::Summer), None);
    }

    #[test]
    fn readings_bands_shares_and_the_median() {
        let mut f = Fixture::new();
        let c = f.class("2A", YearGroup::Year2);
        // (correct, errors): WCPM is `correct`.
        let cases = [(95, 2), (80, 8), (60, 12), (40, 1), (90, 0)];
        for (correct, errors) in cases {
            let p = f.pupil(c, |_| {});
            f.fluency(p, SUMMER, correct, errors);
        }
        f.pupil(c, |_| {}); // not read
        let s = f
            .analytics()
            .fluency(Scope::School, Window::new(YEAR, Term::Summer));
        assert_eq!((s.pupils, s.readings.len(), s.not_read), (6, 5, 1));
        assert_eq!(s.median_wcpm, Some(80.0));
        // 95/97 = 97.9% independent, 80/88 = 90.9% instructional, 60/72 = 83% hard,
        // 40/41 = 97.6% independent, 90/90 independent.
        assert_eq!(
            s.bands,
            BandCounts {
                independent: 3,
                instructional: 1,
                hard: 1,
                no_words: 0
            }
        );
        assert_eq!(s.ninety, Share::new(2, 5), "90 itself meets it");
        assert_eq!(
            s.on_course,
            Share::new(2, 5),
            "the Year 2 summer line is 90"
        );
        assert_eq!(s.ninety_or_on_course, Share::new(2, 5));
        // Year 2 summer = US grade 1 spring: 18 34 60 91 116.
        let count = |b: PercentileBand| s.us_bands.iter().find(|(x, _)| *x == b).map(|x| x.1);
        assert_eq!(count(PercentileBand::From75thTo90th), Some(1), "95");
        assert_eq!(count(PercentileBand::From50thTo75th), Some(3), "60, 80, 90");
        assert_eq!(count(PercentileBand::From25thTo50th), Some(1), "40");
        assert_eq!(s.us_at_or_above_median, Share::new(4, 5));
        assert_eq!(s.us_likely_need_support, 1, "40 is 20 below 60");
    }

    #[test]
    fn the_line_depends_on_year_and_term_and_us_norms_only_cover_year_2() {
        let mut f = Fixture::new();
        let y1 = f.class("1A", YearGroup::Year1);
        let y2 = f.class("2A", YearGroup::Year2);
        let a = f.pupil(y1, |_| {});
        f.fluency(a, SPRING, 31, 0);
        let b = f.pupil(y2, |_| {});
        f.fluency(b, SPRING, 70, 0);
        let c = f.pupil(y2, |_| {});
        f.fluency(c, AUTUMN, 70, 0);
        let an = f.analytics();
        let s = an.fluency(Scope::School, Window::new(YEAR, Term::Spring));
        let by = |id| {
            s.readings
                .iter()
                .find(|r| r.pupil_id == id)
                .expect("reading")
        };
        assert_eq!((by(a).line, by(a).on_course), (Some(30), Some(true)));
        assert_eq!((by(b).line, by(b).on_course), (Some(75), Some(false)));
        assert!(matches!(
            by(a).us_norms,
            NormComparison::NoNormsForYear { .. }
        ));
        assert!(matches!(by(b).us_norms, NormComparison::Compared { .. }));
        assert_eq!(s.us_at_or_above_median, Share::new(1, 1), "70 ≥ 29");
        let autumn = an.fluency(Scope::School, Window::new(YEAR, Term::Autumn));
        assert_eq!(autumn.readings.len(), 1);
        assert!(matches!(
            autumn.readings[0].us_norms,
            NormComparison::NoNormsForSeason { .. }
        ));
        assert_eq!(autumn.readings[0].on_course, Some(true), "70 ≥ 60");
    }

    #[test]
    fn open_and_not_taken_readings_are_skipped_for_the_latest_finished_one() {
        let mut f = Fixture::new();
        let c = f.class("2A", YearGroup::Year2);
        let p = f.pupil(c, |_| {});
        f.fluency(p, SUMMER, 50, 0);
        f.fluency(p, SUMMER + time::Duration::days(1), 70, 0);
        f.fluency(p, SUMMER + time::Duration::days(2), 10, 0);
        f.edit_last(|s| s.status = SessionStatus::InProgress);
        f.fluency(p, SUMMER + time::Duration::days(3), 10, 0);
        f.edit_last(|s| {
            s.status = SessionStatus::NotTaken(crate::domain::model::NotTakenCode::Absent)
        });
        let s = f
            .analytics()
            .fluency(Scope::School, Window::new(YEAR, Term::Summer));
        assert_eq!(s.readings.len(), 1);
        assert_eq!(s.readings[0].wcpm, Wcpm(70));
    }

    #[test]
    fn a_reading_of_no_words_has_no_band() {
        let mut f = Fixture::new();
        let c = f.class("2A", YearGroup::Year2);
        let p = f.pupil(c, |_| {});
        f.fluency(p, SUMMER, 0, 0);
        let s = f
            .analytics()
            .fluency(Scope::School, Window::new(YEAR, Term::Summer));
        assert_eq!(s.bands.no_words, 1);
        assert_eq!(s.readings[0].wcpm, Wcpm(0));
        assert_eq!(s.median_wcpm, Some(0.0));
    }
}
