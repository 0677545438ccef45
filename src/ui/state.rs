//! App-wide state shared through context: the database connection, settings, and what the
//! browser said about storage and updates.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::quota::Persistence;
use crate::domain::settings::Settings;
use crate::storage::{self, Db, StorageError, Store};

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
    /// One trigger per store, fired by storage after each committed write: a view tracks the
    /// stores it reads, so a write elsewhere never re-renders it.
    pub changes: StoreTriggers,
    /// Demo mode: the app shows a fictional school kept in its own database.
    pub demo: RwSignal<bool>,
    /// When this device last downloaded a full backup (kept in local storage, not IndexedDB,
    /// so storage's change notifications do not cover it).
    pub last_backup: RwSignal<Option<time::OffsetDateTime>>,
}

/// The demo school lives in its own database, so the real one is never touched.
pub const DEMO_DB: &str = "readby7-demo";
const DEMO_FLAG: &str = "readby7.demo";
// Seed 1 gives a gap close to the national one (about 15 points school-wide, 17 in Year 1).
const DEMO_SEED: u64 = 1;

fn demo_flag() -> bool {
    use gloo_storage::{SessionStorage, Storage};
    SessionStorage::get::<bool>(DEMO_FLAG).unwrap_or(false)
}

fn set_demo_flag(on: bool) {
    use gloo_storage::{SessionStorage, Storage};
    // Per tab: a new tab always opens the real data.
    let _ = SessionStorage::set(DEMO_FLAG, on);
}

/// Opens the demo database and fills it with the fictional school the first time.
async fn open_demo() -> Result<Db, StorageError> {
    let db = storage::open_with(DEMO_DB, storage::SCHEMA).await?;
    db.seed_if_empty(|| {
        let school = crate::domain::analytics::demo_school(DEMO_SEED);
        (school.classes, school.pupils, school.sessions)
    })
    .await?;
    Ok(db)
}

/// The UI's side of storage's change notifications.
#[derive(Clone, Copy)]
pub struct StoreTriggers {
    classes: Trigger,
    pupils: Trigger,
    sessions: Trigger,
    audio: Trigger,
}

impl StoreTriggers {
    fn new() -> Self {
        StoreTriggers {
            classes: Trigger::new(),
            pupils: Trigger::new(),
            sessions: Trigger::new(),
            audio: Trigger::new(),
        }
    }

    fn of(&self, store: Store) -> Trigger {
        match store {
            Store::Classes => self.classes,
            Store::Pupils => self.pupils,
            Store::Sessions => self.sessions,
            Store::Audio => self.audio,
        }
    }

    /// Makes the current reactive scope re-run after a write to any of `stores`.
    pub fn track(&self, stores: &[Store]) {
        for store in stores {
            self.of(*store).track();
        }
    }

    fn notify(&self, stores: &[Store]) {
        for store in stores {
            self.of(*store).notify();
        }
    }
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
            changes: StoreTriggers::new(),
            demo: RwSignal::new(demo_flag()),
            last_backup: RwSignal::new(storage::prefs::last_backup()),
        }
    }

    /// Starts the work that must wait for the executor: opening the database and asking the
    /// browser to keep our data.
    pub fn start(self) {
        if self.demo.get_untracked() {
            self.switch_to(true);
        } else {
            self.open_real();
        }
        spawn_local(async move {
            self.persistence
                .set(Some(storage::device::request_persistence().await));
        });
        super::pwa::register(self.update);
    }

    /// Switches between the real data and the demo school. Neither database is changed by
    /// the switch itself.
    pub fn switch_to(self, demo: bool) {
        if let DbState::Ready(db) = self.db.get_untracked() {
            db.close();
        }
        self.db.set(DbState::Opening);
        self.demo.set(demo);
        set_demo_flag(demo);
        if demo {
            spawn_local(async move {
                let state = match open_demo().await {
                    Ok(db) => self.ready(db),
                    Err(e) => DbState::Failed(e),
                };
                self.db.set(state);
            });
        } else {
            self.open_real();
        }
    }

    fn open_real(self) {
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
                    self.ready(db)
                }
                Err(e) => DbState::Failed(e),
            };
            self.db.set(state);
        });
    }

    /// Routes the database's change notifications to the views (setting `db` itself refreshes
    /// every view that reads it).
    fn ready(self, db: Db) -> DbState {
        let changes = self.changes;
        db.on_change(move |stores| changes.notify(stores));
        DbState::Ready(db)
    }

    /// Saves settings edited on this device (a school-wide change is restamped, so school sync
    /// hands it to the other devices) and shows them everywhere.
    pub fn save_settings(&self, settings: Settings) -> Result<(), StorageError> {
        let device = match self.db.get_untracked() {
            DbState::Ready(db) => db.device_id(),
            // No database, no sync: the stamp only needs to be new.
            _ => crate::domain::ids::DeviceId::random(),
        };
        storage::settings::save(&settings, super::data::now(), device)?;
        self.settings.set(settings);
        Ok(())
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
