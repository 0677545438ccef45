//! School sync: every device's records in one school database, through the CouchDB
//! replication protocol, end-to-end encrypted. Plain Rust: the browser shell performs the HTTP
//! requests and IndexedDB transactions this module asks for, and nothing else.
//!
//! # Rules
//!
//! **What syncs.** Classes, pupils, check sessions, the school-wide settings
//! ([`SchoolSettings`]: school name and numbers, threshold, programme, term dates, and whether
//! recordings sync) and, when the school turns it on, recordings ([`Store::Audio`]). One server
//! document per record. Each device also writes a [`DeviceSeen`] record (its id, label and the
//! time of its last round): "which devices have been seen".
//!
//! **What the server sees.** Document ids are `HMAC-SHA256(ids key, store ‖ id)` in hex, the
//! same on every device and meaningless without the key. A body is
//! `{"v":1,"n":nonce,"c":ciphertext}`: AES-256-GCM of the record's JSON
//! (`{"store":"pupils","record":{...}}`) under a fresh 96-bit nonce from the shell, with the
//! document id as associated data (a body moved to another id does not open). A deletion is a
//! bare tombstone (`_deleted: true`, no body). Keys: HKDF-SHA256 of the 128-bit school key,
//! one label each for records, ids and revisions. After compaction CouchDB keeps, per
//! document, the opaque id, the revision tree (ids and hashes, up to `_revs_limit`) and the
//! winning leaf's body; for an erased pupil nothing but the id and the tree. Replication
//! checkpoints (`_local/…`) hold sequence numbers and random session ids only.
//!
//! **Revisions.** `N-hash`, where `hash` is the first 128 bits of
//! `HMAC-SHA256(revs key, parent rev ‖ content)`, content being the record's keyed digest, or
//! "erased", or "superseded" ([`rev::RevKind`]). Two devices writing the same thing after the
//! same parent write the same revision, so resolving a conflict the same way on two devices
//! makes no new conflict; and only the school's devices can tell an erasure from another
//! deletion.
//!
//! **Key check.** The document `readby7-key-check` (a fixed id, so a wrong key still finds it)
//! holds the ciphertext of a known text. A round reads it before anything else and stops with
//! [`SyncError::WrongKey`] if it does not open, before anything is written on the device. The
//! first device to reach an empty database writes it.
//!
//! **A round.** `GET /` (must say `"couchdb"`), `GET /db` (404: `PUT /db`), the key check, then
//! the pull, then the push.
//! - *Pull* (server → device): the replication id is `_local/` + a keyed hash of this device's
//!   id. Checkpoints live on both sides: the server's `_local` document and the device's copy
//!   (written in the same transaction as the records of each page). They are compared as
//!   PouchDB does ([`protocol::resume_from`]: the same session → its sequence; otherwise the
//!   newest session both histories know; otherwise 0). Then pages of
//!   `_changes?style=all_docs&since=S&limit=N`; for each page the leaves this device lacks are
//!   fetched with `POST _bulk_get?revs=true`, decrypted and resolved (below), resolutions are
//!   written to the server (`_bulk_docs`, `new_edits: false`), then the page's local write, then
//!   the server checkpoint.
//! - *Push* (device → server): the device's "changes feed" is the set of records whose digest
//!   differs from their [`DocState`] (the digest as last synced) plus the documents with a state
//!   but no local record (deleted here). Finding them costs a scan of the stores at sync time
//!   and nothing on the tap path. Each batch: `POST _revs_diff`, `POST _bulk_docs` with
//!   `new_edits: false` and `_revisions`, then the new states in one local write. The per
//!   document states are the push checkpoint: a round cut off anywhere resends at most one
//!   batch, which `_revs_diff` filters, so nothing is duplicated.
//! - Any failure ends the round with a [`SyncError`]; the shell retries after
//!   [`retry_after_seconds`] (5 s doubling to 10 min) when [`SyncError::retries`].
//!
//! **Conflicts: the backup merge's rule.** When a document has several live leaves, the device
//! merges them with the rule ([`resolve::combine`]: the newer record; check sessions mark by
//! mark, [`crate::domain::model::CheckSession::merge`]), writes the result as a child of the
//! winning leaf (CouchDB's winner: live, longest, greatest hash) and a "superseded" tombstone on
//! each losing leaf, so conflicts do not pile up. A pulled version that descends from what the
//! device has, when the device has not changed the record since, replaces it; otherwise the
//! two merge by the rule and the result is pushed as a child. Pulled records then fold into
//! the device's by [`crate::domain::records::merge`] ([`resolve::fold`]): the same child under
//! two ids (matched by UPN, or name and date of birth) becomes one record under the smaller id,
//! sessions move to it, and the other id is deleted on the server (pushed after the record that
//! stands for it) and remembered in its state (`moved_to`), so records arriving later that
//! point at it move too. Every device folds the same way.
//!
//! **Erasure wins.** Deleting a pupil, class, session or recording on a device is pushed as an
//! "erased" tombstone. A document with an erased leaf is erased everywhere, even if another
//! device edited it meanwhile (its edit gets an erased tombstone too), and the sessions and
//! recordings of an erased pupil go with it on every device.
//!
//! **Local writes never lose a tap.** Each [`LocalPut`] names the digest of the record it
//! replaces; inside the write transaction the shell calls [`settle`], which stores the put as
//! it is if the stored record is unchanged, or merges the two by the rule if a tap changed it
//! since the snapshot (the merged record differs from what was synced, so the next push sends
//! it). Deletions of folded records likewise skip a record changed meanwhile.
//!
//! # For the shell (the order of calls)
//!
//! 1. Joining: [`JoinSettings::parse`] (QR payload or link) or [`SchoolKey::parse_code`] (typed
//!    key) plus the typed server, database, user and password, then
//!    [`JoinSettings::validated`]. A new school: [`SchoolKey::from_bytes`] (16 bytes from
//!    `crypto.getRandomValues`), show [`JoinSettings::payload`] as a QR code and
//!    [`SchoolKey::code`] for typing.
//! 2. Each round: read every class, pupil, session (recording, when they sync), the school
//!    settings record and the devices seen, every `DocState` (store `sync_state`, key
//!    `doc_id`) and the pull checkpoint, in one read transaction, into a [`LocalSnapshot`].
//! 3. `let mut r = Replicator::new(config, snapshot, random_session_id, now, nonces)`, then
//!    `let mut action = r.start()` and loop: [`Action::Http`] → send it (method, url, headers,
//!    body) and call [`Replicator::on_http`] with `Ok(HttpResponse { status, body })` or
//!    `Err(NoAnswer)`; [`Action::Write`] → apply the [`LocalWrite`] in one IndexedDB transaction
//!    (per put: get the stored record, [`settle`], put; per delete: delete if `erased` or the
//!    stored digest equals `replaces`; put the states; put the checkpoint), then
//!    [`Replicator::on_written`]; [`Action::Done`] → record "last synced" and show the
//!    [`SyncReport`]; [`Action::Failed`] → show the error, back off.
//! 4. The status between rounds: [`waiting`] counts changes waiting to be pushed.
//!
//! Stopping at any point (tab closed, network gone) is safe: the next round starts again at 2.

pub mod crypto;
pub mod doc;
pub mod error;
pub mod join;
pub mod protocol;
pub mod replicator;
pub mod resolve;
pub mod rev;
pub mod status;

#[cfg(test)]
mod fake_couch;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod props;
#[cfg(test)]
mod tests;

pub use crypto::{Digest, Envelope, SchoolKey, SyncKeys, KEY_CHECK_ID};
pub use doc::{
    DeviceSeen, DocState, RecordKey, SchoolSettings, SchoolStamp, Store, SyncRecord,
    SCHOOL_SETTINGS_ID,
};
pub use error::{retry_after_seconds, SyncError};
pub use join::{JoinError, JoinSettings};
pub use protocol::Checkpoint;
pub use replicator::{
    settle, waiting, Action, HttpRequest, HttpResponse, LocalDelete, LocalPut, LocalSnapshot,
    LocalWrite, Method, NoAnswer, Replicator, SyncConfig, SyncReport,
};
pub use status::{last_synced_words, waiting_words, SyncSetup};
