//! School sync (docs to come).
pub mod crypto;
pub mod doc;
pub mod error;
pub mod join;
pub mod protocol;
pub mod replicator;
pub mod resolve;
pub mod rev;

#[cfg(test)]
mod fake_couch;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod props;
#[cfg(test)]
mod tests;

pub use crypto::{Digest, Envelope, SchoolKey, SyncKeys, KEY_CHECK_ID};
pub use doc::{
    DeviceSeen, DocState, RecordKey, SchoolSettings, Store, SyncRecord, SCHOOL_SETTINGS_ID,
};
pub use error::{retry_after_seconds, SyncError};
pub use join::{JoinError, JoinSettings};
pub use protocol::Checkpoint;
pub use replicator::{
    settle, waiting, Action, HttpRequest, HttpResponse, LocalDelete, LocalPut, LocalSnapshot,
    LocalWrite, Method, NoAnswer, Replicator, SyncConfig, SyncReport,
};
