//! The borough's view (issue 19): a school summary of counts only, with small-number
//! suppression, sent as a file; the borough's figures across any number of them; national
//! reference figures; and a demo borough of 40 fictional schools.
//!
//! # The school summary ([`summary`])
//! Per academic year, term (those begun) and year group (Years 1 and 2), four tables of
//! counts, each with a row for all pupils and one for each side of each analytics group
//! (disadvantaged / not, SEND / not, EAL / not, boys / girls, summer-born / not):
//! - `pupils`: pupils in the year group (not archived), once per year group;
//! - `screening`: met the standard / not yet, from each pupil's latest practice check in the
//!   term (the analytics rule; Year 2 rows are the retakes);
//! - `on_track`: on track to read by 7 / not, at the end of the term, of pupils judged;
//! - `fluency`: the latest reading's accuracy band (95%+, 90–94%, below 90%).
//!
//! Every rule is the analytics module's: who is in scope, the windows, the latest result,
//! met, on track, the bands, summer-born. Pupils without a result are in no column; their
//! number is never written (but counts as a hidden cell for suppression).
//! The file carries the school's name, URN and LA number from Settings, the threshold, the
//! format and version, and a SHA-256 checksum sealed like the backup's. It holds no name,
//! UPN, date of birth or single pupil's result: only counts of at least [`MIN_COUNT`] pupils.
//!
//! # Suppression ([`suppress`]): primary and secondary, see that module.
//!
//! # Publishing later
//! The file's JSON is one self-contained document (identity, year, checksum): publishing to a
//! borough database is storing it under the id `summary:<URN>:<academic year>` (a newer
//! export replaces the older; withdrawing deletes it), and the borough view reads the
//! documents exactly as it reads files, through [`decode_summary`].

pub mod aggregate;
pub mod demo;
pub mod national;
pub mod summary;
pub mod suppress;

pub use aggregate::{
    borough_csv, borough_figures, borough_trend, gap_label, gap_narrowed_most, percent_label,
    row_share, same_school, school_figures, sort_schools, total, whole_percent, BoroughFigures,
    Narrowing, Period, Pooled, SchoolFigures, SortColumn,
};
pub use demo::{demo_borough, demo_borough_summary, DEMO_BOROUGH_SCHOOLS};
pub use national::{NationalFigure, NATIONAL};
pub use summary::{
    decode_summary, encode_summary, school_summary, summary_file_name, Cell, Measure, Row,
    SchoolIdentity, SchoolSummary, SummaryError, Table, SUMMARY_FORMAT, SUPPRESSED,
};
pub use suppress::MIN_COUNT;

#[cfg(test)]
mod tests;
