use time::macros::{date, datetime};

use super::*;
use crate::domain::model::Gender;

const TODAY: Date = date!(2026 - 11 - 23);
const YEAR: AcademicYear = AcademicYear(2026);
const SAMPLE: &str = include_str!("../../../assets/samples/sample-class.csv");

fn class(name: &str, year_group: YearGroup) -> Class {
    Class {
        id: ClassId::random(),
        name: name.into(),
        year_group,
        academic_year: YEAR,
        archived: false,
        updated_at: datetime!(2026-09-01 08:00 UTC),
        device_id: DeviceId::random(),
    }
}

fn ctx<'a>(
    pupils: &'a [Pupil],
    classes: &'a [Class],
    target: Option<&'a Class>,
) -> ImportContext<'a> {
    ImportContext {
        pupils,
        classes,
        target,
        academic_year: YEAR,
        today: TODAY,
    }
}

fn run(text: &str, pupils: &[Pupil], classes: &[Class], target: Option<&Class>) -> Preview {
    preview(text.as_bytes(), &ctx(pupils, classes, target)).expect("previews")
}

/// Imports: what the store holds after writing the preview's records.
fn apply(preview: &Preview, pupils: &[Pupil], classes: &[Class]) -> (Vec<Pupil>, Vec<Class>) {
    let (new_classes, written) =
        preview.records(datetime!(2026-11-23 10:00 UTC), DeviceId::random());
    let mut all: Vec<Pupil> = pupils
        .iter()
        .filter(|p| !written.iter().any(|w| w.id == p.id))
        .cloned()
        .collect();
    all.extend(written);
    let mut all_classes = classes.to_vec();
    all_classes.extend(new_classes);
    (all, all_classes)
}

fn skip_reasons(p: &Preview, row: usize) -> Vec<String> {
    match &p
        .rows
        .iter()
        .find(|r| r.row == row)
        .expect("row present")
        .action
    {
        Action::Skip { reasons } => reasons.clone(),
        other => panic!("row {row} was not skipped: {other:?}"),
    }
}

#[test]
fn the_sample_class_previews_as_the_import_page_says() {
    let p = run(SAMPLE, &[], &[], None);
    assert_eq!(
        (p.adds(), p.updates(), p.unchanged(), p.skipped()),
        (29, 0, 0, 1)
    );
    let reasons = skip_reasons(&p, 26);
    assert_eq!(reasons.len(), 1);
    assert!(
        reasons[0].starts_with("UPN \"W202299920052\": the check letter is wrong"),
        "{reasons:?}"
    );
    assert_eq!(p.ignored_columns, vec!["Admission Number".to_string()]);
    assert_eq!(p.new_classes.len(), 1);
    assert_eq!(p.new_classes[0].name, "1H");
    assert_eq!(p.new_classes[0].year_group, YearGroup::Year1);
    assert!(p.blocking.is_none());

    let (pupils, classes) = apply(&p, &[], &[]);
    assert_eq!(classes.len(), 1);
    assert_eq!(pupils.len(), 29);
    let zoe = pupils.iter().find(|p| p.forename == "Zoë").expect("Zoë");
    assert_eq!(zoe.surname, "O'Neill");
    assert_eq!(zoe.date_of_birth, date!(2020 - 10 - 02));
    assert_eq!(zoe.class_id, Some(classes[0].id));
    let lukasz = pupils
        .iter()
        .find(|p| p.forename == "Łukasz")
        .expect("Łukasz");
    assert!(lukasz.eal, "Polish first language means EAL");
    let mohammed = pupils
        .iter()
        .find(|p| p.forename == "Mohammed")
        .expect("Mohammed");
    assert!(mohammed.disadvantaged && mohammed.send && mohammed.eal);
    let kwame = pupils
        .iter()
        .find(|p| p.forename == "Kwame")
        .expect("Kwame");
    assert!(kwame.send, "E (EHC plan) is SEND");
    assert!(!kwame.eal);
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let first = run(SAMPLE, &[], &[], None);
    let (pupils, classes) = apply(&first, &[], &[]);
    let second = run(SAMPLE, &pupils, &classes, None);
    assert_eq!(
        (
            second.adds(),
            second.updates(),
            second.unchanged(),
            second.skipped()
        ),
        (0, 0, 29, 1)
    );
    assert!(
        second.new_classes.is_empty(),
        "the class made by the first import is reused"
    );
    let (new_classes, written) =
        second.records(datetime!(2026-11-24 10:00 UTC), DeviceId::random());
    assert!(new_classes.is_empty() && written.is_empty());
}

