//! Storage in a real browser: IndexedDB through rexie, in headless Chromium.
//! Run with `cargo test --target wasm32-unknown-unknown --test storage` (see README).
#![cfg(target_arch = "wasm32")]

use readby7::domain::ids::{ClassId, DeviceId, PupilId, SessionId};
use readby7::domain::model::{
    AcademicYear, CheckKind, CheckSession, Class, Gender, Pupil, Response, SessionStatus,
    ShownItem, YearGroup,
};
use readby7::domain::settings::Settings;
use readby7::domain::upn::Upn;
use readby7::storage::{
    self, open_with, Db, IndexDef, RecordMigration, SchemaStep, StorageError, StoreDef, SCHEMA,
};
use time::macros::{date, datetime};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh database name per test, so tests never see each other's data.
async fn fresh_name(label: &str) -> String {
    let name = format!("readby7-test-{label}-{}", PupilId::random());
    Db::delete_database(&name).await.expect("delete");
    name
}

fn class(device: DeviceId) -> Class {
    Class {
        id: ClassId::random(),
        name: "Year 1 Hazel".into(),
        year_group: YearGroup::Year1,
        academic_year: AcademicYear(2026),
        archived: false,
        updated_at: datetime!(2026-11-23 09:00:00 UTC),
        device_id: device,
    }
}

fn pupil(n: usize, class_id: ClassId, device: DeviceId) -> Pupil {
    Pupil {
        id: PupilId::random(),
        upn: if n == 0 {
            Upn::parse("B801200005001").ok()
        } else {
            None
        },
        forename: ["Zoë", "Łukasz", "Amara", "Oisín"][n % 4].into(),
        surname: format!("O'Neill-{n}"),
        date_of_birth: date!(2020 - 01 - 15),
        gender: if n.is_multiple_of(2) {
            Gender::Female
        } else {
            Gender::Male
        },
        year_group: YearGroup::Year1,
        class_id: Some(class_id),
        disadvantaged: n.is_multiple_of(4),
        send: n.is_multiple_of(7),
        eal: n % 2 == 1,
        archived: false,
        updated_at: datetime!(2026-11-23 09:00:00 UTC),
        device_id: device,
    }
}

fn session(pupil_id: PupilId, device: DeviceId) -> CheckSession {
    CheckSession {
        id: SessionId::random(),
        pupil_id,
        kind: CheckKind::Screening,
        items: vec![ShownItem {
            text: "trab".into(),
            gpcs: vec!["t".into(), "r".into(), "a".into(), "b".into()],
            pseudo: true,
        }],
        marked_at: Vec::new(),
        responses: vec![Some(Response::Correct)],
        form: Some(1),
        scope: None,
        fluency: None,
        started_at: datetime!(2026-11-23 09:05:00 UTC),
        finished_at: None,
        reopened_at: None,
        status: SessionStatus::InProgress,
        assessor: "JB".into(),
        notes: String::new(),
        updated_at: datetime!(2026-11-23 09:05:30 UTC),
        device_id: device,
    }
}

fn sorted<T: Clone, K: Ord>(mut v: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    v.sort_by_key(key);
    v
}

