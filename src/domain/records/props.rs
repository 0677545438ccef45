//! Property tests: backup round trip, the algebra of merge, and MIS CSV re-import.

use proptest::prelude::*;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::*;
use crate::domain::ids::{ClassId, DeviceId, PupilId, SessionId};
use crate::domain::import::{preview, Action, ImportContext};
use crate::domain::model::{
    AcademicYear, Gender, NotTakenCode, Response, SessionStatus, ShownItem, YearGroup,
};
use crate::domain::pupil::usual_birth_range;
use crate::domain::settings::Settings;
use crate::domain::upn::Upn;

const BASE: OffsetDateTime = datetime!(2026-06-01 09:00 UTC);
const YEAR: AcademicYear = AcademicYear(2025);
const TODAY: Date = date!(2026 - 06 - 20);

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(64)
}

fn device(i: u8) -> DeviceId {
    DeviceId::from_uuid(Uuid::from_u128(1 + u128::from(i)))
}

/// A valid UPN from 12 digits: the one check letter that makes it parse.
fn upn_from(n: u64) -> Upn {
    let body = format!("{:012}", n % 1_000_000_000_000);
    "ABCDEFGHJKLMNPQRTUVWXYZ"
        .chars()
        .find_map(|c| Upn::parse(&format!("{c}{body}")).ok())
        .expect("one letter fits")
}

fn name() -> impl Strategy<Value = String> {
    "[A-ZÉŁ][a-zéëł]{1,7}([ ',\"-][A-Z][a-z]{1,7})?"
}

fn year_group() -> impl Strategy<Value = YearGroup> {
    prop::sample::select(YearGroup::ALL.to_vec())
}

/// A date of birth in the usual range for the year group in 2025/26.
fn dob(year: YearGroup, offset: u16) -> Date {
    let (start, _) = usual_birth_range(year, YEAR);
    start + time::Duration::days(i64::from(offset % 365))
}

/// How one side holds a record of the shared universe.
#[derive(Clone, Debug)]
struct Side {
    present: bool,
    /// Pupils and classes: held under another id (added separately on that device).
    twin: bool,
    minutes: i64,
    device: u8,
    edited: bool,
    /// This device has the pupil's UPN (the other may have been typed in without one).
    knows_upn: bool,
}

fn side() -> impl Strategy<Value = Side> {
    (any::<u8>(), any::<bool>(), 0i64..3, 0u8..2, any::<bool>()).prop_map(
        |(p, twin, minutes, device, edited)| Side {
            present: p % 4 != 0,
            twin,
            minutes,
            device,
            edited,
            knows_upn: (p / 4) % 4 != 0,
        },
    )
}

#[derive(Clone, Debug)]
struct PupilSpec {
    forename: String,
    surname: String,
    upn: Option<u64>,
    year: YearGroup,
    dob_offset: u16,
    class: Option<usize>,
    twin_lower: bool,
    a: Side,
    b: Side,
    sessions: Vec<(Side, Side, u8, bool)>,
}

fn pupil_spec() -> impl Strategy<Value = PupilSpec> {
    (
        (name(), name(), prop::option::of(any::<u64>()), year_group()),
        (any::<u16>(), prop::option::of(0usize..2), any::<bool>()),
        (side(), side()),
        prop::collection::vec((side(), side(), 0u8..41, any::<bool>()), 0..3),
    )
        .prop_map(
            |(
                (forename, surname, upn, year),
                (dob_offset, class, twin_lower),
                (a, b),
                sessions,
            )| {
                PupilSpec {
                    forename,
                    surname,
                    upn,
                    year,
                    dob_offset,
                    class,
                    twin_lower,
                    a,
                    b,
                    sessions,
                }
            },
        )
}

const CLASS_NAMES: [&str; 2] = ["1H", "2B"];

fn class_id(k: usize, twin: bool) -> ClassId {
    ClassId::from_uuid(Uuid::from_u128(10 + k as u128 + if twin { 100 } else { 0 }))
}

