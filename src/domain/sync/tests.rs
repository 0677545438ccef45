//! The replicator driven end to end against the in-memory CouchDB.

use time::OffsetDateTime;
use uuid::Uuid;

use super::fake_couch::{run, run_together, Device, FakeCouch, Outcome, DB, SERVER};
use super::*;
use crate::domain::ids::{DeviceId, PupilId, SessionId};
use crate::domain::model::{CheckSession, Pupil, Response};
use crate::domain::records::testdata::{class, pupil, screening, NOW};
use crate::domain::upn::Upn;

pub(crate) fn school_key() -> SchoolKey {
    SchoolKey::from_bytes([42; 16])
}

pub(crate) fn join(key: SchoolKey) -> JoinSettings {
    JoinSettings {
        server: SERVER.into(),
        database: DB.into(),
        user: "tablets".into(),
        password: "secret".into(),
        key,
    }
}

pub(crate) fn device_id(n: u8) -> DeviceId {
    DeviceId::from_uuid(Uuid::from_u128(0xd0 + u128::from(n)))
}

pub(crate) fn replicator(
    n: u8,
    device: &Device,
    key: SchoolKey,
    batch: usize,
    round: u64,
) -> Replicator {
    let mut counter: u64 = (u64::from(n) << 40) | (round << 20);
    Replicator::new(
        SyncConfig {
            join: join(key),
            device_id: device_id(n),
            device_label: format!("Tablet {n}"),
            recordings: true,
            batch_size: batch,
        },
        device.snapshot(),
        format!("session-{n}-{round}"),
        NOW + time::Duration::seconds(round as i64),
        Box::new(move || {
            counter += 1;
            let mut nonce = [0u8; 12];
            nonce[4..].copy_from_slice(&counter.to_be_bytes());
            nonce
        }),
    )
}

fn sync(n: u8, device: &mut Device, server: &mut FakeCouch, round: u64) -> Outcome {
    let r = replicator(n, device, school_key(), 4, round);
    run(r, server, device, None)
}

fn done(outcome: Outcome) -> SyncReport {
    match outcome {
        Outcome::Done(r) => r,
        other => panic!("the round did not finish: {other:?}"),
    }
}

fn with(records: Vec<SyncRecord>) -> Device {
    let mut d = Device::default();
    for r in records {
        d.put(r);
    }
    d
}

fn ann() -> Pupil {
    let mut p = pupil("Ann", "Smith", Some("B801200005001"));
    p.id = PupilId::from_uuid(Uuid::from_u128(7));
    p
}

fn later(p: &Pupil, minutes: i64, device: u8) -> Pupil {
    let mut p = p.clone();
    p.updated_at = NOW + time::Duration::minutes(minutes);
    p.device_id = device_id(device);
    p
}

#[test]
fn a_second_device_gets_what_the_first_pushed() {
    let mut server = FakeCouch::new();
    let c = class("1H");
    let mut p = ann();
    p.class_id = Some(c.id);
    let s = screening(&p, 33, NOW);
    let mut a = with(vec![
        SyncRecord::Classes(c),
        SyncRecord::Pupils(p),
        SyncRecord::Sessions(s),
    ]);
    let report = done(sync(1, &mut a, &mut server, 1));
    assert!(server.exists, "the first device creates the database");
    assert_eq!(report.pushed, 4, "three records and the device itself");
    let mut b = Device::default();
    let report = done(sync(2, &mut b, &mut server, 1));
    assert_eq!(b.dataset(), a.dataset());
    assert_eq!(report.pulled, 4, "three records and device 1");
    // Nothing more to do: a second round pulls and pushes nothing but "last seen".
    let again = done(sync(2, &mut b, &mut server, 2));
    assert_eq!((again.pulled, again.pushed), (0, 1));
    let again = done(sync(1, &mut a, &mut server, 2));
    assert_eq!(again.pulled, 1, "device 2's last seen");
    assert_eq!(server.conflicted(), 0);
}

#[test]
fn a_wrong_key_is_named_and_nothing_is_written() {
    let mut server = FakeCouch::new();
    let mut a = with(vec![SyncRecord::Pupils(ann())]);
    done(sync(1, &mut a, &mut server, 1));
    let mut b = Device::default();
    let r = replicator(2, &b, SchoolKey::from_bytes([1; 16]), 4, 1);
    assert_eq!(
        run(r, &mut server, &mut b, None),
        Outcome::Failed(SyncError::WrongKey)
    );
    assert_eq!(b.writes, 0);
    assert!(b.records.is_empty() && b.states.is_empty());
}

