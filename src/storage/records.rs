//! Typed reads and writes: each record type names its store and key, and every write is one
//! transaction that either commits or changes nothing.

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

use super::{Db, StorageError, Store};
use crate::domain::model::{CheckSession, Class, Pupil};

pub trait Record: Serialize + DeserializeOwned {
    const KIND: Store;
    const STORE: &'static str;
    fn key(&self) -> String;
}

impl Record for Class {
    const KIND: Store = Store::Classes;
    const STORE: &'static str = "classes";
    fn key(&self) -> String {
        self.id.to_string()
    }
}

impl Record for Pupil {
    const KIND: Store = Store::Pupils;
    const STORE: &'static str = "pupils";
    fn key(&self) -> String {
        self.id.to_string()
    }
}

impl Record for CheckSession {
    const KIND: Store = Store::Sessions;
    const STORE: &'static str = "sessions";
    fn key(&self) -> String {
        self.id.to_string()
    }
}

/// Plain JS objects (not Maps), so records read back the same from any browser tool or export.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StorageError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| StorageError::Other(format!("could not prepare a record for saving: {e}")))
}

pub(crate) fn from_js<T: DeserializeOwned>(store: &str, value: JsValue) -> Result<T, StorageError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| StorageError::Corrupt {
        store: store.to_string(),
        reason: e.to_string(),
    })
}

impl Db {
    pub async fn put<R: Record>(&self, record: &R) -> Result<(), StorageError> {
        self.put_all(std::slice::from_ref(record)).await
    }

    /// All or nothing: an import of thirty pupils never leaves fifteen behind.
    pub async fn put_all<R: Record>(&self, records: &[R]) -> Result<(), StorageError> {
        let values = records.iter().map(to_js).collect::<Result<Vec<_>, _>>()?;
        let tx = self.write(&[R::STORE])?;
        let store = tx.store(R::STORE)?;
        store.put_all(values.into_iter().map(|v| (v, None))).await?;
        self.commit_writing(tx, &[R::KIND]).await
    }

    /// Saves a check session merged with the copy stored now, in one transaction (get, merge,
    /// put; nothing but IndexedDB requests awaited inside): two tabs marking one check each
    /// keep both marks (`CheckSession::merge`, the rule backups and school sync use).
    /// Returns what was stored, for the caller to show.
    pub async fn put_session_merged(
        &self,
        session: &CheckSession,
    ) -> Result<CheckSession, StorageError> {
        let tx = self.write(&[CheckSession::STORE])?;
        let store = tx.store(CheckSession::STORE)?;
        let stored = store
            .get(JsValue::from_str(&session.key()))
            .await?
            .map(|v| from_js::<CheckSession>(CheckSession::STORE, v))
            .transpose()?;
        let merged = match stored {
            Some(stored) => stored.merge(session),
            None => session.clone(),
        };
        store.put(&to_js(&merged)?, None).await?;
        self.commit_writing(tx, &[Store::Sessions]).await?;
        Ok(merged)
    }

    pub async fn get<R: Record>(&self, key: &str) -> Result<Option<R>, StorageError> {
        let tx = self.read(&[R::STORE])?;
        let value = tx.store(R::STORE)?.get(JsValue::from_str(key)).await?;
        value.map(|v| from_js(R::STORE, v)).transpose()
    }

    pub async fn all<R: Record>(&self) -> Result<Vec<R>, StorageError> {
        let tx = self.read(&[R::STORE])?;
        let values = tx.store(R::STORE)?.get_all(None, None).await?;
        values.into_iter().map(|v| from_js(R::STORE, v)).collect()
    }

    pub async fn delete<R: Record>(&self, key: &str) -> Result<(), StorageError> {
        let tx = self.write(&[R::STORE])?;
        tx.store(R::STORE)?.delete(JsValue::from_str(key)).await?;
        self.commit_writing(tx, &[R::KIND]).await
    }

    pub async fn count(&self, store: &str) -> Result<u32, StorageError> {
        let tx = self.read(&[store])?;
        Ok(tx.store(store)?.count(None).await?)
    }
}
