//! What the sync status says between rounds, and when a device has gone too long without one.
//!
//! **Rules.**
//! - "Last synced" reads as a person says it: "just now" (under a minute), "5 minutes ago",
//!   "3 hours ago", "2 days ago", or "never" before the first round that finished.
//! - A device joined to school sync that has not finished a round for more than
//!   [`SyncSetup::stale_after_days`] days (default 3: a long weekend is fine, a week is not)
//!   says so on the Classes page. The days count from the last finished round, or from joining
//!   when there has been none.
//! - What is stored on the device about sync ([`SyncSetup`]) holds the join payload (server,
//!   database, user, password, key), so a device re-reads exactly what it joined with.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::join::{JoinError, JoinSettings};
use crate::domain::words;

/// A device not synced for longer than this many days says so, unless the school sets otherwise.
pub const DEFAULT_STALE_AFTER_DAYS: u16 = 3;
/// The allowed range for that setting.
pub const STALE_AFTER_DAYS: std::ops::RangeInclusive<u16> = 1..=60;

/// This device's school sync, as kept in local storage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSetup {
    /// [`JoinSettings::payload`]: one string, read back by [`JoinSettings::parse`].
    pub join: String,
    /// What the school calls this device ("Year 1 iPad 2"), shown to the others.
    #[serde(default)]
    pub device_label: String,
    #[serde(default = "default_stale")]
    pub stale_after_days: u16,
    #[serde(with = "time::serde::rfc3339")]
    pub joined_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_synced_at: Option<OffsetDateTime>,
}

fn default_stale() -> u16 {
    DEFAULT_STALE_AFTER_DAYS
}

impl SyncSetup {
    pub fn new(join: &JoinSettings, device_label: &str, now: OffsetDateTime) -> SyncSetup {
        SyncSetup {
            join: join.payload(),
            device_label: device_label.trim().to_string(),
            stale_after_days: DEFAULT_STALE_AFTER_DAYS,
            joined_at: now,
            last_synced_at: None,
        }
    }

    pub fn join_settings(&self) -> Result<JoinSettings, JoinError> {
        JoinSettings::parse(&self.join)
    }

    /// Whole days without a finished round, when that is more than the limit.
    pub fn overdue_days(&self, now: OffsetDateTime) -> Option<i64> {
        let since = self.last_synced_at.unwrap_or(self.joined_at);
        let days = (now - since).whole_days();
        (days > i64::from(self.stale_after_days)).then_some(days)
    }
}

/// Checks the "warn after" setting as typed.
pub fn parse_stale_after_days(text: &str) -> Result<u16, String> {
    let range = STALE_AFTER_DAYS;
    text.trim()
        .parse::<u16>()
        .ok()
        .filter(|d| range.contains(d))
        .ok_or_else(|| {
            format!(
                "Enter a number of days from {} to {}.",
                range.start(),
                range.end()
            )
        })
}

/// "just now", "5 minutes ago", "3 hours ago", "2 days ago", "never".
pub fn last_synced_words(last: Option<OffsetDateTime>, now: OffsetDateTime) -> String {
    let Some(last) = last else {
        return "never".into();
    };
    // A clock set back still reads sensibly.
    let age = (now - last).max(Duration::ZERO);
    if age < Duration::MINUTE {
        "just now".into()
    } else if age < Duration::HOUR {
        format!(
            "{} ago",
            words::count(age.whole_minutes() as usize, "minute", "minutes")
        )
    } else if age < Duration::DAY {
        format!(
            "{} ago",
            words::count(age.whole_hours() as usize, "hour", "hours")
        )
    } else {
        format!(
            "{} ago",
            words::count(age.whole_days() as usize, "day", "days")
        )
    }
}

/// "Nothing waiting", "1 change waiting", "12 changes waiting".
pub fn waiting_words(n: usize) -> String {
    if n == 0 {
        "Nothing waiting".into()
    } else {
        format!("{} waiting", words::count(n, "change", "changes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sync::SchoolKey;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-02 10:00 UTC);

    fn join() -> JoinSettings {
        JoinSettings {
            server: "/db".into(),
            database: "school".into(),
            user: "school".into(),
            password: "pw".into(),
            key: SchoolKey::from_bytes([7; 16]),
        }
    }

    #[test]
    fn last_synced_reads_as_a_person_says_it() {
        let at = |d: Duration| last_synced_words(Some(NOW - d), NOW);
        assert_eq!(last_synced_words(None, NOW), "never");
        assert_eq!(at(Duration::seconds(20)), "just now");
        assert_eq!(at(Duration::seconds(-20)), "just now");
        assert_eq!(at(Duration::minutes(1)), "1 minute ago");
        assert_eq!(at(Duration::minutes(59)), "59 minutes ago");
        assert_eq!(at(Duration::hours(3)), "3 hours ago");
        assert_eq!(at(Duration::hours(25)), "1 day ago");
        assert_eq!(at(Duration::days(9)), "9 days ago");
    }

    #[test]
    fn waiting_counts_read_as_english() {
        assert_eq!(waiting_words(0), "Nothing waiting");
        assert_eq!(waiting_words(1), "1 change waiting");
        assert_eq!(waiting_words(12), "12 changes waiting");
    }

    #[test]
    fn a_device_is_overdue_after_the_limit_from_its_last_round_or_joining() {
        let mut setup = SyncSetup::new(&join(), " iPad 2 ", NOW - Duration::days(5));
        assert_eq!(setup.device_label, "iPad 2");
        assert_eq!(
            setup.overdue_days(NOW),
            Some(5),
            "never synced: counted from joining"
        );
        setup.last_synced_at = Some(NOW - Duration::days(3));
        assert_eq!(
            setup.overdue_days(NOW),
            None,
            "3 days is within the default limit"
        );
        setup.last_synced_at = Some(NOW - Duration::days(4));
        assert_eq!(setup.overdue_days(NOW), Some(4));
        setup.stale_after_days = 7;
        assert_eq!(setup.overdue_days(NOW), None);
    }

    #[test]
    fn the_setup_round_trips_its_join_settings() {
        let setup = SyncSetup::new(&join(), "", NOW);
        let text = serde_json::to_string(&setup).expect("serialises");
        let back: SyncSetup = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, setup);
        assert_eq!(back.join_settings(), Ok(join()));
    }

    #[test]
    fn the_warning_limit_is_a_whole_number_of_days_in_range() {
        assert_eq!(parse_stale_after_days(" 7 "), Ok(7));
        assert!(parse_stale_after_days("0").is_err());
        assert!(parse_stale_after_days("61").is_err());
        assert!(parse_stale_after_days("three").is_err());
    }
}
