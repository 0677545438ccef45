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
use crate::domain::words::count;

/// Every code ReadBy7 writes into a CTF, in one place, each with where it comes from.
///
/// Two public DfE services write CTFs, and their code was read (not copied) for these values:
/// - **MTC**: the multiplication tables check, `DFEAGILEDEVOPS/MTC`,
///   `admin/services/ctf/ctf.service.js` (`buildXmlString`, `getCtfVersion`, `getAcademicYear`)
///   and `admin/lib/consts/ctf-results.js`;
/// - **GIAP**: Get Information About Pupils, `DFE-Digital/get-information-about-pupils`,
///   `DfE.GIAP.All/src/DfE.GIAP.Core/Downloads/Application/UseCases/DownloadPupilCtf/Ctf/`
///   (`Builders/CtfHeaderBuilder.cs`, `Builders/YearlyFileCtfPupilBuilder.cs`,
///   `Formatters/XmlCtfFormatter.cs`, `Models/CtfFile.cs`).
///
/// The codes no source confirms for the phonics check (Stage, Subject, Method, Component,
/// ResultQualifier) are marked TO CONFIRM: the school must check that an exported CTF
/// imports into its MIS before relying on it.
pub mod codes {
    use crate::domain::model::AcademicYear;

    /// MTC `buildXmlString` and GIAP `CtfHeaderBuilder.Build` both write this.
    pub const DOCUMENT_NAME: &str = "Common Transfer File";
    /// Only some pupils and only their phonics results. MTC and GIAP both write "partial".
    pub const DOCUMENT_QUALIFIER: &str = "partial";
    /// Ours: the SupplierID names the writing product (MTC writes "Multiplication Tables
    /// Check", GIAP "GIAP").
    pub const SUPPLIER_ID: &str = "ReadBy7";
    /// MTC (`.ele('Locale').txt('ENG')`) and GIAP (`BuildStageAssessments(.., "ENG", ..)`).
    pub const LOCALE: &str = "ENG";
    /// Both writers put "R" in every StageAssessment's ResultStatus (MTC `buildXmlString`,
    /// GIAP `YearlyFileCtfPupilBuilder.BuildStageAssessments`). ReadBy7 wrote "F" before.
    pub const RESULT_STATUS: &str = "R";
    /// `<Sex>` takes M or F (MTC writes `<Sex>` from a gender its validators only allow as
    /// M or F, `admin/lib/validator/pupil-validator.js`; GIAP writes `<Sex>`). There is no
    /// code for "not recorded": GIAP leaves the element out when it has no value
    /// (`XmlCtfFormatter.WriteElementIfNotNullAsync`; its test `FormatAsync_SkipsNullValues`).
    pub const SEX_FEMALE: &str = "F";
    pub const SEX_MALE: &str = "M";

    /// TO CONFIRM: the key stage element for the phonics screening check (MTC writes "KS2"
    /// for its own check; GIAP takes the stage from a per-year schema not in its repository).
    pub const STAGE: &str = "KS1";
    /// TO CONFIRM: no source read gives the phonics Subject (MTC's own is "MAT").
    pub const SUBJECT: &str = "PHO";
    /// TO CONFIRM: MTC writes "TT" for its check; not confirmed for phonics.
    pub const METHOD: &str = "TT";
    /// TO CONFIRM: the component holding the mark (0-40). GIAP keeps a phonics mark and a
    /// phonics outcome as two result fields (`Models/Entries/PhonicsEntry.cs`:
    /// `Phonics_Mark`, `Phonics_Outcome`), so they are two StageAssessments here.
    pub const MARK_COMPONENT: &str = "PHONICS";
    /// TO CONFIRM: the component holding the outcome code: A, D, L or Q, and Wa/Wt only when
    /// the school's setting asks for it.
    pub const OUTCOME_COMPONENT: &str = "PHONICS_OUTCOME";
    /// TO CONFIRM: ResultQualifier of the mark.
    pub const MARK_QUALIFIER: &str = "NU";
    /// TO CONFIRM: ResultQualifier of the outcome.
    pub const OUTCOME_QUALIFIER: &str = "WA";

