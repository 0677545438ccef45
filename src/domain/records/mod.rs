//! Records that leave the device: CSV for the school's MIS, the Common Transfer File (CTF), a
//! full backup and its restore, merging tablets, and a pupil's report for parents. Pure
//! functions over slices: the caller reads the stores, calls one function, and writes or
//! downloads what it returns. Nothing here touches storage or the browser.
//!
//! # Guide for the UI integrator
//!
//! ## Shared pieces
//! - [`Dataset`] `{ classes, pupils, sessions, audio }`: what backups carry and merges combine.
//! - [`Window`] `{ from, to }`: dates `[from, to)` (UTC date of `started_at`).
//! - [`latest_result`]`(pupil, kind, window, sessions) -> Option<&CheckSession>`: the result
//!   every export uses (latest finished session; ties by `updated_at`, then id).
//!
//! ## MIS CSV ([`mis`])
//! - [`mis_csv`]`(kind, window, pupils, classes, sessions, threshold) -> String`: one row per
//!   pupil passed in (in the order given), for one [`CheckKind`] and a [`Window`] of dates
//!   `[from, to)`. The result used is the pupil's *latest finished* session of that kind
//!   started in the window (complete, stopped early, or not taken with A/D/L/Q); in-progress
//!   sessions are ignored. Columns: UPN, Surname, Forename, Date of birth (ISO), Year group,
//!   Class, Mark, Outcome code, then for screening "Wa/Wt", for fluency "Accuracy".
//!   Screening: a not-taken check leaves Mark blank and puts A/D/L/Q in Outcome code, which
//!   holds nothing else (Wa/Wt are only in their own column).
//!   Fluency: Mark is WCPM, Accuracy a whole percent (rounded down).
//!   Other kinds: Mark is the number of items read correctly.
//! - [`detailed_csv`]`(pupils, sessions) -> String`: one row per item marked.
//! - [`mis_file_name`] / [`detailed_file_name`] give dated file names.
//! - Every cell is neutralised against spreadsheet formula injection ([`neutralise`]): a cell
//!   starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading apostrophe.
//!   The files are UTF-8 with a header row and re-import with `import::preview`.
//!
//! ## CTF ([`ctf`])
//! - [`ctf_xml`]`(&CtfRequest) -> Result<CtfExport, CtfError>`. [`CtfExport`] has the `xml`,
//!   the `file_name` (`<LA><Estab>_CTF_<LA><Estab>_<NNN>.xml`, NNN the request's
//!   `export_number`: keep a per-device count and raise it with [`next_export_number`]),
//!   `not_exported` (each pupil left out, with the reason: no UPN, a UPN shared with another
//!   pupil, no finished screening check in the window) and `sex_not_recorded` (pupils written
//!   without `<Sex>`). [`CtfError`] names the missing or invalid setting (`field` is the
//!   settings form's field id).
//! - [`sex_not_recorded_warning`]`(&CtfRequest)`: the warning to show before download.
//! - Written as the DfE's own CTF writers (MTC, GIAP) write: `<Sex>` M/F, `CTFversion` from
//!   the academic year ([`ctf::codes::ctf_version`]), `ResultStatus` R; a mark, or A/D/L/Q
//!   as an outcome with no mark; Wa/Wt only when `Settings::ctf_wa_wt` is on. Sources are
//!   quoted on each constant in [`ctf::codes`]; Stage, Subject, Method, Component and
//!   ResultQualifier are NOT confirmed: the user guide tells the school to check the file
//!   imports into its MIS.
//!
//! ## Backup and restore ([`backup`])
//! - Build a [`Backup`] (created_at, device_id, schema_version, settings, [`Dataset`]) and call
//!   [`encode_backup`] for the file text; [`backup_file_name`] for its name.
//! - [`decode_backup`]`(&str) -> Result<Backup, BackupError>` checks *everything* before
//!   returning (format, version, checksum, truncation, duplicates, sessions without a pupil,
//!   UPNs); `BackupError`'s `Display` is a message for the teacher. Before restoring, storage
//!   should compare `backup.schema_version` with its own (`schema::plan`) and migrate.
//! - [`backup_reminder`]`(last_backup, now) -> Option<String>`: a nudge after 7 days (or never).
//! - Audio clips travel as [`AudioClip`] with base64 data ([`AudioClip::from_bytes`],
//!   [`AudioClip::bytes`]).
//!
//! ## Merge ([`merge`])
//! - [`merge()`]`(&local, &incoming) -> MergeOutcome`: `merged` is the complete new content of
//!   the stores (write it in one transaction, replacing what is there), `summary` the counts
//!   for "12 pupils added, 3 updated..." ([`MergeSummary::describe`]), `superseded_pupils` /
//!   `superseded_classes` the local ids that were folded into another record (delete them).
//! - Pupils match by id, then by UPN (the same child added on two tablets), then by name and
//!   date of birth where a side has no UPN (a UPN only one side knew is kept); classes by id, then
//!   by name and academic year. The record with the newest `updated_at` wins; ties go to the
//!   higher device id, then the larger serialized record, so merging is commutative.
//!   Sessions and audio clips match by id only; two copies of a session merge mark by mark
//!   ([`CheckSession::merge`]). Output lists are sorted by id.
//!
//! ## Parents and subject access requests ([`report`])
//! - [`parent_report`] builds a [`ParentReport`]: plain sentences about the latest screening
//!   check and fluency reading, and the GPCs to practise the teacher chose.
//! - [`pupil_data_json`]`(pupil, sessions) -> String`: everything stored about one pupil.

