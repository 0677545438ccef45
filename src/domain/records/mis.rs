//! CSV files for the school's management information system (MIS): a marksheet with one row
//! per pupil, and a detailed file with one row per item marked.

use std::borrow::Cow;

use crate::domain::dates::format_iso;
use crate::domain::fluency::fluency_score;
use crate::domain::model::{CheckKind, CheckSession, Class, Pupil, Response, SessionStatus};
use crate::domain::screening::score::{score, Outcome};

use super::{latest_result, Window};

/// Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written to a CSV file: a leading apostrophe stops a spreadsheet running it as a
/// formula; Excel shows the apostrophe only in the formula bar. Re-importing such a cell keeps
/// the apostrophe, which is why valid names (which never start with these) are unaffected.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes rows as CSV text: UTF-8, CRLF line ends (RFC 4180, what Excel writes), quotes only
/// where needed, every cell neutralised.
pub(crate) fn write_csv(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail (no I/O), and every row has the header's length.
        if writer
            .write_record(row.iter().map(|c| neutralise(c).into_owned()))
            .is_err()
        {
            return String::new();
        }
    }
    // Both conversions are infallible here: an in-memory buffer of text that came from Strings.
    writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

fn class_name<'c>(pupil: &Pupil, classes: &'c [Class]) -> &'c str {
    pupil
        .class_id
        .and_then(|id| classes.iter().find(|c| c.id == id))
        .map_or("", |c| c.name.as_str())
}

fn correct_count(session: &CheckSession) -> usize {
    session
        .responses
        .iter()
        .filter(|r| r.is_some_and(Response::is_correct))
        .count()
}

/// The Mark, Outcome code and kind-specific cell for one pupil's result.
fn result_cells(kind: CheckKind, session: Option<&CheckSession>, threshold: u8) -> [String; 3] {
    let Some(session) = session else {
        return Default::default();
    };
    let not_taken = match session.status {
        SessionStatus::NotTaken(code) => Some(code.code().to_string()),
        _ => None,
    };
    match kind {
        CheckKind::Screening => {
            let sc = score(session, threshold);
            let wa_wt = match sc.outcome {
                Outcome::Met => "Wa",
                Outcome::NotMet => "Wt",
                _ => "",
            };
            // The outcome code is only A, D, L or Q (with a blank mark); Wa/Wt have their
            // own column and are never repeated here.
            [
                sc.mark.map(|m| m.to_string()).unwrap_or_default(),
                not_taken.unwrap_or_default(),
                wa_wt.to_string(),
            ]
        }
        CheckKind::Fluency => match (not_taken, fluency_score(session)) {
            (Some(code), _) => [String::new(), code, String::new()],
            (None, Some(Ok(fs))) => [
                fs.wcpm.0.to_string(),
                String::new(),
                fs.accuracy
                    .map(|a| a.whole_percent().to_string())
                    .unwrap_or_default(),
            ],
            // A reading that cannot be scored (no timer, no record) has no mark to report.
            (None, _) => Default::default(),
        },
        _ => match not_taken {
            Some(code) => [String::new(), code, String::new()],
            None => [
                correct_count(session).to_string(),
                String::new(),
                String::new(),
            ],
        },
    }
}

/// The marksheet for one check kind and window: one row per pupil, in the order given. See the
/// module guide for the columns; pupils without a result get a row with blank result cells.
pub fn mis_csv(
    kind: CheckKind,
    window: Window,
    pupils: &[Pupil],
    classes: &[Class],
    sessions: &[CheckSession],
    threshold: u8,
) -> String {
    let mut header: Vec<String> = [
        "UPN",
        "Surname",
        "Forename",
        "Date of birth",
        "Year group",
        "Class",
        "Mark",
        "Outcome code",
    ]
    .map(String::from)
    .to_vec();
    let extra = match kind {
        CheckKind::Screening => Some("Wa/Wt"),
        CheckKind::Fluency => Some("Accuracy"),
        _ => None,
    };
    header.extend(extra.map(String::from));
    let mut rows = vec![header];
    for pupil in pupils {
        let latest = latest_result(pupil, kind, window, sessions);
        let [mark, code, extra_cell] = result_cells(kind, latest, threshold);
        let mut row = vec![
            pupil
                .upn
                .as_ref()
                .map(|u| u.to_string())
                .unwrap_or_default(),
            pupil.surname.clone(),
            pupil.forename.clone(),
            format_iso(pupil.date_of_birth),
            pupil.year_group.label().to_string(),
            class_name(pupil, classes).to_string(),
            mark,
            code,
        ];
        if extra.is_some() {
            row.push(extra_cell);
        }
        rows.push(row);
    }
    write_csv(&rows)
}

