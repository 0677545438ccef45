#![allow(clippy::needless_range_loop)]
use proptest::prelude::*;
use time::macros::{date, datetime};

use super::summary::{year_group_summary, TableRow, TermSummary, YearGroupSummary};
use super::*;
use crate::domain::analytics::testing::{Fixture, AUTUMN, SPRING, SUMMER, YEAR};
use crate::domain::analytics::{Group, Scope, Window};
use crate::domain::fluency::Term;
use crate::domain::model::{AcademicYear, Gender, NotTakenCode, YearGroup};

const DAY_AFTER_SUMMER: time::Date = date!(2026 - 07 - 20);

fn identity() -> SchoolIdentity {
    SchoolIdentity {
        name: "Hazel Road Primary".into(),
        urn: "100001".into(),
        la_number: "202".into(),
    }
}

/// A Year 1 class of `n` pupils, every one checked each term: the first `met` of them at 35,
/// the rest at 20; disadvantaged every third pupil.
fn year1_school(n: usize, met: usize) -> Fixture {
    let mut f = Fixture::new();
    let c = f.class("1A", YearGroup::Year1);
    for i in 0..n {
        let p = f.pupil(c, |p| {
            p.disadvantaged = i % 3 == 0;
            p.gender = if i % 2 == 0 {
                Gender::Male
            } else {
                Gender::Female
            };
        });
        for at in [AUTUMN, SPRING, SUMMER] {
            f.screening(p, at, if i < met { 35 } else { 20 });
            f.fluency(p, at, 40, 1);
        }
    }
    f
}

#[test]
fn a_summary_counts_what_the_analytics_count() {
    let f = year1_school(60, 45);
    let a = f.analytics();
    let s = school_summary(&a, identity(), YEAR, DAY_AFTER_SUMMER, SUMMER);
    assert_eq!(s.year_groups.len(), 2);
    let y1 = s.year_group(YearGroup::Year1).expect("year 1");
    assert_eq!(y1.terms.len(), 3, "every term has begun");
    let summer = y1.term(Term::Summer).expect("summer");
    let analytics = a.screening(
        Scope::YearGroup(YearGroup::Year1),
        Window::new(YEAR, Term::Summer),
    );
    assert_eq!(
        row_share(&summer.screening, Row::All),
        Some(analytics.met),
        "the same share as the reading lead sees"
    );
    let dis = analytics.split(Group::Disadvantaged).expect("split");
    assert_eq!(
        row_share(&summer.screening, Row::Disadvantaged),
        Some(dis.in_group)
    );
    assert_eq!(y1.pupils.get(Row::All, "pupils"), Some(Cell::Count(60)));
    // Nobody was summer-born (the fixture's pupils are born in October): the summer-born
    // row is 0 and so suppressed, never shown as 0.
    assert_eq!(
        summer.screening.get(Row::SummerBorn, "met"),
        Some(Cell::Suppressed)
    );
    // Year 2 has no pupils: all suppressed.
    let y2 = s.year_group(YearGroup::Year2).expect("year 2");
    assert!(y2.pupils.cells().all(|c| c == Cell::Suppressed));
}

#[test]
fn only_terms_that_have_begun_are_summarised() {
    let f = year1_school(20, 10);
    let a = f.analytics();
    let s = school_summary(&a, identity(), YEAR, date!(2025 - 12 - 01), AUTUMN);
    let terms: Vec<Term> = s.year_groups[0].terms.iter().map(|t| t.term).collect();
    assert_eq!(terms, vec![Term::Autumn]);
}

#[test]
fn the_file_round_trips_and_holds_no_personal_data() {
    let mut f = year1_school(40, 30);
    // Names, UPN-like text and dates of birth that must not leave.
    for p in &mut f.pupils {
        p.forename = "Zebedee".into();
        p.surname = "Quartermaine".into();
        p.date_of_birth = date!(2019 - 11 - 23);
    }
    let a = f.analytics();
    let s = school_summary(&a, identity(), YEAR, DAY_AFTER_SUMMER, SUMMER);
    let text = encode_summary(&s);
    for personal in [
        "Zebedee",
        "Quartermaine",
        "2019-11-23",
        "23/11/2019",
        "upn",
        "pupil_id",
    ] {
        assert!(
            !text.to_lowercase().contains(&personal.to_lowercase()),
            "{personal}"
        );
    }
    assert!(text.contains("\"format\": \"readby7-school-summary\""));
    assert!(text.contains("\"urn\": \"100001\""));
    assert!(text.contains("\"la_number\": \"202\""));
    assert!(text.contains("\"checksum\""));
    assert_eq!(decode_summary(&text), Ok(s));
}

