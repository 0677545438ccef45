//! The school summary: counts only, per academic year, term and year group, with
//! small-number suppression applied, sealed with a checksum. What a reading lead sends to the
//! borough (a file today; later the same JSON as one document in a borough database).

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use time::{Date, OffsetDateTime};

use super::suppress::{CellId, Grid, MIN_COUNT};
use crate::domain::analytics::{Analytics, Group, Scope, Standing, Window};
use crate::domain::fluency::{AccuracyBand, Term};
use crate::domain::model::{AcademicYear, Pupil, YearGroup};
use crate::domain::records::backup::checksum;

pub const SUMMARY_FORMAT: &str = "readby7-school-summary";
/// Raise when the document's shape changes; older versions refuse newer files.
pub const SUMMARY_FORMAT_VERSION: u32 = 1;
/// The year groups a summary covers: the screening check and "reading by 7" are Year 1 and
/// Year 2 measures; Reception is not judged (see `analytics::on_track`).
pub const SUMMARY_YEAR_GROUPS: [YearGroup; 2] = [YearGroup::Year1, YearGroup::Year2];

/// A count as published: the number, or suppressed (never a zero in disguise).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cell {
    Count(u32),
    Suppressed,
}

impl Cell {
    pub fn count(self) -> Option<u32> {
        match self {
            Cell::Count(n) => Some(n),
            Cell::Suppressed => None,
        }
    }

    /// "12", or "suppressed".
    pub fn label(self) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Suppressed => SUPPRESSED.into(),
        }
    }
}

/// How a suppressed cell is written in the file and read on screen.
pub const SUPPRESSED: &str = "suppressed";

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Count(n) => s.serialize_u32(*n),
            Cell::Suppressed => s.serialize_str(SUPPRESSED),
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) if s == SUPPRESSED => Ok(Cell::Suppressed),
            Value::Number(n) => n
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Cell::Count)
                .ok_or_else(|| serde::de::Error::custom(format!("{n} is not a count"))),
            other => Err(serde::de::Error::custom(format!(
                "{other} is neither a count nor \"{SUPPRESSED}\""
            ))),
        }
    }
}

/// The rows of every table: everyone, then each group and what it is compared with (the
/// groups of `analytics::Group`; pupils whose gender is not recorded are in neither boys nor
/// girls, and never get a row of their own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Row {
    All,
    Disadvantaged,
    NotDisadvantaged,
    Send,
    NotSend,
    Eal,
    NotEal,
    Boys,
    Girls,
    SummerBorn,
    NotSummerBorn,
}

impl Row {
    pub const ALL: [Row; 11] = [
        Row::All,
        Row::Disadvantaged,
        Row::NotDisadvantaged,
        Row::Send,
        Row::NotSend,
        Row::Eal,
        Row::NotEal,
        Row::Boys,
        Row::Girls,
        Row::SummerBorn,
        Row::NotSummerBorn,
    ];

    /// The row of one side of a group.
    pub fn of(group: Group, in_group: bool) -> Row {
        match (group, in_group) {
            (Group::Disadvantaged, true) => Row::Disadvantaged,
            (Group::Disadvantaged, false) => Row::NotDisadvantaged,
            (Group::Send, true) => Row::Send,
            (Group::Send, false) => Row::NotSend,
            (Group::Eal, true) => Row::Eal,
            (Group::Eal, false) => Row::NotEal,
            (Group::Boys, true) => Row::Boys,
            (Group::Boys, false) => Row::Girls,
            (Group::SummerBorn, true) => Row::SummerBorn,
            (Group::SummerBorn, false) => Row::NotSummerBorn,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Row::All => "All pupils",
            Row::Disadvantaged => Group::Disadvantaged.labels().0,
            Row::NotDisadvantaged => Group::Disadvantaged.labels().1,
            Row::Send => Group::Send.labels().0,
            Row::NotSend => Group::Send.labels().1,
            Row::Eal => Group::Eal.labels().0,
            Row::NotEal => Group::Eal.labels().1,
            Row::Boys => Group::Boys.labels().0,
            Row::Girls => Group::Boys.labels().1,
            Row::SummerBorn => Group::SummerBorn.labels().0,
            Row::NotSummerBorn => Group::SummerBorn.labels().1,
        }
    }