#[wasm_bindgen_test]
async fn open_write_read_and_reopen() {
    let name = fresh_name("reopen").await;
    let db = open_with(&name, SCHEMA).await.expect("open");
    let device = db.device_id();
    assert_eq!(
        db.meta().schema_version,
        SCHEMA.last().map(|s| s.version).unwrap_or(0)
    );

    let c = class(device);
    let pupils: Vec<Pupil> = (0..30).map(|n| pupil(n, c.id, device)).collect();
    let s = session(pupils[0].id, device);
    db.put(&c).await.expect("put class");
    db.put_all(&pupils).await.expect("put pupils");
    db.put(&s).await.expect("put session");

    assert_eq!(
        db.get::<Class>(&c.id.to_string()).await.expect("get"),
        Some(c.clone())
    );
    assert_eq!(
        db.get::<Pupil>(&PupilId::random().to_string())
            .await
            .expect("get"),
        None
    );
    db.close();

    let again = open_with(&name, SCHEMA).await.expect("reopen");
    assert_eq!(
        again.device_id(),
        device,
        "the device id is made once and kept"
    );
    assert_eq!(again.all::<Class>().await.expect("classes"), vec![c]);
    assert_eq!(
        sorted(again.all::<Pupil>().await.expect("pupils"), |p| p.id),
        sorted(pupils.clone(), |p| p.id)
    );
    assert_eq!(
        again.all::<CheckSession>().await.expect("sessions"),
        vec![s.clone()]
    );

    again
        .delete::<CheckSession>(&s.id.to_string())
        .await
        .expect("delete");
    assert_eq!(again.count("sessions").await.expect("count"), 0);
    assert_eq!(again.count("pupils").await.expect("count"), 30);
    again.close();
    Db::delete_database(&name).await.expect("cleanup");
}

/// Version 2 of a schema as a later release might write it: a new index on pupils and a
/// new field on every class and pupil record. The conversion refuses a record that already has
/// the field, so a half-applied earlier attempt would show up as a failure.
fn add_review_date(mut record: serde_json::Value) -> Result<serde_json::Value, String> {
    let object = record.as_object_mut().ok_or("not an object")?;
    if object.contains_key("review_date") {
        return Err("record was already converted".into());
    }
    object.insert("review_date".into(), serde_json::Value::Null);
    Ok(record)
}

fn fail_on_amara(record: serde_json::Value) -> Result<serde_json::Value, String> {
    if record["forename"] == "Amara" {
        return Err(format!("cannot convert {}", record["forename"]));
    }
    add_review_date(record)
}

const PUPILS_V2: StoreDef = StoreDef {
    name: "pupils",
    key_path: "id",
    indexes: &[
        IndexDef {
            name: "class_id",
            key_path: "class_id",
        },
        IndexDef {
            name: "upn",
            key_path: "upn",
        },
    ],
};

type Convert = fn(serde_json::Value) -> Result<serde_json::Value, String>;

/// Classes are converted first, so a failure among the pupils comes after writes that must be undone.
fn schema_v2(pupils: Convert) -> Vec<SchemaStep> {
    let mut steps = SCHEMA[..1].to_vec();
    steps.push(SchemaStep {
        version: 2,
        stores: std::slice::from_ref(Box::leak(Box::new(PUPILS_V2))),
        migrations: Box::leak(Box::new([
            RecordMigration {
                store: "classes",
                convert: add_review_date,
            },
            RecordMigration {
                store: "pupils",
                convert: pupils,
            },
        ])),
    });
    steps
}

async fn seed_v1(name: &str) -> (DeviceId, Class, Vec<Pupil>, CheckSession) {
    let db = open_with(name, &SCHEMA[..1]).await.expect("open v1");
    let device = db.device_id();
    let c = class(device);
    let pupils: Vec<Pupil> = (0..40).map(|n| pupil(n, c.id, device)).collect();
    let s = session(pupils[3].id, device);
    db.put(&c).await.expect("class");
    db.put_all(&pupils).await.expect("pupils");
    db.put(&s).await.expect("session");
    db.close();
    (device, c, pupils, s)
}

