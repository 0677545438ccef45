//! Property tests: any interleaving of edits on three devices, synced in any order and cut off
//! anywhere, converges to what merging the devices' backups gives; and the server never holds
//! a name, UPN, date of birth, mark or word in the clear.

use proptest::prelude::*;
use time::macros::{date, datetime};
use time::OffsetDateTime;
use uuid::Uuid;

use super::fake_couch::{run, run_together, Device, FakeCouch, Outcome};
use super::tests::{device_id, replicator, school_key};
use super::*;
use crate::domain::ids::{PupilId, SessionId};
use crate::domain::model::{
    CheckKind, CheckSession, Gender, Pupil, Response, SessionStatus, ShownItem,
};
use crate::domain::records::merge;
use crate::domain::upn::Upn;

const BASE: OffsetDateTime = datetime!(2026-06-01 09:00 UTC);
/// The children of the school: (forename, surname, UPN).
const CHILDREN: [(&str, &str, &str); 3] = [
    ("Amara", "Okafor", "B801200005001"),
    ("Bartek", "Nowak", "R674123101121"),
    ("Chloe", "Ngata", "A123456789012"),
];

#[derive(Clone, Debug)]
enum Op {
    Add {
        device: u8,
        child: usize,
        upn: bool,
    },
    Edit {
        device: u8,
        child: usize,
    },
    Start {
        device: u8,
        child: usize,
    },
    Mark {
        device: u8,
        pick: usize,
        item: usize,
        correct: bool,
    },
    Finish {
        device: u8,
        pick: usize,
    },
    Sync {
        device: u8,
        cut: Option<usize>,
    },
    /// Two devices sync at the same time, their requests interleaved by the pattern's bits.
    Together {
        first: u8,
        pattern: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let d = 0u8..3;
    prop_oneof![
        (d.clone(), 0usize..3, any::<bool>()).prop_map(|(device, child, upn)| Op::Add {
            device,
            child,
            upn
        }),
        (d.clone(), 0usize..3).prop_map(|(device, child)| Op::Edit { device, child }),
        (d.clone(), 0usize..3).prop_map(|(device, child)| Op::Start { device, child }),
        (d.clone(), 0usize..4, 0usize..4, any::<bool>()).prop_map(
            |(device, pick, item, correct)| Op::Mark {
                device,
                pick,
                item,
                correct
            }
        ),
        (d.clone(), 0usize..4).prop_map(|(device, pick)| Op::Finish { device, pick }),
        (d.clone(), prop::option::of(0usize..40))
            .prop_map(|(device, cut)| Op::Sync { device, cut }),
        (d, any::<u64>()).prop_map(|(first, pattern)| Op::Together { first, pattern }),
    ]
}

fn upn(child: usize) -> Option<Upn> {
    // Not every listed UPN has a valid check letter; a child without one is typed in by name.
    Upn::parse(CHILDREN[child].2).ok()
}

fn pupil_of(device: &Device, child: usize) -> Option<Pupil> {
    device
        .dataset()
        .pupils
        .into_iter()
        .find(|p| p.forename == CHILDREN[child].0)
}

struct World {
    server: FakeCouch,
    devices: Vec<Device>,
    tick: i64,
    rounds: u64,
    sessions: u128,
}

impl World {
    fn now(&mut self) -> OffsetDateTime {
        self.tick += 1;
        BASE + time::Duration::seconds(self.tick)
    }

