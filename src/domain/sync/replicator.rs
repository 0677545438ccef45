//! The replicator: a state machine that says which request to make next and what to write
//! locally, and is told the answers. No I/O, no clock, no randomness: the shell performs each
//! [`Action`] and feeds the outcome back, so every step runs natively in tests and a round can
//! stop anywhere (the next round resumes from the checkpoints and document states).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::crypto::{Digest, SyncKeys, KEY_CHECK_ID};
use super::doc::{DeviceSeen, DocState, RecordKey, Store, SyncRecord};
use super::error::SyncError;
use super::join::JoinSettings;
use super::protocol::{
    query_escape, resume_from, seq_param, BulkGetResponse, Change, ChangesResponse, Checkpoint,
    RevsDiffResponse, WireDoc,
};
use super::resolve::{combine, fold, Folded};
use super::rev::{self, RevKind, Revisions};
use crate::domain::ids::DeviceId;
use crate::domain::records::Dataset;

/// What the shell tells the replicator about this device.
#[derive(Clone, Debug)]
pub struct SyncConfig {
    pub join: JoinSettings,
    pub device_id: DeviceId,
    /// The name the school gave this device (shown in "devices seen"); may be empty.
    pub device_label: String,
    /// Whether recordings sync (the school's setting).
    pub recordings: bool,
    /// Documents per `_changes` page and per push batch.
    pub batch_size: usize,
}

/// This device's side at the start of a round, read by the shell in one read transaction.
///
/// `records` must hold **every** class, pupil and session (and every recording when
/// recordings sync), the school settings record, and the devices seen: a document with a
/// state but no record is taken as deleted on this device, and pushed as an erasure.
#[derive(Clone, Debug, Default)]
pub struct LocalSnapshot {
    pub records: Vec<SyncRecord>,
    pub states: Vec<DocState>,
    /// The pull checkpoint this device saved (the target side's copy).
    pub pull_checkpoint: Option<Checkpoint>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
}

/// One HTTP request. Send `headers` as given (they hold the `Authorization`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    /// JSON text.
    pub body: Option<String>,
}

/// The server's answer: any status, and the body as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
}

/// No answer at all (fetch rejected: offline, refused, timed out, CORS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoAnswer;

/// A record to store. If the stored record's digest is still `replaces` (or the record is
/// absent and `replaces` is `None`), store `record` as it is; otherwise the record changed on
/// this device since the snapshot (a tap), and [`settle`] merges the two by the rule.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalPut {
    pub record: SyncRecord,
    pub replaces: Option<Digest>,
}

/// A record to delete: always when `erased`; otherwise only if it is unchanged since the
/// snapshot (its digest is still `replaces`), so a tap made meanwhile is kept and synced later.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalDelete {
    pub key: RecordKey,
    pub replaces: Option<Digest>,
    pub erased: bool,
}

/// Everything to write in **one** IndexedDB transaction (records, sync states and the pull
/// checkpoint together), so an interruption leaves all of it or none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocalWrite {
    pub puts: Vec<LocalPut>,
    pub deletes: Vec<LocalDelete>,
    pub states: Vec<DocState>,
    pub pull_checkpoint: Option<Checkpoint>,
}

/// What happened in a round, for the status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Records written on this device from the server.
    pub pulled: usize,
    /// Documents written to the server.
    pub pushed: usize,
    pub conflicts_resolved: usize,
    /// Pupils, sessions or recordings erased here because another device erased them.
    pub erased: usize,
    /// Server documents that did not open with the school key (written by something else).
    pub unreadable: usize,
}

/// What the shell does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Send it, then call [`Replicator::on_http`] with the answer.
    Http(HttpRequest),
    /// Write it in one transaction, then call [`Replicator::on_written`].
    Write(LocalWrite),
    /// The round finished: the device is in step with the server.
    Done(SyncReport),
    /// The round stopped; nothing half-done is left (resume with a new round, after
    /// [`super::retry_after_seconds`] if [`SyncError::retries`]).
    Failed(SyncError),
}

#[derive(Clone, Debug)]
enum Phase {
    Root,
    DbInfo,
    CreateDb,
    KeyCheck { created: bool },
    KeyCheckPut,
    PullCheckpoint,
    Changes,
    BulkGet(PullBatch),
    Resolve(PullBatch, LocalWrite),
    PullWrite(PullBatch, LocalWrite),
    ServerCheckpoint { more: bool },
    RevsDiff(Vec<Outgoing>),
    BulkDocs(Vec<Outgoing>),
    PushWrite(LocalWrite),
    Finished,
}

#[derive(Clone, Debug)]
struct PullBatch {
    changes: Vec<Change>,
    last_seq: Value,
    more: bool,
}

/// A document this device is about to push, and the state it will have once it is on the server.
#[derive(Clone, Debug)]
struct Outgoing {
    doc: WireDoc,
    state: DocState,
}

/// A leaf fetched from the server.
#[derive(Clone, Debug)]
struct Leaf {
    rev: String,
    ancestry: Vec<String>,
    deleted: bool,
    record: Option<SyncRecord>,
}

pub struct Replicator {
    config: SyncConfig,
    keys: SyncKeys,
    session_id: String,
    nonces: Box<dyn FnMut() -> [u8; 12]>,
    local: BTreeMap<RecordKey, SyncRecord>,
    states: HashMap<String, DocState>,
    doc_keys: HashMap<String, RecordKey>,
    local_checkpoint: Option<Checkpoint>,
    server_checkpoint: Option<Checkpoint>,
    server_checkpoint_rev: Option<String>,
    since: Value,
    phase: Phase,
    pushes: Vec<Vec<Outgoing>>,
    first_push_write: Vec<LocalPut>,
    report: SyncReport,
}

impl std::fmt::Debug for Replicator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replicator")
            .field("phase", &self.phase)
            .finish_non_exhaustive()
    }
}