#[test]
fn damaged_and_wrong_files_are_refused_with_the_reason() {
    let f = year1_school(40, 30);
    let a = f.analytics();
    let s = school_summary(&a, identity(), YEAR, DAY_AFTER_SUMMER, SUMMER);
    let text = encode_summary(&s);
    assert_eq!(decode_summary(""), Err(SummaryError::Empty));
    assert_eq!(decode_summary("UPN,Surname\n"), Err(SummaryError::NotJson));
    assert_eq!(
        decode_summary("{\"format\":\"readby7-backup\"}"),
        Err(SummaryError::NotASummary)
    );
    let edited = text.replacen("\"Hazel Road Primary\"", "\"Hazel Road Primary School\"", 1);
    assert_eq!(decode_summary(&edited), Err(SummaryError::ChecksumMismatch));
    let newer = text.replacen("\"format_version\": 1", "\"format_version\": 9", 1);
    assert!(matches!(
        decode_summary(&newer),
        Err(SummaryError::NewerVersion { found: 9, .. })
    ));
    let cut = &text[..text.len() / 2];
    assert!(matches!(decode_summary(cut), Err(SummaryError::Damaged(_))));

    // A count under 5, even sealed with a correct checksum, is refused.
    let mut small = s.clone();
    small.year_groups[0].pupils.rows[0].counts[0] = Cell::Count(3);
    let err = decode_summary(&encode_summary(&small)).expect_err("small");
    assert_eq!(err, SummaryError::SmallCount(3));
    assert!(err.to_string().contains("under 5"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Property: for random schools, no published count is under 5 and no suppressed cell (nor a
// hidden count of 1 to 4) can be worked out from the others.

#[derive(Clone, Debug)]
struct RandomPupil {
    year2: bool,
    disadvantaged: bool,
    send: bool,
    eal: bool,
    gender: u8,
    birth_month: u8,
    /// Per term: None (no check), Some(None) absent, Some(Some(mark)).
    marks: [Option<Option<u8>>; 3],
    readings: [Option<(u8, u8)>; 3],
}

fn random_pupil() -> impl Strategy<Value = RandomPupil> {
    let term_mark = prop_oneof![
        1 => Just(None),
        1 => Just(Some(None)),
        8 => (0u8..=40).prop_map(|m| Some(Some(m))),
    ];
    let reading = prop_oneof![1 => Just(None), 4 => (0u8..100, 0u8..12).prop_map(Some)];
    (
        any::<bool>(),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.4),
        prop_oneof![10 => Just(0u8), 10 => Just(1u8), 1 => Just(2u8)],
        1u8..=12,
        [term_mark.clone(), term_mark.clone(), term_mark],
        [reading.clone(), reading.clone(), reading],
    )
        .prop_map(
            |(year2, disadvantaged, send, eal, gender, birth_month, marks, readings)| RandomPupil {
                year2,
                disadvantaged,
                send,
                eal,
                gender,
                birth_month,
                marks,
                readings,
            },
        )
}

fn school_of(pupils: &[RandomPupil]) -> Fixture {
    let mut f = Fixture::new();
    let c1 = f.class("1A", YearGroup::Year1);
    let c2 = f.class("2A", YearGroup::Year2);
    for r in pupils {
        let born_year = if r.year2 { 2018 } else { 2019 } + i32::from(r.birth_month < 9);
        let dob = time::Date::from_calendar_date(
            born_year,
            time::Month::try_from(r.birth_month).unwrap_or(time::Month::January),
            10,
        )
        .unwrap_or(date!(2019 - 10 - 10));
        let id = f.pupil(if r.year2 { c2 } else { c1 }, |p| {
            p.disadvantaged = r.disadvantaged;
            p.send = r.send;
            p.eal = r.eal;
            p.gender = [Gender::Male, Gender::Female, Gender::NotRecorded][usize::from(r.gender)];
            p.date_of_birth = dob;
        });
        for (t, at) in [AUTUMN, SPRING, SUMMER].into_iter().enumerate() {
            match r.marks[t] {
                Some(Some(m)) => f.screening(id, at, usize::from(m)),
                Some(None) => f.not_taken(id, at, NotTakenCode::Absent),
                None => {}
            }
            if let Some((right, wrong)) = r.readings[t] {
                f.fluency(
                    id,
                    at + time::Duration::hours(1),
                    usize::from(right),
                    usize::from(wrong),
                );
            }
        }
    }
    f
}

/// An attacker's check written apart from the suppression code: over the file alone, solve
/// every exact relation "all = group + rest" (gender excepted: pupils with no gender recorded
/// are in neither side) that has one unknown, until nothing changes.
fn attacker_recovers(y: &YearGroupSummary) -> Option<String> {
    let tables = std::iter::once(&y.pupils).chain(
        y.terms
            .iter()
            .flat_map(|t| Measure::ALL.map(|m| t.table(m))),
    );
    for table in tables {
        let mut known: Vec<Vec<Option<u32>>> = table
            .rows
            .iter()
            .map(|r| r.counts.iter().map(|c| c.count()).collect())
            .collect();
        let row = |r: Row| Row::ALL.iter().position(|x| *x == r).unwrap_or(0);
        let mut changed = true;
        while changed {
            changed = false;
            for group in [
                Group::Disadvantaged,
                Group::Send,
                Group::Eal,
                Group::SummerBorn,
            ] {
                let (a, b) = (row(Row::of(group, true)), row(Row::of(group, false)));
                for j in 0..table.columns.len() {
                    let cells = [known[0][j], known[a][j], known[b][j]];
                    let unknown: Vec<usize> = (0..3).filter(|&k| cells[k].is_none()).collect();
                    if unknown.len() == 1 {
                        let [t, x, z] = cells.map(|c| c.unwrap_or(0));
                        let (i, value) = match unknown[0] {
                            0 => (0, x + z),
                            1 => (a, t.saturating_sub(z)),
                            _ => (b, t.saturating_sub(x)),
                        };
                        known[i][j] = Some(value);
                        if table.rows[i].counts[j] == Cell::Suppressed {
                            return Some(format!(
                                "{:?} {} {} = {value}",
                                table.rows[i].row,
                                table.columns[j],
                                y.year_group.label()
                            ));
                        }
                        changed = true;
                    }
                }
            }
        }
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_summary_holds_a_small_or_derivable_count(pupils in prop::collection::vec(random_pupil(), 0..70)) {
        let f = school_of(&pupils);
        let a = f.analytics();
        let windows = Window::year_of(YEAR);
        for year in [YearGroup::Year1, YearGroup::Year2] {
            let (summary, grid, suppressed) = year_group_summary(&a, year, &windows);
            let small = std::iter::once(&summary.pupils)
                .chain(summary.terms.iter().flat_map(|t| Measure::ALL.map(|m| t.table(m))))
                .flat_map(|t| t.cells())
                .filter_map(Cell::count)
                .find(|n| *n < MIN_COUNT);
            prop_assert_eq!(small, None);
            prop_assert_eq!(grid.grid.recoverable(&suppressed), Vec::<usize>::new());
            // The true counts satisfy every relation the suppression reasoned with.
            for r in grid.grid.relations() {
                let parts: u32 = r.parts.iter().map(|&c| grid.grid.value(c)).sum();
                prop_assert_eq!(grid.grid.value(r.total), parts);
            }
            prop_assert_eq!(attacker_recovers(&summary), None);
        }
        // The whole file, as sent, reads back.
        let s = school_summary(&a, identity(), YEAR, DAY_AFTER_SUMMER, SUMMER);
        prop_assert_eq!(decode_summary(&encode_summary(&s)), Ok(s));
    }
}

#[test]
fn the_attacker_catches_primary_suppression_alone() {
    // 12 disadvantaged pupils, 3 of whom met: suppressing only the 3 leaves 3 = all - rest.
    let mut f = Fixture::new();
    let c = f.class("1A", YearGroup::Year1);
    for i in 0..40 {
        let p = f.pupil(c, |p| p.disadvantaged = i < 12);
        f.screening(p, SUMMER, if !(3..20).contains(&i) { 35 } else { 10 });
    }
    let a = f.analytics();
    let (mut summary, grid, suppressed) =
        year_group_summary(&a, YearGroup::Year1, &[Window::new(YEAR, Term::Summer)]);
    assert!(grid.grid.recoverable(&suppressed).is_empty());
    assert_eq!(attacker_recovers(&summary), None);
    // Publish everything secondary suppression hid, keeping only the primary cells hidden.
    let truth = |row: Row, col: usize| {
        let ix = Row::ALL.iter().position(|r| *r == row).unwrap_or(0);
        grid.grid.value(grid.tables[0].2[ix][col])
    };
    for r in &mut summary.terms[0].screening.rows {
        for (j, c) in r.counts.iter_mut().enumerate() {
            let v = truth(r.row, j);
            *c = if v < MIN_COUNT {
                Cell::Suppressed
            } else {
                Cell::Count(v)
            };
        }
    }
    assert!(attacker_recovers(&summary).is_some());
}

// ---------------------------------------------------------------------------------------
// Aggregation across schools, on hand-made summaries.

fn full_table(columns: &[&str], value: u32) -> Table {
    Table {
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows: Row::ALL
            .iter()
            .map(|r| TableRow {
                row: *r,
                counts: columns.iter().map(|_| Cell::Count(value)).collect(),
            })
            .collect(),
    }
}

fn set(table: &mut Table, row: Row, counts: &[Cell]) {
    if let Some(r) = table.rows.iter_mut().find(|r| r.row == row) {
        r.counts = counts.to_vec();
    }
}

/// A hand-made summary: Year 1, summer 2025/26 (and spring), every count 10 unless set.
fn hand_made(
    name: &str,
    urn: &str,
    edit: impl FnOnce(&mut TermSummary, &mut Table),
) -> SchoolSummary {
    let term = |t: Term| TermSummary {
        term: t,
        screening: full_table(Measure::Screening.columns(), 10),
        on_track: full_table(Measure::OnTrack.columns(), 10),
        fluency: full_table(Measure::Fluency.columns(), 10),
    };
    let mut summer = term(Term::Summer);
    let mut pupils = full_table(&["pupils"], 30);
    edit(&mut summer, &mut pupils);
    SchoolSummary {
        created_at: datetime!(2026-07-20 9:00 UTC),
        school: SchoolIdentity {
            name: name.into(),
            urn: urn.into(),
            la_number: "202".into(),
        },
        academic_year: YEAR,
        threshold: 32,
        min_count: MIN_COUNT,
        year_groups: vec![YearGroupSummary {
            year_group: YearGroup::Year1,
            pupils,
            terms: vec![term(Term::Spring), summer],
        }],
    }
}

const Y1_SUMMER: Period = Period {
    year: YEAR,
    term: Term::Summer,
    year_group: YearGroup::Year1,
};

use Cell::{Count as N, Suppressed as S};

#[test]
fn percentages_round_once_halves_up() {
    use crate::domain::analytics::Share;
    assert_eq!(whole_percent(Share::new(1, 8)), Some(13), "12.5 rounds up");
    assert_eq!(whole_percent(Share::new(2, 3)), Some(67));
    assert_eq!(whole_percent(Share::new(5, 6)), Some(83));
    assert_eq!(whole_percent(Share::new(1, 200)), Some(1), "0.5 rounds up");
    assert_eq!(whole_percent(Share::new(0, 0)), None);
    assert_eq!(percent_label(None), "suppressed");
}

#[test]
fn borough_shares_pool_counts_not_percentages() {
    let a = hand_made("Alder", "1", |t, _| {
        set(&mut t.screening, Row::All, &[N(41), N(9)])
    });
    let b = hand_made("Birch", "2", |t, _| {
        set(&mut t.screening, Row::All, &[N(30), N(10)])
    });
    let c = hand_made("Cedar", "3", |t, _| {
        set(&mut t.screening, Row::All, &[N(5), N(5)])
    });
    let f = borough_figures(&[c, a, b], Y1_SUMMER);
    // 76 of 100 = 76%; the mean of 82%, 75% and 50% would be 69%.
    assert_eq!(f.met.share.count, 76);
    assert_eq!(f.met.share.of, 100);
    assert_eq!(percent_label(f.met.share()), "76%");
    assert_eq!(f.met.schools, 3);
    let names: Vec<&str> = f.schools.iter().map(|s| s.school.name.as_str()).collect();
    assert_eq!(
        names,
        ["Alder", "Birch", "Cedar"],
        "sorted by name, no league table"
    );
    assert_eq!(f.pupils, N(90));
}

#[test]
fn suppressed_cells_stay_suppressed_in_borough_totals() {
    let a = hand_made("Alder", "1", |t, p| {
        set(&mut t.screening, Row::All, &[N(41), N(9)]);
        set(p, Row::All, &[S]);
        set(&mut t.screening, Row::Disadvantaged, &[N(8), S]);
    });
    let b = hand_made("Birch", "2", |t, _| {
        set(&mut t.screening, Row::All, &[N(30), N(10)]);
        set(&mut t.screening, Row::Disadvantaged, &[N(6), N(6)]);
        set(&mut t.screening, Row::NotDisadvantaged, &[N(24), N(6)]);
    });
    let f = borough_figures(&[a, b], Y1_SUMMER);
    assert_eq!(
        f.pupils, S,
        "one school's pupils are suppressed, so the total is too"
    );
    assert_eq!(total([N(30), N(40)].into_iter()), N(70));
    // Alder's disadvantaged share is suppressed: it is left out, and said to be.
    assert_eq!(f.disadvantaged_met.schools, 1);
    assert_eq!(f.disadvantaged_met.suppressed, 1);
    assert_eq!(
        f.disadvantaged_met.share,
        crate::domain::analytics::Share::new(6, 12)
    );
    assert_eq!(f.gap_schools, 1);
    // Borough gap from Birch alone: 80% - 50% = 30 points.
    assert_eq!(gap_label(f.gap), "30 points behind the others");
    let alder = &f.schools[0];
    assert_eq!(alder.disadvantaged_met, None);
    assert_eq!(gap_label(alder.gap), "suppressed");
    let csv = borough_csv(&f, &f.schools);
    let alder_line = csv.lines().nth(1).expect("Alder's row");
    assert!(alder_line.starts_with("Alder,1,202,"), "{alder_line}");
    assert!(alder_line.contains(",suppressed,"), "{alder_line}");
    assert!(
        !alder_line.contains(",0%"),
        "suppressed never reads as zero: {alder_line}"
    );
    let total_line = csv.lines().last().expect("total");
    assert!(total_line.starts_with("All 2 schools,"), "{total_line}");
}

#[test]
fn a_small_group_gap_reads_as_too_small() {
    let a = hand_made("Alder", "1", |t, _| {
        // 5 + 0 is impossible in a real file (0 is suppressed); a hand-made 3-pupil group.
        set(&mut t.screening, Row::Disadvantaged, &[N(2), N(1)]);
    });
    assert_eq!(
        gap_label(school_figures(&a, Y1_SUMMER).and_then(|s| s.gap)),
        "n too small"
    );
}

#[test]
fn schools_whose_gap_narrowed_most_come_first() {
    // Spring gap: 10/20 vs 10/20 = 0 by default. Set spring and summer per school.
    let make = |name: &str, urn: &str, spring: [u32; 4], summer: [u32; 4]| {
        let mut s = hand_made(name, urn, |t, _| {
            set(
                &mut t.screening,
                Row::Disadvantaged,
                &[N(summer[0]), N(summer[1])],
            );
            set(
                &mut t.screening,
                Row::NotDisadvantaged,
                &[N(summer[2]), N(summer[3])],
            );
        });
        let sp = &mut s.year_groups[0].terms[0].screening;
        set(sp, Row::Disadvantaged, &[N(spring[0]), N(spring[1])]);
        set(sp, Row::NotDisadvantaged, &[N(spring[2]), N(spring[3])]);
        s
    };
    // Gaps (points): Alder 40 → 10, Birch 30 → 25, Cedar 10 → 20 (widened).
    let alder = make("Alder", "1", [5, 15, 30, 10], [30, 10, 40, 10]);
    let birch = make("Birch", "2", [10, 10, 40, 10], [11, 9, 40, 5]);
    let cedar = make("Cedar", "3", [20, 10, 25, 5], [10, 10, 35, 15]);
    let list = gap_narrowed_most(&[cedar, birch, alder], Y1_SUMMER, 5);
    let names: Vec<&str> = list.iter().map(|n| n.school.name.as_str()).collect();
    assert_eq!(names[0], "Alder", "{list:?}");
    assert!(
        !names.contains(&"Cedar"),
        "a widening gap is not a school to learn from"
    );
    assert!(list
        .windows(2)
        .all(|w| w[0].narrowed_by() >= w[1].narrowed_by()));
    assert_eq!(Y1_SUMMER.previous().term, Term::Spring);
    assert_eq!(
        Period {
            term: Term::Autumn,
            ..Y1_SUMMER
        }
        .previous()
        .year,
        AcademicYear(YEAR.0 - 1)
    );
}

#[test]
fn sorting_by_a_column_puts_suppressed_last_either_way() {
    let a = hand_made("Alder", "1", |t, _| {
        set(&mut t.screening, Row::All, &[N(20), N(10)])
    });
    let b = hand_made("Birch", "2", |t, _| {
        set(&mut t.screening, Row::All, &[S, N(10)])
    });
    let c = hand_made("Cedar", "3", |t, _| {
        set(&mut t.screening, Row::All, &[N(28), N(7)])
    });
    let mut rows = borough_figures(&[a, b, c], Y1_SUMMER).schools;
    let order = |rows: &[SchoolFigures]| {
        rows.iter()
            .map(|s| s.school.name.clone())
            .collect::<Vec<_>>()
    };
    sort_schools(&mut rows, SortColumn::Met, true);
    assert_eq!(order(&rows), ["Cedar", "Alder", "Birch"]);
    sort_schools(&mut rows, SortColumn::Met, false);
    assert_eq!(order(&rows), ["Alder", "Cedar", "Birch"]);
    sort_schools(&mut rows, SortColumn::Name, true);
    assert_eq!(order(&rows), ["Cedar", "Birch", "Alder"]);
}

#[test]
fn the_demo_borough_has_a_realistic_spread_and_gap() {
    let schools = demo_borough();
    assert_eq!(schools.len(), DEMO_BOROUGH_SCHOOLS);
    let f = borough_figures(
        &schools,
        Period {
            year: crate::domain::analytics::DEMO_YEAR,
            ..Y1_SUMMER
        },
    );
    assert_eq!(f.schools.len(), 40);
    let t = std::time::Instant::now();
    let _ = demo_borough_summary(0);
    eprintln!("one demo school: {:?}", t.elapsed());
    let met = f
        .met
        .share()
        .and_then(whole_percent)
        .expect("borough share");
    assert!((70..=90).contains(&met), "Year 1 summer met: {met}%");
    let gap = f.gap.and_then(|g| g.points).expect("gap");
    assert!((5.0..=30.0).contains(&gap), "gap {gap}");
    let school_met: Vec<u32> = f
        .schools
        .iter()
        .filter_map(|s| s.met.and_then(whole_percent))
        .collect();
    // A one-form school where 27 of 30 met has 3 "not yet": suppressed, and its share with it.
    assert!(
        school_met.len() >= 25,
        "most schools' shares are published: {}",
        school_met.len()
    );
    let (lo, hi) = (
        school_met.iter().min().copied(),
        school_met.iter().max().copied(),
    );
    assert!(
        hi.unwrap_or(0) - lo.unwrap_or(0) >= 15,
        "spread {lo:?}..{hi:?}"
    );
    let urns: std::collections::HashSet<&str> =
        schools.iter().map(|s| s.school.urn.as_str()).collect();
    assert_eq!(urns.len(), 40);
    for s in &schools {
        assert_eq!(decode_summary(&encode_summary(s)).as_ref(), Ok(s));
    }
    assert_eq!(demo_borough_summary(7), schools[7], "fixed seed");
}
