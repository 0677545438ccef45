//! Revision ids, CouchDB's way (`N-hash`, N the generation), with the hash deterministic: a keyed
//! hash of the parent and of what the revision holds. Two devices that write the same record
//! after the same parent (say, the same conflict resolved by the same rule) write the same
//! revision, so they do not create a new conflict.

use serde::{Deserialize, Serialize};

use super::crypto::{Digest, SyncKeys};

/// How much ancestry a written revision carries in `_revisions` (CouchDB keeps 1000 by
/// default; it needs only enough to find where the new revision joins its tree).
pub const MAX_ANCESTRY: usize = 50;

/// What a new revision holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevKind {
    /// The record with this digest.
    Live(Digest),
    /// A deletion that wins over any edit: a pupil erased, a recording expired. Keyed, so only
    /// the school's devices can tell it from a [`RevKind::Superseded`] one.
    Erased,
    /// A deletion that gives way: a losing conflict leaf, or a record folded into another.
    Superseded,
}

impl RevKind {
    fn content(self) -> Vec<u8> {
        match self {
            RevKind::Live(d) => [b"live".as_slice(), &d.0].concat(),
            RevKind::Erased => b"erased".to_vec(),
            RevKind::Superseded => b"superseded".to_vec(),
        }
    }
}

/// `_revisions` as CouchDB returns and accepts it: the generation of the newest and the hashes
/// newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revisions {
    pub start: u64,
    pub ids: Vec<String>,
}

/// Splits `N-hash`.
pub fn parse(rev: &str) -> Option<(u64, &str)> {
    let (n, hash) = rev.split_once('-')?;
    Some((n.parse().ok()?, hash))
}

/// A new revision as a child of `parent` (`None` for a record's first revision): the rev and
/// its ancestry, newest first.
pub fn child(
    keys: &SyncKeys,
    parent: Option<(&str, &[String])>,
    kind: RevKind,
) -> (String, Vec<String>) {
    let (generation, parent_rev, ancestry) = match parent {
        Some((rev, ancestry)) => (parse(rev).map_or(0, |(n, _)| n), rev, ancestry),
        None => (0, "", &[][..]),
    };
    let hash = keys.rev_hash(parent_rev, &kind.content());
    let mut ids = vec![hash.clone()];
    ids.extend(ancestry.iter().take(MAX_ANCESTRY - 1).cloned());
    (format!("{}-{hash}", generation + 1), ids)
}

impl Revisions {
    pub fn of(rev: &str, ancestry: &[String]) -> Revisions {
        Revisions {
            start: parse(rev).map_or(0, |(n, _)| n),
            ids: ancestry.to_vec(),
        }
    }

    /// Whether `rev` is this revision or one of its ancestors.
    pub fn contains(&self, rev: &str) -> bool {
        parse(rev).is_some_and(|(n, hash)| {
            n <= self.start
                && self
                    .ids
                    .get((self.start - n) as usize)
                    .is_some_and(|h| h == hash)
        })
    }

    /// The parent revision, if the history reaches back to it.
    pub fn parent(&self) -> Option<String> {
        (self.start > 1)
            .then(|| self.ids.get(1).map(|h| format!("{}-{h}", self.start - 1)))
            .flatten()
    }
}

/// Whether a deleted leaf is an erasure (see [`RevKind::Erased`]).
pub fn is_erasure(keys: &SyncKeys, rev: &str, revisions: &Revisions) -> bool {
    let parent = revisions.parent().unwrap_or_default();
    parse(rev).is_some_and(|(_, hash)| hash == keys.rev_hash(&parent, &RevKind::Erased.content()))
}

/// The leaf CouchDB shows as the document (its "winning revision"): live before deleted, then
/// the longer history, then the greater hash. Every device picks the same one.
pub fn winner<'a>(leaves: impl IntoIterator<Item = (&'a str, bool)>) -> Option<&'a str> {
    leaves
        .into_iter()
        .max_by(|(a, a_deleted), (b, b_deleted)| {
            let key = |rev: &'a str, deleted: bool| {
                let (n, hash) = parse(rev).unwrap_or((0, rev));
                (!deleted, n, hash)
            };
            key(a, *a_deleted).cmp(&key(b, *b_deleted))
        })
        .map(|(rev, _)| rev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sync::crypto::SchoolKey;

    fn keys() -> SyncKeys {
        SyncKeys::derive(&SchoolKey::from_bytes([5; 16]))
    }

    #[test]
    fn children_count_generations_and_carry_ancestry() {
        let k = keys();
        let d = k.digest(b"x");
        let (r1, a1) = child(&k, None, RevKind::Live(d));
        assert!(r1.starts_with("1-") && r1.len() == 34, "{r1}");
        let (r2, a2) = child(&k, Some((&r1, &a1)), RevKind::Live(k.digest(b"y")));
        assert!(r2.starts_with("2-"));
        assert_eq!(a2.len(), 2);
        assert_eq!(a2[1], a1[0]);
        let revs = Revisions::of(&r2, &a2);
        assert!(revs.contains(&r1) && revs.contains(&r2));
        assert!(!revs.contains("1-00"));
        assert_eq!(revs.parent().as_deref(), Some(r1.as_str()));
        // The same write after the same parent is the same revision.
        assert_eq!(
            child(&k, Some((&r1, &a1)), RevKind::Live(k.digest(b"y"))).0,
            r2
        );
    }

    #[test]
    fn erasures_are_told_from_other_deletions_by_the_key_only() {
        let k = keys();
        let (r1, a1) = child(&k, None, RevKind::Live(k.digest(b"x")));
        let (erased, ea) = child(&k, Some((&r1, &a1)), RevKind::Erased);
        let (gone, ga) = child(&k, Some((&r1, &a1)), RevKind::Superseded);
        assert!(is_erasure(&k, &erased, &Revisions::of(&erased, &ea)));
        assert!(!is_erasure(&k, &gone, &Revisions::of(&gone, &ga)));
        let other = SyncKeys::derive(&SchoolKey::from_bytes([6; 16]));
        assert!(!is_erasure(&other, &erased, &Revisions::of(&erased, &ea)));
    }

    #[test]
    fn the_winner_is_couchdbs() {
        let leaves = [("2-aa", false), ("3-00", true), ("2-bb", false)];
        assert_eq!(winner(leaves), Some("2-bb"));
        assert_eq!(winner([("1-aa", true), ("2-00", true)]), Some("2-00"));
        assert_eq!(winner([("9-ff", true), ("1-00", false)]), Some("1-00"));
    }
}
