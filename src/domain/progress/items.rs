//! Choosing the items of a progress check: GPCs, words (real and pseudo) or tricky words.
//! Each planner is pure and deterministic; [`PlannedCheck::start`] turns a plan into a
//! session through the shared [`session::start`].

use std::collections::HashMap;

use time::OffsetDateTime;

use super::{Programme, ProgressError, Scope};
use crate::domain::ids::{DeviceId, PupilId};
use crate::domain::model::{CheckKind, CheckSession, Response, ShownItem};
use crate::domain::phonics::{self, GpcId};
use crate::domain::screening::SplitMix64;
use crate::domain::session::{self, NewSession};

/// Words in a word-reading check: half real, half pseudo, as in a Little Wandle-style check
/// that is short enough for a Reception child.
pub const WORD_READING_ITEMS: usize = 10;

/// The items and label of a check about to start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedCheck {
    pub kind: CheckKind,
    /// What it covers, for the session's `scope` ("Phase 3", "Taught so far: ...").
    pub scope: String,
    pub items: Vec<ShownItem>,
}

impl PlannedCheck {
    /// Starts the session (in progress, nothing marked).
    pub fn start(
        self,
        pupil_id: PupilId,
        assessor: String,
        now: OffsetDateTime,
        device_id: DeviceId,
    ) -> CheckSession {
        session::start(
            NewSession {
                pupil_id,
                kind: self.kind,
                items: self.items,
                form: None,
                scope: Some(self.scope),
                fluency: None,
                assessor,
            },
            now,
            device_id,
        )
    }
}

/// The marks the adult chooses from for each kind of progress check: word reading records
/// how a word was read (Little Wandle's blended / automatic); the others are right or wrong.
pub fn responses_for(kind: CheckKind) -> &'static [Response] {
    match kind {
        CheckKind::WordReading => &[Response::Automatic, Response::Blended, Response::Incorrect],
        _ => &[Response::Correct, Response::Incorrect],
    }
}

/// The GPCs in scope, in the programme's order.
fn gpcs_in(programme: Programme, scope: Scope) -> Result<Vec<GpcId>, ProgressError> {
    let catalogue = phonics::catalogue()?;
    let order = programme.order()?;
    match scope {
        Scope::Phase(phase) => {
            let mut ids: Vec<GpcId> = catalogue
                .all()
                .iter()
                .filter(|g| g.phase == phase)
                .map(|g| g.id)
                .collect();
            ids.sort_by_key(|id| order.sort_key(catalogue, id.as_str()));
            Ok(ids)
        }
        Scope::TaughtSoFar { unit } => {
            scope.check_unit(programme)?;
            Ok(order.gpcs_through(unit))
        }
    }
}

/// A GPC check: every GPC in scope once, in the programme's order. The child sees the
/// grapheme as the catalogue writes it (`a-e` for a split digraph). A grapheme with two GPCs
/// in scope (oo in moon and book) appears once per GPC: the adult's view should show the
/// GPC's example word from the catalogue to prompt the other sound.
pub fn plan_gpc_check(programme: Programme, scope: Scope) -> Result<PlannedCheck, ProgressError> {
    let catalogue = phonics::catalogue()?;
    let label = scope.label(programme)?;
    let items: Vec<ShownItem> = gpcs_in(programme, scope)?
        .into_iter()
        .filter_map(|id| catalogue.gpc(id.as_str()))
        .map(|g| ShownItem {
            text: g.grapheme.to_string(),
            gpcs: vec![g.id.as_str().to_string()],
            pseudo: false,
        })
        .collect();
    if items.is_empty() {
        return Err(ProgressError::NothingToCheck(label));
    }
    Ok(PlannedCheck {
        kind: CheckKind::Gpc,
        scope: label,
        items,
    })
}

