//! Importing a class list exported from the school's MIS (SIMS, Arbor, Bromcom...) as CSV.
//!
//! `preview` reads the whole file and decides, row by row, what importing it would do — add,
//! update, leave unchanged or skip (with the reason) — without writing anything. The teacher
//! confirms, and `Preview::records` gives the classes and pupils to write in one transaction.
//! Importing the same file again finds every row unchanged, so it writes nothing.

pub mod read;
pub mod values;

use std::collections::HashMap;

use time::{Date, OffsetDateTime};

use super::fields::tidy;
use super::ids::{ClassId, DeviceId, PupilId};
use super::model::{AcademicYear, Class, Gender, Pupil, YearGroup};
use super::pupil::{check_date_of_birth, check_name, check_upn, person_key, PupilDetails};
use super::upn::Upn;
pub use read::{FileError, MAX_FILE_BYTES};
use values::Field;

/// What the import knows about the school before reading the file.
pub struct ImportContext<'a> {
    pub pupils: &'a [Pupil],
    pub classes: &'a [Class],
    /// Where pupils go when the file names no class for them.
    pub target: Option<&'a Class>,
    /// The academic year new classes belong to (and dates of birth are checked against).
    pub academic_year: AcademicYear,
    pub today: Date,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewClass {
    pub id: ClassId,
    pub name: String,
    pub year_group: YearGroup,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Add(PupilDetails),
    Update {
        pupil_id: PupilId,
        details: PupilDetails,
        changed: Vec<&'static str>,
    },
    Unchanged {
        pupil_id: PupilId,
    },
    Skip {
        reasons: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct PreviewRow {
    /// The row number a spreadsheet shows for this row.
    pub row: usize,
    pub name: String,
    pub action: Action,
    /// Values that were not understood but did not stop the row (e.g. a PP value of "maybe").
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    pub encoding_note: Option<String>,
    /// Headings recognised, with the field each fills.
    pub columns: Vec<(String, Field)>,
    /// Headings ReadBy7 does not use (kept out of the app).
    pub ignored_columns: Vec<String>,
    pub rows: Vec<PreviewRow>,
    pub new_classes: Vec<NewClass>,
    pub academic_year: AcademicYear,
    /// Why the import cannot go ahead yet, e.g. no class chosen for a file without a Class column.
    pub blocking: Option<String>,
}

impl Preview {
    fn count(&self, f: impl Fn(&Action) -> bool) -> usize {
        self.rows.iter().filter(|r| f(&r.action)).count()
    }
    pub fn adds(&self) -> usize {
        self.count(|a| matches!(a, Action::Add(_)))
    }
    pub fn updates(&self) -> usize {
        self.count(|a| matches!(a, Action::Update { .. }))
    }
    pub fn unchanged(&self) -> usize {
        self.count(|a| matches!(a, Action::Unchanged { .. }))
    }
    pub fn skipped(&self) -> usize {
        self.count(|a| matches!(a, Action::Skip { .. }))
    }
    /// Rows that will be written.
    pub fn accepted(&self) -> usize {
        self.adds() + self.updates()
    }

    /// The classes and pupils to write, all in one transaction. New classes are included only
    /// if an accepted row uses them.
    pub fn records(&self, now: OffsetDateTime, device_id: DeviceId) -> (Vec<Class>, Vec<Pupil>) {
        if self.blocking.is_some() {
            return (Vec::new(), Vec::new());
        }
        let mut pupils = Vec::new();
        for row in &self.rows {
            match &row.action {
                Action::Add(details) => {
                    pupils.push(details.clone().new_pupil(PupilId::random(), now, device_id))
                }
                Action::Update {
                    pupil_id, details, ..
                } => pupils.push(details.clone().new_pupil(*pupil_id, now, device_id)),
                Action::Unchanged { .. } | Action::Skip { .. } => {}
            }
        }
        let classes = self
            .new_classes
            .iter()
            .filter(|c| pupils.iter().any(|p| p.class_id == Some(c.id)))
            .map(|c| Class {
                id: c.id,
                name: c.name.clone(),
                year_group: c.year_group,
                academic_year: self.academic_year,
                archived: false,
                updated_at: now,
                device_id,
            })
            .collect();
        (classes, pupils)
    }
}

/// One data row's cells by field; `None` when the file has no such column.
struct Cells<'a> {
    by_field: HashMap<Field, Vec<&'a str>>,
}

impl<'a> Cells<'a> {
    fn new(columns: &[(usize, Field)], cells: &'a [String]) -> Self {
        let mut by_field: HashMap<Field, Vec<&str>> = HashMap::new();
        for &(index, field) in columns {
            let value = cells.get(index).map(String::as_str).unwrap_or("");
            by_field.entry(field).or_default().push(value);
        }
        Cells { by_field }
    }

    /// The first non-blank value among the columns for `field`, or "" if all are blank.
    fn get(&self, field: Field) -> Option<&'a str> {
        self.by_field.get(&field).map(|values| {
            values
                .iter()
                .copied()
                .find(|v| !v.trim().is_empty())
                .unwrap_or("")
        })
    }

    fn all(&self, field: Field) -> &[&'a str] {
        self.by_field.get(&field).map(Vec::as_slice).unwrap_or(&[])
    }

    fn is_blank(&self) -> bool {
        self.by_field
            .values()
            .flatten()
            .all(|v| v.trim().is_empty())
    }
}