const ARBOR: &str = "First Name,Last Name,Date of Birth,Sex,Year Group,Registration Group,Pupil Premium,SEN Status,EAL,Ethnicity\n\
Ada,Lovelace,2020-12-10,Female,Year 1,1 Oak,True,N,False,WBRI\n\
Ben,Okoro,2021-01-20,Male,Year 1,1 Oak,False,K,True,BNGN\n\
Cara,Díaz,2019-11-02,Female,Year 2,2 Elm,T,E,F,WOTH\n\
Dan,Ng,2020-03-03,Male,Year 2,2 Elm,0,,1,CHNE\n\
\n\
,,,,,,,,,\n";

#[test]
fn arbor_style_headings_and_words_create_classes_by_year() {
    let p = run(ARBOR, &[], &[], None);
    assert_eq!(p.adds(), 4, "{:?}", p.rows);
    let names: Vec<(&str, YearGroup)> = p
        .new_classes
        .iter()
        .map(|c| (c.name.as_str(), c.year_group))
        .collect();
    assert_eq!(
        names,
        [("1 Oak", YearGroup::Year1), ("2 Elm", YearGroup::Year2)]
    );
    let (pupils, _) = apply(&p, &[], &[]);
    let ada = pupils.iter().find(|p| p.forename == "Ada").expect("Ada");
    assert_eq!(
        (ada.gender, ada.disadvantaged, ada.send, ada.eal),
        (Gender::Female, true, false, false)
    );
    let cara = pupils.iter().find(|p| p.forename == "Cara").expect("Cara");
    assert_eq!(
        (cara.year_group, cara.disadvantaged, cara.send),
        (YearGroup::Year2, true, true)
    );
    let dan = pupils.iter().find(|p| p.forename == "Dan").expect("Dan");
    assert!(dan.eal && !dan.disadvantaged && !dan.send);
}

#[test]
fn existing_classes_are_matched_by_name_and_the_chosen_class_fills_gaps() {
    let oak = class("1 OAK", YearGroup::Year1);
    let p = run(ARBOR, &[], std::slice::from_ref(&oak), None);
    assert_eq!(p.new_classes.len(), 1, "only 2 Elm is new");
    let (pupils, _) = apply(&p, &[], std::slice::from_ref(&oak));
    assert_eq!(
        pupils.iter().filter(|p| p.class_id == Some(oak.id)).count(),
        2
    );

    // A file with no Class column needs a class chosen; then every pupil goes there.
    let no_class = "Forename,Surname,DOB\nAda,Lovelace,10/12/2020\nBen,Okoro,20/01/2021\n";
    let blocked = run(no_class, &[], &[], None);
    assert!(blocked
        .blocking
        .as_deref()
        .unwrap_or("")
        .contains("choose the class"));
    assert_eq!(
        blocked
            .records(datetime!(2026-11-23 10:00 UTC), DeviceId::random())
            .1
            .len(),
        0
    );
    let into_oak = run(no_class, &[], std::slice::from_ref(&oak), Some(&oak));
    assert_eq!(into_oak.adds(), 2);
    let (pupils, _) = apply(&into_oak, &[], &[]);
    assert!(pupils
        .iter()
        .all(|p| p.class_id == Some(oak.id) && p.year_group == YearGroup::Year1));
}