    fn sync(&mut self, n: u8, cut: Option<usize>) {
        self.rounds += 1;
        let r = replicator(
            n + 1,
            &self.devices[n as usize],
            school_key(),
            3,
            self.rounds,
        );
        let outcome = run(r, &mut self.server, &mut self.devices[n as usize], cut);
        assert!(
            matches!(outcome, Outcome::Done(_) | Outcome::CutOff),
            "{outcome:?}"
        );
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Add {
                device,
                child,
                upn: with_upn,
            } => {
                if pupil_of(&self.devices[device as usize], child).is_some() {
                    return;
                }
                let now = self.now();
                let (forename, surname, _) = CHILDREN[child];
                let p = Pupil {
                    id: PupilId::from_uuid(Uuid::from_u128(
                        1_000 + 10 * u128::from(device) + child as u128,
                    )),
                    upn: upn(child).filter(|_| with_upn),
                    date_of_birth: date!(2019 - 10 - 01),
                    gender: Gender::NotRecorded,
                    updated_at: now,
                    device_id: device_id(device + 1),
                    ..crate::domain::records::testdata::pupil(forename, surname, None)
                };
                self.devices[device as usize].put(SyncRecord::Pupils(p));
            }
            Op::Edit { device, child } => {
                let Some(mut p) = pupil_of(&self.devices[device as usize], child) else {
                    return;
                };
                p.send = !p.send;
                p.updated_at = self.now();
                p.device_id = device_id(device + 1);
                self.devices[device as usize].put(SyncRecord::Pupils(p));
            }
            Op::Start { device, child } => {
                let Some(p) = pupil_of(&self.devices[device as usize], child) else {
                    return;
                };
                let now = self.now();
                self.sessions += 1;
                let s = crate::domain::session::start(
                    crate::domain::session::NewSession {
                        pupil_id: p.id,
                        kind: CheckKind::Screening,
                        items: (0..4)
                            .map(|i| ShownItem {
                                text: format!("word{i}"),
                                gpcs: vec![],
                                pseudo: false,
                            })
                            .collect(),
                        form: Some(1),
                        scope: None,
                        fluency: None,
                        assessor: "JB".into(),
                    },
                    now,
                    device_id(device + 1),
                );
                let s = CheckSession {
                    id: SessionId::from_uuid(Uuid::from_u128(50_000 + self.sessions)),
                    ..s
                };
                self.devices[device as usize].put(SyncRecord::Sessions(s));
            }
            Op::Mark {
                device,
                pick,
                item,
                correct,
            } => {
                let sessions = self.devices[device as usize].dataset().sessions;
                let Some(s) = sessions.get(pick % sessions.len().max(1)).cloned() else {
                    return;
                };
                let now = self.now();
                let response = Some(if correct {
                    Response::Correct
                } else {
                    Response::Incorrect
                });
                if let Ok(mut s) = s.mark(item, response, now) {
                    s.device_id = device_id(device + 1);
                    self.devices[device as usize].put(SyncRecord::Sessions(s));
                }
            }
            Op::Finish { device, pick } => {
                let sessions = self.devices[device as usize].dataset().sessions;
                let Some(s) = sessions.get(pick % sessions.len().max(1)).cloned() else {
                    return;
                };
                if s.status == SessionStatus::InProgress {
                    let now = self.now();
                    let mut s = s.finish(now);
                    s.device_id = device_id(device + 1);
                    self.devices[device as usize].put(SyncRecord::Sessions(s));
                }
            }
            Op::Sync { device, cut } => self.sync(device, cut),
            Op::Together { first, pattern } => {
                let second = (first + 1) % 3;
                self.rounds += 1;
                let (i, j) = (first as usize, second as usize);
                let ra = replicator(first + 1, &self.devices[i], school_key(), 3, self.rounds);
                let rb = replicator(second + 1, &self.devices[j], school_key(), 3, self.rounds);
                let (lo, hi) = self.devices.split_at_mut(i.max(j));
                let (di, dj) = if i < j {
                    (&mut lo[i], &mut hi[0])
                } else {
                    (&mut hi[0], &mut lo[j])
                };
                let (x, y) = run_together((ra, di), (rb, dj), &mut self.server, pattern);
                assert!(
                    matches!((&x, &y), (Outcome::Done(_), Outcome::Done(_))),
                    "{x:?} {y:?}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn three_devices_converge_to_the_merge_of_their_backups(ops in prop::collection::vec(op(), 0..30)) {
        let mut world = World {
            server: FakeCouch::new(),
            devices: vec![Device::default(), Device::default(), Device::default()],
            tick: 0,
            rounds: 0,
            sessions: 0,
        };
        for op in &ops {
            world.apply(op);
        }
        let backups: Vec<_> = world.devices.iter().map(Device::dataset).collect();
        let expected = merge(&merge(&backups[0], &backups[1]).merged, &backups[2]).merged;
        for n in [0, 1, 2, 0, 1, 2] {
            world.sync(n, None);
        }
        for (n, d) in world.devices.iter().enumerate() {
            prop_assert_eq!(&d.dataset(), &expected, "device {}", n);
        }
        prop_assert_eq!(world.server.conflicted(), 0);
        let raw = world.server.raw_dump();
        for (forename, surname, upn) in CHILDREN {
            for secret in [forename, surname, upn, "2019-10-01", "word0", "Correct", "Incorrect"] {
                prop_assert!(!raw.contains(secret), "{} in the clear", secret);
            }
        }
    }
}
