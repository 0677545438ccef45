//! Adding and editing pupils: the checks a pupil's details must pass, shared by the pupil
//! form and the CSV import so both say the same thing about the same mistake.

use time::{Date, Month, OffsetDateTime};

use super::dates::{format_uk, parse_date};
use super::fields::{tidy, FieldError};
use super::ids::{ClassId, DeviceId, PupilId};
use super::model::{AcademicYear, Gender, Pupil, YearGroup};
use super::upn::Upn;

/// Who a pupil is when there is no UPN to go by: the import and the merge of two tablets both
/// match a child by forename, surname and date of birth, case-insensitively.
pub fn person_key(forename: &str, surname: &str, dob: Date) -> (String, String, Date) {
    (
        tidy(forename).to_lowercase(),
        tidy(surname).to_lowercase(),
        dob,
    )
}

/// Names longer than this are almost certainly two fields pasted into one.
const MAX_NAME_CHARS: usize = 60;

/// What a form (or an import row) supplies, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PupilInput {
    pub upn: String,
    pub forename: String,
    pub surname: String,
    pub date_of_birth: String,
    pub gender: Option<Gender>,
    pub year_group: Option<YearGroup>,
    pub class_id: Option<ClassId>,
    pub disadvantaged: bool,
    pub send: bool,
    pub eal: bool,
}

/// A pupil's details once every check has passed.
#[derive(Clone, Debug, PartialEq)]
pub struct PupilDetails {
    pub upn: Option<Upn>,
    pub forename: String,
    pub surname: String,
    pub date_of_birth: Date,
    pub gender: Gender,
    pub year_group: YearGroup,
    pub class_id: Option<ClassId>,
    pub disadvantaged: bool,
    pub send: bool,
    pub eal: bool,
}

impl PupilDetails {
    pub fn new_pupil(self, id: PupilId, now: OffsetDateTime, device_id: DeviceId) -> Pupil {
        Pupil {
            id,
            upn: self.upn,
            forename: self.forename,
            surname: self.surname,
            date_of_birth: self.date_of_birth,
            gender: self.gender,
            year_group: self.year_group,
            class_id: self.class_id,
            disadvantaged: self.disadvantaged,
            send: self.send,
            eal: self.eal,
            archived: false,
            updated_at: now,
            device_id,
        }
    }

    /// The pupil with these details, stamped as changed now (archived pupils come back).
    pub fn applied_to(self, pupil: &Pupil, now: OffsetDateTime, device_id: DeviceId) -> Pupil {
        self.new_pupil(pupil.id, now, device_id)
    }

    /// True when saving these details would change nothing.
    pub fn same_as(&self, pupil: &Pupil) -> bool {
        self.upn == pupil.upn
            && self.forename == pupil.forename
            && self.surname == pupil.surname
            && self.date_of_birth == pupil.date_of_birth
            && self.gender == pupil.gender
            && self.year_group == pupil.year_group
            && self.class_id == pupil.class_id
            && self.disadvantaged == pupil.disadvantaged
            && self.send == pupil.send
            && self.eal == pupil.eal
            && !pupil.archived
    }
}

pub fn check_name(field: &'static str, label: &str, text: &str) -> Result<String, FieldError> {
    let name = tidy(text);
    if name.is_empty() {
        return Err(FieldError::new(field, format!("{label} is required.")));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(FieldError::new(
            field,
            format!("{label} is longer than {MAX_NAME_CHARS} characters: is it two fields in one?"),
        ));
    }
    if name.chars().any(|c| c.is_control() || c.is_ascii_digit()) {
        return Err(FieldError::new(
            field,
            format!("{label} \"{name}\" contains digits or control characters."),
        ));
    }
    Ok(name)
}

/// An empty UPN is allowed (a new arrival may not have one yet).
pub fn check_upn(text: &str) -> Result<Option<Upn>, FieldError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Upn::parse(text)
        .map(Some)
        .map_err(|e| FieldError::new("upn", format!("UPN \"{}\": {e}.", text.trim())))
}

