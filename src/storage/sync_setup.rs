//! This device's school sync set-up and the stamp of its school-wide settings, in local storage
//! beside the settings (small, read at start).

use gloo_storage::{LocalStorage, Storage};

use super::settings::{read, write};
use super::StorageError;
use crate::domain::sync::{SchoolStamp, SyncSetup};

const SETUP: &str = "readby7.sync";
const STAMP: &str = "readby7.school-stamp";

/// The set-up this device joined with, or `None` when it does not sync.
pub fn load() -> Result<Option<SyncSetup>, StorageError> {
    read(SETUP, "school sync settings")
}

pub fn save(setup: &SyncSetup) -> Result<(), StorageError> {
    write(SETUP, setup)
}

/// Leaves school sync on this device (the records stay; `Db::forget_sync` drops what sync knew).
pub fn clear() {
    LocalStorage::delete(SETUP);
}

/// When the school-wide settings were last changed here or taken from the server.
pub fn school_stamp() -> Option<SchoolStamp> {
    // An unreadable stamp counts as none: the server's school settings then win, which is what
    // a device that lost track of its own edits should take.
    read(STAMP, "school settings stamp").ok().flatten()
}

pub fn set_school_stamp(stamp: &SchoolStamp) -> Result<(), StorageError> {
    write(STAMP, stamp)
}