#[test]
fn a_wrong_password_and_a_wrong_server_are_named() {
    let mut server = FakeCouch::new();
    server.authorization = Some("Basic nope".into());
    let mut a = with(vec![SyncRecord::Pupils(ann())]);
    assert_eq!(
        sync(1, &mut a, &mut server, 1),
        Outcome::Failed(SyncError::WrongPassword)
    );
    let mut web = FakeCouch::new();
    web.not_couch = true;
    assert!(matches!(
        sync(1, &mut a, &mut web, 1),
        Outcome::Failed(SyncError::NotCouchDb { .. })
    ));
    let mut full = FakeCouch::new();
    done(sync(1, &mut a, &mut full, 1));
    full.full = true;
    a.put(SyncRecord::Pupils(later(&ann(), 5, 1)));
    assert_eq!(
        sync(1, &mut a, &mut full, 2),
        Outcome::Failed(SyncError::ServerFull)
    );
    let r = replicator(1, &a, school_key(), 4, 3);
    let mut r = r;
    assert!(matches!(r.start(), Action::Http(_)));
    assert_eq!(r.on_http(Err(NoAnswer)), Action::Failed(SyncError::Network));
}

#[test]
fn the_same_pupil_edited_on_two_tablets_ends_the_same_everywhere() {
    let mut server = FakeCouch::new();
    let mut a = with(vec![SyncRecord::Pupils(ann())]);
    done(sync(1, &mut a, &mut server, 1));
    let mut b = Device::default();
    done(sync(2, &mut b, &mut server, 1));
    // Both edit offline; b's edit is the later.
    let mut on_a = later(&ann(), 5, 1);
    on_a.send = true;
    let mut on_b = later(&ann(), 9, 2);
    on_b.surname = "Smith-Jones".into();
    a.put(SyncRecord::Pupils(on_a));
    b.put(SyncRecord::Pupils(on_b.clone()));
    done(sync(1, &mut a, &mut server, 2));
    done(sync(2, &mut b, &mut server, 2));
    done(sync(1, &mut a, &mut server, 3));
    assert_eq!(a.dataset(), b.dataset());
    assert_eq!(a.dataset().pupils, vec![on_b]);
    assert_eq!(server.conflicted(), 0, "the losing leaf was tombstoned");
}

fn session_on(p: &Pupil) -> CheckSession {
    let mut s = crate::domain::records::testdata::in_progress(p, NOW);
    s.id = SessionId::from_uuid(Uuid::from_u128(99));
    s.responses = vec![None; 40];
    s.marked_at = vec![None; 40];
    s
}

/// A pupil and an open check, pushed by tablet 1 and pulled by tablet 2.
fn two_tablets_with_a_check() -> (FakeCouch, Pupil, CheckSession, Device, Device) {
    let mut server = FakeCouch::new();
    let p = ann();
    let s = session_on(&p);
    let mut a = with(vec![
        SyncRecord::Pupils(p.clone()),
        SyncRecord::Sessions(s.clone()),
    ]);
    done(sync(1, &mut a, &mut server, 1));
    let mut b = Device::default();
    done(sync(2, &mut b, &mut server, 1));
    (server, p, s, a, b)
}

#[test]
fn marks_made_on_two_tablets_both_survive() {
    let (mut server, _p, s, mut a, mut b) = two_tablets_with_a_check();
    let t = |m: i64| NOW + time::Duration::minutes(m);
    let on_a = s.mark(0, Some(Response::Correct), t(1)).expect("mark");
    let on_b = s.mark(1, Some(Response::Incorrect), t(2)).expect("mark");
    a.put(SyncRecord::Sessions(on_a));
    b.put(SyncRecord::Sessions(on_b));
    done(sync(1, &mut a, &mut server, 2));
    done(sync(2, &mut b, &mut server, 2));
    done(sync(1, &mut a, &mut server, 3));
    assert_eq!(a.dataset(), b.dataset());
    let merged = &a.dataset().sessions[0];
    assert_eq!(
        &merged.responses[..3],
        &[Some(Response::Correct), Some(Response::Incorrect), None]
    );
    assert_eq!(server.conflicted(), 0);
}