#[test]
fn every_bad_row_is_named_with_its_row_number() {
    let text = "Title: Year 1 list,,,,\n\
UPN,Surname,Forename,DOB,Year\n\
C801200005001,Okafor,Amara,14/09/2020,1\n\
,,Zoë,02/10/2020,1\n\
,Nowak,Łukasz,14/03/2015,1\n\
,Rahman,Mohammed,05/11/2020,3\n\
,Begum,Aisha,11/30/2020,1\n\
,Murphy,Oisín,,1\n\
B801200005001,Adeyemi,Grace,04/02/2021,1\n\
B801200005001,Patel,Maya,27/02/2021,1\n\
,Adeyemi,Grace,04/02/2021,1\n";
    let oak = class("1 Oak", YearGroup::Year1);
    let p = run(text, &[], std::slice::from_ref(&oak), Some(&oak));
    let expect = [
        (3, "check letter is wrong"),
        (4, "Surname is required."),
        (5, "not plausible for Year 1 in 2026/27"),
        (6, "Year group \"3\" is not one ReadBy7 serves"),
        (7, "looks like a US date"),
        (8, "no date was given"),
        (10, "Same UPN as row 9."),
        (11, "Same pupil (name and date of birth) as row 9."),
    ];
    for (row, words) in expect {
        let reasons = skip_reasons(&p, row);
        assert!(
            reasons.iter().any(|r| r.contains(words)),
            "row {row}: {reasons:?}"
        );
    }
    assert_eq!(p.adds(), 1, "only Grace (row 9) is added");
}

#[test]
fn values_not_understood_are_warnings_not_failures() {
    let text =
        "Forename,Surname,DOB,Year,Class,PP,Gender\nAda,Lovelace,10/12/2020,1,1 Oak,maybe,Z\n";
    let p = run(text, &[], &[], None);
    assert_eq!(p.adds(), 1);
    let warnings = &p.rows[0].warnings;
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings
        .iter()
        .any(|w| w.contains("Pupil premium / FSM value \"maybe\"")));
    assert!(warnings.iter().any(|w| w.contains("Gender \"Z\"")));
}

