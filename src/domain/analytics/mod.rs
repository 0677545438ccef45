//! The reading lead's view (issue 7): who is on track to read by 7, the disadvantaged gap,
//! which GPCs a class misses, fluency against the 90 wpm indicator, and trends across terms.
//! Plain Rust over the stored records; nothing here reads storage or touches the browser.
//!
//! # Using it (a guide for the UI)
//!
//! ```ignore
//! use crate::domain::analytics::{Analytics, Options, Scope, TermDates, Window};
//! use crate::domain::fluency::Term;
//! let options = Options { threshold: settings.screening_threshold,
//!                         term_dates: settings.term_dates, ..Options::default() };
//! let a = Analytics::new(&classes, &pupils, &sessions, options); // one pass over sessions
//! let now = options.term_dates.window_of(today);                 // the current term
//! let scope = Scope::Class(class_id);        // or Scope::YearGroup(YearGroup::Year1), Scope::School
//! let s = a.screening(scope, now);           // histogram, share met, groups, gap
//! let h = a.heatmap(scope, now, &settings.programme_order, 5); // class × GPC, top 5 to reteach
//! let f = a.fluency(scope, now);             // WCPM, bands, 90 wpm, US percentile line
//! let t = a.trend(scope, now.year);          // the year's three terms
//! let r = a.on_track(scope, now);            // each pupil: on track or their shortfalls
//! let groups = r.keep_up_groups();           // pupils not on track, by the GPC to reteach
//! let demo = demo_school(42);                // a fictional school to try it all on
//! ```
//!
//! Settings: add `#[serde(default)] pub term_dates: TermDates` to `Settings` (its `Default` is
//! the usual English terms, and `{}` or a missing field loads as the default); check user edits
//! with [`TermDates::validated`] (unusable dates fall back to the defaults rather than hide
//! data). The programme order is a `&[String]` of GPC ids; pass `&[]` for the catalogue order.
//!
//! Build one [`Analytics`] per set of records and call it for every figure: it groups sessions
//! by pupil once ([`Analytics::new`]), and each figure then reads only the pupils in scope.
//!
//! | figure | call | returns |
//! |---|---|---|
//! | pupils in a scope | [`Analytics::pupils_in`] | `Vec<&Pupil>` (not archived) |
//! | window dates | [`Window::dates`], [`TermDates::window_of`], [`Window::year_of`] | `(Date, Date)`, [`Window`] |
//! | screening histogram 0..=40 | [`Analytics::screening`] → [`ScreeningSummary::histogram`] | `Vec<usize>` (41) |
//! | share meeting the threshold | [`ScreeningSummary::met`] | [`Share`] |
//! | split by group | [`ScreeningSummary::groups`] | `Vec<`[`GroupSplit`]`>` |
//! | disadvantaged gap | [`ScreeningSummary::gap`] | [`GapFigure`] |
//! | class × GPC heatmap | [`Analytics::heatmap`] → [`Heatmap::rows`], [`Heatmap::columns`] | [`HeatCell`] per class and GPC |
//! | top GPCs to reteach | [`Heatmap::reteach`] | `Vec<`[`GpcNeed`]`>` |
//! | fluency per pupil and counts | [`Analytics::fluency`] → [`FluencySummary`] | [`FluencyReading`]s, band counts, shares |
//! | trend across the year | [`Analytics::trend`] → [`Trend::points`] | one [`TrendPoint`] per term |
//! | heatmap scope totals | [`Heatmap::total`] | one [`HeatCell`] per column |
//! | on track to read by 7 | [`Analytics::on_track`] → [`OnTrackReport`] | [`PupilStatus`] per pupil, share, gap |
//! | one pupil's judgement | [`Analytics::pupil_status`] | [`PupilStatus`] ([`PupilStatus::reasons`] as phrases) |
//! | fluency / screening lines | [`on_course_line`], [`year1_screening_line`] | WCPM, mark |
//! | keep-up groups | [`OnTrackReport::keep_up_groups`] | `Vec<`[`KeepUpGroup`]`>` |
//! | demo data | [`demo_school`] | [`DemoSchool`] |
//!
//! Every [`Share`] carries its count and its denominator; [`Share::percent`] is `None` for an
//! empty group and [`Share::is_reportable`] says whether the group reaches [`MIN_GROUP`] pupils:
//! below that, show "n too small" instead of a percentage (a share of 2 pupils swings 50 points
//! on one child and can identify them).
//!
//! # Rules
//!
//! **Scope.** [`Scope::Class`] (pupils whose `class_id` is that class), [`Scope::YearGroup`] or
//! [`Scope::School`]; archived pupils are always left out. Pupils are taken as they are now (their
//! current class and year group), so a trend follows today's pupils back through the year.
//!
//! **Windows.** One term of one academic year ([`Window`]); the terms come from [`TermDates`]
//! (default autumn 1 Sep–31 Dec, spring 1 Jan–31 Mar, summer 1 Apr–31 Aug; the summer start is a
//! setting for a late Easter). A session belongs to the window containing the day it started.
//!
//! **Screening** ([`screening`]). A pupil's result in a window is their latest *finished*
//! practice check started in it (complete or stopped early; a stopped check's mark is the words
//! read right so far). Checks still in progress are ignored. A pupil whose only finished checks
//! in the window were not taken (A, D, L, Q) is counted under [`ScreeningSummary::not_taken`] by
//! the latest code and left out of every share: a not-taken check has a blank mark, not 0, as in
//! the statutory returns. Met = mark ≥ [`Options::threshold`] (default 32).
//! Groups: disadvantaged vs not, SEND vs not, EAL vs not, boys vs girls (pupils whose gender is
//! not recorded are in neither), summer-born (born 1 April–31 August, the youngest in their year)
//! vs not. The gap is the non-disadvantaged share met minus the disadvantaged share met, in
//! percentage points (positive: disadvantaged pupils behind); [`GapFigure::reportable`] is false
//! when either group has fewer than [`MIN_GROUP`] pupils.
//! **Which way a difference goes** ([`Difference`]): one rule for the headline gap, the group
//! table and the trend. A group's share minus the rest's, rounded once to whole points, and
//! said in words: "14 points behind the others", "5 points ahead of the others", "level with
//! the others"; with either side under [`Options::min_group`] pupils, "n too small (3
//! pupils)" (the smaller side's size); with nobody marked, "no results". The view shows only
//! what [`Difference::words`] and [`share_words`] return.
//!
//! **Item analysis** ([`items`]). Each marked item of a pupil's latest screening result in the
//! window counts against its focus GPC ([`crate::domain::screening::score::focus_gpc`]: the
//! latest-taught GPC of two or more letters, or "blending" for words of single letters). A cell
//! is the share of pupils, of those whose check had a marked item with that focus, who got at
//! least one such item wrong; unmarked items (a check stopped early) are evidence of nothing.
//! Columns are the GPCs tested in scope, in the programme order given (or the catalogue's
//! teaching order when it is empty), "blending" first, any others after in catalogue order.
//! Reteach list: GPCs by the number of pupils who missed one, then by share, then programme order.
//!
//! **Fluency** ([`fluency`]). A pupil's latest finished fluency reading in the window that
//! scores (complete or stopped early). WCPM and accuracy band as the fluency module scores them;
//! the 90 words-per-minute indicator ([`crate::domain::fluency::NINETY_WPM`]); the Hasbrouck &
//! Tindal US percentile band for their year and term (Year 2 spring and summer only: see the
//! fluency module); and ReadBy7's own line to 90 by the end of Year 2 ([`on_course_line`]).
//!
//! **On track to read by 7** ([`on_track`]): see that module for the rule and why.
//!
//! **Demo school** ([`demo`]): see that module for what it contains.

