//! The staff lock's record, and erasing everything ReadBy7 keeps on this device.
//!
//! The record lives in local storage, not IndexedDB: it is small, and it is read synchronously
//! before the first frame, so the app can open on the lock screen without a moment of pupil data
//! while a database opens. It sits apart from both databases, so switching to the demo school or
//! restoring a backup neither replaces nor removes it, and backups never carry it.

use gloo_storage::{LocalStorage, SessionStorage, Storage};

use super::StorageError;
use crate::domain::lock::LockRecord;

const KEY: &str = "readby7.lock";

/// The lock as set on this device, or `None` when no passcode is set.
pub fn load() -> Result<Option<LockRecord>, StorageError> {
    super::settings::read(KEY, "staff lock")
}

/// Writes the whole record at once: a half-written lock cannot happen.
pub fn save(record: &LockRecord) -> Result<(), StorageError> {
    super::settings::write(KEY, record)
}

/// Turns the lock off.
pub fn clear() {
    LocalStorage::delete(KEY);
}

/// Deletes the named databases (the school's and the demo school's) and everything in local and
/// session storage: what "Reset ReadBy7 on this device" does when the passcode and the recovery
/// code are both lost. Close every open connection first, or the browser waits for it.
pub async fn erase_device(databases: &[&str]) -> Result<(), StorageError> {
    for name in databases {
        super::Db::delete_database(name).await?;
    }
    LocalStorage::clear();
    SessionStorage::clear();
    Ok(())
}