    /// `CTFversion` follows the academic year: its first calendar year's last two digits and
    /// ".0" (2025/26 → "25.0", 2026/27 → "26.0"), as MTC's `getCtfVersion` computes it from
    /// `getAcademicYear` (GIAP keeps it in configuration, "25.0" in `appsettings.json`, with
    /// the comment "Changes every september").
    pub fn ctf_version(year: AcademicYear) -> String {
        format!("{:02}.0", year.0 % 100)
    }
}

/// What a CTF export needs; the caller passes the pupils to include (e.g. Year 1).
pub struct CtfRequest<'a> {
    pub settings: &'a Settings,
    pub pupils: &'a [Pupil],
    pub sessions: &'a [CheckSession],
    /// The result used is each pupil's latest finished screening check started in this window.
    pub window: Window,
    /// The academic year exported (of the period chosen, else today's): it names the file's
    /// `AcademicYear` and decides its `CTFversion`.
    pub academic_year: AcademicYear,
    pub created_at: OffsetDateTime,
    /// This device's count of CTFs made, this one included (1 for the first): the file
    /// name's NNN. The caller keeps it and only ever raises it.
    pub export_number: u32,
}

impl<'a> CtfRequest<'a> {
    /// A request numbered 1; set `export_number` for the file's NNN.
    pub fn new(
        settings: &'a Settings,
        pupils: &'a [Pupil],
        sessions: &'a [CheckSession],
        window: Window,
        academic_year: AcademicYear,
        created_at: OffsetDateTime,
    ) -> Self {
        CtfRequest {
            settings,
            pupils,
            sessions,
            window,
            academic_year,
            created_at,
            export_number: 1,
        }
    }
}

/// A pupil left out of the file, and why (shown to the teacher).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotExported {
    pub pupil_id: PupilId,
    pub name: String,
    pub reason: String,
}

/// A pupil in the file whose record needs attention (their name as the teacher knows it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PupilNamed {
    pub pupil_id: PupilId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtfExport {
    pub xml: String,
    /// `<LA><Estab>_CTF_<LA><Estab>_<NNN>.xml` ([`ctf_file_name`]).
    pub file_name: String,
    /// Pupils in the file.
    pub exported: usize,
    pub not_exported: Vec<NotExported>,
    /// Pupils in the file written without `<Sex>`, because none is recorded.
    pub sex_not_recorded: Vec<PupilNamed>,
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

    /// The pupils left out as lines for the teacher: "No UPN is recorded: … 2 pupils: Ann
    /// Smith, Bea Jones".
    pub fn not_exported_lines(&self) -> Vec<String> {
        self.not_exported_by_reason()
            .into_iter()
            .map(|(reason, names)| {
                format!(
                    "{reason} {}: {}",
                    count(names.len(), "pupil", "pupils"),
                    names.join(", ")
                )
            })
            .collect()
    }
}

/// The file name the CTF convention uses, `<LA><Estab>_CTF_<LA><Estab>_<NNN>.xml`: source
/// then destination (the school itself: the file goes into its own MIS), and a number that
/// counts up per export, at least three digits (`2022345_CTF_2022345_001.xml`). From the
/// convention MIS products and local authorities use (`/work/shared/domain/school-records.md`);
/// neither DfE writer read names its files this way (GIAP answers "CTF.xml"), so it is TO
/// CONFIRM like the assessment codes.
pub fn ctf_file_name(settings: &Settings, export_number: u32) -> String {
    let school = format!("{}{}", settings.la_number, settings.establishment_number);
    format!("{school}_CTF_{school}_{:03}.xml", export_number.max(1))
}