pub mod demo;
pub mod fluency;
pub mod items;
pub mod on_track;
pub mod screening;
pub mod trend;
pub mod window;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::ids::{ClassId, PupilId};
use crate::domain::model::{CheckKind, CheckSession, Class, Pupil, SessionStatus, YearGroup};
use crate::domain::settings::DEFAULT_SCREENING_THRESHOLD;

pub use demo::{
    demo_school, demo_school_shaped, DemoSchool, DemoShape, DEMO_SCHOOL_NAME, DEMO_YEAR,
};
pub use fluency::{on_course_line, BandCounts, FluencyReading, FluencySummary};
pub use items::{GpcNeed, HeatCell, HeatColumn, HeatRow, Heatmap};
pub use on_track::{
    year1_screening_line, KeepUpGroup, Missing, OnTrackReport, PupilStatus, Shortfall, Standing,
};
pub use screening::{
    share_words, Difference, Gap as GapFigure, Group, GroupSplit, NotTakenCounts, ScreeningSummary,
};
pub use trend::{Trend, TrendPoint};
pub use window::{MonthDay, TermDates, Window};

/// Groups smaller than this show "n too small" rather than a percentage.
pub const MIN_GROUP: usize = 5;

/// Which pupils a figure covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    Class(ClassId),
    YearGroup(YearGroup),
    School,
}

