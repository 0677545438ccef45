//! What the headings and cells of MIS exports mean.

use crate::domain::model::{Gender, YearGroup};

/// The pupil fields a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Upn,
    Surname,
    Forename,
    DateOfBirth,
    Gender,
    Year,
    Class,
    Disadvantaged,
    Send,
    Eal,
    FirstLanguage,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Upn => "UPN",
            Field::Surname => "surname",
            Field::Forename => "forename",
            Field::DateOfBirth => "date of birth",
            Field::Gender => "gender",
            Field::Year => "year group",
            Field::Class => "class",
            Field::Disadvantaged => "pupil premium / FSM",
            Field::Send => "SEND",
            Field::Eal => "EAL",
            Field::FirstLanguage => "first language",
        }
    }
}

/// Headings as SIMS, Arbor, Bromcom and hand-made sheets write them, compared without case,
/// spaces or punctuation ("Legal Surname", "legal_surname" and "LegalSurname" are one).
const HEADINGS: &[(&str, Field)] = &[
    ("upn", Field::Upn),
    ("uniquepupilnumber", Field::Upn),
    ("surname", Field::Surname),
    ("legalsurname", Field::Surname),
    ("lastname", Field::Surname),
    ("familyname", Field::Surname),
    ("forename", Field::Forename),
    ("legalforename", Field::Forename),
    ("firstname", Field::Forename),
    ("givenname", Field::Forename),
    ("dob", Field::DateOfBirth),
    ("dateofbirth", Field::DateOfBirth),
    ("birthdate", Field::DateOfBirth),
    ("gender", Field::Gender),
    ("sex", Field::Gender),
    ("year", Field::Year),
    ("ncyear", Field::Year),
    ("ncyearactual", Field::Year),
    ("yeargroup", Field::Year),
    ("class", Field::Class),
    ("classname", Field::Class),
    ("reggroup", Field::Class),
    ("registrationgroup", Field::Class),
    ("pupilpremium", Field::Disadvantaged),
    ("pupilpremiumindicator", Field::Disadvantaged),
    ("pp", Field::Disadvantaged),
    ("fsm", Field::Disadvantaged),
    ("ever6fsm", Field::Disadvantaged),
    ("fsmever6", Field::Disadvantaged),
    ("disadvantaged", Field::Disadvantaged),
    ("sen", Field::Send),
    ("senstatus", Field::Send),
    ("send", Field::Send),
    ("senprovision", Field::Send),
    ("eal", Field::Eal),
    ("firstlanguage", Field::FirstLanguage),
];

