//! Reading from the database in components: a resource that waits for the database to open
//! and reloads whenever anything has been written.

use std::future::Future;

use leptos::prelude::*;
use time::{Date, OffsetDateTime};

use super::state::use_app;
use crate::domain::model::AcademicYear;
use crate::storage::{Db, StorageError};

pub type Loaded<T> = Option<Result<T, StorageError>>;

/// `None` while the database opens; then the result of `fetch`, refreshed after every write.
pub fn load<T, F, Fut>(fetch: F) -> LocalResource<Loaded<T>>
where
    T: 'static,
    F: Fn(Db) -> Fut + 'static,
    Fut: Future<Output = Result<T, StorageError>> + 'static,
{
    let app = use_app();
    LocalResource::new(move || {
        app.changes.track();
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
