//! Dates as English schools write them: day first. Used by forms and by CSV import.

use time::{Date, Month};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    Empty,
    Unreadable(String),
    /// e.g. 01/15/2020: the second number cannot be a month, so this is month-first.
    MonthFirst(String),
    NoSuchDay(String),
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateError::Empty => write!(f, "no date was given"),
            DateError::Unreadable(t) => {
                write!(
                    f,
                    "\"{t}\" is not a date; write it as day/month/year, e.g. 15/01/2020"
                )
            }
            DateError::MonthFirst(t) => write!(
                f,
                "\"{t}\" looks like a US date (month first); write day/month/year, e.g. 15/01/2020"
            ),
            DateError::NoSuchDay(t) => write!(f, "\"{t}\" is not a day in the calendar"),
        }
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_number(word: &str) -> Option<u8> {
    let w = word.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| w.starts_with(m) && (w.len() == 3 || w == "sept" || full_month(&w)))
        .map(|i| i as u8 + 1)
}

fn full_month(w: &str) -> bool {
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
    .contains(&w)
}

fn make(year: i32, month: u8, day: u8, text: &str) -> Result<Date, DateError> {
    let month = Month::try_from(month).map_err(|_| DateError::Unreadable(text.into()))?;
    Date::from_calendar_date(year, month, day).map_err(|_| DateError::NoSuchDay(text.into()))
}

/// Two-digit years are this century: every KS1 pupil was born after 2000.
fn full_year(y: &str) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    match y.len() {
        2 => Some(2000 + n),
        4 => Some(n),
        _ => None,
    }
}

/// Reads 15/01/2020, 15-01-2020, 15.01.2020, 15/1/20, 2020-01-15 (also with a time after it,
/// as spreadsheets export), 15 Jan 2020 and 15-Jan-2020.
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DateError::Empty);
    }
    let unreadable = || DateError::Unreadable(t.to_string());
    // ISO, possibly followed by a time ("2020-01-15 00:00:00", "2020-01-15T00:00:00").
    let date_part = t.split([' ', 'T']).next().unwrap_or(t);
    let iso: Vec<&str> = date_part.split('-').collect();
    if iso.len() == 3
        && iso[0].len() == 4
        && iso.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        let year = iso[0].parse().map_err(|_| unreadable())?;
        let month = iso[1].parse().map_err(|_| unreadable())?;
        let day = iso[2].parse().map_err(|_| unreadable())?;
        return make(year, month, day, t);
    }
    let parts: Vec<&str> = t
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 {
        return Err(unreadable());
    }
    let day: u8 = parts[0].parse().map_err(|_| unreadable())?;
    let year = full_year(parts[2]).ok_or_else(unreadable)?;
    let month = match parts[1].parse::<u8>() {
        Ok(m) if m > 12 && day <= 12 => return Err(DateError::MonthFirst(t.to_string())),
        Ok(m) => m,
        Err(_) => month_number(parts[1]).ok_or_else(unreadable)?,
    };
    make(year, month, day, t)
}

/// 15/01/2020, as a teacher reads it.
pub fn format_uk(date: Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        date.day(),
        date.month() as u8,
        date.year()
    )
}

/// 2020-01-15, for files and `<input type="date">`.
pub fn format_iso(date: Date) -> String {
    format!(
        "{}-{:02}-{:02}",
        date.year(),
        date.month() as u8,
        date.day()
    )
}

/// Serde for `Vec<Option<OffsetDateTime>>` as RFC 3339 strings or `null`, like every other
/// time the records store (`#[serde(default, with = "crate::domain::dates::rfc3339_slots")]`).
pub mod rfc3339_slots {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use time::OffsetDateTime;

    #[derive(Serialize, Deserialize)]
    #[serde(transparent)]
    struct Slot(#[serde(with = "time::serde::rfc3339::option")] Option<OffsetDateTime>);

    pub fn serialize<S: Serializer>(
        slots: &[Option<OffsetDateTime>],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(slots.iter().map(|s| Slot(*s)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Option<OffsetDateTime>>, D::Error> {
        Ok(Vec::<Slot>::deserialize(deserializer)?
            .into_iter()
            .map(|s| s.0)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn reads_the_ways_schools_write_dates() {
        let cases = [
            ("15/01/2020", date!(2020 - 01 - 15)),
            ("5/1/2020", date!(2020 - 01 - 05)),
            ("15-01-2020", date!(2020 - 01 - 15)),
            ("15.01.2020", date!(2020 - 01 - 15)),
            ("15/01/20", date!(2020 - 01 - 15)),
            ("2020-01-15", date!(2020 - 01 - 15)),
            ("2020-01-15 00:00:00", date!(2020 - 01 - 15)),
            ("2020-01-15T00:00:00", date!(2020 - 01 - 15)),
            ("15 Jan 2020", date!(2020 - 01 - 15)),
            ("15-Jan-2020", date!(2020 - 01 - 15)),
            ("1 September 2019", date!(2019 - 09 - 01)),
            ("1 Sept 2019", date!(2019 - 09 - 01)),
            (" 29/02/2020 ", date!(2020 - 02 - 29)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        assert_eq!(parse_date("  "), Err(DateError::Empty));
        assert_eq!(
            parse_date("01/15/2020"),
            Err(DateError::MonthFirst("01/15/2020".into()))
        );
        assert_eq!(
            parse_date("29/02/2019"),
            Err(DateError::NoSuchDay("29/02/2019".into()))
        );
        assert_eq!(
            parse_date("31/04/2020"),
            Err(DateError::NoSuchDay("31/04/2020".into()))
        );
        for bad in [
            "yesterday",
            "15/01",
            "15/13/2020",
            "15 Janu 2020",
            "2020/01/15/1",
            "15/01/202",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert!(parse_date("15/13/2020")
            .expect_err("no month 13")
            .to_string()
            .contains("15/13/2020"));
    }

    #[test]
    fn formats_for_people_and_files() {
        assert_eq!(format_uk(date!(2020 - 01 - 05)), "05/01/2020");
        assert_eq!(format_iso(date!(2020 - 01 - 05)), "2020-01-05");
    }
}
