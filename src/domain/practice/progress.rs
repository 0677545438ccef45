//! Practice progress kept only on the parent's device (the UI stores it in local storage as
//! JSON; nothing here is sent to school): a streak of consecutive practice days and stars,
//! one per card finished.
//!
//! Rules:
//! - Practising today after practising yesterday adds a day to the streak; practising again
//!   on the same day changes nothing; a missed day starts the streak again at 1.
//! - [`PracticeProgress::streak`] counts a streak as current if the last practice was today
//!   or yesterday (today is not over yet), and is 0 after that.
//! - A date earlier than the last practice day (a clock put back, another time zone) is
//!   ignored for the streak rather than breaking it; stars still count.
//! - Dates are the device's local calendar dates; the UI decides "today".

use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeProgress {
    /// The last day practice was recorded.
    last_day: Option<Date>,
    /// Consecutive days ending on `last_day`.
    run: u32,
    best_run: u32,
    days_practised: u32,
    total_stars: u32,
    /// Stars earned on `last_day`.
    stars_on_last_day: u32,
}

impl PracticeProgress {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that the child practised on `today` and returns the current streak in days.
    pub fn record_day(&mut self, today: Date) -> u32 {
        match self.last_day {
            Some(last) if today <= last => {}
            Some(last) if last.next_day() == Some(today) => {
                self.run = self.run.saturating_add(1);
                self.start_day(today);
            }
            _ => {
                self.run = 1;
                self.start_day(today);
            }
        }
        self.best_run = self.best_run.max(self.run);
        self.streak(today)
    }

    fn start_day(&mut self, today: Date) {
        self.last_day = Some(today);
        self.days_practised = self.days_practised.saturating_add(1);
        self.stars_on_last_day = 0;
    }

    /// Records one finished card on `today` (which counts as a practice day) and returns the
    /// stars earned today. Call it once per card per sitting: going back over a card may earn
    /// another star, which is the point of practice.
    pub fn record_card(&mut self, today: Date) -> u32 {
        self.record_day(today);
        self.total_stars = self.total_stars.saturating_add(1);
        if self.last_day == Some(today) {
            self.stars_on_last_day = self.stars_on_last_day.saturating_add(1);
        }
        self.stars_today(today)
    }

    /// The streak in days as of `today`: the run if its last day is today or yesterday, else 0.
    pub fn streak(&self, today: Date) -> u32 {
        match self.last_day {
            Some(last) if last == today || last.next_day() == Some(today) => self.run,
            // A clock put back: still the streak as last recorded.
            Some(last) if last > today => self.run,
            _ => 0,
        }
    }

    /// Whether the child has practised on `today` (so the UI can say "come back tomorrow").
    pub fn practised_on(&self, today: Date) -> bool {
        self.last_day == Some(today)
    }

    pub fn stars_today(&self, today: Date) -> u32 {
        if self.last_day == Some(today) {
            self.stars_on_last_day
        } else {
            0
        }
    }

    pub fn total_stars(&self) -> u32 {
        self.total_stars
    }

    pub fn best_streak(&self) -> u32 {
        self.best_run
    }

    pub fn days_practised(&self) -> u32 {
        self.days_practised
    }

    pub fn last_day(&self) -> Option<Date> {
        self.last_day
    }
}
