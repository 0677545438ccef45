//! The CouchDB replication protocol's messages, as JSON shapes, and the checkpoint rule.
//! Shapes follow docs.couchdb.org ("Replication Protocol", "/db/_changes", "/db/_revs_diff",
//! "/db/_bulk_get", "/db/_bulk_docs", "/db/_local/{docid}").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::crypto::Envelope;
use super::rev::Revisions;

/// `GET /db/_changes?style=all_docs&since=S&limit=N`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ChangesResponse {
    pub results: Vec<Change>,
    pub last_seq: Value,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Change {
    pub seq: Value,
    pub id: String,
    /// Every leaf revision of the document (`style=all_docs`).
    pub changes: Vec<RevOnly>,
    #[serde(default)]
    pub deleted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevOnly {
    pub rev: String,
}

/// `POST /db/_revs_diff` answers `{"id": {"missing": [...]}}` for what the server lacks.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct RevsDiffEntry {
    #[serde(default)]
    pub missing: Vec<String>,
}

pub type RevsDiffResponse = BTreeMap<String, RevsDiffEntry>;

/// One document as the server stores it: CouchDB's fields and the envelope (absent in a
/// deletion).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireDoc {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "_rev")]
    pub rev: String,
    #[serde(
        rename = "_deleted",
        default,
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub deleted: bool,
    #[serde(
        rename = "_revisions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub revisions: Option<Revisions>,
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Envelope>,
}

/// `POST /db/_bulk_get?revs=true` answers one result per requested document.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BulkGetResponse {
    pub results: Vec<BulkGetResult>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BulkGetResult {
    pub id: String,
    pub docs: Vec<BulkGetDoc>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BulkGetDoc {
    #[serde(default)]
    pub ok: Option<Value>,
    #[serde(default)]
    pub error: Option<Value>,
}

/// One entry of a replication checkpoint's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub session_id: String,
    pub last_seq: Value,
}

/// A replication checkpoint, as PouchDB and CouchDB write it in `_local/<replication id>` on
/// both sides (the local copy lives in the shell's sync meta).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub session_id: String,
    pub last_seq: Value,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    #[serde(default = "version_1")]
    pub version: u32,
    #[serde(default)]
    pub replicator: String,
}

fn version_1() -> u32 {
    1
}

/// PouchDB keeps five sessions of history.
const HISTORY: usize = 5;

impl Checkpoint {
    /// This checkpoint moved on to `last_seq` by replication session `session_id`.
    pub fn advanced(
        previous: Option<&Checkpoint>,
        session_id: &str,
        last_seq: Value,
    ) -> Checkpoint {
        let mut history: Vec<HistoryEntry> = previous
            .map(|p| p.history.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|h| h.session_id != session_id)
            .collect();
        history.insert(
            0,
            HistoryEntry {
                session_id: session_id.to_string(),
                last_seq: last_seq.clone(),
            },
        );
        history.truncate(HISTORY);
        Checkpoint {
            session_id: session_id.to_string(),
            last_seq,
            history,
            version: 1,
            replicator: "readby7".into(),
        }
    }
}

/// Where a replication resumes, from the checkpoints the source and the target hold: the
/// target's missing means from the start; the same session means its `last_seq`; otherwise
/// the most recent session both histories know (CouchDB's `compare_replication_logs`, as
/// PouchDB ports it); otherwise from the start (0).
pub fn resume_from(source: Option<&Checkpoint>, target: Option<&Checkpoint>) -> Value {
    let (Some(source), Some(target)) = (source, target) else {
        return Value::from(0);
    };
    if source.version != target.version {
        return Value::from(0);
    }
    if source.session_id == target.session_id {
        return source.last_seq.clone();
    }
    compare_histories(&source.history, &target.history)
}

fn compare_histories(source: &[HistoryEntry], target: &[HistoryEntry]) -> Value {
    let (Some(s), Some(t)) = (source.first(), target.first()) else {
        return Value::from(0);
    };
    let has = |id: &str, history: &[HistoryEntry]| history.iter().any(|h| h.session_id == id);
    if has(&s.session_id, target) {
        return s.last_seq.clone();
    }
    if has(&t.session_id, &source[1..]) {
        return t.last_seq.clone();
    }
    compare_histories(&source[1..], &target[1..])
}

/// A sequence as the `since` query parameter wants it: numbers as digits, strings as they are.
pub fn seq_param(seq: &Value) -> String {
    match seq {
        Value::String(s) => s.clone(),
        Value::Null => "0".into(),
        other => other.to_string(),
    }
}

/// Percent-encodes a query value (CouchDB 2+ sequences hold `-` and base64-ish text).
pub fn query_escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp(session: &str, seq: i64, history: &[(&str, i64)]) -> Checkpoint {
        Checkpoint {
            session_id: session.into(),
            last_seq: Value::from(seq),
            history: history
                .iter()
                .map(|(s, q)| HistoryEntry {
                    session_id: (*s).into(),
                    last_seq: Value::from(*q),
                })
                .collect(),
            version: 1,
            replicator: "readby7".into(),
        }
    }

    #[test]
    fn checkpoints_are_compared_as_pouchdb_does() {
        let same = cp("b", 9, &[("b", 9), ("a", 4)]);
        assert_eq!(resume_from(Some(&same), Some(&same)), Value::from(9));
        // The target saved session c, the source did not (cut off between the two writes).
        let target = cp("c", 12, &[("c", 12), ("b", 9), ("a", 4)]);
        assert_eq!(resume_from(Some(&same), Some(&target)), Value::from(9));
        // The other way round (the source has a session the target lost).
        assert_eq!(resume_from(Some(&target), Some(&same)), Value::from(9));
        // Nothing in common, or a side missing: from the start.
        let stranger = cp("x", 50, &[("x", 50)]);
        assert_eq!(resume_from(Some(&stranger), Some(&same)), Value::from(0));
        assert_eq!(resume_from(None, Some(&same)), Value::from(0));
        assert_eq!(resume_from(Some(&same), None), Value::from(0));
    }

    #[test]
    fn advancing_keeps_five_sessions() {
        let mut c = Checkpoint::advanced(None, "s0", Value::from(1));
        for i in 1..8 {
            c = Checkpoint::advanced(Some(&c), &format!("s{i}"), Value::from(i));
        }
        c = Checkpoint::advanced(Some(&c), "s7", Value::from(99));
        assert_eq!(c.history.len(), 5);
        assert_eq!(c.history[0].last_seq, Value::from(99));
        assert_eq!(c.history[1].session_id, "s6");
    }

    #[test]
    fn wire_docs_carry_only_couchdb_fields_and_the_envelope() {
        let doc = WireDoc {
            id: "ab".into(),
            rev: "1-cd".into(),
            deleted: false,
            revisions: None,
            body: Some(Envelope {
                v: 1,
                n: "nn".into(),
                c: "cc".into(),
            }),
        };
        let text = serde_json::to_string(&doc).expect("json");
        assert_eq!(
            text,
            r#"{"_id":"ab","_rev":"1-cd","v":1,"n":"nn","c":"cc"}"#
        );
        let tomb: WireDoc =
            serde_json::from_str(r#"{"_id":"ab","_rev":"2-ef","_deleted":true}"#).expect("parses");
        assert!(tomb.deleted && tomb.body.is_none());
        assert_eq!(seq_param(&Value::from("12-g1A")), "12-g1A");
        assert_eq!(query_escape("12-g1A=+/"), "12-g1A%3D%2B%2F");
    }
}
