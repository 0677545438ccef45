//! Screening practice results across a scope: the histogram, the share meeting the threshold,
//! the same split by group, and the disadvantaged gap (rules in the module guide above).

use serde::{Deserialize, Serialize};

use super::{is_marked_finish, is_summer_born, Analytics, Scope, Share, Window};
use crate::domain::model::{CheckKind, CheckSession, Gender, NotTakenCode, Pupil, SessionStatus};
use crate::domain::screening::score::score;
use crate::domain::words::{count, pupils};

/// The groups the reading lead compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Group {
    Disadvantaged,
    Send,
    Eal,
    /// Boys against girls; pupils whose gender is not recorded are in neither.
    Boys,
    /// Born 1 April to 31 August.
    SummerBorn,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Disadvantaged,
        Group::Send,
        Group::Eal,
        Group::Boys,
        Group::SummerBorn,
    ];

    /// The group and what it is compared with: ("Disadvantaged", "Not disadvantaged").
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Group::Disadvantaged => ("Disadvantaged", "Not disadvantaged"),
            Group::Send => ("SEND", "Not SEND"),
            Group::Eal => ("EAL", "Not EAL"),
            Group::Boys => ("Boys", "Girls"),
            Group::SummerBorn => ("Summer-born", "Not summer-born"),
        }
    }

    /// `Some(true)` in the group, `Some(false)` in the comparison, `None` in neither.
    pub fn side(self, pupil: &Pupil) -> Option<bool> {
        match self {
            Group::Disadvantaged => Some(pupil.disadvantaged),
            Group::Send => Some(pupil.send),
            Group::Eal => Some(pupil.eal),
            Group::Boys => match pupil.gender {
                Gender::Male => Some(true),
                Gender::Female => Some(false),
                Gender::NotRecorded => None,
            },
            Group::SummerBorn => Some(is_summer_born(pupil)),
        }
    }
}

/// One group against the rest, each as the share meeting the measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSplit {
    pub group: Group,
    pub in_group: Share,
    pub rest: Share,
}

impl GroupSplit {
    /// Rest minus group, in percentage points; `None` if either side is empty.
    pub fn difference(&self) -> Option<f64> {
        Some(self.rest.percent()? - self.in_group.percent()?)
    }

    /// How the group compares with the rest, as the lead view shows it.
    pub fn compared(&self, min_group: usize) -> Difference {
        Difference::between(self.in_group, self.rest, min_group)
    }
}

/// One group's share against the rest's, as the reading lead reads it: which way, by how many
/// points, or why there is no figure. The headline gap, the group table and the trend all show
/// this, so "+14" can never mean "behind" in one place and "ahead" in another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Difference {
    /// Nobody in either group has a result: nothing to compare.
    NoResults,
    /// A group has fewer pupils than the minimum (or none): no figure, since one child would
    /// swing the share and could be identified. `smallest` is that group's size.
    TooSmall { smallest: usize },
    /// The group's share minus the rest's, in whole percentage points (rounded once, half away
    /// from zero, so the direction tested is the number shown): negative = behind.
    Points(i32),
}

impl Difference {
    /// `group` against `others`; both need `min_group` pupils (at least 1) for a figure.
    pub fn between(group: Share, others: Share, min_group: usize) -> Difference {
        if group.of + others.of == 0 {
            return Difference::NoResults;
        }
        match (group.percent(), others.percent()) {
            (Some(g), Some(o))
                if group.is_reportable(min_group) && others.is_reportable(min_group) =>
            {
                Difference::Points((g - o).round() as i32)
            }
            _ => Difference::TooSmall {
                smallest: group.of.min(others.of),
            },
        }
    }

    /// Whether there is a figure to show.
    pub fn is_reportable(self) -> bool {
        matches!(self, Difference::Points(_))
    }

    /// The words: "14 points behind the others", "5 points ahead of the others", "level with
    /// the others", "n too small (3 pupils)" or "no results".
    pub fn words(self) -> String {
        let points = |p: i32| count(p.unsigned_abs() as usize, "point", "points");
        match self {
            Difference::NoResults => "no results".into(),
            Difference::TooSmall { smallest } => format!("n too small ({})", pupils(smallest)),
            Difference::Points(0) => "level with the others".into(),
            Difference::Points(p) if p < 0 => format!("{} behind the others", points(p)),
            Difference::Points(p) => format!("{} ahead of the others", points(p)),
        }
    }
}

