//! Test code: an in-memory CouchDB that speaks the replication endpoints the replicator uses
//! (rev trees with CouchDB's winner, `_changes` with sequences and `style=all_docs`,
//! `_revs_diff`, `_bulk_docs` with `new_edits: false`, `_bulk_get?revs=true`, `_local`), and a
//! device that applies [`LocalWrite`]s as the shell's IndexedDB transaction would.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::crypto::Envelope;
use super::doc::{DocState, RecordKey, SyncRecord};
use super::protocol::Checkpoint;
use super::replicator::{
    settle, Action, HttpRequest, HttpResponse, LocalSnapshot, LocalWrite, Method, NoAnswer,
    Replicator, SyncReport,
};
use super::rev::{self, Revisions};
use super::SyncError;
use crate::domain::records::Dataset;

pub const SERVER: &str = "http://couch.test";
pub const DB: &str = "school";

#[derive(Clone, Debug)]
struct Node {
    parent: Option<String>,
    deleted: bool,
    body: Option<Envelope>,
}

#[derive(Clone, Debug, Default)]
struct Tree {
    nodes: BTreeMap<String, Node>,
    seq: u64,
}

impl Tree {
    fn leaves(&self) -> Vec<(&str, bool)> {
        let parents: BTreeSet<&str> = self
            .nodes
            .values()
            .filter_map(|n| n.parent.as_deref())
            .collect();
        self.nodes
            .iter()
            .filter(|(r, _)| !parents.contains(r.as_str()))
            .map(|(r, n)| (r.as_str(), n.deleted))
            .collect()
    }

    fn winner(&self) -> Option<(&str, bool)> {
        let leaves = self.leaves();
        let w = rev::winner(leaves.iter().copied())?;
        leaves.into_iter().find(|(r, _)| *r == w)
    }

    fn revisions(&self, rev: &str) -> Revisions {
        let mut ids = Vec::new();
        let mut at = Some(rev.to_string());
        while let Some(r) = at {
            if let Some((_, h)) = rev::parse(&r) {
                ids.push(h.to_string());
            }
            at = self.nodes.get(&r).and_then(|n| n.parent.clone());
        }
        Revisions {
            start: rev::parse(rev).map_or(0, |(n, _)| n),
            ids,
        }
    }
}

/// An in-memory CouchDB with one database.
#[derive(Clone, Debug, Default)]
pub struct FakeCouch {
    pub exists: bool,
    trees: BTreeMap<String, Tree>,
    locals: BTreeMap<String, (u64, Value)>,
    seq: u64,
    /// The `Authorization` header it accepts (`None`: any).
    pub authorization: Option<String>,
    /// Answer like a web server that is not CouchDB.
    pub not_couch: bool,
    /// Refuse writes as a full disk does.
    pub full: bool,
    pub requests: usize,
}

fn answer(status: u16, body: Value) -> HttpResponse {
    HttpResponse {
        status,
        body: body.to_string(),
    }
}

impl FakeCouch {
    pub fn new() -> FakeCouch {
        FakeCouch::default()
    }

    /// Every stored document revision body and id, as a server operator could read them.
    pub fn raw_dump(&self) -> String {
        let docs: Vec<Value> = self
            .trees
            .iter()
            .flat_map(|(id, t)| {
                t.nodes.iter().map(move |(rev, n)| {
                    json!({"_id": id, "_rev": rev, "_deleted": n.deleted, "body": n.body})
                })
            })
            .collect();
        json!({"docs": docs, "locals": self.locals.values().map(|(_, v)| v).collect::<Vec<_>>()})
            .to_string()
    }

    /// Documents with more than one live leaf (unresolved conflicts).
    pub fn conflicted(&self) -> usize {
        self.trees
            .values()
            .filter(|t| t.leaves().iter().filter(|(_, d)| !d).count() > 1)
            .count()
    }

    /// Documents whose winning revision is live.
    pub fn live_docs(&self) -> usize {
        self.trees
            .values()
            .filter(|t| t.winner().is_some_and(|(_, d)| !d))
            .count()
    }

