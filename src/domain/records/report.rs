//! What a parent or carer is given: a one-page report in plain words, and (for a subject
//! access request) everything stored about their child.

use serde::Serialize;
use time::Date;

use super::{latest_result, Window};
use crate::domain::dates::format_uk;
use crate::domain::fluency::fluency_score;
use crate::domain::model::{CheckKind, CheckSession, Pupil, SessionStatus};
use crate::domain::screening::score::{score, Outcome};
use crate::domain::settings::Settings;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScreeningLine {
    pub date: Date,
    /// `None` when the check was not taken.
    pub mark: Option<u8>,
    pub out_of: usize,
    pub threshold: u8,
    pub met: bool,
    pub sentence: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FluencyLine {
    pub date: Date,
    pub wcpm: u32,
    /// Whole percent, rounded down; `None` when no words were read.
    pub accuracy_percent: Option<u32>,
    pub sentence: String,
}

/// One page for a parent: every field is ready to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParentReport {
    pub pupil_name: String,
    pub year_group: &'static str,
    pub school_name: String,
    pub date: Date,
    pub screening: Option<ScreeningLine>,
    pub fluency: Option<FluencyLine>,
    /// The GPCs the teacher chose for home practice, as given.
    pub practise: Vec<String>,
    pub practise_sentence: Option<String>,
}

/// All time: reports use the latest result whenever it was.
const EVER: Window = Window {
    from: Date::MIN,
    to: Date::MAX,
};

fn screening_line(pupil: &Pupil, session: &CheckSession, threshold: u8) -> ScreeningLine {
    let sc = score(session, threshold);
    let name = &pupil.forename;
    let date = session.started_at.date();
    let out_of = session.items.len();
    let on = format_uk(date);
    let sentence = match (sc.outcome, sc.mark) {
        (Outcome::Met, Some(mark)) => format!(
            "On {on}, {name} read {mark} of the {out_of} words correctly in a practice phonics check. \
             That meets the expected standard ({threshold} or more)."
        ),
        (Outcome::NotMet, Some(mark)) => format!(
            "On {on}, {name} read {mark} of the {out_of} words correctly in a practice phonics check. \
             The expected standard is {threshold}: {name} is still working towards it, and the sounds \
             below will help."
        ),
        (outcome, _) => format!(
            "{name} did not take the practice phonics check on {on} ({}).",
            outcome.describe().to_lowercase()
        ),
    };
    ScreeningLine {
        date,
        mark: sc
            .mark
            .filter(|_| !matches!(sc.outcome, Outcome::NotTaken(_))),
        out_of,
        threshold,
        met: sc.outcome == Outcome::Met,
        sentence,
    }
}

fn fluency_line(pupil: &Pupil, session: &CheckSession) -> Option<FluencyLine> {
    if matches!(session.status, SessionStatus::NotTaken(_)) {
        return None;
    }
    let fs = fluency_score(session)?.ok()?;
    let name = &pupil.forename;
    let accuracy_percent = fs.accuracy.map(|a| a.whole_percent());
    let sentence = match accuracy_percent {
        Some(pc) => format!(
            "{name} read {} words correctly in one minute, and got {pc} in every 100 words right.",
            fs.wcpm.0
        ),
        None => format!("{name} did not read any words aloud in the one-minute reading."),
    };
    Some(FluencyLine {
        date: session.started_at.date(),
        wcpm: fs.wcpm.0,
        accuracy_percent,
        sentence,
    })
}

/// The report from the pupil's latest finished screening check and fluency reading.
pub fn parent_report(
    pupil: &Pupil,
    sessions: &[CheckSession],
    settings: &Settings,
    practise: &[String],
    today: Date,
) -> ParentReport {
    let screening = latest_result(pupil, CheckKind::Screening, EVER, sessions)
        .map(|s| screening_line(pupil, s, settings.screening_threshold));
    let fluency = latest_result(pupil, CheckKind::Fluency, EVER, sessions)
        .and_then(|s| fluency_line(pupil, s));
    let practise: Vec<String> = practise
        .iter()
        .map(|g| g.trim().to_string())
        .filter(|g| !g.is_empty())
        .collect();
    let practise_sentence = (!practise.is_empty()).then(|| {
        format!(
            "Sounds to practise at home with {}: {}.",
            pupil.forename,
            practise.join(", ")
        )
    });
    ParentReport {
        pupil_name: format!("{} {}", pupil.forename, pupil.surname),
        year_group: pupil.year_group.label(),
        school_name: settings.school_name.clone(),
        date: today,
        screening,
        fluency,
        practise,
        practise_sentence,
    }
}

