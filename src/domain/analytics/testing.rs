//! Small hand-made schools for the analytics tests.

use time::macros::{date, datetime};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Analytics, Options};
use crate::domain::fluency::{FluencyRecord, Mark, PassageLevel, TimerState};
use crate::domain::ids::{ClassId, DeviceId, PupilId, SessionId};
use crate::domain::model::{
    AcademicYear, CheckKind, CheckSession, Class, Gender, NotTakenCode, Pupil, Response,
    SessionStatus, ShownItem, YearGroup,
};

pub const YEAR: AcademicYear = AcademicYear(2025);
pub const AUTUMN: OffsetDateTime = datetime!(2025-11-10 10:00 UTC);
pub const SPRING: OffsetDateTime = datetime!(2026-03-02 10:00 UTC);
pub const SUMMER: OffsetDateTime = datetime!(2026-05-11 10:00 UTC);

pub struct Fixture {
    pub classes: Vec<Class>,
    pub pupils: Vec<Pupil>,
    pub sessions: Vec<CheckSession>,
    next: u128,
}

impl Fixture {
    pub fn new() -> Self {
        Fixture {
            classes: Vec::new(),
            pupils: Vec::new(),
            sessions: Vec::new(),
            next: 1,
        }
    }

    fn uuid(&mut self) -> Uuid {
        self.next += 1;
        Uuid::from_u128(self.next)
    }

    pub fn analytics(&self) -> Analytics<'_> {
        Analytics::new(
            &self.classes,
            &self.pupils,
            &self.sessions,
            Options::default(),
        )
    }

    pub fn class(&mut self, name: &str, year_group: YearGroup) -> ClassId {
        let id = ClassId::from_uuid(self.uuid());
        self.classes.push(Class {
            id,
            name: name.into(),
            year_group,
            academic_year: YEAR,
            archived: false,
            updated_at: AUTUMN,
            device_id: DeviceId::from_uuid(Uuid::nil()),
        });
        id
    }

    /// A pupil of the class's year group (a girl born in October, no flags), then `edit`.
    pub fn pupil(&mut self, class: ClassId, edit: impl FnOnce(&mut Pupil)) -> PupilId {
        let year_group = self
            .classes
            .iter()
            .find(|c| c.id == class)
            .map_or(YearGroup::Year1, |c| c.year_group);
        let id = PupilId::from_uuid(self.uuid());
        let mut p = Pupil {
            id,
            upn: None,
            forename: format!("Pupil{}", self.next),
            surname: "Test".into(),
            date_of_birth: date!(2019 - 10 - 15),
            gender: Gender::Female,
            year_group,
            class_id: Some(class),
            disadvantaged: false,
            send: false,
            eal: false,
            archived: false,
            updated_at: AUTUMN,
            device_id: DeviceId::from_uuid(Uuid::nil()),
        };
        edit(&mut p);
        self.pupils.push(p);
        id
    }

    fn session(&mut self, pupil: PupilId, kind: CheckKind, at: OffsetDateTime) -> CheckSession {
        CheckSession {
            id: SessionId::from_uuid(self.uuid()),
            pupil_id: pupil,
            kind,
            items: Vec::new(),
            marked_at: Vec::new(),
            responses: Vec::new(),
            form: None,
            scope: None,
            fluency: None,
            started_at: at,
            finished_at: Some(at),
            reopened_at: None,
            status: SessionStatus::Complete,
            assessor: "T".into(),
            notes: String::new(),
            updated_at: at,
            device_id: DeviceId::from_uuid(Uuid::nil()),
        }
    }

    /// A finished screening check of 40 single-letter words, the first `mark` read right.
    pub fn screening(&mut self, pupil: PupilId, at: OffsetDateTime, mark: usize) {
        let items = (0..40)
            .map(|i| (vec!["s", "a", "t"], i < mark))
            .collect::<Vec<_>>();
        self.screening_items(pupil, at, &items);
    }

    /// A finished screening check with these items (GPC ids, read right?).
    pub fn screening_items(
        &mut self,
        pupil: PupilId,
        at: OffsetDateTime,
        items: &[(Vec<&str>, bool)],
    ) {
        let mut s = self.session(pupil, CheckKind::Screening, at);
        s.items = items
            .iter()
            .enumerate()
            .map(|(i, (gpcs, _))| ShownItem {
                text: format!("w{i}"),
                gpcs: gpcs.iter().map(|g| g.to_string()).collect(),
                pseudo: false,
            })
            .collect();
        s.responses = items
            .iter()
            .map(|(_, right)| {
                Some(if *right {
                    Response::Correct
                } else {
                    Response::Incorrect
                })
            })
            .collect();
        self.sessions.push(s);
    }

    /// Changes the last session added.
    pub fn edit_last(&mut self, edit: impl FnOnce(&mut CheckSession)) {
        if let Some(s) = self.sessions.last_mut() {
            edit(s);
        }
    }

    pub fn not_taken(&mut self, pupil: PupilId, at: OffsetDateTime, code: NotTakenCode) {
        let mut s = self.session(pupil, CheckKind::Screening, at);
        s.status = SessionStatus::NotTaken(code);
        self.sessions.push(s);
    }

    /// A full-minute reading: `correct` words right and `errors` errors, so WCPM = `correct`.
    pub fn fluency(&mut self, pupil: PupilId, at: OffsetDateTime, correct: usize, errors: usize) {
        let mut s = self.session(pupil, CheckKind::Fluency, at);
        let words = correct + errors + 20;
        let level = PassageLevel::new(5).unwrap_or(PassageLevel::MIN);
        let mut r = FluencyRecord::new("test", level, words);
        for m in r.marks.iter_mut().take(errors) {
            *m = Some(Mark::Error);
        }
        r.last_word_read = (correct + errors).checked_sub(1);
        r.elapsed_ms = 60_000;
        r.timer = TimerState::Ended;
        s.fluency = Some(r);
        self.sessions.push(s);
    }
}
