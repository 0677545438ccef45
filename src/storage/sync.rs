//! School sync's side of the database: the snapshot a round starts from, and each write the
//! replicator asks for, in one transaction with the records it touches (records, document
//! states and the pull checkpoint together, so an interrupted round leaves all or none).
//!
//! The school-wide settings live in local storage with the rest of the settings: the caller
//! passes this device's school record in, and writes a settled one back after the commit.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::backup::{clip_to_js, ClipBytes};
use super::db::AUDIO;
use super::records::{from_js, to_js, Record};
use super::{Db, StorageError, Store};
use crate::domain::ids::SessionId;
use crate::domain::model::{CheckSession, Class, Pupil};
use crate::domain::records::AudioClip;
use crate::domain::sync::{
    settle, DeviceSeen, DocState, LocalDelete, LocalSnapshot, LocalWrite, SchoolSettings,
    Store as SyncStore, SyncKeys, SyncRecord,
};

/// One [`DocState`] per server document this device knows, keyed by `doc_id`.
pub(crate) const SYNC_STATE: &str = "sync_state";
/// The pull checkpoint and the devices seen, keyed by `key`.
pub(crate) const SYNC_LOCAL: &str = "sync_local";
const PULL_CHECKPOINT: &str = "pull_checkpoint";
const DEVICE_PREFIX: &str = "device:";

#[derive(Serialize, Deserialize)]
struct Entry<T> {
    key: String,
    value: T,
}

/// What a sync write changed, for the caller to finish outside the transaction.
#[derive(Debug, Default)]
pub struct SyncApplied {
    /// The school's settings as settled, when they differ from this device's: save them.
    pub school: Option<SchoolSettings>,
    /// The stores whose records changed (views reading them refresh).
    pub changed: Vec<Store>,
}

fn record_store(store: SyncStore) -> Option<(&'static str, Store)> {
    match store {
        SyncStore::Classes => Some((Class::STORE, Store::Classes)),
        SyncStore::Pupils => Some((Pupil::STORE, Store::Pupils)),
        SyncStore::Sessions => Some((CheckSession::STORE, Store::Sessions)),
        SyncStore::Audio => Some((AUDIO, Store::Audio)),
        SyncStore::School | SyncStore::Devices => None,
    }
}

/// A stored class, pupil or session read back as the synced record it is.
fn stored_record(store: SyncStore, value: JsValue) -> Result<Option<SyncRecord>, StorageError> {
    Ok(match store {
        SyncStore::Classes => Some(SyncRecord::Classes(from_js(Class::STORE, value)?)),
        SyncStore::Pupils => Some(SyncRecord::Pupils(from_js(Pupil::STORE, value)?)),
        SyncStore::Sessions => Some(SyncRecord::Sessions(from_js(CheckSession::STORE, value)?)),
        _ => None,
    })
}

fn record_value(record: &SyncRecord) -> Result<JsValue, StorageError> {
    match record {
        SyncRecord::Classes(c) => to_js(c),
        SyncRecord::Pupils(p) => to_js(p),
        SyncRecord::Sessions(s) => to_js(s),
        SyncRecord::Audio(a) => {
            let bytes = a.bytes().ok_or_else(|| StorageError::Corrupt {
                store: AUDIO.into(),
                reason: "a synced recording is not readable".into(),
            })?;
            clip_to_js(&ClipBytes {
                id: a.id.clone(),
                session_id: a.session_id.to_string(),
                mime_type: a.mime_type.clone(),
                recorded_at: a.recorded_at,
                bytes,
            })
        }
        SyncRecord::School(s) => to_js(s),
        SyncRecord::Devices(d) => to_js(d),
    }
}

impl Db {
    /// Everything a round starts from, read in one transaction (recordings first, outside it,
    /// when they sync: reading a Blob is not an IndexedDB request).
    pub async fn sync_snapshot(
        &self,
        school: SchoolSettings,
        recordings: bool,
    ) -> Result<LocalSnapshot, StorageError> {
        let clips = if recordings {
            self.all_clip_bytes().await?
        } else {
            Vec::new()
        };
        let tx = self.read(&[
            Class::STORE,
            Pupil::STORE,
            CheckSession::STORE,
            SYNC_STATE,
            SYNC_LOCAL,
        ])?;
        let mut records = Vec::new();
        for store in [SyncStore::Classes, SyncStore::Pupils, SyncStore::Sessions] {
            let Some((name, _)) = record_store(store) else {
                continue;
            };
            for value in tx.store(name)?.get_all(None, None).await? {
                records.extend(stored_record(store, value)?);
            }
        }
        for clip in clips {
            let Some(session_id) = SessionId::parse(&clip.session_id) else {
                continue;
            };
            records.push(SyncRecord::Audio(AudioClip::from_bytes(
                clip.id,
                session_id,
                clip.mime_type,
                clip.recorded_at,
                &clip.bytes,
            )));
        }
        records.push(SyncRecord::School(school));
        let states = tx
            .store(SYNC_STATE)?
            .get_all(None, None)
            .await?
            .into_iter()
            .map(|v| from_js::<DocState>(SYNC_STATE, v))
            .collect::<Result<Vec<_>, _>>()?;
        let mut pull_checkpoint = None;
        for value in tx.store(SYNC_LOCAL)?.get_all(None, None).await? {
            let entry: Entry<serde_json::Value> = from_js(SYNC_LOCAL, value)?;
            let corrupt = |e: serde_json::Error| StorageError::Corrupt {
                store: SYNC_LOCAL.into(),
                reason: e.to_string(),
            };
            if entry.key == PULL_CHECKPOINT {
                pull_checkpoint = Some(serde_json::from_value(entry.value).map_err(corrupt)?);
            } else if entry.key.starts_with(DEVICE_PREFIX) {
                records.push(SyncRecord::Devices(
                    serde_json::from_value(entry.value).map_err(corrupt)?,
                ));
            }
        }
        Ok(LocalSnapshot {
            records,
            states,
            pull_checkpoint,
        })
    }