fn class_key(name: &str) -> String {
    tidy(name).to_lowercase()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn preview(bytes: &[u8], ctx: &ImportContext) -> Result<Preview, FileError> {
    let decoded = read::decode(bytes)?;
    let rows = read::rows(&decoded.text)?;
    let heading_at = read::heading_row(&rows, |cells| {
        let fields: Vec<Field> = cells
            .iter()
            .filter_map(|c| values::field_for_heading(c))
            .collect();
        fields.contains(&Field::Forename) && fields.contains(&Field::Surname)
    })?;
    let headings = &rows[heading_at].1;
    let mut columns = Vec::new();
    let mut recognised = Vec::new();
    let mut ignored_columns = Vec::new();
    for (index, heading) in headings.iter().enumerate() {
        match values::field_for_heading(heading) {
            Some(field) => {
                columns.push((index, field));
                recognised.push((heading.clone(), field));
            }
            None if !heading.is_empty() => ignored_columns.push(heading.clone()),
            None => {}
        }
    }
    let has = |field: Field| columns.iter().any(|&(_, f)| f == field);
    if !has(Field::DateOfBirth) {
        return Err(FileError::Unreadable(
            "there is no date of birth column (DOB or Date of Birth); ReadBy7 needs it to check ages \
             and to tell apart pupils with the same name"
                .into(),
        ));
    }
    let data: Vec<(usize, Cells)> = rows[heading_at + 1..]
        .iter()
        .map(|(row, cells)| (*row, Cells::new(&columns, cells)))
        .filter(|(_, cells)| !cells.is_blank())
        .collect();
    if data.is_empty() {
        return Err(FileError::NoPupils);
    }

    let has_class_column = has(Field::Class);
    let blocking = (!has_class_column && ctx.target.is_none()).then(|| {
        "This file has no Class column: choose the class these pupils belong to.".to_string()
    });

    // Classes named in the file: existing ones (this academic year, not archived) or new ones
    // whose year group is the one most of their pupils are in.
    let existing_classes: HashMap<String, &Class> = ctx
        .classes
        .iter()
        .filter(|c| !c.archived && c.academic_year == ctx.academic_year)
        .map(|c| (class_key(&c.name), c))
        .collect();
    let mut new_classes: Vec<NewClass> = Vec::new();
    if has_class_column {
        let mut years: HashMap<String, (String, Vec<YearGroup>)> = HashMap::new();
        let mut order = Vec::new();
        for (_, cells) in &data {
            let name = tidy(cells.get(Field::Class).unwrap_or(""));
            let key = class_key(&name);
            if name.is_empty() || existing_classes.contains_key(&key) {
                continue;
            }
            let entry = years.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                (name.clone(), Vec::new())
            });
            if let Ok(Some(year)) = values::parse_year(cells.get(Field::Year).unwrap_or("")) {
                entry.1.push(year);
            }
        }
        for key in order {
            let (name, found) = &years[&key];
            let year_group = YearGroup::ALL
                .into_iter()
                .max_by_key(|y| found.iter().filter(|f| *f == y).count())
                .filter(|_| !found.is_empty())
                .or(ctx.target.map(|t| t.year_group));
            if let Some(year_group) = year_group {
                new_classes.push(NewClass {
                    id: ClassId::random(),
                    name: name.clone(),
                    year_group,
                });
            }
        }
    }

    let by_upn: HashMap<&Upn, &Pupil> = ctx
        .pupils
        .iter()
        .filter_map(|p| p.upn.as_ref().map(|u| (u, p)))
        .collect();
    let by_person: HashMap<(String, String, Date), &Pupil> = ctx
        .pupils
        .iter()
        .map(|p| (person_key(&p.forename, &p.surname, p.date_of_birth), p))
        .collect();
    let mut seen_upn: HashMap<Upn, usize> = HashMap::new();
    let mut seen_person: HashMap<(String, String, Date), usize> = HashMap::new();

    let mut preview_rows = Vec::with_capacity(data.len());
    for (row, cells) in &data {
        let mut reasons = Vec::new();
        let mut warnings = Vec::new();
        let forename = check_name(
            "forename",
            "Forename",
            cells.get(Field::Forename).unwrap_or(""),
        )
        .map_err(|e| reasons.push(e.message))
        .ok();
        let surname = check_name(
            "surname",
            "Surname",
            cells.get(Field::Surname).unwrap_or(""),
        )
        .map_err(|e| reasons.push(e.message))
        .ok();
        let name = tidy(&format!(
            "{} {}",
            cells.get(Field::Forename).unwrap_or(""),
            cells.get(Field::Surname).unwrap_or("")
        ));
        let upn = match cells.get(Field::Upn) {
            Some(text) => check_upn(text)
                .map_err(|e| reasons.push(e.message))
                .ok()
                .flatten(),
            None => None,
        };

        // The class: named in the row, else the one the teacher chose.
        let class_name = tidy(cells.get(Field::Class).unwrap_or(""));
        let (class_id, class_year, class_academic) = if class_name.is_empty() {
            match ctx.target {
                Some(t) => (Some(t.id), Some(t.year_group), t.academic_year),
                None if has_class_column => {
                    reasons.push("No class is given in this row.".into());
                    (None, None, ctx.academic_year)
                }
                None => (None, None, ctx.academic_year),
            }
        } else if let Some(c) = existing_classes.get(&class_key(&class_name)) {
            (Some(c.id), Some(c.year_group), c.academic_year)
        } else if let Some(c) = new_classes
            .iter()
            .find(|c| class_key(&c.name) == class_key(&class_name))
        {
            (Some(c.id), Some(c.year_group), ctx.academic_year)
        } else {
            (None, None, ctx.academic_year)
        };

        let year = match values::parse_year(cells.get(Field::Year).unwrap_or("")) {
            Ok(year) => year.or(class_year),
            Err(message) => {
                reasons.push(format!("{}.", capitalise(&message)));
                None
            }
        };
        if year.is_none() && reasons.iter().all(|r| !r.starts_with("Year group")) {
            reasons.push("No year group: add a Year column or choose a class.".into());
        }
        let dob = year.and_then(|year| {
            check_date_of_birth(
                cells.get(Field::DateOfBirth).unwrap_or(""),
                year,
                class_academic,
                ctx.today,
            )
            .map_err(|e| reasons.push(e.message))
            .ok()
        });

        let gender = cells.get(Field::Gender).map(|text| {
            values::parse_gender(text).unwrap_or_else(|| {
                warnings.push(format!(
                    "Gender \"{text}\" was not understood; recorded as not recorded."
                ));
                Gender::NotRecorded
            })
        });
        let flag = |field: Field, parse: fn(&str) -> Option<bool>, warnings: &mut Vec<String>| {
            let values = cells.all(field);
            if values.is_empty() {
                return None;
            }
            Some(values.iter().any(|text| {
                parse(text).unwrap_or_else(|| {
                    warnings.push(format!(
                        "{} value \"{text}\" was not understood; recorded as No.",
                        capitalise(field.label())
                    ));
                    false
                })
            }))
        };
        let disadvantaged = flag(Field::Disadvantaged, values::parse_flag, &mut warnings);
        let send = flag(Field::Send, values::parse_send, &mut warnings);
        let eal_flag = flag(Field::Eal, values::parse_flag, &mut warnings);
        let first_language = cells.by_field.contains_key(&Field::FirstLanguage).then(|| {
            cells
                .all(Field::FirstLanguage)
                .iter()
                .any(|t| values::first_language_means_eal(t))
        });
        let eal = match (eal_flag, first_language) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(false) || b.unwrap_or(false)),
        };

        let action = match (forename, surname, dob, year) {
            (Some(forename), Some(surname), Some(dob), Some(year_group)) if reasons.is_empty() => {
                let key = person_key(&forename, &surname, dob);
                let duplicate = upn
                    .as_ref()
                    .and_then(|u| seen_upn.get(u).map(|r| format!("Same UPN as row {r}.")))
                    .or_else(|| {
                        seen_person
                            .get(&key)
                            .map(|r| format!("Same pupil (name and date of birth) as row {r}."))
                    });
                if let Some(reason) = duplicate {
                    Action::Skip {
                        reasons: vec![reason],
                    }
                } else {
                    if let Some(u) = &upn {
                        seen_upn.insert(u.clone(), *row);
                    }
                    seen_person.insert(key.clone(), *row);
                    // Match by UPN; else by name and date of birth, unless that pupil has a
                    // different permanent UPN (then it is another child).
                    let upn_match = upn.as_ref().and_then(|u| by_upn.get(u).copied());
                    let person_match = by_person.get(&key).copied();
                    let existing = upn_match.or_else(|| {
                        person_match.filter(|p| match (&p.upn, &upn) {
                            (Some(stored), Some(_)) => stored.is_temporary(),
                            _ => true,
                        })
                    });
                    // A UPN that belongs to one pupil on a row naming another is a typing
                    // mistake in one of the two; changing either pupil would be wrong.
                    let conflict = match (upn_match, person_match) {
                        (Some(a), Some(b)) if a.id != b.id => Some(format!(
                            "UPN {} belongs to {} {}, but the name and date of birth are {} {}'s: check the UPN in your MIS.",
                            upn.as_ref().map(Upn::as_str).unwrap_or(""),
                            a.forename, a.surname, b.forename, b.surname
                        )),
                        _ => None,
                    };
                    let details = PupilDetails {
                        upn: match (&upn, existing, cells.get(Field::Upn)) {
                            (Some(u), _, _) => Some(u.clone()),
                            (None, Some(p), None) => p.upn.clone(),
                            _ => None,
                        },
                        forename,
                        surname,
                        date_of_birth: dob,
                        gender: gender
                            .or(existing.map(|p| p.gender))
                            .unwrap_or(Gender::NotRecorded),
                        year_group,
                        class_id: class_id.or(existing.and_then(|p| p.class_id)),
                        disadvantaged: disadvantaged
                            .or(existing.map(|p| p.disadvantaged))
                            .unwrap_or(false),
                        send: send.or(existing.map(|p| p.send)).unwrap_or(false),
                        eal: eal.or(existing.map(|p| p.eal)).unwrap_or(false),
                    };
                    // Every stored UPN was looked up above, so a UPN on a new or matched pupil
                    // cannot belong to anyone else.
                    match existing {
                        _ if conflict.is_some() => Action::Skip {
                            reasons: conflict.into_iter().collect(),
                        },
                        Some(p) if details.same_as(p) => Action::Unchanged { pupil_id: p.id },
                        Some(p) => Action::Update {
                            pupil_id: p.id,
                            changed: changes(&details, p),
                            details,
                        },
                        None => Action::Add(details),
                    }
                }
            }
            _ => Action::Skip { reasons },
        };
        preview_rows.push(PreviewRow {
            row: *row,
            name,
            action,
            warnings,
        });
    }

    Ok(Preview {
        encoding_note: decoded.note,
        columns: recognised,
        ignored_columns,
        rows: preview_rows,
        new_classes,
        academic_year: ctx.academic_year,
        blocking,
    })
}

/// What an update would change, in words for the preview.
fn changes(details: &PupilDetails, pupil: &Pupil) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut note = |changed: bool, what: &'static str| {
        if changed {
            out.push(what)
        }
    };
    note(
        details.forename != pupil.forename || details.surname != pupil.surname,
        "name",
    );
    note(details.upn != pupil.upn, "UPN");
    note(
        details.date_of_birth != pupil.date_of_birth,
        "date of birth",
    );
    note(details.gender != pupil.gender, "gender");
    note(details.year_group != pupil.year_group, "year group");
    note(details.class_id != pupil.class_id, "class");
    note(
        details.disadvantaged != pupil.disadvantaged,
        "pupil premium",
    );
    note(details.send != pupil.send, "SEND");
    note(details.eal != pupil.eal, "EAL");
    note(pupil.archived, "back from archive");
    out
}

#[cfg(test)]
mod tests;