/// Merges a record put by the replicator with what is stored now (the shell calls it inside
/// the write transaction): see [`LocalPut`].
pub fn settle(keys: &SyncKeys, stored: Option<&SyncRecord>, put: &LocalPut) -> SyncRecord {
    match stored {
        None => put.record.clone(),
        Some(s) if Some(s.digest(keys)) == put.replaces => put.record.clone(),
        Some(s) => combine(s, &put.record),
    }
}

/// How many local changes wait to be pushed (for the status), from the same snapshot a round
/// starts from.
pub fn waiting(keys: &SyncKeys, snapshot: &LocalSnapshot, recordings: bool) -> usize {
    let states: HashMap<&str, &DocState> = snapshot
        .states
        .iter()
        .map(|s| (s.doc_id.as_str(), s))
        .collect();
    let mut present = BTreeSet::new();
    let changed = snapshot
        .records
        .iter()
        .filter(|r| recordings || r.key().store != Store::Audio)
        .filter(|r| r.key().store != Store::Devices)
        // School settings never changed on this device (dated 1970) are not a change of its own.
        .filter(
            |r| !matches!(r, SyncRecord::School(s) if s.updated_at == OffsetDateTime::UNIX_EPOCH),
        )
        .filter(|r| {
            let id = r.key().doc_id(keys);
            present.insert(id.clone());
            states
                .get(id.as_str())
                .is_none_or(|s| s.digest != Some(r.digest(keys)))
        })
        .count();
    let deleted = snapshot
        .states
        .iter()
        .filter(|s| {
            !s.deleted && !present.contains(&s.doc_id) && synced_store(s.key.store, recordings)
        })
        .count();
    changed + deleted
}

/// Stores whose local absence means "deleted here".
fn synced_store(store: Store, recordings: bool) -> bool {
    match store {
        Store::Classes | Store::Pupils | Store::Sessions => true,
        Store::Audio => recordings,
        Store::School | Store::Devices => false,
    }
}

fn parse<T: serde::de::DeserializeOwned>(r: &HttpResponse, what: &str) -> Result<T, SyncError> {
    serde_json::from_str(&r.body).map_err(|e| SyncError::NotCouchDb {
        detail: format!("its answer to {what} was not understood: {e}"),
    })
}

fn ok(r: &HttpResponse) -> bool {
    (200..300).contains(&r.status)
}

impl Replicator {
    /// A new round. `session_id` is a fresh random id (one per round, as PouchDB makes), `now`
    /// the time (it stamps this device in "devices seen"), `nonces` gives a fresh random 96-bit
    /// nonce per call (WebCrypto's `getRandomValues`).
    pub fn new(
        config: SyncConfig,
        snapshot: LocalSnapshot,
        session_id: String,
        now: OffsetDateTime,
        nonces: Box<dyn FnMut() -> [u8; 12]>,
    ) -> Replicator {
        let keys = SyncKeys::derive(&config.join.key);
        let mut local: BTreeMap<RecordKey, SyncRecord> = BTreeMap::new();
        let mut doc_keys = HashMap::new();
        for r in snapshot.records {
            doc_keys.insert(r.key().doc_id(&keys), r.key());
            local.insert(r.key(), r);
        }
        let mut states = HashMap::new();
        for s in snapshot.states {
            doc_keys.insert(s.doc_id.clone(), s.key.clone());
            states.insert(s.doc_id.clone(), s);
        }
        let me = SyncRecord::Devices(DeviceSeen {
            device_id: config.device_id,
            label: config.device_label.clone(),
            synced_at: now,
        });
        doc_keys.insert(me.key().doc_id(&keys), me.key());
        local.insert(me.key(), me.clone());
        Replicator {
            keys,
            session_id,
            nonces,
            local,
            states,
            doc_keys,
            local_checkpoint: snapshot.pull_checkpoint,
            server_checkpoint: None,
            server_checkpoint_rev: None,
            since: Value::from(0),
            phase: Phase::Root,
            pushes: Vec::new(),
            first_push_write: vec![LocalPut {
                record: me,
                replaces: None,
            }],
            report: SyncReport::default(),
            config,
        }
    }

    pub fn keys(&self) -> &SyncKeys {
        &self.keys
    }

    /// The first action of the round.
    pub fn start(&mut self) -> Action {
        self.phase = Phase::Root;
        let url = format!("{}/", self.config.join.server);
        self.request(Method::Get, url, None)
    }

    fn request(&self, method: Method, url: String, body: Option<Value>) -> Action {
        let mut headers = vec![
            ("Accept", "application/json".to_string()),
            ("Authorization", self.config.join.authorization()),
        ];
        if body.is_some() {
            headers.push(("Content-Type", "application/json".to_string()));
        }
        Action::Http(HttpRequest {
            method,
            url,
            headers,
            body: body.map(|b| b.to_string()),
        })
    }

    fn db(&self, path: &str) -> String {
        let base = self.config.join.database_url();
        if path.is_empty() {
            base
        } else {
            format!("{base}/{path}")
        }
    }

    fn pull_id(&self) -> String {
        // Keyed like document ids, so the server cannot tell which device replicates.
        let id = self
            .keys
            .doc_id("replication", &format!("pull {}", self.config.device_id));
        format!("_local/{}", &id[..32])
    }

    fn fail(&mut self, error: SyncError) -> Action {
        self.phase = Phase::Finished;
        Action::Failed(error)
    }

    /// The shell's answer to the last [`Action::Http`].
    pub fn on_http(&mut self, reply: Result<HttpResponse, NoAnswer>) -> Action {
        let Ok(r) = reply else {
            return self.fail(SyncError::Network);
        };
        match self.step(r) {
            Ok(action) => action,
            Err(e) => self.fail(e),
        }
    }

