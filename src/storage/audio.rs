//! Audio clips of fluency readings: a Blob per clip in the `audio` store, referenced from its
//! session. Kept only on the device, deleted with the pupil, and swept after the retention
//! period set in Settings.

use rexie::KeyRange;
use time::OffsetDateTime;
use wasm_bindgen::{JsCast, JsValue};

use super::db::AUDIO;
use super::records::{from_js, to_js, Record};
use super::{Db, StorageError, Store};
use crate::domain::fluency::AudioRef;
use crate::domain::ids::SessionId;
use crate::domain::model::CheckSession;

/// A stored clip: the Blob and what the app needs to know about it.
pub struct Clip {
    pub id: String,
    pub session_id: SessionId,
    pub mime_type: String,
    pub recorded_at: OffsetDateTime,
    pub blob: web_sys::Blob,
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), StorageError> {
    js_sys::Reflect::set(object, &key.into(), value)
        .map(|_| ())
        .map_err(|_| StorageError::Other("could not prepare the recording for saving".into()))
}

fn get_string(value: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(value, &key.into()).ok()?.as_string()
}

fn clip_from_js(value: JsValue) -> Result<Clip, StorageError> {
    let corrupt = |what: &str| StorageError::Corrupt {
        store: AUDIO.into(),
        reason: format!("a clip has no {what}"),
    };
    let id = get_string(&value, "id").ok_or_else(|| corrupt("id"))?;
    let session_id = get_string(&value, "session_id")
        .and_then(|s| SessionId::parse(&s))
        .ok_or_else(|| corrupt("session"))?;
    let recorded_at = get_string(&value, "recorded_at")
        .and_then(|s| {
            OffsetDateTime::parse(&s, &time::format_description::well_known::Rfc3339).ok()
        })
        .ok_or_else(|| corrupt("date"))?;
    let blob = js_sys::Reflect::get(&value, &"blob".into())
        .ok()
        .and_then(|b| b.dyn_into::<web_sys::Blob>().ok())
        .ok_or_else(|| corrupt("sound"))?;
    Ok(Clip {
        id,
        session_id,
        mime_type: get_string(&value, "mime_type").unwrap_or_default(),
        recorded_at,
        blob,
    })
}

fn only(key: String) -> Result<KeyRange, StorageError> {
    Ok(KeyRange::only(&JsValue::from_str(&key)).map_err(rexie::Error::from)?)
}

impl Db {
    /// Saves a clip and the session that now refers to it, in one transaction.
    pub async fn save_clip(&self, clip: &Clip, session: &CheckSession) -> Result<(), StorageError> {
        let record = js_sys::Object::new();
        set(&record, "id", &clip.id.as_str().into())?;
        set(&record, "session_id", &clip.session_id.to_string().into())?;
        set(&record, "mime_type", &clip.mime_type.as_str().into())?;
        let recorded = clip
            .recorded_at
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|e| StorageError::Other(e.to_string()))?;
        set(&record, "recorded_at", &recorded.into())?;
        set(&record, "blob", &clip.blob)?;
        let session_value = to_js(session)?;
        let tx = self.write(&[AUDIO, CheckSession::STORE])?;
        tx.store(AUDIO)?.put(&record, None).await?;
        tx.store(CheckSession::STORE)?
            .put(&session_value, None)
            .await?;
        self.commit_writing(tx, &[Store::Audio, Store::Sessions])
            .await
    }

    pub async fn clip(&self, id: &str) -> Result<Option<Clip>, StorageError> {
        let tx = self.read(&[AUDIO])?;
        let value = tx.store(AUDIO)?.get(JsValue::from_str(id)).await?;
        value.map(clip_from_js).transpose()
    }

    pub async fn all_clips(&self) -> Result<Vec<Clip>, StorageError> {
        let tx = self.read(&[AUDIO])?;
        let values = tx.store(AUDIO)?.get_all(None, None).await?;
        values.into_iter().map(clip_from_js).collect()
    }

    /// Deletes a session's clip and clears the session's reference to it.
    pub async fn delete_clip(&self, session: &CheckSession) -> Result<CheckSession, StorageError> {
        let mut updated = session.clone();
        let Some(fluency) = updated.fluency.as_mut() else {
            return Ok(updated);
        };
        let Some(AudioRef { clip_id, .. }) = fluency.audio.take() else {
            return Ok(updated);
        };
        let value = to_js(&updated)?;
        let tx = self.write(&[AUDIO, CheckSession::STORE])?;
        tx.store(AUDIO)?.delete(JsValue::from_str(&clip_id)).await?;
        tx.store(CheckSession::STORE)?.put(&value, None).await?;
        self.commit_writing(tx, &[Store::Audio, Store::Sessions])
            .await?;
        Ok(updated)
    }

    /// Deletes every clip recorded before `cutoff`, and the references to them. Returns how many.
    pub async fn delete_clips_before(&self, cutoff: OffsetDateTime) -> Result<usize, StorageError> {
        let tx = self.write(&[AUDIO, CheckSession::STORE])?;
        let audio = tx.store(AUDIO)?;
        let sessions = tx.store(CheckSession::STORE)?;
        let mut deleted = 0;
        for value in audio.get_all(None, None).await? {
            let clip = clip_from_js(value)?;
            if clip.recorded_at >= cutoff {
                continue;
            }
            audio.delete(JsValue::from_str(&clip.id)).await?;
            if let Some(found) = sessions
                .get(JsValue::from_str(&clip.session_id.to_string()))
                .await?
            {
                let mut session: CheckSession = from_js(CheckSession::STORE, found)?;
                if let Some(f) = session.fluency.as_mut() {
                    f.audio = None;
                }
                sessions.put(&to_js(&session)?, None).await?;
            }
            deleted += 1;
        }
        let touched: &[Store] = if deleted > 0 {
            &[Store::Audio, Store::Sessions]
        } else {
            &[]
        };
        self.commit_writing(tx, touched).await?;
        Ok(deleted)
    }

    /// The keys of a session's clips (used when a pupil is erased).
    pub(crate) async fn clip_keys_for(
        store: &rexie::Store,
        session_id: &JsValue,
    ) -> Result<Vec<JsValue>, StorageError> {
        let key = session_id.as_string().unwrap_or_default();
        Ok(store
            .index("session_id")?
            .get_all_keys(Some(only(key)?), None)
            .await?)
    }
}
