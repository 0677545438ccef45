//! Reading from the database in components: a resource that waits for the database to open
//! and reloads after a write to one of the stores it reads.

use std::future::Future;

use leptos::prelude::*;
use time::{Date, OffsetDateTime};

use super::state::use_app;
use crate::domain::model::AcademicYear;
use crate::storage::{Db, StorageError, Store};

pub type Loaded<T> = Option<Result<T, StorageError>>;

/// `None` while the database opens; then the result of `fetch`, refreshed after each write to
/// one of `reads` (the stores `fetch` reads). A check screen passes only what it must not miss,
/// so a write elsewhere (a sync pulling pupils) never resets it.
pub fn load<T, F, Fut>(reads: &'static [Store], fetch: F) -> LocalResource<Loaded<T>>
where
    T: 'static,
    F: Fn(Db) -> Fut + 'static,
    Fut: Future<Output = Result<T, StorageError>> + 'static,
{
    let app = use_app();
    LocalResource::new(move || {
        app.changes.track(reads);
        let pending = app.db().map(&fetch);
        async move {
            match pending {
                Some(fut) => Some(fut.await),
                None => None,
            }
        }
    })
}

pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

pub fn today() -> Date {
    now().date()
}

pub fn this_academic_year() -> AcademicYear {
    AcademicYear::containing(today())
}