/// A share as the lead view prints it: "57% (8 of 14)", or "n too small (3 pupils)" for a
/// group under the minimum (an empty group included: 0 pupils cannot be shown either).
pub fn share_words(share: Share, min_group: usize) -> String {
    match share.percent() {
        Some(p) if share.is_reportable(min_group) => {
            format!("{p:.0}% ({} of {})", share.count, share.of)
        }
        _ => format!("n too small ({})", pupils(share.of)),
    }
}

/// The disadvantaged gap: non-disadvantaged share met minus disadvantaged share met.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub disadvantaged: Share,
    pub others: Share,
    /// Percentage points; positive when disadvantaged pupils are behind. `None` when either
    /// group is empty.
    pub points: Option<f64>,
    /// Both groups have at least the minimum group size: show the number, else "n too small".
    pub reportable: bool,
    /// The smallest group a figure is shown for, so [`Gap::difference`] needs nothing else.
    #[serde(default = "default_min_group")]
    pub min_group: usize,
}

fn default_min_group() -> usize {
    super::MIN_GROUP
}

impl Gap {
    pub fn of(disadvantaged: Share, others: Share, min_group: usize) -> Gap {
        Gap {
            disadvantaged,
            others,
            points: (|| Some(others.percent()? - disadvantaged.percent()?))(),
            reportable: disadvantaged.is_reportable(min_group) && others.is_reportable(min_group),
            min_group,
        }
    }

    /// Whether anyone in scope has a mark: without one there is no gap to speak of, not a
    /// group too small to show.
    pub fn has_results(&self) -> bool {
        self.disadvantaged.of + self.others.of > 0
    }

    /// Disadvantaged pupils against the others (the rule is [`Difference::between`]).
    pub fn difference(&self) -> Difference {
        Difference::between(self.disadvantaged, self.others, self.min_group)
    }

    /// The headline: "15 points behind the others", "3 points ahead of the others", "level
    /// with the others", "n too small (4 pupils)" or "no results" ([`Difference::words`]).
    pub fn describe(&self) -> String {
        self.difference().words()
    }
}

/// Pupils whose check in the window was not taken, by code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotTakenCounts {
    pub absent: usize,
    pub disapplied: usize,
    pub left: usize,
    pub maladministration: usize,
}

impl NotTakenCounts {
    pub fn total(&self) -> usize {
        self.absent + self.disapplied + self.left + self.maladministration
    }

