//! Hand-made records for the tests of this module.

use time::macros::{date, datetime};
use time::OffsetDateTime;

use super::Window;
use crate::domain::fluency::{FluencyRecord, Mark, PassageLevel, TimerState};
use crate::domain::ids::{ClassId, DeviceId, PupilId, SessionId};
use crate::domain::model::{
    AcademicYear, CheckKind, CheckSession, Class, Gender, NotTakenCode, Pupil, Response,
    SessionStatus, ShownItem, YearGroup,
};
use crate::domain::upn::Upn;

pub const NOW: OffsetDateTime = datetime!(2026-11-23 10:00 UTC);

pub fn device() -> DeviceId {
    DeviceId::parse("00000000-0000-4000-8000-000000000001").expect("uuid")
}

pub fn at(y: i32, m: u8, d: u8) -> OffsetDateTime {
    let month = time::Month::try_from(m).expect("month");
    time::Date::from_calendar_date(y, month, d)
        .expect("date")
        .with_hms(9, 30, 0)
        .expect("time")
        .assume_utc()
}

/// Summer term 2026.
pub fn window() -> Window {
    Window {
        from: date!(2026 - 06 - 01),
        to: date!(2026 - 07 - 01),
    }
}

pub fn class(name: &str) -> Class {
    Class {
        id: ClassId::random(),
        name: name.into(),
        year_group: YearGroup::Year1,
        academic_year: AcademicYear(2025),
        archived: false,
        updated_at: NOW,
        device_id: device(),
    }
}

pub fn pupil(forename: &str, surname: &str, upn: Option<&str>) -> Pupil {
    Pupil {
        id: PupilId::random(),
        upn: upn.map(|u| Upn::parse(u).expect("valid UPN")),
        forename: forename.into(),
        surname: surname.into(),
        date_of_birth: date!(2020 - 03 - 04),
        gender: Gender::Female,
        year_group: YearGroup::Year1,
        class_id: None,
        disadvantaged: false,
        send: false,
        eal: false,
        archived: false,
        updated_at: NOW,
        device_id: device(),
    }
}

pub fn item(text: &str, gpcs: &[&str], pseudo: bool) -> ShownItem {
    ShownItem {
        text: text.into(),
        gpcs: gpcs.iter().map(|g| g.to_string()).collect(),
        pseudo,
    }
}

fn session(pupil: &Pupil, kind: CheckKind, when: OffsetDateTime) -> CheckSession {
    CheckSession {
        id: SessionId::random(),
        pupil_id: pupil.id,
        kind,
        items: Vec::new(),
        marked_at: Vec::new(),
        responses: Vec::new(),
        form: None,
        scope: None,
        fluency: None,
        started_at: when,
        finished_at: Some(when + time::Duration::minutes(8)),
        reopened_at: None,
        status: SessionStatus::Complete,
        assessor: "JB".into(),
        notes: String::new(),
        updated_at: when + time::Duration::minutes(8),
        device_id: device(),
    }
}

/// A finished 40-item screening check with `correct` items read correctly.
pub fn screening(pupil: &Pupil, correct: usize, when: OffsetDateTime) -> CheckSession {
    let mut s = session(pupil, CheckKind::Screening, when);
    s.form = Some(1);
    s.items = (0..40)
        .map(|i| {
            item(
                if i % 2 == 0 { "chip" } else { "zort" },
                &["ch", "i", "p"],
                i % 2 == 1,
            )
        })
        .collect();
    s.responses = (0..40)
        .map(|i| {
            Some(if i < correct {
                Response::Correct
            } else {
                Response::Incorrect
            })
        })
        .collect();
    s
}

pub fn not_taken(pupil: &Pupil, code: NotTakenCode, when: OffsetDateTime) -> CheckSession {
    let mut s = screening(pupil, 0, when);
    s.responses = vec![None; 40];
    s.status = SessionStatus::NotTaken(code);
    s
}

pub fn in_progress(pupil: &Pupil, when: OffsetDateTime) -> CheckSession {
    let mut s = screening(pupil, 40, when);
    s.status = SessionStatus::InProgress;
    s.finished_at = None;
    s
}

/// A one-minute fluency reading of 50 words with `errors` errors among them.
pub fn fluency(pupil: &Pupil, errors: usize, when: OffsetDateTime) -> CheckSession {
    let mut s = session(pupil, CheckKind::Fluency, when);
    let level = PassageLevel::new(4).expect("level 4");
    let mut record = FluencyRecord::new("l4-the-cat-on-the-wall", level, 60);
    for i in 0..errors {
        record.marks[i * 3] = Some(Mark::Error);
    }
    record.last_word_read = Some(49);
    record.elapsed_ms = 60_000;
    record.timer = TimerState::Ended;
    s.fluency = Some(record);
    s
}
