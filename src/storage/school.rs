//! Writes that span stores: an import (classes and pupils together) and erasing a pupil with
//! every result they have. Each is one transaction: it all happens, or none of it does.

use rexie::KeyRange;
use wasm_bindgen::JsValue;

use super::db::AUDIO;
use super::records::{from_js, to_js, Record};
use super::{Db, StorageError, Store};
use crate::domain::ids::{ClassId, PupilId, SessionId};
use crate::domain::model::{CheckSession, Class, Pupil};

const SESSIONS_BY_PUPIL: &str = "pupil_id";
const PUPILS_BY_CLASS: &str = "class_id";

fn only(key: String) -> Result<KeyRange, StorageError> {
    Ok(KeyRange::only(&JsValue::from_str(&key)).map_err(rexie::Error::from)?)
}

impl Db {
    /// Writes an import's new classes and pupils in one transaction.
    pub async fn write_import(
        &self,
        classes: &[Class],
        pupils: &[Pupil],
    ) -> Result<(), StorageError> {
        let class_values = classes.iter().map(to_js).collect::<Result<Vec<_>, _>>()?;
        let pupil_values = pupils.iter().map(to_js).collect::<Result<Vec<_>, _>>()?;
        let tx = self.write(&[Class::STORE, Pupil::STORE])?;
        tx.store(Class::STORE)?
            .put_all(class_values.into_iter().map(|v| (v, None)))
            .await?;
        tx.store(Pupil::STORE)?
            .put_all(pupil_values.into_iter().map(|v| (v, None)))
            .await?;
        self.commit_writing(tx, &[Store::Classes, Store::Pupils])
            .await
    }

    pub async fn pupils_in_class(&self, class_id: ClassId) -> Result<Vec<Pupil>, StorageError> {
        let tx = self.read(&[Pupil::STORE])?;
        let values = tx
            .store(Pupil::STORE)?
            .index(PUPILS_BY_CLASS)?
            .get_all(Some(only(class_id.to_string())?), None)
            .await?;
        values
            .into_iter()
            .map(|v| from_js(Pupil::STORE, v))
            .collect()
    }

    pub async fn sessions_for_pupil(
        &self,
        pupil_id: PupilId,
    ) -> Result<Vec<CheckSession>, StorageError> {
        let tx = self.read(&[CheckSession::STORE])?;
        let values = tx
            .store(CheckSession::STORE)?
            .index(SESSIONS_BY_PUPIL)?
            .get_all(Some(only(pupil_id.to_string())?), None)
            .await?;
        values
            .into_iter()
            .map(|v| from_js(CheckSession::STORE, v))
            .collect()
    }

    /// A pupil and every session of theirs: what a pupil's pages show. `None` if the pupil is
    /// not on this device.
    pub async fn pupil_with_sessions(
        &self,
        pupil_id: PupilId,
    ) -> Result<Option<(Pupil, Vec<CheckSession>)>, StorageError> {
        let Some(pupil) = self.get::<Pupil>(&pupil_id.to_string()).await? else {
            return Ok(None);
        };
        Ok(Some((pupil, self.sessions_for_pupil(pupil_id).await?)))
    }

    /// A session and its pupil: what a check or result page shows. `None` if either is missing.
    pub async fn session_with_pupil(
        &self,
        session_id: SessionId,
    ) -> Result<Option<(CheckSession, Pupil)>, StorageError> {
        let Some(session) = self.get::<CheckSession>(&session_id.to_string()).await? else {
            return Ok(None);
        };
        let pupil = self.get::<Pupil>(&session.pupil_id.to_string()).await?;
        Ok(pupil.map(|p| (session, p)))
    }

    /// Erases a pupil, every check session of theirs and every recording (a parent's erasure request).
    /// Returns how many sessions were deleted.
    pub async fn delete_pupil_and_results(&self, pupil_id: PupilId) -> Result<usize, StorageError> {
        let tx = self.write(&[Pupil::STORE, CheckSession::STORE, AUDIO])?;
        let sessions = tx.store(CheckSession::STORE)?;
        let audio = tx.store(AUDIO)?;
        let keys = sessions
            .index(SESSIONS_BY_PUPIL)?
            .get_all_keys(Some(only(pupil_id.to_string())?), None)
            .await?;
        for key in &keys {
            for clip in Db::clip_keys_for(&audio, key).await? {
                audio.delete(clip).await?;
            }
            sessions.delete(key.clone()).await?;
        }
        tx.store(Pupil::STORE)?
            .delete(JsValue::from_str(&pupil_id.to_string()))
            .await?;
        self.commit_writing(tx, &[Store::Pupils, Store::Sessions, Store::Audio])
            .await?;
        Ok(keys.len())
    }
}
