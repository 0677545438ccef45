//! School settings in local storage: small, read synchronously at start.

use gloo_storage::{errors::StorageError as GlooError, LocalStorage, Storage};

use super::StorageError;
use crate::domain::settings::Settings;

const KEY: &str = "readby7.settings";

/// The saved settings, or the defaults on a new device.
pub fn load() -> Result<Settings, StorageError> {
    Ok(read(KEY, "settings")?.unwrap_or_default())
}

pub fn save(settings: &Settings) -> Result<(), StorageError> {
    write(KEY, settings)
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