impl Scope {
    pub fn includes(self, pupil: &Pupil) -> bool {
        !pupil.archived
            && match self {
                Scope::Class(id) => pupil.class_id == Some(id),
                Scope::YearGroup(year) => pupil.year_group == year,
                Scope::School => true,
            }
    }
}

/// The settings figures depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// The screening threshold from Settings (default 32).
    pub threshold: u8,
    pub term_dates: TermDates,
    /// The smallest group a share is shown for (default [`MIN_GROUP`]).
    pub min_group: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: DEFAULT_SCREENING_THRESHOLD,
            term_dates: TermDates::default(),
            min_group: MIN_GROUP,
        }
    }
}

/// `count` of `of` pupils.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Share {
    pub count: usize,
    pub of: usize,
}

impl Share {
    pub fn new(count: usize, of: usize) -> Self {
        Share { count, of }
    }

    /// `None` for an empty group: no pupils is not 0%.
    pub fn percent(self) -> Option<f64> {
        (self.of > 0).then(|| self.count as f64 * 100.0 / self.of as f64)
    }

    /// Whether the group is big enough to show as a percentage.
    pub fn is_reportable(self, min_group: usize) -> bool {
        self.of >= min_group.max(1)
    }

    fn add(&mut self, hit: bool) {
        self.of += 1;
        if hit {
            self.count += 1;
        }
    }
}

/// The records once grouped by pupil, ready for every figure.
#[derive(Clone, Debug)]
pub struct Analytics<'a> {
    classes: &'a [Class],
    pupils: &'a [Pupil],
    /// Each pupil's sessions, oldest first.
    by_pupil: HashMap<PupilId, Vec<&'a CheckSession>>,
    options: Options,
}

impl<'a> Analytics<'a> {
    /// One pass over the sessions, grouping them by pupil in the order they were started.
    pub fn new(
        classes: &'a [Class],
        pupils: &'a [Pupil],
        sessions: &'a [CheckSession],
        options: Options,
    ) -> Self {
        let mut by_pupil: HashMap<PupilId, Vec<&CheckSession>> =
            HashMap::with_capacity(pupils.len());
        for s in sessions {
            by_pupil.entry(s.pupil_id).or_default().push(s);
        }
        for list in by_pupil.values_mut() {
            // Ties broken by the last write then the id, so "latest" never depends on input order.
            list.sort_by_key(|s| (s.started_at, s.updated_at, s.id));
        }
        Analytics {
            classes,
            pupils,
            by_pupil,
            options,
        }
    }

    pub fn options(&self) -> Options {
        self.options
    }

