//! A full backup of one device as a single JSON document, and its checked restore.
//!
//! The file: `{"format":"readby7-backup","format_version":1,"created_at":...,"device_id":...,
//! "schema_version":...,"settings":{...},"classes":[...],"pupils":[...],"sessions":[...],
//! "audio":[...] (only when clips are included),"checksum":"<sha256 hex>"}`. The checksum is
//! taken over the *canonical payload*: the same document without `checksum`, serialized
//! compactly with the fields in the order above (serde's order for our structs). Decoding
//! re-serializes what it read the same way, so any edit to the file changes the checksum.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime};

use super::Dataset;
use crate::domain::dates::format_iso;
use crate::domain::ids::{DeviceId, SessionId};
use crate::domain::model::{CheckSession, Class, Pupil};
use crate::domain::settings::Settings;
use crate::domain::upn::Upn;

pub const BACKUP_FORMAT: &str = "readby7-backup";
/// Raise when the document's shape changes; older versions refuse newer files.
pub const BACKUP_FORMAT_VERSION: u32 = 1;
/// A week without a backup is as much work as a school would want to lose.
const REMINDER_AFTER_DAYS: i64 = 7;

/// A recording of a fluency reading, carried in a backup as base64 text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudioClip {
    pub id: String,
    pub session_id: SessionId,
    pub mime_type: String,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
    pub data_base64: String,
}

impl AudioClip {
    pub fn from_bytes(
        id: String,
        session_id: SessionId,
        mime_type: String,
        recorded_at: OffsetDateTime,
        bytes: &[u8],
    ) -> Self {
        AudioClip {
            id,
            session_id,
            mime_type,
            recorded_at,
            data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    /// The sound itself; `None` if the text is not base64 (never after [`decode_backup`]).
    pub fn bytes(&self) -> Option<Vec<u8>> {
        base64::engine::general_purpose::STANDARD
            .decode(&self.data_base64)
            .ok()
    }
}

/// What a backup holds, as the app uses it.
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    pub created_at: OffsetDateTime,
    /// The device the backup was made on.
    pub device_id: DeviceId,
    /// The storage schema version the records were read from (see `schema::plan`).
    pub schema_version: u32,
    pub settings: Settings,
    pub data: Dataset,
}

/// The document without its checksum, in file order. `Cow` lets encoding borrow the backup
/// and decoding own what it read, with one definition of the shape.
#[derive(Serialize, Deserialize)]
struct Payload<'a> {
    format: Cow<'a, str>,
    format_version: u32,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    device_id: DeviceId,
    schema_version: u32,
    settings: Cow<'a, Settings>,
    classes: Cow<'a, [Class]>,
    pupils: Cow<'a, [Pupil]>,
    sessions: Cow<'a, [CheckSession]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    audio: Option<Cow<'a, [AudioClip]>>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    #[serde(flatten)]
    payload: &'a Payload<'a>,
    checksum: String,
}

