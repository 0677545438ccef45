//! Creating and renaming classes.

use time::OffsetDateTime;

use super::fields::{tidy, FieldError};
use super::ids::{ClassId, DeviceId};
use super::model::{AcademicYear, Class, YearGroup};

const MAX_CLASS_NAME_CHARS: usize = 40;

/// A class name must be given and not already used by another active class that year,
/// or the import and the class list could not tell them apart.
pub fn check_class_name(
    text: &str,
    academic_year: AcademicYear,
    classes: &[Class],
    except: Option<ClassId>,
) -> Result<String, FieldError> {
    let name = tidy(text);
    if name.is_empty() {
        return Err(FieldError::new("class_name", "Class name is required."));
    }
    if name.chars().count() > MAX_CLASS_NAME_CHARS {
        return Err(FieldError::new(
            "class_name",
            format!("Class name is longer than {MAX_CLASS_NAME_CHARS} characters."),
        ));
    }
    let taken = classes.iter().any(|c| {
        Some(c.id) != except
            && !c.archived
            && c.academic_year == academic_year
            && c.name.to_lowercase() == name.to_lowercase()
    });
    if taken {
        return Err(FieldError::new(
            "class_name",
            format!(
                "There is already a class called {name} in {}.",
                academic_year.label()
            ),
        ));
    }
    Ok(name)
}

pub fn new_class(
    name: String,
    year_group: YearGroup,
    academic_year: AcademicYear,
    now: OffsetDateTime,
    device_id: DeviceId,
) -> Class {
    Class {
        id: ClassId::random(),
        name,
        year_group,
        academic_year,
        archived: false,
        updated_at: now,
        device_id,
    }
}

/// Active classes first (by year group, then name), as the class list shows them.
pub fn sort_classes(classes: &mut [Class]) {
    classes.sort_by_cached_key(|c| {
        (
            c.archived,
            std::cmp::Reverse(c.academic_year),
            c.year_group,
            c.name.to_lowercase(),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn class(name: &str, year: u16, archived: bool) -> Class {
        Class {
            archived,
            ..new_class(
                name.into(),
                YearGroup::Year1,
                AcademicYear(year),
                datetime!(2026-09-01 08:00 UTC),
                DeviceId::random(),
            )
        }
    }

    #[test]
    fn class_names() {
        let classes = [
            class("1 Hazel", 2026, false),
            class("1 Oak", 2026, true),
            class("1 Ash", 2025, false),
        ];
        let y = AcademicYear(2026);
        assert_eq!(
            check_class_name("  1   Elm ", y, &classes, None),
            Ok("1 Elm".into())
        );
        assert_eq!(
            check_class_name("1 hazel", y, &classes, None)
                .expect_err("taken")
                .message,
            "There is already a class called 1 hazel in 2026/27."
        );
        assert!(
            check_class_name("1 Hazel", y, &classes, Some(classes[0].id)).is_ok(),
            "renaming to itself"
        );
        assert!(
            check_class_name("1 Oak", y, &classes, None).is_ok(),
            "archived names can be reused"
        );
        assert!(
            check_class_name("1 Ash", y, &classes, None).is_ok(),
            "last year's names can be reused"
        );
        assert_eq!(
            check_class_name(" ", y, &classes, None)
                .expect_err("empty")
                .message,
            "Class name is required."
        );
        assert!(check_class_name(&"x".repeat(41), y, &classes, None).is_err());
    }

    #[test]
    fn class_order() {
        let mut classes = vec![
            class("B", 2026, true),
            class("Z", 2026, false),
            class("A", 2025, false),
            class("C", 2026, false),
        ];
        sort_classes(&mut classes);
        let names: Vec<_> = classes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["C", "Z", "A", "B"]);
    }
}