    /// Applies one [`LocalWrite`] in one transaction. Each put is settled against the record
    /// stored now ([`settle`]: a tap made since the snapshot is merged in, never lost); a
    /// deletion skips a record changed since, unless it is an erasure.
    pub async fn apply_sync_write(
        &self,
        keys: &SyncKeys,
        write: &LocalWrite,
        school_now: &SchoolSettings,
    ) -> Result<SyncApplied, StorageError> {
        let states = write
            .states
            .iter()
            .map(to_js)
            .collect::<Result<Vec<_>, _>>()?;
        let checkpoint = write
            .pull_checkpoint
            .as_ref()
            .map(|cp| {
                to_js(&Entry {
                    key: PULL_CHECKPOINT.into(),
                    value: cp,
                })
            })
            .transpose()?;
        let tx = self.write(&[
            Class::STORE,
            Pupil::STORE,
            CheckSession::STORE,
            AUDIO,
            SYNC_STATE,
            SYNC_LOCAL,
        ])?;
        let mut changed = BTreeSet::new();
        let mut school = None;
        for put in &write.puts {
            let key = put.record.key();
            match (&put.record, record_store(key.store)) {
                (SyncRecord::Audio(_), Some((name, kind))) => {
                    // A recording never changes once made: one already here stays as it is.
                    let store = tx.store(name)?;
                    if store.get(JsValue::from_str(&key.id)).await?.is_none() {
                        store.put(&record_value(&put.record)?, None).await?;
                        changed.insert(kind);
                    }
                }
                (_, Some((name, kind))) => {
                    let store = tx.store(name)?;
                    let stored = match store.get(JsValue::from_str(&key.id)).await? {
                        Some(v) => stored_record(key.store, v)?,
                        None => None,
                    };
                    let settled = settle(keys, stored.as_ref(), put);
                    if stored.as_ref() != Some(&settled) {
                        store.put(&record_value(&settled)?, None).await?;
                        changed.insert(kind);
                    }
                }
                (SyncRecord::School(_), None) => {
                    let mine = SyncRecord::School(school_now.clone());
                    if let SyncRecord::School(s) = settle(keys, Some(&mine), put) {
                        if &s != school_now {
                            school = Some(s);
                        }
                    }
                }
                (SyncRecord::Devices(d), None) => {
                    let entry = to_js(&Entry {
                        key: format!("{DEVICE_PREFIX}{}", d.device_id),
                        value: d,
                    })?;
                    tx.store(SYNC_LOCAL)?.put(&entry, None).await?;
                }
                _ => {}
            }
        }
        for delete in &write.deletes {
            if let Some(kind) = self.apply_sync_delete(&tx, keys, delete).await? {
                changed.insert(kind);
            }
        }
        let state_store = tx.store(SYNC_STATE)?;
        for state in states {
            state_store.put(&state, None).await?;
        }
        if let Some(cp) = checkpoint {
            tx.store(SYNC_LOCAL)?.put(&cp, None).await?;
        }
        let changed: Vec<Store> = changed.into_iter().collect();
        self.commit_writing(tx, &changed).await?;
        Ok(SyncApplied { school, changed })
    }

    async fn apply_sync_delete(
        &self,
        tx: &rexie::Transaction,
        keys: &SyncKeys,
        delete: &LocalDelete,
    ) -> Result<Option<Store>, StorageError> {
        let key = &delete.key;
        let Some((name, kind)) = record_store(key.store) else {
            if key.store == SyncStore::Devices {
                let id = JsValue::from_str(&format!("{DEVICE_PREFIX}{}", key.id));
                tx.store(SYNC_LOCAL)?.delete(id).await?;
            }
            return Ok(None);
        };
        let store = tx.store(name)?;
        let Some(value) = store.get(JsValue::from_str(&key.id)).await? else {
            return Ok(None);
        };
        // Recordings cannot change, so only erasures and sessions/pupils/classes are compared.
        let unchanged = key.store == SyncStore::Audio
            || stored_record(key.store, value)?.map(|r| r.digest(keys)) == delete.replaces;
        if delete.erased || unchanged {
            store.delete(JsValue::from_str(&key.id)).await?;
            return Ok(Some(kind));
        }
        Ok(None)
    }

    /// The devices of the school seen by the last round, newest first.
    pub async fn devices_seen(&self) -> Result<Vec<DeviceSeen>, StorageError> {
        let tx = self.read(&[SYNC_LOCAL])?;
        let mut devices = Vec::new();
        for value in tx.store(SYNC_LOCAL)?.get_all(None, None).await? {
            let entry: Entry<serde_json::Value> = from_js(SYNC_LOCAL, value)?;
            if entry.key.starts_with(DEVICE_PREFIX) {
                if let Ok(d) = serde_json::from_value::<DeviceSeen>(entry.value) {
                    devices.push(d);
                }
            }
        }
        devices.sort_by_key(|d| std::cmp::Reverse(d.synced_at));
        Ok(devices)
    }

    /// Forgets everything sync knew (leaving school sync): the records themselves stay.
    pub async fn forget_sync(&self) -> Result<(), StorageError> {
        let tx = self.write(&[SYNC_STATE, SYNC_LOCAL])?;
        tx.store(SYNC_STATE)?.clear().await?;
        tx.store(SYNC_LOCAL)?.clear().await?;
        Db::commit(tx).await
    }
}