pub fn normalise_heading(heading: &str) -> String {
    heading
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

pub fn field_for_heading(heading: &str) -> Option<Field> {
    let key = normalise_heading(heading);
    HEADINGS.iter().find(|(h, _)| *h == key).map(|(_, f)| *f)
}

fn key(text: &str) -> String {
    normalise_heading(text)
}

/// Y/N, Yes/No, True/False, T/F, 1/0; blank is No. `None` for anything else.
pub fn parse_flag(text: &str) -> Option<bool> {
    match key(text).as_str() {
        "y" | "yes" | "true" | "t" | "1" => Some(true),
        "" | "n" | "no" | "false" | "f" | "0" => Some(false),
        _ => None,
    }
}

/// SEN status codes (K support, E EHC plan, S the statement it replaced, N none) and words.
pub fn parse_send(text: &str) -> Option<bool> {
    match key(text).as_str() {
        "k" | "e" | "s" | "sensupport" | "support" | "ehcplan" | "ehcp" | "ehc" | "statement" => {
            Some(true)
        }
        "n" | "none" | "nosen" | "nosend" | "notsen" => Some(false),
        _ => parse_flag(text),
    }
}

/// A first language other than English means EAL. DfE codes: ENG English, ENB believed to be
/// English; NOT not obtained and REF refused say nothing either way.
pub fn first_language_means_eal(text: &str) -> bool {
    !matches!(
        key(text).as_str(),
        "" | "english"
            | "eng"
            | "enb"
            | "englishbelievedtobe"
            | "not"
            | "notknown"
            | "notobtained"
            | "informationnotobtained"
            | "ref"
            | "refused"
            | "unknown"
    )
}

/// `None` for a value that is neither F nor M nor a way of saying "not recorded".
pub fn parse_gender(text: &str) -> Option<Gender> {
    match key(text).as_str() {
        "f" | "female" | "girl" | "g" => Some(Gender::Female),
        "m" | "male" | "boy" | "b" => Some(Gender::Male),
        "" | "u" | "x" | "other" | "unknown" | "notknown" | "notrecorded" | "prefernottosay" => {
            Some(Gender::NotRecorded)
        }
        _ => None,
    }
}

/// Year groups as MIS products write them: R, Rec, Reception, YR, 0; 1, Y1, Year 1; 2, Y2, Year 2.
pub fn parse_year(text: &str) -> Result<Option<YearGroup>, String> {
    match key(text).as_str() {
        "" => Ok(None),
        "r" | "rec" | "reception" | "yr" | "yearr" | "0" | "year0" | "y0" | "f2" | "fs2" => {
            Ok(Some(YearGroup::Reception))
        }
        "1" | "y1" | "year1" | "01" => Ok(Some(YearGroup::Year1)),
        "2" | "y2" | "year2" | "02" => Ok(Some(YearGroup::Year2)),
        _ => Err(format!(
            "year group \"{}\" is not one ReadBy7 serves (Reception, Year 1, Year 2)",
            text.trim()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_from_real_exports() {
        let cases = [
            ("UPN", Some(Field::Upn)),
            (" Legal Surname ", Some(Field::Surname)),
            ("legal_forename", Some(Field::Forename)),
            ("First Name", Some(Field::Forename)),
            ("Date of Birth", Some(Field::DateOfBirth)),
            ("D.O.B.", Some(Field::DateOfBirth)),
            ("Sex", Some(Field::Gender)),
            ("NC Year", Some(Field::Year)),
            ("Year Group", Some(Field::Year)),
            ("Reg Group", Some(Field::Class)),
            ("Registration Group", Some(Field::Class)),
            ("Pupil Premium", Some(Field::Disadvantaged)),
            ("PP", Some(Field::Disadvantaged)),
            ("Ever 6 FSM", Some(Field::Disadvantaged)),
            ("SEN Status", Some(Field::Send)),
            ("SEND", Some(Field::Send)),
            ("First Language", Some(Field::FirstLanguage)),
            ("EAL", Some(Field::Eal)),
            ("Admission Number", None),
            ("Ethnicity", None),
        ];
        for (heading, field) in cases {
            assert_eq!(field_for_heading(heading), field, "{heading}");
        }
    }

    #[test]
    fn flags_in_every_spelling() {
        for yes in ["Y", "yes", "TRUE", "T", "1", " y "] {
            assert_eq!(parse_flag(yes), Some(true), "{yes}");
        }
        for no in ["N", "No", "false", "F", "0", ""] {
            assert_eq!(parse_flag(no), Some(false), "{no}");
        }
        assert_eq!(parse_flag("maybe"), None);
    }

    #[test]
    fn sen_codes_and_words() {
        let cases = [
            ("K", Some(true)),
            ("E", Some(true)),
            ("S", Some(true)),
            ("N", Some(false)),
            ("", Some(false)),
            ("SEN Support", Some(true)),
            ("EHC Plan", Some(true)),
            ("No SEN", Some(false)),
            ("Y", Some(true)),
            ("perhaps", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_send(text), want, "{text}");
        }
    }

    #[test]
    fn first_language_other_than_english_is_eal() {
        for eal in ["Polish", "POL", "Bengali", "OTB", "OTH", "Somali"] {
            assert!(first_language_means_eal(eal), "{eal}");
        }
        for not in [
            "English",
            "ENG",
            "ENB",
            "English (believed to be)",
            "",
            "NOT",
            "REF",
            "Not known",
        ] {
            assert!(!first_language_means_eal(not), "{not}");
        }
    }

    #[test]
    fn genders_and_year_groups() {
        assert_eq!(parse_gender("F"), Some(Gender::Female));
        assert_eq!(parse_gender("male"), Some(Gender::Male));
        assert_eq!(parse_gender(""), Some(Gender::NotRecorded));
        assert_eq!(parse_gender("Z"), None);
        assert_eq!(parse_year("R"), Ok(Some(YearGroup::Reception)));
        assert_eq!(parse_year("Year 1"), Ok(Some(YearGroup::Year1)));
        assert_eq!(parse_year("Y2"), Ok(Some(YearGroup::Year2)));
        assert_eq!(parse_year("2"), Ok(Some(YearGroup::Year2)));
        assert_eq!(parse_year(""), Ok(None));
        assert!(parse_year("Year 3")
            .expect_err("not served")
            .contains("Year 3"));
        assert!(parse_year("N2").is_err());
    }
}
