//! App-wide state shared through context: the database connection, settings, and what the
//! browser said about storage and updates.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::quota::Persistence;
use crate::domain::settings::Settings;
use crate::storage::{self, Db, StorageError};

#[derive(Clone, Debug)]
pub enum DbState {
    Opening,
    Ready(Db),
    Failed(StorageError),
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub db: RwSignal<DbState, LocalStorage>,
    pub settings: RwSignal<Settings>,
    /// A problem loading settings, shown once; the defaults are used meanwhile.
    pub settings_problem: RwSignal<Option<String>>,
    pub persistence: RwSignal<Option<Persistence>>,
    pub update: RwSignal<super::pwa::UpdateState>,
    /// Bumped after every write, so every view that reads the database reloads.
    pub changes: Trigger,
}

impl AppState {
    pub fn new() -> Self {
        let (settings, problem) = match storage::settings::load() {
            Ok(s) => (s, None),
            Err(e) => (Settings::default(), Some(e.to_string())),
        };
        AppState {
            db: RwSignal::new_local(DbState::Opening),
            settings: RwSignal::new(settings),
            settings_problem: RwSignal::new(problem),
            persistence: RwSignal::new(None),
            update: RwSignal::new(super::pwa::UpdateState::Current),
            changes: Trigger::new(),
        }
    }

    /// Starts the work that must wait for the executor: opening the database and asking the
    /// browser to keep our data.
    pub fn start(self) {
        spawn_local(async move {
            let state = match storage::open().await {
                Ok(db) => {
                    // Recordings past the school's keeping period go before anything else runs.
                    let cutoff = self
                        .settings
                        .with_untracked(|s| s.audio_cutoff(super::data::now()));
                    if let Err(e) = db.delete_clips_before(cutoff).await {
                        leptos::logging::warn!("old recordings could not be deleted: {e}");
                    }
                    DbState::Ready(db)
                }
                Err(e) => DbState::Failed(e),
            };
            self.db.set(state);
        });
        spawn_local(async move {
            self.persistence
                .set(Some(storage::device::request_persistence().await));
        });
        super::pwa::register(self.update);
    }

    /// Call after a write so views reload what they show.
    pub fn changed(&self) {
        self.changes.notify();
    }

    /// The open database, if it is ready.
    pub fn db(&self) -> Option<Db> {
        match self.db.get() {
            DbState::Ready(db) => Some(db),
            _ => None,
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_app() -> AppState {
    // Provided by `App` before any page renders; missing context is a programming error.
    expect_context::<AppState>()
}
