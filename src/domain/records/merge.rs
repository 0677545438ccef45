//! Merging the records of two devices (or a backup into this device) without duplicates.
//!
//! Rules (the same for both arguments, so `merge(a, b)` and `merge(b, a)` give the same records):
//! - Classes match by id, then by name and academic year (two tablets importing the same class
//!   list each make a class "1H"). Pupils match by id, then by UPN (the same child added on two
//!   tablets), then, when at least one of the two has no UPN, by forename, surname and date of
//!   birth (the rule the class import uses; class lists often come without UPNs). Sessions and
//!   audio clips match by id only. A match by a later key is made only when the key is unique
//!   among the still unmatched records on each side, so it is never a guess.
//! - Two matched records become one: the newest `updated_at` wins; on a tie the higher device
//!   id; then the larger serialized record, so the choice never depends on argument order.
//!   Check sessions are the exception: two copies of one session merge mark by mark
//!   ([`CheckSession::merge`], the rule school sync and the check runner's save use too), so
//!   marks made on two devices both survive.
//! - Matched records with different ids keep the smaller id; records pointing at the other id
//!   (pupils' classes, sessions' pupils) are moved to it.
//! - Nothing is ever deleted: a record on one side only is kept.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

use serde::Serialize;
use time::OffsetDateTime;

use super::{AudioClip, Dataset};
use crate::domain::fields::tidy;
use crate::domain::ids::{ClassId, DeviceId, PupilId};
use crate::domain::model::{CheckSession, Class, Pupil};
use crate::domain::pupil::person_key;

/// What happened to one kind of record, compared with this device's records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Records this device did not have.
    pub added: usize,
    /// Records this device had that the merge changed.
    pub updated: usize,
    /// Records this device had, kept as they were.
    pub unchanged: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeSummary {
    pub classes: Counts,
    pub pupils: Counts,
    pub sessions: Counts,
    pub audio: Counts,
}