    /// Which rows are given up first when a cell must be suppressed to protect another: the
    /// headline (all pupils) and the disadvantaged split, which the borough reports, last.
    fn keep_priority(self) -> u32 {
        match self {
            Row::All => 3,
            Row::Disadvantaged | Row::NotDisadvantaged => 2,
            Row::Send | Row::NotSend | Row::Eal | Row::NotEal => 1,
            Row::Boys | Row::Girls | Row::SummerBorn | Row::NotSummerBorn => 0,
        }
    }
}

/// The three measures of each term, with their columns (each pupil with a result is in
/// exactly one column; pupils without one are in none and are never published).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Measure {
    /// The latest practice check in the term: met the standard or not (Year 1, and the
    /// Year 2 retake).
    Screening,
    /// On track to read by 7 at the end of the term, of pupils judged.
    OnTrack,
    /// The latest fluency reading's accuracy band; a reading with no word read right counts
    /// as hard (it has no accuracy, and is certainly not 90% accurate).
    Fluency,
}

impl Measure {
    pub const ALL: [Measure; 3] = [Measure::Screening, Measure::OnTrack, Measure::Fluency];

    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Measure::Screening => &["met", "not_met"],
            Measure::OnTrack => &["on_track", "not_on_track"],
            Measure::Fluency => &["independent", "instructional", "hard"],
        }
    }

    pub fn column_labels(self) -> &'static [&'static str] {
        match self {
            Measure::Screening => &["Met the standard", "Not yet"],
            Measure::OnTrack => &["On track", "Not on track"],
            Measure::Fluency => &["95%+ accurate", "90–94%", "Below 90%"],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Measure::Screening => "Screening standard (practice check)",
            Measure::OnTrack => "On track to read by 7",
            Measure::Fluency => "Fluency accuracy bands",
        }
    }

    /// Fluency detail goes before on-track, on-track before the screening standard.
    fn keep_priority(self) -> u32 {
        match self {
            Measure::Fluency => 0,
            Measure::OnTrack => 1,
            Measure::Screening => 2,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    pub row: Row,
    pub counts: Vec<Cell>,
}

/// Counts by row and column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
}

impl Table {
    pub fn get(&self, row: Row, column: &str) -> Option<Cell> {
        let j = self.columns.iter().position(|c| c == column)?;
        self.rows
            .iter()
            .find(|r| r.row == row)
            .and_then(|r| r.counts.get(j).copied())
    }

