//! Starting a screening practice check for a pupil.

use std::collections::HashSet;

use time::OffsetDateTime;

use super::form::{generate, Form};
use crate::domain::ids::{DeviceId, PupilId};
use crate::domain::model::{CheckKind, CheckSession};
use crate::domain::phonics::ContentError;
use crate::domain::session::{start, NewSession};

/// Every word a pupil has been shown in earlier screening checks.
pub fn seen_words(sessions: &[CheckSession]) -> HashSet<String> {
    sessions
        .iter()
        .filter(|s| s.kind == CheckKind::Screening)
        .flat_map(|s| s.items.iter().map(|i| i.text.clone()))
        .collect()
}

/// A pupil's forms are numbered 1, 2, 3... in the order they take them.
pub fn next_form_number(sessions: &[CheckSession]) -> u32 {
    sessions
        .iter()
        .filter(|s| s.kind == CheckKind::Screening)
        .filter_map(|s| s.form)
        .max()
        .map_or(1, |n| n + 1)
}

/// A new check for the pupil whose earlier sessions are `sessions`, and the form it uses.
pub fn start_screening(
    pupil_id: PupilId,
    sessions: &[CheckSession],
    assessor: String,
    now: OffsetDateTime,
    device_id: DeviceId,
) -> Result<(CheckSession, Form), ContentError> {
    let number = next_form_number(sessions);
    let form = generate(number, &seen_words(sessions))?;
    let session = start(
        NewSession {
            pupil_id,
            kind: CheckKind::Screening,
            items: form.items.clone(),
            form: Some(number),
            scope: None,
            fluency: None,
            assessor,
        },
        now,
        device_id,
    );
    Ok((session, form))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn each_new_check_is_the_next_form_with_new_words() {
        let pupil = PupilId::random();
        let device = DeviceId::random();
        let now = datetime!(2026-11-23 09:00 UTC);
        let (first, _) = start_screening(pupil, &[], "JB".into(), now, device).expect("first");
        assert_eq!(first.form, Some(1));
        assert_eq!(first.items.len(), 40);
        assert_eq!(first.responses.len(), 40);
        let (second, _) = start_screening(
            pupil,
            std::slice::from_ref(&first),
            "JB".into(),
            now,
            device,
        )
        .expect("second");
        assert_eq!(second.form, Some(2));
        let before = seen_words(&[first]);
        assert!(second.items.iter().all(|i| !before.contains(&i.text)));
    }
}

/// Pupils checked within this many days count as done for "next pupil": a practice round.
pub const ROUND_DAYS: i64 = 14;

/// The next pupil to check in a class: the first, in register order, who is not archived and
/// has started no screening check in the last fortnight.
pub fn next_pupil<'p>(
    register: &'p [crate::domain::model::Pupil],
    sessions: &[CheckSession],
    now: OffsetDateTime,
) -> Option<&'p crate::domain::model::Pupil> {
    let since = now - time::Duration::days(ROUND_DAYS);
    register.iter().filter(|p| !p.archived).find(|p| {
        !sessions
            .iter()
            .any(|s| s.pupil_id == p.id && s.kind == CheckKind::Screening && s.started_at >= since)
    })
}

#[cfg(test)]
mod next_pupil_tests {
    use super::*;
    use crate::domain::model::{Gender, Pupil, YearGroup};
    use time::macros::{date, datetime};

    fn pupil(name: &str, archived: bool) -> Pupil {
        Pupil {
            id: PupilId::random(),
            upn: None,
            forename: name.into(),
            surname: "Test".into(),
            date_of_birth: date!(2020 - 10 - 01),
            gender: Gender::NotRecorded,
            year_group: YearGroup::Year1,
            class_id: None,
            disadvantaged: false,
            send: false,
            eal: false,
            archived,
            updated_at: datetime!(2026-11-01 09:00 UTC),
            device_id: DeviceId::random(),
        }
    }

    #[test]
    fn next_pupil_skips_those_checked_this_round_and_the_archived() {
        let now = datetime!(2026-11-23 10:00 UTC);
        let register = [
            pupil("Ada", false),
            pupil("Ben", true),
            pupil("Cara", false),
            pupil("Dan", false),
        ];
        let (recent, _) = start_screening(
            register[0].id,
            &[],
            "JB".into(),
            now - time::Duration::days(3),
            DeviceId::random(),
        )
        .expect("start");
        let (old, _) = start_screening(
            register[2].id,
            &[],
            "JB".into(),
            now - time::Duration::days(30),
            DeviceId::random(),
        )
        .expect("start");
        let next = next_pupil(&register, &[recent.clone(), old], now).map(|p| p.forename.as_str());
        assert_eq!(
            next,
            Some("Cara"),
            "Ada was checked this round, Ben is archived, Cara's check was a month ago"
        );
        let all: Vec<CheckSession> = register
            .iter()
            .map(|p| {
                start_screening(p.id, &[], "JB".into(), now, DeviceId::random())
                    .expect("start")
                    .0
            })
            .collect();
        assert_eq!(next_pupil(&register, &all, now), None);
    }
}
