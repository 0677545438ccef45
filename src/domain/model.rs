//! The records ReadBy7 keeps, as the design's data model describes them. Every record carries
//! `updated_at` and the id of the device that wrote it, so tablets can be merged later.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::ids::{ClassId, DeviceId, PupilId, SessionId};
use super::upn::Upn;

/// The KS1 year groups ReadBy7 serves (Reception is where phonics starts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum YearGroup {
    Reception,
    Year1,
    Year2,
}

impl YearGroup {
    pub const ALL: [YearGroup; 3] = [YearGroup::Reception, YearGroup::Year1, YearGroup::Year2];

    pub fn label(self) -> &'static str {
        match self {
            YearGroup::Reception => "Reception",
            YearGroup::Year1 => "Year 1",
            YearGroup::Year2 => "Year 2",
        }
    }
}

/// An academic year, named by the calendar year it starts in: `AcademicYear(2026)` is 2026/27.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AcademicYear(pub u16);

impl AcademicYear {
    /// English school years start on 1 September.
    pub fn containing(date: time::Date) -> Self {
        let year = date.year() as u16;
        if date.month() as u8 >= 9 {
            AcademicYear(year)
        } else {
            AcademicYear(year - 1)
        }
    }

    pub fn label(self) -> String {
        format!("{}/{:02}", self.0, (self.0 + 1) % 100)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Class {
    pub id: ClassId,
    pub name: String,
    pub year_group: YearGroup,
    pub academic_year: AcademicYear,
    pub archived: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub device_id: DeviceId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    Female,
    Male,
    /// Not recorded, or recorded as something other than F/M in the school's MIS.
    NotRecorded,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pupil {
    pub id: PupilId,
    /// Unique pupil number; optional because a new arrival may not have one yet.
    pub upn: Option<Upn>,
    pub forename: String,
    pub surname: String,
    pub date_of_birth: time::Date,
    pub gender: Gender,
    pub year_group: YearGroup,
    pub class_id: Option<ClassId>,
    /// Pupil premium / free school meals: the gap the reading lead watches.
    pub disadvantaged: bool,
    pub send: bool,
    pub eal: bool,
    pub archived: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub device_id: DeviceId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CheckKind {
    Screening,
    Gpc,
    WordReading,
    TrickyWords,
    Fluency,
}

impl CheckKind {
    pub fn label(self) -> &'static str {
        match self {
            CheckKind::Screening => "Phonics screening practice",
            CheckKind::Gpc => "GPC check",
            CheckKind::WordReading => "Word reading",
            CheckKind::TrickyWords => "Tricky words",
            CheckKind::Fluency => "Fluency",
        }
    }
}

/// The statutory codes for a check that was not taken (the mark is then blank, not 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotTakenCode {
    /// A: absent.
    Absent,
    /// D: disapplied.
    Disapplied,
    /// L: left the school.
    Left,
    /// Q: maladministration.
    Maladministration,
}

impl NotTakenCode {
    pub fn code(self) -> char {
        match self {
            NotTakenCode::Absent => 'A',
            NotTakenCode::Disapplied => 'D',
            NotTakenCode::Left => 'L',
            NotTakenCode::Maladministration => 'Q',
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SessionStatus {
    InProgress,
    Complete,
    StoppedEarly,
    NotTaken(NotTakenCode),
}

/// One item as the child saw it, kept so a result can always be re-read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownItem {
    pub text: String,
    /// The item's GPC breakdown, e.g. `["s", "t", "r", "ee", "t"]`.
    pub gpcs: Vec<String>,
    pub pseudo: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Response {
    Correct,
    Incorrect,
    /// Word-reading checks: read correctly by sounding out and blending.
    Blended,
    /// Word-reading checks: read correctly at once, without overt blending.
    Automatic,
}

impl Response {
    pub fn is_correct(self) -> bool {
        !matches!(self, Response::Incorrect)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckSession {
    pub id: SessionId,
    pub pupil_id: PupilId,
    pub kind: CheckKind,
    pub items: Vec<ShownItem>,
    /// One slot per item, filled as the adult marks it (written on every tap).
    pub responses: Vec<Option<Response>>,
    /// When each item's mark was last set or cleared, parallel to `responses`: two copies of
    /// one session (two tabs, two tablets) merge item by item, the later mark winning
    /// ([`CheckSession::merge`]). Empty or `None` in sessions saved before it existed.
    #[serde(default, with = "crate::domain::dates::rfc3339_slots")]
    pub marked_at: Vec<Option<OffsetDateTime>>,
    /// The practice form's number, for screening checks.
    #[serde(default)]
    pub form: Option<u32>,
    /// What a progress check covered, in words (e.g. "Phase 3", "Taught so far").
    #[serde(default)]
    pub scope: Option<String>,
    /// Fluency checks: the passage, marks, timer, expression and audio.
    #[serde(default)]
    pub fluency: Option<super::fluency::FluencyRecord>,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    /// When a finished check was last opened again to correct it: a reopening newer than the
    /// copy finished elsewhere keeps the check open when the copies merge.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub reopened_at: Option<OffsetDateTime>,
    pub status: SessionStatus,
    pub assessor: String,
    pub notes: String,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub device_id: DeviceId,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn academic_year_starts_in_september() {
        assert_eq!(
            AcademicYear::containing(date!(2026 - 08 - 31)),
            AcademicYear(2025)
        );
        assert_eq!(
            AcademicYear::containing(date!(2026 - 09 - 01)),
            AcademicYear(2026)
        );
        assert_eq!(AcademicYear(2026).label(), "2026/27");
        assert_eq!(AcademicYear(2099).label(), "2099/00");
    }

    #[test]
    fn records_serialise_with_iso_times_and_round_trip() {
        let pupil = Pupil {
            id: PupilId::random(),
            upn: Upn::parse("B801200005001").ok(),
            forename: "Zoë".into(),
            surname: "O'Neill".into(),
            date_of_birth: date!(2020 - 02 - 29),
            gender: Gender::Female,
            year_group: YearGroup::Year1,
            class_id: Some(ClassId::random()),
            disadvantaged: true,
            send: false,
            eal: true,
            archived: false,
            updated_at: datetime!(2026-11-23 09:15:00 UTC),
            device_id: DeviceId::random(),
        };
        let json = serde_json::to_value(&pupil).expect("serialises");
        assert_eq!(json["updated_at"], "2026-11-23T09:15:00Z");
        let back: Pupil = serde_json::from_value(json).expect("parses");
        assert_eq!(back, pupil);
    }

    #[test]
    fn not_taken_codes_are_the_statutory_letters() {
        let codes: String = [
            NotTakenCode::Absent,
            NotTakenCode::Disapplied,
            NotTakenCode::Left,
            NotTakenCode::Maladministration,
        ]
        .iter()
        .map(|c| c.code())
        .collect();
        assert_eq!(codes, "ADLQ");
    }
}
