//! The borough's figures from any number of school summaries: per school, pooled across
//! schools, the trend across terms, and the schools whose gap narrowed most.
//!
//! # Rules
//! - A school's share (e.g. met the standard) needs every column of its row published: met
//!   and not met. If either is suppressed the share is suppressed too; it is never read as 0.
//! - Borough shares pool counts (Σ met / Σ with a result) over the schools whose share is
//!   published, and say how many schools that is; a mean of school percentages would weigh a
//!   class of 12 like a school of 90.
//! - A borough total of a count (pupils) is the sum only when every school's cell is
//!   published; otherwise it stays suppressed: the sum of the rest would pass for the total, and
//!   a total beside the other schools' counts would give away the suppressed one.
//! - Percentages are rounded once, at the end, to whole numbers, halves up, in integer
//!   arithmetic ([`whole_percent`]); the gap is worked out from the unrounded shares and
//!   rounded when shown (`analytics::Gap::describe`).

use std::cmp::Ordering;

use super::summary::{Cell, Measure, Row, SchoolIdentity, SchoolSummary, Table};
use crate::domain::analytics::{GapFigure, Share, Window, MIN_GROUP};
use crate::domain::fluency::Term;
use crate::domain::model::{AcademicYear, YearGroup};

/// Which counts a figure reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub year: AcademicYear,
    pub term: Term,
    pub year_group: YearGroup,
}

impl Period {
    /// The period before: the previous term, or last year's summer.
    pub fn previous(self) -> Period {
        match self.term {
            Term::Autumn => Period {
                year: AcademicYear(self.year.0.saturating_sub(1)),
                term: Term::Summer,
                ..self
            },
            Term::Spring => Period {
                term: Term::Autumn,
                ..self
            },
            Term::Summer => Period {
                term: Term::Spring,
                ..self
            },
        }
    }

    pub fn label(self) -> String {
        format!(
            "{}, {}",
            self.year_group.label(),
            Window::new(self.year, self.term).label()
        )
    }
}

/// `count` of `of` as a whole percent, halves rounded up: 1 of 8 is 13%.
pub fn whole_percent(share: Share) -> Option<u32> {
    (share.of > 0).then(|| ((200 * share.count + share.of) / (2 * share.of)) as u32)
}

/// "81%", or "suppressed".
pub fn percent_label(share: Option<Share>) -> String {
    share
        .and_then(whole_percent)
        .map_or_else(|| super::summary::SUPPRESSED.into(), |p| format!("{p}%"))
}

/// The share of a row in the first column, when every column of the row is published.
pub fn row_share(table: &Table, row: Row) -> Option<Share> {
    let counts: Vec<u32> = table
        .columns
        .iter()
        .map(|c| table.get(row, c).and_then(Cell::count))
        .collect::<Option<Vec<u32>>>()?;
    let of: u32 = counts.iter().sum();
    Some(Share::new(*counts.first()? as usize, of as usize))
}

/// One school's figures for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct SchoolFigures {
    pub school: SchoolIdentity,
    pub pupils: Cell,
    pub met: Option<Share>,
    pub disadvantaged_met: Option<Share>,
    pub others_met: Option<Share>,
    /// The disadvantaged gap in meeting the standard, when both shares are published.
    pub gap: Option<GapFigure>,
    pub on_track: Option<Share>,
    /// Readings at 95% accuracy or better.
    pub independent: Option<Share>,
}

fn gap_of(dis: Option<Share>, others: Option<Share>) -> Option<GapFigure> {
    Some(GapFigure::of(dis?, others?, MIN_GROUP))
}

/// A school's figures, or `None` if its summary has no such period.
pub fn school_figures(summary: &SchoolSummary, period: Period) -> Option<SchoolFigures> {
    if summary.academic_year != period.year {
        return None;
    }
    let year = summary.year_group(period.year_group)?;
    let term = year.term(period.term)?;
    let s = term.table(Measure::Screening);
    let disadvantaged_met = row_share(s, Row::Disadvantaged);
    let others_met = row_share(s, Row::NotDisadvantaged);
    Some(SchoolFigures {
        school: summary.school.clone(),
        pupils: year
            .pupils
            .get(Row::All, "pupils")
            .unwrap_or(Cell::Suppressed),
        met: row_share(s, Row::All),
        disadvantaged_met,
        others_met,
        gap: gap_of(disadvantaged_met, others_met),
        on_track: row_share(term.table(Measure::OnTrack), Row::All),
        independent: row_share(term.table(Measure::Fluency), Row::All),
    })
}

/// Counts pooled over the schools whose share is published.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pooled {
    pub share: Share,
    /// Schools in the pool, and schools with the period whose share was suppressed.
    pub schools: usize,
    pub suppressed: usize,
}

impl Pooled {
    fn of(shares: impl Iterator<Item = Option<Share>>) -> Pooled {
        let mut p = Pooled::default();
        for s in shares {
            match s {
                Some(s) => {
                    p.share.count += s.count;
                    p.share.of += s.of;
                    p.schools += 1;
                }
                None => p.suppressed += 1,
            }
        }
        p
    }

