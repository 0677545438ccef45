//! What to teach next, for a pupil and for a class, and keep-up groups. The rules are in the
//! module guide (`progress/mod.rs`, "Teach next" and "Keep-up groups").

use std::collections::BTreeMap;

use super::profile::{GpcProfile, GpcStatus};
use crate::domain::ids::PupilId;
use crate::domain::phonics::GpcId;

/// Keep-up groups share up to this many gaps.
pub const GROUP_GPCS: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextGpc {
    pub gpc: GpcId,
    /// Emerging or NotYet for a gap; NotChecked for new content after the pupil's reach.
    pub status: GpcStatus,
}

/// A pupil's next GPCs, at most `n`: first the gaps up to the furthest GPC checked, NotYet
/// before Emerging and each in programme order (a sound never read right needs teaching
/// before one read right once that only needs confirming; after a first check every right
/// answer is Emerging, and the misses must not hide behind them), then, if room is left, the
/// GPCs the programme teaches after it (new content). GPCs not checked before that point are
/// skipped: there is no evidence they are gaps.
pub fn teach_next(profile: &GpcProfile, n: usize) -> Vec<NextGpc> {
    let reach = profile
        .gpcs
        .iter()
        .rposition(|g| g.status != GpcStatus::NotChecked);
    let Some(reach) = reach else {
        return Vec::new();
    };
    let checked = &profile.gpcs[..=reach];
    let gaps = [GpcStatus::NotYet, GpcStatus::Emerging]
        .into_iter()
        .flat_map(|status| checked.iter().filter(move |g| g.status == status))
        .map(|g| NextGpc {
            gpc: g.gpc,
            status: g.status,
        });
    let new = profile.gpcs[reach + 1..]
        .iter()
        .filter(|g| g.unit.is_some())
        .map(|g| NextGpc {
            gpc: g.gpc,
            status: g.status,
        });
    gaps.chain(new).take(n).collect()
}

/// The gaps of one pupil, in programme order.
fn gaps(profile: &GpcProfile) -> impl Iterator<Item = GpcId> + '_ {
    profile
        .gpcs
        .iter()
        .filter(|g| g.status.is_gap())
        .map(|g| g.gpc)
}

/// One GPC across a class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassGap {
    pub gpc: GpcId,
    /// Pupils for whom it is Emerging or NotYet, in the order the profiles were given.
    pub pupils: Vec<PupilId>,
    /// Pupils with any evidence for it (so "3 of 5 checked" can be shown).
    pub checked: usize,
}

