//! School sync in the browser: the shell around `domain::sync`'s replicator. It sends the
//! replicator's requests (`http`), applies its writes through storage, decides when a round
//! runs (`engine`), and shows where sync stands (`status`) and how to set it up (`panel`).

mod engine;
mod http;
mod panel;
mod status;

use leptos::prelude::*;
use time::OffsetDateTime;

use crate::domain::sync::{DeviceSeen, JoinError, SyncError, SyncReport, SyncSetup};
use crate::storage::StorageError;

pub use engine::start;
pub use panel::SchoolSyncCard;
pub use status::{OverdueNotice, SyncStatusLink};

/// Why a round did not finish, for the status.
#[derive(Clone, Debug, PartialEq)]
pub enum RoundError {
    Sync(SyncError),
    /// The stored set-up no longer reads (it was edited by hand or made by a newer version).
    Setup(JoinError),
    Storage(StorageError),
}

impl std::fmt::Display for RoundError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RoundError::Sync(e) => e.fmt(f),
            RoundError::Setup(e) => write!(f, "This device's sync settings do not read: {e}"),
            RoundError::Storage(e) => write!(
                f,
                "Sync could not read or save on this device: {e}. Nothing was half-saved; sync will try again."
            ),
        }
    }
}

impl RoundError {
    fn retries(&self) -> bool {
        match self {
            RoundError::Sync(e) => e.retries(),
            RoundError::Setup(_) => false,
            RoundError::Storage(_) => true,
        }
    }
}

impl From<StorageError> for RoundError {
    fn from(e: StorageError) -> Self {
        RoundError::Storage(e)
    }
}

/// Where sync stands on this device, shared through context.
#[derive(Clone, Copy)]
pub struct SyncHandle {
    /// The set-up this device joined with (`None`: it does not sync).
    pub setup: RwSignal<Option<SyncSetup>>,
    /// A problem reading the stored set-up, shown in Settings.
    pub setup_problem: RwSignal<Option<String>>,
    pub running: RwSignal<bool>,
    /// The last round's error, until a round finishes.
    pub error: RwSignal<Option<RoundError>>,
    /// Changes waiting to be sent, as counted at the start of the last round.
    pub waiting: RwSignal<Option<usize>>,
    pub last_report: RwSignal<Option<SyncReport>>,
    pub devices: RwSignal<Vec<DeviceSeen>>,
    /// The time, refreshed every half minute, so "5 minutes ago" moves on.
    pub now: RwSignal<OffsetDateTime>,
}

impl SyncHandle {
    fn new() -> SyncHandle {
        let (setup, problem) = match crate::storage::sync_setup::load() {
            Ok(s) => (s, None),
            Err(e) => (None, Some(e.to_string())),
        };
        SyncHandle {
            setup: RwSignal::new(setup),
            setup_problem: RwSignal::new(problem),
            running: RwSignal::new(false),
            error: RwSignal::new(None),
            waiting: RwSignal::new(None),
            last_report: RwSignal::new(None),
            devices: RwSignal::new(Vec::new()),
            now: RwSignal::new(crate::ui::data::now()),
        }
    }
}

pub fn use_sync() -> SyncHandle {
    expect_context::<SyncHandle>()
}