/// A word-reading check of [`WORD_READING_ITEMS`] words: real words first, then pseudo-words
/// (so the adult says "now some alien words" once), half of each when the bank has enough.
///
/// - `Scope::Phase(p)`: words of phase `p` in the word bank.
/// - `Scope::TaughtSoFar`: words spelled only with GPCs taught by then.
///
/// Words the pupil has never been shown (in any of `previous`, screening checks included)
/// come first, then those seen longest ago; among equals the `seed` decides, so the same
/// seed and history always give the same words.
pub fn plan_word_reading(
    programme: Programme,
    scope: Scope,
    previous: &[CheckSession],
    seed: u64,
) -> Result<PlannedCheck, ProgressError> {
    let label = scope.label(programme)?;
    let bank = phonics::word_bank()?;
    let candidates: Vec<&phonics::Word> = match scope {
        Scope::Phase(phase) => bank.iter().filter(|w| w.phase == phase).collect(),
        Scope::TaughtSoFar { .. } => {
            let taught = gpcs_in(programme, scope)?;
            bank.iter()
                .filter(|w| w.gpcs.iter().all(|g| taught.contains(g)))
                .collect()
        }
    };
    let mut last_seen: HashMap<&str, OffsetDateTime> = HashMap::new();
    for s in previous {
        for item in &s.items {
            let when = last_seen.entry(item.text.as_str()).or_insert(s.started_at);
            *when = (*when).max(s.started_at);
        }
    }
    let mut rng = SplitMix64::new(seed ^ 0x5EED_0FA1);
    let mut pick = |pseudo: bool| {
        let mut pool: Vec<&phonics::Word> = candidates
            .iter()
            .copied()
            .filter(|w| w.pseudo == pseudo)
            .collect();
        rng.shuffle(&mut pool);
        // Stable: the shuffle breaks ties. `None` (never seen) sorts before any time.
        pool.sort_by_key(|w| last_seen.get(w.text).copied());
        pool
    };
    let real = pick(false);
    let pseudo = pick(true);
    let half = WORD_READING_ITEMS / 2;
    // Fill from the other kind when one runs short (phase 2 has few real words, say).
    let real_n = real
        .len()
        .min(half.max(WORD_READING_ITEMS.saturating_sub(pseudo.len())));
    let pseudo_n = pseudo.len().min(WORD_READING_ITEMS - real_n);
    let items: Vec<ShownItem> = real[..real_n]
        .iter()
        .chain(&pseudo[..pseudo_n])
        .map(|w| ShownItem {
            text: w.text.to_string(),
            gpcs: w.gpcs.iter().map(|g| g.as_str().to_string()).collect(),
            pseudo: w.pseudo,
        })
        .collect();
    if items.is_empty() {
        return Err(ProgressError::NothingToCheck(label));
    }
    Ok(PlannedCheck {
        kind: CheckKind::WordReading,
        scope: label,
        items,
    })
}