/// The class's gaps: GPCs ordered by how many pupils lack them (Emerging or NotYet), most
/// first, ties in programme order. GPCs nobody lacks are left out. Give profiles made with
/// the same programme; the first profile's order is used.
pub fn class_gaps(profiles: &[GpcProfile]) -> Vec<ClassGap> {
    let Some(first) = profiles.first() else {
        return Vec::new();
    };
    let mut out: Vec<(usize, ClassGap)> = first
        .gpcs
        .iter()
        .enumerate()
        .map(|(position, g)| {
            let mut gap = ClassGap {
                gpc: g.gpc,
                pupils: Vec::new(),
                checked: 0,
            };
            for p in profiles {
                let status = p.status(g.gpc.as_str());
                gap.checked += usize::from(status != GpcStatus::NotChecked);
                if status.is_gap() {
                    gap.pupils.push(p.pupil_id);
                }
            }
            (position, gap)
        })
        .filter(|(_, gap)| !gap.pupils.is_empty())
        .collect();
    out.sort_by_key(|(position, gap)| (std::cmp::Reverse(gap.pupils.len()), *position));
    out.into_iter().map(|(_, gap)| gap).collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeepUpGroup {
    /// What the group works on: its members' first gap, then the next gaps every member
    /// shares (at most [`GROUP_GPCS`]), in programme order.
    pub gpcs: Vec<GpcId>,
    pub pupils: Vec<PupilId>,
}

/// Keep-up groups: pupils grouped by their first gap in programme order (the earliest GPC
/// each one is not secure in), since keep-up teaching starts from the earliest gap. Groups
/// come in programme order; a pupil with no gaps is in no group; a group may have one pupil.
pub fn keep_up_groups(profiles: &[GpcProfile]) -> Vec<KeepUpGroup> {
    let Some(first) = profiles.first() else {
        return Vec::new();
    };
    let position = |gpc: GpcId| first.gpcs.iter().position(|g| g.gpc == gpc);
    let mut by_first: BTreeMap<(Option<usize>, GpcId), Vec<&GpcProfile>> = BTreeMap::new();
    for p in profiles {
        if let Some(gpc) = gaps(p).next() {
            by_first.entry((position(gpc), gpc)).or_default().push(p);
        }
    }
    by_first
        .into_iter()
        .map(|((_, key), members)| {
            let shared = gaps(members[0])
                .filter(|g| *g != key)
                .filter(|g| members.iter().all(|m| m.status(g.as_str()).is_gap()));
            KeepUpGroup {
                gpcs: std::iter::once(key)
                    .chain(shared)
                    .take(GROUP_GPCS)
                    .collect(),
                pupils: members.iter().map(|m| m.pupil_id).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progress::profile::tests::gpc_check;
    use crate::domain::progress::profile::{profile, GpcStatus::*};
    use crate::domain::progress::Programme;

    /// A pupil whose GPC check on one day gave these marks (each GPC checked once, so right
    /// is Emerging) plus an earlier day where `secure` were right too.
    fn pupil(secure: &[&str], marks: &[(&str, bool)]) -> GpcProfile {
        let id = PupilId::random();
        let earlier: Vec<(&str, bool)> = secure.iter().map(|g| (*g, true)).collect();
        let mut all = marks.to_vec();
        all.extend(earlier.iter().copied());
        let sessions = [gpc_check(id, 0, &earlier), gpc_check(id, 1, &all)];
        profile(id, &sessions, Programme::LettersAndSounds).expect("profile")
    }

    fn ids(list: &[NextGpc]) -> Vec<(&str, GpcStatus)> {
        list.iter().map(|n| (n.gpc.as_str(), n.status)).collect()
    }

    #[test]
    fn teach_next_for_a_pupil() {
        type Case<'a> = (
            &'a [&'a str],
            &'a [(&'a str, bool)],
            usize,
            &'a [(&'a str, GpcStatus)],
        );
        let cases: [Case; 5] = [
            // Nothing checked: nothing to say yet.
            (&[], &[], 3, &[]),
            // Gaps first, not yet before emerging (n before t, though t is taught first),
            // then what comes after the reach.
            (
                &["s", "a", "p"],
                &[("n", false), ("t", true)],
                4,
                &[
                    ("n", NotYet),
                    ("t", Emerging),
                    ("m", NotChecked),
                    ("d", NotChecked),
                ],
            ),
            // Unchecked GPCs before the reach (a, t, p) are not gaps.
            (
                &["s"],
                &[("i", false)],
                2,
                &[("i", NotYet), ("n", NotChecked)],
            ),
            // All secure: the next GPCs in the programme.
            (&["s", "a"], &[], 2, &[("t", NotChecked), ("p", NotChecked)]),
            // n limits the list.
            (
                &[],
                &[("s", false), ("a", false), ("t", false)],
                2,
                &[("s", NotYet), ("a", NotYet)],
            ),
        ];
        for (secure, marks, n, expected) in cases {
            let p = pupil(secure, marks);
            assert_eq!(ids(&teach_next(&p, n)), expected, "{secure:?} {marks:?}");
        }
    }

    #[test]
    fn new_content_is_only_what_the_programme_teaches() {
        let id = PupilId::random();
        let sessions = [gpc_check(id, 0, &[("ch_chef", false)])];
        let p = profile(id, &sessions, Programme::LittleWandle).expect("profile");
        // ure comes after Little Wandle's last GPC in the profile, but it does not teach it.
        assert_eq!(ids(&teach_next(&p, 5)), [("ch_chef", NotYet)]);
    }

    #[test]
    fn class_gaps_most_lacked_first_ties_in_programme_order() {
        let a = pupil(&["s"], &[("a", false), ("t", false)]);
        let b = pupil(&[], &[("a", false), ("t", true), ("p", false)]);
        let c = pupil(&["s", "a", "t"], &[("p", false)]);
        let gaps = class_gaps(&[a.clone(), b.clone(), c.clone()]);
        let got: Vec<(&str, Vec<PupilId>, usize)> = gaps
            .iter()
            .map(|g| (g.gpc.as_str(), g.pupils.clone(), g.checked))
            .collect();
        assert_eq!(
            got,
            [
                ("a", vec![a.pupil_id, b.pupil_id], 3),
                ("t", vec![a.pupil_id, b.pupil_id], 3),
                ("p", vec![b.pupil_id, c.pupil_id], 2),
            ]
        );
        assert!(class_gaps(&[]).is_empty());
        assert!(class_gaps(&[pupil(&["s"], &[])]).is_empty());
    }

    #[test]
    fn keep_up_groups_by_first_gap() {
        let a = pupil(
            &["s"],
            &[("a", false), ("t", false), ("p", false), ("i", false)],
        );
        let b = pupil(
            &["s"],
            &[("a", false), ("t", false), ("p", true), ("i", false)],
        );
        let c = pupil(&["s", "a", "t"], &[("p", false)]);
        let d = pupil(&["s", "a", "t", "p"], &[]);
        let groups = keep_up_groups(&[a.clone(), b.clone(), c.clone(), d]);
        let got: Vec<(Vec<&str>, Vec<PupilId>)> = groups
            .iter()
            .map(|g| {
                (
                    g.gpcs.iter().map(|x| x.as_str()).collect(),
                    g.pupils.clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                // b's p is Emerging, so a gap too: both lack a, t, p and i, capped at 3.
                (vec!["a", "t", "p"], vec![a.pupil_id, b.pupil_id]),
                (vec!["p"], vec![c.pupil_id]),
            ]
        );
        assert!(keep_up_groups(&[]).is_empty());
    }
}
