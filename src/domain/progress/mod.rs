//! Phonics progress checks (GPCs, word reading, tricky words), each pupil's GPC profile, what
//! to teach next and keep-up groups, all in the order of the school's phonics programme.
//!
//! # How the UI uses this
//!
//! ```ignore
//! use crate::domain::progress::{self, Programme, Scope};
//! let programme = settings.programme;                       // Programme (Default: Letters and Sounds)
//! let units = &programme.order()?.units;                    // pick a unit: Scope::TaughtSoFar { unit: i }
//! // Start a check (each plan is pure; `start` makes the CheckSession to store):
//! let plan = progress::plan_gpc_check(programme, Scope::Phase(Phase::Three))?;
//! let plan = progress::plan_word_reading(programme, scope, &pupil_sessions, seed)?;
//! let plan = progress::plan_tricky_words(programme, scope)?;
//! let session = plan.start(pupil.id, assessor, now, device_id);
//! // Marking uses the shared session functions; the buttons to offer:
//! let buttons = progress::responses_for(session.kind);     // Automatic/Blended/Incorrect for words
//! // Results:
//! let profile = progress::profile(pupil.id, &pupil_sessions, programme)?; // every GPC, a status
//! let next = progress::teach_next(&profile, 5);             // Vec<NextGpc>
//! let gaps = progress::class_gaps(&class_profiles);         // Vec<ClassGap>, most lacked first
//! let groups = progress::keep_up_groups(&class_profiles);   // Vec<KeepUpGroup>
//! ```
//!
//! Planners fail with [`ProgressError`]: bad embedded content (the tests prove it is not),
//! a unit index out of range, or a scope with nothing in it (a GPC check of phase 4, which
//! teaches no new GPCs). A GPC item's `text` is the grapheme as the catalogue writes it
//! (`a-e`); where a grapheme has two GPCs (oo, ow, and the phase 5 alternatives such as c
//! in "ice"), show the adult the catalogue's example word for the item's GPC id.
//!
//! # The profile rule
//!
//! Evidence: every marked item of the pupil's checks, except checks not taken (A, D, L, Q).
//! Unmarked items say nothing, so an open or stopped check counts only what was marked.
//! - GPC check item: evidence for its GPC, right or wrong.
//! - Screening or word-reading word read correctly (Correct, Blended or Automatic): right for
//!   every GPC in it. Misread: wrong for its focus GPC only
//!   ([`crate::domain::screening::score::focus_gpc`]); a misread word of single letters is a
//!   blending slip and counts against no GPC.
//! - Tricky-word and fluency checks: no GPC evidence.
//!
//! One check gives one verdict per GPC: right if nothing in it counted against the GPC.
//! Verdicts are ordered by the check's start (newest first), then:
//! - **Secure**: right in the two most recent checks that included it.
//! - **Emerging**: right in at least one check, but not secure (one right check so far; or
//!   the latest or the one before it wrong).
//! - **NotYet**: checked and never right.
//! - **NotChecked**: no evidence.
//!
//! # Teach next
//!
//! For a pupil ([`teach_next`]): their gaps up to the furthest GPC with any evidence, NotYet
//! before Emerging and each in programme order, then the GPCs after it (new content). A GPC not checked
//! before that point is not listed: there is no evidence it is a gap (the UI can suggest a
//! check instead). For a class ([`class_gaps`]): GPCs by how many pupils have them as a gap,
//! most first, ties in programme order, with the pupils and how many were checked.
//!
//! # Keep-up groups
//!
//! [`keep_up_groups`]: pupils grouped by their first gap, the first of their teach-next list,
//! since keep-up teaching starts there. A group's GPCs are that gap plus the next gaps all its
//! members share, at most [`GROUP_GPCS`]. Pupils without gaps are in no group.
//!
//! One rule orders gaps for a pupil, a group and a group's practice pack ([`ranked_gaps`]):
//! sounds fewer members have read right at least once come first (for one pupil: NotYet
//! before Emerging), then programme order. After a single check every sound read right is
//! Emerging, so sounds just read correctly never lead a group or its pack.

mod items;
mod next;
mod profile;
mod programme;
mod result;

use std::fmt;

pub use items::{
    plan_gpc_check, plan_tricky_words, plan_word_reading, responses_for, PlannedCheck,
    WORD_READING_ITEMS,
};
pub use next::{
    class_gaps, keep_up_groups, ranked_gaps, teach_next, ClassGap, KeepUpGroup, NextGpc, GROUP_GPCS,
};
pub use profile::{profile, Evidence, GpcProfile, GpcProgress, GpcStatus};
pub use programme::{Programme, ProgrammeOrder, Unit};
pub use result::ProgressResult;

use crate::domain::model::YearGroup;
use crate::domain::phonics::{ContentError, Phase};

/// What a progress check covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// One Letters and Sounds phase, in the programme's order.
    Phase(Phase),
    /// Everything the programme has taught by the end of unit `unit` (an index into
    /// [`ProgrammeOrder::units`]).
    TaughtSoFar { unit: usize },
}

