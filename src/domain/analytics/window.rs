//! Term dates and the windows (one term of one academic year) every figure is computed over.

use serde::{Deserialize, Serialize};
use time::{Date, Month, OffsetDateTime};

use crate::domain::fluency::Term;
use crate::domain::model::AcademicYear;

/// A day of the year without the year ("1 April"), as term dates repeat each year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MonthDay {
    pub month: u8,
    pub day: u8,
}

impl MonthDay {
    pub const fn new(month: u8, day: u8) -> Self {
        MonthDay { month, day }
    }

    /// Reads "20/4" or "20/04" (day/month, as English schools write dates).
    pub fn parse(text: &str) -> Option<MonthDay> {
        let (day, month) = text.trim().split_once('/')?;
        let md = MonthDay::new(month.trim().parse().ok()?, day.trim().parse().ok()?);
        // 2024 is a leap year, so this checks only that the day exists at all.
        md.in_year(2024).map(|_| md)
    }

    /// "20/04".
    pub fn label(self) -> String {
        format!("{:02}/{:02}", self.day, self.month)
    }

    /// This day in a calendar year; `None` for a day that year lacks (30 February, 29 February
    /// outside a leap year).
    fn in_year(self, year: i32) -> Option<Date> {
        let month = Month::try_from(self.month).ok()?;
        Date::from_calendar_date(year, month, self.day).ok()
    }

    /// Position within an academic year (September first), for ordering.
    fn academic_order(self) -> (u8, u8) {
        ((self.month + 3) % 12, self.day)
    }
}

/// When the spring and summer terms start. The autumn term always starts on 1 September (the
/// academic year's first day, as [`AcademicYear::containing`] has it) and the summer term runs
/// to 31 August, so every day of the year falls in exactly one term and no check is lost
/// between terms (holidays belong to the term before them).
///
/// Defaults (English schools' usual pattern): autumn 1 September–31 December, spring
/// 1 January–31 March, summer 1 April–31 August. Easter moves each year; a school whose spring
/// term runs past 31 March sets `summer_starts` to the first day after its Easter holiday
/// (e.g. 20 April). Serialises as `{"spring_starts":{"month":1,"day":1},...}` so it can live
/// in `Settings` (missing fields take the defaults).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct TermDates {
    pub spring_starts: MonthDay,
    pub summer_starts: MonthDay,
}

impl Default for TermDates {
    fn default() -> Self {
        TermDates {
            spring_starts: MonthDay::new(1, 1),
            summer_starts: MonthDay::new(4, 1),
        }
    }
}

impl TermDates {
    /// Checks the dates: real days (29 February is refused as it is missing most years),
    /// between 2 September and 31 August, spring before summer. The message is for the user.
    pub fn validated(self) -> Result<TermDates, String> {
        for (name, md) in [
            ("spring", self.spring_starts),
            ("summer", self.summer_starts),
        ] {
            // 2021 is not a leap year, so 29 February is refused here.
            if md.in_year(2021).is_none() {
                return Err(format!(
                    "The {name} term start ({}/{}) is not a day in every year.",
                    md.day, md.month
                ));
            }
            if md == MonthDay::new(9, 1) {
                return Err(format!(
                    "The {name} term cannot start on 1 September: that is the autumn term."
                ));
            }
        }
        if self.spring_starts.academic_order() >= self.summer_starts.academic_order() {
            return Err("The spring term must start before the summer term.".into());
        }
        Ok(self)
    }

    /// Dates that cannot be used fall back to the defaults, so a bad setting never hides data.
    fn usable(self) -> TermDates {
        self.validated().unwrap_or_default()
    }

    /// The first day of a term in an academic year.
    fn start(self, year: AcademicYear, term: Term) -> Date {
        let dates = self.usable();
        let autumn = MonthDay::new(9, 1);
        let md = match term {
            Term::Autumn => autumn,
            Term::Spring => dates.spring_starts,
            Term::Summer => dates.summer_starts,
        };
        let calendar_year = if md.month >= 9 {
            i32::from(year.0)
        } else {
            i32::from(year.0) + 1
        };
        // `usable` dates exist in every year; the fallback only keeps this total.
        md.in_year(calendar_year)
            .or_else(|| autumn.in_year(calendar_year))
            .unwrap_or(Date::MIN)
    }

    /// The term a date falls in, and its academic year.
    pub fn window_of(self, date: Date) -> Window {
        let year = AcademicYear::containing(date);
        let term = if date >= self.start(year, Term::Summer) {
            Term::Summer
        } else if date >= self.start(year, Term::Spring) {
            Term::Spring
        } else {
            Term::Autumn
        };
        Window { year, term }
    }
}

/// One term of one academic year: the period a figure is computed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Window {
    pub year: AcademicYear,
    pub term: Term,
}

impl Window {
    pub fn new(year: AcademicYear, term: Term) -> Self {
        Window { year, term }
    }

    /// The three windows of an academic year, autumn first.
    pub fn year_of(year: AcademicYear) -> [Window; 3] {
        Term::ALL.map(|term| Window { year, term })
    }

    /// First and last day, both inclusive.
    pub fn dates(self, dates: &TermDates) -> (Date, Date) {
        let first = dates.start(self.year, self.term);
        let next = match self.term {
            Term::Autumn => dates.start(self.year, Term::Spring),
            Term::Spring => dates.start(self.year, Term::Summer),
            Term::Summer => dates.start(AcademicYear(self.year.0.saturating_add(1)), Term::Autumn),
        };
        (first, next.previous_day().unwrap_or(next))
    }