#[wasm_bindgen_test]
async fn migration_from_schema_1_keeps_every_record() {
    let name = fresh_name("migrate").await;
    let (device, c, pupils, s) = seed_v1(&name).await;

    let steps = schema_v2(add_review_date);
    let db = open_with(&name, &steps)
        .await
        .expect("open v2 runs the migration");
    assert_eq!(db.meta().schema_version, 2);
    assert_eq!(db.device_id(), device);

    // Every record is still there and still reads as the domain type.
    let migrated = db.all::<Pupil>().await.expect("pupils");
    assert_eq!(sorted(migrated, |p| p.id), sorted(pupils.clone(), |p| p.id));
    assert_eq!(db.count("pupils").await.expect("count"), 40);
    assert_eq!(db.all::<Class>().await.expect("classes"), vec![c]);
    assert_eq!(db.all::<CheckSession>().await.expect("sessions"), vec![s]);
    db.close();

    // Opening again does not run the migration twice (it would fail on converted records).
    let db = open_with(&name, &steps).await.expect("reopen v2");
    assert_eq!(db.meta().schema_version, 2);
    db.close();
    Db::delete_database(&name).await.expect("cleanup");
}

#[wasm_bindgen_test]
async fn the_apps_own_schema_upgrades_a_schema_1_database_keeping_every_record() {
    let name = fresh_name("real-latest").await;
    let (device, c, pupils, s) = seed_v1(&name).await;
    let db = open_with(&name, SCHEMA)
        .await
        .expect("open with the app's schema");
    assert_eq!(db.meta().schema_version, 3);
    assert_eq!(db.device_id(), device);
    assert_eq!(db.all::<Class>().await.expect("classes"), vec![c]);
    assert_eq!(
        db.count("pupils").await.expect("count"),
        pupils.len() as u32
    );
    assert_eq!(db.all::<CheckSession>().await.expect("sessions"), vec![s]);
    assert_eq!(db.count("audio").await.expect("the audio store exists"), 0);
    assert_eq!(
        db.count("sync_state").await.expect("the sync stores exist"),
        0
    );
    assert_eq!(
        db.count("sync_local").await.expect("the sync stores exist"),
        0
    );
    db.close();
    Db::delete_database(&name).await.expect("cleanup");
}

#[wasm_bindgen_test]
async fn a_failed_migration_changes_nothing_and_can_be_retried() {
    let name = fresh_name("failed-migration").await;
    let (_, c, pupils, _) = seed_v1(&name).await;

    let err = open_with(&name, &schema_v2(fail_on_amara))
        .await
        .expect_err("conversion fails");
    match &err {
        StorageError::Migration {
            version: 2,
            store,
            reason,
        } => {
            assert_eq!(store, "pupils");
            assert!(reason.contains("Amara"), "{reason}");
        }
        other => panic!("expected a migration error, got {other:?}"),
    }
    assert!(err.to_string().contains("Nothing was changed"), "{err}");

    // The classes converted before the failure were rolled back and the stored version is
    // still 1: a fixed release converts every record exactly once.
    let db = open_with(&name, &schema_v2(add_review_date))
        .await
        .expect("retry");
    assert_eq!(db.meta().schema_version, 2);
    assert_eq!(db.all::<Class>().await.expect("classes"), vec![c]);
    assert_eq!(
        db.count("pupils").await.expect("count"),
        pupils.len() as u32
    );
    db.close();
    Db::delete_database(&name).await.expect("cleanup");
}

#[wasm_bindgen_test]
async fn an_older_app_refuses_a_newer_database() {
    let name = fresh_name("newer").await;
    let db = open_with(&name, &schema_v2(add_review_date))
        .await
        .expect("open v2");
    db.close();
    let err = open_with(&name, &SCHEMA[..1])
        .await
        .expect_err("v1 app cannot open v2 data");
    assert_eq!(err, StorageError::NewerDatabase);
    assert!(err.to_string().contains("newer version"), "{err}");
    Db::delete_database(&name).await.expect("cleanup");
}

