//! A Common Transfer File (CTF) of phonics screening results, for the school to import into
//! its own MIS (which sends results on to the local authority). The structure follows the one
//! the DfE's multiplication tables check service writes; the assessment codes are in [`codes`].

use std::collections::HashMap;
use std::fmt;
use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use time::OffsetDateTime;

use super::{latest_result, Window};
use crate::domain::dates::{format_iso, format_uk};
use crate::domain::fields::FieldError;
use crate::domain::ids::PupilId;
use crate::domain::model::{AcademicYear, CheckKind, CheckSession, Gender, Pupil};
use crate::domain::screening::score::{score, Outcome};
use crate::domain::settings::Settings;
use crate::domain::upn::Upn;

/// Every code ReadBy7 writes into a CTF, in one place.
///
/// NOT CONFIRMED: these values must be checked against the current CTF specification published
/// by the Department for Education before a school relies on the file. The user guide tells
/// the school to check that an exported CTF imports into its MIS.
pub mod codes {
    pub const DOCUMENT_NAME: &str = "Common Transfer File";
    pub const CTF_VERSION: &str = "25.0";
    /// Only some pupils and only their phonics results: a partial file.
    pub const DOCUMENT_QUALIFIER: &str = "partial";
    pub const SUPPLIER_ID: &str = "ReadBy7";
    /// The key stage the phonics screening check belongs to.
    pub const STAGE: &str = "KS1";
    pub const LOCALE: &str = "ENG";
    pub const SUBJECT: &str = "PHO";
    pub const METHOD: &str = "TT";
    /// The mark out of 40, or A/D/L/Q when the check was not taken.
    pub const MARK_COMPONENT: &str = "PHONICS";
    /// Wa (met the expected standard) or Wt (working towards).
    pub const OUTCOME_COMPONENT: &str = "PHONICS_OUTCOME";
    pub const RESULT_STATUS: &str = "F";
    pub const MARK_QUALIFIER: &str = "NU";
    pub const OUTCOME_QUALIFIER: &str = "WA";
    pub const GENDER_FEMALE: &str = "F";
    pub const GENDER_MALE: &str = "M";
    pub const GENDER_NOT_RECORDED: &str = "U";
}

/// What a CTF export needs; the caller passes the pupils to include (e.g. Year 1).
pub struct CtfRequest<'a> {
    pub settings: &'a Settings,
    pub pupils: &'a [Pupil],
    pub sessions: &'a [CheckSession],
    /// The result used is each pupil's latest finished screening check started in this window.
    pub window: Window,
    pub academic_year: AcademicYear,
    pub created_at: OffsetDateTime,
}

/// A pupil left out of the file, and why (shown to the teacher).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotExported {
    pub pupil_id: PupilId,
    pub name: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtfExport {
    pub xml: String,
    /// Pupils in the file.
    pub exported: usize,
    pub not_exported: Vec<NotExported>,
}

impl CtfExport {
    /// The pupils left out, one entry per reason in first-seen order: 28 pupils without a
    /// check are one line for the teacher, not 28.
    pub fn not_exported_by_reason(&self) -> Vec<(&str, Vec<&str>)> {
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for n in &self.not_exported {
            match groups.iter_mut().find(|(reason, _)| *reason == n.reason) {
                Some((_, names)) => names.push(&n.name),
                None => groups.push((&n.reason, vec![&n.name])),
            }
        }
        groups
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CtfError {
    /// A setting the CTF header needs is blank. `field` is the settings form's field id.
    MissingSetting {
        field: &'static str,
        label: &'static str,
    },
    /// A setting is filled in but not valid (e.g. a 2-digit LA number).
    InvalidSetting(FieldError),
    /// Writing the XML failed (cannot happen in memory; kept so nothing panics).
    Write(String),
}

impl fmt::Display for CtfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CtfError::MissingSetting { label, .. } => write!(
                f,
                "A CTF needs the school's {label}: enter it in Settings, then make the file again."
            ),
            CtfError::InvalidSetting(e) => {
                write!(
                    f,
                    "{} Correct it in Settings, then make the file again.",
                    e.message
                )
            }
            CtfError::Write(detail) => write!(f, "The CTF could not be written: {detail}."),
        }
    }
}

impl std::error::Error for CtfError {}