#[test]
fn erasing_a_pupil_removes_them_everywhere_and_leaves_only_tombstones() {
    let mut server = FakeCouch::new();
    let p = ann();
    let s = screening(&p, 30, NOW);
    let mut a = with(vec![
        SyncRecord::Pupils(p.clone()),
        SyncRecord::Sessions(s.clone()),
    ]);
    done(sync(1, &mut a, &mut server, 1));
    let mut b = Device::default();
    done(sync(2, &mut b, &mut server, 1));
    // Meanwhile b edits the pupil, offline.
    b.put(SyncRecord::Pupils(later(&p, 5, 2)));
    a.remove(&RecordKey::new(Store::Pupils, p.id));
    a.remove(&RecordKey::new(Store::Sessions, s.id));
    done(sync(1, &mut a, &mut server, 2));
    done(sync(2, &mut b, &mut server, 2));
    done(sync(1, &mut a, &mut server, 3));
    done(sync(2, &mut b, &mut server, 3));
    assert!(b.dataset().pupils.is_empty(), "erasure wins over the edit");
    assert!(b.dataset().sessions.is_empty());
    assert!(a.dataset().pupils.is_empty());
    // The server holds the key check and the two devices; every other document is deleted.
    assert_eq!(server.live_docs(), 3);
    assert_eq!(server.conflicted(), 0);
}

#[test]
fn the_same_child_added_on_two_tablets_folds_into_one_id() {
    let mut server = FakeCouch::new();
    let mut pa = pupil("Ann", "Smith", Some("B801200005001"));
    pa.id = PupilId::from_uuid(Uuid::from_u128(2));
    let mut pb = pupil("Ann", "Smith", Some("B801200005001"));
    pb.id = PupilId::from_uuid(Uuid::from_u128(1));
    pb.device_id = device_id(2);
    let sa = screening(&pa, 20, NOW);
    let sb = screening(&pb, 25, NOW);
    let mut a = with(vec![
        SyncRecord::Pupils(pa.clone()),
        SyncRecord::Sessions(sa.clone()),
    ]);
    let mut b = with(vec![
        SyncRecord::Pupils(pb.clone()),
        SyncRecord::Sessions(sb.clone()),
    ]);
    let expected = crate::domain::records::merge(&a.dataset(), &b.dataset()).merged;
    done(sync(1, &mut a, &mut server, 1));
    done(sync(2, &mut b, &mut server, 1));
    done(sync(1, &mut a, &mut server, 2));
    done(sync(2, &mut b, &mut server, 2));
    assert_eq!(a.dataset(), expected);
    assert_eq!(b.dataset(), expected);
    assert_eq!(expected.pupils.len(), 1);
    assert_eq!(expected.pupils[0].id, pb.id, "the smaller id");
    let mut c = Device::default();
    done(sync(3, &mut c, &mut server, 1));
    assert_eq!(c.dataset(), expected);
    assert_eq!(server.conflicted(), 0);
}

/// Several devices' data, for the interruption tests.
fn class_of(n: usize, device: u8) -> Vec<SyncRecord> {
    (0..n)
        .flat_map(|i| {
            let mut p = pupil(&format!("Pupil{i}"), &format!("D{device}"), None);
            p.id = PupilId::from_uuid(Uuid::from_u128(1000 * u128::from(device) + i as u128));
            p.device_id = device_id(device);
            let mut s = screening(&p, i % 41, NOW);
            s.id = SessionId::from_uuid(Uuid::from_u128(
                500_000 + 1000 * u128::from(device) + i as u128,
            ));
            [SyncRecord::Pupils(p), SyncRecord::Sessions(s)]
        })
        .collect()
}

#[test]
fn a_round_cut_off_at_any_step_resumes_with_nothing_lost_or_duplicated() {
    // Reference: uninterrupted.
    let mut server = FakeCouch::new();
    let mut a = with(class_of(5, 1));
    done(sync(1, &mut a, &mut server, 1));
    let mut b = with(class_of(3, 2));
    done(sync(2, &mut b, &mut server, 1));
    let expected = crate::domain::records::merge(&a.dataset(), &b.dataset()).merged;
    let steps = server.requests + b.writes + 2;
    for cut in 0..steps {
        let mut server = FakeCouch::new();
        let mut a = with(class_of(5, 1));
        done(sync(1, &mut a, &mut server, 1));
        let mut b = with(class_of(3, 2));
        let r = replicator(2, &b, school_key(), 4, 1);
        let _ = run(r, &mut server, &mut b, Some(cut));
        done(sync(2, &mut b, &mut server, 2));
        done(sync(1, &mut a, &mut server, 2));
        assert_eq!(b.dataset(), expected, "cut after {cut} steps");
        assert_eq!(a.dataset(), expected, "cut after {cut} steps");
        assert_eq!(server.conflicted(), 0, "cut after {cut} steps");
        // Every record once on the server: 16 records, the key check, two devices.
        assert_eq!(server.live_docs(), 16 + 3, "cut after {cut} steps");
    }
}