pub mod backup;
pub mod ctf;
pub mod merge;
pub mod mis;
pub mod report;

#[cfg(test)]
mod props;
#[cfg(test)]
pub(crate) mod testdata;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::analytics::{self, TermDates};
use super::model::{AcademicYear, CheckKind, CheckSession, Class, Pupil};

pub use backup::{
    backup_file_name, backup_reminder, decode_backup, encode_backup, AudioClip, Backup,
    BackupError, BACKUP_FORMAT, BACKUP_FORMAT_VERSION,
};
pub use ctf::{
    ctf_file_name, ctf_xml, next_export_number, sex_not_recorded_warning, CtfError, CtfExport,
    CtfRequest, NotExported, PupilNamed,
};
pub use merge::{merge, Counts, MergeOutcome, MergeSummary};
pub use mis::{detailed_csv, detailed_file_name, mis_csv, mis_file_name, neutralise};
pub use report::{parent_report, pupil_data_json, FluencyLine, ParentReport, ScreeningLine};

/// Everything a school keeps about its pupils: what a backup carries and a merge combines.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub classes: Vec<Class>,
    pub pupils: Vec<Pupil>,
    pub sessions: Vec<CheckSession>,
    /// Recordings of fluency readings; empty when the backup was made without audio.
    pub audio: Vec<AudioClip>,
}

/// Dates `[from, to)`: `from` included, `to` excluded, so consecutive terms do not overlap.
/// A session belongs to the window by the (UTC) date it was started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: Date,
    pub to: Date,
}

impl Window {
    pub fn contains(&self, at: OffsetDateTime) -> bool {
        let date = at.to_offset(time::UtcOffset::UTC).date();
        self.from <= date && date < self.to
    }

    /// One term of an academic year, as the school's term dates in Settings set it.
    pub fn of_term(term: analytics::Window, dates: &TermDates) -> Window {
        let (from, last) = term.dates(dates);
        Window::through(from, last)
    }

    /// A whole academic year: the first day of autumn to the day before the next autumn.
    pub fn of_year(year: AcademicYear, dates: &TermDates) -> Window {
        let [autumn, _, summer] = analytics::Window::year_of(year);
        Window::through(autumn.dates(dates).0, summer.dates(dates).1)
    }

    fn through(from: Date, last: Date) -> Window {
        Window {
            from,
            to: last.next_day().unwrap_or(last),
        }
    }
}

/// The pupil's latest finished session of `kind` started in `window` (ties: the later saved,
/// then the larger id, so the choice never depends on the order sessions are passed in).
pub fn latest_result<'s>(
    pupil: &Pupil,
    kind: CheckKind,
    window: Window,
    sessions: &'s [CheckSession],
) -> Option<&'s CheckSession> {
    crate::domain::session::latest_finished(
        sessions
            .iter()
            .filter(|s| s.pupil_id == pupil.id && window.contains(s.started_at)),
        kind,
    )
}

#[cfg(test)]
mod window_tests {
    use super::*;
    use crate::domain::analytics::MonthDay;
    use crate::domain::fluency::Term;
    use time::macros::date;

    const DATES: TermDates = TermDates {
        spring_starts: MonthDay::new(1, 5),
        summer_starts: MonthDay::new(4, 20),
    };

    #[test]
    fn a_term_runs_to_the_day_before_the_next_term() {
        let spring = analytics::Window::new(AcademicYear(2025), Term::Spring);
        let w = Window::of_term(spring, &DATES);
        assert_eq!(
            (w.from, w.to),
            (date!(2026 - 01 - 05), date!(2026 - 04 - 20))
        );
        let summer = analytics::Window::new(AcademicYear(2025), Term::Summer);
        assert_eq!(Window::of_term(summer, &DATES).to, date!(2026 - 09 - 01));
    }

    #[test]
    fn a_year_is_its_three_terms_end_to_end() {
        let w = Window::of_year(AcademicYear(2025), &DATES);
        assert_eq!(
            (w.from, w.to),
            (date!(2025 - 09 - 01), date!(2026 - 09 - 01))
        );
        for term in analytics::Window::year_of(AcademicYear(2025)) {
            let t = Window::of_term(term, &DATES);
            assert!(w.from <= t.from && t.to <= w.to, "{term:?} inside the year");
        }
    }
}
