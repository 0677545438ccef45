//! The conflict rule, which is the backup merge's rule ([`crate::domain::records::merge`]):
//! two versions of one record become one ([`combine`]), and records that are the same child
//! or class under two ids fold into one ([`fold`]).

use std::collections::{BTreeMap, HashSet};

use super::doc::SyncRecord;
use crate::domain::ids::{ClassId, PupilId};
use crate::domain::records::merge::{same_record, Record};
use crate::domain::records::{merge, Dataset};

/// Two versions of the same record as one: for a check session the mark-by-mark merge, for
/// everything else the newer (saved last, then the higher device id, then the larger text).
/// Commutative, associative and idempotent, so every device resolves a conflict the same way.
pub fn combine(a: &SyncRecord, b: &SyncRecord) -> SyncRecord {
    use SyncRecord as R;
    match (a, b) {
        (R::Classes(x), R::Classes(y)) => R::Classes(same_record(x.clone(), y.clone())),
        (R::Pupils(x), R::Pupils(y)) => R::Pupils(same_record(x.clone(), y.clone())),
        (R::Sessions(x), R::Sessions(y)) => R::Sessions(x.merge(y)),
        (R::Audio(x), R::Audio(y)) => R::Audio(same_record(x.clone(), y.clone())),
        (R::School(x), R::School(y)) => {
            let rank = |s: &super::doc::SchoolSettings| {
                (
                    s.updated_at,
                    s.device_id,
                    serde_json::to_string(s).unwrap_or_default(),
                )
            };
            R::School(if rank(y) > rank(x) {
                y.clone()
            } else {
                x.clone()
            })
        }
        (R::Devices(x), R::Devices(y)) => {
            let rank = |d: &super::doc::DeviceSeen| {
                (d.synced_at, serde_json::to_string(d).unwrap_or_default())
            };
            R::Devices(if rank(y) > rank(x) {
                y.clone()
            } else {
                x.clone()
            })
        }
        // Different kinds never share a document id; keep the first.
        _ => a.clone(),
    }
}

/// The outcome of [`fold`].
#[derive(Clone, Debug, PartialEq)]
pub struct Folded {
    pub merged: Dataset,
    /// Every pupil id folded into another (of either side), with where it went.
    pub moved_pupils: BTreeMap<PupilId, PupilId>,
    pub moved_classes: BTreeMap<ClassId, ClassId>,
}

/// Merges pulled records into the device's by the backup merge. Pulled records that are twins
/// of each other (the same child from two other tablets, in one page of changes) go in
/// separate steps, so they fold as merging the tablets' backups one by one would fold them.
pub fn fold(local: Dataset, incoming: Dataset) -> Folded {
    let mut steps: Vec<Dataset> = vec![Dataset::default()];
    let mut seen: Vec<HashSet<String>> = vec![HashSet::new()];
    let mut place = |keys: Vec<String>, steps: &mut Vec<Dataset>| -> usize {
        let step = seen
            .iter()
            .position(|s| keys.iter().all(|k| !s.contains(k)))
            .unwrap_or_else(|| {
                seen.push(HashSet::new());
                steps.push(Dataset::default());
                seen.len() - 1
            });
        seen[step].extend(keys);
        step
    };
    for c in incoming.classes {
        let keys = c
            .keys()
            .into_iter()
            .flatten()
            .map(|k| format!("c{k}"))
            .collect();
        let i = place(keys, &mut steps);
        steps[i].classes.push(c);
    }
    for p in incoming.pupils {
        let keys = p
            .keys()
            .into_iter()
            .flatten()
            .map(|k| format!("p{k}"))
            .collect();
        let i = place(keys, &mut steps);
        steps[i].pupils.push(p);
    }
    steps[0].sessions = incoming.sessions;
    steps[0].audio = incoming.audio;

    let mut acc = local;
    let mut moved_pupils: BTreeMap<PupilId, PupilId> = BTreeMap::new();
    let mut moved_classes: BTreeMap<ClassId, ClassId> = BTreeMap::new();
    for step in steps {
        let out = merge(&acc, &step);
        compose(&mut moved_pupils, out.moved_pupils);
        compose(&mut moved_classes, out.moved_classes);
        acc = out.merged;
    }
    Folded {
        merged: acc,
        moved_pupils,
        moved_classes,
    }
}

/// Adds a step's moves, following chains (a → b, then b → c gives a → c).
fn compose<Id: Copy + Ord>(all: &mut BTreeMap<Id, Id>, step: BTreeMap<Id, Id>) {
    for to in all.values_mut() {
        if let Some(next) = step.get(to) {
            *to = *next;
        }
    }
    all.extend(step);
}