    pub fn handle(&mut self, req: &HttpRequest) -> HttpResponse {
        self.requests += 1;
        if let Some(expected) = &self.authorization {
            let given = req
                .headers
                .iter()
                .find(|(h, _)| *h == "Authorization")
                .map(|(_, v)| v);
            if given != Some(expected) {
                return answer(
                    401,
                    json!({"error": "unauthorized", "reason": "Name or password is incorrect."}),
                );
            }
        }
        if self.not_couch {
            return HttpResponse {
                status: 200,
                body: "<html>It works!</html>".into(),
            };
        }
        let body: Value = req
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or(Value::Null);
        let Some(rest) = req.url.strip_prefix(SERVER) else {
            return answer(404, json!({"error": "not_found"}));
        };
        if rest == "/" {
            // As pouchdb-server 4.2.0 answers (Apache CouchDB says {"couchdb":"Welcome"}).
            return answer(
                200,
                json!({"express-pouchdb": "Welcome!", "version": "4.2.0"}),
            );
        }
        let Some(rest) = rest.strip_prefix(&format!("/{DB}")) else {
            return answer(
                404,
                json!({"error": "not_found", "reason": "Database does not exist."}),
            );
        };
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let query: BTreeMap<&str, String> = query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k, unescape(v)))
            .collect();
        let path = path.trim_start_matches('/');
        match (req.method, path) {
            (Method::Put, "") => {
                if self.exists {
                    answer(412, json!({"error": "file_exists"}))
                } else {
                    self.exists = true;
                    answer(201, json!({"ok": true}))
                }
            }
            _ if !self.exists => answer(
                404,
                json!({"error": "not_found", "reason": "Database does not exist."}),
            ),
            (Method::Get, "") => answer(200, json!({"db_name": DB, "update_seq": self.seq})),
            (Method::Get, "_changes") => self.changes(&query),
            (Method::Post, "_revs_diff") => self.revs_diff(&body),
            (Method::Post, "_bulk_get") => self.bulk_get(&body),
            (Method::Post, "_bulk_docs") => self.bulk_docs(&body),
            (m, p) if p.starts_with("_local/") => self.local(m, p, body),
            (Method::Get, id) => match self.trees.get(id).and_then(|t| {
                let (rev, deleted) = t.winner()?;
                (!deleted).then(|| (rev.to_string(), t.nodes.get(rev).cloned()))
            }) {
                Some((rev, Some(node))) => {
                    let mut doc = json!({"_id": id, "_rev": rev});
                    if let Some(b) = node.body {
                        doc = merge_json(doc, serde_json::to_value(b).unwrap_or_default());
                    }
                    answer(200, doc)
                }
                _ => answer(404, json!({"error": "not_found", "reason": "missing"})),
            },
            (Method::Put, id) => {
                let id = id.to_string();
                if self
                    .trees
                    .get(&id)
                    .and_then(|t| t.winner())
                    .is_some_and(|(_, d)| !d)
                {
                    return answer(409, json!({"error": "conflict"}));
                }
                if self.full {
                    return answer(500, json!({"error": "insufficient_storage"}));
                }
                let envelope: Option<Envelope> = serde_json::from_value(body).ok();
                let rev = format!("1-{:032x}", self.seq + 1);
                self.insert(&id, &rev, None, false, envelope);
                answer(201, json!({"ok": true, "id": id, "rev": rev}))
            }
            _ => answer(405, json!({"error": "method_not_allowed"})),
        }
    }

    fn insert(
        &mut self,
        id: &str,
        rev: &str,
        parent: Option<String>,
        deleted: bool,
        body: Option<Envelope>,
    ) {
        self.seq += 1;
        let seq = self.seq;
        let tree = self.trees.entry(id.to_string()).or_default();
        tree.nodes.insert(
            rev.to_string(),
            Node {
                parent,
                deleted,
                body,
            },
        );
        tree.seq = seq;
    }

    fn changes(&self, query: &BTreeMap<&str, String>) -> HttpResponse {
        let since: u64 = query.get("since").and_then(|s| s.parse().ok()).unwrap_or(0);
        let limit: usize = query
            .get("limit")
            .and_then(|s| s.parse().ok())
            .unwrap_or(usize::MAX);
        let mut rows: Vec<(&String, &Tree)> =
            self.trees.iter().filter(|(_, t)| t.seq > since).collect();
        rows.sort_by_key(|(_, t)| t.seq);
        rows.truncate(limit);
        let last = rows.last().map_or(since, |(_, t)| t.seq);
        let results: Vec<Value> = rows
            .iter()
            .map(|(id, t)| {
                let deleted = t.winner().is_some_and(|(_, d)| d);
                let changes: Vec<Value> =
                    t.leaves().iter().map(|(r, _)| json!({"rev": r})).collect();
                let mut row = json!({"seq": t.seq, "id": id, "changes": changes});
                if deleted {
                    row["deleted"] = json!(true);
                }
                row
            })
            .collect();
        answer(200, json!({"results": results, "last_seq": last}))
    }

    fn revs_diff(&self, body: &Value) -> HttpResponse {
        let mut out = serde_json::Map::new();
        for (id, revs) in body.as_object().into_iter().flatten() {
            let missing: Vec<Value> = revs
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter(|r| !self.trees.get(id).is_some_and(|t| t.nodes.contains_key(*r)))
                .map(|r| json!(r))
                .collect();
            if !missing.is_empty() {
                out.insert(id.clone(), json!({ "missing": missing }));
            }
        }
        answer(200, Value::Object(out))
    }

    fn bulk_get(&self, body: &Value) -> HttpResponse {
        let results: Vec<Value> = body["docs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                let id = d["id"].as_str().unwrap_or_default();
                let rev = d["rev"].as_str().unwrap_or_default();
                let found = self
                    .trees
                    .get(id)
                    .and_then(|t| t.nodes.get(rev).map(|n| (t, n)));
                let doc = match found {
                    Some((t, n)) => {
                        let mut doc =
                            json!({"_id": id, "_rev": rev, "_revisions": t.revisions(rev)});
                        if n.deleted {
                            doc["_deleted"] = json!(true);
                        } else if let Some(b) = &n.body {
                            doc = merge_json(doc, serde_json::to_value(b).unwrap_or_default());
                        }
                        json!({ "ok": doc })
                    }
                    // pouchdb-server 4.2.0's answer for a revision it lacks.
                    None => json!({ "missing": rev }),
                };
                json!({"id": id, "docs": [doc]})
            })
            .collect();
        answer(200, json!({ "results": results }))
    }

    fn bulk_docs(&mut self, body: &Value) -> HttpResponse {
        if body["new_edits"] != json!(false) {
            return answer(
                400,
                json!({"error": "bad_request", "reason": "fake: new_edits false only"}),
            );
        }
        if self.full {
            return answer(
                500,
                json!({"error": "insufficient_storage", "reason": "disk full"}),
            );
        }
        for doc in body["docs"].as_array().into_iter().flatten() {
            let id = doc["_id"].as_str().unwrap_or_default().to_string();
            let revisions: Option<Revisions> =
                serde_json::from_value(doc["_revisions"].clone()).ok();
            let rev = doc["_rev"].as_str().unwrap_or_default().to_string();
            let revs = revisions.unwrap_or_else(|| Revisions::of(&rev, &[]));
            // Oldest first: ancestors become stubs, the newest holds the body.
            let path: Vec<String> = revs
                .ids
                .iter()
                .enumerate()
                .map(|(i, h)| format!("{}-{h}", revs.start - i as u64))
                .collect();
            if self
                .trees
                .get(&id)
                .is_some_and(|t| t.nodes.contains_key(&rev))
            {
                continue;
            }
            for (i, r) in path.iter().enumerate().rev() {
                if self.trees.get(&id).is_some_and(|t| t.nodes.contains_key(r)) {
                    continue;
                }
                let parent = path.get(i + 1).cloned();
                let newest = i == 0;
                let deleted = newest && doc["_deleted"] == json!(true);
                let body = if newest && !deleted {
                    serde_json::from_value::<Envelope>(doc.clone()).ok()
                } else {
                    None
                };
                self.insert(&id, r, parent, deleted, body);
            }
        }
        answer(201, json!([]))
    }

    fn local(&mut self, method: Method, path: &str, body: Value) -> HttpResponse {
        match method {
            Method::Get => match self.locals.get(path) {
                Some((n, v)) => {
                    let mut doc = v.clone();
                    doc["_id"] = json!(path);
                    doc["_rev"] = json!(format!("0-{n}"));
                    answer(200, doc)
                }
                None => answer(404, json!({"error": "not_found", "reason": "missing"})),
            },
            _ => {
                let current = self.locals.get(path).map(|(n, _)| format!("0-{n}"));
                if current.is_some() && body["_rev"].as_str() != current.as_deref() {
                    return answer(409, json!({"error": "conflict"}));
                }
                let n = self.locals.get(path).map_or(1, |(n, _)| n + 1);
                self.locals.insert(path.to_string(), (n, body));
                answer(
                    201,
                    json!({"ok": true, "id": path, "rev": format!("0-{n}")}),
                )
            }
        }
    }
}