    /// `None` when no school's figure is published.
    pub fn share(&self) -> Option<Share> {
        (self.schools > 0).then_some(self.share)
    }
}

/// A count summed across schools: suppressed if any school's cell is.
pub fn total(cells: impl Iterator<Item = Cell>) -> Cell {
    cells.fold(Cell::Count(0), |sum, c| match (sum, c) {
        (Cell::Count(a), Cell::Count(b)) => Cell::Count(a + b),
        _ => Cell::Suppressed,
    })
}

#[derive(Clone, Debug, PartialEq)]
pub struct BoroughFigures {
    pub period: Period,
    /// One per school with the period, sorted by name (then URN).
    pub schools: Vec<SchoolFigures>,
    pub pupils: Cell,
    pub met: Pooled,
    pub disadvantaged_met: Pooled,
    pub others_met: Pooled,
    /// Pooled over schools whose disadvantaged and other shares are both published.
    pub gap: Option<GapFigure>,
    pub gap_schools: usize,
    pub on_track: Pooled,
    pub independent: Pooled,
}

/// The borough's figures for a period.
pub fn borough_figures(summaries: &[SchoolSummary], period: Period) -> BoroughFigures {
    let mut schools: Vec<SchoolFigures> = summaries
        .iter()
        .filter_map(|s| school_figures(s, period))
        .collect();
    schools.sort_by(|a, b| by_name(&a.school, &b.school));
    let both: Vec<(Share, Share)> = schools
        .iter()
        .filter_map(|s| Some((s.disadvantaged_met?, s.others_met?)))
        .collect();
    let pool = |pairs: &mut dyn Iterator<Item = Share>| {
        pairs.fold(Share::default(), |a, s| {
            Share::new(a.count + s.count, a.of + s.of)
        })
    };
    let gap = (!both.is_empty()).then(|| {
        GapFigure::of(
            pool(&mut both.iter().map(|p| p.0)),
            pool(&mut both.iter().map(|p| p.1)),
            MIN_GROUP,
        )
    });
    BoroughFigures {
        period,
        pupils: if schools.is_empty() {
            Cell::Suppressed
        } else {
            total(schools.iter().map(|s| s.pupils))
        },
        met: Pooled::of(schools.iter().map(|s| s.met)),
        disadvantaged_met: Pooled::of(schools.iter().map(|s| s.disadvantaged_met)),
        others_met: Pooled::of(schools.iter().map(|s| s.others_met)),
        gap,
        gap_schools: both.len(),
        on_track: Pooled::of(schools.iter().map(|s| s.on_track)),
        independent: Pooled::of(schools.iter().map(|s| s.independent)),
        schools,
    }
}

fn by_name(a: &SchoolIdentity, b: &SchoolIdentity) -> Ordering {
    a.name
        .to_lowercase()
        .cmp(&b.name.to_lowercase())
        .then_with(|| a.urn.cmp(&b.urn))
}

/// The borough's figures for each term of a year with any school in it.
pub fn borough_trend(
    summaries: &[SchoolSummary],
    year: AcademicYear,
    year_group: YearGroup,
) -> Vec<BoroughFigures> {
    Term::ALL
        .iter()
        .map(|&term| {
            borough_figures(
                summaries,
                Period {
                    year,
                    term,
                    year_group,
                },
            )
        })
        .filter(|f| !f.schools.is_empty())
        .collect()
}

/// A school whose disadvantaged gap narrowed since the period before.
#[derive(Clone, Debug, PartialEq)]
pub struct Narrowing {
    pub school: SchoolIdentity,
    /// Percentage points, before and now.
    pub before: f64,
    pub now: f64,
}

impl Narrowing {
    pub fn narrowed_by(&self) -> f64 {
        self.before - self.now
    }
}