/// The birth dates of the pupils who are normally in `year` during `academic`: English
/// cohorts run from 1 September to 31 August.
pub fn usual_birth_range(year: YearGroup, academic: AcademicYear) -> (Date, Date) {
    let offset = match year {
        YearGroup::Reception => 0,
        YearGroup::Year1 => 1,
        YearGroup::Year2 => 2,
    };
    let first_year = academic.0 as i32 - 5 - offset;
    // Both dates exist in every year, so these cannot fail; fall back to MIN rather than panic.
    let start = Date::from_calendar_date(first_year, Month::September, 1).unwrap_or(Date::MIN);
    let end = Date::from_calendar_date(first_year + 1, Month::August, 31).unwrap_or(Date::MIN);
    (start, end)
}

/// A date of birth is plausible up to a year either side of the usual cohort: children
/// taught out of their year group exist, but a date further out is a typing mistake.
pub fn check_date_of_birth(
    text: &str,
    year: YearGroup,
    academic: AcademicYear,
    today: Date,
) -> Result<Date, FieldError> {
    let date = parse_date(text)
        .map_err(|e| FieldError::new("date_of_birth", format!("Date of birth: {e}.")))?;
    if date >= today {
        return Err(FieldError::new(
            "date_of_birth",
            format!("Date of birth {} is not in the past.", format_uk(date)),
        ));
    }
    let (start, end) = usual_birth_range(year, academic);
    let earliest = start.replace_year(start.year() - 1).unwrap_or(start);
    let latest = end.replace_year(end.year() + 1).unwrap_or(end);
    if date < earliest || date > latest {
        return Err(FieldError::new(
            "date_of_birth",
            format!(
                "Date of birth {} is not plausible for {} in {}: those pupils were born between {} and {} (a year either side is accepted).",
                format_uk(date),
                year.label(),
                academic.label(),
                format_uk(start),
                format_uk(end)
            ),
        ));
    }
    Ok(date)
}

/// The other pupil (if any) who already has this UPN.
pub fn upn_taken_by<'a>(
    upn: &Upn,
    pupils: &'a [Pupil],
    except: Option<PupilId>,
) -> Option<&'a Pupil> {
    pupils
        .iter()
        .find(|p| Some(p.id) != except && p.upn.as_ref() == Some(upn))
}

/// Every check for a pupil form. `others` is every stored pupil, for the duplicate-UPN check.
pub fn validate_pupil(
    input: &PupilInput,
    academic: AcademicYear,
    today: Date,
    others: &[Pupil],
    editing: Option<PupilId>,
) -> Result<PupilDetails, Vec<FieldError>> {
    let mut errors = Vec::new();
    let upn = check_upn(&input.upn)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    if let Some(upn) = &upn {
        if let Some(other) = upn_taken_by(upn, others, editing) {
            errors.push(FieldError::new(
                "upn",
                format!(
                    "UPN {upn} already belongs to {} {}.",
                    other.forename, other.surname
                ),
            ));
        }
    }
    let forename = check_name("forename", "Forename", &input.forename)
        .map_err(|e| errors.push(e))
        .ok();
    let surname = check_name("surname", "Surname", &input.surname)
        .map_err(|e| errors.push(e))
        .ok();
    let year_group = input.year_group;
    if year_group.is_none() {
        errors.push(FieldError::new("year_group", "Year group is required."));
    }
    let date_of_birth = match year_group {
        Some(year) => check_date_of_birth(&input.date_of_birth, year, academic, today)
            .map_err(|e| errors.push(e))
            .ok(),
        None => None,
    };
    match (forename, surname, date_of_birth, year_group) {
        (Some(forename), Some(surname), Some(date_of_birth), Some(year_group))
            if errors.is_empty() =>
        {
            Ok(PupilDetails {
                upn,
                forename,
                surname,
                date_of_birth,
                gender: input.gender.unwrap_or(Gender::NotRecorded),
                year_group,
                class_id: input.class_id,
                disadvantaged: input.disadvantaged,
                send: input.send,
                eal: input.eal,
            })
        }
        _ => Err(errors),
    }
}