#[test]
fn pages_of_changes_resume_from_the_checkpoint() {
    let mut server = FakeCouch::new();
    let mut a = with(class_of(6, 1));
    done(sync(1, &mut a, &mut server, 1));
    // A new device pulls 13 documents 4 at a time, and is cut off after its second page.
    let mut b = Device::default();
    let r = replicator(2, &b, school_key(), 4, 1);
    let _ = run(r, &mut server, &mut b, Some(12));
    assert!(b.checkpoint.is_some(), "a page was checkpointed");
    let have = b.records.len();
    assert!(have > 0 && have < 13, "{have}");
    let report = done(sync(2, &mut b, &mut server, 2));
    assert_eq!(report.pulled, 13 - have, "resumed where it stopped");
    assert_eq!(b.dataset(), a.dataset());
}

#[test]
fn the_server_sees_no_name_upn_date_of_birth_mark_or_word() {
    let mut server = FakeCouch::new();
    let mut p = ann();
    p.forename = "Zebedee".into();
    let s = screening(&p, 31, NOW);
    let mut a = with(vec![SyncRecord::Pupils(p.clone()), SyncRecord::Sessions(s)]);
    done(sync(1, &mut a, &mut server, 1));
    let raw = server.raw_dump();
    for secret in [
        "Zebedee",
        "Smith",
        "B801200005001",
        "2020-03-04",
        "Correct",
        "chip",
        "zort",
        "Tablet",
    ] {
        assert!(!raw.contains(secret), "{secret} is in the clear");
    }
    let upn = Upn::parse("B801200005001").expect("upn");
    assert!(!raw.contains(&upn.to_string()));
}

#[test]
fn waiting_counts_local_changes() {
    let keys = SyncKeys::derive(&school_key());
    let mut server = FakeCouch::new();
    let mut a = with(class_of(2, 1));
    assert_eq!(waiting(&keys, &a.snapshot(), true), 4);
    done(sync(1, &mut a, &mut server, 1));
    assert_eq!(waiting(&keys, &a.snapshot(), true), 0);
    let first = a.dataset().pupils[0].clone();
    a.put(SyncRecord::Pupils(later(&ann(), 1, 1)));
    a.remove(&RecordKey::new(Store::Pupils, first.id));
    assert_eq!(
        waiting(&keys, &a.snapshot(), true),
        2,
        "one new, one deleted"
    );
    let _: OffsetDateTime = NOW;
}

#[test]
fn two_tablets_syncing_at_once_resolve_their_conflicts_the_same_way() {
    // 128 interleavings (spread over the first 16 steps) of two rounds that each edit the same
    // pupil and mark the same session.
    for n in 0..128u64 {
        let pattern = n * 509 % (1 << 16);
        let (mut server, p, s, mut a, mut b) = two_tablets_with_a_check();
        let t = |m: i64| NOW + time::Duration::minutes(m);
        a.put(SyncRecord::Sessions(
            s.mark(0, Some(Response::Correct), t(1)).expect("mark"),
        ));
        b.put(SyncRecord::Sessions(
            s.mark(1, Some(Response::Incorrect), t(2)).expect("mark"),
        ));
        let mut on_a = later(&p, 3, 1);
        on_a.send = true;
        a.put(SyncRecord::Pupils(on_a));
        b.put(SyncRecord::Pupils(later(&p, 4, 2)));
        let ra = replicator(1, &a, school_key(), 4, 2);
        let rb = replicator(2, &b, school_key(), 4, 2);
        let (x, y) = run_together((ra, &mut a), (rb, &mut b), &mut server, pattern);
        assert!(
            matches!((&x, &y), (Outcome::Done(_), Outcome::Done(_))),
            "{x:?} {y:?}"
        );
        for round in 3..5 {
            done(sync(1, &mut a, &mut server, round));
            done(sync(2, &mut b, &mut server, round));
        }
        assert_eq!(a.dataset(), b.dataset(), "pattern {pattern:b}");
        let merged = &a.dataset().sessions[0];
        assert_eq!(
            &merged.responses[..2],
            &[Some(Response::Correct), Some(Response::Incorrect)],
            "pattern {pattern:b}"
        );
        assert_eq!(
            a.dataset().pupils[0],
            later(&p, 4, 2),
            "pattern {pattern:b}"
        );
        assert_eq!(server.conflicted(), 0, "pattern {pattern:b}");
    }
}