    fn step(&mut self, r: HttpResponse) -> Result<Action, SyncError> {
        let phase = std::mem::replace(&mut self.phase, Phase::Finished);
        match phase {
            Phase::Root => {
                let json: Value = serde_json::from_str(&r.body).unwrap_or_default();
                if r.status == 401 {
                    return Err(SyncError::WrongPassword);
                }
                // Apache CouchDB says {"couchdb":"Welcome",...}; express-pouchdb and
                // pouchdb-server say {"express-pouchdb":"Welcome!",...}.
                let welcome = ["couchdb", "express-pouchdb"]
                    .iter()
                    .any(|k| json[*k].as_str().is_some_and(|w| w.starts_with("Welcome")));
                if !ok(&r) || !welcome {
                    return Err(SyncError::NotCouchDb {
                        detail: format!("its front page answered {} without \"couchdb\"", r.status),
                    });
                }
                self.phase = Phase::DbInfo;
                Ok(self.request(Method::Get, self.db(""), None))
            }
            Phase::DbInfo => match r.status {
                404 => {
                    self.phase = Phase::CreateDb;
                    Ok(self.request(Method::Put, self.db(""), None))
                }
                _ if ok(&r) => {
                    let json: Value = parse(&r, "the database address")?;
                    if json.get("db_name").is_none() {
                        return Err(SyncError::NotCouchDb {
                            detail: "the database address did not describe a database".into(),
                        });
                    }
                    Ok(self.get_key_check(false))
                }
                status => Err(SyncError::from_status(status, &r.body)),
            },
            Phase::CreateDb => match r.status {
                // 412: another device created it a moment ago.
                201 | 202 | 412 => Ok(self.get_key_check(false)),
                401 => Err(SyncError::WrongPassword),
                403 => Err(SyncError::NoDatabase),
                status => Err(SyncError::from_status(status, &r.body)),
            },
            Phase::KeyCheck { created } => match r.status {
                404 if !created => {
                    self.phase = Phase::KeyCheckPut;
                    let body = self.keys.key_check((self.nonces)());
                    Ok(self.request(
                        Method::Put,
                        self.db(KEY_CHECK_ID),
                        Some(serde_json::to_value(body).unwrap_or_default()),
                    ))
                }
                _ if ok(&r) => {
                    let doc: WireDoc = parse(&r, "the key check")?;
                    let verified = doc
                        .body
                        .as_ref()
                        .is_some_and(|b| self.keys.verify_key_check(b).is_ok());
                    if !verified {
                        return Err(SyncError::WrongKey);
                    }
                    Ok(self.get_checkpoint())
                }
                status => Err(SyncError::from_status(status, &r.body)),
            },
            Phase::KeyCheckPut => match r.status {
                // 409: another device wrote the key check first; read it.
                201 | 202 | 409 => Ok(self.get_key_check(true)),
                status => Err(SyncError::from_status(status, &r.body)),
            },
            Phase::PullCheckpoint => {
                match r.status {
                    404 => {}
                    _ if ok(&r) => {
                        let json: Value = parse(&r, "the checkpoint")?;
                        self.server_checkpoint_rev = json["_rev"].as_str().map(String::from);
                        self.server_checkpoint = serde_json::from_value(json).ok();
                    }
                    status => return Err(SyncError::from_status(status, &r.body)),
                }
                self.since = resume_from(
                    self.server_checkpoint.as_ref(),
                    self.local_checkpoint.as_ref(),
                );
                Ok(self.get_changes())
            }
            Phase::Changes => {
                if !ok(&r) {
                    return Err(SyncError::from_status(r.status, &r.body));
                }
                let page: ChangesResponse = parse(&r, "_changes")?;
                let more = page.results.len() >= self.config.batch_size;
                let changes: Vec<Change> = page
                    .results
                    .into_iter()
                    .filter(|c| !c.id.starts_with('_') && c.id != KEY_CHECK_ID)
                    .filter(|c| !self.all_known(c))
                    .collect();
                let batch = PullBatch {
                    changes,
                    last_seq: page.last_seq,
                    more,
                };
                if batch.changes.is_empty() {
                    return Ok(self.pull_write(batch, LocalWrite::default()));
                }
                let docs: Vec<Value> = batch
                    .changes
                    .iter()
                    .flat_map(|c| {
                        let known = self.known_revs(&c.id);
                        c.changes
                            .iter()
                            .filter(move |r| !known.contains(&r.rev))
                            .map(move |r| json!({"id": c.id, "rev": r.rev}))
                    })
                    .collect();
                self.phase = Phase::BulkGet(batch);
                Ok(self.request(
                    Method::Post,
                    self.db("_bulk_get?revs=true"),
                    Some(json!({ "docs": docs })),
                ))
            }
            Phase::BulkGet(batch) => {
                if !ok(&r) {
                    return Err(SyncError::from_status(r.status, &r.body));
                }
                let got: BulkGetResponse = parse(&r, "_bulk_get")?;
                let (server_writes, write) = self.plan_pull(&batch, got);
                if server_writes.is_empty() {
                    return Ok(self.pull_write(batch, write));
                }
                self.report.pushed += server_writes.len();
                self.phase = Phase::Resolve(batch, write);
                Ok(self.request(
                    Method::Post,
                    self.db("_bulk_docs"),
                    Some(json!({ "docs": server_writes, "new_edits": false })),
                ))
            }
            Phase::Resolve(batch, write) => {
                bulk_docs_ok(&r)?;
                Ok(self.pull_write(batch, write))
            }
            Phase::ServerCheckpoint { more } => {
                match r.status {
                    _ if ok(&r) => {
                        let json: Value = serde_json::from_str(&r.body).unwrap_or_default();
                        self.server_checkpoint_rev = json["rev"].as_str().map(String::from);
                    }
                    // Someone else's write or no right to write it: the local checkpoint was
                    // saved, and comparing histories next time still finds a common session.
                    409 | 403 => {}
                    status => return Err(SyncError::from_status(status, &r.body)),
                }
                if more {
                    Ok(self.get_changes())
                } else {
                    Ok(self.start_push())
                }
            }
            Phase::RevsDiff(batch) => {
                if !ok(&r) {
                    return Err(SyncError::from_status(r.status, &r.body));
                }
                let diff: RevsDiffResponse = parse(&r, "_revs_diff")?;
                let missing: Vec<&Outgoing> = batch
                    .iter()
                    .filter(|o| {
                        diff.get(&o.doc.id)
                            .is_some_and(|d| d.missing.contains(&o.doc.rev))
                    })
                    .collect();
                if missing.is_empty() {
                    return Ok(self.push_write(batch));
                }
                let docs: Vec<&WireDoc> = missing.iter().map(|o| &o.doc).collect();
                self.report.pushed += docs.len();
                let body = json!({ "docs": docs, "new_edits": false });
                self.phase = Phase::BulkDocs(batch);
                Ok(self.request(Method::Post, self.db("_bulk_docs"), Some(body)))
            }
            Phase::BulkDocs(batch) => {
                bulk_docs_ok(&r)?;
                Ok(self.push_write(batch))
            }
            Phase::PullWrite(..) | Phase::PushWrite(..) | Phase::Finished => {
                Err(SyncError::Server {
                    status: r.status,
                    detail: "an answer came when none was expected".into(),
                })
            }
        }
    }