/// The header needs all four school details, valid.
fn check_settings(settings: &Settings) -> Result<Settings, CtfError> {
    let settings =
        settings
            .clone()
            .validated()
            .map_err(|errors| match errors.into_iter().next() {
                Some(e) => CtfError::InvalidSetting(e),
                None => CtfError::Write("settings refused without a reason".into()),
            })?;
    let required: [(&str, &'static str, &'static str); 4] = [
        (&settings.school_name, "school_name", "name"),
        (
            &settings.la_number,
            "la_number",
            "local authority (LA) number",
        ),
        (
            &settings.establishment_number,
            "establishment_number",
            "establishment (DfE) number",
        ),
        (&settings.urn, "urn", "unique reference number (URN)"),
    ];
    for (value, field, label) in required {
        if value.is_empty() {
            return Err(CtfError::MissingSetting { field, label });
        }
    }
    Ok(settings)
}

type W = Writer<Vec<u8>>;

fn element(w: &mut W, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

fn school(w: &mut W, tag: &str, s: &Settings, year: Option<AcademicYear>) -> io::Result<()> {
    w.create_element(tag).write_inner_content(|w| {
        element(w, "LEA", &s.la_number)?;
        element(w, "Estab", &s.establishment_number)?;
        element(w, "URN", &s.urn)?;
        if let Some(year) = year {
            element(w, "SchoolName", &s.school_name)?;
            // The academic year as its first calendar year (2025 for 2025/26).
            element(w, "AcademicYear", &year.0.to_string())?;
        }
        Ok(())
    })?;
    Ok(())
}

fn stage_assessment(
    w: &mut W,
    year: i32,
    component: &str,
    qualifier: &str,
    result: &str,
) -> io::Result<()> {
    w.create_element("StageAssessment")
        .write_inner_content(|w| {
            element(w, "Locale", codes::LOCALE)?;
            element(w, "Year", &year.to_string())?;
            element(w, "Subject", codes::SUBJECT)?;
            element(w, "Method", codes::METHOD)?;
            element(w, "Component", component)?;
            element(w, "ResultStatus", codes::RESULT_STATUS)?;
            element(w, "ResultQualifier", qualifier)?;
            element(w, "Result", result)?;
            Ok(())
        })?;
    Ok(())
}

/// One pupil's result, ready to write.
struct Row<'a> {
    pupil: &'a Pupil,
    upn: &'a Upn,
    year: i32,
    /// The mark, or A/D/L/Q.
    result: String,
    /// Wa or Wt when the check was taken.
    outcome: Option<&'static str>,
}