/// Builds the two devices' datasets from the specs. Each side has at most one record per
/// universe pupil, and UPNs are unique in the universe, as on a real device.
fn build(specs: &[PupilSpec], class_sides: &[(Side, Side)], second: bool) -> Dataset {
    let pick = |a: &Side, b: &Side| if second { b.clone() } else { a.clone() };
    let mut data = Dataset::default();
    for (k, (a, b)) in class_sides.iter().enumerate() {
        let s = pick(a, b);
        // Classes are on both sides (pupils point at them); a twin is another device's copy.
        data.classes.push(Class {
            id: class_id(k, second && s.twin),
            name: if s.edited {
                CLASS_NAMES[k].to_lowercase()
            } else {
                CLASS_NAMES[k].to_string()
            },
            year_group: YearGroup::Year1,
            academic_year: YEAR,
            archived: false,
            updated_at: BASE + time::Duration::minutes(s.minutes),
            device_id: device(s.device),
        });
    }
    let mut seen_upns = std::collections::HashSet::new();
    for (i, spec) in specs.iter().enumerate() {
        let s = pick(&spec.a, &spec.b);
        let upn = spec
            .upn
            .map(upn_from)
            .filter(|u| seen_upns.insert(u.clone()));
        if !s.present {
            continue;
        }
        // A twin is the same child added on another device: matched by UPN, or by name and
        // date of birth when it has none (and not at all when one side edited the surname).
        let twin = second && s.twin;
        let id = if twin {
            let offset = if spec.twin_lower { 0 } else { 10_000 };
            PupilId::from_uuid(Uuid::from_u128(offset + 1_000 + i as u128))
        } else {
            PupilId::from_uuid(Uuid::from_u128(5_000 + i as u128))
        };
        let class_id = spec.class.map(|k| {
            let twin = second && class_sides[k].1.twin;
            class_id(k, twin)
        });
        data.pupils.push(Pupil {
            id,
            upn: upn.filter(|_| s.knows_upn),
            forename: spec.forename.clone(),
            surname: if s.edited {
                format!("{}-Edited", spec.surname)
            } else {
                spec.surname.clone()
            },
            date_of_birth: dob(spec.year, spec.dob_offset),
            gender: Gender::NotRecorded,
            year_group: spec.year,
            class_id,
            disadvantaged: s.edited,
            send: false,
            eal: false,
            archived: false,
            updated_at: BASE + time::Duration::minutes(s.minutes),
            device_id: device(s.device),
        });
        for (j, (sa, sb, correct, clip)) in spec.sessions.iter().enumerate() {
            let ss = pick(sa, sb);
            if !ss.present {
                continue;
            }
            let session_id = SessionId::from_uuid(Uuid::from_u128(100_000 + (i * 10 + j) as u128));
            let started = BASE - time::Duration::days(1 + j as i64);
            data.sessions.push(CheckSession {
                id: session_id,
                pupil_id: id,
                kind: CheckKind::Screening,
                items: (0..40)
                    .map(|n| ShownItem {
                        text: format!("w{n}"),
                        gpcs: vec!["s".into(), "ee".into()],
                        pseudo: n % 2 == 0,
                    })
                    .collect(),
                marked_at: Vec::new(),
                responses: (0..40u8)
                    .map(|n| {
                        Some(if n < *correct {
                            Response::Correct
                        } else {
                            Response::Incorrect
                        })
                    })
                    .collect(),
                form: Some(1),
                scope: None,
                fluency: None,
                started_at: started,
                finished_at: Some(started),
                reopened_at: None,
                status: if ss.edited {
                    SessionStatus::NotTaken(NotTakenCode::Absent)
                } else {
                    SessionStatus::Complete
                },
                assessor: "JB".into(),
                notes: String::new(),
                updated_at: BASE + time::Duration::minutes(ss.minutes),
                device_id: device(ss.device),
            });
            if *clip {
                data.audio.push(AudioClip::from_bytes(
                    format!("clip-{session_id}"),
                    session_id,
                    "audio/webm".into(),
                    started,
                    &[j as u8, *correct, 7],
                ));
            }
        }
    }
    data
}

fn datasets() -> impl Strategy<Value = (Dataset, Dataset)> {
    (
        prop::collection::vec(pupil_spec(), 0..6),
        prop::collection::vec((side(), side()), 2..=2),
    )
        .prop_map(|(specs, classes)| {
            (
                build(&specs, &classes, false),
                build(&specs, &classes, true),
            )
        })
}

