//! School settings in local storage: small, read synchronously at start.

use gloo_storage::{errors::StorageError as GlooError, LocalStorage, Storage};

use super::StorageError;
use crate::domain::ids::DeviceId;
use crate::domain::settings::Settings;
use crate::domain::sync::SchoolStamp;

const KEY: &str = "readby7.settings";

/// The saved settings, or the defaults on a new device.
pub fn load() -> Result<Settings, StorageError> {
    Ok(read(KEY, "settings")?.unwrap_or_default())
}

/// Saves settings edited on this device (or restored from a backup) at `now`: a change to a
/// school-wide value restamps them, so school sync hands that change to the other devices.
pub fn save(
    settings: &Settings,
    now: time::OffsetDateTime,
    device_id: DeviceId,
) -> Result<(), StorageError> {
    let before = load().unwrap_or_default();
    let stamp = super::sync_setup::school_stamp();
    write(KEY, settings)?;
    match SchoolStamp::after_edit(stamp, &before, settings, now, device_id) {
        Some(new) if Some(new) != stamp => super::sync_setup::set_school_stamp(&new),
        _ => Ok(()),
    }
}

/// Saves the school's settings as school sync settled them, with their stamp.
pub fn save_from_school(settings: &Settings, stamp: &SchoolStamp) -> Result<(), StorageError> {
    write(KEY, settings)?;
    super::sync_setup::set_school_stamp(stamp)
}

/// A value kept in local storage under `key` (`None` if there is none), its failures named
/// after `store`.
pub(super) fn read<T: serde::de::DeserializeOwned>(
    key: &str,
    store: &str,
) -> Result<Option<T>, StorageError> {
    match LocalStorage::get::<T>(key) {
        Ok(value) => Ok(Some(value)),
        Err(GlooError::KeyNotFound(_)) => Ok(None),
        Err(GlooError::SerdeError(e)) => Err(StorageError::Corrupt {
            store: store.into(),
            reason: e.to_string(),
        }),
        Err(GlooError::JsError(e)) => Err(StorageError::Unavailable(e.to_string())),
    }
}

pub(super) fn write<T: serde::Serialize>(key: &str, value: &T) -> Result<(), StorageError> {
    LocalStorage::set(key, value).map_err(|e| match e {
        GlooError::JsError(js) if js.name == "QuotaExceededError" => StorageError::Full,
        other => StorageError::Other(other.to_string()),
    })
}