    /// Whether a moment falls in the window. Sessions are dated by the day they started, in
    /// the offset they were stored with (UTC): a check started after 23:00 BST on a term's
    /// last day counts in the next term, which a classroom never meets.
    pub fn contains(self, at: OffsetDateTime, dates: &TermDates) -> bool {
        let (first, last) = self.dates(dates);
        (first..=last).contains(&at.date())
    }

    /// Whether a moment is on or before the window's last day.
    pub fn is_by_end(self, at: OffsetDateTime, dates: &TermDates) -> bool {
        at.date() <= self.dates(dates).1
    }

    /// "Spring 2025/26".
    pub fn label(self) -> String {
        format!("{} {}", self.term.label(), self.year.label())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn month_days_read_as_day_slash_month() {
        assert_eq!(MonthDay::parse("20/4"), Some(MonthDay::new(4, 20)));
        assert_eq!(MonthDay::parse(" 01/01 "), Some(MonthDay::new(1, 1)));
        assert_eq!(MonthDay::parse("31/4"), None);
        assert_eq!(MonthDay::parse("April"), None);
        assert_eq!(MonthDay::new(4, 20).label(), "20/04");
    }

    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn default_terms_cover_the_year_without_gaps() {
        let d = TermDates::default();
        let y = AcademicYear(2025);
        assert_eq!(
            Window::new(y, Term::Autumn).dates(&d),
            (date!(2025 - 09 - 01), date!(2025 - 12 - 31))
        );
        assert_eq!(
            Window::new(y, Term::Spring).dates(&d),
            (date!(2026 - 01 - 01), date!(2026 - 03 - 31))
        );
        assert_eq!(
            Window::new(y, Term::Summer).dates(&d),
            (date!(2026 - 04 - 01), date!(2026 - 08 - 31))
        );
    }

    #[test]
    fn boundaries_fall_in_the_right_term() {
        let d = TermDates::default();
        let cases = [
            (date!(2025 - 09 - 01), 2025, Term::Autumn),
            (date!(2025 - 12 - 31), 2025, Term::Autumn),
            (date!(2026 - 01 - 01), 2025, Term::Spring),
            (date!(2026 - 03 - 31), 2025, Term::Spring),
            (date!(2026 - 04 - 01), 2025, Term::Summer),
            (date!(2026 - 08 - 31), 2025, Term::Summer),
            (date!(2026 - 09 - 01), 2026, Term::Autumn),
        ];
        for (day, year, term) in cases {
            assert_eq!(
                d.window_of(day),
                Window::new(AcademicYear(year), term),
                "{day}"
            );
        }
        let w = Window::new(AcademicYear(2025), Term::Spring);
        assert!(w.contains(datetime!(2026-03-31 23:59 UTC), &d));
        assert!(!w.contains(datetime!(2026-04-01 00:00 UTC), &d));
        assert!(!w.contains(datetime!(2025-12-31 23:59 UTC), &d));
        assert!(w.is_by_end(datetime!(2025-10-01 09:00 UTC), &d));
        assert!(!w.is_by_end(datetime!(2026-04-01 09:00 UTC), &d));
        assert_eq!(w.label(), "Spring 2025/26");
    }

    #[test]
    fn a_late_easter_moves_the_summer_term() {
        let d = TermDates {
            summer_starts: MonthDay::new(4, 20),
            ..TermDates::default()
        };
        let w = Window::new(AcademicYear(2025), Term::Spring);
        assert_eq!(w.dates(&d).1, date!(2026 - 04 - 19));
        assert_eq!(
            d.window_of(date!(2026 - 04 - 20)).term,
            Term::Summer,
            "first day after Easter"
        );
    }

    #[test]
    fn bad_dates_are_refused_and_fall_back_to_the_defaults() {
        let bad = [
            TermDates {
                spring_starts: MonthDay::new(2, 30),
                ..TermDates::default()
            },
            TermDates {
                spring_starts: MonthDay::new(2, 29),
                ..TermDates::default()
            },
            TermDates {
                spring_starts: MonthDay::new(5, 1),
                summer_starts: MonthDay::new(4, 1),
            },
            TermDates {
                spring_starts: MonthDay::new(13, 1),
                ..TermDates::default()
            },
            TermDates {
                spring_starts: MonthDay::new(9, 1),
                ..TermDates::default()
            },
        ];
        for d in bad {
            assert!(d.validated().is_err(), "{d:?}");
            assert_eq!(
                Window::new(AcademicYear(2025), Term::Spring).dates(&d),
                Window::new(AcademicYear(2025), Term::Spring).dates(&TermDates::default())
            );
        }
        // A spring term starting in December is allowed (some schools split that way).
        let december = TermDates {
            spring_starts: MonthDay::new(12, 20),
            ..TermDates::default()
        };
        assert!(december.validated().is_ok());
        assert_eq!(
            december.window_of(date!(2025 - 12 - 21)),
            Window::new(AcademicYear(2025), Term::Spring)
        );
    }

    #[test]
    fn term_dates_round_trip_and_missing_fields_default() {
        let d = TermDates::default();
        let json = serde_json::to_string(&d).expect("serialises");
        assert_eq!(serde_json::from_str::<TermDates>(&json).ok(), Some(d));
        assert_eq!(serde_json::from_str::<TermDates>("{}").ok(), Some(d));
    }
}
