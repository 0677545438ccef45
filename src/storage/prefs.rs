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