    pub fn cells(&self) -> impl Iterator<Item = Cell> + '_ {
        self.rows.iter().flat_map(|r| r.counts.iter().copied())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermSummary {
    pub term: Term,
    pub screening: Table,
    pub on_track: Table,
    pub fluency: Table,
}

impl TermSummary {
    pub fn table(&self, measure: Measure) -> &Table {
        match measure {
            Measure::Screening => &self.screening,
            Measure::OnTrack => &self.on_track,
            Measure::Fluency => &self.fluency,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearGroupSummary {
    pub year_group: YearGroup,
    /// Pupils in the year group (not archived), column "pupils".
    pub pupils: Table,
    /// The terms that have begun, in order.
    pub terms: Vec<TermSummary>,
}

impl YearGroupSummary {
    pub fn term(&self, term: Term) -> Option<&TermSummary> {
        self.terms.iter().find(|t| t.term == term)
    }
}

/// Who the summary is from, as Settings has it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SchoolIdentity {
    pub name: String,
    pub urn: String,
    pub la_number: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolSummary {
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub school: SchoolIdentity,
    pub academic_year: AcademicYear,
    /// The screening threshold the school's marks were judged against.
    pub threshold: u8,
    /// Counts under this were suppressed ([`MIN_COUNT`]).
    pub min_count: u32,
    pub year_groups: Vec<YearGroupSummary>,
}

impl SchoolSummary {
    pub fn year_group(&self, year: YearGroup) -> Option<&YearGroupSummary> {
        self.year_groups.iter().find(|y| y.year_group == year)
    }

    /// Every table with where it sits, for checks over the whole file.
    pub fn tables(&self) -> impl Iterator<Item = &Table> + '_ {
        self.year_groups.iter().flat_map(|y| {
            std::iter::once(&y.pupils).chain(
                y.terms
                    .iter()
                    .flat_map(|t| Measure::ALL.map(move |m| t.table(m))),
            )
        })
    }
}

// ---------------------------------------------------------------------------------------
// Building a summary from the school's records.

/// Each pupil's column in a table, or `None` without a result.
type Classify<'p> = Vec<(&'p Pupil, Option<usize>)>;

/// The true counts of one year group before suppression.
#[allow(clippy::type_complexity)]
pub(crate) struct Counts {
    /// Pupils per row; `unrecorded` is the gender-not-recorded pupils (hidden).
    pupils: Vec<u32>,
    unrecorded: u32,
    /// Per table: [row][column] and unrecorded[column]; the last column is "no result".
    tables: Vec<(Measure, Term, Vec<Vec<u32>>, Vec<u32>)>,
}

fn rows_of(pupil: &Pupil) -> impl Iterator<Item = Row> + '_ {
    std::iter::once(Row::All).chain(
        Group::ALL
            .into_iter()
            .filter_map(move |g| g.side(pupil).map(|side| Row::of(g, side))),
    )
}

fn row_index(row: Row) -> usize {
    Row::ALL.iter().position(|r| *r == row).unwrap_or(0)
}

fn count(classified: &Classify, columns: usize) -> (Vec<Vec<u32>>, Vec<u32>) {
    let mut by_row = vec![vec![0u32; columns + 1]; Row::ALL.len()];
    let mut unrecorded = vec![0u32; columns + 1];
    for (pupil, column) in classified {
        let j = column.unwrap_or(columns);
        for row in rows_of(pupil) {
            by_row[row_index(row)][j] += 1;
        }
        if Group::Boys.side(pupil).is_none() {
            unrecorded[j] += 1;
        }
    }
    (by_row, unrecorded)
}

fn classify<'a>(
    a: &Analytics<'a>,
    pupils: &[&'a Pupil],
    measure: Measure,
    window: Window,
    scope: Scope,
) -> Classify<'a> {
    match measure {
        Measure::Screening => pupils
            .iter()
            .map(|p| (*p, a.met_standard(p, window).map(|met| usize::from(!met))))
            .collect(),
        Measure::OnTrack => {
            let report = a.on_track(scope, window);
            pupils
                .iter()
                .map(|p| {
                    let standing = report
                        .pupils
                        .iter()
                        .find(|s| s.pupil_id == p.id)
                        .map(|s| s.standing);
                    let column = match standing {
                        Some(Standing::OnTrack) => Some(0),
                        Some(Standing::NotOnTrack) => Some(1),
                        _ => None,
                    };
                    (*p, column)
                })
                .collect()
        }
        Measure::Fluency => {
            let summary = a.fluency(scope, window);
            pupils
                .iter()
                .map(|p| {
                    let reading = summary.readings.iter().find(|r| r.pupil_id == p.id);
                    let column = reading.map(|r| match r.band {
                        Some(AccuracyBand::Independent) => 0,
                        Some(AccuracyBand::Instructional) => 1,
                        Some(AccuracyBand::Hard) | None => 2,
                    });
                    (*p, column)
                })
                .collect()
        }
    }
}

/// The terms of `year` that have begun by `today`.
fn terms_begun(a: &Analytics, year: AcademicYear, today: Date) -> Vec<Window> {
    let dates = a.options().term_dates;
    Window::year_of(year)
        .into_iter()
        .filter(|w| w.dates(&dates).0 <= today)
        .collect()
}