    /// The shell wrote the last [`Action::Write`].
    pub fn on_written(&mut self) -> Action {
        let phase = std::mem::replace(&mut self.phase, Phase::Finished);
        match phase {
            Phase::PullWrite(batch, write) => {
                self.apply(&write);
                let checkpoint = write.pull_checkpoint.clone().unwrap_or_else(|| {
                    Checkpoint::advanced(None, &self.session_id, batch.last_seq.clone())
                });
                self.since = batch.last_seq.clone();
                self.phase = Phase::ServerCheckpoint { more: batch.more };
                let mut body = serde_json::to_value(&checkpoint).unwrap_or_default();
                if let Some(rev) = &self.server_checkpoint_rev {
                    body["_rev"] = Value::from(rev.clone());
                }
                self.server_checkpoint = Some(checkpoint);
                let url = self.db(&self.pull_id());
                self.request(Method::Put, url, Some(body))
            }
            Phase::PushWrite(write) => {
                self.apply(&write);
                self.next_push()
            }
            _ => self.fail(SyncError::Server {
                status: 0,
                detail: "a local write was reported when none was asked for".into(),
            }),
        }
    }

    fn get_key_check(&mut self, created: bool) -> Action {
        self.phase = Phase::KeyCheck { created };
        self.request(Method::Get, self.db(KEY_CHECK_ID), None)
    }

    fn get_checkpoint(&mut self) -> Action {
        self.phase = Phase::PullCheckpoint;
        let url = self.db(&self.pull_id());
        self.request(Method::Get, url, None)
    }

    fn get_changes(&mut self) -> Action {
        self.phase = Phase::Changes;
        let url = self.db(&format!(
            "_changes?style=all_docs&since={}&limit={}",
            query_escape(&seq_param(&self.since)),
            self.config.batch_size
        ));
        self.request(Method::Get, url, None)
    }

    fn pull_write(&mut self, batch: PullBatch, mut write: LocalWrite) -> Action {
        let moved = batch.last_seq != self.since;
        if !moved && write == LocalWrite::default() {
            // Nothing new (an empty last page): no checkpoint to save.
            return self.start_push();
        }
        write.pull_checkpoint = Some(Checkpoint::advanced(
            self.local_checkpoint.as_ref(),
            &self.session_id,
            batch.last_seq.clone(),
        ));
        self.phase = Phase::PullWrite(batch, write.clone());
        Action::Write(write)
    }

