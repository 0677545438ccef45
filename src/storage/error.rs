use std::fmt;

use crate::domain::schema::SchemaError;

/// A storage failure, phrased for the teacher who will read it.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageError {
    /// The browser has no IndexedDB (very old browser, or storage switched off).
    Unavailable(String),
    /// The device or the browser's quota for this site is full.
    Full,
    /// Another tab opened a newer version of the database, which closed this connection.
    Closed,
    /// The database was upgraded by a newer ReadBy7 than this page (an old tab or cached page).
    NewerDatabase,
    Schema(SchemaError),
    /// A data migration could not convert a stored record; nothing was changed.
    Migration {
        version: u32,
        store: String,
        reason: String,
    },
    /// A stored record does not have the shape this version expects.
    Corrupt {
        store: String,
        reason: String,
    },
    Other(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable(detail) => write!(
                f,
                "This browser will not let ReadBy7 store data ({detail}). Private browsing or \
                 a setting that blocks site data can cause this; results cannot be saved until it is changed."
            ),
            StorageError::Full => write!(
                f,
                "The device's storage is full, so the last change was not saved. Free some space \
                 (or delete old audio recordings), then try again. Nothing saved earlier was lost."
            ),
            StorageError::Closed => write!(
                f,
                "ReadBy7 was updated in another tab. Reload this page to carry on; everything \
                 marked so far is saved."
            ),
            StorageError::NewerDatabase => write!(
                f,
                "The data on this device was saved by a newer version of ReadBy7. Reload the page \
                 to get the newer version. Nothing has been changed."
            ),
            StorageError::Schema(e) => e.fmt(f),
            StorageError::Migration { version, store, reason } => write!(
                f,
                "Updating the saved {store} to data format {version} failed ({reason}). Nothing \
                 was changed; the data is as it was before the update."
            ),
            StorageError::Corrupt { store, reason } => write!(
                f,
                "A saved record in {store} could not be read ({reason})."
            ),
            StorageError::Other(detail) => write!(f, "Saving or loading failed: {detail}"),
        }
    }
}

impl From<rexie::Error> for StorageError {
    fn from(e: rexie::Error) -> Self {
        // rexie's Display says only "idb error"; the Debug form carries the DOMException's
        // name and message (wasm-bindgen prints JS errors as "Name: message").
        classify(&format!("{e:?}"))
    }
}

/// Maps the DOMException names a user can act on; anything else keeps its detail for support.
pub(crate) fn classify(detail: &str) -> StorageError {
    if detail.contains("QuotaExceededError") {
        StorageError::Full
    } else if detail.contains("VersionError") {
        StorageError::NewerDatabase
    } else if detail.contains("InvalidStateError") {
        StorageError::Closed
    } else {
        StorageError::Other(detail.to_string())
    }
}

impl From<SchemaError> for StorageError {
    fn from(e: SchemaError) -> Self {
        StorageError::Schema(e)
    }
}