/// SHA-256 (hex) of a payload's compact JSON: the backup's checksum, and the school summary's
/// (`domain::borough`), so both files are sealed the same way.
pub(crate) fn checksum<T: Serialize + ?Sized>(payload: &T) -> Result<String, serde_json::Error> {
    let canonical = serde_json::to_string(payload)?;
    let digest = Sha256::digest(canonical.as_bytes());
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// The backup file's text. Audio is written only when the dataset has clips.
pub fn encode_backup(backup: &Backup) -> String {
    let data = &backup.data;
    let payload = Payload {
        format: Cow::Borrowed(BACKUP_FORMAT),
        format_version: BACKUP_FORMAT_VERSION,
        created_at: backup.created_at,
        device_id: backup.device_id,
        schema_version: backup.schema_version,
        settings: Cow::Borrowed(&backup.settings),
        classes: Cow::Borrowed(&data.classes),
        pupils: Cow::Borrowed(&data.pupils),
        sessions: Cow::Borrowed(&data.sessions),
        audio: (!data.audio.is_empty()).then_some(Cow::Borrowed(&data.audio[..])),
    };
    // Our records serialize infallibly (string keys, no floats that can be NaN), so the
    // error arms below are unreachable; they return an empty text rather than panic.
    let Ok(sum) = checksum(&payload) else {
        return String::new();
    };
    serde_json::to_string(&FileOut {
        payload: &payload,
        checksum: sum,
    })
    .unwrap_or_default()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    Empty,
    /// Not JSON at all (a CSV, a photo, a Word document...).
    NotJson,
    /// JSON, but not a ReadBy7 backup.
    NotABackup,
    /// The text stops part-way: an interrupted download or copy.
    Truncated,
    /// Ours, but a part is missing or unreadable.
    Damaged {
        detail: String,
    },
    NewerVersion {
        found: u64,
        supported: u32,
    },
    ChecksumMismatch,
    DuplicateId {
        record: &'static str,
        id: String,
    },
    SessionWithoutPupil {
        session_id: String,
        pupil_id: String,
    },
    RecordingWithoutSession {
        clip_id: String,
        session_id: String,
    },
    InvalidUpn {
        pupil: String,
        upn: String,
        reason: String,
    },
    DuplicateUpn {
        upn: String,
        first: String,
        second: String,
    },
}

const NOTHING: &str = "Nothing was restored.";

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupError::Empty => write!(
                f,
                "The file is empty. Choose a ReadBy7 backup (its name starts with \"readby7-backup\"). {NOTHING}"
            ),
            BackupError::NotJson | BackupError::NotABackup => write!(
                f,
                "This file is not a ReadBy7 backup. Choose the file whose name starts with \"readby7-backup\" \
                 (a class list from your MIS is imported from Classes, with “Import a class list”). {NOTHING}"
            ),
            BackupError::Truncated => write!(
                f,
                "This backup file is incomplete: it stops part-way through, as happens when a download or copy \
                 is interrupted. Find a complete copy, or make the backup again. {NOTHING}"
            ),
            BackupError::Damaged { detail } => write!(
                f,
                "This backup file is damaged and cannot be read: {detail}. Use another copy of the backup. {NOTHING}"
            ),
            BackupError::NewerVersion { found, supported } => write!(
                f,
                "This backup was made by a newer version of ReadBy7 (backup format {found}; this version reads up \
                 to format {supported}). Reload the page to update ReadBy7, then try again. {NOTHING}"
            ),
            BackupError::ChecksumMismatch => write!(
                f,
                "This backup file has been changed or damaged since it was made: its contents no longer match \
                 its check number. Use an untouched copy of the backup. {NOTHING}"
            ),
            BackupError::DuplicateId { record, id } => write!(
                f,
                "This backup file is damaged: it has two {record}s with the same id ({id}). {NOTHING}"
            ),
            BackupError::SessionWithoutPupil {
                session_id,
                pupil_id,
            } => write!(
                f,
                "This backup file is damaged: check {session_id} belongs to a pupil who is not in the file \
                 (pupil {pupil_id}). {NOTHING}"
            ),
            BackupError::RecordingWithoutSession {
                clip_id,
                session_id,
            } => write!(
                f,
                "This backup file is damaged: recording {clip_id} belongs to a check that is not in the file \
                 (check {session_id}). {NOTHING}"
            ),
            BackupError::InvalidUpn { pupil, upn, reason } => write!(
                f,
                "This backup file has an invalid UPN for {pupil}: \"{upn}\" ({reason}). {NOTHING}"
            ),
            BackupError::DuplicateUpn { upn, first, second } => write!(
                f,
                "This backup file gives the same UPN ({upn}) to two pupils: {first} and {second}. {NOTHING}"
            ),
        }
    }
}

impl std::error::Error for BackupError {}

fn damaged(detail: impl Into<String>) -> BackupError {
    BackupError::Damaged {
        detail: detail.into(),
    }
}

fn text_of<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// UPNs are checked on the raw JSON, before typed parsing (which would refuse them with a
/// technical message), so the teacher learns whose UPN is wrong.
fn check_upns(pupils: Option<&Value>) -> Result<(), BackupError> {
    let Some(Value::Array(pupils)) = pupils else {
        return Ok(());
    };
    for p in pupils {
        if let Some(Value::String(upn)) = p.get("upn") {
            if let Err(e) = Upn::parse(upn) {
                return Err(BackupError::InvalidUpn {
                    pupil: format!("{} {}", text_of(p, "forename"), text_of(p, "surname")),
                    upn: upn.clone(),
                    reason: e.to_string(),
                });
            }
        }
    }
    Ok(())
}