fn pupil_element(w: &mut W, row: &Row) -> io::Result<()> {
    let p = row.pupil;
    w.create_element("Pupil").write_inner_content(|w| {
        element(w, "UPN", row.upn.as_str())?;
        element(w, "Surname", &p.surname)?;
        element(w, "Forename", &p.forename)?;
        element(w, "DOB", &format_iso(p.date_of_birth))?;
        element(
            w,
            "Gender",
            match p.gender {
                Gender::Female => codes::GENDER_FEMALE,
                Gender::Male => codes::GENDER_MALE,
                Gender::NotRecorded => codes::GENDER_NOT_RECORDED,
            },
        )?;
        w.create_element("StageAssessments")
            .write_inner_content(|w| {
                w.create_element("KeyStage").write_inner_content(|w| {
                    element(w, "Stage", codes::STAGE)?;
                    stage_assessment(
                        w,
                        row.year,
                        codes::MARK_COMPONENT,
                        codes::MARK_QUALIFIER,
                        &row.result,
                    )?;
                    if let Some(outcome) = row.outcome {
                        stage_assessment(
                            w,
                            row.year,
                            codes::OUTCOME_COMPONENT,
                            codes::OUTCOME_QUALIFIER,
                            outcome,
                        )?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    })?;
    Ok(())
}

fn date_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{}T{:02}:{:02}:{:02}",
        format_iso(at.date()),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// The CTF, with the pupils left out and why. Pupils need a UPN held by no other pupil given,
/// and a finished screening check in the window (a not-taken check is exported as its code).
pub fn ctf_xml(request: &CtfRequest) -> Result<CtfExport, CtfError> {
    let settings = check_settings(request.settings)?;
    let mut upn_count: HashMap<&Upn, usize> = HashMap::new();
    for p in request.pupils {
        if let Some(u) = &p.upn {
            *upn_count.entry(u).or_default() += 1;
        }
    }
    let mut rows = Vec::new();
    let mut not_exported = Vec::new();
    let window = request.window;
    for pupil in request.pupils {
        let skip = |reason: String| NotExported {
            pupil_id: pupil.id,
            name: format!("{} {}", pupil.forename, pupil.surname),
            reason,
        };
        let Some(upn) = &pupil.upn else {
            not_exported.push(skip(
                "No UPN is recorded: add it on the pupil's page (a CTF is matched by UPN).".into(),
            ));
            continue;
        };
        if upn_count.get(upn).copied().unwrap_or(0) > 1 {
            not_exported.push(skip(format!(
                "UPN {upn} is given to more than one pupil: correct it first."
            )));
            continue;
        }
        let Some(session) = latest_result(pupil, CheckKind::Screening, window, request.sessions)
        else {
            not_exported.push(skip(format!(
                "No finished screening check between {} and {}.",
                format_uk(window.from),
                format_uk(window.to.previous_day().unwrap_or(window.to))
            )));
            continue;
        };
        let sc = score(session, settings.screening_threshold);
        let (result, outcome) = match (sc.outcome, sc.mark) {
            (Outcome::NotTaken(code), _) => (code.code().to_string(), None),
            (Outcome::Met, Some(mark)) => (mark.to_string(), Some("Wa")),
            (Outcome::NotMet, Some(mark)) => (mark.to_string(), Some("Wt")),
            // latest_result never returns a check in progress; nothing to export if it did.
            _ => continue,
        };
        rows.push(Row {
            pupil,
            upn,
            year: session.started_at.year(),
            result,
            outcome,
        });
    }
    let xml = write(&settings, request, &rows).map_err(|e| CtfError::Write(e.to_string()))?;
    Ok(CtfExport {
        xml,
        exported: rows.len(),
        not_exported,
    })
}

fn write(settings: &Settings, request: &CtfRequest, rows: &[Row]) -> io::Result<String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("CTfile").write_inner_content(|w| {
        w.create_element("Header").write_inner_content(|w| {
            element(w, "DocumentName", codes::DOCUMENT_NAME)?;
            element(w, "CTFversion", codes::CTF_VERSION)?;
            element(w, "DateTime", &date_time(request.created_at))?;
            element(w, "DocumentQualifier", codes::DOCUMENT_QUALIFIER)?;
            element(w, "SupplierID", codes::SUPPLIER_ID)?;
            school(w, "SourceSchool", settings, Some(request.academic_year))?;
            // The file goes into the school's own MIS, which sends results to the authority.
            school(w, "DestSchool", settings, None)?;
            Ok(())
        })?;
        w.create_element("CTFpupilData").write_inner_content(|w| {
            for row in rows {
                pupil_element(w, row)?;
            }
            Ok(())
        })?;
        Ok(())
    })?;
    String::from_utf8(w.into_inner()).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::super::testdata::*;
    use super::*;
    use crate::domain::model::NotTakenCode;

    fn settings() -> Settings {
        Settings {
            school_name: "Kentish Town & Co Primary".into(),
            la_number: "202".into(),
            establishment_number: "2345".into(),
            urn: "100001".into(),
            ..Settings::default()
        }
    }

    fn run(
        settings: &Settings,
        pupils: &[Pupil],
        sessions: &[CheckSession],
    ) -> Result<CtfExport, CtfError> {
        ctf_xml(&CtfRequest {
            settings,
            pupils,
            sessions,
            window: window(),
            academic_year: AcademicYear(2025),
            created_at: at(2026, 6, 20),
        })
    }

    #[test]
    fn header_and_pupils() {
        let ann = pupil("Ann", "O'Neill", Some("B801200005001"));
        let cat = pupil("Cat", "Nowak", Some("R674123101121"));
        let ben = pupil("Ben", "Jones", None);
        let sessions = vec![
            screening(&ann, 35, at(2026, 6, 9)),
            not_taken(&cat, NotTakenCode::Absent, at(2026, 6, 9)),
            screening(&ben, 30, at(2026, 6, 9)),
        ];
        let out = run(&settings(), &[ann.clone(), cat, ben.clone()], &sessions).expect("ctf");
        let xml = &out.xml;
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CTfile>\n  <Header>\n    <DocumentName>Common Transfer File</DocumentName>"), "{xml}");
        for snippet in [
            "<DateTime>2026-06-20T09:30:00</DateTime>",
            "<DocumentQualifier>partial</DocumentQualifier>",
            "<SourceSchool>\n      <LEA>202</LEA>\n      <Estab>2345</Estab>\n      <URN>100001</URN>\n      <SchoolName>Kentish Town &amp; Co Primary</SchoolName>\n      <AcademicYear>2025</AcademicYear>\n    </SourceSchool>",
            "<DestSchool>\n      <LEA>202</LEA>",
            "<UPN>B801200005001</UPN>",
            "<DOB>2020-03-04</DOB>",
            "<Gender>F</Gender>",
            "<Stage>KS1</Stage>",
            "<Component>PHONICS</Component>\n            <ResultStatus>F</ResultStatus>\n            <ResultQualifier>NU</ResultQualifier>\n            <Result>35</Result>",
            "<Result>Wa</Result>",
            "<UPN>R674123101121</UPN>",
            "<Result>A</Result>",
            "<Year>2026</Year>",
        ] {
            assert!(xml.contains(snippet), "missing {snippet:?} in\n{xml}");
        }
        assert!(
            xml.contains("<Surname>O&apos;Neill</Surname>")
                || xml.contains("<Surname>O'Neill</Surname>"),
            "{xml}"
        );
        assert_eq!(xml.matches("<Pupil>").count(), 2);
        assert_eq!(out.exported, 2);
        // The absent pupil has no Wa/Wt.
        assert_eq!(
            xml.matches("<Component>PHONICS_OUTCOME</Component>")
                .count(),
            1
        );
        assert_eq!(
            out.not_exported,
            vec![NotExported {
                pupil_id: ben.id,
                name: "Ben Jones".into(),
                reason: "No UPN is recorded: add it on the pupil's page (a CTF is matched by UPN)."
                    .into()
            }]
        );
        // The file is well-formed XML.
        let mut reader = quick_xml::Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("not well-formed: {e}"),
            }
        }
    }

    #[test]
    fn pupils_left_out_say_why() {
        let a = pupil("Ann", "Smith", Some("B801200005001"));
        let b = pupil("Bea", "Smith", Some("B801200005001"));
        let c = pupil("Cat", "Nowak", Some("R674123101121"));
        let sessions = vec![
            screening(&a, 35, at(2026, 6, 9)),
            screening(&b, 35, at(2026, 6, 9)),
            in_progress(&c, at(2026, 6, 9)),
            screening(&c, 35, at(2026, 7, 9)),
        ];
        let out = run(&settings(), &[a, b, c], &sessions).expect("ctf");
        assert_eq!(out.exported, 0);
        let reasons: Vec<&str> = out.not_exported.iter().map(|n| n.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "UPN B801200005001 is given to more than one pupil: correct it first.",
                "UPN B801200005001 is given to more than one pupil: correct it first.",
                "No finished screening check between 01/06/2026 and 30/06/2026.",
            ]
        );
        assert_eq!(
            out.not_exported_by_reason(),
            [
                (
                    "UPN B801200005001 is given to more than one pupil: correct it first.",
                    vec!["Ann Smith", "Bea Smith"]
                ),
                (
                    "No finished screening check between 01/06/2026 and 30/06/2026.",
                    vec!["Cat Nowak"]
                ),
            ]
        );
        assert!(!out.xml.contains("<Pupil>"));
    }

    #[test]
    fn settings_needed_are_named() {
        let cases = [
            ("school_name", "name"),
            ("la_number", "local authority (LA) number"),
            ("establishment_number", "establishment (DfE) number"),
            ("urn", "unique reference number (URN)"),
        ];
        for (field, label) in cases {
            let mut s = settings();
            match field {
                "school_name" => s.school_name = " ".into(),
                "la_number" => s.la_number.clear(),
                "establishment_number" => s.establishment_number.clear(),
                _ => s.urn.clear(),
            }
            let err = run(&s, &[], &[]).expect_err("missing");
            assert_eq!(err, CtfError::MissingSetting { field, label });
            assert!(err.to_string().contains(label), "{err}");
            assert!(err.to_string().contains("Settings"), "{err}");
        }
        let mut s = settings();
        s.la_number = "20".into();
        let err = run(&s, &[], &[]).expect_err("invalid");
        assert!(
            matches!(&err, CtfError::InvalidSetting(e) if e.field == "la_number"),
            "{err:?}"
        );
        assert!(err.to_string().contains("3 digits"), "{err}");
    }
}