/// A tricky-word check, in teaching order.
///
/// - `Scope::Phase(p)`: the Letters and Sounds tricky words of phase `p` (phases are Letters
///   and Sounds' own idea, whatever the programme).
/// - `Scope::TaughtSoFar`: the programme's tricky words taught by the end of the unit.
pub fn plan_tricky_words(
    programme: Programme,
    scope: Scope,
) -> Result<PlannedCheck, ProgressError> {
    let label = scope.label(programme)?;
    let words = match scope {
        Scope::Phase(phase) => phonics::tricky_words(phase)?,
        Scope::TaughtSoFar { unit } => {
            scope.check_unit(programme)?;
            programme.order()?.tricky_through(unit)
        }
    };
    if words.is_empty() {
        return Err(ProgressError::NothingToCheck(label));
    }
    Ok(PlannedCheck {
        kind: CheckKind::TrickyWords,
        scope: label,
        items: words
            .into_iter()
            .map(|w| ShownItem {
                text: w.to_string(),
                gpcs: Vec::new(),
                pseudo: false,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::phonics::Phase;
    use crate::domain::session::NewSession;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-23 09:00 UTC);

    fn unit(programme: Programme, label: &str) -> Scope {
        let order = programme.order().expect("order");
        Scope::TaughtSoFar {
            unit: order
                .units
                .iter()
                .position(|u| u.label == label)
                .expect("unit"),
        }
    }

    fn texts(plan: &PlannedCheck) -> Vec<&str> {
        plan.items.iter().map(|i| i.text.as_str()).collect()
    }

    #[test]
    fn gpc_checks_follow_the_programme() {
        let cases: [(Programme, Scope, &str, &[&str]); 4] = [
            (
                Programme::LettersAndSounds,
                Scope::Phase(Phase::Two),
                "Phase 2",
                &["s", "a", "t", "p", "i"],
            ),
            (
                Programme::LittleWandle,
                Scope::Phase(Phase::Two),
                "Phase 2",
                // Little Wandle teaches l before ff, Letters and Sounds after.
                &["s", "a", "t", "p", "i"],
            ),
            (
                Programme::LittleWandle,
                unit(Programme::LittleWandle, "Reception Autumn 1 week 2"),
                "Taught so far: Little Wandle Reception Autumn 1 week 2",
                &["s", "a", "t", "p", "i", "n", "m", "d"],
            ),
            (
                Programme::LettersAndSounds,
                Scope::Phase(Phase::Five),
                "Phase 5",
                &["ay", "ou", "ie", "ea", "oy"],
            ),
        ];
        for (programme, scope, label, first) in cases {
            let plan = plan_gpc_check(programme, scope).expect("plans");
            assert_eq!(plan.kind, CheckKind::Gpc);
            assert_eq!(plan.scope, label);
            assert_eq!(&texts(&plan)[..first.len()], first, "{label}");
            for item in &plan.items {
                assert_eq!(item.gpcs.len(), 1);
                assert!(!item.pseudo);
            }
        }
        let lw = plan_gpc_check(Programme::LittleWandle, Scope::Phase(Phase::Two)).expect("p2");
        let pos = |t: &str| texts(&lw).iter().position(|x| *x == t);
        assert!(pos("l") < pos("ff"), "Little Wandle order");
        let ls = plan_gpc_check(Programme::LettersAndSounds, Scope::Phase(Phase::Two)).expect("p2");
        assert_eq!(ls.items.len(), 23, "every phase 2 GPC once");
        let p5 =
            plan_gpc_check(Programme::LettersAndSounds, Scope::Phase(Phase::Five)).expect("p5");
        let a_e = p5.items.iter().find(|i| i.gpcs == ["a_e"]).expect("a_e");
        assert_eq!(
            a_e.text, "a-e",
            "split digraphs as the catalogue writes them"
        );
    }

    #[test]
    fn a_gpc_check_of_phase_4_has_nothing_to_check() {
        assert_eq!(
            plan_gpc_check(Programme::LettersAndSounds, Scope::Phase(Phase::Four)),
            Err(ProgressError::NothingToCheck("Phase 4".into()))
        );
        assert!(matches!(
            plan_gpc_check(Programme::LittleWandle, Scope::TaughtSoFar { unit: 999 }),
            Err(ProgressError::NoSuchUnit { .. })
        ));
    }

    #[test]
    fn word_reading_is_deterministic_mixed_and_in_scope() {
        for phase in Phase::ALL {
            let a = plan_word_reading(Programme::LettersAndSounds, Scope::Phase(phase), &[], 7)
                .expect("plans");
            let b = plan_word_reading(Programme::LettersAndSounds, Scope::Phase(phase), &[], 7)
                .expect("plans");
            assert_eq!(a, b, "same seed, same words");
            assert_eq!(a.kind, CheckKind::WordReading);
            assert_eq!(
                a.items.len(),
                WORD_READING_ITEMS,
                "phase {}",
                phase.number()
            );
            let pseudo = a.items.iter().filter(|i| i.pseudo).count();
            assert_eq!(pseudo, WORD_READING_ITEMS / 2, "phase {}", phase.number());
            // Real words first.
            assert!(a.items[..WORD_READING_ITEMS / 2].iter().all(|i| !i.pseudo));
            let bank = phonics::word_bank().expect("bank");
            for item in &a.items {
                let word = bank.iter().find(|w| w.text == item.text).expect("in bank");
                assert_eq!(word.phase, phase, "{}", item.text);
                assert!(!item.gpcs.is_empty());
            }
        }
        let other = plan_word_reading(
            Programme::LettersAndSounds,
            Scope::Phase(Phase::Three),
            &[],
            8,
        )
        .expect("plans");
        let first = plan_word_reading(
            Programme::LettersAndSounds,
            Scope::Phase(Phase::Three),
            &[],
            7,
        )
        .expect("plans");
        assert_ne!(texts(&other), texts(&first), "another seed, other words");
    }

    #[test]
    fn word_reading_prefers_words_not_seen_recently() {
        let scope = Scope::Phase(Phase::Two);
        let first = plan_word_reading(Programme::LettersAndSounds, scope, &[], 1).expect("plans");
        let session = first
            .clone()
            .start(PupilId::random(), "JB".into(), NOW, DeviceId::random());
        let second = plan_word_reading(
            Programme::LettersAndSounds,
            scope,
            std::slice::from_ref(&session),
            1,
        )
        .expect("plans");
        let before: Vec<&str> = texts(&first);
        let unseen_left = |pseudo: bool| {
            phonics::word_bank()
                .expect("bank")
                .iter()
                .filter(|w| w.phase == Phase::Two && w.pseudo == pseudo)
                .filter(|w| !before.contains(&w.text))
                .count()
        };
        for item in &second.items {
            if unseen_left(item.pseudo) >= WORD_READING_ITEMS / 2 {
                assert!(!before.contains(&item.text.as_str()), "{} again", item.text);
            }
        }
        // With an old and a recent session, the old one's words come back first.
        let old = session::start(
            NewSession {
                pupil_id: PupilId::random(),
                kind: CheckKind::WordReading,
                items: first.items.clone(),
                form: None,
                scope: None,
                fluency: None,
                assessor: String::new(),
            },
            NOW - time::Duration::days(60),
            DeviceId::random(),
        );
        let all_phase_2: Vec<ShownItem> = phonics::word_bank()
            .expect("bank")
            .iter()
            .filter(|w| w.phase == Phase::Two && !before.contains(&w.text))
            .map(|w| ShownItem {
                text: w.text.into(),
                gpcs: vec![],
                pseudo: w.pseudo,
            })
            .collect();
        let recent = session::start(
            NewSession {
                pupil_id: PupilId::random(),
                kind: CheckKind::Screening,
                items: all_phase_2,
                form: Some(1),
                scope: None,
                fluency: None,
                assessor: String::new(),
            },
            NOW,
            DeviceId::random(),
        );
        let third =
            plan_word_reading(Programme::LettersAndSounds, scope, &[recent, old], 99).expect("p");
        let mut a = texts(&third);
        let mut b = before.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b, "every other word was seen more recently");
    }

    #[test]
    fn word_reading_taught_so_far_uses_only_taught_gpcs() {
        let programme = Programme::LittleWandle;
        let scope = unit(programme, "Reception Autumn 1 week 5");
        let plan = plan_word_reading(programme, scope, &[], 3).expect("plans");
        let taught = programme.order().expect("order").gpcs_through(match scope {
            Scope::TaughtSoFar { unit } => unit,
            Scope::Phase(_) => unreachable!(),
        });
        assert!(!plan.items.is_empty());
        for item in &plan.items {
            assert!(
                item.gpcs
                    .iter()
                    .all(|g| taught.iter().any(|t| t.as_str() == g)),
                "{}",
                item.text
            );
        }
    }

    #[test]
    fn tricky_words_by_phase_or_unit() {
        let p2 = plan_tricky_words(Programme::LettersAndSounds, Scope::Phase(Phase::Two))
            .expect("plans");
        assert_eq!(texts(&p2), ["the", "to", "I", "no", "go", "into"]);
        assert_eq!(p2.kind, CheckKind::TrickyWords);
        assert!(p2.items.iter().all(|i| i.gpcs.is_empty() && !i.pseudo));
        let lw = plan_tricky_words(
            Programme::LittleWandle,
            unit(Programme::LittleWandle, "Reception Autumn 1 week 5"),
        )
        .expect("plans");
        assert_eq!(texts(&lw), ["is", "I", "the"]);
        assert_eq!(
            plan_tricky_words(
                Programme::LittleWandle,
                unit(Programme::LittleWandle, "Reception Autumn 1 week 1")
            ),
            Err(ProgressError::NothingToCheck(
                "Taught so far: Little Wandle Reception Autumn 1 week 1".into()
            ))
        );
    }

    #[test]
    fn planned_checks_start_as_sessions_with_their_scope() {
        let plan =
            plan_gpc_check(Programme::LettersAndSounds, Scope::Phase(Phase::Three)).expect("plans");
        let pupil = PupilId::random();
        let s = plan
            .clone()
            .start(pupil, "JB".into(), NOW, DeviceId::random());
        assert_eq!(s.kind, CheckKind::Gpc);
        assert_eq!(s.pupil_id, pupil);
        assert_eq!(s.scope.as_deref(), Some("Phase 3"));
        assert_eq!(s.items, plan.items);
        assert_eq!(s.responses.len(), plan.items.len());
        assert!(s.is_open());
        assert_eq!(
            responses_for(CheckKind::WordReading),
            [Response::Automatic, Response::Blended, Response::Incorrect]
        );
        assert_eq!(
            responses_for(CheckKind::Gpc),
            [Response::Correct, Response::Incorrect]
        );
    }
}