pub(crate) fn counts_for(a: &Analytics, year_group: YearGroup, windows: &[Window]) -> Counts {
    let scope = Scope::YearGroup(year_group);
    let pupils = a.pupils_in(scope);
    let (cohort, cohort_unrecorded) = count(&pupils.iter().map(|p| (*p, Some(0))).collect(), 1);
    let mut tables = Vec::new();
    for window in windows {
        for measure in Measure::ALL {
            let classified = classify(a, &pupils, measure, *window, scope);
            let (by_row, unrecorded) = count(&classified, measure.columns().len());
            tables.push((measure, window.term, by_row, unrecorded));
        }
    }
    Counts {
        pupils: cohort.iter().map(|r| r[0]).collect(),
        unrecorded: cohort_unrecorded[0],
        tables,
    }
}

/// The relations of one year group's counts: every published cell and every count a reader
/// could work out from them, so suppression protects both.
pub(crate) struct YearGrid {
    pub grid: Grid,
    /// Cohort cell per row.
    pub pupils: Vec<CellId>,
    /// Per table: published cells [row][column].
    pub tables: Vec<(Measure, Term, Vec<Vec<CellId>>)>,
}

pub(crate) fn year_grid(counts: &Counts) -> YearGrid {
    let mut g = Grid::new();
    let pupils: Vec<CellId> = Row::ALL
        .iter()
        .enumerate()
        .map(|(i, row)| g.cell(counts.pupils[i], u32::from(*row == Row::All)))
        .collect();
    // Pupils whose gender is not recorded: a hidden row, only when there are any.
    let unrecorded = (counts.unrecorded > 0).then(|| g.hidden(counts.unrecorded));
    // total = in + rest (+ gender not recorded), for a vector of cells per row.
    let relate_groups = |g: &mut Grid, per_row: &[CellId], unrec: Option<CellId>| {
        for group in Group::ALL {
            let mut parts = vec![
                per_row[row_index(Row::of(group, true))],
                per_row[row_index(Row::of(group, false))],
            ];
            if group == Group::Boys {
                parts.extend(unrec);
            }
            g.relate(per_row[0], parts);
        }
    };
    relate_groups(&mut g, &pupils, unrecorded);
    let mut tables = Vec::new();
    for (measure, term, by_row, unrec_counts) in &counts.tables {
        let columns = measure.columns().len();
        let cost = |row: Row| 2 + 3 * row.keep_priority() + measure.keep_priority();
        // Published columns, then the hidden "no result" column.
        let cells: Vec<Vec<CellId>> = Row::ALL
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut r: Vec<CellId> = (0..columns)
                    .map(|j| g.cell(by_row[i][j], cost(*row)))
                    .collect();
                r.push(g.hidden(by_row[i][columns]));
                r
            })
            .collect();
        let unrec_cells: Option<Vec<CellId>> =
            unrecorded.map(|_| unrec_counts.iter().map(|v| g.hidden(*v)).collect());
        for (i, row) in cells.iter().enumerate() {
            g.relate(pupils[i], row.clone());
        }
        if let (Some(total), Some(row)) = (unrecorded, &unrec_cells) {
            g.relate(total, row.clone());
        }
        for j in 0..=columns {
            let column: Vec<CellId> = cells.iter().map(|r| r[j]).collect();
            relate_groups(&mut g, &column, unrec_cells.as_ref().map(|u| u[j]));
        }
        let published = cells.into_iter().map(|mut r| {
            r.pop();
            r
        });
        tables.push((*measure, *term, published.collect()));
    }
    YearGrid {
        grid: g,
        pupils,
        tables,
    }
}

fn table(
    measure_columns: &[&str],
    rows: &[CellId],
    columns: usize,
    cell: &dyn Fn(CellId) -> Cell,
) -> Table {
    Table {
        columns: measure_columns.iter().map(|c| c.to_string()).collect(),
        rows: Row::ALL
            .iter()
            .enumerate()
            .map(|(i, row)| TableRow {
                row: *row,
                counts: rows[i * columns..(i + 1) * columns]
                    .iter()
                    .map(|c| cell(*c))
                    .collect(),
            })
            .collect(),
    }
}