impl MergeSummary {
    /// "Pupils: 3 added, 1 updated, 25 unchanged. Checks: ..." for the confirmation screen.
    pub fn describe(&self) -> String {
        [
            ("Classes", self.classes),
            ("Pupils", self.pupils),
            ("Checks", self.sessions),
            ("Recordings", self.audio),
        ]
        .iter()
        .filter(|(_, c)| c.added + c.updated + c.unchanged > 0)
        .map(|(what, c)| {
            format!(
                "{what}: {} added, {} updated, {} unchanged.",
                c.added, c.updated, c.unchanged
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MergeOutcome {
    /// The complete merged records, each list sorted by id.
    pub merged: Dataset,
    pub summary: MergeSummary,
    /// Local pupils now stored under another id (the same child, matched by UPN or by name and
    /// date of birth): delete them.
    pub superseded_pupils: Vec<PupilId>,
    /// Local classes now stored under another id: delete them.
    pub superseded_classes: Vec<ClassId>,
    /// Every pupil id (of either side) folded into another, with the id that stands for it now.
    pub moved_pupils: BTreeMap<PupilId, PupilId>,
    /// Every class id (of either side) folded into another, likewise.
    pub moved_classes: BTreeMap<ClassId, ClassId>,
}

/// One kind of record, as the generic merge needs to see it.
pub(crate) trait Record: Clone + PartialEq + Serialize {
    type Id: Copy + Ord + Hash;
    fn id(&self) -> Self::Id;
    /// The keys tried after the id, in order; `None` where this record has no such key.
    fn keys(&self) -> [Option<String>; 2] {
        [None, None]
    }
    /// Whether two records with the same later key may be the same record.
    fn may_pair(&self, _other: &Self) -> bool {
        true
    }
    /// The winning version of two records made apart (matched by a key, not an id), given what
    /// the losing version knows that the winner lacks.
    fn completed_by(self, _loser: &Self) -> Self {
        self
    }
    /// Two versions with the same id as one (both already normalised); by default the newer.
    fn combine(a: Self, b: Self) -> Self {
        newer(a, b).0
    }
    /// When and where it was last written, for choosing the newest.
    fn stamp(&self) -> (OffsetDateTime, Option<DeviceId>);
    /// Between two versions written at the same moment on the same device, the one that knows
    /// more wins (a merged pupil that gained a UPN over its copy without one), so merging the
    /// same file again never takes back what a merge added.
    fn completeness(&self) -> u8 {
        0
    }
}

impl Record for Class {
    type Id = ClassId;
    fn id(&self) -> ClassId {
        self.id
    }
    fn keys(&self) -> [Option<String>; 2] {
        [
            Some(format!(
                "{}\u{0}{}",
                tidy(&self.name).to_lowercase(),
                self.academic_year.0
            )),
            None,
        ]
    }
    fn stamp(&self) -> (OffsetDateTime, Option<DeviceId>) {
        (self.updated_at, Some(self.device_id))
    }
}

impl Record for Pupil {
    type Id = PupilId;
    fn id(&self) -> PupilId {
        self.id
    }
    fn keys(&self) -> [Option<String>; 2] {
        let (forename, surname, dob) =
            person_key(&self.forename, &self.surname, self.date_of_birth);
        [
            self.upn.as_ref().map(|u| u.to_string()),
            Some(format!("{forename}\u{0}{surname}\u{0}{dob}")),
        ]
    }
    /// Two different UPNs are two children, even with the same name and birthday.
    fn may_pair(&self, other: &Self) -> bool {
        self.upn.is_none() || other.upn.is_none() || self.upn == other.upn
    }
    fn completeness(&self) -> u8 {
        u8::from(self.upn.is_some())
    }
    /// A child imported with a UPN on one tablet and typed in without one on another keeps the
    /// UPN whichever version is newer: the CTF needs it.
    fn completed_by(mut self, loser: &Self) -> Self {
        if self.upn.is_none() {
            self.upn = loser.upn.clone();
        }
        self
    }
    fn stamp(&self) -> (OffsetDateTime, Option<DeviceId>) {
        (self.updated_at, Some(self.device_id))
    }
}

impl Record for CheckSession {
    type Id = crate::domain::ids::SessionId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn combine(a: Self, b: Self) -> Self {
        a.merge(&b)
    }
    fn stamp(&self) -> (OffsetDateTime, Option<DeviceId>) {
        (self.updated_at, Some(self.device_id))
    }
}

impl Record for AudioClip {
    type Id = ClipKey;
    fn id(&self) -> ClipKey {
        ClipKey(fingerprint(&self.id))
    }
    fn stamp(&self) -> (OffsetDateTime, Option<DeviceId>) {
        (self.recorded_at, None)
    }
}

/// Two versions of one record (the same id) as one, by this module's rule: the newer, or for a
/// check session the mark-by-mark merge. School sync resolves conflicts with it.
pub(crate) fn same_record<T: Record>(a: T, b: T) -> T {
    T::combine(a, b)
}

/// Clip ids are free text; they are compared by a 128-bit fingerprint (two distinct ids
/// colliding is as likely as two random UUIDs colliding).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ClipKey(u128);

fn fingerprint(text: &str) -> u128 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    u128::from_be_bytes(bytes)
}

/// Which local and incoming records are the same record (indices into each side).
fn pair<T: Record>(local: &[T], incoming: &[T]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut local_by_id: HashMap<T::Id, usize> = HashMap::new();
    for (i, r) in local.iter().enumerate() {
        local_by_id.entry(r.id()).or_insert(i);
    }
    let mut local_done = vec![false; local.len()];
    let mut incoming_done = vec![false; incoming.len()];
    let mut pairs = Vec::new();
    for (j, r) in incoming.iter().enumerate() {
        if let Some(&i) = local_by_id.get(&r.id()) {
            if !local_done[i] {
                local_done[i] = true;
                incoming_done[j] = true;
                pairs.push((Some(i), Some(j)));
            }
        }
    }
    // Later keys, in order: only where the key is unique among the unmatched on both sides.
    for pass in 0..2 {
        let unique = |records: &[T], done: &[bool]| {
            let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, r) in records.iter().enumerate() {
                if let (false, Some(k)) = (done[i], r.keys()[pass].clone()) {
                    by_key.entry(k).or_default().push(i);
                }
            }
            by_key
                .into_iter()
                .filter(|(_, v)| v.len() == 1)
                .map(|(k, v)| (k, v[0]))
                .collect::<HashMap<String, usize>>()
        };
        let local_keys = unique(local, &local_done);
        let incoming_keys = unique(incoming, &incoming_done);
        for (key, &i) in &local_keys {
            match incoming_keys.get(key) {
                Some(&j) if local[i].may_pair(&incoming[j]) => {
                    local_done[i] = true;
                    incoming_done[j] = true;
                    pairs.push((Some(i), Some(j)));
                }
                _ => {}
            }
        }
    }
    pairs.extend(
        (0..local.len())
            .filter(|&i| !local_done[i])
            .map(|i| (Some(i), None)),
    );
    pairs.extend(
        (0..incoming.len())
            .filter(|&j| !incoming_done[j])
            .map(|j| (None, Some(j))),
    );
    pairs
}

/// The newer of two versions of a record, by the module's rule, then the other; both already
/// normalised.
fn newer<T: Record>(a: T, b: T) -> (T, T) {
    let rank = |r: &T| {
        (
            r.stamp(),
            r.completeness(),
            serde_json::to_string(r).unwrap_or_default(),
        )
    };
    if rank(&b) > rank(&a) {
        (b, a)
    } else {
        (a, b)
    }
}

struct Merged<T: Record> {
    records: Vec<T>,
    counts: Counts,
    /// Every id (of either side) that now lives under another id.
    moved: HashMap<T::Id, T::Id>,
    /// Local ids that no longer exist.
    superseded: Vec<T::Id>,
}

/// Merges one kind of record. `normalise` gives a record its canonical id and moves its
/// references to merged ids, so versions are compared as they would be stored.
fn merge_kind<T: Record>(
    local: &[T],
    incoming: &[T],
    normalise: impl Fn(&T, T::Id) -> T,
) -> Merged<T> {
    let mut out = Merged {
        records: Vec::new(),
        counts: Counts::default(),
        moved: HashMap::new(),
        superseded: Vec::new(),
    };
    for (l, i) in pair(local, incoming) {
        let l = l.map(|i| &local[i]);
        let i = i.map(|j| &incoming[j]);
        let canonical = match (l, i) {
            (Some(a), Some(b)) => a.id().min(b.id()),
            (Some(a), None) | (None, Some(a)) => a.id(),
            (None, None) => continue,
        };
        for r in [l, i].into_iter().flatten() {
            if r.id() != canonical {
                out.moved.insert(r.id(), canonical);
            }
        }
        if let Some(a) = l.filter(|a| a.id() != canonical) {
            out.superseded.push(a.id());
        }
        let winner = match (l, i) {
            (Some(a), Some(b)) => {
                let (a2, b2) = (normalise(a, canonical), normalise(b, canonical));
                if a.id() == b.id() {
                    T::combine(a2, b2)
                } else {
                    let (winner, loser) = newer(a2, b2);
                    winner.completed_by(&loser)
                }
            }
            (Some(a), None) | (None, Some(a)) => normalise(a, canonical),
            (None, None) => continue,
        };
        match l {
            None => out.counts.added += 1,
            Some(a) if *a == winner => out.counts.unchanged += 1,
            Some(_) => out.counts.updated += 1,
        }
        out.records.push(winner);
    }
    out.records.sort_by_key(|r| r.id());
    out.superseded.sort();
    out
}

fn moved_to<Id: Copy + Hash + Eq>(moved: &HashMap<Id, Id>, id: Id) -> Id {
    moved.get(&id).copied().unwrap_or(id)
}

/// Merges `incoming` into `local`; see the module documentation for the rules.
pub fn merge(local: &Dataset, incoming: &Dataset) -> MergeOutcome {
    let classes = merge_kind(&local.classes, &incoming.classes, |c, id| Class {
        id,
        ..c.clone()
    });
    let pupils = merge_kind(&local.pupils, &incoming.pupils, |p, id| Pupil {
        id,
        class_id: p.class_id.map(|c| moved_to(&classes.moved, c)),
        ..p.clone()
    });
    let sessions = merge_kind(&local.sessions, &incoming.sessions, |s, id| CheckSession {
        id,
        pupil_id: moved_to(&pupils.moved, s.pupil_id),
        ..s.clone()
    });
    let audio = merge_kind(&local.audio, &incoming.audio, |a, _| a.clone());
    // Clips keep their own string ids; sort by them for a stable, readable order.
    let mut clips = audio.records;
    clips.sort_by(|a, b| a.id.cmp(&b.id));
    MergeOutcome {
        merged: Dataset {
            classes: classes.records,
            pupils: pupils.records,
            sessions: sessions.records,
            audio: clips,
        },
        summary: MergeSummary {
            classes: classes.counts,
            pupils: pupils.counts,
            sessions: sessions.counts,
            audio: audio.counts,
        },
        superseded_pupils: pupils.superseded,
        superseded_classes: classes.superseded,
        moved_pupils: pupils.moved.into_iter().collect(),
        moved_classes: classes.moved.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testdata::*;
    use super::*;
    use crate::domain::upn::Upn;

    fn later(minutes: i64) -> OffsetDateTime {
        NOW + time::Duration::minutes(minutes)
    }

    #[test]
    fn same_pupil_edited_on_two_tablets_newest_wins() {
        let ann = pupil("Ann", "Smith", Some("B801200005001"));
        let mut renamed = ann.clone();
        renamed.surname = "Smith-Jones".into();
        renamed.updated_at = later(5);
        let local = Dataset {
            pupils: vec![ann.clone()],
            ..Dataset::default()
        };
        let incoming = Dataset {
            pupils: vec![renamed.clone()],
            ..Dataset::default()
        };
        let out = merge(&local, &incoming);
        assert_eq!(out.merged.pupils, vec![renamed.clone()]);
        assert_eq!(
            out.summary.pupils,
            Counts {
                added: 0,
                updated: 1,
                unchanged: 0
            }
        );
        let back = merge(&incoming, &local);
        assert_eq!(back.merged, out.merged);
        assert_eq!(back.summary.pupils.unchanged, 1);
    }

    #[test]
    fn the_same_child_added_on_two_tablets_becomes_one_pupil() {
        let class_a = class("1H");
        let mut class_b = class("1h ");
        class_b.updated_at = later(1);
        let mut a = pupil("Ann", "Smith", Some("B801200005001"));
        a.class_id = Some(class_a.id);
        let mut b = pupil("Ann", "Smith", Some("B801200005001"));
        b.class_id = Some(class_b.id);
        b.updated_at = later(2);
        let sa = screening(&a, 30, at(2026, 6, 9));
        let sb = screening(&b, 36, at(2026, 6, 10));
        let local = Dataset {
            classes: vec![class_a.clone()],
            pupils: vec![a.clone()],
            sessions: vec![sa.clone()],
            audio: vec![],
        };
        let incoming = Dataset {
            classes: vec![class_b.clone()],
            pupils: vec![b.clone()],
            sessions: vec![sb.clone()],
            audio: vec![],
        };
        let out = merge(&local, &incoming);
        let keep_pupil = a.id.min(b.id);
        let keep_class = class_a.id.min(class_b.id);
        assert_eq!(out.merged.classes.len(), 1);
        assert_eq!(out.merged.classes[0].id, keep_class);
        assert_eq!(out.merged.classes[0].name, "1h ", "the newer class record");
        assert_eq!(out.merged.pupils.len(), 1);
        let merged = &out.merged.pupils[0];
        assert_eq!(merged.id, keep_pupil);
        assert_eq!(merged.class_id, Some(keep_class));
        assert_eq!(merged.upn, Upn::parse("B801200005001").ok());
        assert_eq!(out.merged.sessions.len(), 2);
        assert!(out.merged.sessions.iter().all(|s| s.pupil_id == keep_pupil));
        assert_eq!(
            out.superseded_pupils,
            if keep_pupil == a.id {
                vec![]
            } else {
                vec![a.id]
            }
        );
        assert_eq!(out.summary.sessions.added, 1);
        assert_eq!(merge(&incoming, &local).merged, out.merged);
        assert_eq!(merge(&out.merged, &incoming).merged, out.merged);
    }

    /// The same child typed in (or imported from a list without UPNs) on two tablets; `b`,
    /// the newer, has the smaller id, so it is the one kept.
    fn twins(a_upn: Option<&str>, b_upn: Option<&str>) -> (Pupil, Pupil) {
        let mut a = pupil("Zoë", "O'Neill", a_upn);
        a.id = PupilId::from_uuid(uuid::Uuid::from_u128(2));
        let mut b = pupil("zoë ", "o'neill", b_upn);
        b.id = PupilId::from_uuid(uuid::Uuid::from_u128(1));
        b.send = true;
        b.updated_at = later(4);
        (a, b)
    }

    fn just(pupils: Vec<Pupil>, sessions: Vec<CheckSession>) -> Dataset {
        Dataset {
            pupils,
            sessions,
            ..Dataset::default()
        }
    }

    #[test]
    fn a_child_without_upn_on_two_tablets_is_matched_by_name_and_birthday() {
        let (a, b) = twins(None, None);
        let local = just(vec![a.clone()], vec![screening(&a, 30, at(2026, 6, 9))]);
        let incoming = just(vec![b.clone()], vec![screening(&b, 34, at(2026, 6, 10))]);
        let out = merge(&local, &incoming);
        let keep = a.id.min(b.id);
        assert_eq!(out.merged.pupils.len(), 1);
        assert_eq!(out.merged.pupils[0].id, keep);
        assert!(out.merged.pupils[0].send, "the newer version wins");
        assert_eq!(out.merged.sessions.len(), 2);
        assert!(out.merged.sessions.iter().all(|s| s.pupil_id == keep));
        assert_eq!(out.summary.pupils.updated, 1);
        assert_eq!(merge(&incoming, &local).merged, out.merged);
        assert_eq!(merge(&out.merged, &incoming).merged, out.merged);
        assert_eq!(merge(&out.merged, &local).merged, out.merged);
    }

    #[test]
    fn a_upn_known_to_one_tablet_is_kept_when_the_other_version_is_newer() {
        let (a, b) = twins(Some("B801200005001"), None);
        let out = merge(
            &just(vec![a.clone()], vec![]),
            &just(vec![b.clone()], vec![]),
        );
        assert_eq!(out.merged.pupils.len(), 1);
        let merged = &out.merged.pupils[0];
        assert!(merged.send, "the newer version wins");
        assert_eq!(merged.forename, "zoë ");
        assert_eq!(
            merged.upn, a.upn,
            "and keeps the UPN only the older one had"
        );
        let (local, incoming) = (just(vec![a], vec![]), just(vec![b], vec![]));
        assert_eq!(merge(&incoming, &local).merged, out.merged);
        // Merging either tablet's file again keeps the UPN the first merge added.
        assert_eq!(merge(&out.merged, &incoming).merged, out.merged);
        assert_eq!(merge(&out.merged, &local).merged, out.merged);
        assert_eq!(merge(&incoming, &out.merged).merged, out.merged);
    }

    #[test]
    fn a_name_and_birthday_shared_by_two_pupils_on_one_side_is_not_guessed() {
        let (a, b) = twins(None, None);
        let (mut c, _) = twins(None, None);
        c.id = PupilId::random();
        let out = merge(&just(vec![a, c], vec![]), &just(vec![b], vec![]));
        assert_eq!(out.merged.pupils.len(), 3);
        assert_eq!(out.summary.pupils.added, 1);
    }

    #[test]
    fn sessions_once_by_id_and_newest_version() {
        let ann = pupil("Ann", "Smith", None);
        let open = in_progress(&ann, at(2026, 6, 9));
        let mut done = open.clone();
        done.status = crate::domain::model::SessionStatus::Complete;
        done.updated_at = open.updated_at + time::Duration::minutes(3);
        let other = screening(&ann, 12, at(2026, 6, 2));
        let local = Dataset {
            pupils: vec![ann.clone()],
            sessions: vec![open.clone(), other.clone()],
            ..Dataset::default()
        };
        let incoming = Dataset {
            pupils: vec![ann.clone()],
            sessions: vec![done.clone()],
            ..Dataset::default()
        };
        let out = merge(&local, &incoming);
        assert_eq!(out.merged.sessions.len(), 2);
        assert!(out.merged.sessions.contains(&done));
        assert!(out.merged.sessions.contains(&other));
        assert_eq!(
            out.summary.sessions,
            Counts {
                added: 0,
                updated: 1,
                unchanged: 1
            }
        );
        assert_eq!(out.summary.pupils.unchanged, 1);
        assert_eq!(
            out.summary.describe(),
            "Pupils: 0 added, 0 updated, 1 unchanged. Checks: 0 added, 1 updated, 1 unchanged."
        );
    }

    #[test]
    fn ties_are_broken_the_same_way_from_both_sides() {
        let ann = pupil("Ann", "Smith", None);
        let mut other_device = ann.clone();
        other_device.forename = "Anne".into();
        other_device.device_id =
            DeviceId::parse("00000000-0000-4000-8000-000000000002").expect("uuid");
        let mut same_device = ann.clone();
        same_device.forename = "Annie".into();
        for rival in [other_device, same_device] {
            let a = Dataset {
                pupils: vec![ann.clone()],
                ..Dataset::default()
            };
            let b = Dataset {
                pupils: vec![rival.clone()],
                ..Dataset::default()
            };
            assert_eq!(merge(&a, &b).merged, merge(&b, &a).merged);
        }
    }

    #[test]
    fn different_upns_are_two_children_but_a_name_without_upns_is_one() {
        let a = pupil("Ann", "Smith", Some("B801200005001"));
        let b = pupil("Ann", "Smith", Some("R674123101121"));
        let c = pupil("Cat", "Nowak", None);
        let d = pupil("Cat", "Nowak", None);
        let local = Dataset {
            pupils: vec![a, c],
            ..Dataset::default()
        };
        let incoming = Dataset {
            pupils: vec![b, d],
            ..Dataset::default()
        };
        let out = merge(&local, &incoming);
        assert_eq!(out.merged.pupils.len(), 3, "Ann twice (two UPNs), Cat once");
        assert_eq!(out.summary.pupils.added, 1);
    }
}