impl Scope {
    /// The session's `scope` text: "Phase 3", "Taught so far: Little Wandle Reception Autumn
    /// 2 week 3".
    pub fn label(self, programme: Programme) -> Result<String, ProgressError> {
        match self {
            Scope::Phase(phase) => Ok(format!("Phase {}", phase.number())),
            Scope::TaughtSoFar { unit } => {
                self.check_unit(programme)?;
                let order = programme.order()?;
                let name = order.units.get(unit).map_or("", |u| u.label);
                Ok(format!("Taught so far: {} {name}", programme.short_label()))
            }
        }
    }

    fn check_unit(self, programme: Programme) -> Result<(), ProgressError> {
        if let Scope::TaughtSoFar { unit } = self {
            let units = programme.order()?.units.len();
            if unit >= units {
                return Err(ProgressError::NoSuchUnit { unit, units });
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgressError {
    Content(ContentError),
    /// `unit` is past the programme's last unit.
    NoSuchUnit {
        unit: usize,
        units: usize,
    },
    /// The scope (named by its label) has nothing of this kind to check.
    NothingToCheck(String),
}

impl From<ContentError> for ProgressError {
    fn from(e: ContentError) -> Self {
        ProgressError::Content(e)
    }
}

impl fmt::Display for ProgressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProgressError::Content(e) => write!(f, "{e}"),
            ProgressError::NoSuchUnit { unit, units } => write!(
                f,
                "there is no unit {} in a programme of {units} units",
                unit + 1
            ),
            ProgressError::NothingToCheck(scope) => {
                write!(f, "{scope} has nothing of this kind to check")
            }
        }
    }
}

impl std::error::Error for ProgressError {}

/// Where a pupil's next progress check should start: everything taught up to the unit of
/// their first GPC to teach next; with no evidence yet, the phase their year group usually
/// works on (Reception phase 2; Years 1 and 2 phase 5, where the screening check sits).
pub fn suggested_scope(year_group: YearGroup, profile: &GpcProfile) -> Scope {
    let unit = teach_next(profile, 1)
        .first()
        .and_then(|n| profile.get(n.gpc.as_str()))
        .and_then(|g| g.unit);
    match (unit, year_group) {
        (Some(unit), _) => Scope::TaughtSoFar { unit },
        (None, YearGroup::Reception) => Scope::Phase(Phase::Two),
        (None, _) => Scope::Phase(Phase::Five),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programmes_serialise_and_default_to_letters_and_sounds() {
        assert_eq!(Programme::default(), Programme::LettersAndSounds);
        for p in Programme::ALL {
            let json = serde_json::to_string(&p).expect("serialises");
            let back: Programme = serde_json::from_str(&json).expect("parses");
            assert_eq!(back, p);
            assert!(!p.label().is_empty());
        }
        assert_eq!(
            serde_json::to_string(&Programme::LittleWandle).expect("json"),
            "\"LittleWandle\""
        );
    }

    #[test]
    fn scope_labels() {
        let order = Programme::LittleWandle.order().expect("order");
        let unit = order
            .units
            .iter()
            .position(|u| u.label == "Reception Autumn 2 week 3")
            .expect("unit");
        let cases = [
            (
                Scope::Phase(Phase::Three),
                Programme::LittleWandle,
                "Phase 3",
            ),
            (
                Scope::TaughtSoFar { unit },
                Programme::LittleWandle,
                "Taught so far: Little Wandle Reception Autumn 2 week 3",
            ),
            (
                Scope::TaughtSoFar { unit: 0 },
                Programme::LettersAndSounds,
                "Taught so far: Letters and Sounds Phase 2 set 1",
            ),
        ];
        for (scope, programme, label) in cases {
            assert_eq!(scope.label(programme).as_deref(), Ok(label));
        }
        let err = Scope::TaughtSoFar { unit: 99 }
            .label(Programme::LittleWandle)
            .expect_err("out of range");
        assert_eq!(
            err.to_string(),
            format!(
                "there is no unit 100 in a programme of {} units",
                order.units.len()
            )
        );
    }

    #[test]
    fn a_check_starts_where_the_pupil_is() {
        use crate::domain::ids::PupilId;
        use crate::domain::progress::profile::tests::gpc_check;
        let id = PupilId::random();
        let none = profile(id, &[], Programme::LettersAndSounds).expect("profile");
        assert_eq!(
            suggested_scope(YearGroup::Reception, &none),
            Scope::Phase(Phase::Two)
        );
        assert_eq!(
            suggested_scope(YearGroup::Year1, &none),
            Scope::Phase(Phase::Five)
        );
        // j (phase 3 set 6) missed: check everything up to the unit that teaches it.
        let sessions = [gpc_check(id, 0, &[("s", true), ("j", false)])];
        let p = profile(id, &sessions, Programme::LettersAndSounds).expect("profile");
        let unit = Programme::LettersAndSounds
            .order()
            .expect("order")
            .unit_of("j")
            .expect("taught");
        assert_eq!(
            suggested_scope(YearGroup::Year1, &p),
            Scope::TaughtSoFar { unit }
        );
    }
}
