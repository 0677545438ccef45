//! What is synced, one server document per record, and what a device remembers about each
//! document (its [`DocState`]).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::crypto::{Digest, SyncKeys};
use crate::domain::analytics::TermDates;
use crate::domain::ids::DeviceId;
use crate::domain::model::{CheckSession, Class, Pupil};
use crate::domain::progress::Programme;
use crate::domain::records::AudioClip;
use crate::domain::settings::Settings;

/// The kinds of synced record. The names are the IndexedDB store names where there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Store {
    Classes,
    Pupils,
    Sessions,
    Audio,
    /// The one school-wide settings record.
    School,
    /// One record per device that has synced: "which devices have been seen".
    Devices,
}

impl Store {
    pub fn name(self) -> &'static str {
        match self {
            Store::Classes => "classes",
            Store::Pupils => "pupils",
            Store::Sessions => "sessions",
            Store::Audio => "audio",
            Store::School => "school",
            Store::Devices => "devices",
        }
    }
}

/// A record's identity on this side: its store and its key there.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordKey {
    pub store: Store,
    pub id: String,
}

impl RecordKey {
    pub fn new(store: Store, id: impl ToString) -> RecordKey {
        RecordKey {
            store,
            id: id.to_string(),
        }
    }

    pub fn doc_id(&self, keys: &SyncKeys) -> String {
        keys.doc_id(self.store.name(), &self.id)
    }
}

/// The school-wide part of [`Settings`]: what every device of a school shares. Device-only
/// settings (how long this device keeps recordings) stay local.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolSettings {
    pub school_name: String,
    pub la_number: String,
    pub establishment_number: String,
    pub urn: String,
    pub screening_threshold: u8,
    pub programme: Programme,
    pub term_dates: TermDates,
    /// Whether recordings of readings sync (off unless the school turns it on).
    pub recordings: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub device_id: DeviceId,
}

/// The record id of the one school settings record.
pub const SCHOOL_SETTINGS_ID: &str = "school";

impl SchoolSettings {
    /// The school-wide part of this device's settings, as edited at `updated_at`.
    pub fn of(
        settings: &Settings,
        recordings: bool,
        updated_at: OffsetDateTime,
        device_id: DeviceId,
    ) -> SchoolSettings {
        SchoolSettings {
            school_name: settings.school_name.clone(),
            la_number: settings.la_number.clone(),
            establishment_number: settings.establishment_number.clone(),
            urn: settings.urn.clone(),
            screening_threshold: settings.screening_threshold,
            programme: settings.programme,
            term_dates: settings.term_dates,
            recordings,
            updated_at,
            device_id,
        }
    }

    /// This device's settings with the school's values in place (device-only ones kept).
    pub fn apply_to(&self, settings: &Settings) -> Settings {
        Settings {
            school_name: self.school_name.clone(),
            la_number: self.la_number.clone(),
            establishment_number: self.establishment_number.clone(),
            urn: self.urn.clone(),
            screening_threshold: self.screening_threshold,
            programme: self.programme,
            term_dates: self.term_dates,
            ..settings.clone()
        }
    }
}

/// When, where and with what recordings choice the school-wide settings were last changed on
/// this device, or taken from the server: kept beside the device's settings, so the record
/// [`SchoolSettings::stamped`] builds is the same until someone changes a school-wide value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolStamp {
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub device_id: DeviceId,
    pub recordings: bool,
}

impl SchoolStamp {
    /// The stamp after this device saved `after` over `before`: new when a school-wide value
    /// changed (a threshold typed here must win over an older one from the server), else as it was.
    pub fn after_edit(
        stamp: Option<SchoolStamp>,
        before: &Settings,
        after: &Settings,
        now: OffsetDateTime,
        device_id: DeviceId,
    ) -> Option<SchoolStamp> {
        let recordings = stamp.is_some_and(|s| s.recordings);
        let shared = |s: &Settings| SchoolSettings::of(s, recordings, now, device_id);
        if shared(before) == shared(after) {
            stamp
        } else {
            Some(SchoolStamp {
                updated_at: now,
                device_id,
                recordings,
            })
        }
    }

    /// The stamp of a school record taken from the server.
    pub fn of(school: &SchoolSettings) -> SchoolStamp {
        SchoolStamp {
            updated_at: school.updated_at,
            device_id: school.device_id,
            recordings: school.recordings,
        }
    }
}

impl SchoolSettings {
    /// This device's school record. Never changed here (no stamp): dated 1970, so any school
    /// record on the server is newer and a device that joins takes the school's settings.
    pub fn stamped(
        settings: &Settings,
        stamp: Option<SchoolStamp>,
        device_id: DeviceId,
    ) -> SchoolSettings {
        match stamp {
            Some(s) => SchoolSettings::of(settings, s.recordings, s.updated_at, s.device_id),
            None => SchoolSettings::of(settings, false, OffsetDateTime::UNIX_EPOCH, device_id),
        }
    }
}

/// A device of the school, as last seen by the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSeen {
    pub device_id: DeviceId,
    /// What the school calls it ("Year 1 iPad 2"), typed in Settings; may be empty.
    pub label: String,
    #[serde(with = "time::serde::rfc3339")]
    pub synced_at: OffsetDateTime,
}