fn response_label(response: Response) -> &'static str {
    match response {
        Response::Correct => "Correct",
        Response::Incorrect => "Incorrect",
        Response::Blended => "Correct (blended)",
        Response::Automatic => "Correct (automatic)",
    }
}

/// One row per item marked, for the pupils given (in their order, each pupil's sessions oldest
/// first). Item numbers count from 1, as the check shows them; unmarked items are left out.
/// This file is for analysis in a spreadsheet, so it starts with a byte-order mark: without
/// one, Excel reads UTF-8 as Windows-1252 and Zoë becomes "ZoÃ«". (The MIS file has none: it
/// goes to an import that expects plain UTF-8.)
pub fn detailed_csv(pupils: &[Pupil], sessions: &[CheckSession]) -> String {
    let header = [
        "UPN",
        "Surname",
        "Forename",
        "Session id",
        "Check",
        "Date",
        "Item",
        "Item text",
        "Pseudo-word",
        "GPCs",
        "Response",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = vec![header];
    for pupil in pupils {
        let mut own: Vec<&CheckSession> =
            sessions.iter().filter(|s| s.pupil_id == pupil.id).collect();
        own.sort_by_key(|s| (s.started_at, s.id));
        for session in own {
            for (index, (item, response)) in
                session.items.iter().zip(&session.responses).enumerate()
            {
                let Some(response) = response else { continue };
                rows.push(vec![
                    pupil
                        .upn
                        .as_ref()
                        .map(|u| u.to_string())
                        .unwrap_or_default(),
                    pupil.surname.clone(),
                    pupil.forename.clone(),
                    session.id.to_string(),
                    session.kind.label().to_string(),
                    format_iso(session.started_at.date()),
                    (index + 1).to_string(),
                    item.text.clone(),
                    if item.pseudo { "Yes" } else { "No" }.to_string(),
                    item.gpcs.join("-"),
                    response_label(*response).to_string(),
                ]);
            }
        }
    }
    format!("{BOM}{}", write_csv(&rows))
}

const BOM: char = '\u{FEFF}';

fn kind_slug(kind: CheckKind) -> &'static str {
    match kind {
        CheckKind::Screening => "screening",
        CheckKind::Gpc => "gpc",
        CheckKind::WordReading => "word-reading",
        CheckKind::TrickyWords => "tricky-words",
        CheckKind::Fluency => "fluency",
    }
}

/// `readby7-screening-2026-06-01-to-2026-07-01.csv` (the window's `to` is excluded).
pub fn mis_file_name(kind: CheckKind, window: Window) -> String {
    format!(
        "readby7-{}-{}-to-{}.csv",
        kind_slug(kind),
        format_iso(window.from),
        format_iso(window.to)
    )
}

/// `readby7-items-2026-11-23.csv`.
pub fn detailed_file_name(today: time::Date) -> String {
    format!("readby7-items-{}.csv", format_iso(today))
}

#[cfg(test)]
mod tests {
    use super::super::testdata::*;
    use super::*;
    use crate::domain::model::NotTakenCode;
    use time::macros::date;