/// One year group's summary, suppressed, with the grid it was suppressed on (for tests).
pub(crate) fn year_group_summary(
    a: &Analytics,
    year_group: YearGroup,
    windows: &[Window],
) -> (YearGroupSummary, YearGrid, Vec<bool>) {
    let counts = counts_for(a, year_group, windows);
    let yg = year_grid(&counts);
    let suppressed = yg.grid.suppress();
    let cell = |c: CellId| {
        if suppressed[c] {
            Cell::Suppressed
        } else {
            Cell::Count(yg.grid.value(c))
        }
    };
    let pupils = table(&["pupils"], &yg.pupils, 1, &cell);
    let mut terms: Vec<TermSummary> = Vec::new();
    for window in windows {
        let of = |m: Measure| {
            yg.tables
                .iter()
                .find(|(measure, term, _)| *measure == m && *term == window.term)
                .map(|(_, _, cells)| {
                    let flat: Vec<CellId> = cells.iter().flatten().copied().collect();
                    table(m.columns(), &flat, m.columns().len(), &cell)
                })
        };
        if let (Some(screening), Some(on_track), Some(fluency)) = (
            of(Measure::Screening),
            of(Measure::OnTrack),
            of(Measure::Fluency),
        ) {
            terms.push(TermSummary {
                term: window.term,
                screening,
                on_track,
                fluency,
            });
        }
    }
    (
        YearGroupSummary {
            year_group,
            pupils,
            terms,
        },
        yg,
        suppressed,
    )
}

/// The school's summary for an academic year: the terms begun by `today`, Years 1 and 2,
/// every count suppressed as [`super::suppress`] describes.
pub fn school_summary(
    a: &Analytics,
    school: SchoolIdentity,
    year: AcademicYear,
    today: Date,
    created_at: OffsetDateTime,
) -> SchoolSummary {
    let windows = terms_begun(a, year, today);
    SchoolSummary {
        created_at,
        school,
        academic_year: year,
        threshold: a.options().threshold,
        min_count: MIN_COUNT,
        year_groups: SUMMARY_YEAR_GROUPS
            .iter()
            .map(|y| year_group_summary(a, *y, &windows).0)
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------
// The file.

#[derive(Serialize, Deserialize)]
struct Payload<'a> {
    format: Cow<'a, str>,
    format_version: u32,
    #[serde(flatten)]
    summary: Cow<'a, SchoolSummary>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    #[serde(flatten)]
    payload: &'a Payload<'a>,
    checksum: String,
}

/// The file's text: the summary, its format and version, and a SHA-256 checksum over the
/// rest (the backup's seal).
pub fn encode_summary(summary: &SchoolSummary) -> String {
    let payload = Payload {
        format: Cow::Borrowed(SUMMARY_FORMAT),
        format_version: SUMMARY_FORMAT_VERSION,
        summary: Cow::Borrowed(summary),
    };
    // Counts and strings serialize infallibly; an empty text rather than a panic otherwise.
    let Ok(sum) = checksum(&payload) else {
        return String::new();
    };
    serde_json::to_string_pretty(&FileOut {
        payload: &payload,
        checksum: sum,
    })
    .unwrap_or_default()
}

/// `readby7-school-summary-<URN or name>-2026-12-02.json`.
pub fn summary_file_name(summary: &SchoolSummary, date: Date) -> String {
    let who = if summary.school.urn.trim().is_empty() {
        summary.school.name.as_str()
    } else {
        summary.school.urn.as_str()
    };
    let who: String = who
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let who = who.trim_matches('-');
    let who = if who.is_empty() { "school" } else { who };
    format!(
        "{SUMMARY_FORMAT}-{who}-{}.json",
        crate::domain::dates::format_iso(date)
    )
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SummaryError {
    Empty,
    NotJson,
    /// Another kind of file (a backup, an export).
    NotASummary,
    NewerVersion {
        found: u64,
        supported: u32,
    },
    ChecksumMismatch,
    Damaged(String),
    /// A published count under the minimum: not made by ReadBy7's export, or edited.
    SmallCount(u32),
}

impl fmt::Display for SummaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SummaryError::Empty => write!(f, "the file is empty"),
            SummaryError::NotJson | SummaryError::NotASummary => write!(
                f,
                "this is not a ReadBy7 school summary (choose the file made by \"Export the school summary\" on the Progress page)"
            ),
            SummaryError::NewerVersion { found, supported } => write!(
                f,
                "it was made by a newer version of ReadBy7 (summary format {found}; this app reads up to {supported}). Update the app first"
            ),
            SummaryError::ChecksumMismatch => write!(
                f,
                "its check number (checksum) does not match: the file was changed or damaged after it was made. Ask the school to export it again"
            ),
            SummaryError::Damaged(detail) => write!(f, "the file is damaged: {detail}"),
            SummaryError::SmallCount(n) => write!(
                f,
                "it holds a count of {n}, under {MIN_COUNT}: ReadBy7 never publishes one, so the file was not made by its export"
            ),
        }
    }
}