fn no_duplicates<K: std::hash::Hash + Eq + fmt::Display>(
    record: &'static str,
    ids: impl Iterator<Item = K>,
) -> Result<(), BackupError> {
    let mut seen = HashSet::new();
    for id in ids {
        if seen.contains(&id) {
            return Err(BackupError::DuplicateId {
                record,
                id: id.to_string(),
            });
        }
        seen.insert(id);
    }
    Ok(())
}

/// Internal consistency: what a correct ReadBy7 always writes.
fn check_consistency(data: &Dataset) -> Result<(), BackupError> {
    no_duplicates("class", data.classes.iter().map(|c| c.id))?;
    no_duplicates("pupil", data.pupils.iter().map(|p| p.id))?;
    no_duplicates("check", data.sessions.iter().map(|s| s.id))?;
    no_duplicates("recording", data.audio.iter().map(|a| a.id.as_str()))?;
    let mut by_upn: HashMap<&Upn, &Pupil> = HashMap::new();
    for p in &data.pupils {
        if let Some(upn) = &p.upn {
            if let Some(first) = by_upn.insert(upn, p) {
                return Err(BackupError::DuplicateUpn {
                    upn: upn.to_string(),
                    first: format!("{} {}", first.forename, first.surname),
                    second: format!("{} {}", p.forename, p.surname),
                });
            }
        }
    }
    let pupils: HashSet<_> = data.pupils.iter().map(|p| p.id).collect();
    if let Some(s) = data.sessions.iter().find(|s| !pupils.contains(&s.pupil_id)) {
        return Err(BackupError::SessionWithoutPupil {
            session_id: s.id.to_string(),
            pupil_id: s.pupil_id.to_string(),
        });
    }
    let sessions: HashSet<_> = data.sessions.iter().map(|s| s.id).collect();
    for clip in &data.audio {
        if !sessions.contains(&clip.session_id) {
            return Err(BackupError::RecordingWithoutSession {
                clip_id: clip.id.clone(),
                session_id: clip.session_id.to_string(),
            });
        }
        if clip.bytes().is_none() {
            return Err(damaged(format!(
                "the sound of recording {} is not readable",
                clip.id
            )));
        }
    }
    Ok(())
}

/// Reads and checks a whole backup file; returns it only if every check passes, so a restore
/// never starts from a bad file. The checks, in order: not empty, JSON, ours, complete, a
/// version this app reads, valid UPNs, every part readable, the checksum, then consistency.
pub fn decode_backup(text: &str) -> Result<Backup, BackupError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(BackupError::Empty);
    }
    let mut value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) if e.is_eof() => {
            // A cut-off backup still starts like one; anything else cut short is another file.
            return Err(if text.contains(BACKUP_FORMAT) {
                BackupError::Truncated
            } else {
                BackupError::NotJson
            });
        }
        Err(e) if text.contains(BACKUP_FORMAT) => {
            return Err(damaged(format!(
                "the text is garbled at line {}, column {}",
                e.line(),
                e.column()
            )))
        }
        Err(_) => return Err(BackupError::NotJson),
    };
    let Some(object) = value.as_object_mut() else {
        return Err(BackupError::NotABackup);
    };
    if object.get("format").and_then(Value::as_str) != Some(BACKUP_FORMAT) {
        return Err(BackupError::NotABackup);
    }
    let version = object
        .get("format_version")
        .and_then(Value::as_u64)
        .ok_or_else(|| damaged("it does not say which backup format it uses"))?;
    if version > u64::from(BACKUP_FORMAT_VERSION) {
        return Err(BackupError::NewerVersion {
            found: version,
            supported: BACKUP_FORMAT_VERSION,
        });
    }
    if version == 0 {
        return Err(damaged("its format number (0) was never used by ReadBy7"));
    }
    let stored_sum = match object.remove("checksum") {
        Some(Value::String(s)) => s,
        _ => return Err(damaged("its check number (checksum) is missing")),
    };
    check_upns(object.get("pupils"))?;
    let payload: Payload<'static> = serde_json::from_value(value)
        .map_err(|e| damaged(format!("a part of it is missing or unreadable ({e})")))?;
    let sum = checksum(&payload).map_err(|e| damaged(e.to_string()))?;
    if !sum.eq_ignore_ascii_case(stored_sum.trim()) {
        return Err(BackupError::ChecksumMismatch);
    }
    let data = Dataset {
        classes: payload.classes.into_owned(),
        pupils: payload.pupils.into_owned(),
        sessions: payload.sessions.into_owned(),
        audio: payload.audio.map(Cow::into_owned).unwrap_or_default(),
    };
    check_consistency(&data)?;
    Ok(Backup {
        created_at: payload.created_at,
        device_id: payload.device_id,
        schema_version: payload.schema_version,
        settings: payload.settings.into_owned(),
        data,
    })
}