fn sorted(mut d: Dataset) -> Dataset {
    d.classes.sort_by_key(|c| c.id);
    d.pupils.sort_by_key(|p| p.id);
    d.sessions.sort_by_key(|s| s.id);
    d.audio.sort_by(|a, b| a.id.cmp(&b.id));
    d
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn backup_round_trip_is_identity((a, _) in datasets(), minutes in 0i64..100_000, schema in 1u32..5) {
        let backup = Backup {
            created_at: BASE + time::Duration::minutes(minutes),
            device_id: device(1),
            schema_version: schema,
            settings: Settings { school_name: "St Ann's \"Primary\"".into(), ..Settings::default() },
            data: a,
        };
        prop_assert_eq!(decode_backup(&encode_backup(&backup)), Ok(backup));
    }

    #[test]
    fn merge_is_commutative((a, b) in datasets()) {
        prop_assert_eq!(merge(&a, &b).merged, merge(&b, &a).merged);
    }

    #[test]
    fn merge_is_idempotent((a, b) in datasets()) {
        let once = merge(&a, &b).merged;
        let twice = merge(&once, &b);
        prop_assert_eq!(&twice.merged, &once);
        let total = |c: Counts| c.added + c.updated;
        prop_assert_eq!(total(twice.summary.pupils) + total(twice.summary.sessions), 0);
        prop_assert_eq!(merge(&once, &a).merged, once);
    }

    #[test]
    fn merging_with_nothing_changes_nothing((a, _) in datasets()) {
        let empty = Dataset::default();
        let out = merge(&a, &empty);
        prop_assert_eq!(&out.merged, &sorted(a.clone()));
        prop_assert_eq!(out.summary.pupils.unchanged, a.pupils.len());
        prop_assert_eq!(out.summary.pupils.added + out.summary.pupils.updated, 0);
        prop_assert_eq!(merge(&empty, &a).merged, sorted(a));
    }

    #[test]
    fn a_merge_is_a_valid_backup((a, b) in datasets()) {
        let backup = Backup {
            created_at: BASE,
            device_id: device(0),
            schema_version: 2,
            settings: Settings::default(),
            data: merge(&a, &b).merged,
        };
        prop_assert_eq!(decode_backup(&encode_backup(&backup)), Ok(backup));
    }

    #[test]
    fn the_marksheet_reimports_to_the_same_pupils(
        specs in prop::collection::vec(pupil_spec(), 1..8)
    ) {
        let classes: Vec<Class> = (0..2)
            .map(|k| Class {
                id: class_id(k, false),
                name: CLASS_NAMES[k].into(),
                year_group: YearGroup::Year1,
                academic_year: YEAR,
                archived: false,
                updated_at: BASE,
                device_id: device(0),
            })
            .collect();
        let mut specs = specs;
        for spec in &mut specs {
            spec.a.present = true;
        }
        let mut pupils = build(&specs, &[], false).pupils;
        // Every pupil in a class (a row without one is refused), one row per person.
        let mut people = std::collections::HashSet::new();
        pupils.retain(|p| {
            people.insert((p.forename.to_lowercase(), p.surname.to_lowercase(), p.date_of_birth))
        });
        for (n, p) in pupils.iter_mut().enumerate() {
            p.class_id = Some(classes[n % 2].id);
            p.disadvantaged = false;
        }
        let text = mis_csv(CheckKind::Screening, Window { from: Date::MIN, to: Date::MAX },
                           &pupils, &classes, &[], 32);
        let ctx = ImportContext { pupils: &pupils, classes: &classes, target: None,
                                  academic_year: YEAR, today: TODAY };
        let again = preview(text.as_bytes(), &ctx).map_err(|e| e.to_string());
        prop_assert!(again.is_ok(), "{:?}\n{}", again, text);
        let again = again.unwrap_or_else(|_| unreachable!());
        prop_assert_eq!(again.rows.len(), pupils.len());
        for (row, p) in again.rows.iter().zip(&pupils) {
            prop_assert_eq!(&row.action, &Action::Unchanged { pupil_id: p.id }, "{}", text);
        }
        // Into an empty app: the same people, details and classes by name.
        let fresh = ImportContext { pupils: &[], classes: &[], target: None,
                                    academic_year: YEAR, today: TODAY };
        let added = preview(text.as_bytes(), &fresh).map_err(|e| e.to_string());
        prop_assert!(added.is_ok(), "{:?}", added);
        let added = added.unwrap_or_else(|_| unreachable!());
        for (row, p) in added.rows.iter().zip(&pupils) {
            let Action::Add(d) = &row.action else {
                return Err(TestCaseError::fail(format!("row {} not added: {:?}", row.row, row.action)));
            };
            prop_assert_eq!((&d.forename, &d.surname, &d.upn, d.date_of_birth, d.year_group),
                            (&p.forename, &p.surname, &p.upn, p.date_of_birth, p.year_group));
            let class = added.new_classes.iter().find(|c| Some(c.id) == d.class_id);
            let original = classes.iter().find(|c| Some(c.id) == p.class_id);
            prop_assert_eq!(class.map(|c| &c.name), original.map(|c| &c.name));
        }
    }
}
