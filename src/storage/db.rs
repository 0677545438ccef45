//! Opening the database: the declared stores, the stored schema version, and the data
//! migrations that bring older records up to date.

use std::rc::Rc;

use rexie::{Index, ObjectStore, Rexie, Transaction, TransactionMode, TransactionResult};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::changes::{ChangeHub, Store};
use super::records::{from_js, to_js};
use super::StorageError;
use crate::domain::ids::DeviceId;
use crate::domain::schema::{self, SchemaPlan};

pub const DB_NAME: &str = "readby7";
const META: &str = "meta";
pub(crate) const AUDIO: &str = "audio";
const SCHEMA_VERSION_KEY: &str = "schema_version";
const DEVICE_ID_KEY: &str = "device_id";

#[derive(Clone, Copy)]
pub struct IndexDef {
    pub name: &'static str,
    pub key_path: &'static str,
}

/// One object store. A schema step that changes a store (say, adds an index) restates it in full.
#[derive(Clone, Copy)]
pub struct StoreDef {
    pub name: &'static str,
    pub key_path: &'static str,
    pub indexes: &'static [IndexDef],
}

/// Converts one stored record (as JSON) to the next version's shape; it must keep the key.
#[derive(Clone, Copy)]
pub struct RecordMigration {
    pub store: &'static str,
    pub convert: fn(serde_json::Value) -> Result<serde_json::Value, String>,
}

/// What a schema version adds. Stores are never removed: rexie deletes any store the
/// declared schema lacks, so dropping one from this list would delete its data.
#[derive(Clone, Copy)]
pub struct SchemaStep {
    pub version: u32,
    pub stores: &'static [StoreDef],
    pub migrations: &'static [RecordMigration],
}

/// The app's schema, oldest step first.
pub const SCHEMA: &[SchemaStep] = &[
    SchemaStep {
        version: 1,
        stores: &[
            StoreDef {
                name: META,
                key_path: "key",
                indexes: &[],
            },
            StoreDef {
                name: "classes",
                key_path: "id",
                indexes: &[],
            },
            StoreDef {
                name: "pupils",
                key_path: "id",
                indexes: &[IndexDef {
                    name: "class_id",
                    key_path: "class_id",
                }],
            },
            StoreDef {
                name: "sessions",
                key_path: "id",
                indexes: &[IndexDef {
                    name: "pupil_id",
                    key_path: "pupil_id",
                }],
            },
        ],
        migrations: &[],
    },
    // 2: audio clips of fluency readings, kept apart from sessions so a session stays small
    // and a clip can be deleted on its own (a new store: nothing to convert).
    SchemaStep {
        version: 2,
        stores: &[StoreDef {
            name: AUDIO,
            key_path: "id",
            indexes: &[IndexDef {
                name: "session_id",
                key_path: "session_id",
            }],
        }],
        migrations: &[],
    },
    // 3: school sync. What this device knows of each server document (its revision and the
    // digest it was synced at), and the pull checkpoint and devices seen. New stores only.
    SchemaStep {
        version: 3,
        stores: &[
            StoreDef {
                name: super::sync::SYNC_STATE,
                key_path: "doc_id",
                indexes: &[],
            },
            StoreDef {
                name: super::sync::SYNC_LOCAL,
                key_path: "key",
                indexes: &[],
            },
        ],
        migrations: &[],
    },
];

#[derive(Serialize, Deserialize)]
struct MetaRecord<T> {
    key: String,
    value: T,
}

/// Facts about this database that the Settings page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetaInfo {
    pub schema_version: u32,
    pub device_id: DeviceId,
}

/// An open database. Cheap to clone; every clone shares one connection.
#[derive(Clone)]
pub struct Db {
    rexie: Rc<Rexie>,
    meta: MetaInfo,
    changes: Rc<ChangeHub>,
}

pub async fn open() -> Result<Db, StorageError> {
    open_with(DB_NAME, SCHEMA).await
}

/// Opens `name` with the given schema steps, then runs the data migrations it still needs.
pub async fn open_with(name: &str, steps: &[SchemaStep]) -> Result<Db, StorageError> {
    let current = steps
        .last()
        .map(|s| s.version)
        .ok_or_else(|| StorageError::Other("no schema declared".into()))?;
    let mut builder = Rexie::builder(name).version(current);
    for def in latest_store_defs(steps) {
        let mut store = ObjectStore::new(def.name).key_path(def.key_path);
        for index in def.indexes {
            store = store.add_index(Index::new(index.name, index.key_path));
        }
        builder = builder.add_object_store(store);
    }
    let rexie = builder.build().await.map_err(|e| match e {
        rexie::Error::IdbError(idb::Error::IndexedDbNotFound(_)) => {
            StorageError::Unavailable("IndexedDB is not available".into())
        }
        other => StorageError::from(other),
    })?;
    match prepare(&rexie, steps, current).await {
        Ok(meta) => Ok(Db {
            rexie: Rc::new(rexie),
            meta,
            changes: ChangeHub::new(name),
        }),
        Err(e) => {
            // Close now so a retry or a newer release can upgrade without waiting for this one.
            rexie.close();
            Err(e)
        }
    }
}