/// Schools whose gap narrowed most since the previous period (both gaps published, from
/// groups of at least [`MIN_GROUP`]), largest narrowing first, at most `limit`.
pub fn gap_narrowed_most(
    summaries: &[SchoolSummary],
    period: Period,
    limit: usize,
) -> Vec<Narrowing> {
    let reportable = |g: Option<GapFigure>| g.filter(|g| g.reportable).and_then(|g| g.points);
    let mut out: Vec<Narrowing> = summaries
        .iter()
        .filter_map(|s| {
            let now = reportable(school_figures(s, period)?.gap)?;
            let before = summaries
                .iter()
                .filter(|b| same_school(&b.school, &s.school))
                .find_map(|b| reportable(school_figures(b, period.previous())?.gap))?;
            (before - now > 0.0).then(|| Narrowing {
                school: s.school.clone(),
                before,
                now,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.narrowed_by()
            .total_cmp(&a.narrowed_by())
            .then_with(|| by_name(&a.school, &b.school))
    });
    out.truncate(limit);
    out
}

/// Same URN, or same name when a summary has no URN.
pub fn same_school(a: &SchoolIdentity, b: &SchoolIdentity) -> bool {
    if !a.urn.trim().is_empty() || !b.urn.trim().is_empty() {
        a.urn.trim() == b.urn.trim()
    } else {
        a.name.trim().eq_ignore_ascii_case(b.name.trim())
    }
}

/// The columns of the school table a lead can sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortColumn {
    Name,
    Pupils,
    Met,
    DisadvantagedMet,
    Gap,
    OnTrack,
    Independent,
}

impl SortColumn {
    pub const ALL: [SortColumn; 7] = [
        SortColumn::Name,
        SortColumn::Pupils,
        SortColumn::Met,
        SortColumn::DisadvantagedMet,
        SortColumn::Gap,
        SortColumn::OnTrack,
        SortColumn::Independent,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortColumn::Name => "School",
            SortColumn::Pupils => "Pupils",
            SortColumn::Met => "Met the standard",
            SortColumn::DisadvantagedMet => "Disadvantaged met",
            SortColumn::Gap => "Gap (points)",
            SortColumn::OnTrack => "On track by 7",
            SortColumn::Independent => "Reading 95%+ accurate",
        }
    }

    fn key(self, s: &SchoolFigures) -> Option<f64> {
        let pct = |share: Option<Share>| share.and_then(Share::percent);
        match self {
            SortColumn::Name => None,
            SortColumn::Pupils => s.pupils.count().map(f64::from),
            SortColumn::Met => pct(s.met),
            SortColumn::DisadvantagedMet => pct(s.disadvantaged_met),
            SortColumn::Gap => s.gap.and_then(|g| g.points),
            SortColumn::OnTrack => pct(s.on_track),
            SortColumn::Independent => pct(s.independent),
        }
    }
}

/// Sorts schools by a column; suppressed figures go last either way, ties by name.
pub fn sort_schools(schools: &mut [SchoolFigures], column: SortColumn, descending: bool) {
    schools.sort_by(|a, b| {
        let order = match column {
            SortColumn::Name => by_name(&a.school, &b.school),
            _ => match (column.key(a), column.key(b)) {
                (Some(x), Some(y)) => {
                    let o = x.total_cmp(&y);
                    if descending {
                        o.reverse()
                    } else {
                        o
                    }
                }
                (Some(_), None) => return Ordering::Less,
                (None, Some(_)) => return Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        let order = if column == SortColumn::Name && descending {
            order.reverse()
        } else {
            order
        };
        order.then_with(|| by_name(&a.school, &b.school))
    });
}

/// A gap as shown in a table: "12 points", "No gap", "n too small", or "suppressed".
pub fn gap_label(gap: Option<GapFigure>) -> String {
    // A borough table never says how small a small group was: that number is what suppression hides.
    gap.map_or_else(
        || super::summary::SUPPRESSED.into(),
        |g| match g.difference() {
            crate::domain::analytics::Difference::TooSmall { .. } => "n too small".into(),
            d => d.words(),
        },
    )
}

/// The school table as CSV, in the order given, with the borough's row last.
pub fn borough_csv(figures: &BoroughFigures, schools: &[SchoolFigures]) -> String {
    let share_cells = |share: Option<Share>| match share {
        Some(s) => [
            percent_label(Some(s)),
            s.count.to_string(),
            s.of.to_string(),
        ],
        None => [
            super::summary::SUPPRESSED.to_string(),
            String::new(),
            String::new(),
        ],
    };
    let mut rows: Vec<Vec<String>> = vec![vec![
        "School".into(),
        "URN".into(),
        "LA".into(),
        "Period".into(),
        "Pupils".into(),
        "Met the standard %".into(),
        "Met".into(),
        "With a result".into(),
        "Disadvantaged met %".into(),
        "Disadvantaged met".into(),
        "Disadvantaged with a result".into(),
        "Not disadvantaged met %".into(),
        "Gap".into(),
        "On track by 7 %".into(),
        "On track".into(),
        "Judged".into(),
        "Reading 95%+ accurate %".into(),
    ]];
    let line = |name: &str,
                urn: &str,
                la: &str,
                pupils: Cell,
                met: Option<Share>,
                dis: Option<Share>,
                others: Option<Share>,
                gap: Option<GapFigure>,
                on_track: Option<Share>,
                independent: Option<Share>| {
        let mut row = vec![
            name.to_string(),
            urn.to_string(),
            la.to_string(),
            figures.period.label(),
            pupils.label(),
        ];
        row.extend(share_cells(met));
        row.extend(share_cells(dis));
        row.push(percent_label(others));
        row.push(gap_label(gap));
        row.extend(share_cells(on_track));
        row.push(percent_label(independent));
        row
    };
    for s in schools {
        rows.push(line(
            &s.school.name,
            &s.school.urn,
            &s.school.la_number,
            s.pupils,
            s.met,
            s.disadvantaged_met,
            s.others_met,
            s.gap,
            s.on_track,
            s.independent,
        ));
    }
    rows.push(line(
        &format!("All {} schools", figures.schools.len()),
        "",
        "",
        figures.pupils,
        figures.met.share(),
        figures.disadvantaged_met.share(),
        figures.others_met.share(),
        figures.gap,
        figures.on_track.share(),
        figures.independent.share(),
    ));
    // The exports' writer: RFC 4180, and no cell a spreadsheet would run as a formula.
    crate::domain::records::mis::write_csv(&rows)
}