fn merge_json(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A device's stores as the shell keeps them: records, sync states and the pull checkpoint.
#[derive(Clone, Debug, Default)]
pub struct Device {
    pub records: BTreeMap<RecordKey, SyncRecord>,
    pub states: BTreeMap<String, DocState>,
    pub checkpoint: Option<Checkpoint>,
    pub writes: usize,
}

impl Device {
    pub fn snapshot(&self) -> LocalSnapshot {
        LocalSnapshot {
            records: self.records.values().cloned().collect(),
            states: self.states.values().cloned().collect(),
            pull_checkpoint: self.checkpoint.clone(),
        }
    }

    /// One IndexedDB transaction: all of it.
    pub fn apply(&mut self, keys: &super::SyncKeys, write: &LocalWrite) {
        self.writes += 1;
        for put in &write.puts {
            let record = settle(keys, self.records.get(&put.record.key()), put);
            self.records.insert(record.key(), record);
        }
        for d in &write.deletes {
            let unchanged = self.records.get(&d.key).map(|r| r.digest(keys)) == d.replaces;
            if d.erased || unchanged {
                self.records.remove(&d.key);
            }
        }
        for s in &write.states {
            self.states.insert(s.doc_id.clone(), s.clone());
        }
        if let Some(c) = &write.pull_checkpoint {
            self.checkpoint = Some(c.clone());
        }
    }

    pub fn put(&mut self, record: SyncRecord) {
        self.records.insert(record.key(), record);
    }

    pub fn remove(&mut self, key: &RecordKey) {
        self.records.remove(key);
    }

    /// The records a backup of this device holds.
    pub fn dataset(&self) -> Dataset {
        let mut d = Dataset::default();
        for r in self.records.values() {
            match r.clone() {
                SyncRecord::Classes(c) => d.classes.push(c),
                SyncRecord::Pupils(p) => d.pupils.push(p),
                SyncRecord::Sessions(s) => d.sessions.push(s),
                SyncRecord::Audio(a) => d.audio.push(a),
                _ => {}
            }
        }
        d.classes.sort_by_key(|c| c.id);
        d.pupils.sort_by_key(|p| p.id);
        d.sessions.sort_by_key(|s| s.id);
        d.audio.sort_by(|a, b| a.id.cmp(&b.id));
        d
    }
}

/// How a round ended in a test.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Done(SyncReport),
    Failed(SyncError),
    /// Cut off after this many actions (tab closed, network gone mid-way).
    CutOff,
}