#[wasm_bindgen_test]
fn settings_round_trip_through_local_storage_and_a_school_wide_change_is_stamped() {
    let device = DeviceId::random();
    let at = datetime!(2026-12-02 10:00:00 UTC);
    storage::settings::save(&Settings::default(), at, device).expect("save defaults");
    let saved = Settings {
        school_name: "Kentish Town Primary".into(),
        la_number: "202".into(),
        ..Settings::default()
    };
    storage::settings::save(&saved, at, device).expect("save");
    assert_eq!(storage::settings::load().expect("load"), saved);
    let stamp = storage::sync_setup::school_stamp().expect("stamped");
    assert_eq!((stamp.updated_at, stamp.device_id), (at, device));
    // A device-only change (how long recordings are kept) keeps the stamp.
    let later = datetime!(2026-12-03 10:00:00 UTC);
    let device_only = Settings {
        audio_keep_days: 7,
        ..saved
    };
    storage::settings::save(&device_only, later, device).expect("save");
    assert_eq!(storage::sync_setup::school_stamp(), Some(stamp));
}

#[wasm_bindgen_test]
async fn a_sync_write_keeps_a_tap_made_since_the_snapshot_and_the_states_land_with_it() {
    use readby7::domain::sync::{
        DocState, LocalPut, LocalWrite, RecordKey, SchoolKey, SchoolSettings, Store, SyncKeys,
        SyncRecord,
    };
    let name = fresh_name("sync-write").await;
    let db = open_with(&name, SCHEMA).await.expect("open");
    let device = db.device_id();
    let c = class(device);
    let p = pupil(0, c.id, device);
    let mut s = session(p.id, device);
    s.items.push(s.items[0].clone());
    s.responses = vec![None, None];
    s.marked_at = vec![None, None];
    db.write_import(&[c.clone()], &[p.clone()])
        .await
        .expect("import");
    db.put(&s).await.expect("session");
    let keys = SyncKeys::derive(&SchoolKey::from_bytes([3; 16]));
    let school = SchoolSettings::stamped(&Settings::default(), None, device);
    let snapshot = db
        .sync_snapshot(school.clone(), false)
        .await
        .expect("snapshot");
    assert_eq!(snapshot.records.len(), 4, "class, pupil, session, school");
    assert!(snapshot.states.is_empty() && snapshot.pull_checkpoint.is_none());

    // Another device marked word 1; meanwhile a tap here marks word 0.
    let theirs = s
        .mark(
            1,
            Some(Response::Incorrect),
            datetime!(2026-11-23 09:07:00 UTC),
        )
        .expect("mark");
    let mine = s
        .mark(
            0,
            Some(Response::Correct),
            datetime!(2026-11-23 09:06:00 UTC),
        )
        .expect("mark");
    db.put_session_merged(&mine).await.expect("tap");
    let key = RecordKey::new(Store::Sessions, s.id);
    let state = DocState {
        doc_id: key.doc_id(&keys),
        key: key.clone(),
        rev: "1-abc".into(),
        ancestry: vec!["abc".into()],
        digest: Some(SyncRecord::Sessions(theirs.clone()).digest(&keys)),
        deleted: false,
        erased: false,
        moved_to: None,
    };
    let write = LocalWrite {
        puts: vec![LocalPut {
            record: SyncRecord::Sessions(theirs),
            replaces: Some(SyncRecord::Sessions(s.clone()).digest(&keys)),
        }],
        deletes: Vec::new(),
        states: vec![state.clone()],
        pull_checkpoint: None,
    };
    let applied = db
        .apply_sync_write(&keys, &write, &school)
        .await
        .expect("apply");
    assert!(applied.school.is_none());
    let stored: CheckSession = db
        .get(&s.id.to_string())
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(
        stored.responses,
        vec![Some(Response::Correct), Some(Response::Incorrect)],
        "the tap and the pulled mark both stay"
    );
    let again = db.sync_snapshot(school, false).await.expect("snapshot");
    assert_eq!(again.states, vec![state]);
    db.close();
    Db::delete_database(&name).await.expect("cleanup");
}