    fn add(&mut self, code: NotTakenCode) {
        match code {
            NotTakenCode::Absent => self.absent += 1,
            NotTakenCode::Disapplied => self.disapplied += 1,
            NotTakenCode::Left => self.left += 1,
            NotTakenCode::Maladministration => self.maladministration += 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreeningSummary {
    pub window: Window,
    pub threshold: u8,
    /// Pupils in scope (not archived).
    pub pupils: usize,
    /// Pupils with a mark in the window.
    pub marked: usize,
    pub not_taken: NotTakenCounts,
    /// Pupils with no finished check in the window.
    pub not_checked: usize,
    /// `histogram[m]`: pupils whose mark is `m`, 0..=40 (41 entries).
    pub histogram: Vec<usize>,
    /// Pupils meeting the threshold, of those with a mark.
    pub met: Share,
    pub groups: Vec<GroupSplit>,
    pub gap: Gap,
}

impl ScreeningSummary {
    pub fn split(&self, group: Group) -> Option<&GroupSplit> {
        self.groups.iter().find(|g| g.group == group)
    }
}

/// What a pupil's checks in a window say.
#[derive(Clone, Copy, Debug)]
pub(crate) enum PupilResult<'a> {
    Marked { mark: u8, session: &'a CheckSession },
    NotTaken(NotTakenCode),
    None,
}

impl<'a> Analytics<'a> {
    /// The pupil's screening result in a window (rules in the module guide).
    pub(crate) fn screening_result(&self, pupil: &Pupil, window: Window) -> PupilResult<'a> {
        let threshold = self.options.threshold;
        let marked = self
            .latest_in(pupil.id, CheckKind::Screening, window, is_marked_finish)
            .and_then(|s| score(s, threshold).mark.map(|mark| (mark, s)));
        if let Some((mark, session)) = marked {
            return PupilResult::Marked { mark, session };
        }
        match self
            .latest_in(pupil.id, CheckKind::Screening, window, |s| {
                matches!(s.status, SessionStatus::NotTaken(_))
            })
            .map(|s| s.status)
        {
            Some(SessionStatus::NotTaken(code)) => PupilResult::NotTaken(code),
            _ => PupilResult::None,
        }
    }

    /// Met = mark at or above the threshold from Settings.
    pub(crate) fn meets_standard(&self, mark: u8) -> bool {
        mark >= self.options.threshold
    }

    /// Whether the pupil's result in the window met the standard; `None` without a mark
    /// (no finished check, or only checks not taken).
    pub(crate) fn met_standard(&self, pupil: &Pupil, window: Window) -> Option<bool> {
        match self.screening_result(pupil, window) {
            PupilResult::Marked { mark, .. } => Some(self.meets_standard(mark)),
            _ => None,
        }
    }

    /// The screening figures for a scope and window.
    pub fn screening(&self, scope: Scope, window: Window) -> ScreeningSummary {
        let threshold = self.options.threshold;
        let pupils = self.pupils_in(scope);
        let mut histogram = vec![0usize; 41];
        let mut met = Share::default();
        let mut not_taken = NotTakenCounts::default();
        let mut not_checked = 0;
        let mut groups: Vec<GroupSplit> = Group::ALL
            .iter()
            .map(|&group| GroupSplit {
                group,
                in_group: Share::default(),
                rest: Share::default(),
            })
            .collect();
        for pupil in &pupils {
            match self.screening_result(pupil, window) {
                PupilResult::Marked { mark, .. } => {
                    // Marks above 40 cannot come from a 40-item check; clamp so a bad record
                    // still shows rather than panics.
                    histogram[usize::from(mark).min(40)] += 1;
                    let hit = self.meets_standard(mark);
                    met.add(hit);
                    for split in &mut groups {
                        match split.group.side(pupil) {
                            Some(true) => split.in_group.add(hit),
                            Some(false) => split.rest.add(hit),
                            None => {}
                        }
                    }
                }
                PupilResult::NotTaken(code) => not_taken.add(code),
                PupilResult::None => not_checked += 1,
            }
        }
        let gap = groups
            .iter()
            .find(|g| g.group == Group::Disadvantaged)
            .map_or(Gap::of(Share::default(), Share::default(), 0), |g| {
                Gap::of(g.in_group, g.rest, self.options.min_group)
            });
        ScreeningSummary {
            window,
            threshold,
            pupils: pupils.len(),
            marked: met.of,
            not_taken,
            not_checked,
            histogram,
            met,
            groups,
            gap,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::domain::fluency::Term;
    use crate::domain::model::{Gender, YearGroup};

    fn spring() -> Window {
        Window::new(YEAR, Term::Spring)
    }

    #[test]
    fn histogram_share_and_not_taken() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        let marks = [40, 32, 31, 20, 32];
        for m in marks {
            let p = f.pupil(c, |_| {});
            f.screening(p, SPRING, m);
        }
        let absent = f.pupil(c, |_| {});
        f.not_taken(absent, SPRING, NotTakenCode::Absent);
        let disapplied = f.pupil(c, |_| {});
        f.not_taken(disapplied, SPRING, NotTakenCode::Disapplied);
        f.pupil(c, |_| {}); // never checked
        let s = f.analytics().screening(Scope::Class(c), spring());
        assert_eq!(s.pupils, 8);
        assert_eq!(s.marked, 5);
        assert_eq!(s.histogram[32], 2);
        assert_eq!(s.histogram[40], 1);
        assert_eq!(s.histogram.iter().sum::<usize>(), 5);
        assert_eq!(s.met, Share::new(3, 5), "A and D are left out of the share");
        assert_eq!(s.not_taken.absent, 1);
        assert_eq!(s.not_taken.disapplied, 1);
        assert_eq!(s.not_taken.total(), 2);
        assert_eq!(s.not_checked, 1);
    }

    #[test]
    fn the_latest_finished_check_in_the_window_counts() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        let p = f.pupil(c, |_| {});
        f.screening(p, AUTUMN, 38); // another window
        f.screening(p, SPRING, 20);
        f.screening(p, SPRING + time::Duration::days(7), 33);
        // A later check still in progress, and a later absence, do not replace the mark.
        f.screening(p, SPRING + time::Duration::days(9), 5);
        f.edit_last(|s| s.status = SessionStatus::InProgress);
        f.not_taken(p, SPRING + time::Duration::days(10), NotTakenCode::Absent);
        let a = f.analytics();
        let s = a.screening(Scope::School, spring());
        assert_eq!(s.histogram[33], 1);
        assert_eq!(s.met, Share::new(1, 1));
        assert_eq!(s.not_taken.total(), 0);
        let autumn = a.screening(Scope::School, Window::new(YEAR, Term::Autumn));
        assert_eq!(autumn.histogram[38], 1);
        let summer = a.screening(Scope::School, Window::new(YEAR, Term::Summer));
        assert_eq!((summer.marked, summer.not_checked), (0, 1));
        assert_eq!(summer.met.percent(), None);
    }

    #[test]
    fn a_stopped_check_counts_with_the_words_read_so_far() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        let p = f.pupil(c, |_| {});
        f.screening(p, SPRING, 12);
        f.edit_last(|s| {
            s.status = SessionStatus::StoppedEarly;
            for r in s.responses.iter_mut().skip(15) {
                *r = None;
            }
        });
        let s = f.analytics().screening(Scope::School, spring());
        assert_eq!(s.histogram[12], 1);
        assert_eq!(s.met, Share::new(0, 1));
    }

    #[test]
    fn groups_and_the_disadvantaged_gap() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        // 10 disadvantaged, 6 meet: 60%. 10 others, 8 meet: 80%. Gap 20 points.
        for i in 0..10 {
            let p = f.pupil(c, |p| {
                p.disadvantaged = true;
                p.gender = Gender::Male;
            });
            f.screening(p, SPRING, if i < 6 { 35 } else { 20 });
        }
        for i in 0..10 {
            let p = f.pupil(c, |p| {
                p.eal = i < 2;
                p.send = i == 9;
                if i == 8 {
                    p.gender = Gender::NotRecorded;
                }
                p.date_of_birth = time::macros::date!(2019 - 06 - 01);
            });
            f.screening(p, SPRING, if i < 8 { 32 } else { 10 });
        }
        let s = f.analytics().screening(Scope::School, spring());
        assert_eq!(s.met, Share::new(14, 20));
        assert_eq!(s.gap.disadvantaged, Share::new(6, 10));
        assert_eq!(s.gap.others, Share::new(8, 10));
        assert_eq!(s.gap.points, Some(20.0));
        assert!(s.gap.reportable);
        assert_eq!(s.gap.describe(), "20 points behind the others");
        let split = |g| *s.split(g).expect("group");
        assert_eq!(split(Group::Disadvantaged).difference(), Some(20.0));
        assert_eq!(split(Group::Eal).in_group, Share::new(2, 2));
        assert_eq!(split(Group::Eal).rest, Share::new(12, 18));
        assert_eq!(split(Group::Send).in_group, Share::new(0, 1));
        assert_eq!(split(Group::Boys).in_group, Share::new(6, 10));
        assert_eq!(
            split(Group::Boys).rest,
            Share::new(8, 9),
            "gender not recorded is in neither"
        );
        assert_eq!(split(Group::SummerBorn).in_group, Share::new(8, 10));
        assert_eq!(split(Group::SummerBorn).rest, Share::new(6, 10));
    }

