//! School-wide settings. Small, so they live in local storage rather than IndexedDB.

use serde::{Deserialize, Serialize};

use super::analytics::TermDates;
pub use super::fields::FieldError;
use super::progress::Programme;

/// The screening check's pass mark has been 32 every year since 2012; the real one is
/// published after check week, so it is a setting rather than a constant.
pub const DEFAULT_SCREENING_THRESHOLD: u8 = 32;
pub const SCREENING_MAX_MARK: u8 = 40;
/// Recordings of children reading are personal data: kept a month unless the school says otherwise.
pub const DEFAULT_AUDIO_KEEP_DAYS: u16 = 30;
pub const MAX_AUDIO_KEEP_DAYS: u16 = 365;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub school_name: String,
    /// Local authority number, 3 digits (Camden is 202).
    pub la_number: String,
    /// Establishment (DfE) number within the authority, 4 digits.
    pub establishment_number: String,
    /// Unique reference number, 6 digits.
    pub urn: String,
    pub screening_threshold: u8,
    /// Days a fluency recording is kept before it is deleted automatically.
    pub audio_keep_days: u16,
    /// The phonics programme the school teaches: progress checks and "teach next" follow its order.
    pub programme: Programme,
    /// When the spring and summer terms start: the reading lead's assessment windows.
    pub term_dates: TermDates,
    /// Whether the CTF carries Wa/Wt beside the mark. Off by default: the DfE does not require
    /// Wa/Wt in phonics returns, and ReadBy7's Wa/Wt follow the threshold set here. Settings
    /// stored before this existed load with it off (`#[serde(default)]` on the struct).
    pub ctf_wa_wt: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            school_name: String::new(),
            la_number: String::new(),
            establishment_number: String::new(),
            urn: String::new(),
            screening_threshold: DEFAULT_SCREENING_THRESHOLD,
            audio_keep_days: DEFAULT_AUDIO_KEEP_DAYS,
            programme: Programme::default(),
            term_dates: TermDates::default(),
            ctf_wa_wt: false,
        }
    }
}

fn digits(field: &'static str, label: &str, value: &str, len: usize) -> Option<FieldError> {
    let ok = value.is_empty() || (value.len() == len && value.bytes().all(|b| b.is_ascii_digit()));
    (!ok).then(|| {
        FieldError::new(
            field,
            format!("{label} must be {len} digits (you entered \"{value}\")."),
        )
    })
}

impl Settings {
    /// Recordings made before this moment are past their keeping period.
    pub fn audio_cutoff(&self, now: time::OffsetDateTime) -> time::OffsetDateTime {
        now - time::Duration::days(i64::from(self.audio_keep_days))
    }

    /// Trims what the user typed and checks it; blank school numbers are allowed until an export needs them.
    pub fn validated(mut self) -> Result<Settings, Vec<FieldError>> {
        self.school_name = self.school_name.trim().to_string();
        self.la_number = self.la_number.trim().to_string();
        self.establishment_number = self.establishment_number.trim().to_string();
        self.urn = self.urn.trim().to_string();
        let mut errors: Vec<FieldError> = [
            digits(
                "la_number",
                "The local authority number",
                &self.la_number,
                3,
            ),
            digits(
                "establishment_number",
                "The establishment number",
                &self.establishment_number,
                4,
            ),
            digits("urn", "The URN", &self.urn, 6),
        ]
        .into_iter()
        .flatten()
        .collect();
        if self.screening_threshold > SCREENING_MAX_MARK {
            errors.push(FieldError::new(
                "screening_threshold",
                format!(
                    "The screening threshold must be between 0 and {SCREENING_MAX_MARK} (you entered {}).",
                    self.screening_threshold
                ),
            ));
        }
        if !(1..=MAX_AUDIO_KEEP_DAYS).contains(&self.audio_keep_days) {
            errors.push(FieldError::new(
                "audio_keep_days",
                format!(
                    "Recordings must be kept between 1 and {MAX_AUDIO_KEEP_DAYS} days (you entered {}).",
                    self.audio_keep_days
                ),
            ));
        }
        if let Err(problem) = self.term_dates.validated() {
            errors.push(FieldError::new("term_dates", problem));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_use_the_usual_threshold() {
        assert_eq!(Settings::default().screening_threshold, 32);
    }

    #[test]
    fn valid_settings_are_trimmed() {
        let s = Settings {
            school_name: "  Kentish Town Primary ".into(),
            la_number: "202".into(),
            establishment_number: " 2345".into(),
            urn: "100001".into(),
            screening_threshold: 32,
            audio_keep_days: 30,
            ..Settings::default()
        }
        .validated()
        .expect("valid");
        assert_eq!(s.school_name, "Kentish Town Primary");
        assert_eq!(s.establishment_number, "2345");
    }

    #[test]
    fn each_bad_field_is_named() {
        let errors = Settings {
            la_number: "20".into(),
            establishment_number: "23a5".into(),
            urn: "1000011".into(),
            screening_threshold: 41,
            ..Settings::default()
        }
        .validated()
        .expect_err("invalid");
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "la_number",
                "establishment_number",
                "urn",
                "screening_threshold"
            ]
        );
        assert!(
            errors[0].message.contains("3 digits"),
            "{}",
            errors[0].message
        );
        assert!(errors[3].message.contains("41"));
    }

    #[test]
    fn recordings_expire_after_the_keeping_period() {
        use time::macros::datetime;
        let s = Settings::default();
        assert_eq!(s.audio_keep_days, 30);
        assert_eq!(
            s.audio_cutoff(datetime!(2026-11-23 10:00 UTC)),
            datetime!(2026-10-24 10:00 UTC)
        );
    }

    #[test]
    fn settings_saved_by_an_older_version_still_load() {
        let old = r#"{"school_name":"Old School"}"#;
        let s: Settings = serde_json::from_str(old).expect("loads");
        assert_eq!(s.school_name, "Old School");
        assert_eq!(s.screening_threshold, 32);
        assert!(
            !s.ctf_wa_wt,
            "Wa/Wt in the CTF is off unless the school turns it on"
        );
        // Settings stored before the CTF setting existed, with every other field.
        let mut without: serde_json::Value =
            serde_json::to_value(Settings::default()).expect("json");
        if let Some(map) = without.as_object_mut() {
            map.remove("ctf_wa_wt");
        }
        let s: Settings = serde_json::from_value(without).expect("loads");
        assert_eq!(s, Settings::default());
    }
}
