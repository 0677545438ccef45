//! Small per-device preferences in local storage: losing one is harmless.

use gloo_storage::{LocalStorage, Storage};

use crate::domain::ids::ClassId;

const LAST_CLASS: &str = "readby7.last-class";

/// The class "Run a check" showed last, so the next pupil is one tap away.
pub fn last_class() -> Option<ClassId> {
    LocalStorage::get::<String>(LAST_CLASS)
        .ok()
        .and_then(|id| ClassId::parse(&id))
}

pub fn set_last_class(id: ClassId) {
    // A full or blocked local storage only costs the teacher one tap next time.
    let _ = LocalStorage::set(LAST_CLASS, id.to_string());
}

const LAST_BACKUP: &str = "readby7.last-backup";

/// When this device last downloaded a full backup (for the weekly reminder).
pub fn last_backup() -> Option<time::OffsetDateTime> {
    let text = LocalStorage::get::<String>(LAST_BACKUP).ok()?;
    time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339).ok()
}

pub fn set_last_backup(at: time::OffsetDateTime) {
    if let Ok(text) = at.format(&time::format_description::well_known::Rfc3339) {
        // Losing this only brings the reminder back early.
        let _ = LocalStorage::set(LAST_BACKUP, text);
    }
}

const LAST_CTF: &str = "readby7.last-ctf-number";

/// How many CTFs this device has made (0 for none): the next file is numbered one more.
pub fn last_ctf_number() -> u32 {
    LocalStorage::get::<u32>(LAST_CTF).unwrap_or(0)
}

/// Records that CTF number `n` was made. The number only goes up, so two files from this
/// device never share a name.
pub fn set_last_ctf_number(n: u32) {
    if n > last_ctf_number() {
        // Lost, the count starts again at 001: the file still imports, only its name repeats.
        let _ = LocalStorage::set(LAST_CTF, n);
    }
}