    #[test]
    fn a_small_group_makes_the_gap_not_reportable() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        for i in 0..4 {
            let p = f.pupil(c, |p| p.disadvantaged = true);
            f.screening(p, SPRING, if i == 0 { 35 } else { 10 });
        }
        for _ in 0..6 {
            let p = f.pupil(c, |_| {});
            f.screening(p, SPRING, 35);
        }
        let s = f.analytics().screening(Scope::School, spring());
        assert_eq!(s.gap.points, Some(75.0));
        assert!(!s.gap.reportable, "4 disadvantaged pupils is below 5");
        assert_eq!(s.gap.describe(), "n too small (4 pupils)");
        // One more makes 5.
        let p = f.pupil(c, |p| p.disadvantaged = true);
        f.screening(p, SPRING, 35);
        let s = f.analytics().screening(Scope::School, spring());
        assert!(s.gap.reportable);
        assert_eq!(s.gap.points, Some(60.0));
        // No disadvantaged pupils with a mark: a group of none is too small to compare.
        let g = Gap::of(Share::new(0, 0), Share::new(3, 6), 5);
        assert_eq!(
            (g.points, g.describe().as_str()),
            (None, "n too small (0 pupils)")
        );
        // Nobody with a mark: nothing to compare at all.
        let g = Gap::of(Share::new(0, 0), Share::new(0, 0), 5);
        assert!(!g.has_results());
        assert_eq!(g.describe(), "no results");
        assert_eq!(g.difference(), Difference::NoResults);
        // Disadvantaged pupils ahead: a negative gap.
        let g = Gap::of(Share::new(9, 10), Share::new(7, 10), 5);
        assert!(g.points.is_some_and(|p| (p + 20.0).abs() < 1e-9));
        assert_eq!(g.describe(), "20 points ahead of the others");
        let g = Gap::of(Share::new(7, 10), Share::new(7, 10), 5);
        assert_eq!(g.describe(), "level with the others");
        // Half a point rounds away from zero, and the number shown is the one tested: 62.5%
        // against 62% reads "1 point ahead", never "0 points ahead".
        let g = Gap::of(Share::new(5, 8), Share::new(31, 50), 5);
        assert_eq!(g.describe(), "1 point ahead of the others");
        let g = Gap::of(Share::new(3, 7), Share::new(3, 7), 5);
        assert_eq!(g.describe(), "level with the others");
        // 12.5 points rounds up, as it reads.
        let g = Gap::of(Share::new(3, 8), Share::new(5, 10), 5);
        assert_eq!(g.describe(), "13 points behind the others");
    }

    #[test]
    fn a_difference_says_which_way_in_words() {
        // The figures: disadvantaged 43% against 57% are 14 points behind; boys at
        // 86% against girls at 43% are 43 points ahead.
        let behind = Difference::between(Share::new(3, 7), Share::new(4, 7), 5);
        assert_eq!(behind, Difference::Points(-14));
        assert_eq!(behind.words(), "14 points behind the others");
        let ahead = Difference::between(Share::new(6, 7), Share::new(3, 7), 5);
        assert_eq!(ahead.words(), "43 points ahead of the others");
        assert_eq!(
            Difference::between(Share::new(11, 20), Share::new(10, 20), 5).words(),
            "5 points ahead of the others"
        );
        assert_eq!(
            Difference::between(Share::new(1, 5), Share::new(1, 5), 5).words(),
            "level with the others"
        );
        // One point reads as one, either way.
        assert_eq!(
            Difference::between(Share::new(20, 100), Share::new(21, 100), 5).words(),
            "1 point behind the others"
        );
        // Too small: the smaller group's size, counted in English.
        let small = Difference::between(Share::new(1, 1), Share::new(5, 9), 5);
        assert_eq!(small, Difference::TooSmall { smallest: 1 });
        assert_eq!(small.words(), "n too small (1 pupil)");
        assert!(!small.is_reportable());
        assert_eq!(
            Difference::between(Share::new(2, 9), Share::new(1, 3), 5).words(),
            "n too small (3 pupils)"
        );
        assert_eq!(
            Difference::between(Share::default(), Share::default(), 5),
            Difference::NoResults
        );
        // The table's row and the headline use the same rule: a split's difference is the
        // group against the rest, and the gap is disadvantaged pupils against the others.
        let split = GroupSplit {
            group: Group::Disadvantaged,
            in_group: Share::new(3, 7),
            rest: Share::new(4, 7),
        };
        let gap = Gap::of(split.in_group, split.rest, 5);
        assert_eq!(split.compared(5), gap.difference());
        assert_eq!(gap.describe(), "14 points behind the others");
    }

    #[test]
    fn shares_in_words() {
        assert_eq!(share_words(Share::new(8, 14), 5), "57% (8 of 14)");
        assert_eq!(share_words(Share::new(1, 1), 5), "n too small (1 pupil)");
        assert_eq!(share_words(Share::new(0, 0), 5), "n too small (0 pupils)");
        assert_eq!(share_words(Share::new(2, 4), 5), "n too small (4 pupils)");
    }

    #[test]
    fn another_threshold_changes_who_meets_it() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        let p = f.pupil(c, |_| {});
        f.screening(p, SPRING, 31);
        let options = super::super::Options {
            threshold: 31,
            ..Default::default()
        };
        let a = Analytics::new(&f.classes, &f.pupils, &f.sessions, options);
        assert_eq!(a.screening(Scope::School, spring()).met, Share::new(1, 1));
        assert_eq!(
            f.analytics().screening(Scope::School, spring()).met,
            Share::new(0, 1)
        );
    }
}