/// Brings the stored data to `current` and makes sure the device has an id.
async fn prepare(
    rexie: &Rexie,
    steps: &[SchemaStep],
    current: u32,
) -> Result<MetaInfo, StorageError> {
    let stored: Option<u32> = read_meta(rexie, SCHEMA_VERSION_KEY).await?;
    match schema::plan(stored, current)? {
        SchemaPlan::Fresh => write_meta(rexie, SCHEMA_VERSION_KEY, &current).await?,
        SchemaPlan::UpToDate => {}
        SchemaPlan::Migrate(versions) => {
            for version in versions {
                let step = steps.iter().find(|s| s.version == version).ok_or_else(|| {
                    StorageError::Other(format!("schema step {version} is not declared"))
                })?;
                run_step(rexie, step).await?;
            }
        }
    }

    let device_id = match read_meta::<DeviceId>(rexie, DEVICE_ID_KEY).await? {
        Some(id) => id,
        None => {
            let id = DeviceId::random();
            write_meta(rexie, DEVICE_ID_KEY, &id).await?;
            id
        }
    };
    Ok(MetaInfo {
        schema_version: current,
        device_id,
    })
}

/// The newest declaration of each store, in first-declared order.
fn latest_store_defs(steps: &[SchemaStep]) -> Vec<&StoreDef> {
    let mut defs: Vec<&StoreDef> = Vec::new();
    for def in steps.iter().flat_map(|s| s.stores) {
        match defs.iter_mut().find(|d| d.name == def.name) {
            Some(slot) => *slot = def,
            None => defs.push(def),
        }
    }
    defs
}

async fn read_meta<T: serde::de::DeserializeOwned>(
    rexie: &Rexie,
    key: &str,
) -> Result<Option<T>, StorageError> {
    let tx = rexie.transaction(&[META], TransactionMode::ReadOnly)?;
    let value = tx.store(META)?.get(JsValue::from_str(key)).await?;
    value
        .map(|v| from_js::<MetaRecord<T>>(META, v).map(|r| r.value))
        .transpose()
}

async fn write_meta<T: Serialize>(rexie: &Rexie, key: &str, value: &T) -> Result<(), StorageError> {
    let record = to_js(&MetaRecord {
        key: key.to_string(),
        value,
    })?;
    let tx = rexie.transaction(&[META], TransactionMode::ReadWrite)?;
    tx.store(META)?.put(&record, None).await?;
    Db::commit(tx).await
}

/// Converts every record the step names and records the new version, in one transaction:
/// a record that fails to convert leaves the whole database as it was.
async fn run_step(rexie: &Rexie, step: &SchemaStep) -> Result<(), StorageError> {
    let mut stores = vec![META];
    stores.extend(step.migrations.iter().map(|m| m.store));
    let version_record = to_js(&MetaRecord {
        key: SCHEMA_VERSION_KEY.to_string(),
        value: step.version,
    })?;
    let tx = rexie.transaction(&stores, TransactionMode::ReadWrite)?;
    match convert_records(&tx, step, version_record).await {
        Ok(()) => Db::commit(tx).await,
        Err(e) => {
            // The abort itself may fail if a request error already aborted the transaction.
            let _ = tx.abort().await;
            Err(e)
        }
    }
}

async fn convert_records(
    tx: &Transaction,
    step: &SchemaStep,
    version_record: JsValue,
) -> Result<(), StorageError> {
    for migration in step.migrations {
        let store = tx.store(migration.store)?;
        let fail = |reason: String| StorageError::Migration {
            version: step.version,
            store: migration.store.to_string(),
            reason,
        };
        let mut converted = Vec::new();
        for value in store.get_all(None, None).await? {
            let json: serde_json::Value =
                serde_wasm_bindgen::from_value(value).map_err(|e| fail(e.to_string()))?;
            let new = (migration.convert)(json).map_err(fail)?;
            converted.push((to_js(&new)?, None));
        }
        store.put_all(converted.into_iter()).await?;
    }
    tx.store(META)?.put(&version_record, None).await?;
    Ok(())
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

impl Db {
    pub fn meta(&self) -> MetaInfo {
        self.meta
    }

    pub fn device_id(&self) -> DeviceId {
        self.meta.device_id
    }

    pub(crate) fn read(&self, stores: &[&str]) -> Result<Transaction, StorageError> {
        Ok(self.rexie.transaction(stores, TransactionMode::ReadOnly)?)
    }

    pub(crate) fn write(&self, stores: &[&str]) -> Result<Transaction, StorageError> {
        Ok(self.rexie.transaction(stores, TransactionMode::ReadWrite)?)
    }

    pub(crate) async fn commit(tx: Transaction) -> Result<(), StorageError> {
        match tx.done().await? {
            TransactionResult::Committed => Ok(()),
            TransactionResult::Aborted => Err(StorageError::Other(
                "the browser cancelled the change; nothing was saved".into(),
            )),
        }
    }

    /// Calls `listener` with the stores each later write changed, once it has committed (in
    /// this tab or another tab of the same database).
    pub fn on_change(&self, listener: impl Fn(&[Store]) + 'static) {
        self.changes.subscribe(Rc::new(listener));
    }

    /// Commits `tx`, then tells every listener which stores it wrote.
    pub(crate) async fn commit_writing(
        &self,
        tx: Transaction,
        stores: &[Store],
    ) -> Result<(), StorageError> {
        Db::commit(tx).await?;
        self.changes.announce(stores);
        Ok(())
    }

    /// Closes the connection if this is the last clone (tests reopen the same database), and
    /// stops telling listeners about changes.
    pub fn close(self) {
        self.changes.close();
        if let Ok(rexie) = Rc::try_unwrap(self.rexie) {
            rexie.close();
        }
    }

    pub async fn delete_database(name: &str) -> Result<(), StorageError> {
        Ok(Rexie::delete(name).await?)
    }
}