    /// Revisions of a document this device has, or has newer versions of.
    fn known_revs(&self, doc_id: &str) -> BTreeSet<String> {
        self.states
            .get(doc_id)
            .map(|s| {
                let revs = Revisions::of(&s.rev, &s.ancestry);
                (0..revs.ids.len() as u64)
                    .filter(|i| *i < revs.start)
                    .map(|i| format!("{}-{}", revs.start - i, revs.ids[i as usize]))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn all_known(&self, change: &Change) -> bool {
        let known = self.known_revs(&change.id);
        change.changes.iter().all(|r| known.contains(&r.rev))
    }

    /// Applies what the shell wrote to the replicator's picture of the device.
    fn apply(&mut self, write: &LocalWrite) {
        for put in &write.puts {
            let record = settle(&self.keys, self.local.get(&put.record.key()), put);
            self.doc_keys
                .insert(record.key().doc_id(&self.keys), record.key());
            self.local.insert(record.key(), record);
        }
        for delete in &write.deletes {
            let unchanged =
                self.local.get(&delete.key).map(|r| r.digest(&self.keys)) == delete.replaces;
            if delete.erased || unchanged {
                self.local.remove(&delete.key);
            }
        }
        for state in &write.states {
            self.doc_keys
                .insert(state.doc_id.clone(), state.key.clone());
            self.states.insert(state.doc_id.clone(), state.clone());
        }
        if let Some(c) = &write.pull_checkpoint {
            self.local_checkpoint = Some(c.clone());
        }
    }

    fn seal(&mut self, record: &SyncRecord, state: &DocState) -> WireDoc {
        let body = self
            .keys
            .seal(&state.doc_id, &record.plaintext(), (self.nonces)());
        WireDoc {
            id: state.doc_id.clone(),
            rev: state.rev.clone(),
            deleted: false,
            revisions: Some(Revisions::of(&state.rev, &state.ancestry)),
            body: Some(body),
        }
    }

    fn tombstone(state: &DocState) -> WireDoc {
        WireDoc {
            id: state.doc_id.clone(),
            rev: state.rev.clone(),
            deleted: true,
            revisions: Some(Revisions::of(&state.rev, &state.ancestry)),
            body: None,
        }
    }

    /// A state one revision on from `parent` (or a first revision).
    fn next_state(
        &self,
        key: &RecordKey,
        parent: Option<(&str, &[String])>,
        kind: RevKind,
    ) -> DocState {
        let (rev, ancestry) = rev::child(&self.keys, parent, kind);
        DocState {
            doc_id: key.doc_id(&self.keys),
            key: key.clone(),
            rev,
            ancestry,
            digest: match kind {
                RevKind::Live(d) => Some(d),
                _ => None,
            },
            deleted: !matches!(kind, RevKind::Live(_)),
            erased: kind == RevKind::Erased,
            moved_to: None,
        }
    }

    // ---- pull ------------------------------------------------------------------------------

    /// Decides what a page of pulled changes does: the documents to write to the server
    /// (resolved conflicts, tombstones) and the local write.
    fn plan_pull(&mut self, batch: &PullBatch, got: BulkGetResponse) -> (Vec<WireDoc>, LocalWrite) {
        let mut leaves: HashMap<String, Vec<Leaf>> = HashMap::new();
        for result in got.results {
            for d in result.docs {
                let Some(ok) = d.ok else { continue };
                let Ok(doc) = serde_json::from_value::<WireDoc>(ok) else {
                    self.report.unreadable += 1;
                    continue;
                };
                let record = match (&doc.body, doc.deleted) {
                    (Some(body), false) => match self
                        .keys
                        .open(&doc.id, body)
                        .ok()
                        .and_then(|p| serde_json::from_slice::<SyncRecord>(&p).ok())
                        .filter(|r| r.key().doc_id(&self.keys) == doc.id)
                    {
                        Some(r) => Some(r),
                        None => {
                            self.report.unreadable += 1;
                            continue;
                        }
                    },
                    _ => None,
                };
                let revisions = doc
                    .revisions
                    .clone()
                    .unwrap_or_else(|| Revisions::of(&doc.rev, &[]));
                leaves.entry(doc.id.clone()).or_default().push(Leaf {
                    rev: doc.rev,
                    ancestry: revisions.ids,
                    deleted: doc.deleted,
                    record,
                });
            }
        }

        let mut plan = PullPlan::default();
        for change in &batch.changes {
            let fetched = leaves.remove(&change.id).unwrap_or_default();
            self.plan_doc(change, fetched, &mut plan);
        }
        self.finish_plan(plan)
    }

    fn plan_doc(&mut self, change: &Change, fetched: Vec<Leaf>, plan: &mut PullPlan) {
        let doc_id = &change.id;
        let state = self.states.get(doc_id).cloned();
        let Some(key) = self.doc_keys.get(doc_id).cloned().or_else(|| {
            fetched
                .iter()
                .find_map(|l| l.record.as_ref().map(|r| r.key()))
        }) else {
            // Only deletions of a document this device never had: nothing to do.
            return;
        };
        let local = self.local.get(&key).cloned();
        if local.is_none()
            && state.as_ref().is_some_and(|s| !s.deleted)
            && synced_store(key.store, self.config.recordings)
        {
            // Deleted on this device and not yet pushed: the push erases it (as a child of
            // what this device knew), and erasure wins the conflict that makes.
            return;
        }
        let local_digest = local.as_ref().map(|r| r.digest(&self.keys));
        let dirty = match &state {
            None => local.is_some(),
            Some(s) => s.digest != local_digest,
        };
        let leaf_revs: BTreeSet<&str> = change.changes.iter().map(|r| r.rev.as_str()).collect();
        // This device's own revision is still a live leaf (a conflict with what it wrote).
        let ours = state
            .as_ref()
            .filter(|s| !s.deleted && leaf_revs.contains(s.rev.as_str()));

        let erased = fetched.iter().any(|l| {
            l.deleted && rev::is_erasure(&self.keys, &l.rev, &Revisions::of(&l.rev, &l.ancestry))
        }) || state.as_ref().is_some_and(|s| s.erased);
        let mut live: Vec<(String, Vec<String>, SyncRecord)> = fetched
            .iter()
            .filter(|l| !l.deleted)
            .filter_map(|l| {
                l.record
                    .clone()
                    .map(|r| (l.rev.clone(), l.ancestry.clone(), r))
            })
            .collect();

        if erased {
            // Erasure wins: every live leaf gets an erasure on top, and the record goes here.
            let mut last = None;
            let mut tips: Vec<(String, Vec<String>)> = live
                .iter()
                .map(|(r, a, _)| (r.clone(), a.clone()))
                .collect();
            if let Some(s) = ours {
                tips.push((s.rev.clone(), s.ancestry.clone()));
            }
            for (r, a) in &tips {
                let s = self.next_state(&key, Some((r, a)), RevKind::Erased);
                plan.server.push(Self::tombstone(&s));
                last = Some(s);
            }
            let new_state = last.unwrap_or_else(|| {
                let winner = fetched
                    .iter()
                    .find(|l| l.deleted)
                    .map(|l| (l.rev.clone(), l.ancestry.clone()));
                let (rev, ancestry) = winner.unwrap_or_default();
                DocState {
                    doc_id: doc_id.clone(),
                    key: key.clone(),
                    rev,
                    ancestry,
                    digest: None,
                    deleted: true,
                    erased: true,
                    moved_to: None,
                }
            });
            plan.erase(&key, new_state, local.is_some());
            return;
        }

        if live.is_empty() {
            if ours.is_some() {
                // Only losing leaves were deleted; this device's version still stands.
                return;
            }
            // Deleted on the server (folded into another record, or a loser): follow it unless
            // this device changed the record since.
            let Some(tomb) = fetched
                .iter()
                .filter(|l| l.deleted)
                .max_by(|a, b| rev::parse(&a.rev).cmp(&rev::parse(&b.rev)))
            else {
                return;
            };
            let new_state = DocState {
                doc_id: doc_id.clone(),
                key: key.clone(),
                rev: tomb.rev.clone(),
                ancestry: tomb.ancestry.clone(),
                digest: None,
                deleted: true,
                erased: false,
                moved_to: state.as_ref().and_then(|s| s.moved_to.clone()),
            };
            let mut new_state = new_state;
            if local.is_some() && !dirty {
                if self.referenced(&key) {
                    // Folded into a record this device may not have yet: keep it until that
                    // record arrives and the fold moves what points here (it is not pushed
                    // back while unchanged: the state holds its digest).
                    new_state.digest = local_digest;
                } else {
                    plan.write.deletes.push(LocalDelete {
                        key: key.clone(),
                        replaces: local_digest,
                        erased: false,
                    });
                }
            }
            plan.write.states.push(new_state);
            return;
        }

        // Live versions: one, or a conflict to resolve by the rule.
        if let (Some(s), Some(l)) = (ours, local.as_ref()) {
            live.push((s.rev.clone(), s.ancestry.clone(), l.clone()));
        }
        let resolved = live
            .iter()
            .map(|(_, _, r)| r.clone())
            .reduce(|a, b| combine(&a, &b));
        let Some(resolved) = resolved else { return };
        let resolved_digest = resolved.digest(&self.keys);
        let winner_rev = rev::winner(live.iter().map(|(r, _, _)| (r.as_str(), false)))
            .unwrap_or_default()
            .to_string();
        let Some((w_rev, w_ancestry, w_record)) =
            live.iter().find(|(r, _, _)| *r == winner_rev).cloned()
        else {
            return;
        };
        // What the winning leaf holds: fetched, or (this device's own leaf) as last synced.
        let w_digest = match ours.filter(|s| s.rev == w_rev) {
            Some(s) => s.digest,
            None => Some(w_record.digest(&self.keys)),
        };
        let mut new_state = if w_digest == Some(resolved_digest) {
            DocState {
                doc_id: doc_id.clone(),
                key: key.clone(),
                rev: w_rev.clone(),
                ancestry: w_ancestry.clone(),
                digest: Some(resolved_digest),
                deleted: false,
                erased: false,
                moved_to: None,
            }
        } else {
            let s = self.next_state(
                &key,
                Some((&w_rev, &w_ancestry)),
                RevKind::Live(resolved_digest),
            );
            let sealed = self.seal(&resolved, &s);
            plan.server.push(sealed);
            s
        };
        if live.len() > 1 {
            self.report.conflicts_resolved += 1;
            for (r, a, _) in live.iter().filter(|(r, _, _)| *r != w_rev) {
                let s = self.next_state(&key, Some((r, a)), RevKind::Superseded);
                plan.server.push(Self::tombstone(&s));
            }
        }
        new_state.moved_to = None;

        // Take the server's version where this device has nothing newer of its own; otherwise
        // merge the two by the rule (the result, if it differs, is pushed as a child).
        let descends = state.as_ref().is_some_and(|s| {
            live.iter()
                .any(|(r, a, _)| Revisions::of(r, a).contains(&s.rev))
        });
        let replace = local.is_none() || (!dirty && descends);
        plan.incoming.push(Incoming {
            record: resolved,
            state: new_state,
            replace,
        });
    }

    /// Folds twins, moves references, and turns the plan into one server write and one local write.
    fn finish_plan(&mut self, mut plan: PullPlan) -> (Vec<WireDoc>, LocalWrite) {
        // Records of erased pupils and sessions go with them.
        let erased_pupils: BTreeSet<String> = self
            .states
            .values()
            .chain(plan.write.states.iter())
            .filter(|s| s.erased && s.key.store == Store::Pupils)
            .map(|s| s.key.id.clone())
            .collect();
        let mut erased_sessions: BTreeSet<String> = self
            .states
            .values()
            .chain(plan.write.states.iter())
            .filter(|s| s.erased && s.key.store == Store::Sessions)
            .map(|s| s.key.id.clone())
            .collect();
        for record in self.local.values() {
            if let SyncRecord::Sessions(s) = record {
                if erased_pupils.contains(&s.pupil_id.to_string()) {
                    erased_sessions.insert(s.id.to_string());
                }
            }
        }
        let doomed = |r: &SyncRecord| match r {
            SyncRecord::Sessions(s) => erased_pupils.contains(&s.pupil_id.to_string()),
            SyncRecord::Audio(a) => erased_sessions.contains(&a.session_id.to_string()),
            _ => false,
        };
        // Incoming records of erased pupils are erased on the server too.
        let (kept, gone): (Vec<_>, Vec<_>) = std::mem::take(&mut plan.incoming)
            .into_iter()
            .partition(|i| !doomed(&i.record));
        plan.incoming = kept;
        for i in gone {
            let s = self.next_state(
                &i.record.key(),
                Some((&i.state.rev, &i.state.ancestry)),
                RevKind::Erased,
            );
            plan.server.push(Self::tombstone(&s));
            plan.write.states.push(s);
            self.report.erased += 1;
        }
        // Local records of erased pupils: deleted here; the push erases them on the server.
        let local_doomed: Vec<RecordKey> = self
            .local
            .values()
            .filter(|r| doomed(r))
            .map(|r| r.key())
            .collect();
        for key in local_doomed {
            plan.write.deletes.push(LocalDelete {
                key,
                replaces: None,
                erased: true,
            });
            self.report.erased += 1;
        }
        let erased_here: BTreeSet<RecordKey> = plan
            .write
            .deletes
            .iter()
            .filter(|d| d.erased)
            .map(|d| d.key.clone())
            .collect();

        // The records that fold: everything local except what is replaced or erased, and
        // what came in, with references to ids folded earlier moved first.
        let moved = self.moved_map();
        let replaced: BTreeSet<RecordKey> = plan
            .incoming
            .iter()
            .filter(|i| i.replace)
            .map(|i| i.record.key())
            .collect();
        let before: BTreeMap<RecordKey, SyncRecord> = self
            .local
            .iter()
            .filter(|(k, _)| !erased_here.contains(k))
            .map(|(k, r)| (k.clone(), r.clone()))
            .collect();
        let mut local_set = Dataset::default();
        let mut others_local: BTreeMap<RecordKey, SyncRecord> = BTreeMap::new();
        for (k, r) in &before {
            if replaced.contains(k) {
                continue;
            }
            if !push_dataset(&mut local_set, r.clone()) {
                others_local.insert(k.clone(), r.clone());
            }
        }
        let mut incoming_set = Dataset::default();
        let mut incoming_others: Vec<SyncRecord> = Vec::new();
        let mut incoming_states: BTreeMap<RecordKey, DocState> = BTreeMap::new();
        for i in &plan.incoming {
            incoming_states.insert(i.record.key(), i.state.clone());
            let record = moved.apply(i.record.clone());
            if !push_dataset(&mut incoming_set, record.clone()) {
                incoming_others.push(record);
            }
        }
        let Folded {
            merged,
            moved_pupils,
            moved_classes,
        } = fold(local_set, incoming_set);

        // Non-dataset records (school settings, devices): the rule, record by record.
        let mut after: BTreeMap<RecordKey, SyncRecord> = BTreeMap::new();
        for r in dataset_records(merged) {
            after.insert(r.key(), r);
        }
        for (k, r) in others_local {
            after.insert(k, r);
        }
        for r in incoming_others {
            let k = r.key();
            let merged = match after.get(&k) {
                Some(existing) => combine(existing, &r),
                None => r,
            };
            after.insert(k, merged);
        }

        // Puts: what changed against the device's records.
        for (k, r) in &after {
            let old = self.local.get(k);
            if old != Some(r) {
                plan.write.puts.push(LocalPut {
                    record: r.clone(),
                    replaces: old.map(|o| o.digest(&self.keys)),
                });
                self.report.pulled += 1;
            }
        }
        // States of the pulled documents.
        for (k, s) in &incoming_states {
            if after.contains_key(k) {
                plan.write.states.push(s.clone());
            }
        }
        // Folded away: local ones deleted here, and every such document deleted on the server
        // (as a child of what the server has), remembering where it went.
        let destination = |k: &RecordKey| -> Option<String> {
            match k.store {
                Store::Pupils => crate::domain::ids::PupilId::parse(&k.id)
                    .and_then(|id| moved_pupils.get(&id))
                    .map(|to| to.to_string()),
                Store::Classes => crate::domain::ids::ClassId::parse(&k.id)
                    .and_then(|id| moved_classes.get(&id))
                    .map(|to| to.to_string()),
                _ => None,
            }
        };
        let mut gone: Vec<(RecordKey, Option<DocState>)> = Vec::new();
        for (k, r) in &before {
            if !after.contains_key(k) {
                plan.write.deletes.push(LocalDelete {
                    key: k.clone(),
                    replaces: Some(r.digest(&self.keys)),
                    erased: false,
                });
                gone.push((k.clone(), self.states.get(&k.doc_id(&self.keys)).cloned()));
            }
        }
        for (k, s) in &incoming_states {
            if !after.contains_key(k) && !before.contains_key(k) {
                gone.push((k.clone(), Some(s.clone())));
            }
        }
        for (k, parent) in gone {
            // The deletion reaches the server in the push, after the record that stands for
            // this one, so a device pulling both never sees the deletion first.
            let mut s = match parent.as_ref().filter(|p| !p.deleted) {
                Some(p) => self.next_state(&k, Some((&p.rev, &p.ancestry)), RevKind::Superseded),
                None => match parent {
                    Some(p) => p,
                    None => continue,
                },
            };
            s.moved_to = destination(&k);
            plan.write.states.retain(|x| x.doc_id != s.doc_id);
            plan.write.states.push(s);
        }
        (plan.server, plan.write)
    }

    /// Whether another local record points at this pupil or class.
    fn referenced(&self, key: &RecordKey) -> bool {
        self.local.values().any(|r| match (key.store, r) {
            (Store::Pupils, SyncRecord::Sessions(s)) => s.pupil_id.to_string() == key.id,
            (Store::Classes, SyncRecord::Pupils(p)) => {
                p.class_id.is_some_and(|c| c.to_string() == key.id)
            }
            _ => false,
        })
    }

    /// Where folded pupils and classes went, as this device remembers it.
    fn moved_map(&self) -> Moves {
        let mut moves = Moves::default();
        for s in self.states.values() {
            if let Some(to) = &s.moved_to {
                match s.key.store {
                    Store::Pupils => {
                        moves.pupils.insert(s.key.id.clone(), to.clone());
                    }
                    Store::Classes => {
                        moves.classes.insert(s.key.id.clone(), to.clone());
                    }
                    _ => {}
                }
            }
        }
        moves
    }

    // ---- push ------------------------------------------------------------------------------

    fn start_push(&mut self) -> Action {
        let recordings = self.config.recordings;
        let mut out = Vec::new();
        let records: Vec<SyncRecord> = self
            .local
            .values()
            .filter(|r| recordings || r.key().store != Store::Audio)
            .cloned()
            .collect();
        for record in records {
            let key = record.key();
            let doc_id = key.doc_id(&self.keys);
            let digest = record.digest(&self.keys);
            let state = self.states.get(&doc_id).cloned();
            if state.as_ref().is_some_and(|s| s.erased) {
                // Erased elsewhere while this device still had it: it goes (next pull deletes it).
                continue;
            }
            let parent = state
                .as_ref()
                .map(|s| (s.rev.as_str(), s.ancestry.as_slice()));
            if state.as_ref().is_some_and(|s| s.digest == Some(digest)) {
                continue;
            }
            let new_state = self.next_state(&key, parent, RevKind::Live(digest));
            let doc = self.seal(&record, &new_state);
            out.push(Outgoing {
                doc,
                state: new_state,
            });
        }
        let present: BTreeSet<String> = self.local.keys().map(|k| k.doc_id(&self.keys)).collect();
        let mut deleted: Vec<DocState> = self
            .states
            .values()
            .filter(|s| !s.deleted && synced_store(s.key.store, recordings))
            .filter(|s| !present.contains(&s.doc_id))
            .cloned()
            .collect();
        deleted.sort_by(|a, b| a.doc_id.cmp(&b.doc_id));
        // Records folded into another: their deletions (already in the states; `_revs_diff`
        // drops those the server has).
        let mut folded: Vec<&DocState> = self
            .states
            .values()
            .filter(|s| s.deleted && !s.erased && s.moved_to.is_some())
            .collect();
        folded.sort_by(|a, b| a.doc_id.cmp(&b.doc_id));
        for s in folded {
            out.push(Outgoing {
                doc: Self::tombstone(s),
                state: s.clone(),
            });
        }
        for s in deleted {
            let new_state = self.next_state(&s.key, Some((&s.rev, &s.ancestry)), RevKind::Erased);
            out.push(Outgoing {
                doc: Self::tombstone(&new_state),
                state: new_state,
            });
        }
        let size = self.config.batch_size.max(1);
        self.pushes = out.chunks(size).map(|c| c.to_vec()).rev().collect();
        self.next_push()
    }

    fn next_push(&mut self) -> Action {
        let Some(batch) = self.pushes.pop() else {
            if !self.first_push_write.is_empty() {
                // Nothing to push but this device's "last seen": keep it locally too.
                let write = LocalWrite {
                    puts: std::mem::take(&mut self.first_push_write),
                    ..LocalWrite::default()
                };
                self.phase = Phase::PushWrite(write.clone());
                return Action::Write(write);
            }
            self.phase = Phase::Finished;
            return Action::Done(self.report.clone());
        };
        let body: serde_json::Map<String, Value> = batch
            .iter()
            .map(|o| (o.doc.id.clone(), json!([o.doc.rev])))
            .collect();
        self.phase = Phase::RevsDiff(batch);
        self.request(
            Method::Post,
            self.db("_revs_diff"),
            Some(Value::Object(body)),
        )
    }

    fn push_write(&mut self, batch: Vec<Outgoing>) -> Action {
        let write = LocalWrite {
            puts: std::mem::take(&mut self.first_push_write),
            states: batch.into_iter().map(|o| o.state).collect(),
            ..LocalWrite::default()
        };
        self.phase = Phase::PushWrite(write.clone());
        Action::Write(write)
    }
}

/// `_bulk_docs` answers 201 with `[]` for `new_edits: false`, or per-document errors.
fn bulk_docs_ok(r: &HttpResponse) -> Result<(), SyncError> {
    if !ok(r) {
        return Err(SyncError::from_status(r.status, &r.body));
    }
    let answers: Vec<Value> = serde_json::from_str(&r.body).unwrap_or_default();
    match answers.iter().find(|a| a.get("error").is_some()) {
        None => Ok(()),
        Some(a) => {
            let error = a["error"].as_str().unwrap_or_default();
            Err(match error {
                "unauthorized" => SyncError::WrongPassword,
                "forbidden" => SyncError::NotAllowed,
                _ => SyncError::from_status(500, &a.to_string()),
            })
        }
    }
}

#[derive(Default)]
struct PullPlan {
    server: Vec<WireDoc>,
    write: LocalWrite,
    incoming: Vec<Incoming>,
}

struct Incoming {
    record: SyncRecord,
    state: DocState,
    /// Take it in place of the local record (not merge with it).
    replace: bool,
}

impl PullPlan {
    fn erase(&mut self, key: &RecordKey, state: DocState, present: bool) {
        if present {
            self.write.deletes.push(LocalDelete {
                key: key.clone(),
                replaces: None,
                erased: true,
            });
        }
        self.write.states.push(state);
    }
}

#[derive(Default)]
struct Moves {
    pupils: HashMap<String, String>,
    classes: HashMap<String, String>,
}

impl Moves {
    /// Points a record at the ids that stand for folded pupils and classes.
    fn apply(&self, record: SyncRecord) -> SyncRecord {
        let follow = |map: &HashMap<String, String>, id: String| {
            let mut id = id;
            for _ in 0..8 {
                match map.get(&id) {
                    Some(to) => id = to.clone(),
                    None => break,
                }
            }
            id
        };
        match record {
            SyncRecord::Pupils(mut p) => {
                if let Some(c) = p.class_id {
                    p.class_id =
                        crate::domain::ids::ClassId::parse(&follow(&self.classes, c.to_string()))
                            .or(Some(c));
                }
                SyncRecord::Pupils(p)
            }
            SyncRecord::Sessions(mut s) => {
                let to = follow(&self.pupils, s.pupil_id.to_string());
                if let Some(id) = crate::domain::ids::PupilId::parse(&to) {
                    s.pupil_id = id;
                }
                SyncRecord::Sessions(s)
            }
            other => other,
        }
    }
}

/// Adds a record to a dataset if it is one of the dataset's kinds.
fn push_dataset(d: &mut Dataset, r: SyncRecord) -> bool {
    match r {
        SyncRecord::Classes(c) => d.classes.push(c),
        SyncRecord::Pupils(p) => d.pupils.push(p),
        SyncRecord::Sessions(s) => d.sessions.push(s),
        SyncRecord::Audio(a) => d.audio.push(a),
        SyncRecord::School(_) | SyncRecord::Devices(_) => return false,
    }
    true
}

fn dataset_records(d: Dataset) -> impl Iterator<Item = SyncRecord> {
    d.classes
        .into_iter()
        .map(SyncRecord::Classes)
        .chain(d.pupils.into_iter().map(SyncRecord::Pupils))
        .chain(d.sessions.into_iter().map(SyncRecord::Sessions))
        .chain(d.audio.into_iter().map(SyncRecord::Audio))
}