#[wasm_bindgen_test]
async fn an_import_writes_classes_and_pupils_together() {
    let name = fresh_name("import").await;
    let db = open_with(&name, SCHEMA).await.expect("open");
    let device = db.device_id();
    let oak = class(device);
    let elm = Class {
        id: ClassId::random(),
        name: "Year 1 Elm".into(),
        ..class(device)
    };
    let mut pupils: Vec<Pupil> = (0..20).map(|n| pupil(n, oak.id, device)).collect();
    pupils.extend((20..25).map(|n| pupil(n, elm.id, device)));
    db.write_import(&[oak.clone(), elm.clone()], &pupils)
        .await
        .expect("import");

    assert_eq!(db.count("classes").await.expect("count"), 2);
    assert_eq!(db.pupils_in_class(oak.id).await.expect("oak").len(), 20);
    assert_eq!(db.pupils_in_class(elm.id).await.expect("elm").len(), 5);
    assert!(db
        .pupils_in_class(ClassId::random())
        .await
        .expect("none")
        .is_empty());
    db.close();
    Db::delete_database(&name).await.expect("cleanup");
}

#[wasm_bindgen_test]
async fn deleting_a_pupil_deletes_their_results_and_nobody_elses() {
    let name = fresh_name("erase").await;
    let db = open_with(&name, SCHEMA).await.expect("open");
    let device = db.device_id();
    let c = class(device);
    let (amara, ben) = (pupil(1, c.id, device), pupil(2, c.id, device));
    db.put_all(&[amara.clone(), ben.clone()])
        .await
        .expect("pupils");
    let amaras: Vec<CheckSession> = (0..3).map(|_| session(amara.id, device)).collect();
    db.put_all(&amaras).await.expect("sessions");
    db.put(&session(ben.id, device))
        .await
        .expect("ben's session");
    assert_eq!(
        db.sessions_for_pupil(amara.id)
            .await
            .expect("amara's")
            .len(),
        3
    );

    assert_eq!(
        db.delete_pupil_and_results(amara.id).await.expect("erase"),
        3
    );
    assert_eq!(
        db.get::<Pupil>(&amara.id.to_string()).await.expect("get"),
        None
    );
    assert!(db
        .sessions_for_pupil(amara.id)
        .await
        .expect("none left")
        .is_empty());
    assert_eq!(
        db.sessions_for_pupil(ben.id)
            .await
            .expect("ben's kept")
            .len(),
        1
    );
    assert_eq!(db.count("pupils").await.expect("count"), 1);
    db.close();
    Db::delete_database(&name).await.expect("cleanup");
}

#[wasm_bindgen_test]
async fn two_tabs_marking_one_check_keep_both_marks() {
    let name = fresh_name("two-tabs").await;
    let tab1 = open_with(&name, SCHEMA).await.expect("open tab 1");
    let tab2 = open_with(&name, SCHEMA).await.expect("open tab 2");
    let device = tab1.device_id();
    let mut s = session(PupilId::random(), device);
    s.items.push(s.items[0].clone());
    s.responses = vec![None, None];
    s.marked_at = vec![None, None];
    tab1.put(&s).await.expect("put");
    // Each tab holds the check as it was loaded, and marks a different word.
    let in_tab1 = s
        .mark(
            0,
            Some(Response::Correct),
            datetime!(2026-11-23 09:06:00 UTC),
        )
        .expect("mark");
    let in_tab2 = s
        .mark(
            1,
            Some(Response::Incorrect),
            datetime!(2026-11-23 09:06:05 UTC),
        )
        .expect("mark");
    tab1.put_session_merged(&in_tab1).await.expect("save 1");
    let shown = tab2.put_session_merged(&in_tab2).await.expect("save 2");
    assert_eq!(
        shown.responses,
        vec![Some(Response::Correct), Some(Response::Incorrect)]
    );
    tab1.close();
    tab2.close();
    let again = open_with(&name, SCHEMA).await.expect("reload");
    let stored: CheckSession = again
        .get(&s.id.to_string())
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(
        stored.responses,
        vec![Some(Response::Correct), Some(Response::Incorrect)],
        "both marks survive a reload"
    );
}