#[test]
fn updates_say_what_changes_and_missing_columns_keep_stored_values() {
    let first = run(ARBOR, &[], &[], None);
    let (pupils, classes) = apply(&first, &[], &[]);
    // The second export moves Ben to 2 Elm and has no flag columns at all.
    let second_file = "First Name,Last Name,Date of Birth,Year Group,Registration Group\n\
Ben,Okoro,2021-01-20,Year 1,2 Elm\n\
Ada,Lovelace,2020-12-10,Year 1,1 Oak\n";
    let p = run(second_file, &pupils, &classes, None);
    assert_eq!((p.updates(), p.unchanged()), (1, 1));
    let ben = p.rows.iter().find(|r| r.name == "Ben Okoro").expect("Ben");
    match &ben.action {
        Action::Update {
            changed, details, ..
        } => {
            assert_eq!(changed, &vec!["class"]);
            assert!(
                details.send && details.eal,
                "flags not in the file are kept"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn pupils_are_matched_by_upn_or_by_name_and_birth_date() {
    let no_upn = "Forename,Surname,DOB,Year,Class\nAda,Lovelace,10/12/2020,1,1 Oak\n";
    let (pupils, classes) = apply(&run(no_upn, &[], &[], None), &[], &[]);
    // The next export carries her new temporary UPN: same pupil, UPN added.
    let temp =
        "UPN,Forename,Surname,DOB,Year,Class\nU20212326001A,ada,LOVELACE,10/12/2020,1,1 Oak\n";
    let p = run(temp, &pupils, &classes, None);
    assert_eq!(p.updates(), 1, "{:?}", p.rows);
    let (pupils, classes) = apply(&p, &pupils, &classes);
    assert_eq!(pupils.len(), 1);
    // Then the permanent UPN replaces the temporary one.
    let permanent =
        "UPN,Forename,Surname,DOB,Year,Class\nB801200005001,Ada,Lovelace,10/12/2020,1,1 Oak\n";
    let p = run(permanent, &pupils, &classes, None);
    assert_eq!(p.updates(), 1);
    let (pupils, classes) = apply(&p, &pupils, &classes);
    assert_eq!(
        pupils[0].upn.as_ref().map(Upn::as_str),
        Some("B801200005001")
    );
    // A different permanent UPN with the same name and birthday is a different child.
    let other =
        "UPN,Forename,Surname,DOB,Year,Class\nR674123101121,Ada,Lovelace,10/12/2020,1,1 Oak\n";
    assert_eq!(run(other, &pupils, &classes, None).adds(), 1);
    // Renamed in the MIS: matched by UPN, name updated.
    let renamed =
        "UPN,Forename,Surname,DOB,Year,Class\nB801200005001,Ada,Byron,10/12/2020,1,1 Oak\n";
    let p = run(renamed, &pupils, &classes, None);
    assert_eq!(p.updates(), 1);
}

#[test]
fn a_upn_that_belongs_to_someone_else_is_refused() {
    let file = "UPN,Forename,Surname,DOB,Year,Class\nB801200005001,Ada,Lovelace,10/12/2020,1,1 Oak\n,Ben,Okoro,20/01/2021,1,1 Oak\n";
    let (pupils, classes) = apply(&run(file, &[], &[], None), &[], &[]);
    // Ben's row is given Ada's UPN by mistake: neither pupil may change.
    let clash = "UPN,Forename,Surname,DOB,Year,Class\nB801200005001,Ben,Okoro,20/01/2021,1,1 Oak\n";
    let p = run(clash, &pupils, &classes, None);
    assert_eq!(
        skip_reasons(&p, 2),
        vec!["UPN B801200005001 belongs to Ada Lovelace, but the name and date of birth are Ben Okoro's: check the UPN in your MIS.".to_string()]
    );
    // A new pupil given a UPN that is already taken is refused too.
    let taken = "UPN,Forename,Surname,DOB,Year,Class\n,Ben,Okoro,20/01/2021,1,1 Oak\nB801200005001,Cy,Twm,20/02/2021,1,1 Oak\n";
    let p = run(taken, &pupils, &classes, None);
    assert_eq!(p.unchanged(), 1);
    assert_eq!(
        p.updates(),
        1,
        "Cy matched by UPN reads as Ada renamed: the MIS is the source of truth"
    );
}

#[test]
fn files_that_are_not_class_lists_are_refused_with_a_reason() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (Vec::new(), "The file is empty"),
        (
            b"\x89PNG\r\n\x1a\n\0\0".to_vec(),
            "This is a PNG image, not a CSV file",
        ),
        (
            b"PK\x03\x04\x14\0\x06\0\x08\0".to_vec(),
            "Excel workbook (.xlsx)",
        ),
        (
            b"Name,Colour\nApple,Red\n".to_vec(),
            "No column of pupils' names was found",
        ),
        (b"Forename,Surname,DOB\n".to_vec(), "headings but no pupils"),
        (
            b"Forename,Surname\nAda,Lovelace\n".to_vec(),
            "no date of birth column",
        ),
        (vec![b'x'; 5_000_000], "The file is 5.0 MB"),
        (
            (0..200_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
                .collect(),
            "not a CSV file",
        ),
        (
            "lorem ipsum dolor,sit amet\n".repeat(20_000).into_bytes(),
            "No column of pupils' names",
        ),
    ];
    for (bytes, words) in cases {
        let err = preview(&bytes, &ctx(&[], &[], None)).expect_err(words);
        assert!(err.to_string().contains(words), "{words}: {err}");
    }
}

#[test]
fn excel_encodings_and_delimiters() {
    let cp1252 = b"Forename;Surname;DOB;Year;Class\r\nZo\xEB;O'Neill;02/10/2020;1;1H\r\n";
    let p = preview(cp1252, &ctx(&[], &[], None)).expect("reads");
    assert!(p.encoding_note.is_some());
    assert_eq!(p.rows[0].name, "Zoë O'Neill");
    assert_eq!(p.adds(), 1);
}

/// Names may not contain digits, so numbers become letters: 0 -> "aaaa", 27 -> "bbaa".
fn letters(mut n: usize) -> String {
    (0..4)
        .map(|_| {
            let c = (b'a' + (n % 26) as u8) as char;
            n /= 26;
            c
        })
        .collect()
}

#[test]
fn two_thousand_rows_preview_in_one_pass() {
    let mut text = String::from("Forename,Surname,DOB,Year,Class\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "Kim,S{},{:02}/{:02}/2021,1,1 {}\n",
            letters(i),
            i % 28 + 1,
            i % 8 + 1,
            letters(i % 60)
        ));
    }
    let p = run(&text, &[], &[], None);
    assert_eq!(
        p.adds(),
        2000,
        "{:?}",
        p.rows
            .iter()
            .find(|r| matches!(r.action, Action::Skip { .. }))
    );
    assert_eq!(p.new_classes.len(), 60);
}