/// Drives one round between `device` and `server`, stopping after `cut_after` actions if given.
pub fn run(
    mut replicator: Replicator,
    server: &mut FakeCouch,
    device: &mut Device,
    cut_after: Option<usize>,
) -> Outcome {
    let keys = replicator.keys().clone();
    let mut action = replicator.start();
    let mut steps = 0;
    loop {
        if cut_after.is_some_and(|n| steps >= n) {
            return Outcome::CutOff;
        }
        steps += 1;
        action = match action {
            Action::Http(req) => {
                let reply: Result<HttpResponse, NoAnswer> = Ok(server.handle(&req));
                replicator.on_http(reply)
            }
            Action::Write(w) => {
                device.apply(&keys, &w);
                replicator.on_written()
            }
            Action::Done(r) => return Outcome::Done(r),
            Action::Failed(e) => return Outcome::Failed(e),
        };
    }
}

/// Drives two rounds at once against one server, taking a step of the first where `pattern`'s
/// next bit is 1 and of the second where it is 0 (then alternating), so their requests
/// interleave as two tablets' would.
pub fn run_together(
    first: (Replicator, &mut Device),
    second: (Replicator, &mut Device),
    server: &mut FakeCouch,
    pattern: u64,
) -> (Outcome, Outcome) {
    struct Side<'a> {
        replicator: Replicator,
        device: &'a mut Device,
        keys: super::SyncKeys,
        action: Option<Action>,
        outcome: Option<Outcome>,
    }
    let mut sides = [first, second].map(|(replicator, device)| {
        let keys = replicator.keys().clone();
        Side {
            replicator,
            device,
            keys,
            action: None,
            outcome: None,
        }
    });
    for side in sides.iter_mut() {
        side.action = Some(side.replicator.start());
    }
    let mut turn = 0u32;
    while sides.iter().any(|s| s.outcome.is_none()) {
        let pick = if turn < 64 {
            usize::from(pattern >> turn & 1 == 0)
        } else {
            (turn % 2) as usize
        };
        turn += 1;
        let i = if sides[pick].outcome.is_some() {
            1 - pick
        } else {
            pick
        };
        let side = &mut sides[i];
        let next = match side.action.take() {
            Some(Action::Http(req)) => side.replicator.on_http(Ok(server.handle(&req))),
            Some(Action::Write(w)) => {
                side.device.apply(&side.keys, &w);
                side.replicator.on_written()
            }
            Some(Action::Done(r)) => {
                side.outcome = Some(Outcome::Done(r));
                continue;
            }
            Some(Action::Failed(e)) => {
                side.outcome = Some(Outcome::Failed(e));
                continue;
            }
            None => continue,
        };
        side.action = Some(next);
    }
    let [a, b] = sides.map(|s| s.outcome.unwrap_or(Outcome::CutOff));
    (a, b)
}
