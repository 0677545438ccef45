//! Reads everything for a backup, and writes a restored or merged data set in one transaction:
//! either every record lands, or nothing changes.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::db::AUDIO;
use super::records::{to_js, Record};
use super::{Db, StorageError, Store};
use crate::domain::ids::{ClassId, PupilId};
use crate::domain::model::{CheckSession, Class, Pupil};

/// A recording as bytes, for a backup file.
pub struct ClipBytes {
    pub id: String,
    pub session_id: String,
    pub mime_type: String,
    pub recorded_at: time::OffsetDateTime,
    pub bytes: Vec<u8>,
}

/// How a write treats what is already stored.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Restore: the stores are emptied first, so the device holds exactly the backup.
    Replace,
    /// Restore of a backup made without recordings: as `Replace`, but this device's
    /// recordings of sessions the backup holds are kept (a backup without sound must not wipe
    /// the sound); recordings of sessions it does not hold go with their sessions.
    ReplaceKeepingRecordings,
    /// Merge: records are put over the stored ones with the same key; nothing else changes.
    Upsert,
}

impl Db {
    /// Every recording with its sound as bytes. Blobs are read outside any transaction
    /// (reading a Blob is not an IndexedDB request and would let a transaction commit early).
    pub async fn all_clip_bytes(&self) -> Result<Vec<ClipBytes>, StorageError> {
        let mut out = Vec::new();
        for clip in self.all_clips().await? {
            let buffer = JsFuture::from(clip.blob.array_buffer())
                .await
                .map_err(|_| StorageError::Other("a recording could not be read".into()))?;
            out.push(ClipBytes {
                id: clip.id,
                session_id: clip.session_id.to_string(),
                mime_type: clip.mime_type,
                recorded_at: clip.recorded_at,
                bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
            });
        }
        Ok(out)
    }

    /// Fills an empty database (the demo school) in one transaction with what `make` builds;
    /// a database that already holds pupils is left as it is and `make` is not called.
    /// Returns whether it wrote.
    pub async fn seed_if_empty(
        &self,
        make: impl FnOnce() -> (Vec<Class>, Vec<Pupil>, Vec<CheckSession>),
    ) -> Result<bool, StorageError> {
        if self.count(Pupil::STORE).await? > 0 {
            return Ok(false);
        }
        let (classes, pupils, sessions) = make();
        self.write_dataset(
            WriteMode::Replace,
            &classes,
            &pupils,
            &sessions,
            &[],
            (&[], &[]),
        )
        .await?;
        Ok(true)
    }

    /// Writes classes, pupils, sessions and recordings in one transaction, first deleting the
    /// classes and pupils in `remove` (records a merge folded into another).
    pub async fn write_dataset(
        &self,
        mode: WriteMode,
        classes: &[Class],
        pupils: &[Pupil],
        sessions: &[CheckSession],
        clips: &[ClipBytes],
        remove: (&[ClassId], &[PupilId]),
    ) -> Result<(), StorageError> {
        // Everything is converted before the transaction opens: only IndexedDB requests may be
        // awaited inside it.
        let class_values = classes.iter().map(to_js).collect::<Result<Vec<_>, _>>()?;
        let pupil_values = pupils.iter().map(to_js).collect::<Result<Vec<_>, _>>()?;
        let session_values = sessions.iter().map(to_js).collect::<Result<Vec<_>, _>>()?;
        let clip_values = clips
            .iter()
            .map(clip_to_js)
            .collect::<Result<Vec<_>, _>>()?;
        let tx = self.write(&[Class::STORE, Pupil::STORE, CheckSession::STORE, AUDIO])?;
        let stores = [
            (Class::STORE, class_values),
            (Pupil::STORE, pupil_values),
            (CheckSession::STORE, session_values),
            (AUDIO, clip_values),
        ];
        let kept_sessions: std::collections::HashSet<String> =
            sessions.iter().map(|s| s.id.to_string()).collect();
        for (name, values) in stores {
            let store = tx.store(name)?;
            match mode {
                WriteMode::Replace => store.clear().await?,
                WriteMode::ReplaceKeepingRecordings if name == AUDIO => {
                    for clip in store.get_all(None, None).await? {
                        let session = js_sys::Reflect::get(&clip, &"session_id".into())
                            .ok()
                            .and_then(|v| v.as_string());
                        if !session.is_some_and(|s| kept_sessions.contains(&s)) {
                            let id = js_sys::Reflect::get(&clip, &"id".into())
                                .ok()
                                .filter(|id| !id.is_undefined())
                                .ok_or_else(|| StorageError::Corrupt {
                                    store: AUDIO.into(),
                                    reason: "a clip has no id".into(),
                                })?;
                            store.delete(id).await?;
                        }
                    }
                }
                WriteMode::ReplaceKeepingRecordings => store.clear().await?,
                WriteMode::Upsert => {}
            }
            let gone: Vec<String> = match name {
                n if n == Class::STORE => remove.0.iter().map(ToString::to_string).collect(),
                n if n == Pupil::STORE => remove.1.iter().map(ToString::to_string).collect(),
                _ => Vec::new(),
            };
            for key in gone {
                store.delete(JsValue::from_str(&key)).await?;
            }
            if !values.is_empty() {
                store.put_all(values.into_iter().map(|v| (v, None))).await?;
            }
        }
        self.commit_writing(tx, &Store::ALL).await
    }
}

pub(crate) fn clip_to_js(clip: &ClipBytes) -> Result<JsValue, StorageError> {
    let fail = || StorageError::Other("a recording could not be prepared for saving".into());
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(clip.bytes.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&clip.mime_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| fail())?;
    let record = js_sys::Object::new();
    let recorded = clip
        .recorded_at
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|_| fail())?;
    for (key, value) in [
        ("id", JsValue::from_str(&clip.id)),
        ("session_id", JsValue::from_str(&clip.session_id)),
        ("mime_type", JsValue::from_str(&clip.mime_type)),
        ("recorded_at", JsValue::from_str(&recorded)),
        ("blob", blob.unchecked_into()),
    ] {
        js_sys::Reflect::set(&record, &key.into(), &value).map_err(|_| fail())?;
    }
    Ok(record.into())
}