/// Reads a summary file: format, version, checksum, then the shape of every table.
pub fn decode_summary(text: &str) -> Result<SchoolSummary, SummaryError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(SummaryError::Empty);
    }
    let mut value: Value = serde_json::from_str(text).map_err(|e| {
        if text.contains(SUMMARY_FORMAT) {
            SummaryError::Damaged(format!("the text is cut short or garbled ({e})"))
        } else {
            SummaryError::NotJson
        }
    })?;
    let Some(object) = value.as_object_mut() else {
        return Err(SummaryError::NotASummary);
    };
    if object.get("format").and_then(Value::as_str) != Some(SUMMARY_FORMAT) {
        return Err(SummaryError::NotASummary);
    }
    let version = object
        .get("format_version")
        .and_then(Value::as_u64)
        .ok_or_else(|| SummaryError::Damaged("it does not say which format it uses".into()))?;
    if version > u64::from(SUMMARY_FORMAT_VERSION) {
        return Err(SummaryError::NewerVersion {
            found: version,
            supported: SUMMARY_FORMAT_VERSION,
        });
    }
    let stored_sum = match object.remove("checksum") {
        Some(Value::String(s)) => s,
        _ => {
            return Err(SummaryError::Damaged(
                "its check number (checksum) is missing".into(),
            ))
        }
    };
    let payload: Payload<'static> = serde_json::from_value(value)
        .map_err(|e| SummaryError::Damaged(format!("a part is missing or unreadable ({e})")))?;
    let sum = checksum(&payload).map_err(|e| SummaryError::Damaged(e.to_string()))?;
    if !sum.eq_ignore_ascii_case(stored_sum.trim()) {
        return Err(SummaryError::ChecksumMismatch);
    }
    let summary = payload.summary.into_owned();
    check_shape(&summary)?;
    Ok(summary)
}

fn check_shape(summary: &SchoolSummary) -> Result<(), SummaryError> {
    for y in &summary.year_groups {
        let expected = std::iter::once((y.pupils.clone(), &["pupils"][..])).chain(
            y.terms
                .iter()
                .flat_map(|t| Measure::ALL.map(|m| (t.table(m).clone(), m.columns()))),
        );
        for (table, columns) in expected {
            if table.columns != columns {
                return Err(SummaryError::Damaged(format!(
                    "a {} table has the columns {:?}, not {:?}",
                    y.year_group.label(),
                    table.columns,
                    columns
                )));
            }
            let rows: Vec<Row> = table.rows.iter().map(|r| r.row).collect();
            if rows != Row::ALL || table.rows.iter().any(|r| r.counts.len() != columns.len()) {
                return Err(SummaryError::Damaged(format!(
                    "a {} table is missing rows or counts",
                    y.year_group.label()
                )));
            }
            if let Some(n) = table
                .cells()
                .filter_map(Cell::count)
                .find(|n| *n < summary.min_count.max(MIN_COUNT))
            {
                return Err(SummaryError::SmallCount(n));
            }
        }
    }
    Ok(())
}