/// `readby7-backup-2026-11-23.json`.
pub fn backup_file_name(date: Date) -> String {
    format!("{BACKUP_FORMAT}-{}.json", format_iso(date))
}

/// A reminder to show when there has been no backup for more than a week (or ever).
pub fn backup_reminder(last_backup: Option<OffsetDateTime>, now: OffsetDateTime) -> Option<String> {
    match last_backup {
        None => Some(
            "No backup has been made on this device yet. Results are kept only on this device: \
             make a backup now and keep the file somewhere safe."
                .to_string(),
        ),
        Some(last) if now - last > time::Duration::days(REMINDER_AFTER_DAYS) => Some(format!(
            "The last backup was made {} days ago. Make a new backup so this week's results are safe.",
            (now - last).whole_days()
        )),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testdata::*;
    use super::*;
    use time::macros::{date, datetime};

    fn sample() -> Backup {
        let class = class("1H");
        let mut ann = pupil("Ann", "Smith", Some("B801200005001"));
        ann.class_id = Some(class.id);
        let ben = pupil("Ben", "Jones", None);
        let s1 = screening(&ann, 33, at(2026, 6, 9));
        let s2 = fluency(&ben, 1, at(2026, 6, 10));
        let clip = AudioClip::from_bytes(
            "clip-1".into(),
            s2.id,
            "audio/webm".into(),
            at(2026, 6, 10),
            b"\x1aE\xdf\xa3 not really webm",
        );
        Backup {
            created_at: NOW,
            device_id: device(),
            schema_version: 2,
            settings: Settings {
                school_name: "Kentish Town Primary".into(),
                la_number: "202".into(),
                ..Settings::default()
            },
            data: Dataset {
                classes: vec![class],
                pupils: vec![ann, ben],
                sessions: vec![s1, s2],
                audio: vec![clip],
            },
        }
    }

    /// Re-seals an edited document with a correct checksum, to reach the checks after it.
    fn reseal(mut value: Value) -> String {
        let object = value.as_object_mut().expect("object");
        object.remove("checksum");
        let payload: Payload = serde_json::from_value(value.clone()).expect("payload");
        let sum = checksum(&payload).expect("sum");
        serde_json::to_string(&FileOut {
            payload: &payload,
            checksum: sum,
        })
        .expect("json")
    }

    fn sample_value() -> Value {
        serde_json::from_str(&encode_backup(&sample())).expect("json")
    }

    #[test]
    fn round_trip_and_file_shape() {
        let backup = sample();
        let text = encode_backup(&backup);
        assert!(
            text.starts_with(r#"{"format":"readby7-backup","format_version":1,"created_at":"2026-11-23T10:00:00Z","device_id":"00000000-0000-4000-8000-000000000001","schema_version":2,"settings":{"school_name":"Kentish Town Primary""#),
            "{}",
            &text[..200]
        );
        let value: Value = serde_json::from_str(&text).expect("json");
        let sum = value["checksum"].as_str().expect("checksum");
        assert_eq!(sum.len(), 64);
        assert!(sum.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(
            value["audio"][0]["data_base64"],
            "GkXfoyBub3QgcmVhbGx5IHdlYm0="
        );
        assert_eq!(decode_backup(&text), Ok(backup.clone()));
        assert_eq!(
            decode_backup(&text).expect("decodes").data.audio[0].bytes(),
            Some(b"\x1aE\xdf\xa3 not really webm".to_vec())
        );
        // Without clips there is no audio key, and the restore has no clips.
        let mut silent = backup;
        silent.data.audio.clear();
        let text = encode_backup(&silent);
        let value: Value = serde_json::from_str(&text).expect("json");
        assert!(value.get("audio").is_none());
        assert_eq!(decode_backup(&text), Ok(silent));
        // A byte-order mark from a text editor is tolerated.
        assert!(decode_backup(&format!("\u{feff}{text}")).is_ok());
    }

    #[test]
    fn wrong_files() {
        assert_eq!(decode_backup(""), Err(BackupError::Empty));
        assert_eq!(decode_backup(" \n"), Err(BackupError::Empty));
        assert_eq!(
            decode_backup("UPN,Surname,Forename\nB801200005001,Smith,Ann\n"),
            Err(BackupError::NotJson)
        );
        assert_eq!(decode_backup("{\"a\":"), Err(BackupError::NotJson));
        assert_eq!(decode_backup("[1,2,3]"), Err(BackupError::NotABackup));
        assert_eq!(
            decode_backup(r#"{"format":"something-else","format_version":1}"#),
            Err(BackupError::NotABackup)
        );
        assert_eq!(
            decode_backup(r#"{"pupils":[]}"#),
            Err(BackupError::NotABackup)
        );
        let msg = BackupError::NotJson.to_string();
        assert!(msg.contains("not a ReadBy7 backup"), "{msg}");
        assert!(msg.contains("Nothing was restored"), "{msg}");
        assert!(BackupError::Empty.to_string().contains("empty"));
    }

    #[test]
    fn truncated_files_are_named_as_such() {
        let text = encode_backup(&sample());
        for cut in [text.len() - 1, text.len() / 2, 40] {
            assert_eq!(
                decode_backup(&text[..cut]),
                Err(BackupError::Truncated),
                "cut at {cut}"
            );
        }
        assert!(BackupError::Truncated.to_string().contains("incomplete"));
    }

    #[test]
    fn garbled_text_is_damaged() {
        let text = encode_backup(&sample()).replacen("\"pupils\":[", "\"pupils\":[}", 1);
        let err = decode_backup(&text).expect_err("garbled");
        assert!(matches!(err, BackupError::Damaged { .. }), "{err:?}");
        assert!(err.to_string().contains("garbled at line 1"), "{err}");
    }

    #[test]
    fn newer_format_versions_are_refused() {
        let mut v = sample_value();
        v["format_version"] = 2.into();
        let err = decode_backup(&v.to_string()).expect_err("newer");
        assert_eq!(
            err,
            BackupError::NewerVersion {
                found: 2,
                supported: 1
            }
        );
        assert!(
            err.to_string().contains("newer version of ReadBy7"),
            "{err}"
        );
        v["format_version"] = 0.into();
        assert!(matches!(
            decode_backup(&v.to_string()),
            Err(BackupError::Damaged { .. })
        ));
        v["format_version"] = "one".into();
        let err = decode_backup(&v.to_string()).expect_err("no version");
        assert!(err.to_string().contains("which backup format"), "{err}");
    }

    #[test]
    fn any_edit_breaks_the_checksum() {
        let mut v = sample_value();
        v["pupils"][1]["surname"] = "Jonas".into();
        assert_eq!(
            decode_backup(&v.to_string()),
            Err(BackupError::ChecksumMismatch)
        );
        let mut v = sample_value();
        v["settings"]["screening_threshold"] = 30.into();
        assert_eq!(
            decode_backup(&v.to_string()),
            Err(BackupError::ChecksumMismatch)
        );
        let mut v = sample_value();
        v["checksum"] = "0".repeat(64).into();
        assert_eq!(
            decode_backup(&v.to_string()),
            Err(BackupError::ChecksumMismatch)
        );
        assert!(BackupError::ChecksumMismatch
            .to_string()
            .contains("changed or damaged"));
        let mut v = sample_value();
        v.as_object_mut().expect("object").remove("checksum");
        let err = decode_backup(&v.to_string()).expect_err("no checksum");
        assert!(err.to_string().contains("checksum) is missing"), "{err}");
    }

    #[test]
    fn missing_parts_are_damaged() {
        let mut v = sample_value();
        v.as_object_mut().expect("object").remove("pupils");
        let err = decode_backup(&reseal_lenient(v)).expect_err("no pupils");
        assert!(
            matches!(&err, BackupError::Damaged { detail } if detail.contains("pupils")),
            "{err:?}"
        );
        let mut v = sample_value();
        v["audio"][0]["data_base64"] = "not base64!".into();
        let err = decode_backup(&reseal(v)).expect_err("bad audio");
        assert!(err.to_string().contains("recording clip-1"), "{err}");
    }

    /// Adds a made-up checksum to a document that no longer parses as a payload.
    fn reseal_lenient(mut v: Value) -> String {
        v["checksum"] = "0".repeat(64).into();
        v.to_string()
    }

    #[test]
    fn inconsistent_records_are_refused_with_the_exact_problem() {
        let base = sample();
        let ann = &base.data.pupils[0];
        let sample_value =
            || -> Value { serde_json::from_str(&encode_backup(&base)).expect("json") };

        let mut v = sample_value();
        let first = v["pupils"][0].clone();
        v["pupils"].as_array_mut().expect("array").push(first);
        let err = decode_backup(&reseal(v)).expect_err("duplicate pupil");
        assert_eq!(
            err,
            BackupError::DuplicateId {
                record: "pupil",
                id: ann.id.to_string()
            }
        );
        assert!(
            err.to_string().contains("two pupils with the same id"),
            "{err}"
        );

        for (key, record) in [
            ("classes", "class"),
            ("sessions", "check"),
            ("audio", "recording"),
        ] {
            let mut v = sample_value();
            let first = v[key][0].clone();
            v[key].as_array_mut().expect("array").push(first);
            let err = decode_backup(&reseal(v)).expect_err("duplicate");
            assert!(
                matches!(&err, BackupError::DuplicateId { record: r, .. } if *r == record),
                "{key}: {err:?}"
            );
        }

        let mut v = sample_value();
        v["pupils"].as_array_mut().expect("array").remove(0);
        let err = decode_backup(&reseal(v)).expect_err("orphan session");
        assert_eq!(
            err,
            BackupError::SessionWithoutPupil {
                session_id: base.data.sessions[0].id.to_string(),
                pupil_id: ann.id.to_string()
            }
        );
        assert!(err.to_string().contains("not in the file"), "{err}");

        let mut v = sample_value();
        v["sessions"].as_array_mut().expect("array").remove(1);
        let err = decode_backup(&reseal(v)).expect_err("orphan clip");
        assert!(
            matches!(&err, BackupError::RecordingWithoutSession { clip_id, .. } if clip_id == "clip-1"),
            "{err:?}"
        );

        let mut v = sample_value();
        v["pupils"][1]["upn"] = "B801200005001".into();
        let err = decode_backup(&reseal(v)).expect_err("shared UPN");
        assert_eq!(
            err,
            BackupError::DuplicateUpn {
                upn: "B801200005001".into(),
                first: "Ann Smith".into(),
                second: "Ben Jones".into()
            }
        );
        assert!(
            err.to_string().contains("same UPN (B801200005001)"),
            "{err}"
        );
    }

    #[test]
    fn an_invalid_upn_names_the_pupil() {
        let mut v = sample_value();
        v["pupils"][0]["upn"] = "C801200005001".into();
        // No reseal needed: UPNs are checked before the checksum.
        let err = decode_backup(&v.to_string()).expect_err("bad UPN");
        assert!(
            matches!(&err, BackupError::InvalidUpn { pupil, upn, .. } if pupil == "Ann Smith" && upn == "C801200005001"),
            "{err:?}"
        );
        let msg = err.to_string();
        assert!(msg.contains("invalid UPN for Ann Smith"), "{msg}");
        assert!(msg.contains("check letter is wrong"), "{msg}");
    }

    #[test]
    fn file_name_and_reminder() {
        assert_eq!(
            backup_file_name(date!(2026 - 11 - 23)),
            "readby7-backup-2026-11-23.json"
        );
        let now = datetime!(2026-11-23 10:00 UTC);
        assert!(backup_reminder(None, now)
            .expect("never")
            .contains("No backup has been made"));
        assert_eq!(
            backup_reminder(Some(now - time::Duration::days(7)), now),
            None
        );
        assert_eq!(
            backup_reminder(Some(now - time::Duration::hours(1)), now),
            None
        );
        let msg = backup_reminder(Some(now - time::Duration::days(10)), now).expect("old");
        assert!(msg.contains("10 days ago"), "{msg}");
    }
}
