//! Each headline measure across the three terms of an academic year.

use serde::{Deserialize, Serialize};

use super::screening::Gap;
use super::{Analytics, Scope, Share, Window};
use crate::domain::model::AcademicYear;

/// The headline measures for one term.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub window: Window,
    /// Share meeting the screening threshold, of pupils with a mark.
    pub screening_met: Share,
    /// The disadvantaged gap in the share meeting the screening threshold.
    pub gap: Gap,
    pub median_wcpm: Option<f64>,
    /// Share at or above 90 wpm, of pupils read.
    pub ninety: Share,
    /// Share at or above 90 wpm or their line for the term, of pupils read.
    pub ninety_or_on_course: Share,
}

impl TrendPoint {
    /// Whether the term has any screening mark or fluency reading to plot.
    pub fn has_results(&self) -> bool {
        self.screening_met.of > 0 || self.ninety_or_on_course.of > 0
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub year: AcademicYear,
    /// Autumn, spring, summer. A term with no results has empty shares and no median: plot a
    /// gap in the line, not a zero.
    pub points: Vec<TrendPoint>,
}

impl<'a> Analytics<'a> {
    /// The measures for each term of `year` in a scope.
    pub fn trend(&self, scope: Scope, year: AcademicYear) -> Trend {
        Trend {
            year,
            points: Window::year_of(year)
                .into_iter()
                .map(|window| {
                    let s = self.screening(scope, window);
                    let f = self.fluency(scope, window);
                    TrendPoint {
                        window,
                        screening_met: s.met,
                        gap: s.gap,
                        median_wcpm: f.median_wcpm,
                        ninety: f.ninety,
                        ninety_or_on_course: f.ninety_or_on_course,
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::domain::fluency::Term;
    use crate::domain::model::YearGroup;

    #[test]
    fn three_terms_each_with_their_own_results() {
        let mut f = Fixture::new();
        let c = f.class("2A", YearGroup::Year2);
        // Five disadvantaged and five other pupils; everyone improves term by term.
        for i in 0..10 {
            let disadvantaged = i < 5;
            let p = f.pupil(c, |p| p.disadvantaged = disadvantaged);
            let (a, s, u) = if disadvantaged {
                (20, if i < 2 { 33 } else { 25 }, if i < 4 { 34 } else { 30 })
            } else {
                (if i < 7 { 33 } else { 28 }, 35, 38)
            };
            f.screening(p, AUTUMN, a);
            f.screening(p, SPRING, s);
            f.screening(p, SUMMER, u);
            f.fluency(p, AUTUMN, 40 + i, 2);
            f.fluency(p, SPRING, 60 + 2 * i, 2);
            // Summer readings only for half: the median is of those read.
            if i % 2 == 0 {
                f.fluency(p, SUMMER, 85 + i, 1);
            }
        }
        let t = f.analytics().trend(Scope::School, YEAR);
        assert_eq!(t.points.len(), 3);
        let terms: Vec<Term> = t.points.iter().map(|p| p.window.term).collect();
        assert_eq!(terms, Term::ALL);
        let met: Vec<Share> = t.points.iter().map(|p| p.screening_met).collect();
        assert_eq!(
            met,
            [Share::new(2, 10), Share::new(7, 10), Share::new(9, 10)]
        );
        let gaps: Vec<Option<f64>> = t.points.iter().map(|p| p.gap.points).collect();
        assert_eq!(gaps, [Some(40.0), Some(60.0), Some(20.0)]);
        assert!(t.points.iter().all(|p| p.gap.reportable));
        let medians: Vec<Option<f64>> = t.points.iter().map(|p| p.median_wcpm).collect();
        // Autumn 40..=49: 44.5; spring 60,62..78: 69; summer 85,87,89,91,93: 89.
        assert_eq!(medians, [Some(44.5), Some(69.0), Some(89.0)]);
        let ninety: Vec<Share> = t.points.iter().map(|p| p.ninety).collect();
        assert_eq!(
            ninety,
            [Share::new(0, 10), Share::new(0, 10), Share::new(2, 5)]
        );
        // Lines: autumn 60 (none), spring 75 (76, 78), summer 90 (91, 93).
        let on: Vec<Share> = t.points.iter().map(|p| p.ninety_or_on_course).collect();
        assert_eq!(on, [Share::new(0, 10), Share::new(2, 10), Share::new(2, 5)]);
    }

    #[test]
    fn a_term_without_results_is_empty_not_zero() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        let p = f.pupil(c, |_| {});
        f.screening(p, AUTUMN, 30);
        let t = f.analytics().trend(Scope::Class(c), YEAR);
        assert_eq!(t.points[0].screening_met, Share::new(0, 1));
        assert_eq!(t.points[1].screening_met.percent(), None);
        assert_eq!(t.points[2].median_wcpm, None);
        assert_eq!(t.points[2].gap.points, None);
        let with_results: Vec<bool> = t.points.iter().map(TrendPoint::has_results).collect();
        assert_eq!(with_results, [true, false, false]);
    }
}