#[derive(Serialize)]
struct PupilData<'a> {
    about: &'static str,
    pupil: &'a Pupil,
    sessions: Vec<&'a CheckSession>,
}

/// Everything ReadBy7 stores about one pupil, as readable JSON, for a subject access request.
/// Only sessions of this pupil are included, oldest first. Audio recordings are separate files.
pub fn pupil_data_json(pupil: &Pupil, sessions: &[CheckSession]) -> String {
    let mut own: Vec<&CheckSession> = sessions.iter().filter(|s| s.pupil_id == pupil.id).collect();
    own.sort_by_key(|s| (s.started_at, s.id));
    let data = PupilData {
        about: "All the information ReadBy7 holds about this pupil on this device: their details \
                and every check, with each word shown and how it was marked.",
        pupil,
        sessions: own,
    };
    // Our records always serialize (no maps with non-string keys); "{}" is never reached.
    serde_json::to_string_pretty(&data).unwrap_or_else(|_| "{}".to_string())
}

#[cfg(test)]
mod tests {
    use super::super::testdata::*;
    use super::*;
    use crate::domain::model::NotTakenCode;
    use time::macros::date;

    #[test]
    fn report_in_plain_words() {
        let ann = pupil("Ann", "Smith", None);
        let sessions = vec![
            screening(&ann, 20, at(2026, 3, 9)),
            screening(&ann, 29, at(2026, 6, 9)),
            fluency(&ann, 2, at(2026, 6, 10)),
        ];
        let r = parent_report(
            &ann,
            &sessions,
            &Settings::default(),
            &["ai".into(), " igh ".into(), "".into()],
            date!(2026 - 06 - 20),
        );
        assert_eq!(r.pupil_name, "Ann Smith");
        assert_eq!(r.year_group, "Year 1");
        let s = r.screening.expect("screening");
        assert_eq!(
            (s.mark, s.out_of, s.threshold, s.met),
            (Some(29), 40, 32, false)
        );
        assert_eq!(
            s.sentence,
            "On 09/06/2026, Ann read 29 of the 40 words correctly in a practice phonics check. \
             The expected standard is 32: Ann is still working towards it, and the sounds below will help."
        );
        let f = r.fluency.expect("fluency");
        assert_eq!((f.wcpm, f.accuracy_percent), (48, Some(96)));
        assert_eq!(
            f.sentence,
            "Ann read 48 words correctly in one minute, and got 96 in every 100 words right."
        );
        assert_eq!(r.practise, ["ai", "igh"]);
        assert_eq!(
            r.practise_sentence.as_deref(),
            Some("Sounds to practise at home with Ann: ai, igh.")
        );
    }

    #[test]
    fn met_absent_and_nothing_yet() {
        let ann = pupil("Ann", "Smith", None);
        let met = parent_report(
            &ann,
            &[screening(&ann, 36, at(2026, 6, 9))],
            &Settings::default(),
            &[],
            date!(2026 - 06 - 20),
        );
        let s = met.screening.expect("screening");
        assert!(s.met);
        assert!(
            s.sentence
                .contains("meets the expected standard (32 or more)"),
            "{}",
            s.sentence
        );
        assert_eq!(met.practise_sentence, None);
        let absent = parent_report(
            &ann,
            &[not_taken(&ann, NotTakenCode::Absent, at(2026, 6, 9))],
            &Settings::default(),
            &[],
            date!(2026 - 06 - 20),
        );
        let s = absent.screening.expect("line");
        assert_eq!(s.mark, None);
        assert_eq!(
            s.sentence,
            "Ann did not take the practice phonics check on 09/06/2026 (absent)."
        );
        let none = parent_report(&ann, &[], &Settings::default(), &[], date!(2026 - 06 - 20));
        assert_eq!((none.screening, none.fluency), (None, None));
    }

    #[test]
    fn pupil_data_has_only_their_records() {
        let ann = pupil("Ann", "Smith", Some("B801200005001"));
        let ben = pupil("Ben", "Jones", None);
        let sessions = vec![
            screening(&ann, 30, at(2026, 6, 9)),
            screening(&ben, 30, at(2026, 6, 9)),
        ];
        let text = pupil_data_json(&ann, &sessions);
        let v: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(v["pupil"]["upn"], "B801200005001");
        assert_eq!(v["sessions"].as_array().map(Vec::len), Some(1));
        assert_eq!(v["sessions"][0]["id"], sessions[0].id.to_string());
        assert!(!text.contains(&ben.id.to_string()));
        assert!(v["about"]
            .as_str()
            .unwrap_or("")
            .contains("All the information"));
    }
}