/// The CTF export number after `last` (0 when this device has made none): numbers only go up.
pub fn next_export_number(last: u32) -> u32 {
    last.saturating_add(1)
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
            // The academic year as its first calendar year (2025 for 2025/26), as MTC's
            // `getAcademicYear` and GIAP's `CalculateAcademicYear` write it.
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
    /// The mark out of 40; `None` ("left blank") when the check was not taken.
    mark: Option<u8>,
    /// A, D, L or Q; Wa or Wt only when the setting asks for them.
    outcome: Option<String>,
}

/// M or F; `None` when no sex is recorded (the element is then left out).
fn sex_code(gender: Gender) -> Option<&'static str> {
    match gender {
        Gender::Female => Some(codes::SEX_FEMALE),
        Gender::Male => Some(codes::SEX_MALE),
        Gender::NotRecorded => None,
    }
}

fn pupil_element(w: &mut W, row: &Row) -> io::Result<()> {
    let p = row.pupil;
    w.create_element("Pupil").write_inner_content(|w| {
        element(w, "UPN", row.upn.as_str())?;
        element(w, "Surname", &p.surname)?;
        element(w, "Forename", &p.forename)?;
        element(w, "DOB", &format_iso(p.date_of_birth))?;
        if let Some(sex) = sex_code(p.gender) {
            element(w, "Sex", sex)?;
        }
        w.create_element("StageAssessments")
            .write_inner_content(|w| {
                w.create_element("KeyStage").write_inner_content(|w| {
                    element(w, "Stage", codes::STAGE)?;
                    // A blank result is not written, as GIAP skips an assessment whose result
                    // is blank: a check not taken has no mark, never 0.
                    if let Some(mark) = row.mark {
                        stage_assessment(
                            w,
                            row.year,
                            codes::MARK_COMPONENT,
                            codes::MARK_QUALIFIER,
                            &mark.to_string(),
                        )?;
                    }
                    if let Some(outcome) = &row.outcome {
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

/// The pupils the file holds, and those it leaves out.
struct Selection<'a> {
    rows: Vec<Row<'a>>,
    not_exported: Vec<NotExported>,
}

/// Who goes in the file (rules on [`ctf_xml`]); `threshold` and `wa_wt` from Settings.
fn select<'a>(request: &CtfRequest<'a>, threshold: u8, wa_wt: bool) -> Selection<'a> {
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
            name: full_name(pupil),
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
        let sc = score(session, threshold);
        // DfE guidance to authorities: "leave the mark blank and enter the outcome code",
        // needed only for A, D, L or Q; Wa/Wt are not required (and ours depend on the
        // threshold in Settings), so they are written only when the school asks.
        let (mark, outcome) = match (sc.outcome, sc.mark) {
            (Outcome::NotTaken(code), _) => (None, Some(code.code().to_string())),
            (Outcome::Met, Some(mark)) => (Some(mark), wa_wt.then(|| "Wa".to_string())),
            (Outcome::NotMet, Some(mark)) => (Some(mark), wa_wt.then(|| "Wt".to_string())),
            // latest_result never returns a check in progress; nothing to export if it did.
            _ => continue,
        };
        rows.push(Row {
            pupil,
            upn,
            year: session.started_at.year(),
            mark,
            outcome,
        });
    }
    Selection { rows, not_exported }
}

fn full_name(pupil: &Pupil) -> String {
    format!("{} {}", pupil.forename, pupil.surname)
}

fn sex_not_recorded(rows: &[Row]) -> Vec<PupilNamed> {
    rows.iter()
        .filter(|r| sex_code(r.pupil.gender).is_none())
        .map(|r| PupilNamed {
            pupil_id: r.pupil.id,
            name: full_name(r.pupil),
        })
        .collect()
}

/// The warning the Records page shows before a CTF is downloaded, naming the pupils who would
/// be in the file with no sex recorded; `None` when there are none.
///
/// Such a pupil is written without `<Sex>` rather than left out: the result is statutory and
/// the MIS matches the pupil by UPN and already holds their record, while CTF 25 has no code
/// for "not recorded" (no "U"). GIAP, the DfE's own service, writes a pupil with no sex the
/// same way. Recording the sex on the pupil's page puts it in the next file.
pub fn sex_not_recorded_warning(request: &CtfRequest) -> Option<String> {
    let settings = request.settings;
    let selection = select(request, settings.screening_threshold, settings.ctf_wa_wt);
    sex_warning(&sex_not_recorded(&selection.rows))
}

fn sex_warning(pupils: &[PupilNamed]) -> Option<String> {
    if pupils.is_empty() {
        return None;
    }
    let names: Vec<&str> = pupils.iter().map(|p| p.name.as_str()).collect();
    let (verb, their) = if pupils.len() == 1 {
        ("has", "Their result is")
    } else {
        ("have", "Their results are")
    };
    Some(format!(
        "{} {verb} no sex recorded: {}. A CTF allows only M or F, so {} written without it \
         (your MIS matches pupils by UPN). Record it on the pupil's page to include it.",
        count(pupils.len(), "pupil", "pupils"),
        names.join(", "),
        their.to_lowercase(),
    ))
}

impl CtfExport {
    /// The warning for pupils written without `<Sex>` ([`sex_not_recorded_warning`]).
    pub fn sex_warning(&self) -> Option<String> {
        sex_warning(&self.sex_not_recorded)
    }
}

/// The CTF, with the pupils left out and why. Pupils need a UPN held by no other pupil given,
/// and a finished screening check in the window (a not-taken check is exported as its code,
/// with no mark).
pub fn ctf_xml(request: &CtfRequest) -> Result<CtfExport, CtfError> {
    let settings = check_settings(request.settings)?;
    let Selection { rows, not_exported } =
        select(request, settings.screening_threshold, settings.ctf_wa_wt);
    let xml = write(&settings, request, &rows).map_err(|e| CtfError::Write(e.to_string()))?;
    Ok(CtfExport {
        xml,
        file_name: ctf_file_name(&settings, request.export_number),
        exported: rows.len(),
        not_exported,
        sex_not_recorded: sex_not_recorded(&rows),
    })
}

fn write(settings: &Settings, request: &CtfRequest, rows: &[Row]) -> io::Result<String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("CTfile").write_inner_content(|w| {
        w.create_element("Header").write_inner_content(|w| {
            element(w, "DocumentName", codes::DOCUMENT_NAME)?;
            element(w, "CTFversion", &codes::ctf_version(request.academic_year))?;
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

    fn request<'a>(
        settings: &'a Settings,
        pupils: &'a [Pupil],
        sessions: &'a [CheckSession],
    ) -> CtfRequest<'a> {
        let created_at = at(2026, 6, 20);
        CtfRequest::new(
            settings,
            pupils,
            sessions,
            window(),
            AcademicYear(2025),
            created_at,
        )
    }

    fn run(
        settings: &Settings,
        pupils: &[Pupil],
        sessions: &[CheckSession],
    ) -> Result<CtfExport, CtfError> {
        ctf_xml(&request(settings, pupils, sessions))
    }

    /// The text of every `<tag>` in the file, in order.
    fn texts(xml: &str, tag: &str) -> Vec<String> {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        xml.split(&open)
            .skip(1)
            .filter_map(|rest| rest.split(&close).next())
            .map(str::to_string)
            .collect()
    }

    fn assert_well_formed(xml: &str) {
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
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CTfile>\n  <Header>\n    <DocumentName>Common Transfer File</DocumentName>\n    <CTFversion>25.0</CTFversion>"), "{xml}");
        for snippet in [
            "<DateTime>2026-06-20T09:30:00</DateTime>",
            "<DocumentQualifier>partial</DocumentQualifier>",
            "<SourceSchool>\n      <LEA>202</LEA>\n      <Estab>2345</Estab>\n      <URN>100001</URN>\n      <SchoolName>Kentish Town &amp; Co Primary</SchoolName>\n      <AcademicYear>2025</AcademicYear>\n    </SourceSchool>",
            "<DestSchool>\n      <LEA>202</LEA>",
            "<UPN>B801200005001</UPN>",
            "<DOB>2020-03-04</DOB>\n      <Sex>F</Sex>",
            "<Stage>KS1</Stage>",
            "<Component>PHONICS</Component>\n            <ResultStatus>R</ResultStatus>\n            <ResultQualifier>NU</ResultQualifier>\n            <Result>35</Result>",
            "<UPN>R674123101121</UPN>",
            "<Component>PHONICS_OUTCOME</Component>\n            <ResultStatus>R</ResultStatus>\n            <ResultQualifier>WA</ResultQualifier>\n            <Result>A</Result>",
            "<Year>2026</Year>",
        ] {
            assert!(xml.contains(snippet), "missing {snippet:?} in\n{xml}");
        }
        assert!(!xml.contains("<Gender>"), "CTF 25 uses <Sex>: {xml}");
        assert!(
            xml.contains("<Surname>O&apos;Neill</Surname>")
                || xml.contains("<Surname>O'Neill</Surname>"),
            "{xml}"
        );
        assert_eq!(xml.matches("<Pupil>").count(), 2);
        assert_eq!(out.exported, 2);
        // Marks only for the pupil who took it; the absent pupil's mark is blank, not 0, and
        // Wa/Wt are not written (the setting is off by default).
        assert_eq!(texts(xml, "Result"), ["35", "A"]);
        assert_eq!(texts(xml, "ResultStatus"), ["R", "R"]);
        assert_eq!(out.file_name, "2022345_CTF_2022345_001.xml");
        assert_eq!(
            out.not_exported,
            vec![NotExported {
                pupil_id: ben.id,
                name: "Ben Jones".into(),
                reason: "No UPN is recorded: add it on the pupil's page (a CTF is matched by UPN)."
                    .into()
            }]
        );
        assert_eq!(out.sex_not_recorded, []);
        assert_eq!(out.sex_warning(), None);
        assert_well_formed(xml);
    }

    #[test]
    fn each_code_is_an_outcome_with_a_blank_mark() {
        let codes = [
            (NotTakenCode::Absent, "A"),
            (NotTakenCode::Disapplied, "D"),
            (NotTakenCode::Left, "L"),
            (NotTakenCode::Maladministration, "Q"),
        ];
        for (code, letter) in codes {
            let p = pupil("Cat", "Nowak", Some("R674123101121"));
            let sessions = [not_taken(&p, code, at(2026, 6, 9))];
            let out = run(&settings(), &[p], &sessions).expect("ctf");
            assert_eq!(texts(&out.xml, "Result"), [letter], "{code:?}");
            assert_eq!(
                texts(&out.xml, "Component"),
                ["PHONICS_OUTCOME"],
                "{code:?}"
            );
        }
    }

    #[test]
    fn wa_and_wt_only_when_the_setting_asks() {
        let a = pupil("Ann", "Smith", Some("B801200005001"));
        let b = pupil("Cat", "Nowak", Some("R674123101121"));
        let sessions = [
            screening(&a, 32, at(2026, 6, 9)),
            screening(&b, 31, at(2026, 6, 9)),
        ];
        let pupils = [a, b];
        let off = run(&settings(), &pupils, &sessions).expect("ctf");
        assert_eq!(texts(&off.xml, "Result"), ["32", "31"]);
        let on = Settings {
            ctf_wa_wt: true,
            ..settings()
        };
        let out = run(&on, &pupils, &sessions).expect("ctf");
        assert_eq!(texts(&out.xml, "Result"), ["32", "Wa", "31", "Wt"]);
        assert_eq!(
            texts(&out.xml, "Component"),
            ["PHONICS", "PHONICS_OUTCOME", "PHONICS", "PHONICS_OUTCOME"]
        );
        // Wa/Wt follow the threshold in Settings.
        let lower = Settings {
            screening_threshold: 31,
            ..on
        };
        let out = run(&lower, &pupils, &sessions).expect("ctf");
        assert_eq!(texts(&out.xml, "Result"), ["32", "Wa", "31", "Wa"]);
    }

    #[test]
    fn the_version_follows_the_academic_year() {
        assert_eq!(codes::ctf_version(AcademicYear(2025)), "25.0");
        assert_eq!(codes::ctf_version(AcademicYear(2026)), "26.0");
        assert_eq!(codes::ctf_version(AcademicYear(2030)), "30.0");
        assert_eq!(codes::ctf_version(AcademicYear(2100)), "00.0");
        let p = pupil("Ann", "Smith", Some("B801200005001"));
        let sessions = [screening(&p, 35, at(2026, 10, 9))];
        let s = settings();
        let pupils = [p];
        let mut r = request(&s, &pupils, &sessions);
        r.academic_year = AcademicYear(2026);
        r.window = Window {
            from: time::macros::date!(2026 - 09 - 01),
            to: time::macros::date!(2027 - 09 - 01),
        };
        let out = ctf_xml(&r).expect("ctf");
        assert_eq!(texts(&out.xml, "CTFversion"), ["26.0"]);
        assert_eq!(texts(&out.xml, "AcademicYear"), ["2026"]);
    }

    #[test]
    fn file_names_count_up() {
        let s = settings();
        assert_eq!(ctf_file_name(&s, 1), "2022345_CTF_2022345_001.xml");
        assert_eq!(ctf_file_name(&s, 42), "2022345_CTF_2022345_042.xml");
        assert_eq!(ctf_file_name(&s, 1234), "2022345_CTF_2022345_1234.xml");
        assert_eq!(ctf_file_name(&s, 0), "2022345_CTF_2022345_001.xml");
        assert_eq!(next_export_number(0), 1);
        assert_eq!(next_export_number(7), 8);
        assert_eq!(next_export_number(u32::MAX), u32::MAX);
        let mut r = request(&s, &[], &[]);
        r.export_number = 12;
        assert_eq!(
            ctf_xml(&r).expect("ctf").file_name,
            "2022345_CTF_2022345_012.xml"
        );
    }

    #[test]
    fn a_pupil_without_a_recorded_sex_is_written_without_the_element_and_named() {
        use crate::domain::model::Gender;
        let mut dan = pupil("Dan", "Ode", Some("B801200005001"));
        dan.gender = Gender::NotRecorded;
        let mut eve = pupil("Eve", "Ray", Some("R674123101121"));
        eve.gender = Gender::Male;
        let mut fay = pupil("Fay", "Lu", None);
        fay.gender = Gender::NotRecorded;
        let sessions = [
            screening(&dan, 35, at(2026, 6, 9)),
            screening(&eve, 20, at(2026, 6, 9)),
            screening(&fay, 20, at(2026, 6, 9)),
        ];
        let s = settings();
        let pupils = [dan.clone(), eve, fay];
        let out = ctf_xml(&request(&s, &pupils, &sessions)).expect("ctf");
        assert_eq!(out.exported, 2);
        assert_eq!(texts(&out.xml, "Sex"), ["M"], "no U, no empty element");
        assert_eq!(
            out.sex_not_recorded,
            [PupilNamed {
                pupil_id: dan.id,
                name: "Dan Ode".into()
            }],
            "Fay is not in the file (no UPN), so not in the warning"
        );
        let warning = "1 pupil has no sex recorded: Dan Ode. A CTF allows only M or F, so their \
                       result is written without it (your MIS matches pupils by UPN). Record it \
                       on the pupil's page to include it.";
        assert_eq!(out.sex_warning().as_deref(), Some(warning));
        // The same warning before the file is made, for the Records page.
        assert_eq!(
            sex_not_recorded_warning(&request(&s, &pupils, &sessions)).as_deref(),
            Some(warning)
        );
        let mut both = pupils.clone();
        both[1].gender = Gender::NotRecorded;
        let w = sex_not_recorded_warning(&request(&s, &both, &sessions)).expect("warning");
        assert!(
            w.starts_with("2 pupils have no sex recorded: Dan Ode, Eve Ray. A CTF allows only M or F, so their results are written"),
            "{w}"
        );
        assert_well_formed(&out.xml);
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