/// Sorts pupils as a register does: surname, then forename, ignoring case and accents' order.
pub fn sort_by_surname(pupils: &mut [Pupil]) {
    pupils.sort_by_cached_key(|p| (p.surname.to_lowercase(), p.forename.to_lowercase()));
}

pub fn sort_by_forename(pupils: &mut [Pupil]) {
    pupils.sort_by_cached_key(|p| (p.forename.to_lowercase(), p.surname.to_lowercase()));
}

/// A search box match: every word typed appears in the name or UPN, case-insensitively.
pub fn matches_search(pupil: &Pupil, query: &str) -> bool {
    let haystack = format!(
        "{} {} {}",
        pupil.forename.to_lowercase(),
        pupil.surname.to_lowercase(),
        pupil
            .upn
            .as_ref()
            .map(|u| u.as_str().to_lowercase())
            .unwrap_or_default()
    );
    query
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    const YEAR: AcademicYear = AcademicYear(2026);
    const TODAY: Date = date!(2026 - 11 - 23);

    fn input() -> PupilInput {
        PupilInput {
            upn: "B801200005001".into(),
            forename: " Zoë ".into(),
            surname: "O'Neill-Okafor".into(),
            date_of_birth: "14/03/2021".into(),
            gender: Some(Gender::Female),
            year_group: Some(YearGroup::Year1),
            class_id: None,
            disadvantaged: true,
            send: false,
            eal: false,
        }
    }

    fn stored(details: PupilDetails) -> Pupil {
        details.new_pupil(
            PupilId::random(),
            datetime!(2026-11-01 09:00 UTC),
            DeviceId::random(),
        )
    }

    #[test]
    fn a_valid_pupil_is_tidied() {
        let details = validate_pupil(&input(), YEAR, TODAY, &[], None).expect("valid");
        assert_eq!(details.forename, "Zoë");
        assert_eq!(details.surname, "O'Neill-Okafor");
        assert_eq!(details.date_of_birth, date!(2021 - 03 - 14));
        assert_eq!(details.upn.as_ref().map(Upn::as_str), Some("B801200005001"));
    }

    #[test]
    fn usual_cohorts_run_september_to_august() {
        assert_eq!(
            usual_birth_range(YearGroup::Reception, YEAR),
            (date!(2021 - 09 - 01), date!(2022 - 08 - 31))
        );
        assert_eq!(
            usual_birth_range(YearGroup::Year1, YEAR),
            (date!(2020 - 09 - 01), date!(2021 - 08 - 31))
        );
        assert_eq!(
            usual_birth_range(YearGroup::Year2, YEAR),
            (date!(2019 - 09 - 01), date!(2020 - 08 - 31))
        );
    }

    #[test]
    fn dates_of_birth_for_year_1_in_2026_27() {
        let cases = [
            ("01/09/2020", true),  // oldest in the year
            ("31/08/2021", true),  // youngest
            ("01/09/2019", true),  // a year older: taught out of year group
            ("31/08/2022", true),  // a year younger
            ("31/08/2019", false), // more than a year out
            ("01/09/2022", false),
            ("14/03/2015", false),
            ("24/11/2026", false), // the future
            ("", false),
            ("14/13/2021", false),
        ];
        for (text, ok) in cases {
            let result = check_date_of_birth(text, YearGroup::Year1, YEAR, TODAY);
            assert_eq!(result.is_ok(), ok, "{text}: {result:?}");
            if let Err(e) = result {
                assert_eq!(e.field, "date_of_birth");
                assert!(e.message.starts_with("Date of birth"), "{}", e.message);
            }
        }
        let message = check_date_of_birth("14/03/2015", YearGroup::Year1, YEAR, TODAY)
            .expect_err("implausible")
            .message;
        assert_eq!(
            message,
            "Date of birth 14/03/2015 is not plausible for Year 1 in 2026/27: those pupils were born between 01/09/2020 and 31/08/2021 (a year either side is accepted)."
        );
    }

    #[test]
    fn names_are_required_and_sensible() {
        let cases = [
            ("Łukasz", Ok("Łukasz")),
            ("  Mary   Jane ", Ok("Mary Jane")),
            ("D'Arcy", Ok("D'Arcy")),
            ("", Err("Forename is required.")),
            ("   ", Err("Forename is required.")),
            ("Amara2", Err("digits")),
        ];
        for (text, expected) in cases {
            match (check_name("forename", "Forename", text), expected) {
                (Ok(name), Ok(want)) => assert_eq!(name, want),
                (Err(e), Err(want)) => assert!(e.message.contains(want), "{text}: {}", e.message),
                (got, want) => panic!("{text}: got {got:?}, want {want:?}"),
            }
        }
        let long = "A".repeat(61);
        assert!(check_name("surname", "Surname", &long).is_err());
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let bad = PupilInput {
            upn: "C801200005001".into(),
            forename: "".into(),
            surname: " ".into(),
            date_of_birth: "31/02/2021".into(),
            year_group: Some(YearGroup::Year1),
            ..PupilInput::default()
        };
        let errors = validate_pupil(&bad, YEAR, TODAY, &[], None).expect_err("invalid");
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["upn", "forename", "surname", "date_of_birth"]);
        assert!(errors[0].message.contains("check letter"));
        let no_year = PupilInput {
            year_group: None,
            ..input()
        };
        let errors = validate_pupil(&no_year, YEAR, TODAY, &[], None).expect_err("no year");
        assert_eq!(errors[0].field, "year_group");
    }

    #[test]
    fn a_upn_cannot_belong_to_two_pupils() {
        let first = stored(validate_pupil(&input(), YEAR, TODAY, &[], None).expect("valid"));
        let second = PupilInput {
            forename: "Amara".into(),
            ..input()
        };
        let errors = validate_pupil(&second, YEAR, TODAY, std::slice::from_ref(&first), None)
            .expect_err("duplicate");
        assert_eq!(
            errors[0].message,
            "UPN B801200005001 already belongs to Zoë O'Neill-Okafor."
        );
        // Editing the pupil who holds it is fine.
        assert!(validate_pupil(
            &input(),
            YEAR,
            TODAY,
            std::slice::from_ref(&first),
            Some(first.id)
        )
        .is_ok());
        // No UPN is never a duplicate.
        let none = PupilInput {
            upn: String::new(),
            ..input()
        };
        assert!(validate_pupil(&none, YEAR, TODAY, &[first], None).is_ok());
    }

    #[test]
    fn same_as_tells_a_real_change_from_none() {
        let details = validate_pupil(&input(), YEAR, TODAY, &[], None).expect("valid");
        let pupil = stored(details.clone());
        assert!(details.same_as(&pupil));
        let moved = PupilDetails {
            class_id: Some(ClassId::random()),
            ..details.clone()
        };
        assert!(!moved.same_as(&pupil));
        let archived = Pupil {
            archived: true,
            ..pupil
        };
        assert!(
            !details.same_as(&archived),
            "re-importing an archived pupil brings them back"
        );
    }

    #[test]
    fn search_and_sort_like_a_register() {
        let make = |f: &str, s: &str| {
            stored(
                validate_pupil(
                    &PupilInput {
                        forename: f.into(),
                        surname: s.into(),
                        upn: String::new(),
                        ..input()
                    },
                    YEAR,
                    TODAY,
                    &[],
                    None,
                )
                .expect("valid"),
            )
        };
        let mut pupils = vec![
            make("Zoë", "adams"),
            make("Amara", "Begum"),
            make("Ben", "Adams"),
        ];
        sort_by_surname(&mut pupils);
        let names: Vec<_> = pupils.iter().map(|p| p.forename.as_str()).collect();
        assert_eq!(names, ["Ben", "Zoë", "Amara"]);
        sort_by_forename(&mut pupils);
        let names: Vec<_> = pupils.iter().map(|p| p.forename.as_str()).collect();
        assert_eq!(names, ["Amara", "Ben", "Zoë"]);
        assert!(matches_search(&pupils[0], "amara beg"));
        assert!(!matches_search(&pupils[0], "amara adams"));
        assert!(matches_search(&pupils[0], ""));
    }
}
