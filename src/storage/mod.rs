//! Everything the app keeps: IndexedDB through rexie for records, local storage (gloo) for
//! settings. Reads and writes domain types; holds no rules of its own.

mod audio;
mod backup;
mod changes;
mod db;
pub mod device;
mod error;
pub mod lock;
pub mod prefs;
mod records;
mod school;
pub mod settings;
mod sync;
pub mod sync_setup;

pub use audio::Clip;
pub use backup::{ClipBytes, WriteMode};
pub use changes::Store;
pub use db::{
    open, open_with, Db, IndexDef, MetaInfo, RecordMigration, SchemaStep, StoreDef, DB_NAME, SCHEMA,
};
pub use error::StorageError;
pub use records::Record;
pub use sync::SyncApplied;
