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
    let gaps = ranked_gaps(&[profile]).into_iter().map(|gpc| NextGpc {
        gpc,
        status: profile.status(gpc.as_str()),
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

/// The one rule for what comes first, for a pupil and for a group: the GPCs that are a gap
/// (NotYet or Emerging) for every profile given, those fewer pupils have read right at least
/// once first (a sound nobody has read right before one some have; for one pupil, NotYet
/// before Emerging), then in programme order. After a single check every sound read right is
/// Emerging, so this keeps "s, a, t", read correctly, behind "ch, th, ur", never read right.
/// Teach-next, a keep-up group's first gap and shared gaps, and so the group's practice pack
/// (which takes its sounds in the order given) all come from here. Give profiles made with the
/// same programme; the first one's order is used.
pub fn ranked_gaps(profiles: &[&GpcProfile]) -> Vec<GpcId> {
    let Some(first) = profiles.first() else {
        return Vec::new();
    };
    let mut ranked: Vec<(usize, usize, GpcId)> = first
        .gpcs
        .iter()
        .enumerate()
        .filter(|(_, g)| profiles.iter().all(|p| p.status(g.gpc.as_str()).is_gap()))
        .map(|(position, g)| {
            let read_right = profiles
                .iter()
                .filter(|p| p.status(g.gpc.as_str()) == GpcStatus::Emerging)
                .count();
            (read_right, position, g.gpc)
        })
        .collect();
    ranked.sort_unstable();
    ranked.into_iter().map(|(_, _, gpc)| gpc).collect()
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

/// Keep-up groups: pupils grouped by their first gap, the first of their teach-next list
/// ([`ranked_gaps`]: a sound never read right before one read right once, then the earliest
/// in programme order), since keep-up teaching starts from there. The group works on that gap
/// and then the gaps all its members share, in the same ranking. Groups come in programme
/// order of their first gap; a pupil with no gaps is in no group; a group may have one pupil.
pub fn keep_up_groups(profiles: &[GpcProfile]) -> Vec<KeepUpGroup> {
    let Some(first) = profiles.first() else {
        return Vec::new();
    };
    let position = |gpc: GpcId| first.gpcs.iter().position(|g| g.gpc == gpc);
    let mut by_first: BTreeMap<(Option<usize>, GpcId), Vec<&GpcProfile>> = BTreeMap::new();
    for p in profiles {
        if let Some(gpc) = ranked_gaps(&[p]).first().copied() {
            by_first.entry((position(gpc), gpc)).or_default().push(p);
        }
    }
    by_first
        .into_iter()
        .map(|((_, key), members)| {
            let shared = ranked_gaps(&members).into_iter().filter(|g| *g != key);
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
                // b's p is Emerging, so a gap too, but b has read it right once: a, t and i,
                // which neither has read right, come first (capped at 3).
                (vec!["a", "t", "i"], vec![a.pupil_id, b.pupil_id]),
                (vec!["p"], vec![c.pupil_id]),
            ]
        );
        assert!(keep_up_groups(&[]).is_empty());
    }

    /// One screening check so far: the pupil read s, a and t right and missed ch, th and ur.
    fn after_one_check(extra: &[(&'static str, bool)]) -> GpcProfile {
        let mut marks = vec![
            ("s", true),
            ("a", true),
            ("t", true),
            ("ch", false),
            ("th", false),
            ("ur", false),
        ];
        marks.extend_from_slice(extra);
        pupil(&[], &marks)
    }

    #[test]
    fn sounds_read_right_rank_after_sounds_not_yet_read_right_for_pupils_groups_and_packs() {
        let maya = after_one_check(&[]);
        let next: Vec<&str> = teach_next(&maya, 6)
            .iter()
            .map(|n| n.gpc.as_str())
            .collect();
        assert_eq!(next, ["ch", "th", "ur", "s", "a", "t"]);
        // Her keep-up group starts where her teach-next list starts.
        let groups = keep_up_groups(std::slice::from_ref(&maya));
        let gpcs: Vec<&str> = groups[0].gpcs.iter().map(|g| g.as_str()).collect();
        assert_eq!(gpcs, ["ch", "th", "ur"]);
        // And so does the group's practice pack, which takes its sounds in the order given.
        let pack = crate::domain::practice::default_pack(&gpcs, 7).expect("pack");
        let sounds: Vec<&str> = pack.gpcs().iter().map(|g| g.as_str()).collect();
        assert_eq!(&sounds[..3], ["ch", "th", "ur"]);
        assert!(
            !sounds.contains(&"s"),
            "no sound she read right: {sounds:?}"
        );

        // Two pupils in one group: a sound one of them read right ranks after those neither
        // has, even though it comes earlier in the programme.
        let leo = after_one_check(&[("sh", false)]);
        let ava = pupil(
            &[],
            &[
                ("s", true),
                ("a", true),
                ("t", true),
                ("ch", true),
                ("th", false),
                ("ur", false),
                ("sh", false),
            ],
        );
        // Leo's first gap is ch; Ava read ch right, so hers is sh (never read right, and
        // before th in the programme): different groups, each led by a sound never read right.
        let groups = keep_up_groups(&[leo.clone(), ava.clone()]);
        let firsts: Vec<&str> = groups.iter().map(|g| g.gpcs[0].as_str()).collect();
        assert!(
            firsts.contains(&"ch") && firsts.contains(&"sh"),
            "{firsts:?}"
        );
        // Ranked together, ch (read right by one of the two) comes after th, ur and sh.
        let together: Vec<&str> = ranked_gaps(&[&leo, &ava])
            .iter()
            .map(|g| g.as_str())
            .collect();
        let pos = |g: &str| together.iter().position(|x| *x == g).expect("shared gap");
        assert!(
            pos("ch") > pos("th") && pos("ch") > pos("ur") && pos("ch") > pos("sh"),
            "{together:?}"
        );
        assert!(pos("sh") < pos("s"), "{together:?}");
    }
}