    #[test]
    fn neutralises_each_formula_start() {
        for (cell, expected) in [
            ("=1+1", "'=1+1"),
            ("+44 20", "'+44 20"),
            ("-3", "'-3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
        ] {
            assert_eq!(neutralise(cell), expected, "{cell:?}");
        }
        for safe in ["Zoë", "O'Neill", "a=b", "", "1-2", " =x"] {
            assert_eq!(neutralise(safe), safe, "{safe:?}");
        }
    }

    #[test]
    fn formula_cells_are_neutralised_in_the_file() {
        let mut p = pupil("=HYPERLINK(\"x\")", "-Smith", None);
        p.forename = "@Ann".into();
        let text = detailed_csv(&[p], &[]);
        assert_eq!(
            text,
            "\u{FEFF}UPN,Surname,Forename,Session id,Check,Date,Item,Item text,Pseudo-word,GPCs,Response\r\n"
        );
        let p = {
            let mut p = pupil("+Bea", "=cmd", None);
            p.forename = "\tTab".into();
            p
        };
        let text = mis_csv(CheckKind::Gpc, window(), &[p], &[], &[], 32);
        assert_eq!(
            text,
            "UPN,Surname,Forename,Date of birth,Year group,Class,Mark,Outcome code\r\n\
             ,'=cmd,'\tTab,2020-03-04,Year 1,,,\r\n"
        );
    }

    #[test]
    fn screening_marksheet_exact_text() {
        let class = class("1H");
        let mut ann = pupil("Ann", "Smith", Some("B801200005001"));
        ann.class_id = Some(class.id);
        let mut ben = pupil("Ben", "O'Neill, Jr", None);
        ben.class_id = Some(class.id);
        let cat = pupil("Cat", "Nowak", Some("R674123101121"));
        let dan = pupil("Dan", "Lee", None);
        let sessions = vec![
            // An older, lower mark in the window, then the latest: 35 (Wa).
            screening(&ann, 20, at(2026, 6, 8)),
            screening(&ann, 35, at(2026, 6, 9)),
            // Outside the window: ignored.
            screening(&ann, 10, at(2026, 7, 1)),
            screening(&ben, 31, at(2026, 6, 10)),
            not_taken(&cat, NotTakenCode::Absent, at(2026, 6, 10)),
            // In progress: ignored.
            in_progress(&dan, at(2026, 6, 10)),
        ];
        let text = mis_csv(
            CheckKind::Screening,
            window(),
            &[ann, ben, cat, dan],
            &[class],
            &sessions,
            32,
        );
        assert_eq!(
            text,
            "UPN,Surname,Forename,Date of birth,Year group,Class,Mark,Outcome code,Wa/Wt\r\n\
             B801200005001,Smith,Ann,2020-03-04,Year 1,1H,35,,Wa\r\n\
             ,\"O'Neill, Jr\",Ben,2020-03-04,Year 1,1H,31,,Wt\r\n\
             R674123101121,Nowak,Cat,2020-03-04,Year 1,,,A,\r\n\
             ,Lee,Dan,2020-03-04,Year 1,,,,\r\n"
        );
    }

    #[test]
    fn fluency_marksheet_has_wcpm_and_accuracy() {
        let ann = pupil("Ann", "Smith", Some("B801200005001"));
        let ben = pupil("Ben", "Jones", None);
        let mut absent_ben = not_taken(&ben, NotTakenCode::Disapplied, at(2026, 6, 9));
        absent_ben.kind = CheckKind::Fluency;
        let sessions = [fluency(&ann, 2, at(2026, 6, 9)), absent_ben];
        let text = mis_csv(
            CheckKind::Fluency,
            window(),
            &[ann, ben],
            &[],
            &sessions,
            32,
        );
        assert_eq!(
            text,
            "UPN,Surname,Forename,Date of birth,Year group,Class,Mark,Outcome code,Accuracy\r\n\
             B801200005001,Smith,Ann,2020-03-04,Year 1,,48,,96\r\n\
             ,Jones,Ben,2020-03-04,Year 1,,,D,\r\n"
        );
    }

    #[test]
    fn detailed_rows_one_per_marked_item() {
        let ann = pupil("Ann", "Smith", Some("B801200005001"));
        let mut s = screening(&ann, 1, at(2026, 6, 9));
        s.items.truncate(3);
        s.responses = vec![Some(Response::Correct), None, Some(Response::Incorrect)];
        s.items[0] = item("street", &["s", "t", "r", "ee", "t"], false);
        s.items[2] = item("=zort", &["z", "or", "t"], true);
        let text = detailed_csv(std::slice::from_ref(&ann), std::slice::from_ref(&s));
        let id = s.id;
        assert_eq!(
            text,
            format!(
                "\u{FEFF}UPN,Surname,Forename,Session id,Check,Date,Item,Item text,Pseudo-word,GPCs,Response\r\n\
                 B801200005001,Smith,Ann,{id},Phonics screening practice,2026-06-09,1,street,No,s-t-r-ee-t,Correct\r\n\
                 B801200005001,Smith,Ann,{id},Phonics screening practice,2026-06-09,3,'=zort,Yes,z-or-t,Incorrect\r\n"
            )
        );
    }

    #[test]
    fn file_names_are_dated() {
        assert_eq!(
            mis_file_name(CheckKind::Screening, window()),
            "readby7-screening-2026-06-01-to-2026-07-01.csv"
        );
        assert_eq!(
            detailed_file_name(date!(2026 - 11 - 23)),
            "readby7-items-2026-11-23.csv"
        );
    }
}