/// One synced record. Its JSON (`{"store":"pupils","record":{...}}`) is the plaintext that is
/// encrypted into the server document.
// Sessions are the largest and the most numerous record, so boxing them would save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "store", content = "record", rename_all = "snake_case")]
pub enum SyncRecord {
    Classes(Class),
    Pupils(Pupil),
    Sessions(CheckSession),
    Audio(AudioClip),
    School(SchoolSettings),
    Devices(DeviceSeen),
}

impl SyncRecord {
    pub fn key(&self) -> RecordKey {
        match self {
            SyncRecord::Classes(c) => RecordKey::new(Store::Classes, c.id),
            SyncRecord::Pupils(p) => RecordKey::new(Store::Pupils, p.id),
            SyncRecord::Sessions(s) => RecordKey::new(Store::Sessions, s.id),
            SyncRecord::Audio(a) => RecordKey::new(Store::Audio, &a.id),
            SyncRecord::School(_) => RecordKey::new(Store::School, SCHOOL_SETTINGS_ID),
            SyncRecord::Devices(d) => RecordKey::new(Store::Devices, d.device_id),
        }
    }

    /// The canonical plaintext: serde's field order, compact, so every device writes the same
    /// bytes for the same record (what digests and revision ids rely on).
    pub fn plaintext(&self) -> Vec<u8> {
        // Our records serialise infallibly (string keys, no NaN); empty is never produced.
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn digest(&self, keys: &SyncKeys) -> Digest {
        keys.digest(&self.plaintext())
    }
}

/// What this device knows about one server document: the revision its local record is based
/// on and that revision's ancestry, and the digest of the record as last synced (so a local
/// change is found by comparing digests, without touching the tap path).
///
/// The shell keeps these in a `sync_state` store keyed by `doc_id` and writes them only in the
/// transactions [`super::LocalWrite`] describes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocState {
    pub doc_id: String,
    pub key: RecordKey,
    /// `N-hash` of the revision the local record was last synced as.
    pub rev: String,
    /// Revision hashes from `rev` back (newest first, `rev`'s own hash first), at most
    /// [`super::rev::MAX_ANCESTRY`]: what `_revisions` carries when this device writes a child.
    pub ancestry: Vec<String>,
    /// The digest of the record at `rev`; `None` when `rev` is a deletion.
    pub digest: Option<Digest>,
    /// The server holds a deletion at `rev`.
    pub deleted: bool,
    /// That deletion is an erasure (a pupil erased, a recording expired): it wins over any edit,
    /// and sessions and recordings of an erased pupil or session are erased with it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub erased: bool,
    /// Pupils and classes folded into another record (matched by UPN or name and date of
    /// birth): the id that now stands for this one, so records still pointing here move.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::testdata::{class, pupil};

    #[test]
    fn records_name_their_store_in_the_plaintext() {
        let p = SyncRecord::Pupils(pupil("Ann", "Smith", None));
        let text = String::from_utf8(p.plaintext()).expect("utf-8");
        assert!(
            text.starts_with("{\"store\":\"pupils\",\"record\":{"),
            "{text}"
        );
        let back: SyncRecord = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, p);
        let c = class("1H");
        assert_eq!(
            SyncRecord::Classes(c.clone()).key(),
            RecordKey::new(Store::Classes, c.id)
        );
    }

    #[test]
    fn only_a_school_wide_change_restamps_the_school_settings() {
        use crate::domain::records::testdata::NOW;
        let me = DeviceId::random();
        let before = Settings::default();
        let later = NOW + time::Duration::hours(1);
        let device_only = Settings {
            audio_keep_days: 3,
            ..before.clone()
        };
        assert_eq!(
            SchoolStamp::after_edit(None, &before, &device_only, NOW, me),
            None
        );
        let threshold = Settings {
            screening_threshold: 30,
            ..before.clone()
        };
        let stamp = SchoolStamp::after_edit(None, &before, &threshold, NOW, me).expect("restamped");
        assert_eq!(
            (stamp.updated_at, stamp.device_id, stamp.recordings),
            (NOW, me, false)
        );
        let again = SchoolStamp::after_edit(Some(stamp), &threshold, &threshold, later, me);
        assert_eq!(again, Some(stamp), "saving the same values keeps the stamp");
        let unstamped = SchoolSettings::stamped(&threshold, None, me);
        assert_eq!(unstamped.updated_at, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(
            SchoolStamp::of(&SchoolSettings::stamped(&threshold, Some(stamp), me)),
            stamp
        );
    }

    #[test]
    fn school_settings_keep_device_only_values() {
        let mine = Settings {
            audio_keep_days: 9,
            ..Settings::default()
        };
        let theirs = Settings {
            school_name: "Brecknock".into(),
            screening_threshold: 31,
            ..Settings::default()
        };
        let shared = SchoolSettings::of(
            &theirs,
            true,
            crate::domain::records::testdata::NOW,
            DeviceId::random(),
        );
        let applied = shared.apply_to(&mine);
        assert_eq!(
            (
                applied.school_name.as_str(),
                applied.screening_threshold,
                applied.audio_keep_days
            ),
            ("Brecknock", 31, 9)
        );
    }
}