    /// The pupils in scope, not archived, in the order given.
    pub fn pupils_in(&self, scope: Scope) -> Vec<&'a Pupil> {
        self.pupils.iter().filter(|p| scope.includes(p)).collect()
    }

    pub fn class(&self, id: ClassId) -> Option<&'a Class> {
        self.classes.iter().find(|c| c.id == id)
    }

    /// A pupil's sessions, oldest first.
    pub fn sessions_of(&self, pupil: PupilId) -> &[&'a CheckSession] {
        self.by_pupil.get(&pupil).map_or(&[], Vec::as_slice)
    }

    /// The latest session of a kind in a window that passes `keep`.
    fn latest_in(
        &self,
        pupil: PupilId,
        kind: CheckKind,
        window: Window,
        keep: impl Fn(&CheckSession) -> bool,
    ) -> Option<&'a CheckSession> {
        self.sessions_of(pupil)
            .iter()
            .rev()
            .find(|s| {
                s.kind == kind && window.contains(s.started_at, &self.options.term_dates) && keep(s)
            })
            .copied()
    }
}

/// Finished with a mark: complete, or stopped early.
fn is_marked_finish(s: &CheckSession) -> bool {
    matches!(
        s.status,
        SessionStatus::Complete | SessionStatus::StoppedEarly
    )
}

/// Born 1 April to 31 August: the youngest third of an English school year.
pub fn is_summer_born(pupil: &Pupil) -> bool {
    (4..=8).contains(&(pupil.date_of_birth.month() as u8))
}

/// The median of whole numbers: the mean of the middle two for an even count.
fn median(values: &mut [u32]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (f64::from(values[mid - 1]) + f64::from(values[mid])) / 2.0
    } else {
        f64::from(values[mid])
    })
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn shares_percent_and_small_groups() {
        assert_eq!(Share::new(3, 4).percent(), Some(75.0));
        assert_eq!(Share::new(0, 0).percent(), None);
        assert!(!Share::new(3, 4).is_reportable(5));
        assert!(Share::new(3, 5).is_reportable(5));
        assert!(
            !Share::new(0, 0).is_reportable(0),
            "an empty group is never shown"
        );
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
    }

    #[test]
    fn scopes_select_pupils_and_leave_out_the_archived() {
        let mut f = Fixture::new();
        let c1 = f.class("1A", YearGroup::Year1);
        let c2 = f.class("2A", YearGroup::Year2);
        f.pupil(c1, |_| {});
        f.pupil(c1, |p| p.archived = true);
        f.pupil(c2, |_| {});
        let a = f.analytics();
        assert_eq!(a.pupils_in(Scope::Class(c1)).len(), 1);
        assert_eq!(a.pupils_in(Scope::YearGroup(YearGroup::Year2)).len(), 1);
        assert_eq!(a.pupils_in(Scope::YearGroup(YearGroup::Reception)).len(), 0);
        assert_eq!(a.pupils_in(Scope::School).len(), 2);
    }

    #[test]
    fn the_order_sessions_arrive_in_does_not_matter() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        let p = f.pupil(c, |_| {});
        f.screening(p, SPRING, 20);
        // Started at the same moment but saved later (a corrected mark): the later save wins.
        f.screening(p, SPRING, 35);
        f.edit_last(|s| s.updated_at = SPRING + time::Duration::minutes(5));
        f.screening(p, AUTUMN, 10);
        let spring = Window::new(YEAR, crate::domain::fluency::Term::Spring);
        let forward = f.analytics().screening(Scope::School, spring);
        f.sessions.reverse();
        let backward = f.analytics().screening(Scope::School, spring);
        assert_eq!(forward, backward);
        assert_eq!(forward.histogram[35], 1);
        let a = f.analytics();
        let starts: Vec<_> = a.sessions_of(p).iter().map(|s| s.started_at).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "oldest first");
        assert!(a
            .sessions_of(PupilId::from_uuid(uuid::Uuid::nil()))
            .is_empty());
    }

    #[test]
    fn summer_born_is_april_to_august() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        let born = |m: u8| {
            time::Date::from_calendar_date(2019, time::Month::try_from(m).expect("month"), 1)
                .expect("date")
        };
        let cases = [(3, false), (4, true), (8, true), (9, false), (12, false)];
        for (month, summer) in cases {
            let id = f.pupil(c, |p| p.date_of_birth = born(month));
            let p = f.pupils.iter().find(|p| p.id == id).expect("pupil");
            assert_eq!(is_summer_born(p), summer, "{month}");
        }
    }
}
