//! School settings in local storage: small, read synchronously at start.

use gloo_storage::{errors::StorageError as GlooError, LocalStorage, Storage};

use super::StorageError;
use crate::domain::settings::Settings;

const KEY: &str = "readby7.settings";

/// The saved settings, or the defaults on a new device.
pub fn load() -> Result<Settings, StorageError> {
    match LocalStorage::get::<Settings>(KEY) {
        Ok(settings) => Ok(settings),
        Err(GlooError::KeyNotFound(_)) => Ok(Settings::default()),
        Err(GlooError::SerdeError(e)) => Err(StorageError::Corrupt {
            store: "settings".into(),
            reason: e.to_string(),
        }),
        Err(GlooError::JsError(e)) => Err(StorageError::Unavailable(e.to_string())),
    }
}

pub fn save(settings: &Settings) -> Result<(), StorageError> {
    LocalStorage::set(KEY, settings).map_err(|e| match e {
        GlooError::JsError(js) if js.name == "QuotaExceededError" => StorageError::Full,
        other => StorageError::Other(other.to_string()),
    })
}
